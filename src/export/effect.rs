//! `plan effect`'s outputs: the arithmetic, step by step, the assumptions,
//! the scenario keys to paste with a `source` line filled in, and the JSON
//! for scripts (`effect` = {name, value, bound}, `sd`, `se`, the case's
//! numbers, `assumptions`, `scenario_keys`, `source`).

use std::fmt::Write as _;

use crate::effect::{Derivation, Effect, Layout, PValue, RatioKind};
use crate::error::PlanError;
use crate::numfmt::num;

/// Significant digits shown.
const DIGITS: usize = 4;

fn n4(x: f64) -> String {
    num(x, DIGITS)
}

/// A p-value: scientific notation below 1e-4, so that 1e-12 is not "0".
fn show_p(x: f64) -> String {
    if x < 1e-4 {
        format!("{x:e}")
    } else {
        n4(x)
    }
}

/// The case's title.
fn title(d: &Derivation) -> &'static str {
    match d {
        Derivation::Means { .. } => "two independent means",
        Derivation::PairedMeans { .. } => "the same subjects measured twice (two means and their correlation)",
        Derivation::Interval { layout: Layout::TwoSample, .. } => {
            "a difference of two means with its confidence interval"
        }
        Derivation::Interval { .. } => "a mean difference (paired or one sample) with its confidence interval",
        Derivation::Statistic { p: Some(PValue::Below(_)), .. } => {
            "a bound on the p-value (p < x): a lower bound on the observed effect"
        }
        Derivation::Statistic { p: Some(PValue::Exact(_)), .. } => "an exact p-value",
        Derivation::Statistic { .. } => "a t statistic",
        Derivation::Proportions { .. } => "two proportions",
        Derivation::Ratio { .. } => "a ratio with its confidence interval",
        Derivation::Median { .. } => "a median with its IQR or range (an estimate of the mean and SD)",
    }
}

fn layout_words(l: Layout) -> &'static str {
    match l {
        Layout::TwoSample => "two groups",
        Layout::Paired => "paired",
        Layout::OneSample => "one sample",
    }
}

fn ratio_name(k: RatioKind) -> (&'static str, &'static str) {
    match k {
        RatioKind::OddsRatio => ("odds ratio", "OR"),
        RatioKind::RiskRatio => ("risk ratio", "RR"),
        RatioKind::HazardRatio => ("hazard ratio", "HR"),
    }
}

