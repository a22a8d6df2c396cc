//! Special functions shared by the distributions: the regularized
//! incomplete beta and gamma functions and the saddle-point terms they are
//! built from. One incomplete beta serves every t, F and noncentral
//! distribution in the crate.
//!
//! - The incomplete beta is the continued fraction of Didonato & Morris
//!   (1992), *Algorithm 708: significant digit computation of the
//!   incomplete beta function ratios*, ACM TOMS 18:360–373 (`bfrac`, as in
//!   Boost's `ibeta_fraction2`), evaluated by the modified Lentz method
//!   (Thompson & Barnett 1986, J. Comput. Phys. 64:490–509), with its
//!   prefactor in Loader's saddle-point form (C. Loader 2000, *Fast and
//!   accurate computation of binomial probabilities*).
//! - The incomplete gamma is the series and continued fraction of Numerical
//!   Recipes (`gser`, `gcf`), with the same prefactor.
//!
//! `statrs` 0.19 is not used here: its `beta_reg` stops after 140
//! iterations and builds its prefactor from `ln_gamma` differences, which
//! loses about 1e-10 in the tails this crate needs.

use super::MAX_ITER;

/// `ln Gamma(n + 1) - (n + 1/2) ln n + n - ln sqrt(2 pi)` for `n > 0`: Stirling series for
/// `n > 15` (Loader 2000), else the upward recurrence
/// `stirlerr(u) = stirlerr(u + 1) + atanh(z) / z - 1` with `z = 1 / (2u + 1)`, whose terms are
/// summed without cancellation, so the result has full relative accuracy.
pub(crate) fn stirlerr(n: f64) -> f64 {
    // Half-integers up to 15 (every t test's b = 1/2, and the F tests'
    // halved degrees of freedom) come from a table filled once by the
    // recurrence below, as R's `stirlerr` keeps `sferr_halves`: the same
    // values, without the recurrence's loop in every p-value.
    let twice = 2.0 * n;
    if n <= 15.0 && twice == twice.floor() && twice >= 1.0 {
        return halves()[twice as usize];
    }
    if n <= 15.0 {
        // Other n ≤ 15 (a Welch test's fractional degrees of freedom): from
        // ln Γ, as R's `stirlerr` does there (R ≤ 4.3): about 1e-14
        // absolute, so the incomplete beta's prefactor keeps about 1e-13
        // relative accuracy, without the recurrence's loop in every p-value.
        return statrs::function::gamma::ln_gamma(n + 1.0) - (n + 0.5) * n.ln() + n - LN_SQRT_2PI;
    }
    stirlerr_direct(n)
}

/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// `stirlerr` at 0, 1/2, 1, …, 15, computed once.
fn halves() -> &'static [f64; 31] {
    static TABLE: std::sync::OnceLock<[f64; 31]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0.0; 31];
        for (k, v) in t.iter_mut().enumerate().skip(1) {
            *v = stirlerr_direct(k as f64 / 2.0);
        }
        t
    })
}

/// [`stirlerr`] without the table.
fn stirlerr_direct(n: f64) -> f64 {
    if n <= 15.0 {
        let mut u = n;
        let mut acc = 0.0;
        while u <= 15.0 {
            acc += if u < 0.5 {
                (u + 0.5) * (1.0 / u).ln_1p() - 1.0
            } else {
                let z2 = (1.0 / (2.0 * u + 1.0)).powi(2);
                let (mut p, mut s) = (1.0, 0.0);
                for k in 1..40 {
                    p *= z2;
                    s += p / f64::from(2 * k + 1);
                    if p < 1e-17 * s {
                        break;
                    }
                }
                s
            };
            u += 1.0;
        }
        return acc + stirlerr(u);
    }
    // Stirling series 1/(12n) - 1/(360n^3) + ..., with as many terms as double precision needs.
    let terms = 2 + [500.0, 80.0, 35.0].iter().filter(|&&c| n <= c).count();
    let den = [12.0, 360.0, 1260.0, 1680.0, 1188.0];
    den[..terms].iter().rev().fold(0.0, |acc, d| 1.0 / d - acc / (n * n)) / n
}

