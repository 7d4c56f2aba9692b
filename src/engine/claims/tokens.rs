//! The hand-written tokenizer (docs/claims.md says why not a regex
//! engine): words, numbers and punctuation with their byte spans, and the
//! split into sentences.
//!
//! Invariant: total on any `&str`; spans are byte offsets on char
//! boundaries of the text given.

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// Letters (and digits after the first letter, `&`, `'` inside):
    /// lower-cased (`S&P` → `s&p`, `Q4` → `q4`).
    Word(String),
    /// Digits with optional `,ddd` thousands groups and a decimal part.
    Num(Number),
    /// Any other character; `\n` for a line break.
    Punct(char),
}

/// A number as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Digits after the decimal point (`7.80` → 2): the claim's precision.
    pub decimals: u32,
    /// Written with thousands separators (`198,000`).
    pub grouped: bool,
}

/// One token with its byte span and whether a space precedes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
    pub space_before: bool,
}

impl Token {
    /// The lower-cased word, if this is one.
    pub fn word(&self) -> Option<&str> {
        match &self.tok {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    pub fn number(&self) -> Option<&Number> {
        match &self.tok {
            Tok::Num(n) => Some(n),
            _ => None,
        }
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.tok == Tok::Punct(c)
    }
}

/// The tokens of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut out = Vec::new();
    let mut i = 0;
    let mut space = false;
    while let Some(&(start, c)) = chars.get(i) {
        if c == ' ' {
            space = true;
            i += 1;
            continue;
        }
        let begin = i;
        let tok = if c.is_alphabetic() {
            while chars.get(i).is_some_and(|(_, c)| {
                c.is_alphanumeric()
                    || ((*c == '&' || *c == '\'')
                        && chars.get(i + 1).is_some_and(|(_, n)| n.is_alphabetic()))
            }) {
                i += 1;
            }
            Tok::Word(text[start..end_of(i)].to_lowercase())
        } else if c.is_ascii_digit() {
            let (number, next) = read_number(&chars, i);
            i = next;
            Tok::Num(number)
        } else {
            i += 1;
            Tok::Punct(c)
        };
        out.push(Token {
            tok,
            start,
            end: end_of(i).max(end_of(begin + 1)),
            space_before: space,
        });
        space = false;
    }
    out
}

fn digit_at(chars: &[(usize, char)], i: usize) -> bool {
    chars.get(i).is_some_and(|(_, c)| c.is_ascii_digit())
}

/// Reads digits from `i`: `1,234.5` (groups of exactly three after a
/// comma), returns the number and the index after it.
fn read_number(chars: &[(usize, char)], mut i: usize) -> (Number, usize) {
    let mut digits = String::new();
    let mut grouped = false;
    let mut decimals = 0;
    while digit_at(chars, i) {
        digits.push(chars[i].1);
        i += 1;
        let group = chars.get(i).is_some_and(|(_, c)| *c == ',')
            && (1..=3).all(|k| digit_at(chars, i + k))
            && !digit_at(chars, i + 4);
        if group {
            grouped = true;
            i += 1;
        }
    }
    if chars.get(i).is_some_and(|(_, c)| *c == '.') && digit_at(chars, i + 1) {
        digits.push('.');
        i += 1;
        while digit_at(chars, i) {
            digits.push(chars[i].1);
            decimals += 1;
            i += 1;
        }
    }
    let value = digits.parse::<f64>().unwrap_or(f64::NAN);
    (
        Number {
            value,
            decimals,
            grouped,
        },
        i,
    )
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr",
    "mrs", "ms", "dr", "st", "vs", "inc", "corp", "co", "no", "u", "s", "e", "g", "i", "etc",
];

/// Token index ranges of the sentences: a line break ends one; `.`, `!`
/// or `?` ends one when a space and a capital letter, a digit or a quote
/// follow, unless the word before is an abbreviation (`Jan.`, `U.S.`).
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        let ends = match t.tok {
            Tok::Punct('\n') => true,
            Tok::Punct('.' | '!' | '?' | ';') => {
                let next = tokens.get(i + 1);
                let abbreviation = i
                    .checked_sub(1)
                    .and_then(|p| tokens.get(p))
                    .and_then(Token::word)
                    .is_some_and(|w| ABBREVIATIONS.contains(&w));
                let capital_next = next.is_some_and(|n| {
                    n.space_before
                        && text[n.start..]
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_uppercase() || c == '"' || c == '(')
                });
                next.is_none() || (capital_next && !abbreviation) || t.tok == Tok::Punct(';')
            }
            _ => false,
        };
        if ends {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_words_and_groups() {
        let t = tokenize("S&P 500 fell 1,234.50 pts, 2,5 and Q4");
        assert_eq!(t[0].word(), Some("s&p"));
        assert_eq!(t[1].number().map(|n| n.value), Some(500.0));
        let n = t[3].number().cloned();
        assert_eq!(
            n.map(|n| (n.value, n.decimals, n.grouped)),
            Some((1234.5, 2, true))
        );
        // "2,5" is not a thousands group.
        assert_eq!(t[6].number().map(|n| n.value), Some(2.0));
        assert_eq!(t.last().and_then(Token::word), Some("q4"));
    }

    #[test]
    fn sentences_skip_abbreviations_and_decimals() {
        let text = "The U.S. economy grew 5.3%. On Jan. 16 the index rose. Next";
        let t = tokenize(text);
        assert_eq!(sentences(text, &t).len(), 3);
    }
}
