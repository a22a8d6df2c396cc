//! Micro-timings of the per-replicate parts of the summary path.
use plan::engine::rng::ReplicateKey;
use rand::{Rng, RngExt};
use rand_distr::{ChiSquared, Distribution, StandardNormal};
fn main() {
    let n = 2_000_000u64;
    let t = std::time::Instant::now();
    let mut acc = 0u64;
    for rep in 0..n / 2 {
        let k = ReplicateKey::new(1, rep);
        for arm in 0..2 {
            acc ^= k.arm(arm).next_u64();
        }
    }
    eprintln!("seed+1 draw: {:.1} ns/arm ({acc})", t.elapsed().as_nanos() as f64 / n as f64);
    let mut rng = ReplicateKey::new(1, 0).arm(0);
    let t = std::time::Instant::now();
    let mut s = 0.0;
    for _ in 0..n {
        let z: f64 = rng.sample(StandardNormal);
        s += z;
    }
    eprintln!("normal: {:.1} ns ({s})", t.elapsed().as_nanos() as f64 / n as f64);
    let chi = ChiSquared::new(63.0).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..n {
        s += chi.sample(&mut rng);
    }
    eprintln!("chi2(63): {:.1} ns ({s})", t.elapsed().as_nanos() as f64 / n as f64);
}