/// The arithmetic, one step a line: (what, formula with numbers = value).
fn steps(e: &Effect) -> Vec<(String, String)> {
    let mut s = Vec::new();
    let mut step = |what: &str, how: String| s.push((what.to_string(), how));
    match &e.derivation {
        Derivation::Means { means, sds, from_se, n, difference, pooled_sd, d, j, g, se_d } => {
            if *from_se {
                step("SDs from SEs", format!("s = SE·√n: {} and {}", n4(sds[0]), n4(sds[1])));
            }
            step("difference", format!("m₁ − m₂ = {} − {} = {}", n4(means[0]), n4(means[1]), n4(*difference)));
            step(
                "pooled SD",
                format!(
                    "s_p = √(({}·{}² + {}·{}²)/{}) = {}",
                    n[0] - 1,
                    n4(sds[0]),
                    n[1] - 1,
                    n4(sds[1]),
                    n[0] + n[1] - 2,
                    n4(*pooled_sd)
                ),
            );
            step("Cohen's d", format!("d = {}/{} = {}", n4(*difference), n4(*pooled_sd), n4(*d)));
            step(
                "Hedges' g",
                format!(
                    "g = J·d with J = Γ(ν/2)/(√(ν/2)·Γ((ν−1)/2)) = {} (ν = {}): {}",
                    n4(*j),
                    n[0] + n[1] - 2,
                    n4(*g)
                ),
            );
            step("SE of d", format!("√((n₁+n₂)/(n₁n₂) + d²/(2(n₁+n₂))) = {}", n4(*se_d)));
        }
        Derivation::PairedMeans { means, sds, from_se, n, correlation, difference, sd_diff, d_z, d_av } => {
            if *from_se {
                step("SDs from SEs", format!("s = SE·√n: {} and {}", n4(sds[0]), n4(sds[1])));
            }
            step("mean difference", format!("{} − {} = {}", n4(means[0]), n4(means[1]), n4(*difference)));
            step(
                "SD of the differences",
                format!(
                    "√({}² + {}² − 2·{}·{}·{}) = {}",
                    n4(sds[0]),
                    n4(sds[1]),
                    n4(*correlation),
                    n4(sds[0]),
                    n4(sds[1]),
                    n4(*sd_diff)
                ),
            );
            step("d_z", format!("{}/{} = {} (n = {n})", n4(*difference), n4(*sd_diff), n4(*d_z)));
            step("d_av", format!("difference over the mean SD = {} (for comparison)", n4(*d_av)));
        }
        Derivation::Interval { difference, ci, level, n, layout, quantile_kind, df, quantile, se, sd, d } => {
            let q = match df {
                Some(df) => format!("t quantile t_{{{}}}({}) = {}", n4(0.5 + level / 2.0), n4(*df), n4(*quantile)),
                None => format!("normal quantile z_{{{}}} = {}", n4(0.5 + level / 2.0), n4(*quantile)),
            };
            step("quantile", format!("{q} ({quantile_kind} interval)"));
            step("SE", format!("(hi − lo)/(2q) = ({} − {})/(2·{}) = {}", n4(ci[1]), n4(ci[0]), n4(*quantile), n4(*se)));
            match (layout, n.as_slice()) {
                (Layout::TwoSample, [a, b]) => step("SD", format!("SE/√(1/{a} + 1/{b}) = {}", n4(*sd))),
                (_, [a, ..]) => step("SD of the differences", format!("SE·√{a} = {}", n4(*sd))),
                _ => {}
            }
            let name = if *layout == Layout::Paired { "d_z" } else { "d" };
            step(name, format!("{}/{} = {}", n4(*difference), n4(*sd), n4(*d)));
        }
        Derivation::Statistic { t, p, one_sided, n, layout, df, d } => {
            if let Some(pv) = p {
                let (x, rel) = match pv {
                    PValue::Exact(x) => (*x, "="),
                    PValue::Below(x) => (*x, "<"),
                };
                let tail = if *one_sided { format!("1 − {}", show_p(x)) } else { format!("1 − {}/2", show_p(x)) };
                step(
                    "t from p",
                    format!(
                        "p {rel} {} ({}) on ν = {} df: |t| {} t_{{{tail}}}({}) = {}",
                        show_p(x),
                        if *one_sided { "one-sided" } else { "two-sided" },
                        n4(*df),
                        if rel == "<" { ">" } else { "=" },
                        n4(*df),
                        n4(*t)
                    ),
                );
            }
            let name = if *layout == Layout::Paired { "d_z" } else { "d" };
            let how = match n.as_slice() {
                [a, b] => format!(
                    "t·√(1/{a} + 1/{b}) = {}·{} = {}",
                    n4(*t),
                    n4((1.0 / f64::from(*a) + 1.0 / f64::from(*b)).sqrt()),
                    n4(*d)
                ),
                [a, ..] => format!("t/√{a} = {}/{} = {}", n4(*t), n4(f64::from(*a).sqrt()), n4(*d)),
                [] => String::new(),
            };
            step(name, format!("{how} ({})", layout_words(*layout)));
        }
        Derivation::Proportions {
            events,
            n,
            proportions: p,
            risk_difference,
            se_risk_difference,
            risk_ratio,
            log_rr,
            se_log_rr,
            odds_ratio,
            log_or,
            se_log_or,
            d,
        } => {
            step(
                "proportions",
                format!("{}/{} = {} and {}/{} = {}", events[0], n[0], n4(p[0]), events[1], n[1], n4(p[1])),
            );
            step(
                "risk difference",
                format!("{} (SE √(p₁q₁/n₁ + p₂q₂/n₂) = {})", n4(*risk_difference), n4(*se_risk_difference)),
            );
            step(
                "risk ratio",
                format!(
                    "{} (log {}, SE √(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂) = {})",
                    n4(*risk_ratio),
                    n4(*log_rr),
                    n4(*se_log_rr)
                ),
            );
            step(
                "odds ratio",
                format!("{} (log {}, SE √(1/a + 1/b + 1/c + 1/d) = {})", n4(*odds_ratio), n4(*log_or), n4(*se_log_or)),
            );
            step("d from the odds ratio", format!("ln(OR)·√3/π = {} (Chinn 2000)", n4(*d)));
        }
        Derivation::Ratio { kind, estimate, ci, level, log, z, se_log } => {
            let (_, short) = ratio_name(*kind);
            step("log ratio", format!("ln {short} = ln {} = {}", n4(*estimate), n4(*log)));
            step(
                "SE of the log",
                format!(
                    "(ln {} − ln {})/(2·z_{{{}}}) = {}/(2·{}) = {}",
                    n4(ci[1]),
                    n4(ci[0]),
                    n4(0.5 + level / 2.0),
                    n4(ci[1].ln() - ci[0].ln()),
                    n4(*z),
                    n4(*se_log)
                ),
            );
        }
        Derivation::Median { median, iqr, range, n, method, mean, sd } => {
            let m = n4(*median);
            match (iqr, range) {
                (Some([q1, q3]), None) => {
                    step(
                        "mean (Wan S3)",
                        format!("(q₁ + m + q₃)/3 = ({} + {m} + {})/3 = {}", n4(*q1), n4(*q3), n4(*mean)),
                    );
                    step("SD (Wan S3)", format!("(q₃ − q₁)/(2·Φ⁻¹((0.75n − 0.125)/(n + 0.25))), n = {n}: {}", n4(*sd)));
                }
                (None, Some([a, b])) => {
                    step(
                        "mean (Wan S1)",
                        format!("(a + 2m + b)/4 = ({} + 2·{m} + {})/4 = {}", n4(*a), n4(*b), n4(*mean)),
                    );
                    step("SD (Wan S1)", format!("(b − a)/(2·Φ⁻¹((n − 0.375)/(n + 0.25))), n = {n}: {}", n4(*sd)));
                }
                _ => {
                    step("mean (Wan S2)", format!("(a + 2q₁ + 2m + 2q₃ + b)/8 = {}", n4(*mean)));
                    step("SD (Wan S2)", format!("(b − a)/(4ξ) + (q₃ − q₁)/(4η), n = {n}: {}", n4(*sd)));
                }
            }
            let _ = method;
        }
    }
    s
}

