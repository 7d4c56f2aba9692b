//! Formula series: `A:B`, the ratio of two loaded series (as StockCharts
//! writes it), and `A-B`, their difference, computed on the dates both
//! have (an intersection, never filled) into a [`Series`] of its own with
//! the id as written (`IWM:SPY`), so every price panel, study and role
//! treats it as any other price series.

use thiserror::Error;

use super::series::{Frequency, Series, SeriesId, SeriesKind};

/// How the two series of a formula are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `A:B`: A's close divided by B's.
    Ratio,
    /// `A-B`: A's close minus B's.
    Difference,
}

impl Op {
    /// The operator as written: `:` or `-`.
    pub fn symbol(self) -> char {
        match self {
            Op::Ratio => ':',
            Op::Difference => '-',
        }
    }

    fn of(c: char) -> Option<Op> {
        match c {
            ':' => Some(Op::Ratio),
            '-' => Some(Op::Difference),
            _ => None,
        }
    }
}

/// A parsed formula: two series ids and an operator.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Formula {
    pub a: SeriesId,
    pub op: Op,
    pub b: SeriesId,
}

/// Why a formula cannot be read or computed. Positions count characters
/// from 1, as a person reads the input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FormulaError {
    #[error("the formula is empty: write A:B for a ratio or A-B for a difference (e.g. IWM:SPY)")]
    Empty,
    #[error("expected a series id at position {at}, found {found}")]
    ExpectedId { at: usize, found: String },
    #[error("expected : (ratio) or - (difference) at position {at}, found {found}")]
    ExpectedOperator { at: usize, found: String },
    #[error("unexpected {found} at position {at}: a formula is two series and one operator (A:B or A-B)")]
    Trailing { at: usize, found: String },
    #[error("{0} is not loaded")]
    NotLoaded(String),
    #[error("{a} and {b} share no dates")]
    NoCommonDates { a: String, b: String },
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// What was found at a position, for an error: the character quoted, or
/// "the end".
fn found(c: Option<char>) -> String {
    c.map_or_else(|| "the end".to_string(), |c| format!("\"{c}\""))
}

impl Formula {
    /// Reads `A:B` or `A-B` (whitespace around the parts is ignored, ids
    /// are upper-cased as the series list shows them).
    pub fn parse(text: &str) -> Result<Formula, FormulaError> {
        if text.trim().is_empty() {
            return Err(FormulaError::Empty);
        }
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        let skip_ws = |i: &mut usize| {
            while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
                *i += 1;
            }
        };
        let read_id = |i: &mut usize| -> Result<SeriesId, FormulaError> {
            let start = *i;
            while chars.get(*i).is_some_and(|c| is_id_char(*c)) {
                *i += 1;
            }
            if *i == start {
                return Err(FormulaError::ExpectedId {
                    at: start + 1,
                    found: found(chars.get(start).copied()),
                });
            }
            let raw: String = chars[start..*i].iter().collect();
            Ok(SeriesId::sanitized(&raw))
        };
        skip_ws(&mut i);
        let a = read_id(&mut i)?;
        skip_ws(&mut i);
        let op = chars.get(i).and_then(|c| Op::of(*c)).ok_or_else(|| {
            FormulaError::ExpectedOperator {
                at: i + 1,
                found: found(chars.get(i).copied()),
            }
        })?;
        i += 1;
        skip_ws(&mut i);
        let b = read_id(&mut i)?;
        skip_ws(&mut i);
        if let Some(c) = chars.get(i) {
            return Err(FormulaError::Trailing {
                at: i + 1,
                found: found(Some(*c)),
            });
        }
        Ok(Formula { a, op, b })
    }

    /// The formula's series id, as the series list shows it (`IWM:SPY`).
    pub fn id(&self) -> SeriesId {
        SeriesId::formula(&self.a, self.op.symbol(), &self.b)
    }

    /// The formula's series over `loaded` (found by id): one value per
    /// date both series have; a missing close on either side (or a zero
    /// divisor) leaves a gap on that date.
    pub fn compute<'a>(
        &self,
        loaded: impl IntoIterator<Item = &'a Series> + Clone,
    ) -> Result<Series, FormulaError> {
        let find = |id: &SeriesId| {
            loaded
                .clone()
                .into_iter()
                .find(|s| &s.id == id)
                .ok_or_else(|| FormulaError::NotLoaded(id.to_string()))
        };
        let a = find(&self.a)?;
        let b = find(&self.b)?;
        let (mut dates, mut close) = (Vec::new(), Vec::new());
        let (mut i, mut j) = (0, 0);
        while let (Some(da), Some(db)) = (a.dates.get(i), b.dates.get(j)) {
            match da.cmp(db) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let x = a.close.get(i).copied().flatten();
                    let y = b.close.get(j).copied().flatten();
                    dates.push(*da);
                    close.push(combine(self.op, x, y));
                    i += 1;
                    j += 1;
                }
            }
        }
        if dates.is_empty() {
            return Err(FormulaError::NoCommonDates {
                a: self.a.to_string(),
                b: self.b.to_string(),
            });
        }
        let frequency = if a.frequency == b.frequency {
            a.frequency
        } else {
            Frequency::Irregular
        };
        Ok(Series::from_values(
            self.id(),
            SeriesKind::Price,
            frequency,
            dates,
            close,
        ))
    }
}

fn combine(op: Op, x: Option<f64>, y: Option<f64>) -> Option<f64> {
    let (x, y) = (x?, y?);
    let v = match op {
        Op::Ratio if y == 0.0 => return None,
        Op::Ratio => x / y,
        Op::Difference => x - y,
    };
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_operators_with_spaces() {
        let f = Formula::parse(" iwm : SPY ");
        assert_eq!(f.map(|f| f.id().to_string()), Ok("IWM:SPY".to_string()));
        let f = Formula::parse("RUT-GSPC");
        assert_eq!(f.map(|f| f.id().to_string()), Ok("RUT-GSPC".to_string()));
    }

    #[test]
    fn syntax_errors_say_where() {
        assert_eq!(Formula::parse("  "), Err(FormulaError::Empty));
        assert_eq!(
            Formula::parse("IWM/SPY"),
            Err(FormulaError::ExpectedOperator {
                at: 4,
                found: "\"/\"".to_string()
            })
        );
        assert_eq!(
            Formula::parse("IWM:"),
            Err(FormulaError::ExpectedId {
                at: 5,
                found: "the end".to_string()
            })
        );
        assert_eq!(
            Formula::parse("IWM:SPY:QQQ"),
            Err(FormulaError::Trailing {
                at: 8,
                found: "\":\"".to_string()
            })
        );
        assert_eq!(
            Formula::parse(":SPY").map_err(|e| e.to_string()),
            Err("expected a series id at position 1, found \":\"".to_string())
        );
    }
}
