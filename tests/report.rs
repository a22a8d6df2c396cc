//! The justification report and the terminal summary: their numbers equal
//! the JSON's, the report's text is held by a snapshot, sensitivity variants
//! move n the right way, and the words say what the numbers mean (NOT
//! REACHED is never a recommendation, unequal arms are named, a value
//! without a source is not "reported", user text is escaped).

use plan::engine::{run, Mode, NoProgress, PlanResult, RunOptions};
use plan::export::{Csv, Exporter, Json, Report, ReportFormat, Summary};
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
        format!("{} participants per arm, {} analysable in total", rec["n_per_arm"], rec["n_total"]),
        format!(
            "Goal power {} (95% Monte Carlo interval {} to {})",
            p3(&rec["power"]),
            p3(&rec["ci_low"]),
            p3(&rec["ci_high"])
        ),
        format!("enroll {} participants in total", rec["n_enrolled"]),
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
        assert!(md.contains(&format!("| {name} | {n} participants per arm |")), "{name}");
        assert!(md
            .contains(&format!("Under the sensitivity variant \"{name}\", {n} participants per arm would be needed.")));
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

/// Runs a scenario given as TOML text.
fn plan_of(toml: &str, mode: Mode) -> PlanResult {
    let s = Scenario::from_toml(toml, "t.toml".as_ref(), &Overrides::default()).unwrap();
    run(&s, mode, RunOptions::default(), &NoProgress).unwrap()
}

fn text(e: &dyn Exporter, r: &PlanResult) -> String {
    String::from_utf8(e.serialize(r).unwrap()).unwrap()
}

fn markdown(r: &PlanResult) -> String {
    report(r, ReportFormat::Markdown)
}

fn html(r: &PlanResult) -> String {
    report(r, ReportFormat::Html)
}

/// Two arms, `extra` appended (TOML tables or keys after the arms' own).
fn two_arms(head: &str, vehicle: &str, treated: &str, tail: &str) -> String {
    format!(
        "title = \"t\"\n{head}\n[outcome]\nname = \"y\"\nsd = 1.0\n\
         [[arms]]\nname = \"vehicle\"\nmean = 0.0\n{vehicle}\n\
         [[arms]]\nname = \"CM\"\nmean = 0.8\n{treated}\n\
         [[comparisons]]\ntreatment = \"CM\"\nreference = \"vehicle\"\n{tail}"
    )
}

const TINY: &str = r#"
title = "tiny effect, at most 40 per arm"
[outcome]
name = "y"
sd = 1.0
[[arms]]
name = "control"
mean = 0.0
[[arms]]
name = "a"
mean = 0.1
[[arms]]
name = "b"
mean = 0.1
[[comparisons]]
treatment = "a"
reference = "control"
[[comparisons]]
treatment = "b"
reference = "control"
[analysis]
multiplicity = "holm"
dropout = 0.1
[sensitivity]
effect = [0.75]
sd = []
[simulation]
replicates = 400
n_max = 40
"#;

#[test]
fn not_reached_is_never_worded_as_a_recommendation() {
    let r = plan_of(TINY, Mode::Search);
    let rec = r.recommendation.as_ref().unwrap();
    assert!(!rec.reached);
    let summary = text(&Summary, &r);
    assert!(summary.contains("NOT REACHED"), "{summary}");
    assert!(summary.contains("Best seen (not a recommendation): 40 participants per arm"), "{summary}");
    assert!(!summary.contains("recommended n ="), "{summary}");
    assert!(!summary.contains("at the recommended"), "{summary}");
    assert!(summary.contains("Comparisons (power at the best n seen, 40 participants per arm"), "{summary}");
    assert!(summary.contains("raise simulation.n_max"), "{summary}");
    for doc in [markdown(&r), html(&r)] {
        assert!(!doc.contains("We will"), "{doc}");
        assert!(!doc.contains("Recommended:"), "{doc}");
        assert!(!doc.contains("enroll 132"), "no enrollment for an unreached target: {doc}");
        assert!(doc.contains("Target not reached"), "{doc}");
        assert!(doc.contains("No sample size can yet be justified"), "{doc}");
        assert!(doc.contains("this is not a recommendation"), "{doc}");
        assert!(doc.contains("at the best n seen its power") || !doc.contains("secondary"), "{doc}");
    }
    // The sensitivity variant is not reached either, and says so.
    assert!(summary.contains("effect x0.75  NOT REACHED by n = 40; best seen"), "{summary}");
}

