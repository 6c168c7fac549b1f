//! Unit-level behaviour of the personal-data scanner: check digits, masks, spans under
//! evasion, ordering, and linear behaviour on large inputs.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use hatsugen::pii::checkdigit::{
    corporate_number_check_digit, is_corporate_number, is_luhn_valid, is_my_number, my_number_check_digit,
};
use hatsugen::pii::{Confidence, PiiKind, PiiMatch, PiiScanner};
use hatsugen::report::Severity;

fn scan(text: &str) -> Vec<PiiMatch> {
    let mut out = Vec::new();
    PiiScanner::new().scan(text, &mut out);
    out
}

fn only(text: &str, kind: PiiKind) -> PiiMatch {
    let found = scan(text);
    assert_eq!(found.len(), 1, "{text:?}: {found:#?}");
    let m = found.into_iter().next().unwrap();
    assert_eq!(m.kind, kind, "{text:?}: {m:#?}");
    m
}

fn spanned<'a>(text: &'a str, m: &PiiMatch) -> &'a str {
    &text[m.start..m.end]
}

/// Complete an 11-digit string with its My Number check digit.
fn my_number(first11: &str) -> String {
    let d: Vec<u8> = first11.bytes().map(|b| b - b'0').collect();
    format!("{first11}{}", my_number_check_digit(&d).unwrap())
}

#[test]
fn scanner_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PiiScanner>();
}

#[test]
fn kind_names() {
    let names: Vec<&str> = PiiKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "my_number",
            "phone",
            "email",
            "postal_code",
            "address",
            "credit_card",
            "bank_account",
            "passport",
            "drivers_licence",
            "pension_number",
            "residence_card",
            "health_insurance",
            "case_information",
            "long_number"
        ]
    );
    assert_eq!(PiiKind::Phone.rule_id(), "personal_data.phone");
    assert_eq!(serde_json::to_string(&PiiKind::DriversLicence).unwrap(), "\"drivers_licence\"");
    assert_eq!(serde_json::to_string(&Confidence::High).unwrap(), "\"high\"");
}

// ---------------------------------------------------------------------------------------
// Check digits.

#[test]
fn my_number_check_digit_follows_the_ordinance() {
    // Worked example: 1 2 3 4 5 6 7 8 9 0 1 → Σ Pn·Qn = 212, 212 mod 11 = 3, 11 − 3 = 8.
    assert_eq!(my_number_check_digit(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]), Some(8));
    assert!(is_my_number("123456789018"));
    for wrong in 0..=9u8 {
        if wrong != 8 {
            assert!(!is_my_number(&format!("12345678901{wrong}")));
        }
    }
    // Remainders 0 and 1 give check digit 0.
    assert_eq!(my_number_check_digit(&[0; 11]), Some(0));
    assert_eq!(my_number_check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6]), Some(0)); // 6·2 = 12 → r = 1 → 0
    assert_eq!(my_number_check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]), Some(1)); // 5·2 = 10 → r = 10 → 1
    assert_eq!(my_number_check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), Some(9)); // r = 2 → 9
    assert_eq!(my_number_check_digit(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Some(5)); // P11·Q11 = 6 → 5
    assert_eq!(my_number_check_digit(&[0; 10]), None);
    assert!(!is_my_number("12345678901"));
    assert!(!is_my_number("12345678901８"));
    assert!(!is_my_number("1234567890188"));
}

#[test]
fn corporate_number_check_digit_is_the_first_digit() {
    let base = [2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3];
    // Σ Pn·Qn = 72, 72 mod 9 = 0 → 9.
    assert_eq!(corporate_number_check_digit(&base), Some(9));
    assert!(is_corporate_number("9234567890123"));
    assert!(!is_corporate_number("1234567890123"));
    assert!(is_corporate_number("2000012345678"));
    assert!(!is_corporate_number("200001234567"));
}

#[test]
fn luhn() {
    assert!(is_luhn_valid("4111111111111111"));
    assert!(is_luhn_valid("378282246310005"));
    assert!(is_luhn_valid("5555555555554444"));
    assert!(!is_luhn_valid("4111111111111112"));
    assert!(!is_luhn_valid(""));
    assert!(!is_luhn_valid("4111-1111"));
}

