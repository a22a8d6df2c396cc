//! Count outcomes (Poisson and negative binomial) and their Wald test of the
//! log rate ratio, against R 4.2.2 with MASS 7.3.58.2
//! (`cd tests/references && Rscript counts.R > counts.R.out`):
//! - the statistic on fixed data sets: `glm(y ~ g, family = poisson)` and
//!   `MASS::glm.nb(y ~ g)` (θ, SE, z, p), part (a) and (b);
//! - simulated power and size with 10⁵ (Poisson) and 2·10⁴ (NB)
//!   replicates, parts (c) and (d);
//! - the closed forms: the normal approximation with the Wald variance
//!   (Zhu & Lakkis 2014 with V₀ = V₁), part (e).
//!
//! Fixed seeds; tolerances in Monte Carlo SE (combined SE against a
//! simulated reference).

mod common;

use common::{run, se};
use plan::analysis::hypothesis::{Contrast, Directional};
use plan::analysis::wald::{size_ml, LogRateRatio};
use plan::analysis::{Alternative, ArmSummary, Data, PowerMethod, Test};
use plan::engine::{DataPath, Mode};
use plan::scenario::{Overrides, Scenario};

/// Treatment counts, reference counts and three reference values.
type Case<'a> = (&'a [f64], &'a [f64], f64, f64, f64);

fn data(t: &[f64], r: &[f64]) -> Data {
    let mut d = Data::new(2);
    d.arms[0] = ArmSummary::from_data(t);
    d.arms[1] = ArmSummary::from_data(r);
    d.raw = vec![t.to_vec(), r.to_vec()];
    d
}

fn test(overdispersed: bool, alternative: Alternative) -> Directional<LogRateRatio> {
    Directional { contrast: LogRateRatio { treatment: 0, reference: 1, overdispersed }, shift: 0.0, alternative }
}

fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!((got - want).abs() <= tol * want.abs().max(1.0), "{what}: {got} vs {want}");
}

#[test]
fn poisson_wald_statistic_matches_glm() {
    // counts.R.out part (a). glm stops at a relative deviance change of
    // 1e-8, so its SE and z are good to about 1e-6; the exact closed form
    // (printed beside them) is matched to 1e-12.
    let cases: [Case; 2] = [
        (
            &[6., 8., 5., 7., 9., 4.],
            &[3., 5., 2., 4., 6., 3.],
            2.00858289044221,
            0.0445813873057532,
            0.0222906424846674,
        ),
        (&[2., 3., 1., 4., 2., 3., 5.], &[0., 1., 0., 2., 1.], 2.32410671857509, 0.0201197750529234, 0.010059808284672),
    ];
    for (t, r, z, p2, p_greater) in cases {
        let d = data(t, r);
        let (stat, df) = test(false, Alternative::TwoSided).contrast.statistic(&d, 0.0);
        assert!(df.is_infinite());
        close(stat, z, 1e-12, "z");
        close(test(false, Alternative::TwoSided).p_value(&d), p2, 1e-11, "two-sided p");
        // glm's own one-sided p (from its z, good to 1e-6).
        close(test(false, Alternative::Greater).p_value(&d), p_greater, 1e-6, "greater p");
    }
}

