//! The power-curve plot (`--plot`): SVG structure, PNG size, determinism,
//! the single-n (`--n`) case, coinciding comparisons, the goal beneath the
//! comparisons, the sensitivity variants' own markers, and the grid rows.

use std::path::Path;
use std::sync::OnceLock;

use plan::engine::{run, Mode, NoProgress, PlanResult, RunOptions};
use plan::plot::{power_curve, ImageFormat};
use plan::scenario::{Overrides, Scenario};

/// Stroke colours of the hair scenario's three primary comparisons
/// (Okabe–Ito blue, vermillion, bluish green), as the SVG writes them.
const PRIMARY_STROKES: [&str; 3] = ["#0072B2", "#D55E00", "#009E73"];

fn hair(mode: Mode, replicates: u64) -> PlanResult {
    let overrides = Overrides { replicates: Some(replicates), sensitivity: true, ..Default::default() };
    let s = Scenario::from_file("scenarios/hair.toml".as_ref(), &overrides).unwrap();
    run(&s, mode, RunOptions::default(), &NoProgress).unwrap()
}

/// The hair scenario searched with 2000 replicates and the sensitivity
/// variants, computed once for all tests.
fn searched() -> &'static PlanResult {
    static RESULT: OnceLock<PlanResult> = OnceLock::new();
    RESULT.get_or_init(|| hair(Mode::Search, 2000))
}

fn svg_text(result: &PlanResult) -> String {
    String::from_utf8(power_curve(result, ImageFormat::Svg).unwrap()).unwrap()
}

/// Every `<text>` element's content.
fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().trim().to_string())
        .collect()
}

#[test]
fn format_from_extension() {
    assert_eq!(ImageFormat::from_path(Path::new("out/curve.svg")), Some(ImageFormat::Svg));
    assert_eq!(ImageFormat::from_path(Path::new("curve.PNG")), Some(ImageFormat::Png));
    assert_eq!(ImageFormat::from_path(Path::new("curve.Svg")), Some(ImageFormat::Svg));
    assert_eq!(ImageFormat::from_path(Path::new("curve.pdf")), None);
    assert_eq!(ImageFormat::from_path(Path::new("curve")), None);
    assert_eq!(ImageFormat::from_path(Path::new("svg")), None);
}

#[test]
fn svg_has_one_line_per_primary_comparison_goal_and_variant() {
    let result = searched();
    assert_eq!(result.sensitivity.len(), 2, "hair runs two default sensitivity variants");
    let svg = svg_text(result);
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!((root.attribute("width"), root.attribute("height")), (Some("800"), Some("500")));

    // The legend: 3 primary + 1 goal + 2 variant lines, and the target.
    let texts = texts(&doc);
    let mut expected: Vec<String> =
        ["CM vs vehicle", "exosome vs vehicle", "whole cell vs vehicle", "goal: each (weakest comparison)"]
            .map(String::from)
            .to_vec();
    expected.extend(result.sensitivity.iter().map(|v| {
        let n = v.recommendation.as_ref().unwrap().n_per_arm;
        format!("goal, {} (n = {n})", v.variant)
    }));
    for label in &expected {
        assert_eq!(texts.iter().filter(|t| *t == label).count(), 1, "legend entry {label:?} in {texts:?}");
    }
    assert!(texts.iter().any(|t| t == "target power 0.8"), "{texts:?}");
    // The secondary comparison is left out, and the caption says so.
    assert!(!texts.iter().any(|t| t.contains("CM non-inferior")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("Secondary comparisons not shown")), "{texts:?}");

    // The lines themselves: each primary colour and the goal's black run
    // across most of the plot (solid, or dashed where a line coincides with
    // an earlier one), beyond their short legend swatches. The SVG is drawn
    // in a 1600 × 1000 viewBox.
    let view_width = 1600.0;
    for stroke in PRIMARY_STROKES.iter().chain(&["#000000"]) {
        let xs: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(*stroke))
            .flat_map(|n| {
                n.attribute("points").unwrap_or_default().split_whitespace().map(str::to_string).collect::<Vec<_>>()
            })
            .map(|p| p.split(',').next().unwrap().parse::<f64>().unwrap())
            .collect();
        let (lo, hi) = xs.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        assert!(hi - lo > 0.6 * view_width, "line in {stroke} spans {lo}..{hi}");
    }
    // The shaded bands: one polygon per primary comparison and the goal
    // (the white polygons are the variants' markers).
    let bands = doc.descendants().filter(|n| n.has_tag_name("polygon") && n.attribute("fill") != Some("#FFFFFF"));
    assert_eq!(bands.count(), 4);

    // Title, axes and caption.
    assert!(texts.contains(&result.title));
    for label in ["Power", "n per arm", "total N", "1.0", "240"] {
        assert!(texts.iter().any(|t| t == label), "{label:?} in {texts:?}");
    }
    let caption = texts.join(" ");
    for part in ["α = 0.05", "Dunnett", "2,000 simulated studies per n", &format!("seed {}", result.seed)] {
        assert!(caption.contains(part), "{part:?} in {caption:?}");
    }
    let rec = result.recommendation.as_ref().unwrap();
    let marker = format!("n = {} participants per arm (N = {})", rec.n_per_arm, rec.n_total);
    assert!(texts.contains(&marker), "{marker:?} in {texts:?}");
}

