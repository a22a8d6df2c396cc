//! Random streams: one independent generator per (seed, replicate, arm).
//!
//! Each stream is a xoshiro256++ generator (Blackman & Vigna 2021,
//! "Scrambled linear pseudorandom number generators", ACM TOMS 47(4)) whose
//! 256-bit state is filled from SplitMix64 outputs (Steele, Lea & Flood 2014,
//! "Fast splittable pseudorandom number generators", OOPSLA) keyed by the
//! seed, the replicate index and the arm index. The generator is written
//! here ([`StreamRng`], a dozen lines of the published algorithm) rather than
//! taken from `rand_xoshiro`, whose only constructor goes through a byte
//! array: a stream is started for every arm of every simulated study, and
//! that round trip through memory cost a fifth of the whole simulation on
//! the fast path. A test checks it gives `rand_xoshiro`'s numbers exactly. Because a stream depends on
//! nothing else, results are identical for any thread count, any split of
//! the replicates across processes, and any order of evaluation; and because
//! the stream does not depend on n, the simulations at different sample
//! sizes share random numbers (common random numbers), which makes the
//! simulated power curve smooth in n.

use std::convert::Infallible;

use rand::TryRng;

/// The xoshiro256++ generator of every stream (Blackman & Vigna 2021,
/// reference code at <https://prng.di.unimi.it/xoshiro256plusplus.c>).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamRng {
    s: [u64; 4],
}

impl StreamRng {
    /// A generator with this state (not all zero).
    #[inline]
    pub fn from_state(s: [u64; 4]) -> StreamRng {
        debug_assert!(s.iter().any(|&w| w != 0));
        StreamRng { s }
    }
}

impl TryRng for StreamRng {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        // The upper bits: the lowest have linear dependencies.
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        Ok(result)
    }

    #[inline]
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        rand::rand_core::utils::fill_bytes_via_next_word(dest, || self.try_next_u64())
    }
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function (Steele et al. 2014, Fig. 2).
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Arms per replicate that get their own stream (a scenario has far fewer).
const ARM_SLOTS: u64 = 1 << 16;

/// The key of one replicate's streams; derive the arm streams from it with
/// [`ReplicateKey::arm`].
#[derive(Debug, Clone, Copy)]
pub struct ReplicateKey {
    base: u64,
    slot: u64,
}

/// The key of a run: the seed, mixed once.
#[derive(Debug, Clone, Copy)]
pub struct SeedKey(u64);

impl SeedKey {
    /// The key of `seed`.
    pub fn new(seed: u64) -> SeedKey {
        SeedKey(mix64(seed ^ 0x6A09_E667_F3BC_C908))
    }

    /// Key of replicate `replicate`.
    #[inline]
    pub fn replicate(self, replicate: u64) -> ReplicateKey {
        ReplicateKey { base: self.0, slot: replicate.wrapping_mul(ARM_SLOTS) }
    }
}

impl ReplicateKey {
    /// Key of replicate `replicate` under `seed` (mixes the seed each call;
    /// loops should hold a [`SeedKey`] instead).
    #[inline]
    pub fn new(seed: u64, replicate: u64) -> ReplicateKey {
        SeedKey::new(seed).replicate(replicate)
    }

    /// The stream of arm `arm` in this replicate: its four state words are
    /// outputs 4j+1 … 4j+4 of the SplitMix64 sequence that starts at the
    /// seed's key, with j = replicate · 2¹⁶ + arm. Distinct (replicate, arm)
    /// pairs use distinct outputs, so no two streams start alike.
    #[inline]
    pub fn arm(self, arm: usize) -> StreamRng {
        let j = self.slot.wrapping_add(arm as u64);
        let at = |i: u64| mix64(self.base.wrapping_add(GOLDEN.wrapping_mul(j.wrapping_mul(4).wrapping_add(i))));
        // An all-zero state, the one invalid xoshiro state, would need four
        // SplitMix64 outputs to be zero at once: mix64 is a bijection, so
        // each is zero for one input in 2^64, and never all four here.
        StreamRng::from_state([at(1), at(2), at(3), at(4)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn splitmix_matches_reference_output() {
        // Reference: the first outputs of SplitMix64 seeded with 0 are
        // mix64(GOLDEN), mix64(2·GOLDEN): 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4
        // (Vigna's splitmix64.c, http://prng.di.unimi.it/splitmix64.c).
        assert_eq!(mix64(GOLDEN), 0xE220_A839_7B1D_CDAF);
        assert_eq!(mix64(GOLDEN.wrapping_mul(2)), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn the_stream_generator_is_xoshiro256_plus_plus() {
        // Same state, same numbers as rand_xoshiro's implementation (which
        // reads its state from little-endian bytes).
        use rand::SeedableRng;
        for (seed, rep, arm) in [(7u64, 3u64, 1usize), (0, 0, 0), (20_261_128, 1 << 40, 5)] {
            let mut ours = ReplicateKey::new(seed, rep).arm(arm);
            let mut bytes = [0u8; 32];
            for (chunk, w) in bytes.chunks_exact_mut(8).zip(ours.s) {
                chunk.copy_from_slice(&w.to_le_bytes());
            }
            let mut theirs = rand_xoshiro::Xoshiro256PlusPlus::from_seed(bytes);
            for _ in 0..1000 {
                assert_eq!(ours.next_u64(), theirs.next_u64());
            }
            assert_eq!(ours.next_u32(), theirs.next_u32());
        }
    }

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a = ReplicateKey::new(7, 3).arm(1).next_u64();
        assert_eq!(a, ReplicateKey::new(7, 3).arm(1).next_u64());
        assert_ne!(a, ReplicateKey::new(7, 3).arm(2).next_u64());
        assert_ne!(a, ReplicateKey::new(7, 4).arm(1).next_u64());
        assert_ne!(a, ReplicateKey::new(8, 3).arm(1).next_u64());
    }
}
