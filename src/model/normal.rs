//! The normal outcome model, in independent arms or paired.
//!
//! Independent arms. Raw path: each outcome is μ + σ·Z with Z from the
//! ziggurat sampler of `rand_distr` (Marsaglia & Tsang 2000, "The ziggurat
//! method for generating random variables", J. Stat. Softw. 5(8)). Summary
//! path: for n i.i.d. N(μ, σ²) values the sample mean and variance are
//! independent, mean ~ N(μ, σ²/n) and (n−1)·s²/σ² ~ χ²(n−1) (Cochran's
//! theorem; Casella & Berger, *Statistical Inference*, 2nd ed., Thm 5.3.1).
//! Drawing those two numbers is exact in distribution and costs O(1). The
//! χ² draw is `rand_distr`'s gamma sampler (Marsaglia & Tsang 2000, ACM
//! TOMS 26:363–372).
//!
//! Paired (every subject measured under k conditions): a subject's k
//! measurements are multivariate normal with the arms' means, SDs σᵢ and a
//! common correlation ρ, Σᵢⱼ = ρσᵢσⱼ, drawn as μ + L·z with L the Cholesky
//! factor of Σ. Summary path: the mean vector is N(μ, Σ/n) and the sample
//! covariance matrix is Wishart(n − 1, Σ)/(n − 1), independent, drawn
//! exactly by Bartlett's decomposition W = L·A·Aᵀ·Lᵀ, A lower triangular
//! with Aᵢᵢ² ~ χ²(n − 1 − i) and Aᵢⱼ ~ N(0, 1) below the diagonal
//! (Bartlett 1933; Anderson, *An Introduction to Multivariate Statistical
//! Analysis*, 3rd ed., §7.2): O(k²) per study, whatever n.

use rand::RngExt;
use rand_distr::{ChiSquared, Distribution, Open01, StandardNormal};

use super::{DrawMode, Layout, OutcomeModel, Sampler, Truth};
use crate::analysis::{ArmSummary, Data};
use crate::engine::rng::{ReplicateKey, StreamRng};
use crate::scenario::Scenario;

/// Normal outcomes with a mean and SD per arm.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalModel {
    means: Vec<f64>,
    sds: Vec<f64>,
    /// The control arm's SD: the baseline's SD in an ANCOVA design.
    control_sd: f64,
}

/// Registry constructor: means centred on the control arm's, so that a
/// large common offset (1e17) costs no precision (every test here depends
/// on differences of means only).
pub fn build(scenario: &Scenario) -> Box<dyn OutcomeModel> {
    let arms = scenario.arms();
    let centre = arms[scenario.control()].mean;
    let mut model =
        NormalModel::new(arms.iter().map(|a| a.mean - centre).collect(), arms.iter().map(|a| a.sd).collect());
    model.control_sd = arms[scenario.control()].sd;
    Box::new(model)
}

impl NormalModel {
    /// A model with the given per-arm means and SDs (SDs > 0, both finite;
    /// the scenario layer has checked this).
    pub fn new(means: Vec<f64>, sds: Vec<f64>) -> NormalModel {
        debug_assert_eq!(means.len(), sds.len());
        let control_sd = sds.first().copied().unwrap_or(1.0);
        NormalModel { means, sds, control_sd }
    }
}

