//! One fuzz case per input path (issue 15), shared by the libFuzzer
//! targets in `fuzz/`, the stable mutation loop (`fuzz/src/bin/stable.rs`)
//! and the short deterministic run of the default suite (`tests/fuzz.rs`),
//! which include this file by path.
//!
//! A case returns `Err` for a failure: an output that is malformed (CSV
//! that does not parse or has ragged rows, JSON that does not parse, SVG
//! that is not XML), a non-finite number in an output, an internal error,
//! or a case over its time budget. Invalid input is not a failure: it must
//! be refused with a message, which is all that is checked of it. A panic
//! is a failure too (libFuzzer reports it; the other two callers catch it).

#![allow(dead_code)]

use std::time::{Duration, Instant};

use plan::effect::{self, PValue, RatioKind, Reported, Spread};
use plan::engine::{self, Mode, NoProgress, PlanResult, RunOptions};
use plan::export::{Csv, Exporter, GridCsv, Json, Report, ReportFormat, Summary};
use plan::plot::{self, ImageFormat};
use plan::scenario::{Overrides, Scenario};

/// xorshift64* (Vigna 2016): the small random source of the mutation
/// loops (the default suite's from a fixed seed).
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Time budget of one valid scenario's tiny run, exporters included.
pub const BUDGET: Duration = Duration::from_secs(10);

/// Largest n a fuzzed scenario is simulated at.
const MAX_N: u32 = 12;

fn fail(what: &str, detail: impl std::fmt::Display) -> Result<(), String> {
    Err(format!("{what}: {detail}"))
}

/// A scenario file's bytes: parse and validate; when valid, a tiny run
/// (24 replicates, at one small n, no precision control) and every
/// exporter, each output checked.
pub fn scenario_case(bytes: &[u8]) -> Result<(), String> {
    scenario_ran(bytes).map(|_| ())
}

/// [`scenario_case`], saying whether the scenario was valid and ran.
pub fn scenario_ran(bytes: &[u8]) -> Result<bool, String> {
    let Ok(text) = std::str::from_utf8(bytes) else { return Ok(false) };
    let overrides =
        Overrides { replicates: Some(24), max_replicates: Some(24), precision: Some(false), ..Overrides::default() };
    let scenario = match Scenario::from_toml(text, "fuzz.toml".as_ref(), &overrides) {
        Ok(s) => s,
        Err(e) => {
            let msg = e.to_string();
            return if msg.contains("fuzz.toml") {
                Ok(false)
            } else {
                Err(format!("a refusal does not name the file: {msg}"))
            };
        }
    };
    let sim = scenario.simulation();
    let n = sim.n_min.clamp(2, MAX_N).min(sim.n_max.max(2));
    let start = Instant::now();
    let options = RunOptions { threads: 1, ..RunOptions::default() };
    let result = match engine::run(&scenario, Mode::AtN(n), options, &NoProgress) {
        Ok(r) => r,
        Err(e) if e.is_input_error() => return Ok(false),
        Err(e) => return Err(format!("run: {e}")),
    };
    check_outputs(&result)?;
    if start.elapsed() > BUDGET {
        return Err(format!("over the time budget: {:?} at n = {n}", start.elapsed()));
    }
    Ok(true)
}

