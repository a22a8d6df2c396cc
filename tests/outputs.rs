//! Where outputs go and what a run may touch: regular files are replaced
//! atomically, links are followed, devices and FIFOs are written through
//! and never replaced, a failed run leaves nothing, two outputs cannot
//! share a path, a closed pipe ends quietly, and inputs are bounded.
//! Every test works in its own temporary directory; none touches `/dev`.

use std::fs;
use std::path::Path;
use std::process::{Command as Std, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;

fn plan() -> Command {
    Command::cargo_bin("plan").expect("binary")
}

const VALID: &str = "tests/fixtures/valid/two_arm.toml";
/// A fast run: one n, few replicates.
const FAST: [&str; 4] = ["--n", "10", "--replicates", "300"];

fn is_root() -> bool {
    Std::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

#[cfg(unix)]
fn file_type(p: &Path) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = fs::symlink_metadata(p).unwrap().file_type();
    if t.is_symlink() {
        "symlink"
    } else if t.is_fifo() {
        "fifo"
    } else if t.is_char_device() {
        "char device"
    } else if t.is_file() {
        "file"
    } else {
        "other"
    }
}

#[test]
#[cfg(unix)]
fn a_symlink_output_writes_its_target_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.json");
    fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    plan().args([VALID, "-q", "--json"]).arg(&link).args(FAST).assert().success();
    assert_eq!(file_type(&link), "symlink");
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("real.json"));
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(v["tool"], "plan");

    // A dangling link: the output creates the link's target.
    let dangling = dir.path().join("dangling.csv");
    std::os::unix::fs::symlink("made.csv", &dangling).unwrap();
    plan().args([VALID, "-q", "--csv"]).arg(&dangling).args(FAST).assert().success();
    assert_eq!(file_type(&dangling), "symlink");
    assert!(fs::read_to_string(dir.path().join("made.csv")).unwrap().starts_with("scenario,"));
}

#[test]
#[cfg(unix)]
fn a_fifo_output_is_written_through_and_stays_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(Std::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    plan().args([VALID, "-q", "--csv"]).arg(&fifo).args(FAST).assert().success();
    let got = reader.join().unwrap();
    assert!(String::from_utf8(got).unwrap().starts_with("scenario,variant,"));
    assert_eq!(file_type(&fifo), "fifo");
    // Nothing else was created beside it (no temporary file left).
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
#[cfg(unix)]
fn a_null_device_node_stays_a_device() {
    // Needs root to make a device node; in a temporary directory, never /dev.
    if !is_root() {
        eprintln!("skipped: not root, cannot mknod");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let null = dir.path().join("null");
    assert!(Std::new("mknod").arg(&null).args(["c", "1", "3"]).status().unwrap().success());
    plan().args([VALID, "-q", "--json"]).arg(&null).args(FAST).assert().success();
    assert_eq!(file_type(&null), "char device");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn an_existing_directory_as_output_fails_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("isdir");
    fs::create_dir(&sub).unwrap();
    let csv = dir.path().join("a.csv");
    plan()
        .args([VALID, "-q", "--csv"])
        .arg(&csv)
        .arg("--json")
        .arg(&sub)
        .args(FAST)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--json").and(predicate::str::contains("is a directory")));
    assert!(!csv.exists(), "a.csv was left behind");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
#[cfg(unix)]
fn a_second_output_failing_at_write_time_leaves_no_output() {
    // The CSV is staged first; the JSON then fails while being written.
    // As root: a full-device node (writes fail with ENOSPC); otherwise a
    // directory without write permission.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("a.csv");
    let bad = if is_root() {
        let full = dir.path().join("full");
        assert!(Std::new("mknod").arg(&full).args(["c", "1", "7"]).status().unwrap().success());
        full
    } else {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("ro");
        fs::create_dir(&ro).unwrap();
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
        ro.join("b.json")
    };
    plan()
        .args([VALID, "-q", "--csv"])
        .arg(&csv)
        .arg("--json")
        .arg(&bad)
        .args(FAST)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
    assert!(!csv.exists(), "a.csv was left behind");
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "only the failing target remains: {left:?}");
}

#[test]
#[cfg(unix)]
fn two_outputs_to_one_path_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x");
    plan()
        .args([VALID, "-q", "--csv"])
        .arg(&x)
        .arg("--json")
        .arg(&x)
        .args(FAST)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--csv and --json both write to"));
    assert!(!x.exists());
    // The same file under two names, through a link.
    let real = dir.path().join("r.md");
    let alias = dir.path().join("alias.md");
    std::os::unix::fs::symlink(&real, &alias).unwrap();
    plan()
        .args([VALID, "-q", "--report"])
        .arg(&real)
        .arg("--json")
        .arg(&alias)
        .args(FAST)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("both write to"));
    plan().args([VALID, "--csv", "-", "--json", "-"]).args(FAST).assert().code(2);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Std::new(env!("CARGO_BIN_EXE_plan"))
        .args(["scenarios/hair.toml", "--replicates", "2000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before plan writes
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "status {:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn the_scenario_can_come_from_standard_input() {
    let text = fs::read(VALID).unwrap();
    let out = plan().args(["-", "--json", "-"]).args(FAST).write_stdin(text).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["input"]["file"], "<stdin>");
    // Problems in standard input are located like a file's.
    let bad = fs::read_to_string(VALID).unwrap().replace("mean = 0.8", "mean = \"x\"");
    plan()
        .arg("-")
        .write_stdin(bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<stdin>:").and(predicate::str::contains("arms[1].mean")));
}

#[test]
fn oversized_or_binary_scenarios_are_refused_without_reading_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    // 3 MiB of comment lines: valid TOML, but no scenario is this large.
    fs::write(&big, "# padding\n".repeat(300_000)).unwrap();
    plan().arg(&big).assert().code(2).stderr(predicate::str::contains("larger than 1 MiB"));
    let bin = dir.path().join("bin.toml");
    fs::write(&bin, [0x74, 0x69, 0xff, 0xfe, 0x00]).unwrap();
    plan().arg(&bin).assert().code(2).stderr(predicate::str::contains("not UTF-8"));
    plan().arg(dir.path()).assert().code(2).stderr(predicate::str::contains("is a directory"));
}

#[test]
fn too_many_threads_are_lowered_with_a_note() {
    plan()
        .args([VALID, "-q", "--threads", "100000"])
        .args(FAST)
        .assert()
        .success()
        .stderr(predicate::str::contains("--threads 100000 lowered to"));
}

#[test]
fn seeds_take_the_same_range_in_the_file_and_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("s.toml");
    let text = fs::read_to_string(VALID).unwrap();
    fs::write(&f, text.replace("replicates = 2000", "replicates = 2000\nseed = 18446744073709551615")).unwrap();
    let words = "a whole number from 0 to 9223372036854775807 (2^63 − 1)";
    plan().arg(&f).assert().code(2).stderr(predicate::str::contains(words));
    plan()
        .args([VALID, "--seed", "18446744073709551615"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("9223372036854775807"));
    plan().args([VALID, "-q", "--seed", "9223372036854775807"]).args(FAST).assert().success();
}
