//! Spec for point-in-time alignment (`engine::align`): price joins on a
//! trading calendar, publication lags on known real release dates, macro
//! series as of their release, and the no-look-ahead property.

use std::path::PathBuf;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use proptest::prelude::*;
use regime_radar::engine::align::{
    align_as_of_release, align_prices, default_lag_rule, release_date, union_calendar,
    AlignedPrices, JoinMode, LagRule, PublicationLag, ReleaseDay, DEFAULT_LAGS,
};
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::series::{Frequency, Series, SeriesId, SeriesKind};

type TestResult = Result<(), Box<dyn std::error::Error>>;

// ---------------------------------------------------------------- helpers

fn d(iso: &str) -> NaiveDate {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").expect("test dates are ISO")
}

fn series(
    id: &str,
    kind: SeriesKind,
    frequency: Frequency,
    rows: &[(&str, Option<f64>)],
) -> Series {
    Series::from_values(
        SeriesId::sanitized(id),
        kind,
        frequency,
        rows.iter().map(|(date, _)| d(date)).collect(),
        rows.iter().map(|(_, v)| *v).collect(),
    )
}

fn price(id: &str, rows: &[(&str, Option<f64>)]) -> Series {
    series(id, SeriesKind::Price, Frequency::Daily, rows)
}

/// A real slice from `tests/fixtures/align/`, read by the app's own ingest.
fn fixture(file: &str) -> Result<Series, Box<dyn std::error::Error>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/align")
        .join(file);
    let bytes = std::fs::read(&path)?;
    Ok(ingest(&bytes, file, &IngestOptions::default())?.series)
}

/// Every Monday..Friday from `from` to `to` inclusive.
fn weekdays(from: &str, to: &str) -> Vec<NaiveDate> {
    d(from)
        .iter_days()
        .take_while(|day| *day <= d(to))
        .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
        .collect()
}

fn value_on(calendar: &[NaiveDate], column: &[Option<f64>], day: &str) -> Option<f64> {
    let at = calendar
        .iter()
        .position(|c| *c == d(day))
        .expect("day is in the calendar");
    column[at]
}

fn released(reference: &str, kind: SeriesKind, frequency: Frequency) -> NaiveDate {
    release_date(d(reference), kind, frequency, &PublicationLag::default())
}

// ------------------------------------------------------------ price joins

#[test]
fn intersection_keeps_only_dates_where_every_series_has_a_close() {
    let a = price(
        "A",
        &[
            ("2024-01-02", Some(1.0)),
            ("2024-01-03", Some(2.0)),
            ("2024-01-04", Some(3.0)),
        ],
    );
    let b = price(
        "B",
        &[
            ("2024-01-03", Some(20.0)),
            ("2024-01-04", None),
            ("2024-01-05", Some(50.0)),
        ],
    );

    let joined = align_prices(&[&a, &b], JoinMode::Intersection);

    assert_eq!(joined.dates, vec![d("2024-01-03")]);
    assert_eq!(joined.closes, vec![vec![Some(2.0)], vec![Some(20.0)]]);
}

#[test]
fn union_keeps_gaps_as_gaps_and_never_forward_fills() {
    let a = price(
        "A",
        &[
            ("2024-01-02", Some(1.0)),
            ("2024-01-03", Some(2.0)),
            ("2024-01-04", Some(3.0)),
        ],
    );
    let b = price(
        "B",
        &[
            ("2024-01-03", Some(20.0)),
            ("2024-01-04", None),
            ("2024-01-05", Some(50.0)),
        ],
    );

    let joined = align_prices(&[&a, &b], JoinMode::Union);

    assert_eq!(
        joined.dates,
        vec![
            d("2024-01-02"),
            d("2024-01-03"),
            d("2024-01-04"),
            d("2024-01-05")
        ]
    );
    assert_eq!(
        joined.closes[0],
        vec![Some(1.0), Some(2.0), Some(3.0), None]
    );
    // B's missing 2024-01-04 stays missing: not 20.0 carried forward.
    assert_eq!(joined.closes[1], vec![None, Some(20.0), None, Some(50.0)]);
}

#[test]
fn join_mode_defaults_to_intersection() {
    assert_eq!(JoinMode::default(), JoinMode::Intersection);
}

#[test]
fn union_drops_dates_on_which_no_series_has_a_close() {
    let a = price("A", &[("2024-01-02", Some(1.0)), ("2024-01-03", None)]);
    let b = price("B", &[("2024-01-03", None), ("2024-01-04", Some(4.0))]);

    let joined = align_prices(&[&a, &b], JoinMode::Union);

    assert_eq!(joined.dates, vec![d("2024-01-02"), d("2024-01-04")]);
}