// ---------------------------------------------------------------------------------------
// Findings, masks and spans.

#[test]
fn my_number_with_and_without_keyword() {
    let n = my_number("55512345678");
    let m = only(&format!("マイナンバーは{n}です"), PiiKind::MyNumber);
    assert_eq!(m.severity, Severity::Block);
    assert_eq!(m.confidence, Confidence::High);
    assert_eq!(m.masked, format!("****-****-{}", &n[8..]));
    let m = only(&format!("控え {n}"), PiiKind::MyNumber);
    assert!(m.confidence < Confidence::High);
    // A wrong check digit is at most an Info long_number.
    let mut bad = n.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == '9' { '0' } else { char::from(last as u8 + 1) });
    let m = only(&format!("マイナンバーは{bad}です"), PiiKind::LongNumber);
    assert_eq!(m.severity, Severity::Info);
    assert_eq!(m.note, Some("check_digit_mismatch"));
}

#[test]
fn corporate_numbers_never_yield_a_my_number() {
    // 13 digits whose last 12 are a valid My Number, with and without a valid corporate check.
    let n = my_number("55512345678");
    for lead in 0..=9 {
        let text = format!("法人番号 {lead}{n}");
        assert!(scan(&text).is_empty(), "{text}: {:?}", scan(&text));
        let text = format!("{lead}{n}");
        assert!(scan(&text).is_empty(), "{text}");
        let text = format!("{lead}-{}-{}-{}", &n[..4], &n[4..8], &n[8..]);
        assert!(scan(&text).is_empty(), "{text}");
    }
}

#[test]
fn phone_masks_and_notes() {
    assert_eq!(only("連絡先は090-1234-5678です", PiiKind::Phone).masked, "090-****-5678");
    assert_eq!(only("03-1234-5678", PiiKind::Phone).masked, "03-****-5678");
    assert_eq!(only("0467-55-1234", PiiKind::Phone).masked, "0467-**-1234");
    assert_eq!(only("0312345678", PiiKind::Phone).masked, "03-****-5678");
    assert_eq!(only("+81-90-1234-5678", PiiKind::Phone).masked, "+81-90-****-5678");
    let own = only("私の携帯は090-1234-5678です", PiiKind::Phone);
    assert_eq!((own.severity, own.note), (Severity::Warn, Some("own_number")));
    let own = only("my phone: 080-1234-5678", PiiKind::Phone);
    assert_eq!(own.note, Some("own_number"));
    assert!(scan("市役所代表 047-351-1111").is_empty());
    assert!(scan("フリーダイヤル 0120-123-456").is_empty());
    assert!(scan("ナビダイヤル 0570-000-123").is_empty());
}

#[test]
fn spans_cover_full_width_and_invisible_characters() {
    let cases: &[(&str, &str, PiiKind)] = &[
        ("電話は０９０ー１２３４ー５６７８です", "０９０ー１２３４ー５６７８", PiiKind::Phone),
        ("電話は０９０－１２３４－５６７８", "０９０－１２３４－５６７８", PiiKind::Phone),
        ("電話は090‐1234‐5678", "090‐1234‐5678", PiiKind::Phone),
        ("電話は０９０\u{3000}１２３４\u{3000}５６７８。", "０９０\u{3000}１２３４\u{3000}５６７８", PiiKind::Phone),
        (
            "電話は0\u{200B}9\u{200C}0\u{200D}1\u{2060}2\u{FEFF}345678です",
            "0\u{200B}9\u{200C}0\u{200D}1\u{2060}2\u{FEFF}345678",
            PiiKind::Phone,
        ),
        ("電話は0 9 0 1 2 3 4 5 6 7 8", "0 9 0 1 2 3 4 5 6 7 8", PiiKind::Phone),
        ("電話は090.1234.5678", "090.1234.5678", PiiKind::Phone),
        ("電話は（03）1234-5678", "（03）1234-5678", PiiKind::Phone),
        ("電話は03(1234)5678", "03(1234)5678", PiiKind::Phone),
        ("電話は+81 3 1234 5678", "+81 3 1234 5678", PiiKind::Phone),
        ("メールはｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐへ", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", PiiKind::Email),
        ("メールは taro [at] example [dot] jp へ", "taro [at] example [dot] jp", PiiKind::Email),
        ("〒１２３－４５６７", "〒１２３－４５６７", PiiKind::PostalCode),
    ];
    for (text, want, kind) in cases {
        let m = only(text, *kind);
        assert_eq!(spanned(text, &m), *want, "{text}");
    }
    let n = my_number("31415926535");
    let fw: String = n.chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()).collect();
    let zw: String =
        fw.chars().map(|c| format!("{c}\u{200B}")).collect::<String>().trim_end_matches('\u{200B}').to_owned();
    let text = format!("マイナンバー：{zw}。");
    let m = only(&text, PiiKind::MyNumber);
    assert_eq!(spanned(&text, &m), zw);
    assert_eq!(m.masked, format!("****-****-{}", &n[8..]));
}

