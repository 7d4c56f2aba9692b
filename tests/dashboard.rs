//! The dashboard's data: the visible window (presets, typed dates, zoom,
//! pan) and the columns every time panel draws, on the real bundled data.
//! The charts only cut and draw these, so what is checked here is what the
//! page shows.

use chrono::NaiveDate;
use proptest::prelude::*;

use regime_radar::engine::align::{JoinMode, PublicationLag};
use regime_radar::engine::calendar::FomcCalendar;
use regime_radar::engine::dashboard::{
    on_calendar, rebased, tail_until, CalendarColumn, Dashboard, DashboardInputs,
};
use regime_radar::engine::export::visible_csv;
use regime_radar::engine::metrics::{series_metrics, MetricSettings, MetricValue};
use regime_radar::engine::radar::compute;
use regime_radar::engine::range::{
    pan_sessions, visible_sessions, zoom_sessions, RangePreset, ViewSpan, MIN_VISIBLE_SESSIONS,
};
use regime_radar::engine::series::Series;
use regime_radar::engine::settings::RadarSettings;
use regime_radar::engine::signals::RadarInputs;

mod common;
use common::{date, load};

struct Data {
    prices: Vec<Series>,
    macros: Vec<Series>,
    fomc: FomcCalendar,
}

impl Data {
    fn bundled() -> Data {
        let path = format!("{}/public/data/FOMC.csv", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Data {
            prices: ["IWM", "SPY", "QQQ"].map(load).into(),
            macros: ["ICSA", "UNRATE", "USREC", "FEDFUNDS"].map(load).into(),
            fomc: FomcCalendar::parse(&bytes).unwrap_or_else(|e| panic!("{path}: {e}")),
        }
    }

    fn dashboard(
        &self,
        as_of: Option<NaiveDate>,
    ) -> (Dashboard, regime_radar::engine::radar::Radar) {
        let settings = RadarSettings::default();
        let radar_inputs = RadarInputs {
            small: Some(&self.prices[0]),
            large: Some(&self.prices[1]),
            growth: Some(&self.prices[2]),
            macros: self.macros.iter().collect(),
            small_flows: None,
            large_flows: None,
            lags: PublicationLag::default(),
            fomc: Some(&self.fomc),
        };
        let radar = compute(&radar_inputs, &settings, as_of);
        (
            Dashboard::new(&self.inputs(as_of), &settings, &radar),
            radar,
        )
    }

    /// The dashboard's inputs: IWM, SPY and QQQ in the small, large and
    /// growth roles, the macro samples, the FOMC calendar.
    fn inputs(&self, as_of: Option<NaiveDate>) -> DashboardInputs<'_> {
        DashboardInputs {
            prices: self.prices.iter().collect(),
            small: Some(&self.prices[0]),
            large: Some(&self.prices[1]),
            growth: Some(&self.prices[2]),
            macros: self.macros.iter().collect(),
            lags: PublicationLag::default(),
            fomc: Some(&self.fomc),
            as_of,
        }
    }
}

fn weekdays(n: usize) -> Vec<NaiveDate> {
    let mut d = date("2024-01-01");
    let mut out = Vec::new();
    while out.len() < n {
        if chrono::Datelike::weekday(&d).number_from_monday() <= 5 {
            out.push(d);
        }
        d = d.succ_opt().unwrap_or(d);
    }
    out
}

#[test]
fn a_preset_shows_its_window_and_the_base_bar_before_it() {
    let dates = weekdays(600);
    let last = dates[599];
    let r = visible_sessions(&dates, ViewSpan::Preset(RangePreset::M3));
    assert_eq!(r.end, 600);
    let start = last
        .checked_sub_months(chrono::Months::new(3))
        .unwrap_or(last);
    assert!(dates[r.start] < start, "the base bar precedes the window");
    assert!(dates[r.start + 1] >= start);
    assert_eq!(
        visible_sessions(&dates, ViewSpan::Preset(RangePreset::Max)),
        0..600
    );
    assert_eq!(
        visible_sessions(&[], ViewSpan::Preset(RangePreset::Y1)),
        0..0
    );
}

