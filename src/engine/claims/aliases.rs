//! The alias table: which words name which series. Data, editable by the
//! reader (`AliasTable::parse` reads the same text `to_text` writes), so a
//! new index or ETF is a line, not code.
//!
//! Invariant: a name resolves to the thing itself when it is loaded (the
//! `^RUT` index for "Russell 2000"), else to a stand-in (IWM), named as
//! such in the row; never to a different index ("Nasdaq" alone is the
//! Composite, not the Nasdaq-100).

use super::tokens::{tokenize, Tok, Token};
use crate::engine::series::Series;

/// What a subject is, which decides the claims it can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    /// A price index or ETF.
    Price,
    /// Initial jobless claims.
    Claims,
    /// The unemployment rate.
    Unemployment,
    /// A GDP growth nowcast (GDPNow).
    Nowcast,
    /// The policy rate.
    PolicyRate,
}

impl SubjectKind {
    fn code(self) -> &'static str {
        match self {
            SubjectKind::Price => "price",
            SubjectKind::Claims => "claims",
            SubjectKind::Unemployment => "unemployment",
            SubjectKind::Nowcast => "nowcast",
            SubjectKind::PolicyRate => "policy",
        }
    }

    fn parse(code: &str) -> Option<SubjectKind> {
        [
            SubjectKind::Price,
            SubjectKind::Claims,
            SubjectKind::Unemployment,
            SubjectKind::Nowcast,
            SubjectKind::PolicyRate,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// One subject and the phrases that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// The subject's name in the rows ("Russell 2000").
    pub subject: String,
    pub kind: SubjectKind,
    /// Series ids that are the subject itself, in preference order.
    pub ids: Vec<String>,
    /// Series ids that can stand in for it (an ETF for an index).
    pub stand_ins: Vec<String>,
    /// Phrases, lower case, matched on word boundaries.
    pub phrases: Vec<String>,
}

impl Alias {
    /// The first loaded series that is the subject itself, else the first
    /// stand-in (`true`: a stand-in).
    pub fn resolve<'s>(&self, series: &[&'s Series]) -> Option<(&'s Series, bool)> {
        let find = |ids: &[String]| {
            ids.iter()
                .find_map(|id| series.iter().find(|s| s.id.as_str() == id).copied())
        };
        find(&self.ids)
            .map(|s| (s, false))
            .or_else(|| find(&self.stand_ins).map(|s| (s, true)))
    }
}

/// The editable table.
#[derive(Debug, Clone, PartialEq)]
pub struct AliasTable {
    pub entries: Vec<Alias>,
}

/// The default table, one line per subject:
/// `subject | kind | ids | stand-ins | phrases` (lists comma-separated).
pub const DEFAULT_ALIASES: &str = "\
Russell 2000 | price | RUT | IWM | russell 2000, russell 2000 index, russell, small caps, small-caps, small-cap stocks, small cap stocks, small-cap index, small-cap benchmark, small-cap, small cap, ^rut
iShares Russell 2000 ETF | price | IWM | | iwm
S&P 500 | price | GSPC, SPX | SPY | s&p 500, s&p 500 index, s&p, standard & poor's 500, spx, ^gspc, large caps, large-caps, large-cap stocks, large-cap, broad market, broader market
SPDR S&P 500 ETF | price | SPY | | spy
Nasdaq-100 | price | NDX | QQQ | nasdaq-100, nasdaq 100, nasdaq-100 index, ndx, ^ndx, tech-heavy nasdaq-100
Invesco QQQ | price | QQQ | | qqq
Nasdaq Composite | price | IXIC | | nasdaq, nasdaq composite, tech-heavy nasdaq, ^ixic
Dow Jones Industrial Average | price | DJI | DIA | dow, dow jones, dow jones industrial average, djia, blue chips, blue-chip dow
Initial jobless claims | claims | ICSA | | jobless claims, initial claims, initial jobless claims, unemployment claims, first-time claims, claims for unemployment benefits, unemployment benefits
Unemployment rate | unemployment | UNRATE | | unemployment rate, jobless rate
GDPNow | nowcast | GDPNOW | | gdpnow, gdpnow model, atlanta fed, atlanta fed's gdpnow, growth projections, growth projection, growth estimate, projected to grow, gdp growth
Fed funds rate | policy | FEDFUNDS | EFFR | fed funds, fed funds rate, federal funds rate, federal funds, policy rate, benchmark rate, benchmark interest rate
";

impl Default for AliasTable {
    fn default() -> Self {
        // The default text is tested to parse whole.
        AliasTable::parse(DEFAULT_ALIASES).unwrap_or(AliasTable {
            entries: Vec::new(),
        })
    }
}

/// Why an edited alias table was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AliasError {
    #[error("alias line {line}: expected 'subject | kind | ids | stand-ins | phrases'")]
    Shape { line: usize },
    #[error(
        "alias line {line}: unknown kind '{kind}' (price, claims, unemployment, nowcast, policy)"
    )]
    Kind { line: usize, kind: String },
    #[error("alias line {line}: no phrase")]
    NoPhrase { line: usize },
}