#[test]
fn negative_binomial_wald_matches_glm_nb() {
    // counts.R.out part (b): θ, and the z and two-sided p of the treatment
    // coefficient. glm.nb's θ iterates to about 1e-8; ours to 1e-12.
    let cases: [Case; 2] = [
        (
            &[4., 9., 2., 15., 6., 1., 11., 20., 3., 8., 0., 14.],
            &[0., 3., 1., 7., 2., 0., 5., 12., 1., 4.],
            1.37276507250466,
            1.91189184718873,
            0.0558900676174762,
        ),
        (
            &[30., 5., 2., 41., 12., 0., 9., 22., 3., 17.],
            &[10., 2., 0., 25., 3., 8., 1., 0., 14., 6.],
            0.846851413485691,
            1.40764402175646,
            0.159236505226096,
        ),
    ];
    for (t, r, theta, z, p) in cases {
        let d = data(t, r);
        close(size_ml(t, r, d.arms[0].mean, d.arms[1].mean), theta, 1e-7, "theta");
        close(test(true, Alternative::TwoSided).contrast.statistic(&d, 0.0).0, z, 1e-7, "z");
        close(test(true, Alternative::TwoSided).p_value(&d), p, 1e-7, "p");
    }
    // Not overdispersed (squared deviations below the total count): the
    // likelihood rises without bound in θ; glm.nb stops at its iteration
    // limit with θ = 926037 and the Poisson fit's SE to 3e-6. Our θ is
    // infinite and the statistic is the Poisson fit's exactly:
    // z = 1.44752861266742 (counts.R.out, NB3's Poisson fit).
    let (t, r) = ([6., 7., 6., 7., 6., 8.], [4., 5., 4., 5., 4., 6.]);
    let d = data(&t, &r);
    assert_eq!(size_ml(&t, &r, d.arms[0].mean, d.arms[1].mean), f64::INFINITY);
    close(test(true, Alternative::TwoSided).contrast.statistic(&d, 0.0).0, 1.44752861266742, 1e-9, "NB3 z");
}

fn scenario(distribution: &str, rates: (f64, f64), reps: u64, seed: u64) -> Scenario {
    let dispersion = if distribution == "negative-binomial" { "dispersion = 2.0\n" } else { "" };
    let t = format!(
        "title = \"counts\"\n[outcome]\nname = \"vessels\"\ndistribution = \"{distribution}\"\n{dispersion}\
         [[arms]]\nname = \"control\"\nrate = {}\n[[arms]]\nname = \"cm\"\nrate = {}\n\
         [[comparisons]]\ntreatment = \"cm\"\nreference = \"control\"\n[simulation]\nreplicates = {reps}\nseed = {seed}\n",
        rates.0, rates.1
    );
    Scenario::from_toml(&t, "counts.toml".as_ref(), &Overrides::default()).unwrap()
}

/// The Poisson Wald test: power at rates 4 and 5.5 with 20 per arm, R's
/// simulation 0.58523 (MC SE 0.00156, 10⁵ replicates, part (c)); the exact
/// power by enumerating both arms' totals lies within 4 of R's SE, and so
/// do our simulations on both data paths (combined SE).
#[test]
fn poisson_power_matches_r() {
    let reference = 0.58523;
    let reps = 100_000;
    for path in [DataPath::Auto, DataPath::Raw] {
        let c = run(&scenario("poisson", (4.0, 5.5), reps, 31), Mode::AtN(20), path).comparisons.remove(0);
        assert_eq!(c.analytic_method, Some(PowerMethod::Exact));
        let exact = c.analytic_power.unwrap();
        assert!((exact - reference).abs() <= 4.0 * se(reference, reps), "exact {exact}");
        let tol = 4.0 * (2.0f64).sqrt() * se(reference, reps);
        assert!((c.power - reference).abs() <= tol, "{path:?}: {}", c.power);
        assert!((c.ratio.unwrap() - 1.375).abs() < 1e-12);
    }
    // The normal approximation (part (c)): 0.582128746097253.
    let s = scenario("poisson", (4.0, 5.5), 10, 1);
    let study = plan::engine::Study::new(&s);
    let truth = study.model().truth();
    let p = LogRateRatio { treatment: 1, reference: 0, overdispersed: false }
        .power(&truth, &[20, 20], 0.0, Alternative::TwoSided, 0.05)
        .unwrap();
    close(p.value, 0.582128746097253, 1e-12, "normal approximation");
}

