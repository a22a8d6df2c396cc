//! `plan`: plan experiments by simulation.
//!
//! A [`scenario::Scenario`] describes the arms of a study, the effects
//! expected from the literature (with their provenance) and the hypotheses.
//! [`engine::run`] simulates the study many times and finds the sample size
//! that gives the target power, with its Monte Carlo uncertainty; the
//! [`export`] module turns the result into a terminal summary, CSV and JSON.
//!
//! ```
//! use plan::engine::{run, Mode, NoProgress, RunOptions};
//! use plan::scenario::{Overrides, Scenario};
//! let text = r#"
//! title = "two groups, d = 0.8"
//! [outcome]
//! name = "y"
//! sd = 1.0
//! [[arms]]
//! name = "control"
//! mean = 0.0
//! [[arms]]
//! name = "treated"
//! mean = 0.8
//! [[comparisons]]
//! treatment = "treated"
//! reference = "control"
//! [simulation]
//! replicates = 2000
//! "#;
//! let s = Scenario::from_toml(text, "demo.toml".as_ref(), &Overrides::default()).unwrap();
//! let result = run(&s, Mode::Search, RunOptions::default(), &NoProgress).unwrap();
//! let n = result.recommendation.unwrap().n_per_arm;
//! assert!((24..=28).contains(&n)); // textbook: 26 per group (Cohen 1988)
//! ```

pub mod analysis;
pub mod design;
pub mod effect;
pub mod engine;
pub mod error;
pub mod export;
pub mod model;
mod numfmt;
pub mod plot;
pub mod registry;
pub mod scenario;
pub mod shard;
pub mod stats;

pub use error::{PlanError, Problem, ScenarioError};
