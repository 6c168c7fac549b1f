//! Context keywords: one Aho-Corasick pass over the original text, leftmost-longest,
//! ASCII case-insensitive. Every pattern carries a bit set of categories; the detectors
//! query the sorted hit list inside bounded windows (a few dozen characters), so the whole
//! scan stays linear.

use std::cell::Cell;

use aho_corasick::MatchKind;

use crate::automaton::{Matcher, Options};

use super::chars;

/// Keyword categories (bit flags).
pub(super) mod cat {
    /// マイナンバー, 個人番号, 通知カード …
    pub(crate) const MYNUM: u64 = 1 << 0;
    /// 電話, TEL, 携帯 …
    pub(crate) const PHONE: u64 = 1 << 1;
    /// The author says the number is their own (私の携帯, my number …).
    pub(crate) const OWN: u64 = 1 << 2;
    /// An office / published number (代表, 市役所, 問い合わせ先 …).
    pub(crate) const OFFICE: u64 = 1 << 3;
    /// Explicitly private (自宅, 個人携帯, プライベート …).
    pub(crate) const PRIVATE: u64 = 1 << 4;
    /// 郵便番号.
    pub(crate) const POSTAL: u64 = 1 << 5;
    /// 〒.
    pub(crate) const POSTAL_MARK: u64 = 1 << 6;
    /// 住所, 自宅, 在住 …
    pub(crate) const ADDRESS: u64 = 1 << 7;
    /// A public facility (市役所, 公民館, 図書館, 駅, 学校 …).
    pub(crate) const FACILITY: u64 = 1 << 8;
    /// クレジット, カード, VISA …
    pub(crate) const CARD: u64 = 1 << 9;
    /// 銀行, 支店, 口座, 普通, 当座 …
    pub(crate) const BANK: u64 = 1 << 10;
    /// ゆうちょ (記号 5 digits + 番号 8 digits).
    pub(crate) const YUCHO: u64 = 1 << 11;
    /// パスポート, 旅券.
    pub(crate) const PASSPORT: u64 = 1 << 12;
    /// 免許.
    pub(crate) const LICENCE: u64 = 1 << 13;
    /// 年金.
    pub(crate) const PENSION: u64 = 1 << 14;
    /// 在留カード.
    pub(crate) const RESIDENCE: u64 = 1 << 15;
    /// 保険証, 被保険者 …
    pub(crate) const INSURANCE: u64 = 1 << 16;
    /// A field label directly before a number: 記号, 番号, No.
    pub(crate) const LABEL: u64 = 1 << 17;
    /// ISBN / ISSN.
    pub(crate) const ISBN: u64 = 1 << 18;
    /// Sensitive circumstances (生活保護, 滞納, 病名, 虐待, DV, 障害, 認知症, 受給 …).
    pub(crate) const CASE_STRONG: u64 = 1 << 19;
    /// Weaker circumstance words (相談, 申請, 面談 …): need a resident marker too.
    pub(crate) const CASE_WEAK: u64 = 1 << 20;
    /// A resident / client marker (住民, 相談者, 利用者, 世帯 …).
    pub(crate) const RESIDENT: u64 = 1 << 21;
    /// Policy talk rather than a case (対策, 制度, 講演, 議員, 市長 …).
    pub(crate) const CASE_SUPPRESS: u64 = 1 << 22;
    /// さん, 様, 氏.
    pub(crate) const HONORIFIC: u64 = 1 << 23;
    /// 丁目, 番地, 番.
    pub(crate) const ADDR_UNIT: u64 = 1 << 24;
    /// E-mail "@" and its obfuscations.
    pub(crate) const EMAIL_AT: u64 = 1 << 25;
    /// The plain-word obfuscation " at " (needs more evidence).
    pub(crate) const EMAIL_AT_WORD: u64 = 1 << 26;
    /// 内線 (an extension, not a phone number).
    pub(crate) const EXTENSION: u64 = 1 << 27;
    /// Other 12-digit identifiers: 追跡番号, 注文番号, 会員番号, JAN …
    pub(crate) const OTHER_ID: u64 = 1 << 28;
    /// A business or another organisation whose number is published (食堂, 株式会社,
    /// クリニック, 営業時間 …): treated like an office for phone numbers.
    pub(crate) const BUSINESS: u64 = 1 << 29;
    /// 保険者番号: the insurer's own (public) number, not the insured person's.
    pub(crate) const INSURER: u64 = 1 << 30;
    /// A spoken zero that may start a phone number said in words (ゼロ, れい, まる, 〇);
    /// these hits go to their own list.
    pub(crate) const SPOKEN_ZERO: u64 = 1 << 31;
    // The categories above 31 are packed in their own word (see [`PACKED`]): a keyword has
    // either low or high ones. High ones never bound a name (address, case information).
    /// A birth-date label before a date: 生年月日, 誕生日, 生年, DOB, born …
    pub(crate) const BIRTH: u64 = 1 << 32;
    /// A birth marker after a date: 生, 生まれ, 産まれ.
    pub(crate) const BIRTH_MARK: u64 = 1 << 33;
    /// LINE ID, ラインID, LINEのID …; the author's own: 私のLINE ID, my LINE ID.
    pub(crate) const MESSENGER: u64 = 1 << 34;
    /// 公式: an official account.
    pub(crate) const OFFICIAL: u64 = 1 << 35;
    /// A member of the public met at work (客, クレーマー, 窓口の人, おばあちゃん …): a mobile
    /// number said near one is theirs, even where an office word is nearer.
    pub(crate) const PERSON: u64 = 1 << 36;
}

