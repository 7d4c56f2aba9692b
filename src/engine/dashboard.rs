//! What the dashboard's time panels draw: every column on one shared
//! session calendar (the union of the loaded price series, cut at the as-of
//! date), computed once per change of the data or settings. Zooming and
//! panning only pick a range of sessions; the charts cut these columns.
//!
//! Invariant: every column is computed on the whole calendar up to the
//! as-of date, so an indicator's warm-up never depends on the window, and
//! nothing here reads past the as-of date. Macro values are as released
//! (the align rule), except the recession shading, which is NBER's dating
//! in hindsight and labelled so.

use std::ops::Range;

use chrono::NaiveDate;

use super::align::{align_prices, union_calendar, JoinMode, PublicationLag};
use super::calendar::FomcCalendar;
pub use super::column::{CalendarColumn, SessionValues};
use super::indicators::{
    weekly_last, zip_pairs, Indicator, OutperformanceStreak, RecordHigh, RrgApprox, RrgParams, Sma,
    WilderRsi,
};
use super::radar::Radar;
use super::regime::Regime;
use super::resample::{on_common_bars, Timeframe};
use super::series::{Series, SeriesKind};
use super::settings::RadarSettings;
use super::signals::{as_known_column, on_observations, rsi_column};
use super::studies::{
    atr_column, bollinger_columns, bollinger_params, macd_columns, macd_params, AtrColumn,
};
use super::units::Units;

use super::macro_columns::{derived_macro, recession_spans};
pub use super::macro_columns::{Derived, MacroColumns};

/// One price series on the calendar with what the price and RSI panels draw.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceColumns {
    pub id: String,
    pub close: CalendarColumn,
    pub sma_fast: CalendarColumn,
    pub sma_slow: CalendarColumn,
    pub rsi: CalendarColumn,
    /// MACD line, signal and histogram (`macd_fast` / `macd_slow` /
    /// `macd_signal`), TA-Lib `MACD`.
    pub macd: CalendarColumn,
    pub macd_signal: CalendarColumn,
    pub macd_hist: CalendarColumn,
    /// Why MACD has no values (periods it refuses), if so.
    pub macd_refused: Option<String>,
    /// Bollinger Bands (`bb_period`, `bb_k`), TA-Lib `BBANDS` with an SMA.
    pub bb_upper: CalendarColumn,
    pub bb_middle: CalendarColumn,
    pub bb_lower: CalendarColumn,
    /// ATR (`atr_period`), TA-Lib `ATR`; `None` when the file has no high
    /// or low column.
    pub atr: Option<CalendarColumn>,
    /// Sessions closing at a record high of the loaded history (the first
    /// close does not count: a record needs something to beat).
    pub record_highs: Vec<usize>,
    /// Open, high, low and volume on the calendar; each `None` when the
    /// file has no such column (the bundled index files have only closes).
    pub open: Option<CalendarColumn>,
    pub high: Option<CalendarColumn>,
    pub low: Option<CalendarColumn>,
    pub volume: Option<CalendarColumn>,
    /// The [`VOLUME_AVERAGE`]-session simple average of the volume, over
    /// the sessions that have one; `None` without volume.
    pub volume_sma: Option<CalendarColumn>,
}

/// Sessions (bars) of the volume pane's moving average.
pub const VOLUME_AVERAGE: usize = 20;

impl PriceColumns {
    /// Whether the series can be drawn as candles or OHLC bars: it has
    /// open, high and low columns.
    pub fn has_ohlc(&self) -> bool {
        self.open.is_some() && self.high.is_some() && self.low.is_some()
    }
}

/// The small/large ratio with its moving average and the outperformance
/// streak (sessions in a row small beat large, negative when it lagged).
#[derive(Debug, Clone, PartialEq)]
pub struct RatioColumns {
    pub label: String,
    pub ratio: CalendarColumn,
    pub ratio_ma: CalendarColumn,
    /// Sessions in a row (a whole number), on the sessions both series
    /// span.
    pub streak: CalendarColumn,
}

/// A run of sessions in one regime, for shading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegimeSpan {
    pub sessions: Range<usize>,
    pub regime: Regime,
}

