//! Multi-arm studies: family-wise error of every multiplicity procedure,
//! type-I error of non-inferiority and TOST at the margin, and power against
//! closed-form references (noncentral t at Bonferroni's α/m and at
//! Dunnett's critical value, noncentral F for ANOVA). Fixed seeds;
//! tolerances of 4 Monte Carlo standard errors.

mod common;

use common::{run, se};
use plan::engine::{DataPath, Mode};
use plan::scenario::{Overrides, Scenario};

/// A control and `means.len()` treatments vs control, plus extra TOML.
fn many_to_one(
    means: &[f64],
    control_weight: f64,
    extra_analysis: &str,
    comparisons_extra: &str,
    reps: u64,
    seed: u64,
) -> Scenario {
    let mut t = String::from("title = \"multi-arm\"\n[outcome]\nname = \"y\"\nsd = 1.0\n");
    t += &format!("[[arms]]\nname = \"control\"\nmean = 0.0\nallocation = {control_weight}\n");
    for (i, m) in means.iter().enumerate() {
        t += &format!("[[arms]]\nname = \"t{i}\"\nmean = {m}\n");
    }
    for i in 0..means.len() {
        t += &format!("[[comparisons]]\ntreatment = \"t{i}\"\nreference = \"control\"\ntest = \"student\"\n");
    }
    t += comparisons_extra;
    t += &format!("[analysis]\n{extra_analysis}\n[simulation]\nreplicates = {reps}\nseed = {seed}\nn_max = 3000\n");
    Scenario::from_toml(&t, "multi.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}\n{t}"))
}

#[test]
fn family_wise_error_is_controlled_under_the_global_null() {
    // Reference: the exact FWER. Dunnett's single-step test has FWER = α
    // exactly. For Bonferroni, Holm and Hochberg on these pairwise Student
    // tests (3 treatments vs control, n = 10 per arm, two-sided α = 0.05) it
    // is below α because the statistics share the control: 0.0445876 for
    // Bonferroni and Holm (which rejects something exactly when Bonferroni
    // does) and 0.0455222 for Hochberg, by quadrature
    // (`python3 tests/references/many_to_one_fwer.py`; see tests/null_size.rs,
    // which also checks partial nulls). FWER = P(any primary rejected).
    let r = 40_000;
    let cases = [
        ("bonferroni", 2, 1.0, 0.0445876),
        ("holm", 2, 1.0, 0.0445876),
        ("hochberg", 2, 1.0, 0.0455222),
        ("dunnett", 2, 1.0, 0.05),
        ("dunnett", 1, 1.0, 0.05),
        ("dunnett", 2, 3f64.sqrt(), 0.05),
        ("dunnett", 1, 2.0, 0.05),
    ];
    for (i, &(procedure, sides, w, exact)) in cases.iter().enumerate() {
        let s = many_to_one(
            &[0.0, 0.0, 0.0],
            w,
            &format!("multiplicity = \"{procedure}\"\nsides = {sides}"),
            "",
            r,
            400 + i as u64,
        );
        let res = run(&s, Mode::AtN(10), DataPath::Auto);
        let fwer = res.goal.power_any;
        let tol = 4.0 * se(exact, r);
        assert!((fwer - exact).abs() <= tol, "{procedure} {sides}-sided w={w}: FWER {fwer}, exact {exact}");
        // Without correction, three tests inflate the FWER well above alpha.
        if procedure == "bonferroni" {
            let none = many_to_one(&[0.0, 0.0, 0.0], w, "multiplicity = \"none\"", "", r, 499);
            assert!(run(&none, Mode::AtN(10), DataPath::Auto).goal.power_any > 0.09);
        }
    }
}

#[test]
fn non_inferiority_and_tost_hold_alpha_at_the_margin() {
    // At the boundary of the null hypothesis the rejection rate is α for
    // non-inferiority (a one-sided t test; Welch's within far less than the
    // tolerance at n = 60 with equal SDs) and slightly below α for TOST
    // (Schuirmann 1987). Exact TOST size at the margin, σ = 1, n = 60 per
    // arm, α = 0.05 per side, by integrating over the sample variances
    // (`python3 tests/references/tost_size.py`, SciPy 1.17.1): Student
    // 0.0499278, Welch 0.0499057.
    let r = 40_000;
    let margin = 0.5;
    for (i, (hyp, true_diff, higher)) in [
        ("non-inferiority", -margin, true),
        ("non-inferiority", margin, false),
        ("equivalence", margin, true),
        ("equivalence", -margin, true),
    ]
    .into_iter()
    .enumerate()
    {
        for test in ["welch", "student"] {
            let t = format!(
                "title = \"m\"\n[outcome]\nname = \"y\"\nsd = 1.0\nhigher_is_better = {higher}\n\
                 [[arms]]\nname = \"ref\"\nmean = 0.0\n[[arms]]\nname = \"new\"\nmean = {true_diff}\n\
                 [[comparisons]]\ntreatment = \"new\"\nreference = \"ref\"\nhypothesis = \"{hyp}\"\nmargin = {margin}\ntest = \"{test}\"\n\
                 [simulation]\nreplicates = {r}\nseed = {}\n",
                500 + i
            );
            let s = Scenario::from_toml(&t, "m.toml".as_ref(), &Overrides::default()).unwrap();
            let rate = run(&s, Mode::AtN(60), DataPath::Auto).comparisons[0].power;
            let exact = match (hyp, test) {
                ("equivalence", "student") => 0.0499278,
                ("equivalence", _) => 0.0499057,
                _ => 0.05,
            };
            let tol = 4.0 * se(exact, r);
            assert!((rate - exact).abs() <= tol, "{hyp} {test} diff {true_diff}: rate {rate}, exact {exact}");
        }
    }
}

