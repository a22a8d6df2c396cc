//! Shard files: what `plan FILE --shard K/N --out F` writes and `plan merge`
//! reads (the mechanism is [`crate::engine::shard`]).
//!
//! A shard file is JSON (`"format": "plan-shard"`). Besides its counts it
//! carries everything a merge needs and everything that must agree between
//! shards: the tool version, the scenario's text and SHA-256, every option
//! that affects results, the seed and the replicates. [`check_together`]
//! refuses any set that does not make exactly one whole run (another
//! scenario, other options, a missing or repeated shard, counts that do not
//! fit their replicate ranges), so a merge either equals the unsharded run
//! or writes nothing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::shard::{Pieces, Slices};
use crate::engine::{self, CountSource, DataPath, MergeStats, Mode, PlanResult, Progress, RunOptions, ShardSpec};
use crate::error::PlanError;
use crate::scenario::{Overrides, Scenario};

/// The `format` of a shard file.
pub const FORMAT: &str = "plan-shard";
/// The version of the shard file layout.
pub const FORMAT_VERSION: u32 = 1;
/// The most shards a run may be split into.
pub const MAX_SHARDS: u32 = 100_000;

/// The scenario a shard ran, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioText {
    /// The path as given on the command line (shown in outputs).
    pub file: String,
    /// SHA-256 of `text`, lowercase hex.
    pub sha256: String,
    /// The scenario file's contents.
    pub text: String,
}

/// Every option of the run that affects its results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSettings {
    /// `--n`: power at this n instead of a search.
    pub n: Option<u32>,
    /// `--raw-data`.
    pub raw_data: bool,
    /// `--mde`.
    pub mde: bool,
    /// The command-line overrides of the scenario's values.
    pub overrides: Overrides,
}

impl RunSettings {
    /// What the engine computes.
    pub fn mode(&self) -> Mode {
        self.n.map_or(Mode::Search, Mode::AtN)
    }

    /// The engine's options with `threads` workers.
    pub fn run_options(&self, threads: usize) -> RunOptions {
        RunOptions { threads, data_path: if self.raw_data { DataPath::Raw } else { DataPath::Auto }, mde: self.mde }
    }
}

/// Which shard a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardNumber {
    /// 1-based: 1 to `count`.
    pub index: u32,
    /// Number of shards of the run.
    pub count: u32,
}

impl ShardNumber {
    /// The engine's 0-based form.
    pub fn spec(self) -> ShardSpec {
        ShardSpec { index: self.index - 1, count: self.count }
    }
}

/// One shard's counts of one simulation request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedSlice {
    /// Fingerprint of the simulated study.
    pub study: String,
    /// n per unit allocation.
    pub n: u32,
    /// The request's replicate indices, [start, end).
    pub range: [u64; 2],
    /// How many of them belong to this shard (blocks of
    /// [`crate::engine::shard::BLOCK`] indices, dealt round robin).
    pub replicates: u64,
    /// Rejections per counter (comparisons, then all, then any) over them.
    pub rejections: Vec<u64>,
}

/// A shard file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The version of `plan` that wrote it.
    pub tool_version: String,
    /// Which shard.
    pub shard: ShardNumber,
    /// The scenario.
    pub scenario: ScenarioText,
    /// Options that affect results.
    pub settings: RunSettings,
    /// The seed after overrides.
    pub seed: u64,
    /// Replicates per n after overrides.
    pub replicates: u64,
    /// The command that wrote it, for the record.
    pub command: String,
    /// Studies this shard simulated.
    pub studies: u64,
    /// The counts.
    pub slices: Vec<SavedSlice>,
    /// SHA-256 of this file's JSON with `checksum` empty: any edit or
    /// corruption of the counts (or of anything else) is refused.
    pub checksum: String,
}

