//! The sample-size search picks the *smallest* n: on the run's own simulated
//! curve (the `curve` rows of the base variant, which hold every n the search
//! evaluated, each with its own `replicates`), the goal's power is below the
//! target at n_rec − 1 and reaches it at n_rec. And the search reproduces the
//! textbook sample sizes exactly.

mod common;

use common::{run, TwoArm};
use plan::engine::{DataPath, Mode, PlanResult};
use plan::scenario::{Overrides, Scenario};

/// Most replicates the precision control may give one n in these tests.
const CAP: u64 = 32_000;

/// The base-variant curve row of `label` at `n`.
fn row<'a>(res: &'a PlanResult, label: &str, n: u32) -> &'a plan::engine::CurveRow {
    res.curve
        .iter()
        .find(|r| r.variant == "base" && r.comparison == label && r.n_per_arm == n)
        .unwrap_or_else(|| panic!("no base curve row for {label} at n = {n}"))
}

/// Asserts power(n_rec − 1) < target ≤ power(n_rec) for the curve rows of
/// `label` (the goal's row, or the single comparison's), and that n_rec − 1
/// was simulated (so the search could not have skipped it). Returns n_rec.
fn assert_smallest(res: &PlanResult, label: &str, what: &str) -> u32 {
    let rec = res.recommendation.as_ref().expect("search gives a recommendation");
    assert!(rec.reached, "{what}: target not reached");
    let target = res.settings.target_power;
    let n = rec.n_per_arm;
    assert!(n > res.settings.n_min, "{what}: n_rec = n_min = {n}; choose a harder design");
    let at = row(res, label, n);
    let below = row(res, label, n - 1);
    // Each row's power is its own rejections / replicates.
    assert!(at.replicates > 0 && below.replicates > 0);
    assert!(
        below.power < target && target <= at.power,
        "{what}: power({}) = {} ({} reps), power({n}) = {} ({} reps), target {target}",
        n - 1,
        below.power,
        below.replicates,
        at.power,
        at.replicates
    );
    // The recommendation reports the same power as the curve at n_rec.
    assert_eq!(rec.power, at.power, "{what}: recommendation power vs curve row");
    n
}

/// A control and `means.len()` treatments, Student t tests against the
/// control, with the given [analysis] lines. The precision control stays on
/// (it adds replicates at n_rec and n_rec − 1), capped at `CAP` replicates
/// per n to keep the test fast; the property holds either way.
fn many_to_one(means: &[f64], analysis: &str, reps: u64, seed: u64) -> Scenario {
    let mut t = String::from("title = \"search\"\n[outcome]\nname = \"y\"\nsd = 1.0\n");
    t += "[[arms]]\nname = \"control\"\nmean = 0.0\n";
    for (i, m) in means.iter().enumerate() {
        t += &format!("[[arms]]\nname = \"t{i}\"\nmean = {m}\n");
    }
    for i in 0..means.len() {
        t += &format!("[[comparisons]]\ntreatment = \"t{i}\"\nreference = \"control\"\ntest = \"student\"\n");
    }
    t += &format!(
        "[analysis]\n{analysis}\n[simulation]\nreplicates = {reps}\nseed = {seed}\nn_max = 2000\nmax_replicates = {CAP}\n"
    );
    Scenario::from_toml(&t, "search.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}\n{t}"))
}

#[test]
fn search_picks_the_smallest_n_for_each_all_and_any() {
    // Three treatments vs control with unequal effects, Holm and Bonferroni,
    // every goal; a different seed for each case.
    for (i, (procedure, goal)) in [
        ("holm", "each"),
        ("holm", "all"),
        ("holm", "any"),
        ("bonferroni", "each"),
        ("bonferroni", "all"),
        ("bonferroni", "any"),
        ("hochberg", "each"),
        ("dunnett", "each"),
    ]
    .into_iter()
    .enumerate()
    {
        let seed = 11 + 10 * i as u64;
        let s =
            many_to_one(&[0.55, 0.7, 0.85], &format!("multiplicity = \"{procedure}\"\ngoal = \"{goal}\""), 4000, seed);
        let res = run(&s, Mode::Search, DataPath::Auto);
        assert_eq!(res.goal.name.name(), goal);
        let n = assert_smallest(&res, goal, &format!("{procedure}/{goal} seed {seed}"));
        // The goal's own n is the recommendation.
        assert_eq!(res.goal.n_per_arm, Some(n));
        // For "each", every primary comparison's own n is at most n_rec,
        // and the weakest one's is exactly n_rec.
        if goal == "each" {
            let own: Vec<u32> = res.comparisons.iter().map(|c| c.n_per_arm.expect("reached")).collect();
            assert_eq!(own.iter().copied().max(), Some(n), "{procedure}: own n {own:?} vs n_rec {n}");
        }
    }
}

#[test]
fn each_comparison_needs_its_own_smallest_n() {
    // The per-comparison "needs n alone" is the smallest n on its own curve.
    let s = many_to_one(&[0.55, 0.7, 0.85], "multiplicity = \"holm\"", 4000, 31);
    let res = run(&s, Mode::Search, DataPath::Auto);
    let target = res.settings.target_power;
    for c in &res.comparisons {
        let n = c.n_per_arm.expect("reached");
        let (at, below) = (row(&res, &c.label, n), row(&res, &c.label, n - 1));
        assert!(
            below.power < target && target <= at.power,
            "{}: {} at {}, {} at {n}",
            c.label,
            below.power,
            n - 1,
            at.power
        );
    }
}

