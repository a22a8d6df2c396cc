//! The human summary printed to the terminal: the question and design, the
//! assumption ledger, each comparison's effect and power, the
//! recommendation with its Monte Carlo interval (or NOT REACHED, never
//! worded as a recommendation), the sensitivity variants, the allocation
//! advice, and a compact power-curve table of the scenario as written.
//!
//! Sizes are said in the scenario's own words for a unit ("57 mice per
//! arm"), and "per arm" only when every arm has that size.

use std::fmt::Write as _;

use super::Exporter;
use crate::engine::{
    AllocationAdvice, AllocationOption, Cheaper, ComparisonResult, CurvePoint, DataSource, PlanResult, Recommendation,
};
use crate::error::PlanError;
use crate::numfmt::{analysed, arm_sizes, enrolled, equal_sizes, exact, fixed, num, pct, sizes_at};
use crate::scenario::{HypothesisKind, TestKind};

/// A probability to 3 decimals, zeros kept so columns line up (more where
/// 3 would read as 0 or 1).
fn p3(x: f64) -> String {
    fixed(x, 3)
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
        pinned(&mut s, r);
        if let Some(lines) = super::words::assurance(r) {
            let _ = writeln!(s, "\nAssurance (power averaged over the priors on the effects):");
            for line in lines {
                let _ = writeln!(s, "  {line}");
            }
        }
        sensitivity(&mut s, r);
        grid(&mut s, r);
        if let Some(a) = &r.allocation_advice {
            allocation(&mut s, r, a);
        }
        tradeoff(&mut s, r);
        curve_table(&mut s, r);
        Ok(s.into_bytes())
    }
}

