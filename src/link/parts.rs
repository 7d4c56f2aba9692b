//! The parts a view's share link is made of: the query, and the fragment
//! with the user's own data (or why it does not fit a link). The view
//! arrives as one [`UrlState`] naming every series and override plus the
//! local series' data; the split between query and fragment is made here,
//! so the page only joins the parts to its address.

use super::commentary::{encode_commentary, SharedCommentary};
use super::fragment::{encode_fragment, encode_fragment_unlimited, FragmentError, SharedSeries};
use super::fragment_cache::FragmentCache;
use super::query::UrlState;

/// What a share link carries: the query, and the fragment or why it could
/// not carry the local data.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkParts {
    /// The canonical query, without the leading `?`.
    pub query: String,
    /// The fragment without the leading `#` (empty: no local data), or the
    /// sentence saying why the local data does not fit a link.
    pub fragment: Result<String, String>,
    /// How many local series the fragment carries.
    pub local_series: usize,
    /// The claim checker's parts of the fragment (`c=`, `cd=`, `ca=`;
    /// empty: nothing checked, default aliases), or why they do not fit.
    pub commentary: Result<String, String>,
}

impl Default for LinkParts {
    /// No link yet: an empty query and no fragment.
    fn default() -> Self {
        LinkParts {
            query: String::new(),
            fragment: Ok(String::new()),
            local_series: 0,
            commentary: Ok(String::new()),
        }
    }
}

impl LinkParts {
    /// The link of a view: `view` names every series and override, `shared`
    /// holds the local series' data (see [`LocalSplit`]), `commentary` what
    /// the claim checker checked.
    pub fn of(view: UrlState, shared: &[SharedSeries], commentary: &SharedCommentary) -> LinkParts {
        Self::with_data(view, shared, commentary, encode_fragment)
    }

    /// [`LinkParts::of`], the data encoded through `cache`: while the local
    /// data stays the same, a change of view reuses its encoding.
    pub fn of_cached(
        view: UrlState,
        shared: &[SharedSeries],
        commentary: &SharedCommentary,
        cache: &mut FragmentCache,
    ) -> LinkParts {
        Self::with_data(view, shared, commentary, |shared| cache.encode(shared))
    }

    fn with_data(
        view: UrlState,
        shared: &[SharedSeries],
        commentary: &SharedCommentary,
        encode: impl FnOnce(&[SharedSeries]) -> Result<String, FragmentError>,
    ) -> LinkParts {
        let split = LocalSplit::of(view, shared);
        let fragment = if shared.is_empty() {
            Ok(String::new())
        } else {
            encode(shared)
                .map(|data| split.fragment_with(data))
                .map_err(|e| e.to_string())
        };
        LinkParts {
            query: split.query.encode(),
            fragment,
            local_series: shared.len(),
            commentary: encode_commentary(commentary).map_err(|e| e.to_string()),
        }
    }

    /// The fragment the address carries (without `#`): the data part when
    /// it fits, then the checker's parts when they fit.
    pub fn fragment_text(&self) -> String {
        [&self.fragment, &self.commentary]
            .into_iter()
            .filter_map(|part| part.as_deref().ok())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// The view split as a link carries it: the query's state, and the
/// per-series overrides of the local series, which go in the fragment (the
/// names of a user's own series must not reach the query, which the host's
/// server sees).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalSplit {
    /// Everything but the local series' overrides.
    pub query: UrlState,
    /// The local series' `role=`, `col=` and `kind=` entries alone.
    pub overrides: UrlState,
}

impl LocalSplit {
    /// Splits `view`: the overrides of the series in `shared` move out of it.
    pub fn of(mut view: UrlState, shared: &[SharedSeries]) -> LocalSplit {
        let local: Vec<&str> = shared.iter().map(|s| s.name.as_str()).collect();
        let overrides = view.take_overrides_of(&local);
        LocalSplit {
            query: view,
            overrides,
        }
    }

    /// A fragment: the local series' overrides, then their data (`d=…`).
    pub fn fragment_with(&self, data: String) -> String {
        let pairs = self.overrides.encode_overrides();
        if pairs.is_empty() {
            data
        } else {
            format!("{pairs}&{data}")
        }
    }

    /// The fragment of a downloaded bundle: as a link's, without the
    /// link-length limit (a file has none), with the checker's parts when
    /// they are within theirs.
    pub fn bundle_fragment(
        &self,
        shared: &[SharedSeries],
        commentary: &SharedCommentary,
    ) -> Result<String, FragmentError> {
        let data = encode_fragment_unlimited(shared).map(|data| self.fragment_with(data))?;
        let checked = encode_commentary(commentary).unwrap_or_default();
        Ok([data, checked]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("&"))
    }
}
