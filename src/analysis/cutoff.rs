//! Fast, exact reject decisions for t and F statistics.
//!
//! A test rejects when its p-value is at most its level, i.e. when the
//! statistic is at least the critical value. Computing the p-value costs an
//! incomplete beta function per test per simulated study, which dominated
//! the simulation's time. Instead, the critical value is tabulated once per
//! sample size and the p-value is computed only for the rare statistic that
//! lands within a hair of it:
//!
//! - For Student's and the F test the degrees of freedom are fixed, so one
//!   critical value suffices.
//! - For Welch's test ν varies from study to study within
//!   [min(n₁, n₂) − 1, n₁ + n₂ − 2]. The upper-tail quantile q(ν) increases
//!   with u = 1/ν (heavier tails), so on a grid of u the quantiles at a
//!   cell's ends bound q for every ν in the cell.
//!
//! Each tabulated bound is padded outward and then *verified* with the same
//! tail function the p-value uses, so a statistic beyond the upper bound has
//! p ≤ level and one below the lower bound has p > level, as computed; only
//! statistics between the bounds take the exact path. The decisions are
//! therefore identical to comparing p-values, at a fraction of the cost.

use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};

use crate::stats::central::{f_sf, t_sf};

/// How a test decides at one sample size, when its level is one number.
#[derive(Debug, Clone)]
pub enum Rule {
    /// Compare the p-value with the level.
    PValue,
    /// A t statistic, oriented so that large values reject.
    T(TCutoff),
    /// A statistic compared with the standard normal, oriented so that
    /// large values reject.
    Z(ZCutoff),
    /// Both one-sided statistics of TOST must exceed.
    Tost(TCutoff),
    /// An F statistic.
    F(FCutoff),
    /// Every outcome of two binomial arms, decided once.
    Table(RejectTable),
}

/// Decisions tabulated over every outcome (x_t, x_r) of two binomial arms
/// of sizes n_t and n_r, from the test's own p-value: a simulated study is
/// then decided by one lookup, exactly as its p-value would decide it.
#[derive(Debug, Clone)]
pub struct RejectTable {
    n_r: u32,
    reject: Vec<bool>,
}

impl RejectTable {
    /// Most cells tabulated (about 200 per arm); larger designs compare
    /// p-values.
    pub const MAX_CELLS: u64 = 40_401;

    /// The table of `rejects(x_t, x_r)`, or `None` when it would exceed
    /// [`RejectTable::MAX_CELLS`].
    pub fn build(n_t: u32, n_r: u32, mut rejects: impl FnMut(u32, u32) -> bool) -> Option<RejectTable> {
        if (u64::from(n_t) + 1) * (u64::from(n_r) + 1) > Self::MAX_CELLS {
            return None;
        }
        let mut reject = Vec::with_capacity(((n_t + 1) * (n_r + 1)) as usize);
        for xt in 0..=n_t {
            for xr in 0..=n_r {
                reject.push(rejects(xt, xr));
            }
        }
        Some(RejectTable { n_r, reject })
    }

    /// Whether (x_t, x_r) is rejected.
    #[inline]
    pub fn get(&self, x_t: u32, x_r: u32) -> bool {
        self.reject[(x_t * (self.n_r + 1) + x_r) as usize]
    }
}

/// Grid cells over u = 1/ν for Welch's test.
const CELLS: usize = 128;
/// Relative padding of tabulated critical values before verification.
const PAD: f64 = 1e-7;

/// Upper-tail quantile of Student's t: the c with P(T > c) = p.
fn t_upper(p: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |t| t.inverse_cdf(1.0 - p))
}

/// Pads `c` up until `tail(c) ≤ level` (or down until `tail(c) > level`).
fn verified(mut c: f64, up: bool, tail: impl Fn(f64) -> f64, level: f64) -> f64 {
    let step = |c: f64, k: f64| c + if up { 1.0 } else { -1.0 } * (c.abs() * PAD * k + 1e-12 * k);
    c = step(c, 1.0);
    let mut k = 1.0;
    for _ in 0..60 {
        let ok = if up { tail(c) <= level } else { tail(c) > level };
        if ok {
            return c;
        }
        k *= 2.0;
        c = step(c, k);
    }
    if up {
        f64::INFINITY
    } else {
        f64::NEG_INFINITY
    }
}

