//! The parts of an x–y chart: the frame and its coordinate maps, axes with
//! their ticks and grid, the legend box, and the obstacles that labels and
//! legends must not cover.

use plotters::prelude::{DrawingBackend, RGBColor};
use plotters::style::text_anchor::HPos;
use plotters::style::Color;

use super::canvas::{text_width, wrap, Canvas, Pt};
use crate::error::PlanError;

pub(super) const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
pub(super) const DIM: RGBColor = RGBColor(0x4D, 0x4D, 0x4D);
pub(super) const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
pub(super) const WHITE: RGBColor = RGBColor(255, 255, 255);
/// Font sizes and lengths, in layout units.
pub(super) const TITLE: f64 = 22.0;
pub(super) const CAPTION: f64 = 15.0;
pub(super) const AXIS: f64 = 18.0;
pub(super) const TICK: f64 = 17.0;
pub(super) const LEGEND: f64 = 16.0;
pub(super) const MARGIN: f64 = 12.0;
pub(super) const TICK_LEN: f64 = 5.0;
/// Legend geometry: swatch length, row height, padding, column gap.
pub(super) const SWATCH: f64 = 34.0;
pub(super) const ROW: f64 = LEGEND * 1.45;
pub(super) const PAD: f64 = 8.0;
pub(super) const COL_GAP: f64 = 20.0;

/// The plot's rectangle in layout units (y down) and the data ranges it
/// shows: x from `x_lo` to `x_hi`, y from `y_lo` (bottom) to `y_hi` (top).
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub x_lo: f64,
    pub x_hi: f64,
    pub y_lo: f64,
    pub y_hi: f64,
}

impl Frame {
    /// The layout x of data value `x`.
    pub fn x(&self, x: f64) -> f64 {
        self.left + (x - self.x_lo) / (self.x_hi - self.x_lo) * (self.right - self.left)
    }

    /// The layout y of data value `y`.
    pub fn y(&self, y: f64) -> f64 {
        self.bottom - (y - self.y_lo) / (self.y_hi - self.y_lo) * (self.bottom - self.top)
    }

    /// True when the rectangle (x0, y0, x1, y1) lies `inset` or more inside.
    pub fn holds(&self, (x0, y0, x1, y1): Rect, inset: f64) -> bool {
        x0 >= self.left + inset && x1 <= self.right - inset && y0 >= self.top + inset && y1 <= self.bottom - inset
    }
}

/// A rectangle (x0, y0, x1, y1) in layout units.
pub(super) type Rect = (f64, f64, f64, f64);

/// Something drawn that a label must not cover.
#[derive(Debug, Clone)]
pub(super) enum Obstacle {
    /// A band between `top` and `bottom`, linear between its (x, top,
    /// bottom) points, x ascending.
    Band(Vec<(f64, f64, f64)>),
    /// A rectangle.
    Rect(Rect),
}

/// How much of rectangle `r`, grown by `gap`, the obstacles cover: one per
/// layout unit of a band's width, one per rectangle. Zero means free.
pub(super) fn hits(obstacles: &[Obstacle], r: Rect, gap: f64) -> usize {
    let (x0, y0, x1, y1) = (r.0 - gap, r.1 - gap, r.2 + gap, r.3 + gap);
    let mut count = 0;
    for o in obstacles {
        match o {
            Obstacle::Rect((a, b, c, d)) => count += usize::from(*a <= x1 && *c >= x0 && *b <= y1 && *d >= y0),
            Obstacle::Band(pts) => {
                for seg in pts.windows(2) {
                    let ((xa, ta, ba), (xb, tb, bb)) = (seg[0], seg[1]);
                    let mut x = xa.max(x0);
                    while x <= xb.min(x1) {
                        let t = if xb > xa { (x - xa) / (xb - xa) } else { 0.0 };
                        let (top, bottom) = (ta + t * (tb - ta), ba + t * (bb - ba));
                        count += usize::from(top <= y1 && bottom >= y0);
                        x += 1.0;
                    }
                }
            }
        }
    }
    count
}

/// The first of `candidates` (top-left corners of a `size` box) inside the
/// frame that nothing covers, else the least covered one, else `None`.
pub(super) fn least_covered(
    frame: &Frame,
    obstacles: &[Obstacle],
    candidates: &[Pt],
    (w, h): (f64, f64),
) -> Option<(Pt, usize)> {
    candidates
        .iter()
        .filter(|&&(x, y)| frame.holds((x, y, x + w, y + h), 2.0))
        .map(|&(x, y)| ((x, y), hits(obstacles, (x, y, x + w, y + h), 3.0)))
        .min_by_key(|&(_, n)| n)
}

