//! `plan new`: the scenario it writes passes `plan check` and runs, for
//! every outcome in every design the registry allows (the library test
//! `export::template::tests` checks validation for all of them; here the
//! command line end to end for a few, and its refusals).

use assert_cmd::Command;

fn plan() -> Command {
    Command::cargo_bin("plan").unwrap()
}

#[test]
fn new_scenarios_check_and_run() {
    let dir = tempfile::tempdir().unwrap();
    for (outcome, design) in [
        ("binary", "parallel"),
        ("normal", "clustered"),
        ("normal", "ancova"),
        ("normal", "paired"),
        ("time-to-event", "parallel"),
    ] {
        let out = plan()
            .args(["new", "--outcome", outcome, "--arms", "vehicle,cm,exosome,whole-cell", "--design", design])
            .assert()
            .success();
        let path = dir.path().join(format!("{outcome}-{design}.toml"));
        std::fs::write(&path, &out.get_output().stdout).unwrap();
        let p = path.to_str().unwrap();
        let checked = plan().args(["check", p]).assert().success();
        let ledger = String::from_utf8(checked.get_output().stdout.clone()).unwrap();
        assert!(ledger.contains("[assumption]") && ledger.contains("PLACEHOLDER"), "{ledger}");
        plan().args([p, "--n", "10", "--replicates", "200", "-q"]).assert().success();
    }
}

#[test]
fn new_refuses_with_exit_2() {
    for (args, says) in [
        (vec!["new", "--outcome", "gaussian", "--arms", "a,b"], "expected \"normal\""),
        (vec!["new", "--arms", "a,b", "--design", "crossover"], "expected \"parallel\""),
        (vec!["new", "--outcome", "ordinal", "--arms", "a,b", "--design", "paired"], "an ordinal outcome works with"),
        (vec!["new", "--arms", "a"], "at least two arms"),
        (vec!["new", "--arms", "a,a"], "named twice"),
    ] {
        let out = plan().args(&args).assert().code(2);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn new_asks_with_interactive_and_refuses_without_arms_when_not_a_terminal() {
    // Answers on standard input: binary, the default arms, then a design a
    // binary outcome cannot take and the default. Questions go to stderr.
    let out = plan().args(["new", "--interactive"]).write_stdin("binary\n\nancova\n\n").assert().success();
    let toml = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(toml.contains("distribution = \"binary\"") && toml.contains("name = \"treated\""), "{toml}");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("Outcome (") && err.contains("a binary outcome works with \"parallel\""), "{err}");
    // Not a terminal, no --arms: a clear refusal, not a prompt.
    let out = plan().args(["new", "--outcome", "binary"]).write_stdin("").assert().code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("--arms is required") && err.contains("--interactive"), "{err}");
}
