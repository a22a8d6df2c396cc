# Reference values for the unit tests in src/analysis/analytic.rs (not run by the test suite).
# Run: python3 tests/references/analytic.py   (SciPy 1.17.1)
import numpy as np
from scipy import special, stats

# Welch, approximate power with the Satterthwaite df from the population
# variances: sd_t = 2, sd_r = 1, n_t = 20, n_r = 40, delta = 1.
a, b = 2.0**2 / 20, 1.0**2 / 40
df = (a + b) ** 2 / (a * a / 19 + b * b / 39)
ncp = 1.0 / np.sqrt(a + b)
c = stats.t.isf(0.025, df)
print(f"welch df = {df:.10f}, ncp = {ncp:.10f}")
print(f"welch two-sided power = {stats.nct.sf(c, df, ncp) + stats.nct.cdf(-c, df, ncp):.10f}")
c1 = stats.t.isf(0.05, df)
print(f"welch one-sided (greater) power = {stats.nct.sf(c1, df, ncp):.10f}")
print(f"welch one-sided (less), delta = -1: {stats.nct.cdf(-c1, df, -ncp):.10f}")

# TOST, Student, sd 1, n = 50 + 50, margin 0.5, alpha 0.05 each side, true delta 0.1.
n, m, d, al = 50, 0.5, 0.1, 0.05
dfs = 2 * n - 2
se = np.sqrt(2 / n)
c = stats.t.isf(al, dfs)
approx = stats.nct.cdf(-c, dfs, (d - m) / se) - stats.nct.cdf(c, dfs, (d + m) / se)
print(f"tost noncentral-t approximation (Phillips 1990) = {approx:.10f}")
# Exact TOST power: given the pooled SD s (s^2 ~ chi2_df/df), the difference is
# N(d, se^2); reject when d_hat - c*se_hat > -m and d_hat + c*se_hat < m.
from scipy.integrate import quad


def given_v(v):
    s = np.sqrt(v / dfs)
    lo, hi = -m + c * se * s, m - c * se * s
    return max(0.0, stats.norm.cdf((hi - d) / se) - stats.norm.cdf((lo - d) / se)) * stats.chi2.pdf(v, dfs)


exact = quad(given_v, 0, np.inf, epsabs=1e-13, epsrel=1e-12, limit=500)[0]
print(f"tost exact = {exact:.10f}")

# One-way ANOVA, unequal n: means (0, 0.5, 1), n = (10, 20, 30), sd 1, alpha 0.05.
means, ns = np.array([0.0, 0.5, 1.0]), np.array([10, 20, 30])
grand = (means * ns).sum() / ns.sum()
lam = (ns * (means - grand) ** 2).sum()
crit = stats.f.isf(0.05, 2, ns.sum() - 3)
print(f"anova unequal n: lambda = {lam:.10f}, power = {stats.ncf.sf(crit, 2, ns.sum() - 3, lam):.10f}")
