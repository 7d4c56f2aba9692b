//! The claim checker's parts of the fragment: the commentary the reader
//! checked (`c=`), the article date they typed (`cd=`) and their edited
//! alias table (`ca=`). Like the `d=` data they are the reader's own text,
//! so they travel in the fragment, which browsers never send to a server;
//! text is packed as the data is (raw deflate, base64url).
//!
//! Decoding is total: a part that cannot be used becomes a [`Notice`] and
//! the others still open (a damaged `ca=` leaves the default table, not an
//! unreadable commentary).

use chrono::NaiveDate;
use thiserror::Error;

use super::fragment::{pack, unpack, Unpack};
use super::notice::{notice, Notice};
use super::values::{format_date, read_date};

/// Longest commentary a link carries, in UTF-8 bytes (a long article is
/// 20–40 KB of text; it packs to about a third).
pub const MAX_COMMENTARY_BYTES: usize = 64 * 1024;
/// Longest edited alias table a link carries, in UTF-8 bytes (the default
/// table is about 2 KB).
pub const MAX_ALIAS_BYTES: usize = 16 * 1024;

/// What the claim checker adds to a link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedCommentary {
    /// The checked text, as pasted (empty: nothing was checked).
    pub text: String,
    /// The article date the reader typed (it wins over a dateline).
    pub date: Option<NaiveDate>,
    /// The alias table's text when the reader edited it; `None` is the
    /// page's default table.
    pub aliases: Option<String>,
}

/// Why the checker's text could not go in a link.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CommentaryError {
    /// Longer than a link carries.
    #[error("The {what} is {bytes} bytes, over the {limit} a link carries, so the link does not include it.")]
    TooLong {
        /// "checked commentary" or "edited alias table".
        what: &'static str,
        /// Its UTF-8 length.
        bytes: usize,
        /// [`MAX_COMMENTARY_BYTES`] or [`MAX_ALIAS_BYTES`].
        limit: usize,
    },
}

/// Whether a `&`-separated fragment part is one of the checker's.
pub fn is_commentary_part(part: &str) -> bool {
    ["c=", "cd=", "ca="].iter().any(|k| part.starts_with(k))
}

/// The checker's fragment parts (`c=…&cd=…&ca=…`, each only when there is
/// something to carry; `""` for nothing).
pub fn encode_commentary(shared: &SharedCommentary) -> Result<String, CommentaryError> {
    let fits = |text: &str, what: &'static str, limit: usize| {
        if text.len() > limit {
            Err(CommentaryError::TooLong {
                what,
                bytes: text.len(),
                limit,
            })
        } else {
            Ok(())
        }
    };
    let mut parts = Vec::new();
    if !shared.text.is_empty() {
        fits(&shared.text, "checked commentary", MAX_COMMENTARY_BYTES)?;
        parts.push(format!("c={}", pack(shared.text.as_bytes())));
        if let Some(date) = shared.date {
            parts.push(format!("cd={}", format_date(date)));
        }
    }
    if let Some(aliases) = &shared.aliases {
        fits(aliases, "edited alias table", MAX_ALIAS_BYTES)?;
        parts.push(format!("ca={}", pack(aliases.as_bytes())));
    }
    Ok(parts.join("&"))
}

/// Reads the checker's parts of a fragment (with or without `#`; the last
/// of each key counts). `None` when the fragment has none of them.
pub fn decode_commentary(fragment: &str) -> (Option<SharedCommentary>, Vec<Notice>) {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let last = |key: &str| {
        fragment
            .split('&')
            .filter_map(|p| p.strip_prefix(key))
            .next_back()
    };
    let (text, date, aliases) = (last("c="), last("cd="), last("ca="));
    if text.is_none() && date.is_none() && aliases.is_none() {
        return (None, Vec::new());
    }
    let mut notices = Vec::new();
    let mut shared = SharedCommentary::default();
    if let Some(packed) = text {
        match unpacked_text(packed, MAX_COMMENTARY_BYTES) {
            Ok(text) => shared.text = text,
            Err(why) => notices.push(notice(
                "c",
                format!("the shared commentary {why}; it was not opened."),
            )),
        }
    }
    if let Some(date) = date {
        shared.date = read_date("cd", date, &mut notices);
    }
    if let Some(packed) = aliases {
        match unpacked_text(packed, MAX_ALIAS_BYTES) {
            Ok(text) => shared.aliases = Some(text),
            Err(why) => notices.push(notice(
                "ca",
                format!("the shared alias table {why}; the default table is used."),
            )),
        }
    }
    (Some(shared), notices)
}

/// A packed text part, or what is wrong with it (a clause for a notice).
fn unpacked_text(packed: &str, limit: usize) -> Result<String, String> {
    let bytes = unpack(packed, limit).map_err(|e| match e {
        Unpack::NotBase64 { position, found } => format!(
            "is damaged (character {position}, {found:?}, is not base64url): copy the whole link again"
        ),
        Unpack::Truncated => "ends early (the link was cut when copied)".to_string(),
        Unpack::TooLarge => format!("unpacks to more than the {limit} bytes a link may carry"),
        Unpack::BadDeflate => "is damaged (it does not unpack)".to_string(),
    })?;
    String::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_string())
}
