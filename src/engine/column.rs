//! A column of the dashboard's calendar that stores only its series' span.
//!
//! The calendar is the union of every loaded price series, so one long
//! file (a million sessions from 1900) puts every other series' columns on
//! a million sessions though each has a few thousand observations: as
//! `Vec<Option<f64>>` over the whole calendar they were three quarters of
//! the dashboard's memory (docs/performance.md, "Where that memory goes").
//! A [`CalendarColumn`] keeps the sessions from its series' first date to
//! its last and reads as `None` outside them, so it indexes like a column
//! over the whole calendar and costs what its series spans.

use std::ops::{Index, Range};

use chrono::NaiveDate;

/// A column over a calendar of [`len`](Self::len) sessions whose values
/// are stored from session [`first`](Self::first) on; every other session
/// reads as `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CalendarColumn {
    first: usize,
    len: usize,
    values: Vec<Option<f64>>,
}

/// What a session outside the stored span reads as.
static OUTSIDE: Option<f64> = None;

impl CalendarColumn {
    /// `values` (one per `dates`, ascending) placed on `calendar`
    /// (ascending): stored from the session of the first date to the
    /// session of the last one that is on the calendar; a session the
    /// series lacks is `None`.
    pub fn place(calendar: &[NaiveDate], dates: &[NaiveDate], values: &[Option<f64>]) -> Self {
        let (Some(start), Some(end)) = (dates.first(), dates.last()) else {
            return Self::empty(calendar.len());
        };
        let first = calendar.partition_point(|d| d < start);
        let last = calendar.partition_point(|d| d <= end).max(first);
        let mut stored = vec![None; last - first];
        let mut j = 0;
        for (slot, day) in stored.iter_mut().zip(&calendar[first..last]) {
            while dates.get(j).is_some_and(|d| d < day) {
                j += 1;
            }
            if dates.get(j) == Some(day) {
                *slot = values.get(j).copied().flatten();
            }
        }
        CalendarColumn {
            first,
            len: calendar.len(),
            values: stored,
        }
    }

    /// A column over `len` sessions with `values` from session `first` on
    /// (what does not fit is dropped).
    pub fn new(first: usize, len: usize, mut values: Vec<Option<f64>>) -> Self {
        let first = first.min(len);
        values.truncate(len - first);
        CalendarColumn { first, len, values }
    }

    /// `len` sessions, all `None`.
    pub fn empty(len: usize) -> Self {
        CalendarColumn {
            first: len,
            len,
            values: Vec::new(),
        }
    }

    /// The calendar's length (not what is stored).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value of session `i` (`None` outside the stored span and past
    /// the calendar).
    pub fn get(&self, i: usize) -> Option<f64> {
        self.values
            .get(i.checked_sub(self.first)?)
            .copied()
            .flatten()
    }

    /// The session of [`stored`](Self::stored)`[0]`.
    pub fn first(&self) -> usize {
        self.first
    }

    /// The sessions stored: `first..first + stored().len()`.
    pub fn span(&self) -> Range<usize> {
        self.first..self.first + self.values.len()
    }

    /// The stored values: the sessions of [`span`](Self::span).
    pub fn stored(&self) -> &[Option<f64>] {
        &self.values
    }

    /// Every session of `range` (clamped to the calendar), in order.
    pub fn range(&self, range: Range<usize>) -> impl Iterator<Item = Option<f64>> + '_ {
        let end = range.end.min(self.len);
        (range.start.min(end)..end).map(|i| self.get(i))
    }

    /// Every session of the calendar, in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<f64>> + '_ {
        self.range(0..self.len)
    }

    /// The whole calendar's values (for tests and exports).
    pub fn to_vec(&self) -> Vec<Option<f64>> {
        self.iter().collect()
    }
}

/// A column read by calendar session: a [`CalendarColumn`] or a plain
/// slice over the whole calendar (for code that reads both, such as the
/// export and the tooltips).
pub trait SessionValues {
    /// Session `i`'s value; `None` if it has none or is past the end.
    fn value(&self, i: usize) -> Option<f64>;
}

impl SessionValues for CalendarColumn {
    fn value(&self, i: usize) -> Option<f64> {
        self.get(i)
    }
}

impl SessionValues for [Option<f64>] {
    fn value(&self, i: usize) -> Option<f64> {
        self.get(i).copied().flatten()
    }
}

impl Index<usize> for CalendarColumn {
    type Output = Option<f64>;

    /// Session `i`'s value, as [`get`](CalendarColumn::get) (a reference to
    /// `None` outside the stored span).
    fn index(&self, i: usize) -> &Option<f64> {
        i.checked_sub(self.first)
            .and_then(|k| self.values.get(k))
            .unwrap_or(&OUTSIDE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, d).unwrap_or_default()
    }

    #[test]
    fn a_placed_column_reads_like_the_whole_calendar_and_stores_only_its_span() {
        let calendar: Vec<NaiveDate> = (1..=20).map(day).collect();
        let dates = [day(5), day(6), day(8), day(9)];
        let values = [Some(1.0), None, Some(3.0), Some(4.0)];
        let c = CalendarColumn::place(&calendar, &dates, &values);
        assert_eq!(c.len(), 20);
        assert_eq!((c.first(), c.stored().len()), (4, 5));
        let mut whole = vec![None; 20];
        (whole[4], whole[7], whole[8]) = (Some(1.0), Some(3.0), Some(4.0));
        assert_eq!(c.to_vec(), whole);
        for (i, v) in whole.iter().enumerate() {
            assert_eq!(c[i], *v);
            assert_eq!(c.get(i), *v);
        }
        assert_eq!(c.get(99), None);
        assert_eq!(c[99], None);
        assert_eq!(
            c.range(3..6).collect::<Vec<_>>(),
            vec![None, Some(1.0), None]
        );
    }

    #[test]
    fn dates_off_the_calendar_are_skipped_and_no_dates_store_nothing() {
        let calendar = [day(2), day(4), day(6)];
        let c = CalendarColumn::place(&calendar, &[day(1), day(4), day(9)], &[Some(1.0); 3]);
        assert_eq!(c.to_vec(), vec![None, Some(1.0), None]);
        let none = CalendarColumn::place(&calendar, &[], &[]);
        assert_eq!((none.len(), none.stored().len()), (3, 0));
        assert_eq!(none.to_vec(), vec![None; 3]);
    }
}
