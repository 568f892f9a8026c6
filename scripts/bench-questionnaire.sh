#!/usr/bin/env bash
# Benchmark `evidence answer` against the hand-made answer keys of the test questionnaires.
#
#   scripts/bench-questionnaire.sh [--bin PATH] [--verbose]
#
# Answers every questionnaire in tests/fixtures/questionnaires/bench/ (each with a KEY file
# NAME.key.csv: questionnaire,sheet,id,expected,controls) from the flagship example workspace,
# as of a fixed date, and prints per questionnaire: questions, answered, needs review, how many
# of the answerable questions were answered, correct among answered, and false Yes.
#
# The key's `expected` is Yes, No or NA; `open` (a narrative, not a yes/no word, citing one of
# `controls`); `field:TEXT` (the answer contains TEXT); or `review` (no answer is right: the
# workspace does not say). A Yes/No/NA answer is correct when the word matches and, where the
# key lists controls, it cites one of them. A false Yes is a Yes where the key says otherwise.
#
# The CAIQ-like questionnaire is also answered with the starter answer library (answers/)
# copied into a copy of the workspace. Needs jq. Questions are ours; no licensed text.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=""
verbose=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --verbose|-v) verbose=1; shift ;;
    *) echo "usage: $0 [--bin PATH] [--verbose]" >&2; exit 2 ;;
  esac
done
if [ -z "$bin" ]; then
  cargo build --locked -q
  bin=target/debug/evidence
fi
command -v jq >/dev/null || { echo "jq is required" >&2; exit 2; }

bench=tests/fixtures/questionnaires/bench
workspace=examples/clustral-ai-labs
now=2026-11-22
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

with_library="$tmp/with-library"
cp -r "$workspace" "$with_library"
cp -r answers "$with_library/answers"

# key CSV (no quoted commas) → JSON array of rows
key_json() {
  awk -F, 'NR > 1 { printf "{\"sheet\":\"%s\",\"id\":\"%s\",\"expected\":\"%s\",\"controls\":\"%s\"}\n", $2, $3, $4, $5 }' "$1" \
    | jq -s .
}

grade='
  def norm: ascii_downcase | gsub("[^a-z]"; "");
  def yesno: (norm) as $n | ["yes", "no", "na", "y", "n"] | index($n) != null;
  ($answers[0].answers) as $all
  | [ .[] | . as $k
      | ($all | map(select((.sheet // $k.sheet) == $k.sheet and .id == $k.id)) | first) as $a
      | ($k.controls | split(" ") | map(select(. != ""))) as $want
      | ($a.answer // "") as $short
      | (($a.status // "missing") == "answered") as $answered
      | (($want | length) == 0 or ([$want[] | IN(($a.controls // [])[])] | any)) as $cites
      | ( if $k.expected == "review" then false
          elif $k.expected == "open" then $answered and ($short | yesno | not) and ($short != "") and $cites
          elif ($k.expected | startswith("field:")) then $answered and ($short | contains($k.expected[6:]))
          else $answered and (($short | norm) == ($k.expected | norm)) and $cites
          end ) as $correct
      | { id: $k.id, sheet: $k.sheet, expected: $k.expected, answer: $short,
          status: ($a.status // "missing"), answered: $answered, correct: $correct,
          answerable: ($k.expected != "review"),
          false_yes: ($answered and ($short | norm) == "yes" and $k.expected != "Yes"),
          controls: ($a.controls // []), reason: ($a.reason // "") } ]
'

printf '%-26s %9s %8s %12s %20s %22s %9s\n' questionnaire questions answered needs-review answered/answerable correct-among-answered false-Yes
run() {
  local label="$1" file="$2" key="$3" ws="$4"
  local json="$tmp/answers.json"
  "$bin" answer "$file" -C "$ws" --now "$now" --format json > "$json" 2> "$tmp/stderr" || {
    echo "$label: evidence answer failed: $(cat "$tmp/stderr")" >&2
    return
  }
  key_json "$key" | jq --slurpfile answers "$json" "$grade" > "$tmp/graded.json"
  jq -r --arg name "$label" '
    (length) as $q
    | (map(select(.answered)) | length) as $ans
    | (map(select(.answerable)) | length) as $able
    | (map(select(.answerable and .answered)) | length) as $able_ans
    | (map(select(.correct)) | length) as $ok
    | (map(select(.false_yes)) | length) as $fy
    | def pct(a; b): if b == 0 then "-" else "\((a * 100 / b) | floor)%" end;
    "\($name)|\($q)|\($ans)|\($q - $ans)|\($able_ans)/\($able) (\(pct($able_ans; $able)))|\($ok)/\($ans) (\(pct($ok; $ans)))|\($fy)"
  ' "$tmp/graded.json" | awk -F'|' '{ printf "%-26s %9s %8s %12s %20s %22s %9s\n", $1, $2, $3, $4, $5, $6, $7 }'
  if [ "$verbose" = 1 ]; then
    jq -r '.[] | select((.answered and (.correct | not)) or (.answerable and (.answered | not)))
      | "    \(.id): expected \(.expected), got \(if .answered then .answer[0:60] else "review" end) \(.controls) \(.reason[0:110])"' "$tmp/graded.json"
  fi
}

run "caiq-like.csv" "$bench/caiq-like.csv" "$bench/caiq-like.key.csv" "$workspace"
run "caiq-like.csv +library" "$bench/caiq-like.csv" "$bench/caiq-like.key.csv" "$with_library"
run "hecvat-like.xlsx" "$bench/hecvat-like.xlsx" "$bench/hecvat-like.key.csv" "$workspace"
run "vendor-sheet.csv (CRLF)" "$bench/vendor-sheet.csv" "$bench/vendor-sheet.key.csv" "$workspace"
