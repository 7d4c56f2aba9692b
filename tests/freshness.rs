//! Spec for `engine::freshness` (how old the data is, when it is stale) and
//! `engine::sources` (where today's copy is downloaded), on the bundled
//! samples as the page loads them. "Today" is passed in, as the page does.

mod common;

use common::{date, load};
use regime_radar::engine::align::PublicationLag;
use regime_radar::engine::freshness::{
    age_words, series_freshness, threshold, view_freshness, weekdays_after, Manifest, Threshold,
    PRICE_STALE_SESSIONS,
};
use regime_radar::engine::samples::{BUNDLED_MANIFEST, SAMPLES};
use regime_radar::engine::series::{Frequency, SeriesKind};
use regime_radar::engine::sources::{source, Site, SOURCES};

#[test]
fn weekdays_are_counted_after_the_last_date_up_to_today() {
    // 2026-06-05 is a Friday.
    assert_eq!(weekdays_after(date("2026-06-05"), date("2026-06-05")), 0);
    assert_eq!(weekdays_after(date("2026-06-05"), date("2026-06-07")), 0);
    assert_eq!(weekdays_after(date("2026-06-05"), date("2026-06-08")), 1);
    assert_eq!(weekdays_after(date("2026-06-05"), date("2026-06-12")), 5);
    assert_eq!(weekdays_after(date("2026-06-05"), date("2026-06-15")), 6);
    assert_eq!(weekdays_after(date("2026-06-05"), date("2026-12-07")), 131);
    assert_eq!(weekdays_after(date("2026-06-05"), date("2026-01-01")), 0);
}

#[test]
fn the_bundled_iwm_is_185_days_old_and_stale_on_2026_12_07() {
    let iwm = load("IWM");
    let f = series_freshness(&iwm, date("2026-12-07"), &PublicationLag::default())
        .unwrap_or_else(|| panic!("IWM has data"));
    assert_eq!(f.last_date, date("2026-06-05"));
    assert_eq!(f.age_days, 185);
    assert!(f.stale);
    assert_eq!(f.threshold, Threshold::Sessions(PRICE_STALE_SESSIONS));
    assert_eq!(f.sentence(), "Data to 2026-06-05 — 185 days old");
}

#[test]
fn prices_go_stale_after_five_sessions() {
    let iwm = load("IWM");
    let lags = PublicationLag::default();
    let on = |day: &str| {
        series_freshness(&iwm, date(day), &lags)
            .map(|f| f.stale)
            .unwrap_or_else(|| panic!("IWM has data"))
    };
    assert!(!on("2026-06-05"));
    assert!(!on("2026-06-12"), "five sessions missed: not yet stale");
    assert!(!on("2026-06-14"), "the weekend adds no session");
    assert!(on("2026-06-15"), "the sixth session: stale");
}

#[test]
fn macro_series_follow_their_publication_rhythm() {
    let lags = PublicationLag::default();
    // ICSA: the week ending Saturday 2026-05-30; the next week (06-06) is out
    // on Thursday 06-11, + 2 days' grace → stale after 14 days.
    let icsa = load("ICSA");
    let t = threshold(
        date("2026-05-30"),
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        &lags,
    );
    assert_eq!(t, Threshold::Days(14));
    let stale_on = |day: &str| {
        series_freshness(&icsa, date(day), &lags)
            .map(|f| f.stale)
            .unwrap_or_else(|| panic!("ICSA has data"))
    };
    assert!(!stale_on("2026-06-13"));
    assert!(stale_on("2026-06-14"));
    // Monthly series: between six and fifteen weeks; quarterly: four to
    // eight months (their releases come weeks after the period ends).
    for (id, low, high) in [
        ("UNRATE", 45, 80),
        ("FEDFUNDS", 45, 80),
        ("RSAFS", 60, 90),
        ("PCE", 60, 100),
        ("USREC", 45, 80),
        ("GDPNOW", 120, 230),
        ("DGS10", 3, 10),
    ] {
        let series = load(id);
        let f = series_freshness(&series, date("2026-12-07"), &lags)
            .unwrap_or_else(|| panic!("{id} has data"));
        match f.threshold {
            Threshold::Days(n) => assert!(
                (low..=high).contains(&n),
                "{id}: stale after {n} days, expected {low}..={high}"
            ),
            other => panic!("{id}: {other:?}"),
        }
        assert!(f.stale, "{id} is stale on 2026-12-07");
    }
}

