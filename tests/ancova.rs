//! The ANCOVA design (outcome ~ arm + baseline) against R 4.2.2's `lm`
//! (`cd tests/references && Rscript ancova.R > ancova.R.out`; every
//! vectorized statistic there checked against `lm` on 1000 replicates):
//! - the statistic on a fixed data set: coefficient 6.9556121219424, SE
//!   1.2658658713875, t 5.49474654397504, p 0.000103063091036253, df 13;
//! - power, means 100 and 115, SD 20, ρ = 0.6, 10⁵ studies: 0.48644,
//!   0.81411, 0.94272 at 10, 20 and 30 per arm; the closed form (noncentral
//!   t, variance × (1 − ρ²), df 2n − 3) 0.506984371375118,
//!   0.823017975759798, 0.946205875934278;
//! - size at 10 per arm (2·10⁵): 0.05001 two-sided, 0.05034 one-sided;
//! - three arms in one model (ρ = 0.5, 15 per arm, 5·10⁴): each
//!   coefficient 0.3302 and 0.33084, Holm rejecting A 0.26084;
//! - non-inferiority with margin 10 at 20 per arm: 0.60796, and its size at
//!   the margin 0.05047 (10⁵).
//!
//! Fixed seeds; tolerances of 4 combined Monte Carlo SE, on both data paths.

mod common;

use common::{run, se, within};
use plan::analysis::ancova::AdjustedDifference;
use plan::analysis::hypothesis::{Contrast, Directional};
use plan::analysis::{Alternative, ArmSummary, Baseline, Data, PowerMethod, Test};
use plan::engine::{DataPath, Mode};
use plan::scenario::{Overrides, Scenario};

fn arm(x: &[f64], y: &[f64]) -> (ArmSummary, Baseline) {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum::<f64>() / (n - 1.0);
    (ArmSummary::from_data(y), Baseline { mean: mx, var: ArmSummary::from_data(x).var, cov })
}

#[test]
fn statistic_matches_lm() {
    let (r, rb) = arm(&[98., 105., 110., 92., 101., 99., 120., 88.], &[101., 104., 115., 95., 99., 103., 118., 93.]);
    let (t, tb) = arm(&[102., 95., 111., 107., 90., 100., 97., 104.], &[112., 103., 121., 116., 96., 110., 104., 115.]);
    let data = Data { arms: vec![r, t], baseline: vec![rb, tb], ..Data::default() };
    let contrast = AdjustedDifference { treatment: 1, reference: 0 };
    let (stat, df) = contrast.statistic(&data, 0.0);
    assert_eq!(df, 13.0);
    assert!((stat - 5.49474654397504).abs() < 1e-12, "{stat}");
    let (num, var, _) = contrast.parts(&data, 0.0);
    assert!((num - 6.9556121219424).abs() < 1e-12 && (var.sqrt() - 1.2658658713875).abs() < 1e-12);
    for (alternative, p) in
        [(Alternative::TwoSided, 0.000103063091036253), (Alternative::Greater, 5.15315455181263e-05)]
    {
        let test = Directional { contrast, shift: 0.0, alternative };
        assert!((test.p_value(&data) / p - 1.0).abs() < 1e-9, "{alternative:?}");
    }
}