/// Asserts simulated power within 4 MC SE of the closed form, for every
/// comparison that has one.
fn assert_matches_closed_form(s: &Scenario, n: u32, what: &str) {
    let res = run(s, Mode::AtN(n), DataPath::Auto);
    for c in &res.comparisons {
        let a = c.analytic_power.unwrap_or_else(|| panic!("{what}: {} has no closed form", c.label));
        let tol = 4.0 * se(a, res.replicates);
        assert!((c.power - a).abs() <= tol, "{what}: {} simulated {} vs closed form {a} (tol {tol})", c.label, c.power);
    }
}

#[test]
fn power_matches_closed_forms_under_multiplicity() {
    let r = 20_000;
    // Bonferroni: each comparison is a t test at α/3 (noncentral t, exact).
    assert_matches_closed_form(
        &many_to_one(&[0.5, 0.8, 1.0], 1.0, "multiplicity = \"bonferroni\"", "", r, 600),
        25,
        "bonferroni",
    );
    // Dunnett: each Tᵢ is marginally noncentral t on the pooled ν, compared
    // with Dunnett's critical value (exact under equal variances).
    assert_matches_closed_form(
        &many_to_one(&[0.5, 0.8, 1.0], 1.0, "multiplicity = \"dunnett\"", "", r, 601),
        25,
        "dunnett",
    );
    assert_matches_closed_form(
        &many_to_one(&[0.6, 0.6], 2.0, "multiplicity = \"dunnett\"\nsides = 1", "", r, 602),
        20,
        "dunnett one-sided 2:1",
    );
}

#[test]
fn power_matches_closed_forms_for_non_inferiority_tost_and_anova() {
    let r = 20_000;
    // Non-inferiority: one-sided noncentral t with δ shifted by the margin.
    let ni = "[[comparisons]]\ntreatment = \"t0\"\nreference = \"t1\"\nhypothesis = \"non-inferiority\"\nmargin = 0.4\nprimary = false\ntest = \"student\"\n";
    // TOST: the noncentral-t approximation (Phillips 1990), accurate at this n.
    let tost = "[[comparisons]]\ntreatment = \"t1\"\nreference = \"t0\"\nhypothesis = \"equivalence\"\nmargin = 0.6\nprimary = false\ntest = \"student\"\n";
    // ANOVA: noncentral F with λ = Σ nᵢ(μᵢ − μ̄)²/σ² (Cohen 1988, ch. 8).
    let anova = "[[comparisons]]\ntest = \"anova\"\narms = [\"control\", \"t0\", \"t1\"]\nprimary = false\nlabel = \"omnibus\"\n";
    let extra = format!("{ni}{tost}{anova}");
    assert_matches_closed_form(&many_to_one(&[0.3, 0.3], 1.0, "", &extra, r, 700), 40, "NI/TOST/ANOVA");
}

#[test]
fn goals_order_as_they_must() {
    // P(all) ≤ each comparison's power ≤ P(any), so n(any) ≤ n(each) ≤ n(all).
    let n = |goal: &str| {
        let s =
            many_to_one(&[0.6, 0.7, 0.8], 1.0, &format!("multiplicity = \"holm\"\ngoal = \"{goal}\""), "", 4000, 800);
        let res = run(&s, Mode::Search, DataPath::Auto);
        assert_eq!(res.goal.name.name(), goal);
        let rec = res.recommendation.unwrap();
        assert!(rec.reached);
        assert!(res.goal.power_all <= res.goal.power_any);
        rec.n_per_arm
    };
    let (any, each, all) = (n("any"), n("each"), n("all"));
    assert!(any < each && each < all, "any {any}, each {each}, all {all}");
}

