//! Words that depend on the outcome model and the design, shared by the
//! summary and the report: what n counts, how a difference, a margin and
//! an effect size read, how an arm's planning value reads.

use crate::engine::result::SizeMethod;
use crate::engine::{ComparisonResult, PlanResult, Warning};
use crate::numfmt::{exact, fixed, num};
use crate::scenario::{Arm, Distribution, HypothesisKind, TestKind};

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

/// A comparison's margin: "10 percentage points" (binary), "5 hairs/cm²",
/// or a ratio ("rate ratio 0.8", "rate ratio from 0.8 to 1.25").
pub(crate) fn margin(r: &PlanResult, c: &ComparisonResult) -> Option<String> {
    let m = c.margin?;
    if let Some(ratio) = c.margin_ratio {
        let name = ratio_name(r).unwrap_or("ratio");
        return Some(match c.hypothesis {
            HypothesisKind::Equivalence => format!("{name} from {} to {}", num(ratio, 4), num(1.0 / ratio, 4)),
            _ => format!("{name} {}", num(ratio, 4)),
        });
    }
    if binary(r) {
        return Some(format!("{} percentage points", num(100.0 * m, 4)));
    }
    Some(format!("{}{}", num(m, 4), super::summary::difference_unit(r)))
}

/// The margin in a table cell: the ratio, or the margin in outcome units
/// (percentage points for a binary outcome).
pub(crate) fn margin_cell(r: &PlanResult, c: &ComparisonResult) -> String {
    match (c.margin_ratio, c.margin) {
        (Some(ratio), _) => num(ratio, 4),
        (None, Some(m)) => num(if binary(r) { 100.0 * m } else { m }, 4),
        _ => "—".into(),
    }
}

/// The name of the ratio an outcome compared on the log scale is reported
/// as ("rate ratio"), or `None`.
pub(crate) fn ratio_name(r: &PlanResult) -> Option<&'static str> {
    crate::registry::outcome(r.outcome.distribution).ratio
}

/// True for an ordinal outcome whose categories are labels, not scores.
fn labelled(r: &PlanResult) -> bool {
    matches!(r.outcome.categories, Some(crate::scenario::Categories::Labels(_)))
}

/// An ordinal arm's median category, by its label.
fn median_category(r: &PlanResult, a: &Arm) -> String {
    let (Some(c), Some(p)) = (&r.outcome.categories, &a.probabilities) else { return String::new() };
    let mut total = 0.0;
    let j = p.iter().position(|&x| {
        total += x;
        total >= 0.5
    });
    c.label(j.unwrap_or(p.len() - 1))
}

