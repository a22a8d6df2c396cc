//! Tidy CSV: one row per (n, comparison), with a header. Comma-separated,
//! UTF-8 without a byte-order mark, `.` as the decimal point, fields quoted
//! only where needed (RFC 4180), so Excel, LibreOffice, R and pandas read it
//! as is. Missing values (no analytic power) are empty fields.

use super::Exporter;
use crate::engine::PlanResult;
use crate::error::PlanError;

/// The CSV exporter.
pub struct Csv;

impl Exporter for Csv {
    fn serialize(&self, result: &PlanResult) -> Result<Vec<u8>, PlanError> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        for row in &result.curve {
            w.serialize(row).map_err(|e| PlanError::Internal(format!("CSV: {e}")))?;
        }
        if result.curve.is_empty() {
            w.write_record(HEADER).map_err(|e| PlanError::Internal(format!("CSV: {e}")))?;
        }
        w.into_inner().map_err(|e| PlanError::Internal(format!("CSV: {e}")))
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
