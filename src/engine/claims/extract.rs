//! Sentences → claims: every number the text states, read as a kind of
//! claim with its subject, horizon, comparator, precision and date, plus
//! the claims stated without a number (a record, a lead, a streak).
//!
//! Invariant: nothing here knows the data. A number the rules do not
//! understand still becomes a claim (`Measure::Other`, with why), so the
//! page can say "can't check" instead of dropping it silently.

use chrono::{Datelike, NaiveDate};

use super::aliases::{AliasTable, Mention, SubjectKind};
use super::dates::{
    article_date, full_date_at, is_year, last_weekday, month_day_at, month_number, month_year_at,
    resolve_month_day, weekday_of, ArticleDate,
};
use super::patterns::{hits, Comparator, Effect, Hit, HorizonCue, MeasureCue, PeriodCue};
use super::text::clean;
use super::tokens::{sentences, tokenize, Tok, Token};

mod cues;
mod phrases;

/// The window a return is measured over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    Ytd,
    Mtd,
    /// Trailing sessions (63 = three months, the `ret_3m` metric).
    Sessions(u32),
    /// From the close on or before this date.
    Since(NaiveDate),
}

impl Horizon {
    /// The `data-horizon` value: `ytd`, `mtd`, a session count, `since:<date>`.
    pub fn code(self) -> String {
        match self {
            Horizon::Ytd => "ytd".into(),
            Horizon::Mtd => "mtd".into(),
            Horizon::Sessions(n) => n.to_string(),
            Horizon::Since(d) => format!("since:{d}"),
        }
    }
}

/// A macro print's reference period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A week ending on this date.
    Week(NaiveDate),
    /// A month (its first day).
    Month(NaiveDate),
    /// A quarter (its first day).
    Quarter(NaiveDate),
}

/// What the claim measures.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// A return of the subject over the horizon.
    Return,
    /// The subject's return minus `other`'s (alias entry index).
    Spread { other: usize },
    /// A closing level.
    Level,
    /// A record close (of the loaded history) in the last sessions.
    Record,
    /// The highest close since a date.
    HighestSince(NaiveDate),
    /// The lowest close since a date.
    LowestSince(NaiveDate),
    /// RSI with this period; weekly RSIs are not computed.
    Rsi { period: usize, weekly: bool },
    /// Sessions running up (`+1`) or down (`-1`); 0 when not said.
    Streak { direction: i8 },
    /// Distance from the `n`-session SMA, percent.
    FromSma(usize),
    /// Distance from the 52-week high, percent (≤ 0).
    From52wHigh,
    /// Distance from the record high, percent (≤ 0).
    FromRecord,
    /// A macro print, with its reference period when stated.
    Macro(Option<Period>),
    /// A forecast: a target advance (percent) or level.
    Target,
    /// A number the rules did not read as a checkable claim.
    Other(&'static str),
}

impl Measure {
    /// The `data-kind` hook.
    pub fn kind(&self) -> &'static str {
        match self {
            Measure::Return => "return",
            Measure::Spread { .. } => "spread",
            Measure::Level | Measure::FromSma(_) | Measure::From52wHigh | Measure::FromRecord => {
                "level"
            }
            Measure::Record | Measure::HighestSince(_) | Measure::LowestSince(_) => "record",
            Measure::Rsi { .. } => "rsi",
            Measure::Streak { .. } => "streak",
            Measure::Macro(_) => "macro",
            Measure::Target => "target",
            Measure::Other(_) => "other",
        }
    }
}

/// One claim read from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub measure: Measure,
    /// Alias entry of the subject.
    pub subject: Option<usize>,
    pub horizon: Option<Horizon>,
    /// The horizon was not stated in the sentence but carried from the
    /// last return claim before it.
    pub horizon_carried: bool,
    /// The claimed value as written (percent points for percentages,
    /// persons for claims); `None` for a claim without a number.
    pub value: Option<f64>,
    /// The value was written as a percentage.
    pub percent: bool,
    pub comparator: Comparator,
    /// Half a unit of the last digit written (7.8 → 0.05).
    pub precision: f64,
    /// The claim's own date, when it gives one.
    pub date: Option<NaiveDate>,
    /// Byte span of the claim's number (or phrase) in `Extraction::text`.
    pub span: (usize, usize),
    /// Byte span of its sentence.
    pub sentence: (usize, usize),
}

