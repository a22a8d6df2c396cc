//! Properties of every registered (outcome, design, test) combination
//! (issue 15), generated from the registry through `plan new`'s template,
//! so a new model, design or test is covered as soon as it is registered:
//!
//! - power lies in [0, 1] and its interval contains it;
//! - under the null (the effect scaled to 10⁻¹²), rejections stay within
//!   4 Monte Carlo SE of α;
//! - with common random numbers, power does not fall (beyond 4 SE of the
//!   difference) when n doubles or the effect grows by half;
//! - the summary path and the raw path agree within 4 SE where both exist;
//! - the closed form, where there is one, agrees with the simulation
//!   within 4 SE plus 0.05 (the large-sample forms' stated accuracy at
//!   these small n).
//!
//! Fixed seeds; tolerances in Monte Carlo SE, so nothing can flake.

use plan::engine::{self, DataPath, Mode, NoProgress, PlanResult, RunOptions};
use plan::registry;
use plan::scenario::{Overrides, Scenario};

const REPS: u64 = 3000;

fn run(s: &Scenario, n: u32, path: DataPath) -> PlanResult {
    let options = RunOptions { data_path: path, ..RunOptions::default() };
    engine::run(s, Mode::AtN(n), options, &NoProgress).unwrap()
}

/// Power, its SE and its closed form, of the scenario's one comparison.
fn power(r: &PlanResult) -> (f64, f64, Option<f64>) {
    let c = &r.comparisons[0];
    let p = c.power;
    assert!((0.0..=1.0).contains(&p), "power {p}");
    assert!(c.ci_low <= p && p <= c.ci_high, "interval {} to {} around {p}", c.ci_low, c.ci_high);
    (p, c.mc_se.max(1.0 / REPS as f64), c.analytic_power)
}

#[test]
fn every_outcome_design_and_test_keeps_its_properties() {
    let arms: Vec<String> = ["vehicle", "treated"].iter().map(|s| s.to_string()).collect();
    let mut checked = Vec::new();
    for o in registry::OUTCOMES {
        for d in registry::DESIGNS.iter().filter(|d| o.designs.contains(&d.kind)) {
            for t in registry::tests_for(o.kind, d.kind).filter(|t| t.named) {
                let text = plan::export::template::scenario(o.kind, d.kind, &arms).unwrap();
                let text = text.replacen("[[comparisons]]\n", &format!("[[comparisons]]\ntest = \"{}\"\n", t.name), 1);
                // A test of many arms (ANOVA) takes them as a list.
                let text = if t.many_arms {
                    text.replacen(
                        "treatment = \"treated\"\nreference = \"vehicle\"",
                        "arms = [\"vehicle\", \"treated\"]",
                        1,
                    )
                } else {
                    text
                };
                let overrides = Overrides { replicates: Some(REPS), ..Overrides::default() };
                let what = format!("{} / {} / {}", o.name, d.name, t.name);
                let s = match Scenario::from_toml(&text, "p.toml".as_ref(), &overrides) {
                    Ok(s) => s,
                    // The template's hypothesis or default spread may not
                    // suit every test (a margin-less test, say): say so.
                    Err(e) => panic!("{what}: the template does not validate with this test: {e}\n{text}"),
                };
                let (p8, se8, closed) = power(&run(&s, 8, DataPath::Auto));
                let (p16, se16, _) = power(&run(&s, 16, DataPath::Auto));
                let tol = |a: f64, b: f64| 4.0 * (a * a + b * b).sqrt();
                assert!(p16 >= p8 - tol(se8, se16), "{what}: power fell from {p8} at n = 8 to {p16} at 16");
                let (pe, see, _) = power(&run(&s.scaled(1.5, 1.0), 8, DataPath::Auto));
                assert!(pe >= p8 - tol(se8, see), "{what}: power fell from {p8} to {pe} with the effect x1.5");
                let (pr, ser, _) = power(&run(&s, 8, DataPath::Raw));
                assert!((pr - p8).abs() <= tol(se8, ser), "{what}: summary {p8} vs raw {pr}");
                if let Some(c) = closed {
                    assert!((c - p8).abs() <= 4.0 * se8 + 0.05, "{what}: closed form {c} vs simulated {p8}");
                }
                let null = s.scaled(1e-12, 1.0);
                let alpha = s.analysis().alpha;
                let (p0, _, _) = power(&run(&null, 30, DataPath::Auto));
                let se0 = (alpha * (1.0 - alpha) / REPS as f64).sqrt();
                assert!(p0 <= alpha + 4.0 * se0, "{what}: size {p0} above alpha {alpha} + 4 SE");
                checked.push(what);
            }
        }
    }
    // Every registered test a user can name is covered (Dunnett, chosen by
    // `multiplicity = "dunnett"`, has its own exact checks in null_size.rs
    // and multiarm.rs).
    for t in registry::TESTS.iter().filter(|t| t.named) {
        assert!(checked.iter().any(|w| w.ends_with(&format!("/ {}", t.name))), "{} not covered", t.name);
    }
    eprintln!("{} combinations: {checked:?}", checked.len());
    assert!(checked.len() >= 15, "{checked:?}");
}
