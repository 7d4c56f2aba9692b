//! Drawing primitives in backend pixels, shared by the time chart and the
//! RRG: crisp rules, paths, dashes, and text with a size measured in CSS
//! pixels times the device-pixel ratio.
//!
//! Everything is drawn straight onto the `DrawingArea` rather than through
//! plotters' `ChartBuilder`: the plot rectangle must not depend on label
//! widths (stacked panels share a crosshair), and on wasm plotters measures
//! text by inserting a DOM node per label, which is slow. Text is measured
//! with [`text_width`], a deterministic estimate that errs wide.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The page's font stack (`style/main.css`), so canvas text matches the HTML.
pub(crate) const FONT: &str =
    "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif";

pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// An axis-aligned box in backend pixels, for keeping labels apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    pub fn grow(&self, by: f64) -> Rect {
        Rect {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }

    pub fn inside(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 && self.x1 <= outer.x1 && self.y0 >= outer.y0 && self.y1 <= outer.y1
    }
}

/// Boxes already taken by labels: a new label goes only where it overlaps
/// none of them, so text never collides.
#[derive(Debug, Default)]
pub(crate) struct Occupied(Vec<Rect>);

impl Occupied {
    pub fn is_free(&self, r: &Rect) -> bool {
        self.0.iter().all(|o| !o.overlaps(r))
    }

    pub fn take(&mut self, r: Rect) {
        self.0.push(r);
    }

    /// Takes `r` if it is free; whether it did.
    pub fn claim(&mut self, r: Rect) -> bool {
        let free = self.is_free(&r);
        if free {
            self.take(r);
        }
        free
    }
}

/// Estimated advance width of `text` at `px` pixels, erring wide (by glyph
/// class, from Helvetica/Roboto/SF metrics) so estimated boxes contain the
/// real ones on every platform.
pub(crate) fn text_width(text: &str, px: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            '.' | ',' | ':' | ';' | 'i' | 'l' | 'j' | '1' | '|' | '!' | '\'' | ' ' | 'I' | 'f'
            | 't' | 'r' | '(' | ')' | '[' | ']' => 0.34,
            'm' | 'w' | 'M' | 'W' | '%' => 0.92,
            '0'..='9' | '+' | '-' | '−' | '=' | '$' | '·' => 0.6,
            'a'..='z' => 0.56,
            'A'..='Z' => 0.7,
            _ => 0.75,
        })
        .sum();
    ems * px
}

/// Line height of text at `px` pixels: the box a label's backing fills.
pub(crate) fn text_height(px: f64) -> f64 {
    px * 1.25
}

/// A colour with opacity, as plotters' styles want it.
pub(crate) fn alpha(color: RGBColor, a: f64) -> RGBAColor {
    color.mix(a)
}

/// Draws on one area at one device-pixel ratio; sizes passed in are CSS
/// pixels unless a name says otherwise.
pub(crate) struct Pen<'r, DB: DrawingBackend> {
    pub root: &'r DrawingArea<DB, Shift>,
    /// Device-pixel ratio: backend pixels per CSS pixel.
    pub scale: f64,
}

