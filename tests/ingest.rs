//! Ingest spec: every supported CSV dialect loads with the right values,
//! every bad input gives its own readable error, and the chunked reader is
//! the same as the one-shot reader. Fixtures: tests/fixtures/dialects/ (see
//! its README for provenance) and tests/fixtures/bad/.

use chrono::NaiveDate;
use regime_radar::engine::ingest::{
    ingest, DateFormat, DateOrder, IncrementalIngest, IngestError, IngestOptions, IngestStep,
    IngestWarning, Ingested, KindSource, OrderDecision,
};
use regime_radar::engine::series::{Frequency, SeriesKind};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn fixture(dir: &str, name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{dir}/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {path}: {e}"))
}

fn load(name: &str, source_name: &str) -> Result<Ingested, IngestError> {
    ingest(
        &fixture("dialects", name),
        source_name,
        &IngestOptions::default(),
    )
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

/// One dialect fixture and what it must load as.
struct Dialect {
    file: &'static str,
    /// The name the file is loaded under (drives id and kind inference).
    source_name: &'static str,
    id: &'static str,
    kind: SeriesKind,
    frequency: Frequency,
    rows: usize,
    first: (&'static str, Option<f64>),
    last: (&'static str, Option<f64>),
    value_column: &'static str,
    delimiter: char,
}

#[rustfmt::skip]
const DIALECTS: &[Dialect] = &[
    Dialect { file: "yahoo7_IWM_2000-2022.csv", source_name: "IWM.csv", id: "IWM", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 200, first: ("2000-05-26", Some(34.40634)), last: ("2022-11-18", Some(183.72)), value_column: "Adj Close", delimiter: ',' },
    Dialect { file: "yahoo7_null_rows.csv", source_name: "IWM.csv", id: "IWM", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 9, first: ("2022-11-10", Some(178.49)), last: ("2022-11-19", None), value_column: "Adj Close", delimiter: ',' },
    Dialect { file: "yfinance_order_RUT.csv", source_name: "^RUT.csv", id: "RUT", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 200, first: ("1987-09-10", Some(168.97000122070312)), last: ("2026-02-23", Some(2620.988525390625)), value_column: "Close", delimiter: ',' },
    Dialect { file: "yfinance_multiheader_NDX.csv", source_name: "data.csv", id: "NDX", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 200, first: ("1985-10-01", Some(112.13999938964844)), last: ("2026-02-27", Some(24960.0390625)), value_column: "Adj Close", delimiter: ',' },
    Dialect { file: "yfinance_history_tz_IWM.csv", source_name: "IWM_history.csv", id: "IWM", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 4, first: ("2023-12-19", Some(201.44)), last: ("2023-12-22", Some(199.48)), value_column: "Close", delimiter: ',' },
    Dialect { file: "ibkr_RUT.csv", source_name: "RUT.csv", id: "RUT", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 150, first: ("2016-06-28", Some(1107.3)), last: ("2026-08-21", Some(3017.87)), value_column: "close", delimiter: ',' },
    Dialect { file: "stooq_layout_SPY_daily.csv", source_name: "SPY_daily.csv", id: "SPY", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 200, first: ("1993-01-29", Some(24.24138641357422)), last: ("2026-06-05", Some(737.5499877929688)), value_column: "Close", delimiter: ',' },
    Dialect { file: "stooq_ascii_IWM.US.txt", source_name: "iwm.us.txt", id: "IWM.US", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 5, first: ("2024-01-02", Some(196.59)), last: ("2024-01-08", Some(195.72)), value_column: "<CLOSE>", delimiter: ',' },
    Dialect { file: "tradingview_unix_seconds.csv", source_name: "AMEX_IWM, 1D.csv", id: "IWM", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 5, first: ("2024-01-02", Some(196.59)), last: ("2024-01-08", Some(195.72)), value_column: "close", delimiter: ',' },
    Dialect { file: "tradingview_iso.csv", source_name: "IWM.csv", id: "IWM", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 5, first: ("2024-01-02", Some(196.59)), last: ("2024-01-08", Some(195.72)), value_column: "close", delimiter: ',' },
    Dialect { file: "fred_observation_date_ICSA.csv", source_name: "fredgraph.csv", id: "ICSA", kind: SeriesKind::JoblessClaims, frequency: Frequency::Weekly, rows: 150, first: ("1967-01-07", Some(208000.0)), last: ("2025-11-22", Some(216000.0)), value_column: "ICSA", delimiter: ',' },
    Dialect { file: "fred_classic_DGS10.csv", source_name: "fredgraph.csv", id: "DGS10", kind: SeriesKind::TreasuryYield, frequency: Frequency::Daily, rows: 130, first: ("1962-01-02", Some(4.06)), last: ("2022-05-16", Some(2.88)), value_column: "DGS10", delimiter: ',' },
    Dialect { file: "fred_classic_crlf_UNRATE.csv", source_name: "fredgraph.csv", id: "UNRATE", kind: SeriesKind::Unemployment, frequency: Frequency::Monthly, rows: 130, first: ("1948-01-01", Some(3.4)), last: ("2026-03-01", Some(4.3)), value_column: "UNRATE", delimiter: ',' },
    Dialect { file: "fred_blank_missing_DGS10.csv", source_name: "fredgraph.csv", id: "DGS10", kind: SeriesKind::TreasuryYield, frequency: Frequency::Daily, rows: 4, first: ("2024-01-01", None), last: ("2024-01-04", Some(3.99)), value_column: "DGS10", delimiter: ',' },
    Dialect { file: "fred_A191RL1Q225SBEA.csv", source_name: "x.csv", id: "A191RL1Q225SBEA", kind: SeriesKind::Gdp, frequency: Frequency::Quarterly, rows: 316, first: ("1947-04-01", Some(-1.0)), last: ("2026-01-01", Some(1.6)), value_column: "A191RL1Q225SBEA", delimiter: ',' },
    Dialect { file: "fred_GDPNOW.csv", source_name: "x.csv", id: "GDPNOW", kind: SeriesKind::GrowthNowcast, frequency: Frequency::Quarterly, rows: 55, first: ("2011-07-01", Some(3.2445)), last: ("2025-01-01", Some(2.9416)), value_column: "GDPNOW", delimiter: ',' },
    Dialect { file: "fred_USREC.csv", source_name: "x.csv", id: "USREC", kind: SeriesKind::Recession, frequency: Frequency::Monthly, rows: 130, first: ("1854-12-01", Some(1.0)), last: ("2026-06-01", Some(0.0)), value_column: "USREC", delimiter: ',' },
    Dialect { file: "fred_PCE.csv", source_name: "x.csv", id: "PCE", kind: SeriesKind::Consumption, frequency: Frequency::Monthly, rows: 130, first: ("1959-01-01", Some(306.1)), last: ("2025-08-01", Some(21111.9)), value_column: "PCE", delimiter: ',' },
    Dialect { file: "fred_FEDFUNDS.csv", source_name: "x.csv", id: "FEDFUNDS", kind: SeriesKind::PolicyRate, frequency: Frequency::Monthly, rows: 130, first: ("1954-07-01", Some(0.8)), last: ("2025-10-01", Some(4.09)), value_column: "FEDFUNDS", delimiter: ',' },
    Dialect { file: "fred_RSXFS.csv", source_name: "x.csv", id: "RSXFS", kind: SeriesKind::RetailSales, frequency: Frequency::Monthly, rows: 130, first: ("1992-01-01", Some(142419.0)), last: ("2025-09-01", Some(632541.0)), value_column: "RSXFS", delimiter: ',' },
    Dialect { file: "pandas_GDPNOW.csv", source_name: "GDPNOW.csv", id: "GDPNOW", kind: SeriesKind::GrowthNowcast, frequency: Frequency::Quarterly, rows: 59, first: ("2011-07-01", Some(3.2445)), last: ("2026-01-01", Some(1.3078)), value_column: "GDPNOW", delimiter: ',' },
    Dialect { file: "pandas_RSAFS.csv", source_name: "raw.csv", id: "RSAFS", kind: SeriesKind::RetailSales, frequency: Frequency::Monthly, rows: 410, first: ("1992-01-01", Some(159177.0)), last: ("2026-02-01", Some(738366.0)), value_column: "RSAFS", delimiter: ',' },
    Dialect { file: "EFFR_date_value.csv", source_name: "EFFR.csv", id: "EFFR", kind: SeriesKind::PolicyRate, frequency: Frequency::Daily, rows: 150, first: ("2000-07-03", Some(7.03)), last: ("2026-06-04", Some(3.62)), value_column: "Value", delimiter: ',' },
    Dialect { file: "ICSA_date_value.csv", source_name: "ICSA.csv", id: "ICSA", kind: SeriesKind::JoblessClaims, frequency: Frequency::Weekly, rows: 130, first: ("1967-01-07", Some(208000.0)), last: ("2026-05-30", Some(225000.0)), value_column: "Value", delimiter: ',' },
    Dialect { file: "date_x_DGS10.csv", source_name: "DGS10_2003-2026-07.csv", id: "DGS10", kind: SeriesKind::TreasuryYield, frequency: Frequency::Daily, rows: 130, first: ("2003-01-02", Some(4.07)), last: ("2026-07-28", Some(4.61)), value_column: "DGS10", delimiter: ',' },
    Dialect { file: "GDPC1_date_x.csv", source_name: "GDPC1.csv", id: "GDPC1", kind: SeriesKind::Gdp, frequency: Frequency::Quarterly, rows: 105, first: ("2000-01-01", Some(13878.147)), last: ("2026-01-01", Some(24180.419)), value_column: "GDPC1", delimiter: ',' },
    Dialect { file: "GSPC_month_first_slash.csv", source_name: "sp500.csv", id: "SP500", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 200, first: ("1999-01-04", Some(1228.099976)), last: ("2018-12-31", Some(2506.850098)), value_column: "Adj Close", delimiter: ',' },
    Dialect { file: "semicolon_decimal_comma_bom_crlf.csv", source_name: "SPX.csv", id: "SPX", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 6, first: ("2024-01-02", Some(4742.83)), last: ("2024-01-16", Some(4765.98)), value_column: "Close", delimiter: ';' },
    Dialect { file: "tab_separated_SPX.tsv", source_name: "SPX.tsv", id: "SPX", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 4, first: ("2023-12-27", Some(4781.58)), last: ("2024-01-02", Some(4742.83)), value_column: "Close", delimiter: '\t' },
    Dialect { file: "quoted_thousands_named_month.csv", source_name: "S&P 500 Historical Data.csv", id: "SP500", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 4, first: ("2024-01-02", Some(4742.83)), last: ("2024-01-05", Some(4697.24)), value_column: "Price", delimiter: ',' },
    Dialect { file: "headerless_pasted.txt", source_name: "pasted", id: "PASTED", kind: SeriesKind::Other, frequency: Frequency::Daily, rows: 3, first: ("2024-01-02", Some(4742.83)), last: ("2024-01-04", Some(4688.68)), value_column: "column 2", delimiter: ',' },
    Dialect { file: "unix_millis.csv", source_name: "BTC.csv", id: "BTC", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 3, first: ("2024-01-02", Some(42280.23)), last: ("2024-01-04", Some(42845.23)), value_column: "price", delimiter: ',' },
    Dialect { file: "day_first_decided_late.csv", source_name: "X.csv", id: "X", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 10, first: ("2024-01-02", Some(100.5)), last: ("2024-01-15", Some(106.0)), value_column: "Close", delimiter: ';' },
    Dialect { file: "ambiguous_by_sequence.csv", source_name: "X.csv", id: "X", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 5, first: ("2024-01-10", Some(100.0)), last: ("2024-02-02", Some(104.0)), value_column: "Close", delimiter: ',' },
    Dialect { file: "ambiguous_default.csv", source_name: "X.csv", id: "X", kind: SeriesKind::Other, frequency: Frequency::Daily, rows: 3, first: ("2024-01-02", Some(5.0)), last: ("2024-01-04", Some(7.0)), value_column: "Value", delimiter: ',' },
    Dialect { file: "unsorted_duplicates.csv", source_name: "X.csv", id: "X", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 5, first: ("2024-01-02", Some(10.0)), last: ("2024-01-08", Some(14.0)), value_column: "Close", delimiter: ',' },
    Dialect { file: "nasdaq_newest_first_QQQ.csv", source_name: "HistoricalData_1733600000000.csv", id: "SERIES", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 5, first: ("2023-12-29", Some(409.52)), last: ("2024-01-05", Some(396.24)), value_column: "Close/Last", delimiter: ',' },
    Dialect { file: "pandas_index_then_date_SPY.csv", source_name: "SPY.csv", id: "SPY", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 3, first: ("2024-01-02", Some(472.65)), last: ("2024-01-04", Some(467.28)), value_column: "Close", delimiter: ',' },
    Dialect { file: "preamble_title.csv", source_name: "SPX.csv", id: "SPX", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 3, first: ("2024-01-02", Some(4742.83)), last: ("2024-01-04", Some(4688.68)), value_column: "Close", delimiter: ',' },
    Dialect { file: "investing_RUT_mdy_suffix_volumes.csv", source_name: "Russell 2000 Historical Data.csv", id: "RUSSELL2000", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 14, first: ("2024-11-25", Some(2442.03)), last: ("2024-12-13", Some(2346.9)), value_column: "Price", delimiter: ',' },
    Dialect { file: "marketwatch_QQQ_newest_first.csv", source_name: "Download Data - FUND_US_XNAS_QQQ.csv", id: "QQQ", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 11, first: ("2024-12-02", Some(511.86)), last: ("2024-12-16", Some(534.59)), value_column: "Close", delimiter: ',' },
    Dialect { file: "wsj_IWM_two_digit_years.csv", source_name: "HistoricalPrices.csv", id: "SERIES", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 10, first: ("2024-12-02", Some(238.35)), last: ("2024-12-13", Some(229.8)), value_column: "Close", delimiter: ',' },
    Dialect { file: "alphavantage_daily_SPY.csv", source_name: "daily_SPY.csv", id: "SPY", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 7, first: ("2024-12-13", Some(604.21)), last: ("2024-12-23", Some(594.69)), value_column: "close", delimiter: ',' },
    Dialect { file: "alphavantage_daily_adjusted_SPY.csv", source_name: "daily_adjusted_SPY.csv", id: "SPY", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 7, first: ("2024-12-13", Some(602.1833)), last: ("2024-12-23", Some(594.69)), value_column: "adjusted_close", delimiter: ',' },
    Dialect { file: "tiingo_SPY_adj_close.csv", source_name: "prices.csv", id: "SERIES", kind: SeriesKind::Price, frequency: Frequency::Daily, rows: 7, first: ("2024-12-13", Some(602.183252)), last: ("2024-12-23", Some(594.69)), value_column: "adjClose", delimiter: ',' },
    Dialect { file: "fred_classic_weekly_ICSA.csv", source_name: "fredgraph.csv", id: "ICSA", kind: SeriesKind::JoblessClaims, frequency: Frequency::Weekly, rows: 13, first: ("2024-10-05", Some(259000.0)), last: ("2024-12-28", Some(209000.0)), value_column: "ICSA", delimiter: ',' },
];

#[test]
fn every_dialect_fixture_loads_with_expected_values() -> TestResult {
    let on_disk = std::fs::read_dir(format!(
        "{}/tests/fixtures/dialects",
        env!("CARGO_MANIFEST_DIR")
    ))?
    .filter_map(Result::ok)
    .filter(|e| e.file_name() != "README.md")
    .count();
    assert_eq!(
        on_disk,
        DIALECTS.len(),
        "every dialect fixture is in the table"
    );
    for case in DIALECTS {
        let loaded = load(case.file, case.source_name)
            .unwrap_or_else(|e| panic!("{} failed to load: {e}", case.file));
        let s = &loaded.series;
        let ctx = case.file;
        assert_eq!(s.id.as_str(), case.id, "{ctx}: id");
        assert_eq!(s.kind, case.kind, "{ctx}: kind");
        assert_eq!(s.frequency, case.frequency, "{ctx}: frequency");
        assert_eq!(s.len(), case.rows, "{ctx}: rows");
        assert_eq!(s.close.len(), s.len(), "{ctx}: close aligned to dates");
        assert_eq!(
            s.dates.first(),
            Some(&day(case.first.0)),
            "{ctx}: first date"
        );
        assert_eq!(s.close.first(), Some(&case.first.1), "{ctx}: first value");
        assert_eq!(s.dates.last(), Some(&day(case.last.0)), "{ctx}: last date");
        assert_eq!(s.close.last(), Some(&case.last.1), "{ctx}: last value");
        assert_eq!(
            loaded.report.value_column, case.value_column,
            "{ctx}: value column"
        );
        assert_eq!(loaded.report.delimiter, case.delimiter, "{ctx}: delimiter");
        assert!(
            s.dates.windows(2).all(|w| w[0] < w[1]),
            "{ctx}: dates strictly increase"
        );
        assert!(!loaded.report.summary().is_empty());
    }
    Ok(())
}

#[test]
fn yahoo_adj_close_is_preferred_and_raw_close_kept() -> TestResult {
    let loaded = load("yahoo7_IWM_2000-2022.csv", "IWM.csv")?;
    let s = &loaded.series;
    assert!(loaded.report.adjusted_close_preferred);
    assert_eq!(loaded.report.raw_close_column.as_deref(), Some("Close"));
    assert!(loaded.report.summary().contains("adjusted close preferred"));
    assert_eq!(s.close[0], Some(34.40634));
    assert_eq!(s.raw_close.as_ref().map(|r| r[0]), Some(Some(45.71875)));
    assert_eq!(s.open.as_ref().map(|c| c[0]), Some(Some(45.53125)));
    assert_eq!(s.high.as_ref().map(|c| c[0]), Some(Some(45.71875)));
    assert_eq!(s.low.as_ref().map(|c| c[0]), Some(Some(45.3125)));
    assert_eq!(s.volume.as_ref().map(|c| c[0]), Some(Some(74800.0)));
    Ok(())
}

#[test]
fn yahoo_null_rows_stay_missing_in_every_column_and_are_reported_once() -> TestResult {
    let loaded = load("yahoo7_null_rows.csv", "IWM.csv")?;
    let s = &loaded.series;
    let gap = s.dates.iter().position(|d| *d == day("2022-11-12"));
    let gap = gap.ok_or("the null row keeps its date")?;
    assert_eq!(s.close[gap], None);
    assert_eq!(s.raw_close.as_ref().map(|c| c[gap]), Some(None));
    assert_eq!(s.volume.as_ref().map(|c| c[gap]), Some(None));
    assert_eq!(
        s.close[gap + 1],
        Some(181.17),
        "a gap does not poison the next row"
    );
    let missing: Vec<_> = loaded
        .warnings
        .iter()
        .filter_map(|w| match w {
            IngestWarning::MissingValues { columns, rows } => Some((columns.len(), rows.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(missing.len(), 1, "one warning for the six columns");
    assert_eq!(missing[0].0, 6);
    assert_eq!(missing[0].1.first_lines, vec![4, 10]);
    let text = loaded.warnings[0].to_string();
    assert!(text.contains("lines 4, 10"), "{text}");
    Ok(())
}

#[test]
fn yfinance_column_order_maps_ohlc_by_name_not_position() -> TestResult {
    let s = load("yfinance_order_RUT.csv", "^RUT.csv")?.series;
    // Date,Close,High,Low,Open,Volume: 1987-09-10 open 167.44, close 168.97.
    assert_eq!(
        s.open.as_ref().map(|c| c[0]),
        Some(Some(167.44000244140625))
    );
    assert_eq!(
        s.high.as_ref().map(|c| c[0]),
        Some(Some(168.97999572753906))
    );
    assert_eq!(s.raw_close, None);
    assert_eq!(s.name, "^RUT");
    Ok(())
}

#[test]
fn yfinance_multiheader_takes_ticker_and_skips_two_header_lines() -> TestResult {
    let loaded = load("yfinance_multiheader_NDX.csv", "whatever.csv")?;
    assert_eq!(loaded.series.name, "^NDX");
    assert_eq!(loaded.report.header_lines_skipped, 2);
    assert_eq!(loaded.report.date_column, "Date");
    assert_eq!(
        loaded.series.volume.as_ref().map(|v| v[0]),
        Some(Some(153160000.0))
    );
    Ok(())
}

#[test]
fn ibkr_blank_wap_and_count_are_ignored_columns() -> TestResult {
    let loaded = load("ibkr_RUT.csv", "RUT.csv")?;
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.report.columns.len(), 8);
    Ok(())
}

#[test]
fn fred_dot_and_blank_are_gaps_with_their_lines() -> TestResult {
    let loaded = load("fred_classic_DGS10.csv", "DGS10.csv")?;
    let warning = loaded.warnings.first().ok_or("a missing-values warning")?;
    assert_eq!(
        warning,
        &IngestWarning::MissingValues {
            columns: vec!["DGS10".to_string()],
            rows: regime_radar::engine::ingest::LineSample {
                count: 4,
                first_lines: vec![31, 39, 80, 110],
            },
        }
    );
    assert!(warning.to_string().contains("lines 31, 39, 80, 110"));
    Ok(())
}

#[test]
fn iso_with_time_and_zone_keeps_the_written_date() -> TestResult {
    let loaded = load("yfinance_history_tz_IWM.csv", "IWM.csv")?;
    assert_eq!(loaded.report.date_format, DateFormat::IsoWithTime);
    let tv = load("tradingview_iso.csv", "IWM.csv")?;
    assert_eq!(tv.series.dates[0], day("2024-01-02"));
    Ok(())
}

#[test]
fn unix_seconds_and_milliseconds_are_utc_dates() -> TestResult {
    assert_eq!(
        load("tradingview_unix_seconds.csv", "IWM.csv")?
            .report
            .date_format,
        DateFormat::UnixSeconds
    );
    assert_eq!(
        load("unix_millis.csv", "BTC.csv")?.report.date_format,
        DateFormat::UnixMillis
    );
    Ok(())
}

#[test]
fn stooq_ascii_reads_yyyymmdd_from_the_date_column_not_time() -> TestResult {
    let loaded = load("stooq_ascii_IWM.US.txt", "iwm.us.txt")?;
    assert_eq!(loaded.report.date_column, "<DATE>");
    assert_eq!(loaded.report.date_format, DateFormat::Compact);
    assert_eq!(
        loaded.series.volume.as_ref().map(|v| v[0]),
        Some(Some(36424433.0))
    );
    Ok(())
}

#[test]
fn month_first_is_decided_by_the_first_unambiguous_row_and_reported() -> TestResult {
    let loaded = load("GSPC_month_first_slash.csv", "sp500.csv")?;
    assert_eq!(
        loaded.report.date_order,
        Some(OrderDecision::Unambiguous {
            order: DateOrder::MonthFirst,
            line: 8,
            value: "1/13/1999".to_string(),
        })
    );
    assert!(loaded.report.summary().contains("\"1/13/1999\" on line 8"));
    // Early rows (1/4/1999 .. 1/12/1999) read both ways; the column decides.
    assert_eq!(loaded.series.dates[1], day("1999-01-05"));
    Ok(())
}

#[test]
fn day_first_dotted_dates_with_decimal_comma() -> TestResult {
    let loaded = load("day_first_decided_late.csv", "X.csv")?;
    assert!(loaded.report.decimal_comma);
    assert_eq!(
        loaded.report.date_order.as_ref().map(OrderDecision::order),
        Some(DateOrder::DayFirst)
    );
    assert_eq!(loaded.series.close[1], Some(101.25));
    let semi = load("semicolon_decimal_comma_bom_crlf.csv", "SPX.csv")?;
    assert!(semi.report.had_bom);
    assert_eq!(
        semi.series.volume.as_ref().map(|v| v[0]),
        Some(Some(3_743_050_000.0))
    );
    Ok(())
}

#[test]
fn ambiguous_dates_follow_the_order_that_keeps_rows_in_sequence() -> TestResult {
    let loaded = load("ambiguous_by_sequence.csv", "X.csv")?;
    assert!(matches!(
        loaded.report.date_order,
        Some(OrderDecision::BySequence {
            order: DateOrder::DayFirst,
            ..
        })
    ));
    assert!(loaded
        .warnings
        .iter()
        .any(|w| matches!(w, IngestWarning::AmbiguousDateOrder { .. })));
    Ok(())
}

#[test]
fn fully_ambiguous_dates_default_to_month_first_with_a_warning() -> TestResult {
    let loaded = load("ambiguous_default.csv", "X.csv")?;
    assert_eq!(
        loaded.report.date_order,
        Some(OrderDecision::Default(DateOrder::MonthFirst))
    );
    let warning = loaded.warnings.first().ok_or("warning")?.to_string();
    assert!(warning.contains("month-first"), "{warning}");
    Ok(())
}

#[test]
fn user_date_order_overrides_detection() -> TestResult {
    let options = IngestOptions {
        date_order: Some(DateOrder::DayFirst),
        ..IngestOptions::default()
    };
    let loaded = ingest(
        &fixture("dialects", "ambiguous_default.csv"),
        "X.csv",
        &options,
    )?;
    assert_eq!(loaded.series.dates[0], day("2024-02-01"));
    assert!(loaded.warnings.is_empty());
    let err = ingest(
        &fixture("dialects", "GSPC_month_first_slash.csv"),
        "X.csv",
        &options,
    )
    .err()
    .ok_or("1/13/1999 cannot be day-first")?;
    assert!(
        matches!(err, IngestError::UnparseableDate { line: 8, .. }),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn unsorted_rows_and_duplicates_are_repaired_and_each_reported() -> TestResult {
    let loaded = load("unsorted_duplicates.csv", "X.csv")?;
    let s = &loaded.series;
    assert_eq!(
        s.close,
        vec![Some(10.0), Some(11.0), Some(12.0), Some(13.5), Some(14.0)],
        "sorted; 2024-01-05 keeps the last value (13.5)"
    );
    assert_eq!(loaded.report.rows_read, 7);
    let texts: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(matches!(
        &loaded.warnings[0],
        IngestWarning::Sorted { descending: false, out_of_order } if out_of_order.first_lines == vec![3]
    ));
    assert!(
        texts[1].contains("1 exact duplicate") && texts[1].contains("line 4"),
        "{}",
        texts[1]
    );
    assert!(
        texts[2].contains("last row") && texts[2].contains("line 6"),
        "{}",
        texts[2]
    );
    Ok(())
}

#[test]
fn newest_first_files_are_reversed_with_a_warning() -> TestResult {
    let loaded = load("nasdaq_newest_first_QQQ.csv", "QQQ.csv")?;
    assert!(matches!(
        loaded.warnings.as_slice(),
        [IngestWarning::Sorted {
            descending: true,
            ..
        }]
    ));
    assert_eq!(
        loaded.series.open.as_ref().map(|o| o[0]),
        Some(Some(411.29))
    );
    Ok(())
}

#[test]
fn ids_come_from_option_then_ticker_then_fred_code_then_file_name() -> TestResult {
    let bytes = fixture("dialects", "yfinance_multiheader_NDX.csv");
    let named = IngestOptions {
        name: Some("my ndx".to_string()),
        ..IngestOptions::default()
    };
    assert_eq!(ingest(&bytes, "a.csv", &named)?.series.id.as_str(), "MYNDX");
    assert_eq!(
        load("yfinance_multiheader_NDX.csv", "a.csv")?
            .series
            .id
            .as_str(),
        "NDX"
    );
    assert_eq!(
        load("fred_GDPNOW.csv", "IWM.csv")?.series.id.as_str(),
        "GDPNOW"
    );
    assert_eq!(
        load("stooq_layout_SPY_daily.csv", "data/IWM_daily.csv")?
            .series
            .id
            .as_str(),
        "IWM"
    );
    assert_eq!(
        load("yfinance_order_RUT.csv", "^RUT.csv")?
            .series
            .id
            .as_str(),
        "RUT"
    );
    Ok(())
}

#[test]
fn kind_comes_from_known_codes_or_ohlc_and_can_be_overridden() -> TestResult {
    let claims = load("ICSA_date_value.csv", "ICSA.csv")?;
    assert_eq!(claims.series.kind, SeriesKind::JoblessClaims);
    assert_eq!(
        claims.report.kind_source,
        KindSource::KnownCode("ICSA".to_string())
    );
    let other = load("ICSA_date_value.csv", "mystery.csv")?;
    assert_eq!(other.series.kind, SeriesKind::Other);
    let forced = IngestOptions {
        kind: Some(SeriesKind::Price),
        ..IngestOptions::default()
    };
    let loaded = ingest(
        &fixture("dialects", "ICSA_date_value.csv"),
        "x.csv",
        &forced,
    )?;
    assert_eq!(loaded.series.kind, SeriesKind::Price);
    assert_eq!(loaded.report.kind_source, KindSource::UserChoice);
    Ok(())
}

#[test]
fn non_positive_values_are_only_rejected_for_prices() -> TestResult {
    // Real GDP growth is negative in 1947Q2 and loads as GDP.
    let gdp = load("fred_A191RL1Q225SBEA.csv", "x.csv")?;
    assert_eq!(gdp.series.close[0], Some(-1.0));
    let as_price = IngestOptions {
        kind: Some(SeriesKind::Price),
        ..IngestOptions::default()
    };
    let err = ingest(
        &fixture("dialects", "fred_A191RL1Q225SBEA.csv"),
        "x.csv",
        &as_price,
    )
    .err()
    .ok_or("negative growth is not a price")?;
    assert!(
        matches!(err, IngestError::NonPositivePrice { line: 2, .. }),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn user_can_choose_the_value_column() -> TestResult {
    let options = IngestOptions {
        value_column: Some("close".to_string()),
        ..IngestOptions::default()
    };
    let loaded = ingest(
        &fixture("dialects", "yahoo7_IWM_2000-2022.csv"),
        "IWM.csv",
        &options,
    )?;
    assert_eq!(loaded.series.close[0], Some(45.71875));
    assert_eq!(loaded.series.raw_close, None);
    assert!(!loaded.report.adjusted_close_preferred);
    let missing = IngestOptions {
        value_column: Some("Settle".to_string()),
        ..IngestOptions::default()
    };
    let err = ingest(
        &fixture("dialects", "yahoo7_IWM_2000-2022.csv"),
        "IWM.csv",
        &missing,
    )
    .err()
    .ok_or("no Settle column")?;
    assert!(matches!(err, IngestError::UnknownValueColumn { .. }));
    assert!(err.to_string().contains("\"Settle\"") && err.to_string().contains("\"Adj Close\""));
    Ok(())
}

/// Expected outcome of a bad fixture.
enum Expect {
    /// Error variant (Debug name) and a substring of its message.
    Err(&'static str, &'static str),
    /// Loads, but with a warning whose message contains the substring.
    Warn(&'static str),
}

#[rustfmt::skip]
const BAD: &[(&str, Expect)] = &[
    ("empty.csv", Expect::Err("Empty", "empty")),
    ("whitespace_only.csv", Expect::Err("Empty", "nothing to read")),
    ("bom_only.csv", Expect::Err("Empty", "empty")),
    ("header_only.csv", Expect::Err("NoDataRows", "no data rows")),
    ("header_only_fred.csv", Expect::Err("NoDataRows", "\"observation_date\", \"ICSA\"")),
    ("binary_junk.bin", Expect::Err("Binary", "not a text CSV")),
    ("control_bytes.csv", Expect::Err("Binary", "control bytes")),
    ("zip_workbook.xlsx", Expect::Err("Binary", "Excel .xlsx")),
    ("old_excel.xls", Expect::Err("Binary", "old Excel .xls")),
    ("pdf_saved_as.csv", Expect::Err("Binary", "PDF")),
    ("gzip_compressed.csv.gz", Expect::Err("Binary", "gzip")),
    ("utf16le_bom.csv", Expect::Err("NotUtf8", "UTF-16")),
    ("utf16le_no_bom.csv", Expect::Err("NotUtf8", "UTF-16 without")),
    ("html_page.html", Expect::Err("HtmlPage", "IWM Historical Data | Yahoo Finance")),
    ("html_no_doctype.csv", Expect::Err("HtmlPage", "HTML web page")),
    ("xml_feed.xml", Expect::Err("HtmlPage", "not a CSV")),
    ("json_error.json", Expect::Err("JsonBody", "No data found, symbol may be delisted")),
    ("json_array.json", Expect::Err("JsonBody", "JSON response")),
    ("rate_limit_text.txt", Expect::Err("RateLimited", "too many requests")),
    ("rate_limit_json.json", Expect::Err("RateLimited", "5 calls per minute")),
    ("rate_limit_html.html", Expect::Err("RateLimited", "429 Too Many Requests")),
    ("wrong_delimiter_pipe.csv", Expect::Err("NoDelimiter", "\"Date|Close\"")),
    ("space_separated.txt", Expect::Err("NoDelimiter", "column separator")),
    ("only_date_column.csv", Expect::Err("NoValueColumn", "only the date column \"Date\"")),
    ("no_date_column.csv", Expect::Err("NoDateColumn", "\"Name\", \"Close\"")),
    ("date_column_not_dates.csv", Expect::Err("UnparseableDate", "Line 2, column \"Date\": \"foo\"")),
    ("bad_date_later.csv", Expect::Err("UnparseableDate", "Line 3, column \"Date\": \"2024-13-45\"")),
    ("invalid_calendar_date.csv", Expect::Err("UnparseableDate", "Line 4, column \"Date\": \"2023-02-29\"")),
    ("unix_then_text.csv", Expect::Err("UnparseableDate", "Line 3, column \"time\": \"yesterday\"")),
    ("missing_date_cell.csv", Expect::Err("MissingDate", "Line 3 has no date")),
    ("mixed_date_formats.csv", Expect::Err("MixedDateFormats", "line 3 has \"01/03/2024\" but the column uses YYYY-MM-DD")),
    ("mixed_day_month_order.csv", Expect::Err("MixedDateFormats", "line 4 has \"15/01/2024\"")),
    ("text_in_close.csv", Expect::Err("NonNumericValue", "Line 3, column \"Close\": \"abc\" is not a number")),
    ("text_in_volume.csv", Expect::Err("NonNumericValue", "Line 4, column \"Volume\": \"lots\"")),
    ("value_1e308.csv", Expect::Err("NonFiniteValue", "Line 3, column \"Value\": \"1e308\"")),
    ("value_nan.csv", Expect::Err("NonFiniteValue", "Line 3, column \"Value\": \"NaN\"")),
    ("value_nan_lowercase.csv", Expect::Err("NonFiniteValue", "Line 2")),
    ("value_inf.csv", Expect::Err("NonFiniteValue", "\"inf\" is not a usable number")),
    ("value_negative_infinity.csv", Expect::Err("NonFiniteValue", "\"-Infinity\"")),
    ("volume_absurd_1e20.csv", Expect::Err("NonFiniteValue", "column \"Volume\": \"1e20\"")),
    ("negative_close.csv", Expect::Err("NonPositivePrice", "Line 4, column \"Close\": price -5.2 is not positive")),
    ("zero_open.csv", Expect::Err("NonPositivePrice", "Line 3, column \"Open\": price 0")),
    ("negative_adj_close.csv", Expect::Err("NonPositivePrice", "Line 3, column \"Adj Close\"")),
    ("one_row.csv", Expect::Err("TooFewRows", "Only 1 data row")),
    ("one_row_after_duplicates.csv", Expect::Err("TooFewRows", "at least 2")),
    ("duplicate_headers.csv", Expect::Err("DuplicateHeader", "\"Close\" twice (columns 2 and 3)")),
    ("duplicate_headers_case.csv", Expect::Err("DuplicateHeader", "columns 1 and 3")),
    ("truncated_last_line.csv", Expect::Err("RaggedRow", "Line 5 has 3 field(s) but the header has 6")),
    ("truncated_mid_date.csv", Expect::Err("RaggedRow", "Line 5 has 1 field(s)")),
    ("ragged_extra_field.csv", Expect::Err("RaggedRow", "Line 3 has 3 field(s)")),
    ("windows1252_bad_value.csv", Expect::Err("NonNumericValue", "Line 3, column \"Kurs (€)\"")),
    ("windows1252_decoded.csv", Expect::Warn("read as Windows-1252")),
    // Issue 11: loads that used to succeed with nothing usable in them.
    ("all_blank_close.csv", Expect::Err("NoValues", "column \"Close\" has no values: all 2 rows are blank or '.'")),
    ("all_dot_value.csv", Expect::Err("NoValues", "column \"UNRATE\" has no values: all 3 rows are blank or '.'")),
    ("one_value_only.csv", Expect::Err("TooFewValues", "\"Close\" has a number on only 1 of 4 rows (line 3)")),
    ("percent_in_price.csv", Expect::Err("PercentInPrice", "Line 2, column \"Close\": \"5%\" is a percentage, but this is a price series")),
];

#[test]
fn every_bad_fixture_gives_its_expected_message() -> TestResult {
    let dir = format!("{}/tests/fixtures/bad", env!("CARGO_MANIFEST_DIR"));
    let on_disk = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "README.md")
        .count();
    assert_eq!(on_disk, BAD.len(), "every bad fixture is in the table");
    assert!(BAD.len() >= 40);
    for (file, expected) in BAD {
        let result = ingest(&fixture("bad", file), file, &IngestOptions::default());
        match (expected, result) {
            (Expect::Err(variant, substring), Err(e)) => {
                let debug = format!("{e:?}");
                let message = e.to_string();
                assert!(
                    debug.starts_with(variant),
                    "{file}: expected {variant}, got {debug}"
                );
                assert!(
                    message.contains(substring),
                    "{file}: {message:?} lacks {substring:?}"
                );
                assert!(
                    message.ends_with('.'),
                    "{file}: message is a sentence: {message}"
                );
            }
            (Expect::Warn(substring), Ok(loaded)) => {
                assert!(
                    loaded
                        .warnings
                        .iter()
                        .any(|w| w.to_string().contains(substring)),
                    "{file}: {:?}",
                    loaded.warnings
                );
            }
            (_, Ok(loaded)) => panic!("{file}: expected an error, loaded {:?}", loaded.report),
            (_, Err(e)) => panic!("{file}: expected a warning, got {e}"),
        }
    }
    Ok(())
}

#[test]
fn windows_1252_is_decoded_transparently_with_a_warning() -> TestResult {
    let loaded = ingest(
        &fixture("bad", "windows1252_decoded.csv"),
        "DAX.csv",
        &IngestOptions::default(),
    )?;
    assert_eq!(loaded.report.value_column, "Schlusskurs (€)");
    assert_eq!(loaded.series.close, vec![Some(4742.83), Some(4704.81)]);
    assert_eq!(
        loaded.series.dates[0],
        day("2024-01-02"),
        "dotted dates default to day-first"
    );
    assert!(loaded.report.decoded_from_windows_1252);
    Ok(())
}

fn run_in_steps(bytes: &[u8], step: usize) -> (Result<Ingested, IngestError>, Vec<usize>) {
    let mut job = IncrementalIngest::new(bytes.to_vec(), "IWM.csv", IngestOptions::default());
    let mut progress = Vec::new();
    loop {
        match job.step(step) {
            IngestStep::Progress {
                done_bytes,
                total_bytes,
            } => {
                assert_eq!(total_bytes, bytes.len());
                progress.push(done_bytes);
            }
            IngestStep::Finished(result) => {
                assert_eq!(
                    job.step(step),
                    IngestStep::Finished(Err(IngestError::AlreadyFinished))
                );
                return (result, progress);
            }
        }
    }
}

#[test]
fn incremental_ingest_in_any_step_size_equals_ingest() {
    let files = [
        ("dialects", "yahoo7_IWM_2000-2022.csv"),
        ("dialects", "unsorted_duplicates.csv"),
        ("dialects", "GSPC_month_first_slash.csv"),
        ("dialects", "yfinance_multiheader_NDX.csv"),
        ("bad", "negative_close.csv"),
        ("bad", "empty.csv"),
    ];
    for (dir, file) in files {
        let bytes = fixture(dir, file);
        let whole = ingest(&bytes, "IWM.csv", &IngestOptions::default());
        for step in [0, 1, 2, 7, 64, 100_000] {
            let (chunked, progress) = run_in_steps(&bytes, step);
            assert_eq!(chunked, whole, "{file} in steps of {step}");
            assert!(
                progress.windows(2).all(|w| w[0] <= w[1]),
                "progress never goes back"
            );
            assert!(progress.iter().all(|p| *p <= bytes.len()));
        }
    }
}

fn generated_daily_csv(rows: usize) -> Vec<u8> {
    let mut out = String::with_capacity(rows * 60);
    out.push_str("Date,Open,High,Low,Close,Volume\n");
    let mut date = day("1900-01-01");
    for i in 0..rows {
        let close = 100.0 + (i % 1000) as f64 * 0.25;
        out.push_str(&format!(
            "{date},{:.2},{:.2},{:.2},{close:.2},{}\n",
            close - 0.5,
            close + 1.0,
            close - 1.0,
            1_000_000 + i
        ));
        date = date.succ_opt().unwrap_or(date);
    }
    out.into_bytes()
}

#[test]
fn one_million_rows_load_in_chunks_with_progress() -> TestResult {
    let bytes = generated_daily_csv(1_000_000);
    let (result, progress) = run_in_steps(&bytes, 100_000);
    let loaded = result?;
    assert_eq!(loaded.series.len(), 1_000_000);
    assert_eq!(loaded.series.close[999_999], Some(100.0 + 999.0 * 0.25));
    assert_eq!(
        progress.len(),
        10,
        "ten full chunks report progress; the eleventh finds the end"
    );
    Ok(())
}

#[test]
fn a_five_megabyte_single_line_is_rejected_quickly() {
    let mut bytes = b"Date,Close,".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 5 * 1024 * 1024));
    let err = ingest(&bytes, "big.csv", &IngestOptions::default()).err();
    assert!(
        matches!(err, Some(IngestError::LineTooLong { line: 1, .. })),
        "{err:?}"
    );
}

#[test]
fn a_five_megabyte_single_field_row_after_a_header_is_a_located_error() {
    let mut bytes = b"Date,Close\n2024-01-02,1\n2024-01-03,".to_vec();
    bytes.extend(std::iter::repeat_n(b'9', 5 * 1024 * 1024));
    bytes.push(b'\n');
    let err = ingest(&bytes, "big.csv", &IngestOptions::default()).err();
    assert!(
        matches!(err, Some(IngestError::NonFiniteValue { line: 3, .. })),
        "{err:?}"
    );
}

#[test]
fn error_messages_name_line_and_column_for_non_programmers() {
    let err = IngestError::NonNumericValue {
        line: 12,
        column: "Close".to_string(),
        value: "n/v".to_string(),
    };
    assert_eq!(
        err.to_string(),
        "Line 12, column \"Close\": \"n/v\" is not a number."
    );
}

#[test]
fn the_same_bytes_always_give_the_same_result() -> TestResult {
    let bytes = fixture("dialects", "unsorted_duplicates.csv");
    let first = ingest(&bytes, "X.csv", &IngestOptions::default())?;
    let _ = ingest(
        &fixture("bad", "negative_close.csv"),
        "X.csv",
        &IngestOptions::default(),
    );
    let second = ingest(&bytes, "X.csv", &IngestOptions::default())?;
    assert_eq!(first, second, "a failed load in between changes nothing");
    Ok(())
}

#[test]
fn frequency_follows_the_median_spacing() {
    use regime_radar::engine::ingest::infer_frequency;
    let every = |days: i64, n: i64| -> Vec<NaiveDate> {
        (0..n)
            .map(|i| day("2000-01-03") + chrono::Duration::days(i * days))
            .collect()
    };
    assert_eq!(infer_frequency(&every(1, 30)), Frequency::Daily);
    assert_eq!(infer_frequency(&every(7, 30)), Frequency::Weekly);
    assert_eq!(infer_frequency(&every(30, 30)), Frequency::Monthly);
    assert_eq!(infer_frequency(&every(91, 30)), Frequency::Quarterly);
    assert_eq!(infer_frequency(&every(365, 30)), Frequency::Irregular);
    assert_eq!(infer_frequency(&every(1, 1)), Frequency::Irregular);
}

/// Golden check on the full IWM/SPY files the lead copies to
/// tests/fixtures/reference/ (skipped, with a note, until they are there).
#[test]
fn full_reference_files_load_with_manifest_row_counts_and_spot_values() -> TestResult {
    let dir = format!("{}/tests/fixtures/reference", env!("CARGO_MANIFEST_DIR"));
    let cases = [
        (
            "IWM_daily.csv",
            6545,
            196.17030334472656,
            "2000-05-26",
            "2026-06-05",
        ),
        (
            "SPY_daily.csv",
            8395,
            463.8432922363281,
            "1993-01-29",
            "2026-06-05",
        ),
    ];
    for (file, rows, close_2023_12_29, first, last) in cases {
        let Ok(bytes) = std::fs::read(format!("{dir}/{file}")) else {
            eprintln!("note: {dir}/{file} not present; golden ingest check skipped");
            continue;
        };
        let loaded = ingest(&bytes, file, &IngestOptions::default())?;
        let s = &loaded.series;
        assert_eq!(s.len(), rows, "{file}");
        assert_eq!(s.id.as_str(), &file[..3]);
        assert!(loaded.warnings.is_empty(), "{file}: {:?}", loaded.warnings);
        assert_eq!(s.dates.first(), Some(&day(first)));
        assert_eq!(s.dates.last(), Some(&day(last)));
        let at = s.dates.iter().position(|d| *d == day("2023-12-29"));
        assert_eq!(
            at.map(|i| s.close[i]),
            Some(Some(close_2023_12_29)),
            "{file}"
        );
    }
    Ok(())
}

/// Issue 11: for a macro or other series a `%` sign means percent units
/// (FRED's convention): `5%` is read as 5, and the load note says so once.
#[test]
fn percent_signs_in_a_macro_series_are_percent_units_and_said_once() -> TestResult {
    let csv = b"Date,Value\n2026-01-01,4.25%\n2026-02-01,4.5%\n2026-03-01,4.5\n";
    let loaded = ingest(csv, "rate.csv", &IngestOptions::default())?;
    assert!(!loaded.series.kind.is_price());
    assert_eq!(loaded.series.close, vec![Some(4.25), Some(4.5), Some(4.5)]);
    assert_eq!(loaded.report.percent_values, 2);
    let note = loaded.report.summary();
    assert_eq!(note.matches("percent units").count(), 1, "{note}");
    assert!(note.contains("on 2 rows"), "{note}");
    // Without a % sign the note says nothing about it.
    let plain = ingest(
        b"Date,Value\n2026-01-01,4.25\n2026-02-01,4.5\n",
        "rate.csv",
        &IngestOptions::default(),
    )?;
    assert!(!plain.report.summary().contains('%'));
    Ok(())
}

/// Issue 11: a mostly-empty value column still loads (with the gap warning);
/// only a column with fewer than two numbers is refused.
#[test]
fn a_mostly_empty_value_column_still_loads_with_its_gap_warning() -> TestResult {
    let csv = b"Date,Close\n2026-01-02,\n2026-01-05,10\n2026-01-06,.\n2026-01-07,11\n2026-01-08,\n";
    let loaded = ingest(csv, "x.csv", &IngestOptions::default())?;
    assert_eq!(loaded.series.close.iter().flatten().count(), 2);
    assert!(loaded
        .warnings
        .iter()
        .any(|w| w.to_string().contains("missing values in column \"Close\"")));
    Ok(())
}

/// Issue 11: choosing a value column with no numbers names that column.
#[test]
fn choosing_an_empty_value_column_names_it() {
    let csv = b"Date,Close,Notes\n2026-01-02,10,\n2026-01-05,11,\n";
    let options = IngestOptions {
        value_column: Some("Notes".to_string()),
        kind: Some(regime_radar::engine::series::SeriesKind::Other),
        ..IngestOptions::default()
    };
    match ingest(csv, "x.csv", &options) {
        Err(e) => assert!(
            e.to_string().contains("column \"Notes\" has no values"),
            "{e}"
        ),
        Ok(_) => panic!("an empty value column must not load"),
    }
}

/// Regression (found building the fuzz seeds): chrono's `%Y` takes a
/// two-digit year, so `31-Jan-24` used to load as the year 24.
#[test]
fn two_digit_named_month_years_are_this_century_not_year_24() -> TestResult {
    let loaded = ingest(
        b"Date,Close\n31-Jan-24,1\n01-Feb-24,2\n",
        "x.csv",
        &IngestOptions::default(),
    )?;
    assert_eq!(
        loaded
            .series
            .dates
            .first()
            .map(|d| d.to_string())
            .as_deref(),
        Some("2024-01-31")
    );
    // Four-digit years still read with %Y.
    let long = ingest(
        b"Date,Close\n31-Jan-2024,1\n01-Feb-2024,2\n",
        "x.csv",
        &IngestOptions::default(),
    )?;
    assert_eq!(
        long.series.dates.first().map(|d| d.to_string()).as_deref(),
        Some("2024-01-31")
    );
    Ok(())
}

/// The layouts people download by hand (issue 18): what each keeps
/// besides the close, and how the dates were read.
#[test]
fn investing_com_reads_suffixed_volumes_and_ignores_the_change_column() -> TestResult {
    let loaded = load(
        "investing_RUT_mdy_suffix_volumes.csv",
        "Russell 2000 Historical Data.csv",
    )?;
    let s = &loaded.series;
    let r = &loaded.report;
    assert!(r.had_bom);
    assert_eq!(r.date_column, "Date");
    assert!(matches!(
        r.date_format,
        DateFormat::MonthFirst {
            separator: '/',
            short_year: false
        }
    ));
    let at = |d: &str| s.dates.iter().position(|x| *x == day(d));
    let volume = |d: &str| at(d).and_then(|i| s.volume.as_ref().and_then(|v| v.get(i).copied()));
    assert_eq!(volume("2024-11-25"), Some(Some(5_630_000.0)), "5.63M");
    assert_eq!(volume("2024-11-29"), Some(Some(850_500.0)), "850.5K");
    assert_eq!(volume("2024-12-06"), Some(None), "- is a gap");
    assert_eq!(s.open.as_ref().map(|o| o[0]), Some(Some(2419.08)));
    assert_eq!(s.high.as_ref().map(|h| h[0]), Some(Some(2466.49)));
    assert_eq!(s.raw_close, None);
    assert!(!r.summary().contains("Change %"), "{}", r.summary());
    assert!(loaded.warnings.iter().any(|w| matches!(
        w,
        IngestWarning::Sorted {
            descending: true,
            ..
        }
    )));
    assert!(loaded.warnings.iter().any(|w| matches!(
        w,
        IngestWarning::MissingValues { columns, .. } if columns == &["Vol.".to_string()]
    )));
    Ok(())
}

#[test]
fn marketwatch_quoted_thousands_volumes_and_newest_first() -> TestResult {
    let loaded = load(
        "marketwatch_QQQ_newest_first.csv",
        "Download Data - FUND_US_XNAS_QQQ.csv",
    )?;
    let s = &loaded.series;
    assert_eq!(s.volume.as_ref().map(|v| v[0]), Some(Some(25_147_200.0)));
    assert_eq!(s.open.as_ref().map(|o| o[0]), Some(Some(507.61)));
    assert!(matches!(
        loaded.warnings.as_slice(),
        [IngestWarning::Sorted {
            descending: true,
            ..
        }]
    ));
    Ok(())
}

#[test]
fn wsj_spaces_after_commas_and_two_digit_years() -> TestResult {
    let loaded = load("wsj_IWM_two_digit_years.csv", "HistoricalPrices.csv")?;
    let r = &loaded.report;
    assert_eq!(
        r.columns,
        ["Date", "Open", "High", "Low", "Close", "Volume"]
    );
    assert!(matches!(
        r.date_format,
        DateFormat::MonthFirst {
            separator: '/',
            short_year: true
        }
    ));
    assert_eq!(r.date_format.to_string(), "M/D/YY");
    let s = &loaded.series;
    assert_eq!(s.volume.as_ref().map(|v| v[0]), Some(Some(25_274_800.0)));
    assert_eq!(s.low.as_ref().map(|l| l[0]), Some(Some(236.64)));
    Ok(())
}

/// Two-digit years pivot at 70 (chrono's `%y`, POSIX): 00-69 are 2000-2069,
/// 70-99 are 1970-1999, so a WSJ file from the 1980s reads as the 1980s.
#[test]
fn two_digit_numeric_years_pivot_at_70() -> TestResult {
    let years = |csv: &[u8]| -> Result<Vec<String>, IngestError> {
        let loaded = ingest(csv, "x.csv", &IngestOptions::default())?;
        Ok(loaded.series.dates.iter().map(|d| d.to_string()).collect())
    };
    assert_eq!(
        years(b"Date, Close\n01/03/00, 2\n12/30/99, 1\n")?,
        ["1999-12-30", "2000-01-03"]
    );
    assert_eq!(
        years(b"Date, Close\n01/02/70, 2\n12/31/69, 1\n")?,
        ["1970-01-02", "2069-12-31"]
    );
    Ok(())
}

#[test]
fn alpha_vantage_adjusted_close_is_preferred_and_raw_close_kept() -> TestResult {
    let plain = load("alphavantage_daily_SPY.csv", "daily_SPY.csv")?;
    assert!(!plain.report.adjusted_close_preferred);
    assert_eq!(plain.series.raw_close, None);
    assert!(matches!(
        plain.warnings.as_slice(),
        [IngestWarning::Sorted {
            descending: true,
            ..
        }]
    ));
    let loaded = load(
        "alphavantage_daily_adjusted_SPY.csv",
        "daily_adjusted_SPY.csv",
    )?;
    let r = &loaded.report;
    assert!(r.adjusted_close_preferred);
    assert_eq!(r.raw_close_column.as_deref(), Some("close"));
    let s = &loaded.series;
    assert_eq!(s.raw_close.as_ref().map(|c| c[0]), Some(Some(604.21)));
    assert_eq!(s.volume.as_ref().map(|v| v[0]), Some(Some(35_904_700.0)));
    assert_eq!(s.open.as_ref().map(|o| o[0]), Some(Some(606.4)));
    // From the ex-dividend day on, adjusted and raw close agree.
    let ex = s.dates.iter().position(|d| *d == day("2024-12-20"));
    let ex = ex.ok_or("the ex-dividend day is kept")?;
    assert_eq!(s.close[ex], Some(591.15));
    assert_eq!(s.raw_close.as_ref().map(|c| c[ex]), Some(Some(591.15)));
    Ok(())
}

#[test]
fn tiingo_adj_close_is_preferred_and_raw_columns_kept() -> TestResult {
    let loaded = load("tiingo_SPY_adj_close.csv", "prices.csv")?;
    let r = &loaded.report;
    assert!(r.adjusted_close_preferred);
    assert_eq!(r.raw_close_column.as_deref(), Some("close"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let s = &loaded.series;
    assert_eq!(s.raw_close.as_ref().map(|c| c[0]), Some(Some(604.21)));
    // OHLC are the raw columns, as with Yahoo's Adj Close.
    assert_eq!(s.open.as_ref().map(|o| o[0]), Some(Some(606.4)));
    assert_eq!(s.high.as_ref().map(|h| h[0]), Some(Some(607.16)));
    assert_eq!(s.volume.as_ref().map(|v| v[0]), Some(Some(35_904_700.0)));
    Ok(())
}

#[test]
fn fred_current_and_classic_headers_read_weekly_and_daily() -> TestResult {
    for (file, date_column, frequency) in [
        (
            "fred_observation_date_ICSA.csv",
            "observation_date",
            Frequency::Weekly,
        ),
        ("fred_classic_weekly_ICSA.csv", "DATE", Frequency::Weekly),
        (
            "fred_blank_missing_DGS10.csv",
            "observation_date",
            Frequency::Daily,
        ),
        ("fred_classic_DGS10.csv", "DATE", Frequency::Daily),
    ] {
        let loaded = load(file, "fredgraph.csv")?;
        assert_eq!(loaded.report.date_column, date_column, "{file}");
        assert_eq!(loaded.series.frequency, frequency, "{file}");
        assert_eq!(
            loaded.report.kind_source,
            KindSource::KnownCode(loaded.series.id.to_string()),
            "{file}"
        );
    }
    Ok(())
}

/// Download names: the ticker when the name holds one, nothing when it is
/// a site's fixed or numbered name (the series is then `SERIES`).
#[test]
fn download_names_give_their_ticker_or_nothing() {
    use regime_radar::engine::ingest::file_stem;
    for (name, stem) in [
        ("HistoricalData_1733600000000.csv", ""),
        ("HistoricalPrices.csv", ""),
        ("prices.csv", ""),
        ("query.csv", ""),
        ("Download Data - FUND_US_XNAS_QQQ.csv", "QQQ"),
        ("Download Data - INDEX_US_S&P US_SPX.csv", "SPX"),
        ("daily_SPY.csv", "SPY"),
        ("daily_adjusted_IBM.csv", "IBM"),
        ("S&P 500 Historical Data.csv", "S&P 500"),
        ("IWM Historical Data (1).csv", "IWM"),
        ("IWM (2).csv", "IWM"),
        ("data/IWM_daily.csv", "IWM"),
        ("AMEX_IWM, 1D.csv", "IWM"),
        ("HistoricalData_QQQ.csv", "HistoricalData"),
    ] {
        assert_eq!(file_stem(name), stem, "{name}");
    }
}

/// Bad cells in the hand-downloaded layouts stay located errors.
#[test]
fn bad_cells_in_hand_layouts_name_their_line_and_column() {
    let investing = "\"Date\",\"Price\",\"Open\",\"High\",\"Low\",\"Vol.\",\"Change %\"\n\
\"12/13/2024\",\"2,346.90\",\"2,357.80\",\"2,361.84\",\"2,336.28\",\"3.58M\",\"-0.60%\"\n\
\"12/12/2024\",\"2,361.08\",\"2,387.38\",\"2,391.86\",\"2,360.59\",\"1.2X\",\"-1.38%\"\n";
    match ingest(investing.as_bytes(), "x.csv", &IngestOptions::default()) {
        Err(IngestError::NonNumericValue {
            line,
            column,
            value,
        }) => {
            assert_eq!((line, column.as_str(), value.as_str()), (3, "Vol.", "1.2X"));
        }
        other => panic!("expected a located number error, got {other:?}"),
    }
    let wsj = "Date, Open, High, Low, Close\n12/13/24, 1, 2, 1, 2\n12/45/24, 1, 2, 1, 2\n";
    match ingest(wsj.as_bytes(), "x.csv", &IngestOptions::default()) {
        Err(e @ IngestError::UnparseableDate { line: 3, .. }) => {
            assert!(e.to_string().contains("12/45/24"), "{e}");
        }
        other => panic!("expected a located date error, got {other:?}"),
    }
}
