//! The rule table: every phrase the extractor reacts to, as data. Each
//! entry names a pattern, its phrases (token sequences; `#` stands for a
//! count written as digits, a number word or an ordinal: "past # sessions"
//! reads "past five sessions" and "past 5 sessions"), what it means, and
//! an example sentence that `tests/claims.rs` checks it matches (one test
//! per entry).
//!
//! Invariant: matching is on tokens, never on raw text, so a phrase never
//! matches inside a word ("rsi" in "versions").

use super::tokens::{tokenize, Tok, Token};

/// A horizon a return is measured over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HorizonCue {
    /// Since the previous year's last close.
    Ytd,
    /// Since the previous month's last close.
    Mtd,
    /// A count (`#`) of units of this many sessions (1 session, 5 a week,
    /// 21 a month, 252 a year).
    Count(u32),
    /// A fixed number of sessions ("past year" = 252).
    Sessions(u32),
    /// From the close on or before a date that follows ("since March 3").
    Since,
    /// The week so far: from the previous week's last close ("for the
    /// week" in a Tuesday report is two sessions, on a Friday five).
    Wtd,
}

/// What a claim measures, when not a plain return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureCue {
    /// RSI; `#` = its period when written ("9-day RSI").
    Rsi,
    /// RSI on weekly bars (not computed here: can't check).
    RsiWeekly,
    /// Distance from the `#`-session simple moving average.
    Sma,
    /// Distance from the 52-week high.
    From52wHigh,
    /// Distance from the record (running) high.
    FromRecord,
    /// A record close.
    Record,
    /// The highest close since a date that follows.
    HighestSince,
    /// The lowest close since a date that follows.
    LowestSince,
    /// A closing level follows.
    Level,
    /// `#` sessions running in one direction.
    Streak,
    /// A target (forecast): becomes a target row.
    Target,
    /// A return spread: the subject beat (or trailed) another.
    Beat,
    /// The subject trailed another.
    Trail,
}

/// How the claimed value compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// As written, within precision and allowance.
    Equal,
    /// "about", "roughly": the allowance doubles.
    About,
    /// "more than", "north of": one-sided, at least.
    AtLeast,
    /// "less than", "nearly": one-sided, at most.
    AtMost,
}

/// A macro reference period cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodCue {
    /// "week ended June 14": the week-ending date follows.
    WeekEnded,
    /// Quarter 1–4 of a year that follows.
    Quarter(u32),
}

/// What a pattern means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Horizon(HorizonCue),
    Measure(MeasureCue),
    Comparator(Comparator),
    /// +1 a rise, −1 a fall.
    Direction(i8),
    Period(PeriodCue),
    /// A date follows ("through July 7", "as of Jan. 16").
    DateFollows,
    /// "percentage points": a spread.
    Points,
}

/// One entry of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pattern {
    pub id: &'static str,
    pub phrases: &'static [&'static str],
    pub effect: Effect,
    /// A sentence the pattern must match (tested).
    pub example: &'static str,
}

use Effect as E;
use HorizonCue as H;
use MeasureCue as M;