#[test]
fn png_decodes_at_1600_by_1000() {
    let bytes = power_curve(searched(), ImageFormat::Png).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    assert_eq!((frame.width, frame.height), (1600, 1000));
    let pixels = &buf[..frame.buffer_size()];
    // Mostly white paper, with the Okabe–Ito blue of the first line on it.
    let step = frame.buffer_size() / (frame.width * frame.height) as usize;
    let white = pixels.chunks(step).filter(|p| p[..3] == [255, 255, 255]).count();
    assert!(white > 1_000_000, "{white} white pixels");
    assert!(pixels.chunks(step).any(|p| p[..3] == [0x00, 0x72, 0xB2]), "no line in #0072B2");
}

#[test]
fn same_input_same_bytes() {
    let result = searched();
    for format in [ImageFormat::Svg, ImageFormat::Png] {
        let a = power_curve(result, format).unwrap();
        let b = power_curve(&result.clone(), format).unwrap();
        assert!(a == b, "{format:?} output differs between two renderings");
    }
}

#[test]
fn single_n_renders_points() {
    let result = hair(Mode::AtN(30), 500);
    assert!(result.recommendation.is_none());
    for format in [ImageFormat::Svg, ImageFormat::Png] {
        let bytes = power_curve(&result, format).unwrap();
        assert!(!bytes.is_empty());
    }
    let svg = svg_text(&result);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts = texts(&doc);
    let total = result.curve.iter().find(|r| r.variant == "base").unwrap().n_total;
    assert!(texts.contains(&format!("n per arm (total N = {total})")), "{texts:?}");
    assert!(!texts.iter().any(|t| t.starts_with("n = ")), "no recommended-n marker with --n");
    // Points, not lines: one circle per primary, goal and variant, plus one
    // in each of their legend swatches (a hollow one adds its outline).
    let circles = doc.descendants().filter(|n| n.has_tag_name("circle") && n.attribute("fill") != Some("none")).count();
    assert_eq!(circles, 2 * 6);
}

