//! One small sort for the many element types the engine sorts.
//!
//! `slice::sort_unstable` is monomorphised for each element type and order into several
//! kilobytes of code (quicksort with small-sort networks and a heapsort fallback); the
//! dozen types sorted here made that about 10 KB of the compressed WebAssembly module. The
//! lists are short (a post's hits, spans, term ids) or sorted once when a policy is
//! compiled, so a plain heapsort does.
//!
//! Only for total orders, under which elements that compare equal are identical (derived
//! `Ord`, or keys known to be unique): then every correct sort gives the same result, so
//! the reports do not depend on which one is used. Sorts by partial keys, whose ties keep
//! whatever order the algorithm leaves, stay on `sort_unstable_by`.

/// Sorts `v` ascending by `Ord`.
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a < b);
}

/// Sorts `v` ascending by `key`, which must be unique among the elements.
pub(crate) fn sort_by_unique_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a) < key(b));
}

/// Sorts `v` by the strict order `less`; elements neither of which is less than the other
/// must be identical. A heapsort in the WebAssembly build; elsewhere, where code size is no
/// concern, the standard library's sort, which is much faster on the nearly sorted lists the
/// scanner produces. The order being total, both give the same result.
#[cfg_attr(target_arch = "wasm32", allow(unused_mut))]
pub(crate) fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::cmp::Ordering;
        v.sort_unstable_by(|a, b| {
            if less(a, b) {
                Ordering::Less
            } else if less(b, a) {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        });
    }
    #[cfg(target_arch = "wasm32")]
    heapsort(v, less);
}

/// A heapsort: small code for every element type.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn heapsort<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n, &mut less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, &mut less);
    }
}

/// Restores the max-heap below `root` within `v[..end]`.
fn sift_down<T>(v: &mut [T], mut root: usize, end: usize, less: &mut impl FnMut(&T, &T) -> bool) {
    let mut lt = |v: &[T], a: usize, b: usize| matches!((v.get(a), v.get(b)), (Some(x), Some(y)) if less(x, y));
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && lt(v, child, child + 1) {
            child += 1;
        }
        if !lt(v, root, child) {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(mut v in proptest::collection::vec((0u8..8, 0u16..300), 0..200)) {
            let mut expected = v.clone();
            expected.sort_unstable();
            sort(&mut v);
            prop_assert_eq!(v, expected);
        }

        #[test]
        fn the_heapsort_sorts_like_the_standard_library(mut v in proptest::collection::vec((0u8..8, 0u16..300), 0..200)) {
            // What the WebAssembly build runs.
            let mut expected = v.clone();
            expected.sort_unstable();
            heapsort(&mut v, |a, b| a < b);
            prop_assert_eq!(v, expected);
        }

        #[test]
        fn sorts_by_unique_keys(n in 0usize..300, seed in any::<u64>()) {
            // Up to n distinct values (the products may collide modulo the prime,
            // so dedup can leave fewer), keyed by themselves: unique keys.
            let mut v: Vec<u64> = (0..n as u64).map(|i| i.wrapping_mul(seed | 1) % 1_000_003).collect();
            v.sort_unstable();
            v.dedup();
            let mut shuffled: Vec<u64> = v.iter().rev().copied().collect();
            let third = shuffled.len() / 3;
            shuffled.rotate_left(third);
            sort_by_unique_key(&mut shuffled, |x| std::cmp::Reverse(*x));
            let expected: Vec<u64> = v.into_iter().rev().collect();
            prop_assert_eq!(shuffled, expected);
        }
    }
}
