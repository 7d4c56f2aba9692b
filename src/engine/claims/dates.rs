//! Dates in commentary: the article's own date (a dateline such as
//! "Saturday, Jan 17, 2026 6:21 am ET", an ISO date, or one the reader
//! types — typed wins) and the pieces a claim dates itself with ("through
//! July 7", "week ended June 14", "on Friday"), resolved against it.
//!
//! Invariant: no date is ever guessed from nothing — a relative date needs
//! the article's date, and an impossible date (Feb 30) is no date.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::tokens::{tokenize, Tok, Token};

/// Where the article's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// Typed by the reader (wins over anything in the text).
    Typed,
    /// Found in the text (a dateline or an ISO date).
    Text,
}

/// The article's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleDate {
    pub date: NaiveDate,
    pub source: DateSource,
    /// The dateline gives a morning time ("6:21 am"): the day's close was
    /// not yet known, so unqualified claims are as of the previous day.
    pub before_close: bool,
}

impl ArticleDate {
    /// The last day whose close the article could know.
    pub fn as_of(&self) -> NaiveDate {
        if self.before_close {
            self.date.pred_opt().unwrap_or(self.date)
        } else {
            self.date
        }
    }
}

/// `jan`, `january`, `sept` … → 1–12.
pub fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.to_ascii_lowercase();
    let position = |list: &[&str; 12], w: &str| list.iter().position(|m| *m == w);
    position(&FULL, &w)
        .or_else(|| position(&MONTHS, &w))
        .or_else(|| (w == "sept").then_some(8))
        .and_then(|p| u32::try_from(p + 1).ok())
}

/// `monday`, `mon` … → the weekday.
pub fn weekday_of(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn int_at(tokens: &[Token], i: usize) -> Option<u32> {
    let n = tokens.get(i)?.number()?;
    (n.decimals == 0 && !n.grouped && n.value >= 0.0 && n.value < 100_000.0)
        .then_some(n.value as u32)
}

/// Skips an optional `.` after a month abbreviation.
fn skip_dot(tokens: &[Token], i: usize) -> usize {
    if tokens.get(i).is_some_and(|t| t.is_punct('.')) {
        i + 1
    } else {
        i
    }
}

/// A month and day at token `i` ("July 7", "Jan. 16", "June 14th"),
/// with the index after it.
pub fn month_day_at(tokens: &[Token], i: usize) -> Option<(u32, u32, usize)> {
    let month = month_number(tokens.get(i)?.word()?)?;
    let j = skip_dot(tokens, i + 1);
    let day = int_at(tokens, j).filter(|d| (1..=31).contains(d))?;
    let mut next = j + 1;
    if tokens
        .get(next)
        .and_then(Token::word)
        .is_some_and(|w| matches!(w, "st" | "nd" | "rd" | "th"))
        && !tokens.get(next).is_some_and(|t| t.space_before)
    {
        next += 1;
    }
    Some((month, day, next))
}

/// A full date at token `i`: "Jan 17, 2026", "January 17 2026",
/// "17 January 2026", "2026-01-17" or "1/17/2026".
pub fn full_date_at(tokens: &[Token], i: usize) -> Option<(NaiveDate, usize)> {
    if let Some((month, day, j)) = month_day_at(tokens, i) {
        let j = if tokens.get(j).is_some_and(|t| t.is_punct(',')) {
            j + 1
        } else {
            j
        };
        let year = int_at(tokens, j).filter(|y| (1900..2100).contains(y))?;
        return NaiveDate::from_ymd_opt(year as i32, month, day).map(|d| (d, j + 1));
    }
    let first = int_at(tokens, i)?;
    // 17 January 2026
    if let Some(month) = tokens
        .get(i + 1)
        .and_then(Token::word)
        .and_then(month_number)
    {
        let year = int_at(tokens, i + 2).filter(|y| (1900..2100).contains(y))?;
        return NaiveDate::from_ymd_opt(year as i32, month, first).map(|d| (d, i + 3));
    }
    let sep = |k: usize, c: char| {
        tokens
            .get(k)
            .is_some_and(|t| t.is_punct(c) && !t.space_before)
    };
    // 2026-01-17
    if (1900..2100).contains(&first) && sep(i + 1, '-') && sep(i + 3, '-') {
        let (m, d) = (int_at(tokens, i + 2)?, int_at(tokens, i + 4)?);
        return NaiveDate::from_ymd_opt(first as i32, m, d).map(|x| (x, i + 5));
    }
    // 1/17/2026 (US order)
    if sep(i + 1, '/') && sep(i + 3, '/') {
        let (d, y) = (int_at(tokens, i + 2)?, int_at(tokens, i + 4)?);
        if (1900..2100).contains(&y) {
            return NaiveDate::from_ymd_opt(y as i32, first, d).map(|x| (x, i + 5));
        }
    }
    None
}

/// "March 2024", "March of 2024" at `i`: the first day of that month.
pub fn month_year_at(tokens: &[Token], i: usize) -> Option<(NaiveDate, usize)> {
    let month = month_number(tokens.get(i)?.word()?)?;
    let mut j = skip_dot(tokens, i + 1);
    if tokens.get(j).and_then(Token::word) == Some("of") {
        j += 1;
    }
    let year = int_at(tokens, j).filter(|y| (1900..2100).contains(y))?;
    NaiveDate::from_ymd_opt(year as i32, month, 1).map(|d| (d, j + 1))
}

/// The article's date: the typed one when given and readable, else the
/// first full date among the text's first 400 tokens (the dateline); a
/// morning time right after it ("6:21 am") marks it `before_close`.
pub fn article_date(tokens: &[Token], typed: Option<&str>) -> Option<ArticleDate> {
    if let Some(date) = typed.and_then(parse_typed) {
        return Some(ArticleDate {
            date,
            source: DateSource::Typed,
            before_close: false,
        });
    }
    let limit = tokens.len().min(400);
    (0..limit).find_map(|i| {
        let (date, next) = full_date_at(tokens, i)?;
        let morning = (next..(next + 5).min(tokens.len()))
            .any(|k| tokens.get(k).and_then(Token::word) == Some("am"));
        Some(ArticleDate {
            date,
            source: DateSource::Text,
            before_close: morning,
        })
    })
}

/// A date typed by the reader: ISO, "Jan 17, 2026", "17 January 2026" or
/// "1/17/2026"; `None` for anything else.
pub fn parse_typed(text: &str) -> Option<NaiveDate> {
    let tokens = tokenize(text.trim());
    let tokens: Vec<Token> = tokens
        .into_iter()
        .filter(|t| t.word().and_then(weekday_of).is_none() && !t.is_punct(','))
        .collect();
    // Re-admit the comma-free forms: "Jan 17 2026" parses like "Jan 17, 2026".
    full_date_at(&tokens, 0).map(|(d, _)| d)
}

/// A month and day without a year, in the article's year — or the year
/// before when that would be after the article ("Dec 30" in a January
/// article).
pub fn resolve_month_day(month: u32, day: u32, article: NaiveDate) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(article.year(), month, day)?;
    if this_year <= article {
        Some(this_year)
    } else {
        NaiveDate::from_ymd_opt(article.year() - 1, month, day)
    }
}

