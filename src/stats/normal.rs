//! The standard normal distribution's tails, through the one incomplete
//! gamma of [`super::special`]: for z ≥ 0, P(Z > z) = ½·erfc(z/√2) =
//! ½·Q(½, z²/2) (Abramowitz & Stegun 7.1.2 and 6.5.17). The quantile is
//! `statrs`'s.

use statrs::distribution::{ContinuousCDF, Normal};

use super::special::igamma;

/// P(Z > z).
pub fn sf(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    let (p, q) = igamma(0.5, 0.5 * z * z);
    if z >= 0.0 {
        0.5 * q
    } else {
        0.5 + 0.5 * p
    }
}

/// P(Z ≤ z).
pub fn cdf(z: f64) -> f64 {
    sf(-z)
}

/// The z with P(Z ≤ z) = p.
pub fn quantile(p: f64) -> f64 {
    Normal::standard().inverse_cdf(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_match_reference_values() {
        // R 4.2.2: pnorm(-1.959963984540054) = 0.025, pnorm(-1) =
        // 0.158655253931457, pnorm(-5) = 2.86651571879194e-07,
        // pnorm(0.5) = 0.691462461274013.
        assert!((sf(1.959_963_984_540_054) - 0.025).abs() < 1e-16);
        assert!((cdf(-1.0) - 0.158_655_253_931_457).abs() < 1e-15);
        assert!((sf(5.0) / 2.866_515_718_791_94e-7 - 1.0).abs() < 1e-13);
        assert!((cdf(0.5) - 0.691_462_461_274_013).abs() < 1e-15);
        assert!((quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-13);
    }
}