#[test]
fn unequal_allocation_names_every_arm_and_never_says_per_arm() {
    let toml = two_arms("", "", "allocation = 2.0", "[analysis]\ndropout = 0.1\n[simulation]\nreplicates = 1000\n");
    let r = plan_of(&toml, Mode::Search);
    let rec = r.recommendation.as_ref().unwrap();
    assert!(rec.reached);
    let (v, c) = (rec.arms[0].n, rec.arms[1].n);
    assert_eq!(c, 2 * v);
    let sizes = format!("vehicle {v}, CM {c} participants ({} in total)", rec.n_total);
    let summary = text(&Summary, &r);
    assert!(summary.contains(&format!("Recommendation: {sizes}")), "{summary}");
    assert!(!summary.contains(&format!("{v} per arm")), "{summary}");
    assert!(!summary.contains(&format!("{v} participants per arm")), "{summary}");
    let (ve, ce) = (rec.arms[0].enrolled, rec.arms[1].enrolled);
    assert!(summary.contains(&format!("enroll {} participants (vehicle {ve}, CM {ce})", rec.n_enrolled)), "{summary}");
    let md = markdown(&r);
    assert!(md.contains(&format!("Recommended: vehicle {v}, CM {c} participants")), "{md}");
    assert!(
        md.contains(&format!("We will enroll {} participants (vehicle {ve}, CM {ce}, after inflation", rec.n_enrolled)),
        "{md}"
    );
    assert!(!md.contains(&format!("{v} per arm")), "{md}");
    assert!(!md.contains(&format!("{ve} per arm")), "{md}");
}

#[test]
fn allocation_table_names_every_arm() {
    let r = hair(1000, false);
    let summary = text(&Summary, &r);
    let a = r.allocation_advice.as_ref().unwrap();
    let head = summary.lines().skip_while(|l| !l.starts_with("Allocation")).nth(1).unwrap();
    for arm in &r.arms {
        assert!(head.contains(&arm.name), "{head}");
    }
    let row = summary.lines().find(|l| l.contains("control √3:1")).unwrap();
    let sizes: Vec<String> = a.sqrt_k.arms.iter().map(|x| x.n.to_string()).collect();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert!(cells.windows(sizes.len()).any(|w| w == sizes), "{row}");
    let md = markdown(&r);
    assert!(md.contains(&format!("vehicle {}, conditioned-medium {}", a.sqrt_k.arms[0].n, a.sqrt_k.arms[1].n)), "{md}");
}

#[test]
fn a_value_without_a_source_is_never_reported() {
    let toml = two_arms("", "source = \"pilot, table 2\"", "", "[simulation]\nreplicates = 500\n");
    let r = plan_of(&toml, Mode::AtN(20));
    let md = markdown(&r);
    assert!(md.contains("| vehicle | 0 | 1 | 1 | reported | pilot, table 2 |"), "{md}");
    assert!(md.contains("| CM | 0.8 | 1 | 1 | unsourced | no source given |"), "{md}");
    let summary = text(&Summary, &r);
    assert!(summary.lines().any(|l| l.trim_start().starts_with("CM") && l.ends_with("unsourced")), "{summary}");
}

#[test]
fn markdown_escapes_html_in_user_text() {
    let toml = two_arms("", "source = \"<img src=x onerror=alert(1)> & co\"", "", "label = \"<script>x</script>\"\n")
        .replace("title = \"t\"", "title = \"<b>bold</b>\"");
    let r = plan_of(&toml, Mode::AtN(10));
    let md = markdown(&r);
    assert!(!md.contains("<script>") && !md.contains("<b>") && !md.contains("<img"), "{md}");
    assert!(md.contains("&lt;script&gt;x&lt;/script&gt;"), "{md}");
    assert!(md.contains("# Sample-size justification: &lt;b&gt;bold&lt;/b&gt;"), "{md}");
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt; &amp; co"), "{md}");
    let h = html(&r);
    assert!(!h.contains("<script>") && !h.contains("<b>bold"), "{h}");
}

