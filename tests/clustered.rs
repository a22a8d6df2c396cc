//! The clustered design analysed on the cluster means, against R 4.2.2 and
//! pwr 1.3.0 (`cd tests/references && Rscript clustered.R >
//! clustered.R.out`): 5 measurements per cluster, ICC 0.1, total SD 10,
//! means 50 and 55, so a cluster mean has SD 10·√0.28 and d = 0.944911 on
//! the means. `pwr.t.test` gives power 0.5998160728376 at 12 clusters per
//! arm and 0.829404629047929 at 20, and n = 18.59 for 80% (so 19); R's
//! simulation of the measurements themselves (cluster effect + residual,
//! `t.test` on cluster means) gives 0.59795 (MC SE 0.0035) at 12.
//! Fixed seeds; tolerances of 4 Monte Carlo SE.

mod common;

use common::{run, se};
use plan::analysis::PowerMethod;
use plan::engine::{DataPath, Mode};
use plan::scenario::{Overrides, Scenario};

fn scenario(treated: f64, reps: u64, seed: u64) -> Scenario {
    let t = format!(
        "title = \"clustered\"\n[outcome]\nname = \"density\"\nsd = 10\n[design]\nkind = \"clustered\"\ncluster_size = 5\n\
         icc = 0.1\nunit = \"rat\"\n[[arms]]\nname = \"control\"\nmean = 50\n[[arms]]\nname = \"cm\"\nmean = {treated}\n\
         [[comparisons]]\ntreatment = \"cm\"\nreference = \"control\"\ntest = \"student\"\n\
         [simulation]\nreplicates = {reps}\nseed = {seed}\n"
    );
    Scenario::from_toml(&t, "cl.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn power_on_cluster_means_matches_pwr() {
    let reps = 50_000;
    for (n, reference) in [(12, 0.5998160728376), (20, 0.829404629047929)] {
        for path in [DataPath::Auto, DataPath::Raw] {
            let r = run(&scenario(55.0, reps, 300 + u64::from(n)), Mode::AtN(n), path);
            let c = &r.comparisons[0];
            assert_eq!(c.analytic_method, Some(PowerMethod::NoncentralT));
            assert!((c.analytic_power.unwrap() - reference).abs() < 1e-9, "{:?}", c.analytic_power);
            assert!((c.power - reference).abs() <= 4.0 * se(reference, reps), "n = {n} {path:?}: {}", c.power);
            assert_eq!(r.design.design_effect, Some(1.4));
            assert_eq!(r.subject.singular, "rat");
        }
    }
    // R's simulation of the measurements agrees with the cluster-mean model.
    let c = run(&scenario(55.0, reps, 310), Mode::AtN(12), DataPath::Auto).comparisons.remove(0);
    let tol = 4.0 * (se(0.59795, 20_000).powi(2) + se(0.59795, reps).powi(2)).sqrt();
    assert!((c.power - 0.59795).abs() <= tol, "{}", c.power);
    let rec = run(&scenario(55.0, 10_000, 311), Mode::Search, DataPath::Auto).recommendation.unwrap();
    assert_eq!(rec.n_per_arm, 19, "pwr: 18.59");
    use plan::export::Exporter;
    let result = run(&scenario(55.0, 10_000, 311), Mode::Search, DataPath::Auto);
    let summary = String::from_utf8(plan::export::Summary.serialize(&result).unwrap()).unwrap();
    assert!(summary.contains("Measurements: 5 per rat, 95 per arm, 190 in total."), "{summary}");
}

#[test]
fn size_on_cluster_means() {
    let reps = 100_000;
    let c = run(&scenario(50.0, reps, 312), Mode::AtN(6), DataPath::Auto).comparisons.remove(0);
    assert!((c.power - 0.05).abs() <= 4.0 * se(0.05, reps), "{}", c.power);
}

/// The cluster word names n even when `subject` names what is measured
/// (mice in litters): n counts litters.
#[test]
fn the_cluster_unit_names_n() {
    let t = "title = \"litters\"\nsubject = \"mouse\"\nsubjects = \"mice\"\n[outcome]\nname = \"weight\"\nsd = 10\n\
             [design]\nkind = \"clustered\"\ncluster_size = 4\nicc = 0.1\nunit = \"litter\"\n\
             [[arms]]\nname = \"control\"\nmean = 50\n[[arms]]\nname = \"cm\"\nmean = 55\n\
             [[comparisons]]\ntreatment = \"cm\"\nreference = \"control\"\n[simulation]\nreplicates = 200\n";
    let s = Scenario::from_toml(t, "lit.toml".as_ref(), &Overrides::default()).unwrap();
    let r = run(&s, Mode::AtN(10), DataPath::Auto);
    assert_eq!((r.subject.singular.as_str(), r.subject.plural.as_str()), ("litter", "litters"));
}
