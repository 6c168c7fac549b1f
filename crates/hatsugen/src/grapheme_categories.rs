// The grapheme break categories, as `src/grapheme_breaks.tsv` names them: a category is its
// index here. Included by `build.rs`, which encodes the table, and by the tests of
// `src/grapheme.rs`, which derive it from `unicode-segmentation`.
[
    "Any",
    "CR",
    "LF",
    "Control",
    "Extend",
    "ZWJ",
    "SpacingMark",
    "Prepend",
    "L",
    "V",
    "T",
    "LV",
    "LVT",
    "Regional_Indicator",
    "Extended_Pictographic",
    "InCB_Consonant",
]
