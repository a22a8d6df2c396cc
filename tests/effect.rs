//! `plan effect` against hand computations in R 4.2.2
//! (`Rscript tests/references/effect.R > tests/references/effect.R.out`,
//! with pwr 1.3.0 for the check at the bound): every path of
//! [`plan::effect::derive`], and the command line (text, JSON, exit 2 on
//! every refusal).

use assert_cmd::Command;
use plan::effect::{derive, Derivation, Layout, PValue, RatioKind, Reported, Spread};

fn close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() <= 1e-9 * want.abs().max(1.0), "{what}: {got} vs {want}");
}

#[test]
fn two_means_with_sds_and_ses() {
    // effect.R.out §1: 122.7 (SD 20.1, n 27) vs 105.4 (SD 18.3, n 25).
    let e = derive(&Reported::Means {
        means: [122.7, 105.4],
        spread: Spread::Sd([20.1, 18.3]),
        n: [27, 25],
        correlation: None,
    })
    .unwrap();
    let Derivation::Means { pooled_sd, d, j, g, se_d, .. } = e.derivation else { panic!() };
    close(pooled_sd, 19.2570091135669, "pooled SD");
    close(d, 0.898374191857852, "d");
    close(j, 0.98491194229556, "J");
    close(g, 0.884819470210922, "g");
    close(se_d, 0.29119990557057, "SE of d");
    assert_eq!((e.effect.name, e.effect.value), ("d", d));
    // §1b: SEs 1.2 and 1.0 with n 16 each.
    let e =
        derive(&Reported::Means { means: [10.0, 8.0], spread: Spread::Se([1.2, 1.0]), n: [16, 16], correlation: None })
            .unwrap();
    close(e.sd.unwrap(), 4.4181444068749, "pooled SD from SEs");
    close(e.effect.value, 0.452678730212593, "d from SEs");
    // §1c: the same subjects twice, r = 0.6.
    let e = derive(&Reported::Means {
        means: [122.7, 105.4],
        spread: Spread::Sd([20.1, 18.3]),
        n: [27, 27],
        correlation: Some(0.6),
    })
    .unwrap();
    let Derivation::PairedMeans { sd_diff, d_z, d_av, .. } = e.derivation else { panic!() };
    close(sd_diff, 17.2483042644777, "SD of differences");
    close(d_z, 1.00299714886343, "d_z");
    close(d_av, 0.901041666666667, "d_av");
}

#[test]
fn a_difference_with_its_interval() {
    // §2: 4.2 (1.1 to 7.3), n 20 and 22: t on 40 df, then the z interval.
    let two = |normal| Reported::Interval {
        difference: 4.2,
        ci: [1.1, 7.3],
        level: 0.95,
        n: vec![20, 22],
        layout: Layout::TwoSample,
        normal,
    };
    let e = derive(&two(false)).unwrap();
    close(e.se.unwrap(), 1.53383689439226, "SE (t)");
    close(e.sd.unwrap(), 4.96456124801797, "SD (t)");
    close(e.effect.value, 0.845996209972591, "d (t)");
    let e = derive(&two(true)).unwrap();
    close(e.se.unwrap(), 1.58166171646643, "SE (z)");
    close(e.effect.value, 0.820415760122829, "d (z)");
    // §2c: paired, 3.5 (1.2 to 5.8), n 15.
    let e = derive(&Reported::Interval {
        difference: 3.5,
        ci: [1.2, 5.8],
        level: 0.95,
        n: vec![15],
        layout: Layout::Paired,
        normal: false,
    })
    .unwrap();
    close(e.se.unwrap(), 1.07236771514695, "SE paired");
    close(e.sd.unwrap(), 4.15326230177462, "SD of differences");
    assert_eq!(e.effect.name, "d_z");
    close(e.effect.value, 0.842711041511756, "d_z");
}

fn stat(t: Option<f64>, p: Option<PValue>, one_sided: bool, n: &[u32], layout: Layout) -> plan::effect::Effect {
    derive(&Reported::Statistic { t, p, one_sided, n: n.to_vec(), layout }).unwrap()
}

