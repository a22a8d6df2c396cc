//! The sample-size search: the smallest n in [n_min, n_max] at which a
//! criterion (one comparison's power) reaches the target.
//!
//! 1. **Bracket analytically.** The closed-form power gives a first guess,
//!    so a search usually costs two or three simulations.
//! 2. **Search by simulation.** From the guess, step down (or up) with
//!    doubling steps until the target is bracketed, then bisect to adjacent
//!    integers. Every simulated n is cached and shared by all criteria.
//! 3. **Guard against lucky draws.** Before accepting an answer, the
//!    simulated powers at every n evaluated so far are made monotone in n by
//!    isotonic regression (pool-adjacent-violators; Barlow et al. 1972,
//!    *Statistical Inference under Order Restrictions*). The answer is the
//!    smallest n whose fitted power reaches the target, and whose evaluated
//!    predecessor is n − 1; so a single high draw below a low one cannot
//!    pick n. The streams are also common across n ([`super::rng`]), which
//!    makes such reversals rare to begin with.
//!
//! The caller reports the Wilson interval at the chosen n: it says how sure
//! the simulation is that the target is met there.

use std::collections::BTreeMap;

use super::runner::Counts;

/// What the search found for one criterion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// The smallest n that reaches the target.
    Reached(u32),
    /// No n in range reaches it; the best power seen and where.
    NotReached {
        /// n of the best power seen.
        n: u32,
        /// The best power seen.
        power: f64,
    },
}

/// Caches simulations by n and searches them.
pub struct Searcher<F: FnMut(u32) -> Counts> {
    simulate: F,
    cache: BTreeMap<u32, Counts>,
    n_min: u32,
    n_max: u32,
}

impl<F: FnMut(u32) -> Counts> Searcher<F> {
    /// A searcher over [n_min, n_max] that simulates with `simulate`.
    pub fn new(n_min: u32, n_max: u32, simulate: F) -> Self {
        Searcher { simulate, cache: BTreeMap::new(), n_min, n_max }
    }

    /// The counts at n, simulating them if not yet cached.
    pub fn counts(&mut self, n: u32) -> &Counts {
        let sim = &mut self.simulate;
        self.cache.entry(n).or_insert_with(|| sim(n))
    }

    /// Every simulation run so far, by n.
    pub fn evaluated(&self) -> &BTreeMap<u32, Counts> {
        &self.cache
    }

    /// Consumes the searcher, keeping its simulations.
    pub fn into_evaluated(self) -> BTreeMap<u32, Counts> {
        self.cache
    }

    /// Fitted (isotonic) power of criterion `i` at every cached n.
    fn fitted(&self, i: usize) -> Vec<(u32, f64)> {
        let raw: Vec<(u32, f64)> =
            self.cache.values().map(|c| (c.n, c.rejections[i] as f64 / c.replicates as f64)).collect();
        let fit = isotonic(&raw.iter().map(|p| p.1).collect::<Vec<_>>());
        raw.iter().zip(fit).map(|(p, f)| (p.0, f)).collect()
    }

    /// The smallest n at which criterion `i` reaches `target`, starting
    /// from `guess`.
    pub fn threshold(&mut self, i: usize, guess: u32, target: f64) -> Threshold {
        let (lo_bound, hi_bound) = (self.n_min, self.n_max);
        self.counts(guess.clamp(lo_bound, hi_bound));
        let (mut down, mut up) = (1u32, 1u32);
        // Each pass adds one simulation; 200 passes is far more than a
        // bracket-and-bisect over [2, 10^5] needs (about 2·17).
        for _ in 0..200 {
            let fit = self.fitted(i);
            let Some(k) = fit.iter().position(|&(_, p)| p >= target) else {
                let top = fit.last().map_or(lo_bound, |f| f.0);
                if top >= hi_bound {
                    let (n, power) = self.best(i);
                    return Threshold::NotReached { n, power };
                }
                self.counts(top.saturating_add(up).min(hi_bound));
                up = up.saturating_mul(2);
                continue;
            };
            let n_hi = fit[k].0;
            if n_hi == lo_bound {
                return Threshold::Reached(n_hi);
            }
            let next = match k.checked_sub(1).map(|j| fit[j].0) {
                None => {
                    let n = n_hi.saturating_sub(down).max(lo_bound);
                    down = down.saturating_mul(2);
                    n
                }
                Some(n_lo) if n_lo + 1 == n_hi => return Threshold::Reached(n_hi),
                Some(n_lo) => n_lo + (n_hi - n_lo) / 2,
            };
            self.counts(next);
        }
        let (n, power) = self.best(i);
        Threshold::NotReached { n, power }
    }

