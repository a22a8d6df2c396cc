# Reference values for tests/fields.rs (not run by the test suite).
# Run: python3 tests/references/wilson.py   (statsmodels 0.15.0)
# Wilson score interval without continuity correction; Newcombe (1998,
# Statist. Med. 17:857-872), Table I, method 3, examples (a)-(d) print
# 0.2553-0.3662, 0.0624-0.1605, 0.0000-0.1611, 0.0061-0.1718.
from statsmodels.stats.proportion import proportion_confint
for x, n in [(81, 263), (15, 148), (0, 20), (1, 29), (29, 29), (8003, 10000)]:
    lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    print(f"{x}/{n}: {lo:.10f} {hi:.10f}")
