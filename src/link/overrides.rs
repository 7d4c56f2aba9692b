//! Per-series overrides (`role=`, `col=`, `kind=`): written in the query
//! for bundled samples and URLs, but moved into the fragment for the
//! user's own series, whose names must not reach the server that hosts
//! the page. Splitting them off, encoding them alone, reading them back
//! from a fragment and merging them into the query's state live here.

use super::codes::{kind_code, role_code};
use super::commentary::is_commentary_part;
use super::notice::{notice, Notice};
use super::query::{readable, UrlState};
use crate::engine::formula::Formula;
use crate::engine::units::Units;

/// Whether `id` is one of the `local` series or a formula naming one.
fn mentions(id: &str, local: &[&str]) -> bool {
    local.contains(&id)
        || Formula::parse(id)
            .is_ok_and(|f| local.contains(&f.a.as_str()) || local.contains(&f.b.as_str()))
}

impl UrlState {
    pub(super) fn override_pairs(&self, pairs: &mut Vec<(&'static str, String)>) {
        for formula in &self.formulas {
            pairs.push(("f", formula.clone()));
        }
        for (id, role) in &self.roles {
            pairs.push(("role", format!("{id}:{}", role_code(*role))));
        }
        for (id, column) in &self.value_columns {
            pairs.push(("col", format!("{id}:{column}")));
        }
        for (id, kind) in &self.kinds {
            pairs.push(("kind", format!("{id}:{}", kind_code(*kind))));
        }
        for (id, units) in &self.units {
            if *units != Units::Lin {
                pairs.push(("units", format!("{id}:{}", units.code())));
            }
        }
    }

    /// Moves the per-series overrides (`role=`, `col=`, `kind=`) of the
    /// series named in `local` out of this state into one of their own. A
    /// link carries those in its fragment, beside the series' data: the
    /// query is sent to the server that hosts the page, and the names of a
    /// user's own series must not be.
    pub fn take_overrides_of(&mut self, local: &[&str]) -> UrlState {
        fn take<T>(list: &mut Vec<(String, T)>, local: &[&str]) -> Vec<(String, T)> {
            let (mine, rest) = std::mem::take(list)
                .into_iter()
                .partition(|(id, _)| mentions(id, local));
            *list = rest;
            mine
        }
        let (formulas, rest) = std::mem::take(&mut self.formulas)
            .into_iter()
            .partition(|id| mentions(id, local));
        self.formulas = rest;
        UrlState {
            formulas,
            units: take(&mut self.units, local),
            roles: take(&mut self.roles, local),
            value_columns: take(&mut self.value_columns, local),
            kinds: take(&mut self.kinds, local),
            ..UrlState::default()
        }
    }

    /// The per-series overrides alone, encoded as in a query (no `v=`),
    /// for a fragment: `role=MINE:small&col=MINE:Adj`. Empty when there
    /// are none.
    pub fn encode_overrides(&self) -> String {
        let mut pairs = Vec::new();
        self.override_pairs(&mut pairs);
        if pairs.is_empty() {
            return String::new();
        }
        readable(&serde_urlencoded::to_string(&pairs).unwrap_or_default())
    }

    /// The per-series overrides a fragment carries beside its `d=` data,
    /// read with the query's rules (and notices); any other key there is
    /// ignored with a notice.
    pub fn decode_fragment_overrides(fragment: &str) -> (UrlState, Vec<Notice>) {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let rest: Vec<&str> = fragment
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("d=") && !is_commentary_part(p))
            .collect();
        if rest.is_empty() {
            return (UrlState::default(), Vec::new());
        }
        let (mut others, mut notices) = UrlState::decode(&rest.join("&"));
        let overrides = UrlState {
            formulas: std::mem::take(&mut others.formulas),
            units: std::mem::take(&mut others.units),
            roles: std::mem::take(&mut others.roles),
            value_columns: std::mem::take(&mut others.value_columns),
            kinds: std::mem::take(&mut others.kinds),
            ..UrlState::default()
        };
        if others != UrlState::default() {
            notices.push(notice(
                "fragment",
                "the link's fragment carries view settings besides f=, role=, col=, kind= and units=; they belong in the query and were ignored.".to_string(),
            ));
        }
        (overrides, notices)
    }

    /// Adds `other`'s per-series overrides to this state's (for a series
    /// named in both, `other`'s wins).
    pub fn merge_overrides(&mut self, other: UrlState) {
        fn merge<T>(into: &mut Vec<(String, T)>, from: Vec<(String, T)>) {
            for (id, item) in from {
                match into.iter_mut().find(|(i, _)| *i == id) {
                    Some(slot) => slot.1 = item,
                    None => into.push((id, item)),
                }
            }
        }
        merge(&mut self.roles, other.roles);
        merge(&mut self.value_columns, other.value_columns);
        merge(&mut self.kinds, other.kinds);
        merge(&mut self.units, other.units);
        for formula in other.formulas {
            if !self.formulas.contains(&formula) {
                self.formulas.push(formula);
            }
        }
    }
}
