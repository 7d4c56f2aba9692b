//! The plotters backend the page draws with: a `<canvas>` 2D context.
//!
//! Why not plotters-canvas: it sends a path to the canvas one `lineTo` per
//! point (a wasm → JS call each, ~1 µs at opt-level "z"), so a chart of four
//! dense lines spent ~10 ms in calls alone. Here a path is one SVG path
//! string and two calls (`new Path2D(d)`, `stroke(path)`), and text is
//! measured with `measureText` on the same context, never with a hidden DOM
//! element.

use std::fmt::Write;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, Path2d};

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

/// What the context was last told.
#[derive(Default)]
struct ContextState {
    font: String,
    fill: String,
    stroke: String,
    line_width: f64,
    align: &'static str,
    baseline: &'static str,
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
        let color = css(style.color());
        let width = f64::from(style.stroke_width());
        let mut state = self.state.borrow_mut();
        if state.stroke != color {
            self.context.set_stroke_style_str(&color);
            state.stroke = color;
        }
        if state.line_width != width {
            self.context.set_line_width(width);
            state.line_width = width;
        }
    }

    fn fill_style(&self, color: BackendColor) {
        let color = css(color);
        let mut state = self.state.borrow_mut();
        if state.fill != color {
            self.context.set_fill_style_str(&color);
            state.fill = color;
        }
    }

    fn font(&self, style: &impl BackendTextStyle) {
        let font = font(style);
        let mut state = self.state.borrow_mut();
        if state.font != font {
            self.context.set_font(&font);
            state.font = font;
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

    /// `points` as SVG path data (`M x y L x y …`), `Z`-closed if asked.
    fn path(points: impl IntoIterator<Item = BackendCoord>, close: bool) -> Option<Path2d> {
        let mut d = String::new();
        for (k, (x, y)) in points.into_iter().enumerate() {
            let _ = write!(d, "{}{x} {y}", if k == 0 { "M" } else { "L" });
        }
        if d.is_empty() {
            return None;
        }
        if close {
            d.push('Z');
        }
        Path2d::new_with_path_string(&d).ok()
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
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if color.alpha > 0.0 {
            self.fill_style(color);
            self.context
                .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
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
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let (w, h) = (
            f64::from(bottom_right.0 - upper_left.0),
            f64::from(bottom_right.1 - upper_left.1),
        );
        if fill {
            self.fill_style(style.color());
            self.context.fill_rect(x, y, w, h);
        } else {
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
        if let Some(path) = Self::path(path, false) {
            self.stroke_style(style);
            self.context.stroke_with_path(&path);
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
        if let Some(path) = Self::path(vertices, true) {
            self.fill_style(style.color());
            self.context.fill_with_path_2d(&path);
        }
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
