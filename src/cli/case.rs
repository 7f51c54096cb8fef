//! `infohus case N --summary`: a plain-text summary for journalising in the municipality's
//! case system (ESDH).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{open, sentence};
use crate::domain::dates::{format_date, format_datetime};
use crate::domain::intake::{FieldId, Reporter};
use crate::i18n::flow::{self as fl, F};
use crate::i18n::retention::R;
use crate::i18n::{self, Lang, T};
use crate::service::CaseView;

pub fn summary(db: &Path, lang: Lang, no: u64, as_json: bool) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    let view = svc.case_summary(no).map_err(|e| sentence(lang, &e))?;
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&to_json(&view, lang, svc.today())?)?
        );
    } else {
        print!("{}", render(&view, lang, svc.today()));
    }
    Ok(ExitCode::SUCCESS)
}

/// The summary for scripts: the case as recorded (every field and event, under their own
/// names), its rounds and chronology as the text says them, the §115 notice first. CPR
/// numbers are masked as in the text.
pub fn to_json(
    v: &CaseView,
    lang: Lang,
    today: chrono::NaiveDate,
) -> serde_json::Result<serde_json::Value> {
    let mut recorded = serde_json::to_value(v)?;
    mask_cpr(&mut recorded);
    let rounds: Vec<String> = v
        .state
        .flow
        .rounds
        .iter()
        .map(|r| crate::i18n::round::summary_line(lang, r, today))
        .collect();
    let chronology: Vec<serde_json::Value> = v
        .events
        .iter()
        .map(|e| {
            serde_json::json!({
                "seq": e.seq,
                "at": e.at,
                "author": e.author,
                "text": i18n::event(lang, &e.payload),
            })
        })
        .collect();
    Ok(serde_json::json!({
        "case": v.state.no,
        "notice_115": T::Notice115.get(lang),
        "stage": i18n::stage(lang, v.state.stage),
        "next_date": v.state.next_date,
        "deletion_date": v.deletion_date,
        "rounds": rounds,
        "chronology": chronology,
        "recorded": recorded,
    }))
}

/// Every CPR number in `v` (a field named `cpr` holding its ten digits) as the text shows it:
/// DDMMYY-XXXX.
pub fn mask_cpr(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                if k == "cpr"
                    && let Value::Array(digits) = x
                {
                    let d: String = digits
                        .iter()
                        .take(6)
                        .filter_map(Value::as_u64)
                        .map(|n| char::from_digit(u32::try_from(n).unwrap_or(0), 10).unwrap_or('?'))
                        .collect();
                    *x = Value::String(format!("{d}-XXXX"));
                } else {
                    mask_cpr(x);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_cpr),
        _ => {}
    }
}

