//! The dashboard's studies of one price series, on its own bars: MACD (line,
//! signal, histogram), Bollinger Bands (upper, middle, lower) and ATR, with
//! the TA-Lib-exact indicators of `engine::indicators` and the periods of
//! the settings' chart group. `engine::dashboard` places them on its
//! calendar.
//!
//! Invariants: a study is computed on the series' observations (a missing
//! close is skipped, not a reset, as the metrics table does), so on
//! gap-free data every value is TA-Lib's with the same periods, from the
//! same first bar (tested to 1e-9 on the bundled reference files). ATR
//! needs high and low: a file without them has no ATR, and says so
//! ([`AtrColumn::NoHighLow`]) rather than inventing a range from closes.
//! Periods the indicators refuse (MACD with fast > slow) give no values and
//! a reason, never a panic.

use super::indicators::{Atr, BollingerBands, BollingerParams, Macd, MacdParams};
use super::series::{Column, Series};
use super::settings::RadarSettings;

/// MACD's three lines, one value per observation of the series.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MacdColumns {
    pub macd: Vec<Option<f64>>,
    pub signal: Vec<Option<f64>>,
    pub histogram: Vec<Option<f64>>,
    /// Why there are no values (periods the indicator refuses).
    pub refused: Option<String>,
}

/// Bollinger Bands, one value per observation of the series.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BollingerColumns {
    pub upper: Vec<Option<f64>>,
    pub middle: Vec<Option<f64>>,
    pub lower: Vec<Option<f64>>,
}

/// ATR of a series, or why it has none.
#[derive(Debug, Clone, PartialEq)]
pub enum AtrColumn {
    /// One value per observation (`None` in the warm-up and on bars
    /// without a high, low or close).
    Values(Vec<Option<f64>>),
    /// The file had no high or no low column.
    NoHighLow,
}

impl AtrColumn {
    /// The values, if any.
    pub fn values(&self) -> Option<&[Option<f64>]> {
        match self {
            AtrColumn::Values(v) => Some(v),
            AtrColumn::NoHighLow => None,
        }
    }
}

/// The MACD periods of the settings.
pub fn macd_params(settings: &RadarSettings) -> MacdParams {
    MacdParams {
        fast: settings.macd_fast,
        slow: settings.macd_slow,
        signal: settings.macd_signal,
    }
}

/// The Bollinger parameters of the settings (one width both ways).
pub fn bollinger_params(settings: &RadarSettings) -> BollingerParams {
    BollingerParams {
        period: settings.bb_period,
        k_up: settings.bb_k,
        k_down: settings.bb_k,
    }
}

/// MACD of `close` on its observations.
pub fn macd_columns(close: &[Option<f64>], params: MacdParams) -> MacdColumns {
    let macd = match Macd::new(params) {
        Ok(m) => m,
        Err(e) => {
            return MacdColumns {
                macd: vec![None; close.len()],
                signal: vec![None; close.len()],
                histogram: vec![None; close.len()],
                refused: Some(e.to_string()),
            }
        }
    };
    // One MACD pass, then its three lines placed on the observations.
    let mut observed = Vec::with_capacity(close.len());
    observed.extend(close.iter().flatten());
    let out = macd.over(&observed);
    let line = |pick: fn(&super::indicators::MacdOutput) -> f64| {
        let mut values = out.iter().map(|o| o.as_ref().map(pick));
        close
            .iter()
            .map(|c| c.and_then(|_| values.next().flatten()))
            .collect::<Vec<_>>()
    };
    MacdColumns {
        macd: line(|o| o.macd),
        signal: line(|o| o.signal),
        histogram: line(|o| o.histogram),
        refused: None,
    }
}

/// Bollinger Bands of `close` on its observations.
pub fn bollinger_columns(close: &[Option<f64>], params: BollingerParams) -> BollingerColumns {
    let Ok(bb) = BollingerBands::new(params) else {
        return BollingerColumns {
            upper: vec![None; close.len()],
            middle: vec![None; close.len()],
            lower: vec![None; close.len()],
        };
    };
    let bands = on_bands(close, &bb);
    BollingerColumns {
        upper: bands.iter().map(|b| b.map(|b| b.upper)).collect(),
        middle: bands.iter().map(|b| b.map(|b| b.middle)).collect(),
        lower: bands.iter().map(|b| b.map(|b| b.lower)).collect(),
    }
}

fn on_bands(close: &[Option<f64>], bb: &BollingerBands) -> Vec<Option<super::indicators::Bands>> {
    let mut observed = Vec::with_capacity(close.len());
    observed.extend(close.iter().flatten());
    let mut values = bb.over(&observed).into_iter();
    close
        .iter()
        .map(|c| c.and_then(|_| values.next().flatten()))
        .collect()
}

/// ATR of `series` over the bars that have a high, a low and a close (a
/// bar missing one is skipped, as a missing close is by the other studies).
pub fn atr_column(series: &Series, period: usize) -> AtrColumn {
    let (Some(high), Some(low)) = (&series.high, &series.low) else {
        return AtrColumn::NoHighLow;
    };
    let full = |i: usize| -> Option<(f64, f64, f64)> {
        let at = |c: &Column| c.get(i).copied().flatten().filter(|v| v.is_finite());
        Some((at(high)?, at(low)?, at(&series.close)?))
    };
    let bars: Vec<Option<(f64, f64, f64)>> = (0..series.close.len()).map(full).collect();
    let Ok(atr) = Atr::new(period) else {
        return AtrColumn::Values(vec![None; bars.len()]);
    };
    let (mut h, mut l, mut c) = (Vec::new(), Vec::new(), Vec::new());
    for (bh, bl, bc) in bars.iter().flatten() {
        h.push(*bh);
        l.push(*bl);
        c.push(*bc);
    }
    let mut values = atr.over(&h, &l, &c).into_iter();
    AtrColumn::Values(
        bars.iter()
            .map(|b| b.and_then(|_| values.next().flatten()))
            .collect(),
    )
}
