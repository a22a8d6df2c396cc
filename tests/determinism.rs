//! Results do not depend on the thread count: CSV and JSON bytes are the
//! same for --threads 1, 2 and 3, on runs that span several chunks of
//! replicates (the runner's unit of parallel work is 2048 replicates, so
//! 5000 replicates is 3 chunks, the last one partial), with the sensitivity
//! variants and the allocation advice of scenarios/hair.toml.

use std::path::Path;

use assert_cmd::Command;

/// Replicates per chunk in the runner (plan::engine::runner::CHUNK).
const CHUNK: u64 = plan::engine::runner::CHUNK;
const REPLICATES: u64 = 5000;

/// Runs plan with `args` and `--threads threads`, writing CSV and JSON into
/// `dir`; returns their bytes.
fn outputs(dir: &Path, threads: usize, args: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let csv = dir.join(format!("curve-{threads}.csv"));
    let json = dir.join(format!("result-{threads}.json"));
    Command::cargo_bin("plan")
        .expect("binary")
        .args(args)
        .args(["--quiet", "--threads", &threads.to_string()])
        .arg("--csv")
        .arg(&csv)
        .arg("--json")
        .arg(&json)
        .assert()
        .success();
    (std::fs::read(&csv).unwrap(), std::fs::read(&json).unwrap())
}

fn assert_same_for_1_2_3_threads(args: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let one = outputs(dir.path(), 1, args);
    for threads in [2, 3] {
        let other = outputs(dir.path(), threads, args);
        assert!(one.0 == other.0, "{args:?}: CSV differs between 1 and {threads} threads");
        assert!(one.1 == other.1, "{args:?}: JSON differs between 1 and {threads} threads");
    }
    one
}

#[test]
fn hair_search_with_sensitivity_is_identical_for_any_thread_count() {
    // Several chunks, the last one partial (checked at compile time).
    const { assert!(REPLICATES > 2 * CHUNK && REPLICATES % CHUNK != 0) };
    let reps = REPLICATES.to_string();
    let (csv, json) = assert_same_for_1_2_3_threads(&["scenarios/hair.toml", "--sensitivity", "--replicates", &reps]);
    // The runs really are what this test is about: every curve row has at
    // least 5000 replicates (the precision control adds more near the
    // crossing), the sensitivity variants are in the CSV, and the
    // allocation advice was computed.
    let csv = String::from_utf8(csv).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (variant, replicates) = (col("variant"), col("replicates"));
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let counts: Vec<u64> = rows.iter().map(|r| r[replicates].parse().unwrap()).collect();
    assert!(counts.iter().all(|&c| c >= REPLICATES) && counts.contains(&REPLICATES), "{counts:?}");
    for v in ["base", "effect x0.75", "SD x1.25"] {
        assert!(rows.iter().any(|r| r[variant] == v), "variant {v} missing");
    }
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert!(json["allocation_advice"]["sqrt_k"]["n_per_arm"].is_u64(), "allocation advice missing");
    assert_eq!(json["sensitivity"].as_array().unwrap().len(), 2);
}

#[test]
fn two_arm_and_raw_data_runs_are_identical_for_any_thread_count() {
    let reps = REPLICATES.to_string();
    assert_same_for_1_2_3_threads(&["tests/fixtures/valid/two_arm.toml", "--sensitivity", "--replicates", &reps]);
    assert_same_for_1_2_3_threads(&["scenarios/hair.toml", "--raw-data", "--n", "57", "--replicates", &reps]);
}

#[test]
fn the_comparison_would_see_a_difference() {
    // A different seed changes the bytes, so equal bytes above are evidence.
    let dir = tempfile::tempdir().unwrap();
    let reps = REPLICATES.to_string();
    let a = outputs(dir.path(), 2, &["scenarios/hair.toml", "--n", "57", "--replicates", &reps]);
    let b = outputs(dir.path(), 3, &["scenarios/hair.toml", "--n", "57", "--replicates", &reps, "--seed", "1"]);
    assert_ne!(a.0, b.0);
    assert_ne!(a.1, b.1);
}
