//! Picked and dropped files: each one either updates the loaded series it
//! matches (`engine::update`: header code, file name, else its closes) —
//! replaced, or spliced onto the longer history when the user leaves
//! "splice" on and the file is shorter and overlaps — or, matching nothing,
//! loads as a series of its own, as a paste would.
//!
//! Invariant: one message per file (what it updated or loaded, the new last
//! date, what was spliced or replaced); the updated series keeps its id,
//! kind and role, and replaces the old one in one update.

use std::sync::Arc;

use leptos::prelude::*;

use super::dom;
use super::loader::{self, LoadOutcome, Parsed};
use super::state::{AppState, Level, LoadSource, Loaded, Provenance};
use super::worker;
use crate::engine::calendar;
use crate::engine::ingest::IngestOptions;
use crate::engine::series::{Series, SeriesId};
use crate::engine::update::{find_match, to_csv, update, Action, MatchReason};
use crate::link::LinkBundle;

/// Loads picked or dropped files, one after another, handing each
/// outcome to `each` as soon as that file is done (a bundle among them is
/// opened in its turn, as a link would be).
pub async fn load_files(
    state: AppState,
    files: Vec<web_sys::File>,
    mut each: impl FnMut(LoadOutcome),
) {
    let _pending = super::background::PendingGuard::new(state.pending);
    for file in files {
        let name = file.name();
        match dom::read_file_bytes(&file).await {
            Ok(bytes) => each(load_file(state, bytes, &name).await),
            Err(e) => state.push_message(Level::Error, e),
        }
    }
}

/// One file: a calendar or a bundle as before; a series updates the loaded
/// one it matches, or is added.
async fn load_file(state: AppState, bytes: js_sys::Uint8Array, name: &str) -> LoadOutcome {
    let what = format!("file {name}");
    let options = IngestOptions::default();
    // The page keeps a copy (a later re-read or update needs it); the
    // browser's own goes to the worker as it is.
    let kept = worker::bytes_from_js(&bytes).await;
    if calendar::looks_like_fomc_calendar(&kept) || LinkBundle::parse(&kept).is_some() {
        return loader::ingest_and_store(
            state,
            kept.to_vec(),
            name,
            options,
            &what,
            Provenance::Local,
        )
        .await;
    }
    let Some(parsed) = loader::parse_chunked(
        state,
        kept.clone(),
        Some(bytes),
        name,
        options.clone(),
        &what,
        Level::Warning,
    )
    .await
    else {
        return LoadOutcome::Failed;
    };
    let loaded: Vec<Loaded> = state.series.get_untracked();
    // A formula series is computed, not loaded from a file: no file updates it.
    let refs: Vec<&Series> = loaded
        .iter()
        .filter(|l| l.source.provenance != Provenance::Formula)
        .map(|l| l.series.as_ref())
        .collect();
    let found = find_match(&kept, name, &parsed.series, &refs)
        .and_then(|m| Some((loaded.iter().find(|l| l.series.id == m.id)?.clone(), m)));
    let Some((old, matched)) = found else {
        let id = parsed.series.id.clone();
        loader::commit(
            state,
            parsed,
            kept,
            name,
            options,
            &what,
            None,
            Provenance::Local,
        );
        // Matching nothing, it loads as its own series; the series list then
        // asks whether it updates one of the others (`apply_choice`).
        if !loaded.is_empty() {
            state.unmatched.update(|u| {
                if !u.contains(&id) {
                    u.push(id);
                }
            });
        }
        return LoadOutcome::Series;
    };
    let Parsed { series, report, .. } = parsed;
    let source = LoadSource {
        provenance: Provenance::Local,
        bytes: kept,
        source_name: name.to_string(),
        options,
        columns: report.columns,
        date_column: report.date_column,
        value_column: report.value_column,
    };
    store_update(state, &old, &series, source, &what, &matched.reason);
    LoadOutcome::Series
}

/// The user's answer for a file that matched nothing: `new_id` (loaded as
/// its own series) updates `target_id` instead — replaced or spliced as a
/// matched file would be, with the same one message — and disappears as a
/// series of its own. An empty or unknown target keeps it as it is.
pub fn apply_choice(state: AppState, new_id: &SeriesId, target_id: &str) {
    state.unmatched.update(|u| u.retain(|id| id != new_id));
    let loaded = state.series.get_untracked();
    let new = loaded.iter().find(|l| &l.series.id == new_id).cloned();
    let old = loaded
        .iter()
        .find(|l| l.series.id.as_str() == target_id && &l.series.id != new_id)
        .cloned();
    let (Some(new), Some(old)) = (new, old) else {
        return;
    };
    state.remove(new_id);
    let what = new.origin.clone();
    store_update(
        state,
        &old,
        &new.series,
        (*new.source).clone(),
        &what,
        &MatchReason::Chosen,
    );
}

/// `new` brought into `old`'s place (replaced, or spliced when the user
/// leaves "splice" on): one message, the old id, kind and role kept, and a
/// source a re-read or a share link reads back (the file itself when it
/// replaced the series, the spliced series as CSV otherwise).
fn store_update(
    state: AppState,
    old: &Loaded,
    new: &Series,
    file: LoadSource,
    what: &str,
    reason: &MatchReason,
) {
    let updated = update(&old.series, new, state.splice.get_untracked());
    state.push_message(Level::Info, updated.sentence(what, reason));
    let options = IngestOptions {
        name: Some(old.series.id.to_string()),
        kind: Some(old.series.kind),
        ..IngestOptions::default()
    };
    let source = match updated.action {
        Action::Replaced => LoadSource { options, ..file },
        Action::Spliced { .. } => {
            let csv = to_csv(&updated.series);
            let columns: Vec<String> = csv
                .lines()
                .next()
                .unwrap_or("Date,Close")
                .split(',')
                .map(str::to_string)
                .collect();
            LoadSource {
                provenance: Provenance::Local,
                bytes: Arc::from(csv.into_bytes().as_slice()),
                source_name: file.source_name,
                options,
                columns,
                date_column: "Date".to_string(),
                value_column: "Close".to_string(),
            }
        }
    };
    state.upsert(
        Loaded {
            series: Arc::new(updated.series),
            role: old.role,
            origin: what.to_string(),
            source: Arc::new(source),
        },
        None,
    );
    dom::mark("rr:stored");
}
