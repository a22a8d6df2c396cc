//! TEMPORARY STUB (replaced by helper)
use statrs::distribution::{ContinuousCDF, StudentsT};
/// stub
pub fn lambdas(n_control: f64, n_treatments: &[f64]) -> Vec<f64> {
    n_treatments.iter().map(|n| (n / (n + n_control)).sqrt()).collect()
}
/// stub
pub fn critical_value(alpha: f64, df: f64, lambdas: &[f64], two_sided: bool) -> f64 {
    let k = lambdas.len() as f64;
    let a = 1.0 - (1.0 - alpha).powf(1.0 / k);
    let t = StudentsT::new(0.0, 1.0, df).unwrap();
    t.inverse_cdf(1.0 - if two_sided { a / 2.0 } else { a })
}
