#!/usr/bin/env bash
# Fetch NIST's OSCAL 1.1.2 JSON Schemas (the five tests/oscal/ needs) from the
# compliance-trestle 3.3.0 sdist on PyPI (it ships them under release-schemas/),
# with the ordinary client (pip download), and verify their SHA-256.
# Usage: scripts/oscal-schemas.sh DEST, then OSCAL_SCHEMA_DIR=DEST cargo test --test oscal (.ci/run does both)
set -euo pipefail
DEST=${1:?usage: $0 DEST}
PKG=compliance-trestle
VER=3.3.0
SDIST_SHA=3a2918205ff90887d3a1ecff4c4d654a04811c252d00c3afab19aa9c211cee28
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "$PKG==$VER --hash=sha256:$SDIST_SHA" > "$tmp/req.txt"
python3 -m pip download --quiet --no-deps --no-binary :all: --require-hashes \
  -r "$tmp/req.txt" -d "$tmp/dl"
sdist=$(ls "$tmp"/dl/*.tar.gz)
files="oscal_catalog_schema.json oscal_component_schema.json oscal_ssp_schema.json oscal_assessment-results_schema.json oscal_poam_schema.json"
mkdir -p "$DEST"
top=compliance_trestle-$VER/release-schemas
for f in $files; do
  tar -xzf "$sdist" -O "$top/$f" > "$DEST/$f"
done
(cd "$DEST" && sha256sum -c --strict - <<'SUMS'
5b069afa4f4ecc38d59914dab56098566d4247d3578a2123c030c80d36fc5104  oscal_catalog_schema.json
7b74710940ad39b6b63d4ddccbadf2c7d2e9bf11b07808d41d2aa27a4616e5ce  oscal_component_schema.json
08d3faeb12f0fab7705dec15fb648c72400c7ab6ac0056222d49d21507e02a69  oscal_ssp_schema.json
d033da70154cf6625ae46a746199e88e58f2928b1387dfac051d381b92f41b0d  oscal_assessment-results_schema.json
906725163d767036c6189aec51252109b203214e121fc1acaff494b4d2dfbc04  oscal_poam_schema.json
SUMS
) || { echo "ERROR: OSCAL schema checksums differ from NIST 1.1.2" >&2; exit 1; }
echo "OSCAL 1.1.2 schemas in $DEST"