/// Every exporter of `result`, each output checked for its format and for
/// non-finite numbers.
pub fn check_outputs(result: &PlanResult) -> Result<(), String> {
    let summary = Summary.serialize(result).map_err(|e| format!("summary: {e}"))?;
    String::from_utf8(summary).map_err(|e| format!("summary is not UTF-8: {e}"))?;
    check_csv("csv", &Csv.serialize(result).map_err(|e| format!("csv: {e}"))?)?;
    check_json("json", &Json.serialize(result).map_err(|e| format!("json: {e}"))?)?;
    for format in [ReportFormat::Markdown, ReportFormat::Html] {
        let plot_svg = match format {
            ReportFormat::Html => Some(
                String::from_utf8_lossy(
                    &plot::power_curve(result, ImageFormat::Svg).map_err(|e| format!("plot: {e}"))?,
                )
                .into_owned(),
            ),
            ReportFormat::Markdown => None,
        };
        let r = Report { format, command: "plan fuzz.toml".into(), plot_svg, plot_file: None };
        let bytes = r.serialize(result).map_err(|e| format!("report: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|e| format!("report is not UTF-8: {e}"))?;
        no_non_finite("report", &text)?;
    }
    check_svg("plot", &plot::power_curve(result, ImageFormat::Svg).map_err(|e| format!("plot: {e}"))?)?;
    if result.grid.is_some() {
        check_csv("csv-grid", &GridCsv.serialize(result).map_err(|e| format!("csv-grid: {e}"))?)?;
        check_svg("plot-grid", &plot::grid_heatmap(result, ImageFormat::Svg).map_err(|e| format!("plot-grid: {e}"))?)?;
    }
    Ok(())
}

/// Words that mean a number was not finite.
fn no_non_finite(what: &str, text: &str) -> Result<(), String> {
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.')) {
        let w = word.trim_start_matches('-').to_ascii_lowercase();
        if w == "nan" || w == "inf" || w == "infinity" {
            return fail(&format!("{what} holds a non-finite number"), word);
        }
    }
    Ok(())
}

fn check_csv(what: &str, bytes: &[u8]) -> Result<(), String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let width = reader.headers().map_err(|e| format!("{what}: header: {e}"))?.len();
    for row in reader.records() {
        let row = row.map_err(|e| format!("{what}: {e}"))?;
        if row.len() != width {
            return fail(what, format!("a row of {} fields under a header of {width}", row.len()));
        }
    }
    no_non_finite(what, &String::from_utf8_lossy(bytes))
}

fn check_json(what: &str, bytes: &[u8]) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| format!("{what}: {e}"))?;
    fn walk(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Number(n) => n.as_f64().is_some_and(f64::is_finite),
            serde_json::Value::Array(a) => a.iter().all(walk),
            serde_json::Value::Object(o) => o.values().all(walk),
            _ => true,
        }
    }
    if walk(&v) {
        Ok(())
    } else {
        fail(what, "a number that is not finite")
    }
}

fn check_svg(what: &str, bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{what}: not UTF-8: {e}"))?;
    roxmltree::Document::parse(text).map_err(|e| format!("{what}: not XML: {e}"))?;
    no_non_finite(what, text)
}

/// A shard file's bytes: read and check as `plan merge` does; when it is a
/// whole run of one shard with few replicates, merge it and check every
/// output.
pub fn shard_case(bytes: &[u8]) -> Result<(), String> {
    let file = match plan::shard::parse(bytes, "fuzz.json") {
        Ok(f) => f,
        Err(e) => {
            let msg = e.to_string();
            if !(msg.contains("fuzz.json") && e.is_input_error()) {
                return fail("refusal", msg);
            }
            // A mutation nearly always breaks the checksum; to reach the
            // checks and the merge behind it, go on with the checksum made
            // right (as a hand-edited file with a recomputed sum would be).
            let Ok(mut f) = serde_json::from_slice::<plan::shard::ShardFile>(bytes) else { return Ok(()) };
            f.checksum = f.compute_checksum();
            let fixed = serde_json::to_vec(&f).map_err(|e| format!("re-serialize: {e}"))?;
            match plan::shard::parse(&fixed, "fuzz.json") {
                Ok(f) => f,
                Err(e) if e.is_input_error() => return Ok(()),
                Err(e) => return fail("refusal", e),
            }
        }
    };
    let files = vec![(std::path::PathBuf::from("fuzz.json"), file)];
    if let Err(e) = plan::shard::check_together(&files) {
        return if e.is_input_error() { Ok(()) } else { fail("check", e) };
    }
    let f = &files[0].1;
    if f.replicates > 200 || f.settings.n.is_none_or(|n| n > MAX_N) {
        return Ok(());
    }
    match plan::shard::merge(&files, 1, &NoProgress) {
        Ok((result, _)) => check_outputs(&result),
        Err(e) if e.is_input_error() => Ok(()),
        Err(e) => fail("merge", e),
    }
}

