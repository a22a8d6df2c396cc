//! Maps problems back to where they are in the file: a key path such as
//! `arms[2].sd` is looked up in the span-preserving TOML parse
//! (`toml::de::DeTable`), and the byte offset becomes a 1-based line and
//! column. A key that is missing is located at the table that should hold it.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::error::Problem;

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// One step of a key path.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits `arms[2].sd` into `arms`, `[2]`, `sd`.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(Step::Key(name));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(i) = rest[1..end].parse() {
                out.push(Step::Index(i));
            }
            rest = &rest[end + 1..];
        }
    }
    out
}

/// Byte span of the deepest existing prefix of `path`.
fn span_of(root: &Spanned<DeTable<'_>>, path: &str) -> Option<usize> {
    let mut span = None;
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    let mut array: Option<&[Spanned<DeValue<'_>>]> = None;
    for step in steps(path) {
        let next: &Spanned<DeValue<'_>> = match (step, table, array) {
            (Step::Key(k), Some(t), _) => match t.iter().find(|(key, _)| key.get_ref() == k) {
                Some((key, v)) => {
                    // Point at the value unless it is a table (then at its key).
                    span = Some(match v.get_ref() {
                        DeValue::Table(_) => key.span().start,
                        _ => v.span().start,
                    });
                    v
                }
                None => return span,
            },
            (Step::Index(i), _, Some(a)) => match a.get(i) {
                Some(v) => {
                    span = Some(v.span().start);
                    v
                }
                None => return span,
            },
            _ => return span,
        };
        table = None;
        array = None;
        match next.get_ref() {
            DeValue::Table(t) => table = Some(t),
            DeValue::Array(a) => array = Some(a.as_ref()),
            _ => {}
        }
    }
    span
}

/// Fills in the location of every problem that has none, and sorts them in
/// document order (command-line problems first).
pub(crate) fn locate_all(text: &str, mut problems: Vec<Problem>) -> Vec<Problem> {
    if let Ok(root) = DeTable::parse(text) {
        for p in problems.iter_mut().filter(|p| p.location.is_none() && !p.key.starts_with("--")) {
            p.location = span_of(&root, &p.key).map(|off| line_col(text, off));
        }
    }
    problems.sort_by_key(|p| p.location.unwrap_or((0, 0)));
    problems
}

/// Turns serde's message into a key path and an expectation in our words.
pub(crate) fn describe_serde_error(path: &str, message: &str) -> (String, String) {
    let join = |field: &str| {
        if path.is_empty() {
            field.to_string()
        } else {
            format!("{path}.{field}")
        }
    };
    let backticked = |m: &str| m.split('`').nth(1).map(str::to_string);
    if let Some(rest) = message.strip_prefix("unknown field") {
        let field = backticked(rest).unwrap_or_default();
        let expected = match rest.split_once("expected") {
            Some((_, allowed)) => {
                let allowed = allowed.trim().replace('`', "");
                // The closest allowed key, within two edits: "rat" → "rate".
                let names = allowed.trim_start_matches("one of ").split(", ").map(str::trim);
                let closest = names
                    .map(|name| (strsim::levenshtein(name, &field), name))
                    .filter(|&(d, name)| d <= 2 && d < name.len())
                    .min()
                    .map(|(_, name)| format!(" (did you mean `{name}`?)"))
                    .unwrap_or_default();
                format!("unknown key{closest}; expected {allowed}")
            }
            None => "unknown key".to_string(),
        };
        // serde_path_to_error already includes the unknown key in the path.
        let key = if path.ends_with(field.as_str()) { path.to_string() } else { join(&field) };
        return (key, expected);
    }
    if let Some(rest) = message.strip_prefix("missing field") {
        let field = backticked(rest).unwrap_or_default();
        return (join(&field), "missing required key".to_string());
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((got, want)) = rest.split_once(", expected ") {
            return (
                if path.is_empty() { "(document)".into() } else { path.to_string() },
                format!("expected {}, found {}", plain_type(want, path), got),
            );
        }
    }
    let key = if path.is_empty() { "(document)".to_string() } else { path.to_string() };
    // A whole number too large for TOML's signed 64-bit integers.
    if let Some(rest) = message.strip_prefix("invalid value: integer ") {
        if rest.ends_with("expected i64") {
            let what = if path == "simulation.seed" {
                super::validate::SEED_RANGE.to_string()
            } else {
                "expected a whole number from −2^63 to 2^63 − 1".to_string()
            };
            return (key, format!("{what}; {} is too large", rest.split('`').nth(1).unwrap_or("the value")));
        }
    }
    (key, format!("invalid TOML: {message}"))
}

/// Serde's Rust type names in words a scenario author knows, for the value
/// at `path`.
fn plain_type(want: &str, path: &str) -> String {
    match want.trim() {
        "f64" => "a number".into(),
        "i64" | "u64" | "u32" => "a whole number".into(),
        "a boolean" | "bool" => "true or false".into(),
        "a string" => "a string in quotes".into(),
        w if w.starts_with("a sequence") && matches!(path, "arms" | "comparisons") => {
            format!("an array of tables ([[{path}]] entries)")
        }
        w if w.starts_with("a sequence") => "an array, e.g. [0.75, 1.0]".into(),
        w if w.starts_with("struct Raw") => {
            "a table, e.g. { distribution = \"normal\", sd = 4.0 } or a [section]".into()
        }
        w => w.to_string(),
    }
}
