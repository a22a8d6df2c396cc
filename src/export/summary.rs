//! The human summary printed to the terminal: the question, the assumption
//! ledger, each comparison's effect, the recommendation with its Monte Carlo
//! interval, and a compact power-curve table.

use std::fmt::Write as _;

use super::Exporter;
use crate::engine::{ComparisonResult, PlanResult};
use crate::error::PlanError;

/// The plain-text summary exporter.
pub struct Summary;

/// A number with up to `digits` decimals, trailing zeros removed.
fn num(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn pct(x: f64) -> String {
    format!("{}%", num(100.0 * x, 1))
}

impl Exporter for Summary {
    fn serialize(&self, r: &PlanResult) -> Result<Vec<u8>, PlanError> {
        let mut s = String::new();
        let unit = r.outcome.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
        let st = &r.settings;
        let _ = writeln!(s, "{}", r.title);
        let _ = writeln!(
            s,
            "Outcome: {}{} ({}, {} is better)",
            r.outcome.name,
            r.outcome.unit.as_deref().map(|u| format!(" [{u}]")).unwrap_or_default(),
            r.outcome.distribution.name(),
            if r.outcome.higher_is_better { "higher" } else { "lower" }
        );
        let arms: Vec<String> = r
            .arms
            .iter()
            .map(|a| {
                format!(
                    "{} (mean {}{unit}, SD {}, weight {})",
                    a.name,
                    num(a.mean, 4),
                    num(a.sd, 4),
                    num(a.allocation, 3)
                )
            })
            .collect();
        let _ = writeln!(s, "Arms: {}", arms.join("; "));
        let _ = writeln!(
            s,
            "Analysis: {}-sided, alpha = {}, target power {}, dropout {}",
            if st.sides == 1 { "one" } else { "two" },
            num(st.alpha, 4),
            num(st.target_power, 4),
            pct(st.dropout)
        );
        let _ = writeln!(
            s,
            "Simulation: {} replicates per n, seed {}, {} data, plan {}",
            r.replicates,
            r.seed,
            if st.data_path == "summary" { "exact sufficient-statistic" } else { "raw" },
            r.version
        );

        s.push_str("\nAssumptions (planning values, not reported results):\n");
        if r.assumptions.is_empty() {
            s.push_str("  none: every number has a source and none is flagged as assumed\n");
        }
        for a in &r.assumptions {
            let why = a.source.as_deref().unwrap_or("no source given");
            let _ = writeln!(s, "  [{}] {} ({}): {}", a.status, a.what, a.key, why);
        }

        s.push_str("\nComparisons:\n");
        for c in &r.comparisons {
            comparison_line(&mut s, c, &unit, r.recommendation.is_some());
        }

        if let Some(rec) = &r.recommendation {
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
                    "  Every comparison reaches power {}; the weakest has {} (95% MC interval {} to {}).",
                    num(st.target_power, 3),
                    num(rec.power, 3),
                    num(rec.ci_low, 3),
                    num(rec.ci_high, 3)
                );
            } else {
                let _ = writeln!(
                    s,
                    "NOT REACHED: no n from {} to {} per arm gives every comparison power {}.",
                    st.n_min,
                    st.n_max,
                    num(st.target_power, 3)
                );
                let _ = writeln!(
                    s,
                    "  Best seen: n = {} per arm, weakest comparison power {} (95% MC interval {} to {}). \
                     Raise simulation.n_max, or revisit the effect sizes.",
                    rec.n_per_arm,
                    num(rec.power, 3),
                    num(rec.ci_low, 3),
                    num(rec.ci_high, 3)
                );
            }
            if rec.arms.iter().any(|a| a.n != rec.n_per_arm) || st.dropout > 0.0 {
                let sizes: Vec<String> =
                    rec.arms.iter().map(|a| format!("{} {} (enroll {})", a.arm, a.n, a.enrolled)).collect();
                let _ = writeln!(s, "  Per arm: {}", sizes.join(", "));
            }
        }
        curve_table(&mut s, r);
        Ok(s.into_bytes())
    }
}

fn comparison_line(s: &mut String, c: &ComparisonResult, unit: &str, searching: bool) {
    let _ = writeln!(
        s,
        "  {}: difference {}{}{unit}, d = {}, {} test",
        c.label,
        if c.difference >= 0.0 { "+" } else { "" },
        num(c.difference, 4),
        num(c.d, 3),
        c.test
    );
    let needs = match (searching, c.n_per_arm, c.reached) {
        (true, Some(n), _) => format!("needs n = {n} per arm alone; "),
        (true, None, Some(false)) => "does not reach the target in range; ".to_string(),
        _ => String::new(),
    };
    let analytic = c.analytic_power.map(|p| format!(", analytic {}", num(p, 3))).unwrap_or_default();
    let _ = writeln!(s, "    {needs}power {} ± {} (MC SE){analytic}", num(c.power, 3), num(c.mc_se, 3));
}

/// A compact table: n per arm, total, and each comparison's power.
fn curve_table(s: &mut String, r: &PlanResult) {
    let labels: Vec<&str> = r.comparisons.iter().map(|c| c.label.as_str()).collect();
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
