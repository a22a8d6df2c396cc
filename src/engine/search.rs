//! The sample-size search: the smallest n in [n_min, n_max] at which a
//! criterion (one comparison's power, or the study goal's) reaches the
//! target, and the precision control that lets the Monte Carlo error decide
//! it.
//!
//! 1. **Bracket analytically.** The closed-form power gives a first guess,
//!    so a search usually costs two or three simulations.
//! 2. **Search by simulation.** From the guess, step down (or up) with
//!    doubling steps until the target is bracketed, then bisect to adjacent
//!    integers. Every simulated n is cached and shared by all criteria.
//! 3. **Guard against lucky draws.** Before accepting an answer, the
//!    simulated powers at every n evaluated so far are made monotone in n by
//!    isotonic regression weighted by each n's replicates
//!    (pool-adjacent-violators; Barlow et al. 1972, *Statistical Inference
//!    under Order Restrictions*). The answer is the smallest n whose fitted
//!    power reaches the target, and whose evaluated predecessor is n − 1.
//! 4. **Precision** ([`Searcher::refine`]). Near the crossing the search adds
//!    replicates, doubling the count at n and at n − 1 together (so both
//!    always rest on the same replicates: a lucky draw at a small count
//!    cannot settle one side), until the 95% Wilson interval at the chosen
//!    n lies above the target and the one at n − 1 lies below it, or both
//!    have `max_replicates`. Extra replicates are the
//!    next replicate indices of the same seed, so the counts, and so every
//!    decision, are the same for any thread count. This is a sequential
//!    procedure in the spirit of Monte Carlo sample-size control for
//!    simulation studies (Koehler, Brown & Haneuse 2009, *Am. Stat.* 63:
//!    155–162): the simulation is run until its error cannot change the
//!    answer.

use std::collections::BTreeMap;

use super::estimate::PowerEstimate;
use super::runner::Counts;

/// What is searched: a counter of [`Counts::rejections`], or the weakest of
/// several (the goal "each": every primary comparison reaches the target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Criterion {
    /// One counter.
    Counter(usize),
    /// The smallest of these counters.
    Weakest(Vec<usize>),
}

impl Criterion {
    /// The criterion's rejections in `c`.
    pub fn count(&self, c: &Counts) -> u64 {
        match self {
            Criterion::Counter(i) => c.rejections[*i],
            Criterion::Weakest(ix) => ix.iter().map(|&i| c.rejections[i]).min().unwrap_or(0),
        }
    }

    /// The criterion's estimate in `c`.
    pub fn estimate(&self, c: &Counts) -> PowerEstimate {
        PowerEstimate::new(self.count(c), c.replicates)
    }
}

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

/// Caches simulations by n and searches them. `simulate(n, a..b)` must
/// return the counts of replicate indices `a..b` at n.
pub struct Searcher<F: FnMut(u32, std::ops::Range<u64>) -> Counts> {
    simulate: F,
    cache: BTreeMap<u32, Counts>,
    n_min: u32,
    n_max: u32,
    replicates: u64,
    caution: u64,
}

impl<F: FnMut(u32, std::ops::Range<u64>) -> Counts> Searcher<F> {
    /// A searcher over [n_min, n_max] that simulates `replicates` studies
    /// at each new n with `simulate`.
    pub fn new(n_min: u32, n_max: u32, replicates: u64, simulate: F) -> Self {
        Searcher { simulate, cache: BTreeMap::new(), n_min, n_max, replicates, caution: 1 }
    }

    /// Makes [`Searcher::refine`] judge its intervals as if on 1/`c` of
    /// the replicates (wider by √c). A shard of c sees counts scaled up from
    /// its own part ([`super::shard`]); judging them on that part alone, it
    /// stops adding replicates only when the merged run would almost surely
    /// stop too, so the merged run finds its extensions recorded.
    pub fn with_caution(mut self, c: u64) -> Self {
        self.caution = c.max(1);
        self
    }

    /// The counts at n, simulating them if not yet cached.
    pub fn counts(&mut self, n: u32) -> &Counts {
        let (sim, r) = (&mut self.simulate, self.replicates);
        self.cache.entry(n).or_insert_with(|| sim(n, 0..r))
    }

    /// Brings n to `total` replicates (no-op if it has as many), adding the
    /// next replicate indices.
    pub fn extend(&mut self, n: u32, total: u64) {
        let have = self.counts(n).replicates;
        if total <= have {
            return;
        }
        let more = (self.simulate)(n, have..total);
        let c = self.cache.get_mut(&n).expect("cached above");
        c.replicates += more.replicates;
        c.rejections.iter_mut().zip(more.rejections).for_each(|(a, b)| *a += b);
    }

    /// Every simulation run so far, by n.
    pub fn evaluated(&self) -> &BTreeMap<u32, Counts> {
        &self.cache
    }

