//! Power estimates from rejection counts, with their Monte Carlo error.
//!
//! The standard error is √(p(1−p)/R). The 95% interval is Wilson's score
//! interval (Wilson 1927, JASA 22:209–212; recommended over the Wald
//! interval by Brown, Cai & DasGupta 2001, Statist. Sci. 16:101–133), which
//! stays inside [0, 1] and is sensible at 0 and R rejections.

use serde::Serialize;

/// z_{0.975}, the normal quantile of a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A simulated power with its Monte Carlo uncertainty.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PowerEstimate {
    /// Replicates that rejected.
    pub rejections: u64,
    /// Replicates simulated.
    pub replicates: u64,
    /// rejections / replicates.
    pub power: f64,
    /// Monte Carlo standard error, √(p(1−p)/R).
    pub mc_se: f64,
    /// Lower end of the 95% Wilson interval.
    pub ci_low: f64,
    /// Upper end of the 95% Wilson interval.
    pub ci_high: f64,
}

impl PowerEstimate {
    /// The estimate from `rejections` out of `replicates` (> 0).
    ///
    /// ```
    /// use plan::engine::PowerEstimate;
    /// // Newcombe (1998, Statist. Med. 17:857–872), Table II, example 81/263:
    /// // Wilson score interval 0.2553 to 0.3662.
    /// let e = PowerEstimate::new(81, 263);
    /// assert!((e.ci_low - 0.2553).abs() < 5e-5 && (e.ci_high - 0.3662).abs() < 5e-5);
    /// ```
    pub fn new(rejections: u64, replicates: u64) -> PowerEstimate {
        let r = replicates.max(1) as f64;
        let p = rejections as f64 / r;
        let z2 = Z95 * Z95;
        let denom = 1.0 + z2 / r;
        let centre = (p + z2 / (2.0 * r)) / denom;
        let half = Z95 * (p * (1.0 - p) / r + z2 / (4.0 * r * r)).sqrt() / denom;
        PowerEstimate {
            rejections,
            replicates,
            power: p,
            mc_se: (p * (1.0 - p) / r).sqrt(),
            // Rounding in centre ∓ half can leave the interval a hair
            // short of its own estimate at 0 and R rejections (5.6e-17 for
            // 0 of 3, 1 − 1.1e-16 for 10 of 10): the exact interval starts
            // at 0 and ends at 1 there, so clamp to contain p.
            ci_low: (centre - half).max(0.0).min(p),
            ci_high: (centre + half).min(1.0).max(p),
        }
    }
}
