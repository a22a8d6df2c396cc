//! The registry: every outcome model, design and test the engine knows, and
//! what goes with what. Validation reads it (so its error messages list
//! exactly what is allowed), and the engine builds models, designs and
//! tests from it. Adding an outcome model, a design or a test is one file
//! in `model/`, `design/` or `analysis/`, its key in the enum of
//! [`crate::scenario`] (`Distribution`, `DesignKind`, `TestKind`), and one
//! entry below.
//!
//! A test's entry says which outcomes and designs it accepts, which
//! hypotheses it can test, whether it takes a treatment and a reference or
//! a list of arms, and whether it can be part of a Dunnett family. The
//! default test of a comparison is the first entry, in the order below,
//! that takes two arms and accepts its outcome, design and hypothesis.

use crate::analysis::{self, Spec, Test};
use crate::design::{self, Design};
use crate::model::{self, OutcomeModel};
use crate::scenario::{DesignKind, Distribution, HypothesisKind, Scenario, TestKind};

use HypothesisKind::{Equivalence, NonInferiority, Superiority};

/// An outcome model.
pub struct OutcomeEntry {
    /// Its key.
    pub kind: Distribution,
    /// `distribution = "..."` in `[outcome]`.
    pub name: &'static str,
    /// The keys an `[[arms]]` entry takes for it (the first is required).
    pub arm_keys: &'static [&'static str],
    /// True when `[outcome] sd` applies.
    pub has_sd: bool,
    /// The designs it can draw data for.
    pub designs: &'static [DesignKind],
    /// For outcomes compared on the log scale: the ratio's name ("rate
    /// ratio"); margins are then ratios, and differences are log ratios.
    pub ratio: Option<&'static str>,
    /// Builds the model from a validated scenario.
    pub build: fn(&Scenario) -> Box<dyn OutcomeModel>,
}

/// A design.
pub struct DesignEntry {
    /// Its key.
    pub kind: DesignKind,
    /// `kind = "..."` in `[design]`.
    pub name: &'static str,
    /// The keys of `[design]` besides `kind` (all required).
    pub keys: &'static [&'static str],
    /// Builds the design from a validated scenario.
    pub build: fn(&Scenario) -> Box<dyn Design>,
}

/// A test.
pub struct TestEntry {
    /// Its key.
    pub kind: TestKind,
    /// `test = "..."` in `[[comparisons]]`, and its name in outputs.
    pub name: &'static str,
    /// What it is, in words.
    pub describe: &'static str,
    /// Short name for legends.
    pub short: &'static str,
    /// The outcomes it accepts.
    pub outcomes: &'static [Distribution],
    /// The designs it accepts.
    pub designs: &'static [DesignKind],
    /// The hypotheses it can test.
    pub hypotheses: &'static [HypothesisKind],
    /// Why it cannot test a margin, when it cannot (said with the refusal).
    pub no_margin: Option<&'static str>,
    /// Takes `arms = [...]` (two or more) instead of a treatment and a reference.
    pub many_arms: bool,
    /// Can be a member of a Dunnett family (`multiplicity = "dunnett"`):
    /// `Ok` when it can, else the reason it cannot.
    pub dunnett: Result<(), &'static str>,
    /// Whether a user may name it in `test = "..."` (Dunnett is chosen by
    /// `multiplicity = "dunnett"` instead).
    pub named: bool,
    /// Builds the test of one comparison.
    pub build: fn(&Spec) -> Box<dyn Test>,
}