#[test]
fn non_finite_closes_count_as_missing() {
    let a = price(
        "A",
        &[
            ("2024-01-02", Some(f64::NAN)),
            ("2024-01-03", Some(2.0)),
            ("2024-01-04", Some(f64::INFINITY)),
        ],
    );

    let joined = align_prices(&[&a], JoinMode::Union);

    assert_eq!(joined.dates, vec![d("2024-01-03")]);
}

#[test]
fn ids_follow_input_order_and_columns_are_found_by_id() {
    let a = price("IWM", &[("2024-01-02", Some(1.0))]);
    let b = price("SPY", &[("2024-01-02", Some(2.0))]);

    let joined = align_prices(&[&b, &a], JoinMode::Intersection);

    assert_eq!(
        joined.ids,
        vec![SeriesId::sanitized("SPY"), SeriesId::sanitized("IWM")]
    );
    assert_eq!(
        joined.column(&SeriesId::sanitized("IWM")),
        Some(&vec![Some(1.0)])
    );
    assert_eq!(joined.column(&SeriesId::sanitized("QQQ")), None);
}

#[test]
fn a_hand_built_series_out_of_order_still_joins_by_date_with_the_last_duplicate_winning() {
    let a = price(
        "A",
        &[
            ("2024-01-04", Some(4.0)),
            ("2024-01-02", Some(2.0)),
            ("2024-01-04", Some(40.0)),
        ],
    );

    let joined = align_prices(&[&a], JoinMode::Union);

    assert_eq!(joined.dates, vec![d("2024-01-02"), d("2024-01-04")]);
    assert_eq!(joined.closes[0], vec![Some(2.0), Some(40.0)]);
}

#[test]
fn real_spy_and_10y_yield_differ_on_bond_market_holidays() -> TestResult {
    // Columbus Day (2024-10-14) and Veterans Day (2024-11-11): stocks trade,
    // the Treasury market is closed, so DGS10 has no row.
    let spy = fixture("SPY_2024-10-01_2024-11-15.csv")?;
    let dgs10 = fixture("DGS10_2024-10-01_2024-11-15.csv")?;

    let union = align_prices(&[&spy, &dgs10], JoinMode::Union);
    let both = align_prices(&[&spy, &dgs10], JoinMode::Intersection);

    assert_eq!(union.dates, spy.dates, "every SPY trading day is kept");
    assert_eq!(
        value_on(&union.dates, &union.closes[1], "2024-10-11"),
        Some(4.08)
    );
    assert_eq!(
        value_on(&union.dates, &union.closes[1], "2024-10-14"),
        None,
        "a gap, not 4.08 carried over"
    );
    assert_eq!(value_on(&union.dates, &union.closes[1], "2024-11-11"), None);
    assert_eq!(both.len(), spy.len() - 2);
    assert!(!both.dates.contains(&d("2024-10-14")) && !both.dates.contains(&d("2024-11-11")));
    Ok(())
}

#[test]
fn real_september_2001_closure_is_a_gap_in_the_index_not_in_the_bond_market() -> TestResult {
    // NYSE closed 2001-09-11..14; the bond market reopened on 2001-09-13.
    let gspc = fixture("GSPC_2001-09-04_2001-09-21.csv")?;
    let dgs10 = fixture("DGS10_2001-09-04_2001-09-21.csv")?;

    let union = align_prices(&[&gspc, &dgs10], JoinMode::Union);
    let both = align_prices(&[&gspc, &dgs10], JoinMode::Intersection);

    assert_eq!(value_on(&union.dates, &union.closes[0], "2001-09-13"), None);
    assert_eq!(value_on(&union.dates, &union.closes[0], "2001-09-14"), None);
    assert_eq!(
        value_on(&union.dates, &union.closes[1], "2001-09-14"),
        Some(4.57)
    );
    assert_eq!(
        both.dates, gspc.dates,
        "the index calendar is a subset of the bond calendar here"
    );
    Ok(())
}

#[test]
fn no_inputs_give_an_empty_alignment() {
    for mode in [JoinMode::Intersection, JoinMode::Union] {
        assert_eq!(align_prices(&[], mode), AlignedPrices::default());
    }
}

#[test]
fn an_empty_series_empties_the_intersection_and_is_all_gaps_in_the_union() {
    let a = price("A", &[("2024-01-02", Some(1.0)), ("2024-01-03", Some(2.0))]);
    let empty = price("E", &[]);

    let both = align_prices(&[&a, &empty], JoinMode::Intersection);
    let union = align_prices(&[&a, &empty], JoinMode::Union);

    assert!(both.is_empty());
    assert_eq!(both.closes, vec![Vec::<Option<f64>>::new(), Vec::new()]);
    assert_eq!(union.closes[1], vec![None, None]);
}