#[test]
fn typed_dates_clamp_to_the_data_and_never_show_nothing() {
    let dates = weekdays(100);
    let r = visible_sessions(
        &dates,
        ViewSpan::Dates {
            from: dates[10],
            to: dates[20],
        },
    );
    assert_eq!(r, 10..21);
    // Reversed dates are the same span.
    let rev = visible_sessions(
        &dates,
        ViewSpan::Dates {
            from: dates[20],
            to: dates[10],
        },
    );
    assert_eq!(rev, 10..21);
    // Entirely after the data: the last session; before it: the first.
    let after = visible_sessions(
        &dates,
        ViewSpan::Dates {
            from: date("2030-01-01"),
            to: date("2031-01-01"),
        },
    );
    assert_eq!(after, 99..100);
    let before = visible_sessions(
        &dates,
        ViewSpan::Dates {
            from: date("1990-01-01"),
            to: date("1991-01-01"),
        },
    );
    assert_eq!(before, 0..1);
}

#[test]
fn zooming_keeps_the_anchor_in_place_and_stops_at_ten_sessions() {
    // Anchor halfway across a 100-session window: after zooming in by
    // half it is still halfway across the 50 that remain.
    let r = zoom_sessions(100..200, 1000, 150, 0.5);
    assert_eq!(r, 125..175);
    let tiny = zoom_sessions(100..200, 1000, 150, 0.0001);
    assert_eq!(tiny.len(), MIN_VISIBLE_SESSIONS);
    assert!(tiny.contains(&150));
    // Zooming out never leaves the data.
    assert_eq!(zoom_sessions(900..1000, 1000, 990, 50.0), 0..1000);
    // Fewer sessions than the minimum: all of them.
    assert_eq!(zoom_sessions(0..4, 4, 2, 0.1), 0..4);
}

#[test]
fn panning_keeps_the_width_and_stops_at_either_end() {
    assert_eq!(pan_sessions(100..200, 1000, 50), 150..250);
    assert_eq!(pan_sessions(100..200, 1000, -500), 0..100);
    assert_eq!(pan_sessions(100..200, 1000, 5000), 900..1000);
}

proptest! {
    #[test]
    fn zoom_and_pan_stay_inside_the_data(
        len in 1usize..5000, a in 0usize..5000, b in 0usize..5000,
        anchor in 0usize..6000, factor in -2.0f64..20.0, delta in -6000isize..6000,
    ) {
        let visible = a.min(b)..a.max(b);
        for r in [zoom_sessions(visible.clone(), len, anchor, factor), pan_sessions(visible.clone(), len, delta)] {
            prop_assert!(r.start < r.end, "non-empty: {r:?}");
            prop_assert!(r.end <= len, "inside the data: {r:?} of {len}");
        }
        let zoomed = zoom_sessions(visible, len, anchor, factor);
        prop_assert!(zoomed.len() >= MIN_VISIBLE_SESSIONS.min(len));
    }
}

#[test]
fn values_land_on_their_own_sessions_of_the_calendar() {
    let cal = weekdays(6);
    let dates = vec![cal[1], cal[2], cal[4]];
    let values = vec![Some(1.0), None, Some(3.0)];
    assert_eq!(
        on_calendar(&cal, &dates, &values),
        vec![None, Some(1.0), None, None, Some(3.0), None]
    );
}

#[test]
fn rebasing_starts_the_window_at_100() {
    let values = vec![Some(50.0), None, Some(80.0), Some(100.0), Some(120.0)];
    let r = rebased(&values, 1..5);
    assert_eq!(r, vec![None, None, Some(100.0), Some(125.0), Some(150.0)]);
}

