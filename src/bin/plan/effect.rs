//! `plan effect`: the flags a reader would guess, turned into one
//! [`Reported`] case; every mix that names no case, or two, is refused
//! with exit 2 and what to give instead.

use plan::effect::{self, Layout, PValue, RatioKind, Reported, Spread};
use plan::export::{self, Destination, Target};
use plan::PlanError;

use crate::cli::EffectArgs;

fn input(msg: impl Into<String>) -> PlanError {
    PlanError::Input(format!("plan effect: {}", msg.into()))
}

/// "0.012", "<0.001", "p<0.001", "p = 0.03".
fn p_value(text: &str) -> Result<PValue, PlanError> {
    let t = text.trim().trim_start_matches(['p', 'P']).trim();
    let (below, rest) = match t.strip_prefix('<').or_else(|| t.strip_prefix('≤')) {
        Some(r) => (true, r.trim_start_matches('=').trim()),
        None => (false, t.trim_start_matches('=').trim()),
    };
    let x: f64 = rest
        .parse()
        .map_err(|_| input(format!("--p {text:?}: expected a p-value such as 0.012, or a bound such as \"<0.001\"")))?;
    Ok(if below { PValue::Below(x) } else { PValue::Exact(x) })
}

fn pair<T: Copy>(v: &[T]) -> [T; 2] {
    [v[0], v[1]]
}

/// The layout the flags give: two group sizes are two groups; one needs
/// --paired or --one-sample.
fn layout(a: &EffectArgs, n: &[u32]) -> Result<Layout, PlanError> {
    match (n.len(), a.paired, a.one_sample) {
        (2, false, false) => Ok(Layout::TwoSample),
        (2, _, _) => Err(input("--paired and --one-sample take one --n (the subjects); two sizes mean two groups")),
        (1, true, _) => Ok(Layout::Paired),
        (1, _, true) => Ok(Layout::OneSample),
        _ => Err(input("--n N alone is one group: add --paired (before and after) or --one-sample, or give --n N1 N2")),
    }
}

/// Refuses the flags given that case `case` does not read.
fn only(a: &EffectArgs, case: &str, allowed: &[&str]) -> Result<(), PlanError> {
    let given = [
        ("--sds", a.sds.is_some()),
        ("--ses", a.ses.is_some()),
        ("--n", a.n.is_some()),
        ("--r", a.r.is_some()),
        ("--ci", a.ci.is_some()),
        ("--level", a.level != 0.95),
        ("--z", a.z),
        ("--one-sided", a.one_sided),
        ("--paired", a.paired),
        ("--one-sample", a.one_sample),
        ("--iqr", a.iqr.is_some()),
        ("--range", a.range.is_some()),
    ];
    match given.iter().find(|(flag, on)| *on && !allowed.contains(flag)) {
        Some((flag, _)) => Err(input(format!("{flag} does not apply to {case}"))),
        None => Ok(()),
    }
}