#[test]
fn series_that_do_not_overlap_have_an_empty_intersection() {
    let early = price("A", &[("2000-01-03", Some(1.0))]);
    let late = price("B", &[("2020-01-02", Some(2.0))]);

    assert!(align_prices(&[&early, &late], JoinMode::Intersection).is_empty());
    assert_eq!(align_prices(&[&early, &late], JoinMode::Union).len(), 2);
}

// ------------------------------------------- default lags on real dates

#[test]
fn claims_for_the_week_ending_2026_01_10_become_visible_on_thursday_2026_01_15_not_before(
) -> TestResult {
    assert_eq!(
        released("2026-01-10", SeriesKind::JoblessClaims, Frequency::Weekly),
        d("2026-01-15")
    );

    let claims = fixture("ICSA_2025-11-01_2026-02-28.csv")?;
    let calendar = weekdays("2026-01-12", "2026-01-23");
    let known = align_as_of_release(&claims, &PublicationLag::default(), &calendar);

    // Week ending 2026-01-03 (207,000) is the latest known until Wednesday;
    // week ending 2026-01-10 (201,000) appears on Thursday.
    assert_eq!(value_on(&calendar, &known, "2026-01-14"), Some(207_000.0));
    assert_eq!(value_on(&calendar, &known, "2026-01-15"), Some(201_000.0));
    assert_eq!(value_on(&calendar, &known, "2026-01-21"), Some(201_000.0));
    assert_eq!(value_on(&calendar, &known, "2026-01-22"), Some(210_000.0));
    Ok(())
}

#[test]
fn retail_sales_are_known_17_days_after_month_end_never_before_the_census_release() {
    // Nov 2024 advance retail sales: released 2024-12-17.
    assert_eq!(
        released("2024-11-01", SeriesKind::RetailSales, Frequency::Monthly),
        d("2024-12-17")
    );
    // Dec 2024 (released 2025-01-16), Jan 2025 (2025-02-14), Feb 2025 (2025-03-17).
    for (month, census) in [
        ("2024-12-01", "2025-01-16"),
        ("2025-01-01", "2025-02-14"),
        ("2025-02-01", "2025-03-17"),
    ] {
        assert!(
            released(month, SeriesKind::RetailSales, Frequency::Monthly) >= d(census),
            "{month}"
        );
    }
}

#[test]
fn pce_for_december_2024_is_known_on_2025_01_31() {
    assert_eq!(
        released("2024-12-01", SeriesKind::Consumption, Frequency::Monthly),
        d("2025-01-31")
    );
    // Jun 2025 personal income & outlays: 2025-07-31.
    assert_eq!(
        released("2025-06-01", SeriesKind::Consumption, Frequency::Monthly),
        d("2025-07-31")
    );
}

#[test]
fn quarterly_gdp_is_known_on_the_advance_estimate_day() {
    // FRED dates a quarter by its first day.
    for (quarter, advance) in [
        ("2024-10-01", "2025-01-30"),
        ("2025-01-01", "2025-04-30"),
        ("2025-04-01", "2025-07-30"),
    ] {
        assert_eq!(
            released(quarter, SeriesKind::Gdp, Frequency::Quarterly),
            d(advance),
            "{quarter}"
        );
    }
    // 2024Q2's advance estimate came early (2024-07-25): a late assumption only delays.
    assert!(released("2024-04-01", SeriesKind::Gdp, Frequency::Quarterly) >= d("2024-07-25"));
}

#[test]
fn quarterly_gdpnow_is_known_when_its_final_nowcast_is_published_not_at_the_quarter_start(
) -> TestResult {
    // The 2025Q1 row is dated 2025-01-01 but holds the final nowcast (-2.7318),
    // published 2025-04-29, the day before the advance GDP estimate.
    assert_eq!(
        released(
            "2025-01-01",
            SeriesKind::GrowthNowcast,
            Frequency::Quarterly
        ),
        d("2025-04-29")
    );

    let gdpnow = fixture("GDPNOW_vintage_2026-04.csv")?;
    assert_eq!(gdpnow.frequency, Frequency::Quarterly);
    let calendar = weekdays("2025-01-01", "2025-05-02");
    let known = align_as_of_release(&gdpnow, &PublicationLag::default(), &calendar);
    let quarter = |start: &str| {
        gdpnow
            .dates
            .iter()
            .position(|x| *x == d(start))
            .map(|i| gdpnow.close[i])
    };
    let q4_2024 = quarter("2024-10-01").ok_or("no 2024Q4")?;

    // In January 2025 the latest final nowcast is 2024Q3's (out 2024-10-29),
    // not 2025Q1's, although the 2025Q1 row is dated 2025-01-01.
    assert_eq!(
        Some(value_on(&calendar, &known, "2025-01-02")),
        quarter("2024-07-01")
    );
    assert_eq!(
        value_on(&calendar, &known, "2025-01-29"),
        q4_2024,
        "2024Q4 final: 2025-01-29"
    );
    assert_eq!(value_on(&calendar, &known, "2025-04-28"), q4_2024);
    assert_eq!(value_on(&calendar, &known, "2025-04-29"), Some(-2.7318));
    Ok(())
}