/// Decides P(Z > s) ≤ level for a standard normal Z: bounds on either side
/// of the critical value, verified with the normal tail the p-value uses.
#[derive(Debug, Clone, Copy)]
pub struct ZCutoff {
    lo: f64,
    hi: f64,
}

impl ZCutoff {
    /// The critical values of upper-tail level `level`.
    pub fn new(level: f64) -> ZCutoff {
        let q = crate::stats::normal::quantile(1.0 - level);
        let tail = crate::stats::normal::sf;
        ZCutoff { lo: verified(q, false, tail, level), hi: verified(q, true, tail, level) }
    }

    /// `Some(reject)` when `s` is clear of the critical value; `None` near
    /// it or when `s` is not finite (the p-value decides).
    #[inline]
    pub fn decide(&self, s: f64) -> Option<bool> {
        if s >= self.hi {
            Some(true)
        } else if s <= self.lo {
            Some(false)
        } else {
            None
        }
    }
}

/// Decides P(T_ν > s) ≤ level for Student's t with ν in a known range.
#[derive(Debug, Clone)]
pub struct TCutoff {
    level: f64,
    u0: f64,
    /// 1/h for the cell width h (0 with a single point).
    inv_h: f64,
    lo: Vec<f64>,
    hi: Vec<f64>,
    /// lo², hi² where lo > 0 (else NaN), for decisions without a square root.
    lo2: Vec<f64>,
    hi2: Vec<f64>,
}

impl TCutoff {
    /// Tabulates the critical values of upper-tail level `level` for ν in
    /// [df_min, df_max].
    pub fn new(level: f64, df_min: f64, df_max: f64) -> TCutoff {
        let usable = level > 0.0 && level < 0.5 && df_min > 0.0 && df_max >= df_min && df_max.is_finite();
        if !usable {
            return TCutoff {
                level,
                u0: f64::NAN,
                inv_h: 0.0,
                lo: Vec::new(),
                hi: Vec::new(),
                lo2: Vec::new(),
                hi2: Vec::new(),
            };
        }
        let (u_lo, u_hi) = (1.0 / df_max, 1.0 / df_min);
        let cells = if u_hi > u_lo { CELLS } else { 0 };
        let h = if cells > 0 { (u_hi - u_lo) / cells as f64 } else { 0.0 };
        let (mut lo, mut hi) = (Vec::with_capacity(cells + 1), Vec::with_capacity(cells + 1));
        for k in 0..=cells {
            // The last point is exactly df_min, so rounding cannot leave it out.
            let df = if k == cells { df_min } else { 1.0 / (u_lo + h * k as f64) };
            let q = t_upper(level, df);
            lo.push(verified(q, false, |c| t_sf(c, df), level));
            hi.push(verified(q, true, |c| t_sf(c, df), level));
        }
        let sq = |v: &[f64]| v.iter().map(|&x| if x > 0.0 { x * x } else { f64::NAN }).collect();
        let (lo2, hi2) = (sq(&lo), sq(&hi));
        TCutoff { level, u0: u_lo, inv_h: if h > 0.0 { 1.0 / h } else { 0.0 }, lo, hi, lo2, hi2 }
    }

    /// The cell of u = 1/ν, if tabulated.
    #[inline]
    fn cell(&self, u: f64) -> Option<(usize, usize)> {
        if self.lo.is_empty() {
            return None;
        }
        let x = (u - self.u0) * self.inv_h;
        // Cells are [u_k, u_{k+1}]; with one point, only u = u_0 qualifies.
        let last = self.lo.len() - 1;
        if x >= 0.0 && (x < last as f64 || (last == 0 && u == self.u0)) {
            let k = x as usize;
            Some((k, (k + 1).min(last)))
        } else {
            None
        }
    }

    /// The decision for s = num/√se2 on ν = 1/u without the square root or
    /// divisions: `Some` when s is clearly beyond the bounds, `None` when
    /// the caller must decide exactly (with [`TCutoff::exceeds`]).
    #[inline]
    pub fn quick(&self, num: f64, se2: f64, u: f64) -> Option<bool> {
        let (k, k1) = self.cell(u)?;
        // All tabulated bounds are positive here (level < 0.5), so s ≤ 0
        // cannot exceed them.
        if num <= 0.0 && self.lo[k] > 0.0 {
            return Some(false);
        }
        let n2 = num * num;
        if n2 >= self.hi2[k1] * se2 {
            return Some(true);
        }
        if n2 < self.lo2[k] * se2 {
            return Some(false);
        }
        None
    }

