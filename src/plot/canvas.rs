//! Drawing in layout units on plotters' SVG and bitmap backends: the
//! bundled font, text placed by its baseline, and PNG encoding.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

use crate::error::PlanError;

/// Renders an SVG of [`BASE_SIZE`] with `draw`. Its coordinates are
/// whole numbers (plotters' SVG backend rounds them), so it is drawn in a
/// viewBox [`SVG_SCALE`] times larger, for smoother lines and dashes.
pub(super) fn svg(
    draw: impl FnOnce(&Canvas<'_, SVGBackend<'_>>) -> Result<(), PlanError>,
) -> Result<Vec<u8>, PlanError> {
    register_font()?;
    let (w, h) = BASE_SIZE;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w * SVG_SCALE, h * SVG_SCALE)).into_drawing_area();
        draw(&Canvas::new(&root, f64::from(SVG_SCALE), SVG_BASELINE))?;
        root.present().map_err(draw_error)?;
    }
    let drawn = format!("<svg width=\"{}\" height=\"{}\" ", w * SVG_SCALE, h * SVG_SCALE);
    match svg.strip_prefix(&drawn) {
        Some(rest) => Ok(format!("<svg width=\"{w}\" height=\"{h}\" {rest}").into_bytes()),
        None => Err(PlanError::Internal("plotters' SVG does not start as expected".into())),
    }
}

/// Renders a PNG of [`BASE_SIZE`] × [`PNG_SCALE`] with `draw`.
pub(super) fn png(
    draw: impl FnOnce(&Canvas<'_, BitMapBackend<'_>>) -> Result<(), PlanError>,
) -> Result<Vec<u8>, PlanError> {
    register_font()?;
    let k = PNG_SCALE * SUPERSAMPLE;
    let (w, h) = (BASE_SIZE.0 * k, BASE_SIZE.1 * k);
    let mut buf = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        draw(&Canvas::new(&root, f64::from(k), BITMAP_BASELINE))?;
        root.present().map_err(draw_error)?;
    }
    let small = downsample(&buf, w as usize, h as usize, SUPERSAMPLE as usize);
    encode_png(&small, w / SUPERSAMPLE, h / SUPERSAMPLE)
}

/// Size of the figure in layout units (SVG pixels).
const BASE_SIZE: (u32, u32) = (800, 500);
/// SVG viewBox units per layout unit.
const SVG_SCALE: u32 = 2;
/// PNG pixels per layout unit.
const PNG_SCALE: u32 = 2;
/// The PNG is drawn this many times larger in each direction, then averaged.
const SUPERSAMPLE: u32 = 2;
/// PNG resolution tag: 400 dpi in pixels per metre.
const PNG_PIXELS_PER_METRE: u32 = 15_748;
/// Where the baseline falls below a top-anchored text's position, in font
/// sizes: plotters' SVG backend sets `dy = 0.76em` with em = size / 1.24;
/// its ab_glyph rasterizer puts the baseline half a size down.
const SVG_BASELINE: f64 = 0.76 / 1.24;
const BITMAP_BASELINE: f64 = 0.5;

/// The bundled font.
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Registers the bundled font as plotters' "sans-serif", once per process.
fn register_font() -> Result<(), PlanError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font("sans-serif", FontStyle::Normal, DEJAVU_SANS)
                .map_err(|_| "the bundled font assets/fonts/DejaVuSans.ttf cannot be read".to_string())
        })
        .clone()
        .map_err(PlanError::Internal)
}

/// A plotters drawing error as ours.
fn draw_error(e: impl std::fmt::Display) -> PlanError {
    PlanError::Internal(format!("cannot draw the power-curve plot: {e}"))
}

/// Averages each `k` × `k` block of an RGB image.
fn downsample(buf: &[u8], w: usize, h: usize, k: usize) -> Vec<u8> {
    let (sw, sh) = (w / k, h / k);
    let mut out = vec![0u8; sw * sh * 3];
    for y in 0..sh {
        for x in 0..sw {
            for c in 0..3 {
                let mut sum = 0usize;
                for dy in 0..k {
                    for dx in 0..k {
                        sum += usize::from(buf[((y * k + dy) * w + x * k + dx) * 3 + c]);
                    }
                }
                out[(y * sw + x) * 3 + c] = ((sum + k * k / 2) / (k * k)) as u8;
            }
        }
    }
    out
}

/// Encodes 8-bit RGB pixels as a PNG tagged 400 dpi.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, PlanError> {
    let err = |e: png::EncodingError| PlanError::Internal(format!("cannot encode the power-curve PNG: {e}"));
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let dpi = png::PixelDimensions { xppu: PNG_PIXELS_PER_METRE, yppu: PNG_PIXELS_PER_METRE, unit: png::Unit::Meter };
    encoder.set_pixel_dims(Some(dpi));
    let mut writer = encoder.write_header().map_err(err)?;
    writer.write_image_data(rgb).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(out)
}