#[test]
fn t_statistics_and_p_values() {
    // §3.
    close(stat(Some(2.5), None, false, &[12, 14], Layout::TwoSample).effect.value, 0.983494740586804, "d from t");
    let e = stat(Some(3.1), None, false, &[20], Layout::Paired);
    assert_eq!(e.effect.name, "d_z");
    close(e.effect.value, 0.693181073024935, "d_z from t");
    close(stat(Some(3.1), None, false, &[20], Layout::OneSample).effect.value, 0.693181073024935, "one-sample d");
    // §3b: exact p.
    close(
        stat(None, Some(PValue::Exact(0.012)), false, &[12, 14], Layout::TwoSample).effect.value,
        1.06926196676848,
        "d from p",
    );
    close(
        stat(None, Some(PValue::Exact(0.03)), false, &[20], Layout::Paired).effect.value,
        0.524502733630103,
        "d_z from p",
    );
    close(
        stat(None, Some(PValue::Exact(0.03)), true, &[20], Layout::Paired).effect.value,
        0.447217502701245,
        "one-sided",
    );
}

/// §3c: the hair study's "p < 0.001" in one group as a paired design,
/// with n = 27 as the example's number of patients (the review gives no
/// n): t > qt(0.9995, 26) = 3.70661174348095, so d_z ≥ 0.713337762626719.
/// At the bound, pwr.t.test(n = 27, d, sig.level = 0.001, type = "paired")
/// gives power 0.513: the observed t sits at the critical value.
#[test]
fn a_bound_on_p_is_a_lower_bound_on_the_effect() {
    let e = stat(None, Some(PValue::Below(0.001)), false, &[27], Layout::Paired);
    let Derivation::Statistic { t, .. } = e.derivation else { panic!() };
    close(t, 3.70661174348095, "t at the bound");
    close(e.effect.value, 0.713337762626719, "d_z bound");
    assert_eq!(e.effect.bound, Some("lower"));
    let e = stat(None, Some(PValue::Below(0.05)), false, &[10, 10], Layout::TwoSample);
    close(e.effect.value, 0.939560899481302, "d bound");
}

/// effect.R.out §6: p = 1e-15 with n 10 and 10, where 1 − p/2 rounds away
/// every digit of the tail: the upper-tail quantile keeps them.
#[test]
fn a_tiny_p_keeps_its_digits() {
    let e = stat(None, Some(PValue::Exact(1e-15)), false, &[10, 10], Layout::TwoSample);
    assert!((e.effect.value - 11.6254525807219).abs() < 1e-8, "{}", e.effect.value);
}

#[test]
fn proportions_and_ratios() {
    // §4: 12 of 40 vs 5 of 40.
    let e = derive(&Reported::Proportions { events: [12, 5], n: [40, 40] }).unwrap();
    let Derivation::Proportions {
        risk_difference,
        se_risk_difference,
        risk_ratio,
        se_log_rr,
        odds_ratio,
        log_or,
        se_log_or,
        d,
        ..
    } = e.derivation
    else {
        panic!()
    };
    close(risk_difference, 0.175, "RD");
    close(se_risk_difference, 0.0893553300033076, "SE RD");
    close(risk_ratio, 2.4, "RR");
    close(se_log_rr, 0.483045891539648, "SE log RR");
    close(odds_ratio, 3.0, "OR");
    close(log_or, 1.09861228866811, "log OR");
    close(se_log_or, 0.589592272353571, "SE log OR");
    close(d, 0.605696699608196, "d (Chinn)");
    // §4b, §4c.
    let e =
        derive(&Reported::Ratio { kind: RatioKind::OddsRatio, estimate: 2.5, ci: [1.2, 5.2], level: 0.95 }).unwrap();
    close(e.effect.value, 0.916290731874155, "log OR");
    close(e.se.unwrap(), 0.374072452442929, "SE log OR");
    let e =
        derive(&Reported::Ratio { kind: RatioKind::HazardRatio, estimate: 0.7, ci: [0.5, 0.98], level: 0.95 }).unwrap();
    assert_eq!(e.effect.name, "log_hr");
    close(e.effect.value, -0.356674943938732, "log HR");
    close(e.se.unwrap(), 0.171672663005679, "SE log HR");
}

#[test]
fn medians_by_wan_et_al() {
    // §5: median 50, n 30; IQR 40–62, range 20–95.
    let m = |iqr, range| derive(&Reported::Median { median: 50.0, iqr, range, n: 30 }).unwrap();
    let e = m(Some([40.0, 62.0]), None);
    close(e.effect.value, 50.6666666666667, "S3 mean");
    close(e.sd.unwrap(), 17.1252448133149, "S3 SD");
    let e = m(None, Some([20.0, 95.0]));
    close(e.effect.value, 53.75, "S1 mean");
    close(e.sd.unwrap(), 18.3798183100794, "S1 SD");
    let e = m(Some([40.0, 62.0]), Some([20.0, 95.0]));
    close(e.effect.value, 52.375, "S2 mean");
    close(e.sd.unwrap(), 17.7525315616972, "S2 SD");
}

