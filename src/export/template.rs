//! `plan new`: a commented scenario for an outcome, a design and a list of
//! arms, every planning value a placeholder marked `assumed = true` with a
//! `source` that says what to replace it with. The first arm is the
//! control; every other arm is compared with it (Holm over two or more).
//! The placeholders are conventions, not evidence: a standardized effect
//! of 0.5 (Cohen's "medium") for continuous outcomes, and comparable
//! moderate effects for the others. Which outcome goes with which design
//! is the registry's ([`crate::registry`]).

use std::fmt::Write as _;

use crate::registry;
use crate::scenario::{DesignKind, Distribution};

/// A source line for a placeholder.
const REPLACE: &str = "PLACEHOLDER: replace with the value from the literature or a pilot, and say where it comes from";

fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The outcome table and each arm's keys (control first, then a treated
/// arm), by distribution.
fn outcome_block(d: Distribution) -> (String, [String; 2]) {
    let src = format!("assumed = true\nevidence = \"assumption\"\nsource = \"{REPLACE}\"\n");
    match d {
        Distribution::Normal => (
            format!("[outcome]\nname = \"outcome\"   # what is measured\nunit = \"units\"\nsd = 20.0          # SD of one measurement\n{src}"),
            ["mean = 100.0".into(), "mean = 110.0       # +10 = 0.5 SD (a conventional medium effect)".into()],
        ),
        Distribution::Lognormal => (
            format!("[outcome]\nname = \"outcome\"\nunit = \"units\"\ndistribution = \"lognormal\"\ncv = 0.5           # coefficient of variation on the original scale\n{src}"),
            ["geometric_mean = 100.0".into(), "geometric_mean = 125.0   # ratio 1.25".into()],
        ),
        Distribution::Binary => (
            "[outcome]\nname = \"outcome\"   # the event\ndistribution = \"binary\"\n".to_string(),
            ["p = 0.30".into(), "p = 0.50".into()],
        ),
        Distribution::Poisson => (
            "[outcome]\nname = \"outcome\"   # what is counted\nunit = \"per unit of exposure\"\ndistribution = \"poisson\"\nexposure = 1\n".to_string(),
            ["rate = 4.0".into(), "rate = 6.0         # rate ratio 1.5".into()],
        ),
        Distribution::NegativeBinomial => (
            format!("[outcome]\nname = \"outcome\"   # what is counted\nunit = \"per unit of exposure\"\ndistribution = \"negative-binomial\"\nexposure = 1\ndispersion = 2.0   # size k: variance = mean + mean²/k\n{src}"),
            ["rate = 4.0".into(), "rate = 6.0         # rate ratio 1.5".into()],
        ),
        Distribution::Ordinal => (
            format!("[outcome]\nname = \"score\"\ndistribution = \"ordinal\"\ncategories = [0, 1, 2, 3, 4]\nhigher_is_better = true   # false for disease scores such as EAE\n{src}"),
            ["probabilities = [0.10, 0.20, 0.40, 0.20, 0.10]".into(), "probabilities = [0.05, 0.15, 0.30, 0.30, 0.20]".into()],
        ),
        Distribution::TimeToEvent => (
            format!("[outcome]\nname = \"time to event\"\ndistribution = \"time-to-event\"\ntime_unit = \"months\"\naccrual = 12       # subjects enter uniformly over 12 months\nfollow_up = 12     # and are followed 12 months after the last entry\n{src}"),
            ["median = 12.0".into(), "median = 18.0      # hazard ratio 0.67".into()],
        ),
    }
}

/// The `[design]` table.
fn design_block(k: DesignKind) -> String {
    let src = format!("assumed = true\nevidence = \"assumption\"\nsource = \"{REPLACE}\"\n");
    match k {
        DesignKind::Parallel => "[design]\nkind = \"parallel\"\n".to_string(),
        DesignKind::Paired => format!("[design]\nkind = \"paired\"   # every subject measured under every condition\ncorrelation = 0.5  # of a subject's measurements\n{src}"),
        DesignKind::Ancova => format!("[design]\nkind = \"ancova\"   # the outcome adjusted for its baseline\nbaseline_correlation = 0.5\n{src}"),
        DesignKind::Clustered => format!("[design]\nkind = \"clustered\"\ncluster_size = 5   # measurements per cluster (fields per animal)\nicc = 0.1          # intraclass correlation\nunit = \"animal\"    # what a cluster is\nanalysis = \"means\" # or \"mixed\" (random-intercept model)\n{src}"),
    }
}

