//! The justification report: its numbers equal the JSON's, its text is held
//! by a snapshot, and sensitivity variants move n the right way.

use plan::engine::{run, Mode, NoProgress, PlanResult, RunOptions};
use plan::export::{Exporter, Json, Report, ReportFormat};
use plan::scenario::{Overrides, Scenario};
use serde_json::Value;

fn hair(replicates: u64, sensitivity: bool) -> PlanResult {
    let o = Overrides { replicates: Some(replicates), sensitivity, ..Overrides::default() };
    let s = Scenario::from_file("scenarios/hair.toml".as_ref(), &o).unwrap();
    run(&s, Mode::Search, RunOptions::default(), &NoProgress).unwrap()
}

fn report(r: &PlanResult, format: ReportFormat) -> String {
    let rep = Report {
        format,
        command: "plan scenarios/hair.toml --report report.md".into(),
        plot_svg: None,
        plot_file: Some("curve.png".into()),
    };
    String::from_utf8(rep.serialize(r).unwrap()).unwrap()
}

#[test]
fn every_reported_number_equals_the_json() {
    let r = hair(3000, true);
    let json: Value = serde_json::from_slice(&Json.serialize(&r).unwrap()).unwrap();
    let md = report(&r, ReportFormat::Markdown);
    let rec = &json["recommendation"];
    let p3 = |v: &Value| format!("{:.3}", v.as_f64().unwrap());
    for needle in [
        format!("n = {} per arm, {} analysable in total", rec["n_per_arm"], rec["n_total"]),
        format!(
            "Goal power {} (95% Monte Carlo interval {} to {})",
            p3(&rec["power"]),
            p3(&rec["ci_low"]),
            p3(&rec["ci_high"])
        ),
        format!("enroll {} in total", rec["n_enrolled"]),
        format!("seed:      {}", json["seed"]),
        format!("replicates per n: {}", json["replicates"]),
        format!("sha256:    {}", json["input"]["sha256"].as_str().unwrap()),
        format!("plan {}", json["version"].as_str().unwrap()),
    ] {
        assert!(md.contains(&needle), "missing {needle:?}");
    }
    for arm in rec["arms"].as_array().unwrap() {
        assert!(md.contains(&format!("{} {}", arm["arm"].as_str().unwrap(), arm["enrolled"])), "{arm}");
    }
    for c in json["comparisons"].as_array().unwrap() {
        let label = c["label"].as_str().unwrap();
        let d = format!("{}", (c["d"].as_f64().unwrap() * 1000.0).round() / 1000.0);
        assert!(md.contains(&format!("| {label} |")), "{label}");
        assert!(md.contains(&format!("| {d} |")), "{label}: d {d}");
        if let Some(a) = c["adjusted_alpha"].as_f64() {
            let a = format!("{}", (a * 10000.0).round() / 10000.0);
            assert!(md.contains(&format!("| {a} |")), "{label}: level {a}");
        }
    }
    for v in json["sensitivity"].as_array().unwrap() {
        let name = v["variant"].as_str().unwrap();
        let n = &v["recommendation"]["n_per_arm"];
        assert!(md.contains(&format!("| {name} | {n} |")), "{name}");
        assert!(md.contains(&format!("Under the sensitivity variant \"{name}\", {n} per arm would be needed.")));
    }
    for a in json["assumptions"].as_array().unwrap() {
        assert!(md.contains(a["what"].as_str().unwrap()));
    }
}

#[test]
fn markdown_report_snapshot() {
    // Fixed seed and replicates: the whole text is deterministic.
    insta::assert_snapshot!(report(&hair(2000, true), ReportFormat::Markdown));
}

#[test]
fn html_report_stands_alone_and_escapes_text() {
    let r = hair(1000, false);
    let rep = Report {
        format: ReportFormat::Html,
        command: "plan x.toml --report a<b>.html".into(),
        plot_svg: Some("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>".into()),
        plot_file: None,
    };
    let html = String::from_utf8(rep.serialize(&r).unwrap()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<figure>\n<svg xmlns"), "SVG embedded inline, XML prolog removed");
    assert!(!html.contains("<?xml"));
    assert!(html.contains("a&lt;b&gt;.html"));
    assert!(!html.contains("src=\"http"), "no external resources");
}

#[test]
fn sensitivity_variants_move_n_in_the_expected_direction() {
    let text = std::fs::read_to_string("scenarios/hair.toml").unwrap();
    let text = format!("{text}\n[sensitivity]\neffect = [0.75, 1.25]\nsd = [1.25, 0.8]\n");
    let o = Overrides { replicates: Some(3000), ..Overrides::default() };
    let s = Scenario::from_toml(&text, "hair.toml".as_ref(), &o).unwrap();
    let r = run(&s, Mode::Search, RunOptions::default(), &NoProgress).unwrap();
    let base = r.recommendation.as_ref().unwrap().n_per_arm;
    let n = |name: &str| {
        r.sensitivity.iter().find(|v| v.variant == name).unwrap().recommendation.as_ref().unwrap().n_per_arm
    };
    // A smaller effect or a larger SD needs more; the reverse needs fewer.
    // Closed form for d scaled by f: n scales by about 1/f², so the moves
    // are far larger than the search's Monte Carlo uncertainty of ±1–2.
    assert!(n("effect x0.75") > base + 10, "{} vs {base}", n("effect x0.75"));
    assert!(n("SD x1.25") > base + 10);
    assert!(n("effect x1.25") + 10 < base);
    assert!(n("SD x0.8") + 10 < base);
    // Shrinking by 0.75 is the same standardized effect as inflating SD by
    // 1/0.75; at 1.25 vs 1.333 the effect variant must need more.
    assert!(n("effect x0.75") > n("SD x1.25"));
    assert!(r.curve.iter().any(|row| row.variant == "effect x0.75"));
}