#[test]
fn sqrt_k_allocation_advice_is_computed_and_saves_participants() {
    // Many-to-one with k = 3 equal effects: the √k:1 control allocation
    // minimizes the total for a fixed precision (Dunnett 1955 §5), so its
    // total must not exceed the equal allocation's by more than rounding.
    let s = many_to_one(&[0.6, 0.6, 0.6], 1.0, "multiplicity = \"dunnett\"", "", 4000, 900);
    let res = run(&s, Mode::Search, DataPath::Auto);
    let a = res.allocation_advice.expect("advice for k = 3");
    assert_eq!((a.control.as_str(), a.k), ("control", 3));
    assert!((a.sqrt_k.weights[0] - 3f64.sqrt()).abs() < 1e-12);
    assert!(a.sqrt_k.n_total <= a.scenario.n_total, "√k total {} vs equal {}", a.sqrt_k.n_total, a.scenario.n_total);
    assert!(a.scenario.reached && a.sqrt_k.reached);
    // No advice when the scenario already uses √k:1.
    let s = many_to_one(&[0.6, 0.6, 0.6], 3f64.sqrt(), "multiplicity = \"dunnett\"", "", 2000, 901);
    assert!(run(&s, Mode::Search, DataPath::Auto).allocation_advice.is_none());
}

#[test]
fn hair_scenario_answers_both_questions_in_one_run() {
    let s = Scenario::from_file("scenarios/hair.toml".as_ref(), &Overrides::default()).unwrap();
    let res = run(&s, Mode::Search, DataPath::Auto);
    let rec = res.recommendation.as_ref().unwrap();
    assert!(rec.reached);
    assert_eq!(res.settings.multiplicity.name(), "dunnett");
    let dunnett: Vec<_> = res.comparisons.iter().filter(|c| c.test == plan::scenario::TestKind::Dunnett).collect();
    assert_eq!(dunnett.len(), 3);
    for c in &dunnett {
        assert!(c.power >= 0.8 - 4.0 * c.mc_se, "{}: {}", c.label, c.power);
        // Dunnett's per-comparison level lies between Bonferroni's α/3 and α.
        let a = c.adjusted_alpha.unwrap();
        assert!(a > 0.05 / 3.0 && a < 0.05, "{a}");
    }
    let ni = res.comparisons.iter().find(|c| c.hypothesis == plan::scenario::HypothesisKind::NonInferiority).unwrap();
    assert!(!ni.primary && ni.n_per_arm.is_some() && ni.margin == Some(8.65));
    assert_eq!(ni.adjusted_alpha, Some(0.05));
}

#[test]
fn raw_and_summary_paths_agree_on_multi_arm_designs() {
    // The summary path is exact in distribution, so both paths estimate the
    // same power; independent estimates differ by at most 4·√(se₁² + se₂²).
    let r = 20_000;
    let extra = "[[comparisons]]\ntreatment = \"t0\"\nreference = \"t1\"\nhypothesis = \"non-inferiority\"\nmargin = 0.4\nprimary = false\n\
                 [[comparisons]]\ntreatment = \"t1\"\nreference = \"t0\"\nhypothesis = \"equivalence\"\nmargin = 0.6\nprimary = false\n\
                 [[comparisons]]\ntest = \"anova\"\narms = [\"control\", \"t0\", \"t1\"]\nprimary = false\nlabel = \"omnibus\"\n";
    for (i, analysis) in [
        "multiplicity = \"dunnett\"",
        "multiplicity = \"holm\"\ngoal = \"all\"",
        "multiplicity = \"hochberg\"\nsides = 1",
    ]
    .into_iter()
    .enumerate()
    {
        let s = many_to_one(&[0.4, 0.5], 1.5, analysis, extra, r, 1000 + i as u64);
        let a = run(&s, Mode::AtN(30), DataPath::Auto);
        let b = run(&s, Mode::AtN(30), DataPath::Raw);
        assert_eq!(a.settings.data_path, plan::engine::DataSource::Summary);
        assert_eq!(b.settings.data_path, plan::engine::DataSource::Raw);
        for (x, y) in a.comparisons.iter().zip(&b.comparisons) {
            let tol = 4.0 * (se(x.power, r).powi(2) + se(y.power, r).powi(2)).sqrt();
            assert!((x.power - y.power).abs() <= tol, "{analysis}: {} summary {} raw {}", x.label, x.power, y.power);
        }
        for (x, y) in [(a.goal.power_all, b.goal.power_all), (a.goal.power_any, b.goal.power_any)] {
            let tol = 4.0 * (se(x, r).powi(2) + se(y, r).powi(2)).sqrt();
            assert!((x - y).abs() <= tol, "{analysis}: goal {x} vs {y}");
        }
    }
}
