//! The log-rank test of two arms' event times, as R's
//! `survival::survdiff(Surv(time, status) ~ arm)` computes it.
//!
//! Both arms' times are sorted together. At each distinct time t with d
//! events among the r subjects still at risk (time ≥ t), r_t of them in the
//! treatment arm, the treatment arm expects d·r_t/r events, with
//! hypergeometric variance d·(r_t/r)(1 − r_t/r)(r − d)/(r − 1); O − E and V
//! sum these over the event times (Mantel 1966; Peto & Peto 1972, J. R.
//! Stat. Soc. A 135:185–207; Collett, *Modelling Survival Data in Medical
//! Research*, 3rd ed., §2.6). Subjects censored at t count as at risk at t.
//!
//! z = (O − E)/√V is the log-rank statistic; (O − E)/V estimates the log
//! hazard ratio with standard error 1/√V (Peto's one-step estimate;
//! Berry, Kitchin & Mock 1991, Stat. Med. 10:749–755), so a hazard-ratio
//! margin m tests (log ĤR − ln m)·√V. Benefit is a lower hazard unless
//! `higher_is_better` says the event is good.
//!
//! Closed form beside the simulation: Schoenfeld (1981, Biometrika
//! 68:316–319): with D expected events and a share p of subjects in the
//! treatment arm, log ĤR is approximately normal with variance 1/(D p(1 − p)),
//! so the power is z-test power with that standard error, and the events
//! needed for power 1 − β are (z_α + z_β)²/(p(1 − p)(log HR − ln m)²).

use std::cell::RefCell;

use super::analytic::{z_power, z_tost_power};
use super::hypothesis::{wrap, Contrast};
use super::{Alternative, Data, Needs, Power, PowerMethod, Spec, Test};
use crate::model::Truth;

/// The log hazard ratio of treatment to reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogHazardRatio {
    /// Index of the treatment arm.
    pub treatment: usize,
    /// Index of the reference arm.
    pub reference: usize,
}

/// Registry constructor.
pub fn build(spec: &Spec) -> Box<dyn Test> {
    wrap(LogHazardRatio { treatment: spec.arms[0], reference: spec.arms[1] }, spec)
}

thread_local! {
    /// Both arms' (time, treatment?, event?), sorted, reused.
    static TIMES: RefCell<Vec<(f64, u8)>> = const { RefCell::new(Vec::new()) };
}

/// (O − E, V) of the treatment arm for event times `t` (status `st`)
/// against reference times `r` (status `sr`).
pub fn observed_minus_expected(t: &[f64], st: &[bool], r: &[f64], sr: &[bool]) -> (f64, f64) {
    TIMES.with(|cell| {
        let all = &mut *cell.borrow_mut();
        all.clear();
        // Bit 0: an event; bit 1: the treatment arm.
        all.extend(t.iter().zip(st).map(|(&x, &e)| (x, 2 | u8::from(e))));
        all.extend(r.iter().zip(sr).map(|(&x, &e)| (x, u8::from(e))));
        all.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let (mut at_risk, mut at_risk_t) = (all.len() as f64, t.len() as f64);
        let (mut o_e, mut v) = (0.0, 0.0);
        let mut i = 0;
        while i < all.len() {
            let time = all[i].0;
            let (mut d, mut d_t, mut gone, mut gone_t) = (0.0, 0.0, 0.0, 0.0);
            while i < all.len() && all[i].0 == time {
                let (event, treated) = (f64::from(all[i].1 & 1), f64::from(all[i].1 >> 1));
                d += event;
                d_t += event * treated;
                gone += 1.0;
                gone_t += treated;
                i += 1;
            }
            if d > 0.0 {
                let share = at_risk_t / at_risk;
                o_e += d_t - d * share;
                if at_risk > 1.0 {
                    v += d * share * (1.0 - share) * (at_risk - d) / (at_risk - 1.0);
                }
            }
            at_risk -= gone;
            at_risk_t -= gone_t;
        }
        (o_e, v)
    })
}

