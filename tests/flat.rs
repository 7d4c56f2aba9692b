//! A parsed series crosses from the engine's worker to the page as flat
//! columns (`engine::flat`): the same series comes back, and anything
//! malformed is an error naming what does not fit, never a panic.

mod common;

use chrono::NaiveDate;
use proptest::prelude::*;
use regime_radar::engine::flat::{FlatColumn, FlatError, FlatSeries, ParseReport, FREQUENCIES};
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::samples::SAMPLES;
use regime_radar::engine::series::{Series, SeriesId, SeriesKind};

#[test]
fn every_bundled_sample_round_trips() {
    for sample in SAMPLES {
        let series = common::load(sample.id);
        let flat = FlatSeries::from_series(series.clone());
        assert_eq!(flat.days.len(), series.len(), "{}", sample.id);
        assert_eq!(
            flat.clone().into_series().as_ref(),
            Ok(&series),
            "{}",
            sample.id
        );
    }
}

#[test]
fn a_column_without_gaps_crosses_without_presence_bytes_and_one_with_gaps_with_them() {
    let full = FlatColumn::from_column(&[Some(1.0), Some(-2.5)]);
    assert_eq!(full.present, None);
    let gappy = FlatColumn::from_column(&[Some(1.0), None, Some(0.0)]);
    assert_eq!(gappy.values, vec![1.0, 0.0, 0.0]);
    assert_eq!(gappy.present, Some(vec![1, 0, 1]));
}

#[test]
fn an_ohlcv_file_with_a_missing_cell_keeps_its_gap_and_its_report() {
    let csv = "Date,Open,High,Low,Close,Adj Close,Volume\n\
               2026-01-02,10,11,9,10.5,10.4,1000\n\
               2026-01-05,10.5,,10,11,10.9,1200\n\
               2026-01-06,11,12,10.5,11.5,11.4,900\n";
    let ingested = ingest(csv.as_bytes(), "gap.csv", &IngestOptions::default()).expect("parses");
    let report = ParseReport::of(&ingested);
    assert!(report.summary.contains("comma"), "{}", report.summary);
    assert_eq!(report.columns.len(), 7);
    assert!(!report.warnings.is_empty(), "the missing High is reported");
    let flat = FlatSeries::from_series(ingested.series.clone());
    assert!(flat.high.as_ref().is_some_and(|h| h.present.is_some()));
    assert_eq!(flat.into_series(), Ok(ingested.series));
}

fn one_day_series() -> FlatSeries {
    FlatSeries::from_series(Series::from_values(
        SeriesId::sanitized("x"),
        SeriesKind::Price,
        FREQUENCIES[0],
        vec![NaiveDate::from_ymd_opt(2026, 1, 2).expect("a date")],
        vec![Some(1.0)],
    ))
}

#[test]
fn malformed_columns_are_errors_that_say_what_does_not_fit() {
    let mut short = one_day_series();
    short.close.values.clear();
    assert_eq!(
        short.into_series(),
        Err(FlatError::Length {
            column: "close",
            found: 0,
            rows: 1
        })
    );
    let mut presence = one_day_series();
    presence.volume = Some(FlatColumn {
        values: vec![1.0],
        present: Some(vec![]),
    });
    assert!(matches!(
        presence.into_series(),
        Err(FlatError::Length {
            column: "volume",
            ..
        })
    ));
    let mut kind = one_day_series();
    kind.kind = 200;
    assert_eq!(kind.into_series(), Err(FlatError::Kind(200)));
    let mut frequency = one_day_series();
    frequency.frequency = 9;
    assert_eq!(frequency.into_series(), Err(FlatError::Frequency(9)));
    let mut day = one_day_series();
    day.days = vec![i32::MAX];
    assert_eq!(day.into_series(), Err(FlatError::Day(i32::MAX)));
}

fn column(rows: usize) -> impl Strategy<Value = Vec<Option<f64>>> {
    prop::collection::vec(prop::option::weighted(0.8, -1e12..1e12f64), rows)
}

proptest! {
    #[test]
    fn any_series_round_trips(
        rows in 0usize..60,
        seed in any::<u64>(),
        kind in 0..SeriesKind::ALL.len(),
        frequency in 0..FREQUENCIES.len(),
        columns in (column(60), column(60), prop::option::of(column(60)), prop::option::of(column(60))),
    ) {
        let start = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a date");
        let dates: Vec<NaiveDate> = (0..rows)
            .map(|i| start + chrono::Days::new(i as u64 * (1 + seed % 7)))
            .collect();
        let cut = |c: Vec<Option<f64>>| c.into_iter().take(rows).collect::<Vec<_>>();
        let (close, open, high, volume) = columns;
        let mut series = Series::from_values(
            SeriesId::sanitized("Any.csv"),
            SeriesKind::ALL[kind],
            FREQUENCIES[frequency],
            dates,
            cut(close),
        );
        series.open = Some(cut(open));
        series.high = high.map(cut);
        series.volume = volume.map(cut);
        let back = FlatSeries::from_series(series.clone()).into_series();
        prop_assert_eq!(back, Ok(series));
    }

    #[test]
    fn any_flat_input_is_a_series_or_an_error(
        days in prop::collection::vec(any::<i32>(), 0..8),
        values in prop::collection::vec(any::<f64>(), 0..8),
        present in prop::option::of(prop::collection::vec(any::<u8>(), 0..8)),
        kind in any::<u8>(),
        frequency in any::<u8>(),
    ) {
        let flat = FlatSeries {
            id: "x".into(),
            name: "x".into(),
            kind,
            frequency,
            days,
            close: FlatColumn { values: values.clone(), present: present.clone() },
            open: Some(FlatColumn { values, present }),
            high: None,
            low: None,
            volume: None,
            raw_close: None,
        };
        let rows = flat.days.len();
        if let Ok(series) = flat.into_series() {
            prop_assert_eq!(series.len(), rows);
            prop_assert_eq!(series.close.len(), rows);
        }
    }
}