/// The table. Longer phrases win where two match at the same place.
pub const PATTERNS: &[Pattern] = &[
    Pattern {
        id: "ytd",
        phrases: &[
            "ytd",
            "year to date",
            "year-to-date",
            "so far this year",
            "this year",
            "so far in the year",
            "for the year",
            "on the year",
            "trading year",
        ],
        effect: E::Horizon(H::Ytd),
        example: "Russell 2000 surges 7.8% YTD",
    },
    Pattern {
        id: "mtd",
        phrases: &[
            "month to date",
            "month-to-date",
            "mtd",
            "so far this month",
            "this month",
            "for the month",
            "on the month",
        ],
        effect: E::Horizon(H::Mtd),
        example: "the index is up 2.1% so far this month",
    },
    Pattern {
        id: "sessions",
        phrases: &[
            "past # sessions",
            "last # sessions",
            "past # trading days",
            "last # trading days",
            "past # trading sessions",
            "# sessions",
            "# trading days",
            "# trading sessions",
            "past # days",
            "last # days",
            "those # days",
            "those # sessions",
        ],
        effect: E::Horizon(H::Count(1)),
        example: "up 3% over the past five sessions",
    },
    Pattern {
        id: "weeks",
        phrases: &[
            "past # weeks",
            "last # weeks",
            "# weeks",
            "#-week",
            "last # week",
            "past # week",
        ],
        effect: E::Horizon(H::Count(5)),
        example: "gained 4% in the past two weeks",
    },
    Pattern {
        id: "months",
        phrases: &[
            "past # months",
            "last # months",
            "# months",
            "#-month",
            "past # month",
        ],
        effect: E::Horizon(H::Count(21)),
        example: "soared more than 8% over the past three months",
    },
    Pattern {
        id: "week",
        phrases: &[
            "past week",
            "last week",
            "weekly gain",
            "weekly loss",
            "over the week",
        ],
        effect: E::Horizon(H::Sessions(5)),
        example: "the S&P 500 rose 1.6% over the past week",
    },
    Pattern {
        id: "wtd",
        phrases: &[
            "this week",
            "for the week",
            "on the week",
            "so far this week",
            "for the trading week",
            "trading week",
        ],
        effect: E::Horizon(H::Wtd),
        example: "the S&P 500 rose 1.6% for the week",
    },
    Pattern {
        id: "month",
        phrases: &[
            "past month",
            "over the month",
            "in the past month",
            "last month",
        ],
        effect: E::Horizon(H::Sessions(21)),
        example: "small caps gained 5% over the past month",
    },
    Pattern {
        id: "year",
        phrases: &[
            "past year",
            "past 12 months",
            "last 12 months",
            "past twelve months",
            "over the year",
            "trailing 12 months",
            "year over year",
        ],
        effect: E::Horizon(H::Sessions(252)),
        example: "up 12% over the past year",
    },
    Pattern {
        id: "day",
        phrases: &[
            "on the day",
            "in the session",
            "on the session",
            "today",
            "for the day",
            "in a single session",
            "best day",
            "worst day",
        ],
        effect: E::Horizon(H::Sessions(1)),
        example: "the Nasdaq-100 fell 1.2% on the day",
    },
    Pattern {
        id: "since",
        phrases: &["since"],
        effect: E::Horizon(H::Since),
        example: "up 9% since April 8",
    },
    Pattern {
        id: "rsi",
        phrases: &[
            "relative strength index",
            "rsi",
            "#-day rsi",
            "# day rsi",
            "#-day relative strength index",
            "rsi(#)",
            "14-day relative strength",
        ],
        effect: E::Measure(M::Rsi),
        example: "its relative strength index is sitting at 71",
    },
    Pattern {
        id: "rsi_weekly",
        phrases: &[
            "weekly rsi",
            "weekly relative strength index",
            "rsi on the weekly",
            "weekly chart's rsi",
        ],
        effect: E::Measure(M::RsiWeekly),
        example: "the weekly RSI reached 75",
    },
    Pattern {
        id: "sma",
        phrases: &[
            "#-day moving average",
            "# day moving average",
            "#-day simple moving average",
            "#-day average",
            "#-day ma",
            "#-day line",
            "#-dma",
            "#-day sma",
        ],
        effect: E::Measure(M::Sma),
        example: "trading 9% above its 200-day moving average",
    },
    Pattern {
        id: "from_52w_high",
        phrases: &[
            "52-week high",
            "52 week high",
            "one-year high",
            "12-month high",
        ],
        effect: E::Measure(M::From52wHigh),
        example: "sits 4% below its 52-week high",
    },
    Pattern {
        id: "from_record",
        phrases: &[
            "below its record",
            "off its record",
            "below its all-time high",
            "off its all-time high",
            "from its record",
            "from its all-time high",
            "below its peak",
            "off its peak",
            "from its peak",
            "below the record",
            "off the record high",
            "off its high",
            "below its high",
            "from its high",
        ],
        effect: E::Measure(M::FromRecord),
        example: "it remains 12% below its record high",
    },
    Pattern {
        id: "record",
        phrases: &[
            "record high",
            "record highs",
            "all-time high",
            "all-time highs",
            "record close",
            "record closing high",
            "fresh record",
            "new record",
            "record territory",
            "new high",
            "new highs",
            "fresh high",
            "fresh highs",
        ],
        effect: E::Measure(M::Record),
        example: "hitting fresh record highs",
    },
    Pattern {
        id: "highest_since",
        phrases: &[
            "highest since",
            "highest level since",
            "highest close since",
            "best level since",
            "highest close in",
            "strongest level since",
            "highest finish since",
        ],
        effect: E::Measure(M::HighestSince),
        example: "its highest close since November 2021",
    },
    Pattern {
        id: "lowest_since",
        phrases: &[
            "lowest since",
            "lowest level since",
            "lowest close since",
            "lowest daily close since",
            "lowest finish since",
        ],
        effect: E::Measure(M::LowestSince),
        example: "the lowest daily close since Sept. 30, 2003",
    },
    Pattern {
        id: "level",
        phrases: &[
            "closed at",
            "ended at",
            "finished at",
            "settled at",
            "ended the day at",
            "ended the session at",
            "to close at",
            "to end at",
            "to finish at",
            "closing at",
            "to settle at",
            "ending at",
            "finishing at",
            "closed the week at",
            "ended the week at",
        ],
        effect: E::Measure(M::Level),
        example: "the S&P 500 ended at 6,940.01",
    },
    Pattern {
        id: "streak",
        phrases: &[
            "# straight sessions",
            "# straight days",
            "# consecutive sessions",
            "# consecutive days",
            "# sessions in a row",
            "# days in a row",
            "# straight session",
            "# consecutive session",
            "# straight day",
            "# consecutive trading days",
            "# straight trading days",
            "# consecutive trading sessions",
        ],
        effect: E::Measure(M::Streak),
        example: "its fifth straight session of gains",
    },
    Pattern {
        id: "target",
        phrases: &[
            "target",
            "targets",
            "price target",
            "price targets",
            "imply advances of",
            "implies an advance of",
            "imply gains of",
            "upside of",
            "implied upside",
            "year-end target",
            "sees the index at",
        ],
        effect: E::Measure(M::Target),
        example: "These imply advances of 7%, 12.2%, and 16.9% from recent levels",
    },
    Pattern {
        id: "beat",
        phrases: &[
            "outperforming",
            "outperformed",
            "outperform",
            "outperforms",
            "lead over",
            "ahead of",
            "beating",
            "outpaced",
            "outpacing",
            "outpaces",
            "topping",
            "better than",
        ],
        effect: E::Measure(M::Beat),
        example: "Russell 2000 surges 7.8% YTD, outperforming S&P 500",
    },
    Pattern {
        id: "trail",
        phrases: &[
            "lagging",
            "lagged",
            "lags",
            "underperformed",
            "underperforming",
            "underperforms",
            "trailing",
            "trailed",
            "behind",
        ],
        effect: E::Measure(M::Trail),
        example: "small caps lagged the S&P 500 by 3 percentage points this year",
    },
    Pattern {
        id: "at_least",
        phrases: &[
            "more than",
            "over",
            "above",
            "north of",
            "at least",
            "upwards of",
            "in excess of",
            "just over",
            "just above",
            "greater than",
        ],
        effect: E::Comparator(Comparator::AtLeast),
        example: "has soared more than 8%",
    },
    Pattern {
        id: "at_most",
        phrases: &[
            "less than",
            "under",
            "below",
            "at most",
            "nearly",
            "almost",
            "just under",
            "just below",
            "shy of",
            "up to",
        ],
        effect: E::Comparator(Comparator::AtMost),
        example: "gained nearly 4%",
    },
    Pattern {
        id: "about",
        phrases: &[
            "about",
            "roughly",
            "around",
            "approximately",
            "some",
            "close to",
            "~",
            "an estimated",
        ],
        effect: E::Comparator(Comparator::About),
        example: "up roughly 5% this year",
    },
    Pattern {
        id: "up",
        phrases: &[
            "up",
            "rose",
            "gained",
            "gain",
            "gains",
            "advanced",
            "advance",
            "climbed",
            "rallied",
            "surged",
            "surges",
            "soared",
            "soars",
            "jumped",
            "added",
            "higher",
            "rise",
            "rising",
            "rises",
            "increase",
            "increased",
            "rebounded",
            "popped",
            "grow",
            "grew",
        ],
        effect: E::Direction(1),
        example: "the index rose 1.2% on Friday",
    },
    Pattern {
        id: "down",
        phrases: &[
            "down",
            "fell",
            "lost",
            "declined",
            "decline",
            "dropped",
            "drop",
            "slid",
            "tumbled",
            "sank",
            "lower",
            "fall",
            "falls",
            "slipped",
            "retreated",
            "shed",
            "plunged",
            "sliding",
            "losses",
            "loss",
            "decreased",
            "collapsed",
            "slumped",
            "plummeted",
        ],
        effect: E::Direction(-1),
        example: "the Nasdaq-100 fell 2.3% this week",
    },
    Pattern {
        id: "week_ended",
        phrases: &[
            "week ended",
            "week ending",
            "week that ended",
            "week through",
            "for the week ended",
            "for the week ending",
            "the week ended",
            "the week ending",
            "in the week ended",
            "week ending on",
            "week ended on",
        ],
        effect: E::Period(PeriodCue::WeekEnded),
        example: "initial claims fell to 229,000 for the week ended June 14",
    },
    Pattern {
        id: "q1",
        phrases: &["first quarter", "first quarter of", "q1"],
        effect: E::Period(PeriodCue::Quarter(1)),
        example: "GDPNow sees 2.1% growth in the first quarter of 2025",
    },
    Pattern {
        id: "q2",
        phrases: &["second quarter", "second quarter of", "q2"],
        effect: E::Period(PeriodCue::Quarter(2)),
        example: "GDPNow's estimate for Q2 2025 is 3.8%",
    },
    Pattern {
        id: "q3",
        phrases: &["third quarter", "third quarter of", "q3"],
        effect: E::Period(PeriodCue::Quarter(3)),
        example: "GDPNow for the third quarter of 2025 stands at 3.9%",
    },
    Pattern {
        id: "q4",
        phrases: &[
            "fourth quarter",
            "fourth quarter of",
            "final quarter of",
            "final quarter",
            "q4",
        ],
        effect: E::Period(PeriodCue::Quarter(4)),
        example: "a 5.3% annualized rate in the final quarter of 2025",
    },
    Pattern {
        id: "date_follows",
        phrases: &["through", "as of", "on", "as at", "ended", "ending"],
        effect: E::DateFollows,
        example: "the Russell 2000 is up 5% through July 7",
    },
    Pattern {
        id: "points",
        phrases: &[
            "percentage points",
            "percentage point",
            "pct points",
            "pct pts",
            "ppts",
        ],
        effect: E::Points,
        example: "beat the S&P 500 by 6 percentage points",
    },
];