/// Every outcome model.
pub const OUTCOMES: &[OutcomeEntry] = &[
    OutcomeEntry {
        kind: Distribution::Normal,
        name: "normal",
        arm_keys: &["mean", "sd"],
        has_sd: true,
        designs: &[DesignKind::Parallel, DesignKind::Paired, DesignKind::Ancova, DesignKind::Clustered],
        ratio: None,
        build: model::normal::build,
    },
    OutcomeEntry {
        kind: Distribution::Lognormal,
        name: "lognormal",
        arm_keys: &["geometric_mean", "cv"],
        has_sd: false,
        designs: &[DesignKind::Parallel],
        ratio: Some("ratio of geometric means"),
        build: model::lognormal::build,
    },
    OutcomeEntry {
        kind: Distribution::Binary,
        name: "binary",
        arm_keys: &["p"],
        has_sd: false,
        designs: &[DesignKind::Parallel],
        ratio: None,
        build: model::binary::build,
    },
    OutcomeEntry {
        kind: Distribution::Poisson,
        name: "poisson",
        arm_keys: &["rate"],
        has_sd: false,
        designs: &[DesignKind::Parallel],
        ratio: Some("rate ratio"),
        build: model::counts::build_poisson,
    },
    OutcomeEntry {
        kind: Distribution::NegativeBinomial,
        name: "negative-binomial",
        arm_keys: &["rate"],
        has_sd: false,
        designs: &[DesignKind::Parallel],
        ratio: Some("rate ratio"),
        build: model::counts::build_negative_binomial,
    },
    OutcomeEntry {
        kind: Distribution::Ordinal,
        name: "ordinal",
        arm_keys: &["probabilities"],
        has_sd: false,
        designs: &[DesignKind::Parallel],
        ratio: None,
        build: model::ordinal::build,
    },
    OutcomeEntry {
        kind: Distribution::TimeToEvent,
        name: "time-to-event",
        arm_keys: &["median", "hazard"],
        has_sd: false,
        designs: &[DesignKind::Parallel],
        ratio: Some("hazard ratio"),
        build: model::survival::build,
    },
];

/// Every design.
pub const DESIGNS: &[DesignEntry] = &[
    DesignEntry { kind: DesignKind::Parallel, name: "parallel", keys: &[], build: design::parallel::build },
    DesignEntry { kind: DesignKind::Paired, name: "paired", keys: &["correlation"], build: design::paired::build },
    DesignEntry {
        kind: DesignKind::Clustered,
        name: "clustered",
        keys: &["cluster_size", "icc"],
        build: design::clustered::build,
    },
    DesignEntry {
        kind: DesignKind::Ancova,
        name: "ancova",
        keys: &["baseline_correlation"],
        build: design::ancova::build,
    },
];

const PARALLEL: &[DesignKind] = &[DesignKind::Parallel];
/// Designs whose analysis units are independent arms of normal values
/// (subjects, or a clustered design's cluster means).
const INDEPENDENT: &[DesignKind] = &[DesignKind::Parallel, DesignKind::Clustered];
const PAIRED: &[DesignKind] = &[DesignKind::Paired];
const NORMAL: &[Distribution] = &[Distribution::Normal];
/// Tests of a difference in location, also valid on the log scale.
const CONTINUOUS: &[Distribution] = &[Distribution::Normal, Distribution::Lognormal];
const BINARY: &[Distribution] = &[Distribution::Binary];
const COUNTS: &[Distribution] = &[Distribution::Poisson, Distribution::NegativeBinomial];
/// Outcomes a rank test can compare.
const RANKABLE: &[Distribution] = &[
    Distribution::Normal,
    Distribution::Lognormal,
    Distribution::Poisson,
    Distribution::NegativeBinomial,
    Distribution::Ordinal,
];
const ALL_HYPOTHESES: &[HypothesisKind] = &[Superiority, NonInferiority, Equivalence];
const RANK_NO_MARGIN: &str =
    "a rank test compares whole distributions, with no effect scale to set a margin on; test the difference (or ratio) with its own test instead";
const NOT_DUNNETT_BINARY: &str =
    "Dunnett's procedure needs t statistics with a pooled variance; binary tests work with holm, hochberg or bonferroni";
const NOT_DUNNETT_PAIRED: &str =
    "Dunnett's critical values assume independent arms; in a paired design use holm, hochberg or bonferroni";

/// What the binary two-arm tests share (each entry sets the rest).
const BINARY_TWO_ARM: TestEntry = TestEntry {
    kind: TestKind::Chisq,
    name: "",
    describe: "",
    short: "",
    outcomes: BINARY,
    designs: PARALLEL,
    hypotheses: &[Superiority],
    no_margin: None,
    many_arms: false,
    dunnett: Err(NOT_DUNNETT_BINARY),
    named: true,
    build: analysis::farrington_manning::build_chisq,
};

