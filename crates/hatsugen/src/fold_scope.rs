//! Which characters step 2 of the folding (NFKC) applies to. Compiled by `build.rs`
//! (`#[path]`), which writes the folding tables for these characters only, and by the
//! library's tests, which check the tables against NFKC for them.

/// Whether NFKC applies to `cp`. Not to the presentation forms of Arabic and Hebrew, the
/// Arabic mathematical letters, the Hangul compatibility, half-width, circled and
/// parenthesised letters and the Tibetan signs: no pack's term is written in those scripts,
/// nor does a Japanese post disguise a word with them. Nor to the CJK compatibility
/// ideographs kept for round-tripping Korean standards (U+F900–U+FA0B for KS X 1001,
/// U+FA70–U+FAD9 for KPS 10721) and the supplement (U+2F800–U+2FA1F, Taiwanese variants of
/// rare ideographs), which no Japanese input method gives. They were 3.6 KB of the gzipped
/// WebAssembly module. Everything used to dress up Japanese or Latin text still folds:
/// full-width and half-width forms, the compatibility ideographs of JIS X 0213 and of the IBM
/// extensions (U+FA0C–U+FA6D), Kangxi radicals, circled, squared and parenthesised forms,
/// mathematical alphanumerics, ligatures.
pub(crate) fn folded_script(cp: u32) -> bool {
    !matches!(
        cp,
        0x0F00..=0x0FFF
            | 0x3131..=0x318E
            | 0x3200..=0x321E
            | 0x3260..=0x327E
            | 0xF900..=0xFA0B
            | 0xFA70..=0xFAD9
            | 0xFB1D..=0xFDFF
            | 0xFE70..=0xFEFF
            | 0xFFA0..=0xFFDC
            | 0x1EE00..=0x1EEFF
            | 0x2F800..=0x2FA1F
    )
}
