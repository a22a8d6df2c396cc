//! Command-line tests of what the binary says: the summary with
//! `--sensitivity` against the JSON of the same run, the report's link to
//! the plot, and the generated shell completions and manual page.

use assert_cmd::Command;
use serde_json::Value;

fn plan() -> Command {
    Command::cargo_bin("plan").expect("binary")
}

#[test]
fn summary_with_sensitivity_states_each_variant_as_the_json_does() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let out = plan()
        .args(["scenarios/hair.toml", "--sensitivity", "--replicates", "1000", "--json"])
        .arg(&json)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let summary = String::from_utf8(out).unwrap();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let p3 = |x: &Value| format!("{:.3}", x.as_f64().unwrap());
    let lines: Vec<&str> = summary.lines().skip_while(|l| !l.starts_with("Sensitivity")).skip(1).collect();
    let variants = v["sensitivity"].as_array().unwrap();
    assert_eq!(variants.len(), 2);
    for (k, s) in variants.iter().enumerate() {
        let rec = &s["recommendation"];
        assert_eq!(rec["reached"], true);
        let line = lines[k];
        assert!(line.trim_start().starts_with(s["variant"].as_str().unwrap()), "{line}");
        let needle = format!(
            "n = {} participants per arm ({} in total), enroll {}; goal power {} (95% MC interval {} to {})",
            rec["n_per_arm"],
            rec["n_total"],
            rec["n_enrolled"],
            p3(&rec["power"]),
            p3(&rec["ci_low"]),
            p3(&rec["ci_high"])
        );
        assert!(line.ends_with(&needle), "{needle:?} in {line:?}");
    }
    // The curve table holds the base scenario only: each n once.
    let table: Vec<&str> = summary.lines().skip_while(|l| !l.starts_with("Power curve")).skip(2).collect();
    let ns: Vec<u32> = table.iter().filter_map(|l| l.split_whitespace().next()?.parse().ok()).collect();
    assert!(ns.len() >= 5 && ns.windows(2).all(|w| w[0] < w[1]), "{ns:?}");
    let rec = &v["recommendation"];
    assert!(summary.contains(&format!(
        "Recommendation: n = {} participants per arm ({} in total); enroll {} participants",
        rec["n_per_arm"], rec["n_total"], rec["n_enrolled"]
    )));
}

#[test]
fn report_links_the_plot_relative_to_the_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::create_dir(dir.path().join("figs")).unwrap();
    let scenario = std::fs::canonicalize("tests/fixtures/valid/two_arm.toml").unwrap();
    plan()
        .current_dir(dir.path())
        .arg(&scenario)
        .args(["-q", "--replicates", "300", "--plot", "figs/c.svg", "--report", "out/r.md"])
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.path().join("out/r.md")).unwrap();
    assert!(md.contains("![Power against n per arm](../figs/c.svg)"), "{md}");
    let abs = dir.path().join("figs/a.svg");
    plan()
        .current_dir(dir.path())
        .arg(&scenario)
        .args(["-q", "--replicates", "300", "--report", "out/r.md", "--plot"])
        .arg(&abs)
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.path().join("out/r.md")).unwrap();
    assert!(md.contains(&format!("![Power against n per arm]({})", abs.display())), "{md}");
}

#[test]
fn completions_are_generated_for_bash_zsh_and_fish() {
    let bash = plan().args(["completions", "bash"]).assert().success().get_output().stdout.clone();
    let bash = String::from_utf8(bash).unwrap();
    assert!(bash.contains("_plan()"), "{bash}");
    for flag in ["--sensitivity", "--report", "--plot", "--replicates", "--target-power", "check", "completions"] {
        assert!(bash.contains(flag), "{flag} missing");
    }
    let zsh = String::from_utf8(plan().args(["completions", "zsh"]).assert().success().get_output().stdout.clone());
    assert!(zsh.unwrap().starts_with("#compdef plan"));
    let fish = String::from_utf8(plan().args(["completions", "fish"]).assert().success().get_output().stdout.clone());
    assert!(fish.unwrap().contains("complete -c plan"));
    plan().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_is_roff_with_every_option() {
    let man = plan().arg("man").assert().success().get_output().stdout.clone();
    let man = String::from_utf8(man).unwrap();
    assert!(man.starts_with(".ie") || man.starts_with(".TH"), "{}", &man[..80.min(man.len())]);
    assert!(man.contains(".TH plan 1"), "{man}");
    for option in ["sensitivity", "report", "replicates", "target\\-power", "quiet"] {
        assert!(man.contains(option), "{option} missing");
    }
}
