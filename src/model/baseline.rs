//! Normal outcomes with a baseline covariate (the ANCOVA design): in each
//! independent arm, a subject's baseline X and outcome Y are bivariate
//! normal. The baseline is measured before treatment, so it has one
//! distribution in every arm: mean 0 (every test here depends on
//! differences only) and the control arm's SD σ_c. The outcome has its
//! arm's mean μ_g and SD σ_g and correlation ρ with the baseline:
//! Y = μ_g + ρ(σ_g/σ_c)X + ε with ε ~ N(0, σ_g²(1 − ρ²)).
//!
//! Summary path (exact, O(1) per arm): the mean vector (X̄, Ȳ) is
//! N((0, μ_g), Σ_g/n) and the scatter matrix is Wishart(n − 1, Σ_g),
//! independent of it, drawn by Bartlett's decomposition W = L·A·Aᵀ·Lᵀ with
//! L the Cholesky factor of Σ_g, A₁₁² ~ χ²(n − 1), A₂₂² ~ χ²(n − 2),
//! A₂₁ ~ N(0, 1) (Anderson, *An Introduction to Multivariate Statistical
//! Analysis*, 3rd ed., §7.2), as the paired design's sampler does for k
//! conditions. Raw path: every subject drawn, the sums accumulated.

use rand_distr::{ChiSquared, Distribution, StandardNormal};

use super::Sampler;
use crate::analysis::{ArmSummary, Baseline, Data};
use crate::engine::rng::ReplicateKey;

/// One arm's parameters: the Cholesky factor of (X, Y)'s covariance.
#[derive(Debug, Clone)]
struct Arm {
    n: u32,
    mean: f64,
    /// L = [[l11, 0], [l21, l22]].
    l11: f64,
    l21: f64,
    l22: f64,
    chi1: Option<ChiSquared<f64>>,
    chi2: Option<ChiSquared<f64>>,
}

/// The sampler of an ANCOVA design.
pub struct Arms {
    arms: Vec<Arm>,
    summaries: bool,
}

impl Arms {
    /// Arms with these sizes, means and SDs, the control's SD for the
    /// baseline, and correlation `rho`; `summaries`: draw sufficient
    /// statistics directly.
    pub fn new(sizes: &[u32], means: &[f64], sds: &[f64], baseline_sd: f64, rho: f64, summaries: bool) -> Arms {
        let arms = sizes
            .iter()
            .zip(means.iter().zip(sds))
            .map(|(&n, (&mean, &sd))| {
                let nf = f64::from(n);
                Arm {
                    n,
                    mean,
                    l11: baseline_sd,
                    l21: rho * sd,
                    l22: sd * (1.0 - rho * rho).sqrt(),
                    chi1: ChiSquared::new(nf - 1.0).ok(),
                    chi2: ChiSquared::new(nf - 2.0).ok(),
                }
            })
            .collect();
        Arms { arms, summaries }
    }
}

impl Sampler for Arms {
    fn draw(&self, key: ReplicateKey, data: &mut Data) {
        data.baseline.resize(self.arms.len(), Baseline::default());
        for (g, a) in self.arms.iter().enumerate() {
            let mut rng = key.arm(g);
            let nf = f64::from(a.n);
            let (mx, my, sxx, sxy, syy);
            if self.summaries {
                let (z1, z2): (f64, f64) = (StandardNormal.sample(&mut rng), StandardNormal.sample(&mut rng));
                let se = 1.0 / nf.sqrt();
                mx = a.l11 * z1 * se;
                my = a.mean + (a.l21 * z1 + a.l22 * z2) * se;
                // Bartlett: A = [[a11, 0], [a21, a22]]; W = (LA)(LA)ᵀ.
                let a11 = a.chi1.map_or(0.0, |c| c.sample(&mut rng)).sqrt();
                let a22 = a.chi2.map_or(0.0, |c| c.sample(&mut rng)).sqrt();
                let a21: f64 = StandardNormal.sample(&mut rng);
                let (b11, b21, b22) = (a.l11 * a11, a.l21 * a11 + a.l22 * a21, a.l22 * a22);
                (sxx, sxy, syy) = (b11 * b11, b11 * b21, b21 * b21 + b22 * b22);
            } else {
                // Shifted by the first subject for stability, as ArmSummary::from_data.
                let mut s = [0.0f64; 5];
                let (mut kx, mut ky) = (0.0, 0.0);
                for i in 0..a.n {
                    let (z1, z2): (f64, f64) = (StandardNormal.sample(&mut rng), StandardNormal.sample(&mut rng));
                    let x = a.l11 * z1;
                    let y = a.mean + a.l21 * z1 + a.l22 * z2;
                    if i == 0 {
                        (kx, ky) = (x, y);
                    }
                    let (dx, dy) = (x - kx, y - ky);
                    s[0] += dx;
                    s[1] += dy;
                    s[2] += dx * dx;
                    s[3] += dx * dy;
                    s[4] += dy * dy;
                }
                mx = kx + s[0] / nf;
                my = ky + s[1] / nf;
                (sxx, sxy, syy) = (s[2] - s[0] * s[0] / nf, s[3] - s[0] * s[1] / nf, s[4] - s[1] * s[1] / nf);
            }
            let d = (nf - 1.0).max(1.0);
            data.arms[g] = ArmSummary { n: a.n, mean: my, var: (syy / d).max(0.0) };
            data.baseline[g] = Baseline { mean: mx, var: (sxx / d).max(0.0), cov: sxy / d };
        }
    }
}