/// A drawing area addressed in layout units (SVG pixels, y down), whatever
/// the backend's resolution.
pub(super) struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    /// Backend pixels per layout unit.
    scale: f64,
    /// Baseline offset of top-anchored text, in font sizes.
    baseline: f64,
    /// Width and height in layout units.
    pub(super) size: (f64, f64),
}

/// A point in layout units.
pub(super) type Pt = (f64, f64);

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    fn new(area: &'a DrawingArea<DB, Shift>, scale: f64, baseline: f64) -> Self {
        Canvas { area, scale, baseline, size: (f64::from(BASE_SIZE.0), f64::from(BASE_SIZE.1)) }
    }

    fn px(&self, (x, y): Pt) -> (i32, i32) {
        ((x * self.scale).round() as i32, (y * self.scale).round() as i32)
    }

    fn width(&self, w: f64) -> u32 {
        (w * self.scale).round().max(1.0) as u32
    }

    pub(super) fn fill(&self, color: RGBColor) -> Result<(), PlanError> {
        self.area.fill(&color).map_err(draw_error)
    }

    pub(super) fn line(&self, points: &[Pt], color: RGBAColor, width: f64) -> Result<(), PlanError> {
        let pts: Vec<_> = points.iter().map(|&p| self.px(p)).collect();
        self.area.draw(&PathElement::new(pts, color.stroke_width(self.width(width)))).map_err(draw_error)
    }

    pub(super) fn dashed(
        &self,
        points: &[Pt],
        color: RGBAColor,
        width: f64,
        dash: (f64, f64),
    ) -> Result<(), PlanError> {
        let pts: Vec<_> = points.iter().map(|&p| self.px(p)).collect();
        let (on, off) = ((dash.0 * self.scale).round() as i32, (dash.1 * self.scale).round() as i32);
        let style = color.stroke_width(self.width(width));
        self.area.draw(&DashedPathElement::new(pts, on, off, style)).map_err(draw_error)
    }

    /// A dashed line whose dashes are laid out here, along the line's
    /// length in layout units, rather than by the backend: "on" for
    /// `dash.0`, "off" for `dash.1`, starting `phase` into the pattern.
    /// The same dashes on every backend, so two lines with the same pattern
    /// and shifted phases alternate exactly (coinciding curves).
    pub(super) fn dashes(
        &self,
        points: &[Pt],
        color: RGBAColor,
        width: f64,
        dash: (f64, f64),
        phase: f64,
    ) -> Result<(), PlanError> {
        for piece in dash_pieces(points, dash, phase) {
            self.line(&piece, color, width)?;
        }
        Ok(())
    }

    pub(super) fn polygon(&self, points: &[Pt], color: RGBAColor) -> Result<(), PlanError> {
        let pts: Vec<_> = points.iter().map(|&p| self.px(p)).collect();
        self.area.draw(&Polygon::new(pts, color.filled())).map_err(draw_error)
    }

    pub(super) fn rect(
        &self,
        (x0, y0): Pt,
        (x1, y1): Pt,
        fill: RGBAColor,
        border: Option<RGBAColor>,
    ) -> Result<(), PlanError> {
        let (a, b) = (self.px((x0, y0)), self.px((x1, y1)));
        self.area.draw(&Rectangle::new([a, b], fill.filled())).map_err(draw_error)?;
        match border {
            Some(c) => self.area.draw(&Rectangle::new([a, b], c.stroke_width(self.width(0.8)))).map_err(draw_error),
            None => Ok(()),
        }
    }

    pub(super) fn circle(
        &self,
        c: Pt,
        r: f64,
        fill: RGBAColor,
        stroke: Option<(RGBAColor, f64)>,
    ) -> Result<(), PlanError> {
        let (c, r) = (self.px(c), self.width(r));
        self.area.draw(&Circle::new(c, r, fill.filled())).map_err(draw_error)?;
        match stroke {
            Some((color, w)) => {
                self.area.draw(&Circle::new(c, r, color.stroke_width(self.width(w)))).map_err(draw_error)
            }
            None => Ok(()),
        }
    }

    /// Draws `text` with its baseline at `y`, anchored at `x` by `h`.
    pub(super) fn text(&self, text: &str, (x, y): Pt, size: f64, h: HPos, color: RGBColor) -> Result<(), PlanError> {
        let style = self.style(size, color).pos(Pos::new(h, VPos::Top));
        let pos = self.px((x, y - self.baseline * size));
        self.area.draw_text(text, &style, pos).map_err(draw_error)
    }

    /// Draws `text` reading upwards, centred on `y`, its baseline at `x`.
    pub(super) fn text_up(&self, text: &str, (x, y): Pt, size: f64, color: RGBColor) -> Result<(), PlanError> {
        let style = self.style(size, color).transform(FontTransform::Rotate270).pos(Pos::new(HPos::Center, VPos::Top));
        let pos = self.px((x - self.baseline * size, y));
        self.area.draw_text(text, &style, pos).map_err(draw_error)
    }

    fn style(&self, size: f64, color: RGBColor) -> TextStyle<'static> {
        let mut style = TextStyle::from((FontFamily::SansSerif, size * self.scale));
        style.color = color.to_backend_color();
        style
    }
}

