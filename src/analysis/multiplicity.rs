//! Multiplicity procedures on the p-values of a family of hypotheses.
//!
//! - Bonferroni: reject Hᵢ when pᵢ ≤ α/m.
//! - Holm (1979, Scand. J. Statist. 6:65–70): step-down; with ordered
//!   p₍₁₎ ≤ … ≤ p₍ₘ₎, reject H₍₁₎…H₍ⱼ₋₁₎ where j is the first index with
//!   p₍ⱼ₎ > α/(m − j + 1).
//! - Hochberg (1988, Biometrika 75:800–802): step-up; find the largest j
//!   with p₍ⱼ₎ ≤ α/(m − j + 1) and reject H₍₁₎…H₍ⱼ₎. Valid under
//!   independence and positive dependence (Sarkar 1998), e.g. many-to-one
//!   comparisons.
//!
//! Dunnett's procedure needs the test statistics, not p-values, and lives
//! in the engine's family evaluation with critical values from
//! [`super::dunnett`].
//!
//! All functions work in place on caller-owned buffers and allocate nothing,
//! so they can run once per simulated study.

use serde::Serialize;

/// The procedure applied across the primary comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Multiplicity {
    /// Each hypothesis at α.
    None,
    /// α/m each.
    Bonferroni,
    /// Holm's step-down.
    Holm,
    /// Hochberg's step-up.
    Hochberg,
    /// Dunnett's many-to-one single-step procedure.
    Dunnett,
}

impl Multiplicity {
    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Multiplicity::None => "none",
            Multiplicity::Bonferroni => "bonferroni",
            Multiplicity::Holm => "holm",
            Multiplicity::Hochberg => "hochberg",
            Multiplicity::Dunnett => "dunnett",
        }
    }
}

/// Sorts `order` (indices into `p`) by increasing p-value; ties keep index
/// order so the result is deterministic. Insertion sort: m is small.
fn sort_by_p(p: &[f64], order: &mut [usize]) {
    for (i, o) in order.iter_mut().enumerate() {
        *o = i;
    }
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && p[order[j - 1]] > p[order[j]] {
            order.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Applies `procedure` (not Dunnett) to the p-values `p`, writing the
/// decisions to `reject`. `order` is scratch space of the same length.
///
/// ```
/// use plan::analysis::multiplicity::{apply, Multiplicity};
/// // p = (0.01, 0.02, 0.03, 0.04, 0.05), α = 0.05 (m = 5):
/// // Holm stops at p₍₂₎ = 0.02 > 0.05/4; Hochberg rejects all, since
/// // p₍₅₎ = 0.05 ≤ 0.05/1 (R: p.adjust(p, "holm") = .05 .08 .09 .09 .09,
/// // p.adjust(p, "hochberg") = .05 .05 .05 .05 .05).
/// let p = [0.01, 0.02, 0.03, 0.04, 0.05];
/// let (mut reject, mut order) = ([false; 5], [0; 5]);
/// apply(Multiplicity::Holm, &p, 0.05, &mut order, &mut reject);
/// assert_eq!(reject, [true, false, false, false, false]);
/// apply(Multiplicity::Hochberg, &p, 0.05, &mut order, &mut reject);
/// assert_eq!(reject, [true; 5]);
/// ```
pub fn apply(procedure: Multiplicity, p: &[f64], alpha: f64, order: &mut [usize], reject: &mut [bool]) {
    let m = p.len();
    match procedure {
        Multiplicity::None | Multiplicity::Dunnett => {
            for (r, &pi) in reject.iter_mut().zip(p) {
                *r = pi <= alpha;
            }
        }
        Multiplicity::Bonferroni => {
            let a = alpha / m as f64;
            for (r, &pi) in reject.iter_mut().zip(p) {
                *r = pi <= a;
            }
        }
        Multiplicity::Holm => {
            sort_by_p(p, order);
            reject.iter_mut().for_each(|r| *r = false);
            for (j, &i) in order.iter().enumerate() {
                if p[i] > alpha / (m - j) as f64 {
                    break;
                }
                reject[i] = true;
            }
        }
        Multiplicity::Hochberg => {
            sort_by_p(p, order);
            let last = (0..m).rev().find(|&j| p[order[j]] <= alpha / (m - j) as f64);
            for (j, &i) in order.iter().enumerate() {
                reject[i] = last.is_some_and(|l| j <= l);
            }
        }
    }
}

/// The per-comparison significance level of a single-step procedure
/// (Bonferroni: α/m), or `None` for step procedures whose level depends on
/// the other p-values.
pub fn single_step_alpha(procedure: Multiplicity, alpha: f64, m: usize) -> Option<f64> {
    match procedure {
        Multiplicity::None => Some(alpha),
        Multiplicity::Bonferroni => Some(alpha / m as f64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(procedure: Multiplicity, p: &[f64], alpha: f64) -> Vec<bool> {
        let mut reject = vec![false; p.len()];
        let mut order = vec![0; p.len()];
        apply(procedure, p, alpha, &mut order, &mut reject);
        reject
    }

    #[test]
    fn holm_example_from_holm_1979_style_ordering() {
        // Unordered input: the procedure must sort. m = 4, α = 0.05:
        // ordered 0.004 ≤ .0125 ✓, 0.011 ≤ .0167 ✓, 0.02 ≤ .025 ✓, 0.04 ≤ .05 ✓.
        assert_eq!(run(Multiplicity::Holm, &[0.04, 0.004, 0.02, 0.011], 0.05), [true; 4]);
        // 0.03 > 0.05/2 stops the step-down at the third hypothesis.
        assert_eq!(run(Multiplicity::Holm, &[0.04, 0.004, 0.03, 0.011], 0.05), [false, true, false, true]);
        assert_eq!(run(Multiplicity::Bonferroni, &[0.04, 0.004, 0.03, 0.011], 0.05), [false, true, false, true]);
        // The boundary is inclusive: p = α/m rejects.
        assert_eq!(run(Multiplicity::Bonferroni, &[0.0125, 0.0126], 0.025), [true, false]);
    }

    #[test]
    fn hochberg_steps_up_from_the_largest() {
        // Largest p 0.2 > 0.05, next 0.024 ≤ 0.05/2: reject it and all smaller.
        assert_eq!(run(Multiplicity::Hochberg, &[0.024, 0.2, 0.001], 0.05), [true, false, true]);
        // Holm on the same p: 0.001 ≤ 0.0167 ✓, 0.024 ≤ 0.025 ✓, 0.2 ✗.
        assert_eq!(run(Multiplicity::Holm, &[0.024, 0.2, 0.001], 0.05), [true, false, true]);
        // A case Hochberg rejects and Holm does not: (0.03, 0.04), α = 0.05.
        assert_eq!(run(Multiplicity::Hochberg, &[0.03, 0.04], 0.05), [true, true]);
        assert_eq!(run(Multiplicity::Holm, &[0.03, 0.04], 0.05), [false, false]);
    }

    #[test]
    fn ties_and_single_hypotheses() {
        assert_eq!(run(Multiplicity::Holm, &[0.01, 0.01], 0.02), [true, true]);
        assert_eq!(run(Multiplicity::Hochberg, &[0.05], 0.05), [true]);
        assert_eq!(run(Multiplicity::None, &[0.05, 0.051], 0.05), [true, false]);
    }
}