impl<DB: DrawingBackend> Pen<'_, DB> {
    /// CSS pixels to backend pixels.
    pub fn px(&self, css: f64) -> f64 {
        css * self.scale
    }

    /// A stroke width in whole backend pixels, never zero.
    pub fn stroke(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }

    pub fn text_width(&self, text: &str, css_size: f64) -> f64 {
        text_width(text, self.px(css_size))
    }

    /// `text`, shortened with an ellipsis if needed to fit `max` pixels:
    /// captions are cut visibly rather than clipped by the canvas edge.
    pub fn fit(&self, text: &str, css_size: f64, max: f64) -> String {
        if self.text_width(text, css_size) <= max {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
            if self.text_width(&candidate, css_size) <= max {
                return candidate;
            }
        }
        String::new()
    }

    /// The box `text` covers when anchored at `(x, y)`.
    pub fn text_box(&self, text: &str, css_size: f64, (x, y): (f64, f64), pos: Pos) -> Rect {
        let w = self.text_width(text, css_size);
        let h = text_height(self.px(css_size));
        let x0 = match pos.h_pos {
            HPos::Left => x,
            HPos::Center => x - w / 2.0,
            HPos::Right => x - w,
        };
        let y0 = match pos.v_pos {
            VPos::Top => y,
            VPos::Center => y - h / 2.0,
            VPos::Bottom => y - h,
        };
        Rect {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
        }
    }

    pub fn text(
        &self,
        text: &str,
        (x, y): (f64, f64),
        css_size: f64,
        color: RGBAColor,
        pos: Pos,
        bold: bool,
    ) -> DrawResult<DB> {
        let weight = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let style = TextStyle {
            font: FontDesc::new(FontFamily::Name(FONT), self.px(css_size), weight),
            color: color.to_backend_color(),
            pos,
        };
        self.root.draw(&Text::new(
            text,
            (x.round() as i32, y.round() as i32),
            style,
        ))
    }

    /// `text` centred in `area` over a translucent backing, so a line
    /// passing beneath never makes it unreadable.
    pub fn label(
        &self,
        text: &str,
        area: Rect,
        css_size: f64,
        color: RGBAColor,
        backing: RGBAColor,
    ) -> DrawResult<DB> {
        self.fill_rect(area.grow(self.px(2.0)), backing)?;
        let centre = ((area.x0 + area.x1) / 2.0, (area.y0 + area.y1) / 2.0);
        self.text(
            text,
            centre,
            css_size,
            color,
            Pos::new(HPos::Center, VPos::Center),
            false,
        )
    }

    pub fn fill_rect(&self, r: Rect, color: RGBAColor) -> DrawResult<DB> {
        self.root.draw(&Rectangle::new(
            [
                (r.x0.round() as i32, r.y0.round() as i32),
                (r.x1.round() as i32, r.y1.round() as i32),
            ],
            color.filled(),
        ))
    }

    pub fn outline_rect(&self, r: Rect, color: RGBAColor) -> DrawResult<DB> {
        self.root.draw(&Rectangle::new(
            [
                (r.x0.round() as i32, r.y0.round() as i32),
                (r.x1.round() as i32, r.y1.round() as i32),
            ],
            color.stroke_width(self.stroke(1.0)),
        ))
    }

    /// A horizontal rule as a filled rectangle on whole pixels: a 1 px
    /// stroked path on a canvas straddles two pixel rows and blurs.
    pub fn hrule(
        &self,
        x0: f64,
        x1: f64,
        y: f64,
        css_width: f64,
        color: RGBAColor,
    ) -> DrawResult<DB> {
        let w = f64::from(self.stroke(css_width));
        let top = (y - w / 2.0).round();
        self.fill_rect(
            Rect {
                x0: x0.round(),
                y0: top,
                x1: x1.round(),
                y1: top + w,
            },
            color,
        )
    }

    pub fn vrule(
        &self,
        x: f64,
        y0: f64,
        y1: f64,
        css_width: f64,
        color: RGBAColor,
    ) -> DrawResult<DB> {
        let w = f64::from(self.stroke(css_width));
        let left = (x - w / 2.0).round();
        self.fill_rect(
            Rect {
                x0: left,
                y0: y0.round(),
                x1: left + w,
                y1: y1.round(),
            },
            color,
        )
    }

    /// A horizontal dashed rule: one small rectangle per dash.
    pub fn dashed_hrule(
        &self,
        x0: f64,
        x1: f64,
        y: f64,
        css_width: f64,
        color: RGBAColor,
    ) -> DrawResult<DB> {
        let (dash, gap) = (self.px(5.0), self.px(4.0));
        let mut x = x0;
        while x < x1 {
            self.hrule(x, (x + dash).min(x1), y, css_width, color)?;
            x += dash + gap;
        }
        Ok(())
    }

    /// One polyline: one element, one canvas path.
    pub fn path(&self, points: Vec<(i32, i32)>, color: RGBAColor, width: u32) -> DrawResult<DB> {
        self.root
            .draw(&PathElement::new(points, color.stroke_width(width)))
    }

    /// A polyline dashed along its length. A very long, jagged path gets a
    /// longer pattern rather than more dashes: each dash is a canvas stroke,
    /// so at most 200 a line (600 cost the zoom ~1.5 ms a dashed line on a
    /// 10,000-session chart).
    pub fn dashed_path(
        &self,
        points: &[(i32, i32)],
        color: RGBAColor,
        width: u32,
    ) -> DrawResult<DB> {
        let length: f64 = points.windows(2).map(|w| dist(w[0], w[1])).sum();
        let (mut dash, mut gap) = (self.px(6.0), self.px(4.0));
        let most = 200.0;
        if length / (dash + gap) > most {
            let stretch = length / (dash + gap) / most;
            dash *= stretch;
            gap *= stretch;
        }
        let mut current: Vec<(i32, i32)> = Vec::new();
        let mut drawing = true;
        let mut left = dash; // of the current dash or gap
        for w in points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let seg = dist(a, b);
            let mut at = 0.0;
            if drawing && current.is_empty() {
                current.push(a);
            }
            while seg - at > left {
                at += left;
                let p = lerp(a, b, at / seg);
                if drawing {
                    current.push(p);
                    self.path(std::mem::take(&mut current), color, width)?;
                    left = gap;
                } else {
                    current.push(p);
                    left = dash;
                }
                drawing = !drawing;
            }
            left -= seg - at;
            if drawing {
                current.push(b);
            }
        }
        if current.len() > 1 {
            self.path(current, color, width)?;
        }
        Ok(())
    }

    pub fn polygon(&self, points: Vec<(i32, i32)>, color: RGBAColor) -> DrawResult<DB> {
        self.root.draw(&Polygon::new(points, color.filled()))
    }

    pub fn dot(&self, (x, y): (f64, f64), radius: f64, color: RGBAColor) -> DrawResult<DB> {
        self.root.draw(&Circle::new(
            (x.round() as i32, y.round() as i32),
            radius.round().max(1.0) as u32,
            color.filled(),
        ))
    }

    /// Centred lines of muted text, wrapped to fit the area: what a chart
    /// with nothing to plot shows.
    pub fn placeholder(&self, note: &str, color: RGBAColor) -> DrawResult<DB> {
        let (w, h) = self.root.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let size = 13.0;
        let lines = wrap(note, (w - self.px(24.0)).max(self.px(40.0)), |t| {
            self.text_width(t, size)
        });
        let line_h = text_height(self.px(size));
        let y0 = h / 2.0 - line_h * (lines.len() as f64 - 1.0) / 2.0;
        for (i, line) in lines.iter().enumerate() {
            self.text(
                line,
                (w / 2.0, y0 + i as f64 * line_h),
                size,
                color,
                Pos::new(HPos::Center, VPos::Center),
                false,
            )?;
        }
        Ok(())
    }
}