#[test]
fn csv_text_cells_cannot_be_formulas() {
    let toml = two_arms("", "", "", "label = \"=HYPERLINK(1)\"\n[simulation]\nreplicates = 200\n")
        .replace("title = \"t\"", "title = \"@SUM(A1)\"");
    let r = plan_of(&toml, Mode::AtN(10));
    let csv = text(&Csv, &r);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|x| x.unwrap()).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(&row[0], "'@SUM(A1)");
        assert_eq!(&row[1], "base");
        assert_eq!(&row[2], "'=HYPERLINK(1)");
        // Numeric columns are numbers, untouched.
        for k in 3..12 {
            assert!(row[k].is_empty() || row[k].parse::<f64>().is_ok(), "{row:?}");
        }
    }
    // The result itself (and so the JSON) keeps the text as written.
    assert_eq!(r.curve[0].comparison, "=HYPERLINK(1)");
}

#[test]
fn a_target_power_near_1_is_not_printed_as_1() {
    let toml = two_arms("", "", "", "[analysis]\ntarget_power = 0.999999\n[simulation]\nreplicates = 200\n");
    let r = plan_of(&toml, Mode::AtN(10));
    let summary = text(&Summary, &r);
    assert!(summary.contains("target power 0.999999;"), "{summary}");
    let md = markdown(&r);
    assert!(md.contains("Target power 0.999999."), "{md}");
}

#[test]
fn grammar_one_comparison_two_hypotheses_and_names_as_written() {
    let toml = two_arms("", "source = \"s\"", "source = \"s\"", "[simulation]\nreplicates = 500\n")
        .replace("name = \"y\"", "name = \"mRNA expression\"");
    let r = plan_of(&toml, Mode::Search);
    let md = markdown(&r);
    assert!(md.contains("The primary comparison is CM vs vehicle"), "{md}");
    assert!(!md.contains("The primary comparisons are"), "{md}");
    assert!(!md.contains("MRNA"), "{md}");
    assert!(md.contains("mRNA expression"), "{md}");
    let summary = text(&Summary, &plan_of(TINY, Mode::Search));
    assert!(summary.contains("both primary hypotheses are shown"), "{summary}");
    assert!(!summary.contains("all 2 primary"), "{summary}");
}

#[test]
fn differences_in_percent_are_percentage_points() {
    let toml = two_arms("", "", "", "[simulation]\nreplicates = 500\n").replace("sd = 1.0", "sd = 1.0\nunit = \"%\"");
    let r = plan_of(&toml, Mode::Search);
    let summary = text(&Summary, &r);
    assert!(summary.contains("difference +0.8 percentage points"), "{summary}");
    assert!(!summary.contains("+0.8 %"), "{summary}");
    let md = markdown(&r);
    assert!(md.contains("| Difference (percentage points) |"), "{md}");
    assert!(md.contains("(+0.8 percentage points, d = 0.8)"), "{md}");
}

#[test]
fn sentences_count_the_scenario_s_subjects() {
    let toml = two_arms(
        "subject = \"mouse\"\nsubjects = \"mice\"",
        "",
        "",
        "[analysis]\ndropout = 0.1\n[simulation]\nreplicates = 1000\n",
    );
    let r = plan_of(&toml, Mode::Search);
    let rec = r.recommendation.as_ref().unwrap();
    let (n, total, enroll) = (rec.n_per_arm, rec.n_total, rec.n_enrolled);
    let summary = text(&Summary, &r);
    for needle in [
        format!("Recommendation: n = {n} mice per arm ({total} in total); enroll {enroll} mice"),
        format!("needs n = {n} mice per arm alone"),
    ] {
        assert!(summary.contains(&needle), "{needle:?} in {summary}");
    }
    assert!(!summary.contains("participant"), "{summary}");
    let md = markdown(&r);
    for needle in [
        format!("Recommended: {n} mice per arm, {total} analysable in total"),
        format!("We will enroll {enroll} mice"),
        format!("With {n} mice per arm, every primary comparison"),
    ] {
        assert!(md.contains(&needle), "{needle:?} in {md}");
    }
    assert!(!md.contains("participant"), "{md}");
    let a = hair(1000, false);
    let mut mice = a.clone();
    mice.subject = plan::scenario::Subject { singular: "mouse".into(), plural: "mice".into() };
    let summary = text(&Summary, &mice);
    assert!(summary.contains("allocation needs fewer mice"), "{summary}");
    assert!(!summary.contains("participant"), "{summary}");
}

