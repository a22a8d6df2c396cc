//! Error messages, checked key by key (issue 15). The keys come from the
//! schema itself (`src/scenario/raw.rs`, read here), so a new key is
//! covered without editing this file. For every key: a file with that key
//! given a value of the wrong type, run with `--csv`, must exit 2 and say
//! the file, line and column, the key path, the value found and what is
//! expected, and write nothing. Then a table of out-of-range values for the
//! numeric keys checks the validation's own messages the same way.

use std::collections::BTreeMap;
use std::process::Command;

fn plan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_plan"))
}

/// The fields of each `Raw*` struct of the schema: name → is a string.
fn schema() -> BTreeMap<String, Vec<(String, bool)>> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/scenario/raw.rs")).unwrap();
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("pub(crate) struct ").or_else(|| l.strip_prefix("pub struct ")) {
            current = rest.split_whitespace().next().map(str::to_string);
            out.insert(current.clone().unwrap(), Vec::new());
        } else if l == "}" {
            current = None;
        } else if let (Some(s), Some(field)) =
            (&current, l.strip_prefix("pub(crate) ").or_else(|| l.strip_prefix("pub ")))
        {
            if let Some((name, ty)) = field.split_once(':') {
                let ty = ty.trim().trim_end_matches(',');
                let is_string = ty == "String" || ty == "Option<String>";
                out.get_mut(s).unwrap().push((name.trim().to_string(), is_string));
            }
        }
    }
    out
}

/// A valid scenario with every table; `{table}` lines are where a key is
/// inserted. The second arm, the comparison and the prior come last in
/// their tables so that an inserted key lands in them.
const BASE: &str = r#"title = "messages"
[outcome]
name = "y"
sd = 1.0
[design]
kind = "parallel"
[[arms]]
name = "control"
mean = 0.0
[[arms]]
name = "treated"
mean = 0.5
[[arms.prior]]
[[comparisons]]
treatment = "treated"
reference = "control"
[analysis]
alpha = 0.05
[simulation]
replicates = 100
[sensitivity]
effect = [0.75]
"#;

/// Where each struct's keys go: the table header after which the key is
/// inserted, and the key path the message must name.
fn place(structure: &str) -> Option<(&'static str, &'static str)> {
    Some(match structure {
        "RawScenario" => ("title = \"messages\"", ""),
        "RawOutcome" => ("[outcome]", "outcome."),
        "RawDesign" => ("[design]", "design."),
        "RawArm" => ("[[arms]] 2", "arms[1]."),
        "RawPrior" => ("[[arms]] 2", "arms[1].prior."),
        "RawComparison" => ("[[comparisons]]", "comparisons[0]."),
        "RawAnalysis" => ("[analysis]", "analysis."),
        "RawSimulation" => ("[simulation]", "simulation."),
        "RawSensitivity" => ("[sensitivity]", "sensitivity."),
        _ => return None,
    })
}

/// `BASE` with `key = value` first in the table that starts at line
/// `after` ("[[arms]] 2": the second `[[arms]]`), the table's own line for
/// that key removed; and the new line's number.
fn with_key(after: &str, key: &str, value: &str) -> (String, usize) {
    let base = BASE.replace("[[arms.prior]]\n", "");
    let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
    let (header, nth) = match after.rsplit_once(' ') {
        Some((h, k)) if k.chars().all(|c| c.is_ascii_digit()) => (h, k.parse::<usize>().unwrap()),
        _ => (after, 1),
    };
    let at = lines.iter().enumerate().filter(|(_, l)| *l == header).nth(nth - 1).expect("anchor").0 + 1;
    let end = lines[at..].iter().position(|l| l.starts_with('[')).map_or(lines.len(), |i| at + i);
    let prefix = format!("{key} = ");
    if let Some(i) = (at..end).find(|&i| lines[i].starts_with(&prefix)) {
        lines.remove(i);
    }
    lines.insert(at, format!("{key} = {value}"));
    (lines.join("\n") + "\n", at + 1)
}