/// `plan effect`'s arithmetic on numbers read from the bytes: every kind of
/// report, with values anywhere in f64 (NaN, infinities, subnormals
/// included); a derived effect must print without a non-finite number.
pub fn effect_case(bytes: &[u8]) -> Result<(), String> {
    let mut at = 0;
    let mut f = || {
        let mut b = [0u8; 8];
        for x in &mut b {
            *x = bytes.get(at).copied().unwrap_or(0);
            at += 1;
        }
        f64::from_le_bytes(b)
    };
    let kind = bytes.first().copied().unwrap_or(0) % 6;
    let small = |x: f64| if x.is_finite() { (x.abs() % 1e6) as u32 } else { 0 };
    let (a, b, c, d, e, g) = (f(), f(), f(), f(), f(), f());
    let reported = match kind {
        0 => Reported::Means {
            means: [a, b],
            spread: Spread::Sd([c, d]),
            n: [small(e), small(g)],
            correlation: (g.is_finite() && g.fract() > 0.5).then_some(g.fract()),
        },
        1 => Reported::Proportions { events: [small(a), small(b)], n: [small(c), small(d)] },
        2 => Reported::Ratio { kind: RatioKind::HazardRatio, estimate: a, ci: [b, c], level: d },
        3 => Reported::Median { median: a, iqr: Some([b, c]), range: Some([d, e]), n: small(g) },
        4 => Reported::Statistic {
            t: None,
            p: Some(PValue::Exact(a)),
            one_sided: false,
            n: vec![small(b), small(c)],
            layout: effect::Layout::TwoSample,
        },
        _ => Reported::Interval {
            difference: a,
            ci: [b, c],
            level: d,
            n: vec![small(e), small(g)],
            layout: effect::Layout::TwoSample,
            normal: false,
        },
    };
    match effect::derive(&reported) {
        Ok(effect) => {
            let text = plan::export::effect::text(&effect, Some("fuzz"));
            no_non_finite("effect text", &text).map_err(|e| format!("{e} from {reported:?}\n{text}"))?;
            let json = plan::export::effect::json(&effect, Some("fuzz")).map_err(|e| format!("effect json: {e}"))?;
            check_json("effect json", json.as_bytes())
        }
        Err(_) => Ok(()),
    }
}

/// Keys of each table of the schema (`src/scenario/raw.rs`), for the
/// structure-aware generator and the dictionary.
pub const OUTCOME_KEYS: [&str; 16] = [
    "name",
    "unit",
    "distribution",
    "sd",
    "cv",
    "exposure",
    "dispersion",
    "categories",
    "time_unit",
    "accrual",
    "follow_up",
    "shape",
    "loss",
    "higher_is_better",
    "source",
    "assumed",
];
/// `[design]` keys.
pub const DESIGN_KEYS: [&str; 8] =
    ["kind", "correlation", "baseline_correlation", "cluster_size", "icc", "unit", "analysis", "cluster_size_cv"];
/// `[[arms]]` keys.
pub const ARM_KEYS: [&str; 12] = [
    "name",
    "mean",
    "p",
    "geometric_mean",
    "cv",
    "rate",
    "probabilities",
    "median",
    "hazard",
    "sd",
    "allocation",
    "prior",
];
/// `[[comparisons]]` keys.
pub const COMPARISON_KEYS: [&str; 8] =
    ["treatment", "reference", "arms", "test", "label", "hypothesis", "margin", "primary"];
/// `[analysis]` keys.
pub const ANALYSIS_KEYS: [&str; 6] = ["alpha", "sides", "target_power", "dropout", "multiplicity", "goal"];
/// `[simulation]` keys.
pub const SIMULATION_KEYS: [&str; 6] = ["replicates", "seed", "n_min", "n_max", "precision", "max_replicates"];
/// `[sensitivity]` keys.
pub const SENSITIVITY_KEYS: [&str; 3] = ["effect", "sd", "dropout"];

