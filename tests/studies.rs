//! The dashboard's studies and bar lengths (issue 20): MACD, Bollinger
//! Bands and ATR columns equal TA-Lib 0.8.2 to 1e-9 on the bundled IWM file
//! with the default periods (`reference_IWM.csv`) and with others
//! (`studies_IWM.csv`), and equal the indicators run directly on every
//! price series; weekly and monthly bars give TA-Lib's RSI, MACD,
//! Bollinger and ATR of the resampled bars (`IWM_weekly.csv`,
//! `IWM_monthly.csv`; provenance and script in tests/fixtures/README.md).

use std::collections::HashMap;

use chrono::NaiveDate;

use regime_radar::engine::align::PublicationLag;
use regime_radar::engine::dashboard::{CalendarColumn, Dashboard, DashboardInputs, PriceColumns};
use regime_radar::engine::export::visible_csv;
use regime_radar::engine::indicators::{
    Atr, BollingerBands, BollingerParams, Macd, MacdParams, WilderRsi,
};
use regime_radar::engine::radar::{compute, Radar};
use regime_radar::engine::resample::{resample, Timeframe};
use regime_radar::engine::series::Series;
use regime_radar::engine::settings::RadarSettings;
use regime_radar::engine::signals::RadarInputs;

mod common;
use common::{date, load};

const REL: f64 = 1e-9;

/// A reference CSV: dates and every numeric column, blank = `None`.
struct Table {
    dates: Vec<NaiveDate>,
    columns: HashMap<String, Vec<Option<f64>>>,
}

impl Table {
    fn load(name: &str) -> Table {
        let path = format!(
            "{}/tests/fixtures/reference/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let headers: Vec<String> = reader
            .headers()
            .map(|h| h.iter().map(str::to_string).collect())
            .unwrap_or_default();
        let mut table = Table {
            dates: Vec::new(),
            columns: HashMap::new(),
        };
        for record in reader.records() {
            let record = record.unwrap_or_else(|e| panic!("{path}: {e}"));
            table.dates.push(date(&record[0]));
            for (h, cell) in headers.iter().zip(record.iter()).skip(1) {
                let value = (!cell.is_empty())
                    .then(|| cell.parse::<f64>().unwrap_or_else(|e| panic!("{h}: {e}")));
                table.columns.entry(h.clone()).or_default().push(value);
            }
        }
        table
    }

    fn column(&self, name: &str) -> &[Option<f64>] {
        self.columns
            .get(name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }
}

fn close(actual: f64, expected: f64) -> bool {
    actual.is_finite()
        && expected.is_finite()
        && (actual - expected).abs() <= REL * actual.abs().max(expected.abs()).max(1e-3)
}

/// `column` (on the dashboard's calendar) at the table's dates equals the
/// table's `name`, warm-up included; returns how many values were compared.
fn check_on_dates(what: &str, dash: &Dashboard, column: &[Option<f64>], table: &Table, name: &str) {
    let expected = table.column(name);
    let mut compared = 0;
    for (day, e) in table.dates.iter().zip(expected) {
        let i = dash
            .dates
            .binary_search(day)
            .unwrap_or_else(|_| panic!("{what}: {day} not on the calendar"));
        match (column[i], e) {
            (None, None) => {}
            (Some(a), Some(e)) => {
                assert!(close(a, *e), "{what} on {day}: got {a}, TA-Lib {e}");
                compared += 1;
            }
            (a, e) => panic!("{what} on {day}: got {a:?}, TA-Lib {e:?} (warm-up differs)"),
        }
    }
    assert!(compared > 100, "{what}: only {compared} values compared");
}

fn dashboard(prices: &[&Series], settings: &RadarSettings, as_of: Option<NaiveDate>) -> Dashboard {
    let radar = radar(prices, settings, as_of);
    Dashboard::new(&inputs(prices, as_of), settings, &radar)
}

fn inputs<'a>(prices: &[&'a Series], as_of: Option<NaiveDate>) -> DashboardInputs<'a> {
    DashboardInputs {
        prices: prices.to_vec(),
        small: prices.first().copied(),
        large: prices.get(1).copied(),
        growth: None,
        macros: Vec::new(),
        lags: PublicationLag::default(),
        fomc: None,
        as_of,
    }
}

