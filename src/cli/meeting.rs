//! `infohus meeting [N] [--minutes] [-o FILE]`: the meetings, or one meeting's minutes.

use std::path::Path;
use std::process::ExitCode;

use super::{open, sentence};
use crate::domain::dates::format_date;
use crate::i18n::Lang;
use crate::i18n::follow::{self as fo, Fu};

pub fn run(
    db: &Path,
    lang: Lang,
    number: Option<u64>,
    minutes: bool,
    output: Option<&Path>,
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    let svc = open(db, false, lang)?;
    if as_json {
        let v = match number {
            // One meeting as its minutes show it (names in decisions cut to initials): made
            // for use elsewhere, so logged like the minutes.
            Some(no) => {
                let m = svc.minutes(no).map_err(|e| sentence(lang, &e))?;
                svc.audit_minutes(no).map_err(|e| sentence(lang, &e))?;
                meeting_json(&m, lang)
            }
            None => serde_json::Value::Array(
                svc.meetings()
                    .map_err(|e| sentence(lang, &e))?
                    .iter()
                    .map(|m| {
                        serde_json::json!({
                            "no": m.no,
                            "date": m.date,
                            "kind": format!("{:?}", m.kind),
                            "kind_text": fo::meeting_kind(lang, m.kind),
                            "items": m.items.len(),
                            "decided": m.done(),
                        })
                    })
                    .collect(),
            ),
        };
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::SUCCESS);
    }
    let Some(no) = number else {
        let meetings = svc.meetings().map_err(|e| sentence(lang, &e))?;
        if meetings.is_empty() {
            println!("{}", Fu::NoMeetingsCli.get(lang));
        }
        for m in meetings {
            println!(
                "{:>4}  {}  {:<18} {}/{} {}",
                m.no,
                format_date(m.date),
                fo::meeting_kind(lang, m.kind),
                m.done(),
                m.items.len(),
                Fu::ItemsDone.get(lang)
            );
        }
        return Ok(ExitCode::SUCCESS);
    };
    if !minutes {
        anyhow::bail!("{}", Fu::MinutesFlag.get(lang));
    }
    let meeting = svc.minutes(no).map_err(|e| sentence(lang, &e))?;
    let text = crate::i18n::follow::minutes(lang, &meeting);
    match output {
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
            let mut tmp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))?;
            std::io::Write::write_all(&mut tmp, text.as_bytes())?;
            tmp.persist(path)
                .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.error))?;
        }
        None => print!("{text}"),
    }
    svc.audit_minutes(no).map_err(|e| sentence(lang, &e))?;
    Ok(ExitCode::SUCCESS)
}

/// A meeting for scripts, as its minutes show it: its record under its own field names, the
/// decision record each item's case holds (`null` for general and undecided items), and the
/// §115 notice the minutes carry.
fn meeting_json(m: &crate::domain::meeting::MinutesDoc, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "notice_115": crate::i18n::T::Notice115.get(lang),
        "meeting": m.meeting,
        "records": m.records,
    })
}
