//! Danish CPR numbers (DDMMYY-SSSS): the date must exist, the century follows from the 7th
//! digit, and modulus 11 is only a warning because numbers issued since 2007 need not pass it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub struct Cpr([u8; 10]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegalSex {
    Female,
    Male,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CprInfo {
    pub cpr: Cpr,
    pub birth_date: NaiveDate,
    pub modulus11_ok: bool,
    pub legal_sex: LegalSex,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
pub enum CprError {
    #[error("no CPR number given")]
    Empty,
    #[error("a CPR number has 10 digits, found {digits}")]
    WrongLength { digits: usize },
    #[error("a CPR number holds digits only")]
    NotDigits,
    #[error("the CPR number's date does not exist")]
    NoSuchDate,
    #[error("the CPR number's century cannot be determined")]
    CenturyNotDefined,
}

const WEIGHTS: [u32; 10] = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

impl Cpr {
    pub fn from_digits(d: [u8; 10]) -> Self {
        Cpr(d)
    }

    pub fn digits(&self) -> [u8; 10] {
        self.0
    }

    fn text(&self, range: std::ops::Range<usize>) -> String {
        self.0[range]
            .iter()
            .map(|d| char::from(b'0' + d % 10))
            .collect()
    }

    pub fn formatted(&self) -> String {
        format!("{}-{}", self.text(0..6), self.text(6..10))
    }

    /// The date part only: enough to recognise a person on screen, not to identify them.
    pub fn masked(&self) -> String {
        format!("{}-XXXX", self.text(0..6))
    }
}

/// Year from the 7th digit and YY (DESIGN §3).
pub fn century_year(d7: u8, yy: u8) -> Option<i32> {
    let yy = i32::from(yy);
    match d7 {
        0..=3 => Some(1900 + yy),
        4 | 9 => Some(if yy <= 36 { 2000 + yy } else { 1900 + yy }),
        5..=8 => Some(if yy <= 57 { 2000 + yy } else { 1800 + yy }),
        _ => None,
    }
}

pub fn modulus11_ok(d: &[u8; 10]) -> bool {
    let sum: u32 = d.iter().zip(WEIGHTS).map(|(x, w)| u32::from(*x) * w).sum();
    sum.is_multiple_of(11)
}

/// The last digit that makes a number with these first nine digits pass modulus 11, or `None`
/// when no digit does (the remainder asks for a 10).
pub fn modulus11_check_digit(first_nine: &[u8; 9]) -> Option<u8> {
    let sum: u32 = first_nine
        .iter()
        .zip(WEIGHTS)
        .map(|(x, w)| u32::from(*x) * w)
        .sum();
    u8::try_from((11 - sum % 11) % 11).ok().filter(|&d| d < 10)
}

/// The digits typed so far (for matching while typing): dashes and spaces ignored, at most 10.
pub fn partial_digits(input: &str) -> Vec<u8> {
    input
        .chars()
        .filter_map(|c| c.to_digit(10))
        .filter_map(|d| u8::try_from(d).ok())
        .take(10)
        .collect()
}

/// Accepts "DDMMYY-SSSS", "DDMMYYSSSS" or "DDMMYY SSSS", with surrounding whitespace.
pub fn parse_cpr(input: &str) -> Result<CprInfo, CprError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(CprError::Empty);
    }
    let compact: String = match s.char_indices().find(|(_, c)| *c == '-' || *c == ' ') {
        Some((6, _)) => s.chars().filter(|&c| c != '-' && c != ' ').collect(),
        Some(_) => return Err(CprError::NotDigits),
        None => s.to_string(),
    };
    if compact.chars().any(|c| !c.is_ascii_digit()) {
        return Err(CprError::NotDigits);
    }
    let digits: Vec<u8> = compact.bytes().map(|b| b - b'0').collect();
    let d: [u8; 10] = digits
        .as_slice()
        .try_into()
        .map_err(|_| CprError::WrongLength {
            digits: digits.len(),
        })?;
    let day = u32::from(d[0] * 10 + d[1]);
    let month = u32::from(d[2] * 10 + d[3]);
    let yy = d[4] * 10 + d[5];
    let year = century_year(d[6], yy).ok_or(CprError::CenturyNotDefined)?;
    let birth_date = NaiveDate::from_ymd_opt(year, month, day).ok_or(CprError::NoSuchDate)?;
    Ok(CprInfo {
        cpr: Cpr(d),
        birth_date,
        modulus11_ok: modulus11_ok(&d),
        legal_sex: if d[9].is_multiple_of(2) {
            LegalSex::Female
        } else {
            LegalSex::Male
        },
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CprNearness {
    Same,
    OneDigitWrong,
    AdjacentSwap,
}

/// How close two CPR numbers are: the same, one digit mistyped, or two neighbours swapped.
pub fn cpr_nearness(a: &[u8; 10], b: &[u8; 10]) -> Option<CprNearness> {
    let diff: Vec<usize> = (0..10).filter(|&i| a[i] != b[i]).collect();
    match diff.as_slice() {
        [] => Some(CprNearness::Same),
        [_] => Some(CprNearness::OneDigitWrong),
        [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i] => {
            Some(CprNearness::AdjacentSwap)
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A number with the given first nine digits whose check digit passes modulus 11 (when one
    /// exists for them).
    fn with_check_digit(nine: &str) -> Option<String> {
        (0..10u8).find_map(|c| {
            let s = format!("{nine}{c}");
            let d: [u8; 10] = partial_digits(&s).try_into().ok()?;
            modulus11_ok(&d).then(|| format!("{}-{}", &s[..6], &s[6..]))
        })
    }

    #[test]
    fn the_check_digit_is_the_one_modulus_11_accepts() {
        for nine in [
            "010190123",
            "311299400",
            "290208812",
            "000000000",
            "123456789",
        ] {
            let first: [u8; 9] = partial_digits(nine).try_into().unwrap();
            let passing: Vec<u8> = (0..10u8)
                .filter(|&c| {
                    let mut d = [0u8; 10];
                    d[..9].copy_from_slice(&first);
                    d[9] = c;
                    modulus11_ok(&d)
                })
                .collect();
            assert_eq!(
                modulus11_check_digit(&first),
                passing.first().copied(),
                "{nine}"
            );
            assert!(passing.len() <= 1);
        }
        // 4·0+3·1+2·0+7·1+6·9+5·0+4·1+3·2+2·3 = 80, remainder 3: the check digit is 8.
        assert_eq!(modulus11_check_digit(&[0, 1, 0, 1, 9, 0, 1, 2, 3]), Some(8));
        // 3·4 = 12, remainder 1: it would take a 10, so no number with these nine passes.
        assert_eq!(modulus11_check_digit(&[0, 0, 0, 0, 0, 0, 0, 4, 0]), None);
    }

    #[test]
    fn the_seventh_digit_sets_the_century() {
        assert_eq!(
            parse_cpr("010190-1234").unwrap().birth_date,
            date(1990, 1, 1)
        );
        assert_eq!(
            parse_cpr("010136-4234").unwrap().birth_date,
            date(2036, 1, 1)
        );
        assert_eq!(
            parse_cpr("010137-4234").unwrap().birth_date,
            date(1937, 1, 1)
        );
        assert_eq!(
            parse_cpr("010157-5234").unwrap().birth_date,
            date(2057, 1, 1)
        );
        assert_eq!(
            parse_cpr("010158-5234").unwrap().birth_date,
            date(1858, 1, 1)
        );
        assert_eq!(
            parse_cpr("010110-9234").unwrap().birth_date,
            date(2010, 1, 1)
        );
        assert_eq!(
            parse_cpr("010199-9234").unwrap().birth_date,
            date(1999, 1, 1)
        );
        assert_eq!(
            parse_cpr("010199-3234").unwrap().birth_date,
            date(1999, 1, 1)
        );
    }

    #[test]
    fn the_date_must_exist_including_leap_days() {
        assert!(parse_cpr("290200-4000").is_ok(), "2000 is a leap year");
        assert_eq!(
            parse_cpr("290200-0000"),
            Err(CprError::NoSuchDate),
            "1900 is not"
        );
        assert_eq!(parse_cpr("310490-1234"), Err(CprError::NoSuchDate));
        assert_eq!(parse_cpr("011390-1234"), Err(CprError::NoSuchDate));
        assert_eq!(parse_cpr("000190-1234"), Err(CprError::NoSuchDate));
    }

    #[test]
    fn malformed_input_is_named() {
        assert_eq!(parse_cpr(""), Err(CprError::Empty));
        assert_eq!(parse_cpr("  "), Err(CprError::Empty));
        assert_eq!(
            parse_cpr("01019012345"),
            Err(CprError::WrongLength { digits: 11 })
        );
        assert_eq!(
            parse_cpr("010190-123"),
            Err(CprError::WrongLength { digits: 9 })
        );
        assert_eq!(parse_cpr("01019O-1234"), Err(CprError::NotDigits));
        assert_eq!(parse_cpr("0101-901234"), Err(CprError::NotDigits));
        assert_eq!(parse_cpr("١٢٣٤٥٦٧٨٩٠"), Err(CprError::NotDigits));
    }

    #[test]
    fn the_accepted_spellings() {
        let a = parse_cpr("0101901234").unwrap();
        assert_eq!(parse_cpr(" 010190-1234 ").unwrap(), a);
        assert_eq!(parse_cpr("010190 1234").unwrap(), a);
    }

    #[test]
    fn modulus_11_is_a_warning_not_an_error() {
        let good = with_check_digit("010190123").unwrap();
        assert!(parse_cpr(&good).unwrap().modulus11_ok);
        let mut bad = good.clone();
        let last = bad.pop().unwrap().to_digit(10).unwrap();
        bad.push(char::from_digit((last + 1) % 10, 10).unwrap());
        let info = parse_cpr(&bad).unwrap();
        assert!(!info.modulus11_ok);
    }

    #[test]
    fn the_last_digit_gives_legal_sex_and_the_mask_hides_it() {
        let info = parse_cpr("010190-1235").unwrap();
        assert_eq!(info.legal_sex, LegalSex::Male);
        assert_eq!(
            parse_cpr("010190-1234").unwrap().legal_sex,
            LegalSex::Female
        );
        assert_eq!(info.cpr.masked(), "010190-XXXX");
        assert_eq!(info.cpr.formatted(), "010190-1235");
    }

    #[test]
    fn near_numbers_are_recognised() {
        let a = partial_digits("0101901234").try_into().unwrap();
        let one: [u8; 10] = partial_digits("0101901284").try_into().unwrap();
        let swap: [u8; 10] = partial_digits("0110901234").try_into().unwrap();
        let two: [u8; 10] = partial_digits("0101901289").try_into().unwrap();
        assert_eq!(cpr_nearness(&a, &a), Some(CprNearness::Same));
        assert_eq!(cpr_nearness(&a, &one), Some(CprNearness::OneDigitWrong));
        assert_eq!(cpr_nearness(&a, &swap), Some(CprNearness::AdjacentSwap));
        assert_eq!(cpr_nearness(&a, &two), None);
    }

    #[test]
    fn partial_digits_ignore_separators() {
        assert_eq!(partial_digits("0101-9"), vec![0, 1, 0, 1, 9]);
        assert_eq!(partial_digits("01019012345678").len(), 10);
    }
}
