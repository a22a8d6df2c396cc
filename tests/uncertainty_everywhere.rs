//! Assurance, the minimum detectable effect and the sensitivity grid run
//! for every outcome model in every design the registry allows (generated
//! from the registry through `plan new`'s template, so a new model or design
//! is covered as soon as it is registered). Ordinal arms take no prior.

use plan::engine::{self, Mode, NoProgress, RunOptions};
use plan::registry;
use plan::scenario::{Distribution, Overrides, Scenario};

#[test]
fn every_outcome_and_design_runs_assurance_mde_and_the_grid() {
    let arms: Vec<String> = ["vehicle", "treated"].iter().map(|s| s.to_string()).collect();
    let mut checked = 0;
    for o in registry::OUTCOMES {
        for d in registry::DESIGNS.iter().filter(|d| o.designs.contains(&d.kind)) {
            let text = plan::export::template::scenario(o.kind, d.kind, &arms).unwrap();
            let prior = match o.kind {
                Distribution::Normal => Some("{ distribution = \"normal\", sd = 2.0 }"),
                Distribution::Binary => Some("{ distribution = \"beta\", sd = 0.05 }"),
                Distribution::Ordinal => None,
                _ => Some("{ distribution = \"lognormal\", sd = 0.1 }"),
            };
            let text = match prior {
                Some(p) => text.replacen("name = \"treated\"\n", &format!("name = \"treated\"\nprior = {p}\n"), 1),
                None => text,
            };
            let overrides = Overrides { sensitivity: true, replicates: Some(300), ..Overrides::default() };
            let s = Scenario::from_toml(&text, "t.toml".as_ref(), &overrides)
                .unwrap_or_else(|e| panic!("{} / {}: {e}\n{text}", o.name, d.name));
            let options = RunOptions { mde: true, ..RunOptions::default() };
            let r = engine::run(&s, Mode::AtN(8), options, &NoProgress)
                .unwrap_or_else(|e| panic!("{} / {}: {e}", o.name, d.name));
            let what = format!("{} / {}", o.name, d.name);
            let g = r.grid.as_ref().expect("grid");
            assert!(g.iter().all(|c| (0.0..=1.0).contains(&c.power)), "{what}");
            assert!(r.comparisons.iter().all(|c| c.mde.is_some() != c.mde_unavailable.is_some()), "{what}");
            match (prior, &r.assurance) {
                (Some(_), Some(a)) => {
                    assert!((0.0..=1.0).contains(&a.value) && a.ci_low <= a.value && a.value <= a.ci_high, "{what}");
                    assert!(a.ceiling > 0.5 && a.ceiling <= 1.0, "{what}: ceiling {}", a.ceiling);
                    assert!(a.value <= a.ceiling + 0.1, "{what}: {} above ceiling {}", a.value, a.ceiling);
                }
                (None, None) => {}
                (p, a) => panic!("{what}: prior {p:?}, assurance {a:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
}