impl ShardFile {
    /// The checksum of this file's contents (its `checksum` field aside).
    pub fn compute_checksum(&self) -> String {
        use sha2::{Digest, Sha256};
        let bare = ShardFile { checksum: String::new(), ..self.clone() };
        let bytes = serde_json::to_vec(&bare).unwrap_or_default();
        Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Runs shard `shard` of the scenario `text` (read from `file`) and returns
/// its file.
pub fn run_shard(
    scenario: ScenarioText,
    settings: RunSettings,
    shard: ShardNumber,
    threads: usize,
    command: String,
    progress: &dyn Progress,
) -> Result<ShardFile, PlanError> {
    let s = Scenario::from_toml(&scenario.text, Path::new(&scenario.file), &settings.overrides)?;
    let source = CountSource::shard(shard.spec());
    let (_, source) = engine::run_with(&s, settings.mode(), settings.run_options(threads), source, progress)?;
    let slices: Vec<SavedSlice> = source
        .into_slices()
        .into_iter()
        .map(|((study, n, start, end), rejections)| {
            let replicates = Pieces::owned(start..end, shard.spec()).replicates();
            SavedSlice { study, n, range: [start, end], replicates, rejections }
        })
        .collect();
    let studies = slices.iter().map(|s| s.replicates).sum();
    let mut file = ShardFile {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").into(),
        shard,
        seed: s.simulation().seed,
        replicates: s.simulation().replicates,
        scenario: ScenarioText { sha256: s.source().sha256.clone(), ..scenario },
        settings,
        command,
        studies,
        slices,
        checksum: String::new(),
    };
    file.checksum = file.compute_checksum();
    Ok(file)
}

/// Reads a shard file.
pub fn read(path: &Path) -> Result<ShardFile, PlanError> {
    let bytes =
        std::fs::read(path).map_err(|source| PlanError::Io { action: "cannot read", path: path.into(), source })?;
    parse(&bytes, &path.display().to_string())
}

/// Parses and checks a shard file's bytes; `shown` names it in messages.
pub fn parse(bytes: &[u8], shown: &str) -> Result<ShardFile, PlanError> {
    // The format line first, so a file of another kind is named as such.
    let probe: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| PlanError::Input(format!("{shown}: not a plan shard file (not JSON: {e})")))?;
    if probe.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(PlanError::Input(format!(
            "{shown}: not a plan shard file (expected \"format\": \"{FORMAT}\", as written by plan SCENARIO --shard K/N --out FILE)"
        )));
    }
    if let Some(v) = probe.get("format_version").and_then(|v| v.as_u64()) {
        if v != u64::from(FORMAT_VERSION) {
            return Err(PlanError::Input(format!(
                "{shown}: shard file format {v}; this plan reads format {FORMAT_VERSION} (run every shard with the same plan)"
            )));
        }
    }
    let file: ShardFile =
        serde_json::from_value(probe).map_err(|e| PlanError::Input(format!("{shown}: damaged shard file: {e}")))?;
    if file.checksum != file.compute_checksum() {
        return Err(PlanError::Input(format!(
            "{shown}: damaged shard file: its contents do not match its checksum (edited or corrupted); run shard {}/{} again",
            file.shard.index, file.shard.count
        )));
    }
    Ok(file)
}

/// How a file in a directory given to `plan merge` is taken.
pub enum Found {
    /// A shard file (maybe damaged: [`read`] says).
    Shard,
    /// Valid JSON of another kind (a merged result): skipped.
    Other,
}

/// Whether `bytes` are a shard file: JSON whose `"format"` is
/// [`FORMAT`], or not JSON at all (a truncated or empty shard is reported
/// by [`parse`], not skipped).
pub fn classify(bytes: &[u8]) -> Found {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(v) if v.get("format").and_then(|f| f.as_str()) != Some(FORMAT) => Found::Other,
        _ => Found::Shard,
    }
}