use cat::*;

/// The keyword table. Patterns with category 0 only exist to swallow a shorter keyword
/// inside an unrelated word (課題 → not 課, 様子 → not 様).
const TABLE: &[(&str, u64)] = &[
    // --- My Number ---
    ("マイナンバー", MYNUM),
    ("マイナンバーカード", MYNUM),
    ("マイナカード", MYNUM),
    ("マイナ保険証", MYNUM | INSURANCE),
    ("ﾏｲﾅﾝﾊﾞｰ", MYNUM),
    ("個人番号", MYNUM),
    ("私のマイナンバー", MYNUM | OWN),
    ("自分のマイナンバー", MYNUM | OWN),
    ("私の個人番号", MYNUM | OWN),
    ("私のメール", OWN),
    ("私のメアド", OWN),
    ("私のアドレス", OWN),
    ("my email", OWN),
    ("my e-mail", OWN),
    ("個人番号カード", MYNUM),
    ("通知カード", MYNUM),
    ("my number", MYNUM | OWN),
    ("mynumber", MYNUM),
    ("my number card", MYNUM),
    // --- phone ---
    ("電話", PHONE),
    ("電話番号", PHONE),
    ("でんわ", PHONE),
    ("TEL", PHONE),
    ("FAX", PHONE),
    ("ファックス", PHONE),
    ("ファクス", PHONE),
    ("phone", PHONE),
    ("携帯", PHONE),
    ("携帯番号", PHONE),
    ("携帯電話", PHONE),
    ("ケータイ", PHONE),
    ("スマホ", PHONE),
    ("連絡先", PHONE),
    ("☎", PHONE),
    ("📞", PHONE),
    ("📱", PHONE),
    ("内線", EXTENSION),
    // --- own number ---
    ("私の携帯", OWN | PHONE),
    ("私の電話", OWN | PHONE),
    ("私の番号", OWN | PHONE),
    ("私の連絡先", OWN | PHONE),
    ("私のスマホ", OWN | PHONE),
    ("私の携帯番号", OWN | PHONE),
    ("私の電話番号", OWN | PHONE),
    ("わたしの携帯", OWN | PHONE),
    ("わたしの番号", OWN | PHONE),
    ("自分の番号", OWN | PHONE),
    ("自分の携帯", OWN | PHONE),
    ("自分の電話", OWN | PHONE),
    ("自分の連絡先", OWN | PHONE),
    ("僕の携帯", OWN | PHONE),
    ("僕の番号", OWN | PHONE),
    ("俺の携帯", OWN | PHONE),
    ("俺の番号", OWN | PHONE),
    ("my phone", OWN | PHONE),
    ("my cell", OWN | PHONE),
    ("my mobile", OWN | PHONE),
    // --- private ---
    ("自宅", PRIVATE | ADDRESS),
    ("個人携帯", PRIVATE | PHONE),
    ("個人の携帯", PRIVATE | PHONE),
    ("私用", PRIVATE),
    ("プライベート", PRIVATE),
    ("家の電話", PRIVATE | PHONE),
    // --- office / published numbers ---
    ("代表", OFFICE),
    ("代表番号", OFFICE | PHONE),
    ("代表電話", OFFICE | PHONE),
    ("市役所", OFFICE | FACILITY),
    ("区役所", OFFICE | FACILITY),
    ("町役場", OFFICE | FACILITY),
    ("村役場", OFFICE | FACILITY),
    ("役所", OFFICE | FACILITY),
    ("役場", OFFICE | FACILITY),
    ("役所の電話", OFFICE | PHONE | FACILITY),
    ("問い合わせ", OFFICE),
    ("問い合せ", OFFICE),
    ("問合せ", OFFICE),
    ("問合わせ", OFFICE),
    ("お問い合わせ", OFFICE),
    ("お問合せ", OFFICE),
    ("問い合わせ先", OFFICE),
    ("窓口", OFFICE),
    ("担当課", OFFICE),
    ("事務局", OFFICE),
    ("コールセンター", OFFICE | FACILITY),
    ("受付", OFFICE),
    ("本庁", OFFICE | FACILITY),
    ("本部", OFFICE | FACILITY),
    ("ダイヤル", OFFICE),
    ("テレホンサービス", OFFICE),
    ("案内所", OFFICE | FACILITY),
    ("保健所", OFFICE | FACILITY),
    ("本部長", 0),
    ("課", OFFICE),
    ("係", OFFICE),
    ("課題", 0),
    ("課金", 0),
    ("課税", 0),
    ("関係", 0),
    ("係数", 0),
    ("広報", OFFICE),
    ("市民課", OFFICE),
    ("市民税", 0),
    ("障害福祉課", OFFICE),
    ("障がい福祉課", OFFICE),
    ("障害福祉", CASE_SUPPRESS),
    ("生活保護課", OFFICE),
    ("保護課", OFFICE),
    ("生活支援課", OFFICE),
    ("介護保険課", OFFICE),
    ("国保年金課", OFFICE),
    ("年金課", OFFICE),
    ("保険年金課", OFFICE),
    ("納税課", OFFICE),
    ("相談窓口", OFFICE | CASE_WEAK),
    // --- facilities (public addresses) ---
    ("庁舎", FACILITY | OFFICE),
    ("本庁舎", FACILITY | OFFICE),
    ("支所", FACILITY | OFFICE),
    ("出張所", FACILITY | OFFICE),
    ("公民館", FACILITY | OFFICE),
    ("図書館", FACILITY | OFFICE),
    ("市民会館", FACILITY | OFFICE),
    ("会館", FACILITY),
    ("センター", FACILITY | OFFICE),
    ("駅", FACILITY),
    ("駅伝", 0),
    ("学校", FACILITY | BUSINESS),
    ("小学校", FACILITY | BUSINESS),
    ("中学校", FACILITY | BUSINESS),
    ("高校", FACILITY | BUSINESS),
    ("大学", FACILITY | BUSINESS),
    ("体育館", FACILITY | BUSINESS),
    ("病院", FACILITY | BUSINESS),
    ("公園", FACILITY),
    ("美術館", FACILITY | BUSINESS),
    ("博物館", FACILITY | BUSINESS),
    ("保育園", FACILITY | BUSINESS),
    ("保育所", FACILITY | BUSINESS),
    ("幼稚園", FACILITY | BUSINESS),
    ("消防署", FACILITY | OFFICE),
    ("警察署", FACILITY | OFFICE),
    ("郵便局", FACILITY | BUSINESS),
    ("ホール", FACILITY),
    ("会場", FACILITY),
    ("所在地", FACILITY),
    ("施設", FACILITY),
    ("事務所", FACILITY | OFFICE),
    ("集会所", FACILITY),
    ("県庁", FACILITY | OFFICE),
    ("都庁", FACILITY | OFFICE),
    ("道庁", FACILITY | OFFICE),
    ("府庁", FACILITY | OFFICE),
    ("議会", FACILITY),
    ("本社", FACILITY | OFFICE),
    ("支社", FACILITY | OFFICE),
    ("営業所", FACILITY | OFFICE),
    ("店舗", FACILITY | BUSINESS),
    ("city hall", FACILITY | OFFICE),
    ("town hall", FACILITY | OFFICE),
    ("ward office", FACILITY | OFFICE),
    ("library", FACILITY),
    ("station", FACILITY),
    ("school", FACILITY),
    ("hospital", FACILITY),
    ("museum", FACILITY),
    ("community center", FACILITY),
    ("venue", FACILITY),
    // --- businesses and other organisations (their numbers are published) ---
    ("店", BUSINESS),
    ("食堂", BUSINESS),
    ("商店", BUSINESS),
    ("商店街", BUSINESS),
    ("書店", BUSINESS),
    ("工務店", BUSINESS),
    ("パン屋", BUSINESS),
    ("花屋", BUSINESS),
    ("酒屋", BUSINESS),
    ("株式会社", BUSINESS),
    ("有限会社", BUSINESS),
    ("合同会社", BUSINESS),
    ("会社", BUSINESS),
    ("(株)", BUSINESS),
    ("（株）", BUSINESS),
    ("㈱", BUSINESS),
    ("(有)", BUSINESS),
    ("（有）", BUSINESS),
    ("医院", BUSINESS),
    ("クリニック", BUSINESS),
    ("歯科", BUSINESS),
    ("整骨院", BUSINESS),
    ("接骨院", BUSINESS),
    ("薬局", BUSINESS),
    ("協会", BUSINESS),
    ("組合", BUSINESS),
    ("法人", BUSINESS),
    ("商工会", BUSINESS),
    ("カフェ", BUSINESS),
    ("レストラン", BUSINESS),
    ("ホテル", BUSINESS),
    ("旅館", BUSINESS),
    ("不動産", BUSINESS),
    ("美容室", BUSINESS),
    ("美容院", BUSINESS),
    ("教室", BUSINESS),
    ("保険会社", BUSINESS),
    ("生命保険", BUSINESS),
    ("損害保険", BUSINESS),
    ("営業時間", BUSINESS),
    ("定休日", BUSINESS),
    ("予約", BUSINESS),
    ("ご予約", BUSINESS),
    ("テイクアウト", BUSINESS),
    // --- postal / address ---
    ("郵便番号", POSTAL),
    ("〒", POSTAL_MARK),
    ("住所", ADDRESS),
    ("現住所", ADDRESS | PRIVATE),
    ("在住", ADDRESS),
    ("住んで", ADDRESS),
    ("住まい", ADDRESS),
    ("居住", ADDRESS),
    ("転居先", ADDRESS),
    ("引越し先", ADDRESS),
    ("引っ越し先", ADDRESS),
    ("実家", ADDRESS | PRIVATE),
    ("個人宅", ADDRESS | PRIVATE),
    ("アパート", ADDRESS),
    ("マンション", ADDRESS),
    ("ハイツ", ADDRESS),
    ("コーポ", ADDRESS),
    ("号室", ADDRESS),
    ("送り先", ADDRESS),
    ("届け先", ADDRESS),
    ("宛先", ADDRESS),
    ("address", ADDRESS),
    ("丁目", ADDR_UNIT),
    ("番地", ADDR_UNIT),
    ("番", ADDR_UNIT),
    ("番号", LABEL),
    ("番組", 0),
    ("番線", 0),
    ("順番", 0),
    ("当番", 0),
    ("交番", FACILITY),
    // --- card ---
    ("クレジット", CARD),
    ("クレカ", CARD),
    ("カード番号", CARD),
    ("card", CARD),
    ("VISA", CARD),
    ("Mastercard", CARD),
    ("JCB", CARD),
    ("AMEX", CARD),
    ("アメックス", CARD),
    ("ダイナース", CARD),
    // --- bank ---
    ("銀行", BANK),
    ("信金", BANK),
    ("信用金庫", BANK),
    ("信用組合", BANK),
    ("信組", BANK),
    ("労金", BANK),
    ("農協", BANK),
    ("支店", BANK),
    ("口座", BANK),
    ("口座番号", BANK),
    ("普通", BANK),
    ("普通預金", BANK),
    ("当座", BANK),
    ("当座預金", BANK),
    ("振込先", BANK),
    ("振込み先", BANK),
    ("振り込み先", BANK),
    ("本店", BANK),
    ("名義", BANK),
    ("口座名義", BANK),
    ("店番", BANK),
    ("bank", BANK),
    ("account", BANK),
    ("ゆうちょ", YUCHO | BANK),
    ("ゆうちょ銀行", YUCHO | BANK),
    ("郵便貯金", YUCHO | BANK),
    // --- documents ---
    ("パスポート", PASSPORT),
    ("旅券", PASSPORT),
    ("passport", PASSPORT),
    ("免許", LICENCE),
    ("免許証", LICENCE),
    ("運転免許", LICENCE),
    ("運転免許証", LICENCE),
    ("licence", LICENCE),
    ("license", LICENCE),
    ("年金", PENSION),
    ("年金番号", PENSION | LABEL),
    ("基礎年金番号", PENSION | LABEL),
    ("年金手帳", PENSION),
    ("厚生年金", PENSION),
    ("在留カード", RESIDENCE),
    ("在留", RESIDENCE),
    ("residence card", RESIDENCE),
    ("zairyu", RESIDENCE),
    ("特別永住者証明書", RESIDENCE),
    ("保険証", INSURANCE),
    ("被保険者", INSURANCE),
    ("被保険者証", INSURANCE),
    ("被保険者番号", INSURANCE | LABEL),
    ("保険者番号", INSURER | LABEL),
    ("健康保険", INSURANCE),
    ("国民健康保険", INSURANCE),
    ("国保", INSURANCE),
    ("資格確認書", INSURANCE),
    ("記号", LABEL),
    ("No.", LABEL),
    ("追跡番号", OTHER_ID),
    ("伝票番号", OTHER_ID),
    ("問い合わせ番号", OTHER_ID),
    ("お問い合わせ番号", OTHER_ID),
    ("お問い合わせ伝票番号", OTHER_ID),
    ("注文番号", OTHER_ID),
    ("受付番号", OTHER_ID),
    ("予約番号", OTHER_ID),
    ("会員番号", OTHER_ID),
    ("管理番号", OTHER_ID),
    ("整理番号", OTHER_ID),
    ("顧客番号", OTHER_ID),
    ("お客様番号", OTHER_ID),
    ("契約番号", OTHER_ID),
    ("証券番号", OTHER_ID),
    ("請求番号", OTHER_ID),
    ("製造番号", OTHER_ID),
    ("シリアル", OTHER_ID),
    ("品番", OTHER_ID),
    ("型番", OTHER_ID),
    ("商品コード", OTHER_ID),
    ("バーコード", OTHER_ID),
    ("JAN", OTHER_ID),
    ("UPC", OTHER_ID),
    ("宅急便", OTHER_ID),
    ("宅配便", OTHER_ID),
    ("ゆうパック", OTHER_ID),
    ("レターパック", OTHER_ID),
    ("荷物", OTHER_ID),
    ("ISBN", ISBN),
    ("ISSN", ISBN),
    // --- case information ---
    ("生活保護", CASE_STRONG),
    ("生保", CASE_STRONG),
    ("受給", CASE_STRONG),
    ("受給者", CASE_STRONG | RESIDENT),
    ("滞納", CASE_STRONG),
    ("未納", CASE_STRONG),
    ("病名", CASE_STRONG),
    ("病気", CASE_STRONG),
    ("病歴", CASE_STRONG),
    ("持病", CASE_STRONG),
    ("児童虐待", CASE_STRONG),
    ("虐待", CASE_STRONG),
    ("DV", CASE_STRONG),
    ("ＤＶ", CASE_STRONG),
    ("家庭内暴力", CASE_STRONG),
    ("障害", CASE_STRONG),
    ("障害物", 0),
    ("通信障害", 0),
    ("電波障害", 0),
    ("システム障害", 0),
    ("障害情報", 0),
    ("障害発生", 0),
    ("障がい", CASE_STRONG),
    ("認知症", CASE_STRONG),
    ("精神疾患", CASE_STRONG),
    ("うつ病", CASE_STRONG),
    ("鬱病", CASE_STRONG),
    ("入院", CASE_STRONG),
    ("通院", CASE_STRONG),
    ("債務", CASE_STRONG),
    ("借金", CASE_STRONG),
    ("自己破産", CASE_STRONG),
    ("破産", CASE_STRONG),
    ("離婚", CASE_STRONG),
    ("前科", CASE_STRONG),
    ("逮捕", CASE_STRONG),
    ("要介護", CASE_STRONG),
    ("介護認定", CASE_STRONG),
    ("不登校", CASE_STRONG),
    ("ひきこもり", CASE_STRONG),
    ("引きこもり", CASE_STRONG),
    ("自殺", CASE_STRONG),
    ("差し押さえ", CASE_STRONG),
    ("差押", CASE_STRONG),
    ("妊娠", CASE_STRONG),
    ("児童相談所", CASE_STRONG),
    ("一時保護", CASE_STRONG),
    ("シェルター", CASE_STRONG),
    ("保護命令", CASE_STRONG),
    ("接近禁止", CASE_STRONG),
    ("ネグレクト", CASE_STRONG),
    ("里親", CASE_STRONG),
    ("養護施設", CASE_STRONG),
    ("家出", CASE_STRONG),
    ("非行", CASE_STRONG),
    ("少年院", CASE_STRONG),
    ("服役", CASE_STRONG),
    ("保護観察", CASE_STRONG),
    ("入院中", CASE_STRONG),
    ("余命", CASE_STRONG),
    ("透析", CASE_STRONG),
    ("抗がん剤", CASE_STRONG),
    ("統合失調症", CASE_STRONG),
    ("双極性", CASE_STRONG),
    ("発達障害", CASE_STRONG),
    ("ADHD", CASE_STRONG),
    ("てんかん", CASE_STRONG),
    ("障害者手帳", CASE_STRONG),
    ("療育手帳", CASE_STRONG),
    ("性病", CASE_STRONG),
    ("エイズ", CASE_STRONG),
    ("がんで", CASE_STRONG),
    ("がんの", CASE_STRONG),
    ("がん治療", CASE_STRONG),
    ("癌", CASE_STRONG),
    ("うつで", CASE_STRONG),
    ("うつ状態", CASE_STRONG),
    ("寝たきり", CASE_STRONG),
    ("HIV", CASE_STRONG),
    ("ＨＩＶ", CASE_STRONG),
    ("性別変更", CASE_STRONG),
    ("在留期限", CASE_STRONG),
    ("不法滞在", CASE_STRONG),
    ("年収", CASE_STRONG),
    ("未婚", CASE_STRONG),
    ("妊婦", CASE_STRONG),
    ("手術", CASE_STRONG),
    ("治療中", CASE_STRONG),
    ("休職", CASE_STRONG),
    ("精神科", CASE_STRONG),
    ("心療内科", CASE_STRONG),
    ("執行猶予", CASE_STRONG),
    ("閲覧制限", CASE_STRONG),
    ("母子手帳", CASE_STRONG),
    ("刑務所", CASE_STRONG),
    ("保釈", CASE_STRONG),
    ("補導", CASE_STRONG),
    ("自立支援", CASE_STRONG),
    ("生活困窮", CASE_STRONG),
    ("家賃滞納", CASE_STRONG),
    ("ゴミ屋敷", CASE_STRONG),
    ("孤独死", CASE_STRONG),
    ("徘徊", CASE_STRONG),
    ("在留資格", CASE_STRONG),
    ("オーバーステイ", CASE_STRONG),
    ("飲酒運転で", CASE_STRONG),
    ("捕まった", CASE_STRONG),
    ("自立支援", CASE_STRONG),
    ("母子手帳", CASE_STRONG),
    ("中絶", CASE_STRONG),
    ("流産", CASE_STRONG),
    ("不妊治療", CASE_STRONG),
    ("養育費", CASE_STRONG),
    ("生活困窮", CASE_STRONG),
    ("せいかつほご", CASE_STRONG),
    ("にんしん", CASE_STRONG),
    ("相談", CASE_WEAK),
    ("申請", CASE_WEAK),
    ("面談", CASE_WEAK),
    ("訪問", CASE_WEAK),
    ("苦情", CASE_WEAK),
    ("来庁", CASE_WEAK | RESIDENT),
    ("住民", RESIDENT),
    ("市民の", RESIDENT),
    ("区民の", RESIDENT),
    ("町民", RESIDENT),
    ("村民", RESIDENT),
    ("相談者", RESIDENT | CASE_WEAK),
    ("利用者", RESIDENT),
    ("申請者", RESIDENT | CASE_WEAK),
    ("対象者", RESIDENT),
    ("当事者", RESIDENT),
    ("入居者", RESIDENT),
    ("来庁者", RESIDENT),
    ("世帯", RESIDENT),
    ("お宅", RESIDENT),
    ("対策", CASE_SUPPRESS),
    ("施策", CASE_SUPPRESS),
    ("政策", CASE_SUPPRESS),
    ("制度", CASE_SUPPRESS),
    ("講演", CASE_SUPPRESS),
    ("講師", CASE_SUPPRESS),
    ("研修", CASE_SUPPRESS),
    ("セミナー", CASE_SUPPRESS),
    ("説明会", CASE_SUPPRESS),
    ("啓発", CASE_SUPPRESS),
    ("講座", CASE_SUPPRESS),
    ("議員", CASE_SUPPRESS),
    ("市長", CASE_SUPPRESS),
    ("知事", CASE_SUPPRESS),
    ("大臣", CASE_SUPPRESS),
    ("教授", CASE_SUPPRESS),
    ("理解", CASE_SUPPRESS),
    ("フォーラム", CASE_SUPPRESS),
    ("シンポジウム", CASE_SUPPRESS),
    // --- honorifics and the generic words that end with one ---
    ("さん", HONORIFIC),
    ("様", HONORIFIC),
    ("氏", HONORIFIC),
    ("くん", HONORIFIC),
    ("皆さん", 0),
    ("みなさん", 0),
    ("皆様", 0),
    ("みなさま", 0),
    ("お客様", PERSON),
    ("お客さん", PERSON),
    ("客", PERSON),
    ("クレーマー", PERSON),
    ("おばあちゃん", PERSON),
    ("おじいちゃん", PERSON),
    ("ばあちゃん", PERSON),
    ("じいちゃん", PERSON),
    ("窓口の人", PERSON),
    ("来た人", PERSON),
    ("来た方", PERSON),
    ("来られた方", PERSON),
    ("苦情の方", PERSON),
    ("ママ友", PERSON),
    ("神様", 0),
    ("仏様", 0),
    ("王様", 0),
    ("殿様", 0),
    ("お母さん", 0),
    ("お父さん", 0),
    ("母さん", 0),
    ("父さん", 0),
    ("お兄さん", 0),
    ("お姉さん", 0),
    ("兄さん", 0),
    ("姉さん", 0),
    ("奥さん", 0),
    ("奥様", 0),
    ("お子さん", 0),
    ("お子様", 0),
    ("子供さん", 0),
    ("お孫さん", 0),
    ("娘さん", 0),
    ("息子さん", 0),
    ("ご家族様", 0),
    ("家族さん", 0),
    ("大家さん", 0),
    ("お隣さん", 0),
    ("お医者さん", 0),
    ("同様", 0),
    ("仕様", 0),
    ("模様", 0),
    ("多様", 0),
    ("異様", 0),
    ("一様", 0),
    ("有様", 0),
    ("様子", 0),
    ("様々", 0),
    ("様式", 0),
    ("様相", 0),
    ("氏名", 0),
    ("彼氏", 0),
    ("両氏", 0),
    ("各氏", 0),
    ("氏神", 0),
    ("源氏", 0),
    ("平氏", 0),
    ("摂氏", 0),
    ("華氏", 0),
    // --- e-mail anchors ---
    ("@", EMAIL_AT),
    ("＠", EMAIL_AT),
    ("(at)", EMAIL_AT),
    ("[at]", EMAIL_AT),
    ("<at>", EMAIL_AT),
    ("{at}", EMAIL_AT),
    ("（at）", EMAIL_AT),
    ("［at］", EMAIL_AT),
    ("＜at＞", EMAIL_AT),
    ("(アット)", EMAIL_AT),
    ("（アット）", EMAIL_AT),
    ("[アット]", EMAIL_AT),
    ("［アット］", EMAIL_AT),
    ("(あっと)", EMAIL_AT),
    ("（あっと）", EMAIL_AT),
    (" (at) ", EMAIL_AT),
    (" [at] ", EMAIL_AT),
    (" at ", EMAIL_AT_WORD),
    ("アットマーク", EMAIL_AT),
    ("あっとまーく", EMAIL_AT),
    ("アット", EMAIL_AT),
    ("あっと", EMAIL_AT),
    ("(アットマーク)", EMAIL_AT),
    ("（アットマーク）", EMAIL_AT),
    // --- birth dates, licence plates, messenger IDs ---
    ("生年月日", BIRTH),
    ("誕生日", BIRTH),
    ("生年", BIRTH),
    ("DOB", BIRTH),
    ("D.O.B.", BIRTH),
    ("born", BIRTH),
    ("date of birth", BIRTH),
    ("birthday", BIRTH),
    ("生", BIRTH_MARK),
    ("生まれ", BIRTH_MARK),
    ("産まれ", BIRTH_MARK),
    ("LINE ID", MESSENGER),
    ("LINE　ID", MESSENGER),
    ("LINEID", MESSENGER),
    ("LINEのID", MESSENGER),
    ("ラインID", MESSENGER),
    ("ＬＩＮＥ ＩＤ", MESSENGER),
    ("ＬＩＮＥ　ＩＤ", MESSENGER),
    ("ＬＩＮＥのＩＤ", MESSENGER),
    ("私のLINE ID", MESSENGER),
    ("自分のLINE ID", MESSENGER),
    ("my LINE ID", MESSENGER),
    ("公式", OFFICIAL),
    // --- spoken zeros (phone numbers in words) ---
    ("ゼロ", SPOKEN_ZERO),
    ("ぜろ", SPOKEN_ZERO),
    ("レイ", SPOKEN_ZERO),
    ("れい", SPOKEN_ZERO),
    ("マル", SPOKEN_ZERO),
    ("ｾﾞﾛ", SPOKEN_ZERO),
    ("ﾚｲ", SPOKEN_ZERO),
    ("ﾏﾙ", SPOKEN_ZERO),
    ("まる", SPOKEN_ZERO),
    ("〇", SPOKEN_ZERO),
    ("○", SPOKEN_ZERO),
    ("零", SPOKEN_ZERO),
];

