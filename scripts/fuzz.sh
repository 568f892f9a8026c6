#!/bin/sh
# Run every fuzz target of tests/fuzz/harness.rs for MINUTES each (default 1; fractions allowed),
# one after another, and print the figures: executions, accepted inputs and crashes per target.
# Crashing inputs are written to fuzz-crashes/. Exit 1 if any target crashed.
#
#   scripts/fuzz.sh [MINUTES] [TARGET ...]
#
# Targets: manifest tar-signed tar-unsigned yaml toml csv xlsx ingest. A short bounded run (a fixed
# number of executions) is part of `cargo test` (tests/fuzz.rs); this script is for campaigns.
# FUZZ_PROFILE=dev reuses the debug build (CI); the default is an optimised build.
set -eu
cd "$(dirname "$0")/.."
minutes=${1:-1}
[ $# -gt 0 ] && shift
targets=${*:-manifest tar-signed tar-unsigned yaml toml csv xlsx ingest}
seconds=$(awk -v m="$minutes" 'BEGIN { printf "%.1f", m * 60 }')
if [ "${FUZZ_PROFILE:-release}" = dev ]; then
  cargo build --locked --example fuzz
  bin="${CARGO_TARGET_DIR:-./target}/debug/examples/fuzz"
else
  cargo build --release --locked --example fuzz
  bin="${CARGO_TARGET_DIR:-./target}/release/examples/fuzz"
fi
status=0
for t in $targets; do
  "$bin" "$t" "$seconds" || status=1
done
exit $status