/// What the result assumes.
fn assumptions(e: &Effect) -> Vec<&'static str> {
    let mut a = Vec::new();
    match &e.derivation {
        Derivation::Means { from_se, .. } => {
            a.push("normal outcomes in both groups, with equal SDs (the pooled SD is their common value)");
            if *from_se {
                a.push("the SEs are of the group means (SD = SE·√n)");
            }
            a.push("d is the planning value the scenario keys give; Hedges' g corrects d's small-sample upward bias (plan on g for a cautious value)");
        }
        Derivation::PairedMeans { .. } => {
            a.push("the same subjects in both measurements, normal differences; the correlation r is the paper's or an assumption");
        }
        Derivation::Interval { quantile_kind, .. } => {
            a.push("a symmetric interval around the difference");
            a.push(if *quantile_kind == "t" {
                "a t-based interval (pooled-variance t for two groups, one-sample t for paired differences); use --z if the paper used a normal (Wald) interval"
            } else {
                "a normal (Wald) interval"
            });
        }
        Derivation::Statistic { p, one_sided, .. } => {
            a.push("the t test the paper used matches the design given (pooled two-sample t, paired t, one-sample t)");
            a.push(if *one_sided { "a one-sided p-value" } else { "a two-sided p-value (use --one-sided otherwise)" });
            if matches!(p, Some(PValue::Below(_))) {
                a.push("p < x bounds the OBSERVED effect from below: the paper's estimate was at least this large (in absolute value) if its test and n are as given. It is not a bound on the true effect, which significant results tend to overstate: plan on this value or less, and check the n at a smaller one");
            } else if p.is_some() {
                a.push("a p-value gives the size of the effect, not its direction: take the sign from the paper");
            }
        }
        Derivation::Proportions { .. } => {
            a.push("independent binary outcomes; Wald (large-sample) standard errors");
            a.push("d from the odds ratio assumes a logistic latent variable (Chinn 2000)");
        }
        Derivation::Ratio { .. } => {
            a.push("a Wald interval symmetric on the log scale (as for logistic, log-binomial and Cox models)");
        }
        Derivation::Median { .. } => {
            a.push("an ESTIMATE of the mean and SD assuming the outcome is normal (Wan et al. 2014); skewed data make it unreliable");
        }
    }
    a
}

/// `s` inside a TOML basic string: control characters (line breaks pasted
/// from a PDF) become spaces; quotes and backslashes are escaped.
fn quote(s: &str) -> String {
    let flat: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    flat.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The evidence grade of the keys' values: "reported" when the paper gives
/// them (means, SDs, proportions, an interval, an exact t or p with its n),
/// "assumption" when they are derived beyond it (a bound, a standardized
/// scale, a median's estimated mean and SD).
fn grade(e: &Effect) -> &'static str {
    match &e.derivation {
        Derivation::Statistic { p: Some(PValue::Below(_)), .. } | Derivation::Median { .. } => "assumption",
        _ => "reported",
    }
}

