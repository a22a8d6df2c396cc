# Reference values for tests/search_exact.rs (not run by the test suite).
# Run: python3 tests/references/welch_power.py  (SciPy 1.17.1, NumPy; output below)
#   0.5 63 0.795081 ...; 0.5 64 0.801376; 0.8 25 0.790858; 0.8 26 0.806965
# Exact power of Welch's two-sided t test (Satterthwaite df from the sample
# variances), equal n, sigma = 1, by integrating over the two sample variances.
import numpy as np
from scipy import stats, special
def welch_power(d, n, alpha=0.05, nodes=200):
    k = n - 1
    # generalized Gauss-Laguerre for chi2_k: v = 2x, weight x^(k/2-1) e^-x
    x, w = special.roots_genlaguerre(nodes, k/2 - 1)
    w = w / special.gamma(k/2)
    v = 2*x  # chi2_k draws
    s2 = v / k
    V1, V2 = np.meshgrid(s2, s2, indexing="ij")
    W = np.outer(w, w)
    se = np.sqrt(V1/n + V2/n)
    df = (V1/n + V2/n)**2 / ((V1/n)**2/(n-1) + (V2/n)**2/(n-1))
    c = stats.t.ppf(1 - alpha/2, df)
    tau = np.sqrt(2/n)  # sd of mean difference
    m = d
    p = stats.norm.sf((c*se - m)/tau) + stats.norm.cdf((-c*se - m)/tau)
    return float((W*p).sum())
for d, ns in [(0.5, (63, 64)), (0.8, (25, 26))]:
    for n in ns:
        print(d, n, "%.6f" % welch_power(d, n), "%.6f" % welch_power(d, n, nodes=300))