/// A relative-rotation tail: weekly (date, RS-Ratio, RS-Momentum) points
/// of one series against the large-cap role, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct RotationTail {
    pub id: String,
    pub points: Vec<(NaiveDate, f64, f64)>,
}

/// The compare panel's rebased lines over the visible window only (a
/// zoom on a million-session calendar must not allocate a million values
/// per line), and whether the intersection was empty so all sessions are
/// used.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    /// The calendar index of every line's first value.
    pub first: usize,
    pub lines: Vec<(String, Vec<Option<f64>>)>,
    pub fell_back: bool,
}

impl Compared {
    /// A line's value at calendar session `i` (`None` outside the window).
    pub fn value(&self, line: usize, i: usize) -> Option<f64> {
        let (_, values) = self.lines.get(line)?;
        values.get(i.checked_sub(self.first)?).copied().flatten()
    }
}

/// Everything the time panels draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dashboard {
    /// The bar length of the calendar (the `timeframe` setting): on weekly
    /// or monthly bars each date is the last session of its period.
    pub timeframe: Timeframe,
    pub dates: Vec<NaiveDate>,
    /// Every price series, in load order.
    pub prices: Vec<PriceColumns>,
    /// Indexes into `prices` of the role series.
    pub small: Option<usize>,
    pub large: Option<usize>,
    pub growth: Option<usize>,
    pub ratio: Option<RatioColumns>,
    pub macros: Vec<MacroColumns>,
    pub regimes: Vec<RegimeSpan>,
    /// Sessions inside an NBER recession month (USREC = 1), in hindsight.
    pub recessions: Vec<Range<usize>>,
    /// The session of each FOMC decision day on the calendar.
    pub fomc: Vec<usize>,
    /// Weekly RRG points of each non-benchmark price series (whole
    /// history up to the as-of date; the panel shows a tail ending at the
    /// visible window's end).
    pub rotation: Vec<RotationTail>,
}

/// What the dashboard is computed from.
pub struct DashboardInputs<'a> {
    pub prices: Vec<&'a Series>,
    pub small: Option<&'a Series>,
    pub large: Option<&'a Series>,
    pub growth: Option<&'a Series>,
    pub macros: Vec<&'a Series>,
    pub lags: PublicationLag,
    pub fomc: Option<&'a FomcCalendar>,
    pub as_of: Option<NaiveDate>,
}

/// `values` (one per `dates`, ascending) placed on `calendar` (ascending,
/// a superset of `dates` in practice): a session the series lacks is `None`.
/// The whole calendar's values of [`CalendarColumn::place`].
pub fn on_calendar(
    calendar: &[NaiveDate],
    dates: &[NaiveDate],
    values: &[Option<f64>],
) -> Vec<Option<f64>> {
    CalendarColumn::place(calendar, dates, values).to_vec()
}

/// The sessions of `calendar` from `start` to `end` inclusive, as a range.
fn span_of(calendar: &[NaiveDate], start: NaiveDate, end: NaiveDate) -> Range<usize> {
    calendar.partition_point(|d| *d < start)..calendar.partition_point(|d| *d <= end)
}

/// A price series' closes and record highs on the calendar (its
/// indicators come in their own steps).
fn price_close(series: &Series, calendar: &[NaiveDate]) -> PriceColumns {
    let own: &[Option<f64>] = &series.close;
    let records = RecordHigh::new().over_gappy(own);
    let record_highs = series
        .dates
        .iter()
        .zip(&records)
        .filter(|(_, r)| **r == Some(true))
        .filter_map(|(d, _)| calendar.binary_search(d).ok())
        .collect();
    PriceColumns {
        id: series.id.to_string(),
        close: CalendarColumn::place(calendar, &series.dates, own),
        sma_fast: CalendarColumn::empty(calendar.len()),
        sma_slow: CalendarColumn::empty(calendar.len()),
        rsi: CalendarColumn::empty(calendar.len()),
        macd: CalendarColumn::empty(calendar.len()),
        macd_signal: CalendarColumn::empty(calendar.len()),
        macd_hist: CalendarColumn::empty(calendar.len()),
        macd_refused: None,
        bb_upper: CalendarColumn::empty(calendar.len()),
        bb_middle: CalendarColumn::empty(calendar.len()),
        bb_lower: CalendarColumn::empty(calendar.len()),
        atr: None,
        record_highs,
        open: None,
        high: None,
        low: None,
        volume: None,
        volume_sma: None,
    }
}

