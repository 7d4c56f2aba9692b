//! Work too long for one frame, run in slices: between slices the browser
//! paints and answers input. A million-session dashboard takes most of a
//! second to compute; in one go that would freeze the tab.
//!
//! Invariant: while a computation runs it holds a [`PendingGuard`], so the
//! page is not `data-ready` (and the address does not follow the view)
//! until its result is in place; a newer run supersedes an older one,
//! which stops at its next checkpoint and never publishes its result.

use leptos::prelude::*;

use super::dom;

/// How long a slice runs before yielding to the browser (ms): well under
/// the 200 ms a user feels as a stall, long enough that ordinary data (four
/// 10,000-session series) finishes in the first slice, with no extra frame.
const SLICE_MS: f64 = 16.0;

/// Inputs of more sessions than this start their computation in a task of
/// their own, not after whatever the change that started it cost (a
/// million-row parse); smaller ones run at once, so the page never shows a
/// frame where the panels disagree.
pub const LARGE_INPUT_SESSIONS: usize = 100_000;

/// Inputs of more bytes than this are copied, handed to the worker and
/// taken back in tasks of their own: each copy of 50 MB takes ~25 ms.
pub const LARGE_INPUT_BYTES: usize = 4 << 20;

/// Marks work as running for the lifetime of the guard (`data-ready` stays
/// false while any runs).
pub struct PendingGuard(RwSignal<u32>);

impl PendingGuard {
    pub fn new(pending: RwSignal<u32>) -> Self {
        pending.update(|n| *n += 1);
        PendingGuard(pending)
    }
}

impl Drop for PendingGuard {
    fn drop(&mut self) {
        self.0.update(|n| *n = n.saturating_sub(1));
    }
}

/// The runs of one computation: starting a run supersedes the one before.
#[derive(Clone, Copy)]
pub struct Job {
    generation: StoredValue<u64>,
}

impl Job {
    pub fn new() -> Self {
        Job {
            generation: StoredValue::new(0),
        }
    }

    /// A new run (the one in flight, if any, is superseded).
    pub fn start(&self) -> Slices {
        self.generation.update_value(|g| *g = g.wrapping_add(1));
        Slices {
            job: *self,
            run: self.generation.get_value(),
            slice_started: dom::now_ms(),
            longest_slice: 0.0,
        }
    }
}

/// One run's slices.
pub struct Slices {
    job: Job,
    run: u64,
    slice_started: f64,
    longest_slice: f64,
}

impl Slices {
    /// Called between two pieces of work: once the current slice has run
    /// [`SLICE_MS`], yields to the browser. `false` when a newer run has
    /// started: stop, this run's result is stale.
    pub async fn checkpoint(&mut self) -> bool {
        if dom::now_ms() - self.slice_started >= SLICE_MS {
            return self.yield_now().await;
        }
        self.is_current()
    }

    /// Yields to the browser now and starts a fresh slice; `false` when a
    /// newer run has started meanwhile.
    pub async fn yield_now(&mut self) -> bool {
        self.longest_slice = self.longest_slice.max(dom::now_ms() - self.slice_started);
        dom::yield_to_browser().await;
        self.slice_started = dom::now_ms();
        self.is_current()
    }

    /// No newer run has started.
    pub fn is_current(&self) -> bool {
        self.job.generation.try_get_value() == Some(self.run)
    }

    /// The longest slice so far, the last one included (ms).
    pub fn longest_slice(&self) -> f64 {
        self.longest_slice.max(dom::now_ms() - self.slice_started)
    }
}
