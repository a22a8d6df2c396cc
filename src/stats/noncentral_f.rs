//! The noncentral F distribution: CDF and survival function.
//!
//! With y = df1·x/(df1·x + df2), a = df1/2, b = df2/2 and Poisson weights p_j = e^{−λ/2}(λ/2)^j/j!,
//!
//! ```text
//! P(F ≤ x) = Σ_j p_j · I_y(a + j, b),        P(F > x) = Σ_j p_j · I_{1−y}(b, a + j),
//! ```
//!
//! I the regularized incomplete beta function. Following Benton & Krishnamoorthy (2003), "Computing
//! discrete mixtures of continuous distributions: noncentral chisquare, noncentral t and the
//! distribution of the square of the sample multiple correlation coefficient", CSDA 43:249–267
//! (and Ding 1997, algorithm AS R84-style recurrences), the sum starts at the Poisson mode
//! j₀ = ⌊λ/2⌋, where one incomplete-beta call anchors it, and runs outward in both directions with
//! the recurrence `I_y(a+j+1, b) = I_y(a+j, b) − T_j`, `T_j = y^{a+j}(1−y)^b / ((a+j)·B(a+j, b))`,
//! `T_{j+1} = T_j · y(a+b+j)/(a+j+1)` (T kept in logs, so it cannot underflow partway). Each
//! direction stops when a geometric bound on the Poisson mass left, times the largest beta value
//! it can meet, is below 1e-16 of the sum. The survival function is summed directly (1 − y is
//! formed as df2/(df1·x + df2)), so small upper tails keep their relative accuracy.

use statrs::function::gamma::ln_gamma;

/// P(F ≤ x) for the noncentral F with df1, df2 > 0 and noncentrality ncp ≥ 0 (ncp = 0 is the central F).
///
/// NaN for NaN input, df1 or df2 not in (0, ∞), or ncp not in [0, ∞); 0 for x ≤ 0.
///
/// ```
/// # use plan::stats::noncentral_f::cdf;
/// // F(1, ν) at x is t(ν) at √x, two-sided: P(|t_10| ≤ 2.228138851986273) = 0.95.
/// assert!((cdf(2.228138851986273f64.powi(2), 1.0, 10.0, 0.0) - 0.95).abs() < 1e-12);
/// ```
pub fn cdf(x: f64, df1: f64, df2: f64, ncp: f64) -> f64 {
    mixture(x, df1, df2, ncp, false)
}

/// P(F > x), computed directly (not 1 − cdf) so small tails are accurate.
///
/// The power of the one-way ANOVA F test is `sf(f_crit, k − 1, N − k, f²·N)`, f Cohen's effect size.
///
/// ```
/// # use plan::stats::noncentral_f::sf;
/// // Power of a four-group one-way ANOVA, 45 per group, f = 0.25 (λ = f²N = 11.25): the chance
/// // that F(3, 176; 11.25) exceeds the central 5% point 2.65594 (G*Power: N = 180 for 0.80).
/// let power = sf(2.6559388770305596, 3.0, 176.0, 11.25);
/// assert!((power - 0.80399).abs() < 1e-5);
/// ```
pub fn sf(x: f64, df1: f64, df2: f64, ncp: f64) -> f64 {
    mixture(x, df1, df2, ncp, true)
}

