//! Formula series (`A:B`, `A-B`) and FRED's units transformations on the
//! bundled data, with values worked out by hand from the CSV files.

use regime_radar::engine::formula::{Formula, FormulaError};
use regime_radar::engine::series::{Series, SeriesKind};
use regime_radar::engine::units::Units;

mod common;
use common::{date, load};

fn value_on(series: &Series, values: &[Option<f64>], day: &str) -> Option<f64> {
    let i = series.dates.binary_search(&date(day)).ok()?;
    values[i]
}

fn close(x: Option<f64>, want: f64) -> bool {
    x.is_some_and(|x| (x - want).abs() < 1e-9 * want.abs().max(1.0))
}

#[test]
fn ratio_and_difference_of_iwm_and_spy_on_their_common_dates() {
    let (iwm, spy) = (load("IWM"), load("SPY"));
    let formula = Formula::parse("IWM:SPY").unwrap_or_else(|e| panic!("{e}"));
    let ratio = formula
        .compute([&iwm, &spy])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ratio.id.as_str(), "IWM:SPY");
    assert_eq!(ratio.kind, SeriesKind::Price);
    // public/data/IWM.csv and SPY.csv, 2024-01-02 and 2024-01-05.
    assert!(close(
        value_on(&ratio, &ratio.close, "2024-01-02"),
        195.0072479248047 / 461.2474
    ));
    assert!(close(
        value_on(&ratio, &ratio.close, "2024-01-05"),
        188.87904357910156 / 456.6316
    ));
    // IWM starts in 2000-05, SPY in 2000-01: the ratio starts with IWM.
    assert_eq!(ratio.dates.first(), iwm.dates.first());
    assert!(ratio
        .dates
        .iter()
        .all(|d| iwm.dates.binary_search(d).is_ok() && spy.dates.binary_search(d).is_ok()));

    let diff = Formula::parse("IWM - SPY")
        .and_then(|f| f.compute([&iwm, &spy]))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(diff.id.as_str(), "IWM-SPY");
    assert!(close(
        value_on(&diff, &diff.close, "2024-01-03"),
        189.8075714111328 - 457.4806
    ));
}

#[test]
fn a_missing_close_on_either_side_leaves_a_gap() {
    let (mut iwm, spy) = (load("IWM"), load("SPY"));
    let i = iwm
        .dates
        .binary_search(&date("2024-01-03"))
        .unwrap_or_else(|_| panic!("IWM has 2024-01-03"));
    iwm.close[i] = None;
    let ratio = Formula::parse("IWM:SPY")
        .and_then(|f| f.compute([&iwm, &spy]))
        .unwrap_or_else(|e| panic!("{e}"));
    let at = ratio
        .dates
        .binary_search(&date("2024-01-03"))
        .unwrap_or_else(|_| panic!("the date stays, as a gap"));
    assert_eq!(ratio.close[at], None);
    assert!(ratio.close[at + 1].is_some());
}

#[test]
fn a_series_that_is_not_loaded_is_named() {
    let (iwm, spy) = (load("IWM"), load("SPY"));
    let err = Formula::parse("IWM:XYZ").and_then(|f| f.compute([&iwm, &spy]));
    assert_eq!(err, Err(FormulaError::NotLoaded("XYZ".to_string())));
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("XYZ is not loaded".to_string())
    );
}

#[test]
fn fred_units_on_weekly_claims() {
    let icsa = load("ICSA");
    let at = |u: Units, day: &str| value_on(&icsa, &u.apply(&icsa), day);
    // 2023-12-23: 212000; previous week 209000; 52 weeks earlier
    // (2022-12-24) 205000.
    assert!(close(at(Units::Lin, "2023-12-23"), 212000.0));
    assert!(close(at(Units::Chg, "2023-12-23"), 3000.0));
    assert!(close(at(Units::Ch1, "2023-12-23"), 7000.0));
    assert!(close(
        at(Units::Pch, "2023-12-23"),
        (212000.0 / 209000.0 - 1.0) * 100.0
    ));
    assert!(close(
        at(Units::Pc1, "2023-12-23"),
        (212000.0 / 205000.0 - 1.0) * 100.0
    ));
    assert!(close(at(Units::Log, "2023-12-23"), 212000f64.ln()));
    // The first observation has no previous one, nor a year ago.
    assert_eq!(Units::Chg.apply(&icsa)[0], None);
    assert_eq!(Units::Pc1.apply(&icsa)[51], None);
    assert!(Units::Pc1.apply(&icsa)[52].is_some());
}

