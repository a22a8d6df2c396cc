#!/bin/bash
# Fuzzes plan's input paths for MINUTES in all (issue 15):
#   scenario         scenario files (TOML), seeded with scenarios/ and tests/fixtures/, with a TOML dictionary
#   scenario_struct  whole scenarios generated from the schema (arbitrary): dropped keys, swapped types, extremes
#   shard            shard files (plan merge), seeded with real shards
#   effect           plan effect's arithmetic on any f64
# Each valid input runs a tiny simulation and every exporter; a panic, a
# timeout, a non-finite number in an output or a malformed output (CSV,
# JSON, SVG) is a failure, saved under fuzz/regressions/<target>/ (which
# tests/fuzz.rs replays in the default suite).
#
#   bash scripts/fuzz.sh 30
#
# With a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz):
# libFuzzer, coverage-guided. Otherwise: the stable mutation loop
# (examples/fuzz_stable.rs) over the same corpus.
set -euo pipefail
MINUTES=${1:-1}
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
TARGETS=(scenario scenario_struct shard effect)
SECONDS_EACH=$(( MINUTES * 60 / ${#TARGETS[@]} ))
[ "$SECONDS_EACH" -ge 5 ] || SECONDS_EACH=5

# Seed corpora.
mkdir -p fuzz/corpus/scenario fuzz/corpus/scenario_struct fuzz/corpus/shard fuzz/corpus/effect
cp scenarios/*.toml fuzz/corpus/scenario/
find tests/fixtures -name '*.toml' -exec cp {} fuzz/corpus/scenario/ \;
cp fuzz/regressions/scenario/* fuzz/corpus/scenario/ 2>/dev/null || true
cp fuzz/regressions/shard/* fuzz/corpus/shard/ 2>/dev/null || true
if [ -z "$(ls fuzz/corpus/shard)" ]; then
    cargo build --release --quiet
    for k in 1 2; do
        target/release/plan scenarios/wound-healing.toml --replicates 100 --n 10 --shard "$k/2" \
            --out "fuzz/corpus/shard/wound-$k.json" --quiet
    done
    target/release/plan scenarios/hair.toml --replicates 60 --n 8 --shard 1/1 --out fuzz/corpus/shard/hair.json --quiet
fi

if cargo +nightly fuzz --version >/dev/null 2>&1; then
    total_execs=0; total_fail=0
    for t in "${TARGETS[@]}"; do
        dict=()
        case $t in scenario) dict=(-dict=scenario.dict) ;; esac
        log="fuzz/$t.log"
        set +e
        (cd fuzz && cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" \
            -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}") >"$log" 2>&1
        status=$?
        set -e
        execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
        execs=${execs:-0}
        crashes=$(find "fuzz/artifacts/$t" -type f 2>/dev/null | wc -l)
        if [ "$crashes" -gt 0 ]; then
            mkdir -p "fuzz/regressions/$t"
            cp fuzz/artifacts/"$t"/* "fuzz/regressions/$t/"
        fi
        printf '%-16s %10s executions in %4ss (%6s/s), exit %s, %s failing inputs\n' \
            "$t" "$execs" "$SECONDS_EACH" "$((execs / SECONDS_EACH))" "$status" "$crashes"
        total_execs=$((total_execs + execs)); total_fail=$((total_fail + crashes))
    done
    echo "libFuzzer: $total_execs executions in ${MINUTES} min, $total_fail failing inputs (saved in fuzz/regressions/)"
    [ "$total_fail" -eq 0 ]
else
    echo "no nightly cargo-fuzz: the stable mutation loop instead"
    cargo run --release --quiet --example fuzz_stable -- "$((MINUTES * 60))" fuzz/corpus/scenario
fi
