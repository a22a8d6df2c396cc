//! Dunnett's many-to-one critical values, computed exactly from the multivariate t.
//!
//! Setting: k treatment arms, each compared with one control by a pooled-variance t statistic
//! `T_i = (Ȳ_i − Ȳ_0) / (s·√(1/n_i + 1/n_0))` on ν degrees of freedom. Under H0 the `T_i` are
//! multivariate t with the one-factor correlation `ρ_ij = λ_i λ_j`, `λ_i = √(n_i / (n_i + n_0))`,
//! so given the control mean (z) and the scaled standard deviation (u = s/σ, u² ~ χ²_ν/ν)
//! they are independent (Dunnett 1955, JASA 50:1096–1121; Dunnett 1989, Applied Statistics
//! 38:192–201, algorithm AS 251; Hochberg & Tamhane 1987, *Multiple Comparison Procedures*, ch. 3):
//!
//! ```text
//! P(max_i T_i ≤ c)   = ∫₀^∞ f_ν(u) ∫ φ(z) Π_i Φ((c·u − λ_i z)/√(1−λ_i²)) dz du
//! P(max_i |T_i| ≤ c) = ∫₀^∞ f_ν(u) ∫ φ(z) Π_i [Φ((c·u − λ_i z)/√(1−λ_i²)) − Φ((−c·u − λ_i z)/√(1−λ_i²))] dz du
//! ```
//!
//! Method. The inner integral H(t) = P(max_i X_i > t) (X_i = λ_i Z + √(1−λ_i²) E_i) is
//! integrated as `∫ φ(z) [1 − Π_i (1 − q_i(z))] dz`, the complement accumulated through
//! `ln_1p`/`exp_m1` so small tails keep their relative accuracy, by globally adaptive
//! 15-point Gauss–Kronrod (QUADPACK QK15 error estimate), the panels first cut where a factor
//! switches (z = t/λ_i); arms of equal λ are evaluated once. The outer integral is over
//! `P(max > c) = E[H(c·u)]`, taken in x with `x² = ν((e^{2y} − 1)/2 − y)`, y = ln u, where the
//! scaled-chi density is `∝ e^{−x²}·dy/dx`, by the same adaptive rule on |x| ≤ √38.
//! `critical_value` (finite ν, c > 0) first fits a Chebyshev interpolant to ln H(t) in
//! s = √(t/t_max) on [0, t_max] (H < 1e-13·α beyond), doubling its nodes from 33 until the fit
//! at half the nodes is within 1e-8 of ln H at every new node (the finer fit is then within
//! ~1e-11), so each step of Brent's root finder on `ln P(max > c) − ln α` is a cheap
//! one-dimensional integral; otherwise (ν = ∞, or no fit by 257 nodes) it integrates directly.
//! Deterministic; no panics (invalid input gives NaN).

use super::roots::brent;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};
use statrs::function::erf::erfc;
use statrs::function::gamma::ln_gamma;
use std::f64::consts::{FRAC_1_SQRT_2, LN_2, PI};

/// QUADPACK qk15: (Kronrod abscissa, Kronrod weight, Gauss weight), the last the centre.
const GK15: [(f64, f64, f64); 8] = [
    (0.991_455_371_120_812_6, 0.022_935_322_010_529_22, 0.0),
    (0.949_107_912_342_758_5, 0.063_092_092_629_978_55, 0.129_484_966_168_869_7),
    (0.864_864_423_359_769_1, 0.104_790_010_322_250_2, 0.0),
    (0.741_531_185_599_394_4, 0.140_653_259_715_525_9, 0.279_705_391_489_276_7),
    (0.586_087_235_467_691_1, 0.169_004_726_639_267_9, 0.0),
    (0.405_845_151_377_397_2, 0.190_350_578_064_785_4, 0.381_830_050_505_118_9),
    (0.207_784_955_007_898_5, 0.204_432_940_075_298_9, 0.0),
    (0.0, 0.209_482_141_084_727_8, 0.417_959_183_673_469_4),
];
/// Half-width of the z range around the bulk: 2·Φ(−8.3) ≈ 1e-16.
const Z_MAX: f64 = 8.3;
/// The outer range |x| ≤ √38 drops density below e⁻³⁸ of the mode.
const X_MAX_SQ: f64 = 38.0;

