//! One component per panel of the page.

mod chart_frame;
mod claims_panel;
mod dashboard;
mod evidence_table;
mod freshness;
mod header;
mod load_panel;
mod macro_panel;
mod messages;
mod metrics_table;
mod radar_panel;
mod rules_editor;
mod series_list;
mod signals_panel;
mod targets_table;
mod todays_data;

pub use claims_panel::ClaimsPanel;
pub use dashboard::DashboardPanel;
pub use evidence_table::EvidenceTable;
pub use freshness::ViewFreshness;
pub use header::Header;
pub use load_panel::LoadPanel;
pub use macro_panel::MacroPanel;
pub use messages::Messages;
pub use metrics_table::MetricsTable;
pub use radar_panel::RadarPanel;
pub use rules_editor::RulesEditor;
pub use series_list::SeriesList;
pub use signals_panel::SignalsPanel;
pub use targets_table::TargetsTable;
pub use todays_data::TodaysData;