/// The digamma difference ψ(x + m) − ψ(x) = Σ_{j<m} 1/(x + j) and its
/// derivative ψ′(x + m) − ψ′(x) = −Σ_{j<m} 1/(x + j)², for x > 0 and an
/// integer m ≥ 0: summed directly for runs of up to 8, else from the
/// asymptotic series (Abramowitz & Stegun 6.3.18 and 6.4.12, after the
/// recurrences 6.3.5 and 6.4.6 lift the argument above 16, where the first
/// omitted terms are below 1e-14).
pub(crate) fn digamma_run(x: f64, m: u64) -> (f64, f64) {
    if m <= 8 {
        let (mut s, mut d) = (0.0, 0.0);
        for j in 0..m {
            let r = 1.0 / (x + j as f64);
            s += r;
            d -= r * r;
        }
        return (s, d);
    }
    let (a, da) = psi_pair(x);
    let (b, db) = psi_pair(x + m as f64);
    (b - a, db - da)
}

/// (ψ(x), ψ′(x)) for x > 0.
fn psi_pair(mut x: f64) -> (f64, f64) {
    let (mut psi, mut tri) = (0.0, 0.0);
    while x < 16.0 {
        psi -= 1.0 / x;
        tri += 1.0 / (x * x);
        x += 1.0;
    }
    let r = 1.0 / x;
    let r2 = r * r;
    psi += x.ln() - 0.5 * r - r2 * (1.0 / 12.0 - r2 * (1.0 / 120.0 - r2 * (1.0 / 252.0 - r2 * (1.0 / 240.0))));
    tri += r + 0.5 * r2 + r * r2 * (1.0 / 6.0 - r2 * (1.0 / 30.0 - r2 * (1.0 / 42.0 - r2 / 30.0)));
    (psi, tri)
}

/// Deviance term `x ln(x / np) + np - x`, computed without cancellation (Loader 2000).
pub(crate) fn bd0(x: f64, np: f64) -> f64 {
    if (x - np).abs() < 0.1 * (x + np) {
        let v = (x - np) / (x + np);
        let mut s = (x - np) * v;
        let mut ej = 2.0 * x * v;
        for j in 1..1000 {
            ej *= v * v;
            let s1 = s + ej / f64::from(2 * j + 1);
            if s1 == s {
                break;
            }
            s = s1;
        }
        s
    } else {
        x * (x / np).ln() + np - x
    }
}

/// Poisson "density" `e^-lambda lambda^x / Gamma(x + 1)` for real `x >= 0`.
pub(crate) fn dpois(x: f64, lambda: f64) -> f64 {
    if x == 0.0 {
        return (-lambda).exp();
    }
    if lambda == 0.0 {
        return 0.0;
    }
    (-stirlerr(x) - bd0(x, lambda)).exp() / (2.0 * std::f64::consts::PI * x).sqrt()
}

/// Regularized incomplete beta: `(I_x(a, b), 1 - I_x(a, b), x^a y^b / B(a, b))`,
/// with `y = 1 - x` passed exactly. The smaller tail is computed directly.
pub(crate) fn ibeta(a: f64, b: f64, x: f64, y: f64) -> (f64, f64, f64) {
    if x <= 0.0 {
        return (0.0, 1.0, 0.0);
    }
    if y <= 0.0 {
        return (1.0, 0.0, 0.0);
    }
    // x^a y^b / B(a, b) = ab/(a+b) * binomial density at a of (a + b, x); Loader's form.
    let n = a + b;
    let lc = stirlerr(n) - stirlerr(a) - stirlerr(b) - bd0(a, n * x) - bd0(b, n * y);
    let h = a * b / n * lc.exp() / (2.0 * std::f64::consts::PI * a * b / n).sqrt();
    if a - (a + b) * x >= 0.0 {
        let i = h / bfrac(a, b, x, y);
        (i, 1.0 - i, h)
    } else {
        let c = h / bfrac(b, a, y, x);
        (1.0 - c, c, h)
    }
}