/// λ_i = √(n_i/(n_i+n_0)) for each treatment arm size.
///
/// ```
/// # use plan::stats::multivariate_t::lambdas;
/// let l = lambdas(20.0, &[10.0, 20.0]);
/// assert!((l[0] - (1.0f64 / 3.0).sqrt()).abs() < 1e-15 && (l[1] - 0.5f64.sqrt()).abs() < 1e-15);
/// ```
pub fn lambdas(n_control: f64, n_treatments: &[f64]) -> Vec<f64> {
    n_treatments.iter().map(|&n| (n / (n + n_control)).sqrt()).collect()
}

/// P(max_i T_i ≤ c) (one-sided) or P(max_i |T_i| ≤ c) (two-sided); df may be f64::INFINITY (normal case).
///
/// Absolute error about 1e-12 (below 1e-8 throughout df ≥ 2, k ≤ 20, λ_i ≤ 0.99). NaN for a
/// NaN c, df ≤ 0 or NaN, or any λ_i outside [0, 1); an empty `lambdas` gives 1.
///
/// ```
/// # use plan::stats::multivariate_t::cdf_max;
/// // ρ = 1/2: the orthant probability P(T_1 ≤ 0, T_2 ≤ 0, T_3 ≤ 0) is 1/4 for any df.
/// assert!((cdf_max(0.0, 7.0, &[0.5f64.sqrt(); 3], false) - 0.25).abs() < 1e-10);
/// ```
pub fn cdf_max(c: f64, df: f64, lambdas: &[f64], two_sided: bool) -> f64 {
    if !valid(df, lambdas) {
        return f64::NAN;
    }
    let p = Problem::new(df, lambdas, two_sided);
    1.0 - p.sf(c, 1e-10, &|t| p.inner(t, 1e-11))
}

/// The c with cdf_max(c) = 1 − alpha (solve by a bracketing root finder, e.g. Brent or safeguarded Newton), accurate to 1e-6 or better.
///
/// Brent's method on `ln P(max > c) − ln α`, bracketed by the one-comparison quantile below
/// and the Bonferroni quantile above; P(max > c) is computed to a relative 1e-9 or so, which
/// puts c within about 1e-9. NaN unless 0 < alpha < 1, df > 0, `lambdas` is non-empty and
/// every λ_i is in [0, 1).
///
/// ```
/// # use plan::stats::multivariate_t::{critical_value, lambdas};
/// // Three treatments, equal n, 10 df, two-sided 5%: Dunnett (1964) tabulates 2.76.
/// let c = critical_value(0.05, 10.0, &lambdas(6.0, &[6.0; 3]), true);
/// assert!((c - 2.76).abs() < 0.005);
/// ```
pub fn critical_value(alpha: f64, df: f64, lambdas: &[f64], two_sided: bool) -> f64 {
    if !(alpha > 0.0 && alpha < 1.0) || lambdas.is_empty() || !valid(df, lambdas) {
        return f64::NAN;
    }
    let p = Problem::new(df, lambdas, two_sided);
    let tol = 1e-9 * alpha.min(1.0 - alpha);
    // c > 0 is certain when two-sided or alpha < 1/2: then interpolate H(t) on t ≥ 0 once.
    let cheb = if df.is_finite() && (two_sided || alpha < 0.5) { p.ln_h_cheb(1e-13 * alpha) } else { None };
    let h = |t: f64| match &cheb {
        Some(ch) if t >= ch.t_max => 0.0,
        Some(ch) if t >= 0.0 => ch.ln_h(t).exp(),
        _ => p.inner(t, 0.1 * tol),
    };
    let g = |c: f64| p.sf(c, tol, &h).ln() - alpha.ln();
    let sides = if two_sided { 2.0 } else { 1.0 };
    let quantile = |q: f64| match StudentsT::new(0.0, 1.0, df) {
        Ok(t) if df < 1e6 => t.inverse_cdf(1.0 - q),
        _ => -Normal::standard().inverse_cdf(q),
    };
    let mut lo = quantile(alpha / sides) - 1e-6;
    let mut hi = quantile(alpha / (sides * lambdas.len() as f64)) + 1e-6;
    if two_sided {
        lo = lo.max(0.0);
    }
    let (mut glo, mut ghi) = (g(lo), g(hi));
    for _ in 0..60 {
        if glo >= 0.0 && ghi <= 0.0 {
            break;
        }
        if glo < 0.0 {
            lo = if two_sided { 0.5 * lo } else { lo - 1.0 - lo.abs() };
            glo = g(lo);
        }
        if ghi > 0.0 {
            hi += 1.0 + hi.abs();
            ghi = g(hi);
        }
    }
    brent(g, (lo, glo), (hi, ghi), 1e-10)
}

