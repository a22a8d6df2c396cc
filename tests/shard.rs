//! Sharded runs (issue 14): `plan FILE --shard K/N --out F` for every K,
//! run as separate processes at the same time (as GNU parallel or a job
//! array would), then `plan merge`, give byte for byte the CSV, JSON and
//! plots of the unsharded run, for N in {1, 2, 3, 7}, on a normal, a binary
//! and a time-to-event scenario, with the search, the precision control,
//! the sensitivity grid, assurance and the minimum detectable effect. And
//! every wrong mix of shards is refused with exit 2 and nothing written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn plan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_plan"))
}

fn root(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

fn ok(out: Output, what: &str) -> Output {
    assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// The outputs compared, by flag and file name.
const OUTPUTS: [(&str, &str); 4] =
    [("--csv", "curve.csv"), ("--json", "result.json"), ("--csv-grid", "grid.csv"), ("--plot", "curve.svg")];

fn output_args(dir: &Path, grid: bool) -> Vec<String> {
    OUTPUTS
        .iter()
        .filter(|(flag, _)| grid || *flag != "--csv-grid")
        .flat_map(|(flag, file)| [flag.to_string(), dir.join(file).display().to_string()])
        .collect()
}

fn read_outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    OUTPUTS.iter().filter_map(|(_, f)| std::fs::read(dir.join(f)).ok().map(|b| (f.to_string(), b))).collect()
}

/// Runs the N shards of `args` concurrently, each with its own thread
/// count, and merges them into `dir`.
fn sharded(args: &[&str], n: u32, dir: &Path, grid: bool) -> Vec<(String, Vec<u8>)> {
    // The MDE's bisection on a real factor leaves each shard's path after a
    // few steps, so the merge simulates its later steps itself (see
    // ARCHITECTURE.md); the share is checked without it.
    let max_share = if args.contains(&"--mde") { 100.0 } else { 30.0 };
    let shards = dir.join("shards");
    std::fs::create_dir_all(&shards).unwrap();
    let children: Vec<_> = (1..=n)
        .map(|k| {
            plan()
                .args(args)
                .args(["--shard", &format!("{k}/{n}"), "--out", &format!("{}/", shards.display()), "-q"])
                .args(["--threads", if k % 2 == 0 { "2" } else { "1" }])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (k, c) in children.into_iter().enumerate() {
        ok(c.wait_with_output().unwrap(), &format!("shard {}/{n}", k + 1));
    }
    let out =
        ok(plan().arg("merge").arg(&shards).args(output_args(dir, grid)).output().unwrap(), &format!("merge of {n}"));
    // The shards did the work: the merge simulated little itself (the
    // parts of the merged path no shard's own path took).
    let err = String::from_utf8_lossy(&out.stderr);
    let share: f64 = err
        .split_once(" (")
        .and_then(|(_, r)| r.split_once("%)"))
        .and_then(|(p, _)| p.parse().ok())
        .unwrap_or_else(|| panic!("no share in {err}"));
    assert!(share < max_share, "{n} shards: the merge simulated {share}% itself");
    read_outputs(dir)
}

fn single(args: &[&str], dir: &Path, grid: bool) -> Vec<(String, Vec<u8>)> {
    std::fs::create_dir_all(dir).unwrap();
    ok(plan().args(args).args(output_args(dir, grid)).args(["-q", "--threads", "2"]).output().unwrap(), "single run");
    read_outputs(dir)
}

fn merged_equals_single(args: &[&str], grid: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let want = single(args, &tmp.path().join("single"), grid);
    assert_eq!(want.len(), if grid { 4 } else { 3 });
    for n in [1, 2, 3, 7] {
        let got = sharded(args, n, &tmp.path().join(format!("n{n}")), grid);
        for ((name, a), (_, b)) in want.iter().zip(&got) {
            assert!(a == b, "{args:?}, {n} shards: {name} differs from the unsharded run");
        }
        assert_eq!(got.len(), want.len());
    }
}

#[test]
fn normal_search_precision_grid_and_assurance_merge_to_the_single_run() {
    // hair.toml: four arms, Dunnett, goal "each", priors (assurance), the
    // allocation advice; a 3 × 2 × 2 grid, and a precision control that adds
    // replicates (1000 per n, up to 8000 near the answer).
    let hair = root("scenarios/hair.toml");
    merged_equals_single(&[&hair, "--replicates", "1000", "--max-replicates", "8000", "--sensitivity"], true);
}

#[test]
fn binary_search_with_mde_merges_to_the_single_run() {
    let wound = root("scenarios/wound-healing.toml");
    merged_equals_single(&[&wound, "--replicates", "1500", "--max-replicates", "6000", "--mde"], false);
}

#[test]
fn time_to_event_search_on_raw_data_merges_to_the_single_run() {
    let tte = root("scenarios/tumour-safety-survival.toml");
    merged_equals_single(&[&tte, "--replicates", "600", "--max-replicates", "2400"], false);
}

#[test]
fn power_at_one_n_merges_to_the_single_run() {
    let hair = root("scenarios/hair.toml");
    merged_equals_single(&[&hair, "--n", "40", "--replicates", "3000"], false);
}

/// Runs the three shards of hair at `args` into `dir`, returning their paths.
fn three_shards(dir: &Path, extra: &[&str]) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let hair = root("scenarios/hair.toml");
    (1..=3)
        .map(|k| {
            let out = dir.join(format!("{k}.json"));
            ok(
                plan()
                    .args([hair.as_str(), "--replicates", "400", "--no-precision", "-q", "--shard"])
                    .arg(format!("{k}/3"))
                    .arg("--out")
                    .arg(&out)
                    .args(extra)
                    .output()
                    .unwrap(),
                "shard",
            );
            out
        })
        .collect()
}

/// `plan merge` of `files` must fail with exit 2, say `says`, and write
/// nothing.
fn refused(files: &[PathBuf], says: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let (csv, json) = (tmp.path().join("out.csv"), tmp.path().join("out.json"));
    let out = plan().arg("merge").args(files).arg("--csv").arg(&csv).arg("--json").arg(&json).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{says}: {err}");
    assert!(err.contains(says), "expected {says:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!csv.exists() && !json.exists(), "{says}: an output was written");
    assert!(out.stdout.is_empty());
}

/// A copy of shard `from` with `f` applied, its checksum made right again
/// (a file as another plan or run would write it).
fn edit(from: &Path, to: &Path, f: impl Fn(&mut serde_json::Value)) -> PathBuf {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(from).unwrap()).unwrap();
    f(&mut v);
    if let Ok(mut file) = serde_json::from_value::<plan::shard::ShardFile>(v.clone()) {
        file.checksum = file.compute_checksum();
        v = serde_json::to_value(file).unwrap();
    }
    std::fs::write(to, serde_json::to_vec(&v).unwrap()).unwrap();
    to.to_path_buf()
}

/// A copy of shard `from` with `f` applied and its checksum left alone (a
/// file edited by hand or corrupted).
fn tamper(from: &Path, to: &Path, f: impl Fn(&mut serde_json::Value)) -> PathBuf {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(from).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(to, serde_json::to_vec(&v).unwrap()).unwrap();
    to.to_path_buf()
}

#[test]
fn wrong_mixes_of_shards_are_refused_with_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let good = three_shards(&t.join("good"), &[]);
    let other_seed = three_shards(&t.join("seed"), &["--seed", "7"]);
    let [a, b, c] = [&good[0], &good[1], &good[2]].map(|p| p.to_path_buf());

    refused(&[a.clone(), c.clone()], "missing shard 2 of 3");
    refused(&[a.clone(), b.clone(), b.clone(), c.clone()], "shard 2/3 is given twice");
    refused(&[a.clone(), other_seed[1].clone(), c.clone()], "seed 7 vs");
    // Another scenario: the same shard of wound-healing.
    let wound = t.join("wound.json");
    ok(
        plan()
            .args([&root("scenarios/wound-healing.toml"), "--replicates", "400", "-q", "--shard", "2/3", "--out"])
            .arg(&wound)
            .output()
            .unwrap(),
        "wound shard",
    );
    refused(&[a.clone(), wound, c.clone()], "is a shard of another scenario");
    // Another split: shard 2 of 4.
    let of4 = t.join("of4.json");
    ok(
        plan()
            .args([
                &root("scenarios/hair.toml"),
                "--replicates",
                "400",
                "--no-precision",
                "-q",
                "--shard",
                "2/4",
                "--out",
            ])
            .arg(&of4)
            .output()
            .unwrap(),
        "shard 2/4",
    );
    refused(&[a.clone(), of4, c.clone()], "is shard 2 of 4");
    // Another version of plan, another file format, a damaged count, an
    // edited scenario, a file of another kind, an empty directory.
    let v = edit(&b, &t.join("version.json"), |v| v["tool_version"] = "0.0.9".into());
    refused(&[a.clone(), v, c.clone()], "was written by plan 0.0.9");
    let f = edit(&b, &t.join("format.json"), |v| v["format_version"] = 99.into());
    refused(&[a.clone(), f, c.clone()], "shard file format 99");
    let d = edit(&b, &t.join("damaged.json"), |v| v["slices"][0]["rejections"][0] = 1_000_000_000u64.into());
    refused(&[a.clone(), d, c.clone()], "do not fit shard 2/3");
    let s = edit(&b, &t.join("text.json"), |v| v["scenario"]["text"] = "title = \"x\"".into());
    refused(&[a.clone(), s, c.clone()], "is a shard of another scenario");
    // Counts edited by hand (still plausible) and a scenario edited without
    // its hash: the checksum refuses both.
    let plus = tamper(&b, &t.join("plus.json"), |v| {
        let r = v["slices"][0]["rejections"][0].as_u64().unwrap();
        v["slices"][0]["rejections"][0] = (r.saturating_sub(1)).into();
    });
    refused(&[a.clone(), plus, c.clone()], "do not match its checksum");
    let text = tamper(&b, &t.join("text2.json"), |v| v["scenario"]["text"] = "title = \"x\"".into());
    refused(&[a.clone(), text, c.clone()], "do not match its checksum");
    // A truncated shard in a directory is reported, not skipped.
    let cut = t.join("cut");
    std::fs::create_dir(&cut).unwrap();
    for (k, p) in good.iter().enumerate() {
        let bytes = std::fs::read(p).unwrap();
        let keep = if k == 1 { bytes.len() / 2 } else { bytes.len() };
        std::fs::write(cut.join(format!("{}.json", k + 1)), &bytes[..keep]).unwrap();
    }
    refused(&[cut], "2.json: not a plan shard file (not JSON");
    let csv = t.join("not-a-shard.json");
    std::fs::write(&csv, "n,power\n1,0.5\n").unwrap();
    refused(&[a.clone(), csv, c.clone()], "not a plan shard file");
    let empty = t.join("empty");
    std::fs::create_dir(&empty).unwrap();
    refused(&[empty], "no shard files (.json) in this directory");

    // An output that is one of the shards (by another path, or a link) is
    // refused before anything is written; the shard stays as it was.
    let before = std::fs::read(&c).unwrap();
    let link = t.join("link.json");
    std::os::unix::fs::symlink(&c, &link).unwrap();
    for out in [c.clone(), t.join("good/../good/3.json"), link] {
        let o = plan().arg("merge").args(&good).arg("--csv").arg(&out).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("is the shard file") && err.contains("being merged"), "{err}");
        assert_eq!(std::fs::read(&c).unwrap(), before);
    }

    // The good set merges, from files or their directory.
    let out =
        ok(plan().arg("merge").args(&good).arg("-q").arg("--json").arg(t.join("m.json")).output().unwrap(), "merge");
    assert!(out.status.success());
}

