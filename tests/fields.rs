//! What each output field means, checked against its definition in the
//! README and against outside numbers: n_total, n_enrolled (dropout),
//! mc_se, the Wilson interval, the goal's row of the curve, and how
//! allocation weights become arm sizes.

mod common;

use common::run;
use plan::engine::{CurveRow, DataPath, Mode, PlanResult, PowerEstimate};
use plan::scenario::{Overrides, Scenario};

fn parse(text: &str) -> Scenario {
    Scenario::from_toml(text, "fields.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn hair() -> Scenario {
    Scenario::from_file("scenarios/hair.toml".as_ref(), &Overrides::default()).unwrap()
}

/// Arms `(name, mean, allocation)` against the first arm, with extra
/// `[analysis]` lines.
fn arms_scenario(arms: &[(&str, f64, f64)], analysis: &str, reps: u64) -> Scenario {
    arms_scenario_with(arms, analysis, reps, "")
}

/// [`arms_scenario`] with extra `[simulation]` lines.
fn arms_scenario_with(arms: &[(&str, f64, f64)], analysis: &str, reps: u64, simulation: &str) -> Scenario {
    let mut t = String::from("title = \"fields\"\n[outcome]\nname = \"y\"\nsd = 1.0\n");
    for (name, mean, w) in arms {
        t += &format!("[[arms]]\nname = \"{name}\"\nmean = {mean}\nallocation = {w}\n");
    }
    for (name, _, _) in &arms[1..] {
        t += &format!("[[comparisons]]\ntreatment = \"{name}\"\nreference = \"{}\"\ntest = \"student\"\n", arms[0].0);
    }
    t += &format!("[analysis]\n{analysis}\n[simulation]\nreplicates = {reps}\nseed = 5\n{simulation}\n");
    parse(&t)
}

fn base_rows<'a>(res: &'a PlanResult, label: &'a str) -> impl Iterator<Item = &'a CurveRow> + 'a {
    res.curve.iter().filter(move |r| r.variant == "base" && r.comparison == label)
}

// ------------------------------------------------------------ totals

/// ⌈n / (1 − 0.1)⌉ = ⌈10n/9⌉ in exact integer arithmetic.
fn enroll_10pct(n: u32) -> u32 {
    (10 * n).div_ceil(9)
}

#[test]
fn totals_and_enrollment_follow_their_definitions() {
    // hair.toml: 4 arms of weight 1, dropout 0.1. At n = 57 every arm has
    // 57 (n_total 228) and enrolls ⌈57/0.9⌉ = ⌈63.33⌉ = 64 (n_enrolled 256).
    let res = run(&hair(), Mode::AtN(57), DataPath::Auto);
    for r in base_rows(&res, "CM vs vehicle") {
        assert_eq!((r.n_total, r.n_enrolled), (4 * r.n_per_arm, 4 * enroll_10pct(r.n_per_arm)));
    }
    let r = res.curve_at("base", "CM vs vehicle", 57).unwrap();
    assert_eq!((r.n_total, r.n_enrolled), (228, 256));
    // The recommendation's arms add up to its totals, each arm enrolling
    // ⌈nᵢ/(1 − d)⌉, computed here independently.
    let res = run(&hair(), Mode::Search, DataPath::Auto);
    let rec = res.recommendation.as_ref().unwrap();
    assert_eq!(rec.n_total, rec.arms.iter().map(|a| a.n).sum::<u32>());
    assert_eq!(rec.n_enrolled, rec.arms.iter().map(|a| enroll_10pct(a.n)).sum::<u32>());
    for a in &rec.arms {
        assert_eq!(a.n, rec.n_per_arm, "{}: equal weights", a.arm);
    }
    // The √k option's totals likewise.
    let adv = res.allocation_advice.as_ref().expect("hair gets allocation advice");
    for opt in [&adv.scenario, &adv.sqrt_k] {
        assert_eq!(opt.n_total, opt.arms.iter().map(|a| a.n).sum::<u32>());
        let enrolled: u32 = opt.arms.iter().map(|a| enroll_10pct(a.n)).sum();
        assert_eq!(opt.n_enrolled, enrolled);
        for (a, w) in opt.arms.iter().zip(&opt.weights) {
            assert_eq!(a.enrolled, enroll_10pct(a.n));
            // round(w·n), halves away from zero (f64::round), at least 2.
            assert_eq!(a.n, ((w * f64::from(opt.n_per_arm)).round() as u32).max(2), "{}", a.arm);
        }
    }
    // √k weights: the control gets √3 for k = 3, the treatments 1.
    assert!((adv.sqrt_k.weights[0] - 3f64.sqrt()).abs() < 1e-12);
    assert_eq!(&adv.sqrt_k.weights[1..], &[1.0, 1.0, 1.0]);
}

