//! The sample-size justification report, in Markdown or stand-alone HTML.
//!
//! The report is built once as a small document model ([`Block`]s) and
//! rendered to either format, so both say the same thing. It follows what
//! ARRIVE 2.0 item 2b (Percie du Sert et al. 2020, PLoS Biol 18:e3000411)
//! and CONSORT item 7a ask of a sample-size justification: the outcome, the
//! effect size and where it came from, alpha and sidedness, the test and the
//! multiplicity handling, the power, and the allowance for dropout. Every
//! number is formatted from the same [`PlanResult`] the JSON export
//! serializes (powers to 3 decimals, effects to 4 significant decimals).

use std::fmt::Write as _;

use super::Exporter;
use crate::analysis::multiplicity::Multiplicity;
use crate::engine::PlanResult;
use crate::error::PlanError;
use crate::numfmt::{analysed, arm_sizes, enrolled, equal_sizes, exact, fixed, num, pct, sizes_at, thousands};
use crate::scenario::{Goal, Status};

/// Report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown (CommonMark with pipe tables).
    Markdown,
    /// A stand-alone HTML page with the plot embedded.
    Html,
}

impl ReportFormat {
    /// From a file extension: `.md`/`.markdown` or `.html`/`.htm`.
    pub fn from_path(path: &std::path::Path) -> Option<ReportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(ReportFormat::Markdown),
            "html" | "htm" => Some(ReportFormat::Html),
            _ => None,
        }
    }
}

/// The report exporter.
pub struct Report {
    /// Output format.
    pub format: ReportFormat,
    /// The command that produced the run, as typed.
    pub command: String,
    /// The power curve as SVG, embedded in HTML.
    pub plot_svg: Option<String>,
    /// Path of a separately written plot, linked from Markdown.
    pub plot_file: Option<String>,
}

/// One block of the document model.
enum Block {
    Heading(String),
    Paragraph(String),
    Table(Vec<String>, Vec<Vec<String>>),
    /// The power curve, with what its x axis counts ("n per arm").
    Figure(String),
    Code(String),
}

fn power(x: f64) -> String {
    fixed(x, 3)
}