#[test]
fn other_masks() {
    assert_eq!(only("taro.yamada@example.jp", PiiKind::Email).masked, "t***@example.jp");
    assert_eq!(only("hanako (at) example (dot) co (dot) jp", PiiKind::Email).masked, "h***@example.co.jp");
    assert_eq!(only("カード 4111 1111 1111 1111", PiiKind::CreditCard).masked, "****-****-****-1111");
    assert_eq!(only("普通 1234567", PiiKind::BankAccount).masked, "****567");
    assert_eq!(only("〒123-4567", PiiKind::PostalCode).masked, "〒123-****");
    assert_eq!(only("旅券番号 TK1234567", PiiKind::Passport).masked, "TK****567");
    assert_eq!(only("在留カード AB12345678CD", PiiKind::ResidenceCard).masked, "AB********CD");
    assert_eq!(only("基礎年金番号 1234-567890", PiiKind::PensionNumber).masked, "****-**7890");
    assert_eq!(only("住所は本町3丁目4番5号", PiiKind::Address).masked, "本町*丁目*番*号");
    assert_eq!(only("住所は東京都千代田区丸の内1-2-3", PiiKind::Address).masked, "東京都千代田区丸の内*-*-*");
    let m = only("保険証の記号 1234 番号 56", PiiKind::HealthInsurance);
    assert_eq!(m.masked, "**** 番号 **");
    let m = only("住民の山田さんが生活保護の相談に来た", PiiKind::CaseInformation);
    assert_eq!((m.masked.as_str(), m.severity), ("〇〇さん", Severity::Warn));
}

#[test]
fn output_is_sorted_cleared_and_non_overlapping() {
    let text = "〒123-4567 東京都千代田区丸の内1-2-3 TEL 03-1234-5678 mail taro@example.jp 090-1111-2222";
    let mut out = vec![PiiMatch {
        kind: PiiKind::Email,
        start: 0,
        end: 1,
        severity: Severity::Info,
        masked: String::new(),
        confidence: Confidence::Low,
        note: None,
    }];
    PiiScanner::new().scan(text, &mut out);
    let kinds: Vec<PiiKind> = out.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [PiiKind::PostalCode, PiiKind::Address, PiiKind::Phone, PiiKind::Email, PiiKind::Phone]);
    for w in out.windows(2) {
        assert!(w[0].end <= w[1].start);
    }
    PiiScanner::new().scan("", &mut out);
    assert!(out.is_empty());
}

#[test]
fn not_personal_data() {
    for text in [
        "2024-01-15",
        "2024/1/15",
        "令和6年4月1日",
        "12:30",
        "1,234,567円",
        "予算12億3456万円",
        "第12号",
        "議案第123号",
        "ISBN978-4-06-123456-7",
        "v1.2.3",
        "人口 171,362人",
        "2024-01-15T09:30:00",
        "内線1234",
        "3-1で勝利",
        "@hatsugen_jp",
        "15時@会議室",
        "千葉県市川市",
        "市役所は八幡1-1-1",
    ] {
        assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
    }
}