impl OutcomeModel for NormalModel {
    fn sampler(&self, layout: Layout, sizes: &[u32], mode: DrawMode) -> Box<dyn Sampler> {
        if let Layout::Clustered { size, icc, cv } = layout {
            if cv > 0.0 || mode == DrawMode::Raw {
                // Clusters one by one: sizes that vary, or every cluster's
                // statistics for the random-intercept model.
                return Box::new(super::clustered::Clusters::new(&self.means, &self.sds, sizes, layout, mode));
            }
            // Equal sizes: a cluster's mean is normal with the cluster-mean
            // SD, so the independent arms' sampler, exact, draws the means.
            let sds = self.sds.iter().map(|&sd| crate::design::clustered::cluster_mean_sd(sd, size, icc)).collect();
            return NormalModel { sds, ..self.clone() }.sampler(Layout::Independent, sizes, mode);
        }
        match layout {
            // (Clustered layouts were mapped to independent cluster means above.)
            Layout::Independent | Layout::Clustered { .. } => {
                let arms = sizes
                    .iter()
                    .enumerate()
                    .map(|(arm, &n)| {
                        let (nf, sd) = (f64::from(n), self.sds[arm]);
                        ArmSampler {
                            n,
                            mean: self.means[arm],
                            sd,
                            se: sd / nf.sqrt(),
                            chi: Chi::new(nf - 1.0),
                            var_scale: sd * sd / (nf - 1.0),
                        }
                    })
                    .collect();
                // One sampler type per mode, so that each draw is a tight
                // loop the compiler inlines the samplers into.
                match mode {
                    DrawMode::Summaries => Box::new(Independent::<SUMMARIES> { arms }),
                    DrawMode::Observations => Box::new(Independent::<OBSERVATIONS> { arms }),
                    DrawMode::Raw => Box::new(Independent::<RAW> { arms }),
                }
            }
            Layout::Paired { correlation } => Box::new(Paired::new(self, correlation, sizes[0], mode)),
            Layout::Baseline { correlation } => Box::new(super::baseline::Arms::new(
                sizes,
                &self.means,
                &self.sds,
                self.control_sd,
                correlation,
                mode == DrawMode::Summaries,
            )),
        }
    }

    fn has_summary_path(&self, layout: Layout) -> bool {
        // Clusters of varying size are drawn one by one.
        !matches!(layout, Layout::Clustered { cv, .. } if cv > 0.0)
    }

    fn truth(&self) -> Truth {
        Truth { means: self.means.clone(), sds: self.sds.clone(), ..Truth::default() }
    }
}

/// A χ²(k) sampler. For k > 2, χ²(k) = Gamma(k/2, 2), drawn by Marsaglia
/// & Tsang's method (2000, ACM TOMS 26:363–372, §4): d = k/2 − 1/3,
/// c = 1/√(9d); repeat x ~ N(0, 1), v = (1 + cx)³ (v > 0), u ~ U(0, 1) until
/// u < 1 − 0.0331x⁴ or ln u < x²/2 + d(1 − v + ln v); return 2dv. The
/// normal and uniform draws are `rand_distr`'s `StandardNormal` and
/// `Open01`, in the order `rand_distr`'s own gamma sampler takes them, so
/// the values are the same as its `ChiSquared` (a unit test checks this);
/// written here so that the whole draw inlines into the simulation loop.
/// For k ≤ 2 (n ≤ 3) `rand_distr`'s `ChiSquared` is used as it is.
#[derive(Debug, Clone)]
pub(super) enum Chi {
    Large { d: f64, c: f64 },
    Small(ChiSquared<f64>),
}

impl Chi {
    /// χ²(k), or `None` when k ≤ 0.
    pub(super) fn new(k: f64) -> Option<Chi> {
        if k > 2.0 {
            let d = 0.5 * k - 1.0 / 3.0;
            Some(Chi::Large { d, c: 1.0 / (9.0 * d).sqrt() })
        } else {
            ChiSquared::new(k).ok().map(Chi::Small)
        }
    }

    /// One draw.
    #[inline(always)]
    pub(super) fn sample(&self, rng: &mut StreamRng) -> f64 {
        match *self {
            Chi::Large { d, c } => loop {
                let x: f64 = rng.sample(StandardNormal);
                let w = 1.0 + c * x;
                if w <= 0.0 {
                    continue;
                }
                let v = w * w * w;
                let u: f64 = rng.sample(Open01);
                let x2 = x * x;
                if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + d * (1.0 - v + v.ln()) {
                    return v * (d * 2.0);
                }
            },
            Chi::Small(ref chi) => chi.sample(rng),
        }
    }
}

/// One arm's constants at one sample size.
#[derive(Debug, Clone)]
struct ArmSampler {
    n: u32,
    mean: f64,
    sd: f64,
    /// σ/√n, the SD of the sample mean.
    se: f64,
    /// χ²(n − 1), or `None` when n < 2.
    chi: Option<Chi>,
    /// σ²/(n − 1), which turns a χ² draw into a sample variance.
    var_scale: f64,
}

