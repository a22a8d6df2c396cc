//! The random-intercept (mixed) model of a clustered design, as R's
//! `lme4::lmer(y ~ arm + (1 | cluster), REML = TRUE)` fits it, and the t
//! test of a treatment coefficient.
//!
//! Model: y_ij = μ_a + b_i + e_ij for measurement j of cluster i in arm a,
//! b_i ~ N(0, σ_b²), e_ij ~ N(0, σ²). It depends on the data only through
//! each cluster's size m_i, mean ȳ_i and within-cluster sum of squares
//! S_i. With γ = σ_b²/σ² and weights w_i = m_i/(1 + m_iγ), the generalized
//! least squares estimate of an arm's mean is μ̂_a = Σ w_iȳ_i / W_a
//! (W_a = Σ_{i∈a} w_i), the weighted residual sum of squares is
//! Q(γ) = Σ S_i + Σ w_i(ȳ_i − μ̂_a)², and the REML criterion profiled over
//! σ² (σ̂² = Q/(N − k)) is, up to a constant,
//! (N − k)·ln Q(γ) + Σ ln(1 + m_iγ) + Σ_a ln W_a
//! (Harville 1977, JASA 72:320–338; Searle, Casella & McCulloch, *Variance
//! Components*, 1992, §6.6). Its derivative in γ is
//! −(N − k)·Σ w_i²(ȳ_i − μ̂_a)²/Q + Σ w_i − Σ_a Σ_{i∈a} w_i²/W_a;
//! γ̂ is 0 when that is ≥ 0 at γ = 0 (a singular fit: the model is then
//! ordinary least squares on every measurement), else its root, found by
//! Brent's method ([`crate::stats::roots`]). With equal cluster sizes the
//! root is the ANOVA estimate, γ̂ = max(0, (MSB/MSW − 1)/m), used directly.
//!
//! The test: t = (μ̂_t − μ̂_r)/SE with SE² = σ̂²(1/W_t + 1/W_r) at γ̂, on the
//! between-cluster degrees of freedom C − k (C clusters, k arms: the
//! "between-within" or containment degrees of freedom of SAS PROC MIXED;
//! Schluchter & Elashoff 1990, J. Stat. Comput. Simul. 37:11–20). The arm
//! varies only between clusters, so its effect is estimated from the C
//! cluster means. With equal cluster sizes and σ̂_b² > 0 the statistic is
//! exactly Student's t on the cluster means pooled over the arms; at a
//! singular fit it uses every measurement's residual instead, and is
//! smaller. lmerTest's Satterthwaite degrees of freedom equal C − k in the
//! balanced case.
//!
//! Closed form beside the simulation: the noncentral t with each arm's
//! cluster-mean variance σ²(ICC + (1 − ICC)/m̄) divided by the relative
//! efficiency of varying cluster sizes, 1 − CV²·λ(1 − λ) (van Breukelen,
//! Candel & Berger 2007; [`crate::design::clustered::relative_efficiency`])
//! on C − k degrees of freedom (exact in distribution for equal sizes as
//! long as the fit is not singular).

use super::hypothesis::{wrap, ModelContrast};
use super::{Cluster, Data, Needs, Spec, Test};
use crate::design::clustered::mean_variance_factor;
use crate::model::Truth;
use crate::scenario::ClusterAnalysis;
use crate::stats::roots::brent;

/// The difference of two arms' means in the random-intercept model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RandomIntercept {
    /// Index of the treatment arm.
    pub treatment: usize,
    /// Index of the reference arm.
    pub reference: usize,
}

/// Registry constructor.
pub fn build(spec: &Spec) -> Box<dyn Test> {
    wrap(RandomIntercept { treatment: spec.arms[0], reference: spec.arms[1] }, spec)
}

/// The REML fit of the random-intercept model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// γ̂ = σ̂_b²/σ̂², the ratio of the variance components (0: singular).
    pub ratio: f64,
    /// σ̂², the residual (within-cluster) variance.
    pub residual: f64,
    /// Between-cluster degrees of freedom C − k.
    pub df: f64,
}

