//! `fomc`: arbitrary bytes as an FOMC meeting calendar file.
//!
//! Guards the invariants of src/engine/calendar.rs: `FomcCalendar::parse`
//! and `looks_like_fomc_calendar` never panic and are deterministic; an `Ok`
//! calendar lists its meetings sorted by decision (end) day, one per end
//! day, each with `start <= end`, and `first` / `last` / `covers` /
//! `next_meeting` / `previous_meeting` agree with that list; written back
//! as `start,end,sep` it parses to the same calendar. An error is a
//! sentence.
//!
//! The whole input is the file, so every seed is a calendar as it is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regime_radar::engine::calendar::{looks_like_fomc_calendar, FomcCalendar, Meeting};

/// The calendar as the plainest file the parser reads: the round trip
/// checks that nothing it accepted depended on the input's spelling.
fn as_csv(meetings: &[Meeting]) -> String {
    let mut csv = String::from("start,end,sep\n");
    for m in meetings {
        csv.push_str(&format!("{},{},{}\n", m.start, m.end, u8::from(m.sep)));
    }
    csv
}

fn check_calendar(calendar: &FomcCalendar) {
    let meetings = &calendar.meetings;
    assert!(!meetings.is_empty(), "an Ok calendar has meetings");
    assert!(
        meetings.windows(2).all(|w| w[0].end < w[1].end),
        "sorted by end day, one meeting per end day"
    );
    assert!(meetings.iter().all(|m| m.start <= m.end), "start <= end");
    assert_eq!(calendar.first(), meetings.first().copied());
    assert_eq!(calendar.last(), meetings.last().copied());
    for m in meetings {
        // A meeting is "today" on its decision day and the previous one
        // the day after; the calendar speaks for every listed day.
        assert_eq!(calendar.next_meeting(m.end), Some((*m, 0)));
        assert!(calendar.covers(m.start) && calendar.covers(m.end));
        if let Some(after) = m.end.succ_opt() {
            assert_eq!(calendar.previous_meeting(after), Some(*m));
        }
    }
    let written = as_csv(meetings);
    assert_eq!(
        FomcCalendar::parse(written.as_bytes()).as_ref(),
        Ok(calendar),
        "the calendar written as {written:?} parses back to itself"
    );
}

fuzz_target!(|data: &[u8]| {
    let looks = looks_like_fomc_calendar(data);
    assert_eq!(looks_like_fomc_calendar(data), looks, "deterministic");

    let parsed = FomcCalendar::parse(data);
    assert_eq!(FomcCalendar::parse(data), parsed, "deterministic");
    match &parsed {
        Ok(calendar) => check_calendar(calendar),
        Err(e) => assert!(!e.to_string().is_empty(), "an error says what to fix"),
    }
});
