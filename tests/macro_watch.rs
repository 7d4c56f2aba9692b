//! Specs for the macro watchlist: the latest print, its release date, and
//! what a reader knew on a given day.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use regime_radar::engine::align::{align_as_of_release, LagRule, PublicationLag};
use regime_radar::engine::macro_watch::macro_snapshot;
use regime_radar::engine::series::{Frequency, Series, SeriesId, SeriesKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn claims() -> Series {
    // Weeks ending Saturday; 198,000 is the article's "dip".
    Series::from_values(
        SeriesId::sanitized("ICSA"),
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        vec![d(2025, 12, 27), d(2026, 1, 3), d(2026, 1, 10)],
        vec![Some(214_000.0), Some(207_000.0), Some(198_000.0)],
    )
}

#[test]
fn latest_print_is_released_the_following_thursday() {
    let snap = macro_snapshot(&claims(), &PublicationLag::default(), None);
    let latest = snap.latest.unwrap_or_else(|| panic!("no latest print"));
    assert_eq!(latest.value, 198_000.0);
    assert_eq!(latest.reference, d(2026, 1, 10));
    assert_eq!(latest.released, d(2026, 1, 15));
    assert_eq!(snap.change(), Some(-9_000.0));
}

#[test]
fn a_reader_on_wednesday_does_not_yet_know_the_dip() {
    let snap = macro_snapshot(&claims(), &PublicationLag::default(), Some(d(2026, 1, 14)));
    assert_eq!(snap.known.map(|p| p.value), Some(207_000.0));
    let snap = macro_snapshot(&claims(), &PublicationLag::default(), Some(d(2026, 1, 15)));
    assert_eq!(snap.known.map(|p| p.value), Some(198_000.0));
}

#[test]
fn the_snapshot_agrees_with_the_daily_alignment_on_every_day() {
    let series = claims();
    let mut lag = PublicationLag::default();
    lag.set(SeriesKind::JoblessClaims, LagRule::days(3));
    let calendar: Vec<NaiveDate> = (0..40)
        .filter_map(|i| d(2025, 12, 20).checked_add_days(chrono::Days::new(i)))
        .collect();
    let aligned = align_as_of_release(&series, &lag, &calendar);
    for (day, value) in calendar.iter().zip(aligned) {
        let known = macro_snapshot(&series, &lag, Some(*day))
            .known
            .map(|p| p.value);
        assert_eq!(known, value, "on {day}");
    }
}

#[test]
fn a_missing_print_releases_nothing() {
    let mut series = claims();
    series.close[2] = None;
    let snap = macro_snapshot(&series, &PublicationLag::default(), Some(d(2026, 2, 1)));
    assert_eq!(snap.known.map(|p| p.value), Some(207_000.0));
    assert_eq!(snap.latest.map(|p| p.reference), Some(d(2026, 1, 3)));
}

#[test]
fn an_empty_series_has_no_snapshot() {
    let series = Series::from_values(
        SeriesId::sanitized("X"),
        SeriesKind::Other,
        Frequency::Monthly,
        vec![],
        vec![],
    );
    let snap = macro_snapshot(&series, &PublicationLag::default(), Some(d(2026, 1, 1)));
    assert_eq!((snap.latest, snap.known, snap.change()), (None, None, None));
}
