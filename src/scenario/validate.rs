//! Validation: the raw mirror becomes a typed [`Scenario`], or a list of
//! every [`Problem`] found. Checks ranges (SD > 0, alpha in (0, 1), …),
//! finiteness, and cross-references (comparisons name existing, distinct
//! arms).

use std::collections::HashMap;

use super::raw::{
    RawAnalysis, RawArm, RawCategory, RawComparison, RawDesign, RawOutcome, RawScenario, RawSensitivity, RawSimulation,
};
use super::types::TIME_UNITS;
use super::{
    AnalysisSettings, Arm, Categories, ClusterAnalysis, Comparison, DesignKind, DesignSettings, Distribution, Evidence,
    Goal, Hypothesis, Multiplicity, Outcome, Overrides, Provenance, Scenario, Sensitivity, Sides, SimulationSettings,
    Subject, TestKind,
};
use crate::error::Problem;
use crate::model::normal::MAX_CONDITIONS;
use crate::registry::{self, either};

/// Default number of simulated studies per sample size.
pub const DEFAULT_REPLICATES: u64 = 10_000;
/// Default seed: fixed, so that two runs of one file agree.
pub const DEFAULT_SEED: u64 = 20_261_128;
/// Largest number of replicates accepted.
pub const MAX_REPLICATES: u64 = 1_000_000_000;
/// Default cap of the precision control's replicates per n.
pub const DEFAULT_MAX_REPLICATES: u64 = 1_000_000;
/// Largest n_max accepted.
pub const MAX_N: i64 = 100_000;

/// What a seed may be, in words: TOML integers are signed 64-bit, so the
/// file and `--seed` both take 0 to 2^63 − 1.
pub const SEED_RANGE: &str = "expected a whole number from 0 to 9223372036854775807 (2^63 − 1)";

/// Largest SD, margin or difference of means accepted: its square, and sums
/// of many squares, stay finite in double precision.
const LARGEST: f64 = 1e150;
/// Smallest SD accepted: its square stays a normal double.
const SMALLEST_SD: f64 = 1e-150;
const SD_RANGE: &str =
    "a standard deviation > 0 (from 1e-150 to 1e150, so that its square is a finite, nonzero number)";

fn sd_ok(x: f64) -> bool {
    (SMALLEST_SD..=LARGEST).contains(&x)
}

const CV_RANGE: &str = "a coefficient of variation > 0 and ≤ 100 (SD / mean on the original scale, e.g. 0.5)";

fn cv_ok(x: f64) -> bool {
    x > 1e-6 && x <= 100.0
}

/// Checks that the arms' means can be told apart in double precision: their
/// differences are finite (≤ 1e150), and no mean is so large that its
/// rounding error (half a unit in the last place) exceeds a millionth of
/// the SD, which would lose the difference to be detected (1e17 and
/// 1e17 + 0.5 are the same double). Subtracting a common baseline from
/// every mean fixes the latter.
fn spread(c: &mut Checker, arms: &[Arm]) {
    let Some(lo) = arms.iter().map(|a| a.mean).reduce(f64::min) else { return };
    let far: Vec<usize> = (0..arms.len())
        .filter(|&i| {
            let d = (arms[i].mean - lo).abs();
            !d.is_finite() || d > LARGEST
        })
        .collect();
    for &i in &far {
        c.fail(
            format!("arms[{i}].mean"),
            Some(show(arms[i].mean)),
            format!(
                "expected means within 1e150 of each other (the smallest is {}), so that differences are finite",
                show(lo)
            ),
        );
    }
    if !far.is_empty() {
        return;
    }
    for (i, a) in arms.iter().enumerate() {
        let ulp = f64::EPSILON * a.mean.abs();
        if ulp > 1e-6 * a.sd {
            c.fail(
                format!("arms[{i}].mean"),
                Some(show(a.mean)),
                format!(
                    "expected a mean that double precision holds to within a millionth of the SD ({}); subtract a common baseline from every mean",
                    a.sd
                ),
            );
        }
    }
}

/// "an" before a vowel ("an ordinal outcome"), else "a".
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// True when `given` is `name` misspelt: the same but for case and
/// surrounding spaces, or within two edits (Levenshtein) of it.
fn similar(name: &str, given: &str) -> bool {
    let given = given.trim().to_ascii_lowercase();
    given == name || (given.len() > 3 && strsim::levenshtein(name, &given) <= 2)
}

/// A number as a user would write it: scientific notation when very large
/// or very small (1e308, not 309 digits).
fn show(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Collects problems while validating.
pub(super) struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    /// Refuses control characters (a newline, a tab, an escape) in a name
    /// or label: they would break the tables of every output.
    fn plain_text(&mut self, key: &str, text: &str) {
        if let Some(ch) = text.chars().find(|ch| ch.is_control()) {
            self.fail(
                key,
                Some(format!("{text:?}")),
                format!("expected text without control characters (found {:?}); write it on one line", ch),
            );
        }
    }

    /// Refuses control characters other than line breaks and tabs in free
    /// text (a source), which would otherwise reach the terminal.
    fn free_text(&mut self, key: &str, text: Option<&str>) {
        if let Some(ch) = text.and_then(|t| t.chars().find(|ch| ch.is_control() && !matches!(ch, '\n' | '\t'))) {
            self.fail(key, None, format!("expected text without control characters (found {ch:?})"));
        }
    }

    pub(super) fn fail(&mut self, key: impl Into<String>, value: Option<String>, expected: impl Into<String>) {
        self.problems.push(Problem::new(key, value, expected));
    }

    /// A finite float satisfying `ok`, or a problem.
    pub(super) fn number(&mut self, key: &str, x: f64, ok: impl Fn(f64) -> bool, expected: &str) -> Option<f64> {
        if !x.is_finite() {
            self.fail(key, Some(show(x)), format!("expected a finite number ({expected})"));
            None
        } else if !ok(x) {
            self.fail(key, Some(show(x)), format!("expected {expected}"));
            None
        } else {
            Some(x)
        }
    }
}

/// The key to name for a value that an override may have replaced.
fn key_of(flag: &str, file_key: &str, overridden: bool) -> String {
    if overridden {
        format!("{flag} (overrides {file_key})")
    } else {
        file_key.to_string()
    }
}

/// A number's provenance: its source, whether it is assumed, and its
/// evidence grade. "direction" and "assumption" make it assumed; a
/// "reported" or "direction" grade needs its `source`; "reported"
/// contradicts `assumed = true`.
fn provenance(
    c: &mut Checker,
    prefix: &str,
    source: Option<String>,
    assumed: Option<bool>,
    evidence: Option<String>,
) -> Provenance {
    let source = source.filter(|s| !s.trim().is_empty());
    let key = format!("{prefix}evidence");
    let evidence = evidence.and_then(|e| match e.trim() {
        "reported" => Some(Evidence::Reported),
        "direction" => Some(Evidence::Direction),
        "assumption" => Some(Evidence::Assumption),
        other => {
            c.fail(
                &key,
                Some(format!("\"{other}\"")),
                "expected \"reported\" (a number the source gives), \"direction\" (the source gives only the direction; the size is assumed) or \"assumption\"",
            );
            None
        }
    });
    match (evidence, assumed) {
        (Some(Evidence::Reported), Some(true)) => {
            c.fail(&key, Some("\"reported\"".into()), "a reported number is not assumed: remove `assumed = true`, or grade it \"direction\" or \"assumption\"");
        }
        (Some(Evidence::Direction | Evidence::Assumption), Some(false)) => {
            c.fail(
                &key,
                evidence.map(|e| format!("\"{}\"", e.name())),
                "this grade is a planning assumption: remove `assumed = false`",
            );
        }
        _ => {}
    }
    if matches!(evidence, Some(Evidence::Reported | Evidence::Direction)) && source.is_none() {
        c.fail(
            &key,
            evidence.map(|e| format!("\"{}\"", e.name())),
            "expected a `source` beside it: where the number (or the direction) is reported, and why that size",
        );
    }
    let assumed = assumed.unwrap_or(false) || matches!(evidence, Some(Evidence::Direction | Evidence::Assumption));
    Provenance { source, assumed, evidence }
}

