//! Priors on an arm's effect parameter (`prior = { ... }` in `[[arms]]`),
//! for assurance: the power averaged over what is believed about the
//! effect (O'Hagan, Stevens & Campbell, "Assurance in clinical trial
//! design", *Pharmaceutical Statistics* 4, 2005).
//!
//! The parameter is the arm's own key: `mean` (normal), `p` (binary),
//! `geometric_mean` (lognormal), `rate` (counts), `median` (time to
//! event). Ordinal arms have no single parameter and take no prior. The
//! prior is centred on the arm's value (its mean for normal priors, its
//! median for lognormal ones, its mean for beta ones), except a prior
//! built from a reported interval, which is centred on the interval.

use serde::Serialize;

use super::raw::RawPrior;
use super::types::Distribution;
use super::validate::Checker;
use crate::stats::normal;

/// A prior distribution of one arm's parameter, on the parameter's own
/// scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "distribution", rename_all = "kebab-case")]
pub enum Prior {
    /// Normal with this mean and SD.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Normal(mean, sd) restricted to [lower, upper].
    TruncatedNormal {
        /// Mean of the untruncated normal.
        mean: f64,
        /// Its standard deviation.
        sd: f64,
        /// Lower bound (−∞ allowed).
        lower: f64,
        /// Upper bound (+∞ allowed).
        upper: f64,
    },
    /// ln θ ~ Normal(log_mean, log_sd): θ's median is e^log_mean.
    Lognormal {
        /// Mean of ln θ.
        log_mean: f64,
        /// SD of ln θ.
        log_sd: f64,
    },
    /// Beta(a, b), for a probability.
    Beta {
        /// First shape.
        a: f64,
        /// Second shape.
        b: f64,
    },
}

impl Prior {
    /// In words, for the ledger: "normal, SD 5", "beta(6, 14)".
    pub fn describe(&self) -> String {
        use crate::numfmt::num;
        match *self {
            Prior::Normal { mean, sd } => format!("normal, mean {}, SD {}", num(mean, 6), num(sd, 6)),
            Prior::TruncatedNormal { mean, sd, lower, upper } if lower == f64::NEG_INFINITY => format!(
                "normal, mean {}, SD {}, truncated to [−∞, {}]",
                num(mean, 6),
                num(sd, 6),
                if upper.is_finite() { num(upper, 6) } else { "∞".into() }
            ),
            Prior::TruncatedNormal { mean, sd, lower, upper } => format!(
                "normal, mean {}, SD {}, truncated to [{}, {}]",
                num(mean, 6),
                num(sd, 6),
                if lower <= f64::MIN_POSITIVE { num(lower.max(0.0), 6) } else { num(lower, 6) },
                if upper.is_finite() { num(upper, 6) } else { "∞".into() }
            ),
            Prior::Lognormal { log_mean, log_sd } => {
                format!("lognormal, median {}, SD of the log {}", num(log_mean.exp(), 6), num(log_sd, 6))
            }
            Prior::Beta { a, b } => format!("beta({}, {}), mean {}", num(a, 4), num(b, 4), num(a / (a + b), 4)),
        }
    }
}