/// The keywords as the build carries them: their text concatenated in table order, each
/// one's length, and each one's categories (in 32 bits: categories above 31 as their high
/// word with the top bit set, which alone is [`SPOKEN_ZERO`]; see [`unpack`]). ([`TABLE`] itself, an array of (pointer,
/// length, categories) records, is read only here, at compile time: as data it was 9 KB of
/// the WebAssembly module.)
struct Packed {
    text: [u8; TEXT_LEN],
    lens: [u8; TABLE.len()],
    cats: [u32; TABLE.len()],
}

/// The length of all the keywords together, in bytes.
const TEXT_LEN: usize = {
    let (mut n, mut rest) = (0, TABLE);
    while let [(word, _), tail @ ..] = rest {
        n += word.len();
        rest = tail;
    }
    n
};

/// [`TABLE`], packed at compile time (an index out of bounds or a keyword or category too
/// long for its field fails the build, not a check).
#[allow(clippy::indexing_slicing)]
static PACKED: Packed = {
    let mut p = Packed { text: [0; TEXT_LEN], lens: [0; TABLE.len()], cats: [0; TABLE.len()] };
    let (mut i, mut at) = (0, 0);
    while i < TABLE.len() {
        let (word, cats) = TABLE[i];
        let bytes = word.as_bytes();
        // High categories: their word, marked by the top bit (alone, it is SPOKEN_ZERO).
        let cats = if cats >> 32 != 0 {
            assert!(cats & 0xFFFF_FFFF == 0 && cats >> 63 == 0);
            cats >> 32 | 1 << 31
        } else {
            cats
        };
        assert!(bytes.len() <= u8::MAX as usize && cats <= u32::MAX as u64);
        let mut j = 0;
        while j < bytes.len() {
            p.text[at + j] = bytes[j];
            j += 1;
        }
        at += bytes.len();
        p.lens[i] = bytes.len() as u8;
        p.cats[i] = cats as u32;
        i += 1;
    }
    p
};