#[test]
fn a_daily_nowcast_is_known_on_its_own_date() {
    assert_eq!(
        released("2025-04-29", SeriesKind::GrowthNowcast, Frequency::Daily),
        d("2025-04-29")
    );
}

#[test]
fn unemployment_is_known_on_the_first_friday_at_least_a_week_after_month_end() {
    // Dec 2024 Employment Situation: Friday 2025-01-10 (the second Friday).
    assert_eq!(
        released("2024-12-01", SeriesKind::Unemployment, Frequency::Monthly),
        d("2025-01-10")
    );
    // Feb 2025: Friday 2025-03-07.
    assert_eq!(
        released("2025-02-01", SeriesKind::Unemployment, Frequency::Monthly),
        d("2025-03-07")
    );
}

#[test]
fn monthly_fed_funds_is_known_the_day_after_month_end_moved_off_the_weekend() {
    assert_eq!(
        released("2024-09-01", SeriesKind::PolicyRate, Frequency::Monthly),
        d("2024-10-01")
    );
    // 2024-11-30 + 1 = Sunday 2024-12-01 → Monday.
    assert_eq!(
        released("2024-11-01", SeriesKind::PolicyRate, Frequency::Monthly),
        d("2024-12-02")
    );
}

#[test]
fn daily_rates_are_known_the_next_business_day() -> TestResult {
    let effr = fixture("EFFR_2024-03-25_2024-04-05.csv")?;
    assert_eq!(effr.frequency, Frequency::Daily);
    assert_eq!(
        released("2024-03-28", SeriesKind::PolicyRate, Frequency::Daily),
        d("2024-03-29")
    );
    assert_eq!(
        released("2024-10-11", SeriesKind::PolicyRate, Frequency::Daily),
        d("2024-10-14")
    );
    assert_eq!(
        released("2024-06-14", SeriesKind::TreasuryYield, Frequency::Daily),
        d("2024-06-17")
    );
    Ok(())
}

#[test]
fn a_daily_yield_on_the_stock_calendar_steps_a_day_late_and_skips_bond_holidays() -> TestResult {
    let spy = fixture("SPY_2024-10-01_2024-11-15.csv")?;
    let dgs10 = fixture("DGS10_2024-10-01_2024-11-15.csv")?;

    let known = align_as_of_release(&dgs10, &PublicationLag::default(), &spy.dates);

    assert_eq!(
        value_on(&spy.dates, &known, "2024-10-11"),
        Some(4.09),
        "Thursday's yield"
    );
    assert_eq!(
        value_on(&spy.dates, &known, "2024-10-14"),
        Some(4.08),
        "Friday's yield"
    );
    assert_eq!(
        value_on(&spy.dates, &known, "2024-10-15"),
        Some(4.08),
        "no yield for Columbus Day"
    );
    assert_eq!(
        value_on(&spy.dates, &known, "2024-10-16"),
        Some(4.03),
        "Tuesday's yield"
    );
    Ok(())
}

#[test]
fn recession_months_are_known_only_after_every_nber_announcement_since_1980() {
    // (first month whose USREC value the announcement settles, announcement day)
    let announcements = [
        ("1980-02-01", "1980-06-03"), // peak Jan 1980
        ("1980-08-01", "1981-07-08"), // trough Jul 1980
        ("1981-08-01", "1982-01-06"), // peak Jul 1981
        ("1982-12-01", "1983-07-08"), // trough Nov 1982
        ("1990-08-01", "1991-04-25"), // peak Jul 1990
        ("1991-04-01", "1992-12-22"), // trough Mar 1991
        ("2001-04-01", "2001-11-26"), // peak Mar 2001
        ("2001-12-01", "2003-07-17"), // trough Nov 2001
        ("2008-01-01", "2008-12-01"), // peak Dec 2007
        ("2009-07-01", "2010-09-20"), // trough Jun 2009
        ("2020-03-01", "2020-06-08"), // peak Feb 2020
        ("2020-05-01", "2021-07-19"), // trough Apr 2020
    ];
    for (month, announced) in announcements {
        assert!(
            released(month, SeriesKind::Recession, Frequency::Monthly) >= d(announced),
            "{month}"
        );
    }
}

