//! Stable sorting through a single instance of the standard library's sort: each
//! `sort_by` of a different element type or comparison is otherwise compiled into a sort
//! of its own (about 3.5 KB of wasm each). Here only the positions are sorted, by a
//! comparison passed as `&dyn`, and the elements moved into the order found.

use std::cmp::Ordering;

/// `v` sorted by `compare`, keeping equal elements in their order (as `slice::sort_by`).
pub fn sort_by<T>(v: Vec<T>, compare: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    let order = positions(v.len(), &|a, b| compare(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.into_iter().map(Some).collect();
    // `order` is a permutation: each slot is taken exactly once.
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// `v` sorted by `key`, keeping equal elements in their order (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(v: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    sort_by(v, |a, b| key(a).cmp(&key(b)))
}

/// The positions `0..n` in the order `compare` gives them, stably.
#[inline(never)]
fn positions(n: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        let v: Vec<(u8, usize)> = [3u8, 1, 2, 1, 3, 0, 2, 2, 9, 0]
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k, i))
            .collect();
        let mut expected = v.clone();
        expected.sort_by_key(|p| p.0);
        assert_eq!(sort_by_key(v.clone(), |p| p.0), expected);
        let mut reversed = v.clone();
        reversed.sort_by_key(|p| std::cmp::Reverse(p.0));
        assert_eq!(sort_by(v, |a, b| b.0.cmp(&a.0)), reversed);
        assert_eq!(sort_by_key(Vec::<u8>::new(), |x| *x), Vec::<u8>::new());
    }
}