/// Round tick values from `lo` to `hi`, about `max` of them at most, whole
/// numbers only (steps of 1, 2 or 5 times a power of ten).
pub(super) fn integer_ticks(lo: f64, hi: f64, max: f64) -> Vec<f64> {
    let raw = ((hi - lo) / max.max(1.0)).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|&s| s >= raw).unwrap_or(10.0 * mag);
    let (first, last) = ((lo / step).ceil() as i64, (hi / step).floor() as i64);
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Grid of a legend: `widths` of its entries laid out row by row in as many
/// columns as fit in `max_width` (with `gap` between columns), each column
/// as wide as its widest entry. Returns the column widths.
pub(super) fn legend_columns(widths: &[f64], max_width: f64, gap: f64) -> Vec<f64> {
    let columns = |cols: usize| -> Vec<f64> {
        (0..cols).map(|c| widths.iter().skip(c).step_by(cols).copied().fold(0.0, f64::max)).collect()
    };
    let fits = |cols: &[f64]| cols.iter().sum::<f64>() + gap * (cols.len() as f64 - 1.0) <= max_width;
    (1..=widths.len().max(1)).rev().map(columns).find(|c| fits(c)).unwrap_or_else(|| columns(1))
}

/// The title (at most two lines, shrunk to fit if need be) and the caption
/// above the plot, wrapped to a width.
pub(super) struct Header {
    title: Vec<String>,
    title_size: f64,
    caption: Vec<String>,
}

impl Header {
    pub fn new(title: &str, caption: &str, width: f64) -> Result<Header, PlanError> {
        let mut title_size = TITLE;
        let mut lines = wrap(title, title_size, width)?;
        while lines.len() > 2 && title_size > 14.0 {
            title_size -= 1.0;
            lines = wrap(title, title_size, width)?;
        }
        Ok(Header { title: lines, title_size, caption: wrap(caption, CAPTION, width)? })
    }

    /// Where the header ends, from the top of the figure.
    pub fn height(&self) -> f64 {
        MARGIN + self.title.len() as f64 * self.title_size * 1.2 + self.caption.len() as f64 * CAPTION * 1.3
    }

    pub fn draw<DB: DrawingBackend>(&self, c: &Canvas<'_, DB>) -> Result<(), PlanError> {
        let mut y = MARGIN;
        for line in &self.title {
            y += self.title_size * 1.2;
            c.text(line, (MARGIN, y - self.title_size * 0.28), self.title_size, HPos::Left, INK)?;
        }
        for line in &self.caption {
            y += CAPTION * 1.3;
            c.text(line, (MARGIN, y - CAPTION * 0.3), CAPTION, HPos::Left, DIM)?;
        }
        Ok(())
    }
}

/// The points of a line with its band, (x, y, y_low, y_high) by x
/// ascending, within the frame's x range: cut at its edges.
pub(super) fn clip(points: &[(f64, f64, f64, f64)], f: &Frame) -> Vec<(f64, f64, f64, f64)> {
    let lerp = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64), x: f64| {
        let t = (x - a.0) / (b.0 - a.0);
        (x, a.1 + t * (b.1 - a.1), a.2 + t * (b.2 - a.2), a.3 + t * (b.3 - a.3))
    };
    let mut out = Vec::new();
    for (k, &p) in points.iter().enumerate() {
        if let Some(&prev) = k.checked_sub(1).and_then(|j| points.get(j)) {
            for edge in [f.x_lo, f.x_hi] {
                if (prev.0 < edge && p.0 > edge) || (prev.0 > edge && p.0 < edge) {
                    out.push(lerp(prev, p, edge));
                }
            }
        }
        if (f.x_lo..=f.x_hi).contains(&p.0) {
            out.push(p);
        }
    }
    out
}

/// An axis: tick values with their labels, and a description.
pub(super) struct Axis {
    pub ticks: Vec<(f64, String)>,
    pub desc: String,
}

/// Draws the grid, the left (y), bottom (x) and optional top axes, their
/// ticks, labels and descriptions. The y description reads upwards at the
/// left margin; the top axis's sits left of its tick labels.
pub(super) fn draw_axes<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    f: &Frame,
    x: &Axis,
    y: &Axis,
    top: Option<&Axis>,
) -> Result<(), PlanError> {
    let (dim, grid) = (DIM.mix(1.0), GRID.mix(1.0));
    for (v, label) in &y.ticks {
        let y = f.y(*v);
        c.line(&[(f.left, y), (f.right, y)], grid, 0.9)?;
        c.line(&[(f.left - TICK_LEN, y), (f.left, y)], dim, 1.0)?;
        c.text(label, (f.left - TICK_LEN - 4.0, y + TICK * 0.31), TICK, HPos::Right, INK)?;
    }
    for (v, label) in &x.ticks {
        let x = f.x(*v);
        c.line(&[(x, f.top), (x, f.bottom)], grid, 0.9)?;
        c.line(&[(x, f.bottom), (x, f.bottom + TICK_LEN)], dim, 1.0)?;
        c.text(label, (x, f.bottom + TICK_LEN + 2.0 + TICK * 0.75), TICK, HPos::Center, INK)?;
    }
    c.line(&[(f.left, f.top), (f.left, f.bottom), (f.right, f.bottom)], dim, 1.0)?;
    if let Some(top) = top {
        let baseline = f.top - TICK_LEN - 4.0 - TICK * 0.1;
        let desc_end = f.left - TICK_LEN - 4.0;
        c.line(&[(f.left, f.top), (f.right, f.top)], dim, 1.0)?;
        c.text(&top.desc, (desc_end, baseline), TICK, HPos::Right, INK)?;
        for (v, label) in &top.ticks {
            let x = f.x(*v);
            c.line(&[(x, f.top - TICK_LEN), (x, f.top)], dim, 1.0)?;
            if x - text_width(label, TICK)? / 2.0 > desc_end + 6.0 {
                c.text(label, (x, baseline), TICK, HPos::Center, INK)?;
            }
        }
    }
    let x_desc = f.bottom + TICK_LEN + 2.0 + TICK * 1.2 + AXIS * 0.95;
    c.text(&x.desc, ((f.left + f.right) / 2.0, x_desc), AXIS, HPos::Center, INK)?;
    c.text_up(&y.desc, (MARGIN + AXIS * 0.9, (f.top + f.bottom) / 2.0), AXIS, INK)
}