#[test]
fn prices_and_unknown_series_are_known_on_their_own_date() {
    assert_eq!(
        released("2024-10-11", SeriesKind::Price, Frequency::Daily),
        d("2024-10-11")
    );
    assert_eq!(
        released("2024-10-12", SeriesKind::Other, Frequency::Irregular),
        d("2024-10-12")
    );
}

#[test]
fn every_default_rule_is_in_the_documented_table() {
    for row in DEFAULT_LAGS {
        let frequency = row.frequency.unwrap_or(Frequency::Irregular);
        if row.frequency.is_some()
            || !DEFAULT_LAGS
                .iter()
                .any(|r| r.kind == row.kind && r.frequency == Some(frequency))
        {
            assert_eq!(
                default_lag_rule(row.kind, frequency),
                row.rule,
                "{:?}",
                row.kind
            );
        }
        assert!(!row.convention.is_empty());
    }
}

#[test]
fn lags_are_user_editable_per_kind_and_per_frequency() {
    let mut lag = PublicationLag::default();
    lag.set(SeriesKind::RetailSales, LagRule::days(14));
    assert_eq!(
        release_date(
            d("2024-11-01"),
            SeriesKind::RetailSales,
            Frequency::Monthly,
            &lag
        ),
        d("2024-12-16"), // 2024-12-14 is a Saturday
    );

    lag.set_for(SeriesKind::PolicyRate, Frequency::Daily, LagRule::SAME_DAY);
    assert_eq!(
        release_date(
            d("2024-10-11"),
            SeriesKind::PolicyRate,
            Frequency::Daily,
            &lag
        ),
        d("2024-10-11")
    );
    assert_eq!(
        lag.rule(SeriesKind::PolicyRate, Frequency::Monthly),
        LagRule::days(1),
        "monthly untouched"
    );

    lag.reset(SeriesKind::RetailSales);
    assert_eq!(
        lag.rule(SeriesKind::RetailSales, Frequency::Monthly),
        LagRule::days(17)
    );
    assert_eq!(LagRule::days_then(5, Weekday::Thu).to_string(), "5d→Thu");
    assert_eq!(LagRule::days(17).to_string(), "17d→weekday");
}

#[test]
fn no_lag_shows_each_value_from_the_end_of_its_reference_period() {
    let none = PublicationLag::none();
    assert_eq!(
        release_date(
            d("2026-01-10"),
            SeriesKind::JoblessClaims,
            Frequency::Weekly,
            &none
        ),
        d("2026-01-10")
    );
    assert_eq!(
        release_date(
            d("2025-01-01"),
            SeriesKind::GrowthNowcast,
            Frequency::Quarterly,
            &none
        ),
        d("2025-03-31")
    );
}

// --------------------------------------------------- as-of-release steps

#[test]
fn a_daily_view_of_monthly_retail_sales_steps_on_release_days_and_never_interpolates() -> TestResult
{
    let rsafs = fixture("RSAFS_2024-01-01_2025-06-01.csv")?;
    let calendar = weekdays("2024-03-01", "2025-06-30");
    let known = align_as_of_release(&rsafs, &PublicationLag::default(), &calendar);

    let observed: Vec<f64> = rsafs.close.iter().flatten().copied().collect();
    let releases: Vec<NaiveDate> = rsafs
        .dates
        .iter()
        .map(|r| release_date(*r, rsafs.kind, rsafs.frequency, &PublicationLag::default()))
        .collect();
    for (i, (day, value)) in calendar.iter().zip(&known).enumerate() {
        let value = value.ok_or("every day after Feb 2024's release knows a value")?;
        assert!(
            observed.contains(&value),
            "{day}: {value} was never published"
        );
        if i > 0 && known[i - 1] != Some(value) {
            assert!(
                releases.contains(day),
                "{day}: the value changed on a non-release day"
            );
        }
    }
    // 2024-12-17: November's figure replaces October's, no blend in between.
    let oct = rsafs.close[rsafs
        .dates
        .iter()
        .position(|x| *x == d("2024-10-01"))
        .ok_or("no Oct")?];
    let nov = rsafs.close[rsafs
        .dates
        .iter()
        .position(|x| *x == d("2024-11-01"))
        .ok_or("no Nov")?];
    assert_eq!(value_on(&calendar, &known, "2024-12-16"), oct);
    assert_eq!(value_on(&calendar, &known, "2024-12-17"), nov);
    Ok(())
}

