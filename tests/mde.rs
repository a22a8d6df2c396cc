//! The minimum detectable effect (`--mde`) against closed forms and exact
//! references computed in R 4.2 (pwr 1.3-0); the commands are in
//! `tests/references/mde.R`, their output in `mde.R.out`.
//!
//! The simulated root carries Monte Carlo error: its 95% interval (from
//! inverting the Wilson interval for power) gives an SE of (high − low) /
//! (2 · 1.96), and each check allows 4 of those.

use plan::engine::{self, mde::NoMde, Mode, NoProgress, PlanResult, RunOptions};
use plan::scenario::{Overrides, Scenario};

fn run(toml: &str, n: u32, threads: usize) -> PlanResult {
    let s = Scenario::from_toml(toml, "mde.toml".as_ref(), &Overrides::default()).expect("valid");
    let options = RunOptions { threads, mde: true, ..RunOptions::default() };
    engine::run(&s, Mode::AtN(n), options, &NoProgress).expect("run")
}

/// Checks comparison `i`'s detectable difference (or `standardized`) against
/// `reference`, within 4 SE of the root's own Monte Carlo interval.
fn check(r: &PlanResult, i: usize, reference: f64, standardized: bool) {
    let m = r.comparisons[i].mde.as_ref().expect("an MDE");
    let (got, low, high) = if standardized {
        // The interval is on the difference; d is proportional to it here.
        let k = m.standardized / m.difference.unwrap();
        (m.standardized, m.ci_low * k, m.ci_high * k)
    } else {
        (m.difference.unwrap(), m.ci_low, m.ci_high)
    };
    assert!(low <= got && got <= high, "{got} outside its interval {low}..{high}");
    let se = (high - low) / (2.0 * 1.96);
    assert!(se > 0.0 && se < 0.02 * got.abs(), "interval {low}..{high} too wide or empty");
    assert!((got - reference).abs() <= 4.0 * se, "{got} vs {reference} (4 SE = {})", 4.0 * se);
}

const TWO_ARMS: &str = r#"
title = "two arms"
[outcome]
name = "y"
sd = 2.0
[[arms]]
name = "control"
mean = 10.0
[[arms]]
name = "treated"
mean = 11.0
[[comparisons]]
treatment = "treated"
reference = "control"
test = "student"
[simulation]
replicates = 20000
seed = 7
"#;

#[test]
fn student_t_matches_pwr() {
    // pwr.t.test(n = 20, power = 0.8, sig.level = 0.05)$d = 0.9091587051
    let r = run(TWO_ARMS, 20, 0);
    check(&r, 0, 0.9091587051, true);
    // In the outcome's units: d × SD 2.
    check(&r, 0, 2.0 * 0.9091587051, false);
}

#[test]
fn paired_t_matches_pwr_on_d_z() {
    // pwr.t.test(n = 15, power = 0.9, type = "paired")$d = 0.9008748166 (d_z).
    // SD 1 in each condition, correlation 0.5: the SD of differences is 1.
    let toml = r#"
title = "paired"
[outcome]
name = "y"
sd = 1.0
[design]
kind = "paired"
correlation = 0.5
[[arms]]
name = "before"
mean = 0.0
[[arms]]
name = "after"
mean = 0.5
[[comparisons]]
treatment = "after"
reference = "before"
[analysis]
target_power = 0.9
[simulation]
replicates = 20000
seed = 3
"#;
    let r = run(toml, 15, 0);
    check(&r, 0, 0.9008748166, true);
}

#[test]
fn chi_square_matches_the_exact_power_root() {
    // Exact power of prop.test(correct = FALSE), two-sided 0.05, 50 per arm,
    // control 0.3, by enumerating both binomials; uniroot for power 0.8:
    // p2 = 0.569988543, a difference of 0.269988543 (tests/references/mde.R).
    let toml = r#"
title = "binary"
[outcome]
name = "response"
distribution = "binary"
[[arms]]
name = "control"
p = 0.3
[[arms]]
name = "treated"
p = 0.5
[[comparisons]]
treatment = "treated"
reference = "control"
test = "chisq"
[simulation]
replicates = 20000
seed = 11
"#;
    let r = run(toml, 50, 0);
    check(&r, 0, 0.269988543, false);
}

#[test]
fn no_mde_is_said_why_and_results_do_not_depend_on_threads() {
    let toml = TWO_ARMS.replace(
        "test = \"student\"",
        "test = \"student\"\n[[comparisons]]\ntreatment = \"treated\"\nreference = \"control\"\nhypothesis = \"non-inferiority\"\nmargin = 1.0\nprimary = false\nlabel = \"NI\"\n[[comparisons]]\ntreatment = \"control\"\nreference = \"control2\"\nlabel = \"no effect\"\nprimary = false\n[[arms]]\nname = \"control2\"\nmean = 10.0",
    );
    let one = run(&toml, 10, 1);
    assert_eq!(one.comparisons[1].mde_unavailable, Some(NoMde::NotSuperiority));
    assert_eq!(one.comparisons[2].mde_unavailable, Some(NoMde::NoEffect));
    let two = run(&toml, 10, 2);
    assert_eq!(one.comparisons[0].mde, two.comparisons[0].mde);
    // Two per arm (2 df) cannot reach power 0.9999 even at 16 times the
    // planned effect (d = 8).
    let hard = TWO_ARMS.replace("[simulation]", "[analysis]\ntarget_power = 0.9999\n[simulation]");
    let r = run(&hard, 2, 0);
    assert_eq!(r.comparisons[0].mde_unavailable, Some(NoMde::NotReached));
}
