//! Notices: what a link carried that could not be used, as a sentence for
//! the page, and how user text is quoted in one (short, with control and
//! text-direction characters escaped) so a notice always reads in order.

use super::limits::QUOTE_CHARS;

/// Something in a link that could not be used as written, and what was
/// used instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The key it concerns (quoted like user text; empty when it concerns
    /// the whole query).
    pub key: String,
    /// A full sentence for the page, e.g. `rsi=900 is outside 2–100; using 14.`
    pub message: String,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// User text as a notice quotes it: at most [`QUOTE_CHARS`] characters
/// then `…`, control and text-direction characters escaped (`\0`,
/// `\u{202e}`) so a notice always reads in order and shows what was there.
pub fn quote(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == QUOTE_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() || is_direction_mark(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Bidirectional-text controls, which could reorder a notice on screen.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

pub(super) fn notice(key: &str, message: String) -> Notice {
    Notice {
        key: quote(key),
        message,
    }
}
