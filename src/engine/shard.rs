//! Sharding: one planning run split over N processes by replicate index,
//! and merged back exactly.
//!
//! Every simulation of a run is a request *(study, n, replicate range
//! a..b)*, answered by [`super::Runner::simulate_range`] with integer counts.
//! Counts are sums over replicates, and each replicate draws from its own
//! streams ([`super::rng`]), so the counts of a..b are the sums of the counts
//! of any partition of a..b. Replicate indices are dealt to the shards in
//! blocks of [`BLOCK`], round robin: block j belongs to shard j mod N
//! ([`Pieces::owned`]). A shard's part of a..b and its parts of a..c and
//! c..b are thus the same indices, so counts recorded for one extension of
//! a search can serve another that covers the same indices.
//!
//! The search is sequential: which n it simulates next depends on the power
//! it has just seen. So the runner takes its counts from a [`CountSource`]:
//!
//! - [`CountSource::Simulate`]: the ordinary run.
//! - [`CountSource::Shard`]: runs the whole planning algorithm, but simulates
//!   only its own part of each request, records it under the request's key,
//!   and answers the algorithm with that part scaled to the whole range (its
//!   best guess of the merged counts). Each shard thus follows nearly the
//!   path the merged run will take, and computes its part of it.
//! - [`CountSource::Merge`]: runs the planning algorithm again, answering
//!   every request with the sum of the N shards' parts of exactly that
//!   request (a shard's records at the same study and n that tile the range
//!   end to end). Every decision therefore depends only on merged counts,
//!   and the run is the unsharded run, byte for byte. Where a shard did not
//!   record a part (its own path differed near the crossing), the merge
//!   simulates that part itself: the same replicate indices, so the same
//!   counts. [`MergeStats`] says how much of the work that was.
//!
//! A request's key names its study by a fingerprint of everything that
//! determines its counts: the scenario as validated (so a grid cell, an
//! MDE factor or an allocation variant is a study of its own), its priors
//! and its draw mode.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use super::runner::{Counts, CHUNK};
use super::study::Study;
use crate::model::DrawMode;

/// Replicate indices per block dealt to the shards.
pub const BLOCK: u64 = 256;

/// Shard `index` (0-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    /// 0-based index, below `count`.
    pub index: u32,
    /// Number of shards, at least 1.
    pub count: u32,
}

/// The replicate indices of one computation, as pieces the runner spreads
/// over its threads: a whole range in chunks of [`CHUNK`], or one shard's
/// blocks of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pieces {
    range: Range<u64>,
    /// `None`: every index, in chunks; `Some`: this shard's blocks.
    owner: Option<ShardSpec>,
}

impl Pieces {
    /// Every index of `range`.
    pub fn all(range: Range<u64>) -> Pieces {
        Pieces { range, owner: None }
    }

    /// The indices of `range` that belong to `shard`.
    ///
    /// ```
    /// use plan::engine::shard::{Pieces, ShardSpec, BLOCK};
    /// let p = Pieces::owned(100..1000, ShardSpec { index: 1, count: 2 });
    /// assert_eq!(p.get(0), BLOCK..2 * BLOCK);
    /// assert_eq!(p.replicates(), BLOCK + (1000 - 3 * BLOCK));
    /// ```
    pub fn owned(range: Range<u64>, shard: ShardSpec) -> Pieces {
        Pieces { range, owner: (shard.count > 1).then_some(shard) }
    }

    fn first_block(&self, s: ShardSpec) -> u64 {
        let (n, k) = (u64::from(s.count), u64::from(s.index));
        let j0 = self.range.start / BLOCK;
        j0 + (k + n - j0 % n) % n
    }

    /// Number of pieces.
    pub fn count(&self) -> u64 {
        let Range { start, end } = self.range;
        if end <= start {
            return 0;
        }
        match self.owner {
            None => (end - start).div_ceil(CHUNK),
            Some(s) => {
                let (first, last) = (self.first_block(s), (end - 1) / BLOCK);
                if first > last {
                    0
                } else {
                    (last - first) / u64::from(s.count) + 1
                }
            }
        }
    }

    /// Piece `i` (below [`Pieces::count`]).
    pub fn get(&self, i: u64) -> Range<u64> {
        let Range { start, end } = self.range;
        match self.owner {
            None => {
                let a = start + i * CHUNK;
                a..(a + CHUNK).min(end)
            }
            Some(s) => {
                let j = self.first_block(s) + i * u64::from(s.count);
                (j * BLOCK).max(start)..((j + 1) * BLOCK).min(end)
            }
        }
    }

