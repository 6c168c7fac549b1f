//! Personal-data detectors (個人情報): Japanese identifiers and contact data in a post.
//!
//! [`PiiScanner`] is built once (its keyword automaton compiled) and is immutable and
//! `Send + Sync`. [`PiiScanner::scan`] works directly on the **original** text — it reads
//! full-width digits, 「ー」「－」「‐」 hyphens, dots, spaces, ideographic spaces, brackets
//! and (for phone numbers) 「の」 or slashes between digits, digits said in words (ゼロ,
//! 〇, いち, ひと, キュー …), and ignores zero-width characters (U+200B–U+200D, U+2060,
//! U+FEFF, soft hyphen) — so every [`PiiMatch`] span is a UTF-8 byte range on character
//! boundaries of the text as written, covering the original characters.
//!
//! ```
//! use hatsugen::pii::{PiiKind, PiiScanner};
//! use hatsugen::report::Severity;
//!
//! let scanner = PiiScanner::new();
//! let mut found = Vec::new();
//! scanner.scan("連絡先は０９０ー１２３４ー５６７８です", &mut found);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].kind, PiiKind::Phone);
//! assert_eq!(found[0].severity, Severity::Block);
//! assert_eq!(found[0].masked, "090-****-5678");
//! assert_eq!(&"連絡先は０９０ー１２３４ー５６７８です"[found[0].start..found[0].end], "０９０ー１２３４ー５６７８");
//! ```
//!
//! # Detectors
//!
//! | kind | what | severity |
//! |---|---|---|
//! | `my_number` | 12 digits with the check digit of 総務省令第85号 第5条; a keyword (マイナンバー, 個人番号, 通知カード …) raises the confidence, and makes 12 digits with a wrong check digit one too | Block |
//! | `phone` | fixed lines (10 digits), 090/080/070/060 mobiles and 050 IP phones (11), `+81` forms, brackets, dots, spaces, 「の」 (090 の 1234 の 5678), slashes (090/1234/5678), full width, digits in words (ゼロキューゼロ…, ｾﾞﾛｷｭｰｾﾞﾛ…, 〇八〇の一二三四…) | Block; Warn with note `own_number` when the text says it is the author's own (私の携帯, 自分の番号, my phone …) |
//! | `email` | incl. full-width ＠／．, spaces around the @, `(at)`, `[at]`, ` at `, アットマーク, アット, `(dot)`, `[dot]`, ドット in the local part or the domain, old mobile local parts with `..` | Block; Warn with note `own_contact` for the author's own |
//! | `postal_code` | 〒 + 3-4 digits, or 7 digits after 郵便番号, or 3-4 digits before a prefecture | Warn |
//! | `address` | 丁目・番地・番・号 forms and n-n-n after a place name (spaces around the hyphens, a room number: 2-11-4-1203, …号室); romanised (3-5-12 Kugenuma, Fujisawa-shi, Kanagawa 251-0037) | Block |
//! | `credit_card` | Visa, Mastercard, Amex, JCB, Diners, Discover, UnionPay prefixes + Luhn, 14-16 digits | Block |
//! | `bank_account` | 7 digits after 銀行 / 信金 / 支店 / 口座 / 普通 / 当座 / 名義 … (also in 〇〇銀行/本店/普通/1234567); ゆうちょ 記号・番号 | Block |
//! | `passport` | 2 letters (either case; joined, or one space or hyphen apart) + 7 digits near パスポート / 旅券 / passport | Block |
//! | `drivers_licence` | 12 digits near 免許 | Block |
//! | `pension_number` | 基礎年金番号, 4+6 digits near 年金 | Block |
//! | `residence_card` | 2 letters, 8 digits (4 + 4 allowed), 2 letters, either case, spaces or hyphens between, near 在留カード / residence card | Block |
//! | `health_insurance` | 記号 / 番号 values near 保険証 / 被保険者 | Block |
//! | `birth_date` | a full date, the year included (1975年11月3日, 1985/07/22, 2001.5.14, 昭和38年5月2日, 令和元年…, S38.5.2), with 生 / 生まれ / 産まれ right after it or a label up to 20 characters before it (生年月日, 誕生日, 生年, DOB, born, date of birth, birthday); not a label inside another word (誕生日会, 1年生年間), nor a date that bounds a group (2025年4月1日生まれの方, …生以降) | Block |
//! | `vehicle_plate` | a class number (2-3 digits), one plate kana and a serial (12-34, ・・12, ・1-23), spaces between allowed, after an optional region name of two to four kanji (品川, 八戸); without a region, only with a space around the kana (500 な 88-01) and never four plain digits (so 12と13-14 is not a plate); the serial is masked | Block |
//! | `messaging_id` | 4-20 letters, digits, `.` `_` `-` after LINE ID / ラインID / LINEのID (：, →, は, spaces between) | Block; Warn with note `own_contact` for the author's own |
//! | `case_information` | a resident's name (さん / 様 / 氏, ○○さん) with 生活保護, 滞納, 病名, 虐待, DV, 障害, 認知症, 受給 … | Warn |
//! | `long_number` | 12 digits failing the My Number check (for the author to double-check) | Info |
//!
//! Deliberately **not** reported:
//!
//! * 法人番号 (13 digits, corporate numbers are public), and no 13-digit number ever yields
//!   a 12-digit sub-match;
//! * free-dial (0120, 0800), navi-dial (0570), 0180 and 0990 numbers: they belong to
//!   businesses and public bodies;
//! * a fixed-line or 050 number marked as an office's or a business's published number
//!   nearby (代表, 市役所, 問い合わせ先, 窓口, 〇〇課, 食堂, 株式会社, クリニック, 営業時間 …),
//!   and the numbers that continue its contact line (「TEL … FAX …」, up to the end of the
//!   sentence); a mobile number in that context is a Warn with note `office_context`, unless a member
//!   of the public is named near it (窓口に来たおばあちゃん, クレーマー, 〇〇さん): then it is theirs;
//!   a private person's number (自宅, 個人携帯 …) is still reported in the same post;
//! * placeholders: 03-0000-0000, `xxxx@xxxx.jp`, `example@…`, `sample@…`;
//! * 保険者番号 (the insurer's own number, printed in notices);
//! * addresses and postal codes with a public facility named nearby (市役所, 庁舎, 公民館,
//!   図書館, 駅, 学校, City Hall …), and a city or ward name alone;
//! * role e-mail addresses (info@, contact@ …) or addresses given as an office contact;
//! * dates (2024-01-15, 令和6年4月1日), times, amounts (1,234,567円), budgets, ordinance and
//!   bill numbers (第12号), ISBNs, version numbers, IP addresses, timestamps, numbers in
//!   URLs, and a 12-digit number that reads as a timestamp (YYYYMMDDhhmm) unless a My
//!   Number keyword is near;
//! * a date without a birth marker or label (令和6年4月1日から施行), a birthday without a year
//!   (誕生日は5月3日), a founding date (1975年11月3日創立), 生 as part of a word (生誕祭,
//!   生放送); a plate-like number without its kana (300さい, 第300号, 3時に12-34); an
//!   official account's ID (公式 nearby, @city_xxx); a plate without its class number
//!   (品川 さ 12-34).
//!
//! Keyword windows are bounded (30 characters, and at most one sentence for case
//! information), every anchor does a bounded amount of work, and the text is read by one
//! keyword automaton plus one pass over its digits: the scan is linear in the input.

