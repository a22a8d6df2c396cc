//! The power-curve figure: simulated power against n per arm.
//!
//! Top to bottom: the title (wrapped, shrunk if still too long), a caption
//! with the tests and the simulation size, the total-N axis (when the total
//! is a fixed multiple of n), the plot, the n axis, and the legend when no
//! corner of the plot can hold it. The recommended n's label and the legend
//! go where they cover no line, band or mark, trying positions in a fixed
//! order, so the layout is deterministic.
//!
//! Only the regular grid of n is drawn (curve rows with `point = "grid"`).
//! Comparisons whose curves coincide take turns in alternating dashes (and
//! the caption names them); the goal is drawn wide and beneath the
//! comparisons, so it never hides one; each sensitivity variant has its own
//! dash pattern, a legend entry with its own recommended n, and a hollow
//! diamond at that n on its line.

use plotters::prelude::{DrawingBackend, RGBColor};
use plotters::style::text_anchor::HPos;
use plotters::style::Color;

use super::canvas::{text_width, Canvas, Pt};
use super::chart::*;
use crate::engine::{CurvePoint, PlanResult};
use crate::error::PlanError;
use crate::numfmt::{analysed, arm_sizes, equal_sizes, thousands};
use crate::scenario::Multiplicity;

/// Okabe–Ito, ordered for contrast on white; its black is the goal's, and
/// its yellow (faint on white) comes last.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xF0, 0xE4, 0x42),
];
const BLACK: RGBColor = RGBColor(0, 0, 0);
const FAINT: RGBColor = RGBColor(0x8C, 0x8C, 0x8C);
/// Dash patterns (on, off) of the sensitivity variants, in turn.
const VARIANT_DASHES: [(f64, f64); 4] = [(8.0, 4.0), (2.5, 3.0), (14.0, 4.0), (5.0, 2.0)];
/// Length of each colour's dash where comparisons' lines coincide: the
/// first is drawn solid, and each later one in dashes of this length that
/// take turns with the others', so every colour shows in equal parts.
const STRIPE: f64 = 12.0;
const TARGET_DASH: (f64, f64) = (7.0, 5.0);
/// Power axis range: a little room beyond 0 and 1.
const POWER_RANGE: (f64, f64) = (-0.02, 1.03);

/// One line: (n, power, ci_low, ci_high) by n ascending.
struct Series {
    label: String,
    color: RGBColor,
    kind: Kind,
    points: Vec<(f64, f64, f64, f64)>,
    /// Dash pattern (on, off) and its phase: the variants', and a
    /// comparison's whose line coincides with an earlier one's, so that
    /// both show.
    dash: Option<((f64, f64), f64)>,
    /// A sensitivity variant's own recommended n and its goal power there,
    /// marked on its line.
    marker: Option<(f64, f64)>,
    /// Drawn as a hollow point at a single n (every other variant).
    hollow: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Comparison,
    Goal,
    Variant,
}

impl Series {
    fn width(&self) -> f64 {
        match self.kind {
            Kind::Comparison => 2.2,
            Kind::Goal => 4.4,
            Kind::Variant => 1.8,
        }
    }
    fn band_alpha(&self) -> f64 {
        if self.kind == Kind::Goal {
            0.12
        } else {
            0.2
        }
    }
}

/// The recommended n: (n, power, label text).
type Marker = (f64, f64, String);