/// The text as read and the claims in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// The cleaned text the spans refer to.
    pub text: String,
    pub article: Option<ArticleDate>,
    pub claims: Vec<Claim>,
}

/// Units that may follow a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    None,
    Percent,
    Points,
    Money,
}

/// Reads `input` (plain text or HTML) with the article date `typed` when
/// given.
pub fn extract(input: &str, typed: Option<&str>, aliases: &AliasTable) -> Extraction {
    let text = clean(input);
    let tokens = tokenize(&text);
    let article = article_date(&tokens, typed);
    let mentions = aliases.mentions(&tokens);
    let mut state = Carry::default();
    let mut claims = Vec::new();
    for range in sentences(&text, &tokens) {
        let ctx = Sentence::new(&tokens, range, &mentions, aliases, article);
        ctx.read(&mut state, &mut claims);
    }
    Extraction {
        text,
        article,
        claims,
    }
}

/// What one sentence hands to the next.
#[derive(Debug, Default)]
struct Carry {
    subject: Option<usize>,
    horizon: Option<Horizon>,
}

struct Sentence<'a> {
    tokens: &'a [Token],
    range: std::ops::Range<usize>,
    mentions: Vec<Mention>,
    hits: Vec<Hit>,
    aliases: &'a AliasTable,
    article: Option<ArticleDate>,
    /// The date the sentence gives, and whether it was a weekday ("on Friday").
    date: Option<(NaiveDate, bool)>,
}

fn span_of(tokens: &[Token], from: usize, to: usize) -> (usize, usize) {
    let start = tokens.get(from).map_or(0, |t| t.start);
    let end = to
        .checked_sub(1)
        .and_then(|i| tokens.get(i))
        .map_or(start, |t| t.end);
    (start, end.max(start))
}

impl<'a> Sentence<'a> {
    fn new(
        tokens: &'a [Token],
        range: std::ops::Range<usize>,
        all: &[Mention],
        aliases: &'a AliasTable,
        article: Option<ArticleDate>,
    ) -> Self {
        let mentions: Vec<Mention> = all
            .iter()
            .filter(|m| m.start >= range.start && m.end <= range.end)
            .filter(|m| !cues::is_parenthetical_alias(tokens, all, m))
            .copied()
            .collect();
        let found: Vec<Hit> = hits(tokens, range.clone())
            .into_iter()
            // A pattern inside a name ("S&P 500" has none, but be safe).
            .filter(|h| !mentions.iter().any(|m| h.start < m.end && m.start < h.end))
            .collect();
        let mut s = Sentence {
            tokens,
            range,
            mentions,
            hits: found,
            aliases,
            article,
            date: None,
        };
        s.date = s.find_date();
        s
    }

    fn is_price(&self, entry: usize) -> bool {
        self.aliases
            .entries
            .get(entry)
            .is_some_and(|a| a.kind == SubjectKind::Price)
    }

    fn kind_of(&self, entry: usize) -> Option<SubjectKind> {
        self.aliases.entries.get(entry).map(|a| a.kind)
    }

    /// A date at token `i`: a full date, a month and day, or a weekday.
    fn date_at(&self, i: usize) -> Option<(NaiveDate, bool)> {
        if let Some((d, _)) = full_date_at(self.tokens, i) {
            return Some((d, false));
        }
        let article = self.article?.date;
        if let Some((m, d, _)) = month_day_at(self.tokens, i) {
            return resolve_month_day(m, d, article).map(|x| (x, false));
        }
        let wd = weekday_of(self.tokens.get(i)?.word()?)?;
        Some((last_weekday(wd, self.article?.as_of()), true))
    }

    /// The sentence's own date: after "through", "as of", "on", "ended",
    /// or any full date, month-day or weekday in it.
    fn find_date(&self) -> Option<(NaiveDate, bool)> {
        let cued = self.hits.iter().find_map(|h| match h.pattern.effect {
            Effect::DateFollows | Effect::Period(PeriodCue::WeekEnded) => self.date_at(h.end),
            _ => None,
        });
        cued.or_else(|| {
            self.range.clone().find_map(|i| {
                // Not a "since" date (that is a horizon's start).
                let after_since = self.hits.iter().any(|h| {
                    h.end == i
                        && matches!(
                            h.pattern.effect,
                            Effect::Horizon(HorizonCue::Since)
                                | Effect::Measure(MeasureCue::HighestSince)
                                | Effect::Measure(MeasureCue::LowestSince)
                        )
                });
                // Nor the date a record was set ("its July 13 record").
                if after_since || self.names_a_record(i) {
                    None
                } else {
                    self.date_at(i)
                }
            })
        })
    }

