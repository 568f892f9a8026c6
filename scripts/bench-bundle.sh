#!/usr/bin/env bash
# Benchmark `evidence bundle verify` (directory and tar) against the hardware's limit, and
# `bundle create` and `sha256sum -c` on the same bundle; measure peak memory.
#
#   scripts/bench-bundle.sh [WORKDIR]      (default: a temporary directory, removed afterwards)
#
# The bundle: 2,000 files of 256 KiB and 20 of 20 MiB (about 900 MiB; sizes set by SMALL,
# SMALL_KIB, BIG, BIG_MIB). The limit is the time SHA-256 alone needs on every core:
# bytes / (cores x single-core speed), the single-core speed measured here, now, with
# `openssl speed -evp sha256` on 16 KiB blocks (so the figure holds with and without SHA
# extensions). ratio = limit / verify time; target >= 0.8 for both forms. Each command is timed
# RUNS times after a warm-up and the minimum is taken (the page cache is warm, so the figures
# compare hashing and I/O paths, not the disk; other work on the machine only ever adds time).
#
# Needs hyperfine (apt-get install -y hyperfine), GNU time (/usr/bin/time), openssl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

SMALL=${SMALL:-2000}
SMALL_KIB=${SMALL_KIB:-256}
BIG=${BIG:-20}
BIG_MIB=${BIG_MIB:-20}
RUNS=${RUNS:-10}

for tool in hyperfine openssl jq; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y $tool" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }

# BIN=path/to/evidence measures that build instead of building this checkout.
[ -n "${BIN:-}" ] || cargo build --release --locked --quiet
bin="${BIN:-${CARGO_TARGET_DIR:-target}/release/evidence}"
bin=$(realpath "$bin")