/// Clustered designs: the same measurements in clusters of other sizes.
fn tradeoff(s: &mut String, r: &PlanResult) {
    let Some(heading) = super::words::tradeoff_heading(r) else { return };
    let _ = writeln!(s, "\n{heading}");
    let head = [
        format!("per {}", r.subject.singular),
        format!("{}/arm", r.subject.plural),
        "measurements/arm".to_string(),
        "power (95% MC interval)".to_string(),
        "closed form".to_string(),
    ];
    let rows = super::words::tradeoff_cells(r);
    let width: Vec<usize> = (0..5)
        .map(|j| rows.iter().map(|c| c[j].chars().count()).chain([head[j].chars().count()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String; 5]| {
        let c: Vec<String> = cells.iter().zip(&width).map(|(x, w)| format!("{x:>w$}")).collect();
        format!("  {}", c.join("  "))
    };
    let _ = writeln!(s, "{}", line(&head));
    for row in &rows {
        let _ = writeln!(s, "{}", line(row));
    }
}

/// A warning for arms held at the minimum size of 2 at every n.
fn pinned(s: &mut String, r: &PlanResult) {
    for name in &r.pinned_arms {
        let w = r.arms.iter().find(|a| &a.name == name).map_or(f64::NAN, |a| a.allocation);
        let _ = writeln!(
            s,
            "  WARNING: arm \"{name}\" (allocation {}) is held at the minimum of 2 {} at the reported n, since \
             round({} × n) < 2: its comparisons' power cannot grow with n. Raise its allocation.",
            num(w, 4),
            r.subject.plural,
            num(w, 4)
        );
    }
}

/// What a comparison sets out to show, in words: an ANOVA tests for any
/// difference among its arms, which is not a superiority claim.
pub(crate) fn hypothesis_words(c: &ComparisonResult) -> &'static str {
    if c.test == TestKind::Anova {
        "any difference (omnibus F test)"
    } else {
        c.hypothesis.name()
    }
}

/// The unit of differences and margins: for an outcome in %, a difference
/// is in percentage points.
pub(crate) fn difference_unit(r: &PlanResult) -> String {
    match r.outcome.unit.as_deref() {
        Some("%") => " percentage points".to_string(),
        Some(u) => format!(" {u}"),
        None => String::new(),
    }
}

/// "57 mice per arm (228 in total)" or "vehicle 49, CM 98 mice (147 in total)".
fn sized(r: &PlanResult, rec: &Recommendation) -> String {
    if r.design.paired() {
        return arm_sizes(&analysed(&rec.arms), r);
    }
    format!("{} ({} in total)", arm_sizes(&analysed(&rec.arms), r), rec.n_total)
}

fn header(s: &mut String, r: &PlanResult) {
    let st = &r.settings;
    let _ = writeln!(s, "{}", r.title);
    let _ = writeln!(
        s,
        "Outcome: {}{}, {}, {}",
        r.outcome.name,
        r.outcome.unit.as_deref().map(|u| format!(" [{u}]")).unwrap_or_default(),
        r.outcome.distribution.name(),
        super::words::better(r)
    );
    if let Some(rho) = r.design.correlation {
        let _ = writeln!(
            s,
            "Design: paired; every {} is measured under {}, within-{} correlation {}",
            r.subject.singular,
            super::words::conditions(r),
            r.subject.singular,
            exact(rho)
        );
    }
    if let (Some(gives), Some(icc), Some(de)) = (super::words::cluster_gives(r), r.design.icc, r.design.design_effect) {
        let _ = writeln!(
            s,
            "Design: clustered; each {} gives {gives}; ICC {}, design effect {}; n counts {}; {}",
            r.subject.singular,
            exact(icc),
            num(de, 4),
            r.subject.plural,
            super::words::cluster_analysis(r)
        );
    }
    if let Some(rho) = r.design.baseline_correlation {
        let _ = writeln!(
            s,
            "Design: parallel arms, outcome adjusted for its baseline (ANCOVA), baseline–outcome correlation {} \
             (residual variance × {})",
            exact(rho),
            num(1.0 - rho * rho, 4)
        );
    }
    let width = r.arms.iter().map(|a| a.name.chars().count()).max().unwrap_or(4).max(4);
    let first = if r.design.paired() { "condition" } else { "arm" };
    let width = width.max(first.len());
    let (value_head, spread_head) = super::words::arm_heads(r, false);
    let vw = value_head.chars().count().max(10);
    let mut head = format!("\n  {:<width$}  {:>vw$}", first, value_head);
    if let Some(h) = spread_head {
        let _ = write!(head, "  {h:>8}");
    }
    if !r.design.paired() {
        let _ = write!(head, "  {:>6}", "weight");
    }
    let _ = writeln!(s, "{head}  basis");
    for a in &r.arms {
        let basis = if a.provenance.assumed {
            "assumed"
        } else if a.provenance.source.is_some() {
            "reported"
        } else {
            "unsourced"
        };
        let mut row = format!("  {:<width$}  {:>vw$}", a.name, super::words::arm_value(r, a));
        if spread_head.is_some() {
            let _ = write!(row, "  {:>8}", super::words::arm_spread(r, a));
        }
        if !r.design.paired() {
            let _ = write!(row, "  {:>6}", num(a.allocation, 3));
        }
        let _ = writeln!(s, "{row}  {basis}");
    }
    let primaries = r.comparisons.iter().filter(|c| c.primary).count();
    // The sidedness of superiority tests, or (with none) how the others are tested.
    let tests = if r.comparisons.iter().any(|c| c.hypothesis == HypothesisKind::Superiority) {
        format!("superiority tests {}-sided", if st.sides == 1 { "one" } else { "two" })
    } else if r.comparisons.iter().all(|c| c.hypothesis == HypothesisKind::NonInferiority) {
        "non-inferiority tests one-sided".to_string()
    } else if r.comparisons.iter().all(|c| c.hypothesis == HypothesisKind::Equivalence) {
        "equivalence by two one-sided tests".to_string()
    } else {
        "non-inferiority tests one-sided, equivalence by two one-sided tests".to_string()
    };
    let _ = writeln!(
        s,
        "\nAnalysis: {tests} at alpha = {}; multiplicity: {} over {} primary comparison{}; \
         goal: {} ({}); target power {}; dropout {}.",
        exact(st.alpha),
        st.multiplicity.name(),
        primaries,
        if primaries == 1 { "" } else { "s" },
        r.goal.name.name(),
        r.goal.meaning,
        exact(st.target_power),
        pct(st.dropout)
    );
    let _ = writeln!(
        s,
        "Simulation: {} replicates per n{}, seed {}, {} data, plan {}.",
        r.replicates,
        match (&r.recommendation, st.precision) {
            (None, _) => String::new(),
            (Some(_), true) => {
                format!(" (precision control: up to {} near the answer)", crate::numfmt::thousands(st.max_replicates))
            }
            (Some(_), false) => " (precision control off)".to_string(),
        },
        r.seed,
        if st.data_path == DataSource::Summary { "exact sufficient-statistic" } else { "raw" },
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
        let _ = writeln!(s, "  [{}] {} ({}): {}", a.label(), a.what, a.key, why);
    }
}

/// The n the comparisons' powers are reported at, in words.
fn reported_at(r: &PlanResult) -> String {
    match &r.recommendation {
        Some(rec) if rec.reached => format!("at the recommended size, {}", sized(r, rec)),
        Some(rec) => format!("at the best n seen, {}: the target is NOT REACHED", sized(r, rec)),
        None => {
            let n = r.curve.first().map_or(0, |c| c.n_per_arm);
            let sizes = sizes_at(&r.arms, n);
            let total: u32 = sizes.iter().map(|s| s.1).sum();
            if r.design.paired() {
                format!("at {}", arm_sizes(&sizes, r))
            } else {
                format!("at {} ({total} in total)", arm_sizes(&sizes, r))
            }
        }
    }
}

fn comparisons(s: &mut String, r: &PlanResult) {
    let _ = writeln!(s, "\nComparisons (power {}, multiplicity included):", reported_at(r));
    for c in &r.comparisons {
        comparison(s, r, c);
    }
}

/// What a comparison (or the goal) needs on its own at `n` per arm of
/// weight 1: "n = 26 mice per arm", or every arm's size when they differ.
fn needs(r: &PlanResult, n: u32) -> String {
    let sizes = sizes_at(&r.arms, n);
    if equal_sizes(&sizes) {
        format!("n = {}", arm_sizes(&sizes, r))
    } else {
        arm_sizes(&sizes, r)
    }
}

fn comparison(s: &mut String, r: &PlanResult, c: &ComparisonResult) {
    let mut what =
        vec![if c.primary { "primary".to_string() } else { "secondary".to_string() }, hypothesis_words(c).to_string()];
    if let Some(m) = super::words::margin(r, c) {
        what.push(format!("margin {m}"));
    }
    let sided = match c.hypothesis {
        HypothesisKind::Superiority if c.test != TestKind::Anova => {
            if r.settings.sides == 1 {
                " one-sided"
            } else {
                " two-sided"
            }
        }
        HypothesisKind::NonInferiority => " one-sided",
        HypothesisKind::Equivalence => " TOST",
        HypothesisKind::Superiority => "",
    };
    what.push(match c.adjusted_alpha {
        Some(a) => format!("{}{sided} at level {}", c.test.name(), num(a, 4)),
        None => format!("{}{sided}, {} step procedure", c.test.name(), r.settings.multiplicity.name()),
    });
    if let Some(df) = c.df {
        what.push(format!("t on {} df", num(df, 6)));
    }
    let _ = writeln!(s, "  {} [{}]", c.label, what.join(", "));
    let effect = super::words::effect(r, c, 3, true);
    let needs = match (c.n_per_arm, c.reached) {
        (Some(n), _) => format!("; needs {} alone", needs(r, n)),
        (None, Some(false)) => format!("; does not reach the target by n = {}", r.settings.n_max),
        _ => String::new(),
    };
    let analytic =
        c.analytic_power.map(|p| format!(", {} {}", super::words::analytic_name(c), p3(p))).unwrap_or_default();
    let _ = writeln!(s, "    {effect}{needs}; power {} ± {} (MC SE){analytic}", p3(c.power), p3(c.mc_se));
    if let Some(events) = super::words::events(r, c) {
        let _ = writeln!(s, "    Events: {events}.");
    }
    if let Some(mde) = super::words::mde(r, c) {
        let _ = writeln!(
            s,
            "    Minimum detectable effect at this n (target power {}): {mde}.",
            num(r.settings.target_power, 3)
        );
    }
}

/// One plain line on whether the simulation told the recommended n apart
/// from n − 1, and the fix when it did not.
pub(crate) fn precision_line(r: &PlanResult, rec: &Recommendation) -> String {
    let st = &r.settings;
    let reps = |x: u64| crate::numfmt::thousands(x);
    match &rec.below {
        Some(b) if rec.resolved => format!(
            "Told apart from n − 1 = {}: power {} (95% MC interval {} to {}) lies below the target; {} simulated studies at each.",
            b.n_per_arm,
            p3(b.power),
            beside(b.ci_low, st.target_power),
            beside(b.ci_high, st.target_power),
            reps(rec.replicates.min(b.replicates))
        ),
        None if rec.resolved => format!(
            "n is the smallest searched (n_min = {}); {} simulated studies at n.",
            st.n_min,
            reps(rec.replicates)
        ),
        below => {
            let lower = below
                .as_ref()
                .map(|b| {
                    let (lo, hi) = (beside(b.ci_low, st.target_power), beside(b.ci_high, st.target_power));
                    format!(" and at n − 1 = {} ({lo} to {hi})", b.n_per_arm)
                })
                .unwrap_or_default();
            let fix = if st.precision {
                format!("raise simulation.max_replicates (now {}) or --max-replicates", reps(st.max_replicates))
            } else {
                "turn the precision control on (remove --no-precision or precision = false)".to_string()
            };
            format!(
                "UNCERTAIN: the 95% MC intervals at n ({} to {}){lower} do not lie on either side of the target {}, \
                 so the simulation cannot tell n from its neighbour ({} simulated studies at n); to settle it, {fix}.",
                beside(rec.ci_low, st.target_power),
                beside(rec.ci_high, st.target_power),
                exact(st.target_power),
                reps(rec.replicates)
            )
        }
    }
}

/// A bound of an interval to 3 decimals, or more where 3 would print it on
/// the other side of (or equal to) the target: 0.79980 against 0.8 reads
/// "0.7998", never "0.800".
pub(crate) fn beside(x: f64, target: f64) -> String {
    for digits in 3..=6 {
        let text = format!("{x:.digits$}");
        let shown: f64 = text.parse().unwrap_or(x);
        if (shown < target) == (x < target) && (shown > target) == (x > target) {
            return text;
        }
    }
    format!("{x:.7}")
}

/// With `--n`: the goal's power at that n against the target, in one line.
fn goal_at_n(s: &mut String, r: &PlanResult) {
    let st = &r.settings;
    let g = &r.goal;
    let verdict = if g.ci_low > st.target_power {
        "above the target"
    } else if g.ci_high < st.target_power {
        "BELOW the target: this n is too small for the target power"
    } else {
        "not distinguishable, at this number of replicates, from the target"
    };
    let _ = writeln!(
        s,
        "\nAt this n, goal \"{}\" has power {} (95% MC interval {} to {}), {verdict} {}.",
        g.name.name(),
        p3(g.power),
        beside(g.ci_low, st.target_power),
        beside(g.ci_high, st.target_power),
        exact(st.target_power)
    );
    for w in &r.warnings {
        let _ = writeln!(s, "  WARNING: {}", super::words::warning(r, w));
    }
}

fn recommendation(s: &mut String, r: &PlanResult) {
    let st = &r.settings;
    let Some(rec) = &r.recommendation else {
        goal_at_n(s, r);
        return;
    };
    let equal = equal_sizes(&analysed(&rec.arms));
    s.push('\n');
    if rec.reached {
        let size = if r.design.paired() {
            format!("n = {}, each measured under {}", sized(r, rec), super::words::conditions(r))
        } else if crate::numfmt::n_is_each_arm(rec) {
            format!("n = {}", sized(r, rec))
        } else {
            format!("{}; n = {} for an arm of weight 1", sized(r, rec), rec.n_per_arm)
        };
        let enroll = if equal_sizes(&enrolled(&rec.arms)) {
            format!("{} {}", rec.n_enrolled, r.subject.count(u64::from(rec.n_enrolled)))
        } else {
            let each: Vec<String> = rec.arms.iter().map(|a| format!("{} {}", a.arm, a.enrolled)).collect();
            format!("{} {} ({})", rec.n_enrolled, r.subject.count(u64::from(rec.n_enrolled)), each.join(", "))
        };
        let _ = writeln!(
            s,
            "Recommendation: {size}; enroll {enroll}{}.",
            if st.dropout > 0.0 { format!(" to allow for {} dropout", pct(st.dropout)) } else { String::new() }
        );
        let _ = writeln!(
            s,
            "  Goal \"{}\" reaches power {}: {} (95% MC interval {} to {}).",
            r.goal.name.name(),
            exact(st.target_power),
            p3(rec.power),
            beside(rec.ci_low, st.target_power),
            beside(rec.ci_high, st.target_power)
        );
        let _ = writeln!(s, "  {}", precision_line(r, rec));
        if let Some(line) = super::words::measurements(r, rec) {
            let _ = writeln!(s, "  {line}");
        }
    } else {
        let _ = writeln!(
            s,
            "NOT REACHED: no n from {} to {}{} meets goal \"{}\" at power {}; there is no recommended n.",
            st.n_min,
            st.n_max,
            super::words::per_arm(r),
            r.goal.name.name(),
            exact(st.target_power)
        );
        let _ = writeln!(
            s,
            "  Best seen (not a recommendation): {}, goal power {} (95% MC interval {} to {}).",
            sized(r, rec),
            p3(rec.power),
            p3(rec.ci_low),
            p3(rec.ci_high)
        );
        let _ = writeln!(s, "  To do: raise simulation.n_max, or revisit the effect sizes, the SDs or the design.");
    }
    let at = if rec.reached { "At this n" } else { "At the best n seen" };
    let primaries = r.comparisons.iter().filter(|c| c.primary).count();
    if primaries > 1 {
        let all = if primaries == 2 {
            "both primary hypotheses".to_string()
        } else {
            format!("all {primaries} primary hypotheses")
        };
        let _ = writeln!(
            s,
            "  {at}, {all} are shown in the same study with probability {}, at least one with {}.",
            p3(r.goal.power_all),
            p3(r.goal.power_any)
        );
    }
    if rec.reached && (!equal || st.dropout > 0.0) && !r.design.paired() {
        let sizes: Vec<String> =
            rec.arms.iter().map(|a| format!("{} {} (enroll {})", a.arm, a.n, a.enrolled)).collect();
        let _ = writeln!(s, "  Per arm: {}", sizes.join(", "));
    }
    for w in &r.warnings {
        let _ = writeln!(s, "  WARNING: {}", super::words::warning(r, w));
    }
    let there = if rec.reached { "at the recommended n" } else { "at the best n seen" };
    for c in r.comparisons.iter().filter(|c| !c.primary) {
        let needs = match c.n_per_arm {
            Some(n) => format!("needs {}", needs(r, n)),
            None => format!("does not reach the target by n = {}", st.n_max),
        };
        let _ = writeln!(
            s,
            "  Secondary \"{}\" ({}) {needs}; {there} its power is {}.",
            c.label,
            hypothesis_words(c),
            p3(c.power)
        );
    }
}

/// The sensitivity grid, one table per dropout, columns aligned.
fn grid(s: &mut String, r: &PlanResult) {
    let Some(g) = &r.grid else { return };
    let what = if r.recommendation.is_some() {
        format!("n {} for the goal (total to enroll)", super::words::per_arm(r).trim())
    } else {
        "the goal's power at the n given".to_string()
    };
    let _ = writeln!(
        s,
        "\nSensitivity grid: {what}, every effect scaled by the row's factor and every {} by the column's; {} \
         simulated studies per n in every cell{}:",
        super::words::spread(r),
        crate::numfmt::thousands(g.replicates),
        if r.settings.precision && r.recommendation.is_some() { ", more near each cell's answer" } else { "" }
    );
    for (title, head, rows) in super::words::grid_tables(r) {
        let _ = writeln!(s, "  {title}");
        let widths: Vec<usize> = (0..head.len())
            .map(|j| rows.iter().map(|row| row[j].chars().count()).chain([head[j].chars().count()]).max().unwrap_or(0))
            .collect();
        for line in std::iter::once(&head).chain(rows.iter()) {
            let cells: Vec<String> = line
                .iter()
                .enumerate()
                .map(
                    |(j, c)| if j == 0 { format!("{c:<w$}", w = widths[j]) } else { format!("{c:>w$}", w = widths[j]) },
                )
                .collect();
            let _ = writeln!(s, "    {}", cells.join("   "));
        }
    }
}

/// Each sensitivity variant: its recommended n (or NOT REACHED with the
/// best seen), total, enrollment, and goal power with its 95% interval; with
/// `--n`, its goal power at that n.
fn sensitivity(s: &mut String, r: &PlanResult) {
    if r.sensitivity.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nSensitivity (the whole plan repeated with {}):", super::words::variants(r));
    let width = r.sensitivity.iter().map(|v| v.variant.chars().count()).max().unwrap_or(0);
    for v in &r.sensitivity {
        let g = &v.goal;
        let interval =
            |p: f64, lo: f64, hi: f64| format!("goal power {} (95% MC interval {} to {})", p3(p), p3(lo), p3(hi));
        let line = match &v.recommendation {
            Some(rec) if rec.reached => format!(
                "{}{}, enroll {}; {}",
                if equal_sizes(&analysed(&rec.arms)) { "n = " } else { "" },
                sized(r, rec),
                rec.n_enrolled,
                interval(rec.power, rec.ci_low, rec.ci_high)
            ),
            Some(rec) => format!(
                "NOT REACHED by n = {}; best seen {}, {}",
                r.settings.n_max,
                sized(r, rec),
                interval(rec.power, rec.ci_low, rec.ci_high)
            ),
            None => {
                let n = r.curve.first().map_or(0, |c| c.n_per_arm);
                format!("at n = {n}: {}", interval(g.power, g.ci_low, g.ci_high))
            }
        };
        let _ = writeln!(s, "  {:<width$}  {line}", v.variant);
    }
}

/// The scenario's allocation beside √k:1, every arm's size named.
fn allocation(s: &mut String, r: &PlanResult, a: &AllocationAdvice) {
    let _ = writeln!(s, "\nAllocation ({} primary comparisons share the control \"{}\"):", a.k, a.control);
    let control = r.arms.iter().position(|x| x.name == a.control).unwrap_or(0);
    let w = a.sqrt_k.weights.get(control).copied().unwrap_or(f64::NAN);
    let names = [
        ("as in the scenario".to_string(), &a.scenario),
        (format!("control √{}:1 (weight {})", a.k, num(w, 3)), &a.sqrt_k),
    ];
    let first = names.iter().map(|(n, _)| n.chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = r.arms.iter().map(|x| x.name.chars().count().max(4)).collect();
    let _ = write!(s, "  {:<first$}", "");
    for (x, w) in r.arms.iter().zip(&widths) {
        let _ = write!(s, "  {:>w$}", x.name);
    }
    let _ = writeln!(s, "  {:>6}  {:>6}  goal power", "total", "enroll");
    let row = |s: &mut String, name: &str, o: &AllocationOption| {
        let _ = write!(s, "  {name:<first$}");
        for (x, w) in r.arms.iter().zip(&widths) {
            let n = o.arms.iter().find(|y| y.arm == x.name).map_or(String::new(), |y| y.n.to_string());
            let _ = write!(s, "  {n:>w$}");
        }
        let _ = writeln!(
            s,
            "  {:>6}  {:>6}  {}{}",
            o.n_total,
            o.n_enrolled,
            p3(o.power),
            if o.reached { "" } else { " (target not reached)" }
        );
    };
    for (name, o) in &names {
        row(s, name, o);
    }
    let p = &r.subject.plural;
    let verdict = match a.cheaper {
        _ if !a.scenario.reached && !a.sqrt_k.reached => "neither allocation reaches the target".to_string(),
        Cheaper::SqrtK => format!("the √{}:1 allocation needs fewer {p}", a.k),
        Cheaper::Scenario => format!("the scenario's allocation needs fewer {p}"),
        _ => format!("both need the same number of {p}"),
    };
    let _ = writeln!(s, "  ({verdict}; columns are analysable {p} per arm)");
}

/// A compact table of the scenario as written (variant "base"), on the
/// regular grid of n: n per arm, total, and each comparison's power. The
/// sensitivity variants' curves are in the CSV and JSON (`variant`).
fn curve_table(s: &mut String, r: &PlanResult) {
    let rows: Vec<_> = r.curve.iter().filter(|row| row.variant == "base" && row.point == CurvePoint::Grid).collect();
    let mut labels: Vec<&str> = r.comparisons.iter().map(|c| c.label.as_str()).collect();
    if rows.iter().any(|row| row.comparison == r.goal.name.name()) {
        labels.push(r.goal.name.name());
    }
    let mut ns: Vec<u32> = rows.iter().map(|row| row.n_per_arm).collect();
    ns.sort_unstable();
    ns.dedup();
    if ns.is_empty() {
        return;
    }
    let equal = r.arms.iter().all(|a| a.allocation == r.arms[0].allocation);
    // Brackets are promised only where some row has them.
    let bracketed = if !rows.iter().any(|row| row.analytic_power.is_some()) {
        String::new()
    } else if r.comparisons.iter().any(|c| c.analytic_method == Some(crate::analysis::PowerMethod::Exact)) {
        "; closed form or exact power in brackets".to_string()
    } else {
        "; closed form in brackets".to_string()
    };
    let _ = writeln!(
        s,
        "\nPower curve of the scenario as written (simulated power{bracketed}){}:",
        if r.sensitivity.is_empty() { "" } else { "; the variants' curves are in the CSV and JSON" }
    );
    let cells: Vec<Vec<String>> = ns
        .iter()
        .map(|&n| {
            labels
                .iter()
                .map(|l| match r.curve_at("base", l, n) {
                    Some(row) => match row.analytic_power {
                        Some(a) => format!("{} [{}]", p3(row.power), p3(a)),
                        None => p3(row.power),
                    },
                    None => String::new(),
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = labels
        .iter()
        .enumerate()
        .map(|(k, l)| cells.iter().map(|row| row[k].chars().count()).chain([l.chars().count()]).max().unwrap_or(0))
        .collect();
    let head = if r.design.paired() {
        "n"
    } else if equal {
        "n/arm"
    } else {
        "n (w=1)"
    };
    let _ = write!(s, "  {:>6}  {:>7}", head, "total");
    for (l, w) in labels.iter().zip(&widths) {
        let _ = write!(s, "  {l:>w$}");
    }
    s.push('\n');
    let mut marked = None;
    for (&n, row) in ns.iter().zip(&cells) {
        let mark = match &r.recommendation {
            Some(rec) if rec.n_per_arm == n => {
                marked = Some(rec.reached);
                if rec.reached {
                    " <"
                } else {
                    " < best seen, target NOT REACHED"
                }
            }
            _ => "",
        };
        let total = rows.iter().find(|x| x.n_per_arm == n).map_or(0, |x| x.n_total);
        let _ = write!(s, "  {n:>6}  {total:>7}");
        for (cell, w) in row.iter().zip(&widths) {
            let _ = write!(s, "  {cell:>w$}");
        }
        let _ = writeln!(s, "{mark}");
    }
    if marked == Some(true) {
        s.push_str("  (< marks the recommended n)\n");
    }
    if !equal {
        let _ = writeln!(
            s,
            "  (n is the size of an arm of allocation weight 1; an arm of weight w has round(w·n) {})",
            r.subject.plural
        );
    }
}

#[cfg(test)]
mod tests {
    use super::beside;

    #[test]
    fn bounds_keep_their_side_of_the_target() {
        assert_eq!(beside(0.7998, 0.8), "0.7998");
        assert_eq!(beside(0.79960, 0.8), "0.7996");
        assert_eq!(beside(0.8004, 0.8), "0.8004");
        assert_eq!(beside(0.812, 0.8), "0.812");
        assert_eq!(beside(0.8, 0.8), "0.800");
        assert_eq!(beside(0.7999996, 0.8), "0.7999996");
    }
}