/// Open, high, low, volume and the volume's average of `series` on the
/// calendar (each `None` where the file has no such column). When the
/// close is an adjusted close (`raw_close` kept: Yahoo's *Adj Close*,
/// Tiingo's `adjClose`) and the open, high and low are the raw ones, they
/// are adjusted by the session's close / raw close, so a candle encloses
/// its close (the factor splits and dividends apply to every price of the
/// day).
fn ohlcv_on_calendar(series: &Series, calendar: &[NaiveDate], p: &mut PriceColumns) {
    let factor = |i: usize| -> Option<f64> {
        let raw = series.raw_close.as_ref()?.get(i).copied().flatten()?;
        let close = series.close.get(i).copied().flatten()?;
        Some(close / raw).filter(|f| f.is_finite() && *f > 0.0)
    };
    let adjusted = |c: &Vec<Option<f64>>| -> Vec<Option<f64>> {
        if series.raw_close.is_none() {
            return c.clone();
        }
        c.iter()
            .enumerate()
            .map(|(i, v)| v.and_then(|v| factor(i).map(|f| v * f)))
            .collect()
    };
    let place = |c: &Option<Vec<Option<f64>>>| {
        c.as_ref()
            .map(|c| CalendarColumn::place(calendar, &series.dates, &adjusted(c)))
    };
    (p.open, p.high, p.low) = (place(&series.open), place(&series.high), place(&series.low));
    p.volume = series
        .volume
        .as_deref()
        .map(|v| CalendarColumn::place(calendar, &series.dates, v));
    p.volume_sma = series.volume.as_deref().map(|v| {
        let own = match Sma::new(VOLUME_AVERAGE) {
            Ok(sma) => on_observations(v, |v| sma.over(v)),
            Err(_) => vec![None; v.len()],
        };
        CalendarColumn::place(calendar, &series.dates, &own)
    });
}

// Indicators on the series' own observations (as the metrics table and the
// trend rules compute them), then placed on the calendar.

fn sma_on_calendar(series: &Series, calendar: &[NaiveDate], period: usize) -> CalendarColumn {
    let own = match Sma::new(period) {
        Ok(sma) => on_observations(&series.close, |c| sma.over(c)),
        Err(_) => vec![None; series.close.len()],
    };
    CalendarColumn::place(calendar, &series.dates, &own)
}

/// The overbought rule's RSI column (same warm-up: nothing until
/// `RSI_MIN_HISTORY` observations precede), so the panel never draws an RSI
/// the rule does not act on.
/// On weekly or monthly bars (which no rule reads) the RSI is TA-Lib's from
/// its first value: 250 monthly bars would hide twenty years.
fn rsi_on_calendar(
    series: &Series,
    calendar: &[NaiveDate],
    period: usize,
    timeframe: Timeframe,
) -> CalendarColumn {
    let own = match (timeframe, WilderRsi::new(period)) {
        (Timeframe::Daily, _) => rsi_column(&series.close, period),
        (_, Ok(rsi)) => on_observations(&series.close, |c| rsi.over(c)),
        (_, Err(_)) => vec![None; series.close.len()],
    };
    CalendarColumn::place(calendar, &series.dates, &own)
}

fn ratio_columns(small: &PriceColumns, large: &PriceColumns, ma: usize) -> RatioColumns {
    // Only the sessions both series span can have a ratio.
    let (a, b) = (&small.close, &large.close);
    let start = a.span().start.max(b.span().start);
    let end = a.span().end.min(b.span().end).max(start);
    let small_close: Vec<Option<f64>> = a.range(start..end).collect();
    let large_close: Vec<Option<f64>> = b.range(start..end).collect();
    let ratio = super::indicators::ratio(&small_close, &large_close);
    let ratio_ma = match Sma::new(ma) {
        Ok(sma) => on_observations(&ratio, |r| sma.over(r)),
        Err(_) => vec![None; ratio.len()],
    };
    // The streak counts sessions both series traded (as the metrics
    // table's `streak` does): a gap in either is skipped, not a reset.
    let mut counter = OutperformanceStreak::new();
    let streak = zip_pairs(&small_close, &large_close)
        .into_iter()
        .map(|pair| pair.and_then(|p| counter.next(p)).map(|s| s as f64))
        .collect();
    RatioColumns {
        label: format!("{}/{}", small.id, large.id),
        ratio: CalendarColumn::new(start, a.len(), ratio),
        ratio_ma: CalendarColumn::new(start, a.len(), ratio_ma),
        streak: CalendarColumn::new(start, a.len(), streak),
    }
}

