//! Application state: the loaded series, the message list and the view
//! settings, as signals shared through context.
//!
//! Invariant: `series` changes only by whole-entry replacement after a
//! successful ingest, so a failed load never alters what is loaded.

use std::sync::Arc;

use leptos::prelude::*;

use crate::engine::align::{JoinMode, PublicationLag};
use crate::engine::calendar::FomcCalendar;
use crate::engine::dashboard::{Dashboard, DashboardBuild, DashboardInputs};
use crate::engine::freshness::{series_freshness, view_freshness, Manifest, ViewFreshness};
use crate::engine::ingest::IngestOptions;
use crate::engine::radar::{compute_timed, Radar};
use crate::engine::range::{visible_sessions, RangePreset, ViewSpan};
use crate::engine::samples::{Role, BUNDLED_MANIFEST, SAMPLES};
use crate::engine::series::{Series, SeriesId, SeriesKind};
use crate::engine::settings::RadarSettings;
use crate::engine::signals::RadarInputs;
use crate::engine::units::Units;
use crate::link::{LinkParts, SharedCommentary, UrlState};
use crate::ui::background::{Job, PendingGuard, LARGE_INPUT_SESSIONS};

/// A series as the page holds it: the engine's `Series` plus where it came
/// from and the role it plays in comparisons.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub series: Arc<Series>,
    pub role: Role,
    /// Human description of the origin: sample file, pasted text, file name or URL.
    pub origin: String,
    /// What was parsed and how, so the user can re-read it with other
    /// options (value column, kind) without loading it again.
    pub source: Arc<LoadSource>,
}

/// Where a loaded series came from, as a share link must name it: a
/// bundled sample or a URL travel in the query, local data (paste, file,
/// drop, a link's fragment) in the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    Sample(&'static str),
    Url(String),
    Local,
    /// A formula over loaded series (`IWM:SPY`): its id is the formula,
    /// and it travels as `f=` (`ui::formulas`).
    Formula,
}

/// The input of a successful load and how it was understood.
#[derive(Debug, Clone)]
pub struct LoadSource {
    pub provenance: Provenance,
    pub bytes: Arc<[u8]>,
    pub source_name: String,
    pub options: IngestOptions,
    /// Every column of the file, and the one used as the value.
    pub columns: Vec<String>,
    pub date_column: String,
    pub value_column: String,
}

/// Severity of a message in the `messages` area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// The parts of a share link that no other signal holds: the view's other
/// parts (series, settings, zoom, theme, …) are read from their own signals
/// when a link is written (`share::current`), so each has one source.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinkExtras {
    /// `log=1`: the price panel's log scale.
    pub log_scale: bool,
    /// `style=`: the price panel's style (a line when the series has no
    /// open, high and low, whatever this says).
    pub price_style: crate::link::PriceStyle,
    /// `lvl=`: the level the user placed on the price chart.
    pub price_level: Option<f64>,
    /// `panels=`: the dashboard's shown panels (`None`: all).
    pub panels: Option<Vec<String>>,
    /// `units=`: the macro panels' FRED units other than levels, by id.
    pub units: Vec<(String, Units)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: u64,
    pub level: Level,
    pub text: String,
}