/// `word` with its first letter in capitals.
pub(crate) fn capitalized(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// True for a count outcome (Poisson or negative binomial).
pub(crate) fn counts(r: &PlanResult) -> bool {
    matches!(r.outcome.distribution, Distribution::Poisson | Distribution::NegativeBinomial)
}

/// True for a lognormal outcome.
pub(crate) fn lognormal(r: &PlanResult) -> bool {
    r.outcome.distribution == Distribution::Lognormal
}

/// An arm's planning value: "30%" (binary), its geometric mean
/// (lognormal), or its mean.
pub(crate) fn arm_value(r: &PlanResult, a: &Arm) -> String {
    match (a.p, a.geometric_mean, a.rate) {
        (Some(p), _, _) if binary(r) => crate::numfmt::pct(p),
        (_, Some(g), _) => num(g, 4),
        (_, _, Some(rate)) => num(rate, 4),
        _ if a.median.is_some() => num(a.median.unwrap_or_default(), 4),
        _ if labelled(r) => median_category(r, a),
        _ => num(a.mean, 4),
    }
}

/// An arm's spread as the outputs show it: the CV (lognormal), the SD
/// between subjects of a count per unit of exposure, in the rate's units
/// (counts: √(μ + μ²/k)/exposure for μ = rate × exposure), or the SD.
pub(crate) fn arm_spread(r: &PlanResult, a: &Arm) -> String {
    if let Some(rate) = a.rate {
        let exposure = r.outcome.exposure.unwrap_or(1.0);
        let mu = rate * exposure;
        return num((mu + r.outcome.dispersion.map_or(0.0, |k| mu * mu / k)).sqrt() / exposure, 4);
    }
    a.cv.map_or_else(|| num(a.sd, 4), |cv| num(cv, 4))
}

/// The arm table's column heads: the planning value's and the spread's
/// (none where the value implies the spread, as a binary outcome's p).
/// `long`: the report's words, else the summary's.
pub(crate) fn arm_heads(r: &PlanResult, long: bool) -> (String, Option<&'static str>) {
    let unit = r.outcome.unit.as_deref().map(|u| format!(" ({u})")).unwrap_or_default();
    match r.outcome.distribution {
        Distribution::Binary => ((if long { "p (event)" } else { "p" }).to_string(), None),
        Distribution::Lognormal => (format!("{}{unit}", if long { "Geometric mean" } else { "geo. mean" }), Some("CV")),
        Distribution::Poisson | Distribution::NegativeBinomial => {
            // Rates are per unit of exposure (the outcome's unit, e.g. "per section").
            let per = match &r.outcome.unit {
                Some(u) if long => format!(" ({u})"),
                _ => String::new(),
            };
            (
                format!("{}{per}", if long { "Rate" } else { "rate" }),
                Some(if long { "SD between subjects" } else { "SD" }),
            )
        }
        Distribution::Ordinal if labelled(r) => ((if long { "Median category" } else { "median" }).to_string(), None),
        Distribution::Ordinal => ((if long { "Mean score" } else { "mean score" }).to_string(), None),
        Distribution::TimeToEvent => {
            let unit = r.outcome.time_unit.as_deref().map(|u| format!(" ({u})")).unwrap_or_default();
            (format!("{}{unit}", if long { "Median time" } else { "median" }), None)
        }
        Distribution::Normal => (format!("{}{unit}", if long { "Mean" } else { "mean" }), Some("SD")),
    }
}

/// "higher is better", or for a time-to-event outcome (whose analysis
/// scale is the hazard) "a lower hazard (later events) is better".
pub(crate) fn better(r: &PlanResult) -> &'static str {
    match (r.outcome.distribution, r.outcome.higher_is_better) {
        (Distribution::TimeToEvent, false) => "a lower hazard (later events) is better",
        (Distribution::TimeToEvent, true) => "a higher hazard (earlier events) is better",
        (_, true) => "higher is better",
        (_, false) => "lower is better",
    }
}

/// The direction of benefit in the report's words: "higher values are
/// better", or a time-to-event outcome's hazard.
pub(crate) fn better_values(r: &PlanResult) -> &'static str {
    match (r.outcome.distribution, r.outcome.higher_is_better) {
        (Distribution::TimeToEvent, _) => better(r),
        (_, true) => "higher values are better",
        (_, false) => "lower values are better",
    }
}

/// How the outcome is analysed, for the report's first paragraph.
pub(crate) fn analysed_as(r: &PlanResult) -> &'static str {
    match r.outcome.distribution {
        Distribution::Binary => "a binary variable (the event or not)",
        Distribution::Lognormal => "a lognormal variable (t tests on its logarithm compare geometric means)",
        Distribution::Poisson => "a Poisson count (the log rate ratio is tested)",
        Distribution::NegativeBinomial => "an overdispersed count (negative binomial; the log rate ratio is tested)",
        Distribution::Ordinal => "an ordered categorical score (ranks compare the arms)",
        Distribution::TimeToEvent => "a time to an event (the log-rank test compares the hazards)",
        Distribution::Normal => "a normally distributed variable",
    }
}

