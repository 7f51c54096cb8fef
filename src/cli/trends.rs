//! `infohus trends [--months N] [--json]`: the meeting's "Tendenser" — concerns by district ×
//! concern type and by source, the last N months against the N before, suppressed like the
//! statistics.

use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::stats::cell_json;
use super::{open, sentence};
use crate::domain::trends::{Change, TrendTable, Trends};
use crate::i18n::Lang;

pub fn run(db: &Path, lang: Lang, months: u32, as_json: bool) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    let trends = svc.trends(months).map_err(|e| sentence(lang, &e))?;
    if as_json {
        println!("{}", serde_json::to_string_pretty(&to_json(&trends))?);
    } else {
        print!("{}", crate::i18n::trends::text(lang, &trends));
    }
    Ok(ExitCode::SUCCESS)
}

fn change_json(c: Change) -> Value {
    match c {
        Change::By(n) => json!(n),
        Change::Up => json!("up"),
        Change::Down => json!("down"),
        Change::Unknown => json!("unknown"),
    }
}

fn table_json<K>(t: &TrendTable<K>, key: impl Fn(&K) -> Value) -> Value {
    let rows: Vec<Value> = t
        .rows
        .iter()
        .map(|r| {
            let mut v = key(&r.key);
            if let Value::Object(m) = &mut v {
                m.insert("now".into(), cell_json(r.now));
                m.insert("before".into(), cell_json(r.before));
                m.insert("change".into(), change_json(r.change));
            }
            v
        })
        .collect();
    json!({
        "rows": rows,
        "now_total": cell_json(t.now_total),
        "before_total": cell_json(t.before_total),
        "change": change_json(t.change),
    })
}

/// Keys are language-neutral identifiers, so scripts do not depend on --lang.
pub fn to_json(t: &Trends) -> Value {
    json!({
        "months": t.months,
        "now": { "from": t.now.from.map(|d| d.to_string()), "to": t.now.to.map(|d| d.to_string()) },
        "before": { "from": t.before.from.map(|d| d.to_string()), "to": t.before.to.map(|d| d.to_string()) },
        "suppression": "cells of 1-4 are \"<5\"; \"x\" is hidden so a small cell cannot be derived from the total; a change is a number only when both counts are published, otherwise \"up\", \"down\" or \"unknown\"",
        "by_district": table_json(&t.by_district, |k| json!({
            "district": k.district,
            "concern": format!("{:?}", k.concern),
        })),
        "by_source": table_json(&t.by_source, |k| json!({
            "source": k.map_or_else(|| "unknown".to_string(), |s| format!("{s:?}")),
        })),
    })
}