#[test]
fn a_shard_refuses_outputs_and_bad_numbers_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let hair = root("scenarios/hair.toml");
    let out = tmp.path().join("s.json");
    for (args, says) in [
        (vec!["--shard", "0/4"], "shard 0 of 4 does not exist"),
        (vec!["--shard", "5/4"], "shard 5 of 4 does not exist"),
        (vec!["--shard", "three"], "expected K/N"),
        (vec!["--shard", "slurm"], "SLURM_ARRAY_TASK_ID is not set"),
        (vec!["--shard", "2/4", "--csv", "x.csv"], "--csv with --shard"),
    ] {
        let o = plan()
            .arg(&hair)
            .args(&args)
            .arg("--out")
            .arg(&out)
            .env_remove("SLURM_ARRAY_TASK_ID")
            .current_dir(tmp.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: expected {says:?} in {err}");
        assert!(!out.exists() && !tmp.path().join("x.csv").exists());
    }
    let o = plan().args([&hair, "--shard", "1/2"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--shard needs --out"));
}

#[test]
fn a_killed_run_resumes_by_running_only_its_missing_shards() {
    // Shards 1 and 3 of 3 ran; 2 was killed (its file never appeared: shard
    // files are written whole, by rename). The merge names what to run; run
    // it alone, and the merge equals the single run.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("shards");
    let hair = root("scenarios/hair.toml");
    let args = [hair.as_str(), "--replicates", "500", "--no-precision"];
    std::fs::create_dir(&dir).unwrap();
    for k in [1, 3] {
        ok(plan().args(args).args(["-q", "--shard", &format!("{k}/3"), "--out"]).arg(&dir).output().unwrap(), "shard");
    }
    let o = plan().arg("merge").arg(&dir).arg("--json").arg(tmp.path().join("m.json")).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("missing shard 2 of 3") && err.contains("--shard 2/3 --out "), "{err}");
    ok(plan().args(args).args(["-q", "--shard", "2/3", "--out"]).arg(&dir).output().unwrap(), "shard 2");
    ok(plan().arg("merge").arg(&dir).arg("-q").arg("--json").arg(tmp.path().join("m.json")).output().unwrap(), "merge");
    ok(plan().args(args).args(["-q", "--json"]).arg(tmp.path().join("s.json")).output().unwrap(), "single");
    assert_eq!(std::fs::read(tmp.path().join("m.json")).unwrap(), std::fs::read(tmp.path().join("s.json")).unwrap());
}

#[test]
fn the_readme_shows_the_slurm_scripts_as_they_are() {
    // The smoke test (scripts/slurm-smoke.sh) submits these files; the
    // README must show exactly them.
    let readme = std::fs::read_to_string(root("README.md")).unwrap();
    for f in ["scripts/slurm/shards.sbatch", "scripts/slurm/merge.sbatch"] {
        let script = std::fs::read_to_string(root(f)).unwrap();
        assert!(readme.contains(&format!("```sh\n{script}```")), "README.md does not show {f} as it is");
    }
}
