//! Per-pixel min/max decimation, as uPlot and lightweight-charts do it.
//!
//! A line with far more points than the plot has pixel columns draws the same
//! picture from two points per column: the minimum and maximum, in index
//! order (so the column's vertical extent is unchanged), plus the very first
//! and last point of each segment (so a line starts and ends on its true
//! values: the last close). The joins between neighbouring columns move by
//! less than a pixel. A million sessions then cost about twice the plot width
//! in path points, and the chart looks the same; every point of a path costs
//! a canvas call and a stroke join, so halving them (from uPlot's first /
//! min / max / last) halves the cost of a dense redraw.

use std::ops::Range;

/// Segments of `(session index, value)` over `visible`, decimated to
/// `columns` pixel columns.
///
/// A segment is a run of defined, finite values: `None` or a non-finite value
/// ends it, so gaps stay breaks. When `visible` holds at most `2 × columns`
/// sessions every point is kept; beyond that each column's bucket of sessions
/// keeps its minimum and maximum, in index order without repeats, and each
/// segment keeps its first and last point — at most
/// `2 × columns + 4 × segments` points in all. A range past the
/// end of `values` is clamped; `columns == 0` counts as one column.
pub fn decimate(
    values: &[Option<f64>],
    visible: Range<usize>,
    columns: usize,
) -> Vec<Vec<(usize, f64)>> {
    decimate_where(values, 0, visible, columns, f64::is_finite)
}

/// [`decimate`] with a caller's notion of a defined value: `keep` is asked
/// about every value, and a value it rejects is a gap. A log-scale chart
/// rejects values ≤ 0 this way without copying the series; min and max are
/// the same in log space, so the decimated points still are.
///
/// `values[k]` is session `offset + k` and `visible` is in sessions: the
/// pixel columns are those of the whole window, so a column stored from a
/// later session (a `CalendarColumn`) is decimated exactly as the same
/// column padded with gaps from session 0 would be. The points' indices
/// are into `values`.
pub(crate) fn decimate_where(
    values: &[Option<f64>],
    offset: usize,
    visible: Range<usize>,
    columns: usize,
    keep: impl Fn(f64) -> bool,
) -> Vec<Vec<(usize, f64)>> {
    let end = visible.end.min(offset + values.len());
    let start = visible.start.min(end);
    let sessions = end - start;
    let columns = columns.max(1);
    // Sessions before `offset` are gaps: iterate from the first stored one.
    let from = start.max(offset).min(end);
    let defined = |i: usize| values[i - offset].filter(|v| keep(*v));

    let mut segments = Vec::new();
    let mut current: Vec<(usize, f64)> = Vec::new();
    if sessions <= 2 * columns {
        for i in from..end {
            match defined(i) {
                Some(v) => current.push((i - offset, v)),
                None if !current.is_empty() => segments.push(std::mem::take(&mut current)),
                None => {}
            }
        }
    } else {
        // Session i is in column ⌊(i − start) × columns / sessions⌋: tracked
        // by walking the columns' first sessions rather than dividing per
        // point (10,000 points a line on every redraw of a zoom). u64: on
        // wasm32 `usize` is 32 bits and sessions × columns overflows.
        let first_of = |c: u64| start as u64 + (c * sessions as u64).div_ceil(columns as u64);
        let (mut col, mut next) = (0u64, first_of(1));
        let mut bucket_of = |i: usize| {
            while i as u64 >= next {
                col += 1;
                next = first_of(col + 1);
            }
            col
        };
        let mut bucket: Option<(u64, Bucket)> = None;
        // Ends the open segment: its last bucket, then its last point.
        let close = |bucket: &mut Option<(u64, Bucket)>, current: &mut Vec<(usize, f64)>| {
            if let Some((_, b)) = bucket.take() {
                let last = b.last;
                b.flush_into(current);
                push_new(current, last);
            }
        };
        for i in from..end {
            let Some(v) = defined(i) else {
                close(&mut bucket, &mut current);
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
                continue;
            };
            let column = bucket_of(i);
            let k = i - offset;
            if current.is_empty() && bucket.is_none() {
                current.push((k, v));
            }
            match &mut bucket {
                Some((c, b)) if *c == column => b.add(k, v),
                _ => {
                    if let Some((_, b)) = bucket.replace((column, Bucket::new(k, v))) {
                        b.flush_into(&mut current);
                    }
                }
            }
        }
        close(&mut bucket, &mut current);
    }
    if !current.is_empty() {
        segments.push(current);
    }
    segments
}