/// The scenario keys to paste: a whole scenario (title, outcome, arms, one
/// comparison) where the report gives two arms, else the lines to add to
/// one; every value with its `source` and evidence grade.
fn keys(e: &Effect, source: &str) -> String {
    let src = format!("source = \"{}\"\nevidence = \"{}\"", quote(source), grade(e));
    let name = "name = \"outcome\"   # your outcome's name";
    let body = match &e.derivation {
        Derivation::Means { means, pooled_sd, .. } => format!(
            "[outcome]\n{name}\nsd = {}   # pooled\n{src}\n\n[[arms]]\nname = \"control\"   # the second group\nmean = {}\n{src}\n\n[[arms]]\nname = \"treated\"   # the first group\nmean = {}\n{src}\n",
            n4(*pooled_sd),
            n4(means[1]),
            n4(means[0])
        ),
        Derivation::PairedMeans { means, sds, correlation, .. } => format!(
            "[outcome]\n{name}\n\n[design]\nkind = \"paired\"\ncorrelation = {}   # the paper's, or your assumption: grade it\n{src}\n\n[[arms]]\nname = \"before\"\nmean = {}\nsd = {}\n{src}\n\n[[arms]]\nname = \"after\"\nmean = {}\nsd = {}\n{src}\n",
            n4(*correlation),
            n4(means[1]),
            n4(sds[1]),
            n4(means[0]),
            n4(sds[0])
        ),
        Derivation::Interval { difference, sd, layout: Layout::TwoSample, .. } => format!(
            "[outcome]\n{name}\nsd = {}\n{src}\n\n# The arms' means differ by {}: put the control's own mean in place of 0.\n[[arms]]\nname = \"control\"\nmean = 0.0\nevidence = \"assumption\"\nsource = \"The control's mean: any value; the difference is what matters\"\n\n[[arms]]\nname = \"treated\"\nmean = {}\n{src}\n",
            n4(*sd),
            n4(*difference),
            n4(*difference)
        ),
        Derivation::Interval { .. } => paired_standardized(e.effect.value, &src),
        Derivation::Statistic { layout: Layout::TwoSample, d, .. } => format!(
            "# On the standardized scale (SD 1), the difference is d:\n[outcome]\n{name}\nsd = 1.0\n{src}\n\n[[arms]]\nname = \"control\"\nmean = 0.0\nevidence = \"assumption\"\nsource = \"Standardized scale: the control at 0\"\n\n[[arms]]\nname = \"treated\"\nmean = {}\n{src}\n",
            n4(*d)
        ),
        Derivation::Statistic { d, .. } => paired_standardized(*d, &src),
        Derivation::Proportions { proportions: p, .. } => format!(
            "[outcome]\n{name}\ndistribution = \"binary\"\n\n[[arms]]\nname = \"control\"   # the second group\np = {}\n{src}\n\n[[arms]]\nname = \"treated\"   # the first group\np = {}\n{src}\n",
            n4(p[1]),
            n4(p[0])
        ),
        Derivation::Ratio { kind, estimate, .. } => {
            let line = match kind {
                RatioKind::HazardRatio => format!(
                    "# distribution = \"time-to-event\": give the arms hazards in the ratio {x} (with shape 1, medians in the ratio 1/{x}: treated median = control median / {x})",
                    x = n4(*estimate)
                ),
                RatioKind::OddsRatio => format!(
                    "# distribution = \"binary\": with the control's p0, the treated arm's p = {x}·o/(1 + {x}·o), o = p0/(1 − p0)",
                    x = n4(*estimate)
                ),
                RatioKind::RiskRatio => {
                    format!("# distribution = \"binary\": the treated arm's p = {} × the control's p", n4(*estimate))
                }
            };
            return format!("{line}\n# source = \"{}\"\n", quote(source));
        }
        Derivation::Median { mean, sd, .. } => {
            return format!(
                "# One arm's values, estimated from its median (Wan et al. 2014):\n[[arms]]\nname = \"...\"\nmean = {}\nsd = {}\n{src}\n",
                n4(*mean),
                n4(*sd)
            );
        }
    };
    let (treatment, reference) =
        if body.contains("name = \"before\"") { ("after", "before") } else { ("treated", "control") };
    format!(
        "title = \"...\"   # the study\n\n{body}\n[[comparisons]]\ntreatment = \"{treatment}\"\nreference = \"{reference}\"\n"
    )
}

