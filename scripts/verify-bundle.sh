#!/bin/sh
# Verify an evidence bundle with standard tools only: openssl, sha256sum, jq and tar (plus
# POSIX find, sort, cmp, wc, od, tr). It does not use or trust the `evidence` binary.
#
#   scripts/verify-bundle.sh BUNDLE PUBKEY.pub [PUBKEY.pub ...]
#
# BUNDLE is a bundle directory or a .tar bundle. Each PUBKEY is a trusted Ed25519 public key
# (SPKI PEM). THRESHOLD (default 1) distinct keys must have signed. AT (default now, UTC,
# YYYY-MM-DDTHH:MM:SSZ) is the time to check expiry against.
#
# Exit 0 when the bundle verifies; 1 with a message when it does not; 2 on bad usage.
set -eu
LC_ALL=C
export LC_ALL

die() { echo "INVALID: $*" >&2; exit 1; }
[ $# -ge 2 ] || { echo "usage: $0 BUNDLE PUBKEY.pub [PUBKEY.pub ...]" >&2; exit 2; }
bundle=$1; shift
threshold=${THRESHOLD:-1}
at=${AT:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
TYPE=application/vnd.evidence.manifest.v1+json

# Key paths are used after changing into the bundle: make them absolute.
keys=""
for key in "$@"; do
  case "$key" in /*) ;; *) key="$PWD/$key";; esac
  keys="$keys
$key"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# 1. A tar bundle: check the member list (types, one top folder, no '..', no duplicates,
#    manifest.json and signatures/ before files/), then unpack it into a fresh directory.
if [ -f "$bundle" ]; then
  tar -tf "$bundle" > "$work/names" || die "not a readable tar"
  tar -tvf "$bundle" | cut -c1 > "$work/types"
  if grep -qv '^[-d]$' "$work/types"; then die "the tar holds links, devices or other special members"; fi
  top=$(head -n1 "$work/names" | cut -d/ -f1)
  case "$top" in ''|.|..) die "no valid top-level folder";; esac
  grep -qv "^$top/" "$work/names" && ! grep -qx "$top" "$work/names" && die "a member lies outside $top/"
  grep -q '\(^\|/\)\.\.\(/\|$\)' "$work/names" && die "a member name contains '..'"
  [ -z "$(sed 's|/$||' "$work/names" | sort | uniq -d)" ] || die "duplicate members"
  first_file=$(grep -n "^$top/files/." "$work/names" | head -n1 | cut -d: -f1)
  manifest_at=$(grep -nx "$top/manifest.json" "$work/names" | head -n1 | cut -d: -f1)
  [ -n "$manifest_at" ] || die "no manifest.json"
  last_sig=$(grep -n "^$top/signatures/" "$work/names" | tail -n1 | cut -d: -f1)
  if [ -n "$first_file" ]; then
    [ "$manifest_at" -lt "$first_file" ] || die "evidence comes before manifest.json"
    [ -z "$last_sig" ] || [ "$last_sig" -lt "$first_file" ] || die "signatures come after files/"
  fi
  mkdir "$work/x"
  tar -xf "$bundle" -C "$work/x" --no-same-owner --no-same-permissions --keep-old-files \
    || die "the tar does not unpack cleanly"
  bundle="$work/x/$top"
fi
[ -d "$bundle" ] || { echo "no such bundle: $bundle" >&2; exit 2; }
cd "$bundle"

# 2. Layout: exactly manifest.json, signatures/ and files/; no links or special files anywhere.
[ "$(ls -A | tr '\n' ' ')" = "files manifest.json signatures " ] || die "top level is not exactly files/ manifest.json signatures/"
[ -f manifest.json ] && [ ! -L manifest.json ] || die "manifest.json is not a regular file"
[ -z "$(find . ! -type f ! -type d | head -n1)" ] || die "symbolic link or special file: $(find . ! -type f ! -type d | head -n1)"
[ "$(wc -c < manifest.json)" -le 16777216 ] || die "manifest.json is too large"

# 3. The signed message: the DSSE pre-authentication encoding of manifest.json's exact bytes.
#    (openssl pkeyutl -rawin cannot read a pipe, so it goes to a regular file.)
printf 'DSSEv1 %d %s %d ' "${#TYPE}" "$TYPE" "$(wc -c < manifest.json)" > "$work/pae"
cat manifest.json >> "$work/pae"

# 4. Signatures by the trusted keys. Small-order public keys are refused: openssl accepts them,
#    and a signature under one proves nothing.
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
for f in signatures/*; do
  [ -e "$f" ] || continue
  name=${f#signatures/}
  id=${name%.sig}
  case "$id" in *[!0-9a-f]*) die "bad signature file name: $f";; esac
  [ "$name" != "$id" ] && [ "${#id}" -eq 64 ] || die "bad signature file name: $f"
  [ "$(wc -c < "$f")" -eq 89 ] || die "$f is not 88 base64 characters and a newline"
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
  [ "$(wc -c < "$work/sig.bin")" -eq 64 ] || die "$sig does not hold 64 bytes"
  openssl pkeyutl -verify -rawin -pubin -inkey "$key" -in "$work/pae" -sigfile "$work/sig.bin" > /dev/null 2>&1 \
    || die "bad signature by trusted key $keyid ($key)"
  good=$((good + 1))
done < "$work/keys"
[ "$good" -ge "$threshold" ] || die "$good trusted signature(s), $threshold required"

# 5. Only now read the manifest: canonical form (jq -S reproduces it byte for byte).
jq -S . manifest.json > "$work/canonical" 2>/dev/null || die "manifest.json is not JSON"
cmp -s "$work/canonical" manifest.json || die "manifest.json is not canonical"
jq -e --arg t "$TYPE" '._type == $t' manifest.json > /dev/null || die "wrong _type"

# 6. Paths: relative, no empty/./.. components, no backslash or control characters, sorted,
#    unique (also ignoring ASCII case).
jq -e '
  [.files[].path] as $p
  | ($p | all(type == "string"
      and (test("^/|//|/$|^$|\\\\") | not)
      and (split("/") | all(. != "." and . != ".."))
      and (test("[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]") | not)))
  and ($p == ($p | sort)) and (($p | unique | length) == ($p | length))
  and (($p | map(ascii_downcase) | unique | length) == ($p | length))
' manifest.json > /dev/null || die "a path in the manifest is unsafe, unsorted or duplicated"

# 7. The same set of files on disk as in the manifest (sha256sum -c would ignore extra files).
jq -j '.files[] | .path + "\u0000"' manifest.json | sort -z > "$work/listed"
(cd files && find . -type f -print0 | sed -z 's|^\./||' | sort -z) > "$work/present"
cmp -s "$work/listed" "$work/present" || die "files/ and the manifest do not list the same files"

# 8. Sizes and hashes (--strict: malformed lines fail).
jq -r '.files[] | "\(.sha256)  files/\(.path)"' manifest.json > "$work/sums"
sha256sum --strict --quiet -c "$work/sums" || die "a file's SHA-256 does not match"
jq -r '.files[] | "\(.size) files/\(.path)"' manifest.json | while read -r size path; do
  [ "$(wc -c < "$path")" -eq "$size" ] || die "$path: size differs from the manifest"
done

# 9. Time.
created=$(jq -r .created_at manifest.json)
expires=$(jq -r '.expires_at // "9999-12-31T23:59:59Z"' manifest.json)
[ "$created" \< "$at" ] || [ "$created" = "$at" ] || die "created in the future ($created)"
[ "$at" \< "$expires" ] || die "expired at $expires"

echo "OK: $(jq -r '.files | length' manifest.json) files, $good trusted signature(s), bundle $(jq -r .bundle_id manifest.json) sequence $(jq -r .sequence manifest.json)"
