//! The human summary printed to the terminal: the question and design, the
//! assumption ledger, each comparison's effect and power, the
//! recommendation with its Monte Carlo interval, the allocation advice, and
//! a compact power-curve table.

use std::fmt::Write as _;

use super::Exporter;
use crate::engine::{AllocationAdvice, ComparisonResult, PlanResult};
use crate::error::PlanError;
use crate::numfmt::{num, pct};

/// A probability to 3 decimals, zeros kept so columns line up.
fn p3(x: f64) -> String {
    format!("{x:.3}")
}

/// The plain-text summary exporter.
pub struct Summary;

impl Exporter for Summary {
    fn serialize(&self, r: &PlanResult) -> Result<Vec<u8>, PlanError> {
        let mut s = String::new();
        header(&mut s, r);
        assumptions(&mut s, r);
        comparisons(&mut s, r);
        recommendation(&mut s, r);
        if let Some(a) = &r.allocation_advice {
            allocation(&mut s, r, a);
        }
        curve_table(&mut s, r);
        Ok(s.into_bytes())
    }
}

fn unit(r: &PlanResult) -> String {
    r.outcome.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default()
}

fn header(s: &mut String, r: &PlanResult) {
    let st = &r.settings;
    let _ = writeln!(s, "{}", r.title);
    let _ = writeln!(
        s,
        "Outcome: {}{}, {}, {} is better",
        r.outcome.name,
        r.outcome.unit.as_deref().map(|u| format!(" [{u}]")).unwrap_or_default(),
        r.outcome.distribution.name(),
        if r.outcome.higher_is_better { "higher" } else { "lower" }
    );
    let width = r.arms.iter().map(|a| a.name.chars().count()).max().unwrap_or(4).max(4);
    let _ = writeln!(s, "\n  {:<width$}  {:>10}  {:>8}  {:>6}  basis", "arm", "mean", "SD", "weight");
    for a in &r.arms {
        let basis = if a.provenance.assumed {
            "assumed"
        } else if a.provenance.source.is_some() {
            "reported"
        } else {
            "unsourced"
        };
        let _ = writeln!(
            s,
            "  {:<width$}  {:>10}  {:>8}  {:>6}  {basis}",
            a.name,
            num(a.mean, 4),
            num(a.sd, 4),
            num(a.allocation, 3)
        );
    }
    let primaries = r.comparisons.iter().filter(|c| c.primary).count();
    let _ = writeln!(
        s,
        "\nAnalysis: superiority tests {}-sided at alpha = {}; multiplicity: {} over {} primary comparison{}; \
         goal: {} ({}); target power {}; dropout {}.",
        if st.sides == 1 { "one" } else { "two" },
        num(st.alpha, 4),
        st.multiplicity,
        primaries,
        if primaries == 1 { "" } else { "s" },
        r.goal.name,
        r.goal.meaning,
        num(st.target_power, 4),
        pct(st.dropout)
    );
    let _ = writeln!(
        s,
        "Simulation: {} replicates per n, seed {}, {} data, plan {}.",
        r.replicates,
        r.seed,
        if st.data_path == "summary" { "exact sufficient-statistic" } else { "raw" },
        r.version
    );
}

fn assumptions(s: &mut String, r: &PlanResult) {
    s.push_str("\nAssumptions (planning values, not reported results):\n");
    if r.assumptions.is_empty() {
        s.push_str("  none: every number has a source and none is flagged as assumed\n");
    }
    for a in &r.assumptions {
        let why = a.source.as_deref().unwrap_or("no source given");
        let _ = writeln!(s, "  [{}] {} ({}): {}", a.status, a.what, a.key, why);
    }
}

fn comparisons(s: &mut String, r: &PlanResult) {
    let at = match &r.recommendation {
        Some(rec) => format!("at the recommended n = {}", rec.n_per_arm),
        None => format!("at n = {}", r.curve.first().map_or(0, |c| c.n_per_arm)),
    };
    let _ = writeln!(s, "\nComparisons (power {at} per arm, multiplicity included):");
    for c in &r.comparisons {
        comparison(s, r, c);
    }
}

