//! The sensitivity grid as a heatmap (`--plot-grid`): effect factor (rows,
//! largest effect at the top) against SD factor (columns), the recommended
//! n per arm written in each cell with the number to enroll under it, one
//! panel per dropout. Shading follows n on a log scale through a
//! sequential palette that stays ordered in grey and under colour blindness
//! (the light end of viridis: Smith & van der Walt, *A Better Default
//! Colormap for Matplotlib*, SciPy 2015), light for small n; cells where
//! the target is not reached are hatched grey and say so. Text is dark on
//! light cells and white on dark ones.

use plotters::prelude::{DrawingBackend, RGBColor};
use plotters::style::text_anchor::HPos;
use plotters::style::Color;

use super::canvas::{text_width, Canvas};
use super::chart::{Header, AXIS, DIM, INK, MARGIN, TICK, WHITE};
use crate::engine::grid::Grid;
use crate::engine::PlanResult;
use crate::error::PlanError;
use crate::numfmt::{num, pct};

/// Viridis from its yellow end to its blue, in 5 stops (small n first).
const RAMP: [(u8, u8, u8); 5] =
    [(0xFD, 0xE7, 0x25), (0x7A, 0xD1, 0x51), (0x22, 0xA8, 0x84), (0x2A, 0x78, 0x8E), (0x41, 0x44, 0x87)];
/// Not reached.
const UNREACHED: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);
/// Text sizes in a cell.
const CELL_N: f64 = 17.0;
const CELL_ENROL: f64 = 12.0;