/// Everything the components share. `Copy`: it is a bundle of signal handles.
#[derive(Clone, Copy)]
pub struct AppState {
    pub series: RwSignal<Vec<Loaded>>,
    pub messages: RwSignal<Vec<Message>>,
    /// Loads still running; the page is "ready" when this is 0 and charts are drawn.
    pub pending: RwSignal<u32>,
    /// Progress of the current long parse: (what, fraction done).
    pub progress: RwSignal<Option<(String, f64)>>,
    pub light: RwSignal<bool>,
    pub range: RwSignal<RangePreset>,
    /// Publication lags for macro series (defaults, user-editable).
    pub lags: RwSignal<PublicationLag>,
    /// How price series share a calendar in the chart.
    pub join: RwSignal<JoinMode>,
    /// Metrics as of this date (`None`: the last loaded date), to check a
    /// claim made on a given day ("+7.8% YTD" on 2026-01-16).
    pub as_of: RwSignal<Option<chrono::NaiveDate>>,
    /// Every radar parameter (signals, regime, evidence, targets).
    pub settings: RwSignal<RadarSettings>,
    /// The FOMC schedule (bundled `data/FOMC.csv`, or a file the user loaded).
    pub fomc: RwSignal<Option<Arc<FomcCalendar>>>,
    /// The radar as of the as-of date: one engine run per change of the
    /// series, settings, lags, calendar or as-of date; every radar panel
    /// reads it.
    pub radar: Memo<Arc<Radar>>,
    /// A span reached by zooming, panning or typing dates; `None`: the
    /// range preset decides (choosing a preset clears it).
    pub zoom: RwSignal<Option<(chrono::NaiveDate, chrono::NaiveDate)>>,
    /// Every time panel's columns on one calendar (cut at the as-of date),
    /// computed in slices after each change of its inputs (see
    /// `background`): on a million sessions it takes longer than a frame.
    pub dashboard: RwSignal<Arc<Dashboard>>,
    /// The sessions every time panel shows (indices into the dashboard's
    /// calendar): one window, computed once.
    pub visible: Memo<std::ops::Range<usize>>,
    /// Bumped on every window resize: charts redraw at their new size.
    pub viewport: RwSignal<u32>,
    /// The session under the crosshair, shared by every time panel.
    pub crosshair: RwSignal<Option<usize>>,
    /// Legend entries switched off, as `panel:series` keys.
    pub hidden: RwSignal<Vec<String>>,
    /// The price panel's series (`None`: the small-cap role).
    pub price_choice: RwSignal<Option<String>>,
    /// The link's parts that no other signal holds (log scale, panels).
    pub url_extras: RwSignal<LinkExtras>,
    /// Bumped when a zoom gesture ends with a zoom the link does not have
    /// yet: the link is then written, taking its window from `zoom` (one
    /// history entry per gesture, not per wheel tick).
    pub zoom_commits: RwSignal<u32>,
    /// The user chose the theme (it then travels in links).
    pub theme_explicit: RwSignal<bool>,
    /// The address may follow the view (false while a link is applied).
    pub url_ready: RwSignal<bool>,
    /// The next address change replaces the history entry instead of pushing.
    pub applying: RwSignal<bool>,
    /// The current share link's parts.
    pub share_link: RwSignal<LinkParts>,
    /// What the claim checker last checked (text, typed date) and the
    /// alias table it reads names with (`None`: the default): the rows
    /// follow it and the loaded series, and the link carries it.
    pub commentary: RwSignal<SharedCommentary>,
    /// A saved last session (query and fragment) the user may restore.
    pub restorable: RwSignal<Option<String>>,
    /// The user asked to forget: no session is saved until the next visit.
    pub forget: RwSignal<bool>,
    /// The bundled data's `manifest.json`, when the build had one and it
    /// parses (`samples::BUNDLED_MANIFEST`; a malformed one is ignored).
    pub manifest: RwSignal<Option<Arc<Manifest>>>,
    /// A dropped file shorter than the series it updates, and overlapping
    /// it, is spliced onto the longer history (else it replaces it).
    pub splice: RwSignal<bool>,
    /// Series loaded from a dropped file that matched no loaded series: the
    /// series list asks whether each updates one of the others.
    pub unmatched: RwSignal<Vec<SeriesId>>,
    /// Today in the browser's time zone, read once when the page opens:
    /// what the freshness lines count from.
    pub today: chrono::NaiveDate,
    /// The whole view's freshness (the view line and the read both show it;
    /// one memo, so it is computed once per change of series or lags).
    pub data_age: Memo<Option<ViewFreshness>>,
    /// The first view (the default samples or a link's data) has loaded and
    /// its dashboard is published: until then the content column shows a
    /// skeleton of fixed size and the view line a placeholder, so panels
    /// appear once, at their final size, instead of growing and pushing the
    /// page down with every sample (docs/performance.md, "Lighthouse").
    pub first_view: RwSignal<bool>,
    /// The first view's loads have ended (`share::start` returned). Until
    /// then nothing is drawn (see `first_view`), so the dashboard is not
    /// built and the radar not computed after each of the dozen samples:
    /// both run once, on all of them.
    pub first_loads_done: RwSignal<bool>,
    next_message_id: StoredValue<u64>,
}

/// The series that hold each role: the most recently loaded one wins (so
/// loading ^RUT after IWM analyses ^RUT).
pub fn role_series(all: &[Loaded], role: Role) -> Option<&Series> {
    role_loaded(all, role).map(|l| l.series.as_ref())
}

/// The series in `role`: the last loaded one, when several have it.
fn role_loaded(all: &[Loaded], role: Role) -> Option<&Loaded> {
    all.iter().rev().find(|l| l.role == role)
}