fn comparison(s: &mut String, r: &PlanResult, c: &ComparisonResult) {
    let u = unit(r);
    let mut what =
        vec![if c.primary { "primary".to_string() } else { "secondary".to_string() }, c.hypothesis.to_string()];
    if let Some(m) = c.margin {
        what.push(format!("margin {}{u}", num(m, 4)));
    }
    let sided = match c.hypothesis {
        "superiority" if c.test != "anova" => {
            if r.settings.sides == 1 {
                " one-sided"
            } else {
                " two-sided"
            }
        }
        "non-inferiority" => " one-sided",
        "equivalence" => " TOST",
        _ => "",
    };
    what.push(match c.adjusted_alpha {
        Some(a) => format!("{}{sided} at level {}", c.test, num(a, 4)),
        None => format!("{}{sided}, {} step procedure", c.test, r.settings.multiplicity),
    });
    let _ = writeln!(s, "  {} [{}]", c.label, what.join(", "));
    let effect = match c.difference {
        Some(d) => format!("difference {}{}{u}, d = {}", if d >= 0.0 { "+" } else { "" }, num(d, 4), num(c.d, 3)),
        None => format!("Cohen's f = {}", num(c.d, 3)),
    };
    let needs = match (c.n_per_arm, c.reached) {
        (Some(n), _) => format!("; needs n = {n} per arm alone"),
        (None, Some(false)) => format!("; does not reach the target by n = {}", r.settings.n_max),
        _ => String::new(),
    };
    let analytic = c.analytic_power.map(|p| format!(", closed form {}", p3(p))).unwrap_or_default();
    let _ = writeln!(s, "    {effect}{needs}; power {} ± {} (MC SE){analytic}", p3(c.power), p3(c.mc_se));
}

fn recommendation(s: &mut String, r: &PlanResult) {
    let st = &r.settings;
    let Some(rec) = &r.recommendation else { return };
    s.push('\n');
    if rec.reached {
        let _ = writeln!(
            s,
            "Recommendation: n = {} per arm ({} in total); enroll {}{}.",
            rec.n_per_arm,
            rec.n_total,
            rec.n_enrolled,
            if st.dropout > 0.0 { format!(" to allow for {} dropout", pct(st.dropout)) } else { String::new() }
        );
        let _ = writeln!(
            s,
            "  Goal \"{}\" reaches power {}: {} (95% MC interval {} to {}).",
            r.goal.name,
            num(st.target_power, 3),
            p3(rec.power),
            p3(rec.ci_low),
            p3(rec.ci_high)
        );
    } else {
        let _ = writeln!(
            s,
            "NOT REACHED: no n from {} to {} per arm meets goal \"{}\" at power {}.",
            st.n_min,
            st.n_max,
            r.goal.name,
            num(st.target_power, 3)
        );
        let _ = writeln!(
            s,
            "  Best seen: n = {} per arm, goal power {} (95% MC interval {} to {}). \
             Raise simulation.n_max, or revisit the effect sizes.",
            rec.n_per_arm,
            p3(rec.power),
            p3(rec.ci_low),
            p3(rec.ci_high)
        );
    }
    let primaries = r.comparisons.iter().filter(|c| c.primary).count();
    if primaries > 1 {
        let _ = writeln!(
            s,
            "  At this n, all {primaries} primary hypotheses are shown in the same study with probability {}, \
             at least one with {}.",
            p3(r.goal.power_all),
            p3(r.goal.power_any)
        );
    }
    if rec.arms.iter().any(|a| a.n != rec.n_per_arm) || st.dropout > 0.0 {
        let sizes: Vec<String> =
            rec.arms.iter().map(|a| format!("{} {} (enroll {})", a.arm, a.n, a.enrolled)).collect();
        let _ = writeln!(s, "  Per arm: {}", sizes.join(", "));
    }
    for c in r.comparisons.iter().filter(|c| !c.primary) {
        let needs = match c.n_per_arm {
            Some(n) => format!("needs n = {n} per arm"),
            None => format!("does not reach the target by n = {}", st.n_max),
        };
        let _ = writeln!(
            s,
            "  Secondary \"{}\" ({}) {needs}; at the recommended n its power is {}.",
            c.label,
            c.hypothesis,
            p3(c.power)
        );
    }
}

