# Reference values for tests/multiarm.rs (not run by the test suite).
# Run: python3 tests/references/tost_size.py   (SciPy 1.17.1)
# Exact size of TOST at the equivalence margin (true difference = margin
# 0.5), sigma = 1 in both arms, n = 60 per arm, alpha = 0.05 per one-sided
# test; Student (pooled SD, df 118) and Welch (Satterthwaite df from the
# sample variances). Given the sample variances the mean difference is
# N(delta, 2/n): integrate the conditional rejection probability over them.
import numpy as np
from scipy import special, stats

n, m, alpha = 60, 0.5, 0.05
tau = np.sqrt(2 / n)


def reject_prob(delta, se_hat, c):
    lo, hi = -m + c * se_hat, m - c * se_hat
    return np.clip(stats.norm.cdf((hi - delta) / tau) - stats.norm.cdf((lo - delta) / tau), 0, None)


def nodes(k, count=200):
    x, w = special.roots_genlaguerre(count, k / 2 - 1)
    return 2 * x / k, w / special.gamma(k / 2)  # s^2 / sigma^2 and weights


for delta in (m, -m):
    s2, w = nodes(2 * n - 2)
    c = stats.t.isf(alpha, 2 * n - 2)
    student = (w * reject_prob(delta, np.sqrt(s2 * 2 / n), c)).sum()
    a, wa = nodes(n - 1)
    A, B = np.meshgrid(a, a, indexing="ij")
    W = np.outer(wa, wa)
    se = np.sqrt(A / n + B / n)
    df = (A / n + B / n) ** 2 / ((A / n) ** 2 / (n - 1) + (B / n) ** 2 / (n - 1))
    welch = (W * reject_prob(delta, se, stats.t.isf(alpha, df))).sum()
    print(f"delta = {delta:+}: Student TOST size {student:.7f}, Welch TOST size {welch:.7f}")
