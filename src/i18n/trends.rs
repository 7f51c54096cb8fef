//! The texts of the trends ("Tendenser"): the screen, `infohus trends` and its JSON keys.

use std::fmt::Write as _;

use super::retention::months;
use super::{Lang, pick};
use crate::domain::dates::format_date;
use crate::domain::stats::Period;
use crate::domain::trends::{Change, DistrictConcern, TrendRow, TrendTable, Trends};

macro_rules! trend_texts {
    ($($key:ident => $da:expr, $en:expr;)*) => {
        /// Fixed texts of the trends.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Tr { $($key),* }
        impl Tr {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(Tr::$key => pick(lang, $da, $en)),*
                }
            }
        }
    };
}

trend_texts! {
    Title => "Tendenser", "Trends";
    ByDistrict => "Område × bekymringstype (en sag kan have flere typer)", "District × concern type (a case may have several types)";
    BySource => "Kilder", "Sources";
    District => "Område", "District";
    Concern => "Bekymringstype", "Concern type";
    Source => "Kilde", "Source";
    Now => "Nu", "Now";
    Before => "Før", "Before";
    Change => "Ændring", "Change";
    Total => "I alt", "Total";
    UnknownDistrict => "område ikke oplyst", "district not recorded";
    UnknownSource => "kilde ikke oplyst", "source not recorded";
    Nothing => "Ingen henvendelser i de to perioder.", "No concerns in the two periods.";
    Against => "mod", "against";
    Legend => "<5 = 1–4 · x = skjult · ↑↓ steget/faldet · ? = ville afsløre et lille tal", "<5 = 1–4 · x = hidden · ↑↓ rose/fell · ? = would give a small count away";
}

/// "+6 ↑", "−3 ↓", "0 =", or a direction or "?" when a count is suppressed.
pub fn change(c: Change) -> String {
    match c {
        Change::By(0) => "0 =".into(),
        Change::By(n) if n > 0 => format!("+{n} ↑"),
        Change::By(n) => format!("−{} ↓", n.unsigned_abs()),
        Change::Up => "↑".into(),
        Change::Down => "↓".into(),
        Change::Unknown => "?".into(),
    }
}

fn span(p: &Period) -> String {
    format!(
        "{} – {}",
        p.from.map(format_date).unwrap_or_default(),
        p.to.map(format_date).unwrap_or_default()
    )
}

/// "Nu: 24-08-2026 – 23-11-2026 · Før: 24-05-2026 – 23-08-2026 (3 mdr. hver)".
pub fn heading(lang: Lang, t: &Trends) -> String {
    let m = months(lang, t.months);
    format!(
        "{}: {} · {}: {} ({m} {})",
        Tr::Now.get(lang),
        span(&t.now),
        Tr::Before.get(lang),
        span(&t.before),
        pick(lang, "hver", "each")
    )
}

pub fn district(lang: Lang, k: &DistrictConcern) -> (String, String) {
    (
        k.district
            .clone()
            .unwrap_or_else(|| Tr::UnknownDistrict.get(lang).to_string()),
        super::concern(lang, k.concern).to_string(),
    )
}

pub fn source(lang: Lang, k: &Option<crate::domain::intake::SourceCategory>) -> String {
    k.map_or(Tr::UnknownSource.get(lang), |s| super::source(lang, s))
        .to_string()
}

/// The rows worth reading: those with a concern in either period.
pub fn shown<K>(t: &TrendTable<K>) -> impl Iterator<Item = &TrendRow<K>> {
    t.rows.iter().filter(|r| {
        r.now != crate::domain::stats::Cell::Count(0)
            || r.before != crate::domain::stats::Cell::Count(0)
    })
}

/// The plain text of `infohus trends`.
pub fn text(lang: Lang, t: &Trends) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{} · {}", Tr::Title.get(lang), heading(lang, t));
    let _ = writeln!(w, "{}", Tr::Legend.get(lang));
    let head = |w: &mut String, a: &str, b: &str| {
        let _ = writeln!(
            w,
            "  {a:<22} {b:<32} {:>6} {:>6} {:>8}",
            Tr::Now.get(lang),
            Tr::Before.get(lang),
            Tr::Change.get(lang)
        );
    };
    let row = |w: &mut String, a: &str, b: &str, r: (String, String, String)| {
        let _ = writeln!(w, "  {a:<22} {b:<32} {:>6} {:>6} {:>8}", r.0, r.1, r.2);
    };
    let cells = |now: crate::domain::stats::Cell, before: crate::domain::stats::Cell, c: Change| {
        (now.shown(), before.shown(), change(c))
    };
    let _ = writeln!(w, "\n{}", Tr::ByDistrict.get(lang));
    head(w, Tr::District.get(lang), Tr::Concern.get(lang));
    for r in shown(&t.by_district) {
        let (d, c) = district(lang, &r.key);
        row(w, &d, &c, cells(r.now, r.before, r.change));
    }
    let tb = &t.by_district;
    row(
        w,
        Tr::Total.get(lang),
        "",
        cells(tb.now_total, tb.before_total, tb.change),
    );
    let _ = writeln!(w, "\n{}", Tr::BySource.get(lang));
    head(w, Tr::Source.get(lang), "");
    for r in shown(&t.by_source) {
        row(
            w,
            &source(lang, &r.key),
            "",
            cells(r.now, r.before, r.change),
        );
    }
    let ts = &t.by_source;
    row(
        w,
        Tr::Total.get(lang),
        "",
        cells(ts.now_total, ts.before_total, ts.change),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_signed_and_marked() {
        assert_eq!(change(Change::By(6)), "+6 ↑");
        assert_eq!(change(Change::By(-3)), "−3 ↓");
        assert_eq!(change(Change::By(0)), "0 =");
        assert_eq!(change(Change::Unknown), "?");
    }
}
