//! What a new user's trial found (a mouse study planned from the README):
//! each case once printed something a grant reader could misread.

use assert_cmd::Command;

const MOUSE: &str = r#"
title = "MSC secretome for wound healing in diabetic mice"
subject = "mouse"
[outcome]
name = "wound closure at day 14"
unit = "%"
sd = 12.0
assumed = true
[[arms]]
name = "vehicle"
mean = 45.0
[[arms]]
name = "CM"
mean = 60.0
[[comparisons]]
treatment = "CM"
reference = "vehicle"
[simulation]
replicates = 4000
"#;

fn run(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mouse.toml");
    std::fs::write(&f, MOUSE).unwrap();
    let out = Command::cargo_bin("plan").unwrap().arg(&f).args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_fixed_n_says_whether_it_reaches_the_target_and_justifies_nothing() {
    let s = run(&["--n", "5"]);
    assert!(s.contains("At this n, goal \"each\" has power") && s.contains("BELOW the target"), "{s}");
    assert!(!s.contains("precision control"), "no search, no precision control: {s}");
    assert!(s.contains("(power at 5 mice per arm (10 in total)"), "{s}");
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("r.md");
    run(&["--n", "5", "-q", "--report", md.to_str().unwrap()]);
    let md = std::fs::read_to_string(md).unwrap();
    assert!(!md.contains("ready to paste"), "{md}");
    assert!(
        md.contains("None: this run evaluated a fixed size (--n)") && md.contains("below the target power"),
        "{md}"
    );
}

#[test]
fn the_sd_of_a_percent_outcome_is_in_percentage_points_and_mice_are_mice() {
    let s = run(&["--replicates", "2000"]);
    assert!(s.contains("common SD = 12 percentage points"), "{s}");
    assert!(s.contains(" mice ") && !s.contains("mouses"), "{s}");
}

#[test]
fn an_interval_bound_never_prints_as_the_target_it_misses() {
    // Told apart from n − 1: its upper bound is below 0.8, so it is printed
    // with the digits that show it ("0.7998", never "0.800").
    let s = run(&[]);
    let line = s.lines().find(|l| l.contains("Told apart from n − 1")).expect(&s);
    let hi = line.split(" to ").nth(1).unwrap().split(')').next().unwrap();
    let v: f64 = hi.parse().unwrap();
    assert!(v < 0.8, "{line}");
}