pub(crate) fn validate(raw: RawScenario, ov: &Overrides) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker { problems: Vec::new() };
    c.plain_text("title", &raw.title);
    for (key, v) in [("subject", &raw.subject), ("subjects", &raw.subjects)] {
        if let Some(v) = v {
            c.plain_text(key, v);
        }
    }
    if raw.title.trim().is_empty() {
        c.fail("title", Some("\"\"".into()), "expected a non-empty title");
    }
    // A clustered design's `unit` names its clusters, which n counts: it is
    // the word for n in every sentence (a `subject` then names what is
    // measured within a cluster, and is not used for n).
    let cluster_unit = raw.design.as_ref().and_then(|d| d.unit.clone()).filter(|u| !u.trim().is_empty());
    let (singular, plural) = match (raw.subject, cluster_unit) {
        (_, Some(u)) => (Some(u), None),
        (s, None) => (s, raw.subjects),
    };
    let subject = subject(&mut c, singular, plural);
    let outcome_sd_given = raw.outcome.sd.is_some();
    let outcome = outcome(&mut c, raw.outcome);
    let design = design(&mut c, raw.design, &outcome, raw.arms.len());
    let arms = arms(&mut c, raw.arms, &outcome, &design, outcome_sd_given);
    let raw_tests: Vec<Option<String>> = raw.comparisons.iter().map(|r| r.test.clone()).collect();
    let mut comparisons = comparisons(&mut c, raw.comparisons, &arms, &outcome, &design);
    if outcome.distribution != Distribution::Binary {
        spread(&mut c, &arms);
    }
    let analysis = analysis(&mut c, raw.analysis, ov);
    family(&mut c, &mut comparisons, &raw_tests, analysis.multiplicity);
    let simulation = simulation(&mut c, raw.simulation, ov);
    let has_spread = super::spread_name(outcome.distribution).is_some();
    let sensitivity = sensitivity(&mut c, raw.sensitivity, ov.sensitivity, has_spread);
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    let source = super::Source { file: String::new(), sha256: String::new() };
    Ok(Scenario {
        title: raw.title,
        subject,
        outcome,
        design,
        arms,
        comparisons,
        analysis,
        simulation,
        sensitivity,
        source,
    })
}

/// `subject` and `subjects`: the unit's name in sentences. The plural
/// defaults to the singular with "s" (give `subjects` for "mice").
fn subject(c: &mut Checker, singular: Option<String>, plural: Option<String>) -> Subject {
    let singular = singular.map(|s| s.trim().to_string());
    let plural = plural.map(|s| s.trim().to_string());
    if singular.as_deref() == Some("") {
        c.fail("subject", Some("\"\"".into()), "expected a non-empty word, e.g. \"mouse\" or \"patient\"");
    }
    if plural.as_deref() == Some("") {
        c.fail("subjects", Some("\"\"".into()), "expected a non-empty plural, e.g. \"mice\"");
    }
    match (singular, plural) {
        (None, None) => Subject::default(),
        (Some(s), None) => Subject { plural: plural_of(&s), singular: s },
        (None, Some(p)) => {
            c.fail("subjects", Some(format!("\"{p}\"")), "expected `subject` (the singular) beside `subjects`");
            Subject::default()
        }
        (Some(s), Some(p)) => Subject { singular: s, plural: p },
    }
}

/// The plural of a subject word: the irregular ones of laboratory and
/// clinical work, else the English rules for -s, -es and -ies. A word not
/// covered is given with `subjects`.
fn plural_of(word: &str) -> String {
    const IRREGULAR: [(&str, &str); 12] = [
        ("mouse", "mice"),
        ("person", "people"),
        ("child", "children"),
        ("fish", "fish"),
        ("sheep", "sheep"),
        ("swine", "swine"),
        ("deer", "deer"),
        ("ox", "oxen"),
        ("tooth", "teeth"),
        ("foot", "feet"),
        ("woman", "women"),
        ("man", "men"),
    ];
    let lower = word.to_ascii_lowercase();
    for (one, many) in IRREGULAR {
        if let Some(head) = lower.strip_suffix(one) {
            // Keep the user's own prefix ("nude mouse" → "nude mice"); the
            // unchanging plurals also end compounds ("zebrafish").
            if head.is_empty() || head.ends_with([' ', '-']) || one == many {
                let tail = &word[head.len()..];
                let many = if tail.starts_with(|c: char| c.is_ascii_uppercase()) {
                    many[..1].to_ascii_uppercase() + &many[1..]
                } else {
                    many.to_string()
                };
                return format!("{}{many}", &word[..head.len()]);
            }
        }
    }
    if ["s", "x", "z", "ch", "sh"].iter().any(|e| lower.ends_with(e)) {
        format!("{word}es")
    } else if lower.ends_with('y') && !["ay", "ey", "iy", "oy", "uy"].iter().any(|v| lower.ends_with(v)) {
        format!("{}ies", &word[..word.len() - 1])
    } else {
        format!("{word}s")
    }
}

/// Most values on one axis of the sensitivity grid.
const MAX_AXIS: usize = 12;

fn sensitivity(c: &mut Checker, raw: Option<RawSensitivity>, requested: bool, has_sd: bool) -> Option<Sensitivity> {
    let raw = match (raw, requested) {
        (Some(r), _) => r,
        (None, true) => RawSensitivity::default(),
        (None, false) => return None,
    };
    let mut defaults = Sensitivity::default();
    if !has_sd {
        if raw.sd.is_some() {
            c.fail(
                "sensitivity.sd",
                None,
                "expected no SD factors: this outcome has no SD or CV of its own, its spread follows from its mean (give `effect` factors only)",
            );
        }
        defaults.sd.clear();
    }
    let mut values = |key: &str, list: Option<Vec<f64>>, default: Vec<f64>| -> Vec<f64> {
        let list = list.unwrap_or(default);
        if list.len() > MAX_AXIS {
            c.fail(
                format!("sensitivity.{key}"),
                None,
                format!(
                    "expected at most {MAX_AXIS} values (got {}): each one multiplies the grid's searches",
                    list.len()
                ),
            );
        }
        for (i, &f) in list.iter().enumerate() {
            let at = format!("sensitivity.{key}[{i}]");
            if key == "dropout" {
                c.number(&at, f, |x| (0.0..1.0).contains(&x), "a fraction in [0, 1), e.g. 0.1 for 10% lost");
            } else {
                c.number(&at, f, |x| x > 0.0 && x <= 10.0, "a factor > 0 and ≤ 10");
            }
        }
        list
    };
    let effect = values("effect", raw.effect, defaults.effect);
    let sd = values("sd", raw.sd, defaults.sd);
    let dropout = values("dropout", raw.dropout, Vec::new());
    Some(Sensitivity { effect, sd, dropout })
}