fn rotation_tail(series: &Series, benchmark: &Series, until: Option<NaiveDate>) -> RotationTail {
    let pair: Vec<&Series> = vec![series, benchmark];
    let aligned = align_prices(&pair, JoinMode::Intersection);
    let keep = until.map_or(aligned.dates.len(), |d| {
        aligned.dates.partition_point(|x| *x <= d)
    });
    let dates = &aligned.dates[..keep];
    let column = |i: usize| aligned.closes.get(i).map(|c| &c[..keep]).unwrap_or(&[]);
    let (weeks, a) = weekly_last(dates, column(0));
    let (_, b) = weekly_last(dates, column(1));
    let points = match RrgApprox::new(RrgParams::default()) {
        Ok(rrg) => {
            let pairs: Vec<Option<(f64, f64)>> =
                a.iter().zip(&b).map(|(x, y)| Some((*x, *y))).collect();
            weeks
                .iter()
                .zip(rrg.over_gappy(&pairs))
                .filter_map(|(d, p)| p.map(|p| (*d, p.rs_ratio, p.rs_momentum)))
                .collect()
        }
        Err(_) => Vec::new(),
    };
    RotationTail {
        id: series.id.to_string(),
        points,
    }
}

/// What a [`DashboardBuild`] computes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Calendar,
    /// One column of the price series at this index.
    Price(usize, PricePiece),
    Ratio,
    /// The macro series at this index: its values as known, then its
    /// derived value.
    Macro(usize),
    MacroDerived(usize),
    /// Regime shading, recession spans and FOMC sessions (one pass each).
    Marks,
    /// The rotation tail of the price series at this index.
    Rotation(usize),
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PricePiece {
    Close,
    SmaFast,
    SmaSlow,
    Rsi,
    Macd,
    Bollinger,
    Atr,
    Ohlcv,
}

/// The dashboard computed one piece at a time — at most one column over
/// the calendar per [`step`](Self::step) — so a page can let the browser
/// paint and answer input between pieces: on a million-session calendar
/// the whole computation is far longer than a frame. Stepping to the end
/// gives exactly [`Dashboard::new`].
pub struct DashboardBuild<'a> {
    inputs: &'a DashboardInputs<'a>,
    /// The price series on weekly or monthly bars (empty on daily: the
    /// inputs are used as they are).
    bars: Vec<Series>,
    settings: &'a RadarSettings,
    radar: &'a Radar,
    /// The macro panels' units by series id (absent: levels).
    units: &'a [(String, Units)],
    /// Studies only for the series the panels show: `Some(choice)` is the
    /// price panel's pick (by id, if any); `None`: every series. See
    /// [`with_studies_only_for_shown`](Self::with_studies_only_for_shown).
    studied: Option<Option<String>>,
    next: Piece,
    out: Dashboard,
}

impl<'a> DashboardBuild<'a> {
    pub fn new(
        inputs: &'a DashboardInputs<'a>,
        settings: &'a RadarSettings,
        radar: &'a Radar,
    ) -> Self {
        DashboardBuild {
            inputs,
            bars: Vec::new(),
            settings,
            radar,
            units: &[],
            studied: None,
            next: Piece::Calendar,
            out: Dashboard::default(),
        }
    }

    /// The macro panels in FRED's units (`ICSA` → `pc1`), by series id.
    pub fn with_units(mut self, units: &'a [(String, Units)]) -> Self {
        self.units = units;
        self
    }

    /// Only the series the panels show get their SMAs, RSI, MACD,
    /// Bollinger Bands, ATR and OHLCV columns: the price panel's `choice`
    /// (a series id, if the user picked one) and the default price series
    /// ([`Dashboard::default_price`]: the small-cap series, else the first,
    /// which the RSI panel shows and the price panel shows without a
    /// choice). The others get their closes (the compare lines, the ratio,
    /// the export's closes). With a million-session file loaded beside the
    /// samples, that file's fifteen unused columns were 240 MB
    /// (docs/performance.md, "Studies only for the shown series"). Another
    /// choice rebuilds the dashboard.
    pub fn with_studies_only_for_shown(mut self, choice: Option<String>) -> Self {
        self.studied = Some(choice);
        self
    }