/// The summary text. CPR numbers are masked: the summary is meant to be copied elsewhere.
pub fn render(v: &CaseView, lang: Lang, today: chrono::NaiveDate) -> String {
    let s = &v.state;
    let i = &s.intake;
    let p = &i.person;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{} #{} — {}",
        T::CaseDetail.get(lang),
        s.no,
        i18n::person_name(lang, &p.name)
    );
    let _ = writeln!(w, "{}", T::Notice115.get(lang));
    let _ = writeln!(w);
    let field = |w: &mut String, label: &str, value: &str| {
        if !value.trim().is_empty() {
            let _ = writeln!(w, "{:<20}{value}", format!("{label}:"));
        }
    };
    field(w, T::Stage.get(lang), i18n::stage(lang, s.stage));
    field(w, T::NextDate.get(lang), &format_date(s.next_date));
    field(
        w,
        R::DeletionDate.get(lang),
        &v.deletion_date.map(format_date).unwrap_or_default(),
    );
    if let Some(h) = &s.retention.hold {
        field(
            w,
            R::LegalHold.get(lang),
            &format!("{} ({})", h.reason, format_date(h.since)),
        );
    }
    field(w, "CPR", &p.cpr.map(|c| c.masked()).unwrap_or_default());
    let age = i.age(today).map(|a| {
        let years = match i.age_to(today) {
            Some(b) if b > a => format!("{a}–{b}"),
            _ => a.to_string(),
        };
        format!(
            "{years} {} ({})",
            T::Age.get(lang),
            i18n::age_band(crate::domain::age::AgeBand::from_age(a))
        )
    });
    field(w, T::AgeBandLabel.get(lang), &age.unwrap_or_default());
    field(w, i18n::field(lang, FieldId::District), &p.district);
    field(w, i18n::field(lang, FieldId::SchoolWork), &p.school_work);
    field(
        w,
        T::Received.get(lang),
        &format!(
            "{} {} {}",
            format_datetime(i.received_at),
            T::By.get(lang),
            i.received_by
        ),
    );
    field(
        w,
        i18n::field(lang, FieldId::Channel),
        i.channel.map(|c| i18n::channel(lang, c)).unwrap_or(""),
    );
    field(
        w,
        i18n::field(lang, FieldId::Source),
        i.source.map(|c| i18n::source(lang, c)).unwrap_or(""),
    );
    let reporter = match &i.reporter {
        Reporter::Anonymous => T::Anonymous.get(lang).to_string(),
        Reporter::Known {
            name, organisation, ..
        } => [name.as_str(), organisation.as_str()]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
    };
    field(w, T::Reporter.get(lang), &reporter);
    let concerns: Vec<&str> = i.concerns.iter().map(|c| i18n::concern(lang, *c)).collect();
    field(
        w,
        i18n::field(lang, FieldId::Concerns),
        &concerns.join(", "),
    );
    if let Some(pc) = &i.police_contact {
        field(
            w,
            T::Police.get(lang),
            &format!("{} ({})", format_datetime(pc.at), pc.by),
        );
    }
    if let Some(u) = &i.underretning {
        field(
            w,
            T::Underretning.get(lang),
            &format!("{} → {}", format_datetime(u.at), u.to),
        );
    }
    let _ = writeln!(w, "\n{}:\n{}", T::Description.get(lang), i.description);
    if !v.linked.is_empty() {
        let _ = writeln!(w, "\n{}:", T::LinkedCases.get(lang));
        for l in &v.linked {
            let _ = writeln!(
                w,
                "  #{} {} ({})",
                l.no,
                i18n::person_name(lang, &l.name),
                i18n::stage(lang, l.stage)
            );
        }
    }
    flow(w, v, lang, today);
    let _ = writeln!(w, "\n{}:", T::Chronology.get(lang));
    for e in &v.events {
        let what = i18n::event(lang, &e.payload);
        let _ = writeln!(w, "  {} {:<8} {what}", format_datetime(e.at), e.author);
    }
    out
}