/// The "on" pieces of a dashed polyline: each a polyline of its own,
/// following the corners. The pattern repeats every `on + off` units of
/// length, and a piece starts wherever `(length - phase) mod period` is 0.
pub(super) fn dash_pieces(points: &[Pt], (on, off): (f64, f64), phase: f64) -> Vec<Vec<Pt>> {
    let period = on + off;
    let mut pieces: Vec<Vec<Pt>> = Vec::new();
    if period <= 0.0 || points.len() < 2 {
        return pieces;
    }
    let is_on = |s: f64| (s - phase).rem_euclid(period) < on;
    // Where the pattern next changes after length s.
    let next_change = |s: f64| {
        let t = (s - phase).rem_euclid(period);
        s + if t < on { on - t } else { period - t }
    };
    let mut s = 0.0;
    let mut current: Option<Vec<Pt>> = None;
    for seg in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (seg[0], seg[1]);
        let len = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
        let at = |u: f64| if len > 0.0 { (x0 + (x1 - x0) * u / len, y0 + (y1 - y0) * u / len) } else { (x0, y0) };
        let mut u = 0.0;
        while u < len {
            let end = (next_change(s + u) - s).min(len);
            if is_on(s + u) {
                let piece = current.get_or_insert_with(|| vec![at(u)]);
                piece.push(at(end));
            } else if let Some(done) = current.take() {
                pieces.push(done);
            }
            // Guard against no progress from rounding at a boundary.
            u = if end > u { end } else { u + 1e-9 };
        }
        s += len;
    }
    pieces.extend(current);
    pieces
}

/// Width of `text` at font size `size`, in layout units (backend-independent).
pub(super) fn text_width(text: &str, size: f64) -> Result<f64, PlanError> {
    const FINE: f64 = 16.0;
    let font = FontDesc::new(FontFamily::SansSerif, size * FINE, FontStyle::Normal);
    let (w, _) = font.box_size(text).map_err(|e| PlanError::Internal(format!("cannot measure plot text: {e}")))?;
    Ok(f64::from(w) / FINE)
}

/// Splits `text` at spaces into lines no wider than `max` (a single word
/// wider than `max` gets a line of its own).
pub(super) fn wrap(text: &str, size: f64, max: f64) -> Result<Vec<String>, PlanError> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if line.is_empty() || text_width(&candidate, size)? <= max {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsample_averages_blocks() {
        // A 4 × 2 image: left block black and white pixels, right block grey.
        let mut buf = vec![0u8; 4 * 2 * 3];
        for (i, px) in buf.chunks_mut(3).enumerate() {
            let v = match (i % 4, i / 4) {
                (0, 0) | (1, 1) => 255,
                (0, 1) | (1, 0) => 0,
                _ => 100,
            };
            px.fill(v);
        }
        assert_eq!(downsample(&buf, 4, 2, 2), vec![128, 128, 128, 100, 100, 100]);
    }

    #[test]
    fn dashes_alternate_along_the_line() {
        let line = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)];
        let a = dash_pieces(&line, (4.0, 4.0), 0.0);
        let b = dash_pieces(&line, (4.0, 4.0), 4.0);
        let xs = |p: &[Vec<Pt>]| p.iter().map(|v| (v[0], *v.last().unwrap())).collect::<Vec<_>>();
        assert_eq!(xs(&a), vec![((0.0, 0.0), (4.0, 0.0)), ((8.0, 0.0), (10.0, 2.0)), ((10.0, 6.0), (10.0, 10.0))]);
        assert_eq!(xs(&b), vec![((4.0, 0.0), (8.0, 0.0)), ((10.0, 2.0), (10.0, 6.0))]);
        // A piece that turns the corner keeps the corner point.
        assert_eq!(a[1], vec![(8.0, 0.0), (10.0, 0.0), (10.0, 2.0)]);
    }

    #[test]
    fn png_is_tagged_400_dpi() {
        let bytes = encode_png(&[255; 2 * 2 * 3], 2, 2).unwrap();
        let info = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap().info().clone();
        let dims = info.pixel_dims.unwrap();
        assert_eq!((info.width, dims.xppu, dims.unit), (2, PNG_PIXELS_PER_METRE, png::Unit::Meter));
        assert_eq!((f64::from(dims.xppu) * 0.0254).round(), 400.0);
    }
}
