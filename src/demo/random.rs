//! Drawing from tables: uniformly, by weight, or among the sentences that fit the person; and
//! the hash that makes a case's times a pure function of its position.
//!
//! Every draw consumes the generator in a fixed way, so the order of entries in a table and
//! the order of the draws in the code are part of what a seed gives.

use fastrand::Rng;

/// Which persons a sentence fits (a table's `minor`, `adult` or `any`).
pub type Fits = u8;
pub const MINOR: Fits = 1;
pub const ADULT: Fits = 2;
pub const ANY: Fits = MINOR | ADULT;

/// The sentences a person of this age fits.
pub fn fits(age: u32) -> Fits {
    if age < 18 { MINOR } else { ADULT }
}

/// One entry, uniformly. The tables are checked non-empty when they are loaded.
pub fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())]
}

pub fn weighted<T: Copy>(rng: &mut Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut n = rng.u32(..total.max(1));
    for &(item, w) in items {
        if n < w {
            return item;
        }
        n -= w;
    }
    items[items.len() - 1].0
}

/// A sentence fitting the person, from a list tagged with `MINOR`/`ADULT`.
pub fn pick_for(rng: &mut Rng, items: &[(Fits, &'static str)], mask: Fits) -> &'static str {
    for _ in 0..16 {
        let (m, s) = pick(rng, items);
        if m & mask != 0 {
            return s;
        }
    }
    items
        .iter()
        .find(|(m, _)| m & mask != 0)
        .map_or(items[0].1, |(_, s)| s)
}

/// SplitMix64: the case times are a pure function of the case's position, so a repeat concern
/// can be scheduled — and linked — before it is generated.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A hash as a fraction in [0, 1).
pub fn unit(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}
