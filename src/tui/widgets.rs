//! Small drawing helpers shared by screens.

use chrono::NaiveDate;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::screens::View;
use crate::domain::dates::end_of_week;
use crate::domain::summary::CaseLine;
use crate::i18n::{self, T};

/// Cuts `s` to at most `width` terminal columns, marking the cut with "…".
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(ch);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Pads or cuts to exactly `width` columns.
pub fn cell(s: &str, width: usize) -> String {
    let f = fit(s, width);
    let pad = width.saturating_sub(f.width());
    format!("{f}{}", " ".repeat(pad))
}

/// A field label in the case screen's label column: 14 columns, and never run into its value
/// when the label is longer (English labels often are).
pub fn label_cell(label: &str) -> String {
    format!("{:<13} ", format!("{label}:"))
}

pub fn short_date(d: NaiveDate) -> String {
    d.format("%d-%m-%y").to_string()
}

/// How urgent a next date is, for colour and for the text marker that works without colour.
pub fn due_marker(view: &View, next: NaiveDate, open: bool) -> (&'static str, Style) {
    if !open {
        (" ", Style::new())
    } else if next < view.today {
        ("!", view.theme.overdue())
    } else if next <= end_of_week(view.today) {
        ("•", view.theme.due_soon())
    } else {
        (" ", Style::new())
    }
}

/// One case line, the same in the work queue and the case list:
/// `! 12-11-26  #1042  Ali Hansen            15–17  vurd.   EKS KRIM`
pub fn case_line(view: &View, s: &CaseLine, width: usize) -> Line<'static> {
    case_line_at(view, s, width, s.next_date, None, None)
}

/// The name as a line shows it: initials in redacted mode (the case number is beside it).
pub fn shown_name(view: &View, name: &str) -> String {
    if name.trim().is_empty() {
        i18n::person_name(view.lang, name).into_owned()
    } else if view.redacted {
        crate::domain::text::initials(name)
    } else {
        name.to_string()
    }
}

/// Columns kept for what a queue line is waiting for ("underretning ikke sendt",
/// "12 mdr. efter lukning").
const TAIL_WIDTH: usize = 23;

/// A case line dated by one of its due items; `tail` (what is due) replaces the concern types.
/// `overdue`, when the item says itself whether it is late (a legal deadline to the minute, a
/// case waiting since a date), decides the `!` instead of the date.
pub fn case_line_at(
    view: &View,
    s: &CaseLine,
    width: usize,
    date: NaiveDate,
    tail: Option<String>,
    overdue: Option<bool>,
) -> Line<'static> {
    let open = s.stage.is_open() || tail.is_some();
    let (mark, style) = match overdue {
        Some(true) => ("!", view.theme.overdue()),
        Some(false) if date < view.today => ("•", view.theme.due_soon()),
        _ => due_marker(view, date, open),
    };
    let name = shown_name(view, &s.name);
    let band = s.age_band(view.today).map(i18n::age_band).unwrap_or("–");
    let concerns: Vec<&str> = s
        .concerns()
        .map(|c| i18n::concern_short(view.lang, c))
        .collect();
    let fixed = 2 + 9 + 7 + 6 + 8;
    let rest = width.saturating_sub(fixed);
    // What is due (the queue's tail) keeps its words and every queue line its columns: the
    // name gives way to a tail column of one width.
    let tail_w = if tail.is_some() { TAIL_WIDTH } else { 0 };
    let name_w = (rest * 2 / 3)
        .min(rest.saturating_sub(tail_w + 1))
        .max(8)
        .min(rest);
    let mut spans = vec![
        Span::styled(format!("{mark} "), style),
        Span::styled(format!("{} ", short_date(date)), style),
        Span::raw(cell(&format!("#{}", s.no), 7)),
        Span::raw(cell(&name, name_w)),
        Span::raw(" "),
        Span::raw(cell(band, 6)),
        Span::raw(cell(i18n::stage_short(view.lang, s.stage), 8)),
    ];
    if s.imminent_danger {
        spans.push(Span::styled(
            format!("{} ", T::DangerShort.get(view.lang)),
            view.theme.danger(),
        ));
    }
    let tail = tail.unwrap_or_else(|| concerns.join(" "));
    spans.push(Span::raw(fit(&tail, rest.saturating_sub(name_w + 1))));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_marks_a_cut_and_respects_wide_characters() {
        assert_eq!(fit("Søren Hansen", 20), "Søren Hansen");
        assert_eq!(fit("Søren Hansen", 6), "Søren…");
        assert_eq!(cell("Åse", 5), "Åse  ");
    }
}
