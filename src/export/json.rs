//! JSON: the whole [`PlanResult`], pretty-printed, with a trailing newline.
//! The field names are documented in the README.

use super::Exporter;
use crate::engine::PlanResult;
use crate::error::PlanError;

/// The JSON exporter.
pub struct Json;

impl Exporter for Json {
    fn serialize(&self, result: &PlanResult) -> Result<Vec<u8>, PlanError> {
        let mut bytes = serde_json::to_vec_pretty(result).map_err(|e| PlanError::Internal(format!("JSON: {e}")))?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