/// The report's sentence on the outcome's distribution, for the models
/// that have one here: counts (rates, exposure, dispersion) and ordinal
/// scores (each arm's probabilities).
pub(crate) fn model_sentence(r: &PlanResult) -> Option<String> {
    let o = &r.outcome;
    if let Some(c) = &o.categories {
        let labels: Vec<String> = (0..c.len()).map(|j| c.label(j)).collect();
        let arms: Vec<String> = r
            .arms
            .iter()
            .map(|a| {
                let p: Vec<String> = a.probabilities.iter().flatten().map(|&p| num(p, 3)).collect();
                format!("{} ({})", a.name, p.join(", "))
            })
            .collect();
        return Some(format!(
            "The outcome, {}, is an ordered score with categories {}, lowest first; the assumed probabilities of \
             the categories are {}. ",
            o.name,
            labels.join(", "),
            super::report::and_list(&arms)
        ));
    }
    if let (Some(a), Some(f)) = (o.accrual, o.follow_up) {
        let unit = o.time_unit.as_deref().unwrap_or("time units");
        let shape = match o.shape {
            Some(k) if k != 1.0 => format!("Weibull with shape {} (proportional hazards)", num(k, 4)),
            _ => "exponential".to_string(),
        };
        let loss = o
            .loss
            .filter(|&p| p > 0.0)
            .map(|p| format!("; {} of {} are lost to follow-up within a year", crate::numfmt::pct(p), r.subject.plural))
            .unwrap_or_default();
        let medians: Vec<String> = r.arms.iter().map(|a| format!("{} {}", a.name, arm_value(r, a))).collect();
        let entry = if a > 0.0 {
            format!(
                "{} enter uniformly over {} {unit} and are followed until {} {unit} after the last one enters",
                capitalized(&r.subject.plural),
                num(a, 4),
                num(f, 4)
            )
        } else {
            format!("All {} enter at once and are followed for {} {unit}", r.subject.plural, num(f, 4))
        };
        return Some(format!(
            "The outcome, {}, is the time to the event, assumed {shape} with medians {} {unit}. {entry}{loss}; the \
             analysis counts the events seen by then. ",
            o.name,
            super::report::and_list(&medians),
        ));
    }
    if !counts(r) {
        return None;
    }
    let rates: Vec<String> = r.arms.iter().map(|a| format!("{} {}", a.name, arm_value(r, a))).collect();
    let unit = o.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
    let exposure = o
        .exposure
        .map(|e| {
            format!(
                ", counted over {} units of exposure per {} (the rates are per unit)",
                num(e, 4),
                r.subject.singular
            )
        })
        .unwrap_or_default();
    let spread = match o.dispersion {
        Some(k) => format!(
            "negative binomial with size k = {} (variance = mean + mean²/k: counts vary more between {} than Poisson allows)",
            num(k, 4),
            r.subject.plural
        ),
        None => "Poisson (variance equal to the mean)".to_string(),
    };
    Some(format!(
        "The outcome, {}, is a count per {}{exposure}, assumed {spread}, with expected rates {}{unit}. ",
        o.name,
        r.subject.singular,
        super::report::and_list(&rates)
    ))
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
    if let Some(p) = c.probability_better {
        let word = if r.outcome.higher_is_better { "higher" } else { "lower" };
        // Labels have no scores to average: only the probability is told.
        let mean = if labelled(r) { String::new() } else { format!("mean score {lead}{}; ", difference(r, d)) };
        return format!(
            "{mean}P(a treated {} scores {word}) = {} (ties count ½; ½ is no effect)",
            r.subject.singular,
            num(p, 3)
        );
    }
    if let (Some(ratio), Some(name)) = (c.ratio, ratio_name(r)) {
        if lognormal(r) {
            return format!("{name} {}, d = {} on the log scale", num(ratio, 4), num(c.d, digits));
        }
        let (t, rf) = (arm(&c.treatment), arm(&c.reference));
        let values = match (t, rf) {
            (Some(t), Some(rf)) => format!(" ({} vs {})", arm_value(r, t), arm_value(r, rf)),
            _ => String::new(),
        };
        return format!("{name} {}{values}", num(ratio, 4));
    }
    if let (Some(_), Some(on_means)) = (r.design.cluster_size, c.d_adjusted) {
        return format!(
            "{lead}{}, d = {} per measurement ({} on the cluster means)",
            difference(r, d),
            num(c.d, digits),
            num(on_means, digits)
        );
    }
    if let (Some(_), Some(adjusted)) = (r.design.baseline_correlation, c.d_adjusted) {
        return format!(
            "{lead}{}, d = {} (after adjusting for baseline: {})",
            difference(r, d),
            num(c.d, digits),
            num(adjusted, digits)
        );
    }
    match c.d_z {
        Some(dz) => format!("{lead}{}, d_z = {}", difference(r, d), num(dz, digits)),
        None => format!("{lead}{}, d = {}", difference(r, d), num(c.d, digits)),
    }
}