fn outcome(c: &mut Checker, o: RawOutcome) -> Outcome {
    c.plain_text("outcome.name", &o.name);
    if let Some(u) = &o.unit {
        c.plain_text("outcome.unit", u);
    }
    c.free_text("outcome.source", o.source.as_deref());
    if o.name.trim().is_empty() {
        c.fail("outcome.name", Some("\"\"".into()), "expected a non-empty name");
    }
    let name = o.distribution.as_deref().unwrap_or("normal");
    let distribution = match registry::OUTCOMES.iter().find(|e| e.name == name) {
        Some(e) => e.kind,
        None => {
            let names: Vec<&str> = registry::OUTCOMES.iter().map(|e| e.name).collect();
            // A misspelt name (differently capitalized, or within two
            // edits): say so, and validate the rest as that model so that
            // one typo gives one message.
            let close = registry::OUTCOMES.iter().find(|e| similar(e.name, name));
            let hint = close.map(|e| format!(" (did you mean \"{}\"?)", e.name)).unwrap_or_default();
            c.fail("outcome.distribution", Some(format!("\"{name}\"")), format!("expected {}{hint}", either(&names)));
            close.map_or(Distribution::Normal, |e| e.kind)
        }
    };
    let lognormal = distribution == Distribution::Lognormal;
    let sd = match (o.sd, registry::outcome(distribution).has_sd) {
        (Some(_), false) => {
            let why = match distribution {
                Distribution::Lognormal => "its spread is `cv`, the coefficient of variation",
                Distribution::Poisson => "a Poisson count's variance is its mean",
                Distribution::NegativeBinomial => "its spread is `dispersion`, the size k (variance = mean + mean²/k)",
                _ => "its spread follows from each arm's `p`",
            };
            c.fail("outcome.sd", None, format!("expected no `sd` for {} {name} outcome: {why}", article(name)));
            None
        }
        (sd, _) => sd.and_then(|sd| c.number("outcome.sd", sd, sd_ok, SD_RANGE)),
    };
    let cv = match (o.cv, lognormal) {
        (Some(_), false) => {
            c.fail("outcome.cv", None, "expected no `cv`: it is for distribution = \"lognormal\"");
            None
        }
        (cv, _) => cv.and_then(|cv| c.number("outcome.cv", cv, cv_ok, CV_RANGE)),
    };
    let counts = matches!(distribution, Distribution::Poisson | Distribution::NegativeBinomial);
    let exposure = match (o.exposure, counts) {
        (Some(_), false) => {
            c.fail(
                "outcome.exposure",
                None,
                "expected no `exposure`: it is for count outcomes (poisson, negative-binomial)",
            );
            None
        }
        (e, _) => e.and_then(|e| {
            c.number(
                "outcome.exposure",
                e,
                |x| x > 0.0 && x <= 1e6,
                "an exposure > 0 and ≤ 1e6 (time, area or fields per subject, in the units the rates are per)",
            )
        }),
    };
    let nb = distribution == Distribution::NegativeBinomial;
    let dispersion = match (o.dispersion, nb) {
        (Some(_), false) => {
            let why = if counts {
                "Poisson counts have variance equal to their mean; for overdispersed counts set distribution = \"negative-binomial\""
            } else {
                "it is the size k of distribution = \"negative-binomial\""
            };
            c.fail("outcome.dispersion", None, format!("expected no `dispersion`: {why}"));
            None
        }
        (None, true) => {
            c.fail(
                "outcome.dispersion",
                None,
                "missing: a negative binomial outcome needs its size k (variance = mean + mean²/k), e.g. 2; from a pilot's mean m and variance v, k = m²/(v − m)",
            );
            Some(1.0)
        }
        (Some(k), true) => Some(
            c.number(
                "outcome.dispersion",
                k,
                |x| (1e-3..=1e6).contains(&x),
                "a size k ≥ 0.001 and ≤ 1e6 (variance = mean + mean²/k; large k is nearly Poisson)",
            )
            .unwrap_or(1.0),
        ),
        (None, false) => None,
    };
    let tte = distribution == Distribution::TimeToEvent;
    let t = timing(c, &o, tte);
    let categories = categories(c, o.categories, distribution == Distribution::Ordinal);
    Outcome {
        name: o.name,
        unit: o.unit.filter(|u| !u.trim().is_empty()),
        distribution,
        sd,
        cv,
        exposure,
        dispersion,
        categories,
        time_unit: t.time_unit,
        accrual: t.accrual,
        follow_up: t.follow_up,
        shape: t.shape,
        loss: t.loss,
        // A time-to-event outcome's analysis scale is the hazard: by
        // default the event is bad (death, relapse) and a lower hazard better.
        higher_is_better: o.higher_is_better.unwrap_or(!tte),
        provenance: provenance(c, "outcome.", o.source, o.assumed, o.evidence),
    }
}

/// The timing keys of a time-to-event outcome, validated.
struct TimingKeys {
    time_unit: Option<String>,
    accrual: Option<f64>,
    follow_up: Option<f64>,
    shape: Option<f64>,
    loss: Option<f64>,
}

/// Longest accrual or follow-up accepted, in time units.
const LONGEST_TIME: f64 = 1e6;

/// `[outcome]` time_unit, accrual, follow_up, shape and loss: required
/// (accrual, follow-up) or optional for a time-to-event outcome, refused
/// for the others.
fn timing(c: &mut Checker, o: &RawOutcome, tte: bool) -> TimingKeys {
    let given = [
        ("time_unit", o.time_unit.is_some()),
        ("accrual", o.accrual.is_some()),
        ("follow_up", o.follow_up.is_some()),
        ("shape", o.shape.is_some()),
        ("loss", o.loss.is_some()),
    ];
    if !tte {
        for (key, g) in given {
            if g {
                c.fail(
                    format!("outcome.{key}"),
                    None,
                    format!("expected no `{key}`: it is for distribution = \"time-to-event\""),
                );
            }
        }
        return TimingKeys { time_unit: None, accrual: None, follow_up: None, shape: None, loss: None };
    }
    if let Some(u) = &o.time_unit {
        c.plain_text("outcome.time_unit", u);
    }
    let span = |c: &mut Checker, key: &str, x: Option<f64>, what: &str| -> f64 {
        match x {
            Some(x) => c
                .number(
                    &format!("outcome.{key}"),
                    x,
                    |x| (0.0..=LONGEST_TIME).contains(&x),
                    &format!("{what} ≥ 0 and ≤ 1e6, in time units"),
                )
                .unwrap_or(1.0),
            None => {
                c.fail(
                    format!("outcome.{key}"),
                    None,
                    format!("missing: a time-to-event outcome needs its {what}, e.g. {key} = 12 (in time_unit)"),
                );
                1.0
            }
        }
    };
    let accrual = span(c, "accrual", o.accrual, "accrual period (subjects enter uniformly over it)");
    let follow_up = span(c, "follow_up", o.follow_up, "follow-up after the last subject enters");
    if accrual + follow_up <= 0.0 {
        c.fail(
            "outcome.follow_up",
            Some("0".into()),
            "expected accrual + follow_up > 0: with no time, no event is seen",
        );
    }
    let shape = o.shape.and_then(|k| {
        c.number(
            "outcome.shape",
            k,
            |x| (0.05..=20.0).contains(&x),
            "a Weibull shape from 0.05 to 20 (1: exponential; > 1: a hazard rising with time)",
        )
    });
    let loss = o.loss.and_then(|p| {
        let known = o.time_unit.as_deref().and_then(|u| TIME_UNITS.iter().find(|(n, _)| n.eq_ignore_ascii_case(u.trim())));
        if known.is_none() {
            let names: Vec<&str> = TIME_UNITS.iter().step_by(2).map(|(n, _)| *n).collect();
            c.fail(
                "outcome.time_unit",
                o.time_unit.as_ref().map(|u| format!("\"{u}\"")),
                format!("expected {} with `loss`, the share lost to follow-up within a year, so it can be put in time units", either(&names)),
            );
        }
        c.number("outcome.loss", p, |x| (0.0..1.0).contains(&x), "a proportion lost to follow-up within a year, from 0 to below 1 (e.g. 0.1)")
    });
    TimingKeys {
        time_unit: o.time_unit.clone().filter(|u| !u.trim().is_empty()),
        accrual: Some(accrual),
        follow_up: Some(follow_up),
        shape,
        loss,
    }
}

/// Most categories of an ordinal outcome.
const MAX_CATEGORIES: usize = 100;

/// `[outcome] categories`: required for an ordinal outcome, refused
/// otherwise; strictly increasing scores or distinct labels.
fn categories(c: &mut Checker, raw: Option<Vec<RawCategory>>, ordinal: bool) -> Option<Categories> {
    const KEY: &str = "outcome.categories";
    let raw = match (raw, ordinal) {
        (Some(_), false) => {
            c.fail(KEY, None, "expected no `categories`: they are for distribution = \"ordinal\"");
            return None;
        }
        (None, true) => {
            c.fail(KEY, None, "missing: an ordinal outcome lists its ordered categories, lowest first, e.g. categories = [0, 1, 2, 3, 4, 5] or [\"none\", \"mild\", \"severe\"]");
            return Some(Categories::Scores(vec![0.0, 1.0]));
        }
        (None, false) => return None,
        (Some(r), true) => r,
    };
    let fallback = Some(Categories::Scores((0..raw.len().max(2)).map(|j| j as f64).collect()));
    if raw.len() < 2 || raw.len() > MAX_CATEGORIES {
        c.fail(
            KEY,
            Some(format!("{} categories", raw.len())),
            format!("expected 2 to {MAX_CATEGORIES} ordered categories"),
        );
        return fallback;
    }
    let scores: Vec<f64> =
        raw.iter().filter_map(|x| if let RawCategory::Score(s) = x { Some(*s) } else { None }).collect();
    let labels: Vec<String> =
        raw.iter().filter_map(|x| if let RawCategory::Label(l) = x { Some(l.clone()) } else { None }).collect();
    if scores.len() == raw.len() {
        for (j, w) in scores.windows(2).enumerate() {
            if !(w[0].is_finite() && w[1].is_finite() && w[1] > w[0] && w[0].abs() <= LARGEST && w[1].abs() <= LARGEST)
            {
                c.fail(
                    format!("{KEY}[{}]", j + 1),
                    Some(show(w[1])),
                    format!(
                        "expected finite scores in increasing order, lowest first (the one before is {})",
                        show(w[0])
                    ),
                );
                return fallback;
            }
        }
        return Some(Categories::Scores(scores));
    }
    if labels.len() == raw.len() {
        for (j, l) in labels.iter().enumerate() {
            let key = format!("{KEY}[{j}]");
            c.plain_text(&key, l);
            if l.trim().is_empty() {
                c.fail(key, Some("\"\"".into()), "expected a non-empty label");
            } else if labels[..j].contains(l) {
                c.fail(key, Some(format!("\"{l}\"")), "expected each label once");
            }
        }
        return Some(Categories::Labels(labels));
    }
    c.fail(KEY, None, "expected all numbers (scores) or all strings (labels), not a mix");
    fallback
}