/// A paired (or one-sample) effect on the standardized scale: SD 1 and
/// correlation 0.5 make the SD of the differences 1, so the mean
/// difference is d_z.
fn paired_standardized(dz: f64, src: &str) -> String {
    format!(
        "# Standardized: SD 1 and correlation 0.5 make the SD of the differences 1, so the\n# difference of the means is d_z (replace them with your units if you know the SDs):\n[outcome]\nname = \"outcome\"   # your outcome's name\nsd = 1.0\nevidence = \"assumption\"\nsource = \"Standardized scale: SD 1\"\n\n[design]\nkind = \"paired\"\ncorrelation = 0.5\nevidence = \"assumption\"\nsource = \"Standardized scale: the SD of the differences is 1 at SD 1 and correlation 0.5\"\n\n[[arms]]\nname = \"before\"\nmean = 0.0\nevidence = \"assumption\"\nsource = \"Standardized scale: the baseline at 0\"\n\n[[arms]]\nname = \"after\"\nmean = {}\n{src}\n",
        n4(dz)
    )
}

/// The `source` line: the citation given, and what was computed.
pub fn source_line(e: &Effect, cite: Option<&str>) -> String {
    let what = match &e.derivation {
        Derivation::Statistic { p: Some(PValue::Below(x)), n, layout, .. } => {
            format!(
                "p < {} with n = {} ({}) gives an observed {} ≥ {} (a bound on the paper's estimate)",
                show_p(*x),
                join(n),
                layout_words(*layout),
                e.effect.name,
                n4(e.effect.value)
            )
        }
        Derivation::Statistic { p: Some(PValue::Exact(x)), n, layout, .. } => {
            format!(
                "p = {} with n = {} ({}) gives {} = {}",
                show_p(*x),
                join(n),
                layout_words(*layout),
                e.effect.name,
                n4(e.effect.value)
            )
        }
        Derivation::Statistic { t, n, layout, .. } => {
            format!(
                "t = {} with n = {} ({}) gives {} = {}",
                n4(*t),
                join(n),
                layout_words(*layout),
                e.effect.name,
                n4(e.effect.value)
            )
        }
        Derivation::Median { method, .. } => {
            format!("mean and SD estimated from the median (Wan et al. 2014, {method})")
        }
        _ => format!("{} = {}", e.effect.name, n4(e.effect.value)),
    };
    match cite {
        Some(c) if !c.trim().is_empty() => format!("{}: {what} (plan effect)", c.trim()),
        _ => format!("{what} (plan effect)"),
    }
}

fn join(n: &[u32]) -> String {
    n.iter().map(u32::to_string).collect::<Vec<_>>().join(" and ")
}

/// The text output.
pub fn text(e: &Effect, cite: Option<&str>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "plan effect: {}\n", title(&e.derivation));
    let rows = steps(e);
    let width = rows.iter().map(|(w, _)| w.chars().count()).max().unwrap_or(0);
    for (what, how) in &rows {
        let _ = writeln!(s, "  {what:<width$}  {how}");
    }
    let bound = match e.effect.bound {
        Some(_) => " (a LOWER BOUND on the paper's observed effect, not on the true effect)",
        None => "",
    };
    let _ = writeln!(s, "\nEffect: {} = {}{bound}", e.effect.name, n4(e.effect.value));
    if let Some(sd) = e.sd {
        let _ = writeln!(s, "SD: {}", n4(sd));
    }
    if let Some(se) = e.se {
        let what = match e.derivation {
            Derivation::Ratio { .. } | Derivation::Proportions { .. } => "SE of the log ratio",
            _ => "SE of the difference",
        };
        let _ = writeln!(s, "{what}: {}", n4(se));
    }
    let _ = writeln!(s, "\nAssumes:");
    for a in assumptions(e) {
        let _ = writeln!(s, "  - {a}");
    }
    let source = source_line(e, cite);
    let _ = writeln!(s, "\nScenario keys to paste (check the arm names and the direction of benefit):\n");
    for line in keys(e, &source).lines() {
        if line.is_empty() {
            s.push('\n');
        } else {
            let _ = writeln!(s, "  {line}");
        }
    }
    s
}

/// The JSON output.
pub fn json(e: &Effect, cite: Option<&str>) -> Result<String, PlanError> {
    let mut v = serde_json::to_value(e).map_err(|err| PlanError::Internal(format!("JSON: {err}")))?;
    let source = source_line(e, cite);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("assumptions".into(), serde_json::json!(assumptions(e)));
        obj.insert("scenario_keys".into(), serde_json::json!(keys(e, &source)));
        obj.insert("source".into(), serde_json::json!(source));
        obj.insert("tool".into(), serde_json::json!("plan effect"));
        obj.insert("version".into(), serde_json::json!(env!("CARGO_PKG_VERSION")));
    }
    let mut out = serde_json::to_string_pretty(&v).map_err(|err| PlanError::Internal(format!("JSON: {err}")))?;
    out.push('\n');
    Ok(out)
}
