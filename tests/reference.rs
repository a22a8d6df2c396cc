//! Multiplicity levels the engine reports (`adjusted_alpha`) and the
//! closed-form power beside them, against outside numbers: Bonferroni's α/m
//! with m counting primary comparisons only, and Dunnett's per-comparison
//! level for the shipped hair scenario from R's mvtnorm.

mod common;

use common::run;
use plan::engine::{DataPath, Mode};
use plan::scenario::{Overrides, Scenario};

#[test]
fn dunnett_level_for_the_hair_scenario_matches_mvtnorm() {
    // scenarios/hair.toml: 3 treatments vs vehicle, equal n = 57, two-sided
    // α = 0.05, ν = 4·57 − 4 = 224, correlation 0.5. R 4.2.2, mvtnorm 1.1-3
    // (`Rscript tests/references/hair_dunnett.R`, output in
    // tests/references/hair_dunnett.out):
    //   qmvt(0.95, tail = "both.tails", df = 224, corr = S) → c = 2.364984,
    //   level 2·pt(−c, 224) = 0.018885; uniroot on 1 − pmvt(−c, c) = 0.05 →
    //   c = 2.365036, level 0.018882 (the two differ by mvtnorm's randomized
    //   quadrature error). The closed-form power of exosome vs vehicle
    //   (difference 11.5, SD 19) at that c is 0.80606 ± 0.00001.
    let s = Scenario::from_file("scenarios/hair.toml".as_ref(), &Overrides::default()).unwrap();
    let res = run(&s, Mode::AtN(57), DataPath::Auto);
    let mut dunnett = 0;
    for c in res.comparisons.iter().filter(|c| c.primary) {
        assert_eq!(c.test, plan::scenario::TestKind::Dunnett);
        let level = c.adjusted_alpha.expect("Dunnett reports its level");
        eprintln!("{}: Dunnett level {level:.7}", c.label);
        assert!((level - 0.018884).abs() < 1e-4, "{}: level {level}", c.label);
        dunnett += 1;
    }
    assert_eq!(dunnett, 3);
    let exo = res.comparisons.iter().find(|c| c.label == "exosome vs vehicle").unwrap();
    let a = exo.analytic_power.expect("closed form");
    eprintln!("exosome closed-form power {a:.7}");
    assert!((a - 0.80606).abs() < 1e-4, "exosome closed-form power {a}");
    // The secondary non-inferiority comparison is tested at α itself.
    let ni = res.comparisons.iter().find(|c| !c.primary).unwrap();
    assert_eq!(ni.adjusted_alpha, Some(0.05));
}

/// Two-arm comparisons of t0, t1, t2 against a control, with `primary`
/// flags, under `multiplicity`.
fn family(primary: [bool; 3], multiplicity: &str, alpha: f64) -> Scenario {
    let mut t = String::from("title = \"levels\"\n[outcome]\nname = \"y\"\nsd = 1.0\n");
    t += "[[arms]]\nname = \"control\"\nmean = 0.0\n";
    for i in 0..3 {
        t += &format!("[[arms]]\nname = \"t{i}\"\nmean = 0.5\n");
    }
    for (i, p) in primary.iter().enumerate() {
        t += &format!(
            "[[comparisons]]\ntreatment = \"t{i}\"\nreference = \"control\"\ntest = \"student\"\nprimary = {p}\n"
        );
    }
    t += &format!("[analysis]\nmultiplicity = \"{multiplicity}\"\nalpha = {alpha}\n[simulation]\nreplicates = 200\n");
    Scenario::from_toml(&t, "levels.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}\n{t}"))
}

#[test]
fn bonferroni_divides_alpha_by_the_number_of_primary_comparisons_only() {
    // Bonferroni: each primary hypothesis at α/m, m = number of primary
    // comparisons (README, "Multiplicity and goal"); secondary comparisons
    // are each tested at α and do not count in m.
    let cases: [([bool; 3], f64, [f64; 3]); 3] = [
        ([true, true, true], 0.05, [0.05 / 3.0, 0.05 / 3.0, 0.05 / 3.0]),
        ([true, true, false], 0.05, [0.025, 0.025, 0.05]),
        ([true, false, false], 0.025, [0.025, 0.025, 0.025]),
    ];
    for (primary, alpha, want) in cases {
        let res = run(&family(primary, "bonferroni", alpha), Mode::AtN(20), DataPath::Auto);
        for (c, w) in res.comparisons.iter().zip(want) {
            assert_eq!(c.adjusted_alpha, Some(w), "{primary:?}: {}", c.label);
        }
    }
    // Holm and Hochberg have no single level for primaries; secondaries
    // still report α.
    for m in ["holm", "hochberg"] {
        let res = run(&family([true, true, false], m, 0.05), Mode::AtN(20), DataPath::Auto);
        let levels: Vec<_> = res.comparisons.iter().map(|c| c.adjusted_alpha).collect();
        assert_eq!(levels, [None, None, Some(0.05)], "{m}");
    }
}

#[test]
fn bonferroni_closed_form_uses_alpha_over_m() {
    // t0 vs control, d = 0.5, n = 20 per arm, Student two-sided at 0.05/2
    // (two primary comparisons): R 4.2.2 + pwr 1.3-0,
    // pwr.t.test(n = 20, d = 0.5, sig.level = 0.025)$power = 0.2382519
    // (tests/references/analytic.R).
    let res = run(&family([true, true, false], "bonferroni", 0.05), Mode::AtN(20), DataPath::Auto);
    let a = res.comparisons[0].analytic_power.unwrap();
    assert!((a - 0.2382519).abs() < 1e-6, "{a}");
}