#[test]
fn enrollment_of_an_exact_ratio_is_not_rounded_up() {
    // 9 / (1 − 0.1) = 10 exactly (in f64 it is 10.000000000000002), so each
    // arm enrolls 10, not 11. Other exact ratios: 8/(1 − 0.2) = 10,
    // 3/(1 − 0.25) = 4, 6/(1 − 0.5) = 12; and inexact ones round up:
    // 10/0.9 = 11.1 → 12, 7/0.8 = 8.75 → 9.
    for (dropout, n, per_arm) in [(0.1, 9, 10), (0.2, 8, 10), (0.25, 3, 4), (0.5, 6, 12), (0.1, 10, 12), (0.2, 7, 9)] {
        let s = arms_scenario(&[("c", 0.0, 1.0), ("t", 0.5, 1.0)], &format!("dropout = {dropout}"), 100);
        let res = run(&s, Mode::AtN(n), DataPath::Auto);
        let r = res.curve_at("base", "t vs c", n).unwrap();
        assert_eq!((r.n_total, r.n_enrolled), (2 * n, 2 * per_arm), "dropout {dropout}, n {n}");
    }
}

// ---------------------------------------------------- allocation rounding

#[test]
fn allocation_rounds_halves_away_from_zero_with_a_floor_of_two() {
    // An arm of weight w gets round(w·n) (f64::round: halves away from
    // zero, so 2.5 → 3 and 4.5 → 5, where round-half-to-even would give 2
    // and 4), and never fewer than 2 (README, "Sample size and allocation").
    let s = arms_scenario(&[("c", 0.0, 1.0), ("half", 0.5, 0.5), ("more", 0.5, 1.5), ("tiny", 0.5, 0.1)], "", 100);
    // (n, sizes): n = 5: 2.5 → 3, 7.5 → 8, 0.5 → 1 → floor 2;
    // n = 3: 1.5 → 2, 4.5 → 5, 0.3 → 0 → 2; n = 30: 15, 45, 3.
    for (n, sizes) in [(5, [5, 3, 8, 2]), (3, [3, 2, 5, 2]), (30, [30, 15, 45, 3]), (12, [12, 6, 18, 2])] {
        assert_eq!(s.arm_sizes(n), sizes, "n = {n}");
        let res = run(&s, Mode::AtN(n), DataPath::Auto);
        let r = res.curve_at("base", "half vs c", n).unwrap();
        assert_eq!(r.n_total, sizes.iter().sum::<u32>(), "n = {n}");
    }
}

// ------------------------------------------------------- mc_se and Wilson

/// Wilson's score interval (Wilson 1927; Newcombe 1998, method 3), written
/// out here independently of the engine.
fn wilson(x: u64, r: u64) -> (f64, f64) {
    let (p, n, z) = (x as f64 / r as f64, r as f64, 1.959_963_984_540_054_f64);
    let centre = p + z * z / (2.0 * n);
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let d = 1.0 + z * z / n;
    (((centre - half) / d).max(0.0), ((centre + half) / d).min(1.0))
}

#[test]
fn wilson_interval_matches_published_values() {
    // Newcombe (1998, Statist. Med. 17:857–872), Table I, method 3, to 4
    // digits; the full digits are from statsmodels 0.15.0
    // proportion_confint(x, n, method = "wilson") and agree with R 4.2.2
    // prop.test(x, n, correct = FALSE)$conf.int (tests/references/wilson.py,
    // output in tests/references/wilson.out).
    let cases = [
        (81, 263, 0.2552885199, 0.3662095770),
        (15, 148, 0.0623863995, 0.1604872417),
        (0, 20, 0.0, 0.1611251581),
        (1, 29, 0.0061132143, 0.1717552188),
        (29, 29, 0.8830302015, 1.0),
        (8003, 10000, 0.7923498986, 0.8080194720),
    ];
    for (x, r, lo, hi) in cases {
        let e = PowerEstimate::new(x, r);
        assert!((e.ci_low - lo).abs() < 1e-9 && (e.ci_high - hi).abs() < 1e-9, "{x}/{r}: {e:?}");
        let p = x as f64 / r as f64;
        assert!((e.mc_se - (p * (1.0 - p) / r as f64).sqrt()).abs() < 1e-15);
    }
}