/// Why a new scenario cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// The scenario text for `distribution`, `design` and `arms` (the first
/// is the control), or why not.
pub fn scenario(distribution: Distribution, design: DesignKind, arms: &[String]) -> Result<String, Refused> {
    let entry = registry::outcome(distribution);
    if !entry.designs.contains(&design) {
        let names: Vec<&str> = entry.designs.iter().map(|d| d.name()).collect();
        let article = if entry.name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        return Err(Refused(format!(
            "--design {}: {article} {} outcome works with {}",
            design.name(),
            entry.name,
            registry::either(&names)
        )));
    }
    let mut names: Vec<&str> = Vec::new();
    for a in arms {
        let a = a.trim();
        if a.is_empty() || a.chars().any(char::is_control) {
            return Err(Refused(format!("--arms: {a:?} is not a name")));
        }
        if names.contains(&a) {
            return Err(Refused(format!("--arms: \"{a}\" is named twice")));
        }
        names.push(a);
    }
    if names.len() < 2 {
        return Err(Refused("--arms: expected at least two arms, the control first (e.g. vehicle,cm,exosome)".into()));
    }
    let (outcome, arm_keys) = outcome_block(distribution);
    let mut s = String::new();
    let _ = write!(
        s,
        "# A new scenario from `plan new`: a {} outcome in a {} design, {} arms, \"{}\" the control.\n\
         # Every planning value below is a PLACEHOLDER marked assumed = true: replace each with a\n\
         # value from the literature or a pilot (`plan effect` turns reported numbers into them)\n\
         # and say where it comes from in its `source`. Check it with `plan check FILE`.\n\n\
         title = \"{} vs {}\"\n{}\n\n{outcome}\n{}\n",
        entry.name,
        design.name(),
        names.len(),
        quote(names[0]),
        quote(&names[1..].join(", ")),
        quote(names[0]),
        if design == DesignKind::Clustered {
            "# [design] unit names what n counts (the clusters)"
        } else {
            "subject = \"animal\"   # or patient, mouse, rat, ..."
        },
        design_block(design)
    );
    for (i, name) in names.iter().enumerate() {
        let keys = &arm_keys[usize::from(i > 0)];
        let _ = write!(
            s,
            "[[arms]]\nname = \"{}\"\n{keys}\nassumed = true\nevidence = \"assumption\"\nsource = \"{REPLACE}\"\n\n",
            quote(name)
        );
    }
    for name in &names[1..] {
        let _ = write!(s, "[[comparisons]]\ntreatment = \"{}\"\nreference = \"{}\"\n\n", quote(name), quote(names[0]));
    }
    let multiplicity =
        if names.len() > 2 { "multiplicity = \"holm\"   # over the comparisons with the control\n" } else { "" };
    let _ = write!(
        s,
        "[analysis]\nalpha = 0.05\ntarget_power = 0.80\n{multiplicity}dropout = 0.10     # expected loss\n\n[simulation]\nreplicates = 10000\nseed = 1\n"
    );
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Overrides, Scenario};

    /// Every outcome in every design the registry allows gives a scenario
    /// that validates as written, with every placeholder in the ledger.
    #[test]
    fn every_outcome_and_design_validates() {
        let arms: Vec<String> = ["vehicle", "cm", "exosome", "whole-cell"].iter().map(|s| s.to_string()).collect();
        let mut checked = 0;
        for o in registry::OUTCOMES {
            for d in registry::DESIGNS {
                let made = scenario(o.kind, d.kind, &arms);
                if !o.designs.contains(&d.kind) {
                    assert!(made.is_err(), "{} / {}", o.name, d.name);
                    continue;
                }
                let text = made.unwrap();
                let s = Scenario::from_toml(&text, "new.toml".as_ref(), &Overrides::default())
                    .unwrap_or_else(|e| panic!("{} / {}: {e}\n{text}", o.name, d.name));
                assert_eq!(s.arms().len(), 4);
                assert!(
                    s.assumptions().iter().all(|a| a.source.as_deref().is_some_and(|x| x.starts_with("PLACEHOLDER"))
                        || a.what.contains("dropout")),
                    "{} / {}",
                    o.name,
                    d.name
                );
                checked += 1;
            }
        }
        assert!(checked >= 10, "{checked}");
    }
}