#[test]
fn a_missing_month_releases_nothing_so_the_previous_value_stays_known() -> TestResult {
    // UNRATE for Oct 2025 was never published ('.'): after its would-be
    // release, September's 4.4 is still the latest figure anyone had.
    let unrate = fixture("UNRATE_2024-06-01_2026-03-01.csv")?;
    let calendar = weekdays("2025-10-01", "2025-12-31");
    let known = align_as_of_release(&unrate, &PublicationLag::default(), &calendar);

    assert_eq!(value_on(&calendar, &known, "2025-11-10"), Some(4.4));
    assert_eq!(value_on(&calendar, &known, "2025-12-11"), Some(4.4));
    // November (4.5): 2025-11-30 + 7 days → Friday 2025-12-12.
    assert_eq!(value_on(&calendar, &known, "2025-12-12"), Some(4.5));
    Ok(())
}

#[test]
fn gdp_growth_on_a_daily_calendar_appears_on_advance_estimate_days() -> TestResult {
    let gdp = fixture("A191RL1Q225SBEA_2023-01-01_2026-01-01.csv")?;
    let calendar = weekdays("2025-01-01", "2025-08-29");
    let known = align_as_of_release(&gdp, &PublicationLag::default(), &calendar);
    let at = |date: &str| {
        gdp.dates
            .iter()
            .position(|x| *x == d(date))
            .map(|i| gdp.close[i])
    };

    assert_eq!(
        Some(value_on(&calendar, &known, "2025-01-29")),
        at("2024-07-01")
    );
    assert_eq!(
        Some(value_on(&calendar, &known, "2025-01-30")),
        at("2024-10-01")
    );
    assert_eq!(
        Some(value_on(&calendar, &known, "2025-07-30")),
        at("2025-04-01")
    );
    Ok(())
}

#[test]
fn before_the_first_release_nothing_is_known() {
    let claims = series(
        "ICSA",
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        &[("2026-01-10", Some(201_000.0))],
    );
    let calendar = [d("2026-01-09"), d("2026-01-12"), d("2026-01-14")];

    assert_eq!(
        align_as_of_release(&claims, &PublicationLag::default(), &calendar),
        vec![None, None, None]
    );
}

#[test]
fn a_series_entirely_before_the_calendar_holds_its_last_value() {
    let claims = series(
        "ICSA",
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        &[("2020-01-04", Some(1.0)), ("2020-01-11", Some(2.0))],
    );
    let calendar = weekdays("2026-01-05", "2026-01-09");

    assert_eq!(
        align_as_of_release(&claims, &PublicationLag::default(), &calendar),
        vec![Some(2.0); 5]
    );
}

#[test]
fn a_series_entirely_after_the_calendar_is_unknown_throughout() {
    let claims = series(
        "ICSA",
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        &[("2030-01-05", Some(1.0))],
    );
    let calendar = weekdays("2026-01-05", "2026-01-09");

    assert_eq!(
        align_as_of_release(&claims, &PublicationLag::default(), &calendar),
        vec![None; 5]
    );
}

#[test]
fn empty_inputs_align_to_empty_or_unknown() {
    let empty = series("X", SeriesKind::Other, Frequency::Daily, &[]);
    let all_missing = series(
        "X",
        SeriesKind::Other,
        Frequency::Daily,
        &[("2026-01-05", None)],
    );
    let some = series(
        "X",
        SeriesKind::Other,
        Frequency::Daily,
        &[("2026-01-05", Some(1.0))],
    );
    let calendar = weekdays("2026-01-05", "2026-01-06");

    assert_eq!(
        align_as_of_release(&empty, &PublicationLag::default(), &calendar),
        vec![None, None]
    );
    assert_eq!(
        align_as_of_release(&all_missing, &PublicationLag::default(), &calendar),
        vec![None, None]
    );
    assert!(align_as_of_release(&some, &PublicationLag::default(), &[]).is_empty());
}

#[test]
fn an_unsorted_calendar_gets_each_day_its_own_value() {
    let claims = series(
        "ICSA",
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        &[("2026-01-03", Some(1.0)), ("2026-01-10", Some(2.0))],
    );
    let calendar = [d("2026-01-15"), d("2026-01-05"), d("2026-01-09")];

    assert_eq!(
        align_as_of_release(&claims, &PublicationLag::default(), &calendar),
        vec![Some(2.0), None, Some(1.0)]
    );
}

#[test]
fn dates_at_the_end_of_the_calendar_range_do_not_overflow() {
    let rule = release_date(
        NaiveDate::MAX,
        SeriesKind::Recession,
        Frequency::Monthly,
        &PublicationLag::default(),
    );
    assert_eq!(rule, NaiveDate::MAX);
}