/// A comparison's minimum detectable effect (`--mde`) in the outcome's
/// terms: "difference +11.4 hairs/cm² (95% MC interval +11.3 to +11.5),
/// d = 0.601", a ratio for outcomes compared as ratios, percentage points
/// for binary ones; or why there is none. None without `--mde`.
pub(crate) fn mde(r: &PlanResult, c: &ComparisonResult) -> Option<String> {
    use crate::engine::mde::NoMde;
    if let Some(why) = c.mde_unavailable {
        return Some(match why {
            NoMde::NotSuperiority => "none (only superiority comparisons have one)".to_string(),
            NoMde::NoEffect => "none (the planned effect is zero, so no multiple of it helps)".to_string(),
            NoMde::NotReached => {
                format!("not reached within {} times the planned effect", num(crate::engine::mde::MAX_FACTOR, 3))
            }
        });
    }
    let m = c.mde.as_ref()?;
    let times = format!("{} × the planned effect", num(m.factor, 2));
    let Some(d) = m.difference else {
        return Some(format!(
            "Cohen's f = {} (95% MC interval {} to {}; {times})",
            num(m.standardized, 3),
            num(m.ci_low, 3),
            num(m.ci_high, 3)
        ));
    };
    let standardized = if c.d_z.is_some() { "d_z" } else { "d" };
    if let (Some(ratio), Some(name)) = (m.ratio, ratio_name(r)) {
        return Some(format!(
            "{name} {} (95% MC interval {} to {}), {standardized} = {} on the log scale ({times})",
            num(ratio, crate::numfmt::decimals_for(ratio, 3)),
            num(m.ci_low.exp(), crate::numfmt::decimals_for(ratio, 3)),
            num(m.ci_high.exp(), crate::numfmt::decimals_for(ratio, 3)),
            num(m.standardized, 3)
        ));
    }
    // Three significant digits, the unit once.
    let (name, scale, unit) = if binary(r) {
        ("risk difference", 100.0, " percentage points".to_string())
    } else {
        ("difference", 1.0, super::summary::difference_unit(r))
    };
    let sign = if d >= 0.0 { "+" } else { "" };
    let k = crate::numfmt::decimals_for(scale * d, 3);
    Some(format!(
        "{name} {sign}{}{unit} (95% MC interval {} to {}), {standardized} = {} ({times})",
        num(scale * d, k),
        num(scale * m.ci_low, k),
        num(scale * m.ci_high, k),
        num(m.standardized, 3)
    ))
}

/// The assurance in sentences (None without priors): what it is, the
/// ceiling, and the n for the target assurance. Shared by the summary and
/// the report.
pub(crate) fn assurance(r: &PlanResult) -> Option<Vec<String>> {
    let a = r.assurance.as_ref()?;
    let priors: Vec<&str> = r.arms.iter().filter(|x| x.prior.is_some()).map(|x| x.name.as_str()).collect();
    let n_words = |n: u32| crate::numfmt::arm_sizes(&crate::numfmt::sizes_at(&r.arms, n), r);
    let point = r.recommendation.as_ref().map_or(r.goal.power, |x| x.power);
    let mut lines = vec![format!(
        "Assurance, the probability that the study succeeds (significant in the better direction) with the \
         effects drawn from their priors ({}): {} (95% MC interval {} to {}) at {}, beside power {} at the \
         planned values.",
        priors.join(", "),
        crate::numfmt::fixed(a.value, 3),
        crate::numfmt::fixed(a.ci_low, 3),
        crate::numfmt::fixed(a.ci_high, 3),
        n_words(a.n_per_arm),
        crate::numfmt::fixed(point, 3)
    )];
    lines.push(format!(
        "Its ceiling is {}: the prior probability that every effect the goal needs lies on the side the \
         study sets out to show; no sample size gives more.",
        crate::numfmt::fixed(a.ceiling, 3)
    ));
    if a.ceiling < 0.5 {
        lines.push(format!(
            "Most of the prior lies against the direction the study sets out to show ({}): if the \
             question is harm or safety, set higher_is_better to the direction of interest, or test \
             non-inferiority.",
            better_values(r)
        ));
    }
    lines.push(match (a.target_n_per_arm, a.above_ceiling) {
        (_, true) => format!(
            "An assurance of {} is out of reach: it lies above the ceiling, so more {} cannot buy it; only \
             firmer evidence on the effects (narrower priors) can.",
            num(a.target, 3),
            r.subject.plural
        ),
        (Some(n), false) => format!("An assurance of {} needs {}.", num(a.target, 3), n_words(n)),
        (None, false) => format!(
            "An assurance of {} is not reached by n = {} (the search range).",
            num(a.target, 3),
            r.settings.n_max
        ),
    });
    Some(lines)
}