/// A category word of [`PACKED`] as the categories.
fn unpack(c: u32) -> u64 {
    let high = u64::from(c & !(1 << 31));
    if c > 1 << 31 { high << 32 } else { u64::from(c) }
}

/// The keywords, in table order.
fn keywords() -> impl Iterator<Item = &'static [u8]> {
    let mut rest: &'static [u8] = &PACKED.text;
    PACKED.lens.iter().map(move |&len| {
        let (word, tail) = rest.split_at_checked(usize::from(len)).unwrap_or((rest, &[]));
        rest = tail;
        word
    })
}

/// One keyword occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    /// Byte start in the original text.
    pub(super) start: usize,
    /// Byte end in the original text.
    pub(super) end: usize,
    /// Category bits.
    pub(super) cats: u64,
}

/// The compiled keyword automaton.
#[derive(Debug, Clone)]
pub(super) struct Keywords {
    ac: Option<Matcher>,
    /// Per pattern: (starts with an ASCII letter, ends with an ASCII letter).
    edges: Vec<(bool, bool)>,
}

impl Keywords {
    pub(super) fn new() -> Keywords {
        let patterns: Vec<&[u8]> = keywords().collect();
        // Every check scans the whole text with it, so natively it is a DFA (about twice as
        // fast; built once per process); WebAssembly keeps the smaller contiguous NFA.
        let options = Options {
            match_kind: MatchKind::LeftmostLongest,
            ascii_case_insensitive: true,
            prefilter: false,
            dfa: true,
        };
        let ac = Matcher::new(&patterns, options).ok();
        // (An ASCII letter is a whole character in UTF-8.)
        let edges = patterns
            .iter()
            .map(|p| {
                let first = p.first().is_some_and(u8::is_ascii_alphabetic);
                let last = p.last().is_some_and(u8::is_ascii_alphabetic);
                (first, last)
            })
            .collect();
        Keywords { ac, edges }
    }

