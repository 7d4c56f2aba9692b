//! The plotters backend the page draws with: a `<canvas>` 2D context.
//!
//! Why not plotters-canvas: it sends a path to the canvas one `lineTo` per
//! point (a wasm → JS call each, ~1 µs at opt-level "z"), so a chart of four
//! dense lines spent ~10 ms in calls alone. Here a path's points are
//! gathered in wasm memory as whole pixels and handed over in one call to a
//! small JS loop (`trace_path.js`) that traces them, then one `stroke` or
//! `fill`: half the cost of an SVG path string parsed by `new Path2D` (what
//! this painter did before), and no string is built. Text is measured with
//! `measureText` on the same context, never with a hidden DOM element.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

#[wasm_bindgen(module = "/src/ui/trace_path.js")]
extern "C" {
    /// A new path on `ctx` of `runs.len()` polylines: run r is the next
    /// `runs[r]` points of `xy` (x, y pairs); `fill` closes each.
    #[wasm_bindgen(js_name = tracePath)]
    fn trace_path(ctx: &CanvasRenderingContext2d, xy: &[i32], runs: &[u32]);
}

/// A canvas call that failed (the browser's message).
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "canvas: {}", self.0)
    }
}

impl std::error::Error for CanvasError {}

fn failed(e: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(crate::ui::dom::js_error_text(&e)))
}

/// Draws on one canvas, in its backing-store pixels.
///
/// Remembers the context state it last set (font, colours, width,
/// alignment) and only sends a change: setting `ctx.font` makes the browser
/// parse the font every time, which profiled as the largest single cost of
/// a redraw (a label per shaded episode, each re-setting the same font).
pub struct CanvasPainter {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    state: std::cell::RefCell<ContextState>,
}

/// What the context was last told. Colours and fonts are compared as
/// values and formatted only when they change (formatting a float for every
/// rectangle and label was a measurable part of a redraw).
#[derive(Default)]
struct ContextState {
    font: Option<(&'static str, f64, String)>,
    fill: Option<Rgba>,
    stroke: Option<Rgba>,
    line_width: f64,
    align: &'static str,
    baseline: &'static str,
    /// The last path's points, kept for their allocation.
    path: Polylines,
    /// Filled rectangles of one colour not yet sent (see
    /// [`CanvasPainter::queue_rect`]).
    pending: Option<PendingFill>,
}

/// Polylines as the JS loop takes them: x, y pairs, and how many points
/// each polyline has.
#[derive(Default)]
struct Polylines {
    xy: Vec<i32>,
    runs: Vec<u32>,
}

impl Polylines {
    fn clear(&mut self) {
        self.xy.clear();
        self.runs.clear();
    }

    /// Appends one polyline (nothing for no points).
    fn push(&mut self, points: impl IntoIterator<Item = BackendCoord>) {
        let before = self.xy.len();
        for (x, y) in points {
            self.xy.push(x);
            self.xy.push(y);
        }
        let n = (self.xy.len() - before) / 2;
        if n > 0 {
            self.runs.push(n as u32);
        }
    }

    fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }
}

/// Consecutive fills of one colour (rectangles, triangles, polygons) as
/// one path's polylines, the box around them, and the turning direction all of
/// them share (`0` when they do not, or one may self-intersect).
struct PendingFill {
    color: BackendColor,
    data: Polylines,
    /// The only shape while there is one, when it is a rectangle
    /// (sent with `fillRect`).
    rect: Option<(i32, i32, i32, i32)>,
    bounds: (i32, i32, i32, i32),
    turn: i8,
}

/// A colour as compared by [`ContextState`].
type Rgba = ((u8, u8, u8), u64);

fn rgba(color: BackendColor) -> Rgba {
    (color.rgb, color.alpha.to_bits())
}