/// The case the flags name.
fn reported(a: &EffectArgs) -> Result<Reported, PlanError> {
    let ratio = [
        a.odds_ratio.map(|x| (RatioKind::OddsRatio, x)),
        a.risk_ratio.map(|x| (RatioKind::RiskRatio, x)),
        a.hazard_ratio.map(|x| (RatioKind::HazardRatio, x)),
    ]
    .into_iter()
    .flatten()
    .next();
    let cases = [
        ("--means", a.means.is_some()),
        ("--diff", a.diff.is_some()),
        ("--t/--p", a.t.is_some() || a.p.is_some()),
        ("--events", a.events.is_some()),
        ("--or/--rr/--hr", ratio.is_some()),
        ("--median", a.median.is_some()),
    ];
    let given: Vec<&str> = cases.iter().filter(|c| c.1).map(|c| c.0).collect();
    match given.len() {
        0 => return Err(input("nothing to compute: give --means, --diff with --ci, --t, --p, --events, --or/--rr/--hr with --ci, or --median (see plan effect --help)")),
        1 => {}
        _ => return Err(input(format!("give one report at a time, not {}", given.join(" and ")))),
    }
    let n = || a.n.clone().ok_or_else(|| input("--n: the group sizes are needed"));
    if let Some(m) = &a.means {
        only(a, "--means", &["--sds", "--ses", "--n", "--r"])?;
        let spread = match (&a.sds, &a.ses) {
            (Some(s), None) => Spread::Sd(pair(s)),
            (None, Some(s)) => Spread::Se(pair(s)),
            _ => return Err(input("--means needs --sds S1 S2 or --ses E1 E2")),
        };
        let n = n()?;
        let n = match (n.as_slice(), a.r) {
            ([a1, b], None) => [*a1, *b],
            ([k], Some(_)) => [*k, *k],
            (_, None) => {
                return Err(input("--means of two groups needs --n N1 N2 (one group measured twice: --n N --r R)"))
            }
            (_, Some(_)) => return Err(input("--r (the same subjects measured twice) takes one --n")),
        };
        return Ok(Reported::Means { means: pair(m), spread, n, correlation: a.r });
    }
    if let Some(d) = a.diff {
        only(a, "--diff", &["--ci", "--n", "--level", "--z", "--paired", "--one-sample"])?;
        let ci = a.ci.as_ref().ok_or_else(|| input("--diff needs its confidence interval --ci LO HI"))?;
        let n = n()?;
        let layout = layout(a, &n)?;
        return Ok(Reported::Interval { difference: d, ci: pair(ci), level: a.level, n, layout, normal: a.z });
    }
    if a.t.is_some() || a.p.is_some() {
        if a.t.is_some() {
            only(a, "--t", &["--n", "--paired", "--one-sample"])?;
        } else {
            only(a, "--p", &["--n", "--paired", "--one-sample", "--one-sided"])?;
        }
        let p = a.p.as_deref().map(p_value).transpose()?;
        let n = n()?;
        let layout = layout(a, &n)?;
        return Ok(Reported::Statistic { t: a.t, p, one_sided: a.one_sided, n, layout });
    }
    if let Some(e) = &a.events {
        only(a, "--events", &["--n"])?;
        let n = n()?;
        let [n1, n2] = match n.as_slice() {
            [x, y] => [*x, *y],
            _ => return Err(input("--events X1 X2 needs --n N1 N2")),
        };
        return Ok(Reported::Proportions { events: pair(e), n: [n1, n2] });
    }
    if let Some((kind, estimate)) = ratio {
        only(a, "a ratio", &["--ci", "--level"])?;
        let ci = a.ci.as_ref().ok_or_else(|| input("a ratio needs its confidence interval --ci LO HI"))?;
        return Ok(Reported::Ratio { kind, estimate, ci: pair(ci), level: a.level });
    }
    only(a, "--median", &["--n", "--iqr", "--range"])?;
    let median = a.median.unwrap_or(f64::NAN);
    let n = match n()?.as_slice() {
        [k] => *k,
        _ => return Err(input("--median is one group: give its --n N")),
    };
    Ok(Reported::Median { median, iqr: a.iqr.as_deref().map(pair), range: a.range.as_deref().map(pair), n })
}

/// Runs `plan effect`.
pub fn run(a: &EffectArgs) -> Result<(), PlanError> {
    let target = a.json.as_deref().map(Target::parse);
    let dest = match &target {
        Some(t) => export::destination("--json", t)?,
        None => Destination::Stdout,
    };
    let r = reported(a)?;
    let e = effect::derive(&r).map_err(|err| input(err.0))?;
    let cite = a.cite.as_deref();
    let mut outputs = Vec::new();
    match target {
        Some(_) => {
            if dest != Destination::Stdout {
                outputs.push((Destination::Stdout, export::effect::text(&e, cite).into_bytes()));
            }
            outputs.push((dest, export::effect::json(&e, cite)?.into_bytes()));
        }
        None => outputs.push((Destination::Stdout, export::effect::text(&e, cite).into_bytes())),
    }
    export::write_all(&outputs)
}
