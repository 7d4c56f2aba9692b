//! Cues read from a sentence's layout rather than from one phrase, found
//! on the corpus of real commentaries (docs/claims.md, "Corpus figures"):
//! a heading that sets the horizon of the lines below it ("For the year:"),
//! the closing level after a move ("rose 1.8%, to 4,649.23"), a day's move,
//! a change in index points, "respectively" lists, a completed calendar
//! month ("the S&P 500 rose 7% in August") and the month a macro print
//! belongs to ("rose to 7.3% from 7.2% in September").
//!
//! Invariant: every rule only narrows what a number is read as; a rule that
//! does not apply returns `None`/`false` and the older rules decide.

use chrono::{Datelike, NaiveDate};

use super::{Horizon, Period, Sentence, Unit};
use crate::engine::claims::aliases::Mention;
use crate::engine::claims::dates::{is_year, month_day_at, month_number, month_year_at};
use crate::engine::claims::tokens::Token;

/// "Russell 2000 (NYSE:IWM)": a name in parentheses right after another
/// name is that name's ticker, not a second subject.
pub(super) fn is_parenthetical_alias(tokens: &[Token], all: &[Mention], m: &Mention) -> bool {
    all.iter().any(|p| {
        p.end < m.start
            && m.start - p.end <= 3
            && tokens.get(p.end).is_some_and(|t| t.is_punct('('))
            && (p.end + 1..m.start).all(|k| {
                tokens
                    .get(k)
                    .is_some_and(|t| t.word().is_some() || t.is_punct(':'))
            })
    })
}
use crate::engine::claims::patterns::{Effect, MeasureCue};