/// Whether df and every λ are usable.
fn valid(df: f64, lambdas: &[f64]) -> bool {
    df > 0.0 && lambdas.iter().all(|&l| (0.0..1.0).contains(&l))
}

/// One (df, λ, sidedness) problem: arms grouped by equal λ as (λ, √(1−λ²), count), and
/// ln_norm, the log-normalizer of the density of y = ln u.
struct Problem {
    groups: Vec<(f64, f64, f64)>,
    df: f64,
    ln_norm: f64,
    two_sided: bool,
}

impl Problem {
    fn new(df: f64, lambdas: &[f64], two_sided: bool) -> Problem {
        let mut sorted = lambdas.to_vec();
        sorted.sort_by(f64::total_cmp);
        let mut groups: Vec<(f64, f64, f64)> = Vec::new();
        for l in sorted {
            match groups.last_mut() {
                Some(g) if g.0 == l => g.2 += 1.0,
                _ => groups.push((l, (1.0 - l * l).sqrt(), 1.0)),
            }
        }
        // Density of y: exp(ln_norm − dev(y)), ln_norm = ln 2 + a·ln a − ln Γ(a) − a with a = ν/2
        // (Stirling's series for large a, where those terms cancel).
        let a = 0.5 * df;
        let ln_norm = if a >= 8.0 {
            let r = 1.0 / (a * a);
            LN_2 + 0.5 * (a / (2.0 * PI)).ln() - (1.0 / 12.0 - r * (1.0 / 360.0 - r * (1.0 / 1260.0 - r / 1680.0))) / a
        } else {
            LN_2 + a * a.ln() - ln_gamma(a) - a
        };
        Problem { groups, df, ln_norm, two_sided }
    }

    /// dev(y) = ν·((e^{2y} − 1)/2 − y), by its series Σ_{n≥2} ν(2y)^n/(2·n!) near 0.
    fn dev(&self, y: f64) -> f64 {
        if y.abs() >= 0.1 {
            return self.df * (0.5 * (2.0 * y).exp_m1() - y);
        }
        let (mut term, mut sum) = (y * y, 0.0);
        for n in 3..12 {
            sum += term;
            term *= 2.0 * y / f64::from(n);
        }
        self.df * sum
    }

    /// The y with dev(y) = x² and the sign of x, and dy/dx; Newton's method from x/√ν (dev is convex).
    fn y_of(&self, x: f64) -> (f64, f64) {
        if x == 0.0 {
            return (0.0, 1.0 / self.df.sqrt());
        }
        let mut y = x / self.df.sqrt();
        for _ in 0..100 {
            let step = (self.dev(y) - x * x) / (self.df * (2.0 * y).exp_m1());
            y -= step;
            if step.is_nan() || step.abs() <= 1e-15 * (1.0 + y.abs()) {
                break;
            }
        }
        (y, 2.0 * x / (self.df * (2.0 * y).exp_m1()))
    }

    /// P(max T > c) (or max |T| > c) to absolute `tol`, given H(t) = `h(t)`.
    fn sf(&self, c: f64, tol: f64, h: &dyn Fn(f64) -> f64) -> f64 {
        if c.is_nan() {
            return f64::NAN;
        }
        if self.groups.is_empty() || c == f64::INFINITY {
            return 0.0;
        }
        if c == f64::NEG_INFINITY || (self.two_sided && c <= 0.0) {
            return 1.0;
        }
        if self.df == f64::INFINITY {
            return h(c).clamp(0.0, 1.0);
        }
        let f = |x: f64| {
            let (y, dy) = self.y_of(x);
            (self.ln_norm - x * x).exp() * dy * h(c * y.exp())
        };
        let xm = X_MAX_SQ.sqrt();
        adaptive(f, &[-xm, 0.0, xm], tol).clamp(0.0, 1.0)
    }