/// Every test, in the order defaults are chosen.
pub const TESTS: &[TestEntry] = &[
    TestEntry {
        kind: TestKind::Welch,
        name: "welch",
        describe: "Welch's t test",
        short: "Welch t",
        outcomes: CONTINUOUS,
        designs: INDEPENDENT,
        hypotheses: ALL_HYPOTHESES,
        no_margin: None,
        many_arms: false,
        dunnett: Err("Dunnett's procedure uses a pooled variance; remove `test` (or set \"student\") or choose holm/hochberg with Welch tests"),
        named: true,
        build: analysis::ttest::build_welch,
    },
    TestEntry {
        kind: TestKind::Student,
        name: "student",
        describe: "Student's t test (pooled variance)",
        short: "Student t",
        outcomes: CONTINUOUS,
        designs: INDEPENDENT,
        hypotheses: ALL_HYPOTHESES,
        no_margin: None,
        many_arms: false,
        dunnett: Ok(()),
        named: true,
        build: analysis::ttest::build_student,
    },
    TestEntry {
        kind: TestKind::Dunnett,
        name: "dunnett",
        describe: "Dunnett's many-to-one t test",
        short: "Dunnett many-to-one t",
        outcomes: CONTINUOUS,
        designs: INDEPENDENT,
        hypotheses: &[Superiority],
        no_margin: None,
        many_arms: false,
        dunnett: Ok(()),
        named: false,
        build: analysis::ttest::build_student,
    },
    TestEntry {
        kind: TestKind::Anova,
        name: "anova",
        describe: "a one-way ANOVA F test",
        short: "ANOVA F",
        outcomes: NORMAL,
        designs: INDEPENDENT,
        hypotheses: &[Superiority],
        no_margin: None,
        many_arms: true,
        dunnett: Err("Dunnett's procedure compares treatments with one control; make the ANOVA primary = false or use another multiplicity"),
        named: true,
        build: analysis::anova::build,
    },
    TestEntry {
        kind: TestKind::Wald,
        name: "wald",
        describe: "the Wald test of the log rate ratio (GLM with a log link)",
        short: "Wald rate ratio",
        outcomes: COUNTS,
        designs: PARALLEL,
        hypotheses: ALL_HYPOTHESES,
        no_margin: None,
        many_arms: false,
        dunnett: Err("Dunnett's procedure needs t statistics with a pooled variance; count tests work with holm, hochberg or bonferroni"),
        named: true,
        build: analysis::wald::build,
    },
    TestEntry {
        kind: TestKind::Logrank,
        name: "logrank",
        describe: "the log-rank test",
        short: "log-rank",
        outcomes: &[Distribution::TimeToEvent],
        designs: PARALLEL,
        hypotheses: ALL_HYPOTHESES,
        no_margin: None,
        many_arms: false,
        dunnett: Err("Dunnett's procedure needs t statistics with a pooled variance; log-rank tests work with holm, hochberg or bonferroni"),
        named: true,
        build: analysis::logrank::build,
    },
    TestEntry {
        kind: TestKind::MannWhitney,
        name: "mann-whitney",
        describe: "the Wilcoxon rank-sum (Mann–Whitney) test (normal approximation, continuity correction)",
        short: "Mann–Whitney",
        outcomes: RANKABLE,
        designs: INDEPENDENT,
        hypotheses: &[Superiority],
        no_margin: Some(RANK_NO_MARGIN),
        many_arms: false,
        dunnett: Err("Dunnett's procedure needs t statistics with a pooled variance; rank tests work with holm, hochberg or bonferroni"),
        named: true,
        build: analysis::mann_whitney::build,
    },
    TestEntry {
        kind: TestKind::Ancova,
        name: "ancova",
        describe: "the t test of the treatment coefficient in the linear model outcome ~ arm + baseline (ANCOVA)",
        short: "ANCOVA t",
        outcomes: NORMAL,
        designs: &[DesignKind::Ancova],
        hypotheses: ALL_HYPOTHESES,
        no_margin: None,
        many_arms: false,
        dunnett: Err("Dunnett's critical values here assume unadjusted t statistics; with ANCOVA use holm, hochberg or bonferroni"),
        named: true,
        build: analysis::ancova::build,
    },
    TestEntry {
        kind: TestKind::Mixed,
        name: "mixed",
        describe: "the t test of the treatment coefficient in a random-intercept model (REML, between-cluster degrees of freedom)",
        short: "mixed-model t",
        outcomes: NORMAL,
        designs: &[DesignKind::Clustered],
        hypotheses: ALL_HYPOTHESES,
        no_margin: None,
        many_arms: false,
        dunnett: Err("Dunnett's critical values here assume t statistics on equal-weight means; with the mixed model use holm, hochberg or bonferroni"),
        named: true,
        build: analysis::mixed::build,
    },
    TestEntry {
        kind: TestKind::PairedT,
        name: "paired-t",
        describe: "a paired t test on the within-subject differences",
        short: "paired t",
        outcomes: NORMAL,
        designs: PAIRED,
        hypotheses: ALL_HYPOTHESES,
        no_margin: None,
        many_arms: false,
        dunnett: Err(NOT_DUNNETT_PAIRED),
        named: true,
        build: analysis::paired_t::build,
    },
    TestEntry {
        kind: TestKind::Wilcoxon,
        name: "wilcoxon",
        describe: "the Wilcoxon signed-rank test (normal approximation, continuity correction)",
        short: "Wilcoxon signed-rank",
        outcomes: NORMAL,
        designs: PAIRED,
        hypotheses: &[Superiority],
        no_margin: Some(RANK_NO_MARGIN),
        many_arms: false,
        dunnett: Err(NOT_DUNNETT_PAIRED),
        named: true,
        build: analysis::wilcoxon::build,
    },
    TestEntry {
        kind: TestKind::Chisq,
        name: "chisq",
        describe: "Pearson's chi-squared test (no continuity correction)",
        short: "chi-squared",
        build: analysis::farrington_manning::build_chisq,
        ..BINARY_TWO_ARM
    },
    TestEntry {
        kind: TestKind::FarringtonManning,
        name: "farrington-manning",
        describe: "the Farrington–Manning score test on the risk difference",
        short: "Farrington–Manning",
        hypotheses: ALL_HYPOTHESES,
        no_margin: None,
        build: analysis::farrington_manning::build,
        ..BINARY_TWO_ARM
    },
    TestEntry {
        kind: TestKind::Fisher,
        name: "fisher",
        describe: "Fisher's exact test",
        short: "Fisher exact",
        build: analysis::fisher::build,
        ..BINARY_TWO_ARM
    },
];