fn plan() -> Command {
    Command::cargo_bin("plan").unwrap()
}

/// The README's example: the bound's text and JSON, and the paired
/// scenario its keys build, which `plan check` accepts.
#[test]
fn command_line_text_json_and_the_keys_make_a_scenario() {
    let out =
        plan().args(["effect", "--p", "<0.001", "--n", "27", "--paired", "--cite", "Shin et al."]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Effect: d_z = 0.7133 (a LOWER BOUND on the paper's observed effect"), "{text}");
    let out = plan().args(["effect", "--p", "p<0.001", "--n", "27", "--paired", "--json", "-"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["effect"]["name"], "d_z");
    assert_eq!(v["effect"]["bound"], "lower");
    close(v["effect"]["value"].as_f64().unwrap(), 0.713337762626719, "JSON value");
    close(v["t"].as_f64().unwrap(), 3.70661174348095, "JSON t");
    let keys = v["scenario_keys"].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bound.toml");
    // The keys are a whole scenario: it checks and runs as printed.
    std::fs::write(&path, keys).unwrap();
    plan().args(["check", path.to_str().unwrap()]).assert().success();
    // Two means: the keys make a parallel scenario too.
    let out = plan()
        .args(["effect", "--means", "122.7", "105.4", "--sds", "20.1", "18.3", "--n", "27", "25", "--json", "-"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    close(v["sd"].as_f64().unwrap(), 19.2570091135669, "JSON sd");
    close(v["g"].as_f64().unwrap(), 0.884819470210922, "JSON g");
    std::fs::write(&path, v["scenario_keys"].as_str().unwrap()).unwrap();
    plan().args(["check", path.to_str().unwrap()]).assert().success();
    plan().args([path.to_str().unwrap(), "--replicates", "500", "--no-precision", "-q"]).assert().success();
}

/// Every refusal exits 2 with what to give instead, and writes nothing.
#[test]
fn refusals_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("e.json");
    let j = json.to_str().unwrap();
    for (args, says) in [
        (vec!["effect"], "nothing to compute"),
        (vec!["effect", "--t", "2", "--n", "10"], "add --paired"),
        (vec!["effect", "--means", "1", "2", "--n", "10", "10"], "needs --sds"),
        (vec!["effect", "--means", "1", "2", "--sds", "1", "-1", "--n", "5", "5"], "expected a finite number > 0"),
        (vec!["effect", "--diff", "5", "--ci", "1", "3", "--n", "10", "10"], "outside its interval"),
        (vec!["effect", "--diff", "2", "--n", "10", "10"], "--ci LO HI"),
        (vec!["effect", "--p", "0.5x", "--n", "10", "10"], "expected a p-value"),
        (vec!["effect", "--p", "1.5", "--n", "10", "10"], "between 0 and 1"),
        (vec!["effect", "--t", "2", "--means", "1", "2", "--sds", "1", "1", "--n", "5", "5"], "one report at a time"),
        (vec!["effect", "--events", "0", "5", "--n", "10", "10"], "no events"),
        (vec!["effect", "--t", "3", "--n", "10", "10", "--z"], "--z does not apply"),
        (vec!["effect", "--or", "2", "--ci", "1.2", "3", "--n", "30", "30"], "--n does not apply"),
        (
            vec!["effect", "--means", "1", "2", "--sds", "1", "1", "--n", "5", "5", "--one-sided"],
            "--one-sided does not apply",
        ),
        (vec!["effect", "--events", "12", "5", "--n", "10", "10"], "events ≤ n"),
        (vec!["effect", "--or", "2", "--ci", "2.5", "3"], "lower ≤ ratio ≤ upper"),
        (vec!["effect", "--median", "50", "--n", "30"], "--iqr"),
        (vec!["effect", "--median", "50", "--iqr", "55", "60", "--n", "30"], "lower ≤ median ≤ upper"),
        (vec!["effect", "--t", "2", "--n", "1", "--paired"], "at least 2"),
        (vec!["effect", "--diff", "2", "--ci", "1", "3", "--level", "95", "--n", "10", "10"], "from 0.5 to 0.9999"),
        (
            vec!["effect", "--diff", "2", "--ci", "1", "3", "--level", "0.0000001", "--n", "10", "10"],
            "from 0.5 to 0.9999",
        ),
    ] {
        let mut full = args.clone();
        full.extend(["--json", j]);
        let out = plan().args(&full).assert().code(2);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!json.exists(), "{args:?} wrote {j}");
    }
}