/// The Poisson mixture for the lower (`upper` false) or upper tail.
fn mixture(x: f64, df1: f64, df2: f64, ncp: f64, upper: bool) -> f64 {
    let finite_pos = |v: f64| v > 0.0 && v.is_finite();
    let valid = !x.is_nan() && finite_pos(df1) && finite_pos(df2) && ncp >= 0.0 && ncp.is_finite();
    if !valid {
        return f64::NAN;
    }
    let (a, b, mu) = (0.5 * df1, 0.5 * df2, 0.5 * ncp);
    // y and 1 − y, each without cancellation (and without overflow for huge x).
    let r = df1 * x / df2;
    let (y, yc) = (r / (1.0 + r), 1.0 / (1.0 + r));
    if x <= 0.0 || y <= 0.0 {
        return if upper { 1.0 } else { 0.0 };
    }
    if yc.is_nan() || yc <= 0.0 {
        return if upper { 0.0 } else { 1.0 };
    }
    // I(j) = I_y(a+j, b) (lower) or I_{1−y}(b, a+j) (upper); I(j+1) = I(j) + sign·T_j.
    let beta = |j: f64| if upper { ibeta(b, a + j, yc, y) } else { ibeta(a + j, b, y, yc) };
    let sign = if upper { 1.0 } else { -1.0 };
    let j0 = mu.floor();
    let p0 = (-mu + if j0 > 0.0 { j0 * mu.ln() } else { 0.0 } - ln_gamma(j0 + 1.0)).exp();
    let ln_t0 = (a + j0) * y.ln() + b * yc.ln() - (a + j0).ln() - ln_beta(a + j0, b);
    let i0 = beta(j0);
    let mut sum = p0 * i0;
    // Upwards from the mode: Poisson mass above j is at most p_j·μ/(j + 1 − μ).
    let (mut j, mut p, mut ln_t, mut i) = (j0, p0, ln_t0, i0);
    while j < j0 + 100.0 + 50.0 * mu.sqrt() {
        i = (i + sign * ln_t.exp()).clamp(0.0, 1.0);
        ln_t += (y * (a + b + j) / (a + j + 1.0)).ln();
        j += 1.0;
        p *= mu / j;
        sum += p * i;
        let rest = p * mu / (j + 1.0 - mu);
        let bound = rest * if upper { 1.0 } else { i };
        if bound.is_nan() || bound <= 1e-16 * sum {
            break;
        }
    }
    // Downwards: Poisson mass below j is at most p_j·j/(μ − j).
    let (mut j, mut p, mut ln_t, mut i) = (j0, p0, ln_t0, i0);
    while j > 0.0 {
        ln_t -= (y * (a + b + j - 1.0) / (a + j)).ln();
        i = (i - sign * ln_t.exp()).clamp(0.0, 1.0);
        p *= j / mu;
        j -= 1.0;
        sum += p * i;
        let rest = p * j / (mu - j);
        let bound = rest * if upper { i } else { 1.0 };
        if bound.is_nan() || bound <= 1e-16 * sum {
            break;
        }
    }
    sum.clamp(0.0, 1.0)
}

/// I_x(a, b) given x and 1 − x, each as computed (the crate's one
/// incomplete beta, [`super::special::ibeta`]).
fn ibeta(a: f64, b: f64, x: f64, xc: f64) -> f64 {
    super::special::ibeta(a, b, x, xc).0
}

