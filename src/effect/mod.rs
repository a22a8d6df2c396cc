//! Effect sizes from what papers report (`plan effect`): the planning value
//! a scenario needs, computed from means and SDs, a confidence interval, a
//! t statistic or a p-value (exact, or a bound "p < x"), proportions or a
//! ratio with its interval, or a median with its IQR or range.
//!
//! [`Reported`] is what the paper gives; [`derive`] returns a [`Derivation`]
//! with every intermediate number, from which the exporter
//! ([`crate::export::effect`]) shows the arithmetic, the assumptions and
//! the scenario keys to paste. The formulas:
//! - two means: pooled SD s_p = √(((n₁−1)s₁² + (n₂−1)s₂²)/(n₁+n₂−2)),
//!   d = (m₁ − m₂)/s_p, Hedges' g = J·d with the exact
//!   J = Γ(ν/2)/(√(ν/2)·Γ((ν−1)/2)), SE(d) = √((n₁+n₂)/(n₁n₂) + d²/(2(n₁+n₂)))
//!   (Hedges & Olkin, *Statistical Methods for Meta-Analysis*, 1985, ch. 5;
//!   Borenstein et al., *Introduction to Meta-Analysis*, 2009, ch. 4); an SE
//!   given instead of an SD is s = SE·√n. The same subjects measured twice
//!   with correlation r: d_z = (m₁ − m₂)/√(s₁² + s₂² − 2r·s₁s₂), and
//!   d_av = (m₁ − m₂)/((s₁ + s₂)/2) (Lakens 2013, Front. Psychol. 4:863);
//! - a difference with a level-L interval: SE = (hi − lo)/(2q) with q the
//!   t quantile on n₁ + n₂ − 2 (paired: n − 1) degrees of freedom, or the
//!   normal one; SD = SE/√(1/n₁ + 1/n₂) (paired: SE·√n) (Cochrane
//!   Handbook, 2023, §6.5.2.3);
//! - a t statistic: d = t·√(1/n₁ + 1/n₂), d_z = t/√n (one sample or paired);
//!   an exact two-sided p gives t = t_{1−p/2}(ν) (one-sided: t_{1−p}(ν)); a
//!   bound p < x gives the smallest |t| consistent with it, so a lower bound
//!   on the effect;
//! - proportions x₁/n₁ and x₂/n₂: risk difference with its Wald SE, risk
//!   ratio and odds ratio with the SEs of their logarithms
//!   √(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂) and √(1/x₁ + 1/(n₁−x₁) + 1/x₂ + 1/(n₂−x₂)),
//!   and d = ln(OR)·√3/π (Chinn 2000, Stat. Med. 19:3127–3131); a ratio with
//!   its interval: SE(ln ratio) = (ln hi − ln lo)/(2·z_{(1+L)/2});
//! - a median with its IQR, range or both: Wan, Wang, Liu & Tong (2014),
//!   BMC Med. Res. Methodol. 14:135, scenarios S3, S1 and S2 (an estimate
//!   under normality).

use serde::Serialize;

use crate::stats::central::{t_quantile, t_upper_quantile};
use crate::stats::normal;

/// The design the reported statistic comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Two independent groups.
    TwoSample,
    /// The same subjects measured twice (pre/post): the effect is d_z.
    Paired,
    /// One group against a fixed value: d = mean/SD.
    OneSample,
}

/// A p-value as reported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum PValue {
    /// "p = 0.012".
    Exact(f64),
    /// "p < 0.001": only a bound.
    Below(f64),
}

/// A ratio's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RatioKind {
    /// Odds ratio.
    OddsRatio,
    /// Risk ratio.
    RiskRatio,
    /// Hazard ratio.
    HazardRatio,
}

/// What a paper reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Reported {
    /// Two means with SDs (or SEs) and group sizes; with `correlation`, the
    /// same subjects measured twice.
    Means { means: [f64; 2], spread: Spread, n: [u32; 2], correlation: Option<f64> },
    /// A difference with a confidence interval.
    Interval { difference: f64, ci: [f64; 2], level: f64, n: Vec<u32>, layout: Layout, normal: bool },
    /// A t statistic, or a p-value, with the group sizes.
    Statistic { t: Option<f64>, p: Option<PValue>, one_sided: bool, n: Vec<u32>, layout: Layout },
    /// Events in two groups.
    Proportions { events: [u32; 2], n: [u32; 2] },
    /// A ratio with its confidence interval.
    Ratio { kind: RatioKind, estimate: f64, ci: [f64; 2], level: f64 },
    /// A median with its IQR, range or both, for one group.
    Median { median: f64, iqr: Option<[f64; 2]>, range: Option<[f64; 2]>, n: u32 },
}

