//! `infohus stats [--from DATE] [--to DATE] [--json]`: anonymous counts with small counts
//! suppressed, as a plain-text table or JSON.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::{open, sentence};
use crate::domain::dates::{format_date, parse_date};
use crate::domain::stats::{Cell, Median, Outcome, Period, Stats, Table};
use crate::i18n::retention::{self as rt, R};
use crate::i18n::{self, Lang};

pub fn run(
    db: &Path,
    lang: Lang,
    from: Option<&str>,
    to: Option<&str>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let period = Period {
        from: from.map(|s| date(lang, s)).transpose()?,
        to: to.map(|s| date(lang, s)).transpose()?,
    };
    let svc = open(db, false, lang)?;
    let stats = svc.stats(period).map_err(|e| sentence(lang, &e))?;
    if as_json {
        println!("{}", serde_json::to_string_pretty(&to_json(&stats))?);
    } else {
        print!("{}", text(&stats, lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// Accepts the Danish way (dd-mm-åååå) and ISO dates.
fn date(lang: Lang, s: &str) -> anyhow::Result<NaiveDate> {
    parse_date(s)
        .ok()
        .or_else(|| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        .ok_or_else(|| anyhow::anyhow!(rt::bad_date(lang, s)))
}

pub fn cell_json(c: Cell) -> Value {
    match c {
        Cell::Count(n) => json!(n),
        other => json!(other.shown()),
    }
}

fn table_json<K>(t: &Table<K>, key: impl Fn(&K) -> String) -> Value {
    let rows: serde_json::Map<String, Value> = t
        .rows
        .iter()
        .map(|(k, c)| (key(k), cell_json(*c)))
        .collect();
    json!({ "rows": rows, "total": cell_json(t.total) })
}

fn median_json(m: Median) -> Value {
    match m {
        Median::Days(d) => json!(d),
        Median::TooFew => json!("<5"),
    }
}

fn debug_key<K: std::fmt::Debug>(k: &Option<K>) -> String {
    k.as_ref()
        .map_or_else(|| "unknown".to_string(), |k| format!("{k:?}"))
}

/// Keys are language-neutral identifiers, so scripts do not depend on --lang.
pub fn to_json(s: &Stats) -> Value {
    json!({
        "from": s.period.from.map(|d| d.to_string()),
        "to": s.period.to.map(|d| d.to_string()),
        "suppression": "cells of 1-4 are \"<5\"; \"x\" is hidden so a small cell cannot be derived from the total",
        "total": cell_json(s.total),
        "per_month": table_json(&s.per_month, |m| m.label()),
        "per_source": table_json(&s.per_source, debug_key),
        "per_concern": table_json(&s.per_concern, |c| format!("{c:?}")),
        "per_age_band": table_json(&s.per_age_band, |a| {
            a.map_or_else(|| "unknown".to_string(), |a| a.label().to_string())
        }),
        "per_outcome": table_json(&s.per_outcome, |o| match o {
            Outcome::Open => "Open".to_string(),
            Outcome::Closed(r) => debug_key(r),
        }),
        "median_days": {
            "to_screening": median_json(s.days_to_screening),
            "to_joint_review": median_json(s.days_to_review),
            "to_closure": median_json(s.days_to_closure),
        },
        "overdue_follow_ups": cell_json(s.overdue),
    })
}

fn table<K>(out: &mut String, title: &str, t: &Table<K>, label: impl Fn(&K) -> String, lang: Lang) {
    let _ = writeln!(out, "\n{title}");
    for (k, c) in &t.rows {
        let _ = writeln!(out, "  {:<44}{:>8}", label(k), c.shown());
    }
    let _ = writeln!(out, "  {:<44}{:>8}", R::Total.get(lang), t.total.shown());
}

pub fn text(s: &Stats, lang: Lang) -> String {
    let mut out = String::new();
    let period = match (s.period.from, s.period.to) {
        (None, None) => R::AllTime.get(lang).to_string(),
        (f, t) => format!(
            "{} – {}",
            f.map(format_date).unwrap_or_default(),
            t.map(format_date).unwrap_or_default()
        ),
    };
    let _ = writeln!(
        out,
        "{} · {}: {period}",
        R::StatsTitle.get(lang),
        R::Period.get(lang)
    );
    let _ = writeln!(out, "{}", R::Legend.get(lang));
    let _ = writeln!(out, "\n{:<46}{:>8}", R::Concerns.get(lang), s.total.shown());
    let _ = writeln!(out, "{:<46}{:>8}", R::Overdue.get(lang), s.overdue.shown());
    let _ = writeln!(out, "{}:", R::MedianDays.get(lang));
    for (what, m) in [
        (R::ToScreening, s.days_to_screening),
        (R::ToReview, s.days_to_review),
        (R::ToClosure, s.days_to_closure),
    ] {
        let _ = writeln!(out, "  {:<44}{:>8}", what.get(lang), rt::median(lang, m));
    }
    table(
        &mut out,
        R::PerMonth.get(lang),
        &s.per_month,
        |m| m.label(),
        lang,
    );
    table(
        &mut out,
        R::Sources.get(lang),
        &s.per_source,
        |k| {
            k.map_or(R::Unknown.get(lang), |k| i18n::source(lang, k))
                .to_string()
        },
        lang,
    );
    let concerns = format!("{} {}", R::ConcernTypes.get(lang), R::Mentions.get(lang));
    table(
        &mut out,
        &concerns,
        &s.per_concern,
        |k| i18n::concern(lang, *k).to_string(),
        lang,
    );
    table(
        &mut out,
        R::AgeBands.get(lang),
        &s.per_age_band,
        |k| {
            k.map_or(R::Unknown.get(lang), |k| i18n::age_band(k))
                .to_string()
        },
        lang,
    );
    table(
        &mut out,
        R::Outcomes.get(lang),
        &s.per_outcome,
        |k| rt::outcome(lang, *k).to_string(),
        lang,
    );
    out
}
