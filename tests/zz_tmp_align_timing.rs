use chrono::{Days, NaiveDate};
use regime_radar::engine::align::*;
use regime_radar::engine::series::*;
use std::time::Instant;
#[test]
fn timing() {
    let base = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let n = 1_000_000u64;
    let dates: Vec<NaiveDate> = (0..n)
        .map(|i| base.checked_add_days(Days::new(i)).unwrap())
        .collect();
    let a = Series::from_values(
        SeriesId::sanitized("A"),
        SeriesKind::Price,
        Frequency::Daily,
        dates.clone(),
        (0..n)
            .map(|i| if i % 7 == 0 { None } else { Some(i as f64) })
            .collect(),
    );
    let b = Series::from_values(
        SeriesId::sanitized("B"),
        SeriesKind::Price,
        Frequency::Daily,
        dates.iter().step_by(2).copied().collect(),
        (0..n / 2).map(|i| Some(i as f64)).collect(),
    );
    for mode in [JoinMode::Intersection, JoinMode::Union] {
        let t = Instant::now();
        let r = align_prices(&[&a, &b], mode);
        eprintln!(
            "align_prices 1M+0.5M rows {:?}: {:?} ({} dates)",
            mode,
            t.elapsed(),
            r.len()
        );
    }
    let weekly: Vec<NaiveDate> = dates.iter().step_by(7).copied().collect();
    let m = Series::from_values(
        SeriesId::sanitized("ICSA"),
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        weekly.clone(),
        weekly.iter().map(|_| Some(1.0)).collect(),
    );
    let t = Instant::now();
    let r = align_as_of_release(&m, &PublicationLag::default(), &dates);
    eprintln!(
        "align_as_of_release 143k weekly obs on 1M-day calendar: {:?} ({})",
        t.elapsed(),
        r.len()
    );
}
