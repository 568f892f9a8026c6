#!/bin/sh
# Verify an evidence bundle with standard tools only: openssl, sha256sum, jq, GNU tar, dd, od and
# awk (plus POSIX find, sort, cmp, wc, tr, sed). It does not use or trust the `evidence` binary.
#
#   scripts/verify-bundle.sh BUNDLE PUBKEY.pub [PUBKEY.pub ...]
#
# BUNDLE is a bundle directory or a .tar bundle. Each PUBKEY is a trusted Ed25519 public key
# (SPKI PEM). Environment:
#   THRESHOLD     distinct trusted keys that must have signed (default 1)
#   AT            the time to verify at: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS with Z or +HH:MM/-HH:MM
#                 (default now)
#   MIN_SEQUENCE  refuse a bundle whose sequence is lower (rollback protection)
#   BUNDLE_ID     refuse a bundle of another series
#
# Exit 0 when the bundle verifies; 1 with a message when it does not; 2 on bad usage; 3 when the
# bundle needs a check these tools cannot do (Unicode normalisation and case folding of non-ASCII
# paths, members of 8 GiB or more): verify it with `evidence bundle verify` instead.
set -eu
LC_ALL=C
export LC_ALL

die() { echo "INVALID: $*" >&2; exit 1; }
cannot() { echo "CANNOT CHECK: $*; use \`evidence bundle verify\`" >&2; exit 3; }
usage() { echo "usage: $0 BUNDLE PUBKEY.pub [PUBKEY.pub ...] ($*)" >&2; exit 2; }
[ $# -ge 2 ] || usage "two arguments at least"
bundle=$1; shift
threshold=${THRESHOLD:-1}
at=${AT:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
TYPE=application/vnd.evidence.manifest.v1+json
case "$threshold" in ''|*[!0-9]*) usage "THRESHOLD must be a number";; esac
case "${MIN_SEQUENCE:-1}" in ''|*[!0-9]*) usage "MIN_SEQUENCE must be a number";; esac

