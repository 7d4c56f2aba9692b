//! Weekly and monthly bars (`engine::resample`), checked by hand on the
//! bundled IWM file and by property on random daily data.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use regime_radar::engine::indicators::WilderRsi;
use regime_radar::engine::resample::{resample, Timeframe};
use regime_radar::engine::series::{Frequency, Series, SeriesId, SeriesKind};

use common::{date, load};

/// The week of Good Friday 2024 (no session on 2024-03-29), from the rows
/// of public/data/IWM.csv:
///   03-25 O 201.57755205572312 H 202.84156959044984 L 201.37177410975085 C 201.4011688232422 V 20107800
///   03-26 O 202.88075301293378 H 203.45886892475147 L 200.8622364723287  C 201.03860473632812 V 23434800
///   03-27 O 202.63580051423966 H 205.4872072495835  L 202.0086883926911  C 205.41860961914062 V 35028400
///   03-28 O 205.8497821684794  H 207.6135399411251  L 205.61460948161513 C 206.0653533935547 V 37675100
/// → one bar dated Thursday 03-28: open of Monday, highest high (Thursday),
/// lowest low (Tuesday), Thursday's close, volume 116,246,100.
#[test]
fn a_holiday_week_is_one_bar_on_its_last_session() {
    let iwm = load("IWM");
    let weekly = resample(&iwm, Timeframe::Weekly);
    assert_eq!(weekly.frequency, Frequency::Weekly);
    let i = weekly
        .dates
        .iter()
        .position(|d| *d == date("2024-03-28"))
        .unwrap_or_else(|| panic!("no bar on 2024-03-28"));
    let col = |c: &Option<Vec<Option<f64>>>| c.as_ref().and_then(|c| c[i]);
    assert_eq!(col(&weekly.open), Some(201.57755205572312));
    assert_eq!(col(&weekly.high), Some(207.6135399411251));
    assert_eq!(col(&weekly.low), Some(200.8622364723287));
    assert_eq!(weekly.close[i], Some(206.0653533935547));
    assert_eq!(col(&weekly.volume), Some(116_246_100.0));
    // The next bar starts on Monday 04-01.
    assert!(weekly.dates[i + 1] >= date("2024-04-01"));
}

/// Monthly bars end on the month's last session; their closes are the
/// daily closes on those sessions, and a 14-week RSI is Wilder's RSI on the
/// weekly closes (what commentators quote), not on daily ones.
#[test]
fn monthly_bars_and_a_weekly_rsi_on_real_data() {
    let iwm = load("IWM");
    let monthly = resample(&iwm, Timeframe::Monthly);
    assert_eq!(monthly.frequency, Frequency::Monthly);
    for (d, c) in monthly.dates.iter().zip(&monthly.close) {
        let k = iwm
            .dates
            .binary_search(d)
            .unwrap_or_else(|_| panic!("{d} not a session"));
        assert_eq!(*c, iwm.close[k], "close of the month ending {d}");
        // No later session in the same month.
        if let Some(next) = iwm.dates.get(k + 1) {
            assert_ne!((next.year(), next.month()), (d.year(), d.month()), "{d}");
        }
    }
    let weekly = resample(&iwm, Timeframe::Weekly);
    let closes: Vec<f64> = weekly.close.iter().flatten().copied().collect();
    let weekly_rsi = WilderRsi::new(14)
        .map(|r| r.over(&closes))
        .unwrap_or_default();
    let daily: Vec<f64> = iwm.close.iter().flatten().copied().collect();
    let daily_rsi = WilderRsi::new(14)
        .map(|r| r.over(&daily))
        .unwrap_or_default();
    let (w, d) = (
        weekly_rsi.last().copied().flatten(),
        daily_rsi.last().copied().flatten(),
    );
    assert!(
        w.is_some() && d.is_some() && w != d,
        "weekly {w:?} vs daily {d:?}"
    );
    assert_eq!(
        resample(&iwm, Timeframe::Daily),
        iwm,
        "daily bars are the file itself"
    );
    assert_eq!(Timeframe::parse("w"), Some(Timeframe::Weekly));
    assert_eq!(Timeframe::parse("x"), None);
}

/// A file without open/high/low/volume gets bars without them: nothing is
/// invented from the close.
#[test]
fn missing_columns_stay_missing() {
    let spy = load("SPY");
    assert!(spy.open.is_none());
    let weekly = resample(&spy, Timeframe::Weekly);
    assert!(weekly.open.is_none() && weekly.high.is_none() && weekly.volume.is_none());
    assert!(weekly.len() > 1000);
}

fn daily_series(values: &[(u16, Option<f64>)]) -> Series {
    let mut day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    let mut dates = Vec::new();
    let mut closes = Vec::new();
    for (gap, v) in values {
        day = day + chrono::Days::new(u64::from(*gap % 4) + 1);
        dates.push(day);
        closes.push(*v);
    }
    let mut s = Series::from_values(
        SeriesId::sanitized("P"),
        SeriesKind::Price,
        Frequency::Daily,
        dates,
        closes.clone(),
    );
    s.high = Some(closes.iter().map(|c| c.map(|c| c * 1.01)).collect());
    s.low = Some(closes.iter().map(|c| c.map(|c| c * 0.99)).collect());
    s.volume = Some(closes.iter().map(|c| c.map(|_| 10.0)).collect());
    s
}

proptest! {
    /// Bars use only their own period: resampling a prefix gives the full
    /// data's bars, except that its last bar may be the unfinished one.
    /// Every bar's high ≥ its close ≥ its low, and volumes add up.
    #[test]
    fn bars_of_a_prefix_are_the_bars_of_the_whole(
        values in prop::collection::vec((0u16..8, prop::option::weighted(0.9, 1.0f64..500.0)), 1..300),
        cut in 0usize..300,
        monthly in any::<bool>(),
    ) {
        let timeframe = if monthly { Timeframe::Monthly } else { Timeframe::Weekly };
        let full = daily_series(&values);
        let cut = cut.min(values.len());
        let prefix = daily_series(&values[..cut]);
        let (a, b) = (resample(&full, timeframe), resample(&prefix, timeframe));
        let settled = b.len().saturating_sub(1);
        prop_assert_eq!(&a.dates[..settled], &b.dates[..settled]);
        prop_assert_eq!(&a.close[..settled], &b.close[..settled]);
        for i in 0..a.len() {
            let (h, l, c) = (
                a.high.as_ref().and_then(|x| x[i]),
                a.low.as_ref().and_then(|x| x[i]),
                a.close[i],
            );
            if let (Some(h), Some(l), Some(c)) = (h, l, c) {
                prop_assert!(h >= c && c >= l);
            }
        }
        let total: f64 = a.volume.iter().flatten().flatten().sum();
        let daily_total = values.iter().filter(|(_, v)| v.is_some()).count() as f64 * 10.0;
        prop_assert!((total - daily_total).abs() < 1e-9);
    }
}