if [ $# -ge 1 ]; then
  work=$1; mkdir -p "$work"
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
src="$work/src"
shape="$SMALL x $SMALL_KIB KiB + $BIG x $BIG_MIB MiB"

if [ ! -f "$work/input.json" ] || [ "$(cat "$work/shape" 2>/dev/null)" != "$shape" ]; then
  echo "generating $shape in $src ..." >&2
  rm -rf "$src"; mkdir -p "$src"
  # One random block; each file is a slice of it behind its own number, so no two are equal.
  head -c $((BIG_MIB * 1024 * 1024 + 4096)) /dev/urandom > "$work/block"
  {
    printf '{"organisation":"Bench Ltd","frameworks":["iso42001"],"audit_period":null,'
    printf '"check":{"errors":0,"warnings":0},"files":['
    for i in $(seq 1 $((SMALL + BIG))); do
      if [ "$i" -le "$SMALL" ]; then size=$((SMALL_KIB * 1024)); else size=$((BIG_MIB * 1024 * 1024)); fi
      d=$((i % 20))
      mkdir -p "$src/d$d"
      { printf '%08d' "$i"
        dd if="$work/block" iflag=skip_bytes,count_bytes skip=$((i % 4096)) count=$((size - 8)) status=none
      } > "$src/d$d/f$i.bin"
      [ "$i" -gt 1 ] && printf ','
      printf '{"source":"src/d%d/f%d.bin","path":"d%d/f%d.bin","controls":["C-%d"],"collected_at":null,"description":null}' \
        "$d" "$i" "$d" "$i" "$d"
    done
    printf ']}\n'
  } > "$work/input.json"
  echo "$shape" > "$work/shape"
fi

rm -rf "$work/bundle" "$work/bundle.tar" "$work/k.key" "$work/k.pub" "$work/create-probe"
"$bin" keygen --out "$work/k" >/dev/null 2>&1
"$bin" bundle create --input "$work/input.json" --out "$work/bundle" --sign "$work/k.key" >/dev/null 2>&1
"$bin" bundle create --input "$work/input.json" --out "$work/bundle.tar" --sign "$work/k.key" >/dev/null 2>&1
jq -r '.files[] | "\(.sha256)  files/\(.path)"' "$work/bundle/manifest.json" > "$work/sums"
files=$(jq '.files | length' "$work/bundle/manifest.json")
total=$(jq '[.files[].size] | add' "$work/bundle/manifest.json")
cores=$(nproc)

# Single-core SHA-256 speed in bytes/s: the best of three runs (interference only lowers it).
openssl_speed() {
  openssl speed -evp sha256 -bytes 16384 -seconds 2 2>/dev/null \
    | awk '$1 == "sha256" { v = $NF; sub(/k$/, "", v); print v * 1000 }'
}
speed=0
for _ in 1 2 3; do
  s=$(openssl_speed)
  speed=$(awk -v a="$speed" -v b="$s" 'BEGIN { print (b > a ? b : a) }')
done
[ "$(awk -v s="$speed" 'BEGIN { print (s > 0) }')" = 1 ] || { echo "could not parse openssl speed output" >&2; exit 2; }

echo "bundle: $files files, $total bytes ($shape); $cores cores; sha_ni: $(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)" >&2
echo "load before: $(uptime)" >&2

verify_dir="$bin bundle verify $work/bundle --key $work/k.pub"
verify_tar="$bin bundle verify $work/bundle.tar --key $work/k.pub"
sha_cmd="cd $work/bundle && sha256sum --strict --quiet -c $work/sums"
create_cmd="$bin bundle create --input $work/input.json --out $work/create-probe --sign $work/k.key"

hyperfine --warmup 2 --runs "$RUNS" --export-json "$work/verify.json" \
  -n "verify dir" "$verify_dir" \
  -n "verify tar" "$verify_tar"
hyperfine --warmup 1 --runs 3 --export-json "$work/others.json" \
  -n "sha256sum -c" "$sha_cmd"
hyperfine --warmup 1 --runs 3 --export-json "$work/create.json" \
  --prepare "rm -rf $work/create-probe" \
  -n "create" "$create_cmd"
rm -rf "$work/create-probe"

peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'; }
dir_kib=$(peak $verify_dir)
tar_kib=$(peak $verify_tar)
create_kib=$(peak $create_cmd)
rm -rf "$work/create-probe"

field() { jq -r --arg n "$2" --arg f "$3" '.results[] | select(.command == $n) | .[$f]' "$1"; }
cpu() { jq -r --arg n "$2" '.results[] | select(.command == $n) | (.user + .system) / .mean * 100' "$1"; }
echo
echo "== results =="
echo "load after: $(uptime)"
awk -v t="$total" -v f="$files" -v sp="$speed" -v c="$cores" \
  -v dmin="$(field "$work/verify.json" "verify dir" min)" -v dcpu="$(cpu "$work/verify.json" "verify dir")" \
  -v tmin="$(field "$work/verify.json" "verify tar" min)" -v tcpu="$(cpu "$work/verify.json" "verify tar")" \
  -v smin="$(field "$work/others.json" "sha256sum -c" min)" \
  -v cmin="$(field "$work/create.json" "create" min)" \
  -v dk="$dir_kib" -v tk="$tar_kib" -v ck="$create_kib" 'BEGIN {
  limit = t / (c * sp)
  printf "bundle:            %d files, %d bytes (%.0f MiB)\n", f, t, t / 1048576
  printf "openssl sha256:    %.0f MB/s on one core (16 KiB blocks); %d cores\n", sp / 1e6, c
  printf "limit:             %.3f s = bytes / (cores x single-core speed)\n", limit
  printf "verify dir:        %.3f s min, %3.0f%% CPU, peak RSS %.1f MiB -> ratio %.2f (target >= 0.8)\n", dmin, dcpu, dk / 1024, limit / dmin
  printf "verify tar:        %.3f s min, %3.0f%% CPU, peak RSS %.1f MiB -> ratio %.2f (target >= 0.8)\n", tmin, tcpu, tk / 1024, limit / tmin
  printf "sha256sum -c:      %.3f s min -> verify dir is %.1fx faster\n", smin, smin / dmin
  printf "create (dir):      %.3f s min, peak RSS %.1f MiB -> %.2fx verify dir\n", cmin, ck / 1024, cmin / dmin
}'
