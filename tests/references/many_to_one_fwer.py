# Reference values for tests/null_size.rs (not run by the test suite).
# Run: python3 tests/references/many_to_one_fwer.py   (SciPy 1.17.1, NumPy 2.x)
#
# Exact family-wise error of Bonferroni, Holm and Hochberg for k = 3
# treatments against one control, equal n per arm, sigma = 1, each
# comparison a two-sided pooled-variance (Student) t test on its two arms
# (df = 2n - 2), alpha = 0.05. Given the control's mean and variance the
# three comparisons are independent, so each p-value's category
#   D: p <= a/3,  C: a/3 < p <= a/2,  B: a/2 < p <= a,  A: p > a
# has a conditional probability (an integral over that treatment's own
# sample variance), and every procedure's decisions depend only on the
# categories (the step thresholds a/3, a/2, a are the category bounds, so
# ties within a category are never split). The FWER is then a sum over the
# 4^3 category patterns, integrated over the control's standardized mean
# (Gauss-Hermite) and variance (generalized Gauss-Laguerre).
# A Monte Carlo run (10^7 studies, NumPy) checks the integrals.
import itertools
import numpy as np
from scipy import special, stats

ALPHA = 0.05


def nodes_chi2(k, m):
    """Nodes and weights for E[f(V)], V ~ chi2_k."""
    x, w = special.roots_genlaguerre(m, k / 2 - 1)
    return 2 * x, w / special.gamma(k / 2)


def category_probs(mu_sqrt_n, n, zq, v0q, m, sides=2):
    """P[z0, v0, cat] for one comparison with standardized effect mu*sqrt(n).
    One-sided: p = P(T > t), testing for a positive effect (or, mirrored,
    for a negative one when lower is better)."""
    df = 2 * n - 2
    cs = [stats.t.isf(ALPHA / (3 * sides), df), stats.t.isf(ALPHA / (2 * sides), df), stats.t.isf(ALPHA / sides, df)]
    vi, wi = nodes_chi2(n - 1, m)
    z0 = zq[:, None, None]
    v0 = v0q[None, :, None]
    v = vi[None, None, :]
    mm = mu_sqrt_n - z0

    def exceed(c):  # P(|Z + mm| >= c * sqrt((v + v0)/(n-1))) averaged over v
        a = c * np.sqrt((v + v0) / (n - 1))
        upper = stats.norm.cdf(mm - a)
        return (upper + stats.norm.cdf(-a - mm) if sides == 2 else upper) @ wi

    e3, e2, e1 = (exceed(c) for c in cs)
    return np.stack([e3, e2 - e3, e1 - e2, 1 - e1], axis=-1)


def rejected(cats, procedure):
    """Which hypotheses the procedure rejects, from the categories (0 = D .. 3 = A)."""
    m = len(cats)
    s = sorted(cats)
    if procedure == "bonferroni":
        return [c == 0 for c in cats]
    if procedure == "holm":
        r = 0
        while r < m and s[r] <= r:
            r += 1
    elif procedure == "hochberg":
        r = max([j + 1 for j in range(m) if s[j] <= j], default=0)
    if r == 0:
        return [False] * m
    return [c <= s[r - 1] for c in cats]


def fwer(mus, n, procedure, m=80, sides=2):
    """P(some true null rejected), P(any rejected), P(all rejected) and each
    hypothesis's rejection probability, effects mus (sigma = 1)."""
    z, wz = special.roots_hermitenorm(m)
    wz = wz / np.sqrt(2 * np.pi)
    v0, w0 = nodes_chi2(n - 1, m)
    P = [category_probs(mu * np.sqrt(n), n, z, v0, m, sides) for mu in mus]
    W = wz[:, None] * w0[None, :]
    f, anyr, allr, each = 0.0, 0.0, 0.0, np.zeros(len(mus))
    for cats in itertools.product(range(4), repeat=len(mus)):
        prob = W.copy()
        for i, c in enumerate(cats):
            prob = prob * P[i][:, :, c]
        rej = rejected(list(cats), procedure)
        if any(r and mu == 0 for r, mu in zip(rej, mus)):
            f += prob.sum()
        if any(rej):
            anyr += prob.sum()
        if all(rej):
            allr += prob.sum()
        each += np.array(rej) * prob.sum()
    return f, anyr, allr, each