/// How a spread was reported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "values", rename_all = "kebab-case")]
pub enum Spread {
    /// Standard deviations.
    Sd([f64; 2]),
    /// Standard errors of the means.
    Se([f64; 2]),
}

/// The effect size a derivation ends with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EffectSize {
    /// Its name: "d", "d_z", "log_or", "log_rr", "log_hr", or "mean" (a
    /// median's estimated mean).
    pub name: &'static str,
    /// Its value.
    pub value: f64,
    /// "lower" when the report gives only a bound (p < x): the effect is at
    /// least this large in absolute value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<&'static str>,
}

/// Every number of a derivation, by case.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "case", rename_all = "kebab-case")]
pub enum Derivation {
    /// Two independent means.
    Means {
        means: [f64; 2],
        sds: [f64; 2],
        from_se: bool,
        n: [u32; 2],
        difference: f64,
        pooled_sd: f64,
        d: f64,
        /// Hedges' exact small-sample factor J.
        j: f64,
        g: f64,
        se_d: f64,
    },
    /// The same subjects measured twice.
    PairedMeans {
        means: [f64; 2],
        sds: [f64; 2],
        from_se: bool,
        n: u32,
        correlation: f64,
        difference: f64,
        sd_diff: f64,
        d_z: f64,
        d_av: f64,
    },
    /// A difference with its interval.
    Interval {
        difference: f64,
        ci: [f64; 2],
        level: f64,
        n: Vec<u32>,
        layout: Layout,
        /// "t" or "normal".
        quantile_kind: &'static str,
        df: Option<f64>,
        quantile: f64,
        se: f64,
        /// The SD of one observation (paired: of the differences).
        sd: f64,
        d: f64,
    },
    /// A t statistic (given, or from a p-value).
    Statistic { t: f64, p: Option<PValue>, one_sided: bool, n: Vec<u32>, layout: Layout, df: f64, d: f64 },
    /// Two proportions.
    Proportions {
        events: [u32; 2],
        n: [u32; 2],
        /// The two proportions events/n.
        proportions: [f64; 2],
        risk_difference: f64,
        se_risk_difference: f64,
        risk_ratio: f64,
        log_rr: f64,
        se_log_rr: f64,
        odds_ratio: f64,
        log_or: f64,
        se_log_or: f64,
        /// d = ln(OR)·√3/π.
        d: f64,
    },
    /// A ratio with its interval.
    Ratio { kind: RatioKind, estimate: f64, ci: [f64; 2], level: f64, log: f64, z: f64, se_log: f64 },
    /// A median's estimated mean and SD.
    Median {
        median: f64,
        iqr: Option<[f64; 2]>,
        range: Option<[f64; 2]>,
        n: u32,
        /// Wan et al.'s scenario: "S1" (range), "S2" (both), "S3" (IQR).
        method: &'static str,
        mean: f64,
        sd: f64,
    },
}

/// The result of `plan effect`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// The effect size it ends with.
    pub effect: EffectSize,
    /// The SD it implies (pooled, of the differences, or estimated), where
    /// there is one.
    pub sd: Option<f64>,
    /// The standard error of the reported difference (or log ratio), where
    /// there is one.
    pub se: Option<f64>,
    /// Every number of the arithmetic (flattened into the JSON, with
    /// `case` naming it).
    #[serde(flatten)]
    pub derivation: Derivation,
}

/// Why a report cannot be turned into an effect size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String);

fn fail<T>(msg: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid(msg.into()))
}

fn positive(what: &str, x: f64) -> Result<f64, Invalid> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        fail(format!("{what} = {x}: expected a finite number > 0"))
    }
}

fn finite(what: &str, x: f64) -> Result<f64, Invalid> {
    if x.is_finite() {
        Ok(x)
    } else {
        fail(format!("{what} = {x}: expected a finite number"))
    }
}

/// Hedges' exact small-sample correction J(ν) = Γ(ν/2)/(√(ν/2)·Γ((ν−1)/2)).
pub fn hedges_j(df: f64) -> f64 {
    use statrs::function::gamma::ln_gamma;
    (ln_gamma(df / 2.0) - (df / 2.0).sqrt().ln() - ln_gamma((df - 1.0) / 2.0)).exp()
}

/// The effect size and the arithmetic behind it.
pub fn derive(r: &Reported) -> Result<Effect, Invalid> {
    let effect = derive_any(r)?;
    // Extreme inputs (1e300 and 1e-300 together) can overflow a step of the
    // arithmetic even when each is valid: refuse rather than print ∞.
    let shown = format!("{effect:?}");
    let non_finite = shown.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == "inf" || w == "NaN");
    if non_finite {
        return fail(
            "these numbers overflow the arithmetic (a step is infinite or undefined): check their magnitudes and units",
        );
    }
    Ok(effect)
}