// ---------------------------------------------------------------------------------------
// Large inputs: the scan is linear (correctness only, no timing).

#[test]
fn large_inputs() {
    let scanner = PiiScanner::new();
    let mut out = Vec::new();
    let million = 1_000_000;
    for text in [
        "1".repeat(million),
        "0".repeat(million),
        "1-".repeat(million / 2),
        "0 ".repeat(million / 2),
        "１ー".repeat(million / 4),
        "\u{200B}".repeat(million),
        format!("1{}", "\u{200B}".repeat(million)),
        "-".repeat(million),
        "ー".repeat(million),
        "@".repeat(million / 4),
        "a@".repeat(million / 8),
        "a.".repeat(million / 2),
        format!("x@{}", "a.".repeat(million / 2)),
        "さん".repeat(million / 8),
        "山田さん生活保護".repeat(million / 32),
        "1丁目".repeat(million / 12),
        "1番".repeat(million / 8),
        "本町1-2-3 ".repeat(million / 40),
        "〒".repeat(million / 4),
        "(at)".repeat(million / 16),
        "マイナンバー".repeat(million / 24),
    ] {
        scanner.scan(&text, &mut out);
        for w in out.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
    }
    // Many real findings: all of them, each once.
    let text = "電話 090-1234-5678、".repeat(10_000);
    scanner.scan(&text, &mut out);
    assert_eq!(out.len(), 10_000);
    assert!(out.iter().all(|m| m.kind == PiiKind::Phone));
    // Space-separated numbers one after another.
    let text = "090 1234 5678 ".repeat(5_000);
    scanner.scan(&text, &mut out);
    assert_eq!(out.len(), 5_000);
    // A million digits of one spaced run: not a phone number anywhere but no blow-up.
    scanner.scan(&"1 ".repeat(million / 2), &mut out);
    assert!(out.is_empty());
}

// ---------------------------------------------------------------------------------------
// Random texts from the characters the detectors care about: no panic, valid spans.

#[test]
fn random_texts_keep_invariants() {
    const PIECES: &[&str] = &[
        "0",
        "1",
        "5",
        "9",
        "０",
        "８",
        "-",
        "ー",
        "－",
        "‐",
        ".",
        "．",
        " ",
        "\u{3000}",
        "\u{200B}",
        "\u{FEFF}",
        "(",
        "）",
        "+",
        "＋",
        "@",
        "＠",
        "(at)",
        " at ",
        "(dot)",
        "a",
        "Z",
        "Ｔ",
        "〒",
        "丁目",
        "番地",
        "番",
        "号",
        "町",
        "市",
        "の",
        "さん",
        "様",
        "氏",
        "生活保護",
        "相談",
        "住民",
        "マイナンバー",
        "電話",
        "代表",
        "私の携帯",
        "口座",
        "普通",
        "記号",
        "番号",
        "保険証",
        "年金",
        "免許",
        "在留カード",
        "パスポート",
        "カード",
        "円",
        "第",
        "、",
        "。",
        "\n",
        "東京都",
        "example",
        "jp",
        "ｔａｒｏ",
        "内線",
        "ISBN",
        "/",
        ":",
    ];
    let scanner = PiiScanner::new();
    let mut out = Vec::new();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 40) as usize;
        let text: String = (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        scanner.scan(&text, &mut out);
        for m in &out {
            assert!(m.start < m.end && m.end <= text.len(), "{text:?}: {m:?}");
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end), "{text:?}: {m:?}");
            assert!(!m.masked.is_empty(), "{text:?}: {m:?}");
        }
        for w in out.windows(2) {
            assert!((w[0].start, w[0].kind) <= (w[1].start, w[1].kind), "{text:?}: unsorted");
            assert!(w[0].end <= w[1].start, "{text:?}: overlap {w:?}");
        }
        let again = {
            let mut v = Vec::new();
            scanner.scan(&text, &mut v);
            v
        };
        assert_eq!(out, again);
    }
}
