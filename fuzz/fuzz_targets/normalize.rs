//! The normaliser's offset map: every folded range maps back inside the original, on char
//! boundaries, and snapping widens it to grapheme boundaries.
#![no_main]

use hatsugen::text::{Normalized, snap_to_graphemes};
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::UnicodeSegmentation;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let n = Normalized::new(text);
    let folded = n.as_str();
    let bounds: Vec<usize> = folded.char_indices().map(|(i, _)| i).chain(std::iter::once(folded.len())).collect();
    let graphemes: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    for (k, &i) in bounds.iter().enumerate().take(64) {
        for &j in bounds.iter().skip(k + 1).take(8) {
            let (s, e) = n.original_range(i, j).expect("non-empty range maps");
            assert!(s <= e && e <= text.len());
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            let span = snap_to_graphemes(text, s, e);
            assert!(span.start <= s && e <= span.end.max(e) && span.end <= text.len());
            assert!(graphemes.contains(&span.start), "start {} not on a grapheme boundary", span.start);
            if span.end > span.start {
                assert!(graphemes.contains(&span.end), "end {} not on a grapheme boundary", span.end);
            }
        }
    }
    assert_eq!(hatsugen::text::fold(folded), folded, "folding is idempotent");
});