fn derive_any(r: &Reported) -> Result<Effect, Invalid> {
    match r {
        Reported::Means { means, spread, n, correlation } => means_effect(*means, *spread, *n, *correlation),
        Reported::Interval { difference, ci, level, n, layout, normal } => {
            interval(*difference, *ci, *level, n, *layout, *normal)
        }
        Reported::Statistic { t, p, one_sided, n, layout } => statistic(*t, *p, *one_sided, n, *layout),
        Reported::Proportions { events, n } => proportions(*events, *n),
        Reported::Ratio { kind, estimate, ci, level } => ratio(*kind, *estimate, *ci, *level),
        Reported::Median { median, iqr, range, n } => median_effect(*median, *iqr, *range, *n),
    }
}

fn sizes_at_least(n: &[u32], min: u32) -> Result<(), Invalid> {
    match n.iter().find(|&&k| k < min) {
        Some(k) => fail(format!("n = {k}: expected group sizes of at least {min}")),
        None => Ok(()),
    }
}

fn means_effect(means: [f64; 2], spread: Spread, n: [u32; 2], correlation: Option<f64>) -> Result<Effect, Invalid> {
    finite("the first mean", means[0])?;
    finite("the second mean", means[1])?;
    let (raw, from_se) = match spread {
        Spread::Sd(s) => (s, false),
        Spread::Se(s) => (s, true),
    };
    positive("the first SD (or SE)", raw[0])?;
    positive("the second SD (or SE)", raw[1])?;
    let difference = means[0] - means[1];
    if let Some(r) = correlation {
        if !(r > -1.0 && r < 1.0) {
            return fail(format!("--r {r}: expected a correlation > -1 and < 1"));
        }
        sizes_at_least(&n[..1], 2)?;
        let k = f64::from(n[0]).sqrt();
        let sds = if from_se { [raw[0] * k, raw[1] * k] } else { raw };
        let sd_diff = (sds[0] * sds[0] + sds[1] * sds[1] - 2.0 * r * sds[0] * sds[1]).sqrt();
        let d_z = difference / sd_diff;
        return Ok(Effect {
            effect: EffectSize { name: "d_z", value: d_z, bound: None },
            sd: Some(sd_diff),
            se: Some(sd_diff / k),
            derivation: Derivation::PairedMeans {
                means,
                sds,
                from_se,
                n: n[0],
                correlation: r,
                difference,
                sd_diff,
                d_z,
                d_av: difference / ((sds[0] + sds[1]) / 2.0),
            },
        });
    }
    sizes_at_least(&n, 2)?;
    let nf = [f64::from(n[0]), f64::from(n[1])];
    let sds = if from_se { [raw[0] * nf[0].sqrt(), raw[1] * nf[1].sqrt()] } else { raw };
    let df = nf[0] + nf[1] - 2.0;
    let pooled_sd = (((nf[0] - 1.0) * sds[0] * sds[0] + (nf[1] - 1.0) * sds[1] * sds[1]) / df).sqrt();
    let d = difference / pooled_sd;
    let j = hedges_j(df);
    let total = nf[0] + nf[1];
    let se_d = (total / (nf[0] * nf[1]) + d * d / (2.0 * total)).sqrt();
    Ok(Effect {
        effect: EffectSize { name: "d", value: d, bound: None },
        sd: Some(pooled_sd),
        se: Some(pooled_sd * (1.0 / nf[0] + 1.0 / nf[1]).sqrt()),
        derivation: Derivation::Means { means, sds, from_se, n, difference, pooled_sd, d, j, g: j * d, se_d },
    })
}

/// The t test's degrees of freedom for this layout and these group sizes
/// (two groups: n₁ + n₂ − 2; one group: n − 1), each size at least 2.
fn t_df(layout: Layout, n: &[u32]) -> Result<f64, Invalid> {
    let df = match (layout, n) {
        (Layout::TwoSample, [a, b]) => f64::from(*a) + f64::from(*b) - 2.0,
        (Layout::Paired | Layout::OneSample, [a]) => f64::from(*a) - 1.0,
        (Layout::TwoSample, _) => {
            return fail("--n: expected the two group sizes (add --paired or --one-sample for one group of n)")
        }
        _ => return fail("--n: expected one number of subjects with --paired or --one-sample"),
    };
    sizes_at_least(n, 2)?;
    Ok(df)
}