/// `[design]`: the kind from the registry, which the outcome must support,
/// and the keys that kind takes.
fn design(c: &mut Checker, raw: Option<RawDesign>, outcome: &Outcome, arms: usize) -> DesignSettings {
    let raw = raw.unwrap_or_default();
    c.free_text("design.source", raw.source.as_deref());
    let name = raw.kind.as_deref().unwrap_or("parallel");
    let known = registry::DESIGNS.iter().find(|e| similar(e.name, name));
    let kind = match registry::DESIGNS.iter().find(|e| e.name == name) {
        Some(e) => e.kind,
        None => {
            let names: Vec<&str> = registry::DESIGNS.iter().map(|e| e.name).collect();
            let hint = match known {
                Some(e) => format!(" (did you mean \"{}\"?)", e.name),
                None => {
                    " (a study measuring every subject under every condition, crossover or pre/post, is \"paired\")"
                        .to_string()
                }
            };
            c.fail("design.kind", Some(format!("\"{name}\"")), format!("expected {}{hint}", either(&names)));
            // Validate the rest as the design meant (paired when it gives a
            // correlation), so that one typo gives one message.
            known.map_or(if raw.correlation.is_some() { DesignKind::Paired } else { DesignKind::Parallel }, |e| e.kind)
        }
    };
    let entry = registry::outcome(outcome.distribution);
    if !entry.designs.contains(&kind) {
        let names: Vec<&str> = entry.designs.iter().map(|d| d.name()).collect();
        c.fail(
            "design.kind",
            Some(format!("\"{name}\"")),
            format!(
                "expected {} for {} {} outcome (the designs its model can draw)",
                either(&names),
                article(entry.name),
                entry.name
            ),
        );
    }
    let takes_correlation = registry::design(kind).keys.contains(&"correlation");
    let correlation = match (raw.correlation, takes_correlation) {
        (Some(_), false) => {
            c.fail(
                "design.correlation",
                None,
                format!("expected no `correlation` in {} {name} design (it is for kind = \"paired\")", article(name)),
            );
            None
        }
        (None, true) => {
            c.fail(
                "design.correlation",
                None,
                "missing: a paired design needs the correlation between a subject's measurements, e.g. 0.5",
            );
            Some(0.0)
        }
        (Some(r), true) => {
            // Σ with a common correlation ρ is positive definite exactly
            // when −1/(k − 1) < ρ < 1.
            let floor = if arms > 2 { -1.0 / (arms as f64 - 1.0) } else { -1.0 };
            let expected = if arms > 2 {
                format!(
                    "a correlation > {} and < 1 (with {arms} conditions sharing one correlation ρ, the \
                     covariance matrix is valid only for −1/({arms} − 1) < ρ < 1)",
                    show(floor)
                )
            } else {
                "a correlation > -1 and < 1".to_string()
            };
            c.number("design.correlation", r, |x| x > floor && x < 1.0, &expected)
        }
        (None, false) => None,
    };
    if kind == DesignKind::Paired && arms > MAX_CONDITIONS {
        c.fail(
            "arms",
            Some(format!("{arms} conditions")),
            format!("expected at most {MAX_CONDITIONS} conditions in a paired design"),
        );
    }
    let takes_baseline = registry::design(kind).keys.contains(&"baseline_correlation");
    let baseline_correlation = match (raw.baseline_correlation, takes_baseline) {
        (Some(_), false) => {
            c.fail(
                "design.baseline_correlation",
                None,
                format!(
                    "expected no `baseline_correlation` in {} {name} design (it is for kind = \"ancova\")",
                    article(name)
                ),
            );
            None
        }
        (None, true) => {
            c.fail(
                "design.baseline_correlation",
                None,
                "missing: an ANCOVA design needs the correlation of baseline and outcome within an arm, e.g. 0.6",
            );
            Some(0.0)
        }
        (Some(r), true) => c.number(
            "design.baseline_correlation",
            r,
            |x| x > -1.0 && x < 1.0,
            "a correlation > -1 and < 1 (of baseline and outcome within an arm)",
        ),
        (None, false) => None,
    };
    let cl = clusters(c, &raw, kind == DesignKind::Clustered, name);
    if raw.evidence.is_some() && correlation.is_none() && baseline_correlation.is_none() && cl.icc.is_none() {
        c.fail(
            "design.evidence",
            None,
            "`evidence` in [design] grades its correlation or ICC; this design has none: remove it",
        );
    }
    if raw.source.is_some() && correlation.is_none() && baseline_correlation.is_none() && cl.icc.is_none() {
        c.fail(
            "design.source",
            None,
            "`source` in [design] documents its correlation or ICC; this design has none: remove `source` (and `assumed`), or give the value it documents",
        );
    }
    DesignSettings {
        kind,
        correlation,
        baseline_correlation,
        cluster_size: cl.size,
        icc: cl.icc,
        cluster_unit: cl.unit,
        cluster_analysis: cl.analysis,
        cluster_size_cv: cl.size_cv,
        provenance: provenance(c, "design.", raw.source, raw.assumed, raw.evidence),
    }
}

/// Largest number of measurements per cluster.
const MAX_CLUSTER_SIZE: i64 = 10_000;

/// Largest coefficient of variation of the cluster sizes.
const MAX_CLUSTER_SIZE_CV: f64 = 1.0;

/// A clustered design's settings, as validated.
#[derive(Default)]
struct Clusters {
    size: Option<u32>,
    icc: Option<f64>,
    unit: Option<String>,
    analysis: Option<ClusterAnalysis>,
    size_cv: Option<f64>,
}