/// Draws the figure on `c`.
pub(super) fn draw<DB: DrawingBackend>(c: &Canvas<'_, DB>, result: &PlanResult) -> Result<(), PlanError> {
    let series = series(result);
    let base_n = series.iter().filter(|s| s.kind != Kind::Variant).flat_map(|s| s.points.iter().map(|p| p.0));
    let (lo, hi) = base_n.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), n| (lo.min(n), hi.max(n)));
    // Room for every variant's own recommended n.
    let hi = series.iter().filter_map(|s| s.marker).fold(hi, |hi, (n, _)| if lo < hi { hi.max(n) } else { hi });
    if lo > hi {
        return Err(PlanError::Internal("the power curve has no base rows for the primary comparisons".into()));
    }
    let single = lo == hi;
    let (w, h) = c.size;
    let text_w = w - 2.0 * MARGIN;

    let coinciding: Vec<String> =
        series.iter().filter(|s| s.kind == Kind::Comparison && s.dash.is_some()).map(|s| s.label.clone()).collect();
    let coinciding = if coinciding.is_empty() {
        coinciding
    } else {
        // The solid line each dashed one lies on, then the dashed ones.
        let solid = series.iter().filter(|s| {
            s.kind == Kind::Comparison
                && s.dash.is_none()
                && series
                    .iter()
                    .any(|t| t.dash.is_some() && t.kind == Kind::Comparison && coincide(&s.points, &t.points))
        });
        solid.map(|s| s.label.clone()).chain(coinciding).collect()
    };
    let header = Header::new(&result.title, &caption(result, single, &coinciding), text_w)?;

    // A total-N axis on top when N is the same whole multiple of every n.
    let base_rows: Vec<_> = result.curve.iter().filter(|r| r.variant == "base").collect();
    let ratio = base_rows.first().map(|r| r.n_total / r.n_per_arm.max(1));
    let ratio =
        ratio.filter(|&k| !single && !result.design.paired() && base_rows.iter().all(|r| r.n_total == k * r.n_per_arm));
    let (x_lo, x_hi) =
        if single { (lo - 1.0, lo + 1.0) } else { ((lo - (hi - lo) * 0.03).max(0.0), hi + (hi - lo) * 0.03) };
    let mut left = MARGIN + AXIS * 1.2 + 8.0 + text_width("0.0", TICK)? + 4.0 + TICK_LEN;
    if ratio.is_some() {
        left = left.max(MARGIN + text_width("total N", TICK)? + 4.0 + TICK_LEN);
    }
    let widest = format!("{}", (x_hi * f64::from(ratio.unwrap_or(1))).round());
    let right = w - MARGIN - text_width(&widest, TICK)? / 2.0;
    let top = header.height() + 10.0 + if ratio.is_some() { TICK * 1.2 + TICK_LEN } else { 0.0 };
    let bottom = h - MARGIN - AXIS * 1.3 - TICK * 1.2 - TICK_LEN - 4.0;
    let (y_lo, y_hi) = POWER_RANGE;
    let frame = Frame { left, right, top, bottom, x_lo, x_hi, y_lo, y_hi };

    let target = result.settings.target_power;
    let mut labels: Vec<String> = series.iter().map(|s| s.label.clone()).collect();
    labels.push(format!("target power {target}"));
    let widths =
        labels.iter().map(|l| Ok(SWATCH + 8.0 + text_width(l, LEGEND)?)).collect::<Result<Vec<_>, PlanError>>()?;
    let marker = result.recommendation.as_ref().filter(|_| !single).map(|r| {
        let sizes = analysed(&r.arms);
        let text = match (r.reached, equal_sizes(&sizes)) {
            (true, _) if result.design.paired() => format!("n = {}", arm_sizes(&sizes, result)),
            (false, _) if result.design.paired() => format!("target not reached; best seen: n = {}", r.n_per_arm),
            (true, true) => format!("n = {} (N = {})", arm_sizes(&sizes, result), r.n_total),
            (true, false) => format!("{} (N = {})", arm_sizes(&sizes, result), r.n_total),
            (false, _) => format!("target not reached; best seen: n = {} per arm", r.n_per_arm),
        };
        (f64::from(r.n_per_arm), r.power, text)
    });
    let (f, label_at, legend_at, cols) = layout(frame, &series, &widths, marker.as_ref(), target, (text_w, h))?;

    c.fill(WHITE)?;
    header.draw(c)?;
    let n_ticks = if single {
        vec![lo]
    } else {
        integer_ticks(x_lo, x_hi, ((f.right - f.left) / (text_width(&widest, TICK)? + 24.0)).floor())
    };
    let subjects = format!("n ({}, each measured under every condition)", result.subject.plural);
    let per = if result.design.paired() {
        subjects.as_str()
    } else if result.arms.iter().all(|a| a.allocation == result.arms[0].allocation) {
        "n per arm"
    } else {
        "n per arm of allocation weight 1"
    };
    let x_desc = match base_rows.first().filter(|_| single) {
        Some(r) if !result.design.paired() => format!("{per} (total N = {})", r.n_total),
        _ => per.to_string(),
    };
    let x_axis = Axis { ticks: n_ticks.iter().map(|&n| (n, format!("{n}"))).collect(), desc: x_desc };
    let y_axis = Axis {
        ticks: (0..=5).map(|i| (f64::from(i) * 0.2, format!("{:.1}", f64::from(i) * 0.2))).collect(),
        desc: "Power".into(),
    };
    let top_axis = ratio.map(|k| Axis {
        ticks: n_ticks.iter().map(|&n| (n, format!("{}", n * f64::from(k)))).collect(),
        desc: "total N".into(),
    });
    draw_axes(c, &f, &x_axis, &y_axis, top_axis.as_ref())?;
    let ty = f.y(target);
    c.dashed(&[(f.left, ty), (f.right, ty)], DIM.mix(1.0), 1.3, TARGET_DASH)?;

    // Bands, then lines: variants, the goal, and the comparisons on top (with
    // "each", the goal is the weakest comparison, whose line shows inside).
    let dx = |i: usize| if single { dodge(i, series.len(), &f) } else { 0.0 };
    for (i, s) in series.iter().enumerate() {
        draw_band(c, &f, s, dx(i))?;
    }
    for kind in [Kind::Variant, Kind::Goal, Kind::Comparison] {
        for (i, s) in series.iter().enumerate().filter(|(_, s)| s.kind == kind) {
            draw_line(c, &f, s, dx(i))?;
        }
    }
    for s in series.iter().filter(|_| !single) {
        if let Some((n, p)) = s.marker.filter(|&(n, _)| (f.x_lo..=f.x_hi).contains(&n)) {
            variant_marker(c, s, (f.x(n), f.y(power_at(&s.points, n).unwrap_or(p))))?;
        }
    }
    if let (Some((n, p, text)), Some((lx, ly))) = (&marker, label_at) {
        let (mx, my) = (f.x(*n), f.y(*p));
        c.dashed(&[(mx, my + 6.0), (mx, f.bottom)], DIM.mix(1.0), 1.2, (2.5, 3.0))?;
        c.circle((mx, my), 6.0, WHITE.mix(1.0), Some((BLACK.mix(1.0), 2.4)))?;
        let (tw, th) = label_size(text)?;
        c.rect((lx, ly), (lx + tw, ly + th), WHITE.mix(0.85), None)?;
        c.text(text, (lx + 4.0, ly + LEGEND * 1.02), LEGEND, HPos::Left, INK)?;
    }
    draw_legend(c, legend_at, &cols, &labels, |k, at| match series.get(k) {
        Some(s) => draw_swatch(c, s, at, single),
        None => c.dashed(&[at, (at.0 + SWATCH, at.1)], DIM.mix(1.0), 1.3, TARGET_DASH),
    })
}

