//! Tidy CSV: one row per (n, comparison), with a header. Comma-separated,
//! UTF-8 without a byte-order mark, `.` as the decimal point, fields quoted
//! only where needed (RFC 4180), so Excel, LibreOffice, R and pandas read it
//! as is. Missing values (no analytic power) are empty fields.
//!
//! Text cells that come from the user (scenario title, variant, comparison
//! label) and begin with `=`, `+`, `-`, `@`, a tab or a carriage return are
//! prefixed with a single quote, so that a spreadsheet shows them as text
//! instead of running them as a formula (OWASP, "CSV Injection",
//! <https://owasp.org/www-community/attacks/CSV_Injection>). Numeric columns
//! are never changed.

use super::Exporter;
use crate::engine::PlanResult;
use crate::error::PlanError;

/// The CSV exporter.
pub struct Csv;

impl Exporter for Csv {
    fn serialize(&self, result: &PlanResult) -> Result<Vec<u8>, PlanError> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        for row in &result.curve {
            let mut row = row.clone();
            for text in [&mut row.scenario, &mut row.variant, &mut row.comparison] {
                *text = neutralize(text);
            }
            w.serialize(&row).map_err(|e| PlanError::Internal(format!("CSV: {e}")))?;
        }
        if result.curve.is_empty() {
            w.write_record(HEADER).map_err(|e| PlanError::Internal(format!("CSV: {e}")))?;
        }
        w.into_inner().map_err(|e| PlanError::Internal(format!("CSV: {e}")))
    }
}

/// The sensitivity grid as a long CSV (`--csv-grid`): one row per cell,
/// effect factor outermost, with the scenario, seed and version on every
/// row; a header alone when the run has no grid.
pub struct GridCsv;

impl Exporter for GridCsv {
    fn serialize(&self, result: &PlanResult) -> Result<Vec<u8>, PlanError> {
        let fail = |e: ::csv::Error| PlanError::Internal(format!("CSV: {e}"));
        let mut w = ::csv::Writer::from_writer(Vec::new());
        w.write_record(GRID_HEADER).map_err(fail)?;
        let title = neutralize(&result.title);
        if let Some(g) = &result.grid {
            for c in g.iter() {
                // Rust's float Display is the shortest text that reads back
                // as the same number, as the curve CSV's serde output.
                let row = [
                    title.clone(),
                    c.effect.to_string(),
                    c.sd.to_string(),
                    c.dropout.to_string(),
                    c.n_per_arm.to_string(),
                    c.n_total.to_string(),
                    c.n_enrolled.to_string(),
                    c.power.to_string(),
                    c.ci_low.to_string(),
                    c.ci_high.to_string(),
                    c.reached.to_string(),
                    g.replicates.to_string(),
                    result.seed.to_string(),
                    result.version.to_string(),
                ];
                w.write_record(&row).map_err(fail)?;
            }
        }
        w.into_inner().map_err(|e| PlanError::Internal(format!("CSV: {e}")))
    }
}

/// The grid CSV's column names, in order.
pub const GRID_HEADER: [&str; 14] = [
    "scenario",
    "effect",
    "sd",
    "dropout",
    "n_per_arm",
    "n_total",
    "n_enrolled",
    "power",
    "ci_low",
    "ci_high",
    "reached",
    "replicates",
    "seed",
    "version",
];

/// `text` with a leading `'` when a spreadsheet would read it as a formula.
fn neutralize(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The column names, in order.
pub const HEADER: [&str; 15] = [
    "scenario",
    "variant",
    "comparison",
    "n_per_arm",
    "n_total",
    "n_enrolled",
    "power",
    "mc_se",
    "ci_low",
    "ci_high",
    "analytic_power",
    "replicates",
    "seed",
    "version",
    "point",
];

#[cfg(test)]
mod tests {
    use super::neutralize;

    #[test]
    fn formulas_become_text() {
        for bad in ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(bad), format!("'{bad}"));
        }
        for fine in ["CM vs vehicle", "effect x0.75", "a=b", ""] {
            assert_eq!(neutralize(fine), fine);
        }
    }
}
