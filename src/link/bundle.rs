//! A downloaded bundle: a share link too large for a URL, as a file. Its
//! first line is [`BUNDLE_MAGIC`], then the query and the fragment (the
//! fragment without the link-length limit). Dropping or loading one
//! reopens the view as if it were a link; here is only its text form, the
//! page decides what opening means.

/// First line of a downloaded bundle.
pub const BUNDLE_MAGIC: &str = "regime-radar-bundle 1";

/// A bundle's link: the query and the fragment, as the address would hold
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkBundle {
    /// The query, without the leading `?`.
    pub query: String,
    /// The fragment, without the leading `#`.
    pub fragment: String,
}

impl LinkBundle {
    /// Loaded bytes read as a bundle: `None` unless they start with
    /// [`BUNDLE_MAGIC`]. A missing line reads as empty (the link's decoder
    /// then says what is missing); bytes that are not UTF-8 are read lossily.
    pub fn parse(bytes: &[u8]) -> Option<LinkBundle> {
        if !bytes.starts_with(BUNDLE_MAGIC.as_bytes()) {
            return None;
        }
        let text = String::from_utf8_lossy(bytes);
        let mut lines = text.lines();
        let _magic = lines.next();
        let query = lines.next().unwrap_or_default().to_string();
        let fragment = lines.next().unwrap_or_default().to_string();
        Some(LinkBundle { query, fragment })
    }

    /// The bundle's file text: [`BUNDLE_MAGIC`], the query, the fragment.
    pub fn text(&self) -> String {
        format!("{BUNDLE_MAGIC}\n{}\n{}\n", self.query, self.fragment)
    }
}