/// The colour for position `t` in [0, 1] along [`RAMP`].
fn ramp(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0) * (RAMP.len() - 1) as f64;
    let i = (t.floor() as usize).min(RAMP.len() - 2);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + f * (f64::from(b) - f64::from(a))).round() as u8;
    let (a, b) = (RAMP[i], RAMP[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// True when white text reads better than dark text on `c` (relative
/// luminance below 0.4, WCAG's weights on linearized sRGB).
fn dark(c: RGBColor) -> bool {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2) < 0.25
}

/// The caption under the title.
fn caption(r: &PlanResult, g: &Grid) -> String {
    let unit = if r.design.paired() { r.subject.plural.clone() } else { format!("{} per arm", r.subject.plural) };
    let n = g.iter().next().map_or(0, |c| c.n_per_arm);
    let (what, shading) = if r.recommendation.is_some() {
        (
            format!("Recommended n ({unit}) for the goal at power {}", num(r.settings.target_power, 3)),
            "Shading follows n (log scale); grey: target not reached.",
        )
    } else {
        (format!("The goal's power at n = {n} ({unit})"), "Shading follows power (light: high).")
    };
    format!(
        "{what}, with the total to enroll under it, when every planned effect is scaled by the row's factor and \
         every {} by the column's; {} simulated studies per n, the same studies in every cell. {shading}",
        crate::scenario::spread_name(r.outcome.distribution).unwrap_or("SD"),
        crate::numfmt::thousands(g.replicates)
    )
}

/// Draws the heatmap.
pub(super) fn draw<DB: DrawingBackend>(c: &Canvas<'_, DB>, r: &PlanResult) -> Result<(), PlanError> {
    let g = r.grid.as_ref().ok_or_else(|| {
        PlanError::Internal("the heatmap needs the sensitivity grid ([sensitivity] or --sensitivity)".into())
    })?;
    let (w, h) = c.size;
    let header = Header::new(&r.title, &caption(r, g), w - 2.0 * MARGIN)?;
    let (rows, cols, panels) = g.cells.dim();
    let row_labels: Vec<String> = g.effect.iter().map(|e| format!("×{}", num(*e, 3))).collect();
    let label_w = row_labels.iter().map(|l| text_width(l, TICK)).collect::<Result<Vec<_>, _>>()?;
    let label_w = label_w.into_iter().fold(0.0, f64::max);
    let left = MARGIN + AXIS * 1.3 + label_w + 8.0;
    let top = header.height() + 14.0 + TICK * 1.3;
    let bottom = h - MARGIN - AXIS * 1.4 - TICK * 1.5;
    let gap = 24.0;
    let panel_w = (w - MARGIN - left - gap * (panels as f64 - 1.0)) / panels as f64;
    let cell_w = panel_w / cols as f64;
    let cell_h = (bottom - top) / rows as f64;

    // With --n every cell is a power at that n: shaded by power (light for
    // high power), none hatched. Otherwise shaded by log n from the smallest
    // to the largest reached n.
    let at_n = r.recommendation.is_none();
    let reached: Vec<f64> = g.iter().filter(|x| x.reached).map(|x| f64::from(x.n_per_arm).ln()).collect();
    let lo = reached.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = reached.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let shade = |cell: &crate::engine::grid::GridCell| {
        if at_n {
            1.0 - cell.power
        } else if hi > lo {
            (f64::from(cell.n_per_arm).ln() - lo) / (hi - lo)
        } else {
            0.0
        }
    };

    c.fill(WHITE)?;
    header.draw(c)?;
    for k in 0..panels {
        let x0 = left + k as f64 * (panel_w + gap);
        let title = format!("dropout {}", pct(g.dropout[k]));
        c.text(&title, (x0 + panel_w / 2.0, top - 8.0), TICK, HPos::Center, INK)?;
        for j in 0..cols {
            let x = x0 + (j as f64 + 0.5) * cell_w;
            c.text(&format!("×{}", num(g.sd[j], 3)), (x, bottom + TICK * 1.2), TICK, HPos::Center, DIM)?;
        }
        for (i, label) in row_labels.iter().enumerate() {
            // The largest effect at the top.
            let y0 = top + (rows - 1 - i) as f64 * cell_h;
            if k == 0 {
                c.text(label, (left - 6.0, y0 + cell_h / 2.0 + TICK * 0.35), TICK, HPos::Right, DIM)?;
            }
            for j in 0..cols {
                let cell = &g.cells[[i, j, k]];
                let xa = x0 + j as f64 * cell_w;
                let hatched = !cell.reached && !at_n;
                let fill = if hatched { UNREACHED } else { ramp(shade(cell)) };
                c.rect((xa, y0), (xa + cell_w, y0 + cell_h), fill.to_rgba(), Some(WHITE.to_rgba()))?;
                if hatched {
                    // Hatching: a few diagonal strokes.
                    for s in 1..4 {
                        let t = f64::from(s) / 4.0;
                        c.line(
                            &[(xa + t * cell_w, y0 + cell_h), (xa + (t + 0.15) * cell_w, y0)],
                            WHITE.to_rgba(),
                            1.5,
                        )?;
                    }
                }
                let ink = if dark(fill) { WHITE } else { INK };
                let xm = xa + cell_w / 2.0;
                let ym = y0 + cell_h / 2.0;
                let main = match (at_n, cell.reached) {
                    (true, _) => crate::numfmt::fixed(cell.power, 3),
                    (false, true) => cell.n_per_arm.to_string(),
                    (false, false) => format!("> {}", r.settings.n_max),
                };
                c.text(&main, (xm, ym + CELL_N * 0.1), CELL_N, HPos::Center, ink)?;
                let under = if hatched {
                    format!("power {}", num(cell.power, 2))
                } else {
                    format!("enroll {}", cell.n_enrolled)
                };
                c.text(&under, (xm, ym + CELL_N * 0.1 + CELL_ENROL * 1.3), CELL_ENROL, HPos::Center, ink)?;
            }
        }
        let centre = x0 + panel_w / 2.0;
        c.text(
            &format!("{} factor", crate::scenario::spread_name(r.outcome.distribution).unwrap_or("SD")),
            (centre, bottom + TICK * 1.5 + AXIS * 1.1),
            AXIS,
            HPos::Center,
            INK,
        )?;
    }
    c.text_up("effect factor", (MARGIN + AXIS, (top + bottom) / 2.0), AXIS, INK)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_runs_light_to_dark_and_text_follows() {
        assert_eq!(ramp(0.0), RGBColor(0xFD, 0xE7, 0x25));
        assert_eq!(ramp(1.0), RGBColor(0x41, 0x44, 0x87));
        assert!(!dark(ramp(0.0)) && dark(ramp(1.0)));
        assert!(!dark(UNREACHED));
    }
}
