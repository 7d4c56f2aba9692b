//! Dense batch output: an indicator's values over gap-free input as plain
//! `f64`s from its first defined index on, with that index alongside —
//! TA-Lib's `outBegIdx` / `outNbElement` shape (issue 21).
//!
//! Invariant: `begin + values.len()` is the input's length, and
//! `values[i]` is the output at input index `begin + i`. `begin` is the
//! indicator's `lookback()` (the `None` run of the `Option` path) when the
//! input is longer than it; otherwise there are no values and `begin` is the
//! input's length. No NaN stands for "missing": the warm-up is simply not
//! stored. Input with gaps keeps the `Option` path (`over_gappy`).
//!
//! Multi-line indicators give one struct per bar (`Dense<MacdOutput>`,
//! `Dense<Bands>`): one allocation for the three lines (three separate
//! 8 MB vectors per call made glibc hand the heap back and page-fault it
//! in again on every call); [`Dense::map`] takes a line out.
//!
//! Every dense form is the one batch loop of its indicator; the `Option`
//! form (`over`) is the same column spread out by [`Dense::to_options`], so
//! the two agree bit for bit (property-tested).

/// One output column of a batch indicator over gap-free input: plain
/// `f64`s (`Dense`, the default), or one small struct per bar for the
/// multi-line indicators (`Dense<MacdOutput>`, `Dense<Bands>`: one
/// allocation for the three lines; [`Dense::map`] takes one line out).
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Dense, Indicator, Sma};
/// let sma = Sma::new(3)?;
/// let col: Dense = sma.over_dense(&[1.0, 2.0, 3.0, 4.0]);
/// assert_eq!((col.begin, col.values.as_slice()), (2, &[2.0, 3.0][..]));
/// assert_eq!(col.get(1), None);
/// assert_eq!(col.get(3), Some(3.0));
/// assert_eq!(col.to_options(), sma.over(&[1.0, 2.0, 3.0, 4.0]));
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dense<T = f64> {
    /// Input index of `values[0]`: the lookback (TA-Lib's `outBegIdx`), or
    /// the input's length when the input is too short for any value.
    pub begin: usize,
    /// The defined values, one per input index from `begin` on.
    pub values: Vec<T>,
}

impl<T: Copy> Dense<T> {
    /// No values over an input of `len` observations.
    pub fn empty(len: usize) -> Self {
        Dense {
            begin: len,
            values: Vec::new(),
        }
    }

    /// The length of the input it is aligned to (`begin + values.len()`).
    pub fn len(&self) -> usize {
        self.begin + self.values.len()
    }

    /// True when aligned to an empty input.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at input index `i` (`None` in the warm-up or past the end).
    pub fn get(&self, i: usize) -> Option<T> {
        i.checked_sub(self.begin)
            .and_then(|j| self.values.get(j))
            .copied()
    }

    /// The value at the last input index, if defined.
    pub fn last(&self) -> Option<T> {
        self.values.last().copied()
    }

    /// Aligned to the input: `None` for the first `begin` indices, then
    /// every value (what the `Option` path returns).
    pub fn iter(&self) -> impl Iterator<Item = Option<T>> + '_ {
        std::iter::repeat_n(None, self.begin).chain(self.values.iter().map(|&v| Some(v)))
    }

    /// The `Option` column: `None` for the first `begin` indices, then every
    /// value — exactly the indicator's `over`.
    pub fn to_options(&self) -> Vec<Option<T>> {
        let mut out = Vec::with_capacity(self.len());
        out.extend(std::iter::repeat_n(None, self.begin));
        out.extend(self.values.iter().map(|&v| Some(v)));
        out
    }

    /// One line of a multi-line column (or any function of each value),
    /// with the same `begin`: `macd.map(|m| m.signal)`.
    pub fn map<U>(&self, f: impl Fn(T) -> U) -> Dense<U> {
        Dense {
            begin: self.begin,
            values: self.values.iter().map(|&v| f(v)).collect(),
        }
    }

    /// A column of `len` input indices whose values start at `begin`, with
    /// room for all of them (the batch loops append to it).
    pub(crate) fn with_room(begin: usize, len: usize) -> Self {
        Dense {
            begin,
            values: Vec::with_capacity(len - begin),
        }
    }
}