/// Checks that `files` are the N shards of one run, each once, with counts
/// that fit their ranges, and returns every shard's slices by 0-based index.
pub fn check_together(files: &[(PathBuf, ShardFile)]) -> Result<Vec<Slices>, PlanError> {
    let fail = |m: String| Err(PlanError::Input(m));
    let Some((first_path, first)) = files.first() else {
        return fail("plan merge: no shard files given".into());
    };
    let name = |p: &Path| p.display().to_string();
    let (p0, count) = (name(first_path), first.shard.count);
    for (path, f) in files {
        let p = name(path);
        let ShardNumber { index, count: c } = f.shard;
        if c == 0 || c > MAX_SHARDS || index == 0 || index > c {
            return fail(format!("{p}: shard {index}/{c} is not a shard number (expected 1 ≤ K ≤ N ≤ {MAX_SHARDS})"));
        }
        if f.tool_version != first.tool_version {
            return fail(format!(
                "{p} was written by plan {} and {p0} by plan {}: run every shard with the same plan",
                f.tool_version, first.tool_version
            ));
        }
        if f.scenario.sha256 != first.scenario.sha256 || f.scenario.text != first.scenario.text {
            return fail(format!(
                "{p} is a shard of another scenario than {p0} (SHA-256 {} vs {}): merge only the shards of one run",
                short(&f.scenario.sha256),
                short(&first.scenario.sha256)
            ));
        }
        if f.scenario.file != first.scenario.file {
            return fail(format!(
                "{p} read the scenario as {} and {p0} as {}: run every shard with the same path (it is printed in the outputs)",
                f.scenario.file, first.scenario.file
            ));
        }
        if f.settings != first.settings || f.seed != first.seed || f.replicates != first.replicates {
            return fail(format!(
                "{p} was run with other options than {p0} ({}): run every shard with the same options",
                differences(f, first)
            ));
        }
        if c != count {
            return fail(format!("{p} is shard {index} of {c}, but {p0} is of {count}: merge the shards of one split"));
        }
    }
    let mut by_index: Vec<Option<&Path>> = vec![None; count as usize];
    for (path, f) in files {
        let k = f.shard.index as usize - 1;
        if let Some(other) = by_index[k] {
            return fail(format!(
                "shard {}/{count} is given twice: {} and {}",
                f.shard.index,
                other.display(),
                path.display()
            ));
        }
        by_index[k] = Some(path);
    }
    let missing: Vec<String> =
        by_index.iter().enumerate().filter(|(_, p)| p.is_none()).map(|(k, _)| (k + 1).to_string()).collect();
    if !missing.is_empty() {
        let shown = if missing.len() > 12 {
            format!("{} and {} more", missing[..12].join(", "), missing.len() - 12)
        } else {
            missing.join(", ")
        };
        let k = if missing.len() == 1 { missing[0].clone() } else { "K".into() };
        return fail(format!(
            "missing shard{} {shown} of {count}: run {} `{}` (in the directory the shards were run from) and merge again; the other shards stay",
            if missing.len() == 1 { "" } else { "s" },
            if missing.len() == 1 { "it with" } else { "each with" },
            template(&first.command, &k, count)
        ));
    }
    let counters = counters_of(first)?;
    let mut slices = vec![Slices::new(); count as usize];
    for (path, f) in files {
        let spec = f.shard.spec();
        for s in &f.slices {
            let [a, b] = s.range;
            let fits = a <= b
                && s.replicates == Pieces::owned(a..b, spec).replicates()
                && s.rejections.len() == counters
                && s.rejections.iter().all(|&r| r <= s.replicates);
            if !fits {
                return fail(format!(
                    "{}: damaged shard file: the counts of study {} at n = {} over replicates {a}..{b} do not fit shard {}/{count}",
                    path.display(),
                    s.study,
                    s.n,
                    f.shard.index
                ));
            }
            slices[spec.index as usize].insert((s.study.clone(), s.n, a, b), s.rejections.clone());
        }
    }
    Ok(slices)
}

/// Merges checked shards: the planning run again, every count the sum of
/// the shards' slices (see [`crate::engine::shard`]).
pub fn merge(
    files: &[(PathBuf, ShardFile)],
    threads: usize,
    progress: &dyn Progress,
) -> Result<(PlanResult, MergeStats), PlanError> {
    let slices = check_together(files)?;
    let first = &files[0].1;
    let s = Scenario::from_toml(&first.scenario.text, Path::new(&first.scenario.file), &first.settings.overrides)?;
    let settings = &first.settings;
    let (result, source) =
        engine::run_with(&s, settings.mode(), settings.run_options(threads), CountSource::merge(slices), progress)?;
    Ok((result, source.stats()))
}