/// The series the radar reads (the roles' and the macro series), held and
/// compared by identity: loading, editing or removing a series with no
/// role leaves the radar as it was instead of recomputing it (a
/// million-row file beside the samples: 12-16 ms less in the task that
/// stores it).
#[derive(Clone, Default)]
struct RadarSeries {
    roles: [Option<Arc<Series>>; 5],
    macros: Vec<Arc<Series>>,
}

/// The roles in [`RadarSeries::roles`]' order.
const RADAR_ROLES: [Role; 5] = [
    Role::Small,
    Role::Large,
    Role::Growth,
    Role::SmallFlows,
    Role::LargeFlows,
];

impl RadarSeries {
    fn of(all: &[Loaded]) -> Self {
        RadarSeries {
            roles: RADAR_ROLES.map(|role| role_loaded(all, role).map(|l| l.series.clone())),
            macros: all
                .iter()
                .filter(|l| l.role == Role::Macro)
                .map(|l| l.series.clone())
                .collect(),
        }
    }

    fn role(&self, role: Role) -> Option<&Series> {
        let at = RADAR_ROLES.iter().position(|r| *r == role)?;
        self.roles[at].as_deref()
    }
}

impl PartialEq for RadarSeries {
    fn eq(&self, other: &Self) -> bool {
        let same = |a: &Arc<Series>, b: &Arc<Series>| Arc::ptr_eq(a, b);
        self.roles.iter().zip(&other.roles).all(|pair| match pair {
            (Some(a), Some(b)) => same(a, b),
            (None, None) => true,
            _ => false,
        }) && self.macros.len() == other.macros.len()
            && self
                .macros
                .iter()
                .zip(&other.macros)
                .all(|(a, b)| same(a, b))
    }
}

/// The series the dashboard is computed from, held (not borrowed) so the
/// computation can run across yields while the page goes on.
struct DashboardSources {
    prices: Vec<Arc<Series>>,
    small: Option<usize>,
    large: Option<usize>,
    growth: Option<usize>,
    macros: Vec<Arc<Series>>,
}

impl DashboardSources {
    fn of(all: &[Loaded]) -> Self {
        let prices: Vec<&Loaded> = all.iter().filter(|l| l.series.kind.is_price()).collect();
        // The role series as `role_series` picks them, found among the prices.
        let role = |role: Role| {
            let chosen = role_series(all, role)?;
            prices
                .iter()
                .position(|l| std::ptr::eq(l.series.as_ref(), chosen))
        };
        DashboardSources {
            small: role(Role::Small),
            large: role(Role::Large),
            growth: role(Role::Growth),
            prices: prices.iter().map(|l| Arc::clone(&l.series)).collect(),
            macros: all
                .iter()
                .filter(|l| l.role == Role::Macro)
                .map(|l| Arc::clone(&l.series))
                .collect(),
        }
    }

    /// Observations in all the series (what the computation scales with).
    fn sessions(&self) -> usize {
        self.prices
            .iter()
            .chain(&self.macros)
            .map(|s| s.len())
            .sum()
    }

    fn inputs<'a>(
        &'a self,
        lags: PublicationLag,
        fomc: Option<&'a FomcCalendar>,
        as_of: Option<chrono::NaiveDate>,
    ) -> DashboardInputs<'a> {
        let at = |i: Option<usize>| i.and_then(|i| self.prices.get(i)).map(|s| s.as_ref());
        DashboardInputs {
            prices: self.prices.iter().map(|s| s.as_ref()).collect(),
            small: at(self.small),
            large: at(self.large),
            growth: at(self.growth),
            macros: self.macros.iter().map(|s| s.as_ref()).collect(),
            lags,
            fomc,
            as_of,
        }
    }
}

impl AppState {
    /// Shows a range preset (clears any zoom or typed span).
    pub fn set_preset(&self, preset: RangePreset) {
        self.zoom.set(None);
        self.range.set(preset);
        self.commit_zoom();
    }

    /// Puts the current zoom into the share link. Called when a gesture
    /// ends (not on every wheel tick), so a zoom is one history entry.
    pub fn commit_zoom(&self) {
        let zoom = self.zoom.get_untracked();
        // The window the link has now, read back from the link itself.
        let written = self
            .share_link
            .with_untracked(|p| UrlState::decode(&p.query).0.window);
        if written != zoom {
            self.zoom_commits.update(|n| *n = n.wrapping_add(1));
        }
    }