/// `[design]` cluster_size, icc, unit, analysis and cluster_size_cv:
/// required (size, ICC) or optional for a clustered design, refused for the
/// others.
fn clusters(c: &mut Checker, raw: &RawDesign, clustered: bool, name: &str) -> Clusters {
    let given = [
        ("cluster_size", raw.cluster_size.is_some()),
        ("icc", raw.icc.is_some()),
        ("unit", raw.unit.is_some()),
        ("analysis", raw.analysis.is_some()),
        ("cluster_size_cv", raw.cluster_size_cv.is_some()),
    ];
    if !clustered {
        for (key, g) in given {
            if g {
                c.fail(
                    format!("design.{key}"),
                    None,
                    format!("expected no `{key}` in {} {name} design (it is for kind = \"clustered\")", article(name)),
                );
            }
        }
        return Clusters::default();
    }
    let size = match raw.cluster_size {
        Some(m) if (1..=MAX_CLUSTER_SIZE).contains(&m) => m as u32,
        Some(m) => {
            c.fail(
                "design.cluster_size",
                Some(m.to_string()),
                format!("expected a whole number of measurements per cluster from 1 to {MAX_CLUSTER_SIZE}"),
            );
            1
        }
        None => {
            c.fail("design.cluster_size", None, "missing: a clustered design needs the measurements per cluster, e.g. cluster_size = 5 fields per animal");
            1
        }
    };
    let icc = match raw.icc {
        Some(r) => c.number("design.icc", r, |x| (0.0..=1.0).contains(&x), "an intraclass correlation from 0 to 1 (the share of a measurement's variance that is between clusters), e.g. 0.1").unwrap_or(0.0),
        None => {
            c.fail("design.icc", None, "missing: a clustered design needs the intraclass correlation, e.g. icc = 0.1");
            0.0
        }
    };
    let analysis = match raw.analysis.as_deref() {
        None | Some("means") => ClusterAnalysis::Means,
        Some("mixed") => ClusterAnalysis::Mixed,
        Some(other) => {
            let hint = ["means", "mixed"]
                .into_iter()
                .find(|name| similar(name, other))
                .map(|name| format!("; did you mean \"{name}\"?"))
                .unwrap_or_default();
            c.fail(
                "design.analysis",
                Some(format!("\"{other}\"")),
                format!(
                    "expected \"means\" (a t test on the cluster means) or \"mixed\" (a random-intercept model){hint}"
                ),
            );
            ClusterAnalysis::Means
        }
    };
    if analysis == ClusterAnalysis::Mixed && icc >= 1.0 {
        c.fail(
            "design.icc",
            Some(show(icc)),
            "expected an intraclass correlation below 1 with analysis = \"mixed\": at 1 the measurements of a cluster are identical, with no within-cluster variance to fit (use analysis = \"means\")",
        );
    }
    if analysis == ClusterAnalysis::Mixed && raw.cluster_size.is_some_and(|m| m < 2) {
        c.fail(
            "design.cluster_size",
            Some(size.to_string()),
            "expected at least 2 measurements per cluster with analysis = \"mixed\": with one, a random-intercept model cannot tell the cluster effect from the noise (use analysis = \"means\")",
        );
    }
    let size_cv = raw.cluster_size_cv.and_then(|cv| {
        c.number(
            "design.cluster_size_cv",
            cv,
            |x| (0.0..=MAX_CLUSTER_SIZE_CV).contains(&x),
            &format!("a coefficient of variation of the cluster sizes from 0 to {MAX_CLUSTER_SIZE_CV} (SD of the sizes over their mean), e.g. 0.3 for litters of 5 ± 1.5"),
        )
    });
    if let Some(u) = &raw.unit {
        c.plain_text("design.unit", u);
    }
    Clusters {
        size: Some(size),
        icc: Some(icc),
        unit: raw.unit.clone().filter(|u| !u.trim().is_empty()),
        analysis: Some(analysis),
        size_cv: size_cv.filter(|&cv| cv > 0.0),
    }
}

/// An arm's spread parameter (`sd`, `cv`): its own value, else the
/// outcome's common one.
struct Spread {
    key: &'static str,
    ok: fn(f64) -> bool,
    range: &'static str,
    /// Used when the value is missing or invalid (an error is reported).
    fallback: f64,
}

impl Spread {
    /// (value, whether it is the arm's own); a missing value is reported
    /// unless `report_missing` is false (its cause is reported elsewhere).
    fn resolve(
        &self,
        c: &mut Checker,
        arm: usize,
        own: Option<f64>,
        common: Option<f64>,
        report_missing: bool,
    ) -> (f64, bool) {
        let key = format!("arms[{arm}].{}", self.key);
        match (own, common) {
            (Some(x), _) => match c.number(&key, x, self.ok, self.range) {
                Some(x) => (x, true),
                None => (self.fallback, false),
            },
            (None, Some(x)) => (x, false),
            (None, None) => {
                if report_missing {
                    let (k, article) = (self.key, if self.key == "sd" { "an" } else { "a" });
                    c.fail(key, None, format!("missing: give [outcome] {k}, or {article} {k} for this arm"));
                }
                (self.fallback, false)
            }
        }
    }
}

fn arms(
    c: &mut Checker,
    raw: Vec<RawArm>,
    outcome: &Outcome,
    design: &DesignSettings,
    outcome_sd_given: bool,
) -> Vec<Arm> {
    if raw.len() < 2 {
        c.fail("arms", Some(format!("{} arm(s)", raw.len())), "expected at least two [[arms]]");
    }
    let entry = registry::outcome(outcome.distribution);
    let keys = either(entry.arm_keys).replace(" or ", " and ");
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, a) in raw.into_iter().enumerate() {
        let k = |f: &str| format!("arms[{i}].{f}");
        c.plain_text(&k("name"), &a.name);
        c.free_text(&k("source"), a.source.as_deref());
        if a.name.trim().is_empty() {
            c.fail(k("name"), Some("\"\"".into()), "expected a non-empty arm name");
        } else if let Some(j) = seen.insert(a.name.clone(), i) {
            c.fail(
                k("name"),
                Some(format!("\"{}\"", a.name)),
                format!("expected a unique arm name (arms[{j}] has the same name)"),
            );
        }
        // The other model's key in place of this one's: one message saying which to write.
        let swapped = match outcome.distribution {
            Distribution::Binary if a.p.is_none() => a.mean.map(|m| {
                (
                    "mean",
                    format!(
                        "write p = {m} (the probability of the event): a binary outcome's arms take `p`, not `mean`"
                    ),
                )
            }),
            Distribution::Poisson | Distribution::NegativeBinomial if a.rate.is_none() => a.mean.map(|m| {
                ("mean", format!("write rate = {m} (the expected count per subject): a count outcome's arms take `rate`"))
            }),
            Distribution::TimeToEvent if a.median.is_none() && a.hazard.is_none() => a.mean.map(|m| {
                ("mean", format!("write median = {m} (the median time to the event) or hazard = (the event rate per time unit): a time-to-event outcome's arms take `median` or `hazard`"))
            }),
            Distribution::Ordinal if a.probabilities.is_none() => a.mean.map(|_| {
                ("mean", "an ordinal outcome's arms take `probabilities = [...]`, one per category, summing to 1".to_string())
            }),
            Distribution::Normal if a.mean.is_none() => a.p.map(|_| {
                let text =
                    "a normal outcome's arms take `mean` (and `sd`), not `p`; for the probability of an event set \
                            [outcome] distribution = \"binary\"";
                ("p", text.to_string())
            }),
            _ => None,
        };
        if let Some((key, message)) = &swapped {
            c.fail(k(key), None, message.clone());
        }
        let keys_given = [
            ("mean", a.mean.is_some()),
            ("sd", a.sd.is_some()),
            ("p", a.p.is_some()),
            ("geometric_mean", a.geometric_mean.is_some()),
            ("cv", a.cv.is_some()),
            ("rate", a.rate.is_some()),
            ("probabilities", a.probabilities.is_some()),
            ("median", a.median.is_some()),
            ("hazard", a.hazard.is_some()),
        ];
        for (key, given) in keys_given {
            if swapped.as_ref().is_some_and(|(k, _)| *k == key) {
                continue;
            }
            if given && !entry.arm_keys.contains(&key) {
                c.fail(
                    k(key),
                    None,
                    format!(
                        "expected no `{key}`: an arm of {} {} outcome takes {keys}",
                        article(entry.name),
                        entry.name
                    ),
                );
            }
        }
        let (mut geometric_mean, mut arm_cv, mut rate, mut probabilities) = (None, None, None, None);
        let (mut median, mut hazard) = (None, None);
        let (mean, sd, p, own_sd) = match outcome.distribution {
            Distribution::Lognormal => {
                let g = match a.geometric_mean {
                    Some(g) => c
                        .number(&k("geometric_mean"), g, |x| x > 0.0 && x <= LARGEST, "a geometric mean > 0")
                        .unwrap_or(1.0),
                    None => {
                        c.fail(k("geometric_mean"), None, "missing required key: the arm's geometric mean (> 0)");
                        1.0
                    }
                };
                // An `sd` in [outcome] was meant as the spread: reported there.
                let spread = Spread { key: "cv", ok: cv_ok, range: CV_RANGE, fallback: 0.5 };
                let (cv, own) = spread.resolve(c, i, a.cv, outcome.cv, !outcome_sd_given);
                (geometric_mean, arm_cv) = (Some(g), Some(cv));
                (g.ln(), crate::model::lognormal::sd_of_logs(cv), None, own)
            }
            Distribution::Poisson | Distribution::NegativeBinomial => {
                let r = match a.rate {
                    Some(r) => c
                        .number(
                            &k("rate"),
                            r,
                            |x| (1e-9..=1e9).contains(&x),
                            "a rate > 0 (from 1e-9 to 1e9 events per subject, per unit of exposure)",
                        )
                        .unwrap_or(1.0),
                    None => {
                        if swapped.is_none() {
                            c.fail(
                                k("rate"),
                                None,
                                "missing required key: the arm's expected count per subject (rate > 0)",
                            );
                        }
                        1.0
                    }
                };
                rate = Some(r);
                let mu = r * outcome.exposure.unwrap_or(1.0);
                (r.ln(), crate::model::counts::log_scale_sd(mu, outcome.dispersion), None, false)
            }
            Distribution::TimeToEvent => {
                let shape = outcome.shape.unwrap_or(1.0);
                let range = |x: f64| (1e-9..=1e9).contains(&x);
                let lambda = match (a.median, a.hazard) {
                    (Some(_), Some(_)) => {
                        c.fail(k("hazard"), None, "expected `median` or `hazard`, not both: each determines the other");
                        1.0
                    }
                    (Some(m), None) => c
                        .number(&k("median"), m, range, "a median time > 0 (from 1e-9 to 1e9 time units)")
                        .map_or(1.0, |m| crate::model::survival::rate_of_median(m, shape)),
                    (None, Some(h)) => c
                        .number(&k("hazard"), h, range, "a hazard > 0 (from 1e-9 to 1e9 events per time unit)")
                        .unwrap_or(1.0),
                    (None, None) => {
                        if swapped.is_none() {
                            c.fail(
                                k("median"),
                                None,
                                "missing required key: the arm's median time to the event (or its `hazard`)",
                            );
                        }
                        1.0
                    }
                };
                median = Some(std::f64::consts::LN_2.powf(1.0 / shape) / lambda);
                hazard = Some(lambda);
                (shape * lambda.ln(), 1.0, None, false)
            }
            Distribution::Ordinal => {
                let scores = outcome.categories.as_ref().map(|c| c.scores()).unwrap_or_default();
                let p = arm_probabilities(c, i, a.probabilities.as_deref(), scores.len(), swapped.is_some());
                let (mean, sd) = crate::model::ordinal::moments(&scores, &p);
                probabilities = Some(p);
                (mean, sd, None, false)
            }
            Distribution::Normal => {
                let mean = match a.mean {
                    Some(m) => c.number(&k("mean"), m, |_| true, "any finite mean").unwrap_or(0.0),
                    None => {
                        if swapped.is_none() {
                            c.fail(k("mean"), None, "missing required key: the arm's expected mean");
                        }
                        0.0
                    }
                };
                let spread = Spread { key: "sd", ok: sd_ok, range: SD_RANGE, fallback: 1.0 };
                let (sd, own) = spread.resolve(c, i, a.sd, outcome.sd, !outcome_sd_given);
                (mean, sd, None, own)
            }
            Distribution::Binary => {
                let p = match a.p {
                    Some(p) => c
                        .number(
                            &k("p"),
                            p,
                            |x| (0.0..=1.0).contains(&x),
                            "a probability from 0 to 1, e.g. 0.30 for 30%",
                        )
                        .unwrap_or(0.5),
                    None => {
                        if swapped.is_none() {
                            c.fail(
                                k("p"),
                                None,
                                "missing required key: the probability of the event in this arm, e.g. 0.30",
                            );
                        }
                        0.5
                    }
                };
                (p, (p * (1.0 - p)).sqrt(), Some(p), false)
            }
        };
        let allocation = match a.allocation {
            None => 1.0,
            Some(_) if design.kind == DesignKind::Paired => {
                c.fail(
                    k("allocation"),
                    None,
                    "expected no `allocation` in a paired design: every subject is measured under every condition",
                );
                1.0
            }
            Some(w) => c
                .number(&k("allocation"), w, |x| x > 0.0 && x <= 100.0, "a relative weight > 0 and ≤ 100")
                .unwrap_or(1.0),
        };
        // The prior's centre: the arm's own parameter on its own scale.
        let value = match outcome.distribution {
            Distribution::Lognormal => geometric_mean.unwrap_or(1.0),
            Distribution::Poisson | Distribution::NegativeBinomial => rate.unwrap_or(1.0),
            Distribution::TimeToEvent => median.unwrap_or(1.0),
            _ => mean,
        };
        let prior = a.prior.and_then(|raw| super::prior::check(c, &k("prior"), raw, outcome.distribution, value));
        out.push(Arm {
            name: a.name,
            prior,
            mean,
            sd,
            p,
            geometric_mean,
            cv: arm_cv,
            rate,
            probabilities,
            median,
            hazard,
            sd_overridden: own_sd,
            allocation,
            provenance: provenance(c, &k(""), a.source, a.assumed, a.evidence),
        });
    }
    out
}

