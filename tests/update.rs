//! Spec for `engine::update`: which loaded series a hand-downloaded file
//! updates (header code, file name, closes on shared dates) and how it is
//! spliced onto the longer bundled history, on the real bundled data.

mod common;

use common::{date, load};
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::series::{Series, SeriesKind};
use regime_radar::engine::update::{
    close_fit, find_match, fits, header_code, splice, to_csv, update, Action, MatchReason,
};

fn read(text: &str, name: &str) -> Series {
    ingest(text.as_bytes(), name, &IngestOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .series
}

/// The last `n` rows of a bundled price sample as `Date,Close`, scaled.
fn tail_csv(series: &Series, n: usize, scale: f64) -> String {
    let start = series.len() - n;
    let mut out = String::from("Date,Close\n");
    for i in start..series.len() {
        if let Some(c) = series.close[i] {
            out.push_str(&format!("{},{:.4}\n", series.dates[i], c * scale));
        }
    }
    out
}

/// The same in Nasdaq.com's layout: newest first, `$`, `MM/DD/YYYY`, plus
/// `extra` sessions after the sample's end.
fn nasdaq_csv(series: &Series, n: usize, scale: f64, extra: usize) -> String {
    let mut rows = Vec::new();
    let start = series.len() - n;
    for i in start..series.len() {
        if let Some(c) = series.close[i] {
            rows.push((series.dates[i], c * scale));
        }
    }
    let (mut day, mut close) = *rows.last().unwrap_or_else(|| panic!("rows"));
    for k in 0..extra {
        day = day.succ_opt().unwrap_or(day);
        while chrono::Datelike::weekday(&day).number_from_monday() > 5 {
            day = day.succ_opt().unwrap_or(day);
        }
        close *= 1.0 + if k % 3 == 0 { -0.004 } else { 0.003 };
        rows.push((day, close));
    }
    let mut out = String::from("Date,Close/Last,Volume,Open,High,Low\n");
    for (d, c) in rows.iter().rev() {
        out.push_str(&format!(
            "{},${c:.2},1000000,${c:.2},${:.2},${:.2}\n",
            d.format("%m/%d/%Y"),
            c * 1.005,
            c * 0.995
        ));
    }
    out
}

#[test]
fn header_codes_name_fred_series() {
    assert_eq!(
        header_code(b"observation_date,ICSA\n2026-01-03,200000\n").map(|c| c.to_string()),
        Some("ICSA".into())
    );
    assert_eq!(
        header_code(b"\xef\xbb\xbfDATE,UNRATE\r\n").map(|c| c.to_string()),
        Some("UNRATE".into())
    );
    assert_eq!(
        header_code(b",GDPNOW\n2011-07-01,3.2\n").map(|c| c.to_string()),
        Some("GDPNOW".into())
    );
    assert_eq!(header_code(b"Date,Close\n"), None);
    assert_eq!(header_code(b"Date,Value\n"), None);
    assert_eq!(header_code(b"Date,Close/Last,Volume,Open,High,Low\n"), None);
    assert_eq!(header_code(b""), None);
}

#[test]
fn a_fred_file_matches_by_its_header_code() {
    let icsa = load("ICSA");
    let iwm = load("IWM");
    let text = "observation_date,ICSA\n2026-05-30,210000\n2026-06-06,215000\n";
    let new = read(text, "download.csv");
    let m = find_match(text.as_bytes(), "download.csv", &new, &[&iwm, &icsa])
        .unwrap_or_else(|| panic!("matched"));
    assert_eq!(m.id.as_str(), "ICSA");
    assert_eq!(m.reason, MatchReason::HeaderCode);
}

#[test]
fn a_file_matches_by_its_name() {
    let icsa = load("ICSA");
    let iwm = load("IWM");
    let text = "Date,Close\n2026-06-08,201.5\n2026-06-09,202.5\n";
    for name in [
        "IWM.csv",
        "iwm_us_d.csv",
        "IWM (1).csv",
        "downloads/iwm.csv",
    ] {
        let new = read(text, name);
        let m = find_match(text.as_bytes(), name, &new, &[&icsa, &iwm])
            .unwrap_or_else(|| panic!("{name} matched"));
        assert_eq!(m.id.as_str(), "IWM", "{name}");
        assert_eq!(m.reason, MatchReason::FileName, "{name}");
    }
    let text = "Date,Value\n2026-06-06,215000\n2026-06-13,216000\n";
    let new = read(text, "ICSA (2).csv");
    let m = find_match(text.as_bytes(), "ICSA (2).csv", &new, &[&icsa, &iwm]);
    assert_eq!(m.map(|m| m.id.to_string()), Some("ICSA".into()));
}

#[test]
fn the_last_200_rows_of_iwm_scaled_by_098_match_iwm_by_their_closes() {
    let loaded: Vec<Series> = ["IWM", "SPY", "QQQ", "RUT", "GSPC", "NDX", "ICSA"]
        .iter()
        .map(|id| load(id))
        .collect();
    let refs: Vec<&Series> = loaded.iter().collect();
    let iwm = &loaded[0];
    let text = tail_csv(iwm, 200, 0.98);
    let name = "export (3).csv";
    let new = read(&text, name);
    let m = find_match(text.as_bytes(), name, &new, &refs).unwrap_or_else(|| panic!("matched"));
    assert_eq!(m.id.as_str(), "IWM");
    match m.reason {
        MatchReason::Closes(fit) => {
            assert_eq!(fit.shared, 200);
            assert!((fit.level_ratio - 0.98).abs() < 1e-4, "{fit:?}");
            assert!(fit.return_gap < 1e-4, "{fit:?}");
        }
        other => panic!("{other:?}"),
    }
    // The same in Nasdaq.com's layout and name, extending past the sample.
    let text = nasdaq_csv(iwm, 120, 1.012, 40);
    let name = "HistoricalData_1733600000000.csv";
    let new = read(&text, name);
    assert_eq!(new.dates.last(), Some(&date("2026-07-31")));
    let m = find_match(text.as_bytes(), name, &new, &refs).unwrap_or_else(|| panic!("matched"));
    assert_eq!(m.id.as_str(), "IWM");
    assert!(matches!(m.reason, MatchReason::Closes(_)));
}

#[test]
fn an_index_level_does_not_match_its_etf_and_nothing_matches_nothing() {
    let iwm = load("IWM");
    let spy = load("SPY");
    let qqq = load("QQQ");
    let rut = load("RUT");
    // ^RUT tracks IWM day by day but at ten times its level.
    let text = tail_csv(&rut, 200, 1.0);
    let new = read(&text, "index.csv");
    let fit = close_fit(&new, &iwm).unwrap_or_else(|| panic!("shared dates"));
    assert!(fit.return_gap < 0.002 && !fits(&fit), "{fit:?}");
    assert_eq!(
        find_match(text.as_bytes(), "index.csv", &new, &[&iwm, &spy, &qqq]),
        None
    );
    // SPY's closes scaled near IWM's level still move differently.
    let text = tail_csv(&spy, 200, 0.3);
    let new = read(&text, "other.csv");
    assert_eq!(
        find_match(text.as_bytes(), "other.csv", &new, &[&iwm]),
        None
    );
    // Too few shared sessions say nothing.
    let text = tail_csv(&iwm, 10, 1.0);
    let new = read(&text, "short.csv");
    assert_eq!(
        find_match(text.as_bytes(), "short.csv", &new, &[&iwm]),
        None
    );
    // A macro file without a code or a known name is a new series.
    let text = "Date,Value\n2026-06-06,215000\n2026-06-13,216000\n";
    let new = read(text, "claims.csv");
    assert_eq!(
        find_match(text.as_bytes(), "claims.csv", &new, &[&iwm, &load("ICSA")]),
        None
    );
}

#[test]
fn a_shorter_unadjusted_file_is_spliced_with_the_level_ratio_and_stays_continuous() {
    let iwm = load("IWM");
    let text = nasdaq_csv(&iwm, 120, 1.012, 40);
    let new = read(&text, "HistoricalData_1733600000000.csv");
    let updated = update(&iwm, &new, true);
    let Action::Spliced {
        kept,
        first_kept,
        last_kept,
        shared,
        ratio,
    } = updated.action
    else {
        panic!("spliced: {:?}", updated.action)
    };
    let s = &updated.series;
    assert_eq!(s.id.as_str(), "IWM");
    assert_eq!(s.kind, SeriesKind::Price);
    assert_eq!(first_kept, date("2000-05-26"));
    assert_eq!(s.dates.first(), Some(&date("2000-05-26")));
    assert_eq!(s.dates.last(), Some(&date("2026-07-31")));
    assert_eq!(shared, new.dates[0]);
    assert_eq!(kept, iwm.len() - 120);
    assert_eq!(s.len(), kept + new.len());
    assert!(last_kept < shared);
    assert!(s.dates.windows(2).all(|w| w[0] < w[1]));
    // The ratio is the level ratio on the first shared date (1.012 up to
    // the file's rounding to cents).
    assert!((ratio - 1.012).abs() < 5e-4, "{ratio}");
    // Continuity: the return across the seam is the loaded series' own.
    let loaded_return =
        iwm.close[kept].unwrap_or(f64::NAN) / iwm.close[kept - 1].unwrap_or(f64::NAN);
    let spliced_return = s.close[kept].unwrap_or(f64::NAN) / s.close[kept - 1].unwrap_or(f64::NAN);
    assert!((loaded_return - spliced_return).abs() < 1e-4);
    // Older rows are the loaded ones scaled; the file's rows are as read.
    let old0 = iwm.close[0].unwrap_or(f64::NAN);
    assert!((s.close[0].unwrap_or(f64::NAN) - old0 * ratio).abs() < 1e-9);
    assert_eq!(&s.close[kept..], &new.close[..]);
    // OHLC on both sides: kept; the message says what happened.
    assert!(s.open.is_some() && s.high.is_some() && s.low.is_some() && s.volume.is_some());
    let sentence = updated.sentence(
        "file HistoricalData_1733600000000.csv",
        &MatchReason::FileName,
    );
    assert!(sentence.contains("updated IWM to 2026-07-31"), "{sentence}");
    assert!(
        sentence.contains("spliced onto the longer history"),
        "{sentence}"
    );
    assert!(sentence.contains("scaled by 1.01"), "{sentence}");
}

#[test]
fn splicing_can_be_refused_and_a_longer_file_replaces() {
    let iwm = load("IWM");
    let text = nasdaq_csv(&iwm, 120, 1.012, 40);
    let new = read(&text, "HistoricalData_1.csv");
    let replaced = update(&iwm, &new, false);
    assert_eq!(replaced.action, Action::Replaced);
    assert_eq!(replaced.series.len(), new.len());
    assert_eq!(replaced.series.id.as_str(), "IWM");
    // A file as long as the loaded one replaces it even with splicing on.
    let full = read(&tail_csv(&iwm, iwm.len(), 1.0), "IWM.csv");
    assert_eq!(update(&iwm, &full, true).action, Action::Replaced);
    // No shared date: nothing to splice onto.
    let later = read("Date,Close\n2027-01-04,1\n2027-01-05,2\n", "x.csv");
    assert!(splice(&iwm, &later).is_none());
    assert_eq!(update(&iwm, &later, true).action, Action::Replaced);
}

#[test]
fn macro_data_is_spliced_without_scaling() {
    let icsa = load("ICSA");
    let n = icsa.len();
    let mut text = String::from("observation_date,ICSA\n");
    for i in n - 10..n {
        // A revision: the shared weeks differ a little.
        let v = icsa.close[i].unwrap_or(0.0) + 1000.0;
        text.push_str(&format!("{},{v}\n", icsa.dates[i]));
    }
    let mut day = *icsa.dates.last().unwrap_or_else(|| panic!("dates"));
    for k in 0..26 {
        day += chrono::Duration::days(7);
        text.push_str(&format!("{day},{}\n", 220000 + k * 500));
    }
    let new = read(&text, "ICSA.csv");
    let updated = update(&icsa, &new, true);
    let Action::Spliced { kept, ratio, .. } = updated.action else {
        panic!("{:?}", updated.action)
    };
    assert_eq!(ratio, 1.0);
    assert_eq!(kept, n - 10);
    assert_eq!(&updated.series.close[..kept], &icsa.close[..kept]);
    assert_eq!(updated.series.kind, SeriesKind::JoblessClaims);
    assert_eq!(updated.series.dates.last(), Some(&date("2026-11-28")));
    let sentence = updated.sentence("file ICSA.csv", &MatchReason::HeaderCode);
    assert!(sentence.contains("kept as they were"), "{sentence}");
    assert!(sentence.contains("to 2026-11-28"), "{sentence}");
}

#[test]
fn an_updated_series_reads_back_from_its_csv() {
    let iwm = load("IWM");
    let text = nasdaq_csv(&iwm, 120, 1.012, 40);
    let new = read(&text, "HistoricalData_1.csv");
    let updated = update(&iwm, &new, true).series;
    let csv = to_csv(&updated);
    let options = IngestOptions {
        name: Some("IWM".into()),
        kind: Some(SeriesKind::Price),
        ..IngestOptions::default()
    };
    let back = ingest(csv.as_bytes(), "IWM.csv", &options)
        .unwrap_or_else(|e| panic!("{e}"))
        .series;
    assert_eq!(back.dates, updated.dates);
    assert_eq!(back.close, updated.close);
    assert_eq!(back.high, updated.high);
}

#[test]
fn a_file_that_names_another_series_is_not_taken_by_its_file_name() {
    let icsa = load("ICSA");
    let iwm = load("IWM");
    // The header says UNRATE: a file called ICSA.csv does not update ICSA.
    let text = "observation_date,UNRATE\n2026-04-01,4.3\n2026-05-01,4.4\n";
    let new = read(text, "ICSA.csv");
    assert_eq!(new.id.as_str(), "UNRATE");
    assert_eq!(
        find_match(text.as_bytes(), "ICSA.csv", &new, &[&icsa, &iwm]),
        None
    );
}

#[test]
fn a_generic_download_name_says_nothing_and_the_closes_decide() {
    let iwm = load("IWM");
    // An earlier unmatched Nasdaq.com file: its meaningless name gives no
    // id, so it loaded under the fallback id (engine::ingest: `SERIES`).
    let other = read(
        "Date,Close\n2026-06-01,10\n2026-06-02,11\n",
        "HistoricalData_1.csv",
    );
    assert_eq!(other.id.as_str(), "SERIES");
    let text = nasdaq_csv(&iwm, 60, 1.01, 5);
    let name = "HistoricalData_1733600000000.csv";
    let new = read(&text, name);
    let m = find_match(text.as_bytes(), name, &new, &[&other, &iwm])
        .unwrap_or_else(|| panic!("matched"));
    assert_eq!(m.id.as_str(), "IWM");
    assert!(matches!(m.reason, MatchReason::Closes(_)));
}