fn allocation(s: &mut String, r: &PlanResult, a: &AllocationAdvice) {
    let _ = writeln!(s, "\nAllocation ({} primary comparisons share the control \"{}\"):", a.k, a.control);
    let row = |name: &str, o: &crate::engine::AllocationOption| {
        let sizes: Vec<String> = o.arms.iter().map(|x| x.n.to_string()).collect();
        format!(
            "  {name:<30} arms {:<16} total {:>5}, enroll {:>5}, goal power {}{}",
            sizes.join(":"),
            o.n_total,
            o.n_enrolled,
            p3(o.power),
            if o.reached { "" } else { " (target not reached)" }
        )
    };
    let _ = writeln!(s, "{}", row("as in the scenario", &a.scenario));
    let control = r.arms.iter().position(|x| x.name == a.control).unwrap_or(0);
    let w = a.sqrt_k.weights.get(control).copied().unwrap_or(f64::NAN);
    let _ = writeln!(s, "{}", row(&format!("control √{}:1 (weight {})", a.k, num(w, 3)), &a.sqrt_k));
    let verdict = match a.cheaper {
        "sqrt_k" => format!("the √{}:1 allocation needs fewer participants", a.k),
        "scenario" => "the scenario's allocation needs fewer participants".to_string(),
        _ => "both need the same number of participants".to_string(),
    };
    let _ = writeln!(
        s,
        "  ({verdict}; weights are in scenario order: {})",
        r.arms.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join(", ")
    );
}

/// A compact table: n per arm, total, and each comparison's power.
fn curve_table(s: &mut String, r: &PlanResult) {
    let mut labels: Vec<&str> = r.comparisons.iter().map(|c| c.label.as_str()).collect();
    if r.curve.iter().any(|row| row.comparison == r.goal.name) {
        labels.push(r.goal.name);
    }
    let mut ns: Vec<u32> = r.curve.iter().map(|row| row.n_per_arm).collect();
    ns.dedup();
    if ns.is_empty() {
        return;
    }
    s.push_str("\nPower curve (simulated power; closed form in brackets):\n");
    let widths: Vec<usize> = labels.iter().map(|l| l.chars().count().max(15)).collect();
    let _ = write!(s, "  {:>6}  {:>7}", "n/arm", "total");
    for (l, w) in labels.iter().zip(&widths) {
        let _ = write!(s, "  {l:>w$}");
    }
    s.push('\n');
    for n in ns {
        let mark = match &r.recommendation {
            Some(rec) if rec.n_per_arm == n => " <",
            _ => "",
        };
        let total = r.curve.iter().find(|row| row.n_per_arm == n).map_or(0, |row| row.n_total);
        let _ = write!(s, "  {n:>6}  {total:>7}");
        for (l, w) in labels.iter().zip(&widths) {
            let cell = match r.curve_at(l, n) {
                Some(row) => match row.analytic_power {
                    Some(a) => format!("{:.3} [{:.3}]", row.power, a),
                    None => format!("{:.3}", row.power),
                },
                None => String::new(),
            };
            let _ = write!(s, "  {cell:>w$}");
        }
        let _ = writeln!(s, "{mark}");
    }
    if r.recommendation.is_some() {
        s.push_str("  (< marks the recommended n)\n");
    }
}