/// One arm at γ: (W_a = Σ w_i, μ̂_a).
#[inline]
fn arm_at(clusters: &[Cluster], gamma: f64) -> (f64, f64) {
    let (mut w, mut s) = (0.0, 0.0);
    for c in clusters {
        let m = f64::from(c.size);
        let wi = m / (1.0 + m * gamma);
        w += wi;
        s += wi * c.mean;
    }
    (w, s / w)
}

/// The fit's totals: N, C, k and Σ S_i, and whether every cluster has the
/// same size.
struct Totals {
    n: f64,
    c: f64,
    k: f64,
    ssw: f64,
    equal: Option<u32>,
}

impl Totals {
    fn of(arms: &[Vec<Cluster>]) -> Totals {
        let first = arms.iter().flatten().next().map_or(0, |c| c.size);
        let mut t = Totals { n: 0.0, c: 0.0, k: arms.len() as f64, ssw: 0.0, equal: Some(first) };
        for c in arms.iter().flatten() {
            t.n += f64::from(c.size);
            t.c += 1.0;
            t.ssw += c.ss;
            if c.size != first {
                t.equal = None;
            }
        }
        t
    }
}

/// (Q(γ), the derivative of the profiled REML criterion, Σ_a ln W_a).
fn score(arms: &[Vec<Cluster>], t: &Totals, gamma: f64) -> (f64, f64, f64) {
    let (mut q, mut a2, mut sum_w, mut sum_w2_over_w, mut log_w) = (t.ssw, 0.0, 0.0, 0.0, 0.0);
    for clusters in arms {
        let (w, mu) = arm_at(clusters, gamma);
        let mut w2 = 0.0;
        for c in clusters {
            let m = f64::from(c.size);
            let wi = m / (1.0 + m * gamma);
            let r2 = (c.mean - mu) * (c.mean - mu);
            q += wi * r2;
            a2 += wi * wi * r2;
            w2 += wi * wi;
        }
        sum_w += w;
        sum_w2_over_w += w2 / w;
        log_w += w.ln();
    }
    (q, -(t.n - t.k) * a2 / q + sum_w - sum_w2_over_w, log_w)
}

/// γ̂ by the ANOVA estimate (equal sizes m).
fn balanced_ratio(arms: &[Vec<Cluster>], t: &Totals, m: u32) -> f64 {
    if t.n <= t.c || t.ssw <= 0.0 {
        return 0.0;
    }
    let mut between = 0.0;
    for clusters in arms {
        let mu = clusters.iter().map(|c| c.mean).sum::<f64>() / clusters.len() as f64;
        between += clusters.iter().map(|c| (c.mean - mu) * (c.mean - mu)).sum::<f64>();
    }
    let m = f64::from(m);
    let msb = m * between / (t.c - t.k);
    let msw = t.ssw / (t.n - t.c);
    ((msb / msw - 1.0) / m).max(0.0)
}

/// A starting value for γ̂: the ANOVA estimate as if every cluster had the
/// mean size (γ̂ itself for equal sizes), at least a small positive value.
fn moment_ratio(arms: &[Vec<Cluster>], t: &Totals) -> f64 {
    let m = t.n / t.c;
    let mut between = 0.0;
    for clusters in arms {
        let mu = clusters.iter().map(|c| c.mean).sum::<f64>() / clusters.len() as f64;
        between += clusters.iter().map(|c| (c.mean - mu) * (c.mean - mu)).sum::<f64>();
    }
    let msb = m * between / (t.c - t.k);
    let msw = t.ssw / (t.n - t.c);
    ((msb / msw - 1.0) / m).max(1e-3)
}

