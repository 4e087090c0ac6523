//! The SVG charts: a group's claims on one value axis, and a metric's values over
//! time. Both draw their axes through [`axis`]; coordinates are SVG user units that
//! the `viewBox` scales to the screen.

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use super::parts::{
    CAMP_COLOURS, CONTRADICTION_RED, NEUTRAL_COLOUR, Text, camp_letter, colour, group_title,
    is_wide, text_width,
};
use crate::detect::{Group, Interval, Member};
use crate::ops::timeline::Point;
use crate::render::report::{amount, claim_when, day, reading};

/// A coordinate as the charts write it: one decimal.
fn n(x: f64) -> String {
    N(x).to_string()
}

/// A coordinate written with one decimal, exactly as `{:.1}` writes it. Most
/// coordinates are whole tenths (`27.0`, `13.5`), which the standard formatter handles
/// on its slow exact path; those are written from the integer count of tenths instead.
struct N(f64);

impl std::fmt::Display for N {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = self.0 * 10.0;
        if tenths == tenths.trunc()
            && tenths.abs() < 1e15
            && !(tenths == 0.0 && self.0.is_sign_negative())
        {
            let t = tenths as i64;
            let sign = if t < 0 { "-" } else { "" };
            let t = t.unsigned_abs();
            write!(f, "{sign}{}.{}", t / 10, t % 10)
        } else {
            write!(f, "{:.1}", self.0)
        }
    }
}

/// A linear or logarithmic map from figures to SVG coordinates.
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
    /// Coordinates of `lo` and `hi`; `from > to` for a vertical axis.
    pub from: f64,
    pub to: f64,
}

/// Figures spanning more than this ratio are drawn on a log scale (1.5 orders of
/// magnitude), so $850M and $150B are both readable on one axis.
const LOG_SPAN: f64 = 31.6;

impl Axis {
    pub fn fit(values: impl Iterator<Item = f64>, from: f64, to: f64) -> Option<Axis> {
        let finite: Vec<f64> = values.filter(|v| v.is_finite()).collect();
        let min = finite.iter().copied().reduce(f64::min)?;
        let max = finite.iter().copied().reduce(f64::max)?;
        let log = min > 0.0 && max / min > LOG_SPAN;
        let (mut lo, mut hi) = if log {
            (min.log10(), max.log10())
        } else {
            (min, max)
        };
        if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
            let pad = if log {
                0.1
            } else if lo == 0.0 {
                1.0
            } else {
                lo.abs() * 0.1
            };
            lo -= pad;
            hi += pad;
        }
        // Room at both ends, so the extreme bars do not touch the frame.
        let pad = (hi - lo) * 0.07;
        Some(Axis {
            lo: lo - pad,
            hi: hi + pad,
            log,
            from,
            to,
        })
    }

    /// The coordinate of a figure; open ends (and, on a log scale, figures at or below
    /// zero) go to the edge.
    pub fn at(&self, v: f64) -> f64 {
        if v == f64::INFINITY {
            return self.to;
        }
        if v == f64::NEG_INFINITY || (self.log && v <= 0.0) {
            return self.from;
        }
        let t = if self.log { v.log10() } else { v };
        let p = ((t - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        self.from + p * (self.to - self.from)
    }

    /// Round figures inside the axis: 1-2-5 steps, or powers of ten on a log scale.
    pub fn ticks(&self) -> Vec<f64> {
        if self.log {
            let mut all = Vec::new();
            for k in (self.lo.floor() as i32)..=(self.hi.ceil() as i32) {
                for m in [1.0, 2.0, 5.0] {
                    let v = m * 10f64.powi(k);
                    if (self.lo..=self.hi).contains(&v.log10()) {
                        all.push(v);
                    }
                }
            }
            if all.len() > 7 {
                all.retain(|v| (v.log10() - v.log10().round()).abs() < 1e-9);
            }
            return all;
        }
        let raw = (self.hi - self.lo) / 5.0;
        if !(raw > 0.0 && raw.is_finite()) {
            return Vec::new();
        }
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * mag);
        let mut v = (self.lo / step).ceil() * step;
        let mut out = Vec::new();
        while v <= self.hi && out.len() < 12 {
            // Avoid "-0" and float dust such as 2.9999999e9.
            out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
            v += step;
        }
        out
    }

    /// What the value axis is in: "USD, log scale", "log scale", "USD" or nothing.
    pub fn caption(&self, unit: Option<&str>) -> String {
        match (unit, self.log) {
            (Some(u), true) => format!("{u}, log scale"),
            (Some(u), false) => u.to_string(),
            (None, true) => "log scale".into(),
            (None, false) => String::new(),
        }
    }
}

