//! Assurance (priors on arm parameters) against the noncentral-t power
//! integrated over a normal prior by quadrature in R
//! (`tests/references/assurance.R`, output in `assurance.R.out`), its
//! ceiling against Φ(μ/τ), its degenerate-prior limit, the prior keys'
//! refusals, and determinism.

use assert_cmd::Command;
use plan::engine::{self, Mode, NoProgress, PlanResult, RunOptions};
use plan::scenario::{Overrides, Scenario};

fn plan() -> Command {
    Command::cargo_bin("plan").unwrap()
}

fn scenario(prior: &str, replicates: u64) -> String {
    format!(
        r#"
title = "assurance"
[outcome]
name = "y"
sd = 1.0
[[arms]]
name = "control"
mean = 0.0
[[arms]]
name = "treated"
mean = 0.5
prior = {prior}
[[comparisons]]
treatment = "treated"
reference = "control"
test = "student"
[simulation]
replicates = {replicates}
seed = 17
precision = false
"#
    )
}

fn run(toml: &str, mode: Mode, threads: usize) -> PlanResult {
    let s = Scenario::from_toml(toml, "a.toml".as_ref(), &Overrides::default()).expect("valid");
    let options = RunOptions { threads, ..RunOptions::default() };
    engine::run(&s, mode, options, &NoProgress).expect("run")
}

/// Within 4 Monte Carlo SE of `reference` at `r` replicates.
fn near(got: f64, reference: f64, r: u64, what: &str) {
    let tol = 4.0 * (reference * (1.0 - reference) / r as f64).sqrt();
    assert!((got - reference).abs() <= tol, "{what}: {got} vs {reference} (4 SE = {tol})");
}

#[test]
fn normal_prior_matches_quadrature_and_the_target_n_its_window() {
    let r = run(&scenario("{ distribution = \"normal\", sd = 0.2 }", 20_000), Mode::AtN(40), 0);
    let a = r.assurance.as_ref().expect("assurance");
    // R: assurance 0.573872 at n = 40; point power (one-sided 0.025) 0.598132;
    // ceiling pnorm(0.5 / 0.2) = 0.993790.
    near(a.value, 0.573872, a.replicates, "assurance at n = 40");
    assert!((a.ceiling - 0.993790).abs() < 4.0 * (0.00621 * 0.99379 / 1e6f64).sqrt(), "{}", a.ceiling);
    assert!(a.ci_low <= a.value && a.value <= a.ci_high && a.n_per_arm == 40);
    // R: the smallest n with assurance ≥ 0.8 is 93; within 4 SE of 0.8 at
    // 20,000 replicates, n from 88 to 98.
    let n = a.target_n_per_arm.expect("reached");
    assert!((88..=98).contains(&n), "target n {n}");
    assert!(!a.above_ceiling);
}

#[test]
fn a_target_above_the_ceiling_is_said_and_not_searched() {
    // R: ceiling pnorm(0.5 / 0.6) = 0.797672 < 0.8.
    let r = run(&scenario("{ distribution = \"normal\", sd = 0.6 }", 2_000), Mode::AtN(40), 0);
    let a = r.assurance.as_ref().unwrap();
    assert!(a.above_ceiling && a.target_n_per_arm.is_none());
    assert!((a.ceiling - 0.797672).abs() < 0.002, "{}", a.ceiling);
}

#[test]
fn a_lognormal_prior_on_a_geometric_mean_matches_quadrature() {
    let toml = r#"
title = "lognormal"
[outcome]
name = "y"
distribution = "lognormal"
cv = 0.5
[[arms]]
name = "control"
geometric_mean = 1.0
[[arms]]
name = "treated"
geometric_mean = 1.3
prior = { distribution = "lognormal", sd = 0.1 }
[[comparisons]]
treatment = "treated"
reference = "control"
test = "student"
[simulation]
replicates = 20000
seed = 4
precision = false
"#;
    let r = run(toml, Mode::AtN(30), 0);
    let a = r.assurance.as_ref().unwrap();
    // R: 0.548144.
    near(a.value, 0.548144, a.replicates, "lognormal assurance at n = 30");
}

#[test]
fn a_tiny_prior_gives_the_power_and_threads_do_not_matter() {
    // A prior SD of 1e-9: every draw is the point value, so the assurance
    // is the one-sided power at 0.025 (R: 0.598132), and with the same
    // streams equals the power of the scenario tested one-sided at 0.025.
    let toml = scenario("{ distribution = \"normal\", sd = 1e-9 }", 10_000);
    let one = run(&toml, Mode::AtN(40), 1);
    let two = run(&toml, Mode::AtN(40), 2);
    assert_eq!(one.assurance, two.assurance);
    let a = one.assurance.as_ref().unwrap();
    near(a.value, 0.598132, a.replicates, "degenerate prior");
    let one_sided = toml.replace("[simulation]", "[analysis]\nsides = 1\nalpha = 0.025\n[simulation]");
    let point = run(&one_sided.replace("prior = { distribution = \"normal\", sd = 1e-9 }\n", ""), Mode::AtN(40), 0);
    assert_eq!(a.value, point.comparisons[0].power);
    // The curve rows carry the assurance; the point power is unchanged by priors.
    assert!(one.curve.iter().all(|row| row.assurance.flatten().is_some()));
}

