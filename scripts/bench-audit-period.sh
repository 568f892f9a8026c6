#!/usr/bin/env bash
# Benchmark `evidence check --audit-period` on a generated workspace of 10,000 recurring controls
# (quarterly access reviews, one occurrence per quarter of 2026 in each control's folder: 40,000
# files, dated by their names), and `evidence collect` on the flagship's collectors.
#   scripts/bench-audit-period.sh [CONTROLS]
set -euo pipefail
cd "$(dirname "$0")/.."
controls=${1:-10000}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }

[ -n "${BIN:-}" ] || cargo build --release --locked -q
bin=${BIN:-target/release/evidence}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" frameworks show nist-ai-rmf --format json >"$work/nist.json"
"$bin" frameworks show iso42001 --format json >"$work/iso.json"
QUARTERLY=4 python3 scripts/gen-workspace.py "$work/ws" "$controls" "$work/nist.json" "$work/iso.json"
echo "== $controls controls, quarterly evidence, 4 occurrences each"
run="$bin check -C $work/ws --now 2027-01-15 --audit-period 2026-01-01..2026-12-31 --format json"
hyperfine --warmup 1 --runs 5 -N -i "$run"
/usr/bin/time -f "peak RSS %M KiB, %e s" $run >/dev/null || true
echo "== the same with every control's Q3 review removed (10,000 missed-occurrence findings)"
find "$work/ws/evidence/reviews" -name '2026-08-15.csv' -delete
/usr/bin/time -f "peak RSS %M KiB, %e s" $run >"$work/missed.json" || true
echo "missed-occurrence findings: $(jq '[.findings[] | select(.rule == "missed-occurrence")] | length' "$work/missed.json")"

echo "== evidence collect on the flagship's collectors (a copy, in its own git repository)"
cp -r examples/clustral-ai-labs "$work/flagship"
rm -rf "$work/flagship/evidence/auto" "$work/flagship/evidence/log.jsonl"
git -C "$work/flagship" init -q
git -C "$work/flagship" -c user.name=b -c user.email=b@example.com add -A
git -C "$work/flagship" -c user.name=b -c user.email=b@example.com commit -qm flagship
for i in 1 2 3 4 5; do
  rm -rf "$work/flagship/evidence/auto" "$work/flagship/evidence/log.jsonl"
  /usr/bin/time -f "collect --all: %e s, peak RSS %M KiB" "$bin" collect --all -C "$work/flagship" >/dev/null
done