#[test]
fn every_curve_row_carries_its_own_mc_se_and_wilson_interval() {
    let res = run(&hair(), Mode::Search, DataPath::Auto);
    assert!(res.curve.len() > 20);
    for r in &res.curve {
        let x = (r.power * r.replicates as f64).round();
        assert!((x - r.power * r.replicates as f64).abs() < 1e-6, "power is a count over replicates: {r:?}");
        let p = x / r.replicates as f64;
        assert!((r.mc_se - (p * (1.0 - p) / r.replicates as f64).sqrt()).abs() < 1e-15, "{r:?}");
        let (lo, hi) = wilson(x as u64, r.replicates);
        assert!((r.ci_low - lo).abs() < 1e-12 && (r.ci_high - hi).abs() < 1e-12, "{r:?}");
        assert_eq!(r.seed, res.seed);
    }
    // The comparisons and the goal at the recommended n carry the same.
    let n = res.recommendation.as_ref().unwrap().n_per_arm;
    for c in &res.comparisons {
        let r = res.curve_at("base", &c.label, n).unwrap();
        assert_eq!((c.power, c.mc_se, c.ci_low, c.ci_high), (r.power, r.mc_se, r.ci_low, r.ci_high));
    }
    let g = res.curve_at("base", "each", n).unwrap();
    assert_eq!((res.goal.power, res.goal.ci_low, res.goal.ci_high), (g.power, g.ci_low, g.ci_high));
}

// ------------------------------------------------------------ goal rows

#[test]
fn goal_rows_mean_what_the_readme_says() {
    let means = [("control", 0.0, 1.0), ("t0", 0.5, 1.0), ("t1", 0.7, 1.0), ("t2", 0.9, 1.0)];
    for goal in ["each", "all", "any"] {
        // The precision control is not what this test is about: off.
        let analysis = format!("multiplicity = \"holm\"\ngoal = \"{goal}\"");
        let s = arms_scenario_with(&means, &analysis, 3000, "precision = false");
        let res = run(&s, Mode::Search, DataPath::Auto);
        let labels: Vec<String> = res.comparisons.iter().map(|c| c.label.clone()).collect();
        let mut rows = 0;
        for g in base_rows(&res, goal) {
            rows += 1;
            let powers: Vec<f64> = labels.iter().map(|l| res.curve_at("base", l, g.n_per_arm).unwrap().power).collect();
            let min = powers.iter().copied().fold(1.0, f64::min);
            let max = powers.iter().copied().fold(0.0, f64::max);
            match goal {
                // "each": the lowest primary power at that n, and the
                // lowest closed form (None under Holm: no closed form).
                "each" => assert_eq!(g.power, min, "n = {}", g.n_per_arm),
                // "all": its own counter, P(all rejected) ≤ every power.
                "all" => assert!(g.power <= min, "n = {}: all {} > min {min}", g.n_per_arm, g.power),
                // "any": its own counter, P(any rejected) ≥ every power.
                _ => assert!(g.power >= max, "n = {}: any {} < max {max}", g.n_per_arm, g.power),
            }
            assert_eq!(g.analytic_power, None, "Holm has no closed form");
        }
        assert!(rows >= 5, "{goal}: {rows} goal rows");
        // At the reported n the goal row is the goal's power, and P(all),
        // P(any) bracket it.
        let n = res.recommendation.as_ref().unwrap().n_per_arm;
        let g = res.curve_at("base", goal, n).unwrap();
        assert_eq!(res.goal.power, g.power);
        assert!(res.goal.power_all <= res.goal.power && res.goal.power <= res.goal.power_any);
    }
    // Under Bonferroni the "each" row's closed form is the lowest
    // comparison's closed form.
    let s = arms_scenario(&means, "multiplicity = \"bonferroni\"", 1000);
    let res = run(&s, Mode::AtN(30), DataPath::Auto);
    let lowest = res.comparisons.iter().map(|c| c.analytic_power.unwrap()).fold(1.0, f64::min);
    assert_eq!(res.curve_at("base", "each", 30).unwrap().analytic_power, Some(lowest));
    // With one primary comparison there is no goal row.
    let s = arms_scenario(&[("c", 0.0, 1.0), ("t", 0.5, 1.0)], "", 500);
    let res = run(&s, Mode::AtN(30), DataPath::Auto);
    assert!(res.curve.iter().all(|r| r.comparison == "t vs c"));
}