/// γ̂ by Brent's method on the REML score (any sizes), bracketed from the
/// moment estimate outwards by factors of 2.
fn general_ratio(arms: &[Vec<Cluster>], t: &Totals) -> f64 {
    let g = |gamma: f64| score(arms, t, gamma).1;
    let g0 = g(0.0);
    if g0.is_nan() || g0 >= 0.0 || t.n <= t.c {
        return 0.0;
    }
    let start = moment_ratio(arms, t);
    let gs = g(start);
    if gs.is_nan() {
        return 0.0;
    }
    let (mut lo, mut glo, mut hi, mut ghi) = (0.0, g0, start, gs);
    if gs < 0.0 {
        // The root lies above the start: step up until the score turns.
        (lo, glo) = (start, gs);
        hi = 2.0 * start;
        ghi = g(hi);
        for _ in 0..60 {
            if ghi >= 0.0 || ghi.is_nan() {
                break;
            }
            (lo, glo) = (hi, ghi);
            hi *= 2.0;
            ghi = g(hi);
        }
        if ghi.is_nan() || ghi < 0.0 {
            return lo;
        }
    } else {
        // Below the start: halve towards 0 (whose score is negative).
        for _ in 0..60 {
            let mid = 0.5 * hi;
            let gm = g(mid);
            if gm.is_nan() {
                return 0.0;
            }
            if gm < 0.0 {
                (lo, glo) = (mid, gm);
                break;
            }
            (hi, ghi) = (mid, gm);
            if hi < 1e-12 {
                break;
            }
        }
    }
    brent(g, (lo, glo), (hi, ghi), 1e-11 * hi)
}

/// The REML fit to every arm's clusters.
pub fn fit(arms: &[Vec<Cluster>]) -> Fit {
    let t = Totals::of(arms);
    fit_with(arms, &t, t.equal.map_or_else(|| general_ratio(arms, &t), |m| balanced_ratio(arms, &t, m)))
}

/// The fit at γ̂ = `ratio`.
fn fit_with(arms: &[Vec<Cluster>], t: &Totals, ratio: f64) -> Fit {
    let (q, _, _) = score(arms, t, ratio);
    Fit { ratio, residual: q / (t.n - t.k), df: t.c - t.k }
}

/// The REML criterion at the fit, −2 × the restricted log-likelihood, as
/// `lme4::REMLcrit` reports it: (N − k)(1 + ln(2πσ̂²)) + Σ ln(1 + m_iγ̂) +
/// Σ_a ln W_a.
pub fn criterion(arms: &[Vec<Cluster>], fit: &Fit) -> f64 {
    let t = Totals::of(arms);
    let (_, _, log_w) = score(arms, &t, fit.ratio);
    let log_det: f64 = arms.iter().flatten().map(|c| (f64::from(c.size) * fit.ratio).ln_1p()).sum();
    (t.n - t.k) * (1.0 + (2.0 * std::f64::consts::PI * fit.residual).ln()) + log_det + log_w
}

impl ModelContrast for RandomIntercept {
    fn arms(&self) -> (usize, usize) {
        (self.treatment, self.reference)
    }

    fn needs(&self) -> Needs {
        Needs::Raw
    }

    /// The fit is shared by the study's comparisons ([`Data::shared`]).
    #[inline]
    fn pieces(&self, data: &Data, shift: f64) -> (f64, f64, f64) {
        let f = data.shared.mixed.get().unwrap_or_else(|| {
            let f = fit(&data.clusters);
            data.shared.mixed.set(Some(f));
            f
        });
        let (wt, mt) = arm_at(&data.clusters[self.treatment], f.ratio);
        let (wr, mr) = arm_at(&data.clusters[self.reference], f.ratio);
        (mt - mr - shift, f.residual * (1.0 / wt + 1.0 / wr), 1.0 / f.df)
    }

    /// Between-cluster degrees of freedom C − k (sizes: clusters per arm).
    fn df(&self, sizes: &[u32]) -> f64 {
        sizes.iter().map(|&n| f64::from(n)).sum::<f64>() - sizes.len() as f64
    }