    fn in_hit_or_mention(&self, i: usize) -> bool {
        self.hits
            .iter()
            .any(|h| h.start <= i && i < h.end && h.count.is_some())
            || self.mentions.iter().any(|m| m.start <= i && i < m.end)
    }

    /// A number that is part of a date, a time, a list marker or a
    /// compound word ("10-year", "4min"), not a claim.
    fn is_not_a_claim(&self, i: usize) -> bool {
        let t = self.tokens;
        let prev = i.checked_sub(1).and_then(|p| t.get(p));
        let next = t.get(i + 1);
        let glued = |x: Option<&Token>| x.is_some_and(|x| !x.space_before);
        let month_before = prev.and_then(Token::word).and_then(month_number).is_some()
            || (prev.is_some_and(|p| p.is_punct('.'))
                && i.checked_sub(2)
                    .and_then(|p| t.get(p))
                    .and_then(Token::word)
                    .and_then(month_number)
                    .is_some());
        let time = (glued(next) && next.is_some_and(|n| n.is_punct(':')))
            || (!t[i].space_before && prev.is_some_and(|p| p.is_punct(':')));
        let compound = glued(next)
            && next.is_some_and(|n| n.is_punct('-') || n.is_punct('/'))
            && t.get(i + 2)
                .is_some_and(|w| !w.space_before && w.word().is_some());
        let glued_word = glued(next)
            && next.and_then(Token::word).is_some_and(|w| {
                !matches!(w, "k" | "m" | "b" | "bn" | "mn" | "pct" | "bp" | "bps")
            });
        let glued_after_word = !t[i].space_before && prev.is_some_and(|p| p.word().is_some());
        let list_marker = i == self.range.start
            && (next.is_none_or(|n| n.is_punct('.') || n.is_punct(')')) || self.range.len() == 1);
        month_before
            || time
            || compound
            || glued_word
            || glued_after_word
            || list_marker
            || is_year(t, i)
            || self.date_at(i).is_some()
    }

    fn nearest_mention(&self, i: usize, price_only: bool) -> Option<usize> {
        let ok = |m: &&Mention| !price_only || self.is_price(m.entry);
        let before = self.mentions.iter().filter(ok).rev().find(|m| m.end <= i);
        let after = self.mentions.iter().filter(ok).find(|m| m.start > i);
        before.or(after).map(|m| m.entry)
    }

    fn hit_near(&self, i: usize, pred: impl Fn(&Effect) -> bool) -> Option<&Hit> {
        self.hits
            .iter()
            .filter(|h| pred(&h.pattern.effect))
            .min_by_key(|h| {
                if h.start > i {
                    h.start - i
                } else {
                    i - h.end.min(i)
                }
            })
    }

    fn horizon_near(&self, i: usize) -> Option<Horizon> {
        let h = self.hit_near(i, |e| matches!(e, Effect::Horizon(_)))?;
        match h.pattern.effect {
            Effect::Horizon(HorizonCue::Ytd) => Some(Horizon::Ytd),
            Effect::Horizon(HorizonCue::Mtd) => Some(Horizon::Mtd),
            Effect::Horizon(HorizonCue::Sessions(n)) => Some(Horizon::Sessions(n)),
            Effect::Horizon(HorizonCue::Count(unit)) => {
                h.count.map(|n| Horizon::Sessions(n.saturating_mul(unit)))
            }
            Effect::Horizon(HorizonCue::Wtd) => {
                let mut date = self
                    .date
                    .map(|(d, _)| d)
                    .or(self.article.map(|a| a.as_of()))?;
                // A weekend article's week is the one that ended on Friday.
                while date.weekday().number_from_monday() > 5 {
                    date = date.pred_opt()?;
                }
                let friday = last_weekday(chrono::Weekday::Fri, date.pred_opt()?);
                Some(Horizon::Since(friday))
            }
            Effect::Horizon(HorizonCue::Since) => {
                let d = full_date_at(self.tokens, h.end)
                    .or_else(|| month_year_at(self.tokens, h.end))
                    .map(|(d, _)| d)
                    .or_else(|| self.date_at(h.end).map(|(d, _)| d))?;
                Some(Horizon::Since(d))
            }
            _ => None,
        }
    }