    /// Shows the sessions `visible` of the dashboard calendar (a zoom or
    /// pan), kept as dates so it survives a change of the loaded data.
    pub fn show_sessions(&self, visible: std::ops::Range<usize>) {
        let span = self.dashboard.with_untracked(|d| {
            let first = d.dates.get(visible.start).copied()?;
            let last = d.dates.get(visible.end.checked_sub(1)?).copied()?;
            Some((first, last))
        });
        if span.is_some() && span != self.zoom.get_untracked() {
            self.zoom.set(span);
        }
    }

    pub fn new(light: bool) -> Self {
        let series: RwSignal<Vec<Loaded>> = RwSignal::new(Vec::new());
        let settings = RwSignal::new(RadarSettings::default());
        let fomc: RwSignal<Option<Arc<FomcCalendar>>> = RwSignal::new(None);
        let lags = RwSignal::new(PublicationLag::default());
        let as_of: RwSignal<Option<chrono::NaiveDate>> = RwSignal::new(None);
        // The radar's part of the settings: editing a study or the chart
        // bars changes the dashboard only, not the radar.
        let radar_settings = Memo::new(move |_| settings.with(RadarSettings::for_radar));
        let radar_series = Memo::new(move |_| series.with(|all| RadarSeries::of(all)));
        let radar = Memo::new_with_compare(
            move |_| {
                let settings = radar_settings.get();
                let lags = lags.get();
                let as_of = as_of.get();
                let fomc = fomc.get();
                radar_series.with(|all| {
                    let inputs = RadarInputs {
                        small: all.role(Role::Small),
                        large: all.role(Role::Large),
                        growth: all.role(Role::Growth),
                        macros: all.macros.iter().map(|s| s.as_ref()).collect(),
                        small_flows: all.role(Role::SmallFlows),
                        large_flows: all.role(Role::LargeFlows),
                        lags,
                        fomc: fomc.as_deref(),
                    };
                    let started = super::dom::now_ms();
                    let mut last = started;
                    let radar = compute_timed(&inputs, &settings, as_of, &mut |phase| {
                        let now = super::dom::now_ms();
                        super::dom::record_timing(&format!("radar-{phase}"), now - last);
                        last = now;
                    });
                    super::dom::record_timing("radar", super::dom::now_ms() - started);
                    Arc::new(radar)
                })
            },
            |_, _| true,
        );
        let zoom = RwSignal::new(None);
        let range = RwSignal::new(RangePreset::default());
        let pending = RwSignal::new(0);
        let dashboard = RwSignal::new(Arc::new(Dashboard::default()));
        let dashboard_job = Job::new();
        let url_extras = RwSignal::new(LinkExtras::default());
        // The macro panels' units: the dashboard follows them, not the
        // link's other extras (log scale, panels).
        let macro_units = Memo::new(move |_| url_extras.with(|e| e.units.clone()));
        let first_loads_done = RwSignal::new(false);
        let price_choice = RwSignal::new(None::<String>);
        Effect::new(move |_| {
            // The first view's samples arrive one by one: build once, on all.
            if !first_loads_done.get() {
                return;
            }
            let units = macro_units.get();
            let settings = settings.get();
            let lags = lags.get();
            let as_of = as_of.get();
            let fomc = fomc.get();
            let radar = radar.get();
            let sources = series.with(|all| DashboardSources::of(all));
            // Studies only for the series the panels show.
            let choice = price_choice.get();
            let mut slices = dashboard_job.start();
            super::dom::mark("rr:dashboard-start");
            let guard = PendingGuard::new(pending);
            leptos::task::spawn_local(async move {
                let _pending = guard;
                let started = super::dom::now_ms();
                if sources.sessions() > LARGE_INPUT_SESSIONS && !slices.yield_now().await {
                    return;
                }
                let inputs = sources.inputs(lags, fomc.as_deref(), as_of);
                let mut build = DashboardBuild::new(&inputs, &settings, &radar)
                    .with_units(&units)
                    .with_studies_only_for_shown(choice);
                while build.step() {
                    if !slices.checkpoint().await {
                        return;
                    }
                }
                // Publishing redraws every panel: its own slice when this
                // one is spent.
                if !slices.checkpoint().await {
                    return;
                }
                super::dom::record_timing("dashboard", super::dom::now_ms() - started);
                super::dom::record_timing("dashboard-longest-slice", slices.longest_slice());
                let published = super::dom::now_ms();
                dashboard.set(Arc::new(build.finish()));
                super::dom::mark("rr:dashboard-set");
                super::dom::time_after_effects("dashboard-publish", published);
            });
        });
        let visible = Memo::new(move |_| {
            let span = match zoom.get() {
                Some((from, to)) => ViewSpan::Dates { from, to },
                None => ViewSpan::Preset(range.get()),
            };
            dashboard.with(|d| visible_sessions(&d.dates, span))
        });
        let today = super::dom::today();
        let data_age = Memo::new(move |_| {
            let lines: Vec<_> = lags.with(|lags| {
                series.with(|all| {
                    all.iter()
                        .filter_map(|l| {
                            series_freshness(&l.series, today, lags)
                                .map(|f| (l.series.kind.is_price(), f))
                        })
                        .collect()
                })
            });
            view_freshness(&lines, today)
        });
        AppState {
            series,
            zoom,
            dashboard,
            visible,
            crosshair: RwSignal::new(None),
            viewport: RwSignal::new(0),
            hidden: RwSignal::new(Vec::new()),
            price_choice,
            settings,
            fomc,
            radar,
            url_extras,
            zoom_commits: RwSignal::new(0),
            theme_explicit: RwSignal::new(false),
            url_ready: RwSignal::new(false),
            applying: RwSignal::new(true),
            share_link: RwSignal::new(LinkParts::default()),
            commentary: RwSignal::new(SharedCommentary::default()),
            restorable: RwSignal::new(None),
            forget: RwSignal::new(false),
            manifest: RwSignal::new(super::json::parse_manifest(BUNDLED_MANIFEST).map(Arc::new)),
            splice: RwSignal::new(true),
            unmatched: RwSignal::new(Vec::new()),
            today,
            data_age,
            first_view: RwSignal::new(false),
            first_loads_done,
            messages: RwSignal::new(Vec::new()),
            pending,
            progress: RwSignal::new(None),
            light: RwSignal::new(light),
            range,
            lags,
            join: RwSignal::new(JoinMode::default()),
            as_of,
            next_message_id: StoredValue::new(0),
        }
    }

