//! The dashboard's CSV export: the visible sessions of every computed
//! column, exactly as the charts draw them (full precision, blank = none),
//! with every rule's state and the regime on that date.
//!
//! Invariant: nothing here computes; it only writes the dashboard's and
//! the radar's columns out. On weekly or monthly bars a rule's state is
//! the one of the bar's date (the rules stay daily).

use std::ops::Range;

use super::column::SessionValues;
use super::dashboard::{CalendarColumn, Dashboard};
use super::radar::Radar;
use super::settings::RadarSettings;
use super::signals::State;
use super::units::Units;

/// The visible sessions (bars) as one CSV: the date, every price close, the
/// chosen series' SMAs, RSI and studies (named `macd:macd`, …,
/// `atr:atr`, as the tooltip rows' `data-series`), the ratio, its MA and the streak, every
/// macro value as known, every rule's state and the regime — the computed
/// series exactly as the page draws them (full precision, blank = none).
pub fn visible_csv(
    dashboard: &Dashboard,
    radar: &Radar,
    chosen: Option<usize>,
    settings: &RadarSettings,
    visible: Range<usize>,
) -> String {
    let mut header: Vec<String> = vec!["date".to_string()];
    let mut columns: Vec<&dyn SessionValues> = Vec::new();
    for p in &dashboard.prices {
        header.push(format!("{}_close", p.id));
        columns.push(&p.close);
    }
    if let Some(p) = chosen.and_then(|i| dashboard.prices.get(i)) {
        header.push(format!("{}_sma{}", p.id, settings.sma_fast));
        columns.push(&p.sma_fast);
        header.push(format!("{}_sma{}", p.id, settings.sma_slow));
        columns.push(&p.sma_slow);
        header.push(format!("{}_rsi{}", p.id, settings.rsi_period));
        columns.push(&p.rsi);
        // The studies under their tooltip rows' names (`macd:macd`, …).
        let studies: [(&str, &CalendarColumn); 6] = [
            ("macd:macd", &p.macd),
            ("macd:signal", &p.macd_signal),
            ("macd:hist", &p.macd_hist),
            ("price:bb_upper", &p.bb_upper),
            ("price:bb_middle", &p.bb_middle),
            ("price:bb_lower", &p.bb_lower),
        ];
        for (name, column) in studies {
            header.push(name.to_string());
            columns.push(column);
        }
        if let Some(atr) = &p.atr {
            header.push("atr:atr".to_string());
            columns.push(atr);
        }
    }
    if let Some(r) = &dashboard.ratio {
        header.push(format!("ratio_{}", r.label.replace('/', "_")));
        columns.push(&r.ratio);
        header.push(format!("ratio_sma{}", settings.sma_fast));
        columns.push(&r.ratio_ma);
        header.push("streak".to_string());
        columns.push(&r.streak);
    }
    for m in &dashboard.macros {
        // Levels keep their historical name; other units carry FRED's code.
        match m.units {
            Units::Lin => header.push(format!("{}_known", m.id)),
            units => header.push(format!("{}_known_{}", m.id, units.code())),
        }
        columns.push(&m.known);
        if let Some(derived) = &m.derived {
            let name = derived.name.to_lowercase().replace([' ', '-'], "_");
            header.push(format!("{}_{name}", m.id));
            columns.push(&derived.values);
        }
    }
    let frame = &radar.signals.frame;
    for rule in &radar.signals.rules {
        header.push(rule.rule.as_str().to_string());
    }
    header.push("regime".to_string());

    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(&header);
    let end = visible.end.min(dashboard.dates.len());
    for i in visible.start.min(end)..end {
        let date = dashboard.dates[i];
        let mut record: Vec<String> = vec![date.to_string()];
        for column in &columns {
            record.push(column.value(i).map(|v| v.to_string()).unwrap_or_default());
        }
        let at = frame.dates.binary_search(&date).ok();
        for rule in &radar.signals.rules {
            let state = at.map_or(State::NoData, |k| radar.signals.state(rule.rule, k));
            record.push(state.as_str().to_string());
        }
        let regime = at
            .and_then(|k| radar.regime.at(k))
            .map(|d| d.regime.as_str());
        record.push(regime.unwrap_or("").to_string());
        let _ = writer.write_record(&record);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}