/// Size under the null, rates 4 and 4 (R: Poisson 0.04894, MC SE 0.00068,
/// n = 20; NB with k = 2 and n = 30: 0.057, MC SE 0.0016, part (c), (d)):
/// the NB Wald test with θ estimated is liberal in small samples, as
/// glm.nb is.
#[test]
fn size_under_the_null_matches_r() {
    let c = run(&scenario("poisson", (4.0, 4.0), 100_000, 32), Mode::AtN(20), DataPath::Auto).comparisons.remove(0);
    let tol = 4.0 * (se(0.04894, 100_000).powi(2) * 2.0).sqrt();
    assert!((c.power - 0.04894).abs() <= tol, "Poisson size {}", c.power);
    assert!((c.power - 0.05).abs() <= 4.0 * se(0.05, 100_000), "Poisson size {} not nominal", c.power);
    assert!((c.analytic_power.unwrap() - 0.05).abs() < 0.004, "exact size {:?}", c.analytic_power);
    let c = run(&scenario("negative-binomial", (4.0, 4.0), 20_000, 33), Mode::AtN(30), DataPath::Auto)
        .comparisons
        .remove(0);
    let tol = 4.0 * (se(0.057, 20_000).powi(2) * 2.0).sqrt();
    assert!((c.power - 0.057).abs() <= tol, "NB size {}", c.power);
}

/// The NB Wald test at rates 4 and 6, k = 2, 30 per arm: R's glm.nb
/// simulation 0.4847 (MC SE 0.0035, 2·10⁴ replicates, part (d)); the
/// closed form (Zhu & Lakkis with V₀ = V₁, part (e)) 0.462515363882603.
#[test]
fn negative_binomial_power_matches_glm_nb() {
    let reps = 20_000;
    let c =
        run(&scenario("negative-binomial", (4.0, 6.0), reps, 34), Mode::AtN(30), DataPath::Auto).comparisons.remove(0);
    let tol = 4.0 * (2.0f64).sqrt() * se(0.4847, reps);
    assert!((c.power - 0.4847).abs() <= tol, "NB power {}", c.power);
    assert_eq!(c.analytic_method, Some(PowerMethod::NormalApproximation));
    // MKmisc's formula keeps only the near tail; ours adds the far one,
    // Φ(−|ln 1.5|/SE − z), SE = √(V₁/30), V₁ = 1/4 + 1/6 + 2/2 = 1.41666….
    let far =
        plan::stats::normal::cdf(-(1.5f64).ln() / (1.416_666_666_666_67 / 30.0f64).sqrt() - 1.959_963_984_540_054);
    close(c.analytic_power.unwrap() - far, 0.462515363882603, 1e-12, "Zhu & Lakkis");
}

/// Non-inferiority with a rate-ratio margin 0.8 (the Wald statistic shifted
/// by ln 0.8 on the log scale). Reference: tests/references/ratio_margin.R
/// (.out), the exact power summed over both Poisson totals in R: rates 4
/// and 4 at 30 per arm 0.534008925419607; rates 3.6 and 4 (ratio 0.9)
/// 0.225491504483374. Our enumeration matches to 1e-9 and the simulation
/// within 4 MC SE.
#[test]
fn poisson_non_inferiority_with_a_ratio_margin() {
    for (rate, reference, seed) in [(4.0, 0.534008925419607, 35), (3.6, 0.225491504483374, 36)] {
        let t = format!(
            "title = \"ni\"\n[outcome]\nname = \"islets\"\ndistribution = \"poisson\"\n\
             [[arms]]\nname = \"control\"\nrate = 4.0\n[[arms]]\nname = \"cm\"\nrate = {rate}\n\
             [[comparisons]]\ntreatment = \"cm\"\nreference = \"control\"\nhypothesis = \"non-inferiority\"\nmargin = 0.8\n\
             [simulation]\nreplicates = 40000\nseed = {seed}\n"
        );
        let s = Scenario::from_toml(&t, "ni.toml".as_ref(), &Overrides::default()).unwrap();
        let c = run(&s, Mode::AtN(30), DataPath::Auto).comparisons.remove(0);
        assert_eq!(c.analytic_method, Some(PowerMethod::Exact));
        close(c.analytic_power.unwrap(), reference, 1e-9, "exact NI power");
        assert!((c.power - reference).abs() <= 4.0 * se(reference, 40_000), "{rate}: {}", c.power);
    }
}