    /// H(t) = ∫ φ(z) [1 − Π_i (1 − q_i(z))] dz to absolute `tol`, q_i = P(arm i exceeds t | z).
    fn inner(&self, t: f64, tol: f64) -> f64 {
        let two = self.two_sided;
        let f = |z: f64| {
            let mut ln_keep = 0.0; // Σ m·ln(1 − q)
            for &(l, sg, m) in &self.groups {
                let mut q = upper((t - l * z) / sg);
                if two {
                    q += upper((t + l * z) / sg);
                }
                ln_keep += m * (-q.min(1.0)).ln_1p();
            }
            -ln_keep.exp_m1() * (-0.5 * z * z).exp() * (FRAC_1_SQRT_2 / PI.sqrt())
        };
        // Two-sided, the integrand is even: integrate z ≥ 0 and double. For large t the mass
        // sits near z = λ·t, so the range reaches past it.
        let hi = Z_MAX + t.max(0.0) * self.groups.last().map_or(0.0, |g| g.0);
        let lo = if two { 0.0 } else { -Z_MAX };
        let mut cuts = vec![lo, hi];
        cuts.extend(self.groups.iter().map(|g| t / g.0).filter(|&e| e > lo && e < hi));
        cuts.sort_by(f64::total_cmp);
        cuts.dedup_by(|b, a| *b - *a < 0.25 && *b != hi);
        adaptive(f, &cuts, tol) * if two { 2.0 } else { 1.0 }
    }

    /// Chebyshev interpolant of ln H in √(t/t_max) on [0, t_max], t_max where H < `floor` beyond
    /// (H(t) ≤ k·sides·Φc(t)); nodes double from 33 to 257 until the fit at half the nodes is
    /// within 1e-8 at every new node, and the finer fit is returned. None if that never happens.
    fn ln_h_cheb(&self, floor: f64) -> Option<Cheb> {
        let sides = if self.two_sided { 2.0 } else { 1.0 };
        let k: f64 = self.groups.iter().map(|g| g.2).sum();
        let t_max = (-Normal::standard().inverse_cdf(floor / (sides * k))).clamp(4.0, 12.0);
        // ln H to a relative 1e-10 (H(t) ≥ sides·Φc(t)); the QK15 estimate is pessimistic, and
        // the error is nearer 1e-12.
        let ln_h = |t: f64| self.inner(t, 1e-10 * (sides * upper(t)).min(1.0)).ln();
        let node = |j: usize, n: usize| t_max * (0.5 + 0.5 * (PI * j as f64 / n as f64).cos()).powi(2);
        let mut n = 32;
        let mut vals: Vec<f64> = (0..=n).map(|j| ln_h(node(j, n))).collect();
        while n <= 128 {
            let fit = Cheb::fit(t_max, &vals);
            let mids: Vec<f64> = (0..n).map(|j| ln_h(node(2 * j + 1, 2 * n))).collect();
            let err =
                mids.iter().enumerate().map(|(j, v)| (fit.ln_h(node(2 * j + 1, 2 * n)) - v).abs()).fold(0.0, f64::max);
            vals = (0..=2 * n).map(|i| if i % 2 == 0 { vals[i / 2] } else { mids[i / 2] }).collect();
            n *= 2;
            if err <= 1e-8 {
                return Some(Cheb::fit(t_max, &vals));
            }
        }
        None
    }
}

/// A Chebyshev series for ln H(t) in x = 2√(t/t_max) − 1 (nodes crowd near t = 0, where
/// two-sided H can turn sharply).
struct Cheb {
    t_max: f64,
    coef: Vec<f64>,
}