#[test]
fn fred_units_on_monthly_unemployment() {
    let unrate = load("UNRATE");
    let at = |u: Units, day: &str| value_on(&unrate, &u.apply(&unrate), day);
    // 2024-01: 3.7, 2023-12: 3.8, 2023-01: 3.5, 2024-02: 3.9.
    assert!(close(at(Units::Chg, "2024-01-01"), 3.7 - 3.8));
    assert!(close(at(Units::Ch1, "2024-01-01"), 3.7 - 3.5));
    assert!(close(
        at(Units::Pch, "2024-02-01"),
        (3.9 / 3.7 - 1.0) * 100.0
    ));
    assert!(close(
        at(Units::Pc1, "2024-01-01"),
        (3.7 / 3.5 - 1.0) * 100.0
    ));
    assert!(close(at(Units::Log, "2024-02-01"), 3.9f64.ln()));
}

#[test]
fn a_daily_series_year_ago_is_the_same_day_a_year_earlier_or_before() {
    let spy = load("SPY");
    let pc1 = Units::Pc1.apply(&spy);
    // 2024-01-02 a year earlier is 2023-01-02 (a holiday): the last close
    // on or before it is 2022-12-30's.
    let then = value_on(&spy, &spy.close, "2022-12-30");
    let now = value_on(&spy, &spy.close, "2024-01-02");
    let want = match (now, then) {
        (Some(n), Some(t)) => (n / t - 1.0) * 100.0,
        _ => panic!("SPY has both closes"),
    };
    assert!(close(value_on(&spy, &pc1, "2024-01-02"), want));
}

#[test]
fn the_macro_columns_and_the_csv_carry_the_chosen_units() {
    use regime_radar::engine::align::PublicationLag;
    use regime_radar::engine::dashboard::{DashboardBuild, DashboardInputs};
    use regime_radar::engine::export::visible_csv;
    use regime_radar::engine::radar::compute;
    use regime_radar::engine::settings::RadarSettings;
    use regime_radar::engine::signals::RadarInputs;

    let (iwm, spy, icsa) = (load("IWM"), load("SPY"), load("ICSA"));
    let settings = RadarSettings::default();
    let radar = compute(
        &RadarInputs {
            small: Some(&iwm),
            large: Some(&spy),
            growth: None,
            macros: vec![&icsa],
            small_flows: None,
            large_flows: None,
            lags: PublicationLag::default(),
            fomc: None,
        },
        &settings,
        None,
    );
    let inputs = DashboardInputs {
        prices: vec![&iwm, &spy],
        small: Some(&iwm),
        large: Some(&spy),
        growth: None,
        macros: vec![&icsa],
        lags: PublicationLag::default(),
        fomc: None,
        as_of: None,
    };
    let units = vec![("ICSA".to_string(), Units::Pc1)];
    let mut build = DashboardBuild::new(&inputs, &settings, &radar).with_units(&units);
    while build.step() {}
    let dashboard = build.finish();
    let m = &dashboard.macros[0];
    assert_eq!(m.units, Units::Pc1);
    // The 4-week average is in claims, not percent: it is not drawn.
    assert_eq!(m.derived, None);
    let pc1 = Units::Pc1.apply(&icsa);
    let known: Vec<f64> = m.known.iter().flatten().collect();
    assert!(!known.is_empty());
    assert!(known.iter().all(|k| pc1.contains(&Some(*k))));
    let csv = visible_csv(
        &dashboard,
        &radar,
        Some(0),
        &settings,
        0..dashboard.dates.len(),
    );
    let header = csv.lines().next().unwrap_or_default();
    assert!(header.contains("ICSA_known_pc1"), "{header}");
    assert!(!header.contains("4_week"), "{header}");
}