    /// Whether the automaton was built (it always is; checked by a unit test).
    #[cfg(test)]
    pub(super) fn is_ready(&self) -> bool {
        self.ac.is_some()
    }

    /// All keyword hits in `text`, sorted by start, non-overlapping; spoken zeros go to
    /// `spoken` (their byte starts) instead.
    pub(super) fn find(&self, text: &str, hits: &mut Vec<Hit>, spoken: &mut Vec<usize>) {
        hits.clear();
        spoken.clear();
        let Some(ac) = &self.ac else { return };
        let mut found = Vec::new();
        ac.leftmost(text, &mut found);
        for (start, end, id) in found {
            let Some(&cats) = PACKED.cats.get(id) else { continue };
            let cats = unpack(cats);
            let (first, last) = self.edges.get(id).copied().unwrap_or((false, false));
            // Words written in ASCII letters must stand alone: "DV" but not "DVD".
            if first && chars::prev_char(text, start).is_some_and(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            if last && chars::next_char(text, end).is_some_and(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            if cats == 0 {
                continue;
            }
            if cats == SPOKEN_ZERO {
                spoken.push(start);
                continue;
            }
            hits.push(Hit { start, end, cats });
        }
    }
}

/// Read-only view of the text and its keyword hits, with bounded-window queries.
///
/// Queries come in left-to-right order within each detector, so hit lookups start from
/// the previous position (a cursor) instead of a binary search: amortised O(1).
pub(super) struct Ctx<'a> {
    pub(super) text: &'a str,
    pub(super) hits: &'a [Hit],
    cursor: Cell<usize>,
    /// Phone numbers starting in this byte range continue an organisation's contact line
    /// (「TEL 0466-00-1111 FAX 0466-00-2222」): set by the phone detector.
    pub(super) office_line: Cell<(usize, usize)>,
}

/// Default keyword window, in characters.
pub(super) const WINDOW: usize = 30;

impl<'a> Ctx<'a> {
    pub(super) fn new(text: &'a str, hits: &'a [Hit]) -> Ctx<'a> {
        Ctx { text, hits, cursor: Cell::new(0), office_line: Cell::new((0, 0)) }
    }

