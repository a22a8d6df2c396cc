//! Number formatting shared by the text exporters and the plot, so that a
//! number reads the same in the summary, the report and the figure.
//!
//! No value is ever rounded to a text that reads as a different, rounder
//! value: a probability of 0.999999 is not "1", and 0.00004 is not "0".
//! Settings the user typed (alpha, target power) are printed as typed
//! ([`exact`]).
//!
//! Sample sizes are said per arm only when every arm has that size
//! ([`arm_sizes`]).

use crate::engine::{ArmSize, PlanResult};
use crate::scenario::{Arm, Subject};

/// The most decimals [`num`] and [`fixed`] use to keep a value from reading
/// as 0 or ±1.
const MAX_DIGITS: usize = 6;

/// Closer than this to 0 or ±1 is floating-point noise, not a difference
/// worth a digit (a Wilson bound of 0.9999999999999998 is 1).
const NOISE: f64 = 1e-9;

/// How `x` is shown with at least `digits` decimals: the decimals needed
/// (up to [`MAX_DIGITS`]) so that it does not round to 0 or ±1 unless it is
/// that (within [`NOISE`]), or a bound such as ">0.999999" when even those
/// are not enough.
enum Shown {
    Decimals(usize),
    Bound(String),
}

fn shown(x: f64, digits: usize) -> Shown {
    if !x.is_finite() {
        return Shown::Decimals(digits);
    }
    let misleading = |d: usize| {
        let r: f64 = format!("{x:.d$}").parse().unwrap_or(x);
        (r == 0.0 || r.abs() == 1.0) && (x - r).abs() > NOISE
    };
    match (digits..=digits.max(MAX_DIGITS)).find(|&d| !misleading(d)) {
        Some(d) => Shown::Decimals(d),
        None => {
            let d = digits.max(MAX_DIGITS);
            let edge = format!("{:.d$}", 0.1f64.powi(d as i32));
            let sign = if x < 0.0 { "-" } else { "" };
            Shown::Bound(match x.abs() {
                a if a < 0.5 => format!("{sign}<{edge}"),
                a if a < 1.0 => format!("{sign}>{:.d$}", 1.0 - 0.1f64.powi(d as i32)),
                _ => format!("{sign}>1"),
            })
        }
    }
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// `x` with up to `digits` decimals, trailing zeros removed: 0.800 → "0.8".
/// More decimals where fewer would read as 0 or ±1: 0.999999 → "0.999999".
pub(crate) fn num(x: f64, digits: usize) -> String {
    match shown(x, digits) {
        Shown::Decimals(d) => trim(format!("{x:.d$}")),
        Shown::Bound(b) => b,
    }
}

/// The decimals that show `x` to `significant` digits (none for |x| ≥
/// 10^(significant−1); at most 12): 247.3 → 0, 13.65 → 1, 0.0931 → 4 for 3.
pub(crate) fn decimals_for(x: f64, significant: usize) -> usize {
    if x == 0.0 || !x.is_finite() {
        return significant.saturating_sub(1);
    }
    let magnitude = x.abs().log10().floor() as i64;
    (significant as i64 - 1 - magnitude).clamp(0, 12) as usize
}

/// `x` with exactly `digits` decimals, zeros kept so that columns line up
/// (0.8 → "0.800"), or more where fewer would read as 0 or 1: 0.99996 →
/// "0.99996".
pub(crate) fn fixed(x: f64, digits: usize) -> String {
    match shown(x, digits) {
        Shown::Decimals(d) if d == digits => format!("{x:.d$}"),
        Shown::Decimals(d) => trim(format!("{x:.d$}")),
        Shown::Bound(b) => b,
    }
}

/// `x` as typed: the shortest text that reads back as the same number
/// (0.8 → "0.8", 0.999999 → "0.999999", 0.8004 → "0.8004").
pub(crate) fn exact(x: f64) -> String {
    format!("{x}")
}

/// A fraction as a percentage: 0.1 → "10%", 0.999999 → "99.9999%".
pub(crate) fn pct(x: f64) -> String {
    let p = 100.0 * x;
    // 100 × a typed fraction is rarely exact in binary (0.07 → 7.000000000000001):
    // show up to 4 decimals, more only if it would otherwise read as 0% or 100%.
    let mut d = 1;
    while d < 4 && (format!("{p:.d$}").parse::<f64>().unwrap_or(p) - p).abs() > 1e-9 * p.abs().max(1.0) {
        d += 1;
    }
    let mut s = trim(format!("{p:.d$}"));
    if (s == "100" && x != 1.0) || (s == "0" && x != 0.0) {
        s = num(p, d).trim_end_matches('%').to_string();
        if s == "100" || s == "0" {
            s = exact(p);
        }
    }
    format!("{s}%")
}

/// Every arm's size in words: "57 mice per arm" when all arms are equal,
/// else each arm by name, "vehicle 49, CM 98 mice". "Per arm" is said only
/// when it is true of every arm.
/// In a paired design n counts subjects, each measured under every
/// condition: "13 patients".
pub(crate) fn arm_sizes(sizes: &[(&str, u32)], r: &PlanResult) -> String {
    sizes_in_words(sizes, &r.subject, r.design.paired())
}

fn sizes_in_words(sizes: &[(&str, u32)], subject: &Subject, paired: bool) -> String {
    if paired {
        let n = sizes.first().map_or(0, |s| s.1);
        return format!("{n} {}", subject.count(u64::from(n)));
    }
    match sizes {
        [] => format!("0 {}", subject.plural),
        [(_, n), rest @ ..] if rest.iter().all(|(_, m)| m == n) => {
            format!("{n} {} per arm", subject.count(u64::from(*n)))
        }
        _ => {
            let each: Vec<String> = sizes.iter().map(|(a, n)| format!("{a} {n}")).collect();
            format!("{} {}", each.join(", "), subject.plural)
        }
    }
}

/// True when every arm has the same size.
pub(crate) fn equal_sizes(sizes: &[(&str, u32)]) -> bool {
    sizes.windows(2).all(|w| w[0].1 == w[1].1)
}

/// True when every arm of the recommendation has the same size and it is
/// n itself, so "n = 20 per arm" needs no word on allocation weights.
pub(crate) fn n_is_each_arm(rec: &crate::engine::Recommendation) -> bool {
    rec.arms.windows(2).all(|w| w[0].n == w[1].n) && rec.arms.first().is_none_or(|a| a.n == rec.n_per_arm)
}

/// Each arm's (name, size) at `n` per arm of allocation weight 1: round(w·n)
/// and never fewer than 2, the rule of the scenario (README, "Sample size
/// and allocation"), for outputs at a given n (`--n`, the curve) where the
/// result lists no arm sizes.
pub(crate) fn sizes_at(arms: &[Arm], n: u32) -> Vec<(&str, u32)> {
    arms.iter().map(|a| (a.name.as_str(), ((a.allocation * f64::from(n)).round() as u32).max(2))).collect()
}

/// The (name, n) of every arm of a recommendation or allocation option.
pub(crate) fn analysed(arms: &[ArmSize]) -> Vec<(&str, u32)> {
    arms.iter().map(|a| (a.arm.as_str(), a.n)).collect()
}

/// The (name, enrolled) of every arm.
pub(crate) fn enrolled(arms: &[ArmSize]) -> Vec<(&str, u32)> {
    arms.iter().map(|a| (a.arm.as_str(), a.enrolled)).collect()
}

/// `v` with commas between thousands: 10000 → "10,000".
pub(crate) fn thousands(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn decimals_for_significant_digits() {
        use super::decimals_for;
        assert_eq!([decimals_for(247.3, 3), decimals_for(13.65, 3), decimals_for(0.0931, 3)], [0, 1, 4]);
        assert_eq!([decimals_for(-0.93, 3), decimals_for(1e9, 3), decimals_for(0.0, 3)], [3, 0, 2]);
    }

    use super::*;

    #[test]
    fn formats() {
        assert_eq!(num(0.800, 3), "0.8");
        assert_eq!(num(17.3, 4), "17.3");
        assert_eq!(num(2.0, 2), "2");
        assert_eq!(fixed(0.8, 3), "0.800");
        assert_eq!(pct(0.1), "10%");
        assert_eq!(pct(0.07), "7%");
        assert_eq!(pct(0.125), "12.5%");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn nothing_reads_as_0_or_1_that_is_not() {
        assert_eq!(num(0.999999, 3), "0.999999");
        assert_eq!(num(0.9996, 3), "0.9996");
        assert_eq!(num(1.0, 3), "1");
        assert_eq!(num(0.00004, 4), "0.00004");
        assert_eq!(num(0.0, 4), "0");
        assert_eq!(num(-0.99999, 2), "-0.99999");
        assert_eq!(fixed(0.99996, 3), "0.99996");
        assert_eq!(fixed(1.0, 3), "1.000");
        assert_eq!(fixed(0.0004, 3), "0.0004");
        assert_eq!(num(1.0 - 1e-12, 3), "1", "floating-point noise");
        assert_eq!(fixed(0.9999999999999998, 3), "1.000", "floating-point noise");
        assert_eq!(fixed(1.0 - 2e-9, 3), ">0.999999");
        assert_eq!(num(3e-9, 4), "<0.000001");
        assert_eq!(exact(0.999999), "0.999999");
        assert_eq!(exact(0.8004), "0.8004");
        assert_eq!(pct(0.999999), "99.9999%");
        assert_eq!(pct(0.0000001), "0.00001%");
    }

    #[test]
    fn sizes_say_per_arm_only_when_equal() {
        let mice = Subject { singular: "mouse".into(), plural: "mice".into() };
        assert_eq!(sizes_in_words(&[("a", 57), ("b", 57)], &mice, false), "57 mice per arm");
        assert_eq!(sizes_in_words(&[("vehicle", 49), ("CM", 98)], &mice, false), "vehicle 49, CM 98 mice");
        assert_eq!(sizes_in_words(&[("pre", 13), ("post", 13)], &mice, true), "13 mice");
    }
}
