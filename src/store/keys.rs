//! Byte layouts of keys. Big-endian numbers so that sled's byte order is numeric order.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::domain::CaseNo;
use crate::domain::CaseState;
use crate::domain::due::{DueItem, DueKind, due_items};
use crate::domain::legal::{self, LegalKind};

pub fn case_key(no: CaseNo) -> [u8; 8] {
    no.to_be_bytes()
}

pub fn case_no_of(key: &[u8]) -> Option<CaseNo> {
    let tail: [u8; 8] = key.get(key.len().checked_sub(8)?..)?.try_into().ok()?;
    Some(CaseNo::from_be_bytes(tail))
}

/// Days since 1 Jan year 1, as u32 so that it sorts; dates before year 1 do not occur.
pub fn day_number(d: NaiveDate) -> u32 {
    u32::try_from(d.num_days_from_ce()).unwrap_or(0)
}

pub fn due_key(date: NaiveDate, no: CaseNo) -> Vec<u8> {
    let mut k = Vec::with_capacity(12);
    k.extend_from_slice(&day_number(date).to_be_bytes());
    k.extend_from_slice(&no.to_be_bytes());
    k
}

/// `[kind tag][day][item][case]`: each kind is a run of keys by date, so a queue group reads a
/// range of its own; the case number last, as in every index.
pub fn item_key(item: DueItem, no: CaseNo) -> Vec<u8> {
    let (tag, n) = item.kind.encode();
    let mut k = Vec::with_capacity(17);
    k.push(tag);
    k.extend_from_slice(&day_number(item.date).to_be_bytes());
    k.extend_from_slice(&n.to_be_bytes());
    k.extend_from_slice(&no.to_be_bytes());
    k
}

/// The first key of a kind's run on or after `date` (`None`: the run's start).
pub fn item_bound(tag: u8, date: Option<NaiveDate>) -> Vec<u8> {
    let mut k = vec![tag];
    if let Some(d) = date {
        k.extend_from_slice(&day_number(d).to_be_bytes());
    }
    k
}

pub fn item_of(key: &[u8]) -> Option<(DueItem, CaseNo)> {
    let day: [u8; 4] = key.get(1..5)?.try_into().ok()?;
    let n: [u8; 4] = key.get(5..9)?.try_into().ok()?;
    let kind = DueKind::decode(*key.first()?, u32::from_be_bytes(n))?;
    let date = date_of_day(u32::from_be_bytes(day))?;
    (key.len() == 17).then_some(())?;
    Some((DueItem { date, kind }, case_no_of(key)?))
}

pub fn date_of_day(day: u32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day).ok()?)
}

/// Index keys of one case. The follow-up date of an open case is in the due index (one per
/// open case, so its length is the open count); everything else it waits for is in the item
/// index.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IndexKeys {
    pub due: Option<Vec<u8>>,
    pub cpr: Option<Vec<u8>>,
    pub items: Vec<Vec<u8>>,
    /// One per pending legal item (`legal_key`).
    pub legal: Vec<Vec<u8>>,
}

impl IndexKeys {
    pub fn of(s: &CaseState) -> IndexKeys {
        let due = s.stage.is_open().then(|| due_key(s.next_date, s.no));
        let items = due_items(s)
            .into_iter()
            .filter(|i| i.kind != DueKind::FollowUp)
            .map(|i| item_key(i, s.no))
            .collect();
        let cpr = s.intake.person.cpr.map(|c| {
            let mut k: Vec<u8> = c.digits().iter().map(|d| b'0' + d).collect();
            k.extend_from_slice(&s.no.to_be_bytes());
            k
        });
        let legal = legal::pending(s)
            .into_iter()
            .map(|p| legal_key(p.anchor, s.no, p.kind))
            .collect();
        IndexKeys {
            due,
            cpr,
            items,
            legal,
        }
    }
}

/// `[anchor day u32][anchor second of day u32][case no u64][kind u8]`: pending legal items in
/// the order their deadlines start counting. The deadline itself is computed when read, so a
/// changed setting (closing days, feedback days) never leaves the index stale.
pub fn legal_key(anchor: NaiveDateTime, no: CaseNo, kind: LegalKind) -> Vec<u8> {
    let mut k = Vec::with_capacity(17);
    k.extend_from_slice(&day_number(anchor.date()).to_be_bytes());
    k.extend_from_slice(&anchor.time().num_seconds_from_midnight().to_be_bytes());
    k.extend_from_slice(&no.to_be_bytes());
    k.push(kind.code());
    k
}

/// The first key of a day in the legal index, for range scans.
pub fn legal_day_start(d: NaiveDate) -> [u8; 4] {
    day_number(d).to_be_bytes()
}

pub fn parse_legal_key(k: &[u8]) -> Option<(NaiveDateTime, CaseNo, LegalKind)> {
    if k.len() != 17 {
        return None;
    }
    let day = u32::from_be_bytes(k.get(0..4)?.try_into().ok()?);
    let secs = u32::from_be_bytes(k.get(4..8)?.try_into().ok()?);
    let no = CaseNo::from_be_bytes(k.get(8..16)?.try_into().ok()?);
    let kind = LegalKind::from_code(*k.get(16)?)?;
    let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(day).ok()?)?;
    let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0)?;
    Some((date.and_time(time), no, kind))
}

pub fn cpr_prefix(digits: &[u8; 10]) -> Vec<u8> {
    digits.iter().map(|d| b'0' + d).collect()
}
