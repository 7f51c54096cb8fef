//! `infohus case N --access-request`: a draft answer to the person's request for access
//! (GDPR art. 15), for a jurist to finish. Every recorded item lands in exactly one of three
//! lists: may be disclosed after review; came from the police or PET (the police are consulted
//! before disclosure, DESIGN §7); may need restriction under databeskyttelsesloven §22, with
//! the reason, for the jurist to decide. CPR numbers are masked.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{open, sentence};
use crate::domain::EventPayload;
use crate::domain::dates::{format_date, format_datetime};
use crate::domain::flow::{HeldBy, ReviewDecision, ScreeningOutcome, With};
use crate::domain::intake::{FieldId, Reporter};
use crate::i18n::flow as fl;
use crate::i18n::legal::L;
use crate::i18n::{self, Lang, T};
use crate::service::config::Config;
use crate::service::{CaseView, ServiceError};

pub fn run(db: &Path, lang: Lang, no: u64, as_json: bool) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    let view = svc.access_request(no).map_err(|e| sentence(lang, &e))?;
    let config =
        Config::load(db).map_err(|e| sentence(lang, &ServiceError::Settings(e.to_string())))?;
    let months = config.retention.months_after_closure;
    if as_json {
        let v = to_json(&view, lang, svc.today(), months);
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", render(&view, lang, svc.today(), months));
    }
    Ok(ExitCode::SUCCESS)
}

/// The draft for scripts: the same lists as the text, under language-neutral keys; the
/// items themselves are in the user's language, as the jurist reads them.
pub fn to_json(
    v: &CaseView,
    lang: Lang,
    today: NaiveDate,
    retention_months: u32,
) -> serde_json::Value {
    use serde_json::json;
    let s = &v.state;
    let p = &s.intake.person;
    let lists = sort_items(v, lang);
    json!({
        "case": s.no,
        "title": L::AccessTitle.get(lang),
        "warning": L::AccessWarning.get(lang),
        "notice_115": T::Notice115.get(lang),
        "person": {
            "name": p.name,
            "cpr": p.cpr.map(|c| c.masked()),
            "birth_date": p.birth_date,
            "age": s.intake.age(today),
            "address": p.address,
            "district": p.district,
            "school_work": p.school_work,
        },
        "may_disclose": lists.disclose,
        "police_consult_first": lists.police,
        "may_restrict": lists.restrict.iter().map(|(text, why)| json!({
            "text": text,
            "reason": format!("{why:?}"),
            "reason_text": why.get(lang),
        })).collect::<Vec<_>>(),
        "recipients": s.flow.disclosures.iter().map(|d| json!({
            "date": d.date,
            "recipient": d.recipient,
            "what": d.what,
            "basis": format!("{:?}", d.basis),
            "police_origin": d.police_origin,
        })).collect::<Vec<_>>(),
        "retention_months": retention_months,
        "closed": s.flow.closure.as_ref().map(|c| c.date),
    })
}

/// The three lists an item can land in.
#[derive(Default)]
struct Lists {
    disclose: Vec<String>,
    police: Vec<String>,
    restrict: Vec<(String, L)>,
}