/// One pattern found: its entry, token range and the count `#` read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub pattern: &'static Pattern,
    pub start: usize,
    pub end: usize,
    pub count: Option<u32>,
}

/// A count written as digits, a number word or an ordinal.
pub fn count_word(token: &Token) -> Option<u32> {
    if let Some(n) = token.number() {
        return (n.decimals == 0 && n.value >= 1.0 && n.value <= 10_000.0)
            .then_some(n.value as u32);
    }
    const WORDS: [(&str, &str); 20] = [
        ("one", "first"),
        ("two", "second"),
        ("three", "third"),
        ("four", "fourth"),
        ("five", "fifth"),
        ("six", "sixth"),
        ("seven", "seventh"),
        ("eight", "eighth"),
        ("nine", "ninth"),
        ("ten", "tenth"),
        ("eleven", "eleventh"),
        ("twelve", "twelfth"),
        ("thirteen", "thirteenth"),
        ("fourteen", "fourteenth"),
        ("fifteen", "fifteenth"),
        ("sixteen", "sixteenth"),
        ("seventeen", "seventeenth"),
        ("eighteen", "eighteenth"),
        ("nineteen", "nineteenth"),
        ("twenty", "twentieth"),
    ];
    let w = token.word()?;
    if w == "a" || w == "an" {
        return Some(1);
    }
    WORDS
        .iter()
        .position(|(c, o)| *c == w || *o == w)
        .and_then(|p| u32::try_from(p + 1).ok())
}