#[test]
fn bad_priors_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (prior, says) in [
        ("{ distribution = \"beta\", sd = 0.1 }", "expected \"normal\" or \"truncated-normal\" for mean"),
        ("{ distribution = \"normal\" }", "missing required key: the prior's SD"),
        ("{ distribution = \"cauchy\", sd = 1 }", "expected \"normal\", \"truncated-normal\""),
        ("{ ci = [0.6, 0.4] }", "expected low < high"),
        ("{ ci = [0.1, 0.9], sd = 1.0 }", "not both"),
        ("{ distribution = \"truncated-normal\", sd = 0.2, lower = 0.6 }", "bounds around the arm's mean"),
        ("{ distribution = \"normal\", sd = -1 }", "an SD > 0"),
        ("{ distribution = \"normal\", sd = 1, shape = 2 }", "unknown key; expected one of distribution, sd"),
        ("0.1", "expected a table, e.g. { distribution"),
    ] {
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, scenario(prior, 100)).unwrap();
        let out = plan().arg(&path).args(["-q", "--n", "5"]).assert().code(2);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(err.contains(says) && err.contains("arms[1].prior"), "{prior}: {err}");
    }
}

#[test]
fn goal_each_has_the_ceiling_of_its_weakest_comparison_and_intervals_must_hold_the_value() {
    // Three treated arms, each with P(effect > 0) = Φ(0.5 / 0.39) = 0.9000
    // (R: pnorm(0.5 / 0.39) = 0.900088): "each" is judged on its weakest
    // comparison alone, so its ceiling is 0.90, not the joint 0.9³.
    let arm = |name: &str| {
        format!("[[arms]]\nname = \"{name}\"\nmean = 0.5\nprior = {{ distribution = \"normal\", sd = 0.39 }}\n")
    };
    let cmp = |name: &str| format!("[[comparisons]]\ntreatment = \"{name}\"\nreference = \"control\"\n");
    let toml = format!(
        "title = \"three\"\n[outcome]\nname = \"y\"\nsd = 1.0\n[[arms]]\nname = \"control\"\nmean = 0.0\n{}{}{}{}{}{}[simulation]\nreplicates = 2000\nseed = 3\nprecision = false\n",
        arm("a"), arm("b"), arm("c"), cmp("a"), cmp("b"), cmp("c")
    );
    let r = run(&toml, Mode::AtN(400), 0);
    let a = r.assurance.as_ref().unwrap();
    assert!((a.ceiling - 0.900088).abs() < 0.002, "{}", a.ceiling);
    assert!(
        a.value <= a.ceiling + 4.0 * (a.ceiling * (1.0 - a.ceiling) / 2000.0).sqrt(),
        "{} > {}",
        a.value,
        a.ceiling
    );
    assert!(!a.above_ceiling);
    // A reported interval that misses the arm's value is refused.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ci.toml");
    std::fs::write(&path, scenario("{ ci = [0.6, 0.9] }", 100)).unwrap();
    let out = plan().arg(&path).args(["-q", "--n", "5"]).assert().code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("arms[1].prior.ci") && err.contains("interval around the arm's mean 0.5"), "{err}");
}

#[test]
fn a_prior_mostly_against_the_tested_direction_is_pointed_out() {
    // The treated arm planned worse than the control (mean −0.5 with higher
    // better): the ceiling Φ(−0.5/0.2) is 0.006, and the summary says why.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("harm.toml");
    std::fs::write(
        &path,
        scenario("{ distribution = \"normal\", sd = 0.2 }", 500).replace("mean = 0.5", "mean = -0.5"),
    )
    .unwrap();
    let out = plan().arg(&path).args(["--n", "20"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Most of the prior lies against the direction") && text.contains("out of reach"), "{text}");
}

#[test]
fn size_under_the_null_is_half_alpha_one_sided() {
    // Treated = control, prior SD 1e-9: every study is drawn under the null
    // through the per-replicate prior path, and success (significant in the
    // better direction, one-sided at 0.025) must happen at 0.025 ± 4 SE.
    let toml = scenario("{ distribution = \"normal\", sd = 1e-9 }", 40_000).replace("mean = 0.5", "mean = 0.0");
    let r = run(&toml, Mode::AtN(15), 0);
    let a = r.assurance.as_ref().unwrap();
    near(a.value, 0.025, a.replicates, "size of the assurance path");
}