fn radar(prices: &[&Series], settings: &RadarSettings, as_of: Option<NaiveDate>) -> Radar {
    let inputs = RadarInputs {
        small: prices.first().copied(),
        large: prices.get(1).copied(),
        ..RadarInputs::default()
    };
    compute(&inputs, settings, as_of)
}

fn with(changes: &[(&str, &str)]) -> RadarSettings {
    let mut settings = RadarSettings::default();
    for (name, value) in changes {
        settings
            .set(name, value)
            .unwrap_or_else(|e| panic!("{name}={value}: {e}"));
    }
    settings
}

fn iwm(dash: &Dashboard) -> &PriceColumns {
    dash.prices
        .iter()
        .find(|p| p.id == "IWM")
        .unwrap_or_else(|| panic!("no IWM columns"))
}

/// The last session of the dashboard's calendar.
fn n_of(dash: &Dashboard) -> usize {
    dash.dates.len().saturating_sub(1)
}

/// A column's values over the whole calendar.
fn whole(c: &CalendarColumn) -> Vec<Option<f64>> {
    c.to_vec()
}

/// An optional column's values over the whole calendar (empty without it).
fn whole_opt(c: &Option<CalendarColumn>) -> Vec<Option<f64>> {
    c.as_ref().map(whole).unwrap_or_default()
}

fn check_studies(dash: &Dashboard, table: &Table, names: [&str; 7]) {
    let p = iwm(dash);
    assert!(p.atr.is_some(), "IWM has OHLC");
    let columns: [(&str, Vec<Option<f64>>); 7] = [
        ("macd", whole(&p.macd)),
        ("signal", whole(&p.macd_signal)),
        ("hist", whole(&p.macd_hist)),
        ("bb upper", whole(&p.bb_upper)),
        ("bb middle", whole(&p.bb_middle)),
        ("bb lower", whole(&p.bb_lower)),
        ("atr", whole_opt(&p.atr)),
    ];
    for ((what, column), name) in columns.into_iter().zip(names) {
        check_on_dates(what, dash, &column, table, name);
    }
}

#[test]
fn default_studies_equal_talib_on_the_bundled_iwm_file() {
    let (small, large) = (load("IWM"), load("SPY"));
    let dash = dashboard(&[&small, &large], &RadarSettings::default(), None);
    let table = Table::load("reference_IWM.csv");
    check_studies(
        &dash,
        &table,
        [
            "MACD_12_26_9",
            "MACD_signal_9",
            "MACD_hist",
            "BB_upper_20_2",
            "BB_middle_20",
            "BB_lower_20_2",
            "ATR_14",
        ],
    );
}

#[test]
fn edited_periods_equal_talib_with_the_same_periods() {
    let (small, large) = (load("IWM"), load("SPY"));
    let settings = with(&[
        ("macd_fast", "8"),
        ("macd_slow", "21"),
        ("macd_signal", "5"),
        ("bb_period", "10"),
        ("bb_k", "1.5"),
        ("atr_period", "7"),
    ]);
    let dash = dashboard(&[&small, &large], &settings, None);
    let table = Table::load("studies_IWM.csv");
    check_studies(
        &dash,
        &table,
        [
            "MACD_8_21_5",
            "MACD_signal_5",
            "MACD_hist_8_21_5",
            "BB_upper_10_1.5",
            "BB_middle_10",
            "BB_lower_10_1.5",
            "ATR_7",
        ],
    );
    // The defaults' values are not these: the settings reached the studies.
    let default = dashboard(&[&small, &large], &RadarSettings::default(), None);
    let last = dash.dates.len() - 1;
    assert_ne!(iwm(&dash).macd[last], iwm(&default).macd[last]);
    assert_ne!(iwm(&dash).atr, iwm(&default).atr);
}

