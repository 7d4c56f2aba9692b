//! First draws of newly mounted charts, one chart per task.
//!
//! When the panels mount, fourteen charts need their first draw. Drawn from
//! their mount effects, each one read its canvas's `clientWidth` after the
//! one before had resized its canvas, so every read forced a layout of the
//! whole page, and all of it ran in the mount's task: a Chromium CPU
//! profile of a cold load at 4× slowdown showed one 1.08 s task, 461 ms of
//! it in `clientWidth` (`docs/performance.md`, "First draws"). Here a frame
//! that has no size yet queues itself instead: the next task measures every
//! queued canvas at once (one layout at most), and then each chart draws in
//! a task of its own, so the browser can paint and answer input in between.
//!
//! Invariant: a queued chart holds a [`PendingGuard`] until its turn, so
//! the page is not `data-ready` before every chart has drawn once.

use std::cell::RefCell;
use std::collections::VecDeque;

use super::background::PendingGuard;
use super::dom;

/// What a chart does on its turn, given its canvas's CSS size.
type Turn = Box<dyn FnOnce((f64, f64))>;

#[derive(Default)]
struct Queue {
    /// Charts waiting to be measured.
    unmeasured: Vec<(web_sys::HtmlCanvasElement, Turn, PendingGuard)>,
    /// Measured charts waiting for their turn.
    measured: VecDeque<((f64, f64), Turn, PendingGuard)>,
    /// A task is scheduled.
    running: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::new(Queue::default());
}

/// Queues a chart's first draw: `turn` runs in a task of its own with the
/// canvas's CSS size; `guard` keeps the page from being ready until then.
pub fn queue(
    canvas: web_sys::HtmlCanvasElement,
    guard: PendingGuard,
    turn: impl FnOnce((f64, f64)) + 'static,
) {
    let start = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        q.unmeasured.push((canvas, Box::new(turn), guard));
        !std::mem::replace(&mut q.running, true)
    });
    if start {
        dom::next_macrotask(next);
    }
}

/// One task: measures whatever is waiting (all reads before any draw),
/// then gives one chart its turn.
fn next() {
    let turn = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        if !q.unmeasured.is_empty() {
            let waiting = std::mem::take(&mut q.unmeasured);
            for (canvas, turn, guard) in waiting {
                let size = (
                    f64::from(canvas.client_width()),
                    f64::from(canvas.client_height()),
                );
                q.measured.push_back((size, turn, guard));
            }
        }
        q.measured.pop_front()
    });
    if let Some((size, turn, guard)) = turn {
        turn(size);
        // The chart's effect has been told to draw; it runs before this
        // task ends, so the page may be ready once the guard is gone.
        drop(guard);
    }
    let more = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        q.running = !(q.unmeasured.is_empty() && q.measured.is_empty());
        q.running
    });
    if more {
        dom::next_macrotask(next);
    }
}