    fn unit_after(&self, i: usize) -> (Unit, f64, usize) {
        let t = self.tokens;
        let word = |k: usize| t.get(k).and_then(Token::word);
        let points_hit = self
            .hits
            .iter()
            .any(|h| h.start == i + 1 && h.pattern.effect == Effect::Points);
        if points_hit {
            return (Unit::Points, 1.0, i + 2);
        }
        match (t.get(i + 1).map(|x| &x.tok), word(i + 1)) {
            (Some(Tok::Punct('%')), _) => (Unit::Percent, 1.0, i + 2),
            (_, Some("percent" | "pct")) => (Unit::Percent, 1.0, i + 2),
            (_, Some("per")) if word(i + 2) == Some("cent") => (Unit::Percent, 1.0, i + 3),
            (_, Some("k" | "thousand")) => (Unit::None, 1e3, i + 2),
            (_, Some("million" | "mn" | "m" | "billion" | "bn" | "b" | "trillion")) => {
                (Unit::Money, 1.0, i + 2)
            }
            (_, Some("bp" | "bps")) => (Unit::Points, 0.01, i + 2),
            (_, Some("basis")) => (Unit::Points, 0.01, i + 3),
            _ => (Unit::None, 1.0, i + 1),
        }
    }

    fn direction_near(&self, i: usize, after: usize) -> i8 {
        let before = self.hits.iter().rev().find(|h| {
            h.end <= i && i - h.end <= 4 && matches!(h.pattern.effect, Effect::Direction(_))
        });
        let following = self.hits.iter().find(|h| {
            h.start >= after
                && h.start - after <= 1
                && matches!(h.pattern.effect, Effect::Direction(_))
        });
        match before.or(following).map(|h| h.pattern.effect) {
            Some(Effect::Direction(d)) => d,
            _ => 0,
        }
    }

    fn comparator_before(&self, i: usize) -> Comparator {
        self.hits
            .iter()
            .find_map(|h| match h.pattern.effect {
                Effect::Comparator(c) if h.end == i || (h.end + 1 == i && self.is_sign(h.end)) => {
                    Some(c)
                }
                _ => None,
            })
            .unwrap_or(Comparator::Equal)
    }