/// Places the marker's label and the legend: the legend at the right or left
/// edge of the plot where it covers nothing, else below the plot (which
/// shrinks to make room). Returns the frame, the label's and the legend's
/// top-left corners, and the legend's column widths.
fn layout(
    frame: Frame,
    series: &[Series],
    widths: &[f64],
    marker: Option<&Marker>,
    target: f64,
    (text_w, h): (f64, f64),
) -> Result<(Frame, Option<Pt>, Pt, Vec<f64>), PlanError> {
    let single = series.iter().all(|s| s.points.len() <= 1);
    for outside in [false, true] {
        let cols = if outside {
            legend_columns(widths, text_w - 2.0 * PAD, COL_GAP)
        } else {
            vec![widths.iter().copied().fold(0.0, f64::max)]
        };
        let (lw, lh) = legend_size(&cols, widths.len());
        let f = Frame { bottom: frame.bottom - if outside { lh + 8.0 } else { 0.0 }, ..frame };
        let mut obstacles = obstacles(series, &f, single, target);
        let mut label = None;
        if let Some((n, p, text)) = marker {
            let (mx, my) = (f.x(*n), f.y(*p));
            obstacles.push(Obstacle::Rect((mx - 8.0, my - 8.0, mx + 8.0, my + 8.0)));
            obstacles.push(Obstacle::Rect((mx - 1.0, my, mx + 1.0, f.bottom)));
            let (w, h) = label_size(text)?;
            let candidates = [
                (mx + 10.0, my + 4.0),
                (mx + 10.0, my - 4.0 - h),
                (mx - 10.0 - w, my - 4.0 - h),
                (mx - 10.0 - w, my + 4.0),
                (mx + 6.0, f.bottom - 6.0 - h),
                (mx - 6.0 - w, f.bottom - 6.0 - h),
            ];
            let at = least_covered(&f, &obstacles, &candidates, (w, h)).map_or((f.left + 6.0, f.top + 6.0), |c| c.0);
            obstacles.push(Obstacle::Rect((at.0, at.1, at.0 + w, at.1 + h)));
            label = Some(at);
        }
        let at = if outside {
            Some((MARGIN + (text_w - lw) / 2.0, h - MARGIN - lh))
        } else {
            let (x0, x1, y0, y1) = (f.left + 10.0, f.right - 10.0 - lw, f.top + 10.0, f.bottom - 10.0 - lh);
            let free = |&(x, y): &Pt| {
                f.holds((x, y, x + lw, y + lh), 0.0) && hits(&obstacles, (x, y, x + lw, y + lh), 8.0) == 0
            };
            // Right side from the bottom up, then left side from the top down.
            let steps = ((y1 - y0) / 8.0).floor().max(0.0) as usize;
            let right = (0..=steps).map(|k| (x1, y1 - k as f64 * 8.0));
            right.chain((0..=steps).map(|k| (x0, y0 + k as f64 * 8.0))).find(free)
        };
        if let Some(at) = at {
            return Ok((f, label, at, cols));
        }
    }
    Err(PlanError::Internal("cannot lay out the power-curve legend".into()))
}