impl Cheb {
    /// Interpolant through `vals` at the n + 1 Chebyshev–Lobatto points x_j = cos(πj/n).
    fn fit(t_max: f64, vals: &[f64]) -> Cheb {
        let n = vals.len() - 1;
        let cos: Vec<f64> = (0..2 * n).map(|i| (PI * i as f64 / n as f64).cos()).collect();
        let coef = (0..=n)
            .map(|m| {
                let s: f64 = vals.iter().enumerate().map(|(j, v)| v * cos[m * j % (2 * n)]).sum::<f64>()
                    - 0.5 * (vals[0] + vals[n] * cos[m * n % (2 * n)]);
                s * if m == 0 || m == n { 1.0 } else { 2.0 } / n as f64
            })
            .collect();
        Cheb { t_max, coef }
    }

    /// Clenshaw evaluation at t ∈ [0, t_max].
    fn ln_h(&self, t: f64) -> f64 {
        let x = 2.0 * (t / self.t_max).sqrt() - 1.0;
        let (mut b1, mut b2) = (0.0, 0.0);
        for &a in self.coef.iter().skip(1).rev() {
            (b1, b2) = (2.0 * x * b1 - b2 + a, b1);
        }
        self.coef[0] + x * b1 - b2
    }
}

/// Standard normal upper tail 1 − Φ(x).
fn upper(x: f64) -> f64 {
    0.5 * erfc(x * FRAC_1_SQRT_2)
}

/// One QK15 panel: (integral, QUADPACK error estimate).
fn qk15(f: &impl Fn(f64) -> f64, a: f64, b: f64) -> (f64, f64) {
    let (c, h) = (0.5 * (a + b), 0.5 * (b - a));
    let fv: Vec<(f64, f64)> = GK15.iter().map(|&(x, _, _)| (f(c - h * x), f(c + h * x))).collect();
    let (mut k, mut g) = (0.0, 0.0);
    for (&(x, wk, wg), &(l, r)) in GK15.iter().zip(&fv) {
        let s = if x == 0.0 { l } else { l + r };
        (k, g) = (k + wk * s, g + wg * s);
    }
    let mean = 0.5 * k;
    let asc: f64 = GK15
        .iter()
        .zip(&fv)
        .map(|(&(x, wk, _), &(l, r))| wk * ((l - mean).abs() + if x == 0.0 { 0.0 } else { (r - mean).abs() }))
        .sum();
    let (asc, diff) = (asc * h.abs(), ((k - g) * h).abs());
    let err = if asc > 0.0 && diff > 0.0 { asc * (200.0 * diff / asc).powf(1.5).min(1.0) } else { diff };
    (k * h, err.max(50.0 * f64::EPSILON * (k * h).abs()))
}

