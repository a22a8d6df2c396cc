//! Size of every test under its null hypothesis, against independent
//! references: the one-way ANOVA F test (exact with equal SDs; a simulated
//! reference where the SDs differ), one-sided t tests and Dunnett when lower
//! is better, and the exact family-wise error of Bonferroni, Holm and
//! Hochberg for three treatments against one control, under the global and
//! under partial nulls. Fixed seeds; tolerances of 4 Monte Carlo SE (of the
//! combined SE where the reference is itself simulated).

mod common;

use common::{run, se};
use plan::engine::{DataPath, Mode, PlanResult};
use plan::scenario::{Overrides, Scenario};

/// One arm: name, mean, SD, allocation weight.
type ArmSpec<'a> = (&'a str, f64, f64, f64);

/// A scenario from arms, raw `[[comparisons]]` text and `[analysis]` lines.
fn scenario(arms: &[ArmSpec<'_>], comparisons: &str, analysis: &str, higher: bool, reps: u64, seed: u64) -> Scenario {
    let mut t = format!("title = \"null\"\n[outcome]\nname = \"y\"\nsd = 1.0\nhigher_is_better = {higher}\n");
    for (name, mean, sd, w) in arms {
        t += &format!("[[arms]]\nname = \"{name}\"\nmean = {mean}\nsd = {sd}\nallocation = {w}\n");
    }
    t += comparisons;
    t += &format!("[analysis]\n{analysis}\n[simulation]\nreplicates = {reps}\nseed = {seed}\n");
    Scenario::from_toml(&t, "null.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}\n{t}"))
}

/// `[[comparisons]]` of each treatment against "control" with `test`.
fn versus_control(treatments: &[&str], test: &str) -> String {
    treatments
        .iter()
        .map(|t| format!("[[comparisons]]\ntreatment = \"{t}\"\nreference = \"control\"\ntest = \"{test}\"\n"))
        .collect()
}