/// Every price series' columns are the indicators run directly on its own
/// closes, placed on the calendar (exactly: same code path, same order).
#[test]
fn study_columns_are_the_indicators_run_directly_on_each_series() {
    let prices = [load("IWM"), load("SPY"), load("QQQ")];
    let refs: Vec<&Series> = prices.iter().collect();
    let settings = with(&[("macd_fast", "5"), ("bb_period", "30"), ("bb_k", "2.5")]);
    let dash = dashboard(&refs, &settings, None);
    for (series, p) in prices.iter().zip(&dash.prices) {
        assert_eq!(series.id.as_str(), p.id);
        let closes: Vec<f64> = series.close.iter().flatten().copied().collect();
        let macd = Macd::new(MacdParams {
            fast: 5,
            slow: 26,
            signal: 9,
        })
        .map(|m| m.over(&closes))
        .unwrap_or_default();
        let bb = BollingerBands::new(BollingerParams {
            period: 30,
            k_up: 2.5,
            k_down: 2.5,
        })
        .map(|b| b.over(&closes))
        .unwrap_or_default();
        assert!(series.close.iter().all(Option::is_some), "gap-free sample");
        for (k, day) in series.dates.iter().enumerate() {
            let i = dash.dates.binary_search(day).unwrap_or(usize::MAX);
            assert_eq!(p.macd[i], macd[k].map(|m| m.macd), "{} MACD {day}", p.id);
            assert_eq!(p.macd_signal[i], macd[k].map(|m| m.signal));
            assert_eq!(p.macd_hist[i], macd[k].map(|m| m.histogram));
            assert_eq!(p.bb_upper[i], bb[k].map(|b| b.upper), "{} BB {day}", p.id);
            assert_eq!(p.bb_middle[i], bb[k].map(|b| b.middle));
            assert_eq!(p.bb_lower[i], bb[k].map(|b| b.lower));
        }
        // Sessions the series did not trade have no study value.
        for (i, day) in dash.dates.iter().enumerate() {
            if series.dates.binary_search(day).is_err() {
                assert!(p.macd[i].is_none() && p.bb_middle[i].is_none());
            }
        }
    }
    // ATR needs high and low: only the IWM file has them.
    let iwm = &prices[0];
    let (h, l, c): (Vec<f64>, Vec<f64>, Vec<f64>) = {
        let col = |c: &Option<Vec<Option<f64>>>| -> Vec<f64> {
            c.iter().flatten().flatten().copied().collect()
        };
        (col(&iwm.high), col(&iwm.low), closes_of(iwm))
    };
    let atr = Atr::new(14).map(|a| a.over(&h, &l, &c)).unwrap_or_default();
    let first = dash
        .dates
        .binary_search(&iwm.dates[0])
        .unwrap_or(usize::MAX);
    let column = whole_opt(&dash.prices[0].atr);
    assert_eq!(&column[first..], &atr[..]);
    assert!(dash.prices[1].atr.is_none() && dash.prices[2].atr.is_none());
}

fn closes_of(series: &Series) -> Vec<f64> {
    series.close.iter().flatten().copied().collect()
}

#[test]
fn refused_macd_periods_leave_the_panel_a_reason_not_a_panic() {
    let (small, large) = (load("IWM"), load("SPY"));
    let settings = with(&[("macd_fast", "30"), ("macd_slow", "10")]);
    let dash = dashboard(&[&small, &large], &settings, None);
    let p = iwm(&dash);
    assert!(p.macd.iter().chain(p.macd_hist.iter()).all(|v| v.is_none()));
    let reason = p.macd_refused.as_deref().unwrap_or_default();
    assert!(reason.contains("fast"), "{reason}");
    // The other studies are unaffected.
    assert!(p.bb_middle.iter().any(|v| v.is_some()));
}

#[test]
fn weekly_bars_give_talib_values_of_the_resampled_bars() {
    let (small, large) = (load("IWM"), load("SPY"));
    let dash = dashboard(&[&small, &large], &with(&[("timeframe", "w")]), None);
    assert_eq!(dash.timeframe, Timeframe::Weekly);
    let table = Table::load("IWM_weekly.csv");
    // One bar per ISO week, on its last session (the union of both files).
    assert!(dash
        .dates
        .windows(2)
        .all(|w| !Timeframe::Weekly.same_bar(w[0], w[1])));
    check_on_dates(
        "weekly close",
        &dash,
        &whole(&iwm(&dash).close),
        &table,
        "Close",
    );
    check_on_dates(
        "weekly RSI",
        &dash,
        &whole(&iwm(&dash).rsi),
        &table,
        "RSI_14",
    );
    check_studies(
        &dash,
        &table,
        [
            "MACD_12_26_9",
            "MACD_signal_9",
            "MACD_hist",
            "BB_upper_20_2",
            "BB_middle_20",
            "BB_lower_20_2",
            "ATR_14",
        ],
    );
    // The RSI column is WilderRsi over the resampled closes, bar for bar.
    let bars = resample(&small, Timeframe::Weekly);
    let rsi = WilderRsi::new(14)
        .map(|r| r.over(&closes_of(&bars)))
        .unwrap_or_default();
    let first = dash
        .dates
        .binary_search(&bars.dates[0])
        .unwrap_or(usize::MAX);
    assert_eq!(&whole(&iwm(&dash).rsi)[first..], &rsi[..]);
}