fn label_size(text: &str) -> Result<(f64, f64), PlanError> {
    Ok((text_width(text, LEGEND)? + 8.0, LEGEND * 1.4))
}

/// The lines to draw: the primary comparisons, the goal (with two or more
/// primaries), then each sensitivity variant of the goal (or of the single
/// primary comparison). Secondary comparisons are left out.
fn series(result: &PlanResult) -> Vec<Series> {
    let points = |variant: &str, label: &str| {
        // The regular grid only: an n the search visited off the grid is in
        // the CSV, not in the figure.
        let rows = result
            .curve
            .iter()
            .filter(|r| r.variant == variant && r.comparison == label && r.point == CurvePoint::Grid);
        let mut pts: Vec<_> = rows.map(|r| (f64::from(r.n_per_arm), r.power, r.ci_low, r.ci_high)).collect();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        pts
    };
    let line = |label: String, color, kind, points, dash| Series {
        label,
        color,
        kind,
        points,
        dash,
        hollow: false,
        marker: None,
    };
    let primaries: Vec<&str> = result.comparisons.iter().filter(|c| c.primary).map(|c| c.label.as_str()).collect();
    let mut out: Vec<Series> = primaries
        .iter()
        .enumerate()
        .map(|(i, &l)| line(l.to_string(), PALETTE[i % PALETTE.len()], Kind::Comparison, points("base", l), None))
        .collect();
    // Coinciding lines take turns: in a group of m, the first is solid and
    // the k-th later one shows STRIPE units out of every m·STRIPE, at its
    // own phase, so that the colours alternate along the curve.
    let groups: Vec<(usize, usize)> = (0..out.len())
        .map(|j| {
            let rank = (0..j).filter(|&i| coincide(&out[i].points, &out[j].points)).count();
            let others = (0..out.len()).filter(|&i| i != j && coincide(&out[i].points, &out[j].points)).count();
            (rank, others + 1)
        })
        .collect();
    for (j, &(rank, m)) in groups.iter().enumerate() {
        if rank > 0 {
            out[j].dash = Some(((STRIPE, STRIPE * (m as f64 - 1.0)), STRIPE * (rank as f64 - 1.0)));
        }
    }
    let several = primaries.len() > 1;
    let goal = if several { result.goal.name.name() } else { primaries.first().copied().unwrap_or_default() };
    if several {
        let words = match goal {
            "each" => "each (weakest comparison)",
            "all" => "all rejected",
            "any" => "any rejected",
            other => other,
        };
        out.push(line(format!("goal: {words}"), BLACK, Kind::Goal, points("base", goal), None));
    }
    for (k, v) in result.sensitivity.iter().enumerate() {
        // Each variant's own recommended n, in its legend entry and marked
        // on its line.
        let rec = v.recommendation.as_ref();
        let at = match rec {
            Some(x) if x.reached => format!(" (n = {})", x.n_per_arm),
            Some(_) => " (not reached)".to_string(),
            None => String::new(),
        };
        let label = format!("{}, {}{at}", if several { "goal" } else { goal }, v.variant);
        let dash = Some((VARIANT_DASHES[k % VARIANT_DASHES.len()], 0.0));
        let marker = rec.filter(|x| x.reached).map(|x| (f64::from(x.n_per_arm), x.power));
        out.push(Series {
            hollow: k % 2 == 1,
            marker,
            ..line(label, FAINT, Kind::Variant, points(&v.variant, goal), dash)
        });
    }
    out.retain(|s| !s.points.is_empty());
    out
}

