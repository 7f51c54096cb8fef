//! What `infohus check [--repair]` found and did, in the user's language. The store reports
//! typed findings (`store::Problem`, `store::Repaired`); their English `Display` is for logs.

use super::Lang;
use crate::domain::dates::format_datetime;
use crate::store::{Problem, Repaired};

pub fn problem(lang: Lang, p: &Problem) -> String {
    if lang == Lang::En {
        return match p {
            Problem::Audit(a) => super::access::problem(lang, a),
            p => p.to_string(),
        };
    }
    match p {
        Problem::Unreadable(e) => format!("Databasen meldte en fejl: {e}"),
        Problem::JournalDamaged { seg, off } => format!(
            "Journalposten i segment {seg}, byte {off} er beskadiget (infohus check --repair reparerer eller fjerner den)"
        ),
        Problem::JournalUndecodable { seg, off } => format!(
            "Journalposten i segment {seg}, byte {off} kan ikke læses af denne version af infohus"
        ),
        Problem::ViewBehind => "Oversigten er ikke à jour med journalen".into(),
        Problem::EntryUnreadable { case } => {
            format!("Sag {case}: dens post i oversigten kan ikke læses")
        }
        Problem::CaseUnreadable { case, why } => format!("Sag {case} kan ikke læses: {why}"),
        Problem::EventCount {
            case,
            view,
            journal,
        } => format!("Sag {case}: oversigten finder {view} hændelser, journalen har {journal}"),
        Problem::Replay { case, why } => {
            format!("Sag {case}: historikken hænger ikke sammen ({why})")
        }
        Problem::Version { case } => {
            format!("Sag {case}: versionen i oversigten passer ikke med historikken")
        }
        Problem::Summary { case } => format!("Sag {case}: resuméet passer ikke med sagen"),
        Problem::NoNextDate { case } => {
            format!("Sag {case} er åben, men har ingen næste dato i arbejdskøen")
        }
        Problem::MissingFromView { case } => {
            format!("Sag {case} findes i journalen, men mangler i oversigten")
        }
        Problem::Index {
            index,
            missing,
            stray,
        } => format!(
            "Indekset {index}: {missing} poster mangler, {stray} poster passer ikke til nogen sag"
        ),
        Problem::DraftUnreadable { entry } => format!("Kladdefilen: post {entry} kan ikke læses"),
        Problem::DraftSkipped { at } => {
            format!("Kladdefilen: en beskadiget post ved byte {at} blev sprunget over")
        }
        Problem::Audit(a) => super::access::problem(lang, a),
        Problem::PurgedStillStored { case } => {
            format!("Sag {case} er slettet, men ligger der stadig")
        }
        Problem::ScrubPending { cases } => {
            format!("{cases} slettede sager skal stadig fjernes fra journalen")
        }
        Problem::Counter { slot, got, want } => {
            format!("Arbejdskøens tæller {slot} siger {got}, indekset har {want}")
        }
    }
}

pub fn repaired(lang: Lang, r: &Repaired) -> String {
    if lang == Lang::En {
        return r.to_string();
    }
    let t = |t: &Option<chrono::NaiveDateTime>| t.map(format_datetime);
    match r {
        Repaired::HeaderRewritten { seg } => {
            format!("Journalsegment {seg}: det beskadigede hoved er skrevet på ny")
        }
        Repaired::ForeignMovedAside { seg, to } => format!(
            "Journalsegment {seg} hører til en anden database: flyttet til side i {}",
            to.display()
        ),
        Repaired::Renumbered { from, to } => format!(
            "Journalsegment {from} fulgte efter et manglende segment: omnummereret til {to}; posterne i det manglende segment er tabt"
        ),
        Repaired::Mended { seg, off, lsn } => format!(
            "Journalpost {lsn} (segment {seg}, byte {off}) havde én beskadiget byte: repareret"
        ),
        Repaired::TornCut { seg, bytes } => format!(
            "Journalsegment {seg}: en ufærdig sidste skrivning ({bytes} byte) er skåret fra"
        ),
        Repaired::Dropped {
            seg,
            off,
            after,
            before,
        } => format!(
            "Journalposten i segment {seg}, byte {off} var beskadiget ud over reparation og er fjernet (skrevet {})",
            match (t(after), t(before)) {
                (Some(a), Some(b)) => format!("mellem {a} og {b}"),
                (Some(a), None) => format!("efter {a}"),
                (None, Some(b)) => format!("før {b}"),
                (None, None) => "på et ukendt tidspunkt".into(),
            }
        ),
        Repaired::NeedsRepairMode { seg, off } => format!(
            "Journalsegment {seg}, byte {off} er beskadiget ud over reparation; stop serveren og kør infohus check --repair for at fjerne posten"
        ),
        Repaired::ViewRebuilt => "Oversigten er genopbygget fra journalen".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finding_has_a_danish_sentence_without_english_words() {
        let all = [
            Problem::JournalDamaged { seg: 1, off: 2 },
            Problem::ViewBehind,
            Problem::Summary { case: 3 },
            Problem::ScrubPending { cases: 2 },
        ];
        for p in &all {
            let da = problem(Lang::Da, p);
            assert!(!da.contains(" the ") && !da.contains("case "), "{da}");
            assert_ne!(da, problem(Lang::En, p));
        }
        let da = repaired(Lang::Da, &Repaired::ViewRebuilt);
        assert!(da.starts_with("Oversigten"), "{da}");
    }
}
