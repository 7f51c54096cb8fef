//! Index keys packed into buckets. sled spends some 170 bytes of disk on every key however
//! small, and the work-queue indexes have a key per item: at 100,000 cases that was 60 MB for
//! 5 MB of keys. So a key is split into a bucket (its first bytes: a day, or a kind and a day)
//! and a member (the rest, fixed width), and each bucket holds its members as one sorted value.
//! Readers still see whole keys in order; a save rewrites the few buckets it touches.

use super::error::StoreError;
use super::view::{CPR, DUE, ITEMS, LEGAL};

/// How a tree's keys split: the bucket's length and the member's.
pub fn shape(tree: usize) -> Option<(usize, usize)> {
    match tree {
        // [day 4][case 8]
        DUE => Some((4, 8)),
        // [kind 1][day 4][n 4][case 8]
        ITEMS => Some((5, 12)),
        // [anchor day 4][second 4][case 8][kind 1]
        LEGAL => Some((4, 13)),
        // [10 digits][case 8], bucketed by the birthday (DDMM)
        CPR => Some((4, 14)),
        _ => None,
    }
}

/// The members of a bucket's value.
pub fn members(value: &[u8], width: usize) -> impl Iterator<Item = &[u8]> {
    value.chunks_exact(width)
}

/// Adds or removes `member` in a sorted bucket value.
pub fn edit(value: &mut Vec<u8>, width: usize, member: &[u8], add: bool) {
    let n = value.len() / width;
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if &value[mid * width..(mid + 1) * width] < member {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let at = lo * width;
    let present = value.get(at..at + width) == Some(member);
    match (add, present) {
        (true, false) => {
            value.splice(at..at, member.iter().copied());
        }
        (false, true) => {
            value.drain(at..at + width);
        }
        _ => {}
    }
}

/// Every whole key of `tree` in `[lo, hi)`, in order.
pub fn range<'a>(
    tree: &'a sled::Tree,
    shape: (usize, usize),
    lo: &'a [u8],
    hi: &'a [u8],
) -> impl Iterator<Item = Result<Vec<u8>, StoreError>> + 'a {
    let (split, width) = shape;
    let start = lo[..lo.len().min(split)].to_vec();
    tree.range(start..)
        .map_while(move |r| match r {
            Ok((b, v)) => (b.as_ref() < hi).then_some(Ok((b, v))),
            Err(e) => Some(Err(StoreError::from(e))),
        })
        .flat_map(move |r| {
            let keys: Vec<Result<Vec<u8>, StoreError>> = match r {
                Ok((b, v)) => members(&v, width)
                    .map(|m| [b.as_ref(), m].concat())
                    .filter(|k| k.as_slice() >= lo && k.as_slice() < hi)
                    .map(Ok)
                    .collect(),
                Err(e) => vec![Err(e)],
            };
            keys
        })
}

/// Whether `tree` holds the whole key `key`.
pub fn contains(tree: &sled::Tree, shape: (usize, usize), key: &[u8]) -> Result<bool, StoreError> {
    let (split, width) = shape;
    if key.len() != split + width {
        return Ok(false);
    }
    let (b, m) = key.split_at(split);
    Ok(tree
        .get(b)?
        .is_some_and(|v| members(&v, width).any(|x| x == m)))
}

/// Every whole key of `tree`.
pub fn all(
    tree: &sled::Tree,
    shape: (usize, usize),
) -> impl Iterator<Item = Result<Vec<u8>, StoreError>> + '_ {
    range(tree, shape, &[], &[0xFF; 32])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn members_stay_sorted_and_unique() {
        let mut v = Vec::new();
        for m in [[3u8, 0], [1, 9], [2, 2], [1, 9], [9, 9]] {
            edit(&mut v, 2, &m, true);
        }
        assert_eq!(v, [1, 9, 2, 2, 3, 0, 9, 9]);
        edit(&mut v, 2, &[2, 2], false);
        edit(&mut v, 2, &[5, 5], false);
        assert_eq!(v, [1, 9, 3, 0, 9, 9]);
    }

    #[test]
    fn a_range_reads_whole_keys_across_buckets() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::Config::new()
            .temporary(true)
            .path(dir.path())
            .open()
            .unwrap();
        let t = db.open_tree("x").unwrap();
        t.insert([0, 1], vec![5, 6, 7]).unwrap();
        t.insert([0, 2], vec![1, 2, 3]).unwrap();
        let got: Vec<Vec<u8>> = range(&t, (2, 1), &[0, 1, 6], &[0, 2, 3])
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            got,
            vec![vec![0, 1, 6], vec![0, 1, 7], vec![0, 2, 1], vec![0, 2, 2]]
        );
        assert_eq!(all(&t, (2, 1)).count(), 6);
    }
}