pub fn render(v: &CaseView, lang: Lang, today: NaiveDate, retention_months: u32) -> String {
    let s = &v.state;
    let i = &s.intake;
    let p = &i.person;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{} · {} #{}",
        L::AccessTitle.get(lang),
        T::CaseDetail.get(lang),
        s.no
    );
    let _ = writeln!(w, "{}", L::AccessWarning.get(lang));
    let _ = writeln!(w);
    let _ = writeln!(w, "{}", T::Notice115.get(lang));

    heading(w, L::AccessPerson.get(lang));
    let field = |w: &mut String, label: &str, value: &str| {
        if !value.trim().is_empty() {
            let _ = writeln!(w, "  {:<20}{value}", format!("{label}:"));
        }
    };
    field(
        w,
        i18n::field(lang, FieldId::PersonName),
        &i18n::person_name(lang, &p.name),
    );
    field(w, "CPR", &p.cpr.map(|c| c.masked()).unwrap_or_default());
    let age = match (p.birth_date, i.age(today)) {
        (Some(b), Some(a)) => format!("{} ({a} {})", format_date(b), T::Age.get(lang)),
        (None, Some(a)) => format!("{} {a} {}", T::AgeApprox.get(lang), T::Age.get(lang)),
        _ => String::new(),
    };
    field(w, T::AgeBandLabel.get(lang), &age);
    field(w, i18n::field(lang, FieldId::Address), &p.address);
    field(w, i18n::field(lang, FieldId::District), &p.district);
    field(w, i18n::field(lang, FieldId::SchoolWork), &p.school_work);

    heading(w, L::AccessPurpose.get(lang));
    let _ = writeln!(w, "  {}", L::AccessPurposeText.get(lang));

    let lists = sort_items(v, lang);
    heading(w, L::AccessRecorded.get(lang));
    bullets(w, &lists.disclose, lang);
    heading(w, L::AccessPolice.get(lang));
    let police: Vec<String> = lists
        .police
        .iter()
        .map(|t| format!("[{}] {t}", L::PoliceConsult.get(lang)))
        .collect();
    bullets(w, &police, lang);
    heading(w, L::AccessRestrict.get(lang));
    let restrict: Vec<String> = lists
        .restrict
        .iter()
        .map(|(t, why)| format!("{t}\n    → {}", why.get(lang)))
        .collect();
    bullets(w, &restrict, lang);

    heading(w, L::AccessRecipients.get(lang));
    if s.flow.disclosures.is_empty() {
        let _ = writeln!(w, "  {}", L::AccessNoRecipients.get(lang));
    }
    for d in &s.flow.disclosures {
        let _ = writeln!(
            w,
            "  - {}{} → {}: {} ({})",
            fl::police_mark(lang, d),
            format_date(d.date),
            d.recipient,
            d.what,
            fl::legal_basis(lang, d.basis)
        );
    }

    heading(w, L::AccessRetention.get(lang));
    let retention = L::AccessRetentionText
        .get(lang)
        .replace("{months}", &retention_months.to_string());
    match &s.flow.closure {
        Some(c) => {
            let _ = writeln!(
                w,
                "  {retention} ({} {}).",
                L::Closure.get(lang),
                format_date(c.date)
            );
        }
        None => {
            let _ = writeln!(w, "  {retention}. {}.", L::AccessOpenCase.get(lang));
        }
    }
    heading(w, L::AccessRights.get(lang));
    let _ = writeln!(w, "  {}", L::AccessRightsText.get(lang));
    out
}

fn heading(w: &mut String, text: &str) {
    let _ = writeln!(w, "\n{text}");
}

fn bullets(w: &mut String, items: &[String], lang: Lang) {
    if items.is_empty() {
        let _ = writeln!(w, "  {}", L::AccessNone.get(lang));
    }
    for t in items {
        let _ = writeln!(w, "  - {t}");
    }
}