/// Counters per study of the shards' scenario (every study of a run has
/// the same: its comparisons, then all, then any).
fn counters_of(f: &ShardFile) -> Result<usize, PlanError> {
    let s = Scenario::from_toml(&f.scenario.text, Path::new(&f.scenario.file), &f.settings.overrides)?;
    Ok(s.comparisons().len() + 2)
}

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// The command of shard `k` of `count`, from another shard's: its number
/// replaced, and its output file (not a directory) as FILE.
fn template(command: &str, k: &str, count: u32) -> String {
    let words: Vec<&str> = command.split(' ').collect();
    let mut out = Vec::with_capacity(words.len());
    let (mut after_shard, mut after_out) = (false, false);
    for w in words {
        if after_shard {
            out.push(format!("{k}/{count}"));
            after_shard = false;
        } else if w == "--shard" {
            out.push(w.to_string());
            after_shard = true;
        } else if w.starts_with("--shard=") {
            out.push(format!("--shard={k}/{count}"));
        } else if after_out {
            out.push(if w.ends_with('/') { w.to_string() } else { "FILE".into() });
            after_out = false;
        } else if w.starts_with("--out=") {
            out.push("--out=FILE".into());
        } else {
            after_out = w == "--out";
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

/// Which settings differ, in the command line's terms.
fn differences(a: &ShardFile, b: &ShardFile) -> String {
    let (x, y) = (&a.settings, &b.settings);
    let (ox, oy) = (&x.overrides, &y.overrides);
    let mut d = Vec::new();
    let mut add = |what: &str, differ: bool, va: String, vb: String| {
        if differ {
            d.push(format!("{what} {va} vs {vb}"));
        }
    };
    let opt = |v: Option<String>| v.unwrap_or_else(|| "not given".into());
    add("--n", x.n != y.n, opt(x.n.map(|v| v.to_string())), opt(y.n.map(|v| v.to_string())));
    add("--raw-data", x.raw_data != y.raw_data, x.raw_data.to_string(), y.raw_data.to_string());
    add("--mde", x.mde != y.mde, x.mde.to_string(), y.mde.to_string());
    add("seed", a.seed != b.seed, a.seed.to_string(), b.seed.to_string());
    add("replicates", a.replicates != b.replicates, a.replicates.to_string(), b.replicates.to_string());
    add("--alpha", ox.alpha != oy.alpha, opt(ox.alpha.map(|v| v.to_string())), opt(oy.alpha.map(|v| v.to_string())));
    add(
        "--target-power",
        ox.target_power != oy.target_power,
        opt(ox.target_power.map(|v| v.to_string())),
        opt(oy.target_power.map(|v| v.to_string())),
    );
    add("--sensitivity", ox.sensitivity != oy.sensitivity, ox.sensitivity.to_string(), oy.sensitivity.to_string());
    add(
        "precision",
        ox.precision != oy.precision,
        opt(ox.precision.map(|v| v.to_string())),
        opt(oy.precision.map(|v| v.to_string())),
    );
    add(
        "--max-replicates",
        ox.max_replicates != oy.max_replicates,
        opt(ox.max_replicates.map(|v| v.to_string())),
        opt(oy.max_replicates.map(|v| v.to_string())),
    );
    if d.is_empty() {
        "the options differ".into()
    } else {
        d.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missing_shard_command_names_k() {
        let t = |c: &str, k: &str, n: u32| template(c, k, n);
        assert_eq!(t("plan hair.toml --shard 3/16 --out s/3.json", "K", 16), "plan hair.toml --shard K/16 --out FILE");
        assert_eq!(t("plan hair.toml --shard=slurm", "2", 4), "plan hair.toml --shard=2/4");
        assert_eq!(t("plan h.toml --shard slurm --out shards/", "7", 8), "plan h.toml --shard 7/8 --out shards/");
    }
}