/// The latest `weekday` on or before `date` ("on Friday" in a Saturday
/// article is the day before; in a Friday article, that day).
pub fn last_weekday(weekday: Weekday, date: NaiveDate) -> NaiveDate {
    let back = (date.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
    date.checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(date)
}

/// Whether token `i` is a year-like integer (1900–2099) written without
/// separators — a date part, not a claim.
pub fn is_year(tokens: &[Token], i: usize) -> bool {
    matches!(tokens.get(i).map(|t| &t.tok), Some(Tok::Num(n))
        if n.decimals == 0 && !n.grouped && (1900.0..2100.0).contains(&n.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dateline_with_morning_time() {
        let t = tokenize("Reviewed\nSaturday, Jan 17, 2026 6:21 am ET4min read");
        let a = article_date(&t, None);
        assert_eq!(a.map(|a| a.date), d(2026, 1, 17));
        assert_eq!(a.map(|a| a.as_of()), d(2026, 1, 16));
    }

    #[test]
    fn typed_wins_and_forms() {
        let t = tokenize("Jan 17, 2026");
        assert_eq!(
            article_date(&t, Some("2025-06-20")).map(|a| a.date),
            d(2025, 6, 20)
        );
        assert_eq!(parse_typed("June 20 2025"), d(2025, 6, 20));
        assert_eq!(parse_typed("20 June 2025"), d(2025, 6, 20));
        assert_eq!(parse_typed("6/20/2025"), d(2025, 6, 20));
        assert_eq!(parse_typed("2025-02-30"), None);
        assert_eq!(parse_typed("soon"), None);
    }

    #[test]
    fn relative_pieces() {
        let article = NaiveDate::from_ymd_opt(2026, 1, 17).unwrap_or_default();
        assert_eq!(resolve_month_day(12, 30, article), d(2025, 12, 30));
        assert_eq!(resolve_month_day(1, 16, article), d(2026, 1, 16));
        assert_eq!(Some(last_weekday(Weekday::Fri, article)), d(2026, 1, 16));
        assert_eq!(Some(last_weekday(Weekday::Sat, article)), d(2026, 1, 17));
    }
}
