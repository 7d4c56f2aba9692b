//! Signals, regime and the read on the real bundled data (`public/data/`):
//! historical assertions a reader can check against the record, and the
//! no-look-ahead property (truncating the future never changes a past
//! state or regime, for every rule).

use chrono::NaiveDate;
use proptest::prelude::*;

use regime_radar::engine::calendar::FomcCalendar;
use regime_radar::engine::radar::compute;
use regime_radar::engine::read::reason;
use regime_radar::engine::regime::{regime_history, Regime};
use regime_radar::engine::series::Series;
use regime_radar::engine::settings::RadarSettings;
use regime_radar::engine::signals::{evaluate, sahm_values, RadarInputs, RuleId, State};

type TestResult = Result<(), Box<dyn std::error::Error>>;

mod common;
use common::{date, load};

fn fomc() -> FomcCalendar {
    let path = format!("{}/public/data/FOMC.csv", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    FomcCalendar::parse(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

struct Data {
    small: Series,
    large: Series,
    growth: Series,
    macros: Vec<Series>,
    fomc: FomcCalendar,
}

impl Data {
    fn indices() -> Data {
        Data::with("RUT", "GSPC", "NDX")
    }

    fn with(small: &str, large: &str, growth: &str) -> Data {
        Data {
            small: load(small),
            large: load(large),
            growth: load(growth),
            macros: ["ICSA", "GDPNOW", "RSAFS", "PCE", "FEDFUNDS", "UNRATE"]
                .iter()
                .map(|id| load(id))
                .collect(),
            fomc: fomc(),
        }
    }

    fn inputs(&self) -> RadarInputs<'_> {
        RadarInputs {
            small: Some(&self.small),
            large: Some(&self.large),
            growth: Some(&self.growth),
            macros: self.macros.iter().collect(),
            fomc: Some(&self.fomc),
            ..RadarInputs::default()
        }
    }
}

/// The series with only its rows dated on or before `day`.
fn truncated(series: &Series, day: NaiveDate) -> Series {
    let keep = series.dates.partition_point(|d| *d <= day);
    let cut = |c: &Option<Vec<Option<f64>>>| c.as_ref().map(|v| v[..keep].to_vec());
    Series {
        dates: series.dates[..keep].to_vec(),
        close: series.close[..keep].to_vec(),
        open: cut(&series.open),
        high: cut(&series.high),
        low: cut(&series.low),
        volume: cut(&series.volume),
        raw_close: cut(&series.raw_close),
        ..series.clone()
    }
}

fn state_on(
    signals: &regime_radar::engine::signals::Signals,
    rule: RuleId,
    day: &str,
) -> (State, Option<f64>) {
    let index = signals
        .frame
        .index_on_or_before(date(day))
        .unwrap_or_else(|| panic!("no session on or before {day}"));
    let d = signals
        .rule(rule)
        .map(|r| r.day(index))
        .unwrap_or_else(|| panic!("no rule {rule:?}"));
    (d.state, d.value)
}

/// The erratum to issue 7: on the bundled UNRATE the Sahm value for
/// 2023-11 is 0.27 — the Sep–Nov 2023 average (3.8 + 3.7 + 3.8) / 3 = 3.7667
/// minus the lowest 3-month average of Nov 2022 – Oct 2023, 3.50 (Dec 2022 –
/// Feb 2023: 3.5, 3.5, 3.5... as in the file). 2020-04 is far above 0.5.
#[test]
fn sahm_values_match_a_hand_computation_on_the_bundled_unrate() -> TestResult {
    let unrate = load("UNRATE");
    let sahm = sahm_values(&unrate);
    let at = |month: &str| {
        let i = unrate
            .dates
            .binary_search(&date(month))
            .unwrap_or_else(|_| panic!("no {month}"));
        sahm[i].unwrap_or_else(|| panic!("no Sahm value for {month}"))
    };
    let nov = at("2023-11-01");
    assert!(
        (nov.average_3m - 3.766_666_666_666_667).abs() < 1e-9,
        "{nov:?}"
    );
    assert!((nov.low_12m - 3.5).abs() < 1e-9, "{nov:?}");
    assert!((nov.value - 0.266_666_666_666_667).abs() < 1e-9, "{nov:?}");
    // Hand check of the definition on another month, from the file's values.
    let value = |m: &str| {
        let i = unrate
            .dates
            .binary_search(&date(m))
            .unwrap_or_else(|_| panic!("no {m}"));
        unrate.close[i].unwrap_or_else(|| panic!("{m} missing"))
    };
    let avg = |a: &str, b: &str, c: &str| (value(a) + value(b) + value(c)) / 3.0;
    let expected_2020_04 = avg("2020-02-01", "2020-03-01", "2020-04-01")
        - [
            avg("2019-02-01", "2019-03-01", "2019-04-01"),
            avg("2019-03-01", "2019-04-01", "2019-05-01"),
            avg("2019-04-01", "2019-05-01", "2019-06-01"),
            avg("2019-05-01", "2019-06-01", "2019-07-01"),
            avg("2019-06-01", "2019-07-01", "2019-08-01"),
            avg("2019-07-01", "2019-08-01", "2019-09-01"),
            avg("2019-08-01", "2019-09-01", "2019-10-01"),
            avg("2019-09-01", "2019-10-01", "2019-11-01"),
            avg("2019-10-01", "2019-11-01", "2019-12-01"),
            avg("2019-11-01", "2019-12-01", "2020-01-01"),
            avg("2019-12-01", "2020-01-01", "2020-02-01"),
            avg("2020-01-01", "2020-02-01", "2020-03-01"),
        ]
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    assert!((at("2020-04-01").value - expected_2020_04).abs() < 1e-12);
    assert!(at("2020-04-01").value > 0.5);
    // The missing October 2025 (`.`) neither breaks nor invents a value:
    // no Sahm value for October, and November averages Sep and Nov only.
    let oct = unrate
        .dates
        .binary_search(&date("2025-10-01"))
        .map_err(|_| "no 2025-10 row")?;
    assert!(sahm[oct].is_none());
    let nov25 = at("2025-11-01");
    assert!((nov25.average_3m - (value("2025-09-01") + value("2025-11-01")) / 2.0).abs() < 1e-12);
    Ok(())
}

/// The Sahm rule fires (as known on the day: the jobs-report Friday) in the
/// 2020 and 2008 recessions, and not in the calm of 2017–2019.
#[test]
fn the_sahm_rule_fires_in_2020_and_2008_and_not_in_2017_to_2019() {
    let data = Data::with("IWM", "SPY", "QQQ");
    let signals = evaluate(&data.inputs(), &RadarSettings::default(), None);
    let rule = signals
        .rule(RuleId::LabourSahm)
        .unwrap_or_else(|| panic!("no Sahm rule"));
    let firing_in = |from: &str, to: &str| {
        signals
            .frame
            .dates
            .iter()
            .zip(&rule.days)
            .filter(|(d, _)| **d >= date(from) && **d <= date(to))
            .filter(|(_, day)| day.state == State::Firing)
            .count()
    };
    assert!(firing_in("2020-04-01", "2020-12-31") > 100, "2020");
    assert!(firing_in("2008-01-01", "2008-12-31") > 50, "2008");
    assert_eq!(firing_in("2017-01-01", "2019-12-31"), 0, "2017-2019");
    // April 2020's unemployment (released Fri 2020-05-08) is what tipped it.
    assert_eq!(
        state_on(&signals, RuleId::LabourSahm, "2020-05-07").0,
        State::Quiet
    );
    assert_eq!(
        state_on(&signals, RuleId::LabourSahm, "2020-05-08").0,
        State::Firing
    );
}

/// The claims trend fires on Thursday 2020-03-26, when the week ending
/// 2020-03-21 (2,914,000 initial claims in this revised, seasonally adjusted
/// vintage) was released, and not before: on 2020-03-19 the 273,000 of the
/// week before left the 4-week average 8 % above its 52-week low and below
/// its level of a year earlier + 12.5 %. (The 52-week-low rule alone also
/// fired around the 2019 holidays, when the average reached 236,000, 17 %
/// above the spring-2019 low: the year-on-year leg is what makes the pair a
/// "sustained climb"; both are asserted.)
#[test]
fn the_claims_rules_fire_the_week_the_march_2020_spike_was_released_and_not_before() {
    let data = Data::with("IWM", "SPY", "QQQ");
    let signals = evaluate(&data.inputs(), &RadarSettings::default(), None);
    let first_firing = |rule: RuleId, from: &str| {
        let series = signals.rule(rule).unwrap_or_else(|| panic!("no {rule:?}"));
        signals
            .frame
            .dates
            .iter()
            .zip(&series.days)
            .filter(|(d, _)| **d >= date(from))
            .find(|(_, day)| day.state == State::Firing)
            .map(|(d, _)| *d)
    };
    // Year on year: quiet through 2019 and until the spike's release.
    assert_eq!(
        first_firing(RuleId::LabourClaimsYoy, "2019-01-01"),
        Some(date("2020-03-26"))
    );
    // 52-week low: quiet from February 2020 until the spike's release.
    assert_eq!(
        first_firing(RuleId::LabourClaimsVsLow, "2020-02-01"),
        Some(date("2020-03-26"))
    );
    for rule in [RuleId::LabourClaimsVsLow, RuleId::LabourClaimsYoy] {
        assert_eq!(
            state_on(&signals, rule, "2020-03-25").0,
            State::Quiet,
            "{rule:?}"
        );
        assert_eq!(
            state_on(&signals, rule, "2020-03-26").0,
            State::Firing,
            "{rule:?}"
        );
    }
    // The labour-stress regime (Sahm, or both claims legs) starts that day.
    let regime = regime_history(&signals, &RadarSettings::default());
    let index = |d: &str| {
        signals
            .frame
            .index_on_or_before(date(d))
            .unwrap_or_default()
    };
    assert_ne!(
        regime.at(index("2020-03-25")).map(|d| d.regime),
        Some(Regime::LabourStress)
    );
    assert_eq!(
        regime.at(index("2020-03-26")).map(|d| d.regime),
        Some(Regime::LabourStress)
    );
}

/// The article's day: on 2026-01-16 ^RUT's RSI(14) is 71.5 (≥ 70), small
/// caps lead YTD, the rally is narrow against ^NDX, and the regime is
/// "leadership, overbought (crowded)".
#[test]
fn on_the_article_date_rut_is_overbought_narrow_and_crowded() {
    let data = Data::indices();
    let settings = RadarSettings::default();
    let signals = evaluate(&data.inputs(), &settings, None);
    let (state, rsi) = state_on(&signals, RuleId::OverboughtRsi, "2026-01-16");
    assert_eq!(state, State::Firing);
    let rsi = rsi.unwrap_or_default();
    assert!((rsi - 71.52).abs() < 0.01, "RSI {rsi}");
    for rule in [
        RuleId::LeadershipYtd,
        RuleId::Leadership3m,
        RuleId::Narrow3m,
        RuleId::Crowded,
    ] {
        assert_eq!(
            state_on(&signals, rule, "2026-01-16").0,
            State::Firing,
            "{rule:?}"
        );
    }
    let index = signals
        .frame
        .index_on_or_before(date("2026-01-16"))
        .unwrap_or_default();
    let overbought = signals
        .rule(RuleId::OverboughtRsi)
        .unwrap_or_else(|| panic!("no rule"));
    assert_eq!(
        reason(overbought, overbought.day(index)),
        "RSI(14) of RUT 71.52 ≥ 70"
    );
    let regime = regime_history(&signals, &settings);
    assert_eq!(
        regime.at(index).map(|d| d.regime),
        Some(Regime::LeadershipCrowded)
    );
}

/// The read as of the article's date names the RSI and the narrow rally,
/// the FOMC meeting twelve days later, and every number matches the radar.
#[test]
fn the_read_as_of_the_article_date_names_rsi_and_the_narrow_rally() {
    let data = Data::indices();
    let radar = compute(
        &data.inputs(),
        &RadarSettings::default(),
        Some(date("2026-01-16")),
    );
    let text = radar.read.text();
    assert!(text.contains("RUT +7.9% YTD vs GSPC +1.4%"), "{text}");
    assert!(text.contains("RSI(14) 71.5 ≥ 70: overbought."), "{text}");
    assert!(
        text.contains("3 months: RUT +8.5% vs NDX +3.5%: narrow."),
        "{text}"
    );
    assert!(
        text.contains("Next FOMC decision 2026-01-28 (in 12 days)."),
        "{text}"
    );
    assert!(
        text.contains("Regime: leadership, overbought (crowded)."),
        "{text}"
    );
    assert!(text.contains("Claims 4-wk avg "), "{text}");
    assert!(text.contains("As of 2026-01-16"), "{text}");
    assert!(
        text.contains("earlier overbought episodes, small minus large averaged"),
        "{text}"
    );
    assert_eq!(radar.current_regime(), Some(Regime::LeadershipCrowded));
}

/// Editing a threshold changes the regime: with the RSI band at 75 the trade
/// is no longer crowded on 2026-01-16, and the read follows.
#[test]
fn raising_the_overbought_band_changes_the_regime_and_the_read() -> TestResult {
    let data = Data::indices();
    let mut settings = RadarSettings::default();
    settings.set("rsi_overbought", "75")?;
    settings.set("zscore_threshold", "5")?;
    let radar = compute(&data.inputs(), &settings, Some(date("2026-01-16")));
    assert_ne!(radar.current_regime(), Some(Regime::LeadershipCrowded));
    assert!(
        radar.read.text().contains("neither overbought (≥ 75)"),
        "{}",
        radar.read.text()
    );
    Ok(())
}

/// Missing inputs are `no data`, never a guess: without macro series, flows
/// or a growth series, those rules have no data on any session and say why.
#[test]
fn rules_without_their_inputs_have_no_data_and_say_why() {
    let small = load("IWM");
    let large = load("SPY");
    let inputs = RadarInputs {
        small: Some(&small),
        large: Some(&large),
        ..RadarInputs::default()
    };
    let signals = evaluate(&inputs, &RadarSettings::default(), None);
    for rule in [
        RuleId::LabourSahm,
        RuleId::LabourClaimsLevel,
        RuleId::GrowthGdpnow,
        RuleId::PolicyFedfunds3m,
        RuleId::PolicyFomcSoon,
        RuleId::FlowsRotation,
        RuleId::Narrow3m,
    ] {
        let series = signals.rule(rule).unwrap_or_else(|| panic!("no {rule:?}"));
        assert!(
            series.days.iter().all(|d| d.state == State::NoData),
            "{rule:?}"
        );
        assert!(series.missing.is_some(), "{rule:?} says why");
    }
    assert_eq!(
        signals.rules.len(),
        RuleId::ALL.len(),
        "every rule is evaluated"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    /// No look-ahead: the radar computed with data up to day d gives, for
    /// every rule and the regime, the same state and value on every session
    /// up to d as the radar computed on the whole history.
    #[test]
    fn truncating_the_future_never_changes_a_past_state_or_regime(cut in 300usize..6000) {
        let data = Data::with("IWM", "SPY", "QQQ");
        let settings = RadarSettings::default();
        let full = evaluate(&data.inputs(), &settings, None);
        let full_regime = regime_history(&full, &settings);
        let day = full.frame.dates[cut.min(full.frame.len() - 1)];
        let part = evaluate(&data.inputs(), &settings, Some(day));
        let part_regime = regime_history(&part, &settings);
        prop_assert_eq!(part.frame.dates.last(), Some(&day));
        for (a, b) in part.rules.iter().zip(&full.rules) {
            prop_assert_eq!(a.rule, b.rule);
            prop_assert_eq!(&a.days[..], &b.days[..a.days.len()], "{:?}", a.rule);
        }
        prop_assert_eq!(&part_regime.days[..], &full_regime.days[..part_regime.days.len()]);
        // The same with every input file itself cut at d (macro rows dated
        // up to d, even those released later, are kept: release alignment
        // must hide them).
        let cut_data = Data {
            small: truncated(&data.small, day),
            large: truncated(&data.large, day),
            growth: truncated(&data.growth, day),
            macros: data.macros.iter().map(|m| truncated(m, day)).collect(),
            fomc: data.fomc.clone(),
        };
        let cut_signals = evaluate(&cut_data.inputs(), &settings, None);
        for (a, b) in cut_signals.rules.iter().zip(&full.rules) {
            prop_assert_eq!(&a.days[..], &b.days[..a.days.len()], "{:?} on cut files", a.rule);
        }
    }
}

/// Flows are reported after the fact: a weekly flow dated Wednesday counts
/// from its publication (+7 days by default, the late end of BofA / EPFR /
/// ICI), not from its own date; a lag set to 0 restores "as of its date".
#[test]
fn flows_count_from_their_publication_not_their_date() {
    use regime_radar::engine::align::{LagRule, PublicationLag};
    use regime_radar::engine::series::{Frequency, SeriesId, SeriesKind};
    use regime_radar::engine::signals::cumulative_flows;

    // Two weekly flows, dated Wednesdays 2026-01-07 and 2026-01-14, loaded
    // as "other": the flows role, not the file's kind, makes them flows.
    let flows = Series::from_values(
        SeriesId::sanitized("SMALL_FLOWS"),
        SeriesKind::Other,
        Frequency::Weekly,
        vec![date("2026-01-07"), date("2026-01-14")],
        vec![Some(6.4), Some(-1.0)],
    );
    let calendar: Vec<NaiveDate> = [
        "2026-01-07",
        "2026-01-13",
        "2026-01-14",
        "2026-01-20",
        "2026-01-21",
    ]
    .iter()
    .map(|d| date(d))
    .collect();
    let known = cumulative_flows(&flows, &calendar, &PublicationLag::default());
    assert_eq!(known, vec![None, None, Some(6.4), Some(6.4), Some(5.4)]);

    let mut same_day = PublicationLag::default();
    same_day.set(SeriesKind::Flows, LagRule::SAME_DAY);
    let naive = cumulative_flows(&flows, &calendar, &same_day);
    assert_eq!(
        naive,
        vec![Some(6.4), Some(6.4), Some(5.4), Some(5.4), Some(5.4)]
    );
}

/// One date for every comparison: ^RUT (ends 2026-02-20) beside ^GSPC
/// (ends 2026-07-10) is compared as of 2026-02-20, the last date both
/// have, and the read says so first — not RUT in February against GSPC in
/// July. An as-of date both cover changes nothing.
#[test]
fn roles_that_end_apart_are_compared_at_their_last_common_date() {
    use regime_radar::engine::metrics::{series_metrics_at, MetricSettings};

    let (rut, gspc) = (load("RUT"), load("GSPC"));
    let inputs = RadarInputs {
        small: Some(&rut),
        large: Some(&gspc),
        ..RadarInputs::default()
    };
    let radar = compute(&inputs, &RadarSettings::default(), None);
    assert_eq!(radar.as_of_date(), Some(date("2026-02-20")));
    let common = radar
        .common_date
        .clone()
        .unwrap_or_else(|| panic!("no common date"));
    assert_eq!(common.series, rut.name);
    assert_eq!(common.date, date("2026-02-20"));
    assert_eq!(common.wanted, date("2026-07-10"));
    let read = radar.read.text();
    assert!(
        read.starts_with(&format!(
            "{}'s data ends 2026-02-20, before 2026-07-10",
            rut.name
        )),
        "{read}"
    );
    // The YTD figures in the read are both as of 2026-02-20: the metrics
    // table's ret_ytd of each series at that date.
    let ytd_at = |s: &Series| {
        series_metrics_at(s, &MetricSettings::default(), date("2026-02-20"))
            .into_iter()
            .find(|m| m.name == "ret_ytd")
            .and_then(|m| m.as_number())
            .unwrap_or_else(|| panic!("no ret_ytd for {}", s.name))
    };
    let expected = format!(
        "{} {} YTD vs {} {}",
        rut.name,
        regime_radar::format::signed_pct(ytd_at(&rut)),
        gspc.name,
        regime_radar::format::signed_pct(ytd_at(&gspc))
    );
    assert!(read.contains(&expected), "{read}\nwanted {expected}");

    let on_the_article_day = compute(&inputs, &RadarSettings::default(), Some(date("2026-01-16")));
    assert_eq!(on_the_article_day.common_date, None);
    assert_eq!(on_the_article_day.as_of_date(), Some(date("2026-01-16")));
}
