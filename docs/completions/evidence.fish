# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_evidence_global_optspecs
    string join \n C/workspace= h/help V/version
end

function __fish_evidence_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_evidence_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_evidence_using_subcommand
    set -l cmd (__fish_evidence_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c evidence -n "__fish_evidence_needs_command" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_needs_command" -s V -l version -d 'Print version'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "init" -d 'Start a workspace from the baseline control library'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "check" -d 'Validate the workspace and fail on gaps (the CI gate)'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "status" -d 'The assessment: each control\'s declared status, its verdict and its evidence'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "collect" -d 'Run the workspace\'s collectors and log what they collected'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "ingest" -d 'Bring another tool\'s result into the workspace as evidence of a control'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "coverage" -d 'Requirement-by-requirement coverage of the frameworks in scope'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "diff" -d 'What changed between two states of the programme: controls, coverage, scope, evidence, trust page'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "frameworks" -d 'The framework catalogs and crosswalks'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "answer" -d 'Answer a security questionnaire (CSV or XLSX) from the workspace'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "keygen" -d 'Make an Ed25519 key pair for signing bundles'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "bundle" -d 'Signed evidence bundles for auditors: create, sign, verify, inspect, extract'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "render" -d 'Reports from the workspace: Statement of Applicability, records of processing, trust pack, AI-system register, risk register, Annex IV technical documentation, FRIA'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "attest" -d 'in-toto attestations: verify one, or state a bundle\'s manifest as one'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "export" -d 'Export the workspace in the formats auditors\' and regulators\' tools read'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "man" -d 'Print the man page (roff): `evidence man > evidence.1`'
complete -c evidence -n "__fish_evidence_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand init" -l name -d 'Organisation name for reports (default: the directory\'s name)' -r
complete -c evidence -n "__fish_evidence_using_subcommand init" -l frameworks -d 'Frameworks in scope, comma-separated (see `evidence frameworks list`)' -r
complete -c evidence -n "__fish_evidence_using_subcommand init" -l collectors -d 'Collectors of the built-in library to copy into collectors/, comma-separated, or `all`' -r -f -a "cargo-audit\t''
control-status\t''
npm-audit\t''
policy-history\t''
all\t''"
complete -c evidence -n "__fish_evidence_using_subcommand init" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand check" -l format -d 'Output format' -r -f -a "text\t'Findings grouped by file, then a summary (colour on a terminal)'
json\t'{"summary": {...}, "findings": [...]}'
sarif\t'SARIF 2.1.0, for GitHub code scanning'
junit\t'JUnit XML, for GitLab and other CI test reports'"
complete -c evidence -n "__fish_evidence_using_subcommand check" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand check" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand check" -l audit-period -d 'Check that recurring evidence (`cadence:`) has an occurrence in every cadence window of this period, FIRST..LAST (e.g. 2026-01-01..2026-12-31); overrides evidence.toml [audit] period' -r
complete -c evidence -n "__fish_evidence_using_subcommand check" -l attest -d 'Also attest this result: an in-toto Statement (test-result predicate, every workspace and evidence file with its SHA-256) in a DSSE envelope signed with this private key (PKCS#8 PEM, as for bundles); repeat for several signers. Needs --attest-out' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand check" -l attest-out -d 'Where to write the attestation (atomically); --out stays the report\'s file' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand check" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand check" -l strict -d 'Fail on warnings too'
complete -c evidence -n "__fish_evidence_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand status" -l expiring -d 'Only controls with evidence that is fresh today and goes stale within this period (30d, 6w, 3mo, 1y): "what expires in the next 30 days?"' -r
complete -c evidence -n "__fish_evidence_using_subcommand status" -l format -r -f -a "text\t'One block per control with its evidence, then a summary'
json\t'{"date", "controls": [{"id", "status", "verdict", "owner", "evidence": [...]}], "summary"}'"
complete -c evidence -n "__fish_evidence_using_subcommand status" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand status" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand status" -l audit-period -d 'Show, per recurring control, the cadence windows of this period (FIRST..LAST) that hold an occurrence and those missed; overrides evidence.toml [audit] period' -r
complete -c evidence -n "__fish_evidence_using_subcommand status" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand collect" -l jobs -d 'How many collectors run at once (default: the number of cores, at most 8)' -r
complete -c evidence -n "__fish_evidence_using_subcommand collect" -l format -d 'Output format' -r -f -a "text\t'For people'
json\t'For programs'"
complete -c evidence -n "__fish_evidence_using_subcommand collect" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand collect" -l all -d 'Run every collector, due or not'
complete -c evidence -n "__fish_evidence_using_subcommand collect" -l list -d 'List the collectors and whether each is due; run nothing'
complete -c evidence -n "__fish_evidence_using_subcommand collect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand ingest" -l control -d 'The control the result is evidence of' -r
complete -c evidence -n "__fish_evidence_using_subcommand ingest" -l dest -d 'Where to copy it, relative to the evidence root' -r
complete -c evidence -n "__fish_evidence_using_subcommand ingest" -l format -r -f -a "text\t'For people'
json\t'For programs'"
complete -c evidence -n "__fish_evidence_using_subcommand ingest" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand ingest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand coverage" -l framework -d 'Only this framework (default: every framework in scope)' -r
complete -c evidence -n "__fish_evidence_using_subcommand coverage" -l format -r -f -a "text\t''
json\t''
csv\t''"
complete -c evidence -n "__fish_evidence_using_subcommand coverage" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand coverage" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand coverage" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand coverage" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand diff" -l format -r -f -a "text\t'One line per change, grouped'
md\t'A pull-request comment: summary table, details folded, under GitHub\'s 65,536 characters'
json\t'{"old", "new", "date", "regression", "subprocessors", "controls", "frameworks", "scope", "evidence", "roadmap", "trust", "notes"}'"
complete -c evidence -n "__fish_evidence_using_subcommand diff" -l fail-on -d 'Exit 1 when a verdict or a requirement\'s coverage got worse' -r -f -a "regression\t'A control\'s verdict or a requirement\'s coverage got worse'"
complete -c evidence -n "__fish_evidence_using_subcommand diff" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand diff" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand diff" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and not __fish_seen_subcommand_from list show crosswalk help" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and not __fish_seen_subcommand_from list show crosswalk help" -s h -l help -d 'Print help'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and not __fish_seen_subcommand_from list show crosswalk help" -f -a "list" -d 'List the catalogs: built-in ones and the workspace\'s own (frameworks/*.yaml)'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and not __fish_seen_subcommand_from list show crosswalk help" -f -a "show" -d 'Show one catalog with all its requirements'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and not __fish_seen_subcommand_from list show crosswalk help" -f -a "crosswalk" -d 'How two catalogs map onto each other (typed pairs: equal, subset, superset, intersect, related)'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and not __fish_seen_subcommand_from list show crosswalk help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from list" -l format -r -f -a "text\t'For people'
json\t'For programs'"
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from list" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from show" -l format -r -f -a "text\t'For people'
json\t'For programs'"
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from show" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from crosswalk" -l format -r -f -a "text\t'For people'
json\t'For programs'"
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from crosswalk" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from crosswalk" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the catalogs: built-in ones and the workspace\'s own (frameworks/*.yaml)'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one catalog with all its requirements'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from help" -f -a "crosswalk" -d 'How two catalogs map onto each other (typed pairs: equal, subset, superset, intersect, related)'
complete -c evidence -n "__fish_evidence_using_subcommand frameworks; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l sheet -d 'The sheet to answer (default: every vendor-facing sheet with a recognisable header row; sheets named for analysts, scores, summaries or instructions are left alone)' -r
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l id-column -d 'The question ID column, by header text or letter (default: found by name)' -r
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l question-column -d 'The question column, by header text or letter (default: found by name)' -r
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l answer-column -d 'The short-answer column, by header text or letter (default: found by name; appended as "Answer" if the sheet has none)' -r
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l narrative-column -d 'The narrative column (what we do, in words), by header text or letter (default: found by name: "CSP Implementation Description", "Additional Information", "Notes", "Comments", "Evidence/Notes", ...)' -r
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l format -d 'Output format (default: the input\'s)' -r -f -a "csv\t'The sheet as CSV, answers filled in'
xlsx\t'XLSX: the input workbook answered in place (a CSV input becomes a new workbook)'
json\t'{"summary": {"answered", "needs_review"}, "answers": [...]}'"
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l threshold -d 'Lowest retrieval confidence (0 to 1) trusted without review; answer-library matches have confidence 1' -r
complete -c evidence -n "__fish_evidence_using_subcommand answer" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l strict -d 'Exit 1 if any row needs review'
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l allow-findings -d 'Answer even when `evidence check` finds errors (answers still never say Yes for a control the evidence does not verify)'
complete -c evidence -n "__fish_evidence_using_subcommand answer" -l no-review-columns -d 'Leave out the appended "Review: ..." columns in CSV and XLSX output'
complete -c evidence -n "__fish_evidence_using_subcommand answer" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand keygen" -l out -d 'Path prefix of the two files' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand keygen" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand keygen" -s h -l help -d 'Print help'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and not __fish_seen_subcommand_from create sign verify inspect extract help" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and not __fish_seen_subcommand_from create sign verify inspect extract help" -s h -l help -d 'Print help'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and not __fish_seen_subcommand_from create sign verify inspect extract help" -f -a "create" -d 'Collect the workspace\'s evidence (every file its controls cite, plus its own TOML and YAML) into a bundle, and sign it'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and not __fish_seen_subcommand_from create sign verify inspect extract help" -f -a "sign" -d 'Add a signature to a bundle (after checking that its files match its manifest)'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and not __fish_seen_subcommand_from create sign verify inspect extract help" -f -a "verify" -d 'Verify a bundle: signatures by trusted keys, canonical manifest, safe paths, every file\'s size and SHA-256, nothing missing or extra, expiry, and your expectations'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and not __fish_seen_subcommand_from create sign verify inspect extract help" -f -a "inspect" -d 'Show what a bundle holds, per control. Does NOT verify it'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and not __fish_seen_subcommand_from create sign verify inspect extract help" -f -a "extract" -d 'Verify a bundle and, only if it verifies, write it to a new directory (never overwriting)'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and not __fish_seen_subcommand_from create sign verify inspect extract help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -l out -d 'Where to write the bundle: a path ending in .tar gives one tar file, anything else a directory. It must not exist' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -l sign -d 'Sign with this private key (PKCS#8 PEM); repeat for several signers' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -l expires -d 'How long the bundle stays valid (e.g. 90d, 1y, 18 months), or "never"' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -l sequence -d 'Position in the series (default 1, or the superseded bundle\'s + 1)' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -l supersedes -d 'The previous bundle this one replaces: its manifest\'s SHA-256 is recorded, its bundle id kept' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -l audit-period -d 'The audit period the evidence covers, START..END (YYYY-MM-DD..YYYY-MM-DD): recorded in the manifest; recurring evidence contributes its occurrences of the period, and every cadence window of it is checked (default: evidence.toml [audit] period)' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -l now -d 'Evaluate the check as of this day (YYYY-MM-DD) instead of today' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -l created-at -d 'The creation time to record (RFC 3339, UTC) instead of now: reproducible bundles' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -l input -d 'Build from a JSON description of the files instead of the workspace (for tooling); source paths are relative to that file' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -l allow-findings -d 'Bundle even when `evidence check` finds errors'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from sign" -l key -d 'The private key (PKCS#8 PEM)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from sign" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from sign" -s h -l help -d 'Print help'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from verify" -l key -d 'A trusted public key (SPKI PEM); repeat for several' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from verify" -l trusted-keys -d 'Your trusted-keys file (TOML: keys, owners, validity, status, threshold)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from verify" -l threshold -d 'How many distinct trusted keys must have signed (default 1, or the file\'s)' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from verify" -l at -d 'Verify as of this time (RFC 3339) instead of now, e.g. the date of the audit' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from verify" -l expect-bundle-id -d 'Refuse a bundle whose bundle_id differs' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from verify" -l min-sequence -d 'Refuse a bundle whose sequence is lower (rollback to an older bundle)' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from verify" -l format -r -f -a "text\t'For people'
json\t'For programs'"
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from verify" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from inspect" -l format -r -f -a "text\t'For people'
json\t'For programs'"
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from inspect" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from extract" -l to -d 'The directory to create' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from extract" -l key -d 'A trusted public key (SPKI PEM); repeat for several' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from extract" -l trusted-keys -d 'Your trusted-keys file (TOML: keys, owners, validity, status, threshold)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from extract" -l threshold -d 'How many distinct trusted keys must have signed (default 1, or the file\'s)' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from extract" -l at -d 'Verify as of this time (RFC 3339) instead of now, e.g. the date of the audit' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from extract" -l expect-bundle-id -d 'Refuse a bundle whose bundle_id differs' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from extract" -l min-sequence -d 'Refuse a bundle whose sequence is lower (rollback to an older bundle)' -r
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from extract" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from extract" -s h -l help -d 'Print help'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from help" -f -a "create" -d 'Collect the workspace\'s evidence (every file its controls cite, plus its own TOML and YAML) into a bundle, and sign it'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from help" -f -a "sign" -d 'Add a signature to a bundle (after checking that its files match its manifest)'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Verify a bundle: signatures by trusted keys, canonical manifest, safe paths, every file\'s size and SHA-256, nothing missing or extra, expiry, and your expectations'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Show what a bundle holds, per control. Does NOT verify it'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from help" -f -a "extract" -d 'Verify a bundle and, only if it verifies, write it to a new directory (never overwriting)'
complete -c evidence -n "__fish_evidence_using_subcommand bundle; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and not __fish_seen_subcommand_from soa ropa trust-pack systems risks technical-documentation fria help" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and not __fish_seen_subcommand_from soa ropa trust-pack systems risks technical-documentation fria help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand render; and not __fish_seen_subcommand_from soa ropa trust-pack systems risks technical-documentation fria help" -f -a "soa" -d 'Statement of Applicability (ISO/IEC 42001 6.1.3, or any catalog)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and not __fish_seen_subcommand_from soa ropa trust-pack systems risks technical-documentation fria help" -f -a "ropa" -d 'Records of processing activities (GDPR Art. 30, and the DPDP Act view)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and not __fish_seen_subcommand_from soa ropa trust-pack systems risks technical-documentation fria help" -f -a "trust-pack" -d 'The public trust page, and its security.txt (RFC 9116)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and not __fish_seen_subcommand_from soa ropa trust-pack systems risks technical-documentation fria help" -f -a "systems" -d 'The AI-system register (`render systems`) or the risk register (`render risks`)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and not __fish_seen_subcommand_from soa ropa trust-pack systems risks technical-documentation fria help" -f -a "risks" -d 'The AI-system register (`render systems`) or the risk register (`render risks`)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and not __fish_seen_subcommand_from soa ropa trust-pack systems risks technical-documentation fria help" -f -a "technical-documentation" -d 'A document about one AI system: `technical-documentation` (EU AI Act Annex IV, nine points) or `fria` (the fundamental-rights impact assessment of Art. 27(1)(a)-(f))'
complete -c evidence -n "__fish_evidence_using_subcommand render; and not __fish_seen_subcommand_from soa ropa trust-pack systems risks technical-documentation fria help" -f -a "fria" -d 'A document about one AI system: `technical-documentation` (EU AI Act Annex IV, nine points) or `fria` (the fundamental-rights impact assessment of Art. 27(1)(a)-(f))'
complete -c evidence -n "__fish_evidence_using_subcommand render; and not __fish_seen_subcommand_from soa ropa trust-pack systems risks technical-documentation fria help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from soa" -l framework -d 'The catalog (`evidence frameworks list`)' -r
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from soa" -l format -r -f -a "md\t''
html\t''
csv\t''
json\t''"
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from soa" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from soa" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from soa" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from soa" -l allow-findings -d 'Render even when `evidence check` finds errors; every control is still labelled by its verdict, so nothing unverified is presented as done'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from soa" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from ropa" -l role -d 'Only the records kept in this role' -r -f -a "controller\t'GDPR Art. 30(1) records'
processor\t'GDPR Art. 30(2) records'
data-fiduciary\t'DPDP Act records'"
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from ropa" -l format -r -f -a "md\t''
html\t''
csv\t''
json\t''
xlsx\t''"
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from ropa" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from ropa" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from ropa" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from ropa" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from trust-pack" -l format -r -f -a "md\t''
html\t''
json\t''"
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from trust-pack" -l security-txt -d 'Also write security.txt to FILE' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from trust-pack" -l sign -d 'With --out DIR/: sign trust.json with this Ed25519 private key (PKCS#8 PEM, as `evidence keygen` or openssl writes it): DIR/trust.json.sig, 64 raw bytes that `openssl pkeyutl -verify -rawin -pubin -inkey KEY.pub -in trust.json -sigfile trust.json.sig` checks' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from trust-pack" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from trust-pack" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from trust-pack" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from trust-pack" -l allow-findings -d 'Render even when `evidence check` finds errors; every control is still labelled by its verdict, so nothing unverified is presented as done'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from trust-pack" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from systems" -l format -r -f -a "md\t''
html\t''
json\t''"
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from systems" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from systems" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from systems" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from systems" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from risks" -l format -r -f -a "md\t''
html\t''
json\t''"
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from risks" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from risks" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from risks" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from risks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from technical-documentation" -l system -d 'The system\'s ID in systems/' -r
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from technical-documentation" -l format -r -f -a "md\t''
html\t''
json\t''"
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from technical-documentation" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from technical-documentation" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from technical-documentation" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from technical-documentation" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from fria" -l system -d 'The system\'s ID in systems/' -r
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from fria" -l format -r -f -a "md\t''
html\t''
json\t''"
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from fria" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from fria" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from fria" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from fria" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from help" -f -a "soa" -d 'Statement of Applicability (ISO/IEC 42001 6.1.3, or any catalog)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from help" -f -a "ropa" -d 'Records of processing activities (GDPR Art. 30, and the DPDP Act view)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from help" -f -a "trust-pack" -d 'The public trust page, and its security.txt (RFC 9116)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from help" -f -a "systems" -d 'The AI-system register (`render systems`) or the risk register (`render risks`)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from help" -f -a "risks" -d 'The AI-system register (`render systems`) or the risk register (`render risks`)'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from help" -f -a "technical-documentation" -d 'A document about one AI system: `technical-documentation` (EU AI Act Annex IV, nine points) or `fria` (the fundamental-rights impact assessment of Art. 27(1)(a)-(f))'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from help" -f -a "fria" -d 'A document about one AI system: `technical-documentation` (EU AI Act Annex IV, nine points) or `fria` (the fundamental-rights impact assessment of Art. 27(1)(a)-(f))'
complete -c evidence -n "__fish_evidence_using_subcommand render; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand attest; and not __fish_seen_subcommand_from verify bundle help" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand attest; and not __fish_seen_subcommand_from verify bundle help" -s h -l help -d 'Print help'
complete -c evidence -n "__fish_evidence_using_subcommand attest; and not __fish_seen_subcommand_from verify bundle help" -f -a "verify" -d 'Verify an in-toto attestation (DSSE envelope), such as `evidence check --attest` writes'
complete -c evidence -n "__fish_evidence_using_subcommand attest; and not __fish_seen_subcommand_from verify bundle help" -f -a "bundle" -d 'Write a bundle\'s manifest as an in-toto Statement (after checking the bundle\'s integrity): the manifest\'s files are the subjects, the manifest the predicate. Signed into a DSSE envelope with --sign; a bare Statement without'
complete -c evidence -n "__fish_evidence_using_subcommand attest; and not __fish_seen_subcommand_from verify bundle help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from verify" -l key -d 'A trusted public key (SPKI PEM); repeat for several' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from verify" -l format -r -f -a "text\t'For people'
json\t'For programs'"
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from verify" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from verify" -l signature-only -d 'Check the signature and Statement only, not the subjects\' files'
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from bundle" -l sign -d 'Sign with this private key (PKCS#8 PEM); repeat for several signers' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from bundle" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from bundle" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from bundle" -s h -l help -d 'Print help'
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Verify an in-toto attestation (DSSE envelope), such as `evidence check --attest` writes'
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from help" -f -a "bundle" -d 'Write a bundle\'s manifest as an in-toto Statement (after checking the bundle\'s integrity): the manifest\'s files are the subjects, the manifest the predicate. Signed into a DSSE envelope with --sign; a bare Statement without'
complete -c evidence -n "__fish_evidence_using_subcommand attest; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand export; and not __fish_seen_subcommand_from oscal help" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand export; and not __fish_seen_subcommand_from oscal help" -s h -l help -d 'Print help'
complete -c evidence -n "__fish_evidence_using_subcommand export; and not __fish_seen_subcommand_from oscal help" -f -a "oscal" -d 'An OSCAL JSON document: catalog, component-definition, ssp, assessment-results, poam (OSCAL 1.1.2) or mapping-collection (OSCAL 1.2.1)'
complete -c evidence -n "__fish_evidence_using_subcommand export; and not __fish_seen_subcommand_from oscal help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand export; and __fish_seen_subcommand_from oscal" -l catalog -d 'One catalog (required for catalog, and for ssp when several are in scope; default: every framework in scope)' -r
complete -c evidence -n "__fish_evidence_using_subcommand export; and __fish_seen_subcommand_from oscal" -l now -d 'Assess as of this day (YYYY-MM-DD) instead of today: evidence freshness, target dates and requirements not yet in force are judged on it, so the same workspace and --now give the same output (reproducible CI, or "will we still pass on the audit date?")' -r
complete -c evidence -n "__fish_evidence_using_subcommand export; and __fish_seen_subcommand_from oscal" -l out -d 'Write to FILE (atomically) instead of standard output' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand export; and __fish_seen_subcommand_from oscal" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand export; and __fish_seen_subcommand_from oscal" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "oscal" -d 'An OSCAL JSON document: catalog, component-definition, ssp, assessment-results, poam (OSCAL 1.1.2) or mapping-collection (OSCAL 1.2.1)'
complete -c evidence -n "__fish_evidence_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand completions" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand man" -s C -l workspace -d 'Workspace directory (default: search upward from the current directory for evidence.toml)' -r -F
complete -c evidence -n "__fish_evidence_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "init" -d 'Start a workspace from the baseline control library'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "check" -d 'Validate the workspace and fail on gaps (the CI gate)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "status" -d 'The assessment: each control\'s declared status, its verdict and its evidence'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "collect" -d 'Run the workspace\'s collectors and log what they collected'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "ingest" -d 'Bring another tool\'s result into the workspace as evidence of a control'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "coverage" -d 'Requirement-by-requirement coverage of the frameworks in scope'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "diff" -d 'What changed between two states of the programme: controls, coverage, scope, evidence, trust page'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "frameworks" -d 'The framework catalogs and crosswalks'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "answer" -d 'Answer a security questionnaire (CSV or XLSX) from the workspace'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "keygen" -d 'Make an Ed25519 key pair for signing bundles'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "bundle" -d 'Signed evidence bundles for auditors: create, sign, verify, inspect, extract'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "render" -d 'Reports from the workspace: Statement of Applicability, records of processing, trust pack, AI-system register, risk register, Annex IV technical documentation, FRIA'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "attest" -d 'in-toto attestations: verify one, or state a bundle\'s manifest as one'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "export" -d 'Export the workspace in the formats auditors\' and regulators\' tools read'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "man" -d 'Print the man page (roff): `evidence man > evidence.1`'
complete -c evidence -n "__fish_evidence_using_subcommand help; and not __fish_seen_subcommand_from init check status collect ingest coverage diff frameworks answer keygen bundle render attest export completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from frameworks" -f -a "list" -d 'List the catalogs: built-in ones and the workspace\'s own (frameworks/*.yaml)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from frameworks" -f -a "show" -d 'Show one catalog with all its requirements'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from frameworks" -f -a "crosswalk" -d 'How two catalogs map onto each other (typed pairs: equal, subset, superset, intersect, related)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from bundle" -f -a "create" -d 'Collect the workspace\'s evidence (every file its controls cite, plus its own TOML and YAML) into a bundle, and sign it'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from bundle" -f -a "sign" -d 'Add a signature to a bundle (after checking that its files match its manifest)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from bundle" -f -a "verify" -d 'Verify a bundle: signatures by trusted keys, canonical manifest, safe paths, every file\'s size and SHA-256, nothing missing or extra, expiry, and your expectations'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from bundle" -f -a "inspect" -d 'Show what a bundle holds, per control. Does NOT verify it'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from bundle" -f -a "extract" -d 'Verify a bundle and, only if it verifies, write it to a new directory (never overwriting)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from render" -f -a "soa" -d 'Statement of Applicability (ISO/IEC 42001 6.1.3, or any catalog)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from render" -f -a "ropa" -d 'Records of processing activities (GDPR Art. 30, and the DPDP Act view)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from render" -f -a "trust-pack" -d 'The public trust page, and its security.txt (RFC 9116)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from render" -f -a "systems" -d 'The AI-system register (`render systems`) or the risk register (`render risks`)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from render" -f -a "risks" -d 'The AI-system register (`render systems`) or the risk register (`render risks`)'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from render" -f -a "technical-documentation" -d 'A document about one AI system: `technical-documentation` (EU AI Act Annex IV, nine points) or `fria` (the fundamental-rights impact assessment of Art. 27(1)(a)-(f))'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from render" -f -a "fria" -d 'A document about one AI system: `technical-documentation` (EU AI Act Annex IV, nine points) or `fria` (the fundamental-rights impact assessment of Art. 27(1)(a)-(f))'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from attest" -f -a "verify" -d 'Verify an in-toto attestation (DSSE envelope), such as `evidence check --attest` writes'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from attest" -f -a "bundle" -d 'Write a bundle\'s manifest as an in-toto Statement (after checking the bundle\'s integrity): the manifest\'s files are the subjects, the manifest the predicate. Signed into a DSSE envelope with --sign; a bare Statement without'
complete -c evidence -n "__fish_evidence_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "oscal" -d 'An OSCAL JSON document: catalog, component-definition, ssp, assessment-results, poam (OSCAL 1.1.2) or mapping-collection (OSCAL 1.2.1)'
