//! CPR numbers for the demo's persons. The rules are the domain's (`domain::cpr`): which
//! seventh digits give back the birth year's century, and which last digit passes modulus 11.

use chrono::{Datelike, NaiveDate};
use fastrand::Rng;

use super::random::pick;
use crate::domain::cpr::{century_year, modulus11_check_digit};

/// The seventh digits in the order the demo draws among those that fit a birth year.
const SEVENTHS: [u8; 10] = [0, 1, 2, 3, 4, 9, 5, 6, 7, 8];

/// A CPR number for this birth date and legal sex (odd last digit: male). Numbers issued since
/// 2007 need not pass modulus 11; `modulus` asks for one that does.
pub fn build_cpr(rng: &mut Rng, born: NaiveDate, male: bool, modulus: bool) -> [u8; 10] {
    let yy = born.year().rem_euclid(100);
    let two = |n: u32| [(n / 10) as u8, (n % 10) as u8];
    let [d1, d2] = two(born.day());
    let [m1, m2] = two(born.month());
    let [y1, y2] = two(yy.unsigned_abs());
    let mut fitting = [0u8; 10];
    let mut n = 0;
    for d7 in SEVENTHS {
        if century_year(d7, y1 * 10 + y2) == Some(born.year()) {
            fitting[n] = d7;
            n += 1;
        }
    }
    // A year no seventh digit can express (after 2057) still gets a number, if a wrong one.
    let sevenths = if n == 0 { &SEVENTHS[..] } else { &fitting[..n] };
    let mut d = [d1, d2, m1, m2, y1, y2, 0, 0, 0, 0];
    for _ in 0..64 {
        d[6] = pick(rng, sevenths);
        d[7] = rng.u8(0..10);
        d[8] = rng.u8(0..10);
        let check = modulus11_check_digit(&[d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]]);
        if modulus {
            match check {
                Some(c) if (c % 2 == 1) == male => {
                    d[9] = c;
                    return d;
                }
                _ => continue,
            }
        }
        let parity = u8::from(male);
        let last = rng.u8(0..5) * 2 + parity;
        d[9] = if Some(last) == check {
            (last + 2) % 10
        } else {
            last
        };
        return d;
    }
    d
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::cpr::{Cpr, modulus11_ok, parse_cpr};

    #[test]
    fn cpr_numbers_follow_the_seventh_digit_rule() {
        let mut rng = Rng::with_seed(5);
        for (y, m, d) in [
            (1966, 3, 1),
            (1999, 12, 31),
            (2000, 1, 1),
            (2008, 2, 29),
            (2014, 7, 9),
        ] {
            let born = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            for male in [true, false] {
                for modulus in [true, false] {
                    let c = build_cpr(&mut rng, born, male, modulus);
                    let info = parse_cpr(&Cpr::from_digits(c).formatted()).unwrap();
                    assert_eq!(info.birth_date, born);
                    assert_eq!(modulus11_ok(&c), modulus);
                    assert_eq!(c[9] % 2 == 1, male);
                }
            }
        }
    }

    #[test]
    fn only_the_seventh_digits_of_the_birth_century_are_drawn() {
        // Born 2000–2036: 4 and 9, or 5 to 8.
        let born = NaiveDate::from_ymd_opt(2010, 6, 15).unwrap();
        let mut seen = Vec::new();
        let mut rng = Rng::with_seed(1);
        for _ in 0..200 {
            let d7 = build_cpr(&mut rng, born, true, false)[6];
            if !seen.contains(&d7) {
                seen.push(d7);
            }
        }
        seen.sort_unstable();
        assert_eq!(seen, [4, 5, 6, 7, 8, 9]);
    }
}