mod address;
mod birth_plate;
mod case_info;
mod chars;
pub mod checkdigit;
mod email;
mod keywords;
mod mask;
mod numbers;
mod spoken;

use serde::{Deserialize, Serialize};

use crate::report::Severity;

/// Declares the kinds once: the enum, [`PiiKind::ALL`], the names, the rule ids and the
/// descriptions (the rules of `personal_data.*` and the docs are made from this list).
macro_rules! pii_kinds {
    ($($kind:ident => $name:literal: $what:literal,)+) => {
        /// The kind of personal data found. [`PiiKind::as_str`] gives the rule-id suffix:
        /// `personal_data.<kind>`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum PiiKind {
            $(#[doc = $what] $kind,)+
        }

        impl PiiKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [PiiKind] = &[$(PiiKind::$kind),+];

            /// The rule-id suffix: `"my_number"`, `"phone"`, … (the serde name).
            pub const fn as_str(self) -> &'static str {
                match self { $(PiiKind::$kind => $name),+ }
            }

            /// The full rule id: `"personal_data.my_number"`, `"personal_data.phone"`, …
            pub const fn rule_id(self) -> &'static str {
                match self { $(PiiKind::$kind => concat!("personal_data.", $name)),+ }
            }

            /// What it is, in one English sentence.
            pub const fn description(self) -> &'static str {
                match self { $(PiiKind::$kind => $what),+ }
            }
        }
    };
}