/// An ordinal arm's `probabilities`: one per category, each in [0, 1],
/// summing to 1 within 1e-9 (kept as given: the sampler draws each
/// category given those above it, which absorbs rounding). A
/// missing or invalid list is reported and replaced by equal shares.
fn arm_probabilities(c: &mut Checker, arm: usize, raw: Option<&[f64]>, k: usize, swapped: bool) -> Vec<f64> {
    let key = format!("arms[{arm}].probabilities");
    let equal = vec![1.0 / k.max(1) as f64; k];
    let Some(p) = raw else {
        if !swapped {
            c.fail(
                key,
                None,
                format!(
                    "missing required key: the probability of each of the {k} categories, lowest first, summing to 1"
                ),
            );
        }
        return equal;
    };
    if p.len() != k {
        c.fail(
            &key,
            Some(format!("{} values", p.len())),
            format!("expected {k} probabilities, one per category of [outcome] categories"),
        );
        return equal;
    }
    for (j, &x) in p.iter().enumerate() {
        if c.number(&format!("{key}[{j}]"), x, |x| (0.0..=1.0).contains(&x), "a probability from 0 to 1").is_none() {
            return equal;
        }
    }
    let total: f64 = p.iter().sum();
    if (total - 1.0).abs() > 1e-9 {
        c.fail(&key, Some(format!("sum {}", show(total))), "expected probabilities summing to 1 (within 1e-9)");
        return equal;
    }
    p.to_vec()
}

fn comparisons(
    c: &mut Checker,
    raw: Vec<RawComparison>,
    arms: &[Arm],
    outcome: &Outcome,
    design: &DesignSettings,
) -> Vec<Comparison> {
    if raw.is_empty() {
        c.fail("comparisons", None, "expected at least one [[comparisons]] entry");
    }
    let mut names: Vec<&str> = Vec::with_capacity(arms.len());
    for a in arms {
        if !names.contains(&a.name.as_str()) {
            names.push(&a.name);
        }
    }
    let find = |c: &mut Checker, key: String, name: &str| -> Option<usize> {
        let idx = names.iter().position(|n| *n == name);
        if idx.is_none() {
            c.fail(
                key,
                Some(format!("\"{name}\"")),
                format!("expected the name of an arm: one of {}", quoted_list(&names)),
            );
        }
        idx
    };
    let mut labels: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, r) in raw.into_iter().enumerate() {
        let k = |f: &str| format!("comparisons[{i}].{f}");
        let hypothesis = hypothesis(c, &r, i, outcome.distribution);
        let test = test(c, &r, i, hypothesis, outcome.distribution, design);
        let (arm_idx, default_label) =
            if test.many_arms() { anova_arms(c, &r, i, &find) } else { two_arms(c, &r, i, &find) };
        if let Some(l) = &r.label {
            c.plain_text(&k("label"), l);
        }
        c.free_text(&k("source"), r.source.as_deref());
        let label = r.label.filter(|l| !l.trim().is_empty()).unwrap_or(default_label);
        if ["each", "all", "any"].contains(&label.as_str()) {
            c.fail(
                k("label"),
                Some(format!("\"{label}\"")),
                "expected a label other than each/all/any (those name the study goal's rows)",
            );
        }
        if let Some(j) = labels.insert(label.clone(), i) {
            c.fail(
                k("label"),
                Some(format!("\"{label}\"")),
                format!("expected a unique label (comparisons[{j}] has the same one)"),
            );
        }
        if r.source.is_some() && hypothesis.margin().is_none() {
            c.fail(k("source"), None, "`source` on a comparison documents its margin; this comparison has none");
        }
        if r.evidence.is_some() && hypothesis.margin().is_none() {
            c.fail(
                k("evidence"),
                None,
                "`evidence` on a comparison grades its margin; this comparison has none: remove it",
            );
        }
        out.push(Comparison {
            label,
            test,
            arms: arm_idx,
            hypothesis,
            primary: r.primary.unwrap_or(true),
            provenance: provenance(c, &k(""), r.source, r.assumed, r.evidence),
        });
    }
    out
}