/// Joins "a", "a and b", "a, b and c".
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl Report {
    fn blocks(&self, r: &PlanResult) -> Vec<Block> {
        // Differences and margins in the table's header unit: percentage
        // points for a binary outcome (and an outcome in %).
        let du = if super::words::binary(r) {
            " percentage points".to_string()
        } else if super::words::ratio_name(r).is_some() {
            String::new()
        } else {
            super::summary::difference_unit(r)
        };
        let du = if du.is_empty() { du } else { format!(" ({})", du.trim_start()) };
        // Outcomes compared as ratios show the ratio, and margins as ratios.
        let (difference_head, margin_head) = match super::words::ratio_name(r) {
            Some(name) => (super::words::capitalized(name), "Margin (ratio)".to_string()),
            None => (format!("Difference{du}"), format!("Margin{du}")),
        };
        let scale = if super::words::binary(r) { 100.0 } else { 1.0 };
        let signed = |x: f64| format!("{}{}", if x >= 0.0 { "+" } else { "" }, num(scale * x, 4));
        let st = &r.settings;
        let mut b = vec![Block::Heading(format!("Sample-size justification: {}", r.title))];

        b.push(Block::Heading("Question and design".into()));
        b.push(Block::Paragraph(format!(
            "{}. Primary outcome: {}{}, analysed as {}; {}.",
            design_sentence(r),
            r.outcome.name,
            r.outcome.unit.as_deref().map(|u| format!(" ({u})")).unwrap_or_default(),
            super::words::analysed_as(r),
            super::words::better_values(r)
        )));
        let (value_head, spread_head) = super::words::arm_heads(r, true);
        let rows = r
            .arms
            .iter()
            .map(|a| {
                // Three states, as in the summary: a value without a source
                // is never shown as reported.
                let basis = match (a.provenance.assumed, &a.provenance.source) {
                    (true, _) => "assumed",
                    (false, Some(_)) => "reported",
                    (false, None) => "unsourced",
                };
                let source = a.provenance.source.clone().unwrap_or_else(|| "no source given".into());
                let mut row = vec![a.name.clone(), super::words::arm_value(r, a)];
                if spread_head.is_some() {
                    row.push(super::words::arm_spread(r, a));
                }
                if !r.design.paired() {
                    row.push(num(a.allocation, 3));
                }
                row.extend([basis.into(), source]);
                row
            })
            .collect();
        let mut head = vec![if r.design.paired() { "Condition" } else { "Arm" }.to_string(), value_head];
        head.extend(spread_head.map(str::to_string));
        if !r.design.paired() {
            head.push("Allocation".into());
        }
        head.extend(["Basis".to_string(), "Source".to_string()]);
        b.push(Block::Table(head, rows));

        b.push(Block::Heading("Hypotheses and analysis".into()));
        let rows = r
            .comparisons
            .iter()
            .map(|c| {
                vec![
                    c.label.clone(),
                    if c.primary { "primary" } else { "secondary" }.into(),
                    super::summary::hypothesis_words(c).into(),
                    match c.ratio {
                        Some(ratio) => num(ratio, 4),
                        None => c.difference.map(signed).unwrap_or_else(|| "—".into()),
                    },
                    effect_size(r, c),
                    super::words::margin_cell(r, c),
                    match c.df {
                        Some(df) => format!("{} (t, {} df)", c.test.name(), crate::numfmt::num(df, 6)),
                        None => c.test.name().into(),
                    },
                    c.adjusted_alpha.map(|a| num(a, 4)).unwrap_or_else(|| "stepwise".into()),
                ]
            })
            .collect();
        b.push(Block::Table(
            ["Comparison", "Role", "Hypothesis", &difference_head, effect_name(r), &margin_head, "Test", "Level"]
                .map(String::from)
                .to_vec(),
            rows,
        ));
        let one_sided = if r.comparisons.iter().any(|c| c.margin.is_some()) {
            "; non-inferiority and equivalence tests are one-sided at α"
        } else {
            ""
        };
        b.push(Block::Paragraph(format!(
            "Significance level α = {} ({}-sided for superiority{one_sided}). Multiplicity across the primary \
             comparisons: {}. Study goal: {} ({}). Target power {}.",
            exact(st.alpha),
            if st.sides == 1 { "one" } else { "two" },
            multiplicity_name(st.multiplicity),
            r.goal.name.name(),
            r.goal.meaning,
            exact(st.target_power)
        )));

        b.push(Block::Heading("Result".into()));
        b.push(Block::Paragraph(self.result_text(r)));
        if let Some(lines) = super::words::assurance(r) {
            b.push(Block::Paragraph(format!(
                "Uncertainty in the planned effects. {} Power at planned values assumes the effects are known; \
                 assurance (O'Hagan, Stevens and Campbell 2005) averages the power over what is believed about \
                 them, so it is the better guide to the chance that this study succeeds.",
                lines.join(" ")
            )));
        }
        let mde: Vec<Vec<String>> =
            r.comparisons.iter().filter_map(|c| super::words::mde(r, c).map(|m| vec![c.label.clone(), m])).collect();
        if !mde.is_empty() {
            b.push(Block::Paragraph(format!(
                "Minimum detectable effects (a sensitivity analysis in G*Power's terms): the smallest effect each \
                 comparison detects with power {} at this size, found by scaling every planned effect by a common \
                 factor and solving for the target on {} simulated studies per step, the same studies at every \
                 step. A reviewer can set these against the effects the literature makes plausible.",
                exact(st.target_power),
                thousands(r.replicates)
            )));
            b.push(Block::Table(["Comparison", "Minimum detectable effect"].map(String::from).to_vec(), mde));
        }
        if !r.sensitivity.is_empty() {
            let at_n = r.curve.first().map_or(0, |c| c.n_per_arm);
            let rows = r
                .sensitivity
                .iter()
                .map(|v| {
                    let g = &v.goal;
                    let (size, total, enroll, p, lo, hi) = match &v.recommendation {
                        Some(x) if x.reached => (
                            arm_sizes(&analysed(&x.arms), r),
                            x.n_total.to_string(),
                            x.n_enrolled.to_string(),
                            x.power,
                            x.ci_low,
                            x.ci_high,
                        ),
                        Some(x) => (
                            format!(
                                "not reached by {}{} (best seen: {})",
                                st.n_max,
                                super::words::per_arm(r),
                                arm_sizes(&analysed(&x.arms), r)
                            ),
                            x.n_total.to_string(),
                            "—".into(),
                            x.power,
                            x.ci_low,
                            x.ci_high,
                        ),
                        None => (
                            format!("at n = {at_n}: {}", arm_sizes(&sizes_at(&r.arms, at_n), r)),
                            "—".into(),
                            "—".into(),
                            g.power,
                            g.ci_low,
                            g.ci_high,
                        ),
                    };
                    vec![
                        v.variant.clone(),
                        size,
                        total,
                        enroll,
                        format!("{} ({} to {})", power(p), power(lo), power(hi)),
                    ]
                })
                .collect();
            b.push(Block::Paragraph(format!(
                "Sensitivity: the whole plan repeated with {}.",
                super::words::variants(r)
            )));
            b.push(Block::Table(
                ["Variant", "Size", "Total", "Enroll", "Goal power (95% MC interval)"].map(String::from).to_vec(),
                rows,
            ));
        }
        if let Some(g) = &r.grid {
            let what = if r.recommendation.is_some() {
                "the sample size the goal needs (and, in brackets, the total to enroll at each dropout)"
            } else {
                "the goal's power at the sample size given"
            };
            b.push(Block::Paragraph(format!(
                "Sensitivity grid: {what} when every planned effect is multiplied by the row's factor and every {} \
                 by the column's. Effects from small published studies tend to be overestimated, so the rows below \
                 1 show what a smaller true effect costs. Each cell is simulated on its own, {} studies per sample \
                 size{}, the same studies in every cell.",
                super::words::spread(r),
                thousands(g.replicates),
                if st.precision && r.recommendation.is_some() { " and more near each cell's answer" } else { "" }
            )));
            for (title, head, rows) in super::words::grid_tables(r) {
                b.push(Block::Paragraph(format!("Dropout {}:", title.trim_start_matches("dropout "))));
                b.push(Block::Table(head, rows));
            }
        }
        if let Some(heading) = super::words::tradeoff_heading(r) {
            b.push(Block::Paragraph(heading));
            let head = [
                format!("Measurements per {}", r.subject.singular),
                format!("{} per arm", super::words::capitalized(&r.subject.plural)),
                "Measurements per arm".to_string(),
                "Power (95% MC interval)".to_string(),
                "Closed form".to_string(),
            ];
            b.push(Block::Table(
                head.to_vec(),
                super::words::tradeoff_cells(r).into_iter().map(|c| c.to_vec()).collect(),
            ));
        }
        if let Some(a) = &r.allocation_advice {
            let p = &r.subject.plural;
            let option = |o: &crate::engine::AllocationOption| {
                let sizes = arm_sizes(&analysed(&o.arms), r);
                if o.reached {
                    format!("needs {} {p} in total ({sizes}; enroll {})", o.n_total, o.n_enrolled)
                } else {
                    format!("does not reach the target (best seen: {} in total, {sizes})", o.n_total)
                }
            };
            b.push(Block::Paragraph(format!(
                "Allocation: with the control \"{}\" shared by {} primary comparisons, the scenario's allocation \
                 {}; a √{}:1 control allocation {}.",
                a.control,
                a.k,
                option(&a.scenario),
                a.k,
                option(&a.sqrt_k)
            )));
        }
        if self.plot_svg.is_some() || self.plot_file.is_some() {
            b.push(Block::Figure(if r.design.paired() {
                format!("n ({})", r.subject.plural)
            } else {
                "n per arm".into()
            }));
        }

        let heading = match &r.recommendation {
            Some(rec) if rec.reached => "Justification (ready to paste)",
            _ => "Justification",
        };
        b.push(Block::Heading(heading.into()));
        b.push(Block::Paragraph(self.justification(r)));

        b.push(Block::Heading("Assumptions".into()));
        if r.assumptions.is_empty() {
            b.push(Block::Paragraph("Every input has a stated source; none is flagged as an assumption.".into()));
        } else {
            let rows = r
                .assumptions
                .iter()
                .map(|a| {
                    vec![a.what.clone(), a.label().into(), a.source.clone().unwrap_or_else(|| "no source given".into())]
                })
                .collect();
            b.push(Block::Table(["Input", "Status", "Basis"].map(String::from).to_vec(), rows));
        }

        b.push(Block::Heading("Reproducibility".into()));
        b.push(Block::Code(format!(
            "tool:      plan {}\ncommand:   {}\nscenario:  {}\nsha256:    {}\nseed:      {}\nreplicates per n: {}\ndata path: {}",
            r.version, self.command, r.input.file, r.input.sha256, r.seed, r.replicates, st.data_path.name()
        )));
        b
    }

    fn result_text(&self, r: &PlanResult) -> String {
        let st = &r.settings;
        let Some(rec) = &r.recommendation else {
            let n = r.curve.first().map_or(0, |c| c.n_per_arm);
            let powers: Vec<String> = r.comparisons.iter().map(|c| format!("{} {}", c.label, power(c.power))).collect();
            let g = &r.goal;
            let target = st.target_power;
            let verdict = if g.ci_low > target {
                "above"
            } else if g.ci_high < target {
                "below"
            } else {
                "not distinguishable from"
            };
            return format!(
                "At n = {n} ({}) the simulated powers are: {}. The goal \"{}\" has power {} (95% Monte Carlo \
                 interval {} to {}), {verdict} the target power of {}.",
                arm_sizes(&sizes_at(&r.arms, n), r),
                powers.join("; "),
                g.name.name(),
                power(g.power),
                super::summary::beside(g.ci_low, target),
                super::summary::beside(g.ci_high, target),
                exact(target)
            );
        };
        let sizes = analysed(&rec.arms);
        if !rec.reached {
            return format!(
                "Target not reached: no n up to {}{} reaches the target power of {}, so there is no \
                 recommended sample size. The best goal power seen was {} (95% Monte Carlo interval {} to {}), \
                 with {} ({} in total); this is not a recommendation. To do: raise simulation.n_max, or revisit \
                 the effect sizes, the SDs or the design.",
                st.n_max,
                super::words::per_arm(r),
                exact(st.target_power),
                power(rec.power),
                power(rec.ci_low),
                power(rec.ci_high),
                arm_sizes(&sizes, r),
                rec.n_total
            );
        }
        // Equal arms of a weight other than 1 also need n explained.
        let weight = if crate::numfmt::n_is_each_arm(rec) {
            String::new()
        } else {
            format!(" (n = {} for an arm of allocation weight 1)", rec.n_per_arm)
        };
        let analysable = if r.design.paired() {
            format!("each measured under {}", super::words::conditions(r))
        } else {
            format!("{} analysable in total", rec.n_total)
        };
        let mut s = format!(
            "Recommended: {}{weight}, {analysable}. Goal power {} (95% Monte Carlo interval {} to {}). ",
            arm_sizes(&sizes, r),
            power(rec.power),
            super::summary::beside(rec.ci_low, st.target_power),
            super::summary::beside(rec.ci_high, st.target_power)
        );
        if st.dropout > 0.0 && r.design.paired() {
            let _ = write!(
                s,
                "Allowing for {} dropout, enroll {} {}. ",
                pct(st.dropout),
                rec.n_enrolled,
                r.subject.count(u64::from(rec.n_enrolled))
            );
        } else if st.dropout > 0.0 {
            let _ = write!(
                s,
                "Allowing for {} dropout, enroll {} {} in total (",
                pct(st.dropout),
                rec.n_enrolled,
                r.subject.count(u64::from(rec.n_enrolled))
            );
            let arms: Vec<String> = rec.arms.iter().map(|a| format!("{} {}", a.arm, a.enrolled)).collect();
            let _ = write!(s, "{}). ", arms.join(", "));
        }
        s.push_str(&super::summary::precision_line(r, rec));
        if let Some(line) = super::words::measurements(r, rec) {
            let _ = write!(s, " {line}");
        }
        for w in &r.warnings {
            let _ = write!(s, " Warning: {}", super::words::warning(r, w));
        }
        s
    }

    fn justification(&self, r: &PlanResult) -> String {
        let st = &r.settings;
        let du = super::summary::difference_unit(r);
        let Some(rec) = &r.recommendation else {
            return format!(
                "None: this run evaluated a fixed size (--n) rather than searching for the size that reaches the \
                 target power, so it justifies no sample size. {} Run plan without --n for a justification.",
                self.result_text(r)
            );
        };
        let arms: Vec<String> = r.arms.iter().map(|a| a.name.clone()).collect();
        let subjects = |n: u32| r.subject.count(u64::from(n)).to_string();
        let sizes = analysed(&rec.arms);
        let equal = equal_sizes(&sizes);
        let mut s = String::new();
        if !rec.reached {
            let _ = write!(
                s,
                "No sample size can yet be justified: no n up to {}{} reaches the target power of {} for {} \
                 (the largest simulated goal power is {}, with {}). The effect sizes, the SDs or the design must be \
                 revisited, or a larger n considered, before the study is sized. ",
                st.n_max,
                super::words::per_arm(r),
                exact(st.target_power),
                goal_phrase(r.goal.name),
                power(rec.power),
                arm_sizes(&sizes, r)
            );
        } else if r.design.paired() {
            let under = format!("each measured under {} ({})", super::words::conditions(r), and_list(&arms));
            if st.dropout > 0.0 {
                let _ = write!(
                    s,
                    "We will enroll {} {} (after inflation for {} expected dropout), so that {} are analysed, {under}. ",
                    rec.n_enrolled,
                    subjects(rec.n_enrolled),
                    pct(st.dropout),
                    arm_sizes(&sizes, r),
                );
            } else {
                let _ = write!(s, "We will enroll and analyse {}, {under}. ", arm_sizes(&sizes, r));
            }
        } else if st.dropout > 0.0 {
            let enroll = enrolled(&rec.arms);
            let per = if equal_sizes(&enroll) {
                format!("{} per arm", rec.arms.first().map_or(0, |a| a.enrolled))
            } else {
                enroll.iter().map(|(a, n)| format!("{a} {n}")).collect::<Vec<_>>().join(", ")
            };
            let _ = write!(
                s,
                "We will enroll {} {} ({per}, after inflation for {} expected dropout), so that {} ({} in total) \
                 are analysed, across {} arms ({}). ",
                rec.n_enrolled,
                subjects(rec.n_enrolled),
                pct(st.dropout),
                arm_sizes(&sizes, r),
                rec.n_total,
                r.arms.len(),
                and_list(&arms)
            );
        } else {
            let _ = write!(
                s,
                "We will enroll and analyse {} {} ({}) across {} arms ({}). ",
                rec.n_total,
                subjects(rec.n_total),
                if equal {
                    format!("{} per arm", rec.arms.first().map_or(rec.n_per_arm, |a| a.n))
                } else {
                    sizes.iter().map(|(a, n)| format!("{a} {n}")).collect::<Vec<_>>().join(", ")
                },
                r.arms.len(),
                and_list(&arms)
            );
        }
        let primary: Vec<String> = r
            .comparisons
            .iter()
            .filter(|c| c.primary)
            .map(|c| {
                let effect = super::words::effect(r, c, 2, false);
                let margin = super::words::margin(r, c)
                    .map(|m| format!("; {} margin {m}", c.hypothesis.name()))
                    .unwrap_or_default();
                format!("{} ({}{margin})", c.label, effect)
            })
            .collect();
        let test = r.comparisons.iter().find(|c| c.primary).map_or("", |c| c.test.describe());
        let _ = write!(
            s,
            "{} {}, tested with {} {}{}. ",
            if primary.len() == 1 { "The primary comparison is" } else { "The primary comparisons are" },
            and_list(&primary),
            test,
            levels_phrase(r),
            multiplicity_phrase(st.multiplicity, primary.len())
        );
        if let Some(sentence) = super::words::cluster_sentence(r) {
            s.push_str(&sentence);
        }
        // The outcome's name is the user's text: never re-capitalized.
        if super::words::binary(r) {
            let ps: Vec<String> =
                r.arms.iter().map(|a| format!("{} {}", a.name, super::words::arm_value(r, a))).collect();
            let _ =
                write!(s, "The outcome, {}, is binary, with event probabilities {}. ", r.outcome.name, and_list(&ps));
        } else if let Some(sentence) = super::words::model_sentence(r) {
            s.push_str(&sentence);
            for c in r.comparisons.iter().filter(|c| c.primary) {
                if let Some(events) = super::words::events(r, c) {
                    let _ = write!(s, "For {}, {events}. ", c.label);
                }
            }
        } else if super::words::lognormal(r) {
            let cvs: Vec<String> = r.arms.iter().map(|a| super::words::arm_spread(r, a)).collect();
            let cv_text = if cvs.iter().all(|x| *x == cvs[0]) {
                format!(
                    "a common coefficient of variation of {} (SD of the logarithms {})",
                    cvs[0],
                    num(r.arms[0].sd, 4)
                )
            } else {
                format!("coefficients of variation of {}", and_list(&cvs))
            };
            let _ = write!(s, "The outcome, {}, is assumed lognormal with {cv_text}. ", r.outcome.name);
        } else {
            let sds: Vec<String> = r.arms.iter().map(|a| num(a.sd, 4)).collect();
            let sd_text = if sds.iter().all(|x| *x == sds[0]) {
                format!("a common standard deviation of {}{du}", sds[0])
            } else {
                format!("standard deviations of {}{du}", and_list(&sds))
            };
            let _ = write!(s, "The outcome, {}, is assumed normally distributed with {sd_text}", r.outcome.name);
            match r.design.correlation {
                Some(rho) => {
                    let _ = write!(
                        s,
                        " and a correlation of {} between a {}'s measurements. ",
                        exact(rho),
                        r.subject.singular
                    );
                }
                None => s.push_str(". "),
            }
        }
        let reported: Vec<String> = r
            .arms
            .iter()
            .filter_map(|a| {
                a.provenance.source.as_ref().filter(|_| !a.provenance.assumed).map(|src| format!("{} ({src})", a.name))
            })
            .collect();
        let mut reported = reported;
        // Margins with a source and not flagged as assumed (assumed ones are
        // listed with the planning assumptions below).
        for (i, c) in r.comparisons.iter().enumerate().filter(|(_, c)| c.margin.is_some()) {
            let key = format!("comparisons[{i}].margin");
            let assumed = r.assumptions.iter().any(|a| a.key == key && a.status == Status::Assumed);
            if let (Some(src), false) = (&c.margin_source, assumed) {
                reported.push(format!("the {} margin of {} ({src})", c.hypothesis.name(), c.label));
            }
        }
        if !reported.is_empty() {
            let _ = write!(s, "Reported values: {}. ", reported.join("; "));
        }
        let assumed: Vec<String> =
            r.assumptions.iter().filter(|a| a.status == Status::Assumed).map(|a| a.what.clone()).collect();
        if !assumed.is_empty() {
            let _ = write!(s, "Planning assumptions, not reported results: {}. ", assumed.join("; "));
        }
        let unsourced: Vec<String> =
            r.assumptions.iter().filter(|a| a.status == Status::Unsourced).map(|a| a.what.clone()).collect();
        if !unsourced.is_empty() {
            let _ = write!(s, "Values without a stated source: {}. ", unsourced.join("; "));
        }
        let with = if equal { format!("With {}", arm_sizes(&sizes, r)) } else { "With these arm sizes".to_string() };
        if rec.reached {
            let _ = write!(
                s,
                "{with}, {} reaches the target power of {}: simulated power {} (95% Monte Carlo interval {} to \
                 {}), from {} (plan {}, seed {}). ",
                goal_phrase(r.goal.name),
                exact(st.target_power),
                power(rec.power),
                super::summary::beside(rec.ci_low, st.target_power),
                super::summary::beside(rec.ci_high, st.target_power),
                simulated_studies(r, rec),
                r.version,
                r.seed
            );
            // An unresolved choice is stated, not hidden: the reader sees
            // that n − 1 might do as well.
            if let (false, Some(b)) = (rec.resolved, &rec.below) {
                let _ = write!(
                    s,
                    "Monte Carlo error leaves this choice uncertain: the 95% intervals at this size ({} to {}) and \
                     at {} ({} to {}) do not lie on either side of the target, so {} may also reach it. ",
                    super::summary::beside(rec.ci_low, st.target_power),
                    super::summary::beside(rec.ci_high, st.target_power),
                    b.n_per_arm,
                    super::summary::beside(b.ci_low, st.target_power),
                    super::summary::beside(b.ci_high, st.target_power),
                    b.n_per_arm
                );
            }
        }
        let there = if rec.reached { "at the recommended size" } else { "at the best n seen" };
        for c in r.comparisons.iter().filter(|c| !c.primary) {
            let needs = match c.n_per_arm {
                Some(n) => format!("needs {} on its own", arm_sizes(&sizes_at(&r.arms, n), r)),
                None => format!("does not reach the target power by {}{}", st.n_max, super::words::per_arm(r)),
            };
            let margin = super::words::margin(r, c).map(|m| format!(", margin {m}")).unwrap_or_default();
            let _ = write!(
                s,
                "The secondary comparison {} ({}{margin}, {} at level {}) {needs}; {there} its power is {}. ",
                c.label,
                super::summary::hypothesis_words(c),
                c.test.name(),
                c.adjusted_alpha.map_or_else(|| exact(st.alpha), |a| num(a, 4)),
                power(c.power)
            );
        }
        for v in &r.sensitivity {
            if let Some(x) = &v.recommendation {
                let _ = write!(
                    s,
                    "Under the sensitivity variant \"{}\", {} ",
                    v.variant,
                    if x.reached {
                        format!("{} would be needed.", arm_sizes(&analysed(&x.arms), r))
                    } else {
                        format!("the target is not reached by {}{}.", st.n_max, super::words::per_arm(r))
                    }
                );
            }
        }
        s.trim_end().to_string()
    }

    fn render_markdown(&self, blocks: &[Block]) -> String {
        let mut s = String::new();
        for (i, b) in blocks.iter().enumerate() {
            match b {
                Block::Heading(h) if i == 0 => s += &format!("# {}\n\n", md(h)),
                Block::Heading(h) => s += &format!("## {}\n\n", md(h)),
                Block::Paragraph(p) => s += &format!("{}\n\n", md(p)),
                Block::Table(head, rows) => {
                    let cell = |c: &String| md(c).replace('|', "\\|");
                    s += &format!("| {} |\n", head.iter().map(cell).collect::<Vec<_>>().join(" | "));
                    s += &format!("|{}\n", "---|".repeat(head.len()));
                    for r in rows {
                        s += &format!("| {} |\n", r.iter().map(cell).collect::<Vec<_>>().join(" | "));
                    }
                    s.push('\n');
                }
                Block::Figure(x) => {
                    if let Some(f) = &self.plot_file {
                        s += &format!("![Power against {}]({})\n\n", md(x), link(f));
                    }
                }
                // A fenced block shows its text as is: nothing to escape.
                Block::Code(c) => s += &format!("```text\n{c}\n```\n"),
            }
        }
        s
    }

    fn render_html(&self, title: &str, blocks: &[Block]) -> String {
        let mut s = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
            esc(title),
            CSS
        );
        for (i, b) in blocks.iter().enumerate() {
            match b {
                Block::Heading(h) if i == 0 => s += &format!("<h1>{}</h1>\n", esc(h)),
                Block::Heading(h) => s += &format!("<h2>{}</h2>\n", esc(h)),
                Block::Paragraph(p) => s += &format!("<p>{}</p>\n", esc(p)),
                Block::Table(head, rows) => {
                    s += "<table>\n<thead><tr>";
                    for h in head {
                        s += &format!("<th>{}</th>", esc(h));
                    }
                    s += "</tr></thead>\n<tbody>\n";
                    for r in rows {
                        s += "<tr>";
                        for c in r {
                            s += &format!("<td>{}</td>", esc(c));
                        }
                        s += "</tr>\n";
                    }
                    s += "</tbody>\n</table>\n";
                }
                Block::Figure(x) => {
                    if let Some(svg) = &self.plot_svg {
                        let svg = svg.trim_start_matches(|c| c != '<');
                        let svg = svg.strip_prefix("<?xml").map_or(svg, |r| r.split_once("?>").map_or(r, |x| x.1));
                        s += &format!(
                            "<figure>\n{}\n<figcaption>Simulated power against {}, with 95% Monte Carlo bands.</figcaption>\n</figure>\n",
                            svg.trim(),
                            esc(x)
                        );
                    }
                }
                Block::Code(c) => s += &format!("<pre>{}</pre>\n", esc(c)),
            }
        }
        s += "</body>\n</html>\n";
        s
    }
}