#[test]
fn search_picks_the_smallest_n_for_two_arms() {
    for (i, (delta, test, sides)) in
        [(0.5, "welch", 2), (0.8, "student", 2), (0.4, "student", 1), (0.65, "welch", 1)].into_iter().enumerate()
    {
        let d = TwoArm { delta, test, sides, replicates: 5000, seed: 40 + i as u64, ..TwoArm::default() };
        let res = run(&d.scenario(), Mode::Search, DataPath::Auto);
        let label = res.comparisons[0].label.clone();
        let n = assert_smallest(&res, &label, &format!("d = {delta} {test} {sides}-sided"));
        assert_eq!(res.comparisons[0].n_per_arm, Some(n));
    }
}

/// The default seed of a scenario (README, `[simulation]`).
const DEFAULT_SEED: u64 = 20_261_128;

/// Recommended n and the curve's powers at n − 1 and n, for a two-arm
/// design with standardized effect `delta`, two-sided α = 0.05.
/// With `precision` false every n gets exactly `replicates`; `window`
/// narrows the search range (and so the curve grid) to n ± 6 around it.
fn textbook(delta: f64, test: &'static str, replicates: u64, precision: bool, window: Option<u32>) -> (u32, f64, f64) {
    let d = TwoArm { delta, test, replicates, seed: DEFAULT_SEED, ..TwoArm::default() };
    // [simulation] is the last table of TwoArm's TOML.
    let mut text = format!("{}precision = {precision}\n", d.toml());
    if let Some(n) = window {
        text = text.replace("n_max = 2000", &format!("n_min = {}\nn_max = {}", n - 6, n + 6));
    }
    let s = Scenario::from_toml(&text, "textbook.toml".as_ref(), &Overrides::default()).unwrap();
    let res = run(&s, Mode::Search, DataPath::Auto);
    let label = res.comparisons[0].label.clone();
    let n = assert_smallest(&res, &label, &format!("d = {delta} {test}"));
    (n, row(&res, &label, n - 1).power, row(&res, &label, n).power)
}

#[test]
fn textbook_sample_sizes_are_exact_at_the_default_seed() {
    // Cohen (1988), Statistical Power Analysis for the Behavioral Sciences,
    // 2nd ed., Table 2.4.1 (α = .05 two-tailed, power .80): 64 per group for
    // d = 0.5 and 26 for d = 0.8; G*Power 3.1 gives the same. R 4.2.2, pwr
    // 1.3-0: `pwr.t.test(d = .5, power = .8)$n` = 63.77 → 64,
    // `pwr.t.test(d = .8, power = .8)$n` = 25.52 → 26. With 10,000 replicates
    // and the default seed the search lands exactly there, for Student's and
    // Welch's test (Welch's exact power differs from Student's by < 0.001
    // here; see below), both with the precision control (which adds
    // replicates at n and n − 1 until their intervals separate) and without.
    for precision in [true, false] {
        for test in ["student", "welch"] {
            assert_eq!(textbook(0.5, test, 10_000, precision, None).0, 64, "d = 0.5 {test} precision {precision}");
            assert_eq!(textbook(0.8, test, 10_000, precision, None).0, 26, "d = 0.8 {test} precision {precision}");
        }
    }
}

#[test]
fn textbook_sample_sizes_are_exact_with_a_million_replicates() {
    // At 10⁴ replicates the MC SE (0.004) is larger than the power gained
    // from n − 1 to n (0.006 at d = 0.5), so landing on 64 is partly the
    // seed's luck. At 10⁶ replicates (SE 0.0004) the true powers on either
    // side of the crossing are ≥ 3.4 SE from 0.80, so 64 and 26 are what the
    // simulation must find. References, R 4.2.2 + pwr 1.3-0,
    // `pwr.t.test(n = N, d = D)$power`: d = 0.5: n = 63 → 0.7951683,
    // n = 64 → 0.8014596; d = 0.8: n = 25 → 0.7914513, n = 26 → 0.8074866.
    // The simulated powers at n − 1 and n must match them within 4 SE.
    // Precision control off: every n gets exactly 10⁶; the search range is
    // the textbook n ± 6 so that the curve grid stays small (the full range
    // is searched at 10⁴ above).
    let r = 1_000_000;
    for (delta, expected, p_below, p_at) in [(0.5, 64, 0.7951683, 0.8014596), (0.8, 26, 0.7914513, 0.8074866)] {
        let (n, below, at) = textbook(delta, "student", r, false, Some(expected));
        assert_eq!(n, expected, "d = {delta}");
        assert!((below - p_below).abs() <= 4.0 * common::se(p_below, r), "d = {delta}: {below} vs {p_below}");
        assert!((at - p_at).abs() <= 4.0 * common::se(p_at, r), "d = {delta}: {at} vs {p_at}");
    }
}

#[test]
fn welch_textbook_sample_sizes_with_a_million_replicates() {
    // Exact power of Welch's test (Satterthwaite ν from the sample
    // variances, equal n, σ₁ = σ₂), by integrating the conditional normal
    // power over both sample variances (200-node generalized Gauss–Laguerre
    // each; 300 nodes agree to 1e-6): `python3 tests/references/welch_power.py`
    // with SciPy 1.17.1. d = 0.5: n = 63 → 0.795081, n = 64 → 0.801376;
    // d = 0.8: n = 25 → 0.790858, n = 26 → 0.806965.
    let r = 1_000_000;
    for (delta, expected, p_below, p_at) in [(0.5, 64, 0.795081, 0.801376), (0.8, 26, 0.790858, 0.806965)] {
        let (n, below, at) = textbook(delta, "welch", r, false, Some(expected));
        assert_eq!(n, expected, "d = {delta}");
        assert!((below - p_below).abs() <= 4.0 * common::se(p_below, r), "d = {delta}: {below} vs {p_below}");
        assert!((at - p_at).abs() <= 4.0 * common::se(p_at, r), "d = {delta}: {at} vs {p_at}");
    }
}