impl CanvasPainter {
    /// The painter of `canvas`, `None` if it has no 2D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<Self> {
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()?
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        // Round joins: resizing a canvas resets them to miter, which
        // spikes on a jagged line.
        context.set_line_join("round");
        Some(CanvasPainter {
            canvas,
            context,
            state: Default::default(),
        })
    }

    fn stroke_style(&self, style: &impl BackendStyle) {
        let color = style.color();
        let width = f64::from(style.stroke_width());
        let mut state = self.state.borrow_mut();
        if state.stroke != Some(rgba(color)) {
            self.context.set_stroke_style_str(&css(color));
            state.stroke = Some(rgba(color));
        }
        if state.line_width != width {
            self.context.set_line_width(width);
            state.line_width = width;
        }
    }

    fn fill_style(&self, color: BackendColor) {
        let mut state = self.state.borrow_mut();
        if state.fill != Some(rgba(color)) {
            self.context.set_fill_style_str(&css(color));
            state.fill = Some(rgba(color));
        }
    }

    fn font(&self, style: &impl BackendTextStyle) {
        let (weight, size, family) = (style.style(), style.size(), style.family());
        let mut state = self.state.borrow_mut();
        let weight = weight_name(weight);
        let same = state.font.as_ref().is_some_and(|(w, s, f)| {
            *w == weight && s.to_bits() == size.to_bits() && f == family.as_str()
        });
        if !same {
            self.context.set_font(&font(style));
            state.font = Some((weight, size, family.as_str().to_string()));
        }
    }

    fn text_anchor(&self, align: &'static str, baseline: &'static str) {
        let mut state = self.state.borrow_mut();
        if state.align != align {
            self.context.set_text_align(align);
            state.align = align;
        }
        if state.baseline != baseline {
            self.context.set_text_baseline(baseline);
            state.baseline = baseline;
        }
    }

    /// Queues a filled shape: consecutive ones of one colour go to the
    /// canvas as one path and one `fill` (a histogram of a thousand pixel
    /// columns, the regime shading, a few hundred record-high markers), not
    /// a call and a colour change each. A shape joins the queued ones when
    /// it overlaps none of them, or when it is opaque and turns the same
    /// way as all of them (a rectangle or triangle: the non-zero fill of
    /// the union then paints exactly what painting one after the other
    /// would); otherwise the queue is sent first.
    fn queue_fill(
        &self,
        color: BackendColor,
        bounds: (i32, i32, i32, i32),
        turn: i8,
        rect: bool,
        write: impl FnOnce(&mut Polylines),
    ) {
        let joins = self.state.borrow().pending.as_ref().is_some_and(|p| {
            let (bx0, by0, bx1, by1) = p.bounds;
            let apart = bounds.0 >= bx1 || bounds.2 <= bx0 || bounds.1 >= by1 || bounds.3 <= by0;
            rgba(p.color) == rgba(color)
                && (apart || (color.alpha >= 1.0 && turn != 0 && p.turn == turn))
        });
        if !joins {
            self.flush();
        }
        let mut state = self.state.borrow_mut();
        match &mut state.pending {
            Some(p) => {
                write(&mut p.data);
                p.rect = None;
                let b = &mut p.bounds;
                *b = (
                    b.0.min(bounds.0),
                    b.1.min(bounds.1),
                    b.2.max(bounds.2),
                    b.3.max(bounds.3),
                );
                if p.turn != turn {
                    p.turn = 0;
                }
            }
            None => {
                let mut data = std::mem::take(&mut state.path);
                data.clear();
                write(&mut data);
                state.pending = Some(PendingFill {
                    color,
                    data,
                    rect: rect.then_some(bounds),
                    bounds,
                    turn,
                });
            }
        }
    }

    fn queue_rect(&self, a: BackendCoord, b: BackendCoord, color: BackendColor) {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        if x0 == x1 || y0 == y1 {
            return;
        }
        self.queue_fill(color, (x0, y0, x1, y1), 1, true, |d| {
            d.push([(x0, y0), (x1, y0), (x1, y1), (x0, y1)]);
        });
    }

    /// Sends the queued fills (before anything else is drawn, and at the
    /// end of a drawing).
    fn flush(&self) {
        let Some(pending) = self.state.borrow_mut().pending.take() else {
            return;
        };
        self.fill_style(pending.color);
        if let Some((x0, y0, x1, y1)) = pending.rect {
            // One rectangle: the direct call is cheaper than a path.
            self.context.fill_rect(
                f64::from(x0),
                f64::from(y0),
                f64::from(x1 - x0),
                f64::from(y1 - y0),
            );
        } else if !pending.data.is_empty() {
            trace_path(&self.context, &pending.data.xy, &pending.data.runs);
            self.context.fill();
        }
        // Keep the allocation for the next path.
        self.state.borrow_mut().path = pending.data;
    }

    /// `points` as the context's current path; whether there was one.
    fn trace(&self, points: impl IntoIterator<Item = BackendCoord>) -> bool {
        let mut state = self.state.borrow_mut();
        let d = &mut state.path;
        d.clear();
        d.push(points);
        if d.is_empty() {
            return false;
        }
        trace_path(&self.context, &d.xy, &d.runs);
        true
    }
}