/// The open, high, low and close columns of a price series, indexed alike
/// (a shorter one reads as gaps past its end).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ohlc<'a> {
    pub open: &'a [Option<f64>],
    pub high: &'a [Option<f64>],
    pub low: &'a [Option<f64>],
    pub close: &'a [Option<f64>],
}

/// One drawn price bar: the sessions it stands for (`first..=last`) and
/// their open, high, low and close.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OhlcBar {
    pub first: usize,
    pub last: usize,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
}

/// The price bars of `visible`: one per session while it holds at most
/// `columns` sessions, else one per pixel column (bucketed as [`decimate`]
/// does) with the column's first open, highest high, lowest low and last
/// close — so no extreme is ever hidden, at any zoom.
///
/// A session is a bar when its close is defined and `keep` accepts it; a
/// missing or rejected open, high or low falls back to the close (a file
/// with gaps in one column still draws), and the high and low always
/// enclose the open and close.
pub fn ohlc_bars(
    ohlc: &Ohlc,
    offset: usize,
    visible: Range<usize>,
    columns: usize,
    keep: impl Fn(f64) -> bool,
) -> Vec<OhlcBar> {
    let end = visible.end.min(offset + ohlc.close.len());
    let start = visible.start.min(end);
    let sessions = end - start;
    let columns = columns.max(1);
    let from = start.max(offset).min(end);
    let at =
        |c: &[Option<f64>], i: usize| c.get(i - offset).copied().flatten().filter(|v| keep(*v));
    let session = |i: usize| -> Option<OhlcBar> {
        let close = at(ohlc.close, i)?;
        let open = at(ohlc.open, i).unwrap_or(close);
        let high = at(ohlc.high, i).unwrap_or(close).max(open).max(close);
        let low = at(ohlc.low, i).unwrap_or(close).min(open).min(close);
        Some(OhlcBar {
            first: i,
            last: i,
            open,
            high,
            low,
            close,
        })
    };
    if sessions <= columns {
        return (from..end).filter_map(session).collect();
    }
    // u64: on wasm32 `usize` is 32 bits and sessions × columns overflows.
    let bucket_of = |i: usize| (i - start) as u64 * columns as u64 / sessions as u64;
    let mut out: Vec<(u64, OhlcBar)> = Vec::with_capacity(columns);
    for i in from..end {
        let Some(bar) = session(i) else { continue };
        let column = bucket_of(i);
        match out.last_mut() {
            Some((c, merged)) if *c == column => {
                merged.last = i;
                merged.high = merged.high.max(bar.high);
                merged.low = merged.low.min(bar.low);
                merged.close = bar.close;
            }
            _ => out.push((column, bar)),
        }
    }
    out.into_iter().map(|(_, bar)| bar).collect()
}

/// Appends `p` unless it is the point already at the end.
fn push_new(out: &mut Vec<(usize, f64)>, p: (usize, f64)) {
    if out.last().is_none_or(|last| last.0 != p.0) {
        out.push(p);
    }
}

/// The points of one column's part of one segment that decimation keeps.
struct Bucket {
    min: (usize, f64),
    max: (usize, f64),
    last: (usize, f64),
}

impl Bucket {
    fn new(i: usize, v: f64) -> Self {
        Bucket {
            min: (i, v),
            max: (i, v),
            last: (i, v),
        }
    }