    /// The largest simulated power of criterion `i` and its n (the smallest
    /// such n on ties).
    fn best(&self, i: usize) -> (u32, f64) {
        self.cache
            .values()
            .map(|c| (c.n, c.rejections[i] as f64 / c.replicates as f64))
            .fold((self.n_min, f64::NEG_INFINITY), |b, x| if x.1 > b.1 { x } else { b })
    }
}

/// Least-squares non-decreasing fit with equal weights
/// (pool-adjacent-violators).
///
/// ```
/// use plan::engine::search::isotonic;
/// assert_eq!(isotonic(&[0.1, 0.5, 0.3, 0.9]), vec![0.1, 0.4, 0.4, 0.9]);
/// ```
pub fn isotonic(y: &[f64]) -> Vec<f64> {
    // Blocks of (sum, count).
    let mut blocks: Vec<(f64, usize)> = Vec::with_capacity(y.len());
    for &v in y {
        blocks.push((v, 1));
        while blocks.len() > 1 {
            let (s2, c2) = blocks[blocks.len() - 1];
            let (s1, c1) = blocks[blocks.len() - 2];
            if s1 / c1 as f64 <= s2 / c2 as f64 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s1 + s2, c1 + c2);
        }
    }
    blocks.iter().flat_map(|&(s, c)| std::iter::repeat_n(s / c as f64, c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake simulator whose power is a known step function of n.
    fn fake(threshold: u32) -> impl FnMut(u32) -> Counts {
        move |n| Counts { n, replicates: 100, rejections: vec![if n >= threshold { 90 } else { 50 }] }
    }

    #[test]
    fn finds_the_exact_step_from_any_guess() {
        for guess in [2, 10, 37, 38, 39, 200, 1000] {
            let mut s = Searcher::new(2, 1000, fake(38));
            assert_eq!(s.threshold(0, guess, 0.8), Threshold::Reached(38), "guess {guess}");
            assert!(s.evaluated().len() < 25, "guess {guess}: {} evaluations", s.evaluated().len());
        }
    }

    #[test]
    fn reports_not_reached_with_best_power() {
        let mut s = Searcher::new(2, 50, fake(80));
        // Flat power: the best is the first (smallest) n evaluated, the guess.
        assert_eq!(s.threshold(0, 10, 0.8), Threshold::NotReached { n: 10, power: 0.5 });
        let mut s = Searcher::new(5, 50, fake(3));
        assert_eq!(s.threshold(0, 20, 0.8), Threshold::Reached(5));
    }

    #[test]
    fn one_lucky_draw_below_the_crossing_does_not_pick_n() {
        // True step at 40, but n = 30 had a lucky draw (0.85).
        let mut s = Searcher::new(2, 100, |n| Counts {
            n,
            replicates: 100,
            rejections: vec![if n >= 40 || n == 30 { 85 } else { 50 }],
        });
        s.counts(31);
        s.counts(35);
        s.counts(30);
        // With the 0.5s at 31 and 35 after it, pooling lowers 30's fitted value.
        assert_eq!(s.threshold(0, 30, 0.8), Threshold::Reached(40));
    }
}