/// Confidence levels a paper reports: 50% to 99.99% (below 50% the
/// interval's quantile approaches 0 and the SE it implies infinity).
fn level_ok(level: f64) -> Result<f64, Invalid> {
    if (0.5..=0.9999).contains(&level) {
        Ok(level)
    } else {
        fail(format!("--level {level}: expected a confidence level from 0.5 to 0.9999, e.g. 0.95"))
    }
}

fn interval(
    difference: f64,
    ci: [f64; 2],
    level: f64,
    n: &[u32],
    layout: Layout,
    normal_q: bool,
) -> Result<Effect, Invalid> {
    finite("--diff", difference)?;
    let level = level_ok(level)?;
    if !(ci[0].is_finite() && ci[1].is_finite() && ci[0] < ci[1]) {
        return fail(format!("--ci {} {}: expected the lower limit below the upper", ci[0], ci[1]));
    }
    if !(ci[0] <= difference && difference <= ci[1]) {
        return fail(format!("--diff {difference} lies outside its interval {} to {}", ci[0], ci[1]));
    }
    let df = t_df(layout, n)?;
    let tail = 0.5 + level / 2.0;
    let quantile = if normal_q { normal::quantile(tail) } else { t_quantile(tail, df) };
    let se = (ci[1] - ci[0]) / (2.0 * quantile);
    let sd = match n {
        [a, b] => se / (1.0 / f64::from(*a) + 1.0 / f64::from(*b)).sqrt(),
        _ => se * f64::from(n[0]).sqrt(),
    };
    let d = difference / sd;
    let name = if layout == Layout::Paired { "d_z" } else { "d" };
    Ok(Effect {
        effect: EffectSize { name, value: d, bound: None },
        sd: Some(sd),
        se: Some(se),
        derivation: Derivation::Interval {
            difference,
            ci,
            level,
            n: n.to_vec(),
            layout,
            quantile_kind: if normal_q { "normal" } else { "t" },
            df: (!normal_q).then_some(df),
            quantile,
            se,
            sd,
            d,
        },
    })
}

fn statistic(t: Option<f64>, p: Option<PValue>, one_sided: bool, n: &[u32], layout: Layout) -> Result<Effect, Invalid> {
    let df = t_df(layout, n)?;
    let (t, bound) = match (t, p) {
        (Some(t), None) => (finite("--t", t)?, None),
        (None, Some(pv)) => {
            let x = match pv {
                PValue::Exact(x) | PValue::Below(x) => x,
            };
            if !(x > 0.0 && x < 1.0) {
                return fail(format!("--p {x}: expected a p-value between 0 and 1"));
            }
            let tail = if one_sided { x } else { x / 2.0 };
            let t = t_upper_quantile(tail, df);
            if !t.is_finite() {
                return fail(format!("--p {x}: too small to give a finite t on {df} degrees of freedom"));
            }
            (t, matches!(pv, PValue::Below(_)).then_some("lower"))
        }
        _ => return fail("give either --t or --p, not both"),
    };
    let scale = match n {
        [a, b] => (1.0 / f64::from(*a) + 1.0 / f64::from(*b)).sqrt(),
        _ => 1.0 / f64::from(n[0]).sqrt(),
    };
    let d = t * scale;
    let name = if layout == Layout::Paired { "d_z" } else { "d" };
    Ok(Effect {
        effect: EffectSize { name, value: d, bound },
        sd: None,
        se: None,
        derivation: Derivation::Statistic { t, p, one_sided, n: n.to_vec(), layout, df, d },
    })
}

