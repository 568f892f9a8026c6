#!/usr/bin/env bash
# Benchmark `evidence ingest` on a large OCSF export: time and peak memory.
#
#   scripts/bench-ingest.sh [WORKDIR]      (default: a temporary directory, removed afterwards)
#
# Generates one JSON array of FINDINGS (default 150,000) OCSF Compliance Findings, about 80 MiB,
# the shape AWS Security Hub exports, and ingests it into a copy of the `clean` rule fixture.
# Each run starts from a fresh copy (ingest never overwrites); the fastest of RUNS is reported.
# Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

FINDINGS=${FINDINGS:-150000}
RUNS=${RUNS:-3}
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }

[ -n "${BIN:-}" ] || cargo build --release --locked --quiet
bin=$(realpath "${BIN:-${CARGO_TARGET_DIR:-target}/release/evidence}")

if [ $# -ge 1 ]; then
  work=$1; mkdir -p "$work"
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi

python3 - "$work/export.ocsf.json" "$FINDINGS" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("[\n")
    for i in range(n):
        finding = {
            "class_uid": 2003, "category_uid": 2, "type_uid": 200301, "activity_id": 1,
            "severity_id": 2, "time": 1795334400000 + i,
            "metadata": {"product": {"name": "Security Hub", "version": "2.0"}},
            "finding_info": {"title": f"S3 general purpose buckets should block public access ({i})",
                             "uid": f"arn:aws:securityhub:eu-west-1:123456789012:finding/{i:08d}"},
            "compliance": {"control": "S3.8", "status_id": 1 if i % 50 else 2,
                           "standards": ["aws-foundational-security-best-practices/v/1.0.0"]},
            "resources": [{"type": "AwsS3Bucket", "uid": f"arn:aws:s3:::bucket-{i}", "region": "eu-west-1"}],
        }
        f.write(json.dumps(finding))
        f.write(",\n" if i < n - 1 else "\n")
    f.write("]\n")
PY
bytes=$(stat -c %s "$work/export.ocsf.json")
echo "export: $FINDINGS findings, $bytes bytes ($((bytes / 1048576)) MiB)"

best=""
for _ in $(seq 1 "$RUNS"); do
  rm -rf "$work/ws"; cp -r tests/fixtures/rules/clean "$work/ws"
  line=$(/usr/bin/time -f "%e %M" "$bin" ingest "$work/export.ocsf.json" --control C-1 -C "$work/ws" 2>&1 >/dev/null | tail -1)
  echo "run: ${line% *} s, peak RSS $(( ${line#* } / 1024 )) MiB"
  if [ -z "$best" ] || awk -v a="${line% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then best=$line; fi
done
echo "ingest: ${best% *} s (fastest of $RUNS), peak RSS $(( ${best#* } / 1024 )) MiB"