#[test]
fn unreached_target_is_labelled() {
    let toml = r#"
title = "two groups, d = 0.3, at most 40 per group"
[outcome]
name = "y"
sd = 1.0
[[arms]]
name = "control"
mean = 0.0
[[arms]]
name = "treated"
mean = 0.3
[[comparisons]]
treatment = "treated"
reference = "control"
[analysis]
multiplicity = "holm"
[simulation]
replicates = 500
n_max = 40
"#;
    let s = Scenario::from_toml(toml, "two.toml".as_ref(), &Overrides::default()).unwrap();
    let result = run(&s, Mode::Search, RunOptions::default(), &NoProgress).unwrap();
    assert!(!result.recommendation.as_ref().unwrap().reached);
    let svg = svg_text(&result);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts = texts(&doc);
    assert!(texts.contains(&"target not reached; best seen: n = 40 per arm".to_string()), "{texts:?}");
    assert!(!texts.iter().any(|t| t.starts_with("n = 40")), "never worded as a recommendation: {texts:?}");
    let caption = texts.join(" ");
    assert!(caption.contains("not reached by n = 40 per arm: raise simulation.n_max"), "{caption}");
    // One primary comparison: its own line, no goal line, no secondary note.
    assert!(texts.contains(&"treated vs control".to_string()), "{texts:?}");
    assert!(!texts.iter().any(|t| t.starts_with("goal")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("Welch t test, Holm adjustment.")), "{texts:?}");
    assert!(power_curve(&result, ImageFormat::Png).is_ok());
}

/// Renders the hair plan as shipped (10 000 replicates) to `$PLOT_CHECK_DIR`
/// (default /tmp/plot_check) for a person to look at:
/// `cargo test --release --test plot -- --ignored`.
#[test]
#[ignore]
fn render_for_inspection() {
    let dir = std::env::var("PLOT_CHECK_DIR").unwrap_or_else(|_| "/tmp/plot_check".into());
    std::fs::create_dir_all(&dir).unwrap();
    let result = hair(Mode::Search, 10_000);
    for (name, format) in [("curve.png", ImageFormat::Png), ("curve.svg", ImageFormat::Svg)] {
        std::fs::write(Path::new(&dir).join(name), power_curve(&result, format).unwrap()).unwrap();
    }
    let at_n = hair(Mode::AtN(30), 10_000);
    std::fs::write(Path::new(&dir).join("at_n.png"), power_curve(&at_n, ImageFormat::Png).unwrap()).unwrap();
}

