//! The caps a link's query is read under: how long a value, how many
//! pairs and entries, which years. They bound what a hostile link can make
//! the page do, and every valid state stays within them.

/// Longest value, in characters, a query pair may have; longer ones are
/// ignored with a notice (a URL is the longest legitimate value).
pub const MAX_VALUE_LEN: usize = 2048;
/// Most query pairs read; the rest are ignored with a notice. A valid state
/// never needs more (at most [`MAX_ENTRIES`] per repeated key).
pub const MAX_PAIRS: usize = 400;
/// Most entries of one repeated key (`u`, `role`, `col`, `kind`): a view
/// holds far fewer series, and the cap keeps every valid state under
/// [`MAX_PAIRS`].
pub const MAX_ENTRIES: usize = 64;
/// Longest series id in a link, in characters.
pub const MAX_ID_LEN: usize = 64;
/// Longest value-column name (`col=ID:Column`), in characters.
pub const MAX_COLUMN_CHARS: usize = 200;
/// Largest publication lag a link may set, in days (as the macro watch's input).
pub const MAX_LAG_DAYS: u32 = 730;
/// Earliest year of a date in a link.
pub const MIN_YEAR: i32 = 1900;
/// Latest year of a date in a link.
pub const MAX_YEAR: i32 = 2100;
/// Longest quotation of user text in a notice, in characters (then `…`).
pub const QUOTE_CHARS: usize = 60;