// ------------------------------------------------ no look-ahead, proved

const BASE: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};

fn day(offset: u32) -> NaiveDate {
    BASE.checked_add_days(Days::new(u64::from(offset)))
        .unwrap_or(NaiveDate::MAX)
}

/// A price series over the first `span` days after BASE: sorted unique
/// dates, some closes missing.
fn arb_price(span: u32) -> impl Strategy<Value = Series> {
    prop::collection::btree_map(0..span, prop::option::weighted(0.85, 1.0f64..1000.0), 0..40)
        .prop_map(|rows| {
            Series::from_values(
                SeriesId::sanitized("P"),
                SeriesKind::Price,
                Frequency::Daily,
                rows.keys().map(|o| day(*o)).collect(),
                rows.values().copied().collect(),
            )
        })
}

fn arb_kind() -> impl Strategy<Value = SeriesKind> {
    prop::sample::select(SeriesKind::ALL.to_vec())
}

fn arb_frequency() -> impl Strategy<Value = Frequency> {
    prop::sample::select(vec![
        Frequency::Daily,
        Frequency::Weekly,
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::Irregular,
    ])
}

fn arb_rule() -> impl Strategy<Value = LagRule> {
    let release_day = prop_oneof![
        Just(ReleaseDay::AnyDay),
        Just(ReleaseDay::Weekday),
        prop::sample::select(vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ])
        .prop_map(ReleaseDay::On),
    ];
    (0u32..60, release_day).prop_map(|(days, release_day)| LagRule {
        days_after_period_end: days,
        release_day,
    })
}

/// Default lags, optionally with a user override for the series' kind.
fn arb_lag() -> impl Strategy<Value = PublicationLag> {
    prop_oneof![
        Just(PublicationLag::default()),
        Just(PublicationLag::none()),
        (arb_kind(), arb_rule()).prop_map(|(kind, rule)| {
            let mut lag = PublicationLag::default();
            lag.set(kind, rule);
            lag
        }),
    ]
}

fn arb_macro() -> impl Strategy<Value = Series> {
    (
        arb_kind(),
        arb_frequency(),
        prop::collection::btree_map(
            0u32..1200,
            prop::option::weighted(0.9, -50.0f64..50.0),
            0..30,
        ),
    )
        .prop_map(|(kind, frequency, rows)| {
            Series::from_values(
                SeriesId::sanitized("M"),
                kind,
                frequency,
                rows.keys().map(|o| day(*o)).collect(),
                rows.values().copied().collect(),
            )
        })
}

fn truncated(series: &Series, keep: impl Fn(NaiveDate) -> bool) -> Series {
    let rows: Vec<(NaiveDate, Option<f64>)> = series
        .dates
        .iter()
        .zip(&series.close)
        .filter(|(date, _)| keep(**date))
        .map(|(date, value)| (*date, *value))
        .collect();
    Series::from_values(
        series.id.clone(),
        series.kind,
        series.frequency,
        rows.iter().map(|(date, _)| *date).collect(),
        rows.iter().map(|(_, value)| *value).collect(),
    )
}