/// Globally adaptive QK15 over the panels between consecutive `cuts`, to total error `tol`.
fn adaptive(f: impl Fn(f64) -> f64, cuts: &[f64], tol: f64) -> f64 {
    let mut segs: Vec<(f64, f64, f64, f64)> = cuts
        .windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| {
            let (v, e) = qk15(&f, w[0], w[1]);
            (w[0], w[1], v, e)
        })
        .collect();
    for _ in 0..200 {
        let total: f64 = segs.iter().map(|s| s.3).sum();
        let Some(worst) = (0..segs.len()).max_by(|&i, &j| segs[i].3.total_cmp(&segs[j].3)) else { break };
        if total.is_nan() || total <= tol {
            break;
        }
        let (a, b, _, _) = segs[worst];
        let m = 0.5 * (a + b);
        let ((v1, e1), (v2, e2)) = (qk15(&f, a, m), qk15(&f, m, b));
        segs[worst] = (a, m, v1, e1);
        segs.push((m, b, v2, e2));
    }
    segs.iter().map(|s| s.2).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// λ for equal n (ρ = 1/2).
    const E: f64 = FRAC_1_SQRT_2;

    fn close(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() <= tol, "{got} vs {want} (tol {tol})");
    }

    /// Dunnett (1964), Biometrics 20:482–491, Table II (two-sided, joint P = 0.95, equal n), and
    /// Dunnett (1955), JASA 50:1096–1121, Table 1a (one-sided, P = 0.95, pp. 1112–1118; reprinted
    /// as the "Percentage points for Dunnett's test, α = 0.05 one-sided" appendix table of
    /// textbooks), rows ν, columns k = 1..4 treatments, to the tables' 2 decimals. The one-sided
    /// k = 1 column is Student's t (t_{0.95,ν}), which Table 1a omits. SciPy agrees (see below).
    #[test]
    fn published_tables() {
        let two = [
            (10.0, [2.23, 2.57, 2.76, 2.89]),
            (20.0, [2.09, 2.38, 2.54, 2.65]),
            (f64::INFINITY, [1.96, 2.21, 2.35, 2.44]),
        ];
        let one = [(5.0, [2.02, 2.44, 2.68, 2.85]), (10.0, [1.81, 2.15, 2.34, 2.47]), (20.0, [1.72, 2.03, 2.19, 2.30])];
        let inf = [(f64::INFINITY, [1.64, 1.92, 2.06, 2.16])];
        for (sided, rows) in [(true, &two[..]), (false, &one[..]), (false, &inf[..])] {
            for &(df, row) in rows {
                for (k, &want) in row.iter().enumerate() {
                    close(critical_value(0.05, df, &[E; 4][..=k], sided), want, 0.01);
                }
            }
        }
    }

    /// k = 1 is Student's t (or the normal), whatever λ.
    #[test]
    fn one_arm_is_student_t() {
        for df in [2.0, 3.0, 7.5, 10.0, 30.0, 200.0, 1000.0, f64::INFINITY] {
            for (alpha, lam) in [(0.05, 0.3), (0.01, 1e-9), (0.2, 0.99), (0.001, E)] {
                let q = |p: f64| match StudentsT::new(0.0, 1.0, df) {
                    Ok(t) if df.is_finite() => t.inverse_cdf(p),
                    _ => Normal::standard().inverse_cdf(p),
                };
                close(critical_value(alpha, df, &[lam], false), q(1.0 - alpha), 1e-8);
                close(critical_value(alpha, df, &[lam], true), q(1.0 - alpha / 2.0), 1e-8);
            }
        }
    }

    /// Reference probabilities: orthants P(all T_i ≤ 0), 1/(k+1) for ρ = 1/2 and 1/4 + asin(ρ)/2π
    /// for k = 2 (exact, any ν); for ν = ∞,
    /// k = 2, ρ = 1/2, SciPy 1.17.1 `multivariate_normal(cov=[[1,.5],[.5,1]]).cdf([c, c])` (equal to
    /// `norm.cdf(c) − 2·owens_t(c, 1/√3)` to all digits); and the same integrals by nested
    /// `scipy.integrate.quad` (SciPy 1.17.1, epsabs 1e-13/1e-14, breakpoints at ±c·u/λ_i).
    #[test]
    fn reference_probabilities() {
        let (t, m) = ((1.0f64 / 3.0).sqrt(), [(1.0f64 / 3.0).sqrt(), E, (2.0f64 / 3.0).sqrt(), 0.9]);
        let inf = f64::INFINITY;
        let cases: [(f64, f64, &[f64], bool, f64); 14] = [
            (0.0, 3.0, &[E; 3], false, 0.25),
            (0.0, inf, &[E; 6], false, 1.0 / 7.0),
            (0.0, 40.0, &[t, t], false, 0.25 + (1.0f64 / 3.0).asin() / (2.0 * PI)),
            (0.5, inf, &[E, E], false, 0.5462444438570896),
            (1.0, inf, &[E, E], false, 0.7452035868467497),
            (1.5, inf, &[E, E], false, 0.8847086394543878),
            (2.0, inf, &[E, E], false, 0.9585526823388045),
            (2.5, inf, &[E, E], false, 0.988250034095974),
            (2.75899698, 10.0, &[E; 3], true, 0.9500000001342844),
            (2.5, 5.0, &m, false, 0.9295352514908606),
            (3.0, 3.0, &[0.99; 10], false, 0.9591462788259366),
            (2.0, 2.0, &[0.3; 20], true, 0.33524868873957275),
            (1.5, 50.0, &[0.6, 0.2], true, 0.7424454354109962),
            (f64::NEG_INFINITY, 5.0, &[E], false, 0.0),
        ];
        for (c, df, lam, two, want) in cases {
            close(cdf_max(c, df, lam, two), want, 1e-9);
        }
        // λ = 0 (independent arms) is Šidák's.
        close(critical_value(0.05, inf, &[0.0; 5], false), Normal::standard().inverse_cdf(0.95f64.powf(0.2)), 1e-8);
    }

    /// SciPy 1.17.1: the c solving `multivariate_t(shape=R, df=ν, seed=12345).cdf(c·1, [lower_limit=−c·1,]
    /// maxpts=2_000_000) = 1 − α` (R_ij = λ_iλ_j; `brentq`, QMC error ~1e-7 in P), including unequal
    /// allocation: control twice each treatment (λ = √(1/3)), and n_0 = 10 with n = 5, 10, 20.
    #[test]
    fn scipy_multivariate_t() {
        let t = [(1.0f64 / 3.0).sqrt(); 5];
        let mix = lambdas(10.0, &[5.0, 10.0, 20.0]);
        let cases = [
            (26.0, &t[..3], true, 0.05, 2.523038),
            (26.0, &t[..3], false, 0.05, 2.197032),
            (8.0, &t[..], true, 0.01, 4.367286),
            (40.0, &mix[..], true, 0.05, 2.442530),
            (40.0, &mix[..], false, 0.05, 2.127038),
            (10.0, &[E; 4][..], true, 0.05, 2.890481),
            (5.0, &[E; 3][..], false, 0.01, 4.210763),
        ];
        for (df, lam, two, alpha, want) in cases {
            close(critical_value(alpha, df, lam, two), want, 1e-4);
        }
    }

    /// SciPy 1.17.1 `stats.dunnett(t1, t2, t3, control=ctrl, alternative=…, rng=np.random.default_rng(2024))`
    /// on n_0 = 12, n_i = 6, ν = 26 (t = 3.0238…, 0.4613…, 5.5864…); its QMC p-values vary ~5e-5 by seed.
    #[test]
    fn scipy_dunnett_p_values() {
        let lam = [(1.0f64 / 3.0).sqrt(); 3];
        let t = [3.023806469749675, 0.4612586140296121, 5.586354325469738];
        let two = [0.01577242502639009, 0.9481116424753476, 2.4320499960817088e-05];
        let greater = [0.007890367104759766, 0.6049527825360493, 1.0529938298975416e-05];
        for i in 0..3 {
            close(1.0 - cdf_max(t[i], 26.0, &lam, true), two[i], 2e-4);
            close(1.0 - cdf_max(t[i], 26.0, &lam, false), greater[i], 2e-4);
        }
    }

    /// The interpolated path of `critical_value` agrees with the direct `cdf_max`.
    #[test]
    fn critical_value_inverts_cdf() {
        let mixed = [0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.99, 0.3];
        for (df, lam, two, alpha) in [
            (2.0, &[E; 3][..], true, 0.05),
            (57.5, &mixed[..], true, 0.01),
            (1e5, &[0.99; 20][..], false, 1e-4),
            (4.0, &[0.05, 0.5][..], false, 0.7),
            (12.0, &[E; 8][..], false, 0.5),
        ] {
            close(cdf_max(critical_value(alpha, df, lam, two), df, lam, two), 1.0 - alpha, 1e-9);
        }
    }

    #[test]
    fn invalid_input() {
        assert!(cdf_max(f64::NAN, 5.0, &[E], true).is_nan() && cdf_max(1.0, f64::NAN, &[E], true).is_nan());
        assert!(cdf_max(1.0, 0.0, &[E], true).is_nan() && cdf_max(1.0, 5.0, &[1.0], true).is_nan());
        assert!(critical_value(0.0, 5.0, &[E], true).is_nan() && critical_value(0.05, 5.0, &[], true).is_nan());
        assert!(critical_value(f64::NAN, 5.0, &[E], true).is_nan() && critical_value(0.05, -1.0, &[E], true).is_nan());
        assert_eq!((cdf_max(1.0, 5.0, &[], false), cdf_max(f64::INFINITY, 5.0, &[E], false)), (1.0, 1.0));
        assert_eq!((cdf_max(-1.0, 5.0, &[E], true), cdf_max(f64::NEG_INFINITY, 5.0, &[E], false)), (0.0, 0.0));
    }
}