/// True when two lines would be drawn on top of each other: at every
/// shared n, power within 0.012 (about a line's width).
fn coincide(a: &[(f64, f64, f64, f64)], b: &[(f64, f64, f64, f64)]) -> bool {
    let diffs: Vec<f64> = a.iter().filter_map(|p| b.iter().find(|q| q.0 == p.0).map(|q| (p.1 - q.1).abs())).collect();
    !diffs.is_empty() && diffs.iter().all(|&d| d < 0.012)
}

/// The caption: significance level, tests and multiplicity, simulation size.
fn caption(result: &PlanResult, single: bool, coinciding: &[String]) -> String {
    let set = &result.settings;
    let primary: Vec<_> = result.comparisons.iter().filter(|c| c.primary).collect();
    let mut tests: Vec<&str> = Vec::new();
    for c in &primary {
        let name = c.test.short();
        if !tests.contains(&name) {
            tests.push(name);
        }
    }
    let adjust = match set.multiplicity {
        Multiplicity::None if primary.len() > 1 => ", no multiplicity adjustment".to_string(),
        Multiplicity::None | Multiplicity::Dunnett => String::new(),
        Multiplicity::Bonferroni => ", Bonferroni adjustment".to_string(),
        Multiplicity::Holm => ", Holm adjustment".to_string(),
        Multiplicity::Hochberg => ", Hochberg adjustment".to_string(),
    };
    let mut hypotheses: Vec<&str> = primary.iter().map(|c| c.hypothesis.name()).collect();
    hypotheses.dedup();
    let sides = if hypotheses.iter().all(|&h| h == "superiority") {
        if set.sides == 1 { "one-sided" } else { "two-sided" }.to_string()
    } else {
        hypotheses.join(", ")
    };
    let mut notes = String::new();
    if !coinciding.is_empty() {
        notes += &format!(" {} coincide: drawn in alternating dashes.", and_list(coinciding));
    }
    if result.recommendation.as_ref().is_some_and(|r| !r.reached) {
        notes += &format!(
            " Target power {} not reached by n = {} per arm: raise simulation.n_max or revisit the effect sizes.",
            set.target_power, set.n_max
        );
    }
    // The precision control's extra replicates at the recommended n.
    let more = match &result.recommendation {
        Some(r) if r.replicates > result.replicates => match &r.below {
            Some(b) if b.replicates == r.replicates => {
                format!(" ({} at n = {} and {})", thousands(r.replicates), b.n_per_arm, r.n_per_arm)
            }
            _ => format!(" ({} at n = {})", thousands(r.replicates), r.n_per_arm),
        },
        _ => String::new(),
    };
    format!(
        "α = {} ({sides}), {} test{}{adjust}. {} simulated studies per n{more}, seed {}; {}: 95% Monte Carlo interval.{}{notes}",
        set.alpha,
        tests.join(" and "),
        if primary.len() > 1 { "s" } else { "" },
        thousands(result.replicates),
        result.seed,
        if single { "bars" } else { "shaded" },
        if result.comparisons.iter().any(|c| !c.primary) { " Secondary comparisons not shown." } else { "" },
    )
}

/// Horizontal offset of series `i` of `m` when all sit at one n.
fn dodge(i: usize, m: usize, f: &Frame) -> f64 {
    let step = (0.8 * (f.right - f.left) / m as f64).min(24.0);
    (i as f64 - (m as f64 - 1.0) / 2.0) * step
}

/// Everything drawn in the plot, as obstacles for the labels.
fn obstacles(series: &[Series], f: &Frame, single: bool, target: f64) -> Vec<Obstacle> {
    let mut out: Vec<Obstacle> = Vec::new();
    for (i, s) in series.iter().enumerate() {
        let grow = s.width() / 2.0 + 2.0;
        let pts = clip(&s.points, f);
        if single {
            for p in &pts {
                let x = f.x(p.0) + dodge(i, series.len(), f);
                out.push(Obstacle::Rect((x - 6.0, f.y(p.3) - 6.0, x + 6.0, f.y(p.2) + 6.0)));
            }
        } else {
            let band = |p: &(f64, f64, f64, f64)| match s.kind {
                Kind::Variant => (f.x(p.0), f.y(p.1) - grow, f.y(p.1) + grow),
                _ => (f.x(p.0), f.y(p.3) - grow, f.y(p.2) + grow),
            };
            out.push(Obstacle::Band(pts.iter().map(band).collect()));
        }
    }
    for s in series.iter().filter(|_| !single) {
        if let Some((n, p)) = s.marker {
            let (x, y) = (f.x(n), f.y(power_at(&s.points, n).unwrap_or(p)));
            out.push(Obstacle::Rect((x - 7.0, y - 7.0, x + 7.0, y + 7.0)));
        }
    }
    let ty = f.y(target);
    out.push(Obstacle::Rect((f.left, ty - 2.0, f.right, ty + 2.0)));
    out
}

