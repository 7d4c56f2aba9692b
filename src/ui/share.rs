//! Share links: the view lives in the URL. The query (`link::UrlState`)
//! names the bundled samples, fetched URLs, overrides and every parameter;
//! local data (pasted, uploaded, dropped) travels in the fragment `#d=…`,
//! which browsers never send to a server, and so does the claim checker's
//! text (`c=`, `cd=`, `ca=`). A committed change pushes a
//! history entry; Back / Forward and a reload restore the view; the last
//! session is kept in localStorage until the user forgets it.
//!
//! Invariant: decoding is total — a tampered link yields notices and
//! defaults, never a panic, and everything from it is rendered as text.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::background::PendingGuard;
use super::dom;
use super::loader::{self, LoadOutcome};
use super::state::{role_for, AppState, Level, LinkExtras, Loaded, Provenance};
use crate::engine::claims::AliasTable;
use crate::engine::ingest::IngestOptions;
use crate::engine::samples::{sample, SAMPLES};
use crate::engine::series::SeriesKind;
use crate::link::{
    decode_commentary, decode_fragment, FragmentCache, LinkBundle, LinkParts, LocalSplit,
    SharedSeries, Theme, UrlState,
};

/// localStorage key of the last session (query and fragment).
const SESSION_KEY: &str = "regime-radar:session";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
}

/// The view as a `UrlState` plus the local series that must travel in the
/// fragment. Every part is read from the one signal that holds it (the
/// window from `zoom`, the settings from `settings`).
pub fn current(state: AppState) -> (UrlState, Vec<SharedSeries>) {
    let extras = state.url_extras.get_untracked();
    let mut url = UrlState {
        log_scale: extras.log_scale,
        price_style: extras.price_style,
        price_level: extras.price_level,
        panels: extras.panels.clone(),
        ..UrlState::default()
    };
    url.window = state.zoom.get_untracked();
    url.settings = state.settings.get_untracked();
    url.as_of = state.as_of.get_untracked();
    url.range = state.range.get_untracked();
    url.join = state.join.get_untracked();
    url.lags = state
        .lags
        .get_untracked()
        .overrides()
        .iter()
        .map(|(kind, freq, rule)| (*kind, *freq, rule.days_after_period_end))
        .collect();
    url.theme = state.theme_explicit.get_untracked().then(|| {
        if state.light.get_untracked() {
            Theme::Light
        } else {
            Theme::Dark
        }
    });
    let mut samples = Vec::new();
    let mut urls = Vec::new();
    let mut roles = Vec::new();
    let mut cols = Vec::new();
    let mut kinds = Vec::new();
    let mut shared = Vec::new();
    let mut formulas = Vec::new();
    state.series.with_untracked(|all| {
        for l in all {
            let id = l.series.id.to_string();
            let source = &l.source;
            let default_kind = match source.provenance {
                Provenance::Sample(s) => sample(s).map(|s| s.kind),
                _ => None,
            };
            match &source.provenance {
                Provenance::Sample(s) => samples.push(s.to_string()),
                Provenance::Url(u) => urls.push(u.clone()),
                Provenance::Local => shared.push(SharedSeries {
                    name: id.clone(),
                    source_name: source.source_name.clone(),
                    bytes: Arc::clone(&source.bytes),
                }),
                Provenance::Formula => formulas.push(id.clone()),
            }
            if l.role != role_for(&l.series.id, l.series.kind) {
                roles.push((id.clone(), l.role));
            }
            if let Some(col) = &source.options.value_column {
                cols.push((id.clone(), col.clone()));
            }
            if let Some(kind) = source.options.kind.filter(|k| Some(*k) != default_kind) {
                kinds.push((id.clone(), kind));
            }
        }
    });
    let defaults: Vec<String> = SAMPLES
        .iter()
        .filter(|s| s.default_loaded)
        .map(|s| s.id.to_string())
        .collect();
    url.samples = (samples != defaults).then_some(samples);
    url.urls = urls;
    url.roles = roles;
    url.value_columns = cols;
    url.kinds = kinds;
    url.formulas = formulas;
    url.units = extras.units;
    (url, shared)
}

thread_local! {
    /// The last local data encoded for a link (the page has one thread):
    /// a change of view reuses it instead of deflating the data again.
    static FRAGMENT_CACHE: std::cell::RefCell<FragmentCache> =
        std::cell::RefCell::new(FragmentCache::new());
}

