//! The stable fallback of `scripts/fuzz.sh` (issue 15): a mutation loop
//! over the same corpus and cases as the libFuzzer targets in `fuzz/`, for
//! machines without a nightly toolchain. Not coverage-guided: it mutates
//! seeds at random (byte flips, deletions, dictionary tokens, numbers
//! replaced by extremes, splices of two seeds) and generates whole
//! scenarios from random bytes.
//!
//! `cargo run --release --example fuzz_stable -- SECONDS CORPUS_DIR...`
//! prints executions, executions per second and failures; each failing
//! input is saved under `fuzz/regressions/<target>/` (and the run exits 1).

#[path = "../tests/harness/fuzz.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TOKENS: [&str; 16] = [
    "=",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "\n",
    "nan",
    "inf",
    "-0.0",
    "5e-324",
    "1e308",
    "18446744073709551616",
    "[[arms]]\n",
    "true",
    "#",
];

fn mutate(seed: &[u8], other: &[u8], rng: &mut harness::Rng) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 if !b.is_empty() => {
                let end = (at + 1 + rng.below(32)).min(b.len());
                b.drain(at.min(end)..end);
            }
            2 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                b.splice(at..at, t.iter().copied());
            }
            3 => {
                let v = harness::VALUES[rng.below(harness::VALUES.len())];
                // Replace the value of the line `at` falls in.
                let start = b[..at].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
                let end = b[at..].iter().position(|&c| c == b'\n').map_or(b.len(), |i| at + i);
                if let Some(eq) = b[start..end].iter().position(|&c| c == b'=') {
                    b.splice(start + eq + 1..end, format!(" {v}").into_bytes());
                }
            }
            _ if !other.is_empty() => {
                let from = rng.below(other.len());
                let len = rng.below(256).min(other.len() - from);
                b.splice(at..at, other[from..from + len].iter().copied());
            }
            _ => {}
        }
    }
    b
}

/// One fuzz case of the harness.
type Case = fn(&[u8]) -> Result<(), String>;

fn corpus(dirs: &[String]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for d in dirs {
        let Ok(entries) = std::fs::read_dir(d) else { continue };
        for e in entries.flatten() {
            if e.path().is_file() {
                if let Ok(b) = std::fs::read(e.path()) {
                    out.push((e.path(), b));
                }
            }
        }
    }
    out.sort();
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(60);
    let scenarios = corpus(&args[1..]);
    if scenarios.is_empty() {
        eprintln!("usage: fuzz_stable SECONDS CORPUS_DIR...: no seeds found");
        std::process::exit(2);
    }
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = harness::Rng(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1,
    );
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let (mut execs, mut failures) = (0u64, 0u64);
    while Instant::now() < deadline {
        let (target, input, f): (&str, Vec<u8>, Case) = match execs % 10 {
            0..=5 => {
                let (_, s) = &scenarios[rng.below(scenarios.len())];
                let (_, o) = &scenarios[rng.below(scenarios.len())];
                ("scenario", mutate(s, o, &mut rng), harness::scenario_case)
            }
            6 | 7 => ("scenario_struct", (0..512).map(|_| rng.next() as u8).collect(), harness::generated_case),
            _ => ("effect", (0..64).map(|_| rng.next() as u8).collect(), harness::effect_case),
        };
        execs += 1;
        let outcome = std::panic::catch_unwind(|| f(&input));
        let why = match outcome {
            Ok(Ok(())) => continue,
            Ok(Err(e)) => e,
            Err(p) => p
                .downcast_ref::<String>()
                .cloned()
                .or(p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        };
        failures += 1;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
        let _ = std::fs::create_dir_all(&dir);
        let ext = if target == "effect" { "bin" } else { "toml" };
        let name = dir.join(format!("stable-{:016x}.{ext}", rng.next()));
        let _ = std::fs::write(&name, &input);
        eprintln!("FAILURE ({target}): {}\n  saved as {}", why.lines().next().unwrap_or(""), name.display());
    }
    let secs = start.elapsed().as_secs_f64();
    println!("stable fuzzing: {execs} executions in {secs:.0} s ({:.0}/s), {failures} failures", execs as f64 / secs);
    std::process::exit(if failures > 0 { 1 } else { 0 });
}