#[test]
fn a_longer_publication_lag_allows_an_older_file() {
    let mut lags = PublicationLag::default();
    let before = threshold(
        date("2026-05-30"),
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        &lags,
    );
    lags.set(
        SeriesKind::JoblessClaims,
        regime_radar::engine::align::LagRule::days(12),
    );
    let after = threshold(
        date("2026-05-30"),
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        &lags,
    );
    match (before, after) {
        (Threshold::Days(a), Threshold::Days(b)) => assert!(b > a, "{a} → {b}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_view_ends_on_the_newest_price_and_is_stale_when_any_series_is() {
    let today = date("2026-12-07");
    let lags = PublicationLag::default();
    let lines: Vec<(bool, _)> = SAMPLES
        .iter()
        .filter(|s| s.default_loaded)
        .map(|s| {
            let series = load(s.id);
            let f = series_freshness(&series, today, &lags)
                .unwrap_or_else(|| panic!("{} has data", s.id));
            (series.kind.is_price(), f)
        })
        .collect();
    let view = view_freshness(&lines, today).unwrap_or_else(|| panic!("a view"));
    assert_eq!(view.last_date, date("2026-06-05"));
    assert_eq!(view.age_days, 185);
    assert!(view.stale);
    assert_eq!(view.stale_count, lines.len());
    assert!(view
        .sentence()
        .starts_with("Data to 2026-06-05 — 185 days old; 9 of 9 series are past"));
    // A fresh view on 2026-06-08 (one session after the prices' last date)
    // still names the stale macro files.
    let fresh: Vec<(bool, _)> = lines
        .iter()
        .filter(|(price, _)| *price)
        .map(|(p, f)| {
            let mut f = f.clone();
            f.stale = false;
            (*p, f)
        })
        .collect();
    let view = view_freshness(&fresh, today).unwrap_or_else(|| panic!("a view"));
    assert!(!view.stale);
    assert_eq!(view.sentence(), "Data to 2026-06-05 — 185 days old");
    assert!(view_freshness(&[], today).is_none());
}

#[test]
fn ages_read_as_words() {
    assert_eq!(age_words(0), "from today");
    assert_eq!(age_words(1), "1 day old");
    assert_eq!(age_words(185), "185 days old");
    assert_eq!(age_words(-2), "dated 2 days ahead of today");
}

#[test]
fn the_manifest_reads_its_shape_and_tolerates_the_rest() {
    let text = r#"{"generated": "2026-12-06T22:00:00Z", "series": {
        "ICSA": {"file": "ICSA.csv", "source": "FRED", "url": "https://fred.stlouisfed.org/series/ICSA",
                 "fetched": "2026-12-06T21:59:01Z", "first": "1999-01-02", "last": "2026-11-28",
                 "rows": 1457, "sha256": "ab12"},
        "RUT": {"file": "RUT.csv", "source": "Yahoo Finance via a public repository", "fetched": null,
                "first": "2000-01-03", "last": "2026-02-20", "rows": 6573, "extra": [1, 2]}}}"#;
    let manifest = Manifest::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(manifest.generated.as_deref(), Some("2026-12-06T22:00:00Z"));
    let icsa = manifest
        .entry("ICSA")
        .unwrap_or_else(|| panic!("ICSA entry"));
    assert_eq!(icsa.fetched_day(), Some(date("2026-12-06")));
    assert_eq!(icsa.rows, Some(1457));
    assert_eq!(
        icsa.provenance().as_deref(),
        Some("from FRED (fetched 2026-12-06)")
    );
    let rut = manifest.entry("RUT").unwrap_or_else(|| panic!("RUT entry"));
    assert_eq!(rut.fetched_day(), None);
    assert_eq!(
        rut.provenance().as_deref(),
        Some("from Yahoo Finance via a public repository (fetch date unknown)")
    );
    assert!(Manifest::parse(b"{}").is_ok_and(|m| m.series.is_empty()));
    for bad in [&b"<html>404</html>"[..], b"", b"{\"series\": 3}", b"[1,2]"] {
        assert!(
            Manifest::parse(bad).is_err(),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn every_bundled_series_has_a_download_page() {
    for sample in SAMPLES {
        let s = source(sample.id).unwrap_or_else(|| panic!("no source for {}", sample.id));
        assert!(s.url.starts_with("https://"), "{}", s.url);
        if sample.kind.is_price() {
            assert_eq!(s.site, Site::Nasdaq, "{}", sample.id);
            assert!(s.url.ends_with("/historical"), "{}", s.url);
        } else {
            assert_eq!(
                s.url,
                format!("https://fred.stlouisfed.org/series/{}", sample.id)
            );
        }
    }
    assert_eq!(SOURCES.len(), SAMPLES.len());
    assert_eq!(
        source("IWM").map(|s| s.url),
        Some("https://www.nasdaq.com/market-activity/etf/iwm/historical")
    );
}

#[test]
fn the_bundled_manifest_when_there_is_one_reads_and_names_bundled_series() {
    if BUNDLED_MANIFEST.is_empty() {
        // No public/data/manifest.json in this build: the page shows no origin.
        assert!(Manifest::parse(BUNDLED_MANIFEST).is_err());
        return;
    }
    let manifest = Manifest::parse(BUNDLED_MANIFEST).unwrap_or_else(|e| panic!("{e}"));
    for id in manifest.series.keys() {
        assert!(
            SAMPLES.iter().any(|s| s.id == id) || id == "FOMC",
            "manifest names {id}, which is not bundled"
        );
    }
}