    /// True when P(T_ν > s) ≤ level, exactly as [`t_sf`] computes it.
    #[inline]
    pub fn exceeds(&self, s: f64, df: f64) -> bool {
        if let Some((k, k1)) = self.cell(1.0 / df).filter(|_| s.is_finite()) {
            if s >= self.hi[k1] {
                return true;
            }
            if s < self.lo[k] {
                return false;
            }
        }
        t_sf(s, df) <= self.level
    }
}

/// Decides P(F > f) ≤ level for the central F on fixed degrees of freedom.
#[derive(Debug, Clone)]
pub struct FCutoff {
    level: f64,
    df1: f64,
    df2: f64,
    lo: f64,
    hi: f64,
}

impl FCutoff {
    /// The critical values of level `level` on (df1, df2).
    pub fn new(level: f64, df1: f64, df2: f64) -> FCutoff {
        let q = FisherSnedecor::new(df1, df2).map_or(f64::NAN, |f| f.inverse_cdf(1.0 - level));
        let (lo, hi) = if q.is_finite() && level > 0.0 && level < 1.0 {
            (verified(q, false, |c| f_sf(c, df1, df2), level), verified(q, true, |c| f_sf(c, df1, df2), level))
        } else {
            (f64::INFINITY, f64::NEG_INFINITY) // always take the exact path
        };
        FCutoff { level, df1, df2, lo, hi }
    }

    /// True when P(F > f) ≤ level, exactly as [`f_sf`] computes it.
    #[inline]
    pub fn exceeds(&self, f: f64) -> bool {
        if f >= self.hi && f.is_finite() {
            return true;
        }
        if f < self.lo {
            return false;
        }
        !f.is_nan() && f_sf(f, self.df1, self.df2) <= self.level
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_cutoff_agrees_with_the_p_value_everywhere() {
        // Dense sweep around the critical values: the fast decision must
        // equal the p-value rule at every point, including inside the bands.
        for &(level, lo, hi) in &[(0.025, 9.0, 18.0), (0.05, 63.0, 126.0), (0.025, 126.0, 126.0), (0.001, 1.0, 4.0)] {
            let cut = TCutoff::new(level, lo, hi);
            for i in 0..=400 {
                let df = lo + (hi - lo) * f64::from(i) / 400.0;
                let q = t_upper(level, df);
                for j in -50..=50 {
                    let s = q + f64::from(j) * 1e-3 * q.abs().max(1.0) + f64::from(j % 7) * 1e-9;
                    assert_eq!(cut.exceeds(s, df), t_sf(s, df) <= level, "level {level} df {df} s {s}");
                }
            }
            // The square-root-free decision agrees wherever it decides.
            for i in 0..=400 {
                let df = lo + (hi - lo) * f64::from(i) / 400.0;
                let q = t_upper(level, df);
                for j in -50..=50 {
                    let s = q + f64::from(j) * 1e-3 * q.abs().max(1.0);
                    let se2 = 0.37 + f64::from(i) * 1e-3;
                    let num = s * se2.sqrt();
                    if let Some(d) = cut.quick(num, se2, 1.0 / df) {
                        assert_eq!(d, t_sf(num / se2.sqrt(), df) <= level, "quick: level {level} df {df} s {s}");
                    }
                }
            }
            // Outside the tabulated range the exact path still answers.
            assert_eq!(cut.exceeds(2.0, hi * 3.0), t_sf(2.0, hi * 3.0) <= level);
        }
        // Student's t_{0.975, 10} = 2.228139 (A&S Table 26.10).
        let c = TCutoff::new(0.025, 10.0, 10.0);
        assert!(c.exceeds(2.2282, 10.0) && !c.exceeds(2.2280, 10.0));
    }

    #[test]
    fn f_cutoff_agrees_with_the_p_value() {
        // F_{0.95}(3, 16) = 3.238872 (Montgomery, Table IV).
        let c = FCutoff::new(0.05, 3.0, 16.0);
        assert!(c.exceeds(3.2389) && !c.exceeds(3.2388));
        for i in 0..2000 {
            let f = 2.0 + f64::from(i) * 1e-3;
            assert_eq!(c.exceeds(f), f_sf(f, 3.0, 16.0) <= 0.05, "{f}");
        }
    }
}