# The verification time in seconds since the epoch (any UTC offset; a date means midnight UTC).
at_epoch=$(jq -nr --arg at "$at" '
  ($at | if test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$") then . + "T00:00:00Z" else . end)
  | capture("^(?<d>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?<z>Z|(?<s>[+-])(?<h>[0-9]{2}):(?<m>[0-9]{2}))$")
  | (.d + "Z" | fromdateiso8601) as $t
  | if ($t | todateiso8601) != .d + "Z" then error("not a time") else . end
  | $t - (if .z == "Z" then 0 else (if .s == "+" then 1 else -1 end) * ((.h | tonumber) * 3600 + (.m | tonumber) * 60) end)
' 2>/dev/null) || usage "AT must be YYYY-MM-DDTHH:MM:SSZ, with an offset, or a date"

# Key paths are used after changing into the bundle: make them absolute.
keys=""
for key in "$@"; do
  case "$key" in /*) ;; *) key="$PWD/$key";; esac
  keys="$keys
$key"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# The bytes of blocks $2.. ($3 blocks) of file $1, in decimal, on one line.
blocks() {
  dd if="$1" bs=512 skip="$2" count="$3" 2>/dev/null | od -An -v -tu1 \
    | awk '{ for (i = 1; i <= NF; i++) printf "%s%s", (n++ ? " " : ""), $i } END { print "" }'
}
# From a header on one line: the type flag (a character) and the size (decimal), or "bad".
info() {
  awk '{ if ($258 != 117 || $259 != 115 || $260 != 116 || $261 != 97 || $262 != 114 || $263 != 0 \
           || $264 != 48 || $265 != 48) { print "bad"; exit }
         s = 0; for (i = 125; i <= 135; i++) { c = $i; if (c == 0 || c == 32) continue;
           if (c < 48 || c > 55) { print "bad"; exit } s = s * 8 + (c - 48) }
         t = $157; printf "%s %.0f\n", (t == 48 ? "0" : t == 53 ? "5" : t == 120 ? "x" : "#" t), s }'
}

# 1. A tar bundle. Pass 1, before anything is unpacked: walk the headers (only regular files,
#    directories and local pax headers; zero padding; the end exactly as the writer ends it) and
#    keep each member's header bytes. Then unpack it into a fresh directory.
if [ -f "$bundle" ]; then
  size=$(wc -c < "$bundle")
  [ $((size % 10240)) -eq 0 ] || die "the tar is not a whole number of 10 KiB records"
  total=$((size / 512)); blk=0; : > "$work/actual"
  while :; do
    [ "$blk" -lt "$total" ] || die "the tar ends without its end-of-archive marker"
    h=$(blocks "$bundle" "$blk" 1)
    case " $h " in *[1-9]*) ;; *) break;; esac
    set -- $(printf '%s\n' "$h" | info)
    [ "$1" != bad ] || die "a tar header is not POSIX ustar (block $blk)"
    n=1
    if [ "$1" = x ]; then
      [ "$2" -le 65536 ] || die "a pax header is too large"
      n=$(( 1 + ($2 + 511) / 512 + 1 ))
      [ $((blk + n)) -le "$total" ] || die "the tar is truncated"
      h=$(blocks "$bundle" "$blk" "$n")
      set -- $(printf '%s\n' "$h" | awk '{ for (i = NF - 511; i <= NF; i++) printf "%s ", $i; print "" }' | info)
      [ "$1" != bad ] || die "a tar header is not POSIX ustar (block $((blk + n - 1)))"
    fi
    case "$1" in 0|5) ;; *) die "a tar member is a link, device or other special file (type '$1')";; esac
    printf '%s\n' "$h" >> "$work/actual"
    data=$(( ($2 + 511) / 512 ))
    [ $((blk + n + data)) -le "$total" ] || die "the tar is truncated"
    if [ $(($2 % 512)) -ne 0 ]; then
      blocks "$bundle" $((blk + n + data - 1)) 1 | awk -v k=$(($2 % 512)) \
        '{ for (i = k + 1; i <= NF; i++) if ($i != 0) exit 1 }' || die "padding after a member is not zero"
    fi
    blk=$((blk + n + data))
  done
  [ "$size" -eq $(( (blk * 512 + 1024 + 10239) / 10240 * 10240 )) ] || die "the tar does not end with exactly two zero blocks and the record padding"
  [ "$(tail -c +$((blk * 512 + 1)) "$bundle" | tr -d '\000' | wc -c)" -eq 0 ] || die "data after the end-of-archive marker"
  name=${bundle##*/}; top=${name%.*}
  case "$top" in ''|.|..|*[/\\:*?\"\<\>\|]*) top=bundle;; esac
  mkdir "$work/x"
  tar -xf "$bundle" -C "$work/x" --no-same-owner --no-same-permissions --keep-old-files 2>/dev/null \
    || die "the tar does not unpack cleanly (duplicate or unsafe members)"
  [ "$(ls -A "$work/x" | wc -l)" -eq 1 ] && [ -d "$work/x/$top" ] || die "the tar's single top-level folder is not $top/ (named after the file)"
  tarfile=$bundle
  bundle="$work/x/$top"
fi
[ -d "$bundle" ] || { echo "no such bundle: $bundle" >&2; exit 2; }
cd "$bundle"

# 2. Layout: exactly manifest.json, signatures/ and files/; no links or special files anywhere;
#    no directory in files/ that holds no listed file.
[ "$(ls -A | tr '\n' ' ')" = "files manifest.json signatures " ] || die "top level is not exactly files/ manifest.json signatures/"
[ -f manifest.json ] && [ ! -L manifest.json ] || die "manifest.json is not a regular file"
[ -z "$(find . ! -type f ! -type d | head -n1)" ] || die "symbolic link or special file in the bundle"
[ "$(wc -c < manifest.json)" -le 16777216 ] || die "manifest.json is too large"

# 3. The signed message: the DSSE pre-authentication encoding of manifest.json's exact bytes.
#    (openssl pkeyutl -rawin cannot read a pipe, so it goes to a regular file.)
printf 'DSSEv1 %d %s %d ' "${#TYPE}" "$TYPE" "$(wc -c < manifest.json)" > "$work/pae"
cat manifest.json >> "$work/pae"

# 4. Signatures. Every signature file: named <64 lowercase hex>.sig, 88 canonical base64
#    characters and LF, at most 64 of them. Small-order public keys and small-order R are
#    refused: openssl accepts them, and a signature under them proves nothing.
WEAK='0000000000000000000000000000000000000000000000000000000000000000
0000000000000000000000000000000000000000000000000000000000000080
0100000000000000000000000000000000000000000000000000000000000000
0100000000000000000000000000000000000000000000000000000000000080
26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05
26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85
c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a
c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa
ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'
[ "$(ls -A signatures | wc -l)" -le 64 ] || die "more than 64 signature files"
for f in signatures/* signatures/.*; do
  [ -e "$f" ] || continue
  case "$f" in signatures/.|signatures/..) continue;; esac
  name=${f#signatures/}
  id=${name%.sig}
  case "$id" in *[!0-9a-f]*) die "bad signature file name: $f";; esac
  [ "$name" != "$id" ] && [ "${#id}" -eq 64 ] || die "bad signature file name: $f"
  [ "$(wc -c < "$f")" -eq 89 ] && [ "$(tail -c 1 "$f" | od -An -tx1 | tr -d ' \n')" = 0a ] \
    || die "$f is not 88 base64 characters and a newline"
  head -c 88 "$f" > "$work/sig.b64"
  openssl base64 -d -A -in "$work/sig.b64" -out "$work/sig.bin" 2>/dev/null || die "$f is not base64"
  [ "$(wc -c < "$work/sig.bin")" -eq 64 ] || die "$f does not hold 64 bytes"
  [ "$(openssl base64 -A -in "$work/sig.bin")" = "$(cat "$work/sig.b64")" ] || die "$f is not canonical base64"
done
good=0
seen=""
printf '%s\n' "$keys" > "$work/keys"
while IFS= read -r key; do
  [ -n "$key" ] || continue
  openssl pkey -pubin -in "$key" -outform DER -out "$work/key.der" 2>/dev/null || { echo "not a public key: $key" >&2; exit 2; }
  raw=$(tail -c 32 "$work/key.der" | od -An -tx1 | tr -d ' \n')
  if printf '%s\n' "$WEAK" | grep -qx "$raw"; then echo "weak (small-order) public key: $key" >&2; exit 2; fi
  keyid=$(sha256sum < "$work/key.der" | cut -c1-64)
  case " $seen " in *" $keyid "*) continue;; esac
  seen="$seen $keyid"
  sig="signatures/$keyid.sig"
  [ -f "$sig" ] || continue
  openssl base64 -d -A -in "$sig" -out "$work/sig.bin" 2>/dev/null || die "$sig is not base64"
  r=$(head -c 32 "$work/sig.bin" | od -An -tx1 | tr -d ' \n')
  if printf '%s\n' "$WEAK" | grep -qx "$r"; then die "bad signature by trusted key $keyid (small-order R)"; fi
  openssl pkeyutl -verify -rawin -pubin -inkey "$key" -in "$work/pae" -sigfile "$work/sig.bin" > /dev/null 2>&1 \
    || die "bad signature by trusted key $keyid ($key)"
  good=$((good + 1))
done < "$work/keys"
[ "$good" -ge "$threshold" ] || die "$good trusted signature(s), $threshold required"

# 5. Only now read the manifest: canonical form (jq -S reproduces it byte for byte), then the
#    schema (every field, no other) and the form of every value.
jq -S . manifest.json > "$work/canonical" 2>/dev/null || die "manifest.json is not JSON"
cmp -s "$work/canonical" manifest.json || die "manifest.json is not canonical"
jq -e --arg t "$TYPE" '
  def keys_are($k): type == "object" and (keys == $k);
  def int: type == "number" and . == floor and . >= 0 and . <= 9007199254740991;
  def time: type == "string" and test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
    and ((fromdateiso8601 | todateiso8601) == .);
  def date: type == "string" and test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    and (((. + "T00:00:00Z") | fromdateiso8601 | todateiso8601) == . + "T00:00:00Z");
  def hex64: type == "string" and test("^[0-9a-f]{64}$");
  def strings_only: type == "array" and all(.[]; type == "string");
  ([.. | numbers | tostring] | all(startswith("-") | not))
  and ([.. | strings, (objects | keys[])] | all(explode | all(. >= 32 and (. < 127 or . >= 160))))
  and keys_are(["_type", "audit_period", "bundle_id", "check", "created_at", "expires_at",
                "files", "frameworks", "organisation", "sequence", "supersedes", "tool"])
  and ._type == $t
  and (.bundle_id | type == "string" and test("^[A-Za-z0-9._-]{1,128}$"))
  and (.sequence | int and . >= 1)
  and (.supersedes | . == null or hex64)
  and (.organisation | type == "string")
  and (.frameworks | strings_only)
  and (.audit_period | . == null or (keys_are(["end", "start"]) and (.start | date) and (.end | date) and .start <= .end))
  and (.created_at | time)
  and (.expires_at | . == null or time)
  and (.expires_at == null or ((.expires_at | fromdateiso8601) > (.created_at | fromdateiso8601)))
  and (.tool | keys_are(["name", "version"]) and (.name | type == "string") and (.version | type == "string"))
  and (.check | (keys_are(["errors", "warnings"]) or keys_are(["errors", "notes", "warnings"])) and all(.[]; int))
  and (.files | type == "array" and all(.[];
        keys_are(["collected_at", "controls", "description", "path", "sha256", "size"])
        and (.path | type == "string") and (.size | int) and (.sha256 | hex64)
        and (.controls | strings_only) and (.collected_at | . == null or date)
        and (.description | . == null or type == "string")))
' manifest.json > /dev/null || die "manifest.json lacks a field, has an unknown one, or a value of the wrong form"

# 6. Paths. Unicode normalisation (NFC) and case folding (NFKC, full case folding) cannot be done
#    with these tools: a bundle with a non-ASCII path is refused as uncheckable. ASCII paths:
#    relative, at most 1024 bytes, components of at most 255 bytes, no empty/./.. component, no
#    backslash or character Windows forbids, no reserved name (CON, COM1, ...), no NTFS 8.3
#    short-name form (NAME~1.EXT), no trailing dot or space; sorted, unique, unique ignoring
#    case, and no file that is also (ignoring case) a directory of another.
jq -e '
  def invisible: [[173, 173], [847, 847], [1536, 1541], [1564, 1564], [1757, 1757], [1807, 1807],
    [2192, 2193], [2274, 2274], [4447, 4448], [6068, 6069], [6155, 6159], [8203, 8207],
    [8234, 8238], [8288, 8292], [8294, 8303], [12644, 12644], [65024, 65039], [65279, 65279],
    [65440, 65440], [65520, 65531], [69821, 69821], [69837, 69837], [78896, 78911],
    [113824, 113827], [119155, 119162], [917504, 921599]] as $r
    | . as $c | any($r[]; $c >= .[0] and $c <= .[1]);
  [.files[].path | explode[] | invisible] | any | not
' manifest.json > /dev/null || die "a path holds a format, bidi or invisible character"
jq -e '[.files[].path | explode | all(. < 128)] | all' manifest.json > /dev/null \
  || cannot "a path is not ASCII (NFC form and Unicode case-fold collisions)"
jq -e '
  def short_name:
    (if test("[.]") then [sub("[.][^.]*$"; ""), sub("^.*[.]"; "")] else [., null] end) as [$base, $ext]
    | ($base | test("^.+~[0-9]+$")) and ($base | length <= 8) and ($ext == null or ($ext | length <= 3));
  def component_ok:
    length > 0 and length <= 255 and . != "." and . != ".."
    and (test("[\\\\<>:\"|?*]") | not)
    and (test("[. ]$") | not)
    and ((split(".")[0] | sub(" +$"; "") | ascii_upcase)
         | test("^(CON|PRN|AUX|NUL|CONIN\\$|CONOUT\\$|COM[0-9]|LPT[0-9])$") | not)
    and (short_name | not);
  def dirs: split("/") | .[:-1] as $p | range(1; $p | length + 1) | $p[:.] | join("/");
  [.files[].path] as $p
  | ($p | map(ascii_downcase)) as $f
  | ($p | all(length <= 1024 and (startswith("/") | not) and (split("/") | all(component_ok))))
    and ($p == ($p | sort)) and (($p | unique | length) == ($p | length))
    and (($f | unique | length) == ($f | length))
    and (([$f[] | dirs] | map({(.): true}) | add // {}) as $d | all($f[]; $d[.] | not))
' manifest.json > /dev/null || die "a path in the manifest is unsafe, unsorted, duplicated or collides with another"

# 7. Time and the auditor's expectations: created at most 5 minutes after AT; not expired at AT.
created=$(jq -r '.created_at | fromdateiso8601' manifest.json)
[ "$created" -le $((at_epoch + 300)) ] || die "created in the future ($(jq -r .created_at manifest.json))"
expires=$(jq -r '.expires_at // empty | fromdateiso8601' manifest.json)
[ -z "$expires" ] || [ "$at_epoch" -lt "$expires" ] || die "expired at $(jq -r .expires_at manifest.json)"
if [ -n "${BUNDLE_ID+x}" ]; then
  jq -e --arg id "$BUNDLE_ID" '.bundle_id == $id' manifest.json > /dev/null || die "bundle_id is not $BUNDLE_ID"
fi
if [ -n "${MIN_SEQUENCE:-}" ]; then
  [ "$(jq -r .sequence manifest.json)" -ge "$MIN_SEQUENCE" ] || die "sequence below $MIN_SEQUENCE (a rollback)"
fi

# 8. A tar bundle, pass 2: every header byte for byte what the writer makes of this manifest
#    (member order, names, type flags, mode 0644/0755, uid/gid 0, no owner names, mtime =
#    created_at), rebuilt here and compared with the headers kept in pass 1.
if [ -n "${tarfile:-}" ]; then
  {
    printf '5 0 %s/\n0 %s %s/manifest.json\n5 0 %s/signatures/\n' "$top" "$(wc -c < manifest.json)" "$top" "$top"
    for f in signatures/*; do [ -e "$f" ] && printf '0 %s %s/%s\n' "$(wc -c < "$f")" "$top" "$f"; done
    printf '5 0 %s/files/\n' "$top"
    jq -r --arg top "$top" '
      reduce .files[] as $f ({seen: {}, out: []};
        ($f.path | split("/")) as $parts
        | reduce range(1; $parts | length) as $i (.;
            ($parts[:$i] | join("/")) as $d
            | if .seen[$d] then . else .seen[$d] = true | .out += ["5 0 \($top)/files/\($d)/"] end)
        | .out += ["0 \($f.size) \($top)/files/\($f.path)"])
      | .out[]' manifest.json
  } > "$work/members"
  awk '$2 > 8589934591 { exit 1 }' "$work/members" || cannot "a member of 8 GiB or more (pax size records)"
  awk -v mtime="$created" '
    BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
    function oct(n, w,   s, d) { s = ""; while (n > 0) { d = n % 8; s = d s; n = (n - d) / 8 }
                                 while (length(s) < w) s = "0" s; return s }
    function put(pos, str,   i) { for (i = 1; i <= length(str); i++) h[pos + i - 1] = ord[substr(str, i, 1)] }
    function putoct(pos, width, n) { put(pos, oct(n, width - 1)); h[pos + width - 1] = 0 }
    function ustar(prefix, name, flag, size, mode,   i, sum, out) {
      for (i = 0; i < 512; i++) h[i] = 0
      put(0, name); putoct(100, 8, mode); putoct(108, 8, 0); putoct(116, 8, 0)
      putoct(124, 12, size); putoct(136, 12, mtime); h[156] = ord[flag]
      put(257, "ustar"); put(263, "00"); putoct(329, 8, 0); putoct(337, 8, 0); put(345, prefix)
      for (i = 148; i < 156; i++) h[i] = 32
      sum = 0; for (i = 0; i < 512; i++) sum += h[i]
      put(148, oct(sum, 6)); h[154] = 0; h[155] = 32
      out = h[0]; for (i = 1; i < 512; i++) out = out " " h[i]; return out
    }
    function ascii(s,   i) { for (i = 1; i <= length(s); i++) if (ord[substr(s, i, 1)] >= 128) return 0; return 1 }
    {
      flag = $1; size = $2; name = $0; sub(/^[^ ]+ [^ ]+ /, "", name)
      mode = (flag == "5") ? 493 : 420
      prefix = ""; short = ""; ok = 0; len = length(name)
      if (ascii(name)) {
        if (len <= 100) { short = name; ok = 1 }
        else for (i = len; i >= 1; i--) if (substr(name, i, 1) == "/") {
          k = i - 1
          if (k <= 155 && len - k - 1 <= 100 && k > 0 && k + 1 < len) { prefix = substr(name, 1, k); short = substr(name, i + 1); ok = 1; break }
        }
      }
      line = ""
      if (!ok) {
        body = length(name) + 7; rl = body + 1
        while (rl != body + length(rl "")) rl = body + length(rl "")
        rec = rl " path=" name "\n"
        line = ustar("", "././@PaxHeader", "x", length(rec), 420)
        n = length(rec); pad = (512 - n % 512) % 512
        for (i = 1; i <= n; i++) line = line " " ord[substr(rec, i, 1)]
        for (i = 0; i < pad; i++) line = line " 0"
        fb = ""
        for (i = 1; i <= len; i++) { c = ord[substr(name, i, 1)]
          if (c < 32 || c == 127 || c >= 192) fb = fb "_"; else if (c < 128) fb = fb substr(name, i, 1) }
        if (length(fb) > 99) fb = substr(fb, length(fb) - 98)
        short = fb; line = line " "
      }
      print line ustar(prefix, short, flag, size, mode)
    }' "$work/members" > "$work/expected"
  if ! cmp -s "$work/expected" "$work/actual"; then
    line=$(cmp "$work/expected" "$work/actual" 2>/dev/null | sed -n 's/.* line \([0-9]*\).*/\1/p')
    die "tar member ${line:-?} is not what the writer makes of the manifest (expected: $(sed -n "${line:-1}p" "$work/members" | cut -d' ' -f3-)): order, name, type, mode, owner or mtime"
  fi
fi

# 9. The same set of files on disk as in the manifest (sha256sum -c would ignore extra files),
#    and no directory that holds no listed file.
jq -j '.files[] | .path + "\u0000"' manifest.json | sort -z > "$work/listed"
(cd files && find . -type f -print0 | sed -z 's|^\./||' | sort -z) > "$work/present"
cmp -s "$work/listed" "$work/present" || die "files/ and the manifest do not list the same files"
jq -j '[.files[].path | split("/") | .[:-1] as $p | range(1; $p | length + 1) | $p[:.] | join("/")]
       | unique | .[] | . + "\u0000"' manifest.json | sort -z > "$work/dirs"
(cd files && find . -mindepth 1 -type d -print0 | sed -z 's|^\./||' | sort -z) > "$work/present-dirs"
cmp -s "$work/dirs" "$work/present-dirs" || die "files/ holds a directory with no listed file"

# 10. Sizes and hashes (--strict: malformed lines fail).
jq -r '.files[] | "\(.sha256)  files/\(.path)"' manifest.json > "$work/sums"
[ ! -s "$work/sums" ] || sha256sum --strict --quiet -c "$work/sums" > /dev/null 2>&1 || die "a file's SHA-256 does not match"
jq -r '.files[] | "\(.size) files/\(.path)"' manifest.json | while read -r size path; do
  [ "$(wc -c < "$path")" -eq "$size" ] || die "$path: size differs from the manifest"
done

echo "OK: $(jq -r '.files | length' manifest.json) files, $good trusted signature(s), bundle $(jq -r .bundle_id manifest.json) sequence $(jq -r .sequence manifest.json)"
