//! Designs: how a sample size becomes units. A design turns n into each
//! arm's size, counts the subjects analysed and enrolled, says how the
//! units relate ([`Layout`], for the outcome model), and names n in words.
//! The registry builds a design from the scenario's `[design]` table.

pub mod ancova;
pub mod clustered;
pub mod paired;
pub mod parallel;

use serde::Serialize;

pub use crate::model::Layout;
use crate::scenario::DesignKind;

/// A design.
pub trait Design: Send + Sync + std::fmt::Debug {
    /// Its key.
    fn kind(&self) -> DesignKind;

    /// Measurements in each arm (paired: under each condition) when one
    /// unit of allocation has `n`.
    fn sizes(&self, n: u32) -> Vec<u32>;

    /// Subjects analysed at `n`.
    fn analysed(&self, n: u32) -> u32;

    /// Subjects to enroll so that `analysed` remain after dropout.
    fn enrolled(&self, n: u32) -> u32;

    /// Subjects to enroll per arm of analysable size `size` (paired: the
    /// subjects, each measured under every condition).
    fn enrolled_of(&self, size: u32) -> u32;

    /// How the units relate.
    fn layout(&self) -> Layout;

    /// What `n` counts, for the JSON and the outputs' sentences.
    fn unit(&self) -> Unit;
}

/// What a design's n counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Subjects in each arm of allocation weight 1 (parallel designs).
    SubjectsPerArm,
    /// Subjects, each measured under every condition (paired designs).
    Subjects,
    /// Clusters (animals, litters) in each arm of allocation weight 1,
    /// each giving several measurements (clustered designs).
    ClustersPerArm,
}

/// ceil(n / (1 − dropout)), with a tiny relative slack so that exact ratios
/// (9 / 0.9) do not round up through floating-point error.
pub fn inflate(n: u32, dropout: f64) -> u32 {
    if dropout == 0.0 {
        return n;
    }
    let x = f64::from(n) / (1.0 - dropout);
    (x * (1.0 - 1e-12)).ceil() as u32
}