/// Values the generator draws from: plausible ones, the registry's names,
/// and the extremes (±0, subnormals, 1e308, NaN, infinities, huge
/// integers, empty and long strings, control characters, wrong types).
pub const VALUES: [&str; 44] = [
    "0",
    "1",
    "2",
    "5",
    "12",
    "0.05",
    "0.3",
    "0.5",
    "0.8",
    "0.9",
    "-1",
    "100",
    "105.4",
    "1e6",
    "-0.0",
    "5e-324",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "18446744073709551616",
    "9223372036854775807",
    "true",
    "false",
    "\"\"",
    "\"normal\"",
    "\"binary\"",
    "\"lognormal\"",
    "\"poisson\"",
    "\"negative-binomial\"",
    "\"ordinal\"",
    "\"time-to-event\"",
    "\"paired\"",
    "\"ancova\"",
    "\"clustered\"",
    "\"control\"",
    "\"treated\"",
    "\"\\u0000\\u001b[31m\"",
    "[0.1, 0.2, 0.7]",
    "[]",
    "{ distribution = \"normal\", sd = 1.0 }",
    "[\"control\", \"treated\"]",
    "{ ci = [1.0, 2.0], level = 0.95 }",
];

/// A whole scenario built from `u`'s bytes: every table of the schema,
/// keys kept or dropped, values of any type, arms and comparisons
/// repeated, and sometimes a long string or a deeply nested value.
pub fn generate_scenario(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<String> {
    use std::fmt::Write as _;
    let mut s = String::from("title = \"fuzz\"\n");
    let value = |u: &mut arbitrary::Unstructured<'_>| -> arbitrary::Result<String> {
        Ok(match u.int_in_range(0..=19)? {
            0 => format!("\"{}\"", "x".repeat(u.int_in_range(0..=5000)?)),
            1 => format!("{}1{}", "[".repeat(u.int_in_range(1..=200)?), "]".repeat(u.int_in_range(1..=200)?)),
            2 => format!("{}", f64::from_bits(u.arbitrary()?)).replace("NaN", "nan"),
            3 => format!("{}", u.arbitrary::<i64>()?),
            _ => VALUES[u.choose_index(VALUES.len())?].to_string(),
        })
    };
    let table = |u: &mut arbitrary::Unstructured<'_>, header: &str, keys: &[&str], s: &mut String| {
        let _ = writeln!(s, "{header}");
        for k in keys {
            if u.ratio(2, 3).unwrap_or(false) {
                let v = value(u).unwrap_or_else(|_| "1".into());
                let _ = writeln!(s, "{k} = {v}");
            }
        }
    };
    table(u, "[outcome]", &OUTCOME_KEYS, &mut s);
    if u.arbitrary()? {
        table(u, "[design]", &DESIGN_KEYS, &mut s);
    }
    for _ in 0..u.int_in_range(0..=5)? {
        table(u, "[[arms]]", &ARM_KEYS, &mut s);
    }
    for _ in 0..u.int_in_range(0..=4)? {
        table(u, "[[comparisons]]", &COMPARISON_KEYS, &mut s);
    }
    for (header, keys) in [
        ("[analysis]", &ANALYSIS_KEYS[..]),
        ("[simulation]", &SIMULATION_KEYS[..]),
        ("[sensitivity]", &SENSITIVITY_KEYS[..]),
    ] {
        if u.arbitrary()? {
            table(u, header, keys, &mut s);
        }
    }
    Ok(s)
}

/// [`scenario_case`] on a generated scenario.
pub fn generated_case(bytes: &[u8]) -> Result<(), String> {
    let mut u = arbitrary::Unstructured::new(bytes);
    match generate_scenario(&mut u) {
        Ok(text) => scenario_case(text.as_bytes()).map_err(|e| format!("{e}\n--- generated ---\n{text}")),
        Err(_) => Ok(()),
    }
}
