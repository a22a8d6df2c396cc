#!/usr/bin/env bash
# Side-by-side comparison of plan with its peers on one design, whole
# process against whole process, runs alternating. Not run in CI.
#
#   bash benches/peers/compare.sh [REPEATS]
#
# Creates a Python venv (benches/peers/.venv), installs mcpower, numpy and
# scipy from PyPI, builds plan in release mode, then times:
#   - MCPower (Python package `mcpower`, Rust engine): two groups, effect 0.5,
#     N = 128, 10^6 simulations;
#   - a vectorized NumPy/SciPy Welch simulation of the same design, in chunks;
#   - plan on benches/peers/two_group.toml at n = 64 per arm (exact
#     sufficient-statistic path, and --raw-data);
#   - plan's full search of scenarios/hair.toml.
# and prints medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEATS="${1:-5}"
VENV=benches/peers/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "mcpower==1.4.1" numpy scipy
fi
cargo build --release --quiet
exec "$VENV/bin/python" benches/peers/compare.py "$REPEATS"