    /// Whether price series `i` gets its studies.
    fn studies(&self, i: usize, series: &Series) -> bool {
        let Some(choice) = &self.studied else {
            return true;
        };
        let default = match self.inputs.small {
            Some(small) => small.id == series.id,
            None => i == 0,
        };
        default || choice.as_deref() == Some(series.id.as_str())
    }

    /// Computes the next piece; `false` once everything is computed.
    pub fn step(&mut self) -> bool {
        let inputs = self.inputs;
        let settings = self.settings;
        let dates = &self.out.dates;
        self.next = match self.next {
            Piece::Calendar => {
                let timeframe = settings.timeframe;
                self.out.timeframe = timeframe;
                if timeframe != Timeframe::Daily {
                    self.bars = on_common_bars(&inputs.prices, timeframe, inputs.as_of);
                }
                let mut dates = if self.bars.is_empty() {
                    union_calendar(&inputs.prices)
                } else {
                    union_calendar(&self.bars.iter().collect::<Vec<_>>())
                };
                let keep = inputs
                    .as_of
                    .map_or(dates.len(), |d| dates.partition_point(|x| *x <= d));
                dates.truncate(keep);
                self.out.dates = dates;
                let index_of = |role: Option<&Series>| {
                    role.and_then(|r| inputs.prices.iter().position(|s| std::ptr::eq(*s, r)))
                };
                self.out.small = index_of(inputs.small);
                self.out.large = index_of(inputs.large);
                self.out.growth = index_of(inputs.growth);
                self.out.prices = Vec::with_capacity(inputs.prices.len());
                self.after_prices(0)
            }
            Piece::Price(i, piece) => {
                // Indicators are causal, so computing them on whole series
                // and placing them on the cut calendar equals computing
                // them on the cut.
                let series = self.bars.get(i).unwrap_or(inputs.prices[i]);
                match piece {
                    PricePiece::Close => {
                        self.out.prices.push(price_close(series, dates));
                        if self.studies(i, series) {
                            Piece::Price(i, PricePiece::SmaFast)
                        } else {
                            self.after_prices(i + 1)
                        }
                    }
                    PricePiece::SmaFast => {
                        let column = sma_on_calendar(series, dates, settings.sma_fast);
                        self.out.prices[i].sma_fast = column;
                        Piece::Price(i, PricePiece::SmaSlow)
                    }
                    PricePiece::SmaSlow => {
                        let column = sma_on_calendar(series, dates, settings.sma_slow);
                        self.out.prices[i].sma_slow = column;
                        Piece::Price(i, PricePiece::Rsi)
                    }
                    PricePiece::Rsi => {
                        let timeframe = settings.timeframe;
                        let column = rsi_on_calendar(series, dates, settings.rsi_period, timeframe);
                        self.out.prices[i].rsi = column;
                        Piece::Price(i, PricePiece::Macd)
                    }
                    PricePiece::Macd => {
                        let m = macd_columns(&series.close, macd_params(settings));
                        let place =
                            |c: &[Option<f64>]| CalendarColumn::place(dates, &series.dates, c);
                        let p = &mut self.out.prices[i];
                        (p.macd, p.macd_signal) = (place(&m.macd), place(&m.signal));
                        (p.macd_hist, p.macd_refused) = (place(&m.histogram), m.refused);
                        Piece::Price(i, PricePiece::Bollinger)
                    }
                    PricePiece::Bollinger => {
                        let b = bollinger_columns(&series.close, bollinger_params(settings));
                        let place =
                            |c: &[Option<f64>]| CalendarColumn::place(dates, &series.dates, c);
                        let p = &mut self.out.prices[i];
                        (p.bb_upper, p.bb_middle) = (place(&b.upper), place(&b.middle));
                        p.bb_lower = place(&b.lower);
                        Piece::Price(i, PricePiece::Atr)
                    }
                    PricePiece::Atr => {
                        self.out.prices[i].atr = match atr_column(series, settings.atr_period) {
                            AtrColumn::Values(v) => {
                                Some(CalendarColumn::place(dates, &series.dates, &v))
                            }
                            AtrColumn::NoHighLow => None,
                        };
                        Piece::Price(i, PricePiece::Ohlcv)
                    }
                    PricePiece::Ohlcv => {
                        // Four placements and one average: linear copies,
                        // cheaper together than one indicator column.
                        ohlcv_on_calendar(series, dates, &mut self.out.prices[i]);
                        self.after_prices(i + 1)
                    }
                }
            }
            Piece::Ratio => {
                self.out.ratio = match (self.out.small, self.out.large) {
                    (Some(s), Some(l)) => Some(ratio_columns(
                        &self.out.prices[s],
                        &self.out.prices[l],
                        settings.sma_fast,
                    )),
                    _ => None,
                };
                self.after_macros(0)
            }
            Piece::Macro(i) => {
                let series = inputs.macros[i];
                let units = self.units_of(series);
                self.out.macros.push(MacroColumns {
                    id: series.id.to_string(),
                    kind: series.kind,
                    units,
                    // The rules' walk, staleness cut included: the chart
                    // shows a value exactly where the rules would use it
                    // (in FRED's units, each value known with its print).
                    known: as_known_column(series, &units.apply(series), &inputs.lags, dates),
                    derived: None,
                });
                Piece::MacroDerived(i)
            }
            Piece::MacroDerived(i) => {
                // A derived value on the series' axis means nothing in
                // other units: only one on its own chart stays.
                let levels = self.units_of(inputs.macros[i]) == Units::Lin;
                let derived = derived_macro(inputs.macros[i], &inputs.lags, dates)
                    .filter(|x| levels || x.own_chart);
                if let Some(last) = self.out.macros.last_mut() {
                    last.derived = derived;
                }
                self.after_macros(i + 1)
            }
            Piece::Marks => {
                self.out.recessions = inputs
                    .macros
                    .iter()
                    .find(|m| m.kind == SeriesKind::Recession)
                    .map(|usrec| recession_spans(usrec, dates))
                    .unwrap_or_default();
                self.out.regimes = self
                    .radar
                    .regime
                    .episodes
                    .iter()
                    .filter(|e| e.regime != Regime::NoData)
                    .map(|e| RegimeSpan {
                        sessions: span_of(dates, e.start, e.end),
                        regime: e.regime,
                    })
                    .filter(|s| !s.sessions.is_empty())
                    .collect();
                // On weekly or monthly bars a meeting marks its bar.
                let timeframe = self.out.timeframe;
                let bar_of = |day: NaiveDate| {
                    let k = dates.partition_point(|d| *d < day);
                    dates
                        .get(k)
                        .filter(|d| timeframe.same_bar(**d, day))
                        .map(|_| k)
                };
                self.out.fomc = inputs
                    .fomc
                    .map(|c| c.meetings.iter().filter_map(|m| bar_of(m.end)).collect())
                    .unwrap_or_default();
                self.after_rotation(0)
            }
            Piece::Rotation(i) => {
                if let Some(benchmark) = inputs.large {
                    let tail = rotation_tail(inputs.prices[i], benchmark, inputs.as_of);
                    self.out.rotation.push(tail);
                }
                self.after_rotation(i + 1)
            }
            Piece::Done => Piece::Done,
        };
        self.next != Piece::Done
    }