#[test]
fn summary_states_each_variant_and_keeps_the_curve_to_the_base_grid() {
    let r = hair(1000, true);
    let summary = text(&Summary, &r);
    let section: Vec<&str> = summary.lines().skip_while(|l| !l.starts_with("Sensitivity")).skip(1).take(2).collect();
    for (v, line) in r.sensitivity.iter().zip(&section) {
        let rec = v.recommendation.as_ref().unwrap();
        let needle = format!(
            "n = {} participants per arm ({} in total), enroll {}; goal power {:.3} (95% MC interval {:.3} to {:.3})",
            rec.n_per_arm, rec.n_total, rec.n_enrolled, rec.power, rec.ci_low, rec.ci_high
        );
        assert!(line.trim_start().starts_with(&v.variant), "{line:?}");
        assert!(line.ends_with(&needle), "{needle:?} in {line:?}");
    }
    // The curve table: one row per n, from the base variant's grid.
    let table: Vec<&str> = summary.lines().skip_while(|l| !l.starts_with("Power curve")).skip(2).collect();
    let ns: Vec<u32> = table.iter().filter_map(|l| l.split_whitespace().next()?.parse().ok()).collect();
    assert!(ns.windows(2).all(|w| w[0] < w[1]), "n ascending, no repeats: {ns:?}");
    let base: Vec<u32> = r
        .curve
        .iter()
        .filter(|x| x.variant == "base" && x.point == plan::engine::CurvePoint::Grid)
        .map(|x| x.n_per_arm)
        .collect();
    assert!(ns.iter().all(|n| base.contains(n)));
    // Each cell is the base row's power at that n.
    let label = &r.comparisons[1].label;
    for line in &table {
        let n: u32 = match line.split_whitespace().next().and_then(|t| t.parse().ok()) {
            Some(n) => n,
            None => continue,
        };
        let row = r.curve_at("base", label, n).unwrap();
        assert!(line.contains(&format!("{:.3} [", row.power)), "{line}");
    }
    // A point the search visited off the grid is not shown.
    let mut off = r.clone();
    let hidden = off.curve.iter().position(|x| x.variant == "base" && x.n_per_arm == ns[1]).unwrap();
    let hidden_n = off.curve[hidden].n_per_arm;
    for row in off.curve.iter_mut().filter(|x| x.variant == "base" && x.n_per_arm == hidden_n) {
        row.point = plan::engine::CurvePoint::Search;
    }
    let summary = text(&Summary, &off);
    let table: Vec<&str> = summary.lines().skip_while(|l| !l.starts_with("Power curve")).skip(2).collect();
    assert!(!table.iter().any(|l| l.split_whitespace().next() == Some(&hidden_n.to_string())), "{table:?}");
}

#[test]
fn curve_at_takes_the_variant() {
    let r = hair(1000, true);
    let v = &r.sensitivity[0].variant;
    let row = r.curve.iter().find(|x| &x.variant == v).unwrap();
    let found = r.curve_at(v, &row.comparison, row.n_per_arm).unwrap();
    assert_eq!(&found.variant, v);
    assert_eq!(found.power, row.power);
    if let Some(b) = r.curve_at("base", &row.comparison, row.n_per_arm) {
        assert_eq!(b.variant, "base");
    }
}

#[test]
fn markdown_links_the_plot_as_given() {
    let rep = Report {
        format: ReportFormat::Markdown,
        command: String::new(),
        plot_svg: None,
        plot_file: Some("../my figs/c.png".into()),
    };
    let md = String::from_utf8(rep.serialize(&hair(200, false)).unwrap()).unwrap();
    assert!(md.contains("![Power against n per arm](<../my figs/c.png>)"), "{md}");
}

#[test]
fn scenarios_cite_no_file_that_is_not_in_the_repository() {
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for word in text.split(|c: char| c.is_whitespace() || "()\"',;".contains(c)) {
            let looks_like_file = word.contains('/')
                && [".txt", ".pdf", ".csv", ".toml", ".md", ".docx"].iter().any(|e| word.ends_with(e));
            if looks_like_file {
                assert!(std::path::Path::new(word).exists(), "{} cites {word}, which is not here", path.display());
            }
        }
    }
}
