//! FRED's units transformations of a macro series, with FRED's own
//! definitions (the `units` parameter of FRED's series observations):
//!
//! | code | name | value at observation t |
//! |---|---|---|
//! | `lin` | levels | x(t) |
//! | `chg` | change | x(t) − x(t−1) |
//! | `ch1` | change from a year ago | x(t) − x(t−n) |
//! | `pch` | percent change | (x(t) / x(t−1) − 1) × 100 |
//! | `pc1` | percent change from a year ago | (x(t) / x(t−n) − 1) × 100 |
//! | `log` | natural log | ln x(t) |
//!
//! t−1 is the previous observation and n the observations per year: 52
//! weekly, 12 monthly, 4 quarterly. A daily or irregular series has no
//! fixed count: its "year ago" is the last observation on or before the
//! same calendar day a year earlier. A value that is missing, or not
//! defined (a percent change from 0, the log of a value ≤ 0), is a gap.

use chrono::{Months, NaiveDate};

use super::series::{Column, Frequency, Series};

/// One of FRED's units transformations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Units {
    #[default]
    Lin,
    Chg,
    Ch1,
    Pch,
    Pc1,
    Log,
}

impl Units {
    /// Every transformation, in the order the select lists them.
    pub const ALL: [Units; 6] = [
        Units::Lin,
        Units::Chg,
        Units::Ch1,
        Units::Pch,
        Units::Pc1,
        Units::Log,
    ];

    /// FRED's code (`lin`, `chg`, …): the select's value and the link's.
    pub fn code(self) -> &'static str {
        match self {
            Units::Lin => "lin",
            Units::Chg => "chg",
            Units::Ch1 => "ch1",
            Units::Pch => "pch",
            Units::Pc1 => "pc1",
            Units::Log => "log",
        }
    }

    /// The transformation FRED codes `code`, if any.
    pub fn parse(code: &str) -> Option<Units> {
        Units::ALL.into_iter().find(|u| u.code() == code)
    }

    /// FRED's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Units::Lin => "Level",
            Units::Chg => "Change",
            Units::Ch1 => "Change from a year ago",
            Units::Pch => "Percent change",
            Units::Pc1 => "Percent change from a year ago",
            Units::Log => "Natural log",
        }
    }

    /// The series' values in these units, one per observation.
    pub fn apply(self, series: &Series) -> Column {
        let x = &series.close;
        let at = |k: Option<usize>| k.and_then(|k| x.get(k).copied().flatten());
        let previous = |t: usize| t.checked_sub(1);
        let year_ago = |t: usize| year_ago(series, t);
        (0..x.len())
            .map(|t| {
                let now = at(Some(t))?;
                let v = match self {
                    Units::Lin => now,
                    Units::Chg => now - at(previous(t))?,
                    Units::Ch1 => now - at(year_ago(t))?,
                    Units::Pch => percent(now, at(previous(t))?)?,
                    Units::Pc1 => percent(now, at(year_ago(t))?)?,
                    Units::Log if now > 0.0 => now.ln(),
                    Units::Log => return None,
                };
                v.is_finite().then_some(v)
            })
            .collect()
    }
}

fn percent(now: f64, then: f64) -> Option<f64> {
    (then != 0.0).then(|| (now / then - 1.0) * 100.0)
}

/// The observation a year before observation `t` (FRED's t−n).
fn year_ago(series: &Series, t: usize) -> Option<usize> {
    let per_year = match series.frequency {
        Frequency::Weekly => 52,
        Frequency::Monthly => 12,
        Frequency::Quarterly => 4,
        Frequency::Daily | Frequency::Irregular => {
            let day: NaiveDate = *series.dates.get(t)?;
            let target = day.checked_sub_months(Months::new(12))?;
            let k = series.dates.partition_point(|d| *d <= target);
            return k.checked_sub(1);
        }
    };
    t.checked_sub(per_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for u in Units::ALL {
            assert_eq!(Units::parse(u.code()), Some(u));
        }
        assert_eq!(Units::parse("pca"), None);
    }
}