/// One labelled tick of an axis: a grid line across the chart and a short mark at the
/// axis (either may be absent), and its label.
pub struct Tick {
    pub grid: Option<String>,
    pub mark: Option<String>,
    pub x: String,
    pub y: String,
    pub anchor: &'static str,
    pub label: String,
}

/// A chart's axes as one `<g class="axis">`, drawn before the data so the data sits on
/// top: the ticks, the axis lines (`frame`, path data) and the caption, right-aligned
/// at `caption_at`.
pub fn axis(ticks: &[Tick], frame: &str, caption_at: (String, String), caption: &str) -> Markup {
    html! {
        g class="axis" {
            @for t in ticks {
                @if let Some(d) = &t.grid { path class="grid" d=(d) {} }
                @if let Some(d) = &t.mark { path class="tick" d=(d) {} }
                text x=(t.x) y=(t.y) text-anchor=(t.anchor) { (Text(&t.label)) }
            }
            path class="tick" d=(frame) {}
            text x=(caption_at.0) y=(caption_at.1) text-anchor="end" { (Text(caption)) }
        }
    }
}

/// Shortens text to about `width` units, with an ellipsis.
fn fit(s: &str, width: f64) -> String {
    if text_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 6.6;
    for c in s.chars() {
        w += if is_wide(c) { 12.0 } else { 6.6 };
        if w > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The source and the value of a chart row's label, shortened only as much as the row
/// needs: the shorter keeps its length, the longer gets the rest.
fn label_parts(source: &str, value: &str, date: &str) -> (String, String) {
    let budget = W - 2.0 * PAD_X - text_width(&format!("A  ·  · {date}")) - 4.0;
    let (ws, wv) = (text_width(source), text_width(value));
    if ws + wv <= budget {
        return (source.to_string(), value.to_string());
    }
    let half = budget / 2.0;
    if ws <= half {
        (source.to_string(), fit(value, budget - ws))
    } else if wv <= half {
        (fit(source, budget - wv), value.to_string())
    } else {
        (fit(source, half), fit(value, half))
    }
}

/// Chart geometry, in SVG user units; the `viewBox` scales it to the screen.
const W: f64 = 400.0;
const PAD_X: f64 = 10.0;
const ROW: f64 = 44.0;

/// A group's claims, one row per claim on a shared axis: the plausible reading as a
/// light band, the strict interval as a bar (an arrow where it is open), the stated
/// figure as ticks. Nothing when no figure is finite.
pub fn claims_chart(g: &Group, rows: &[(Option<usize>, &Member)]) -> Markup {
    let figures = rows.iter().flat_map(|(_, m)| {
        let s = m.strict.unwrap_or(Interval {
            low: f64::NAN,
            high: f64::NAN,
        });
        let p = m.plausible.unwrap_or(s);
        [
            s.low,
            s.high,
            p.low,
            p.high,
            m.low.unwrap_or(f64::NAN),
            m.high.unwrap_or(f64::NAN),
        ]
    });
    let Some(scale) = Axis::fit(figures, PAD_X, W - PAD_X) else {
        return html! {};
    };
    let unit = g.unit.as_deref();
    let top = 6.0;
    let axis_y = top + ROW * rows.len() as f64 + 2.0;
    let height = axis_y + 40.0;
    let ticks: Vec<Tick> = scale
        .ticks()
        .into_iter()
        .map(|t| {
            let x = scale.at(t);
            let label = amount(t, unit);
            // Labels at the ends of the axis lean inwards rather than off the picture.
            let half = text_width(&label) * 0.6;
            let anchor = if x - half < 0.0 {
                "start"
            } else if x + half > W {
                "end"
            } else {
                "middle"
            };
            Tick {
                grid: Some(format!("M{} {top}V{}", N(x), N(axis_y))),
                mark: Some(format!("M{} {}v4", N(x), N(axis_y))),
                x: n(x),
                y: n(axis_y + 15.0),
                anchor,
                label,
            }
        })
        .collect();
    let frame = format!("M{PAD_X} {}H{}", N(axis_y), N(W - PAD_X));
    html! {
        svg class="chart" viewBox={ "0 0 " (W) " " (height) } role="img"
            aria-label=(Text(&format!("Chart of the claims on {}", group_title(g)))) {
            (axis(&ticks, &frame, (n(W - PAD_X), n(axis_y + 32.0)), &scale.caption(unit)))
            @for (i, (camp, m)) in rows.iter().enumerate() {
                (claim_bars(&scale, top + ROW * i as f64, *camp, m, unit))
            }
        }
    }
}

/// One claim's row of the chart: its label, plausible band, strict bar and stated
/// figures, with the whole claim as the row's tooltip.
fn claim_bars(scale: &Axis, y: f64, camp: Option<usize>, m: &Member, unit: Option<&str>) -> Markup {
    let c = camp.map(colour).unwrap_or(NEUTRAL_COLOUR);
    let letter = camp.map(camp_letter).unwrap_or_else(|| "=".into());
    let tip = format!(
        "{}, {}: “{}” — read as {}",
        crate::render::via_label(&m.source, m.via.as_deref()),
        claim_when(m, day),
        m.value,
        reading(m, unit).unwrap_or_default()
    );
    let (source, value) = label_parts(&m.source, &format!("“{}”", m.value), &day(&m.date));
    let cy = y + 27.0;
    html! {
        g {
            title { (Text(&tip)) }
            text x=(PAD_X) y=(n(y + 13.0)) {
                tspan font-weight="700" fill=(c) { (Text(&letter)) }
                " " (Text(&source)) " · " (Text(&day(&m.date))) " · " (Text(&value))
            }
            @if let Some(p) = m.plausible {
                @let (x0, x1) = (scale.at(p.low), scale.at(p.high));
                rect x=(n(x0.min(x1 - 2.0))) y=(n(cy - 8.0)) width=(n((x1 - x0).max(4.0)))
                    height="16" rx="3" fill=(c) fill-opacity=".28" {}
            }
            @if let Some(s) = m.strict { (strict_bar(scale, s, cy, c)) }
            @for stated in [m.low, m.high].into_iter().flatten() {
                @let x = scale.at(stated);
                path d=(format!("M{} {}V{}", N(x), N(cy - 9.0), N(cy + 9.0))) stroke="#1d2330" stroke-width="1.6" {}
            }
        }
    }
}

/// The strict interval as a bar; an open end is an arrow to the edge of the chart.
fn strict_bar(scale: &Axis, s: Interval, cy: f64, c: &str) -> Markup {
    const HEAD: f64 = 9.0;
    let open_low = !s.low.is_finite();
    let open_high = !s.high.is_finite();
    let mut x0 = scale.at(s.low);
    let mut x1 = scale.at(s.high);
    if open_low {
        x0 += HEAD;
    }
    if open_high {
        x1 -= HEAD;
    }
    html! {
        rect x=(n(x0.min(x1 - 1.5))) y=(n(cy - 3.0)) width=(n((x1 - x0).max(3.0))) height="6" fill=(c) {}
        @if open_high {
            path d=(format!("M{} {}L{} {}L{} {}Z", N(x1), N(cy - 7.0), N(x1 + HEAD), N(cy), N(x1), N(cy + 7.0))) fill=(c) {}
        }
        @if open_low {
            path d=(format!("M{} {}L{} {}L{} {}Z", N(x0), N(cy - 7.0), N(x0 - HEAD), N(cy), N(x0), N(cy + 7.0))) fill=(c) {}
        }
    }
}

/// The pictures of the report's chart key.
#[derive(Clone, Copy)]
pub enum Key {
    /// The strict interval.
    Bar,
    /// The plausible reading.
    Band,
    /// An open end.
    Arrow,
    /// A stated figure.
    Tick,
    /// A timeline's midpoints, joined.
    Line,
    /// A timeline's stated range.
    Range,
    /// A timeline point in a contradiction.
    Ring,
}

/// A key's little picture, 36×15.
pub fn key(glyph: Key) -> Markup {
    let c = NEUTRAL_COLOUR;
    let t = CAMP_COLOURS[0];
    html! {
        svg width="36" height="15" viewBox="0 0 36 15" aria-hidden="true" {
            @match glyph {
                Key::Bar => { rect x="2" y="5" width="30" height="5" fill=(c) {} }
                Key::Band => { rect x="2" y="1" width="30" height="13" rx="3" fill=(c) fill-opacity=".3" {} }
                Key::Arrow => {
                    rect x="2" y="5" width="24" height="5" fill=(c) {}
                    path d="M26 2L34 7.5L26 13Z" fill=(c) {}
                }
                Key::Tick => { path d="M17 1V14" stroke="#1d2330" stroke-width="1.6" {} }
                Key::Line => {
                    path d="M2 12L34 3" stroke=(t) stroke-width="1.5" {}
                    circle cx="18" cy="7.5" r="3.5" fill=(t) {}
                }
                Key::Range => { path d="M18 1V14" stroke=(t) stroke-opacity=".45" stroke-width="4" {} }
                Key::Ring => {
                    circle cx="18" cy="7.5" r="3.5" fill=(t) {}
                    circle cx="18" cy="7.5" r="6" fill="none" stroke=(CONTRADICTION_RED) stroke-width="2" {}
                }
            }
        }
    }
}

/// Month ticks for a time axis: every 1, 2, 3, 6, 12… months, whichever gives at most
/// six, labelled by month or by year.
pub fn month_ticks(first: NaiveDate, last: NaiveDate) -> (Vec<NaiveDate>, bool) {
    let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let span = (months(last) - months(first)).max(1);
    let step = [1, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|s| span / s <= 5)
        .unwrap_or(240);
    let mut out = Vec::new();
    let mut m = months(first);
    m += (step - m.rem_euclid(step)) % step;
    while m <= months(last) + 1 {
        let day = NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1);
        if let Some(d) = day.filter(|d| (first..=last).contains(d)) {
            out.push(d);
        }
        m += step;
    }
    (out, step >= 12)
}

/// A metric's values over time: each midpoint, joined in time order, its stated range
/// as a bar (an arrow where open), a red ring on a value in a contradiction, and each
/// point's number in the table beside it. Nothing when no figure is finite.
pub fn timeline_chart(pts: &[(usize, &Point, NaiveDate)], unit: Option<&str>) -> Markup {
    const H: f64 = 270.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = W - 16.0;
    const TOP: f64 = 14.0;
    const BOTTOM: f64 = H - 36.0;
    let days: Vec<f64> = pts
        .iter()
        .map(|(_, _, d)| d.num_days_from_ce() as f64)
        .collect();
    // An open end gets room to point into: a quarter beyond its bound, as the
    // contradiction report reads hedges.
    let figures = pts.iter().flat_map(|(_, p, _)| {
        let reach = match (p.low, p.high) {
            (Some(l), None) => Some(l + l.abs() * 0.25),
            (None, Some(h)) => Some(h - h.abs() * 0.25),
            _ => None,
        };
        [p.low, p.high, p.mid, reach].into_iter().flatten()
    });
    let (Some(x), Some(y)) = (
        Axis::fit(days.iter().copied(), LEFT + 8.0, RIGHT - 8.0),
        Axis::fit(figures, BOTTOM, TOP),
    ) else {
        return html! {};
    };
    // A time axis is linear whatever the span.
    let x = Axis { log: false, ..x };
    let mut ticks: Vec<Tick> = y
        .ticks()
        .into_iter()
        .map(|t| {
            let py = y.at(t);
            Tick {
                grid: Some(format!("M{LEFT} {}H{RIGHT}", N(py))),
                mark: None,
                x: n(LEFT - 6.0),
                y: n(py + 3.5),
                anchor: "end",
                label: amount(t, unit),
            }
        })
        .collect();
    let from_day = |v: f64| NaiveDate::from_num_days_from_ce_opt(v.round() as i32);
    if let (Some(first), Some(last)) = (from_day(x.lo), from_day(x.hi)) {
        let (months, yearly) = month_ticks(first, last);
        for d in months {
            let px = x.at(d.num_days_from_ce() as f64);
            ticks.push(Tick {
                grid: None,
                mark: Some(format!("M{} {BOTTOM}v4", N(px))),
                x: n(px),
                y: n(BOTTOM + 16.0),
                anchor: "middle",
                label: d.format(if yearly { "%Y" } else { "%b %Y" }).to_string(),
            });
        }
    }
    let frame = format!("M{LEFT} {BOTTOM}H{RIGHT}M{LEFT} {TOP}V{BOTTOM}");
    let c = CAMP_COLOURS[0];
    let line: Vec<String> = pts
        .iter()
        .zip(&days)
        .filter_map(|((_, p, _), d)| p.mid.map(|m| format!("{},{}", N(x.at(*d)), N(y.at(m)))))
        .collect();
    // Points drawn on top of each other share one label ("2, 3, 4").
    let mut labels: Vec<(f64, f64, Vec<usize>)> = Vec::new();
    for ((i, p, _), d) in pts.iter().zip(&days) {
        let Some(mid) = p.mid else { continue };
        let (px, py) = (x.at(*d), y.at(mid));
        match labels.last_mut() {
            Some((lx, ly, ids)) if (*lx - px).abs() < 14.0 && (*ly - py).abs() < 14.0 => {
                ids.push(i + 1);
            }
            _ => labels.push((px, py, vec![i + 1])),
        }
    }
    html! {
        svg class="chart" viewBox={ "0 0 " (W) " " (H) } role="img" aria-label="Values over time" {
            (axis(&ticks, &frame, (RIGHT.to_string(), n(BOTTOM + 31.0)), &y.caption(unit)))
            polyline points=(line.join(" ")) fill="none" stroke=(c) stroke-width="1.5" stroke-linejoin="round" {}
            @for ((i, p, _), d) in pts.iter().zip(&days) {
                @if let Some(mid) = p.mid {
                    (timeline_point(*i, p, unit, (x.at(*d), y.at(mid)), (TOP, BOTTOM), &y))
                }
            }
            @for (px, py, ids) in &labels {
                @let ids: Vec<String> = ids.iter().map(usize::to_string).collect();
                @let anchor = if *px > RIGHT - 40.0 { "end" } else { "start" };
                @let lx = if anchor == "end" { px - 9.0 } else { px + 9.0 };
                text x=(n(lx)) y=(n(py + 12.0)) font-size="10" text-anchor=(anchor) { (ids.join(", ")) }
            }
        }
    }
}

/// One point of the timeline: its range, its dot, its ring, and the whole point as
/// its tooltip.
fn timeline_point(
    i: usize,
    p: &Point,
    unit: Option<&str>,
    (px, py): (f64, f64),
    (top, bottom): (f64, f64),
    y: &Axis,
) -> Markup {
    let c = CAMP_COLOURS[0];
    let detail = format!(
        "{}. {} — “{}” ({}), {}, {}",
        i + 1,
        p.period.as_deref().unwrap_or(&p.when),
        p.value,
        crate::render::range(p.low, p.high, unit),
        p.source,
        day(&p.date)
    );
    let (lo, hi) = (
        p.low.unwrap_or(f64::NEG_INFINITY),
        p.high.unwrap_or(f64::INFINITY),
    );
    html! {
        g {
            title { (Text(&detail)) }
            @if lo != hi {
                path d=(format!("M{} {}V{}", N(px), N(y.at(lo)), N(y.at(hi)))) stroke=(c) stroke-opacity=".45" stroke-width="4" {}
                @if !hi.is_finite() {
                    path d=(format!("M{} {}L{} {top}L{} {}Z", N(px - 5.0), N(top + 8.0), N(px), N(px + 5.0), N(top + 8.0))) fill=(c) fill-opacity=".7" {}
                }
                @if !lo.is_finite() {
                    path d=(format!("M{} {}L{} {bottom}L{} {}Z", N(px - 5.0), N(bottom - 8.0), N(px), N(px + 5.0), N(bottom - 8.0))) fill=(c) fill-opacity=".7" {}
                }
            }
            circle cx=(n(px)) cy=(n(py)) r="3.8" fill=(c) {}
            @if !p.contradictions.is_empty() {
                circle cx=(n(px)) cy=(n(py)) r="8" fill="none" stroke=(CONTRADICTION_RED) stroke-width="2" {}
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn coordinates_are_written_as_the_standard_formatter_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            0.05,
            0.25,
            0.35,
            0.75,
            -0.25,
            1e15,
            -1e20,
            f64::NAN,
            f64::INFINITY,
        ];
        let mut x: f64 = -1234.5678;
        while x < 1234.0 {
            values.push(x);
            x += 0.0731;
        }
        for k in -20_000..20_000 {
            values.push(f64::from(k) / 10.0);
            values.push(f64::from(k) / 4.0);
        }
        for v in values {
            assert_eq!(N(v).to_string(), format!("{v:.1}"), "{v:e}");
        }
    }

    use super::*;

    #[test]
    fn axes_switch_to_log_beyond_one_and_a_half_orders_of_magnitude() {
        let lin = Axis::fit([2e9, 4.5e9].into_iter(), 0.0, 100.0).expect("axis");
        assert!(!lin.log);
        let log = Axis::fit([850e6, 150e9].into_iter(), 0.0, 100.0).expect("axis");
        assert!(log.log);
        assert!(log.ticks().contains(&1e9));
        assert_eq!(lin.at(f64::INFINITY), 100.0);
        assert_eq!(lin.at(f64::NEG_INFINITY), 0.0);
        assert!(Axis::fit([f64::INFINITY].into_iter(), 0.0, 1.0).is_none());
        let one = Axis::fit([5.0].into_iter(), 0.0, 100.0).expect("axis");
        assert!((one.at(5.0) - 50.0).abs() < 1e-9);
    }

    #[test]
    fn month_ticks_stay_few() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        let (ticks, yearly) = month_ticks(d(2024, 1, 10), d(2024, 12, 1));
        assert!(!yearly && (2..=6).contains(&ticks.len()), "{ticks:?}");
        let (ticks, yearly) = month_ticks(d(2015, 1, 10), d(2024, 12, 1));
        assert!(yearly && ticks.len() <= 6, "{ticks:?}");
    }
}
