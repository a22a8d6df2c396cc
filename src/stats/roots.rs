//! Brent's bracketing root finder, shared by Dunnett's critical value
//! ([`super::multivariate_t`]) and the random-intercept model's REML fit
//! ([`crate::analysis::mixed`]).

/// Brent's root finder (Brent 1973, *Algorithms for Minimization without Derivatives*, ch. 4)
/// on a bracket (a, f(a)), (b, f(b)) with f(a)·f(b) ≤ 0; NaN if it is not one.
pub(crate) fn brent(
    f: impl Fn(f64) -> f64,
    (mut a, mut fa): (f64, f64),
    (mut b, mut fb): (f64, f64),
    xtol: f64,
) -> f64 {
    if fa.is_nan() || fb.is_nan() || fa * fb > 0.0 {
        return f64::NAN;
    }
    let (mut c, mut fc, mut d) = (a, fa, b - a);
    let mut e = d;
    for _ in 0..200 {
        if fb * fc > 0.0 {
            (c, fc, d) = (a, fa, b - a);
            e = d;
        }
        if fc.abs() < fb.abs() {
            (a, b, c, fa, fb, fc) = (b, c, b, fb, fc, fb);
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * xtol;
        let m = 0.5 * (c - b);
        if m.abs() <= tol || fb == 0.0 {
            break;
        }
        (d, e) = if e.abs() >= tol && fa.abs() > fb.abs() {
            // Inverse quadratic interpolation (secant when only two points are distinct).
            let s = fb / fa;
            let (p, q) = if a == c {
                (2.0 * m * s, 1.0 - s)
            } else {
                let (q, r) = (fa / fc, fb / fc);
                (s * (2.0 * m * q * (q - r) - (b - a) * (r - 1.0)), (q - 1.0) * (r - 1.0) * (s - 1.0))
            };
            let (p, q) = if p > 0.0 { (p, -q) } else { (-p, q) };
            if 2.0 * p < (3.0 * m * q - (tol * q).abs()).min((e * q).abs()) {
                (p / q, d)
            } else {
                (m, m)
            }
        } else {
            (m, m)
        };
        (a, fa) = (b, fb);
        b += if d.abs() > tol { d } else { tol.copysign(m) };
        fb = f(b);
    }
    b
}