    /// Number of indices.
    pub fn replicates(&self) -> u64 {
        let Range { start, end } = self.range;
        match self.owner {
            _ if end <= start => 0,
            None => end - start,
            Some(s) => owned_below(end, s) - owned_below(start, s),
        }
    }
}

/// How many of the indices 0..x belong to `shard`.
fn owned_below(x: u64, shard: ShardSpec) -> u64 {
    let cycle = BLOCK * u64::from(shard.count);
    let into = (x % cycle).saturating_sub(u64::from(shard.index) * BLOCK).min(BLOCK);
    x / cycle * BLOCK + into
}

/// The key of one request: study fingerprint, n, range start and end.
pub type Key = (String, u32, u64, u64);

/// One shard's counts, by request.
pub type Slices = BTreeMap<Key, Vec<u64>>;

/// One shard's counts by (study, n), then by range start: every range
/// recorded from that start, with its counts.
type Tiles = BTreeMap<(String, u32), BTreeMap<u64, Vec<(u64, Vec<u64>)>>>;

fn tiles(slices: Slices) -> Tiles {
    let mut t = Tiles::new();
    for ((study, n, a, b), r) in slices {
        t.entry((study, n)).or_default().entry(a).or_default().push((b, r));
    }
    t
}

/// How much of a merged run came from the shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeStats {
    /// Simulated studies whose counts came from shard files.
    pub from_shards: u64,
    /// Simulated studies the merge computed itself (slices no shard
    /// recorded).
    pub computed: u64,
}

/// Where the runner's counts come from (see the module docs).
#[derive(Default)]
pub enum CountSource {
    /// Simulate every request.
    #[default]
    Simulate,
    /// Simulate this shard's slice of each request and record it.
    Shard {
        /// Which shard.
        spec: ShardSpec,
        /// The recorded slices.
        slices: Mutex<Slices>,
    },
    /// Sum the shards' slices.
    Merge {
        /// Every shard's counts, by 0-based shard index.
        shards: Vec<Tiles>,
        /// Studies taken from the shards.
        from_shards: AtomicU64,
        /// Studies simulated here.
        computed: AtomicU64,
    },
}

impl CountSource {
    /// A shard's source, with nothing recorded yet.
    pub fn shard(spec: ShardSpec) -> CountSource {
        CountSource::Shard { spec, slices: Mutex::new(BTreeMap::new()) }
    }

    /// A merge of `shards` (index k holds shard k's slices).
    pub fn merge(shards: Vec<Slices>) -> CountSource {
        let shards = shards.into_iter().map(tiles).collect();
        CountSource::Merge { shards, from_shards: AtomicU64::new(0), computed: AtomicU64::new(0) }
    }

    /// How much more cautious a search should be before it stops adding
    /// replicates ([`super::Searcher::with_caution`]): the number of
    /// shards for a shard, 1 otherwise.
    pub fn caution(&self) -> u64 {
        match self {
            CountSource::Shard { spec, .. } => u64::from(spec.count),
            _ => 1,
        }
    }

    /// A shard's recorded slices (empty for the other sources).
    pub fn into_slices(self) -> Slices {
        match self {
            CountSource::Shard { slices, .. } => slices.into_inner().unwrap_or_else(|e| e.into_inner()),
            _ => Slices::new(),
        }
    }

    /// A merge's statistics (zero for the other sources).
    pub fn stats(&self) -> MergeStats {
        match self {
            CountSource::Merge { from_shards, computed, .. } => MergeStats {
                from_shards: from_shards.load(Ordering::Relaxed),
                computed: computed.load(Ordering::Relaxed),
            },
            _ => MergeStats::default(),
        }
    }