fn list(cell: &str) -> Vec<String> {
    cell.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl AliasTable {
    /// Reads the table's text (blank lines and `#` comments skipped).
    pub fn parse(text: &str) -> Result<AliasTable, AliasError> {
        let mut entries = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            let raw = raw.trim();
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = raw.split('|').map(str::trim).collect();
            let [subject, kind, ids, stand_ins, phrases] = cells[..] else {
                return Err(AliasError::Shape { line });
            };
            let kind = SubjectKind::parse(kind).ok_or_else(|| AliasError::Kind {
                line,
                kind: kind.to_string(),
            })?;
            let phrases: Vec<String> = list(phrases).iter().map(|p| p.to_lowercase()).collect();
            if phrases.is_empty() {
                return Err(AliasError::NoPhrase { line });
            }
            entries.push(Alias {
                subject: subject.to_string(),
                kind,
                ids: list(ids).iter().map(|s| s.to_ascii_uppercase()).collect(),
                stand_ins: list(stand_ins)
                    .iter()
                    .map(|s| s.to_ascii_uppercase())
                    .collect(),
                phrases,
            });
        }
        Ok(AliasTable { entries })
    }

    /// The table as text, in the form `parse` reads.
    pub fn to_text(&self) -> String {
        self.entries
            .iter()
            .map(|a| {
                format!(
                    "{} | {} | {} | {} | {}\n",
                    a.subject,
                    a.kind.code(),
                    a.ids.join(", "),
                    a.stand_ins.join(", "),
                    a.phrases.join(", ")
                )
            })
            .collect()
    }

    /// Every mention in `tokens`: (first token, end token, entry index),
    /// longest phrase first at each position, mentions not overlapping.
    pub fn mentions(&self, tokens: &[Token]) -> Vec<Mention> {
        let compiled: Vec<(usize, Vec<Tok>)> = self
            .entries
            .iter()
            .enumerate()
            .flat_map(|(e, a)| {
                a.phrases
                    .iter()
                    .map(move |p| (e, tokenize(p).into_iter().map(|t| t.tok).collect()))
            })
            .filter(|(_, toks): &(usize, Vec<Tok>)| !toks.is_empty())
            .collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let best = compiled
                .iter()
                .filter(|(_, p)| phrase_matches(tokens, i, p))
                .max_by_key(|(_, p)| p.len());
            match best {
                Some((entry, p)) => {
                    out.push(Mention {
                        start: i,
                        end: i + p.len(),
                        entry: *entry,
                    });
                    i += p.len();
                }
                None => i += 1,
            }
        }
        out
    }
}

/// One phrase found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Token range `start..end`.
    pub start: usize,
    pub end: usize,
    /// Index into `AliasTable::entries`.
    pub entry: usize,
}

fn same(a: &Tok, b: &Tok) -> bool {
    match (a, b) {
        (Tok::Word(x), Tok::Word(y)) => {
            x == y || x.strip_suffix("'s") == Some(y) || x.strip_suffix('\'') == Some(y)
        }
        (Tok::Num(x), Tok::Num(y)) => x.value == y.value,
        (Tok::Punct(x), Tok::Punct(y)) => x == y,
        _ => false,
    }
}

fn phrase_matches(tokens: &[Token], at: usize, phrase: &[Tok]) -> bool {
    phrase.len() <= tokens.len().saturating_sub(at)
        && phrase
            .iter()
            .zip(&tokens[at..])
            .all(|(p, t)| same(p, &t.tok))
        // A phrase never ends inside a hyphenated word ("Russell 2000-stock").
        && !hyphen_continues(tokens, at + phrase.len())
}

/// Token `i` continues a name: `-100` after "Nasdaq", or a letter or
/// digit glued on.
fn hyphen_continues(tokens: &[Token], i: usize) -> bool {
    let Some(next) = tokens.get(i) else {
        return false;
    };
    if next.space_before {
        return false;
    }
    // A dash before a word is punctuation ("claims-the recent dip"); a
    // dash before a number continues a name ("Nasdaq-100").
    match next.tok {
        Tok::Word(_) | Tok::Num(_) => true,
        Tok::Punct('-') => tokens
            .get(i + 1)
            .is_some_and(|t| !t.space_before && matches!(t.tok, Tok::Num(_))),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_parses_and_round_trips() {
        let table = AliasTable::default();
        assert_eq!(table.entries.len(), DEFAULT_ALIASES.lines().count());
        assert_eq!(AliasTable::parse(&table.to_text()), Ok(table));
    }

    #[test]
    fn longest_phrase_wins_and_nasdaq_alone_is_the_composite() {
        let table = AliasTable::default();
        let t = tokenize("The Nasdaq-100 rose; the Nasdaq fell; S&P 500's gain");
        let subjects: Vec<&str> = table
            .mentions(&t)
            .iter()
            .map(|m| table.entries[m.entry].subject.as_str())
            .collect();
        assert_eq!(subjects, ["Nasdaq-100", "Nasdaq Composite", "S&P 500"]);
    }

    #[test]
    fn bad_lines_are_located() {
        assert_eq!(
            AliasTable::parse("a | price | X | | x\nb | stock | Y | | y"),
            Err(AliasError::Kind {
                line: 2,
                kind: "stock".into()
            })
        );
        assert_eq!(
            AliasTable::parse("a | b"),
            Err(AliasError::Shape { line: 1 })
        );
    }
}