    pub fn push_message(&self, level: Level, text: impl Into<String>) {
        let id = self.next_message_id.get_value();
        self.next_message_id.set_value(id + 1);
        let text = text.into();
        self.messages.update(|m| {
            m.push(Message { id, level, text });
            // Keep the area readable: the newest 12 messages.
            let excess = m.len().saturating_sub(12);
            m.drain(..excess);
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.messages.update(|m| m.retain(|msg| msg.id != id));
    }

    /// Adds or replaces (same id, or the id it `replaces`) a successfully
    /// ingested series, in one update.
    pub fn upsert(&self, loaded: Loaded, replaces: Option<&SeriesId>) {
        self.series.update(|all| {
            if let Some(old) = replaces.filter(|old| **old != loaded.series.id) {
                all.retain(|l| &l.series.id != old);
            }
            match all.iter_mut().find(|l| l.series.id == loaded.series.id) {
                Some(slot) => *slot = loaded,
                None => all.push(loaded),
            }
        });
    }

    /// Gives a loaded series another role (e.g. small-flows).
    pub fn set_role(&self, id: &SeriesId, role: Role) {
        self.series.update(|all| {
            if let Some(l) = all.iter_mut().find(|l| &l.series.id == id) {
                l.role = role;
            }
        });
    }

    pub fn remove(&self, id: &SeriesId) {
        self.series.update(|all| all.retain(|l| &l.series.id != id));
    }
}

/// Role of a series in the small-vs-large comparison: the bundled catalogue
/// knows its samples; for other data the common tickers are recognised.
pub fn role_for(id: &SeriesId, kind: SeriesKind) -> Role {
    if let Some(sample) = SAMPLES.iter().find(|s| s.id == id.as_str()) {
        return sample.role;
    }
    if !kind.is_price() {
        // Flows have no FRED code; a name that says so gets the flows role.
        let name = id.as_str();
        if name.contains("FLOW") {
            if name.contains("SMALL") || name.contains("IWM") || name.contains("RUT") {
                return Role::SmallFlows;
            }
            if name.contains("LARGE") || name.contains("SPY") || name.contains("SPX") {
                return Role::LargeFlows;
            }
        }
        return Role::Macro;
    }
    match id.as_str() {
        "IWM" | "RUT" | "IJR" | "VB" | "VTWO" | "SML" | "RTY" => Role::Small,
        "SPY" | "GSPC" | "SPX" | "IVV" | "VOO" | "ES" => Role::Large,
        "QQQ" | "NDX" | "QQQM" | "IXIC" => Role::Growth,
        _ => Role::None,
    }
}