/// How many studies were simulated, in words for the justification.
fn simulated_studies(r: &PlanResult, rec: &crate::engine::Recommendation) -> String {
    let base = format!("{} simulated studies per sample size", thousands(r.replicates));
    match &rec.below {
        Some(b) if rec.replicates > r.replicates && rec.resolved => format!(
            "{base}, and {} at this size and at {} (whose power, {}, is below the target), enough for their 95% \
             Monte Carlo intervals to lie on either side of the target",
            thousands(rec.replicates),
            b.n_per_arm,
            power(b.power)
        ),
        _ if rec.replicates > r.replicates => format!("{base}, and {} at this size", thousands(rec.replicates)),
        _ => base,
    }
}

fn multiplicity_name(m: Multiplicity) -> &'static str {
    match m {
        Multiplicity::Bonferroni => "Bonferroni adjustment",
        Multiplicity::Holm => "Holm's step-down procedure",
        Multiplicity::Hochberg => "Hochberg's step-up procedure",
        Multiplicity::Dunnett => "Dunnett's many-to-one procedure (family-wise error rate controlled)",
        Multiplicity::None => "none",
    }
}

/// How the primary hypotheses are tested, in words: "at a two-sided α of
/// 0.05"; non-inferiority is one-sided and equivalence two one-sided tests,
/// whatever `sides` says.
fn levels_phrase(r: &PlanResult) -> String {
    let st = &r.settings;
    let alpha = exact(st.alpha);
    let mut kinds: Vec<&str> = Vec::new();
    for c in r.comparisons.iter().filter(|c| c.primary) {
        if !kinds.contains(&c.hypothesis.name()) {
            kinds.push(c.hypothesis.name());
        }
    }
    let each = |h: &str| match h {
        "non-inferiority" => format!("one-sided against the margin at α = {alpha}"),
        "equivalence" => format!("as two one-sided tests against ±margin, each at α = {alpha}"),
        _ => format!("{}-sided at α = {alpha}", if st.sides == 1 { "one" } else { "two" }),
    };
    match kinds.as_slice() {
        ["superiority"] | [] => format!("at a {}-sided α of {alpha}", if st.sides == 1 { "one" } else { "two" }),
        [one] => each(one),
        many => {
            let parts: Vec<String> = many.iter().map(|h| format!("{h} {}", each(h))).collect();
            and_list(&parts)
        }
    }
}

