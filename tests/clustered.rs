//! The clustered design analysed on the cluster means, against R 4.2.2 and
//! pwr 1.3.0 (`cd tests/references && Rscript clustered.R >
//! clustered.R.out`): 5 measurements per cluster, ICC 0.1, total SD 10,
//! means 50 and 55, so a cluster mean has SD 10·√0.28 and d = 0.944911 on
//! the means. `pwr.t.test` gives power 0.5998160728376 at 12 clusters per
//! arm and 0.829404629047929 at 20, and n = 18.59 for 80% (so 19); R's
//! simulation of the measurements themselves (cluster effect + residual,
//! `t.test` on cluster means) gives 0.59795 (MC SE 0.0035) at 12.
//! Fixed seeds; tolerances of 4 Monte Carlo SE.

mod common;

use common::{run, se, within};
use plan::analysis::PowerMethod;
use plan::engine::{DataPath, Mode};
use plan::scenario::{Overrides, Scenario};

fn scenario(treated: f64, reps: u64, seed: u64) -> Scenario {
    let t = format!(
        "title = \"clustered\"\n[outcome]\nname = \"density\"\nsd = 10\n[design]\nkind = \"clustered\"\ncluster_size = 5\n\
         icc = 0.1\nunit = \"rat\"\n[[arms]]\nname = \"control\"\nmean = 50\n[[arms]]\nname = \"cm\"\nmean = {treated}\n\
         [[comparisons]]\ntreatment = \"cm\"\nreference = \"control\"\ntest = \"student\"\n\
         [simulation]\nreplicates = {reps}\nseed = {seed}\n"
    );
    Scenario::from_toml(&t, "cl.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn power_on_cluster_means_matches_pwr() {
    let reps = 50_000;
    for (n, reference) in [(12, 0.5998160728376), (20, 0.829404629047929)] {
        for path in [DataPath::Auto, DataPath::Raw] {
            let r = run(&scenario(55.0, reps, 300 + u64::from(n)), Mode::AtN(n), path);
            let c = &r.comparisons[0];
            assert_eq!(c.analytic_method, Some(PowerMethod::NoncentralT));
            assert!((c.analytic_power.unwrap() - reference).abs() < 1e-9, "{:?}", c.analytic_power);
            assert!((c.power - reference).abs() <= 4.0 * se(reference, reps), "n = {n} {path:?}: {}", c.power);
            assert_eq!(r.design.design_effect, Some(1.4));
            assert_eq!(r.subject.singular, "rat");
        }
    }
    // R's simulation of the measurements agrees with the cluster-mean model.
    let c = run(&scenario(55.0, reps, 310), Mode::AtN(12), DataPath::Auto).comparisons.remove(0);
    let tol = 4.0 * (se(0.59795, 20_000).powi(2) + se(0.59795, reps).powi(2)).sqrt();
    assert!((c.power - 0.59795).abs() <= tol, "{}", c.power);
    let rec = run(&scenario(55.0, 10_000, 311), Mode::Search, DataPath::Auto).recommendation.unwrap();
    assert_eq!(rec.n_per_arm, 19, "pwr: 18.59");
    use plan::export::Exporter;
    let result = run(&scenario(55.0, 10_000, 311), Mode::Search, DataPath::Auto);
    let summary = String::from_utf8(plan::export::Summary.serialize(&result).unwrap()).unwrap();
    assert!(summary.contains("Measurements: 5 per rat, 95 per arm, 190 in total."), "{summary}");
}

#[test]
fn size_on_cluster_means() {
    let reps = 100_000;
    let c = run(&scenario(50.0, reps, 312), Mode::AtN(6), DataPath::Auto).comparisons.remove(0);
    assert!((c.power - 0.05).abs() <= 4.0 * se(0.05, reps), "{}", c.power);
}

/// The cluster word names n even when `subject` names what is measured
/// (mice in litters): n counts litters.
#[test]
fn the_cluster_unit_names_n() {
    let t = "title = \"litters\"\nsubject = \"mouse\"\nsubjects = \"mice\"\n[outcome]\nname = \"weight\"\nsd = 10\n\
             [design]\nkind = \"clustered\"\ncluster_size = 4\nicc = 0.1\nunit = \"litter\"\n\
             [[arms]]\nname = \"control\"\nmean = 50\n[[arms]]\nname = \"cm\"\nmean = 55\n\
             [[comparisons]]\ntreatment = \"cm\"\nreference = \"control\"\n[simulation]\nreplicates = 200\n";
    let s = Scenario::from_toml(t, "lit.toml".as_ref(), &Overrides::default()).unwrap();
    let r = run(&s, Mode::AtN(10), DataPath::Auto);
    assert_eq!((r.subject.singular.as_str(), r.subject.plural.as_str()), ("litter", "litters"));
}

/// A two-arm scenario: clustered (`design` holds its keys) or parallel
/// (`design` empty), Student's t, SD `sd`.
fn two_arm(sd: f64, design: &str, reps: u64, seed: u64) -> Scenario {
    let t = format!(
        "title = \"eq\"\n[outcome]\nname = \"y\"\nsd = {sd}\n{design}\n[[arms]]\nname = \"control\"\nmean = 50\n\
         [[arms]]\nname = \"cm\"\nmean = 55\n[[comparisons]]\ntreatment = \"cm\"\nreference = \"control\"\n\
         test = \"student\"\n[simulation]\nreplicates = {reps}\nseed = {seed}\n"
    );
    Scenario::from_toml(&t, "eq.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// ICC = 1: the measurements of a cluster are identical, so a cluster is
/// one measurement of SD σ: the same power, study for study (same seed),
/// as a parallel design with SD σ, on both data paths.
#[test]
fn icc_one_is_one_measurement_per_cluster() {
    let clustered = two_arm(10.0, "[design]\nkind = \"clustered\"\ncluster_size = 5\nicc = 1", 20_000, 330);
    let parallel = two_arm(10.0, "", 20_000, 330);
    for path in [DataPath::Auto, DataPath::Raw] {
        let (a, b) = (run(&clustered, Mode::AtN(12), path), run(&parallel, Mode::AtN(12), path));
        assert_eq!(a.comparisons[0].power, b.comparisons[0].power, "{path:?}");
        assert_eq!(a.comparisons[0].analytic_power, b.comparisons[0].analytic_power);
        assert_eq!(a.design.design_effect, Some(5.0));
    }
}

/// ICC = 0 and analysis = "means": a cluster's mean is the average of m
/// independent measurements, SD σ/√m (10/√4 = 5, exact in floating
/// point): the same power, study for study, as a parallel design of SD 5.
#[test]
fn icc_zero_is_m_independent_measurements_averaged() {
    let clustered =
        two_arm(10.0, "[design]\nkind = \"clustered\"\ncluster_size = 4\nicc = 0\nanalysis = \"means\"", 20_000, 331);
    let parallel = two_arm(5.0, "", 20_000, 331);
    for path in [DataPath::Auto, DataPath::Raw] {
        let (a, b) = (run(&clustered, Mode::AtN(6), path), run(&parallel, Mode::AtN(6), path));
        assert_eq!(a.comparisons[0].power, b.comparisons[0].power, "{path:?}");
        assert_eq!(a.comparisons[0].analytic_power, b.comparisons[0].analytic_power);
        assert_eq!(a.design.design_effect, Some(1.0));
    }
}

// ------------------------------------------- the random-intercept (mixed) model
//
// References: `Rscript tests/references/mixed.R > tests/references/mixed.out`
// (R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, pwr 1.3-0): lme4::lmer(y ~ arm +
// (1 | cluster), REML) and the t test of the arm on C − k degrees of freedom.

use plan::analysis::hypothesis::Contrast;
use plan::analysis::mixed::{criterion, fit, RandomIntercept};
use plan::analysis::{Cluster, Data};

/// Clusters from R's per-cluster summaries (m_i, ȳ_i, within SS).
fn clusters(c: &[(u32, f64, f64)]) -> Vec<Cluster> {
    c.iter().map(|&(size, mean, ss)| Cluster { size, mean, ss }).collect()
}

fn close(got: f64, want: f64, rel: f64, what: &str) {
    assert!((got - want).abs() <= rel * want.abs().max(1e-300), "{what}: {got} vs {want}");
}

/// mixed.out section 1: both fixed data sets, to lmer's optimizer accuracy.
#[test]
fn mixed_fit_matches_lmer_on_fixed_data() {
    // (a) 3 arms, cluster sizes 3,5,4 / 2,6,3,4 / 5,5,3.
    let arms = vec![
        clusters(&[(3, 10.8133333333333, 0.271266666666667), (5, 12.328, 0.41628), (4, 11.01, 0.3874)]),
        clusters(&[
            (2, 13.055, 0.09245),
            (6, 11.985, 0.45015),
            (3, 13.5533333333333, 0.280466666666667),
            (4, 12.575, 0.2789),
        ]),
        clusters(&[(5, 13.472, 0.35548), (5, 12.468, 0.40808), (3, 13.84, 0.1134)]),
    ];
    let f = fit(&arms);
    close(f.ratio.sqrt(), 2.2363870916, 1e-5, "theta");
    close(f.residual.sqrt(), 0.318835737299, 1e-6, "sigma");
    close(criterion(&arms, &f), 49.0251932574, 1e-8, "REMLcrit");
    assert_eq!(f.df, 7.0);
    let data = Data { clusters: arms, ..Data::default() };
    for (t, est, se, p) in
        [(1, 1.39297982546, 0.559714520551, 0.0416738159264), (2, 1.86534176289, 0.59668840344, 0.016699219074)]
    {
        let c = RandomIntercept { treatment: t, reference: 0 };
        let (num, var, _) = c.parts(&data, 0.0);
        close(num, est, 1e-6, "estimate");
        close(var.sqrt(), se, 1e-6, "SE");
        let (stat, df) = c.statistic(&data, 0.0);
        let two_sided = 2.0 * plan::stats::central::t_sf(stat.abs(), df);
        close(two_sided, p, 1e-5, "p");
    }
    // (b) 2 arms × 3 clusters of 4, MSB < MSW: a singular fit, least squares.
    let arms = vec![
        clusters(&[(4, 10.05, 2.33), (4, 10.025, 2.6675), (4, 10.05, 2.21)]),
        clusters(&[(4, 10.825, 1.5875), (4, 10.8, 2.0), (4, 10.825, 2.3075)]),
    ];
    let f = fit(&arms);
    assert_eq!(f.ratio, 0.0);
    close(f.residual.sqrt(), 0.771828800298, 1e-10, "sigma");
    close(criterion(&arms, &f), 56.0074381084, 1e-10, "REMLcrit");
    let data = Data { clusters: arms, ..Data::default() };
    let (num, var, _) = RandomIntercept { treatment: 1, reference: 0 }.parts(&data, 0.0);
    close(num, 0.775, 1e-12, "estimate");
    close(var.sqrt(), 0.315097788252, 1e-10, "SE");
}

/// A two-arm clustered scenario with a mixed and a Student (cluster means)
/// comparison of the same arms.
fn mixed_scenario(diff: f64, design: &str, reps: u64, seed: u64) -> Scenario {
    let t = format!(
        "title = \"mixed\"\n[outcome]\nname = \"y\"\nsd = 1\n[design]\nkind = \"clustered\"\n{design}\n\
         analysis = \"mixed\"\n[[arms]]\nname = \"control\"\nmean = 0\n[[arms]]\nname = \"cm\"\nmean = {diff}\n\
         [[comparisons]]\ntreatment = \"cm\"\nreference = \"control\"\nlabel = \"mixed\"\n\
         [[comparisons]]\ntreatment = \"cm\"\nreference = \"control\"\nlabel = \"means\"\ntest = \"student\"\n\
         primary = false\n[simulation]\nreplicates = {reps}\nseed = {seed}\n"
    );
    Scenario::from_toml(&t, "mixed.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// mixed.out section 2: 2 × 8 clusters of 5, ICC 0.1, difference 0.5 SD.
/// lmer: power 0.4035 (10⁴ studies); the t test on cluster means 0.4153
/// (pwr.t.test: 0.420927521361). With equal sizes the two agree study for
/// study except at singular fits (18% of studies), where the mixed model's
/// standard error pools every measurement and is larger: it never rejects
/// when the means test does not (R: 0 of 10⁴), so with common random
/// numbers its power is at most the means test's.
#[test]
fn mixed_power_matches_lmer_with_equal_sizes() {
    let reps = 50_000;
    let r = run(&mixed_scenario(0.5, "cluster_size = 5\nicc = 0.1", reps, 340), Mode::AtN(8), DataPath::Auto);
    let (mixed, means) = (&r.comparisons[0], &r.comparisons[1]);
    assert_eq!(mixed.test, plan::scenario::TestKind::Mixed);
    within(mixed.power, 0.4035, reps, 10_000, "mixed vs lmer");
    within(means.power, 0.420927521361, reps, u64::MAX, "means vs pwr");
    assert!(mixed.power <= means.power, "{} > {}", mixed.power, means.power);
    // The closed form is the means test's (it ignores singular fits).
    assert!((mixed.analytic_power.unwrap() - 0.420927521361).abs() < 1e-9, "{:?}", mixed.analytic_power);
}

/// mixed.out sections 2 and 3, under the null: lmer's sizes 0.0423 (equal
/// sizes; conservative by construction, from the singular fits) and 0.0512
/// (sizes varying with CV 0.5, ICC 0.2, 2 × 10 clusters; here 0.0526 with
/// 10⁵ studies: the between-cluster df are slightly liberal when sizes
/// vary, as with lmer).
#[test]
fn mixed_size_matches_lmer() {
    let reps = 100_000;
    for (design, n, reference, seed) in [
        ("cluster_size = 5\nicc = 0.1", 8, 0.0423, 341),
        ("cluster_size = 5\ncluster_size_cv = 0.5\nicc = 0.2", 10, 0.0512, 342),
    ] {
        let r = run(&mixed_scenario(0.0, design, reps, seed), Mode::AtN(n), DataPath::Auto);
        within(r.comparisons[0].power, reference, reps, 10_000, design);
    }
    let equal = run(&mixed_scenario(0.0, "cluster_size = 5\nicc = 0.1", reps, 341), Mode::AtN(8), DataPath::Auto);
    assert!(equal.comparisons[0].power <= 0.05, "{}", equal.comparisons[0].power);
}

/// mixed.out section 3: sizes max(1, round(5G)), G gamma with CV 0.5; 2 ×
/// 10 clusters, ICC 0.2, difference 0.6. lmer 0.5368; the unweighted t test
/// on cluster means 0.5114: weighting clusters by their size gains power.
/// The size distribution's exact moments: E[m] = 5.00081495169, E[1/m] =
/// 0.26779569852, SD 2.51512548178.
#[test]
fn mixed_power_matches_lmer_with_varying_sizes() {
    use plan::design::clustered::SizeMoments;
    let s = SizeMoments::of(5, 0.5);
    close(s.mean, 5.00081495169, 1e-10, "E[m]");
    close(s.mean_inverse, 0.26779569852, 1e-10, "E[1/m]");
    close(s.cv * s.mean, 2.51512548178, 1e-10, "SD(m)");
    let reps = 50_000;
    let design = "cluster_size = 5\ncluster_size_cv = 0.5\nicc = 0.2";
    let r = run(&mixed_scenario(0.6, design, reps, 343), Mode::AtN(10), DataPath::Auto);
    within(r.comparisons[0].power, 0.5368, reps, 10_000, "mixed");
    within(r.comparisons[1].power, 0.5114, reps, 10_000, "means");
    assert_eq!(r.design.mean_cluster_size, Some(s.mean));
    // The closed form with van Breukelen's efficiency loss is approximate.
    let closed = r.comparisons[0].analytic_power.unwrap();
    assert!((closed - 0.5368).abs() < 0.02, "{closed}");
}

/// mixed.out section 4: 4 arms × 6 clusters of 4, ICC 0.15, one lmer fit
/// per study over every arm, each treatment tested on 20 df.
#[test]
fn mixed_multi_arm_matches_lmer() {
    let mut t = String::from(
        "title = \"m\"\n[outcome]\nname = \"y\"\nsd = 1\n[design]\nkind = \"clustered\"\ncluster_size = 4\n\
         icc = 0.15\nanalysis = \"mixed\"\n[[arms]]\nname = \"A\"\nmean = 0\n",
    );
    for (name, m) in [("B", 0.3), ("C", 0.5), ("D", 0.7)] {
        t += &format!("[[arms]]\nname = \"{name}\"\nmean = {m}\n");
    }
    for name in ["B", "C", "D"] {
        t += &format!("[[comparisons]]\ntreatment = \"{name}\"\nreference = \"A\"\n");
    }
    t += "[simulation]\nreplicates = 40000\nseed = 344\n";
    let s = Scenario::from_toml(&t, "m.toml".as_ref(), &Overrides::default()).unwrap();
    let r = run(&s, Mode::AtN(6), DataPath::Auto);
    for (c, reference) in r.comparisons.iter().zip([0.1332, 0.2734, 0.4828]) {
        within(c.power, reference, 40_000, 5_000, &c.label);
    }
}

/// The outputs of a clustered design: what n counts, the measurements, the
/// degrees of freedom, and the trade-off table (same budget within 10%,
/// the scenario's row the run's own estimate, power falling with fewer
/// clusters at this ICC).
#[test]
fn clustered_outputs_and_the_tradeoff_table() {
    let r = run(&scenario(55.0, 4_000, 350), Mode::Search, DataPath::Auto);
    let rec = r.recommendation.as_ref().unwrap();
    assert_eq!(r.design.unit, plan::design::Unit::ClustersPerArm);
    assert_eq!(rec.measurements, Some(f64::from(rec.n_total) * 5.0));
    // Student's t on cluster means pooled over the two arms: 2n − 2 df.
    assert_eq!(r.comparisons[0].df, Some(f64::from(2 * rec.n_per_arm - 2)));
    let t = &r.design.tradeoff;
    assert!(t.len() >= 4, "{t:?}");
    let own = t.iter().find(|row| row.scenario).unwrap();
    assert_eq!((own.cluster_size, own.clusters_per_arm), (5, rec.n_per_arm));
    assert_eq!(own.power, rec.power);
    let budget = own.measurements_per_arm;
    for row in t {
        assert!((row.measurements_per_arm - budget).abs() <= 0.1 * budget, "{row:?}");
    }
    let (first, last) = (&t[0], &t[t.len() - 1]);
    assert!(first.cluster_size < last.cluster_size && first.power > last.power, "{t:?}");
    // The mixed model's df: clusters − arms over the whole study.
    let m = run(&mixed_scenario(0.5, "cluster_size = 5\nicc = 0.1", 1_000, 351), Mode::AtN(8), DataPath::Auto);
    assert_eq!(m.comparisons[0].df, Some(14.0));
}