/// Which parameter an outcome's arm carries, and its range.
fn parameter(d: Distribution) -> Option<(&'static str, Range)> {
    match d {
        Distribution::Normal => Some(("mean", Range::Real)),
        Distribution::Binary => Some(("p", Range::Probability)),
        Distribution::Lognormal => Some(("geometric_mean", Range::Positive)),
        Distribution::Poisson | Distribution::NegativeBinomial => Some(("rate", Range::Positive)),
        Distribution::TimeToEvent => Some(("median", Range::Positive)),
        Distribution::Ordinal => None,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Range {
    Real,
    Probability,
    Positive,
}

/// Validates `raw` for an arm of outcome `d` whose parameter is `value`;
/// `at` is the key path of the prior ("arms[1].prior").
pub(super) fn check(c: &mut Checker, at: &str, raw: RawPrior, d: Distribution, value: f64) -> Option<Prior> {
    let Some((name, range)) = parameter(d) else {
        c.fail(at, None, "expected no prior: an ordinal arm's effect is a whole distribution over the categories, with no single parameter to put a prior on");
        return None;
    };
    let key = |k: &str| format!("{at}.{k}");
    if let Some(ci) = raw.ci {
        for (k, given) in [("distribution", raw.distribution.is_some()), ("sd", raw.sd.is_some())] {
            if given {
                c.fail(key(k), None, "expected either `ci` (with `level`) or `distribution` and `sd`, not both");
            }
        }
        let level =
            c.number(&key("level"), raw.level.unwrap_or(0.95), |x| x > 0.0 && x < 1.0, "a level in (0, 1), e.g. 0.95")?;
        if ci.len() != 2 {
            c.fail(key("ci"), Some(format!("{} values", ci.len())), "expected two values [low, high]");
            return None;
        }
        let (lo, hi) = (
            c.number(&key("ci[0]"), ci[0], |_| true, "a number")?,
            c.number(&key("ci[1]"), ci[1], |_| true, "a number")?,
        );
        if lo >= hi {
            c.fail(key("ci"), Some(format!("[{lo}, {hi}]")), "expected low < high");
            return None;
        }
        if !(lo..=hi).contains(&value) {
            c.fail(key("ci"), Some(format!("[{lo}, {hi}]")), format!("expected an interval around the arm's {name} {value}: the prior is centred on the interval, the power on the arm's value, and the two must describe the same belief"));
            return None;
        }
        let z = normal::quantile(0.5 + level / 2.0);
        return match range {
            Range::Real => Some(Prior::Normal { mean: (lo + hi) / 2.0, sd: (hi - lo) / (2.0 * z) }),
            Range::Positive => {
                if lo <= 0.0 {
                    c.fail(
                        key("ci"),
                        Some(format!("[{lo}, {hi}]")),
                        format!("expected an interval of {name} > 0 (a prior on the log scale)"),
                    );
                    return None;
                }
                Some(Prior::Lognormal { log_mean: (lo.ln() + hi.ln()) / 2.0, log_sd: (hi.ln() - lo.ln()) / (2.0 * z) })
            }
            Range::Probability => {
                if lo < 0.0 || hi > 1.0 {
                    c.fail(key("ci"), Some(format!("[{lo}, {hi}]")), "expected an interval within [0, 1]");
                    return None;
                }
                let sd = (hi - lo) / (2.0 * z);
                Some(Prior::TruncatedNormal { mean: (lo + hi) / 2.0, sd, lower: 0.0, upper: 1.0 })
            }
        };
    }
    if raw.level.is_some() {
        c.fail(key("level"), None, "expected `level` only with `ci`");
    }
    let Some(kind) = raw.distribution else {
        c.fail(key("distribution"), None, "missing required key: \"normal\", \"truncated-normal\", \"lognormal\" or \"beta\" (or give `ci = [low, high]` instead)");
        return None;
    };
    let Some(sd) = raw.sd else {
        c.fail(
            key("sd"),
            None,
            "missing required key: the prior's SD (of the parameter; of its logarithm for \"lognormal\")",
        );
        return None;
    };
    let sd = c.number(&key("sd"), sd, |x| x > 0.0, "an SD > 0")?;
    let bounds_given = raw.lower.is_some() || raw.upper.is_some();
    let refuse = |c: &mut Checker, why: String| {
        c.fail(key("distribution"), Some(format!("\"{kind}\"")), why);
        None
    };
    if bounds_given && kind != "truncated-normal" {
        c.fail(key("lower"), None, "expected `lower` and `upper` only with distribution = \"truncated-normal\"");
    }
    let allowed = match range {
        Range::Real => "\"normal\" or \"truncated-normal\"",
        Range::Probability => "\"beta\" or \"truncated-normal\"",
        Range::Positive => "\"lognormal\" or \"truncated-normal\"",
    };
    match (kind.as_str(), range) {
        ("normal", Range::Real) => Some(Prior::Normal { mean: value, sd }),
        ("lognormal", Range::Positive) => {
            if sd > 5.0 {
                c.fail(
                    key("sd"),
                    Some(format!("{sd}")),
                    "expected an SD of the log ≤ 5 (a factor of e^5 ≈ 150 either way is already no information)",
                );
                return None;
            }
            Some(Prior::Lognormal { log_mean: value.ln(), log_sd: sd })
        }
        ("beta", Range::Probability) => {
            // Mean p and this SD: a + b = p(1 − p)/sd² − 1 (method of moments).
            let total = value * (1.0 - value) / (sd * sd) - 1.0;
            if total <= 0.0 || value <= 0.0 || value >= 1.0 {
                c.fail(
                    key("sd"),
                    Some(format!("{sd}")),
                    format!(
                        "expected an SD below √(p(1 − p)) = {:.4} for a beta prior with mean p = {value}",
                        (value * (1.0 - value)).sqrt()
                    ),
                );
                return None;
            }
            Some(Prior::Beta { a: value * total, b: (1.0 - value) * total })
        }
        ("normal" | "lognormal" | "beta", _) => {
            refuse(c, format!("expected {allowed} for {name}: \"{kind}\" does not fit its range"))
        }
        ("truncated-normal", _) => {
            let (lower, upper) = match range {
                Range::Real => (f64::NEG_INFINITY, f64::INFINITY),
                Range::Probability => (0.0, 1.0),
                Range::Positive => (0.0, f64::INFINITY),
            };
            let lower = match raw.lower {
                Some(l) => c.number(&key("lower"), l, |x| x >= lower, &format!("a lower bound ≥ {lower}"))?,
                None => lower,
            };
            let upper = match raw.upper {
                Some(u) => c.number(
                    &key("upper"),
                    u,
                    |x| x <= upper && x > lower,
                    &format!("an upper bound above the lower bound {lower}"),
                )?,
                None => upper,
            };
            if !(lower..=upper).contains(&value) {
                c.fail(
                    at,
                    Some(format!("[{lower}, {upper}]")),
                    format!("expected bounds around the arm's {name} {value}"),
                );
                return None;
            }
            if range == Range::Positive && lower == 0.0 {
                // A draw of exactly 0 has no logarithm.
                return Some(Prior::TruncatedNormal { mean: value, sd, lower: f64::MIN_POSITIVE, upper });
            }
            Some(Prior::TruncatedNormal { mean: value, sd, lower, upper })
        }
        (other, _) => {
            c.fail(
                key("distribution"),
                Some(format!("\"{other}\"")),
                "expected \"normal\", \"truncated-normal\", \"lognormal\" or \"beta\"",
            );
            None
        }
    }
}
