//! Number formatting shared by the text exporters and the plot, so that a
//! number reads the same in the summary, the report and the figure.

/// `x` with up to `digits` decimals, trailing zeros removed: 0.800 → "0.8".
pub(crate) fn num(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A fraction as a percentage: 0.1 → "10%".
pub(crate) fn pct(x: f64) -> String {
    format!("{}%", num(100.0 * x, 1))
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
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(num(0.800, 3), "0.8");
        assert_eq!(num(17.3, 4), "17.3");
        assert_eq!(num(2.0, 2), "2");
        assert_eq!(pct(0.1), "10%");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