    /// Index of the first hit starting at or after `lo`: a galloping search from the
    /// previous answer, O(log distance).
    fn lower_bound(&self, lo: usize) -> usize {
        let hits = self.hits;
        let n = hits.len();
        let c = self.cursor.get().min(n);
        let before = |i: usize| hits.get(i).is_some_and(|h| h.start < lo);
        let count_before = |a: usize, b: usize| hits.get(a..b).map_or(0, |s| s.partition_point(|h| h.start < lo));
        let i = if before(c) {
            // Forward: hits[a] is before `lo`.
            let mut a = c;
            let mut step = 1;
            let y = loop {
                let b = a + step;
                if before(b) {
                    a = b;
                    step *= 2;
                } else {
                    break b.min(n);
                }
            };
            a + 1 + count_before(a + 1, y)
        } else {
            // Backward: hits[b..] are not before `lo`.
            let mut b = c;
            let mut step = 1;
            let x = loop {
                match b.checked_sub(step) {
                    None => break 0,
                    Some(a) if before(a) => break a + 1,
                    Some(a) => {
                        b = a;
                        step *= 2;
                    }
                }
            };
            x + count_before(x, b)
        };
        self.cursor.set(i);
        i
    }

    /// Hits whose start lies in `[lo, hi)`.
    pub(super) fn hits_from(&self, lo: usize, hi: usize) -> &'a [Hit] {
        let a = self.lower_bound(lo);
        let rest = self.hits.get(a..).unwrap_or(&[]);
        let n = rest.iter().take_while(|h| h.start < hi).count();
        rest.get(..n).unwrap_or(&[])
    }

    /// Byte offset `n` characters before `pos` (stopping after a sentence end when `stop`).
    pub(super) fn back(&self, pos: usize, n: usize, stop: bool) -> usize {
        let head = self.text.get(..pos).unwrap_or("");
        let mut lo = pos;
        for (i, c) in head.char_indices().rev().take(n) {
            if stop && chars::is_sentence_end(c) {
                break;
            }
            lo = i;
        }
        lo
    }

    /// The hit of category `mask` nearest to `[start, end)`: up to `before` characters
    /// before it or `after` characters after it (the after-window ends at a sentence end
    /// or a clause comma). Ties go to the hit before. Returns the hit and its distance in
    /// bytes.
    pub(super) fn nearest(
        &self,
        start: usize,
        end: usize,
        mask: u64,
        before: usize,
        after: usize,
    ) -> Option<(Hit, usize)> {
        let mut best: Option<(Hit, usize)> = None;
        if before > 0 {
            let lo = self.back(start, before, false);
            if let Some(h) = self.hits_from(lo, start).iter().rev().find(|h| h.cats & mask != 0 && h.end <= start) {
                best = Some((*h, start - h.end));
            }
        }
        if after > 0 {
            let hi = self.fwd_clause(end, after);
            if let Some(h) = self.hits_from(end, hi).iter().find(|h| h.cats & mask != 0 && h.end <= hi) {
                let d = h.start - end;
                if best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((*h, d));
                }
            }
        }
        best
    }

    /// Whether a hit of `mask` lies within `before` chars before / `after` chars after.
    pub(super) fn near(&self, start: usize, end: usize, mask: u64, before: usize, after: usize) -> bool {
        self.nearest(start, end, mask, before, after).is_some()
    }

    /// Like [`Ctx::fwd`], but the window also ends at a clause comma.
    fn fwd_clause(&self, pos: usize, n: usize) -> usize {
        let tail = self.text.get(pos..).unwrap_or("");
        let mut hi = pos;
        for c in tail.chars().take(n) {
            if chars::is_sentence_end(c) || matches!(c, '、' | '，' | ',') {
                break;
            }
            hi += c.len_utf8();
        }
        hi
    }

    /// The nearest hit of `mask` ending at most `gap` characters before `pos`, with only
    /// label punctuation (spaces, colons, は, 「) in between. `last` lists the characters
    /// such a keyword can end with (a cheap test before looking the hits up).
    pub(super) fn label_before(&self, pos: usize, mask: u64, gap: usize, last: &[char]) -> Option<Hit> {
        let head = self.text.get(..pos)?;
        let c = head.chars().rev().take(gap + 1).find(|&c| !chars::is_label_gap(c))?;
        if !last.contains(&c) {
            return None;
        }
        let lo = self.back(pos, gap + 12, false);
        let h = self.hits_from(lo, pos).iter().rev().find(|h| h.end <= pos)?;
        if h.cats & mask == 0 {
            return None;
        }
        let between = self.text.get(h.end..pos)?;
        if between.chars().count() <= gap && between.chars().all(chars::is_label_gap) { Some(*h) } else { None }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_packed_table_is_the_table() {
        let words: Vec<&[u8]> = keywords().collect();
        let expected: Vec<&[u8]> = TABLE.iter().map(|(w, _)| w.as_bytes()).collect();
        assert_eq!(words, expected);
        let cats: Vec<u64> = PACKED.cats.iter().map(|&c| unpack(c)).collect();
        let expected: Vec<u64> = TABLE.iter().map(|&(_, c)| c).collect();
        assert_eq!(cats, expected);
    }

    proptest! {
        /// Outside WebAssembly the keyword DFA is searched by its own loop: the same matches
        /// as `aho-corasick`'s iterator.
        #[test]
        #[cfg(not(target_arch = "wasm32"))]
        fn dfa_search_finds_what_the_librarys_iterator_finds(
            pieces in prop::collection::vec((0usize..TABLE.len(), prop::sample::select(vec!["", " ", "の", "a", "番", "0"])), 0..30),
        ) {
            use aho_corasick::automaton::Automaton;
            let text: String = pieces.iter().map(|&(i, gap)| format!("{}{gap}", TABLE[i].0)).collect();
            let keywords = Keywords::new();
            let Some(Matcher::Dfa(dfa)) = &keywords.ac else { panic!("the keyword automaton is a DFA") };
            let want: Vec<(usize, usize, usize)> = dfa
                .try_find_iter(aho_corasick::Input::new(&text))
                .unwrap()
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let mut got = Vec::new();
            keywords.ac.as_ref().unwrap().leftmost(&text, &mut got);
            prop_assert_eq!(got, want);
        }
    }
}