/// The sensitivity grid as one table per dropout: a title ("dropout
/// 10%"), the column heads (SD factors) and one row per effect factor,
/// largest first. A cell is the recommended n with the total to enroll in
/// brackets, "> n_max" when not reached; with `--n`, the goal's power.
pub(crate) fn grid_tables(r: &PlanResult) -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
    let Some(g) = &r.grid else { return Vec::new() };
    let (rows, cols, panels) = g.cells.dim();
    let at_n = r.recommendation.is_none();
    (0..panels)
        .map(|k| {
            let title = format!("dropout {}", crate::numfmt::pct(g.dropout[k]));
            let mut head = vec![format!("effect \\ {}", spread(r))];
            head.extend(g.sd.iter().map(|f| format!("{} x{}", spread(r), num(*f, 3))));
            let body = (0..rows)
                .rev()
                .map(|i| {
                    let mut row = vec![format!("effect x{}", num(g.effect[i], 3))];
                    row.extend((0..cols).map(|j| {
                        let c = &g.cells[[i, j, k]];
                        if at_n {
                            format!("power {}", crate::numfmt::fixed(c.power, 3))
                        } else if c.reached {
                            format!("{} ({})", c.n_per_arm, c.n_enrolled)
                        } else {
                            format!("> {}", r.settings.n_max)
                        }
                    }));
                    row
                })
                .collect();
            (title, head, body)
        })
        .collect()
}

/// Clustered designs: the measurements the recommended clusters give, in
/// one sentence ("Measurements: 5 per rat, 35 per arm, 70 in total."; with
/// sizes that vary, the expected numbers).
pub(crate) fn measurements(r: &PlanResult, rec: &crate::engine::Recommendation) -> Option<String> {
    let m = r.design.cluster_size?;
    let mean = r.design.mean_cluster_size.unwrap_or(f64::from(m));
    let per_arm: Vec<u64> = rec.arms.iter().map(|a| (f64::from(a.n) * mean).round() as u64).collect();
    let arms = if per_arm.windows(2).all(|w| w[0] == w[1]) {
        format!("{} per arm", per_arm.first().copied().unwrap_or(0))
    } else {
        let each: Vec<String> = rec.arms.iter().zip(&per_arm).map(|(a, k)| format!("{} {k}", a.arm)).collect();
        each.join(", ")
    };
    let total = (f64::from(rec.n_total) * mean).round();
    Some(match r.design.mean_cluster_size {
        None => format!("Measurements: {m} per {}, {arms}, {total} in total.", r.subject.singular),
        Some(mean) => format!(
            "Measurements (expected; sizes vary): {} per {} on average, about {arms}, about {total} in total.",
            num(mean, 3),
            r.subject.singular
        ),
    })
}

/// Clustered designs: what a cluster gives ("5 measurements", or "5
/// measurements on average (sizes vary with CV 0.3; expected 5.01)").
pub(crate) fn cluster_gives(r: &PlanResult) -> Option<String> {
    let m = r.design.cluster_size?;
    let s = if m == 1 { "" } else { "s" };
    Some(match (r.design.cluster_size_cv, r.design.mean_cluster_size) {
        (Some(cv), Some(mean)) => format!(
            "about {m} measurement{s} (sizes vary with CV {}, drawn as max(1, round({m}·G)) with G gamma of mean \
             1: expected size {})",
            exact(cv),
            num(mean, 4)
        ),
        _ => format!("{m} measurement{s}"),
    })
}

/// Clustered designs: how the clusters are analysed, and on what degrees
/// of freedom, as the comparisons' tests say (`mixed`, or a test on the
/// cluster means; both when the comparisons differ).
pub(crate) fn cluster_analysis(r: &PlanResult) -> &'static str {
    let mixed = r.comparisons.iter().any(|c| c.test == TestKind::Mixed);
    let means = r.comparisons.iter().any(|c| c.test != TestKind::Mixed);
    match (mixed, means) {
        (true, false) => {
            "a random-intercept model (REML, as lme4::lmer) analyses every measurement with one random effect \
             per cluster; each treatment coefficient is tested by t on the between-cluster degrees of freedom \
             (clusters minus arms)"
        }
        (true, true) => {
            "the comparisons with test \"mixed\" use a random-intercept model of every measurement (REML, t on \
             clusters minus arms degrees of freedom); the others compare the cluster means"
        }
        _ => "the tests compare the cluster means, on degrees of freedom from the number of clusters",
    }
}

/// Clustered designs: the justification's sentence on the clustering
/// (ARRIVE item 2b: the experimental unit).
pub(crate) fn cluster_sentence(r: &PlanResult) -> Option<String> {
    let gives = cluster_gives(r)?;
    let (icc, de) = (r.design.icc?, r.design.design_effect?);
    Some(format!(
        "Each {s} gives {gives}; measurements of one {s} are correlated (intraclass correlation {}, design effect \
         {}), so the {p}, not the measurements, are the experimental units: {}. ",
        exact(icc),
        num(de, 4),
        cluster_analysis(r),
        s = r.subject.singular,
        p = r.subject.plural,
    ))
}