    fn is_sign(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.is_punct('-') || t.is_punct('+'))
    }

    fn period(&self) -> Option<Period> {
        self.hits.iter().find_map(|h| match h.pattern.effect {
            Effect::Period(PeriodCue::WeekEnded) => {
                // "the week ending on Nov. 1": skip the "on".
                let on = self.tokens.get(h.end).and_then(Token::word) == Some("on");
                self.date_at(h.end + usize::from(on))
                    .map(|(d, _)| Period::Week(d))
            }
            Effect::Period(PeriodCue::Quarter(q)) => {
                let year = if is_year(self.tokens, h.end) {
                    self.tokens.get(h.end)?.number()?.value as i32
                } else {
                    self.article?.date.year()
                };
                NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1).map(Period::Quarter)
            }
            _ => None,
        })
    }

    fn read(&self, carry: &mut Carry, out: &mut Vec<Claim>) {
        let sentence = span_of(self.tokens, self.range.start, self.range.end);
        let date = self.date.map(|(d, _)| d);
        let base = Claim {
            measure: Measure::Other(""),
            subject: None,
            horizon: None,
            horizon_carried: false,
            value: None,
            percent: false,
            comparator: Comparator::Equal,
            precision: 0.0,
            date,
            span: sentence,
            sentence,
        };
        for i in self.range.clone() {
            let Some(n) = self.tokens[i].number() else {
                continue;
            };
            if self.in_hit_or_mention(i) || self.is_not_a_claim(i) || !n.value.is_finite() {
                continue;
            }
            out.push(self.number_claim(i, carry, &base));
        }
        self.phrase_claims(carry, &base, out);
        if let Some(h) = self.heading_horizon() {
            carry.horizon = Some(h);
        }
        if let Some(last) = self.mentions.iter().rev().find(|m| self.is_price(m.entry)) {
            carry.subject = Some(last.entry);
        }
    }

    fn number_claim(&self, i: usize, carry: &mut Carry, base: &Claim) -> Claim {
        let t = self.tokens;
        let Some(n) = t[i].number() else {
            return base.clone();
        };
        let (unit, scale, after) = self.unit_after(i);
        let dollar = i
            .checked_sub(1)
            .and_then(|p| t.get(p))
            .is_some_and(|p| p.is_punct('$'));
        let sign_index = i.checked_sub(1).filter(|p| {
            self.is_sign(*p)
                && !t[i].space_before
                && t.get(*p)
                    .is_some_and(|s| s.space_before || *p == self.range.start)
        });
        let negative = sign_index.is_some_and(|p| t[p].is_punct('-'));
        let start = sign_index.unwrap_or(i);
        let mut value = n.value * scale;
        let precision = precision_of(n.value, n.decimals) * scale;
        let direction = self.direction_near(start, after);
        if negative || (direction < 0 && sign_index.is_none()) {
            value = -value;
        }
        let percent = unit == Unit::Percent || unit == Unit::Points;
        let mut claim = Claim {
            value: Some(value),
            percent,
            comparator: self.comparator_before(start),
            precision,
            span: span_of(t, start, after),
            ..base.clone()
        };
        let listed = self.respectively_subject(i);
        let subject_here = listed.or_else(|| self.nearest_mention(i, false));
        let subject_kind = subject_here.and_then(|s| self.kind_of(s));
        let has = |m: MeasureCue| {
            self.hits
                .iter()
                .find(|h| h.pattern.effect == Effect::Measure(m))
        };
        let measure_after = |m: MeasureCue| {
            self.hits.iter().find(|h| {
                h.start >= after && h.start - after <= 6 && h.pattern.effect == Effect::Measure(m)
            })
        };
        let price_subject = listed
            .filter(|s| self.is_price(*s))
            .or_else(|| self.nearest_mention(i, true))
            .or(carry.subject);
        claim.measure = if dollar || unit == Unit::Money {
            Measure::Other("a dollar amount or flow: no bundled series measures it")
        } else if has(MeasureCue::Target).is_some() && percent {
            claim.subject = price_subject;
            Measure::Target
        } else if let Some((s, kind)) = subject_here
            .zip(subject_kind)
            .filter(|(_, k)| *k != SubjectKind::Price)
        {
            claim.subject = Some(s);
            let fits = match kind {
                SubjectKind::Claims => value.abs() >= 1000.0,
                _ => value.abs() < 30.0,
            };
            if self.is_change(i) {
                Measure::Other("a change in a macro print, not the print itself")
            } else if fits {
                let period = self.period().or_else(|| {
                    matches!(kind, SubjectKind::Unemployment | SubjectKind::PolicyRate)
                        .then(|| self.month_period_for(i))
                        .flatten()
                });
                // A named period is what the print is for; the article's
                // date is when it was read ("the week ending on Nov. 1").
                if period.is_some() {
                    if let Some(a) = self.article {
                        claim.date = Some(a.as_of());
                    }
                }
                // A macro print is a level, not a change: drop a direction sign.
                if !negative {
                    claim.value = Some(value.abs());
                }
                Measure::Macro(period)
            } else {
                Measure::Other("a number beside a macro series that is not its print")
            }
        } else if self.index_points(i) && price_subject.is_some() {
            claim.subject = price_subject;
            Measure::Other("a change in index points: the percentage beside it is checked")
        } else if let Some(h) = has(MeasureCue::Rsi).or_else(|| has(MeasureCue::RsiWeekly)) {
            claim.subject = price_subject;
            if unit == Unit::None && (0.0..=100.0).contains(&value) {
                let weekly = h.pattern.effect == Effect::Measure(MeasureCue::RsiWeekly);
                let period = h.count.map_or(14, |c| c as usize);
                Measure::Rsi { period, weekly }
            } else {
                Measure::Other("a number beside an RSI that is not an RSI reading")
            }
        } else if let Some(h) = measure_after(MeasureCue::Sma).filter(|_| percent) {
            claim.subject = price_subject;
            let below = self.hits.iter().any(|x| {
                x.start >= after
                    && x.end <= h.start
                    && x.pattern.effect == Effect::Comparator(Comparator::AtMost)
            });
            claim.value = Some(if below { -n.value.abs() } else { n.value.abs() });
            Measure::FromSma(h.count.map_or(200, |c| c as usize))
        } else if measure_after(MeasureCue::From52wHigh).is_some() && percent {
            claim.subject = price_subject;
            claim.value = Some(-n.value.abs());
            Measure::From52wHigh
        } else if (measure_after(MeasureCue::FromRecord).is_some()
            || self.below_dated_record(after))
            && percent
        {
            claim.subject = price_subject;
            claim.value = Some(-n.value.abs());
            Measure::FromRecord
        } else if self.hits.iter().any(|h| {
            h.pattern.effect == Effect::Measure(MeasureCue::Level) && h.end <= i && i - h.end <= 1
        }) && unit == Unit::None
            || self.level_after_move(i)
        {
            claim.subject = price_subject;
            Measure::Level
        } else if percent && price_subject.is_some() {
            claim.subject = price_subject;
            let beat = self.hits.iter().find(|h| {
                matches!(
                    h.pattern.effect,
                    Effect::Measure(MeasureCue::Beat | MeasureCue::Trail)
                ) && h.end <= i
            });
            let spread_other = beat.and_then(|b| {
                self.mentions
                    .iter()
                    .find(|m| m.start >= b.end && m.end <= i && self.is_price(m.entry))
                    .map(|m| m.entry)
            });
            let (horizon, carried) = match self.horizon_near(i) {
                Some(h) => (Some(h), false),
                None if self.date.is_some_and(|(_, weekday)| weekday) => {
                    (Some(Horizon::Sessions(1)), false)
                }
                None => match (self.year_horizon(), self.month_horizon()) {
                    (Some(h), _) => (Some(h), false),
                    (None, Some((h, last))) => {
                        claim.date = Some(last);
                        (Some(h), false)
                    }
                    (None, None) if self.daily_move() => (Some(Horizon::Sessions(1)), false),
                    (None, None) => (carry.horizon, carry.horizon.is_some()),
                },
            };
            claim.horizon = horizon;
            claim.horizon_carried = carried;
            if !carried {
                carry.horizon = horizon.or(carry.horizon);
            }
            let by_before = start
                .checked_sub(1)
                .and_then(|p| t.get(p))
                .and_then(Token::word)
                == Some("by");
            match (unit == Unit::Points || by_before, spread_other, beat) {
                (true, Some(other), Some(b)) => {
                    // The subject is the one before the comparison word.
                    claim.subject = self
                        .mentions
                        .iter()
                        .rev()
                        .find(|m| m.end <= b.start && self.is_price(m.entry))
                        .map(|m| m.entry)
                        .or(carry.subject);
                    if b.pattern.effect == Effect::Measure(MeasureCue::Trail) {
                        claim.value = Some(-n.value.abs());
                    }
                    Measure::Spread { other }
                }
                _ => Measure::Return,
            }
        } else if percent {
            Measure::Other("a percentage without a subject the alias table names")
        } else {
            Measure::Other("a number the rules do not read as a market claim")
        };
        // A level is a level: "declined 2.8% to 680.57" does not sign it.
        if claim.measure == Measure::Level {
            claim.value = claim.value.map(f64::abs);
        }
        // "more than 20% below its record": a distance at most -20%.
        let below = matches!(
            claim.measure,
            Measure::FromRecord | Measure::From52wHigh | Measure::FromSma(_)
        ) && claim.value.is_some_and(|v| v < 0.0);
        if below {
            claim.comparator = match claim.comparator {
                Comparator::AtLeast => Comparator::AtMost,
                Comparator::AtMost => Comparator::AtLeast,
                c => c,
            };
        }
        claim
    }
}

/// Half a unit of the last digit written: `7.8` → 0.05, `8` → 0.5,
/// `198,000` → 500 (trailing zeros of a whole number are rounding).
pub fn precision_of(value: f64, decimals: u32) -> f64 {
    if decimals > 0 {
        return 0.5 * 10f64.powi(-(decimals as i32));
    }
    let mut place = 1.0;
    let mut v = value.abs().round();
    while v >= 1000.0 && v % 10.0 == 0.0 {
        v /= 10.0;
        place *= 10.0;
    }
    0.5 * place
}
