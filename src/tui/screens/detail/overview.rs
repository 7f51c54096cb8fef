//! The overview tab: the person and the concern as taken in, and the linked cases; and the
//! chronology tab built from the events.

use ratatui::text::{Line, Span};

use super::{DetailScreen, Row};
use crate::domain::dates::{format_date, format_datetime};
use crate::domain::intake::Reporter;
use crate::i18n::{self, T};
use crate::tui::screens::View;
use crate::tui::widgets::{case_line, label_cell};

pub fn rows(d: &DetailScreen, view: &View, width: usize) -> Vec<Row> {
    let lang = view.lang;
    let s = &d.view.state;
    let i = &s.intake;
    let p = &i.person;
    let th = view.theme;
    let mut out: Vec<Line<'static>> = Vec::new();
    if i.imminent_danger {
        let text = match &i.police_contact {
            Some(pc) => format!(
                " {} – {} {} {}",
                T::ImminentDanger.get(lang),
                T::Police.get(lang).to_lowercase(),
                format_datetime(pc.at),
                pc.by
            ),
            None => format!(" {} ", T::ImminentDanger.get(lang)),
        };
        out.push(Line::styled(text, th.danger()));
    }
    // Redacted: what identifies the person or the reporter is not drawn at all.
    let hidden = |value: String| {
        if view.redacted && !value.trim().is_empty() {
            crate::i18n::follow::Fu::Hidden.get(lang).to_string()
        } else {
            value
        }
    };
    let field = |out: &mut Vec<Line<'static>>, label: &str, value: String| {
        if !value.trim().is_empty() {
            out.push(Line::from(vec![
                Span::styled(label_cell(label), th.label()),
                Span::raw(value),
            ]));
        }
    };
    let section = |out: &mut Vec<Line<'static>>, t: T| {
        out.push(Line::raw(""));
        out.push(Line::styled(t.get(lang).to_string(), th.section()));
    };

    if d.show_last_viewed {
        out.push(Line::styled(
            crate::i18n::access::last_viewed(lang, d.view.last_viewed.as_ref()),
            th.dim(),
        ));
    }
    if let Some(card) = &d.card_hint {
        out.push(Line::styled(
            format!("{}: {card} (a)", T::CardsTitle.get(lang)),
            th.dim(),
        ));
    }
    legal_section(&mut out, d, view);
    section(&mut out, T::SectionPerson);
    field(
        &mut out,
        i18n::field(lang, crate::domain::intake::FieldId::PersonName),
        crate::tui::widgets::shown_name(view, &p.name),
    );
    let cpr = match (&p.cpr, &d.revealed_cpr) {
        (Some(_), Some(full)) => full.clone(),
        (Some(c), None) => format!("{} ({})", c.masked(), T::RevealHint.get(lang)),
        (None, _) => String::new(),
    };
    field(&mut out, "CPR", hidden(cpr));
    let age = i.age(view.today);
    let birth = match (p.birth_date, age, p.approx_age) {
        // Redacted: the age, not the birth date (with initials it would point to one person).
        (Some(_), Some(a), _) if view.redacted => format!("{a} {}", T::Age.get(lang)),
        (Some(b), Some(a), _) => format!("{} ({a} {})", format_date(b), T::Age.get(lang)),
        (None, Some(a), Some(_)) => match i.age_to(view.today) {
            Some(b) if b > a => format!("{} {a}–{b} {}", T::AgeApprox.get(lang), T::Age.get(lang)),
            _ => format!("{} {a} {}", T::AgeApprox.get(lang), T::Age.get(lang)),
        },
        _ => String::new(),
    };
    field(&mut out, T::AgeBandLabel.get(lang), birth);
    if let Some(a) = age
        && a < 18
    {
        out.push(Line::styled(
            format!("  {}", T::UnderretningTitle.get(lang)),
            th.warning(),
        ));
    }
    use crate::domain::intake::FieldId as F;
    field(
        &mut out,
        i18n::field(lang, F::Address),
        hidden(p.address.clone()),
    );
    field(&mut out, i18n::field(lang, F::District), p.district.clone());
    field(
        &mut out,
        i18n::field(lang, F::SchoolWork),
        hidden(p.school_work.clone()),
    );
    field(
        &mut out,
        i18n::field(lang, F::Languages),
        p.languages.clone(),
    );

    section(&mut out, T::SectionConcern);
    let channel = i.channel.map(|c| i18n::channel(lang, c)).unwrap_or("");
    field(
        &mut out,
        T::Received.get(lang),
        format!(
            "{} {} {} · {channel}",
            format_datetime(i.received_at),
            T::By.get(lang),
            i.received_by
        ),
    );
    field(
        &mut out,
        i18n::field(lang, F::Source),
        i.source
            .map(|s| i18n::source(lang, s).to_string())
            .unwrap_or_default(),
    );
    let reporter = match &i.reporter {
        Reporter::Anonymous => T::Anonymous.get(lang).to_string(),
        Reporter::Known {
            name,
            organisation,
            phone,
            email,
        } => [name, organisation, phone, email]
            .iter()
            .filter(|x| !x.is_empty())
            .map(|x| x.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let reporter = match &i.reporter {
        Reporter::Known { .. } => hidden(reporter),
        Reporter::Anonymous => reporter,
    };
    field(&mut out, T::Reporter.get(lang), reporter);
    let concerns: Vec<&str> = i.concerns.iter().map(|c| i18n::concern(lang, *c)).collect();
    field(
        &mut out,
        i18n::field(lang, F::Concerns),
        concerns.join(", "),
    );
    field(&mut out, T::Description.get(lang), i.description.clone());
    if let Some(u) = &i.underretning {
        field(
            &mut out,
            T::Underretning.get(lang),
            format!("{} → {}", format_datetime(u.at), u.to),
        );
    }

    if !d.view.linked.is_empty() {
        section(&mut out, T::LinkedCases);
        for l in &d.view.linked {
            out.push(case_line(view, l, width));
        }
    }

    out.into_iter().map(Row::text).collect()
}

/// The legal deadlines: what is due (with the key that records it) and what was recorded.
/// Shown only on cases that have any.
fn legal_section(out: &mut Vec<Line<'static>>, d: &DetailScreen, view: &View) {
    use crate::domain::EventPayload;
    use crate::i18n::legal::{self as lt, L};
    let lang = view.lang;
    let th = view.theme;
    let l = &d.view.state.legal;
    let recorded: Vec<EventPayload> = [
        l.urgency.clone().map(EventPayload::UrgencyConfirmed),
        l.receipt.clone().map(EventPayload::ReceiptConfirmed),
        l.feedback.clone().map(EventPayload::FeedbackReceived),
        l.handover.clone().map(EventPayload::AdultHandOver),
    ]
    .into_iter()
    .flatten()
    .collect();
    if d.legal.is_empty() && recorded.is_empty() {
        return;
    }
    out.push(Line::raw(""));
    out.push(Line::styled(L::Section.get(lang).to_string(), th.section()));
    for item in &d.legal {
        let style = if item.overdue { th.warning() } else { th.ok() };
        out.push(Line::from(vec![
            Span::styled(format!("{} ", if item.overdue { "!" } else { "·" }), style),
            Span::styled(
                format!("{} – {} ", lt::kind(lang, item.kind), lt::due(lang, item)),
                style,
            ),
            Span::styled(format!("({})", lt::key(item.kind)), th.key()),
        ]));
    }
    for p in &recorded {
        if let Some(text) = lt::event(lang, p) {
            out.push(Line::styled(format!("✓ {text}"), th.dim()));
        }
    }
}

/// Every event, newest first.
pub fn chronology(d: &DetailScreen, view: &View) -> Vec<Row> {
    let th = view.theme;
    d.view
        .events
        .iter()
        .rev()
        .map(|e| {
            Row::text(Line::from(vec![
                Span::styled(format!("{} ", format_datetime(e.at)), th.dim()),
                Span::styled(format!("{:<8} ", e.author), th.dim()),
                Span::raw(i18n::event(view.lang, &e.payload)),
            ]))
        })
        .collect()
}