    fn add(&mut self, i: usize, v: f64) {
        if v < self.min.1 {
            self.min = (i, v);
        }
        if v > self.max.1 {
            self.max = (i, v);
        }
        self.last = (i, v);
    }

    /// Appends the column's minimum and maximum in index order, each once.
    fn flush_into(self, out: &mut Vec<(usize, f64)>) {
        let (a, b) = if self.min.0 <= self.max.0 {
            (self.min, self.max)
        } else {
            (self.max, self.min)
        };
        push_new(out, a);
        push_new(out, b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_ranges_keep_every_point_and_break_at_gaps() {
        let values = [Some(1.0), Some(2.0), None, Some(f64::NAN), Some(3.0)];
        assert_eq!(
            decimate(&values, 0..5, 10),
            vec![vec![(0, 1.0), (1, 2.0)], vec![(4, 3.0)]]
        );
        assert_eq!(decimate(&values, 1..2, 10), vec![vec![(1, 2.0)]]);
    }

    #[test]
    fn a_range_past_the_end_is_clamped_and_an_empty_one_is_empty() {
        let values = [Some(1.0), Some(2.0)];
        assert_eq!(decimate(&values, 1..99, 4), vec![vec![(1, 2.0)]]);
        assert!(decimate(&values, 5..9, 4).is_empty());
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 2..1;
        assert!(decimate(&values, reversed, 4).is_empty());
    }

    #[test]
    fn one_column_keeps_its_max_and_min_in_order_and_the_segment_ends() {
        let values: Vec<Option<f64>> = [5.0, 9.0, 1.0, 4.0, 6.0].map(Some).to_vec();
        assert_eq!(
            decimate(&values, 0..5, 1),
            vec![vec![(0, 5.0), (1, 9.0), (2, 1.0), (4, 6.0)]]
        );
        // Inside a segment a column keeps only its extremes.
        let values: Vec<Option<f64>> = [5.0, 9.0, 1.0, 4.0, 6.0, 5.0, 8.0, 2.0, 4.0, 3.0]
            .map(Some)
            .to_vec();
        assert_eq!(
            decimate(&values, 0..10, 2),
            vec![vec![
                (0, 5.0),
                (1, 9.0),
                (2, 1.0),
                (6, 8.0),
                (7, 2.0),
                (9, 3.0)
            ]]
        );
    }

    #[test]
    fn ohlc_bars_are_per_session_when_there_is_room_and_keep_extremes_when_not() {
        let some = |v: &[f64]| v.iter().copied().map(Some).collect::<Vec<_>>();
        let (open, high) = (
            some(&[10.0, 11.0, 12.0, 9.0]),
            some(&[12.0, 15.0, 13.0, 10.0]),
        );
        let (low, close) = (some(&[9.0, 10.0, 8.0, 7.0]), some(&[11.0, 12.0, 9.0, 8.0]));
        let ohlc = Ohlc {
            open: &open,
            high: &high,
            low: &low,
            close: &close,
        };
        let bars = ohlc_bars(&ohlc, 0, 0..4, 4, f64::is_finite);
        assert_eq!(bars.len(), 4);
        assert_eq!(
            (bars[1].open, bars[1].high, bars[1].low, bars[1].close),
            (11.0, 15.0, 10.0, 12.0)
        );
        let merged = ohlc_bars(&ohlc, 0, 0..4, 2, f64::is_finite);
        assert_eq!(
            merged,
            vec![
                OhlcBar {
                    first: 0,
                    last: 1,
                    open: 10.0,
                    high: 15.0,
                    low: 9.0,
                    close: 12.0
                },
                OhlcBar {
                    first: 2,
                    last: 3,
                    open: 12.0,
                    high: 13.0,
                    low: 7.0,
                    close: 8.0
                },
            ]
        );
        // Only closes: flat bars at the close; a missing close is no bar.
        let closes = [Some(5.0), None, Some(6.0)];
        let only = Ohlc {
            close: &closes,
            ..Ohlc::default()
        };
        let bars = ohlc_bars(&only, 0, 0..3, 10, f64::is_finite);
        assert_eq!(bars.len(), 2);
        assert_eq!((bars[1].open, bars[1].high, bars[1].low), (6.0, 6.0, 6.0));
    }

    #[test]
    fn a_million_points_become_about_two_per_column() {
        let values: Vec<Option<f64>> = (0..1_000_000)
            .map(|i| Some((i as f64 * 0.001).sin()))
            .collect();
        let out = decimate(&values, 0..values.len(), 800);
        assert_eq!(out.len(), 1);
        assert!(out[0].len() <= 2 * 800 + 2, "{} points", out[0].len());
    }

    /// Sessions of `visible` per column, as `decimate` buckets them.
    fn buckets(visible: &Range<usize>, columns: usize) -> Vec<Range<usize>> {
        let n = visible.len() as u64;
        let mut out: Vec<Range<usize>> = Vec::new();
        for i in visible.clone() {
            let c = (i - visible.start) as u64 * columns as u64 / n;
            match out.last_mut() {
                Some(r) if (r.start - visible.start) as u64 * columns as u64 / n == c => {
                    r.end = i + 1
                }
                _ => out.push(i..i + 1),
            }
        }
        out
    }

    fn series() -> impl Strategy<Value = Vec<Option<f64>>> {
        prop::collection::vec(
            prop_oneof![
                8 => (-1e6f64..1e6).prop_map(Some),
                1 => Just(None),
                1 => Just(Some(f64::NAN)),
            ],
            0..400,
        )
    }

    proptest! {
        #[test]
        fn decimation_keeps_each_buckets_extremes_and_the_gaps(
            values in series(),
            columns in 1usize..40,
            cut in 0usize..50,
        ) {
            let visible = cut.min(values.len())..values.len();
            let out = decimate(&values, visible.clone(), columns);
            let total: usize = out.iter().map(Vec::len).sum();
            prop_assert!(total <= 2 * columns + 4 * out.len());

            let flat: Vec<(usize, f64)> = out.iter().flatten().copied().collect();
            prop_assert!(flat.windows(2).all(|w| w[0].0 < w[1].0), "indices increase");
            for &(i, v) in &flat {
                prop_assert!(visible.contains(&i));
                prop_assert_eq!(values[i], Some(v), "points are raw points");
            }
            // Gaps preserved: consecutive points of a segment have only
            // defined values between them, and segments are split by a gap.
            for segment in &out {
                for w in segment.windows(2) {
                    prop_assert!((w[0].0..=w[1].0).all(|i| values[i].is_some_and(f64::is_finite)));
                }
            }
            for w in out.windows(2) {
                let (a, b) = (w[0][w[0].len() - 1].0, w[1][0].0);
                prop_assert!((a..=b).any(|i| !values[i].is_some_and(f64::is_finite)));
            }
            // Per bucket, the extremes of the raw values are kept.
            if visible.len() > 2 * columns {
                for bucket in buckets(&visible, columns) {
                    let raw = bucket.clone().filter_map(|i| values[i].filter(|v| v.is_finite()));
                    let kept = flat.iter().filter(|(i, _)| bucket.contains(i)).map(|p| p.1);
                    let extremes = |it: &mut dyn Iterator<Item = f64>| {
                        it.fold(None, |acc: Option<(f64, f64)>, v| {
                            Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
                        })
                    };
                    prop_assert_eq!(extremes(&mut { raw }), extremes(&mut { kept }));
                }
            } else {
                let raw = values[visible.clone()].iter().filter(|v| v.is_some_and(f64::is_finite)).count();
                prop_assert_eq!(total, raw, "small ranges keep every point");
            }
        }
    }
}