    fn closed(&self, truth: &Truth, sizes: &[u32]) -> Option<(f64, f64)> {
        let cl = truth.clusters.as_ref()?;
        let (t, r) = (self.treatment, self.reference);
        let f = mean_variance_factor(cl.sizes, cl.icc, ClusterAnalysis::Mixed);
        let var = |a: usize| cl.sds[a].powi(2) * f / f64::from(sizes[a]);
        Some((truth.means[t] - truth.means[r], (var(t) + var(r)).sqrt()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::hypothesis::Contrast;
    use crate::analysis::ArmSummary;

    /// Clusters from (size, mean, ss) triples.
    fn arm(c: &[(u32, f64, f64)]) -> Vec<Cluster> {
        c.iter().map(|&(size, mean, ss)| Cluster { size, mean, ss }).collect()
    }

    /// Three arms of four clusters of 3 measurements each; the cluster
    /// means vary more than their within-cluster noise, so σ̂_b² > 0.
    fn balanced() -> Vec<Vec<Cluster>> {
        vec![
            arm(&[(3, 10.2, 1.1), (3, 11.9, 0.4), (3, 9.1, 2.0), (3, 12.4, 0.9)]),
            arm(&[(3, 13.0, 0.7), (3, 11.1, 1.6), (3, 14.6, 0.5), (3, 12.2, 1.2)]),
            arm(&[(3, 9.4, 0.8), (3, 10.8, 1.9), (3, 12.9, 0.6), (3, 11.3, 1.0)]),
        ]
    }

    /// The ANOVA shortcut and Brent's root of the REML score agree for
    /// equal sizes, and the score is zero there.
    #[test]
    fn balanced_shortcut_is_the_reml_root() {
        let arms = balanced();
        let t = Totals::of(&arms);
        assert_eq!(t.equal, Some(3));
        let (a, b) = (balanced_ratio(&arms, &t, 3), general_ratio(&arms, &t));
        assert!(a > 0.0);
        assert!((a - b).abs() < 1e-9 * a, "{a} vs {b}");
        assert!(score(&arms, &t, a).1.abs() < 1e-9);
    }

    /// Equal sizes and σ̂_b² > 0: the mixed model's t is Student's t on the
    /// cluster means with the variance pooled over every arm, on C − k df.
    #[test]
    fn balanced_fit_is_students_t_on_the_cluster_means() {
        let arms = balanced();
        let data = Data {
            arms: arms.iter().map(|a| ArmSummary::from_data(&a.iter().map(|c| c.mean).collect::<Vec<_>>())).collect(),
            clusters: arms.clone(),
            ..Data::default()
        };
        let (t, df) = RandomIntercept { treatment: 1, reference: 0 }.statistic(&data, 0.0);
        let pooled = data.arms.iter().map(|a| a.var).sum::<f64>() / 3.0;
        let (m1, m0) = (data.arms[1].mean, data.arms[0].mean);
        let student = (m1 - m0) / (pooled * (0.25 + 0.25)).sqrt();
        assert_eq!(df, 9.0);
        assert!((t - student).abs() < 1e-12, "{t} vs {student}");
    }

    /// When the cluster means vary less than their noise, the fit is
    /// singular (γ̂ = 0) and the model is least squares on every
    /// measurement: σ̂² = (Σ S_i + Σ m_i(ȳ_i − ȳ_a)²)/(N − k).
    #[test]
    fn singular_fit_is_least_squares() {
        let arms = vec![arm(&[(4, 10.0, 9.0), (4, 10.1, 8.0)]), arm(&[(4, 11.0, 7.5), (4, 10.95, 9.5)])];
        let f = fit(&arms);
        assert_eq!(f.ratio, 0.0);
        let between = 4.0 * (0.05f64.powi(2) * 2.0 + 0.025f64.powi(2) * 2.0);
        assert!((f.residual - (34.0 + between) / 14.0).abs() < 1e-12, "{}", f.residual);
    }
}