impl ArmSampler {
    /// The arm's summary drawn directly (exact in distribution).
    #[inline(always)]
    fn summary(&self, rng: &mut StreamRng) -> ArmSummary {
        let z: f64 = rng.sample(StandardNormal);
        let var = self.chi.as_ref().map_or(0.0, |chi| chi.sample(rng) * self.var_scale);
        ArmSummary { n: self.n, mean: self.mean + self.se * z, var }
    }

    /// Every observation drawn, summarized as it comes: shifted sums (by the
    /// first value) for the mean and variance, as `ArmSummary::from_data`;
    /// kept in `keep` when given.
    #[inline(always)]
    fn observations(&self, rng: &mut StreamRng, keep: Option<&mut Vec<f64>>) -> ArmSummary {
        match keep {
            None => self.observe::<false>(rng, &mut Vec::new()),
            Some(buf) => {
                buf.clear();
                self.observe::<true>(rng, buf)
            }
        }
    }

    /// The loop of [`ArmSampler::observations`], compiled with and without
    /// keeping the values. The first observation is the shift, so the loop
    /// starts at the second (the first's deviation is zero).
    #[inline(always)]
    fn observe<const KEEP: bool>(&self, rng: &mut StreamRng, buf: &mut Vec<f64>) -> ArmSummary {
        let mut draw = |rng: &mut StreamRng| {
            let z: f64 = rng.sample(StandardNormal);
            let x = self.mean + self.sd * z;
            if KEEP {
                buf.push(x);
            }
            x
        };
        let k = if self.n > 0 { draw(rng) } else { 0.0 };
        let (mut s1, mut s2) = (0.0, 0.0);
        for _ in 1..self.n {
            let d = draw(rng) - k;
            s1 += d;
            s2 += d * d;
        }
        let nf = f64::from(self.n);
        let var = if self.n > 1 { ((s2 - s1 * s1 / nf) / (nf - 1.0)).max(0.0) } else { 0.0 };
        ArmSummary { n: self.n, mean: k + s1 / nf, var }
    }
}

const SUMMARIES: u8 = 0;
const OBSERVATIONS: u8 = 1;
const RAW: u8 = 2;

/// Independent arms, each from its own stream; `MODE` is one of
/// [`SUMMARIES`], [`OBSERVATIONS`] and [`RAW`].
struct Independent<const MODE: u8> {
    arms: Vec<ArmSampler>,
}

impl<const MODE: u8> Sampler for Independent<MODE> {
    #[inline(always)]
    fn draw(&self, key: ReplicateKey, data: &mut Data) {
        for (arm, a) in self.arms.iter().enumerate() {
            let mut rng = key.arm(arm);
            data.arms[arm] = match MODE {
                SUMMARIES => a.summary(&mut rng),
                OBSERVATIONS => a.observations(&mut rng, None),
                _ => a.observations(&mut rng, Some(&mut data.raw[arm])),
            };
        }
    }
}

/// Every subject under every condition, from one stream per study.
struct Paired {
    n: u32,
    means: Vec<f64>,
    /// Cholesky factor of Σ, row-major lower triangle (k × k).
    chol: Vec<f64>,
    /// χ²(n − 1 − i) for the diagonal of Bartlett's A (`None`: zero df).
    chis: Vec<Option<ChiSquared<f64>>>,
    mode: DrawMode,
}

// Matrix code reads best with explicit row and column indices.
#[allow(clippy::needless_range_loop)]
impl Paired {
    fn new(model: &NormalModel, rho: f64, n: u32, mode: DrawMode) -> Paired {
        let k = model.means.len();
        let cov = |i: usize, j: usize| {
            let r = if i == j { 1.0 } else { rho };
            r * model.sds[i] * model.sds[j]
        };
        let chol = cholesky(k, cov);
        let chis = (0..k).map(|i| ChiSquared::new(f64::from(n) - 1.0 - i as f64).ok()).collect();
        Paired { n, means: model.means.clone(), chol, chis, mode }
    }

    fn k(&self) -> usize {
        self.means.len()
    }