/// Every polyline of `stroke` in the SVG: its points.
fn polylines(doc: &roxmltree::Document<'_>, stroke: &str) -> Vec<Vec<(f64, f64)>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(stroke))
        .map(|n| {
            n.attribute("points")
                .unwrap_or_default()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

fn length(line: &[(f64, f64)]) -> f64 {
    line.windows(2).map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt()).sum()
}

#[test]
fn coinciding_comparisons_alternate_and_the_caption_says_so() {
    // In hair, "whole cell vs vehicle" (bluish green) has the same curve as
    // "CM vs vehicle" (blue): the blue is drawn solid, the green in dashes
    // as long as its gaps, so the two colours show in equal parts.
    let result = searched();
    let svg = svg_text(result);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let (blue, green) = (polylines(&doc, "#0072B2"), polylines(&doc, "#009E73"));
    let blue_len: f64 = blue.iter().map(|l| length(l)).sum();
    let green_len: f64 = green.iter().map(|l| length(l)).sum();
    assert!(green.len() > 20, "dashes: {} pieces", green.len());
    let share = green_len / blue_len;
    assert!((0.45..0.56).contains(&share), "green covers {share} of the blue line's length");
    let caption = texts(&doc).join(" ");
    assert!(
        caption.contains("CM vs vehicle and whole cell vs vehicle coincide: drawn in alternating dashes"),
        "{caption}"
    );
    // The PNG shows both colours too.
    let bytes = power_curve(result, ImageFormat::Png).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let count = |rgb: [u8; 3]| buf[..frame.buffer_size()].chunks(3).filter(|p| *p == rgb).count();
    let (b, g) = (count([0x00, 0x72, 0xB2]), count([0x00, 0x9E, 0x73]));
    assert!(b > 1000 && g > 1000, "blue {b}, green {g} pixels");
}

#[test]
fn the_goal_is_drawn_beneath_the_comparisons() {
    let result = searched();
    let svg = svg_text(result);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let lines: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("polyline")).collect();
    let first = |stroke: &str| lines.iter().position(|n| n.attribute("stroke") == Some(stroke)).unwrap();
    let goal = first("#000000");
    for stroke in PRIMARY_STROKES {
        assert!(goal < first(stroke), "the goal's line is drawn before (beneath) {stroke}");
    }
    let width = |stroke: &str| lines[first(stroke)].attribute("stroke-width").unwrap().parse::<f64>().unwrap();
    assert!(width("#000000") > width("#D55E00"), "the goal is wider, so it shows around the comparison on top");
}

#[test]
fn each_variant_has_its_own_dash_and_a_marker_at_its_own_n() {
    let result = searched();
    let svg = svg_text(result);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // One white diamond per variant in the plot, one in its legend swatch.
    let diamonds: Vec<Vec<(f64, f64)>> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polygon") && n.attribute("fill") == Some("#FFFFFF"))
        .map(|n| {
            n.attribute("points")
                .unwrap()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect();
    assert_eq!(diamonds.len(), 2 * result.sensitivity.len());
    // The markers sit in n order of the variants' own recommendations:
    // the variant needing more n is further right.
    let ns: Vec<u32> = result.sensitivity.iter().map(|v| v.recommendation.as_ref().unwrap().n_per_arm).collect();
    let xs: Vec<f64> = diamonds[..ns.len()].iter().map(|d| d[0].0).collect();
    assert_eq!(ns[0] > ns[1], xs[0] > xs[1], "{ns:?} at {xs:?}");
    // And at the target power: their n is where their own curve reaches it.
    let texts = texts(&doc);
    for (v, n) in result.sensitivity.iter().zip(&ns) {
        assert!(texts.contains(&format!("goal, {} (n = {n})", v.variant)), "{texts:?}");
    }
    // Distinct dash patterns: the variants' grey pieces differ in length.
    let grey = polylines(&doc, "#8C8C8C");
    let mut lengths: Vec<i64> = grey.iter().map(|l| length(l).round() as i64).collect();
    lengths.sort_unstable();
    lengths.dedup();
    assert!(lengths.len() >= 2, "{lengths:?}");
}

#[test]
fn only_grid_rows_are_drawn() {
    let result = searched();
    let band_points = |r: &PlanResult| {
        let svg = svg_text(r);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let band = doc.descendants().find(|n| n.has_tag_name("polygon")).unwrap();
        band.attribute("points").unwrap().split_whitespace().count()
    };
    let mut off_grid = result.clone();
    let rec = result.recommendation.as_ref().unwrap().n_per_arm;
    let n = off_grid
        .curve
        .iter()
        .find(|r| r.variant == "base" && r.n_per_arm != rec && r.n_per_arm > 10)
        .unwrap()
        .n_per_arm;
    for row in off_grid.curve.iter_mut().filter(|r| r.variant == "base" && r.n_per_arm == n) {
        row.point = plan::engine::CurvePoint::Search;
    }
    assert_eq!(band_points(&off_grid), band_points(result) - 2, "n = {n} left out of the band");
}

#[test]
fn unequal_arms_and_the_scenario_s_subjects_label_the_marker() {
    let toml = r#"
title = "unequal"
subject = "mouse"
subjects = "mice"
[outcome]
name = "y"
sd = 1.0
[[arms]]
name = "vehicle"
mean = 0.0
[[arms]]
name = "CM"
mean = 0.8
allocation = 2.0
[[comparisons]]
treatment = "CM"
reference = "vehicle"
[simulation]
replicates = 500
"#;
    let s = Scenario::from_toml(toml, "u.toml".as_ref(), &Overrides::default()).unwrap();
    let result = run(&s, Mode::Search, RunOptions::default(), &NoProgress).unwrap();
    let rec = result.recommendation.as_ref().unwrap();
    let svg = svg_text(&result);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts = texts(&doc);
    let label = format!("vehicle {}, CM {} mice (N = {})", rec.arms[0].n, rec.arms[1].n, rec.n_total);
    assert!(texts.contains(&label), "{label:?} in {texts:?}");
    assert!(texts.contains(&"n per arm of allocation weight 1".to_string()), "{texts:?}");
}
