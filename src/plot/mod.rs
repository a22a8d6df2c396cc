//! Figures of a planning run, as SVG or PNG (`plan --plot PATH`).
//!
//! There are two figures: the sensitivity grid's heatmap ([`grid_heatmap`],
//! `heatmap.rs`), and the power curve ([`power_curve`]): simulated
//! power against n per arm for each primary comparison and the study goal,
//! each with its 95% Monte Carlo band, the target power, the recommended n
//! (or, when the target is not reached, the best n seen, labelled as such),
//! and faint dashed lines for the sensitivity variants, each marked at its
//! own recommended n. It is drawn for a grant
//! proposal: readable at half an A4 page width, colour-blind safe, and
//! byte-identical for the same result.
//!
//! - **Colours** are the Okabe–Ito palette (Okabe, M. & Ito, K. 2008, *Color
//!   Universal Design (CUD): how to make figures and presentations that are
//!   friendly to colorblind people*, <https://jfly.uni-koeln.de/color/>),
//!   distinguishable under the common forms of colour blindness; its black
//!   is kept for the study goal.
//! - **Text** is DejaVu Sans, bundled in `assets/fonts/` (licence beside it)
//!   and compiled in, so a PNG looks the same on every machine and needs no
//!   system fonts. An SVG keeps its text as text in the `sans-serif` family.
//! - **Sizes**: the SVG is 800 × 500 px (drawn in a 1600 × 1000 viewBox,
//!   for finer coordinates); the PNG is 1600 × 1000 px, drawn at twice that
//!   and averaged down (anti-aliasing), and tagged 400 dpi, so it is 4 × 2.5
//!   inches (10.2 × 6.4 cm) when placed at its natural size.
//!
//! Drawing uses plotters' backends only; the layout (axes, ticks, legend
//! placement) is done here, so that nothing overlaps whatever the data.

mod canvas;
mod chart;
mod heatmap;
mod power_curve;

use std::path::Path;

use crate::engine::PlanResult;
use crate::error::PlanError;

/// Image format, chosen from the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Scalable vector graphics, text kept as text.
    Svg,
    /// A 1600 × 1000 px RGB bitmap.
    Png,
}

impl ImageFormat {
    /// The format named by `path`'s extension, `svg` or `png` in any case;
    /// `None` for any other extension or none.
    pub fn from_path(path: &Path) -> Option<ImageFormat> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("svg") {
            Some(ImageFormat::Svg)
        } else if ext.eq_ignore_ascii_case("png") {
            Some(ImageFormat::Png)
        } else {
            None
        }
    }
}

/// Renders the power curve of `result` (base variant on the regular grid;
/// plus faint dashed lines for sensitivity variants) to bytes.
///
/// Draws one line per primary comparison, the goal's line (thick, black)
/// when there are several primary comparisons, a shaded 95% Monte Carlo band
/// around each, the target power (dashed), and the recommended n (marked and
/// labelled, or "target not reached" with the best n seen). Comparisons with
/// coinciding curves alternate in dashes. Secondary comparisons are not drawn;
/// the caption says so. With a single n (`--n`) the powers are points with
/// error bars. The same result gives the same bytes.
pub fn power_curve(result: &PlanResult, format: ImageFormat) -> Result<Vec<u8>, PlanError> {
    match format {
        ImageFormat::Svg => canvas::svg(|c| power_curve::draw(c, result)),
        ImageFormat::Png => canvas::png(|c| power_curve::draw(c, result)),
    }
}

/// Renders the sensitivity grid of `result` as a heatmap (`--plot-grid`):
/// effect factor against SD factor, the recommended n in each cell, one
/// panel per dropout. An error when the result has no grid.
pub fn grid_heatmap(result: &PlanResult, format: ImageFormat) -> Result<Vec<u8>, PlanError> {
    match format {
        ImageFormat::Svg => canvas::svg(|c| heatmap::draw(c, result)),
        ImageFormat::Png => canvas::png(|c| heatmap::draw(c, result)),
    }
}