    /// L·v for a vector `v` (lower triangular L).
    #[inline]
    fn times_l(&self, v: &[f64], out: &mut [f64]) {
        let k = self.k();
        for i in 0..k {
            out[i] = (0..=i).map(|j| self.chol[i * k + j] * v[j]).sum();
        }
    }

    /// The summary path: mean vector and Wishart covariance.
    fn summaries(&self, rng: &mut StreamRng, data: &mut Data) {
        let k = self.k();
        let nf = f64::from(self.n);
        let mut z = [0.0f64; MAX_CONDITIONS];
        let mut lz = [0.0f64; MAX_CONDITIONS];
        for zi in z.iter_mut().take(k) {
            *zi = rng.sample(StandardNormal);
        }
        self.times_l(&z[..k], &mut lz[..k]);
        // Bartlett's A, then B = L·A; W = B·Bᵀ.
        let mut a = [0.0f64; MAX_CONDITIONS * MAX_CONDITIONS];
        for i in 0..k {
            a[i * k + i] = self.chis[i].as_ref().map_or(0.0, |c| c.sample(rng).sqrt());
            for j in 0..i {
                a[i * k + j] = rng.sample(StandardNormal);
            }
        }
        let mut b = [0.0f64; MAX_CONDITIONS * MAX_CONDITIONS];
        for i in 0..k {
            for j in 0..=i {
                b[i * k + j] = (j..=i).map(|m| self.chol[i * k + m] * a[m * k + j]).sum();
            }
        }
        data.cov.resize(k * k, 0.0);
        for i in 0..k {
            for j in 0..=i {
                let w: f64 = (0..=j).map(|m| b[i * k + m] * b[j * k + m]).sum();
                let s = w / (nf - 1.0);
                data.cov[i * k + j] = s;
                data.cov[j * k + i] = s;
            }
        }
        let root_n = nf.sqrt();
        for i in 0..k {
            data.arms[i] = ArmSummary { n: self.n, mean: self.means[i] + lz[i] / root_n, var: data.cov[i * k + i] };
        }
    }

    /// Every subject drawn: means and covariances from shifted sums (by
    /// the first subject), the observations kept when `keep`.
    fn observations(&self, rng: &mut StreamRng, data: &mut Data, keep: bool) {
        let k = self.k();
        let mut z = [0.0f64; MAX_CONDITIONS];
        let mut x = [0.0f64; MAX_CONDITIONS];
        let mut first = [0.0f64; MAX_CONDITIONS];
        let mut s1 = [0.0f64; MAX_CONDITIONS];
        let mut s2 = [0.0f64; MAX_CONDITIONS * MAX_CONDITIONS];
        if keep {
            for r in data.raw.iter_mut().take(k) {
                r.clear();
            }
        }
        for subject in 0..self.n {
            for zi in z.iter_mut().take(k) {
                *zi = rng.sample(StandardNormal);
            }
            self.times_l(&z[..k], &mut x[..k]);
            for i in 0..k {
                x[i] += self.means[i];
                if keep {
                    data.raw[i].push(x[i]);
                }
            }
            if subject == 0 {
                first[..k].copy_from_slice(&x[..k]);
            }
            for i in 0..k {
                let di = x[i] - first[i];
                s1[i] += di;
                for j in 0..=i {
                    s2[i * k + j] += di * (x[j] - first[j]);
                }
            }
        }
        let nf = f64::from(self.n);
        data.cov.resize(k * k, 0.0);
        for i in 0..k {
            for j in 0..=i {
                let c = (s2[i * k + j] - s1[i] * s1[j] / nf) / (nf - 1.0);
                data.cov[i * k + j] = c;
                data.cov[j * k + i] = c;
            }
        }
        for i in 0..k {
            let var = data.cov[i * k + i].max(0.0);
            data.arms[i] = ArmSummary { n: self.n, mean: first[i] + s1[i] / nf, var };
        }
    }
}

/// Most conditions in a paired design (the scenario layer enforces it), so
/// that a study's scratch vectors live on the stack.
pub const MAX_CONDITIONS: usize = 16;