impl LogHazardRatio {
    /// (log HR, its Schoenfeld SE) at the truth and these sizes.
    fn schoenfeld(&self, truth: &Truth, sizes: &[u32]) -> Option<(f64, f64)> {
        let (t, r) = (self.treatment, self.reference);
        let (nt, nr) = (f64::from(sizes[t]), f64::from(sizes[r]));
        let events = nt * truth.event_probability.get(t)? + nr * truth.event_probability.get(r)?;
        let share = nt / (nt + nr);
        Some((truth.means[t] - truth.means[r], 1.0 / (events * share * (1.0 - share)).sqrt()))
    }
}

/// Schoenfeld's number of events for power `power` of a test at `level`
/// (two-sided: split) of a log hazard ratio `delta` against `shift`, with
/// a share `share` of subjects in the treatment arm.
pub fn events_required(delta: f64, shift: f64, share: f64, level: f64, two_sided: bool, power: f64) -> f64 {
    use crate::stats::normal::quantile;
    let z = quantile(1.0 - if two_sided { level / 2.0 } else { level }) + quantile(power);
    z * z / (share * (1.0 - share) * (delta - shift).powi(2))
}

impl Contrast for LogHazardRatio {
    fn arms(&self) -> (usize, usize) {
        (self.treatment, self.reference)
    }

    fn needs(&self) -> Needs {
        Needs::Raw
    }

    fn statistic(&self, data: &Data, shift: f64) -> (f64, f64) {
        let (t, r) = (self.treatment, self.reference);
        let (o_e, v) = observed_minus_expected(&data.raw[t], &data.status[t], &data.raw[r], &data.status[r]);
        if v <= 0.0 {
            return (f64::NAN, f64::INFINITY);
        }
        ((o_e / v - shift) * v.sqrt(), f64::INFINITY)
    }

    fn df_range(&self, _sizes: &[u32]) -> (f64, f64) {
        (f64::INFINITY, f64::INFINITY)
    }

    fn power(&self, truth: &Truth, sizes: &[u32], shift: f64, alternative: Alternative, level: f64) -> Option<Power> {
        let (delta, se) = self.schoenfeld(truth, sizes)?;
        Power::new(z_power(delta - shift, se, alternative, level), PowerMethod::NormalApproximation)
    }

    fn tost_power(&self, truth: &Truth, sizes: &[u32], margin: f64, level: f64) -> Option<Power> {
        let (delta, se) = self.schoenfeld(truth, sizes)?;
        Power::new(z_tost_power(delta, se, margin, level), PowerMethod::NormalApproximation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_survdiff() {
        // tests/references/survival.R.out part (a): O − E of the treatment
        // arm and survdiff's variance.
        let (oe, v) = observed_minus_expected(
            &[5., 8., 12., 12., 15., 20., 22., 30.],
            &[true, true, false, true, true, false, true, false],
            &[3., 4., 6., 9., 10., 11., 14., 18., 25.],
            &[true, true, true, true, false, true, true, true, false],
        );
        assert!((oe - (5.0 - 6.81381167851756)).abs() < 1e-12, "{oe}");
        assert!((v - 2.88810917289529).abs() < 1e-12, "{v}");
        let (oe, v) = observed_minus_expected(
            &[2.5, 7.1, 9.9, 14.2, 19.0, 21.4],
            &[true, false, true, true, false, false],
            &[1.2, 3.3, 3.3, 6.0, 8.8, 12.5, 15.1],
            &[true, true, true, true, false, true, true],
        );
        assert!((oe / v.sqrt() - -1.46846717986862).abs() < 1e-12);
    }

    #[test]
    fn schoenfeld_events_match_rpact() {
        // rpact 3.3.4 getSampleSizeSurvival (Schoenfeld), HR 12/18, α 0.05
        // two-sided, power 0.8: 190.968040183989 events (survival.R.out (d)).
        let d = events_required((12.0f64 / 18.0).ln(), 0.0, 0.5, 0.05, true, 0.8);
        assert!((d - 190.968040183989).abs() < 1e-9, "{d}");
    }
}