/// Width and height of a legend with these column widths and entries.
pub(super) fn legend_size(cols: &[f64], entries: usize) -> (f64, f64) {
    let w = cols.iter().sum::<f64>() + COL_GAP * (cols.len() as f64 - 1.0) + 2.0 * PAD;
    (w, entries.div_ceil(cols.len().max(1)) as f64 * ROW + PAD)
}

/// Draws a legend box at `at` with `labels` row by row in columns of
/// widths `cols`; `swatch(k, (x, y_centre))` draws entry k's swatch.
pub(super) fn draw_legend<DB: DrawingBackend>(
    c: &Canvas<'_, DB>,
    (lx, ly): Pt,
    cols: &[f64],
    labels: &[String],
    mut swatch: impl FnMut(usize, Pt) -> Result<(), PlanError>,
) -> Result<(), PlanError> {
    let (lw, lh) = legend_size(cols, labels.len());
    c.rect((lx, ly), (lx + lw, ly + lh), WHITE.mix(0.92), Some(GRID.mix(1.0)))?;
    for (k, text) in labels.iter().enumerate() {
        let col = k % cols.len();
        let x = lx + PAD + cols[..col].iter().map(|w| w + COL_GAP).sum::<f64>();
        let yc = ly + PAD / 2.0 + (k / cols.len()) as f64 * ROW + ROW / 2.0;
        swatch(k, (x, yc))?;
        c.text(text, (x + SWATCH + 8.0, yc + LEGEND * 0.33), LEGEND, HPos::Left, INK)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_whole_numbers() {
        assert_eq!(integer_ticks(0.0, 119.0, 8.0), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(integer_ticks(24.0, 36.0, 8.0), vec![24.0, 26.0, 28.0, 30.0, 32.0, 34.0, 36.0]);
        assert_eq!(integer_ticks(0.0, 4.0, 10.0), vec![0.0, 1.0, 2.0, 3.0, 4.0]);
    }

    #[test]
    fn legend_takes_as_many_columns_as_fit() {
        assert_eq!(legend_columns(&[100.0, 50.0, 80.0, 60.0], 400.0, 10.0), vec![100.0, 50.0, 80.0, 60.0]);
        assert_eq!(legend_columns(&[100.0, 50.0, 80.0, 60.0], 200.0, 10.0), vec![100.0, 60.0]);
        assert_eq!(legend_columns(&[300.0], 200.0, 10.0), vec![300.0]);
    }

    #[test]
    fn lines_are_cut_at_the_frame() {
        let f =
            Frame { left: 0.0, right: 100.0, top: 0.0, bottom: 100.0, x_lo: 10.0, x_hi: 20.0, y_lo: 0.0, y_hi: 1.0 };
        let pts = [(0.0, 0.0, 0.0, 0.0), (15.0, 0.5, 0.4, 0.6), (30.0, 1.0, 1.0, 1.0)];
        let cut = clip(&pts, &f);
        assert_eq!(cut.len(), 3);
        assert_eq!((cut[0].0, cut[1].0, cut[2].0), (10.0, 15.0, 20.0));
        assert!((cut[0].1 - 1.0 / 3.0).abs() < 1e-12 && (cut[2].1 - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn bands_and_rects_block() {
        let band = Obstacle::Band(vec![(0.0, 40.0, 60.0), (100.0, 0.0, 20.0)]);
        assert_eq!(hits(std::slice::from_ref(&band), (60.0, 60.0, 100.0, 100.0), 0.0), 0);
        assert!(hits(&[band], (40.0, 30.0, 60.0, 40.0), 0.0) > 0);
        assert_eq!(hits(&[Obstacle::Rect((0.0, 0.0, 10.0, 10.0))], (12.0, 0.0, 20.0, 5.0), 1.0), 0);
        assert_eq!(hits(&[Obstacle::Rect((0.0, 0.0, 10.0, 10.0))], (12.0, 0.0, 20.0, 5.0), 3.0), 1);
    }
}
