# Reference values for tests/null_size.rs (not run by the test suite).
# Run: python3 tests/references/anova_size.py   (SciPy 1.17.1, NumPy 2.x)
#
# Size of the one-way ANOVA F test (alpha = 0.05) under equal means when the
# arm SDs differ, where the F test is not exact (Box 1954, Ann. Math. Statist.
# 25:290-302: liberal when the larger variances sit in the smaller arms,
# conservative when in the larger arms). Simulated from the exact
# sufficient statistics (mean ~ N(0, sd^2/n), (n-1)s^2/sd^2 ~ chi2(n-1)),
# 2 * 10^7 studies per case, seed 20261128.
import numpy as np
from scipy import stats


def size(ns, sds, alpha=0.05, reps=20_000_000, seed=20261128):
    rng = np.random.default_rng(seed)
    ns, sds = np.array(ns, float), np.array(sds, float)
    g, N = len(ns), ns.sum()
    crit = stats.f.isf(alpha, g - 1, N - g)
    rej = 0
    chunk = 2_000_000
    for _ in range(reps // chunk):
        m = rng.standard_normal((chunk, g)) * sds / np.sqrt(ns)
        v = rng.chisquare(ns - 1, (chunk, g)) / (ns - 1) * sds**2
        grand = (m * ns).sum(1, keepdims=True) / N
        between = ((m - grand) ** 2 * ns).sum(1) / (g - 1)
        within = ((ns - 1) * v).sum(1) / (N - g)
        rej += (between / within > crit).sum()
    p = rej / reps
    return p, np.sqrt(p * (1 - p) / reps)


if __name__ == "__main__":
    for ns, sds in [((10, 10, 10), (1, 1, 2)), ((20, 20, 10), (1, 1, 2)), ((10, 10, 20), (1, 1, 2))]:
        p, se = size(ns, sds)
        print(f"n={ns} sd={sds}: size {p:.6f} (MC SE {se:.6f})", flush=True)