/// The rows of an alignment dated on or before `cut`.
fn rows_until(aligned: &AlignedPrices, cut: NaiveDate) -> AlignedPrices {
    let n = aligned
        .dates
        .iter()
        .take_while(|date| **date <= cut)
        .count();
    AlignedPrices {
        dates: aligned.dates[..n].to_vec(),
        ids: aligned.ids.clone(),
        closes: aligned.closes.iter().map(|c| c[..n].to_vec()).collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Truncating every price series at any date never changes a joined row
    /// on or before that date, in either mode.
    #[test]
    fn price_joins_never_look_ahead(
        inputs in prop::collection::vec(arb_price(60), 0..4),
        cut in 0u32..65,
        union in any::<bool>(),
    ) {
        let mode = if union { JoinMode::Union } else { JoinMode::Intersection };
        let cut = day(cut);
        let cut_inputs: Vec<Series> = inputs.iter().map(|s| truncated(s, |date| date <= cut)).collect();

        let full = align_prices(&inputs.iter().collect::<Vec<_>>(), mode);
        let partial = align_prices(&cut_inputs.iter().collect::<Vec<_>>(), mode);

        prop_assert_eq!(rows_until(&full, cut), partial);
    }

    /// The intersection is exactly the union's rows on which every series
    /// has a close (it is walked directly, without building the union), and
    /// `union_calendar` is the union's dates (without its columns).
    #[test]
    fn the_intersection_is_the_union_rows_every_series_has(
        inputs in prop::collection::vec(arb_price(60), 0..4),
    ) {
        let refs: Vec<&Series> = inputs.iter().collect();
        let union = align_prices(&refs, JoinMode::Union);
        let intersection = align_prices(&refs, JoinMode::Intersection);
        let rows: Vec<usize> = (0..union.dates.len())
            .filter(|i| union.closes.iter().all(|c| c[*i].is_some()))
            .collect();
        let expected = AlignedPrices {
            dates: rows.iter().map(|i| union.dates[*i]).collect(),
            ids: union.ids.clone(),
            closes: union.closes.iter().map(|c| rows.iter().map(|i| c[*i]).collect()).collect(),
        };
        prop_assert_eq!(intersection, expected);
        // And the union calendar alone is the union's dates.
        prop_assert_eq!(union_calendar(&refs), union.dates);
    }

    /// Each day's known value is the same on any calendar, sorted or not,
    /// as on a calendar of that day alone (the walk over an ascending
    /// calendar and the search on a day out of order agree).
    #[test]
    fn a_known_value_does_not_depend_on_the_rest_of_the_calendar(
        macro_series in arb_macro(),
        lag in arb_lag(),
        calendar in prop::collection::vec(0u32..1400, 0..80),
        sorted in any::<bool>(),
    ) {
        let mut calendar: Vec<NaiveDate> = calendar.into_iter().map(day).collect();
        if sorted {
            calendar.sort();
        }
        let known = align_as_of_release(&macro_series, &lag, &calendar);
        let alone: Vec<Option<f64>> = calendar
            .iter()
            .flat_map(|d| align_as_of_release(&macro_series, &lag, &[*d]))
            .collect();
        prop_assert_eq!(known, alone);
    }

    /// Truncating a macro series (and the calendar) at any date never changes
    /// a value known on or before that date, whatever the kind, frequency or lag.
    #[test]
    fn macro_alignment_never_looks_ahead(
        macro_series in arb_macro(),
        lag in arb_lag(),
        calendar in prop::collection::vec(0u32..1400, 0..80),
        random_cut in 0u32..1400,
        near_release in any::<prop::sample::Index>(),
        days_before_release in 0u64..3,
    ) {
        // Cuts right at (or just before) a release date are where a one-day
        // look-ahead would show, so aim most cuts there and put the cut day
        // itself on the calendar.
        let releases: Vec<NaiveDate> = macro_series
            .dates
            .iter()
            .map(|r| release_date(*r, macro_series.kind, macro_series.frequency, &lag))
            .collect();
        let cut = if releases.is_empty() {
            day(random_cut)
        } else {
            let release = releases[near_release.index(releases.len())];
            release.checked_sub_days(Days::new(days_before_release)).unwrap_or(release)
        };
        let mut calendar: Vec<NaiveDate> = calendar.into_iter().map(day).collect();
        calendar.push(cut);
        let full = align_as_of_release(&macro_series, &lag, &calendar);

        // (a) Data dated after the cut does not exist yet.
        let early_calendar: Vec<NaiveDate> = calendar.iter().copied().filter(|c| *c <= cut).collect();
        let by_reference = align_as_of_release(&truncated(&macro_series, |date| date <= cut), &lag, &early_calendar);
        // (b) Stronger: the vintage as of the cut (only what was released by then).
        let vintage = truncated(&macro_series, |date| {
            release_date(date, macro_series.kind, macro_series.frequency, &lag) <= cut
        });
        let by_release = align_as_of_release(&vintage, &lag, &early_calendar);

        let expected: Vec<Option<f64>> = calendar
            .iter()
            .zip(&full)
            .filter(|(c, _)| **c <= cut)
            .map(|(_, v)| *v)
            .collect();
        prop_assert_eq!(&by_reference, &expected);
        prop_assert_eq!(&by_release, &expected);
    }

    /// A release is never before the reference date it describes, and every
    /// aligned value is one that was published (no interpolation).
    #[test]
    fn releases_follow_references_and_values_are_published_ones(
        macro_series in arb_macro(),
        lag in arb_lag(),
        calendar in prop::collection::vec(0u32..1400, 0..80),
    ) {
        for reference in &macro_series.dates {
            prop_assert!(release_date(*reference, macro_series.kind, macro_series.frequency, &lag) >= *reference);
        }
        let calendar: Vec<NaiveDate> = calendar.into_iter().map(day).collect();
        let known = align_as_of_release(&macro_series, &lag, &calendar);
        prop_assert_eq!(known.len(), calendar.len());
        for value in known.iter().flatten() {
            prop_assert!(macro_series.close.contains(&Some(*value)));
        }
    }
}