pii_kinds! {
    MyNumber => "my_number": "A My Number (個人番号): 12 digits with a valid check digit, or any 12 digits the post calls a My Number.",
    Phone => "phone": "A private phone number.",
    Email => "email": "An e-mail address.",
    PostalCode => "postal_code": "A postal code (郵便番号).",
    Address => "address": "A residential address (丁目・番地・号, n-n-n after a place name).",
    CreditCard => "credit_card": "A payment card number (brand prefix and Luhn check).",
    BankAccount => "bank_account": "A bank account number.",
    Passport => "passport": "A passport number.",
    DriversLicence => "drivers_licence": "A driver's licence number.",
    PensionNumber => "pension_number": "A basic pension number (基礎年金番号).",
    ResidenceCard => "residence_card": "A residence card number (在留カード).",
    HealthInsurance => "health_insurance": "A health insurance card's symbol or number (保険証の記号・番号).",
    BirthDate => "birth_date": "A date of birth: a full date with 生まれ / 生 after it or 生年月日 / 誕生日 / born before it.",
    VehiclePlate => "vehicle_plate": "A licence plate number (品川 300 さ 12-34).",
    MessagingId => "messaging_id": "A private messenger ID (LINE ID).",
    CaseInformation => "case_information": "Case information about an identifiable resident (a name with 生活保護, 滞納, 病名…).",
    LongNumber => "long_number": "A 12-digit number failing the My Number check: worth a second look.",
}

impl std::fmt::Display for PiiKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How sure the detector is. Ordered: `Low < Medium < High`. A keyword nearby
/// (マイナンバー, 電話, 口座 …) raises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The shape alone (e.g. an ungrouped valid number without any keyword).
    Low,
    /// A typical written form without a keyword.
    Medium,
    /// A keyword or label nearby confirms it.
    High,
}

/// One piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PiiMatch {
    /// What was found.
    pub kind: PiiKind,
    /// UTF-8 byte start in the original text (a character boundary).
    pub start: usize,
    /// UTF-8 byte end in the original text (a character boundary); the span covers the
    /// original characters, full-width digits and separators included.
    pub end: usize,
    /// How serious it is.
    pub severity: Severity,
    /// A suggested masked form: `"090-****-5678"`, `"****-****-1234"`, `"t***@example.jp"`.
    pub masked: String,
    /// How sure the detector is.
    pub confidence: Confidence,
    /// Extra qualification: `"own_number"` (the text says the phone number / My Number is
    /// the author's own), `"own_contact"` (the author's own e-mail address),
    /// `"office_context"` (a mobile number given as an office contact),
    /// `"check_digit_mismatch"` (twelve digits the post calls a My Number whose
    /// check digit does not match: still a `my_number`).
    pub note: Option<&'static str>,
}