/// Continued fraction `F` with `I_x(a, b) = x^a y^b / (B(a, b) F)`, for `x <= a / (a + b)`:
/// Didonato & Morris (1992) TOMS 708 `bfrac` (as in Boost's `ibeta_fraction2`), whose
/// coefficients use `x` and `y` separately and so avoid cancellation near `x = 1`.
pub(crate) fn bfrac(a: f64, b: f64, x: f64, y: f64) -> f64 {
    lentz(a * (a * y - b * x + 1.0) / (a + 1.0), |m| {
        let den = a + 2.0 * m - 1.0;
        let an = (a + m - 1.0) * (a + b + m - 1.0) * m * (b - m) * x * x / (den * den);
        let bn = m + m * (b - m) * x / den + (a + m) * (a * y - b * x + 1.0 + m * (1.0 + y)) / (a + 2.0 * m + 1.0);
        (an, bn)
    })
}

/// `b0 + a1 / (b1 + a2 / (b2 + ...))` by the modified Lentz method, `(a_m, b_m) = next(m)`.
pub(crate) fn lentz(b0: f64, next: impl Fn(f64) -> (f64, f64)) -> f64 {
    let guard = |v: f64| {
        if v.abs() < f64::MIN_POSITIVE {
            f64::MIN_POSITIVE
        } else {
            v
        }
    };
    let mut f = guard(b0);
    let (mut c, mut d) = (f, 0.0);
    for m in 1..MAX_ITER {
        let (an, bn) = next(m as f64);
        d = 1.0 / guard(bn + an * d);
        c = guard(bn + an / c);
        f *= c * d;
        if (c * d - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    f
}

/// Regularized incomplete gamma `(P(a, u), Q(a, u))`, smaller tail computed directly
/// (series for `P`, continued fraction for `Q`; Numerical Recipes `gser` / `gcf`).
pub(crate) fn igamma(a: f64, u: f64) -> (f64, f64) {
    if u <= 0.0 {
        return (0.0, 1.0);
    }
    if u.is_infinite() {
        return (1.0, 0.0);
    }
    let pref = dpois(a, u); // e^-u u^a / Gamma(a + 1)
    if u < a + 1.0 {
        let (mut term, mut sum) = (1.0, 1.0);
        for n in 1..MAX_ITER {
            term *= u / (a + n as f64);
            sum += term;
            if term <= sum * f64::EPSILON {
                break;
            }
        }
        (pref * sum, 1.0 - pref * sum)
    } else {
        let q = a * pref / lentz(u + 1.0 - a, |i| (-i * (i - a), u + 1.0 - a + 2.0 * i));
        (1.0 - q, q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digamma_runs_match_harmonic_sums() {
        // H_100 = 5.187377517639621 and Σ_{j ≤ 100} 1/j² = 1.6349839001848923
        // (OEIS A001008/A002805 and A007406/A007407, evaluated), by the series.
        let (s, d) = digamma_run(1.0, 100);
        assert!((s - 5.187_377_517_639_621).abs() < 1e-13, "{s}");
        assert!((d + 1.634_983_900_184_892_3).abs() < 1e-13, "{d}");
        // The series and the direct sum agree where both apply.
        for (x, m) in [(0.37, 9), (2.5, 40), (150.0, 1000)] {
            let (a, da) = digamma_run(x, m);
            let (mut b, mut db) = (0.0, 0.0);
            for j in 0..m {
                b += 1.0 / (x + j as f64);
                db -= 1.0 / (x + j as f64).powi(2);
            }
            assert!((a - b).abs() < 1e-13 * b.abs().max(1.0) && (da - db).abs() < 1e-13, "{x} {m}");
        }
    }
}