fn proportions(events: [u32; 2], n: [u32; 2]) -> Result<Effect, Invalid> {
    for (e, k) in events.iter().zip(&n) {
        if *k == 0 || e > k {
            return fail(format!("--events {e} of --n {k}: expected 0 ≤ events ≤ n and n > 0"));
        }
    }
    let nf = [f64::from(n[0]), f64::from(n[1])];
    let ef = [f64::from(events[0]), f64::from(events[1])];
    let p = [ef[0] / nf[0], ef[1] / nf[1]];
    let risk_difference = p[0] - p[1];
    let se_risk_difference = (p[0] * (1.0 - p[0]) / nf[0] + p[1] * (1.0 - p[1]) / nf[1]).sqrt();
    // Ratios need events, and odds ratios non-events, in every cell.
    let risk_ratio = p[0] / p[1];
    let se_log_rr = (1.0 / ef[0] - 1.0 / nf[0] + 1.0 / ef[1] - 1.0 / nf[1]).sqrt();
    let odds_ratio = (ef[0] / (nf[0] - ef[0])) / (ef[1] / (nf[1] - ef[1]));
    let se_log_or = (1.0 / ef[0] + 1.0 / (nf[0] - ef[0]) + 1.0 / ef[1] + 1.0 / (nf[1] - ef[1])).sqrt();
    if events.contains(&0) || events[0] == n[0] || events[1] == n[1] {
        return fail(format!(
            "a group with no events (or only events): the risk and odds ratios and their SEs are undefined. The proportions {}/{} and {}/{} can go into a binary scenario as they are (p in each [[arms]]), tested on the risk difference",
            events[0], n[0], events[1], n[1]
        ));
    }
    let log_or = odds_ratio.ln();
    Ok(Effect {
        effect: EffectSize { name: "log_or", value: log_or, bound: None },
        sd: None,
        se: Some(se_log_or),
        derivation: Derivation::Proportions {
            events,
            n,
            proportions: p,
            risk_difference,
            se_risk_difference,
            risk_ratio,
            log_rr: risk_ratio.ln(),
            se_log_rr,
            odds_ratio,
            log_or,
            se_log_or,
            d: log_or * 3f64.sqrt() / std::f64::consts::PI,
        },
    })
}

fn ratio(kind: RatioKind, estimate: f64, ci: [f64; 2], level: f64) -> Result<Effect, Invalid> {
    positive("the ratio", estimate)?;
    positive("the lower limit", ci[0])?;
    positive("the upper limit", ci[1])?;
    let level = level_ok(level)?;
    if !(ci[0] < ci[1] && ci[0] <= estimate && estimate <= ci[1]) {
        return fail(format!("ratio {estimate} with interval {} to {}: expected lower ≤ ratio ≤ upper", ci[0], ci[1]));
    }
    let z = normal::quantile(0.5 + level / 2.0);
    let se_log = (ci[1].ln() - ci[0].ln()) / (2.0 * z);
    let log = estimate.ln();
    let name = match kind {
        RatioKind::OddsRatio => "log_or",
        RatioKind::RiskRatio => "log_rr",
        RatioKind::HazardRatio => "log_hr",
    };
    Ok(Effect {
        effect: EffectSize { name, value: log, bound: None },
        sd: None,
        se: Some(se_log),
        derivation: Derivation::Ratio { kind, estimate, ci, level, log, z, se_log },
    })
}

fn median_effect(median: f64, iqr: Option<[f64; 2]>, range: Option<[f64; 2]>, n: u32) -> Result<Effect, Invalid> {
    finite("--median", median)?;
    if n < 2 {
        return fail(format!("--n {n}: expected at least 2 subjects"));
    }
    let nf = f64::from(n);
    let ordered = |name: &str, [a, b]: [f64; 2]| {
        if a.is_finite() && b.is_finite() && a <= median && median <= b && a < b {
            Ok([a, b])
        } else {
            fail(format!("{name} {a} {b}: expected finite limits with lower ≤ median ≤ upper"))
        }
    };
    // Wan et al. (2014): ξ = Φ⁻¹((n − 0.375)/(n + 0.25)) for the range,
    // η = Φ⁻¹((0.75n − 0.125)/(n + 0.25)) for the IQR.
    let xi = normal::quantile((nf - 0.375) / (nf + 0.25));
    let eta = normal::quantile((0.75 * nf - 0.125) / (nf + 0.25));
    let (method, mean, sd) = match (iqr, range) {
        (Some(q), None) => {
            let [q1, q3] = ordered("--iqr", q)?;
            ("S3", (q1 + median + q3) / 3.0, (q3 - q1) / (2.0 * eta))
        }
        (None, Some(r)) => {
            let [a, b] = ordered("--range", r)?;
            ("S1", (a + 2.0 * median + b) / 4.0, (b - a) / (2.0 * xi))
        }
        (Some(q), Some(r)) => {
            let ([q1, q3], [a, b]) = (ordered("--iqr", q)?, ordered("--range", r)?);
            if !(a <= q1 && q3 <= b) {
                return fail("--iqr must lie within --range");
            }
            let mean = (a + 2.0 * q1 + 2.0 * median + 2.0 * q3 + b) / 8.0;
            ("S2", mean, (b - a) / (4.0 * xi) + (q3 - q1) / (4.0 * eta))
        }
        (None, None) => return fail("--median needs --iqr Q1 Q3 or --range MIN MAX (or both)"),
    };
    Ok(Effect {
        effect: EffectSize { name: "mean", value: mean, bound: None },
        sd: Some(sd),
        se: None,
        derivation: Derivation::Median { median, iqr, range, n, method, mean, sd },
    })
}
