//! The fuzz cases of `fuzz/` (issue 15), run briefly and deterministically
//! in the default suite: every scenario of `scenarios/` and
//! `tests/fixtures/` (valid and invalid), the regression inputs the fuzzer
//! found (`fuzz/regressions/`), and a fixed number of mutations of each
//! from a fixed seed. `scripts/fuzz.sh MINUTES` runs the real fuzzers.

#[path = "harness/fuzz.rs"]
mod harness;

use std::path::{Path, PathBuf};

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// One mutation of `text`: a number replaced by an extreme, a line dropped
/// or repeated, or a value's type swapped.
fn mutate(text: &str, rng: &mut harness::Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return text.to_string();
    }
    let i = rng.below(lines.len());
    match rng.below(4) {
        0 => {
            lines.remove(i);
        }
        1 => {
            let l = lines[i].clone();
            lines.insert(i, l);
        }
        _ => {
            if let Some((key, _)) = lines[i].split_once(" = ") {
                lines[i] = format!("{key} = {}", harness::VALUES[rng.below(harness::VALUES.len())]);
            }
        }
    }
    lines.join("\n")
}

fn run_case(f: fn(&[u8]) -> Result<(), String>, bytes: &[u8], what: &str) {
    match std::panic::catch_unwind(|| f(bytes)) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("{what}: {e}\n--- input ---\n{}", String::from_utf8_lossy(bytes)),
        Err(_) => panic!("{what}: panicked\n--- input ---\n{}", String::from_utf8_lossy(bytes)),
    }
}

#[test]
fn scenario_corpus_and_its_mutations_pass_every_check() {
    let mut corpus: Vec<PathBuf> = files("scenarios", "toml");
    corpus.extend(files("tests/fixtures", "toml"));
    corpus.extend(files("fuzz/regressions/scenario", "toml"));
    assert!(corpus.len() > 80, "{} seeds", corpus.len());
    let mut rng = harness::Rng(0x9e37_79b9_7f4a_7c15);
    let mut ran = 0;
    for path in &corpus {
        let text = std::fs::read_to_string(path).unwrap();
        run_case(harness::scenario_case, text.as_bytes(), &path.display().to_string());
        ran += usize::from(harness::scenario_ran(text.as_bytes()) == Ok(true));
        for k in 0..3 {
            let m = mutate(&text, &mut rng);
            run_case(harness::scenario_case, m.as_bytes(), &format!("{} mutation {k}", path.display()));
        }
    }
    // Every valid seed was simulated and exported (the library's 27 and the
    // valid fixtures), not only parsed.
    assert!(ran >= 28, "only {ran} seeds ran");
}

#[test]
fn shard_files_and_effect_numbers_pass_every_check() {
    for path in files("fuzz/regressions/shard", "json") {
        run_case(harness::shard_case, &std::fs::read(&path).unwrap(), &path.display().to_string());
    }
    let mut rng = harness::Rng(7);
    for i in 0..3000 {
        let bytes: Vec<u8> = (0..49).map(|_| rng.next() as u8).collect();
        run_case(harness::effect_case, &bytes, &format!("effect case {i}"));
    }
    // Whole scenarios generated from the schema (fuzz target
    // `scenario_struct`), from fixed bytes.
    for i in 0..400 {
        let bytes: Vec<u8> = (0..256).map(|_| rng.next() as u8).collect();
        run_case(harness::generated_case, &bytes, &format!("generated scenario {i}"));
    }
    // A real shard of a whole run (1 of 1), then its counts, ranges, n and
    // settings set to extremes: each is refused or merges cleanly.
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/wound-healing.toml")).unwrap();
    let scenario = plan::shard::ScenarioText { file: "wound.toml".into(), sha256: String::new(), text };
    let overrides = plan::scenario::Overrides { replicates: Some(100), ..Default::default() };
    let settings = plan::shard::RunSettings { n: Some(10), raw_data: false, mde: false, overrides };
    let number = plan::shard::ShardNumber { index: 1, count: 1 };
    let shard =
        plan::shard::run_shard(scenario, settings, number, 1, String::new(), &plan::engine::NoProgress).unwrap();
    let bytes = serde_json::to_vec(&shard).unwrap();
    run_case(harness::shard_case, &bytes, "a real shard");
    let extremes: [serde_json::Value; 6] =
        [0.into(), 1.into(), u64::MAX.into(), (-1).into(), serde_json::Value::Null, "x".into()];
    for i in 0..200 {
        let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let slices = v["slices"].as_array().unwrap().len();
        let s = rng.below(slices);
        let x = extremes[rng.below(extremes.len())].clone();
        match rng.below(6) {
            0 => v["slices"][s]["rejections"][0] = x,
            1 => v["slices"][s]["range"][1] = x,
            2 => v["slices"][s]["n"] = x,
            3 => v["slices"][s]["replicates"] = x,
            4 => v["settings"]["n"] = x,
            _ => v["shard"]["count"] = x,
        }
        run_case(harness::shard_case, &serde_json::to_vec(&v).unwrap(), &format!("shard mutation {i}"));
    }
    // Garbage and near-shards are refused, not crashed on.
    for bytes in
        [&b""[..], b"{}", b"{\"format\":\"plan-shard\"}", b"[1,2", b"{\"format\":\"plan-shard\",\"format_version\":1}"]
    {
        run_case(harness::shard_case, bytes, "garbage shard");
    }
}

/// `plan effect`'s command line (flags and values drawn from its own
/// vocabulary and the extremes), as separate processes: every run ends
/// with exit 0 or 2, never a panic, and a success prints no non-finite
/// number.
#[test]
fn plan_effect_arguments_from_a_fixed_seed() {
    const FLAGS: [(&str, usize); 19] = [
        ("--means", 2),
        ("--sds", 2),
        ("--ses", 2),
        ("--n", 2),
        ("--n", 1),
        ("--r", 1),
        ("--diff", 1),
        ("--ci", 2),
        ("--level", 1),
        ("--t", 1),
        ("--p", 1),
        ("--events", 2),
        ("--or", 1),
        ("--rr", 1),
        ("--hr", 1),
        ("--median", 1),
        ("--iqr", 2),
        ("--range", 2),
        ("--paired", 0),
    ];
    const VALUES: [&str; 16] = [
        "0",
        "1",
        "2",
        "10",
        "0.5",
        "0.95",
        "-1",
        "1e308",
        "5e-324",
        "nan",
        "inf",
        "-inf",
        "<0.001",
        "1e-300",
        "4294967296",
        "x",
    ];
    let mut rng = harness::Rng(2026);
    for case in 0..150 {
        let mut args = vec!["effect".to_string()];
        for _ in 0..1 + rng.below(4) {
            let (flag, k) = FLAGS[rng.below(FLAGS.len())];
            args.push(flag.into());
            for _ in 0..k {
                args.push(VALUES[rng.below(VALUES.len())].into());
            }
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_plan")).args(&args).output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let code = out.status.code();
        assert!(code == Some(0) || code == Some(2), "case {case} {args:?}: exit {code:?}\n{stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("internal error"), "case {case} {args:?}: {stderr}");
        if code == Some(0) {
            let bad = stdout.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| matches!(w, "inf" | "NaN" | "nan"));
            assert!(!bad, "case {case} {args:?} printed a non-finite number:\n{stdout}");
        }
    }
}
