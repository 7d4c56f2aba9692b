//! Shared by the fuzz targets and the seed generator (examples/make_seeds.rs).

/// One cell per supported format (each `DateShape`, numeric separators and
/// 2-digit years, every named-month pattern). Numeric ones read both ways,
/// so the fuzzed cells decide the day/month order.
pub const REFERENCE: [&str; 19] = [
    "2024-01-31",                // Iso
    "2023-12-19 00:00:00-05:00", // Iso with a time and zone
    "2024/01/31",                // IsoSlash
    "20240131",                  // Compact
    "1706659200",                // UnixSeconds
    "1706659200000",             // UnixMillis
    "03/04/2024",                // Numeric '/'
    "03/04/24",                  // Numeric '/', short year
    "03.04.2024",                // Numeric '.'
    "03.04.24",                  // Numeric '.', short year
    "03-04-2024",                // Numeric '-'
    "03-04-24",                  // Numeric '-', short year
    "31-Jan-2024",               // %d-%b-%Y
    "31 Jan 2024",               // %d %b %Y
    "Jan 31, 2024",              // %b %d, %Y
    "January 31, 2024",          // %B %d, %Y
    "31 January 2024",           // %d %B %Y
    // Meant for %d-%b-%y, but chrono's %Y takes "24", so %d-%b-%Y (tried
    // first) reads this as 31 Jan 0024: %d-%b-%y is never reached.
    "31-Jan-24",
    "2024-Jan-31", // %Y-%b-%d
];

/// Appends `cell` as one CSV-quoted field (`"` doubled).
pub fn push_quoted(csv: &mut Vec<u8>, cell: &[u8]) {
    csv.push(b'"');
    for &b in cell {
        if b == b'"' {
            csv.push(b'"');
        }
        csv.push(b);
    }
    csv.push(b'"');
}