fn scenario(means: &[f64], rho: f64, extra: &str, analysis: &str, reps: u64, seed: u64) -> Scenario {
    let mut t = format!(
        "title = \"ancova\"\n[outcome]\nname = \"y\"\nsd = 20\n[design]\nkind = \"ancova\"\nbaseline_correlation = {rho}\n"
    );
    let names = ["control", "A", "B"];
    for (name, m) in names.iter().zip(means) {
        t += &format!("[[arms]]\nname = \"{name}\"\nmean = {m}\n");
    }
    for name in &names[1..means.len()] {
        t += &format!("[[comparisons]]\ntreatment = \"{name}\"\nreference = \"control\"\n{extra}\n");
    }
    t += &format!("[analysis]\n{analysis}\n[simulation]\nreplicates = {reps}\nseed = {seed}\n");
    Scenario::from_toml(&t, "ancova.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn power_matches_lm_and_the_closed_form() {
    let reps = 50_000;
    for (n, reference, closed) in
        [(10, 0.48644, 0.506984371375118), (20, 0.81411, 0.823017975759798), (30, 0.94272, 0.946205875934278)]
    {
        for path in [DataPath::Auto, DataPath::Raw] {
            let c = run(&scenario(&[100.0, 115.0], 0.6, "", "", reps, 200 + u64::from(n)), Mode::AtN(n), path)
                .comparisons
                .remove(0);
            within(c.power, reference, reps, 100_000, &format!("n = {n} {path:?}"));
            assert_eq!(c.analytic_method, Some(PowerMethod::NoncentralT));
            assert!((c.analytic_power.unwrap() - closed).abs() < 1e-9, "{:?}", c.analytic_power);
        }
    }
}

#[test]
fn size_matches_lm() {
    let reps = 100_000;
    for (sides, reference, seed) in [(2, 0.05001, 210), (1, 0.05034, 211)] {
        let s = scenario(&[100.0, 100.0], 0.6, "", &format!("sides = {sides}"), reps, seed);
        let c = run(&s, Mode::AtN(10), DataPath::Auto).comparisons.remove(0);
        within(c.power, reference, reps, 200_000, &format!("{sides}-sided size"));
        assert!((c.power - 0.05).abs() <= 4.0 * se(0.05, reps), "{sides}-sided size {}", c.power);
    }
}

#[test]
fn three_arms_in_one_model_with_holm() {
    let reps = 50_000;
    let s = scenario(&[100.0, 110.0, 110.0], 0.5, "", "", reps, 212);
    let r = run(&s, Mode::AtN(15), DataPath::Auto);
    within(r.comparisons[0].power, 0.3302, reps, 50_000, "A");
    within(r.comparisons[1].power, 0.33084, reps, 50_000, "B");
    let s = scenario(&[100.0, 110.0, 110.0], 0.5, "", "multiplicity = \"holm\"", reps, 213);
    let r = run(&s, Mode::AtN(15), DataPath::Auto);
    within(r.comparisons[0].power, 0.26084, reps, 50_000, "Holm A");
}

#[test]
fn non_inferiority_on_the_adjusted_difference() {
    let reps = 100_000;
    let ni = "hypothesis = \"non-inferiority\"\nmargin = 10";
    let c =
        run(&scenario(&[100.0, 100.0], 0.6, ni, "", reps, 214), Mode::AtN(20), DataPath::Auto).comparisons.remove(0);
    within(c.power, 0.60796, reps, 100_000, "NI power");
    let c = run(&scenario(&[100.0, 90.0], 0.6, ni, "", reps, 215), Mode::AtN(20), DataPath::Auto).comparisons.remove(0);
    within(c.power, 0.05047, reps, 100_000, "NI size at the margin");
    assert!((c.power - 0.05).abs() <= 4.0 * se(0.05, reps));
}

/// With baseline_correlation = 0 the baseline explains nothing: ANCOVA's
/// power is the two-sample t test's at the same n with one degree of
/// freedom fewer. Reference (R 4.2.2): d = 0.5, n = 30 per arm, df = 57,
/// `ncp <- 0.5*sqrt(15); q <- qt(0.975, 57); 1 - pt(q, 57, ncp) + pt(-q, 57, ncp)`
/// = 0.477672130902. The simulation also pays for the chance imbalance of
/// an irrelevant baseline, a relative loss in the noncentrality of order
/// 1/(2N) (here about 0.4%, a power loss near 0.004), inside the tolerance.
#[test]
fn without_correlation_it_is_the_t_test_less_one_df() {
    let reps = 20_000;
    let c =
        run(&scenario(&[100.0, 110.0], 0.0, "", "", reps, 220), Mode::AtN(30), DataPath::Auto).comparisons.remove(0);
    let reference = 0.477672130902;
    assert!((c.analytic_power.unwrap() - reference).abs() < 1e-9, "{:?}", c.analytic_power);
    assert!((c.power - reference).abs() <= 4.0 * se(reference, reps), "{}", c.power);
}