/// The current view's link parts.
pub fn link_parts(state: AppState) -> LinkParts {
    let (url, shared) = current(state);
    state.commentary.with_untracked(|checked| {
        FRAGMENT_CACHE
            .with(|cache| LinkParts::of_cached(url, &shared, checked, &mut cache.borrow_mut()))
    })
}

/// The page's address without query and fragment.
fn base_address() -> String {
    window()
        .and_then(|w| {
            let loc = w.location();
            Some(format!("{}{}", loc.origin().ok()?, loc.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// The full link for `parts` (without the data when it does not fit).
pub fn full_link(parts: &LinkParts) -> String {
    let mut link = format!("{}?{}", base_address(), parts.query);
    let fragment = parts.fragment_text();
    if !fragment.is_empty() {
        link.push('#');
        link.push_str(&fragment);
    }
    link
}

/// Keeps the address bar, the history and the saved session in step with
/// the view. A change pushes a history entry, except while a link is being
/// applied or data is loading (those replace the current entry).
pub fn install(state: AppState) {
    // Each failure is said once per visit: a refused address bar or a full
    // storage would otherwise repeat on every change of view.
    let history_refused = StoredValue::new(false);
    let storage_refused = StoredValue::new(false);
    Effect::new(move |_| {
        state.settings.track();
        state.as_of.track();
        state.range.track();
        state.join.track();
        state.lags.track();
        state.light.track();
        state.series.track();
        state.url_extras.track();
        state.zoom_commits.track();
        state.commentary.track();
        let pending = state.pending.get();
        if !state.url_ready.get() || pending > 0 {
            return;
        }
        let parts = link_parts(state);
        let link = full_link(&parts);
        state.share_link.set(parts.clone());
        let Some(w) = window() else { return };
        let here = w.location().href().unwrap_or_default();
        if here != link {
            let replace = state.applying.get_untracked();
            let written = w.history().and_then(|history| {
                if replace {
                    history.replace_state_with_url(&JsValue::NULL, "", Some(&link))
                } else {
                    history.push_state_with_url(&JsValue::NULL, "", Some(&link))
                }
            });
            if let Err(e) = written {
                if !history_refused.get_value() {
                    history_refused.set_value(true);
                    state.push_message(
                        Level::Warning,
                        format!(
                            "The browser refused to update the address bar ({}): the address no longer matches the view, and Back / Forward skip these changes. Use Copy link to share this view.",
                            dom::js_error_text(&e)
                        ),
                    );
                }
            }
        }
        state.applying.set(false);
        if !state.forget.get_untracked() {
            let saved = format!("{}\n{}", parts.query, parts.fragment_text());
            let stored = storage()
                .ok_or_else(|| "no storage in this browser".to_string())
                .and_then(|store| {
                    store
                        .set_item(SESSION_KEY, &saved)
                        .map_err(|e| dom::js_error_text(&e))
                });
            if let Err(why) = stored {
                if !storage_refused.get_value() {
                    storage_refused.set_value(true);
                    state.push_message(
                        Level::Warning,
                        format!(
                            "This session is not saved in the browser ({why}: storage full or turned off); the share link still reopens the view."
                        ),
                    );
                }
            }
        }
    });

    // Back / Forward: re-apply the entry's view.
    let on_pop = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let (query, hash) = location_parts();
        spawn_local(apply_link(state, query, hash, false));
    });
    if let Some(w) = window() {
        let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    }
    on_pop.forget();

    // After one visit the page works offline (public/sw.js).
    if let Some(w) = window() {
        let _ = w.navigator().service_worker().register("sw.js");
    }
}

fn location_parts() -> (String, String) {
    window()
        .map(|w| {
            let loc = w.location();
            (
                loc.search().unwrap_or_default(),
                loc.hash().unwrap_or_default(),
            )
        })
        .unwrap_or_default()
}

/// First visit or reload: the link's view, or the defaults (and an offer to
/// restore the last session when there is one).
pub async fn start(state: AppState) {
    let (query, hash) = location_parts();
    if query.trim_start_matches('?').is_empty() && hash.trim_start_matches('#').is_empty() {
        let saved = storage().and_then(|s| s.get_item(SESSION_KEY).ok().flatten());
        state.restorable.set(saved.filter(|s| !s.trim().is_empty()));
    }
    apply_link(state, query, hash, true).await;
}

/// Applies a link: parameters at once, then the data (when it differs from
/// what is loaded, or `first` visit), then overrides and roles.
pub async fn apply_link(state: AppState, query: String, hash: String, first: bool) {
    // No history entries while the link is applied; the address is
    // replaced once, at the end.
    state.url_ready.set(false);
    state.applying.set(true);
    let (mut url, notices) = UrlState::decode(&query);
    // The local series' roles, columns and kinds travel in the fragment.
    let (overrides, fragment_notices) =
        UrlState::decode_fragment_overrides(hash.trim_start_matches('#'));
    url.merge_overrides(overrides);
    // The claim checker's text, date and aliases travel in the fragment too.
    let (commentary, commentary_notices) = decode_commentary(&hash);
    let mut commentary = commentary.unwrap_or_default();
    let mut notices: Vec<String> = notices
        .into_iter()
        .chain(fragment_notices)
        .chain(commentary_notices)
        .map(|n| n.message)
        .collect();
    if let Some(Err(e)) = commentary.aliases.as_deref().map(AliasTable::parse) {
        notices.push(format!(
            "the shared alias table was not used ({e}); the default table is."
        ));
        commentary.aliases = None;
    }
    for notice in notices {
        state.push_message(Level::Warning, format!("Link: {notice}"));
    }
    let shared = match hash.trim_start_matches('#') {
        "" => Vec::new(),
        fragment => match decode_fragment(fragment) {
            Ok(series) => series,
            Err(e) => {
                state.push_message(
                    Level::Error,
                    format!("Link data: {e} The link's data was not loaded."),
                );
                Vec::new()
            }
        },
    };
    let data_key = |u: &UrlState, shared: &[SharedSeries]| {
        // Per-series entries in id order: a link lists the local series'
        // after the others' (they come from the fragment).
        let mut value_columns = u.value_columns.clone();
        value_columns.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kinds = u.kinds.clone();
        kinds.sort_by(|a, b| a.0.cmp(&b.0));
        let only_data = UrlState {
            samples: u.samples.clone(),
            urls: u.urls.clone(),
            value_columns,
            kinds,
            ..UrlState::default()
        };
        (
            only_data.encode(),
            shared
                .iter()
                .map(|s| (s.name.clone(), s.bytes.len()))
                .collect::<Vec<_>>(),
        )
    };
    let (now, now_shared) = current(state);
    let reload = first || data_key(&url, &shared) != data_key(&now, &now_shared);

    state.settings.set(url.settings.clone());
    state.commentary.set(commentary);
    state.as_of.set(url.as_of);
    state.range.set(url.range);
    state.zoom.set(url.window);
    state.join.set(url.join);
    state.lags.set(url.lag_policy());
    if let Some(theme) = url.theme {
        state.theme_explicit.set(true);
        state.light.set(theme == Theme::Light);
    }
    state.url_extras.set(LinkExtras {
        log_scale: url.log_scale,
        price_style: url.price_style,
        price_level: url.price_level,
        panels: url.panels.clone(),
        units: url.units.clone(),
    });

    if reload {
        let _pending = PendingGuard::new(state.pending);
        if !first {
            state.series.set(Vec::new());
        }
        let ids: Vec<String> = match &url.samples {
            Some(list) => list.clone(),
            None => SAMPLES
                .iter()
                .filter(|s| s.default_loaded)
                .map(|s| s.id.to_string())
                .collect(),
        };
        for id in ids {
            if let Some(entry) = sample(&id) {
                let outcome =
                    loader::load_sample_with(state, entry, overrides_for(&url, &id)).await;
                open_loaded(state, outcome);
            }
        }
        for link in &url.urls {
            let outcome = loader::load_url(state, link.clone()).await;
            open_loaded(state, outcome);
        }
        for s in shared {
            let options = IngestOptions {
                name: Some(s.name.clone()),
                ..overrides_for(&url, &s.name)
            };
            let outcome = loader::ingest_and_store(
                state,
                s.bytes.to_vec(),
                &s.source_name,
                options,
                &format!("shared {}", s.name),
                Provenance::Local,
            )
            .await;
            open_loaded(state, outcome);
        }
        // URL-loaded series learn their id only once parsed: re-read them
        // with their overrides now.
        let loaded: Vec<Loaded> = state.series.get_untracked();
        for l in loaded {
            if !matches!(l.source.provenance, Provenance::Url(_)) {
                continue;
            }
            let wanted = overrides_for(&url, l.series.id.as_str());
            if wanted.value_column.is_some() || wanted.kind.is_some() {
                let options = IngestOptions {
                    name: Some(l.series.id.to_string()),
                    ..wanted
                };
                loader::reingest(state, l.clone(), options).await;
            }
        }
    }
    // Formulas once their inputs are loaded, before the roles (one may
    // hold a role).
    super::formulas::apply(state, &url.formulas);
    for (id, role) in &url.roles {
        if let Some(l) = state
            .series
            .get_untracked()
            .iter()
            .find(|l| l.series.id.as_str() == id)
        {
            state.set_role(&l.series.id, *role);
        }
    }
    state.url_ready.set(true);
}

fn overrides_for(url: &UrlState, id: &str) -> IngestOptions {
    IngestOptions {
        value_column: url
            .value_columns
            .iter()
            .rev()
            .find(|(i, _)| i == id)
            .map(|(_, c)| c.clone()),
        kind: url
            .kinds
            .iter()
            .rev()
            .find(|(i, _)| i == id)
            .map(|(_, k): &(String, SeriesKind)| *k),
        ..IngestOptions::default()
    }
}

/// Opens what a load produced when it is a downloaded bundle, as if it
/// were a link; anything else the loader has already stored.
pub fn open_loaded(state: AppState, outcome: LoadOutcome) {
    if let LoadOutcome::Bundle(bundle) = outcome {
        open_bundle(state, bundle);
    }
}

/// Opens a loaded bundle as if it were a link.
fn open_bundle(state: AppState, bundle: LinkBundle) {
    spawn_local(apply_link(state, bundle.query, bundle.fragment, false));
}

/// The share panel: the link (copyable by hand), Copy, the bundle when the
/// data is too large, and forgetting the saved session.
#[component]
pub fn SharePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let link = move || full_link(&state.share_link.get());
    let too_large = move || state.share_link.with(|p| p.fragment.clone().err());
    // The local series are in the link only when the fragment really holds
    // them (a paste too large for a link leaves it out).
    let data_included = move || {
        state
            .share_link
            .with(|p| p.local_series > 0 && p.fragment.as_ref().is_ok_and(|f| !f.is_empty()))
    };
    let local_series = move || state.share_link.with(|p| p.local_series);
    // What the last "Copy link" did: `clipboard`, `selected` or `refused`.
    let copied = RwSignal::new(None::<&'static str>);
    let link_input = NodeRef::<leptos::html::Input>::new();
    let copy = move |_| {
        let text = link();
        let included = data_included();
        let locals = local_series();
        spawn_local(async move {
            let written = match window() {
                Some(w) => wasm_bindgen_futures::JsFuture::from(
                    w.navigator().clipboard().write_text(&text),
                )
                .await
                .map(|_| ())
                .map_err(|e| dom::js_error_text(&e)),
                None => Err("no window".to_string()),
            };
            let what = match (included, locals) {
                (true, n) => format!("it reopens this view, your {n} local series included"),
                (false, 0) => "it reopens this view".to_string(),
                (false, n) => format!(
                    "it reopens this view WITHOUT your {n} local series (too large for a link: download the bundle to share them)"
                ),
            };
            match written {
                Ok(()) => {
                    copied.set(Some("clipboard"));
                    state.push_message(
                        Level::Info,
                        format!("Link copied to the clipboard: {what}."),
                    );
                }
                Err(why) => {
                    let selected = link_input.get_untracked().is_some_and(|input| {
                        input.focus().is_ok() && {
                            input.select();
                            true
                        }
                    });
                    if selected {
                        copied.set(Some("selected"));
                        state.push_message(
                            Level::Warning,
                            format!("The browser refused the clipboard ({why}). The link is selected in the box: press Ctrl+C (⌘C on a Mac) to copy it; {what}."),
                        );
                    } else {
                        copied.set(Some("refused"));
                        state.push_message(
                            Level::Error,
                            format!("The browser refused the clipboard ({why}) and the link could not be selected: copy it from the box by hand; {what}."),
                        );
                    }
                }
            }
        });
    };
    let bundle = move |_| {
        let (url, shared) = current(state);
        let split = LocalSplit::of(url, &shared);
        let parts = state.share_link.get_untracked();
        let checked = state.commentary.get_untracked();
        match split.bundle_fragment(&shared, &checked) {
            Ok(fragment) => {
                let saved = dom::download_text(
                    "regime-radar-view.rrbundle",
                    &LinkBundle {
                        query: parts.query,
                        fragment,
                    }
                    .text(),
                );
                if let Err(why) = saved {
                    state.push_message(
                        Level::Error,
                        format!("The bundle could not be saved: {why}."),
                    );
                }
            }
            Err(e) => state.push_message(Level::Error, format!("Bundle: {e}")),
        }
    };
    let forget = move |_| {
        // From now on nothing is saved until the next visit (the saving
        // effect reads this flag), not just this once.
        state.forget.set(true);
        state.restorable.set(None);
        let removed = storage()
            .ok_or_else(|| "no storage in this browser".to_string())
            .and_then(|store| {
                store
                    .remove_item(SESSION_KEY)
                    .map_err(|e| dom::js_error_text(&e))
            });
        match removed {
            Ok(()) => state.push_message(
                Level::Info,
                "Forgot the saved session: nothing of your view or data is kept in this browser, and nothing will be saved for the rest of this visit.",
            ),
            Err(why) => state.push_message(
                Level::Error,
                format!("The saved session could not be removed ({why}); nothing more will be saved during this visit."),
            ),
        }
    };
    let restore = move |_| {
        if let Some(saved) = state.restorable.get_untracked() {
            let mut parts = saved.splitn(2, '\n');
            let query = parts.next().unwrap_or_default().to_string();
            let fragment = parts.next().unwrap_or_default().to_string();
            state.restorable.set(None);
            spawn_local(apply_link(state, query, fragment, false));
        }
    };
    view! {
        <section class="panel share" aria-labelledby="share-title">
            <h2 id="share-title">"Share this view"</h2>
            {move || state.restorable.get().map(|_| view! {
                <p class="restore">
                    "Your last session is saved in this browser. "
                    <button type="button" data-testid="restore-session" on:click=restore>"Restore it"</button>
                </p>
            })}
            <div class="share-row">
                <input type="text" readonly data-testid="share-link" aria-label="Share link" prop:value=link node_ref=link_input
                    on:focus=move |ev| {
                        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            input.select();
                        }
                    } />
                <button type="button" class="primary" data-testid="share-copy" on:click=copy>"Copy link"</button>
            </div>
            {move || too_large().map(|why| view! {
                <p class="note warn" data-testid="share-too-large">{why}" "
                    <button type="button" data-testid="share-bundle" on:click=bundle>"Download the bundle"</button>
                    " (drop it on the page to reopen the view)."</p>
            })}
            {move || state.share_link.with(|p| p.commentary.clone().err()).map(|why| view! {
                <p class="note warn" data-testid="share-commentary-too-long">{why}</p>
            })}
            <p class="note" data-testid="share-status" role="status"
                data-copied=move || copied.get().unwrap_or_default()
                data-data-included=move || data_included().to_string()>
                {move || match (local_series(), data_included()) {
                    (0, _) => "The link names the bundled samples and URLs; it carries no data of yours.".to_string(),
                    (n, true) => format!("Your {n} local series travel in the link's fragment (#d=…), which browsers never send to a server."),
                    (n, false) => format!("Your {n} local series are NOT in the link: they are too large for one. The link reopens the rest of the view; the bundle carries the data."),
                }}
                {move || {
                    let carried = state.share_link.with(|p| p.commentary.as_ref().is_ok_and(|c| !c.is_empty()));
                    if carried { " The claim checker's text travels in the fragment too." } else { "" }
                }}
                {move || match copied.get() {
                    Some("clipboard") => " Copied to the clipboard.",
                    Some("selected") => " The clipboard was refused: the link is selected, press Ctrl+C (⌘C) to copy it.",
                    Some(_) => " The clipboard was refused: copy the link from the box by hand.",
                    None => "",
                }}
            </p>
            <button type="button" class="link" data-testid="forget-data" on:click=forget>{move || if state.forget.get() { "Forgotten: nothing is saved during this visit" } else { "Forget my data (clear the saved session)" }}</button>
        </section>
    }
}