/// Clustered designs: the trade-off table's rows, as text cells (cluster
/// size, clusters per arm, measurements per arm, power with its interval,
/// closed form).
pub(crate) fn tradeoff_cells(r: &PlanResult) -> Vec<[String; 5]> {
    r.design
        .tradeoff
        .iter()
        .map(|t| {
            [
                format!("{}{}", t.cluster_size, if t.scenario { " (scenario)" } else { "" }),
                t.clusters_per_arm.to_string(),
                format!("{:.0}", t.measurements_per_arm),
                format!("{} ({} to {})", fixed(t.power, 3), fixed(t.ci_low, 3), fixed(t.ci_high, 3)),
                t.closed_form.map_or_else(|| "–".to_string(), |p| fixed(p, 3)),
            ]
        })
        .collect()
}

/// The trade-off table's heading sentence.
pub(crate) fn tradeoff_heading(r: &PlanResult) -> Option<String> {
    let first = r.design.tradeoff.iter().find(|t| t.scenario)?;
    let most = r.design.tradeoff.iter().map(|t| t.replicates).min().unwrap_or(0);
    Some(format!(
        "More measurements per {s} or more {p}? About {:.0} measurements per arm{} spent on {p} of other sizes \
         (goal \"{}\" power, at least {} simulated studies per row, and its closed form where there is one):",
        first.measurements_per_arm,
        if r.design.cluster_size_cv.is_some() { " (expected)" } else { "" },
        r.goal.name.name(),
        crate::numfmt::thousands(most),
        s = r.subject.singular,
        p = r.subject.plural,
    ))
}

/// The expected number of events at the reported n (time-to-event
/// outcomes): at the recommendation, else at `--n`.
pub(crate) fn expected_events(r: &PlanResult) -> Option<f64> {
    match &r.recommendation {
        Some(rec) => rec.events,
        None => r.curve.first().and_then(|row| row.events),
    }
}

/// For a log-rank comparison: the events it must observe (Schoenfeld) and
/// the events the design expects at the reported n, in one sentence.
pub(crate) fn events(r: &PlanResult, c: &ComparisonResult) -> Option<String> {
    let needed = c.events_required?;
    let expected =
        expected_events(r).map(|e| format!("; the design expects {e:.0} events at this n")).unwrap_or_default();
    Some(format!(
        "the design must observe about {} events for power {} (Schoenfeld's formula){expected}",
        needed.ceil(),
        crate::numfmt::exact(r.settings.target_power)
    ))
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
pub(crate) fn variants(r: &PlanResult) -> String {
    if r.sensitivity.iter().all(|v| v.sd_factor == 1.0) {
        "every effect shrunk".into()
    } else {
        format!("every effect shrunk or every {} inflated", spread(r))
    }
}

/// What the grid's spread factor multiplies: "SD", or "CV" for a
/// lognormal outcome.
pub(crate) fn spread(r: &PlanResult) -> &'static str {
    crate::scenario::spread_name(r.outcome.distribution).unwrap_or("SD")
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
        Warning::AgainstDirection { comparison } => format!(
            "\"{comparison}\" is tested one-sided in the direction of benefit ({}), but its planned effect runs \
             the other way, so its power stays below alpha at every n. Check higher_is_better (or test two-sided, \
             sides = 2).",
            better(r)
        ),
        Warning::Liberal { comparison, n_per_arm, size, level, method } => {
            let (how, advice) = match method {
                SizeMethod::Exact => ("exact", "it is liberal with so few events"),
                SizeMethod::Simulated => (
                    "simulated",
                    "the test's large-sample approximation is liberal at this n, and the power above \
                     includes that excess",
                ),
            };
            let instead = if binary(r) {
                " Consider test = \"fisher\", which never exceeds its level."
            } else {
                " Consider more subjects, or a test that holds its level at this n."
            };
            format!(
                "at n = {n_per_arm}, test \"{}\" of \"{comparison}\" rejects a true null (both arms as the \
                 reference) with {how} probability {}, above its level {}: {advice}.{instead}",
                test(comparison),
                crate::numfmt::fixed(*size, 4),
                crate::numfmt::exact(*level)
            )
        }
    }
}