    /// Consumes the searcher, keeping its simulations.
    pub fn into_evaluated(self) -> BTreeMap<u32, Counts> {
        self.cache
    }

    /// Fitted (isotonic, weighted by replicates) power of `crit` at every
    /// cached n.
    fn fitted(&self, crit: &Criterion) -> Vec<(u32, f64)> {
        let raw: Vec<(f64, f64)> =
            self.cache.values().map(|c| (crit.count(c) as f64 / c.replicates as f64, c.replicates as f64)).collect();
        let fit = isotonic_weighted(&raw);
        self.cache.keys().copied().zip(fit).collect()
    }

    /// The smallest n at which `crit` reaches `target`, starting from
    /// `guess`.
    pub fn threshold(&mut self, crit: &Criterion, guess: u32, target: f64) -> Threshold {
        let (lo_bound, hi_bound) = (self.n_min, self.n_max);
        self.counts(guess.clamp(lo_bound, hi_bound));
        let (mut down, mut up) = (1u32, 1u32);
        // Each pass adds one simulation; 200 passes is far more than a
        // bracket-and-bisect over [2, 10^5] needs (about 2·17).
        for _ in 0..200 {
            let fit = self.fitted(crit);
            let Some(k) = fit.iter().position(|&(_, p)| p >= target) else {
                let top = fit.last().map_or(lo_bound, |f| f.0);
                if top >= hi_bound {
                    return self.best(crit);
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
        self.best(crit)
    }

    /// Like [`Searcher::threshold`], then adds replicates at the crossing
    /// until the 95% interval at the chosen n lies above `target` and the
    /// one at n − 1 below it, or both have `max_replicates` (see the module
    /// docs). Returns the threshold and whether it is resolved.
    pub fn refine(&mut self, crit: &Criterion, guess: u32, target: f64, max_replicates: u64) -> (Threshold, bool) {
        let mut th = self.threshold(crit, guess, target);
        // Every pass doubles the replicates at one n or two; the bound only
        // guards against a pathological alternation.
        for _ in 0..256 {
            let Threshold::Reached(n) = th else { return (th, false) };
            let pair = [n, n.saturating_sub(1).max(self.n_min)];
            let reps = pair.map(|m| self.cache.get(&m).map_or(0, |c| c.replicates));
            let balanced = reps[0] == reps[1];
            if balanced && self.resolution(crit, n, target) == (true, true) {
                return (th, true);
            }
            // Both neighbours get the same replicates (and so the same
            // replicate indices: common random numbers), doubled together.
            let have = reps[0].max(reps[1]);
            let want = if balanced { have.saturating_mul(2) } else { have }.clamp(1, max_replicates);
            if want <= reps[0].min(reps[1]) {
                return (th, false);
            }
            for m in pair {
                self.extend(m, want);
            }
            th = self.threshold(crit, n, target);
        }
        let resolved = matches!(th, Threshold::Reached(n) if self.resolution(crit, n, target) == (true, true));
        (th, resolved)
    }

    /// Whether n's interval lies above the target, and n − 1's below it (true
    /// when n is n_min: there is no smaller n to tell apart).
    fn resolution(&self, crit: &Criterion, n: u32, target: f64) -> (bool, bool) {
        let estimate = |c: &Counts| match self.caution {
            1 => crit.estimate(c),
            k => PowerEstimate::new(crit.count(c) / k, (c.replicates / k).max(1)),
        };
        let above = self.cache.get(&n).is_some_and(|c| estimate(c).ci_low > target);
        let below = n <= self.n_min || self.cache.get(&(n - 1)).is_some_and(|c| estimate(c).ci_high < target);
        (above, below)
    }

    /// The largest simulated power of `crit` over every n evaluated, and
    /// its n (the smallest such n on ties), as not reached.
    pub fn best(&self, crit: &Criterion) -> Threshold {
        let (n, power) = self
            .cache
            .values()
            .map(|c| (c.n, crit.count(c) as f64 / c.replicates as f64))
            .fold((self.n_min, f64::NEG_INFINITY), |b, x| if x.1 > b.1 { x } else { b });
        Threshold::NotReached { n, power: power.max(0.0) }
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
    isotonic_weighted(&y.iter().map(|&v| (v, 1.0)).collect::<Vec<_>>())
}

/// Weighted least-squares non-decreasing fit of (value, weight > 0) pairs
/// (pool-adjacent-violators; a pooled block takes its weighted mean).
///
/// ```
/// use plan::engine::search::isotonic_weighted;
/// // 0.5 with weight 3 and 0.3 with weight 1 pool to 0.45.
/// let fit = isotonic_weighted(&[(0.1, 1.0), (0.5, 3.0), (0.3, 1.0)]);
/// assert!((fit[1] - 0.45).abs() < 1e-12 && fit[1] == fit[2]);
/// ```
pub fn isotonic_weighted(y: &[(f64, f64)]) -> Vec<f64> {
    // Blocks of (weighted sum, total weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(y.len());
    for &(v, w) in y {
        blocks.push((v * w, w, 1));
        while blocks.len() > 1 {
            let (s2, w2, c2) = blocks[blocks.len() - 1];
            let (s1, w1, c1) = blocks[blocks.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s1 + s2, w1 + w2, c1 + c2);
        }
    }
    blocks.iter().flat_map(|&(s, w, c)| std::iter::repeat_n(s / w, c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake simulator whose power is a known step function of n: every
    /// replicate at n ≥ threshold rejects with 9 in 10, below with 1 in 2
    /// (deterministically, by replicate index).
    fn fake(threshold: u32) -> impl FnMut(u32, std::ops::Range<u64>) -> Counts {
        move |n, r| {
            let per = if n >= threshold { 9 } else { 5 };
            let rejections = r.clone().filter(|i| i % 10 < per).count() as u64;
            Counts { n, replicates: r.end - r.start, rejections: vec![rejections] }
        }
    }

    const C0: Criterion = Criterion::Counter(0);

    #[test]
    fn finds_the_exact_step_from_any_guess() {
        for guess in [2, 10, 37, 38, 39, 200, 1000] {
            let mut s = Searcher::new(2, 1000, 100, fake(38));
            assert_eq!(s.threshold(&C0, guess, 0.8), Threshold::Reached(38), "guess {guess}");
            assert!(s.evaluated().len() < 25, "guess {guess}: {} evaluations", s.evaluated().len());
        }
    }

    #[test]
    fn reports_not_reached_with_best_power() {
        let mut s = Searcher::new(2, 50, 100, fake(80));
        // Flat power: the best is the first (smallest) n evaluated, the guess.
        assert_eq!(s.threshold(&C0, 10, 0.8), Threshold::NotReached { n: 10, power: 0.5 });
        let mut s = Searcher::new(5, 50, 100, fake(3));
        assert_eq!(s.threshold(&C0, 20, 0.8), Threshold::Reached(5));
    }

    #[test]
    fn one_lucky_draw_below_the_crossing_does_not_pick_n() {
        // True step at 40, but n = 30 had a lucky draw (0.85).
        let mut s = Searcher::new(2, 100, 100, |n, r: std::ops::Range<u64>| Counts {
            n,
            replicates: r.end - r.start,
            rejections: vec![if n >= 40 || n == 30 { 85 } else { 50 }],
        });
        s.counts(31);
        s.counts(35);
        s.counts(30);
        // With the 0.5s at 31 and 35 after it, pooling lowers 30's fitted value.
        assert_eq!(s.threshold(&C0, 30, 0.8), Threshold::Reached(40));
    }

    #[test]
    fn extending_adds_the_next_replicates_exactly() {
        let mut s = Searcher::new(2, 100, 100, fake(38));
        s.extend(40, 250);
        let mut whole = fake(38);
        assert_eq!(s.evaluated()[&40], whole(40, 0..250));
    }

    #[test]
    fn refine_resolves_a_close_crossing_and_stops_at_the_cap() {
        // Power 0.8 + 0.004·(n − 40.5): 0.798 at n = 40 and 0.802 at 41, so
        // telling them apart needs intervals of half-width < 0.002, about
        // 1.96²·0.16/0.002² ≈ 154,000 replicates at each.
        let sim = |n: u32, r: std::ops::Range<u64>| {
            let p = 0.8 + 0.004 * (f64::from(n) - 40.5);
            // Deterministic: replicate i rejects when its fractional index is below p.
            let rej = r.clone().filter(|&i| ((i as f64 * 0.618_033_988_749_895) % 1.0) < p).count() as u64;
            Counts { n, replicates: r.end - r.start, rejections: vec![rej] }
        };
        let mut s = Searcher::new(2, 200, 1000, sim);
        let (th, resolved) = s.refine(&C0, 40, 0.8, 400_000);
        assert_eq!(th, Threshold::Reached(41));
        assert!(resolved);
        let (r40, r41) = (s.evaluated()[&40].replicates, s.evaluated()[&41].replicates);
        assert!(r40 >= 128_000 && r41 >= 128_000, "replicates were added at the crossing: {r40}, {r41}");
        assert!(s.evaluated().values().filter(|c| c.replicates > 1000).count() == 2);
        // A cap too small to resolve: stops there, unresolved.
        let mut s = Searcher::new(2, 200, 1000, sim);
        let (_, resolved) = s.refine(&C0, 40, 0.8, 4000);
        assert!(!resolved);
        assert!(s.evaluated().values().all(|c| c.replicates <= 4000));
    }

    #[test]
    fn weakest_of_two_counters() {
        let c = Counts { n: 5, replicates: 10, rejections: vec![7, 4, 9] };
        assert_eq!(Criterion::Weakest(vec![0, 2]).count(&c), 7);
        assert_eq!(Criterion::Counter(1).count(&c), 4);
    }
}