#[test]
fn compare_lines_cover_only_the_window_and_equal_rebasing() {
    // A zoom on a million-session calendar computes the window, not the
    // calendar: the lines hold one value per visible session.
    let data = Data::bundled();
    let (dash, _) = data.dashboard(None);
    let visible = visible_sessions(&dash.dates, ViewSpan::Preset(RangePreset::Y1));
    let compared = dash.compare(visible.clone(), JoinMode::Union);
    assert_eq!(compared.first, visible.start);
    for (k, (id, line)) in compared.lines.iter().enumerate() {
        assert_eq!(line.len(), visible.len(), "{id}");
        let full = rebased(&dash.prices[k].close.to_vec(), visible.clone());
        for (i, expected) in full.iter().enumerate() {
            assert_eq!(compared.value(k, i), *expected, "{id} at session {i}");
        }
        assert_eq!(
            line.iter().flatten().next(),
            Some(&100.0),
            "{id} starts at 100"
        );
    }
    // Intersection: a session is kept only where every series traded.
    let joint = dash.compare(visible.clone(), JoinMode::Intersection);
    for i in visible {
        let all = dash.prices.iter().all(|p| p.close[i].is_some());
        for k in 0..joint.lines.len() {
            assert_eq!(joint.value(k, i).is_some(), all, "session {i}");
        }
    }
}

#[test]
fn price_columns_equal_the_metrics_table() {
    let data = Data::bundled();
    let (dash, _) = data.dashboard(None);
    let iwm = &dash.prices[0];
    assert_eq!(iwm.id, "IWM");
    let last = dash.dates.len() - 1;
    let metrics = series_metrics(&data.prices[0], &MetricSettings::default());
    let metric = |name: &str| match metrics.iter().find(|m| m.name == name).map(|m| m.value) {
        Some(MetricValue::Number(v)) => v,
        other => panic!("metric {name}: {other:?}"),
    };
    let close = iwm.close[last].unwrap_or(f64::NAN);
    assert!((close - metric("last_close")).abs() < 1e-9);
    assert!((iwm.sma_slow[last].unwrap_or(f64::NAN) - metric("sma200")).abs() < 1e-9);
    assert!((iwm.sma_fast[last].unwrap_or(f64::NAN) - metric("sma50")).abs() < 1e-9);
    assert!((iwm.rsi[last].unwrap_or(f64::NAN) - metric("rsi14")).abs() < 1e-9);
    // A record high closes above every earlier close.
    for &i in &iwm.record_highs {
        let c = iwm.close[i].unwrap_or(f64::NAN);
        assert!(
            iwm.close.range(0..i).flatten().all(|p| p < c),
            "record at {}",
            dash.dates[i]
        );
    }
    assert!(!iwm.record_highs.is_empty());
}

#[test]
fn the_ratio_is_small_over_large_with_its_moving_average_and_streak() {
    let data = Data::bundled();
    let (dash, _) = data.dashboard(None);
    let ratio = dash.ratio.as_ref().unwrap_or_else(|| panic!("no ratio"));
    assert_eq!(ratio.label, "IWM/SPY");
    let last = dash.dates.len() - 1;
    let (s, l) = (dash.prices[0].close[last], dash.prices[1].close[last]);
    let expect = s.unwrap_or(f64::NAN) / l.unwrap_or(f64::NAN);
    assert!((ratio.ratio[last].unwrap_or(f64::NAN) - expect).abs() < 1e-12);
    let mean50: f64 = ratio
        .ratio
        .range(last - 49..last + 1)
        .flatten()
        .sum::<f64>()
        / 50.0;
    assert!((ratio.ratio_ma[last].unwrap_or(f64::NAN) - mean50).abs() < 1e-12);
    // The streak's sign says who won the last session.
    let (ps, pl) = (
        dash.prices[0].close[last - 1],
        dash.prices[1].close[last - 1],
    );
    let small_won = s.unwrap_or(0.0) / ps.unwrap_or(1.0) > l.unwrap_or(0.0) / pl.unwrap_or(1.0);
    let streak = ratio.streak[last].unwrap_or(0.0);
    assert_eq!(streak > 0.0, small_won, "streak {streak}");
}