/// Runs `text` as a file; must exit 2, write no CSV, and print every
/// part of `says` on its problem line. Returns stderr.
fn refused(text: &str, says: &[String]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bad.toml");
    std::fs::write(&file, text).unwrap();
    let csv = tmp.path().join("out.csv");
    let out = plan().arg(&file).arg("--csv").arg(&csv).arg("-q").current_dir(tmp.path()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{says:?}\n{text}\n{err}");
    assert!(!csv.exists(), "an output was written: {err}");
    assert!(!err.contains("panicked") && !err.contains("internal error"), "{err}");
    let line = err.lines().find(|l| l.contains("bad.toml:")).unwrap_or_else(|| panic!("no located problem: {err}"));
    for s in says {
        assert!(line.contains(s.as_str()), "expected {s:?} in the problem line\n{line}\n--- file ---\n{text}");
    }
    err
}

#[test]
fn every_key_of_the_schema_refuses_a_value_of_the_wrong_type() {
    let schema = schema();
    let mut checked = 0;
    for (structure, fields) in &schema {
        let Some((after, path)) = place(structure) else { continue };
        for (key, is_string) in fields {
            // The title is the anchor; the top level's tables are tested
            // key by key inside them.
            let tables = ["outcome", "design", "arms", "comparisons", "analysis", "simulation", "sensitivity"];
            if key == "title" || (structure == "RawScenario" && tables.contains(&key.as_str())) {
                continue;
            }
            let (value, found) =
                if *is_string { ("42", "found integer `42`") } else { ("\"oops\"", "found string \"oops\"") };
            let (text, line) = if structure == "RawPrior" {
                // A prior is an inline table on an arm.
                with_key(after, "prior", &format!("{{ {key} = {value} }}"))
            } else {
                with_key(after, key, value)
            };
            refused(&text, &[format!("bad.toml:{line}:"), format!("{path}{key}"), found.into(), "expected".into()]);
            checked += 1;
        }
    }
    // The schema as read: every table, and its keys.
    assert!(schema.len() >= 9, "{:?}", schema.keys());
    assert!(checked >= 70, "only {checked} keys checked");
}

#[test]
fn out_of_range_values_are_refused_with_the_key_the_value_and_what_is_expected() {
    // (table anchor, key, value, path, what the message must say)
    let table: &[(&str, &str, &str, &str, &str)] = &[
        ("[outcome]", "sd", "-1.0", "outcome.sd = -1", "expected a standard deviation > 0"),
        ("[outcome]", "sd", "inf", "outcome.sd", "expected"),
        ("[outcome]", "sd", "nan", "outcome.sd", "expected"),
        ("[outcome]", "sd", "0.0", "outcome.sd = 0", "expected"),
        ("[outcome]", "sd", "5e-324", "outcome.sd", "expected"),
        ("[outcome]", "distribution", "\"gaussian\"", "outcome.distribution", "expected"),
        ("[[arms]] 2", "mean", "1e308", "arms[1].mean", "expected"),
        ("[[arms]] 2", "allocation", "-1.0", "arms[1].allocation", "expected"),
        ("[[comparisons]]", "test", "\"z-test\"", "comparisons[0].test", "expected"),
        ("[[comparisons]]", "hypothesis", "\"bigger\"", "comparisons[0].hypothesis", "expected"),
        ("[analysis]", "alpha", "1.5", "analysis.alpha", "expected"),
        ("[analysis]", "alpha", "-0.0", "analysis.alpha", "expected"),
        ("[analysis]", "sides", "3", "analysis.sides", "expected"),
        ("[analysis]", "target_power", "0.0", "analysis.target_power", "expected"),
        ("[analysis]", "dropout", "1.0", "analysis.dropout", "expected"),
        ("[analysis]", "multiplicity", "\"sidak\"", "analysis.multiplicity", "expected"),
        ("[analysis]", "goal", "\"most\"", "analysis.goal", "expected"),
        ("[simulation]", "replicates", "0", "simulation.replicates", "expected"),
        ("[simulation]", "replicates", "18446744073709551616", "simulation.replicates", "expected"),
        ("[simulation]", "seed", "-5", "simulation.seed", "expected"),
        ("[simulation]", "n_min", "1", "simulation.n_min", "expected"),
        ("[simulation]", "n_max", "100000000", "simulation.n_max", "expected"),
        ("[sensitivity]", "effect", "[-1.0]", "sensitivity.effect", "expected"),
        ("[sensitivity]", "dropout", "[1.5]", "sensitivity.dropout", "expected"),
        ("[design]", "kind", "\"crossover\"", "design.kind", "expected"),
    ];
    for (after, key, value, path, says) in table {
        let (text, line) = with_key(after, key, value);
        refused(&text, &[format!("bad.toml:{line}:"), path.to_string(), says.to_string()]);
    }
}