/// Rates at the top of the accepted range run (the exact enumeration is
/// skipped when the totals' range is too wide for it, before any quantile
/// of a huge Poisson mean is asked for).
#[test]
fn huge_rates_run() {
    for (rate, exposure) in [(1e9, 1.0), (2e8, 2.0)] {
        let t = format!(
            "title = \"big\"\n[outcome]\nname = \"c\"\ndistribution = \"poisson\"\nexposure = {exposure}\n\
             [[arms]]\nname = \"a\"\nrate = {rate}\n[[arms]]\nname = \"b\"\nrate = {}\n\
             [[comparisons]]\ntreatment = \"b\"\nreference = \"a\"\n[simulation]\nreplicates = 200\n",
            rate * 0.9991
        );
        let s = Scenario::from_toml(&t, "big.toml".as_ref(), &Overrides::default()).unwrap();
        let c = run(&s, Mode::AtN(5), DataPath::Auto).comparisons.remove(0);
        assert_eq!(c.analytic_method, Some(PowerMethod::NormalApproximation));
        assert!(c.power > 0.9, "{}", c.power);
    }
}

/// The simulated size check: strongly overdispersed counts (k = 0.5, rate
/// 2) at the recommended 19 per arm, where the Wald test's size is 0.07085
/// (MC SE 0.0018) by 2·10⁴ glm.nb fits in R
/// (tests/references/nb_small_size.R(.out)): the run warns, with a size
/// within 4 combined SE of R's.
#[test]
fn a_liberal_negative_binomial_test_is_flagged() {
    let t =
        "title = \"NB small\"\n[outcome]\nname = \"count\"\ndistribution = \"negative-binomial\"\ndispersion = 0.5\n\
             [[arms]]\nname = \"control\"\nrate = 2.0\n[[arms]]\nname = \"treated\"\nrate = 8.0\n\
             [[comparisons]]\ntreatment = \"treated\"\nreference = \"control\"\n\
             [simulation]\nreplicates = 10000\nprecision = false\nseed = 37\n";
    let s = Scenario::from_toml(t, "nb.toml".as_ref(), &Overrides::default()).unwrap();
    let r = run(&s, Mode::Search, DataPath::Auto);
    let n = r.recommendation.as_ref().unwrap().n_per_arm;
    assert_eq!(n, 19, "the reference size is at 19 per arm");
    let sizes: Vec<f64> = r
        .warnings
        .iter()
        .filter_map(|w| match w {
            plan::engine::Warning::Liberal { size, method: plan::engine::result::SizeMethod::Simulated, .. } => {
                Some(*size)
            }
            _ => None,
        })
        .collect();
    assert_eq!(sizes.len(), 1, "{:?}", r.warnings);
    let tol = 4.0 * (se(0.07085, 20_000).powi(2) + se(0.07085, 10_000).powi(2)).sqrt();
    assert!((sizes[0] - 0.07085).abs() <= tol, "{}", sizes[0]);
}

/// A one-sided test looking the wrong way (higher is better, treatment
/// rate lower) is flagged whatever the n: its power stays below α.
#[test]
fn an_effect_against_the_one_sided_direction_is_flagged() {
    let t =
        "title = \"wrong\"\n[outcome]\nname = \"c\"\ndistribution = \"poisson\"\n[[arms]]\nname = \"a\"\nrate = 5\n\
             [[arms]]\nname = \"b\"\nrate = 1\n[[comparisons]]\ntreatment = \"b\"\nreference = \"a\"\n\
             [analysis]\nsides = 1\n[simulation]\nreplicates = 200\n";
    let s = Scenario::from_toml(t, "wrong.toml".as_ref(), &Overrides::default()).unwrap();
    let r = run(&s, Mode::AtN(10), DataPath::Auto);
    assert!(r.warnings.iter().any(|w| matches!(w, plan::engine::Warning::AgainstDirection { .. })));
    assert!(r.comparisons[0].power < 0.05);
}