#[test]
fn macro_columns_are_as_known_and_recessions_are_in_hindsight() {
    let data = Data::bundled();
    let (dash, _) = data.dashboard(None);
    let claims = dash
        .macros
        .iter()
        .find(|m| m.id == "ICSA")
        .unwrap_or_else(|| panic!("no ICSA"));
    let derived = claims
        .derived
        .as_ref()
        .unwrap_or_else(|| panic!("no 4-week average"));
    assert_eq!(derived.name, "4-week average");
    assert!(!derived.own_chart, "the average shares the claims axis");
    let avg = &derived.values;
    // The March 2020 spike: the week ending 2020-03-21 (2.9M in this vintage) was released
    // on Thursday 2020-03-26; the session before still knew the old print.
    let at = |d: &str| {
        dash.dates
            .binary_search(&date(d))
            .unwrap_or_else(|_| panic!("no session {d}"))
    };
    assert!(claims.known[at("2020-03-25")].unwrap_or(0.0) < 300_000.0);
    assert!(claims.known[at("2020-03-26")].unwrap_or(0.0) > 2_000_000.0);
    assert!(avg[at("2020-03-26")].unwrap_or(0.0) > claims.known[at("2020-03-25")].unwrap_or(0.0));
    let unrate = dash
        .macros
        .iter()
        .find(|m| m.id == "UNRATE")
        .unwrap_or_else(|| panic!("no UNRATE"));
    let derived = unrate.derived.as_ref().unwrap_or_else(|| panic!("no Sahm"));
    assert_eq!(derived.name, "Sahm value");
    assert!(
        derived.own_chart,
        "points beside a rate: a chart of its own"
    );
    let sahm = &derived.values;
    assert!(
        sahm[at("2020-06-01")].unwrap_or(0.0) >= 0.5,
        "Sahm fired in 2020"
    );
    // USREC is not a panel of its own: it shades April 2020.
    assert!(dash.macros.iter().all(|m| m.id != "USREC"));
    let april = at("2020-04-15");
    assert!(dash.recessions.iter().any(|r| r.contains(&april)));
    assert!(!dash
        .recessions
        .iter()
        .any(|r| r.contains(&at("2021-06-15"))));
    // FOMC decision days are marked on their session.
    let jan_2026 = at("2026-01-28");
    assert!(dash.fomc.contains(&jan_2026));
}

#[test]
fn regime_spans_cover_the_radar_episodes_on_the_dashboard_calendar() {
    let data = Data::bundled();
    let (dash, radar) = data.dashboard(None);
    assert!(!dash.regimes.is_empty());
    for span in &dash.regimes {
        let (first, last) = (
            dash.dates[span.sessions.start],
            dash.dates[span.sessions.end - 1],
        );
        let episode = radar
            .regime
            .episodes
            .iter()
            .find(|e| e.start <= first && last <= e.end && e.regime == span.regime);
        assert!(episode.is_some(), "{first}..{last} is one episode");
    }
    // Spans never overlap.
    for w in dash.regimes.windows(2) {
        assert!(w[0].sessions.end <= w[1].sessions.start);
    }
}

#[test]
fn nothing_after_the_as_of_date_is_used() {
    let data = Data::bundled();
    let (full, _) = data.dashboard(None);
    let as_of = date("2026-01-16");
    let (cut, _) = data.dashboard(Some(as_of));
    assert_eq!(cut.dates.last(), Some(&as_of));
    let n = cut.dates.len();
    assert_eq!(&full.dates[..n], &cut.dates[..]);
    for (a, b) in full.prices.iter().zip(&cut.prices) {
        assert_eq!(&a.close.to_vec()[..n], &b.close.to_vec()[..]);
        assert_eq!(&a.sma_slow.to_vec()[..n], &b.sma_slow.to_vec()[..]);
        assert_eq!(&a.rsi.to_vec()[..n], &b.rsi.to_vec()[..]);
    }
    for tail in &cut.rotation {
        assert!(tail.points.iter().all(|(d, _, _)| *d <= as_of));
        assert_eq!(tail_until(tail, as_of, 8).len(), 8);
    }
}

