//! `infohus due [--days N] [--json]`: the work queue for scripts and morning mail. Case numbers,
//! initials, age band and stage only — a morning mail must not carry names or CPR numbers.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::{open, sentence};
use crate::domain::dates::format_date;
use crate::domain::due::DueKind;
use crate::domain::legal::LegalKind;
use crate::domain::text::initials;
use crate::i18n::follow::{self as fo, Fu};
use crate::i18n::{self, Lang};
use crate::service::{Group, QueueGroup};

#[derive(Serialize)]
struct DueLine {
    group: &'static str,
    case: u64,
    initials: String,
    age_band: Option<&'static str>,
    stage: &'static str,
    waiting_for: &'static str,
    item: Option<u32>,
    date: String,
    overdue: bool,
}

fn group_key(g: Group) -> &'static str {
    match g {
        Group::Overdue => "overdue",
        Group::ThisWeek => "due",
        Group::AwaitingScreening => "awaiting_screening",
        Group::AwaitingReview => "awaiting_joint_review",
        Group::RequestsOverdue => "requests_overdue",
        Group::PoliceOverdue => "police_feedback_overdue",
        Group::Legal => "legal_deadlines",
        Group::Later => "later",
    }
}

fn kind_key(k: DueKind) -> (&'static str, Option<u32>) {
    match k {
        DueKind::FollowUp => ("follow_up", None),
        DueKind::PostReview(m) => ("post_closure_review", Some(m)),
        DueKind::AwaitingScreening => ("screening", None),
        DueKind::AwaitingReview => ("joint_review", None),
        DueKind::Request(id) => ("info_request", Some(id)),
        DueKind::PoliceFeedback => ("police_feedback", None),
        DueKind::Legal(k) => (
            match k {
                LegalKind::Urgency => "underretning_urgency",
                LegalKind::Receipt => "underretning_receipt",
                LegalKind::Feedback => "underretning_feedback_137",
                LegalKind::AdultHandOver => "turns_18",
                LegalKind::NotSent => "underretning_not_sent",
            },
            None,
        ),
    }
}

pub fn run(db: &Path, lang: Lang, days: u32, json: bool) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    let today = svc.today();
    let groups = svc.due(days).map_err(|e| sentence(lang, &e))?;
    if json {
        let lines: Vec<DueLine> = groups
            .iter()
            .flat_map(|g| g.entries.iter().map(move |e| (g.group, e)))
            .map(|(g, e)| {
                let (waiting_for, item) = kind_key(e.item.kind);
                DueLine {
                    group: group_key(g),
                    case: e.line.no,
                    initials: initials(&e.line.name),
                    age_band: e.line.age_band(today).map(i18n::age_band),
                    stage: i18n::stage_key(e.line.stage),
                    waiting_for,
                    item,
                    date: e.item.date.format("%Y-%m-%d").to_string(),
                    overdue: e.overdue,
                }
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&lines)?);
    } else {
        print!("{}", text(&groups, lang, today, days));
    }
    Ok(ExitCode::SUCCESS)
}

fn text(groups: &[QueueGroup], lang: Lang, today: chrono::NaiveDate, days: u32) -> String {
    let mut w = String::new();
    let _ = writeln!(
        w,
        "{} {} ({} {days} {})",
        Fu::DueHeading.get(lang),
        format_date(today),
        Fu::Within.get(lang),
        Fu::DaysWord.get(lang)
    );
    if groups.is_empty() {
        let _ = writeln!(w, "{}", Fu::NothingAtAll.get(lang));
    }
    for g in groups {
        let label = match g.group {
            Group::ThisWeek => Fu::GDue.get(lang),
            other => fo::group(other).get(lang),
        };
        let _ = writeln!(w, "\n{label} ({})", g.total);
        for e in &g.entries {
            let band = e.line.age_band(today).map(i18n::age_band).unwrap_or("–");
            let who = match initials(&e.line.name) {
                i if i.is_empty() => i18n::person_name(lang, "").into_owned(),
                i => i,
            };
            let _ = writeln!(
                w,
                "  {}  #{:<6} {:<8} {:<6} {:<14} {}",
                format_date(e.item.date),
                e.line.no,
                who,
                band,
                i18n::stage_short(lang, e.line.stage),
                fo::due_kind(lang, e.item.kind)
            );
        }
    }
    w
}