type Find<'a> = dyn Fn(&mut Checker, String, &str) -> Option<usize> + 'a;

/// `treatment` and `reference` of a two-arm test.
fn two_arms(c: &mut Checker, r: &RawComparison, i: usize, find: &Find<'_>) -> (Vec<usize>, String) {
    let k = |f: &str| format!("comparisons[{i}].{f}");
    if r.arms.is_some() {
        c.fail(k("arms"), None, "`arms` is for test = \"anova\"; a two-arm test takes `treatment` and `reference`");
    }
    let mut get = |field: &str, v: &Option<String>| match v {
        Some(name) => find(c, k(field), name),
        None => {
            c.fail(k(field), None, "missing required key (the name of an arm)");
            None
        }
    };
    let t = get("treatment", &r.treatment);
    let rf = get("reference", &r.reference);
    if t.is_some() && t == rf {
        c.fail(
            k("reference"),
            r.reference.as_ref().map(|n| format!("\"{n}\"")),
            "expected an arm other than the treatment (an arm cannot be compared with itself)",
        );
    }
    let label = format!("{} vs {}", r.treatment.as_deref().unwrap_or("?"), r.reference.as_deref().unwrap_or("?"));
    (vec![t.unwrap_or(0), rf.unwrap_or(0)], label)
}

/// `arms` of an ANOVA.
fn anova_arms(c: &mut Checker, r: &RawComparison, i: usize, find: &Find<'_>) -> (Vec<usize>, String) {
    let k = |f: &str| format!("comparisons[{i}].{f}");
    for (field, v) in [("treatment", &r.treatment), ("reference", &r.reference)] {
        if v.is_some() {
            c.fail(k(field), None, "test = \"anova\" takes `arms = [...]`, not treatment/reference");
        }
    }
    let listed = r.arms.clone().unwrap_or_default();
    if listed.len() < 2 {
        c.fail(
            k("arms"),
            Some(format!("{listed:?}")),
            "expected a list of at least two arm names for test = \"anova\"",
        );
    }
    let mut idx = Vec::with_capacity(listed.len());
    for (j, name) in listed.iter().enumerate() {
        if let Some(a) = find(c, format!("comparisons[{i}].arms[{j}]"), name) {
            if idx.contains(&a) {
                c.fail(format!("comparisons[{i}].arms[{j}]"), Some(format!("\"{name}\"")), "expected each arm once");
            }
            idx.push(a);
        }
    }
    if idx.len() < 2 {
        idx = vec![0, 0];
    }
    (idx, format!("ANOVA ({})", listed.join(", ")))
}

/// The comparison's test: the one named, which the registry must accept
/// for this outcome, design and hypothesis, or the default: the mixed
/// model in a clustered design with `analysis = "mixed"` (for a comparison
/// of two arms), else the registry's.
fn test(
    c: &mut Checker,
    r: &RawComparison,
    i: usize,
    h: Hypothesis,
    outcome: Distribution,
    settings: &DesignSettings,
) -> TestKind {
    let design = settings.kind;
    let key = format!("comparisons[{i}].test");
    let mixed = settings.cluster_analysis == Some(ClusterAnalysis::Mixed)
        && r.arms.is_none()
        && registry::test(TestKind::Mixed).accepts(outcome, design);
    let fallback = if mixed {
        TestKind::Mixed
    } else {
        registry::default_test(outcome, design, h.kind())
            .or_else(|| registry::default_test(outcome, design, super::HypothesisKind::Superiority))
            .unwrap_or(TestKind::Welch)
    };
    let context = format!(
        "{} {} outcome in {} {} design",
        article(outcome.name()),
        outcome.name(),
        article(design.name()),
        design.name()
    );
    if registry::tests_for(outcome, design).next().is_none() {
        // The design does not suit the outcome: reported at design.kind.
        return fallback;
    }
    let Some(name) = r.test.as_deref() else {
        if registry::default_test(outcome, design, h.kind()).is_none() {
            // What the tests of this outcome can test, and why not this one.
            let mut can: Vec<&str> = Vec::new();
            let mut why = None;
            for e in registry::tests_for(outcome, design) {
                for k in e.hypotheses {
                    if !can.contains(&k.name()) {
                        can.push(k.name());
                    }
                }
                why = why.or(e.no_margin);
            }
            let why = why.map(|w| format!(" ({w})")).unwrap_or_default();
            c.fail(
                format!("comparisons[{i}].hypothesis"),
                Some(format!("\"{}\"", h.name())),
                format!("expected {} for {context}{why}", either(&can)),
            );
        }
        return fallback;
    };
    let allowed: Vec<&str> = registry::tests_for(outcome, design).map(|e| e.name).collect();
    let Some(entry) = registry::test_named(name).filter(|e| e.accepts(outcome, design)) else {
        c.fail(&key, Some(format!("\"{name}\"")), format!("expected {} (the tests for {context})", either(&allowed)));
        // Keep a known test's kind, so its arms are read as written.
        return registry::test_named(name).map_or(fallback, |e| e.kind);
    };
    if !entry.hypotheses.contains(&h.kind()) {
        let others: Vec<&str> = registry::tests_for(outcome, design)
            .filter(|e| e.hypotheses.contains(&h.kind()) && !e.many_arms)
            .map(|e| e.name)
            .collect();
        let instead = if others.is_empty() {
            String::new()
        } else {
            format!("; for {} use test = {}", h.name(), either(&others))
        };
        let can: Vec<&str> = entry.hypotheses.iter().map(|h| h.name()).collect();
        let instead = match entry.no_margin {
            Some(why) => format!(" ({why}){instead}"),
            None => instead,
        };
        c.fail(
            &key,
            Some(format!("\"{name}\"")),
            format!("test = \"{name}\" tests {} only{instead}", either(&can).replace('"', "")),
        );
    }
    entry.kind
}

fn hypothesis(c: &mut Checker, r: &RawComparison, i: usize, outcome: Distribution) -> Hypothesis {
    let k = |f: &str| format!("comparisons[{i}].{f}");
    let binary = outcome == Distribution::Binary;
    let ratio = registry::outcome(outcome).ratio.is_some();
    let (top, units) = match (binary, ratio) {
        (true, _) => (1.0, "in probability units (a risk difference)"),
        (_, true) => (1e6, "as a ratio (e.g. 0.8: the treatment's ratio to the reference may fall to 0.8)"),
        _ => (LARGEST, "in outcome units"),
    };
    let margin = |c: &mut Checker| match r.margin {
        None => {
            c.fail(k("margin"), None, format!("missing: non-inferiority and equivalence need a margin > 0 {units}"));
            if binary {
                0.1
            } else {
                1.0
            }
        }
        Some(m) if ratio => {
            // A ratio m and its inverse 1/m give the same margin, |ln m|, on the log scale.
            let expected =
                "a ratio margin ≠ 1, from 1e-6 to 1e6 (e.g. 0.8: the ratio treatment : reference may fall to 0.8)";
            c.number(&k("margin"), m, |x| (1e-6..=1e6).contains(&x) && (x.ln().abs() > 1e-9), expected)
                .map_or(0.1, |m| m.ln().abs())
        }
        Some(m) => {
            let expected = if binary {
                format!("a margin > 0 and < 1 {units}, e.g. 0.10 for 10 percentage points")
            } else {
                format!("a margin > 0 and ≤ 1e150 {units}")
            };
            c.number(&k("margin"), m, |x| x > 0.0 && x <= top && !(binary && x >= 1.0), &expected).unwrap_or(0.1)
        }
    };
    let h = match r.hypothesis.as_deref() {
        None | Some("superiority") => {
            if let Some(m) = r.margin {
                c.fail(
                    k("margin"),
                    Some(m.to_string()),
                    "a margin applies only to hypothesis = \"non-inferiority\" or \"equivalence\"",
                );
            }
            Hypothesis::Superiority
        }
        Some("non-inferiority") => Hypothesis::NonInferiority { margin: margin(c) },
        Some("equivalence") => Hypothesis::Equivalence { margin: margin(c) },
        Some(other) => {
            c.fail(
                k("hypothesis"),
                Some(format!("\"{other}\"")),
                "expected \"superiority\", \"non-inferiority\" or \"equivalence\"",
            );
            Hypothesis::Superiority
        }
    };
    h
}