/// One series' 95% band (none for the variants), or at a single n its
/// error bar, shifted by `dx`.
fn draw_band<DB: DrawingBackend>(c: &Canvas<'_, DB>, f: &Frame, s: &Series, dx: f64) -> Result<(), PlanError> {
    let pts = clip(&s.points, f);
    if let [p] = pts[..] {
        let (x, top, bottom) = (f.x(p.0) + dx, f.y(p.3), f.y(p.2));
        let color = s.color.mix(1.0);
        c.line(&[(x, top), (x, bottom)], color, 1.6)?;
        c.line(&[(x - 4.0, top), (x + 4.0, top)], color, 1.6)?;
        return c.line(&[(x - 4.0, bottom), (x + 4.0, bottom)], color, 1.6);
    }
    if s.kind == Kind::Variant || pts.is_empty() {
        return Ok(());
    }
    let mut band: Vec<Pt> = pts.iter().map(|p| (f.x(p.0), f.y(p.3))).collect();
    band.extend(pts.iter().rev().map(|p| (f.x(p.0), f.y(p.2))));
    c.polygon(&band, s.color.mix(s.band_alpha()))
}

/// One series' line, or at a single n its point, shifted by `dx`.
fn draw_line<DB: DrawingBackend>(c: &Canvas<'_, DB>, f: &Frame, s: &Series, dx: f64) -> Result<(), PlanError> {
    let line: Vec<Pt> = clip(&s.points, f).iter().map(|p| (f.x(p.0) + dx, f.y(p.1))).collect();
    match (&line[..], s.dash) {
        ([], _) => Ok(()),
        ([p], _) => draw_point(c, s, *p),
        (_, Some((dash, phase))) => c.dashes(&line, s.color.mix(1.0), s.width(), dash, phase),
        (_, None) => c.line(&line, s.color.mix(1.0), s.width()),
    }
}

fn draw_point<DB: DrawingBackend>(c: &Canvas<'_, DB>, s: &Series, at: Pt) -> Result<(), PlanError> {
    match s.hollow {
        true => c.circle(at, 4.4, WHITE.mix(1.0), Some((s.color.mix(1.0), 1.8))),
        false => c.circle(at, 4.4, s.color.mix(1.0), None),
    }
}

/// A legend swatch starting at (x, yc).
fn draw_swatch<DB: DrawingBackend>(c: &Canvas<'_, DB>, s: &Series, (x, yc): Pt, single: bool) -> Result<(), PlanError> {
    let color = s.color.mix(1.0);
    let mid = x + SWATCH / 2.0;
    if single {
        c.line(&[(mid, yc - 8.0), (mid, yc + 8.0)], color, 1.6)?;
        return draw_point(c, s, (mid, yc));
    }
    if s.kind != Kind::Variant {
        c.rect((x, yc - 6.0), (x + SWATCH, yc + 6.0), s.color.mix(s.band_alpha()), None)?;
    }
    match s.dash {
        Some((dash, phase)) => c.dashes(&[(x, yc), (x + SWATCH, yc)], color, s.width(), dash, phase),
        None => c.line(&[(x, yc), (x + SWATCH, yc)], color, s.width()),
    }?;
    match s.marker {
        Some(_) => variant_marker(c, s, (x + SWATCH / 2.0, yc)),
        None => Ok(()),
    }
}

/// A sensitivity variant's recommended n: a hollow diamond in its colour.
fn variant_marker<DB: DrawingBackend>(c: &Canvas<'_, DB>, s: &Series, (x, y): Pt) -> Result<(), PlanError> {
    let r = 5.5;
    let diamond = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)];
    c.polygon(&diamond, WHITE.mix(1.0))?;
    let mut closed = diamond.to_vec();
    closed.push(diamond[0]);
    c.line(&closed, s.color.mix(1.0), 1.8)
}

/// The power of a line at `n`, linear between its points.
fn power_at(points: &[(f64, f64, f64, f64)], n: f64) -> Option<f64> {
    points.windows(2).find(|w| w[0].0 <= n && n <= w[1].0).map(|w| {
        let t = if w[1].0 > w[0].0 { (n - w[0].0) / (w[1].0 - w[0].0) } else { 0.0 };
        w[0].1 + t * (w[1].1 - w[0].1)
    })
}

/// Joins "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
