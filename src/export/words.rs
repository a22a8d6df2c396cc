//! Words that depend on the outcome model and the design, shared by the
//! summary and the report: what n counts, how a difference, a margin and
//! an effect size read, how an arm's planning value reads.

use crate::engine::{ComparisonResult, PlanResult, Warning};
use crate::numfmt::num;
use crate::scenario::{Arm, Distribution};

/// True for a binary outcome.
pub(crate) fn binary(r: &PlanResult) -> bool {
    r.outcome.distribution == Distribution::Binary
}

/// " per arm" after an n in a parallel design; nothing in a paired design,
/// where n counts subjects.
pub(crate) fn per_arm(r: &PlanResult) -> &'static str {
    if r.design.paired() {
        ""
    } else {
        " per arm"
    }
}

/// "both conditions" or "all 3 conditions".
pub(crate) fn conditions(r: &PlanResult) -> String {
    match r.arms.len() {
        2 => "both conditions".to_string(),
        k => format!("all {k} conditions"),
    }
}

/// A difference in the outcome's units: "+17.3 hairs/cm²", "+40 percentage
/// points" (binary, and outcomes in %).
pub(crate) fn difference(r: &PlanResult, d: f64) -> String {
    let sign = if d >= 0.0 { "+" } else { "" };
    if binary(r) {
        return format!("{sign}{} percentage points", num(100.0 * d, 4));
    }
    format!("{sign}{}{}", num(d, 4), super::summary::difference_unit(r))
}

/// A margin: "10 percentage points" (binary) or "5 hairs/cm²".
pub(crate) fn margin(r: &PlanResult, m: f64) -> String {
    if binary(r) {
        return format!("{} percentage points", num(100.0 * m, 4));
    }
    format!("{}{}", num(m, 4), super::summary::difference_unit(r))
}

/// True for a lognormal outcome.
pub(crate) fn lognormal(r: &PlanResult) -> bool {
    r.outcome.distribution == Distribution::Lognormal
}

/// An arm's planning value: "30%" (binary), its geometric mean
/// (lognormal), or its mean.
pub(crate) fn arm_value(r: &PlanResult, a: &Arm) -> String {
    match (a.p, a.geometric_mean) {
        (Some(p), _) if binary(r) => crate::numfmt::pct(p),
        (_, Some(g)) => num(g, 4),
        _ => num(a.mean, 4),
    }
}

/// An arm's spread as the outputs show it: the CV (lognormal) or the SD.
pub(crate) fn arm_spread(a: &Arm) -> String {
    a.cv.map_or_else(|| num(a.sd, 4), |cv| num(cv, 4))
}

/// The comparison's effect in words: the difference and the effect size
/// its test is powered on (d, d_z for a paired design, the odds ratio for
/// a binary outcome, Cohen's f for an ANOVA).
/// `word`: begin a plain difference with "difference " (the summary) or
/// not (the report's sentence).
pub(crate) fn effect(r: &PlanResult, c: &ComparisonResult, digits: usize, word: bool) -> String {
    let lead = if word { "difference " } else { "" };
    let Some(d) = c.difference else { return format!("Cohen's f = {}", num(c.d, digits)) };
    let arm = |name: &Option<String>| r.arms.iter().find(|a| Some(&a.name) == name.as_ref());
    if binary(r) {
        let (t, rf) = (arm(&c.treatment), arm(&c.reference));
        let shares = match (t, rf) {
            (Some(t), Some(rf)) => format!(" ({} vs {})", arm_value(r, t), arm_value(r, rf)),
            _ => String::new(),
        };
        let odds =
            c.odds_ratio.filter(|x| x.is_finite()).map(|x| format!(", odds ratio {}", num(x, 3))).unwrap_or_default();
        return format!("risk difference {}{shares}{odds}", difference(r, d));
    }
    if let Some(ratio) = c.ratio {
        return format!("ratio of geometric means {}, d = {} on the log scale", num(ratio, 4), num(c.d, digits));
    }
    match c.d_z {
        Some(dz) => format!("{lead}{}, d_z = {}", difference(r, d), num(dz, digits)),
        None => format!("{lead}{}, d = {}", difference(r, d), num(c.d, digits)),
    }
}

/// "closed form" or "exact" for a comparison's analytic power.
pub(crate) fn analytic_name(c: &ComparisonResult) -> &'static str {
    match c.analytic_method {
        Some(crate::analysis::PowerMethod::Exact) => "exact",
        Some(crate::analysis::PowerMethod::NormalApproximation) => "normal approximation",
        _ => "closed form",
    }
}

/// What the sensitivity variants change: effects and SDs, or (a binary
/// outcome, which has no SD of its own) effects only.
pub(crate) fn variants(r: &PlanResult) -> &'static str {
    if r.sensitivity.iter().all(|v| v.sd_factor == 1.0) {
        "every effect shrunk"
    } else {
        "every effect shrunk or every SD inflated"
    }
}

/// A warning in one sentence.
pub(crate) fn warning(r: &PlanResult, w: &Warning) -> String {
    let test = |label: &str| r.comparisons.iter().find(|c| c.label == label).map_or("", |c| c.test.name());
    match w {
        Warning::PowerDips { comparison, n_per_arm, power } => format!(
            "the exact power of \"{comparison}\" is not monotone in n (a discrete test): it falls back to {} at \
             n = {n_per_arm}, below the target {}. Adding a {} can lose power; check the curve and choose an n \
             from which the power stays above the target.",
            crate::numfmt::fixed(*power, 3),
            crate::numfmt::exact(r.settings.target_power),
            r.subject.singular
        ),
        Warning::Liberal { comparison, n_per_arm, size, level } => format!(
            "at n = {n_per_arm}, test \"{}\" of \"{comparison}\" rejects a true null (both arms as the reference) \
             with exact probability {}, above its level {}: it is liberal with so few events. Consider \
             test = \"fisher\", which never exceeds its level.",
            test(comparison),
            crate::numfmt::fixed(*size, 4),
            crate::numfmt::exact(*level)
        ),
    }
}
