#!/usr/bin/env bash
# Benchmark `evidence check` on the flagship example and on a generated workspace of 10,000
# controls (100 files, one evidence file each, mapped across NIST AI RMF and ISO/IEC 42001).
# Measures wall time with hyperfine and peak memory with /usr/bin/time.
#   scripts/bench-check.sh [CONTROLS]
set -euo pipefail
cd "$(dirname "$0")/.."
controls=${1:-10000}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }

cargo build --release --locked -q
# BIN=path/to/another/evidence compares a different build (e.g. an older commit's).
bin=${BIN:-target/release/evidence}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" frameworks show nist-ai-rmf --format json >"$work/nist.json"
"$bin" frameworks show iso42001 --format json >"$work/iso.json"
python3 scripts/gen-workspace.py "$work/ws" "$controls" "$work/nist.json" "$work/iso.json"

echo "== flagship example (examples/clustral-ai-labs)"
hyperfine --warmup 2 --runs 20 -N "$bin check -C examples/clustral-ai-labs --now 2026-11-22 --format json"
echo "== generated workspace: $controls controls"
hyperfine --warmup 1 --runs 10 -N "$bin check -C $work/ws --now 2026-11-22 --format json"
/usr/bin/time -f "peak RSS %M KiB, %e s" "$bin" check -C "$work/ws" --now 2026-11-22 --format json >/dev/null || true
echo "== evidence status on the generated workspace"
hyperfine --warmup 1 --runs 10 -N "$bin status -C $work/ws --now 2026-11-22 --format json"
/usr/bin/time -f "peak RSS %M KiB, %e s" "$bin" status -C "$work/ws" --now 2026-11-22 --format json >/dev/null