impl Drop for CanvasPainter {
    fn drop(&mut self) {
        self.flush();
    }
}

fn weight_name(style: FontStyle) -> &'static str {
    match style {
        FontStyle::Normal => "normal",
        FontStyle::Oblique => "oblique",
        FontStyle::Italic => "italic",
        FontStyle::Bold => "bold",
    }
}

fn css(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({r},{g},{b},{})", color.alpha)
}

/// Half-pixel offsets for a horizontal or vertical 1 px line, so it covers
/// one pixel row or column instead of blurring across two.
fn crisp(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut a, mut b) = (
        (f64::from(from.0), f64::from(from.1)),
        (f64::from(to.0), f64::from(to.1)),
    );
    if from.0 == to.0 {
        a.0 += 0.5;
        b.0 += 0.5;
    } else if from.1 == to.1 {
        a.1 += 0.5;
        b.1 += 0.5;
    }
    (a, b)
}

impl DrawingBackend for CanvasPainter {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.canvas.width(), self.canvas.height())
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if color.alpha > 0.0 {
            self.queue_rect(point, (point.0 + 1, point.1 + 1), color);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        let (a, b) = crisp(from, to);
        self.stroke_style(style);
        self.context.begin_path();
        self.context.move_to(a.0, a.1);
        self.context.line_to(b.0, b.1);
        self.context.stroke();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.queue_rect(upper_left, bottom_right, style.color());
        } else {
            self.flush();
            let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
            let (w, h) = (
                f64::from(bottom_right.0 - upper_left.0),
                f64::from(bottom_right.1 - upper_left.1),
            );
            self.stroke_style(style);
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        if self.trace(path) {
            self.stroke_style(style);
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let points: Vec<BackendCoord> = vertices.into_iter().collect();
        let Some(&(x, y)) = points.first() else {
            return Ok(());
        };
        let bounds = points.iter().fold((x, y, x, y), |b, &(x, y)| {
            (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y))
        });
        // A triangle never crosses itself: its turn is its area's sign.
        let turn = match points.as_slice() {
            [a, b, c] => {
                let cross = i64::from(b.0 - a.0) * i64::from(c.1 - a.1)
                    - i64::from(b.1 - a.1) * i64::from(c.0 - a.0);
                cross.signum() as i8
            }
            _ => 0,
        };
        self.queue_fill(style.color(), bounds, turn, false, |d| d.push(points));
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        self.context.begin_path();
        self.context
            .arc(
                f64::from(center.0),
                f64::from(center.1),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(failed)?;
        if fill {
            self.fill_style(style.color());
            self.context.fill();
        } else {
            self.stroke_style(style);
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let angle = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.5,
            FontTransform::Rotate180 => 1.0,
            FontTransform::Rotate270 => 1.5,
        } * std::f64::consts::PI;
        self.flush();
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        self.text_anchor(
            match style.anchor().h_pos {
                HPos::Left => "start",
                HPos::Right => "end",
                HPos::Center => "center",
            },
            match style.anchor().v_pos {
                VPos::Top => "top",
                VPos::Center => "middle",
                VPos::Bottom => "bottom",
            },
        );
        self.fill_style(color);
        self.font(style);
        if angle != 0.0 {
            // save/restore keeps the remembered state true.
            self.context.save();
            self.context.translate(x, y).map_err(failed)?;
            self.context.rotate(angle).map_err(failed)?;
            (x, y) = (0.0, 0.0);
        }
        self.context.fill_text(text, x, y).map_err(failed)?;
        if angle != 0.0 {
            self.context.restore();
        }
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.font(style);
        let metrics = self.context.measure_text(text).map_err(failed)?;
        Ok((metrics.width().ceil() as u32, style.size().ceil() as u32))
    }
}

fn font(style: &impl BackendTextStyle) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        style.size(),
        style.family().as_str()
    )
}
