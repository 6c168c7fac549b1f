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
            "birth_date",
            "vehicle_plate",
            "messaging_id",
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
    // A wrong check digit is an Info long_number, unless the post calls the number a My
    // Number: then it blocks, one confidence level lower, with the mismatch noted.
    let mut bad = n.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == '9' { '0' } else { char::from(last as u8 + 1) });
    let m = only(&format!("控え {bad}"), PiiKind::LongNumber);
    assert_eq!(m.severity, Severity::Info);
    assert_eq!(m.note, None);
    let m = only(&format!("マイナンバーは{bad}です"), PiiKind::MyNumber);
    assert_eq!(m.severity, Severity::Block);
    assert_eq!(m.confidence, Confidence::Medium);
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
fn a_mobile_near_an_office_word_is_a_person_met_there_when_one_is_named() {
    // The office word alone: a counter's mobile, given as a contact.
    let counter = only("窓口の携帯 090-1234-5678 までご連絡ください", PiiKind::Phone);
    assert_eq!((counter.severity, counter.note), (Severity::Warn, Some("office_context")));
    // Someone met at the counter: their number.
    for text in [
        "窓口に来たおばあちゃん、電話番号090-3812-5746。また来ると思うけんメモ",
        "今の窓口の客、番号 090-3172-8846 控えとく",
        "窓口に来たクレーマーの番号、090 1234 5678。着拒して",
        "窓口でゴネてた山中さん、携帯080-2291-5530だった",
        "苦情の方の番号 ０８０ー４４２１ー７７０３ 課長から折り返してください",
    ] {
        let m = only(text, PiiKind::Phone);
        assert_eq!((m.severity, m.note), (Severity::Block, None), "{text}");
    }
    // A fixed line near an office word stays the office's, whoever is named.
    assert!(scan("お客様窓口 03-1234-5678 平日9時から").is_empty());
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
        "ゼロ".repeat(million / 8),
        "〇".repeat(million / 4),
        "ゼロの".repeat(million / 12),
        "ドット".repeat(million / 12),
        "a ドット ".repeat(million / 16),
        "アットマーク a".repeat(million / 24),
        "1-2-3 Kugenuma, ".repeat(million / 20),
        "号室".repeat(million / 8),
        "1の".repeat(million / 4),
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
        "ゼロ",
        "〇",
        "キュー",
        "いち",
        "アットマーク",
        "ドット",
        "号室",
        "Kugenuma",
        "-shi",
        ",",
        "名義",
        "TR",
        "ab",
        "食堂",
        "FAX",
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

// ---------------------------------------------------------------------------------------
// Personal data as people actually write it (issue 15). Each test pairs the forms that
// must be found with the nearest forms that must not.

#[test]
fn phones_across_no_and_long_vowel_marks() {
    let text = "番号は 090 の 4417 の 2863 です";
    let m = only(text, PiiKind::Phone);
    assert_eq!(spanned(text, &m), "090 の 4417 の 2863");
    assert_eq!(m.masked, "090-****-2863");
    assert_eq!(spanned("080ー2231ー9047に電話", &only("080ー2231ー9047に電話", PiiKind::Phone)), "080ー2231ー9047");
    // Across の only a whole phone number is read: an address or a count stays what it was.
    assert_eq!(only("住所は本町2-3の4", PiiKind::Address).kind, PiiKind::Address);
    assert!(scan("3の1の教室").is_empty());
    assert!(scan("部品番号 090 の 12 の 34 を交換").is_empty());
}

#[test]
fn phones_in_words() {
    for (text, want, masked) in [
        (
            "留守電に「ゼロキューゼロ、ヨンヨンイチナナ、ニーハチロクサン」",
            "ゼロキューゼロ、ヨンヨンイチナナ、ニーハチロクサン",
            "090-****-2863",
        ),
        ("ケータイ〇八〇の七二一五の三三九〇、覚えておいて", "〇八〇の七二一五の三三九〇", "080-****-3390"),
        (
            "れいはちれいの、よんいちにきゅうの、はちはちろくいち がうちの番号",
            "れいはちれいの、よんいちにきゅうの、はちはちろくいち",
            "080-****-8861",
        ),
        ("ぜろはちぜろ しちしちよんに くごさんし って", "ぜろはちぜろ しちしちよんに くごさんし", "080-****-9534"),
        (
            "ゼロヨンロクロク、ニーサン、イチキューハチナナ に折り返して",
            "ゼロヨンロクロク、ニーサン、イチキューハチナナ",
            "046-***-1987",
        ),
        ("ゼロキューゼロの2468の1357", "ゼロキューゼロの2468の1357", "090-****-1357"),
        // A digit said long with its vowel written out: にい, ごお.
        (
            "相談者さんの番号メモ：ぜろきゅうぜろ、ななよんいちごお、はちにいろくさん",
            "ぜろきゅうぜろ、ななよんいちごお、はちにいろくさん",
            "090-****-8263",
        ),
        (
            "ぜろきゅうぜろ、さんさんにいち、ななななごよん に電話",
            "ぜろきゅうぜろ、さんさんにいち、ななななごよん",
            "090-****-7754",
        ),
    ] {
        let m = only(text, PiiKind::Phone);
        assert_eq!(spanned(text, &m), want, "{text}");
        assert_eq!(m.masked, masked, "{text}");
        assert_eq!(m.severity, Severity::Block, "{text}");
    }
    let m = only("私の携帯、ゼロハチゼロのサンサンゴーイチのキューニーゼロゼロへ", PiiKind::Phone);
    assert_eq!(m.note, Some("own_number"));
    for text in [
        "ゼロからのスタートでしたが、きれいにまとまりました",
        "まるで夢みたい、にこにこしちゃう",
        "電話番号欄には〇〇〇-〇〇〇〇-〇〇〇〇と書いてください",
        "事故ゼロ、違反ゼロ、苦情ゼロの一年でした",
        "二〇二五年四月一日から施行",
        "フリーダイヤル、ゼロイチニーゼロのサンサンのヨンヨンイチゼロ",
        // Nine digits only.
        "ゼロキューゼロ、イチニーサン、ヨンゴーロク",
    ] {
        assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
    }
}

#[test]
fn contiguous_080_masks_as_a_mobile() {
    assert_eq!(only("これ08012345678だよ", PiiKind::Phone).masked, "080-****-5678");
}

#[test]
fn phones_followed_by_a_slash_or_letters() {
    assert_eq!(only("緊急連絡先 090-8821-3345／佐藤", PiiKind::Phone).masked, "090-****-3345");
    assert_eq!(only("連絡は080-7713-2290/夜は出られません", PiiKind::Phone).masked, "080-****-2290");
    assert_eq!(only("何かあれば090-6612-4458taroまで", PiiKind::Phone).masked, "090-****-4458");
    // A slash that joins ASCII is still a URL, a path or a date.
    assert!(scan("https://example.jp/news/09012345678 は古いページです").is_empty());
    assert!(scan("example.jp/090-1234-5678").is_empty());
    assert!(scan("品番 AB-1234ー5678 の在庫").is_empty());
}

#[test]
fn organisations_numbers_are_not_personal() {
    for text in [
        "〇〇食堂（TEL 0467-22-5310）は水曜定休です",
        "市民相談窓口 TEL 0466-07-3570 FAX 0466-07-8404（平日9時〜17時）",
        "環境総務課\nTEL：0466-07-3515\nFAX：0466-07-8418",
        "（株）湘南グリーン 電話 0466-82-3310 に見積もりを依頼",
        "鵠沼クリニック 0466-26-7781（土曜午前診療あり）",
        "国民健康保険の保険者番号は 138057 です",
        "保険者番号 06137021 の健康保険組合から通知が届く場合があります",
        "入力例：03-0000-0000（ハイフンあり）",
    ] {
        assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
    }
    // A private person's number is personal even in the same post.
    let text = "〇〇食堂（TEL 0467-22-5310）の大将、個人携帯は 090-4471-8823 だって";
    assert_eq!(spanned(text, &only(text, PiiKind::Phone)), "090-4471-8823");
    let text = "市民相談窓口 TEL 0466-50-3570 で聞いた後、自宅 0466-27-9184 に電話がありました";
    assert_eq!(spanned(text, &only(text, PiiKind::Phone)), "0466-27-9184");
    // The contact line ends with the sentence.
    let text = "窓口 TEL 0466-07-3570。ところで昨日の夜に聞いた番号 0466-27-9184 は田中さん";
    assert_eq!(spanned(text, &only(text, PiiKind::Phone)), "0466-27-9184");
    // 被保険者番号 is the insured person's.
    assert_eq!(only("保険証の被保険者番号 1234567", PiiKind::HealthInsurance).kind, PiiKind::HealthInsurance);
}

#[test]
fn emails_spelled_out_and_spaced() {
    for (text, want, masked) in [
        (
            "連絡は kenji.aoki アットマーク example.ne.jp まで",
            "kenji.aoki アットマーク example.ne.jp",
            "k***@example.ne.jp",
        ),
        ("yukari_m ＠ example.com にメール", "yukari_m ＠ example.com", "y***@example.com"),
        ("送り先は a.mori @ example.jp です", "a.mori @ example.jp", "a***@example.jp"),
        (
            "hana ドット mori アットマーク example.co.jp に",
            "hana ドット mori アットマーク example.co.jp",
            "h***@example.co.jp",
        ),
        (
            "takeshi ドット ono アット example ドット ne ドット jp",
            "takeshi ドット ono アット example ドット ne ドット jp",
            "t***@example.ne.jp",
        ),
        ("s.kimura[at]example[dot]jp へ", "s.kimura[at]example[dot]jp", "s***@example.jp"),
        ("昔のアドレス taro..love.@docomo.ne.jp まだ生きてる", "taro..love.@docomo.ne.jp", "t***@docomo.ne.jp"),
    ] {
        let m = only(text, PiiKind::Email);
        assert_eq!((spanned(text, &m), m.masked.as_str()), (want, masked), "{text}");
    }
    for text in [
        "メールアドレスは xxxx@xxxx.jp の形式で入力",
        "例）example@example.com",
        "sample@example.co.jp のようなアドレスは使えません",
        "「アットマーク」の打ち方がわからない",
        "アットホームな職場です",
        "See you at 3pm at the station",
    ] {
        assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
    }
}

#[test]
fn addresses_with_spaces_rooms_and_buildings() {
    for (text, want) in [
        ("藤沢市 鵠沼 2 - 4 - 6 に引っ越しました", "藤沢市 鵠沼 2 - 4 - 6"),
        ("辻堂1-2-3に住んでる", "辻堂1-2-3"),
        ("送り先：藤沢市辻堂元町5-3-8-205号室", "藤沢市辻堂元町5-3-8-205号室"),
        ("藤沢市鵠沼2-11-4-1203", "藤沢市鵠沼2-11-4-1203"),
        ("住所は 鵠沼橘 1丁目 3-5 です", "鵠沼橘 1丁目 3-5"),
        ("大和市中央林間3丁目2-15-304号室", "大和市中央林間3丁目2-15-304号室"),
        ("新しい住所は那覇市おもろまち4-12-7です", "那覇市おもろまち4-12-7"),
        ("さいたま市中央区しんとしん3-5-1に越した", "さいたま市中央区しんとしん3-5-1"),
        ("実家は岐阜市長良福光1452-6", "岐阜市長良福光1452-6"),
        ("つくば市みどりの2-14-9のアパート", "つくば市みどりの2-14-9"),
        ("帰りたい市中央区3-5-1", "市中央区3-5-1"),
        ("電話の人、さくら台2-5-11の吉川さん", "さくら台2-5-11"),
        ("おばあちゃん、ひばりが丘5-2-7に一人暮らし", "ひばりが丘5-2-7"),
        ("クレーマー、桜台3-12-5の佐々木", "桜台3-12-5"),
        ("長野県上田市真田町長7205-3に荷物を送って", "長野県上田市真田町長7205-3"),
        ("岩田さん 北区中央2-1-3 401号", "北区中央2-1-3"),
        ("延滞者 佐藤 東町4-2-7 8冊", "東町4-2-7"),
    ] {
        let m = only(text, PiiKind::Address);
        assert_eq!(spanned(text, &m), want, "{text}");
    }
    assert_eq!(only("住所は 鵠沼橘 1丁目 3-5 です", PiiKind::Address).masked, "鵠沼橘 *丁目 *-*");
    for text in [
        "本町1丁目 5分で着きます",
        "資料2-3-1と別表4-2を参照",
        "会場：藤沢市民会館（藤沢市鵠沼東6-4）",
        "市から3-1-2で勝った",
        "区まで4-2-1の乗り継ぎ",
        "町のおまつり1-2-3",
        "市長選挙2024-25の記録",
        "那覇市おもろまち2-1",
        "岐阜市長良福光145-6円",
        "岐阜市の人口1452-6",
        "田中3-1-2で勝った",
        "規則の第3-1-2条",
    ] {
        assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
    }
}

#[test]
fn romanised_addresses() {
    let text = "My address: 3-5-12 Kugenuma, Fujisawa-shi, Kanagawa 251-0037";
    let m = only(text, PiiKind::Address);
    assert_eq!(spanned(text, &m), "3-5-12 Kugenuma, Fujisawa-shi, Kanagawa 251-0037");
    assert_eq!(m.masked, "*-*-* Kugenuma, Fujisawa-shi, Kanagawa *-*");
    let text = "Kugenuma 4-7-2, Fujisawa-shi";
    assert_eq!(spanned(text, &only(text, PiiKind::Address)), "Kugenuma 4-7-2, Fujisawa-shi");
    let text = "I live at 5-22-1 Kichijoji, Musashino-shi, Tokyo";
    assert_eq!(spanned(text, &only(text, PiiKind::Address)), "5-22-1 Kichijoji, Musashino-shi, Tokyo");
    for text in [
        "Venue: Fujisawa City Hall, 1-1 Asahicho, Fujisawa-shi (city hall)",
        "Tokyo 2-1 Osaka, a close match in the final",
        "Scores 3-5-12 Kugenuma fans",
    ] {
        assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
    }
}

#[test]
fn passports_and_residence_cards_as_written() {
    for (text, want, masked) in [
        ("パスポート番号 TR 1234567 で予約", "TR 1234567", "TR****567"),
        ("passport: tr7654321", "tr7654321", "TR****321"),
        ("旅券番号：TZ-4821937", "TZ-4821937", "TZ****937"),
        ("Passport No. MU5513286", "MU5513286", "MU****286"),
        ("パスポート TK\u{200B}1230987", "TK\u{200B}1230987", "TK****987"),
    ] {
        let m = only(text, PiiKind::Passport);
        assert_eq!((spanned(text, &m), m.masked.as_str()), (want, masked), "{text}");
    }
    for (text, want) in [
        ("在留カード AB 1234 5678 CD", "AB 1234 5678 CD"),
        ("在留カード番号 AB-12345678-CD", "AB-12345678-CD"),
        ("Residence card number: EF87654321GH", "EF87654321GH"),
        ("在留カード番号は ab12345678cd です", "ab12345678cd"),
    ] {
        let m = only(text, PiiKind::ResidenceCard);
        assert_eq!(spanned(text, &m), want, "{text}");
    }
    assert_eq!(only("在留カード番号は ab12345678cd です", PiiKind::ResidenceCard).masked, "AB********CD");
    for text in [
        // No keyword.
        "TR 1234567",
        "AB 1234 5678 CD",
        // A label, not letters of the number.
        "パスポート No 1234567",
        "パスポート ID 1234567",
        // Three letters, or letters glued after.
        "パスポート ABC1234567",
        "パスポート TR1234567X",
    ] {
        assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
    }
}

#[test]
fn bank_accounts_with_slashes() {
    let text = "〇〇銀行/本店/普通/1234567/名義ヤマダタロウ";
    let m = only(text, PiiKind::BankAccount);
    assert_eq!((spanned(text, &m), m.masked.as_str()), ("1234567", "****567"));
    let text = "振込先：△△信用金庫／駅前支店／普通／７６５４３２１";
    assert_eq!(spanned(text, &only(text, PiiKind::BankAccount)), "７６５４３２１");
    for text in ["〇〇銀行の窓口は 4/30 と 5/1 が休業です", "〇〇銀行 https://example.jp/1234567"] {
        assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
    }
}

// ---------------------------------------------------------------------------------------
// Dates of birth, licence plates, messenger IDs.

/// Every finding of `kind` in `text`, as (span text, masked).
fn of_kind(text: &str, kind: PiiKind) -> Vec<(String, String)> {
    scan(text).iter().filter(|m| m.kind == kind).map(|m| (spanned(text, m).to_owned(), m.masked.clone())).collect()
}

#[test]
fn birth_dates_with_a_marker_or_a_label() {
    for (text, span, masked) in [
        ("山田太郎（1975年11月3日生）", "1975年11月3日生", "****年**月*日生"),
        ("私は1979年2月14日生まれです。", "1979年2月14日生まれ", "****年*月**日生まれ"),
        ("長男は2001.5.14生まれの23歳", "2001.5.14生まれ", "****.*.**生まれ"),
        ("生年月日 1985/07/22", "生年月日 1985/07/22", "生年月日 ****/**/**"),
        ("born 1991/07/04 in Chiba", "born 1991/07/04", "born ****/**/**"),
        ("父は昭和38年5月2日生まれ、", "昭和38年5月2日生まれ", "昭和**年*月*日生まれ"),
        ("生年月日：平成２年４月１５日", "生年月日：平成２年４月１５日", "生年月日：平成*年*月**日"),
        ("生年月日昭和45年8月12日", "生年月日昭和45年8月12日", "生年月日昭和**年*月**日"),
        ("DOB: H2.4.15", "DOB: H2.4.15", "DOB: H*.*.**"),
        ("娘は令和元年6月1日生、元気です", "令和元年6月1日生", "令和元年*月*日生"),
        ("誕生日は1991-07-04です", "誕生日は1991-07-04", "誕生日は****-**-**"),
        ("申請者 S38.5.2生 男性", "S38.5.2生", "S**.*.*生"),
        ("Date of birth 1990.12.31", "Date of birth 1990.12.31", "Date of birth ****.**.**"),
    ] {
        assert_eq!(of_kind(text, PiiKind::BirthDate), [(span.to_owned(), masked.to_owned())], "{text}");
        let m = only(text, PiiKind::BirthDate);
        assert_eq!(m.severity, Severity::Block);
    }
    // A label farther away: only the date is the span.
    let text = "生年月日が私と同じだった！小野寺さん、昭和62年8月8日";
    assert_eq!(of_kind(text, PiiKind::BirthDate), [("昭和62年8月8日".to_owned(), "昭和**年*月*日".to_owned())]);
    // Label and marker: one finding.
    let text = "生年月日：1985年7月22日生まれ";
    assert_eq!(of_kind(text, PiiKind::BirthDate).len(), 1);
    assert_eq!(of_kind(text, PiiKind::BirthDate)[0].0, text);
}

#[test]
fn dates_that_are_not_birth_dates() {
    for text in [
        "令和6年4月1日から施行します",
        "2024-01-15の会議資料",
        "誕生日は5月3日です",
        "1975年11月3日創立の会社",
        "1975年11月3日設立",
        "2024年8月1日生誕祭を開催",
        "2024年8月1日生放送です",
        "2024年8月1日生ビール半額",
        "1975年生まれです",
        "誕生日会は来週、場所は公民館",
        "先生、2024年4月1日から異動です",
        "厚生年金の手続きは2024年4月1日から",
        "1年生年間予定表：2026年4月8日 始業式",
        "新入生年間行事 2026年4月8日",
        "高校生年代の大会は2026年5月3日",
        "誕生日会は2026年5月3日に公民館で",
        "誕生日パーティー 2026年5月3日",
        "2025年4月1日生の子から対象です",
        "平成20年4月2日～平成21年4月1日生まれの方が対象",
        "令和6年4月2日生まれ以降のお子さん",
        "1960年4月1日以前生まれの人は",
    ] {
        assert!(of_kind(text, PiiKind::BirthDate).is_empty(), "{text}: {:?}", scan(text));
    }
}

/// `text` holds exactly one finding of `kind`, covering `span` and masked as `masked`.
fn assert_found_once(text: &str, kind: PiiKind, span: &str, masked: &str) {
    assert_eq!(of_kind(text, kind), [(span.to_owned(), masked.to_owned())], "{text}: {:?}", scan(text));
}

#[test]
fn licence_plates() {
    for (text, span, masked) in [
        ("品川 300 さ 12-34", "品川 300 さ 12-34", "品川 300 さ **-**"),
        ("足立 300 あ 55-18 の車がずっと停まってる", "足立 300 あ 55-18", "足立 300 あ **-**"),
        ("練馬500な88-01", "練馬500な88-01", "練馬500な**-**"),
        ("沖縄 501 わ 78-90 のレンタカー", "沖縄 501 わ 78-90", "沖縄 501 わ **-**"),
        ("八戸 300 さ 12-34の白いハイエース", "八戸 300 さ 12-34", "八戸 300 さ **-**"),
        ("ナンバー 札幌 300 ろ 45-67", "札幌 300 ろ 45-67", "札幌 300 ろ **-**"),
        ("岩手 500 あ 77-01", "岩手 500 あ 77-01", "岩手 500 あ **-**"),
        ("福岡　３３０　ね　・・１２の車", "福岡　３３０　ね　・・１２", "福岡　３３０　ね　・・**"),
        ("熊本 58 た ・1-23", "熊本 58 た ・1-23", "熊本 58 た ・*-**"),
        ("隣の車、品川300さ1234だった", "品川300さ1234", "品川300さ****"),
        ("ナンバーは 500 な 88-01", "500 な 88-01", "500 な **-**"),
    ] {
        assert_found_once(text, PiiKind::VehiclePlate, span, masked);
        assert_eq!(only(text, PiiKind::VehiclePlate).severity, Severity::Block);
    }
}

#[test]
fn numbers_that_are_not_plates() {
    for text in [
        "祖母は100さいになりました、300さい",
        "3時に12-34番教室",
        "本町2-5-8に住んでる",
        "090-1234-5678",
        "第300号議案",
        "100円で12-3個",
        "定員40に1234人が応募",
        "品川 さ 12-34",
        "090の1234の5678",
        "300 さ 12-34-56",
        "品川 300 さ 123456",
        "ページ12と13-14を参照",
        "問25の12-34番",
    ] {
        assert!(of_kind(text, PiiKind::VehiclePlate).is_empty(), "{text}: {:?}", scan(text));
    }
}

#[test]
fn messenger_ids() {
    for (text, span, masked) in [
        ("LINE ID：yuko_0821 です", "yuko_0821", "y***"),
        ("LINE ID→ yuka_0823", "yuka_0823", "y***"),
        ("ラインID: yoshi_0512 追加してね", "yoshi_0512", "y***"),
        ("LINEのID yuko.0821", "yuko.0821", "y***"),
        ("line id: abc_12", "abc_12", "a***"),
        ("ＬＩＮＥ ＩＤ：ｔａｒｏ＿９９", "ｔａｒｏ＿９９", "t***"),
        ("相談者の方のLINE IDはkenji-77でした。", "kenji-77", "k***"),
        ("LINEID=hanako.s", "hanako.s", "h***"),
    ] {
        assert_found_once(text, PiiKind::MessagingId, span, masked);
        let m = only(text, PiiKind::MessagingId);
        assert_eq!((m.severity, m.note), (Severity::Block, None), "{text}");
    }
    for text in ["私のLINE ID：yuko_0821", "my LINE ID: yuko_0821", "自分のLINE IDはyuko_0821"] {
        let m = only(text, PiiKind::MessagingId);
        assert_eq!((m.severity, m.note), (Severity::Warn, Some("own_contact")), "{text}");
    }
}

#[test]
fn ids_that_are_not_private_messenger_ids() {
    for text in [
        "公式LINE ID：city_urayasu",
        "市の公式アカウント LINE ID：@city_xxx",
        "LINE ID：@city_xxx",
        "LINE IDを教えてください",
        "LINE IDは持っていません",
        "LINE ID: abc",
        "LINE ID: なし",
        "LINE ID の登録方法",
        "LINE ID: abcdefghijklmnopqrstuvwxyz",
        "LINEで連絡してね yuko_0821",
    ] {
        assert!(of_kind(text, PiiKind::MessagingId).is_empty(), "{text}: {:?}", scan(text));
    }
}

#[test]
fn birth_and_plate_keywords_leave_names_and_pensions_alone() {
    let text = "川崎市麻生区上麻生1-2-3";
    assert_eq!(spanned(text, &only(text, PiiKind::Address)), text);
    let text = "羽生さんは生活保護を受けている";
    assert_eq!(spanned(text, &only(text, PiiKind::CaseInformation)), "羽生さん");
    let text = "厚生年金の番号 1234-567890";
    assert_eq!(spanned(text, &only(text, PiiKind::PensionNumber)), "1234-567890");
}
