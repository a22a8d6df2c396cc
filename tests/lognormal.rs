//! The lognormal model against `pwr` on the log scale (R 4.2.2, pwr 1.3.0:
//! tests/references/mann_whitney.R and .R.out, part 6): geometric means 100
//! and 125, cv 0.5 in both arms, so the SD of the logs is √ln 1.25 =
//! 0.472380727077439 and d = ln 1.25 / that. `pwr.t.test(n, d)` gives power
//! 0.307505662353725, 0.550371372321346 and 0.727833086208449 at 20, 40
//! and 60 per arm, and n = 71.32 for 80%. Simulated power within 4 Monte
//! Carlo SE of the closed form, on both data paths.

mod common;

use common::{run, se};
use plan::analysis::PowerMethod;
use plan::engine::{DataPath, Mode};
use plan::scenario::{Overrides, Scenario};

fn scenario(treated: f64, reps: u64, seed: u64) -> Scenario {
    let t = format!(
        "title = \"ln\"\n[outcome]\nname = \"VEGF\"\nunit = \"pg/mL\"\ndistribution = \"lognormal\"\ncv = 0.5\n\
         [[arms]]\nname = \"medium\"\ngeometric_mean = 100.0\n[[arms]]\nname = \"CM\"\ngeometric_mean = {treated}\n\
         [[comparisons]]\ntreatment = \"CM\"\nreference = \"medium\"\n[simulation]\nreplicates = {reps}\nseed = {seed}\n"
    );
    Scenario::from_toml(&t, "ln.toml".as_ref(), &Overrides::default()).unwrap()
}

#[test]
fn log_scale_t_matches_pwr() {
    for (n, reference) in [(20, 0.307505662353725), (40, 0.550371372321346), (60, 0.727833086208449)] {
        let s = scenario(125.0, 40_000, 100 + u64::from(n));
        for path in [DataPath::Auto, DataPath::Raw] {
            let r = run(&s, Mode::AtN(n), path);
            let c = &r.comparisons[0];
            assert_eq!(c.analytic_method, Some(PowerMethod::NoncentralT));
            // Welch's closed form with equal SDs and sizes is Student's.
            assert!((c.analytic_power.unwrap() - reference).abs() < 1e-6, "n = {n}: {:?}", c.analytic_power);
            assert!((c.power - reference).abs() <= 4.0 * se(reference, 40_000), "n = {n} {path:?}: {}", c.power);
            assert!((c.ratio.unwrap() - 1.25).abs() < 1e-12);
            assert!((c.d - 0.472380727077439).abs() < 1e-12);
        }
    }
    let rec = run(&scenario(125.0, 10_000, 110), Mode::Search, DataPath::Auto).recommendation.unwrap();
    assert_eq!(rec.n_per_arm, 72, "pwr: 71.32, so 72");
}

#[test]
fn size_on_the_log_scale_is_alpha() {
    // Equal geometric means: Welch's test on the logs of lognormal data is
    // Welch's test on normal data, size 0.05 within 4 SE.
    let c = run(&scenario(100.0, 200_000, 111), Mode::AtN(15), DataPath::Auto).comparisons.remove(0);
    assert!((c.power - 0.05).abs() <= 4.0 * se(0.05, 200_000), "{}", c.power);
}

fn with_margin(treated: f64, hypothesis: &str, reps: u64, seed: u64) -> Scenario {
    let t = format!(
        "title = \"ln\"\n[outcome]\nname = \"VEGF\"\ndistribution = \"lognormal\"\ncv = 0.5\n\
         [[arms]]\nname = \"medium\"\ngeometric_mean = 100.0\n[[arms]]\nname = \"CM\"\ngeometric_mean = {treated}\n\
         [[comparisons]]\ntreatment = \"CM\"\nreference = \"medium\"\nhypothesis = \"{hypothesis}\"\nmargin = 0.8\n\
         [simulation]\nreplicates = {reps}\nseed = {seed}\n"
    );
    Scenario::from_toml(&t, "ln.toml".as_ref(), &Overrides::default()).unwrap()
}

/// Ratio margins work on the log scale: non-inferiority with margin 0.8 is
/// a one-sided t test of the mean log difference above ln 0.8. Reference:
/// tests/references/ratio_margin.R(.out), R 4.2.2 and pwr 1.3.0,
/// `pwr.t.test(n, d = −ln 0.8/sdlog, alternative = "greater")` at true
/// ratio 1: 0.429479075747689, 0.673398674095547 and 0.823193053949121 at
/// 20, 40 and 60 per arm; TOST within 0.8 to 1.25 by exact integration:
/// 0.346812891860294 (40 per arm) and 0.646386107898118 (60).
#[test]
fn ratio_margins_match_pwr_on_the_log_scale() {
    let reps = 40_000;
    for (n, reference) in [(20, 0.429479075747689), (40, 0.673398674095547), (60, 0.823193053949121)] {
        let c = run(&with_margin(100.0, "non-inferiority", reps, 120 + u64::from(n)), Mode::AtN(n), DataPath::Auto)
            .comparisons
            .remove(0);
        assert!((c.analytic_power.unwrap() - reference).abs() < 1e-6, "n = {n}: {:?}", c.analytic_power);
        assert!((c.power - reference).abs() <= 4.0 * se(reference, reps), "n = {n}: {}", c.power);
        assert!((c.margin.unwrap() - 1.25f64.ln()).abs() < 1e-15);
        assert!((c.margin_ratio.unwrap() - 0.8).abs() < 1e-15);
    }
    for (n, reference) in [(40, 0.346812891860294), (60, 0.646386107898118)] {
        let c = run(&with_margin(100.0, "equivalence", reps, 130 + u64::from(n)), Mode::AtN(n), DataPath::Auto)
            .comparisons
            .remove(0);
        assert!((c.power - reference).abs() <= 4.0 * se(reference, reps), "TOST n = {n}: {}", c.power);
    }
    // At the margin (true ratio 0.8) the non-inferiority test's size is α.
    let c =
        run(&with_margin(80.0, "non-inferiority", 100_000, 140), Mode::AtN(25), DataPath::Auto).comparisons.remove(0);
    assert!((c.power - 0.05).abs() <= 4.0 * se(0.05, 100_000), "size {}", c.power);
}