/// The pattern table compiled to token sequences (`None` = `#`).
fn compiled() -> Vec<(&'static Pattern, Vec<Option<Tok>>)> {
    PATTERNS
        .iter()
        .flat_map(|p| {
            p.phrases.iter().map(move |phrase| {
                let toks = tokenize(phrase)
                    .into_iter()
                    .map(|t| (!t.is_punct('#')).then_some(t.tok))
                    .collect();
                (p, toks)
            })
        })
        .collect()
}

/// `4th`, `5th`: a number glued to an ordinal suffix spans two tokens.
fn ordinal_len(tokens: &[Token], at: usize) -> usize {
    let glued_suffix = tokens
        .get(at + 1)
        .is_some_and(|t| !t.space_before && matches!(t.word(), Some("st" | "nd" | "rd" | "th")));
    if tokens.get(at).and_then(Token::number).is_some() && glued_suffix {
        2
    } else {
        1
    }
}

fn matches_at(tokens: &[Token], at: usize, phrase: &[Option<Tok>]) -> Option<(usize, Option<u32>)> {
    let mut i = at;
    let mut count = None;
    for (k, p) in phrase.iter().enumerate() {
        let t = tokens.get(i)?;
        match p {
            None => {
                count = Some(count_word(t)?);
                i += ordinal_len(tokens, i);
            }
            Some(Tok::Word(w)) => {
                let tw = t.word()?;
                let plural = w.len() > 3 && tw.strip_suffix('s') == Some(w.as_str());
                if tw != w && !plural {
                    return None;
                }
                i += 1;
            }
            Some(tok) => {
                // Punctuation inside a phrase ("#-day") must be glued.
                if &t.tok != tok || (k > 0 && t.space_before && matches!(tok, Tok::Punct('-'))) {
                    return None;
                }
                i += 1;
            }
        }
    }
    Some((i, count))
}

/// Every pattern in `tokens[range]`, scanning left to right, the longest
/// match winning at each position; matches do not overlap.
pub fn hits(tokens: &[Token], range: std::ops::Range<usize>) -> Vec<Hit> {
    let table = compiled();
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let best = table
            .iter()
            .filter_map(|(p, phrase)| {
                let (end, count) = matches_at(tokens, i, phrase)?;
                (end <= range.end).then_some((*p, end, count))
            })
            .max_by_key(|(_, end, _)| *end);
        match best {
            Some((pattern, end, count)) => {
                out.push(Hit {
                    pattern,
                    start: i,
                    end,
                    count,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// The entry with this id.
pub fn pattern(id: &str) -> Option<&'static Pattern> {
    PATTERNS.iter().find(|p| p.id == id)
}