#[test]
fn monthly_bars_give_talib_rsi_of_the_monthly_closes() {
    let (small, large) = (load("IWM"), load("SPY"));
    let settings = with(&[("timeframe", "m"), ("rsi_period", "9")]);
    let dash = dashboard(&[&small, &large], &settings, None);
    let table = Table::load("IWM_monthly.csv");
    check_on_dates(
        "monthly RSI(9)",
        &dash,
        &whole(&iwm(&dash).rsi),
        &table,
        "RSI_9",
    );
    check_on_dates(
        "monthly ATR",
        &dash,
        &whole_opt(&iwm(&dash).atr),
        &table,
        "ATR_14",
    );
    // Monthly RSI is shown from TA-Lib's first value, not after 250 bars.
    let first = iwm(&dash).rsi.iter().position(|v| v.is_some());
    let iwm_start = dash.dates.binary_search(&table.dates[0]).unwrap_or(0);
    assert_eq!(first, Some(iwm_start + 9));
}

/// On bars, nothing after the as-of date reaches a bar: the as-of week is
/// a partial bar ending on the as-of session.
#[test]
fn weekly_bars_cut_at_the_as_of_date() {
    let (small, large) = (load("IWM"), load("SPY"));
    let as_of = date("2026-01-14"); // a Wednesday
    let settings = with(&[("timeframe", "w")]);
    let dash = dashboard(&[&small, &large], &settings, Some(as_of));
    assert_eq!(dash.dates.last(), Some(&as_of));
    let k = small.dates.binary_search(&as_of).unwrap_or(usize::MAX);
    assert_eq!(iwm(&dash).close.get(n_of(&dash)), small.close[k]);
    let full = dashboard(&[&small, &large], &settings, None);
    // Earlier bars are the full run's bars (no look-ahead, warm-up kept).
    let n = dash.dates.len() - 1;
    assert_eq!(&dash.dates[..n], &full.dates[..n]);
    assert_eq!(&whole(&iwm(&dash).macd)[..n], &whole(&iwm(&full).macd)[..n]);
    assert_eq!(
        &whole_opt(&iwm(&dash).atr)[..n],
        &whole_opt(&iwm(&full).atr)[..n]
    );
}

#[test]
fn the_csv_export_has_the_studies_under_their_tooltip_names() {
    let (small, large) = (load("IWM"), load("SPY"));
    let settings = with(&[("bb_period", "10"), ("atr_period", "7")]);
    let radar = radar(&[&small, &large], &settings, None);
    let dash = Dashboard::new(&inputs(&[&small, &large], None), &settings, &radar);
    let n = dash.dates.len();
    let csv = visible_csv(&dash, &radar, Some(0), &settings, n - 30..n);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let rows: Vec<csv::StringRecord> = reader.records().flatten().collect();
    assert_eq!(rows.len(), 30);
    let p = iwm(&dash);
    let expected: [(&str, Vec<Option<f64>>); 7] = [
        ("macd:macd", whole(&p.macd)),
        ("macd:signal", whole(&p.macd_signal)),
        ("macd:hist", whole(&p.macd_hist)),
        ("price:bb_upper", whole(&p.bb_upper)),
        ("price:bb_middle", whole(&p.bb_middle)),
        ("price:bb_lower", whole(&p.bb_lower)),
        ("atr:atr", whole_opt(&p.atr)),
    ];
    for (name, column) in expected {
        let c = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"));
        for (k, row) in rows.iter().enumerate() {
            let cell: Option<f64> = row[c].parse().ok();
            assert_eq!(cell, column[n - 30 + k], "{name} row {k}, full precision");
        }
    }
    // A series without high and low exports no ATR column.
    let csv = visible_csv(&dash, &radar, Some(1), &settings, n - 30..n);
    assert!(!csv.lines().next().unwrap_or_default().contains("atr:atr"));
}