/// The personal-data scanner: compiled once, immutable, `Send + Sync`.
#[derive(Debug, Clone)]
pub struct PiiScanner {
    keywords: &'static keywords::Keywords,
}

impl Default for PiiScanner {
    fn default() -> Self {
        Self::new()
    }
}

impl PiiScanner {
    /// Build the scanner. The keyword automaton depends on no policy: it is compiled by the
    /// first scanner of the process and shared by every later one.
    pub fn new() -> PiiScanner {
        static KEYWORDS: std::sync::OnceLock<keywords::Keywords> = std::sync::OnceLock::new();
        PiiScanner { keywords: KEYWORDS.get_or_init(keywords::Keywords::new) }
    }

    /// Scan `text`. `out` is cleared, then filled with the findings sorted by start, then
    /// kind; findings never overlap.
    pub fn scan(&self, text: &str, out: &mut Vec<PiiMatch>) {
        out.clear();
        out.reserve(8);
        let mut hits = Vec::with_capacity(text.len() / 32 + 4);
        let mut zeros = Vec::new();
        self.keywords.find(text, &mut hits, &mut zeros);
        let cx = keywords::Ctx::new(text, &hits);
        address::scan_units(&cx, out);
        numbers::scan(&cx, out);
        spoken::scan(&cx, &zeros, out);
        email::scan(&cx, out);
        email::messenger(&cx, out);
        birth_plate::births(&cx, out);
        case_info::scan(&cx, out);
        finish(text, out);
    }
}

/// Sort, merge the parts of one finding, and drop overlaps.
fn finish(text: &str, out: &mut Vec<PiiMatch>) {
    // Unstable sorts only, crate-wide: one sort implementation in the WebAssembly build.
    out.sort_unstable_by(|a, b| (a.start, a.kind, a.end, &a.masked).cmp(&(b.start, b.kind, b.end, &b.masked)));
    let mut kept: Vec<PiiMatch> = Vec::with_capacity(out.len());
    for m in out.drain(..) {
        let Some(last) = kept.last_mut() else {
            kept.push(m);
            continue;
        };
        // 保険証の記号 1234 番号 56, ゆうちょ 記号12345 番号12345678: one finding.
        let joinable = matches!(m.kind, PiiKind::HealthInsurance | PiiKind::BankAccount)
            && last.kind == m.kind
            && m.start >= last.end
            && m.start - last.end <= 24
            && text.get(last.end..m.start).is_some_and(|g| !g.chars().any(|c| chars::digit_value(c).is_some()));
        if m.start < last.end || joinable {
            if m.kind == last.kind {
                last.end = last.end.max(m.end);
                last.severity = last.severity.max(m.severity);
                last.confidence = last.confidence.max(m.confidence);
                let span = text.get(last.start..last.end).unwrap_or("");
                match m.kind {
                    PiiKind::HealthInsurance | PiiKind::BankAccount => last.masked = mask::each_digit(span),
                    PiiKind::Address => {
                        // Keep the place name, mask the numbers.
                        let head_len = last.masked.chars().take_while(|&c| c != '*').count();
                        let head: String = span.chars().take(head_len).collect();
                        let rest: String = span.chars().skip(head_len).collect();
                        last.masked = format!("{head}{}", mask::digits_in(&rest, true));
                    }
                    _ => {}
                }
            } else if (m.severity, m.end - m.start) > (last.severity, last.end - last.start) {
                *last = m;
            }
            continue;
        }
        kept.push(m);
    }
    *out = kept;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn automaton_builds() {
        assert!(keywords::Keywords::new().is_ready());
    }

    #[test]
    fn kinds_are_named_as_serde_names_them() {
        for k in PiiKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str(), "{k:?}");
            assert_eq!(k.rule_id(), format!("personal_data.{}", k.as_str()));
            assert!(k.description().ends_with('.'), "{k:?}");
        }
        assert_eq!(PiiKind::ALL.len(), 17);
    }
}