/// The entry of an outcome model.
pub fn outcome(kind: Distribution) -> &'static OutcomeEntry {
    OUTCOMES.iter().find(|e| e.kind == kind).expect("every distribution has a registry entry")
}

/// The entry of a design.
pub fn design(kind: DesignKind) -> &'static DesignEntry {
    DESIGNS.iter().find(|e| e.kind == kind).expect("every design has a registry entry")
}

/// The entry of a test.
pub fn test(kind: TestKind) -> &'static TestEntry {
    TESTS.iter().find(|e| e.kind == kind).expect("every test has a registry entry")
}

/// The test a user may name `name`.
pub fn test_named(name: &str) -> Option<&'static TestEntry> {
    TESTS.iter().find(|e| e.named && e.name == name)
}

impl TestEntry {
    /// Whether it accepts this outcome and design.
    pub fn accepts(&self, outcome: Distribution, design: DesignKind) -> bool {
        self.outcomes.contains(&outcome) && self.designs.contains(&design)
    }
}

/// The tests a user may name for this outcome and design.
pub fn tests_for(outcome: Distribution, design: DesignKind) -> impl Iterator<Item = &'static TestEntry> {
    TESTS.iter().filter(move |e| e.named && e.accepts(outcome, design))
}

/// The default two-arm test for this outcome, design and hypothesis.
pub fn default_test(outcome: Distribution, design: DesignKind, h: HypothesisKind) -> Option<TestKind> {
    tests_for(outcome, design).find(|e| !e.many_arms && e.hypotheses.contains(&h)).map(|e| e.kind)
}

/// Names in quotes, joined with commas and a final "or".
pub fn either(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        k => format!("{} or {}", q[..k - 1].join(", "), q[k - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_one_entry_and_defaults_exist() {
        for e in TESTS {
            assert_eq!(TESTS.iter().filter(|x| x.kind == e.kind).count(), 1, "{}", e.name);
        }
        for o in OUTCOMES {
            for &d in o.designs {
                assert!(default_test(o.kind, d, Superiority).is_some(), "{} / {}", o.name, d.name());
            }
        }
        assert_eq!(default_test(Distribution::Normal, DesignKind::Parallel, Superiority), Some(TestKind::Welch));
        assert_eq!(default_test(Distribution::Binary, DesignKind::Parallel, Superiority), Some(TestKind::Chisq));
        assert_eq!(
            default_test(Distribution::Binary, DesignKind::Parallel, NonInferiority),
            Some(TestKind::FarringtonManning)
        );
        assert_eq!(default_test(Distribution::Normal, DesignKind::Paired, Equivalence), Some(TestKind::PairedT));
        assert_eq!(either(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
    }
}