def rejected_many(cats, procedure):
    """`rejected` for an array of studies (rows)."""
    if procedure == "bonferroni":
        return cats == 0
    s = np.sort(cats, axis=1)
    ok = s <= np.arange(cats.shape[1])
    if procedure == "holm":
        r = np.cumprod(ok, axis=1).sum(axis=1)
    else:
        r = np.where(ok.any(axis=1), cats.shape[1] - np.argmax(ok[:, ::-1], axis=1), 0)
    last = np.take_along_axis(s, np.maximum(r - 1, 0)[:, None], axis=1)
    return (cats <= last) & (r[:, None] > 0)


def monte_carlo(mus, n, procedure, reps=10_000_000, seed=1):
    rng = np.random.default_rng(seed)
    k = len(mus)
    df = 2 * n - 2
    out_f = out_any = out_all = 0
    out_each = np.zeros(k)
    for _ in range(reps // 1_000_000):
        R = 1_000_000
        mean = rng.standard_normal((R, k + 1)) / np.sqrt(n)
        mean[:, 1:] += np.array(mus)
        var = rng.chisquare(n - 1, (R, k + 1)) / (n - 1)
        t = (mean[:, 1:] - mean[:, :1]) / np.sqrt((var[:, 1:] + var[:, :1]) / 2 * 2 / n)
        p = 2 * stats.t.sf(np.abs(t), df)
        cats = np.where(p <= ALPHA / 3, 0, np.where(p <= ALPHA / 2, 1, np.where(p <= ALPHA, 2, 3)))
        rej = rejected_many(cats, procedure)
        null = np.array(mus) == 0
        out_f += (rej[:, null]).any(axis=1).sum()
        out_any += rej.any(axis=1).sum()
        out_all += rej.all(axis=1).sum()
        out_each += rej.sum(axis=0)
    return out_f / reps, out_any / reps, out_all / reps, out_each / reps


if __name__ == "__main__":
    import sys
    if "--one-sided" in sys.argv:
        for proc in ["bonferroni", "holm", "hochberg"]:
            f, a, al, each = fwer((0.0, 0.0, 0.0), 10, proc, sides=1)
            f2 = fwer((0.0, 0.0, 0.0), 10, proc, m=120, sides=1)[0]
            e = " ".join(f"{x:.7f}" for x in each)
            print(f"one-sided global null n=10 {proc}: FWER {f:.7f} (120 nodes {f2:.7f}) P(all) {al:.7f} each {e}")
        for mus in [(1.2, 0.0, 0.0), (-1.2, 0.0, 0.0)]:
            for proc in ["holm", "hochberg"]:
                f, a, al, each = fwer(mus, 10, proc, sides=1)
                e = " ".join(f"{x:.7f}" for x in each)
                print(f"one-sided mus={mus} n=10 {proc}: FWER {f:.7f} P(any) {a:.7f} P(all) {al:.7f} each {e}")
        sys.exit(0)
    mc = "--mc" in sys.argv
    for mus, n in [((0.0, 0.0, 0.0), 10), ((1.2, 0.0, 0.0), 10), ((1.2, 1.2, 0.0), 10)]:
        for proc in ["bonferroni", "holm", "hochberg"]:
            f, a, al, each = fwer(mus, n, proc)
            f2 = fwer(mus, n, proc, m=120)[0]
            e = " ".join(f"{x:.7f}" for x in each)
            line = f"mus={mus} n={n} {proc}: FWER {f:.7f} (120 nodes {f2:.7f}) P(any) {a:.7f} P(all) {al:.7f} each {e}"
            if mc:
                f, a, al, each = monte_carlo(mus, n, proc)
                e = " ".join(f"{x:.6f}" for x in each)
                line += f"\n    MC 1e7: FWER {f:.6f} P(any) {a:.6f} P(all) {al:.6f} each {e}"
            print(line, flush=True)