    fn units_of(&self, series: &Series) -> Units {
        self.units
            .iter()
            .find(|(id, _)| id == series.id.as_str())
            .map_or(Units::Lin, |(_, u)| *u)
    }

    /// The price series from `i` on, then the ratio.
    fn after_prices(&self, i: usize) -> Piece {
        if i < self.inputs.prices.len() {
            Piece::Price(i, PricePiece::Close)
        } else {
            Piece::Ratio
        }
    }

    /// The next macro series from `i` on that gets columns (a recession
    /// series is shading, not a panel), then the marks.
    fn after_macros(&self, i: usize) -> Piece {
        match (i..self.inputs.macros.len())
            .find(|k| self.inputs.macros[*k].kind != SeriesKind::Recession)
        {
            Some(k) => Piece::Macro(k),
            None => Piece::Marks,
        }
    }

    /// The next series from `i` on with a rotation tail (every price
    /// series but the large-cap benchmark, when there is one).
    fn after_rotation(&self, i: usize) -> Piece {
        let Some(benchmark) = self.inputs.large else {
            return Piece::Done;
        };
        match (i..self.inputs.prices.len())
            .find(|k| !std::ptr::eq(self.inputs.prices[*k], benchmark))
        {
            Some(k) => Piece::Rotation(k),
            None => Piece::Done,
        }
    }