/// The assessment flow as recorded: what was decided, by whom, on what information.
fn flow(w: &mut String, v: &CaseView, lang: Lang, today: chrono::NaiveDate) {
    let f = &v.state.flow;
    let head = |w: &mut String, t: F| {
        let _ = writeln!(w, "\n{}:", t.get(lang));
    };
    if let Some(s) = &f.screening {
        head(w, F::Screening);
        let _ = writeln!(
            w,
            "  {} · {} · {}",
            format_date(s.date),
            fl::approach(lang, s.approach),
            fl::outcome(lang, &s.outcome)
        );
        let _ = writeln!(w, "  {}: {}", F::Participants.get(lang), s.participants);
        let _ = writeln!(w, "  {}: {}", F::Rationale.get(lang), s.rationale);
    }
    for r in &f.reviews {
        head(w, F::JointReviews);
        let _ = writeln!(
            w,
            "  {} · {}",
            format_date(r.date),
            fl::decision(lang, r.decision)
        );
        let people: Vec<String> = r.participants.iter().map(|p| p.display()).collect();
        let _ = writeln!(w, "  {}: {}", F::Participants.get(lang), people.join("; "));
        let _ = writeln!(w, "  {}: {}", F::Summary.get(lang), r.summary);
        for i in &r.items {
            let police = if i.origin.is_police() {
                format!("[{}] ", F::PoliceOrigin.get(lang))
            } else {
                String::new()
            };
            let _ = writeln!(
                w,
                "  • {police}{} ({} {})",
                i.text,
                F::From.get(lang),
                fl::authority(lang, i.origin)
            );
        }
        for s in &r.steps {
            let _ = writeln!(w, "  → {} — {}", s.what, s.who);
        }
    }
    if !f.requests.is_empty() {
        head(w, F::Requests);
        for r in &f.requests {
            let _ = writeln!(
                w,
                "  {}. {} · {} · {}",
                r.id,
                fl::authority(lang, r.to),
                fl::request_status(lang, r.status),
                r.question
            );
            if !r.answer.is_empty() {
                let _ = writeln!(w, "     → {}", r.answer);
            }
        }
    }
    if !f.conversations.is_empty() {
        head(w, F::Conversations);
        for c in &f.conversations {
            let _ = writeln!(
                w,
                "  {} · {} · {} · {} {}",
                format_date(c.date),
                fl::conversation_status(lang, c.status),
                fl::held_by(lang, c.held_by),
                fl::with(lang, c.with),
                c.summary
            );
        }
    }
    if let Some(a) = f.assessments.last() {
        head(w, F::Assessments);
        let _ = writeln!(
            w,
            "  {} · {} {} · {}",
            format_date(a.date),
            F::Overall.get(lang),
            fl::risk(lang, a.overall),
            a.recommendation
        );
        for r in &a.ratings {
            let _ = writeln!(
                w,
                "  {:<30}{}{}",
                fl::dimension(lang, r.dimension),
                fl::risk(lang, r.risk),
                if r.resource {
                    format!(" + {}", F::Resource.get(lang))
                } else {
                    String::new()
                }
            );
        }
    }
    if !f.rounds.is_empty() {
        let _ = writeln!(w, "\n{}:", crate::i18n::round::W::Rounds.get(lang));
        for r in &f.rounds {
            let _ = writeln!(w, "  {}", crate::i18n::round::summary_line(lang, r, today));
        }
    }
    if !f.measures.is_empty() {
        head(w, F::Measures);
        for m in &f.measures {
            let round = if m.round > 0 {
                format!(
                    " ({} {})",
                    crate::i18n::round::W::Round.get(lang).to_lowercase(),
                    m.round
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                w,
                "  {}.{round} {} · {} · {} · {}: {}",
                m.id,
                m.kind,
                m.organisation,
                fl::measure_status(lang, m.status),
                F::Goal.get(lang),
                m.goal
            );
        }
    }
    if !f.disclosures.is_empty() {
        head(w, F::Disclosures);
        for d in &f.disclosures {
            let _ = writeln!(
                w,
                "  {}{} → {}: {} ({})",
                fl::police_mark(lang, d),
                format_date(d.date),
                d.recipient,
                d.what,
                fl::legal_basis(lang, d.basis)
            );
        }
    }
    if let Some(c) = &f.closure {
        head(w, F::Closure);
        let _ = writeln!(
            w,
            "  {} · {}",
            format_date(c.date),
            fl::closure_reason(lang, c.reason)
        );
        let _ = writeln!(w, "  {}", c.summary);
        for r in &f.post_reviews {
            let state = match &r.held {
                Some((d, s)) => format!("{} {} – {s}", F::Held.get(lang), format_date(*d)),
                None => F::Pending.get(lang).to_string(),
            };
            let _ = writeln!(
                w,
                "  {} {} {} · {state}",
                r.months,
                F::Months.get(lang),
                format_date(r.due)
            );
        }
    }
}