impl Sampler for Paired {
    fn draw(&self, key: ReplicateKey, data: &mut Data) {
        let mut rng = key.arm(0);
        match self.mode {
            DrawMode::Summaries => self.summaries(&mut rng, data),
            DrawMode::Observations => self.observations(&mut rng, data, false),
            DrawMode::Raw => self.observations(&mut rng, data, true),
        }
    }
}

/// The lower Cholesky factor (row-major) of the k × k positive definite
/// matrix with entries `a(i, j)` (Golub & Van Loan, *Matrix
/// Computations*, 4th ed., Alg. 4.2.1). A correlation in (−1/(k − 1), 1)
/// keeps Σ positive definite; the scenario layer checks it.
fn cholesky(k: usize, a: impl Fn(usize, usize) -> f64) -> Vec<f64> {
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = (0..j).map(|m| l[i * k + m] * l[j * k + m]).sum();
            l[i * k + j] = if i == j { (a(i, i) - s).max(0.0).sqrt() } else { (a(i, j) - s) / l[j * k + j] };
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::SeedKey;

    #[test]
    fn chi_square_draws_equal_rand_distrs() {
        // The inlined sampler must give rand_distr's ChiSquared values, bit
        // for bit, from the same stream.
        for k in [1.0, 2.0, 3.0, 4.0, 9.0, 63.0, 126.0, 1999.0] {
            let ours = Chi::new(k).unwrap();
            let theirs = ChiSquared::new(k).unwrap();
            let (mut a, mut b) =
                (SeedKey::new(3).replicate(k as u64).arm(0), SeedKey::new(3).replicate(k as u64).arm(0));
            for _ in 0..2000 {
                assert_eq!(ours.sample(&mut a).to_bits(), theirs.sample(&mut b).to_bits(), "k = {k}");
            }
        }
    }

    #[test]
    fn cholesky_reproduces_the_matrix() {
        let a = [[4.0, 2.0, 0.6], [2.0, 5.0, 1.0], [0.6, 1.0, 3.0]];
        let l = cholesky(3, |i, j| a[i][j]);
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|m| l[i * 3 + m] * l[j * 3 + m]).sum();
                assert!((v - a[i][j]).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn paired_summaries_and_observations_have_the_same_moments() {
        // Σ = [[4, 3], [3, 9]] (SDs 2 and 3, ρ = 0.5) at n = 5: E[S] = Σ,
        // and Var(S₁₂) = (Σ₁₂² + Σ₁₁Σ₂₂)/(n − 1) = (9 + 36)/4 = 11.25
        // (Anderson 2003, Thm 3.4.4 and §7.2); the two paths must agree with
        // these within 5 Monte Carlo SEs.
        let model = NormalModel::new(vec![0.0, 1.0], vec![2.0, 3.0]);
        let seed = SeedKey::new(11);
        for mode in [DrawMode::Summaries, DrawMode::Observations] {
            let s = model.sampler(Layout::Paired { correlation: 0.5 }, &[5, 5], mode);
            let mut data = Data::new(2);
            let reps = 40_000;
            let (mut m1, mut c12, mut c12sq, mut v2) = (0.0, 0.0, 0.0, 0.0);
            for r in 0..reps {
                s.draw(seed.replicate(r), &mut data);
                m1 += data.arms[1].mean;
                c12 += data.cov(0, 1);
                c12sq += data.cov(0, 1).powi(2);
                v2 += data.arms[1].var;
            }
            let n = reps as f64;
            let (m1, c12, v2) = (m1 / n, c12 / n, v2 / n);
            let var12 = c12sq / n - c12 * c12;
            assert!((var12 - 11.25).abs() < 0.6, "{mode:?}: {var12}");
            assert!((c12 - 3.0).abs() < 5.0 * (11.25f64 / n).sqrt(), "{mode:?}: {c12}");
            assert!((m1 - 1.0).abs() < 5.0 * (9.0 / 5.0 / n).sqrt(), "{mode:?}: {m1}");
            // Var(S₂₂) = 2·9²/4 = 40.5.
            assert!((v2 - 9.0).abs() < 5.0 * (40.5f64 / n).sqrt(), "{mode:?}: {v2}");
        }
    }
}
