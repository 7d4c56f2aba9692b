//! One component per panel of the page.

mod header;
mod load_panel;
mod macro_panel;
mod messages;
mod metrics_table;
mod performance_panel;
mod series_list;

pub use header::Header;
pub use load_panel::LoadPanel;
pub use macro_panel::MacroPanel;
pub use messages::Messages;
pub use metrics_table::MetricsTable;
pub use performance_panel::PerformancePanel;
pub use series_list::SeriesList;