fn dist(a: (i32, i32), b: (i32, i32)) -> f64 {
    f64::from(b.0 - a.0).hypot(f64::from(b.1 - a.1))
}

fn lerp(a: (i32, i32), b: (i32, i32), t: f64) -> (i32, i32) {
    let at = |p: i32, q: i32| (f64::from(p) + t * f64::from(q - p)).round() as i32;
    (at(a.0, b.0), at(a.1, b.1))
}

/// Greedy word wrap by measured width; a word wider than the line stays whole.
pub(crate) fn wrap(text: &str, max: f64, width_of: impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width_of(&candidate) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_width() {
        let w = |t: &str| t.len() as f64;
        assert_eq!(wrap("aa bb cc", 5.0, w), ["aa bb", "cc"]);
        assert_eq!(wrap("toolongword x", 3.0, w), ["toolongword", "x"]);
        assert!(wrap("   ", 3.0, w).is_empty());
    }

    #[test]
    fn boxes_overlap_only_when_they_share_area() {
        let a = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let b = Rect {
            x0: 10.0,
            y0: 0.0,
            x1: 20.0,
            y1: 10.0,
        };
        assert!(!a.overlaps(&b));
        assert!(a.grow(1.0).overlaps(&b));
        let mut taken = Occupied::default();
        assert!(taken.claim(a));
        assert!(!taken.claim(a));
        assert!(taken.claim(b));
    }
}