/// Checks that the multiplicity procedure fits the primary comparisons, and
/// switches Dunnett's family to the Dunnett test.
fn family(c: &mut Checker, comparisons: &mut [Comparison], raw_tests: &[Option<String>], multiplicity: Multiplicity) {
    let primaries: Vec<usize> = (0..comparisons.len()).filter(|&i| comparisons[i].primary).collect();
    if primaries.is_empty() && !comparisons.is_empty() {
        c.fail("comparisons", None, "expected at least one comparison with primary = true (the default)");
        return;
    }
    if multiplicity != Multiplicity::Dunnett {
        return;
    }
    let reference = comparisons[primaries[0]].reference();
    let mut refused: Vec<String> = Vec::new();
    for &i in &primaries {
        let cmp = &comparisons[i];
        let k = |f: &str| format!("comparisons[{i}].{f}");
        let entry = registry::test(cmp.test);
        // Welch by default becomes Student's pooled test in the family.
        let welch_by_default = cmp.test == TestKind::Welch && raw_tests[i].is_none();
        if let (Err(reason), false) = (entry.dunnett, welch_by_default) {
            if raw_tests[i].is_some() {
                c.fail(k("test"), Some(format!("\"{}\"", entry.name)), reason);
            } else if !refused.iter().any(|r: &String| r.contains(reason)) {
                // The user chose Dunnett, not the test: say it at multiplicity.
                refused.push(format!("not for test \"{}\" (the default here): {reason}", entry.name));
            }
        } else if cmp.hypothesis != Hypothesis::Superiority {
            c.fail(
                k("hypothesis"),
                Some(format!("\"{}\"", cmp.hypothesis.name())),
                "Dunnett's procedure supports superiority only; make this comparison primary = false, or use holm, hochberg or bonferroni",
            );
        } else if cmp.reference() != reference {
            c.fail(
                k("reference"),
                None,
                "Dunnett's procedure needs every primary comparison to share one reference (control) arm",
            );
        }
    }
    for r in refused {
        c.fail("analysis.multiplicity", Some("\"dunnett\"".into()), r);
    }
    if primaries.len() < 2 {
        c.fail(
            "analysis.multiplicity",
            Some("\"dunnett\"".into()),
            "Dunnett's procedure needs at least two primary comparisons against one control",
        );
    }
    if c.problems.is_empty() {
        for &i in &primaries {
            comparisons[i].test = TestKind::Dunnett;
        }
    }
}

fn quoted_list(names: &[&str]) -> String {
    names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
}

fn analysis(c: &mut Checker, a: RawAnalysis, ov: &Overrides) -> AnalysisSettings {
    let alpha_key = key_of("--alpha", "analysis.alpha", ov.alpha.is_some());
    let alpha = c
        .number(
            &alpha_key,
            ov.alpha.or(a.alpha).unwrap_or(0.05),
            |x| x > 0.0 && x < 1.0,
            "a level strictly between 0 and 1, e.g. 0.05",
        )
        .unwrap_or(0.05);
    let power_key = key_of("--target-power", "analysis.target_power", ov.target_power.is_some());
    let target_power = c
        .number(
            &power_key,
            ov.target_power.or(a.target_power).unwrap_or(0.8),
            |x| x > 0.0 && x < 1.0,
            "a power strictly between 0 and 1, e.g. 0.80",
        )
        .unwrap_or(0.8);
    let sides = match a.sides {
        None | Some(2) => Sides::Two,
        Some(1) => Sides::One,
        Some(s) => {
            c.fail("analysis.sides", Some(s.to_string()), "expected 1 or 2");
            Sides::Two
        }
    };
    let dropout = c
        .number(
            "analysis.dropout",
            a.dropout.unwrap_or(0.0),
            |x| (0.0..1.0).contains(&x),
            "a fraction in [0, 1), e.g. 0.1 for 10% lost",
        )
        .unwrap_or(0.0);
    let multiplicity = match a.multiplicity.as_deref() {
        None | Some("none") => Multiplicity::None,
        Some("bonferroni") => Multiplicity::Bonferroni,
        Some("holm") => Multiplicity::Holm,
        Some("hochberg") => Multiplicity::Hochberg,
        Some("dunnett") => Multiplicity::Dunnett,
        Some(other) => {
            c.fail(
                "analysis.multiplicity",
                Some(format!("\"{other}\"")),
                "expected \"none\", \"bonferroni\", \"holm\", \"hochberg\" or \"dunnett\"",
            );
            Multiplicity::None
        }
    };
    let goal = match a.goal.as_deref() {
        None | Some("each") => Goal::Each,
        Some("all") => Goal::All,
        Some("any") => Goal::Any,
        Some(other) => {
            c.fail("analysis.goal", Some(format!("\"{other}\"")), "expected \"each\", \"all\" or \"any\"");
            Goal::Each
        }
    };
    AnalysisSettings { alpha, sides, target_power, dropout, multiplicity, goal }
}

fn simulation(c: &mut Checker, s: RawSimulation, ov: &Overrides) -> SimulationSettings {
    let rep_key = key_of("--replicates", "simulation.replicates", ov.replicates.is_some());
    let replicates = match (ov.replicates, s.replicates) {
        (Some(r), _) => Some(r as i128),
        (None, Some(r)) => Some(r as i128),
        (None, None) => None,
    }
    .map(|r| {
        if r < 1 || r > i128::from(MAX_REPLICATES) {
            c.fail(&rep_key, Some(r.to_string()), "expected a whole number from 1 to 1000000000");
            DEFAULT_REPLICATES
        } else {
            r as u64
        }
    })
    .unwrap_or(DEFAULT_REPLICATES);
    let seed = match (ov.seed, s.seed) {
        (Some(seed), _) => seed,
        (None, Some(seed)) if seed >= 0 => seed as u64,
        (None, Some(seed)) => {
            c.fail("simulation.seed", Some(seed.to_string()), SEED_RANGE);
            DEFAULT_SEED
        }
        (None, None) => DEFAULT_SEED,
    };
    let n_min = s.n_min.unwrap_or(2);
    let n_max = s.n_max.unwrap_or(1000);
    let mut ok = true;
    if !(2..=MAX_N).contains(&n_min) {
        c.fail("simulation.n_min", Some(n_min.to_string()), format!("expected a whole number from 2 to {MAX_N}"));
        ok = false;
    }
    if !(2..=MAX_N).contains(&n_max) {
        c.fail("simulation.n_max", Some(n_max.to_string()), format!("expected a whole number from 2 to {MAX_N}"));
        ok = false;
    }
    if ok && n_min > n_max {
        c.fail("simulation.n_min", Some(n_min.to_string()), format!("expected n_min ≤ n_max (n_max = {n_max})"));
    }
    let precision = ov.precision.or(s.precision).unwrap_or(true);
    let cap_key = key_of("--max-replicates", "simulation.max_replicates", ov.max_replicates.is_some());
    let max_replicates = match ov.max_replicates.map(i128::from).or(s.max_replicates.map(i128::from)) {
        None => DEFAULT_MAX_REPLICATES.max(replicates),
        Some(m) if m < i128::from(replicates) || m > i128::from(MAX_REPLICATES) => {
            c.fail(
                &cap_key,
                Some(m.to_string()),
                format!("expected a whole number from `replicates` ({replicates}) to 1000000000"),
            );
            replicates
        }
        Some(m) => m as u64,
    };
    SimulationSettings {
        replicates,
        seed,
        n_min: n_min.clamp(2, MAX_N) as u32,
        n_max: n_max.clamp(2, MAX_N) as u32,
        precision,
        max_replicates,
    }
}

#[cfg(test)]
mod tests {
    use super::plural_of;

    #[test]
    fn plurals_of_subject_words() {
        let cases = [
            ("mouse", "mice"),
            ("nude mouse", "nude mice"),
            ("person", "people"),
            ("patient", "patients"),
            ("rat", "rats"),
            ("rabbit", "rabbits"),
            ("ox", "oxen"),
            ("box", "boxes"),
            ("fly", "flies"),
            ("monkey", "monkeys"),
            ("dish", "dishes"),
            ("fish", "fish"),
            ("zebrafish", "zebrafish"),
            ("human", "humans"),
            ("Mouse", "Mice"),
        ];
        for (one, many) in cases {
            assert_eq!(plural_of(one), many, "{one}");
        }
    }
}