    /// The dashboard (complete once `step` has returned `false`).
    pub fn finish(self) -> Dashboard {
        self.out
    }
}

impl Dashboard {
    /// Computes every column; `radar` supplies the regime history (it is
    /// on the role series' calendar and is placed on this one by date).
    pub fn new(inputs: &DashboardInputs, settings: &RadarSettings, radar: &Radar) -> Self {
        let mut build = DashboardBuild::new(inputs, settings, radar);
        while build.step() {}
        build.finish()
    }

    /// The compare panel's lines: every price series rebased to 100 at the
    /// first visible session. Joined as an intersection, a line is drawn
    /// only on sessions every series traded; when they share fewer than
    /// two, all sessions are used and the flag says so (a 1990s file and a
    /// 2026 one would otherwise leave an empty chart).
    pub fn compare(&self, visible: Range<usize>, join: JoinMode) -> Compared {
        // Run on every zoom and pan, over a calendar that may hold a
        // million sessions: the common sessions are asked for only inside
        // the window (and counted until two are found), never collected.
        let all_traded = |i: usize| self.prices.iter().all(|p| p.close[i].is_some());
        let intersect = join == JoinMode::Intersection && self.prices.len() > 1;
        let fell_back = intersect
            && (0..self.dates.len())
                .filter(|i| all_traded(*i))
                .nth(1)
                .is_none();
        let keep = |i: usize| !intersect || fell_back || all_traded(i);
        let window = clamped(visible, self.dates.len());
        let lines = self
            .prices
            .iter()
            .map(|p| {
                let line = rebased_window(&p.close, window.clone(), keep);
                (p.id.clone(), line)
            })
            .collect();
        Compared {
            first: window.start,
            lines,
            fell_back,
        }
    }

    /// The price series the price panel shows by default: the small-cap
    /// role, else the first loaded.
    pub fn default_price(&self) -> Option<usize> {
        self.small.or((!self.prices.is_empty()).then_some(0))
    }
}

/// `values` rebased to 100 at the first defined value inside `visible`
/// (the bar before a preset's window, which `visible_sessions` includes);
/// sessions outside `visible` are `None`.
pub fn rebased(values: &[Option<f64>], visible: Range<usize>) -> Vec<Option<f64>> {
    let mut out = vec![None; values.len()];
    let window = clamped(visible, values.len());
    let line = rebased_window(values, window.clone(), |_| true);
    out[window].copy_from_slice(&line);
    out
}

/// `range` cut to `0..len` (empty when it lies past the end).
fn clamped(range: Range<usize>, len: usize) -> Range<usize> {
    let end = range.end.min(len);
    range.start.min(end)..end
}

/// The sessions `window` (inside `values`) of [`rebased`], counting only
/// the sessions `keep` accepts (the others are `None`, and cannot be the
/// base): one value per session of the window.
fn rebased_window(
    values: &(impl SessionValues + ?Sized),
    window: Range<usize>,
    keep: impl Fn(usize) -> bool,
) -> Vec<Option<f64>> {
    let kept = |i: usize| values.value(i).filter(|_| keep(i));
    let base = window
        .clone()
        .filter_map(kept)
        .find(|v| v.is_finite() && *v != 0.0);
    match base {
        Some(base) => window.map(|i| kept(i).map(|v| 100.0 * v / base)).collect(),
        None => vec![None; window.len()],
    }
}

/// The last `weeks` points of a rotation tail up to `end` (inclusive).
pub fn tail_until(tail: &RotationTail, end: NaiveDate, weeks: usize) -> &[(NaiveDate, f64, f64)] {
    let upto = tail.points.partition_point(|(d, _, _)| *d <= end);
    &tail.points[upto.saturating_sub(weeks)..upto]
}