/// Puts every recorded item in its list.
fn sort_items(v: &CaseView, lang: Lang) -> Lists {
    let s = &v.state;
    let i = &s.intake;
    let f = &s.flow;
    let mut l = Lists::default();

    let mut received = format!(
        "{} {}",
        L::Received.get(lang),
        format_datetime(i.received_at)
    );
    if let Some(c) = i.channel {
        received.push_str(&format!(" · {}", i18n::channel(lang, c)));
    }
    if let Some(src) = i.source {
        received.push_str(&format!(" · {}", i18n::source(lang, src)));
    }
    l.disclose.push(received);
    if !i.concerns.is_empty() {
        let c: Vec<&str> = i.concerns.iter().map(|c| i18n::concern(lang, *c)).collect();
        l.disclose
            .push(format!("{}: {}", L::ConcernTypes.get(lang), c.join(", ")));
    }
    if !i.description.trim().is_empty() {
        l.disclose
            .push(format!("{}: {}", L::Description.get(lang), i.description));
    }
    if let Reporter::Known {
        name, organisation, ..
    } = &i.reporter
    {
        let who: Vec<&str> = [name.as_str(), organisation.as_str()]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect();
        if !who.is_empty() {
            l.restrict.push((
                format!("{}: {}", L::Reporter.get(lang), who.join(", ")),
                L::WhyReporter,
            ));
        }
    }
    if let Some(pc) = &i.police_contact {
        l.police.push(format!(
            "{} {} ({})",
            L::Danger.get(lang),
            format_datetime(pc.at),
            pc.by
        ));
    }
    if let Some(u) = &i.underretning {
        l.disclose.push(format!(
            "{} {} → {}",
            T::Underretning.get(lang),
            format_datetime(u.at),
            u.to
        ));
    }

    if let Some(sc) = &f.screening {
        let text = format!(
            "{} {}: {} – {}",
            L::Screening.get(lang),
            format_date(sc.date),
            fl::outcome(lang, &sc.outcome),
            sc.rationale
        );
        match sc.outcome {
            ScreeningOutcome::PoliceMatter { .. } => l.restrict.push((text, L::WhyPoliceMatter)),
            _ => l.disclose.push(text),
        }
    }
    for r in &f.reviews {
        let text = format!(
            "{} {}: {}",
            L::Review.get(lang),
            format_date(r.date),
            r.summary
        );
        if r.decision == ReviewDecision::PoliceMatter {
            l.restrict.push((text, L::WhyPoliceMatter));
        } else {
            l.disclose.push(text);
        }
        for item in &r.items {
            let text = format!(
                "{} ({} {}, {} {})",
                item.text,
                L::From.get(lang),
                fl::authority(lang, item.origin),
                L::Review.get(lang),
                format_date(r.date)
            );
            if item.origin.is_police() {
                l.police.push(text);
            } else {
                l.disclose.push(text);
            }
        }
    }
    for r in &f.requests {
        if r.answer.trim().is_empty() {
            continue;
        }
        let text = format!(
            "{} {}: {} → {}",
            L::Request.get(lang),
            fl::authority(lang, r.to),
            r.question,
            r.answer
        );
        if r.to.is_police() {
            l.police.push(text);
        } else {
            l.disclose.push(text);
        }
    }
    for c in &f.conversations {
        let text = format!(
            "{} {} ({}, {}): {}",
            L::Conversation.get(lang),
            format_date(c.date),
            fl::held_by(lang, c.held_by),
            fl::with(lang, c.with),
            c.summary
        );
        if c.held_by == HeldBy::Police {
            l.police.push(text);
        } else if c.with != With::Person {
            l.restrict.push((text, L::WhyThirdParty));
        } else {
            l.disclose.push(text);
        }
    }
    for a in &f.assessments {
        l.restrict.push((
            format!(
                "{} {}: {} {} · {}",
                L::AssessmentLabel.get(lang),
                format_date(a.date),
                fl::F::Overall.get(lang),
                fl::risk(lang, a.overall),
                a.recommendation
            ),
            L::WhyAssessment,
        ));
    }
    for m in &f.measures {
        l.disclose.push(format!(
            "{} {}: {} ({}) · {}",
            L::Measure.get(lang),
            format_date(m.start),
            m.kind,
            m.organisation,
            m.goal
        ));
    }
    // The forløbshjul: plans and the next steps agreed are the person's to see; the analyses
    // and evaluations are assessments, for the jurist to weigh.
    for r in &f.rounds {
        let round = format!("{} {}", crate::i18n::round::W::Round.get(lang), r.no);
        if let Some(a) = &r.analysis {
            l.restrict.push((
                format!(
                    "{round} · {} {}: {}",
                    crate::i18n::round::W::Analysis.get(lang),
                    format_date(a.date),
                    a.text
                ),
                L::WhyAssessment,
            ));
        }
        if let Some(p) = &r.plan {
            l.disclose.push(format!(
                "{round} · {} {}: {} · {}",
                crate::i18n::round::W::PlanTitle.get(lang),
                format_date(p.date),
                p.goals,
                p.who
            ));
        }
        if let Some(e) = &r.evaluation {
            l.restrict.push((
                format!(
                    "{round} · {} {}: {} · {}",
                    crate::i18n::round::W::EvaluationTitle.get(lang),
                    format_date(e.date),
                    crate::i18n::round::effect(lang, e.effect),
                    e.text
                ),
                L::WhyAssessment,
            ));
        }
        if let Some(d) = &r.decision {
            l.disclose.push(format!(
                "{round} · {} {}: {}",
                crate::i18n::round::W::Choice.get(lang),
                format_date(d.date),
                crate::i18n::round::choice(lang, d.choice)
            ));
        }
    }
    if let Some(c) = &f.closure {
        l.disclose.push(format!(
            "{} {}: {} – {}",
            L::Closure.get(lang),
            format_date(c.date),
            fl::closure_reason(lang, c.reason),
            c.summary
        ));
    }
    for e in &v.events {
        if let EventPayload::NoteAdded { text } = &e.payload {
            l.restrict.push((
                format!(
                    "{} {}: {text}",
                    L::NoteLabel.get(lang),
                    format_datetime(e.at)
                ),
                L::WhyNote,
            ));
        }
    }
    l
}