    /// Answers the request (`study`, n, `range`) with `simulate_at(n,
    /// pieces)`, which computes the counts of any pieces of replicates at
    /// any n.
    pub(crate) fn answer(
        &self,
        study: &Study<'_>,
        mode: DrawMode,
        n: u32,
        range: Range<u64>,
        simulate_at: impl Fn(u32, &Pieces) -> Counts,
    ) -> Counts {
        let simulate = |p: &Pieces| simulate_at(n, p);
        match self {
            CountSource::Simulate => simulate(&Pieces::all(range)),
            CountSource::Shard { spec, slices } => {
                let mine = |r: Range<u64>| Pieces::owned(r, *spec);
                let part = mine(range.clone()).replicates();
                if part == 0 {
                    // Nothing of this request is ours; the whole of it is
                    // tiny (fewer replicates than a block per shard), so
                    // simulate it to guide this shard's own path.
                    return simulate(&Pieces::all(range));
                }
                let fp = fingerprint(study, mode);
                let record = |m: u32| {
                    let key = (fp.clone(), m, range.start, range.end);
                    let known = slices.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
                    known.unwrap_or_else(|| {
                        let r = simulate_at(m, &mine(range.clone())).rejections;
                        slices.lock().unwrap_or_else(|e| e.into_inner()).insert(key, r.clone());
                        r
                    })
                };
                let rejections = record(n);
                if range.start > 0 {
                    // An extension: the precision control adding replicates
                    // at the crossing. The merged run's crossing may lie one
                    // n either side of this shard's, so extend those too.
                    let sim = study.scenario().simulation();
                    for m in [n.saturating_sub(1), n.saturating_add(1)] {
                        if (sim.n_min..=sim.n_max).contains(&m) {
                            record(m);
                        }
                    }
                }
                project(&Counts { n, replicates: part, rejections }, range.end - range.start, part)
            }
            CountSource::Merge { shards, from_shards, computed } => {
                let key = (fingerprint(study, mode), n);
                let count = shards.len() as u32;
                let mut total = vec![0u64; study.counters()];
                let mut add = |r: &[u64]| total.iter_mut().zip(r).for_each(|(t, r)| *t += r);
                for (k, recorded) in shards.iter().enumerate() {
                    let spec = ShardSpec { index: k as u32, count };
                    // The shard's records that tile the range from its
                    // start, longest first; the rest is simulated here.
                    let mut at = range.start;
                    if let Some(starts) = recorded.get(&key) {
                        while at < range.end {
                            let next = starts
                                .get(&at)
                                .and_then(|ends| ends.iter().filter(|(b, _)| *b <= range.end).max_by_key(|(b, _)| *b));
                            let Some((b, r)) = next else { break };
                            add(r);
                            at = *b;
                        }
                    }
                    from_shards.fetch_add(Pieces::owned(range.start..at, spec).replicates(), Ordering::Relaxed);
                    if at < range.end {
                        let rest = Pieces::owned(at..range.end, spec);
                        if rest.replicates() > 0 {
                            computed.fetch_add(rest.replicates(), Ordering::Relaxed);
                            add(&simulate(&rest).rejections);
                        }
                    }
                }
                Counts { n, replicates: range.end - range.start, rejections: total }
            }
        }
    }
}

/// A slice's counts scaled to the whole request (rounded): a shard's guess
/// of the merged counts, which steers its own search.
fn project(c: &Counts, whole: u64, part: u64) -> Counts {
    let scale = |r: u64| ((u128::from(r) * u128::from(whole) + u128::from(part) / 2) / u128::from(part)) as u64;
    Counts { n: c.n, replicates: whole, rejections: c.rejections.iter().map(|&r| scale(r)).collect() }
}

/// A study's fingerprint: SHA-256 (first 16 hex digits) of everything that
/// determines its counts at a given n and replicate range.
fn fingerprint(study: &Study<'_>, mode: DrawMode) -> String {
    use sha2::{Digest, Sha256};
    let text = format!("{:?}\n{:?}\n{mode:?}", study.scenario(), study.priors());
    Sha256::digest(text.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_any_range_and_its_extensions() {
        for count in [1u32, 2, 3, 7, 16] {
            for range in [0..0u64, 0..5, 3..4, 0..10_000, 10_000..20_000, 17..1_000_003, 255..257] {
                let mut seen = Vec::new();
                for index in 0..count {
                    let p = Pieces::owned(range.clone(), ShardSpec { index, count });
                    let mut total = 0;
                    for i in 0..p.count() {
                        let piece = p.get(i);
                        assert!(!piece.is_empty() && piece.start >= range.start && piece.end <= range.end);
                        assert_eq!((piece.start / BLOCK) % u64::from(count), u64::from(index) % u64::from(count));
                        total += piece.end - piece.start;
                        seen.push(piece);
                    }
                    assert_eq!(total, p.replicates(), "{count} shards of {range:?}");
                }
                seen.sort_by_key(|r| r.start);
                let mut next = range.start;
                for r in seen {
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, range.end.max(range.start));
            }
        }
        // A shard's part of a..b is its part of a..c and of c..b.
        let s = ShardSpec { index: 2, count: 7 };
        let part = |r: Range<u64>| Pieces::owned(r, s).replicates();
        assert_eq!(part(1000..9000), part(1000..4321) + part(4321..9000));
    }

    #[test]
    fn projection_scales_and_rounds() {
        let c = Counts { n: 5, replicates: 3, rejections: vec![0, 1, 2, 3] };
        let p = project(&c, 10, 3);
        assert_eq!(p.replicates, 10);
        assert_eq!(p.rejections, vec![0, 3, 7, 10]);
    }
}