#[test]
fn the_csv_export_is_the_visible_columns_and_states() {
    let data = Data::bundled();
    let (dash, radar) = data.dashboard(Some(date("2026-01-16")));
    let settings = RadarSettings::default();
    let visible = visible_sessions(&dash.dates, ViewSpan::Preset(RangePreset::M3));
    let csv = visible_csv(&dash, &radar, Some(0), &settings, visible.clone());
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().cloned().unwrap_or_default();
    let names: Vec<&str> = header.iter().collect();
    for name in [
        "date",
        "IWM_close",
        "SPY_close",
        "IWM_sma50",
        "IWM_rsi14",
        "ratio_IWM_SPY",
        "streak",
        "ICSA_known",
        "UNRATE_sahm_value",
        "overbought_rsi",
        "regime",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().flatten().collect();
    assert_eq!(rows.len(), visible.len());
    let last = &rows[rows.len() - 1];
    let col = |name: &str| names.iter().position(|n| *n == name).unwrap_or(usize::MAX);
    assert_eq!(&last[col("date")], "2026-01-16");
    let rsi: f64 = last[col("IWM_rsi14")].parse().unwrap_or(f64::NAN);
    assert_eq!(
        Some(rsi),
        dash.prices[0].rsi[visible.end - 1],
        "full precision round-trips"
    );
    let regime = radar.current_regime().map(|r| r.as_str()).unwrap_or("");
    assert_eq!(&last[col("regime")], regime);
}

/// What the charts show is what the rules read: the GDPNow panel draws a
/// value on exactly the sessions where the GDPNow rule has one (the same
/// "as known on day t" walk, staleness cut included: a file that stopped
/// updating goes stale and both stop), and the RSI panel starts
/// where the overbought rule does (the same 250-observation warm-up) with
/// the same values.
#[test]
fn the_charts_show_the_values_the_rules_use() {
    use regime_radar::engine::rule_id::RuleId;
    use regime_radar::engine::series::SeriesKind;

    let (small, large, full) = (load("IWM"), load("SPY"), load("GDPNOW"));
    // A file that stopped updating at the end of 2019: its last nowcast
    // goes stale in 2020 and both the rule and the chart must stop.
    let keep = full.dates.partition_point(|d| *d <= date("2019-12-31"));
    let gdpnow = Series::from_values(
        full.id.clone(),
        full.kind,
        full.frequency,
        full.dates[..keep].to_vec(),
        full.close[..keep].to_vec(),
    );
    let settings = RadarSettings::default();
    let radar = compute(
        &RadarInputs {
            small: Some(&small),
            large: Some(&large),
            macros: vec![&gdpnow],
            ..RadarInputs::default()
        },
        &settings,
        None,
    );
    let dashboard = Dashboard::new(
        &DashboardInputs {
            prices: vec![&small, &large],
            small: Some(&small),
            large: Some(&large),
            growth: None,
            macros: vec![&gdpnow],
            lags: PublicationLag::default(),
            fomc: None,
            as_of: None,
        },
        &settings,
        &radar,
    );
    let chart = dashboard
        .macros
        .iter()
        .find(|m| m.kind == SeriesKind::GrowthNowcast)
        .unwrap_or_else(|| panic!("no GDPNow panel"));
    let rule = radar
        .signals
        .rule(RuleId::GrowthGdpnow)
        .unwrap_or_else(|| panic!("no growth_gdpnow rule"));
    let rsi_rule = radar
        .signals
        .rule(RuleId::OverboughtRsi)
        .unwrap_or_else(|| panic!("no overbought_rsi rule"));
    let rsi_chart = &dashboard.prices[0].rsi;
    let (mut shown, mut stale, mut rsi_shown) = (0, 0, 0);
    for (i, day) in radar.signals.frame.dates.iter().enumerate() {
        let Ok(j) = dashboard.dates.binary_search(day) else {
            panic!("{day} is on the radar's calendar but not the dashboard's");
        };
        assert_eq!(chart.known[j], rule.day(i).value, "GDPNow on {day}");
        shown += usize::from(chart.known[j].is_some());
        stale += usize::from(chart.known[j].is_none() && i > 0 && rule.day(i - 1).value.is_some());
        assert_eq!(rsi_chart[j], rsi_rule.day(i).value, "RSI on {day}");
        rsi_shown += usize::from(rsi_chart[j].is_some());
    }
    assert!(shown > 1000, "GDPNow shown on {shown} sessions");
    assert!(stale >= 1, "the nowcast goes stale at least once");
    assert!(rsi_shown > 5000, "RSI shown on {rsi_shown} sessions");
    // Nothing drawn in the warm-up.
    let first = rsi_chart.iter().position(|v| v.is_some());
    assert!(first.is_some_and(|f| f >= 250), "first RSI at {first:?}");
}

/// The price panel's candles and volume pane read IWM's own open, high,
/// low and volume on the calendar (SPY's file has only closes: none), and
/// the volume average is the mean of the last 20 sessions' volumes.
#[test]
fn iwm_has_open_high_low_volume_on_the_calendar_and_spy_has_none() {
    use regime_radar::engine::dashboard::VOLUME_AVERAGE;
    let data = Data::bundled();
    let (dashboard, _) = data.dashboard(None);
    let iwm = &dashboard.prices[0];
    let spy = &dashboard.prices[1];
    assert_eq!(iwm.id, "IWM");
    assert!(iwm.has_ohlc() && iwm.volume.is_some());
    assert!(!spy.has_ohlc() && spy.volume.is_none() && spy.volume_sma.is_none());
    let column =
        |c: &Option<CalendarColumn>| c.as_ref().map(CalendarColumn::to_vec).unwrap_or_default();
    let (open, high, low) = (column(&iwm.open), column(&iwm.high), column(&iwm.low));
    let (volume, average) = (column(&iwm.volume), column(&iwm.volume_sma));
    let series = &data.prices[0];
    let own = |c: &Option<Vec<Option<f64>>>, k: usize| c.as_ref().and_then(|c| c[k]);
    let mut checked = 0;
    for (k, day) in series.dates.iter().enumerate() {
        let Ok(i) = dashboard.dates.binary_search(day) else {
            panic!("{day} missing from the calendar");
        };
        assert_eq!(open[i], own(&series.open, k), "open on {day}");
        assert_eq!(high[i], own(&series.high, k), "high on {day}");
        assert_eq!(low[i], own(&series.low, k), "low on {day}");
        assert_eq!(volume[i], own(&series.volume, k), "volume on {day}");
        if let (Some(h), Some(l), Some(c)) = (high[i], low[i], iwm.close[i]) {
            assert!(l <= c + 1e-9 && c <= h + 1e-9, "{l} ≤ {c} ≤ {h} on {day}");
        }
        if k + 1 >= VOLUME_AVERAGE {
            let window: Vec<f64> = series.volume.as_ref().map_or(Vec::new(), |v| {
                v[k + 1 - VOLUME_AVERAGE..=k]
                    .iter()
                    .flatten()
                    .copied()
                    .collect()
            });
            if window.len() == VOLUME_AVERAGE {
                let mean = window.iter().sum::<f64>() / VOLUME_AVERAGE as f64;
                let got = average[i].unwrap_or(f64::NAN);
                assert!(
                    (got - mean).abs() <= 1e-9 * mean.max(1.0),
                    "{got} vs {mean} on {day}"
                );
                checked += 1;
            }
        } else {
            assert_eq!(average[i], None, "no average before 20 sessions ({day})");
        }
    }
    assert!(checked > 5000, "{checked} averages checked");
    // Sessions IWM did not trade (SPY's longer history) have no bar.
    let before = dashboard.dates.partition_point(|d| *d < series.dates[0]);
    assert!(before > 0 && open[..before].iter().all(Option::is_none));
}

/// A Yahoo-style file (`Adj Close` used as the close, raw open, high and
/// low): the candle's open, high and low are adjusted by the session's
/// close / raw close, so every candle encloses its (adjusted) close.
#[test]
fn raw_open_high_low_are_adjusted_to_an_adjusted_close() {
    use regime_radar::engine::ingest::{ingest, IngestOptions};
    let csv = "Date,Open,High,Low,Close,Adj Close,Volume\n\
2024-01-02,100,110,90,105,52.5,1000\n\
2024-01-03,105,108,101,102,51,2000\n";
    let series = ingest(csv.as_bytes(), "XYZ.csv", &IngestOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .series;
    assert!(series.raw_close.is_some(), "the raw close is kept");
    let settings = RadarSettings::default();
    let radar = compute(&RadarInputs::default(), &settings, None);
    let dashboard = Dashboard::new(
        &DashboardInputs {
            prices: vec![&series],
            small: None,
            large: None,
            growth: None,
            macros: Vec::new(),
            lags: PublicationLag::default(),
            fomc: None,
            as_of: None,
        },
        &settings,
        &radar,
    );
    let p = &dashboard.prices[0];
    let column =
        |c: &Option<CalendarColumn>| c.as_ref().map(CalendarColumn::to_vec).unwrap_or_default();
    assert_eq!(p.close.to_vec(), vec![Some(52.5), Some(51.0)]);
    assert_eq!(column(&p.open), vec![Some(50.0), Some(52.5)]);
    assert_eq!(column(&p.high), vec![Some(55.0), Some(54.0)]);
    assert_eq!(column(&p.low), vec![Some(45.0), Some(50.5)]);
    assert_eq!(column(&p.volume), vec![Some(1000.0), Some(2000.0)]);
}

/// The page computes studies only for the series its panels show (the
/// price panel's and the small-cap one): those equal a full build's, every
/// other series keeps its closes and has no study or OHLCV column.
#[test]
fn studies_only_for_the_shown_series_equal_a_full_builds_and_skip_the_rest() {
    let data = Data::bundled();
    let (full, radar) = data.dashboard(None);
    let settings = RadarSettings::default();
    let inputs = data.inputs(None);
    // IWM is the small-cap series (the default), QQQ the price panel's pick.
    let mut build =
        regime_radar::engine::dashboard::DashboardBuild::new(&inputs, &settings, &radar)
            .with_studies_only_for_shown(Some("QQQ".to_string()));
    while build.step() {}
    let some = build.finish();
    assert_eq!(some.dates, full.dates);
    assert_eq!(some.prices.len(), full.prices.len());
    for (p, f) in some.prices.iter().zip(&full.prices) {
        assert_eq!(p.close, f.close, "{}: closes", p.id);
        if p.id == "SPY" {
            for (name, c) in [
                ("sma_fast", &p.sma_fast),
                ("rsi", &p.rsi),
                ("macd", &p.macd),
                ("bb_upper", &p.bb_upper),
            ] {
                assert!(c.stored().is_empty(), "SPY's {name} was computed");
            }
            assert!(p.atr.is_none() && p.volume.is_none());
        } else {
            assert_eq!(p.sma_fast, f.sma_fast, "{}", p.id);
            assert_eq!(p.sma_slow, f.sma_slow, "{}", p.id);
            assert_eq!(p.rsi, f.rsi, "{}", p.id);
            assert_eq!(p.macd_hist, f.macd_hist, "{}", p.id);
            assert_eq!(p.bb_lower, f.bb_lower, "{}", p.id);
            assert_eq!(p.atr, f.atr, "{}", p.id);
        }
    }
    // The ratio and the macro panels do not depend on the studies.
    assert_eq!(some.ratio, full.ratio);
    assert_eq!(some.macros.len(), full.macros.len());
}