fn anova(arms: &[ArmSpec<'_>]) -> String {
    let names: Vec<String> = arms.iter().map(|a| format!("\"{}\"", a.0)).collect();
    format!("[[comparisons]]\ntest = \"anova\"\narms = [{}]\nlabel = \"omnibus\"\n", names.join(", "))
}

fn assert_rate(rate: f64, reference: f64, tol: f64, what: &str) {
    eprintln!("{what}: simulated {rate:.6} reference {reference:.7} diff/tol {:.2}", (rate - reference) / tol);
    assert!((rate - reference).abs() <= tol, "{what}: simulated {rate} vs reference {reference} (tol {tol})");
}

// ---------------------------------------------------------------- ANOVA

#[test]
fn anova_size_is_nominal_with_equal_sds() {
    // Reference: with equal SDs and equal means the F statistic is exactly
    // F(g − 1, N − g) (Fisher 1925; Montgomery §3.3), so the size is α for
    // any allocation. Both data paths.
    let r = 200_000;
    let three: [ArmSpec; 3] = [("a", 5.0, 2.0, 1.0), ("b", 5.0, 2.0, 1.0), ("c", 5.0, 2.0, 1.0)];
    let four: [ArmSpec; 4] = [("a", 0.0, 1.0, 1.0), ("b", 0.0, 1.0, 1.0), ("c", 0.0, 1.0, 2.0), ("d", 0.0, 1.0, 0.5)];
    let cases: [(&[ArmSpec], f64, u32); 3] = [(&three, 0.05, 10), (&four, 0.05, 12), (&four, 0.01, 12)];
    for (i, (arms, alpha, n)) in cases.into_iter().enumerate() {
        for path in [DataPath::Auto, DataPath::Raw] {
            let s = scenario(arms, &anova(arms), &format!("alpha = {alpha}"), true, r, 1100 + i as u64);
            let rate = run(&s, Mode::AtN(n), path).comparisons[0].power;
            assert_rate(rate, alpha, 4.0 * se(alpha, r), &format!("ANOVA case {i} {path:?}"));
        }
    }
}

#[test]
fn anova_size_with_unequal_sds_matches_a_simulated_reference() {
    // With unequal SDs the F test is not exact: liberal when the larger
    // variance sits in the smaller arm, conservative when in the larger arm
    // (Box 1954, Ann. Math. Statist. 25:290–302). Reference:
    // `python3 tests/references/anova_size.py` (NumPy/SciPy, 2·10⁷ studies
    // from the exact sufficient statistics, seed 20261128; output in
    // tests/references/anova_size.out):
    //   n = (10, 10, 10), SD (1, 1, 2): 0.063524 (MC SE 0.000055), liberal;
    //   n = (20, 20, 10), SD (1, 1, 2): 0.122612 (MC SE 0.000073), liberal;
    //   n = (10, 10, 20), SD (1, 1, 2): 0.021873 (MC SE 0.000033), conservative.
    let r = 200_000;
    let cases: [(f64, f64, f64, f64, f64); 3] = [
        // (allocation of arm c, n, reference size, its MC SE, direction: +1 liberal, −1 conservative)
        (1.0, 10.0, 0.063524, 0.000055, 1.0),
        (0.5, 20.0, 0.122612, 0.000073, 1.0),
        (2.0, 10.0, 0.021873, 0.000033, -1.0),
    ];
    for (i, (w, n, reference, ref_se, direction)) in cases.into_iter().enumerate() {
        let arms: [ArmSpec; 3] = [("a", 0.0, 1.0, 1.0), ("b", 0.0, 1.0, 1.0), ("c", 0.0, 2.0, w)];
        let s = scenario(&arms, &anova(&arms), "", true, r, 1200 + i as u64);
        let res = run(&s, Mode::AtN(n as u32), DataPath::Auto);
        let rate = res.comparisons[0].power;
        let tol = 4.0 * (se(reference, r).powi(2) + ref_se.powi(2)).sqrt();
        assert_rate(rate, reference, tol, &format!("ANOVA unequal SD case {i}"));
        // The reference's own direction relative to α is far beyond its SE.
        assert!(direction * (reference - 0.05) > 10.0 * ref_se);
        // No closed form is claimed where the F test is not exact.
        assert_eq!(res.comparisons[0].analytic_power, None);
    }
}

// ------------------------------------------------- one-sided, lower is better

#[test]
fn one_sided_t_tests_hold_alpha_when_lower_is_better() {
    // With higher_is_better = false a one-sided test looks for treatment <
    // reference. Under equal means Student's test is exact (size α); Welch's
    // is checked at n = 40 with unequal SDs, where its deviation from α is
    // far below the tolerance (Best & Rayner 1987). Both data paths.
    let r = 100_000;
    for (i, (test, sd_t, w, n, alpha)) in [
        ("student", 1.0, 1.0, 12, 0.05),
        ("student", 1.0, 2.0, 10, 0.025),
        ("welch", 1.0, 1.0, 40, 0.05),
        ("welch", 2.0, 0.5, 40, 0.05),
    ]
    .into_iter()
    .enumerate()
    {
        let arms: [ArmSpec; 2] = [("control", 3.0, 1.0, 1.0), ("treated", 3.0, sd_t, w)];
        for path in [DataPath::Auto, DataPath::Raw] {
            let s = scenario(
                &arms,
                &versus_control(&["treated"], test),
                &format!("sides = 1\nalpha = {alpha}"),
                false,
                r,
                1300 + i as u64,
            );
            let rate = run(&s, Mode::AtN(n), path).comparisons[0].power;
            assert_rate(rate, alpha, 4.0 * se(alpha, r), &format!("{test} lower-is-better case {i} {path:?}"));
        }
    }
}

#[test]
fn one_sided_t_test_looks_the_right_way_when_lower_is_better() {
    // n = 20 per arm, Student, one-sided α = 0.05, lower is better. A
    // treatment 0.5 SD *lower* is an effect in the favoured direction; one
    // 0.5 SD *higher* is harm, and must almost never reject. R 4.2.2, pwr
    // 1.3-0 (tests/references/lower_is_better.R):
    // pwr.t.test(n = 20, d = 0.5, alternative = "greater")$power = 0.4633743;
    // pwr.t.test(n = 20, d = -0.5, alternative = "greater")$power = 0.0006909.
    let r = 100_000;
    for (i, (mean, reference)) in [(-0.5, 0.4633743), (0.5, 0.0006909)].into_iter().enumerate() {
        let arms: [ArmSpec; 2] = [("control", 0.0, 1.0, 1.0), ("treated", mean, 1.0, 1.0)];
        let s = scenario(&arms, &versus_control(&["treated"], "student"), "sides = 1", false, r, 1350 + i as u64);
        let rate = run(&s, Mode::AtN(20), DataPath::Auto).comparisons[0].power;
        assert_rate(rate, reference, 4.0 * se(reference, r), &format!("treated mean {mean}"));
    }
}

#[test]
fn one_sided_dunnett_holds_alpha_and_looks_the_right_way_when_lower_is_better() {
    // Global null: Dunnett's single-step test has FWER = α exactly, for
    // equal and for √3:1 allocation.
    let r = 100_000;
    for (i, w) in [1.0, 3f64.sqrt()].into_iter().enumerate() {
        let arms: [ArmSpec; 4] =
            [("control", 1.0, 1.0, w), ("t0", 1.0, 1.0, 1.0), ("t1", 1.0, 1.0, 1.0), ("t2", 1.0, 1.0, 1.0)];
        let s = scenario(
            &arms,
            &versus_control(&["t0", "t1", "t2"], "student"),
            "sides = 1\nmultiplicity = \"dunnett\"",
            false,
            r,
            1400 + i as u64,
        );
        let res = run(&s, Mode::AtN(10), DataPath::Auto);
        assert_rate(res.goal.power_any, 0.05, 4.0 * se(0.05, r), &format!("Dunnett lower-is-better FWER, w = {w}"));
    }
    // One treatment better (0.8 SD lower), one null, one worse (0.8 SD
    // higher); n = 10 per arm, ν = 36. Reference, R 4.2.2 + mvtnorm 1.1-3
    // (tests/references/lower_is_better.R): one-sided critical value
    // qmvt(0.95, tail = "lower.tail", df = 36, corr = 0.5 off-diagonal) =
    // 2.132729; each member's marginal rejection probability is then exact:
    // better pt(−c, 36, ncp = −0.8/√(2/10)) = 0.3748639; null
    // 1 − pt(c, 36) = 0.0199184; worse pt(−c, 36, ncp = +1.789) = 7.4e-5.
    let arms: [ArmSpec; 4] =
        [("control", 0.0, 1.0, 1.0), ("better", -0.8, 1.0, 1.0), ("null", 0.0, 1.0, 1.0), ("worse", 0.8, 1.0, 1.0)];
    let s = scenario(
        &arms,
        &versus_control(&["better", "null", "worse"], "student"),
        "sides = 1\nmultiplicity = \"dunnett\"",
        false,
        r,
        1450,
    );
    let res = run(&s, Mode::AtN(10), DataPath::Auto);
    for (c, reference) in res.comparisons.iter().zip([0.3748639, 0.0199184, 7.4e-5]) {
        assert_rate(c.power, reference, 4.0 * se(reference, r).max(1.0 / r as f64), &c.label);
    }
    // The engine's reported one-sided level is the same marginal level.
    let level = res.comparisons[1].adjusted_alpha.expect("Dunnett level");
    assert!((level - 0.0199184).abs() < 1e-5, "Dunnett one-sided level {level}");
}

// ------------------------------------------- multiplicity: exact references

/// Exact rejection probabilities of one procedure for three treatments vs
/// one control (n = 10 per arm, σ = 1, pairwise Student t tests on 18 df,
/// two-sided α = 0.05): P(any), P(all), and each comparison's.
struct Exact {
    means: [f64; 3],
    procedure: &'static str,
    any: f64,
    all: f64,
    each: [f64; 3],
}

/// Reference: `python3 tests/references/many_to_one_fwer.py` (SciPy 1.17.1;
/// output in tests/references/many_to_one_fwer.out). Given the control's
/// mean and variance the three comparisons are independent, and every
/// procedure's decisions depend only on which of (0, α/3], (α/3, α/2],
/// (α/2, α], (α, 1] each p-value falls in; so the probabilities are sums
/// over the 4³ patterns, integrated over the control's mean and variance by
/// Gauss–Hermite and generalized Gauss–Laguerre quadrature (80 nodes; 120
/// nodes agree to 7 digits; a 10⁷-study NumPy simulation agrees within its
/// error). Under the global null P(any) is the FWER: 0.0445876 for
/// Bonferroni (and Holm, which rejects something exactly when Bonferroni
/// does), 0.0455222 for Hochberg, below α because the statistics share the
/// control (correlation 0.5). With means (1.2, 1.2, 0) the FWER is the null
/// comparison's rate: α/3 for Bonferroni, and larger for Holm (0.0344032)
/// and Hochberg (0.0367591), whose later steps test it at α/2 and α.
const EXACT: [Exact; 9] = [
    Exact { means: [0.0; 3], procedure: "bonferroni", any: 0.0445876, all: 0.0005156, each: [0.0166667; 3] },
    Exact { means: [0.0; 3], procedure: "holm", any: 0.0445876, all: 0.0021995, each: [0.0182129; 3] },
    Exact { means: [0.0; 3], procedure: "hochberg", any: 0.0455222, all: 0.0031335, each: [0.0193155; 3] },
    Exact {
        means: [1.2, 0.0, 0.0],
        procedure: "bonferroni",
        any: 0.5439335,
        all: 0.0010514,
        each: [0.5301417, 0.0166667, 0.0166667],
    },
    Exact {
        means: [1.2, 0.0, 0.0],
        procedure: "holm",
        any: 0.5439335,
        all: 0.0043343,
        each: [0.5312797, 0.0227547, 0.0227547],
    },
    Exact {
        means: [1.2, 0.0, 0.0],
        procedure: "hochberg",
        any: 0.5448307,
        all: 0.0055394,
        each: [0.5322077, 0.0242785, 0.0242785],
    },
    Exact {
        means: [1.2, 1.2, 0.0],
        procedure: "bonferroni",
        any: 0.7023806,
        all: 0.0080161,
        each: [0.5301417, 0.5301417, 0.0166667],
    },
    Exact {
        means: [1.2, 1.2, 0.0],
        procedure: "holm",
        any: 0.7023806,
        all: 0.0261591,
        each: [0.5657802, 0.5657802, 0.0344032],
    },
    Exact {
        means: [1.2, 1.2, 0.0],
        procedure: "hochberg",
        any: 0.7089357,
        all: 0.0283887,
        each: [0.5730475, 0.5730475, 0.0367591],
    },
];

fn many_to_one_run(e: &Exact, reps: u64, seed: u64, path: DataPath) -> PlanResult {
    let arms: [ArmSpec; 4] = [
        ("control", 0.0, 1.0, 1.0),
        ("t0", e.means[0], 1.0, 1.0),
        ("t1", e.means[1], 1.0, 1.0),
        ("t2", e.means[2], 1.0, 1.0),
    ];
    let s = scenario(
        &arms,
        &versus_control(&["t0", "t1", "t2"], "student"),
        &format!("multiplicity = \"{}\"", e.procedure),
        true,
        reps,
        seed,
    );
    run(&s, Mode::AtN(10), path)
}

#[test]
fn multiplicity_rejection_rates_match_exact_values_under_global_and_partial_nulls() {
    let r = 200_000;
    for (i, e) in EXACT.iter().enumerate() {
        let res = many_to_one_run(e, r, 1500 + i as u64, DataPath::Auto);
        let what = |x: &str| format!("{} means {:?}: {x}", e.procedure, e.means);
        assert_rate(res.goal.power_any, e.any, 4.0 * se(e.any, r), &what("P(any)"));
        assert_rate(res.goal.power_all, e.all, 4.0 * se(e.all, r), &what("P(all)"));
        for (c, &p) in res.comparisons.iter().zip(&e.each) {
            assert_rate(c.power, p, 4.0 * se(p, r), &what(&c.label));
        }
    }
}

#[test]
fn global_null_fwer_is_exact_on_the_raw_data_path_too() {
    let r = 100_000;
    for (i, e) in EXACT[..3].iter().enumerate() {
        let res = many_to_one_run(e, r, 1600 + i as u64, DataPath::Raw);
        assert_eq!(res.settings.data_path, plan::engine::DataSource::Raw);
        assert_rate(res.goal.power_any, e.any, 4.0 * se(e.any, r), &format!("{} raw FWER", e.procedure));
    }
}

#[test]
fn one_sided_step_procedures_match_exact_values_when_lower_is_better() {
    // Same design, one-sided tests, lower is better, global null. Exact:
    // `python3 tests/references/many_to_one_fwer.py --one-sided` (output in
    // tests/references/many_to_one_fwer_one_sided.out): FWER 0.0430009 for
    // Bonferroni and Holm, 0.0443312 for Hochberg; P(all) 0.0008042,
    // 0.0034045, 0.0049066; each comparison α/3 = 0.0166667, 0.0187584,
    // 0.0204091.
    let r = 200_000;
    for (i, (procedure, any, all, each)) in [
        ("bonferroni", 0.0430009, 0.0008042, 0.0166667),
        ("holm", 0.0430009, 0.0034045, 0.0187584),
        ("hochberg", 0.0443312, 0.0049066, 0.0204091),
    ]
    .into_iter()
    .enumerate()
    {
        let arms: [ArmSpec; 4] =
            [("control", 2.0, 1.0, 1.0), ("t0", 2.0, 1.0, 1.0), ("t1", 2.0, 1.0, 1.0), ("t2", 2.0, 1.0, 1.0)];
        let s = scenario(
            &arms,
            &versus_control(&["t0", "t1", "t2"], "student"),
            &format!("sides = 1\nmultiplicity = \"{procedure}\""),
            false,
            r,
            1700 + i as u64,
        );
        let res = run(&s, Mode::AtN(10), DataPath::Auto);
        assert_rate(res.goal.power_any, any, 4.0 * se(any, r), &format!("{procedure} one-sided FWER"));
        assert_rate(res.goal.power_all, all, 4.0 * se(all, r), &format!("{procedure} one-sided P(all)"));
        for c in &res.comparisons {
            assert_rate(c.power, each, 4.0 * se(each, r), &format!("{procedure} one-sided {}", c.label));
        }
    }
}

#[test]
fn dunnett_fwer_is_alpha_on_the_raw_data_path() {
    // Dunnett's FWER = α exactly under the global null (by construction of
    // its critical value; Dunnett 1955), also when every observation is drawn.
    let r = 100_000;
    for (i, sides) in [1, 2].into_iter().enumerate() {
        let arms: [ArmSpec; 4] =
            [("control", 0.0, 1.0, 2.0), ("t0", 0.0, 1.0, 1.0), ("t1", 0.0, 1.0, 1.0), ("t2", 0.0, 1.0, 1.0)];
        let s = scenario(
            &arms,
            &versus_control(&["t0", "t1", "t2"], "student"),
            &format!("sides = {sides}\nmultiplicity = \"dunnett\""),
            true,
            r,
            1800 + i as u64,
        );
        let res = run(&s, Mode::AtN(8), DataPath::Raw);
        assert_eq!(res.settings.data_path, plan::engine::DataSource::Raw);
        assert_rate(res.goal.power_any, 0.05, 4.0 * se(0.05, r), &format!("Dunnett raw {sides}-sided FWER"));
    }
}

#[test]
fn one_sided_step_procedures_look_the_right_way_when_lower_is_better() {
    // Holm and Hochberg decide on p-values (not on the tabulated cutoffs),
    // so their one-sided direction is checked here. One treatment 1.2 SD
    // lower (better) or higher (worse), two null; exact values from
    // `python3 tests/references/many_to_one_fwer.py --one-sided` (the script
    // tests for a positive effect, so "lower by 1.2" is its +1.2):
    //   better: Holm each (0.6502726, 0.0272538, 0.0272538), Hochberg
    //   (0.6506890, 0.0295652, 0.0295652);
    //   worse: Holm (0.0000061, 0.0174989, 0.0174989), Hochberg
    //   (0.0000077, 0.0178244, 0.0178244).
    let r = 200_000;
    let cases = [
        ("holm", -1.2, [0.6502726, 0.0272538, 0.0272538]),
        ("hochberg", -1.2, [0.6506890, 0.0295652, 0.0295652]),
        ("holm", 1.2, [0.0000061, 0.0174989, 0.0174989]),
        ("hochberg", 1.2, [0.0000077, 0.0178244, 0.0178244]),
    ];
    for (i, (procedure, shift, each)) in cases.into_iter().enumerate() {
        let arms: [ArmSpec; 4] =
            [("control", 0.0, 1.0, 1.0), ("t0", shift, 1.0, 1.0), ("t1", 0.0, 1.0, 1.0), ("t2", 0.0, 1.0, 1.0)];
        let s = scenario(
            &arms,
            &versus_control(&["t0", "t1", "t2"], "student"),
            &format!("sides = 1\nmultiplicity = \"{procedure}\""),
            false,
            r,
            1900 + i as u64,
        );
        let res = run(&s, Mode::AtN(10), DataPath::Auto);
        for (c, p) in res.comparisons.iter().zip(each) {
            let tol = 4.0 * se(p, r).max(1.0 / r as f64);
            assert_rate(c.power, p, tol, &format!("{procedure} t0 shifted {shift}: {}", c.label));
        }
    }
}

// ------------------------------------------------------- every registered test

/// Where each registered test's size under the null is checked. A test
/// added to the registry without a size check fails here.
const SIZE_CHECKS: &[(&str, &str)] = &[
    ("welch", "calibration.rs: type_one_error_is_nominal_for_student_and_welch_one_and_two_sided"),
    ("student", "calibration.rs: type_one_error_is_nominal_for_student_and_welch_one_and_two_sided"),
    ("dunnett", "null_size.rs: dunnett_fwer_is_alpha_on_the_raw_data_path, one_sided_dunnett_holds_alpha_…"),
    ("anova", "null_size.rs: anova_size_is_nominal_with_equal_sds"),
    ("paired-t", "paired.rs: size_of_the_paired_tests_under_the_null"),
    ("wilcoxon", "paired.rs: size_of_the_paired_tests_under_the_null"),
    ("mann-whitney", "mann_whitney.rs: size_under_the_null_matches_r; ordinal.rs: size_with_ties_matches_wilcox_test"),
    ("chisq", "binary.rs: size_of_every_binary_test_under_its_null"),
    ("farrington-manning", "binary.rs: size_of_every_binary_test_under_its_null"),
    ("fisher", "binary.rs: size_of_every_binary_test_under_its_null"),
    ("wald", "counts.rs: size_under_the_null_matches_r"),
    ("ancova", "ancova.rs: size_matches_lm, non_inferiority_on_the_adjusted_difference"),
    // Clustered designs use the parallel tests on cluster means: clustered.rs: size_on_cluster_means.
    ("logrank", "survival.rs: logrank_size_matches_survdiff, non_inferiority_on_the_hazard_ratio"),
    ("mixed", "clustered.rs: mixed_size_matches_lmer (equal and varying cluster sizes)"),
];

#[test]
fn every_registered_test_has_a_size_check() {
    for e in plan::registry::TESTS {
        assert!(
            SIZE_CHECKS.iter().any(|(name, _)| *name == e.name),
            "test \"{}\" is registered but its size under the null is not checked",
            e.name
        );
    }
    assert_eq!(SIZE_CHECKS.len(), plan::registry::TESTS.len());
}