/// ln B(a, b).
fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The central case against SciPy 1.17.1 `stats.f.cdf(x, d1, d2)` and
    /// `stats.f.sf(...)` (statrs 0.19, the former reference here, is off by
    /// 1e-13 at d2 = 1e4, where this module agrees with SciPy to 5e-16).
    #[test]
    fn central_matches_scipy() {
        let cases = [
            (0.3, 1.0, 1.0, 0.3190057200399771, 0.6809942799600229),
            (1.0, 3.0, 10.0, 0.5676627969783028, 0.4323372030216972),
            (2.5, 5.0, 20.0, 0.9350729538990549, 0.06492704610094516),
            (4.0, 10.0, 100.0, 0.9998722809253578, 0.00012771907464209845),
            (0.9, 50.0, 1e4, 0.32646670355466634, 0.6735332964453337),
            (7.0, 2.0, 3.0, 0.925867524963223, 0.074132475036777),
        ];
        for (x, d1, d2, c, q) in cases {
            assert!((cdf(x, d1, d2, 0.0) - c).abs() < 1e-14, "cdf {x} {d1} {d2}");
            assert!((sf(x, d1, d2, 0.0) - q).abs() < 1e-14, "sf {x} {d1} {d2}");
        }
    }

    /// SciPy 1.17.1 `scipy.stats.ncf.cdf(x, df1, df2, ncp)` and `.sf(...)` (`scipy.stats.f` when
    /// ncp = 0), printed with `repr` (17 significant digits): (x, df1, df2, ncp, cdf, sf).
    #[test]
    fn matches_scipy() {
        let cases = [
            (0.5, 1.0, 1.0, 0.0, 0.39182655203060723, 0.6081734479693928),
            (2.0, 3.0, 10.0, 2.5, 0.5872283492488984, 0.41277165075110184),
            (1.5, 5.0, 20.0, 10.0, 0.14848821017085254, 0.8515117898291478),
            (3.0, 10.0, 50.0, 30.0, 0.22971225205803017, 0.7702877479419703),
            (0.2, 2.0, 7.0, 1.0, 0.11373037637433424, 0.8862696236256659),
            (10.0, 1.0, 1.0, 5.0, 0.4979805658569528, 0.5020194341430474),
            (4.0, 50.0, 100000.0, 100.0, 0.9819662489301333, 0.01803375106986684),
            (1.2, 50.0, 100000.0, 0.5, 0.8296604257327586, 0.17033957426724128),
            (2.0, 4.0, 100.0, 500.0, 4.718439760889009e-83, 1.0),
            (12.0, 4.0, 100.0, 500.0, 1.6141058848238601e-43, 1.0),
            (3.5, 20.0, 1000.0, 300.0, 6.547728364274514e-22, 1.0),
            (0.01, 1.0, 30.0, 0.3, 0.06802273455520785, 0.9319772654447922),
            (50.0, 3.0, 12.0, 2.0, 0.9999957240426733, 4.275957326413458e-06),
            (1.0, 1.0, 100000.0, 0.0, 0.6826870724358898, 0.3173129275641102),
            (6.0, 8.0, 25.0, 60.0, 0.16713251846426305, 0.8328674815357371),
            (25.0, 2.0, 40.0, 4.0, 0.9999509567889309, 4.904321106905514e-05),
            (2.2, 30.0, 200.0, 150.0, 1.690924596866085e-07, 0.9999998309075404),
            (0.8, 15.0, 3.0, 7.5, 0.17274159137227696, 0.8272584086277229),
            (1.1, 1.0, 50000.0, 499.0, 7.118871237445945e-101, 1.0),
            (80.0, 1.0, 10.0, 1.0, 0.9999631803452443, 3.6819654755736975e-05),
        ];
        for (x, d1, d2, ncp, c, s) in cases {
            // 1e-10 absolute, and 1e-9 relative for small tails.
            let ok = |got: f64, want: f64| (got - want).abs() <= 1e-10f64.min(1e-9 * want);
            assert!(ok(cdf(x, d1, d2, ncp), c), "cdf({x}, {d1}, {d2}, {ncp}) = {} vs {c}", cdf(x, d1, d2, ncp));
            assert!(ok(sf(x, d1, d2, ncp), s), "sf({x}, {d1}, {d2}, {ncp}) = {} vs {s}", sf(x, d1, d2, ncp));
        }
    }

    /// One-way ANOVA, k = 4 groups, f = 0.25, n = 45 per group, α = 0.05: λ = f²·N = 11.25,
    /// df = (3, 176). G*Power 3.1 ("ANOVA: Fixed effects, omnibus, one-way") gives total N = 180
    /// for power 0.80 (Cohen 1988, ch. 8). F_crit = SciPy 1.17.1 `f.ppf(0.95, 3, 176)`, power =
    /// `ncf.sf(F_crit, 3, 176, 11.25)` = 0.8039869128651759.
    #[test]
    fn anova_power() {
        let f_crit = 2.6559388770305596;
        assert!((cdf(f_crit, 3.0, 176.0, 0.0) - 0.95).abs() < 1e-13);
        assert!((sf(f_crit, 3.0, 176.0, 11.25) - 0.8039869128651759).abs() < 1e-12);
    }

    #[test]
    fn edges_and_invalid_input() {
        assert!(
            cdf(f64::NAN, 1.0, 1.0, 0.0).is_nan()
                && sf(1.0, 0.0, 1.0, 0.0).is_nan()
                && cdf(1.0, 1.0, -2.0, 1.0).is_nan()
        );
        assert!(
            sf(1.0, 1.0, 1.0, -1.0).is_nan()
                && cdf(1.0, f64::INFINITY, 1.0, 1.0).is_nan()
                && sf(1.0, 2.0, 3.0, f64::NAN).is_nan()
        );
        assert_eq!((cdf(0.0, 2.0, 3.0, 4.0), sf(-1.0, 2.0, 3.0, 4.0)), (0.0, 1.0));
        assert_eq!((cdf(f64::INFINITY, 2.0, 3.0, 4.0), sf(f64::INFINITY, 2.0, 3.0, 4.0)), (1.0, 0.0));
        for (x, ncp) in [(1e-300, 3.0), (1e300, 3.0), (0.5, 1e-300), (3.0, 1e4)] {
            let (c, s) = (cdf(x, 4.0, 9.0, ncp), sf(x, 4.0, 9.0, ncp));
            assert!((0.0..=1.0).contains(&c) && (c + s - 1.0).abs() < 1e-12, "{x} {ncp}: {c} {s}");
        }
    }
}
