//! Extreme and malformed values: refused with the key named, or simulated
//! without losing precision. Each case is one that once printed wrong
//! numbers (infinite differences, power 0 at every n, a lost difference).

use plan::engine::{run, Mode, NoProgress, RunOptions};
use plan::scenario::{Overrides, Scenario};

fn scenario(means: (&str, &str), sd: &str, extra: &str) -> String {
    format!(
        "title = \"t\"\n{extra}\n[outcome]\nname = \"y\"\nsd = {sd}\n[[arms]]\nname = \"control\"\nmean = {}\n\
         [[arms]]\nname = \"treated\"\nmean = {}\n[[comparisons]]\ntreatment = \"treated\"\nreference = \"control\"\n\
         [simulation]\nreplicates = 20000\n",
        means.0, means.1
    )
}

fn problems(text: &str) -> Vec<String> {
    match Scenario::from_toml(text, "x.toml".as_ref(), &Overrides::default()) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.iter().map(|p| format!("{} = {:?}: {}", p.key, p.value, p.expected)).collect(),
    }
}

#[test]
fn means_whose_difference_is_not_finite_are_refused() {
    let p = problems(&scenario(("-1e308", "1e308"), "1.0", ""));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("arms[1].mean") && p[0].contains("within 1e150"), "{p:?}");
}

#[test]
fn sds_whose_square_is_not_finite_are_refused() {
    for sd in ["1e308", "1e-200"] {
        let p = problems(&scenario(("0", "1"), sd, ""));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("outcome.sd") && p[0].contains("from 1e-150 to 1e150"), "{p:?}");
    }
}

#[test]
fn means_too_large_to_hold_the_difference_are_refused() {
    // 1e17 + 0.5 is the same double as 1e17 (the spacing there is 16).
    let p = problems(&scenario(("1e17", "100000000000000000.5"), "1.0", ""));
    assert!(!p.is_empty() && p.iter().all(|p| p.contains("subtract a common baseline")), "{p:?}");
}

#[test]
fn a_large_common_offset_costs_no_precision() {
    // The same design, once around 0 and once around 1e9 (exactly
    // representable, spacing 1.2e-7): the engine simulates differences from
    // the control, so the counts are identical, and match the noncentral t.
    let power = |means: (&str, &str)| {
        let s = Scenario::from_toml(&scenario(means, "1.0", ""), "x.toml".as_ref(), &Overrides::default()).unwrap();
        let r = run(&s, Mode::AtN(30), RunOptions::default(), &NoProgress).unwrap();
        (r.comparisons[0].power, r.comparisons[0].analytic_power.unwrap())
    };
    let (p0, a0) = power(("0", "0.5"));
    let (p9, a9) = power(("1000000000", "1000000000.5"));
    assert_eq!(p0, p9);
    assert!((a0 - a9).abs() < 1e-9, "{a0} vs {a9}");
    // Welch, d = 0.5, n = 30 per arm: noncentral t power 0.4779 (G*Power
    // 3.1, t tests, two independent means, two-tailed, α = 0.05).
    let se = (a0 * (1.0 - a0) / 20000.0).sqrt();
    assert!((p0 - 0.4779).abs() < 4.0 * se + 1e-3, "{p0}");
}

#[test]
fn control_characters_in_names_and_labels_are_refused() {
    let text = scenario(("0", "1"), "1.0", "")
        .replace("name = \"treated\"", "name = \"treated\\nB\"")
        .replace("reference = \"control\"\n", "reference = \"control\"\nlabel = \"a\\tb\"\n");
    let text = text.replace("treatment = \"treated\"", "treatment = \"treated\\nB\"");
    let p = problems(&text);
    assert!(p.iter().any(|p| p.starts_with("arms[1].name") && p.contains("control characters")), "{p:?}");
    assert!(p.iter().any(|p| p.starts_with("comparisons[0].label") && p.contains("control characters")), "{p:?}");
    let p = problems(&scenario(("0", "1"), "1.0", "subject = \"mouse\\u001b[31m\""));
    assert!(p.iter().any(|p| p.starts_with("subject") && p.contains("control characters")), "{p:?}");
    // A multi-line source is fine.
    let ok = scenario(("0", "1"), "1.0", "").replace("sd = 1.0", "sd = 1.0\nsource = \"\"\"line one\nline two\"\"\"");
    assert_eq!(problems(&ok), Vec::<String>::new());
}