impl Sentence<'_> {
    fn word_at(&self, i: usize) -> Option<&str> {
        self.tokens.get(i).and_then(|t| t.word())
    }

    /// A number the extractor would turn into a claim (not a date, year,
    /// name or list marker).
    pub(super) fn is_claim_number(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .and_then(|t| t.number())
            .is_some_and(|n| n.value.is_finite())
            && !self.in_hit_or_mention(i)
            && !self.is_not_a_claim(i)
    }

    /// The horizon a sentence without claims hands to the lines below it:
    /// a heading ("For the year:", "On Monday:", "For the week:").
    pub(super) fn heading_horizon(&self) -> Option<Horizon> {
        if self.range.clone().any(|i| self.is_claim_number(i)) {
            return None;
        }
        self.horizon_near(self.range.start)
            .or_else(|| self.year_horizon())
            .or_else(|| {
                self.date
                    .filter(|(_, weekday)| *weekday)
                    .map(|_| Horizon::Sessions(1))
            })
    }

    /// "for 2016", "in 2026", "the 2023 trading year": the article's own
    /// year is the year to date.
    pub(super) fn year_horizon(&self) -> Option<Horizon> {
        let year = self.article?.date.year();
        self.range.clone().find_map(|i| {
            let n = self.tokens.get(i)?.number()?;
            let cue = i
                .checked_sub(1)
                .and_then(|p| self.word_at(p))
                .is_some_and(|w| matches!(w, "for" | "in" | "the"));
            (cue && is_year(self.tokens, i) && n.value as i32 == year).then_some(Horizon::Ytd)
        })
    }

    /// Whether any percentage comes before token `i` in the sentence.
    fn percent_before(&self, i: usize) -> bool {
        (self.range.start..i).any(|k| {
            self.tokens.get(k).and_then(|t| t.number()).is_some()
                && self.unit_after(k).0 == Unit::Percent
        })
    }

    /// "rose 81.21 points, or 1.8%, to 4,649.23", "rose 1.45% at 4282.35":
    /// a plain number after "to"/"at" that follows a percentage move is the
    /// closing level the move ended at.
    pub(super) fn level_after_move(&self, i: usize) -> bool {
        let after_to = i
            .checked_sub(1)
            .and_then(|p| self.word_at(p))
            .is_some_and(|w| matches!(w, "to" | "at"));
        let big = self
            .tokens
            .get(i)
            .and_then(|t| t.number())
            .is_some_and(|n| n.value >= 100.0);
        after_to && big && self.unit_after(i).0 == Unit::None && self.percent_before(i)
    }

    /// A sentence that reports a day's move: it states the close the move
    /// ended at ("finished up 0.75% to 3,526", "added 0.64%, closing at
    /// 5,667.20"), calls it the best or worst day, or counts the day in a
    /// streak ("rose 3% for its fifth straight day of gains"; not "rose 9%
    /// over five straight sessions", the streak's total).
    pub(super) fn daily_move(&self) -> bool {
        let level_cue = self.hits.iter().any(|h| match h.pattern.effect {
            Effect::Measure(MeasureCue::Level) => true,
            Effect::Measure(MeasureCue::Streak) => h
                .end
                .checked_sub(1)
                .and_then(|k| self.word_at(k))
                .is_some_and(|w| matches!(w, "day" | "session")),
            _ => false,
        });
        level_cue
            || self
                .range
                .clone()
                .any(|i| self.is_claim_number(i) && self.level_after_move(i))
    }

    /// "rose 37.86 points": a change in index points (not percentage
    /// points), which no row checks (the percentage beside it is).
    pub(super) fn index_points(&self, i: usize) -> bool {
        self.unit_after(i).0 == Unit::None
            && self
                .word_at(i + 1)
                .is_some_and(|w| matches!(w, "points" | "point" | "pts"))
    }

    /// "fell by 10,000 to 278,000": the number after "by" is a change.
    pub(super) fn is_change(&self, i: usize) -> bool {
        i.checked_sub(1).and_then(|p| self.word_at(p)) == Some("by")
    }

    /// "the Dow, S&P and Nasdaq were up 8.2%, 5.9% and 4.6%, respectively":
    /// the k-th number of the list belongs to the k-th subject named before
    /// it.
    pub(super) fn respectively_subject(&self, i: usize) -> Option<usize> {
        if !self
            .range
            .clone()
            .any(|k| self.word_at(k) == Some("respectively"))
        {
            return None;
        }
        let numbers: Vec<usize> = self
            .range
            .clone()
            .filter(|k| self.is_claim_number(*k))
            .collect();
        // The list: the run of numbers with no subject between them.
        let mut group: Vec<usize> = Vec::new();
        let mut found = None;
        for &k in &numbers {
            let named_between = group
                .last()
                .is_some_and(|&prev| self.mentions.iter().any(|m| m.start > prev && m.end <= k));
            if named_between {
                if group.contains(&i) {
                    break;
                }
                group.clear();
            }
            group.push(k);
            if k == i {
                found = Some(group.len() - 1);
            }
        }
        let first = *group.first()?;
        let before_list = numbers.iter().rev().find(|&&k| k < first).copied();
        let subjects: Vec<usize> = self
            .mentions
            .iter()
            .filter(|m| m.end <= first && before_list.is_none_or(|b| m.start > b))
            .map(|m| m.entry)
            .collect();
        let k = found?;
        (subjects.len() == group.len() && group.len() > 1)
            .then(|| subjects.get(k).copied())
            .flatten()
    }

    /// A month-day at `i` followed by "record", "high" or "peak": when the
    /// record was set, not the claim's date.
    pub(super) fn names_a_record(&self, i: usize) -> bool {
        month_day_at(self.tokens, i).is_some_and(|(_, _, end)| {
            self.word_at(end)
                .is_some_and(|w| matches!(w, "record" | "high" | "peak"))
        })
    }

    /// "20 percent below its July 13 record": a distance from the record
    /// with the record's date between (the plain phrases are in the table).
    pub(super) fn below_dated_record(&self, after: usize) -> bool {
        let cue = |k: usize| {
            self.word_at(k)
                .is_some_and(|w| matches!(w, "below" | "off" | "under" | "from"))
        };
        (after..after + 2).any(|k| {
            cue(k)
                && matches!(self.word_at(k + 1), Some("its" | "the"))
                && (k + 2..k + 6).any(|j| self.names_a_record(j))
        })
    }

    /// "the S&P 500 rose 7% in August" written after August: the return of
    /// that calendar month, as of its last day.
    pub(super) fn month_horizon(&self) -> Option<(Horizon, NaiveDate)> {
        let article = self.article?.date;
        self.range.clone().find_map(|i| {
            let m = month_number(self.word_at(i)?)?;
            // "Aug. 31" or "August 2020" are dates, not the month.
            let number_at = |k: usize| self.tokens.get(k).is_some_and(|t| t.number().is_some());
            let dot = self.tokens.get(i + 1).is_some_and(|t| t.is_punct('.'));
            if (number_at(i + 1) || (dot && number_at(i + 2)))
                && month_year_at(self.tokens, i).is_none()
            {
                return None;
            }
            let year = month_year_at(self.tokens, i).map_or_else(
                || {
                    if m < article.month() {
                        article.year()
                    } else {
                        article.year() - 1
                    }
                },
                |(d, _)| d.year(),
            );
            let first_next = if m == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, m + 1, 1)?
            };
            let last = first_next.pred_opt()?;
            (last < article).then_some((Horizon::Mtd, last))
        })
    }

    /// The month a monthly print at token `i` belongs to: a month named
    /// beside it ("in March"), unless another number stands between them
    /// ("rose to 7.3% from 7.2% in September": September is the 7.2's).
    pub(super) fn month_period_for(&self, i: usize) -> Option<Period> {
        let article = self.article?.date;
        self.range.clone().find_map(|k| {
            let m = month_number(self.word_at(k)?)?;
            let (lo, hi) = if k > i { (i + 1, k) } else { (k + 1, i) };
            if (lo..hi).any(|x| self.is_claim_number(x)) {
                return None;
            }
            if let Some((d, _)) = month_year_at(self.tokens, k) {
                return Some(Period::Month(d));
            }
            let this = NaiveDate::from_ymd_opt(article.year(), m, 1)?;
            let d = if this <= article {
                this
            } else {
                NaiveDate::from_ymd_opt(article.year() - 1, m, 1)?
            };
            Some(Period::Month(d))
        })
    }
}
