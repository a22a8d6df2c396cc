//! The central t and F distributions: upper tails from the crate's one
//! incomplete beta ([`super::special`]), so that a tail computed here and a
//! noncentral tail agree to the last digits; quantiles from `statrs`, which
//! [`crate::analysis::cutoff`] then verifies against these tails.
//!
//! - P(T > t) = I_x(ν/2, 1/2)/2 with x = ν/(ν + t²) for t ≥ 0 (Abramowitz &
//!   Stegun 1964, 26.7.1), mirrored for t < 0.
//! - P(F > f) = I_x(ν₂/2, ν₁/2) with x = ν₂/(ν₂ + ν₁f) (A&S 26.6.2).
//!
//! Both pass x and 1 − x to the incomplete beta as computed separately, so
//! neither loses the digits of an x near 1.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::special::ibeta;

/// Upper tail P(T > t) of Student's t with `df` degrees of freedom.
///
/// ```
/// // t_{0.975, 10} = 2.228139 (any t table, e.g. Abramowitz & Stegun Table 26.10)
/// let p = plan::stats::central::t_sf(2.228138851986522, 10.0);
/// assert!((p - 0.025).abs() < 1e-12);
/// ```
pub fn t_sf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() {
        return f64::NAN;
    }
    let t2 = t * t;
    let (x, y) = (df / (df + t2), t2 / (df + t2));
    let half_tail = if x.is_finite() { 0.5 * ibeta(0.5 * df, 0.5, x, y).0 } else { 0.0 };
    if t >= 0.0 {
        half_tail
    } else {
        1.0 - half_tail
    }
}

/// The t quantile t_{p,ν}, or NaN when ν is not valid.
///
/// ```
/// let q = plan::stats::central::t_quantile(0.975, 10.0);
/// assert!((q - 2.228138851986522).abs() < 1e-9);
/// ```
pub fn t_quantile(p: f64, df: f64) -> f64 {
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => t.inverse_cdf(p),
        Err(_) => f64::NAN,
    }
}

/// The upper-tail t quantile: the t with P(T > t) = `tail` on ν degrees of
/// freedom, accurate for tails far below machine epsilon (p-values such as
/// 1e-15, where t_{1−tail} loses every digit of the tail): for tails below
/// 1e-6, Brent's root of ln P(T > t) − ln tail, bracketed outwards from the
/// 1e-6 quantile ([`t_sf`] keeps its relative accuracy in the tail). NaN
/// when no finite t has that tail.
///
/// ```
/// // R: qt(5e-16, 18, lower.tail = FALSE) = 11.6259...
/// let t = plan::stats::central::t_upper_quantile(5e-16, 18.0);
/// assert!((plan::stats::central::t_sf(t, 18.0) / 5e-16 - 1.0).abs() < 1e-9);
/// ```
pub fn t_upper_quantile(tail: f64, df: f64) -> f64 {
    if !(tail > 0.0 && tail < 1.0 && df > 0.0) {
        return f64::NAN;
    }
    if tail >= 1e-6 {
        return t_quantile(1.0 - tail, df);
    }
    let g = |t: f64| t_sf(t, df).ln() - tail.ln();
    let lo = t_quantile(1.0 - 1e-6, df);
    let mut hi = 2.0 * lo;
    for _ in 0..200 {
        if g(hi) <= 0.0 {
            return super::roots::brent(g, (lo, g(lo)), (hi, g(hi)), 1e-12 * hi);
        }
        hi *= 2.0;
        if !hi.is_finite() {
            break;
        }
    }
    f64::NAN
}

/// Upper tail P(F > f) of the central F distribution.
///
/// ```
/// // F_{0.95}(3, 20) = 3.098391 (any F table, e.g. Montgomery Table IV).
/// let p = plan::stats::central::f_sf(3.098391212407906, 3.0, 20.0);
/// assert!((p - 0.05).abs() < 1e-9);
/// ```
pub fn f_sf(f: f64, df1: f64, df2: f64) -> f64 {
    if f.is_nan() {
        return f64::NAN;
    }
    if f <= 0.0 {
        return 1.0;
    }
    if f.is_infinite() {
        return 0.0;
    }
    let (a, b) = (df2, df1 * f);
    ibeta(0.5 * df2, 0.5 * df1, a / (a + b), b / (a + b)).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{FisherSnedecor, StudentsT};

    #[test]
    fn tails_match_statrs_to_its_own_accuracy() {
        // statrs 0.19 loses about 1e-10 in these tails (see special.rs); a
        // real defect would be far above that.
        for (t, df) in [(0.0, 3.0), (1.5, 4.0), (-2.0, 9.5), (3.7, 30.0), (10.0, 200.0), (-0.3, 1.0)] {
            let want = 1.0 - StudentsT::new(0.0, 1.0, df).unwrap().cdf(t);
            assert!((t_sf(t, df) - want).abs() < 1e-9, "t {t}, df {df}");
        }
        for (f, d1, d2) in [(0.5, 2.0, 10.0), (3.1, 3.0, 20.0), (1.0, 1.0, 1.0), (9.0, 5.0, 60.0)] {
            let want = 1.0 - FisherSnedecor::new(d1, d2).unwrap().cdf(f);
            assert!((f_sf(f, d1, d2) - want).abs() < 1e-9, "f {f}, {d1}, {d2}");
        }
    }

    #[test]
    fn far_tails_keep_their_relative_accuracy() {
        // SciPy 1.17.1: `stats.t.sf(20, 10)` = 1.0730311586021261e-09 and
        // `stats.f.sf(40, 2, 50)` = 4.2234397271284194e-11; matched to 1e-13
        // relative (measured: 1.4e-15 and 2e-15).
        assert!((t_sf(20.0, 10.0) / 1.0730311586021261e-09 - 1.0).abs() < 1e-13);
        assert!((f_sf(40.0, 2.0, 50.0) / 4.2234397271284194e-11 - 1.0).abs() < 1e-13);
    }
}