fn multiplicity_phrase(m: Multiplicity, primaries: usize) -> &'static str {
    match (m, primaries) {
        (_, 0 | 1) => "",
        (Multiplicity::Bonferroni, _) => ", with a Bonferroni adjustment across the primary comparisons",
        (Multiplicity::Holm, _) => ", with Holm's step-down procedure across the primary comparisons",
        (Multiplicity::Hochberg, _) => ", with Hochberg's step-up procedure across the primary comparisons",
        (Multiplicity::Dunnett, _) => ", which controls the family-wise error rate across the primary comparisons",
        (Multiplicity::None, _) => ", without adjustment for multiplicity",
    }
}

fn goal_phrase(goal: Goal) -> &'static str {
    match goal {
        Goal::All => "the probability of showing all primary hypotheses in the same study",
        Goal::Any => "the probability of showing at least one primary hypothesis",
        Goal::Each => "every primary comparison",
    }
}

/// Escapes text for Markdown: `&`, `<` and `>` as HTML entities, so that
/// a name like `<script>` is shown as text and not passed on as HTML.
fn md(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A link destination: in angle brackets when it holds a space or a
/// parenthesis (CommonMark), with `<`, `>` percent-encoded.
fn link(path: &str) -> String {
    let p = path.replace('<', "%3C").replace('>', "%3E");
    if p.contains([' ', '(', ')']) {
        format!("<{p}>")
    } else {
        p
    }
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const CSS: &str =
    "body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; max-width: 60em; margin: 2em auto; \
padding: 0 1em; line-height: 1.45; color: #222; }\n\
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }\n\
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }\n\
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }\n\
th { background: #f2f2f2; }\n\
figure { margin: 1em 0; } figure svg { width: 100%; height: auto; }\n\
figcaption { font-size: 0.9em; color: #555; }\n\
pre { background: #f6f6f6; padding: 0.8em; white-space: pre-wrap; overflow-wrap: anywhere; }\n";

impl Exporter for Report {
    fn serialize(&self, r: &PlanResult) -> Result<Vec<u8>, PlanError> {
        let blocks = self.blocks(r);
        let text = match self.format {
            ReportFormat::Markdown => self.render_markdown(&blocks),
            ReportFormat::Html => self.render_html(&format!("Sample-size justification: {}", r.title), &blocks),
        };
        Ok(text.into_bytes())
    }
}
/// The study's design in one sentence.
fn design_sentence(r: &PlanResult) -> String {
    let arms: Vec<String> = r.arms.iter().map(|a| a.name.clone()).collect();
    match r.design.correlation {
        Some(rho) if r.design.paired() => format!(
            "A paired study: every {} is measured under {} ({}), with a within-{} correlation of {}",
            r.subject.singular,
            super::words::conditions(r),
            and_list(&arms),
            r.subject.singular,
            exact(rho)
        ),
        _ if r.design.cluster_size.is_some() => {
            let (gives, icc, de) = (
                super::words::cluster_gives(r).unwrap_or_default(),
                r.design.icc.unwrap_or(0.0),
                r.design.design_effect.unwrap_or(1.0),
            );
            format!(
                "A parallel-group study with {} arms ({}) in which each {} gives {gives}; measurements of one {} \
                 are correlated (intraclass correlation {}), so the {}, not the measurements, are the independent \
                 units: {}; the variance of a cluster's mean, as the analysis weighs it, is that of a single \
                 measurement times the design effect {} over the cluster size",
                r.arms.len(),
                and_list(&arms),
                r.subject.singular,
                r.subject.singular,
                exact(icc),
                r.subject.plural,
                super::words::cluster_analysis(r),
                num(de, 4)
            )
        }
        _ => match r.design.baseline_correlation {
            Some(rho) => format!(
                "A parallel-group study with {} arms ({}); the outcome is also measured at baseline and the \
                 analysis adjusts for it (ANCOVA: outcome ~ arm + baseline), with a correlation of {} between \
                 baseline and outcome within an arm, which leaves {} of the outcome's variance",
                r.arms.len(),
                and_list(&arms),
                exact(rho),
                crate::numfmt::pct(1.0 - rho * rho)
            ),
            None => format!("A parallel-group study with {} arms ({})", r.arms.len(), and_list(&arms)),
        },
    }
}

/// The effect-size column's name.
fn effect_name(r: &PlanResult) -> &'static str {
    if super::words::binary(r) {
        "Odds ratio"
    } else if r.outcome.categories.is_some() {
        "P(better)"
    } else if r.design.paired() {
        "d_z"
    } else if r.design.baseline_correlation.is_some() {
        "d (adjusted)"
    } else if r.design.cluster_size.is_some() {
        "d (cluster means)"
    } else {
        "d"
    }
}

/// A comparison's effect size for the table.
fn effect_size(r: &PlanResult, c: &crate::engine::ComparisonResult) -> String {
    let x = if super::words::binary(r) {
        c.odds_ratio
    } else if c.probability_better.is_some() {
        c.probability_better
    } else if super::words::counts(r) || r.outcome.timing().is_some() {
        // A count's or an event time's effect is its ratio, in the difference column.
        None
    } else if r.design.paired() {
        c.d_z
    } else if c.d_adjusted.is_some() {
        c.d_adjusted
    } else {
        Some(c.d)
    };
    x.filter(|x| x.is_finite()).map_or_else(|| "—".into(), |x| num(x, 3))
}
