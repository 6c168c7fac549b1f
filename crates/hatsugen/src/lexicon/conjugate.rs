//! Conjugated forms of a verb or adjective given in its dictionary form.
//!
//! A pack writes `{ verb = "出ていく" }` once; the forms that carry a command, a wish or an
//! invitation aimed at someone are generated here: the imperative (出ていけ), the te-form
//! with a request (出ていってほしい, 出ていってくれ, 出ていってください, 出ていってしまえ and the
//! casual 出ていっちまえ), 〜ばいいのに, 〜やがれ, and on request the volitional (応援しよう).
//! Verbs in 〜ていく also get the casual contraction 〜てく (出てけ, 出てってくれ).
//! Only the written form is conjugated: readings are applied to the dictionary form first
//! (死ぬ → しぬ), and each spelling is conjugated.

/// How a verb conjugates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// 五段 (godan): 死ぬ, 帰る, 出ていく.
    Godan,
    /// 一段 (ichidan): 消える, 見る.
    Ichidan,
    /// サ変: する, 応援する.
    Suru,
    /// カ変: 来る, くる.
    Kuru,
}

impl VerbClass {
    /// The class by its name in a policy (`godan`, `ichidan`, `suru`, `kuru`).
    pub fn from_name(name: &str) -> Option<VerbClass> {
        match name {
            "godan" => Some(VerbClass::Godan),
            "ichidan" => Some(VerbClass::Ichidan),
            "suru" => Some(VerbClass::Suru),
            "kuru" => Some(VerbClass::Kuru),
            _ => None,
        }
    }
}

/// The verb forms a term may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// 死ね, 消えろ, 応援しろ.
    Imperative,
    /// 死んでくれ, 出ていってほしい, 消えてください, 死んでしまえ, 死んじまえ.
    Request,
    /// 死ねばいいのに, 消えればいい.
    Wish,
    /// 死にやがれ, 出て行きやがれ.
    Yagare,
    /// 応援しよう, 入れよう.
    Volitional,
    /// The dictionary form itself.
    Plain,
    /// What was done: 吸った, 吸っちゃった, 吸ってしまった, 吸ってみた, 吸いました.
    Done,
    /// What is going on: 吸って, 吸ってる, 吸ってた, 吸っています.
    Ongoing,
    /// What is wanted: 吸いたい, 吸ってみたい.
    Want,
    /// A threat of what one will do to someone, in standard and western Japanese: 殴ってやる,
    /// 殴ってやろうか, 殴ったる, 殴ったろか (Kansai), 殴っちゃる, 殴っちゃろうか (Chūgoku, Kyūshū).
    Threat,
}

impl Form {
    /// All form names, as written in a policy.
    pub const NAMES: &'static [&'static str] =
        &["imperative", "request", "wish", "yagare", "volitional", "plain", "done", "ongoing", "want", "threat"];

    /// The form by its name in a policy.
    pub fn from_name(name: &str) -> Option<Form> {
        Some(match name {
            "imperative" => Form::Imperative,
            "request" => Form::Request,
            "wish" => Form::Wish,
            "yagare" => Form::Yagare,
            "volitional" => Form::Volitional,
            "plain" => Form::Plain,
            "done" => Form::Done,
            "ongoing" => Form::Ongoing,
            "want" => Form::Want,
            "threat" => Form::Threat,
            _ => return None,
        })
    }

    /// The forms generated when a term names none: those aimed at someone else.
    pub const DEFAULT: &'static [Form] = &[Form::Imperative, Form::Request, Form::Wish, Form::Yagare];
}

/// Godan endings: dictionary kana → (a, i, e, o, te-form ending).
const GODAN: &[(char, char, char, char, char, &str)] = &[
    ('う', 'わ', 'い', 'え', 'お', "って"),
    ('く', 'か', 'き', 'け', 'こ', "いて"),
    ('ぐ', 'が', 'ぎ', 'げ', 'ご', "いで"),
    ('す', 'さ', 'し', 'せ', 'そ', "して"),
    ('つ', 'た', 'ち', 'て', 'と', "って"),
    ('ぬ', 'な', 'に', 'ね', 'の', "んで"),
    ('ぶ', 'ば', 'び', 'べ', 'ぼ', "んで"),
    ('む', 'ま', 'み', 'め', 'も', "んで"),
    ('る', 'ら', 'り', 'れ', 'ろ', "って"),
];

/// Readings of る-verbs that look like 一段 but are 五段 (帰る, 入る, 切る…), checked when a
/// verb's class is not given and the table of readings does not know it.
const GODAN_RU: &[&str] = &[
    "かえる",
    "帰る",
    "はいる",
    "入る",
    "はしる",
    "走る",
    "きる",
    "切る",
    "しる",
    "知る",
    "いる",
    "要る",
    "へる",
    "減る",
    "しゃべる",
    "喋る",
    "ける",
    "蹴る",
    "あせる",
    "焦る",
    "にぎる",
    "握る",
    "まいる",
    "参る",
    "ちる",
    "散る",
    "すべる",
    "滑る",
    "かぎる",
    "限る",
    "いじる",
    "ひねる",
    "ねる",
    "練る",
    "てる",
    "照る",
    "せびる",
    "なじる",
    "ののしる",
    "罵る",
];

const E_ROW: &str = "えけげせぜてでねへべぺめれ";
const I_ROW: &str = "いきぎしじちぢにひびぴみり";

/// Guesses the class of a verb from its dictionary form.
pub fn guess_class(verb: &str) -> Option<VerbClass> {
    if verb.ends_with("する") || verb == "為る" {
        return Some(VerbClass::Suru);
    }
    if verb.ends_with("来る") || verb == "くる" {
        return Some(VerbClass::Kuru);
    }
    let mut chars = verb.chars().rev();
    let last = chars.next()?;
    if last == 'る' {
        if GODAN_RU.iter().any(|g| verb.ends_with(g)) {
            return Some(VerbClass::Godan);
        }
        let before = chars.next()?;
        if E_ROW.contains(before) || I_ROW.contains(before) {
            return Some(VerbClass::Ichidan);
        }
        return Some(VerbClass::Godan);
    }
    GODAN.iter().any(|g| g.0 == last).then_some(VerbClass::Godan)
}

/// The stems of a verb: (imperative, te-form, masu-stem, conditional ば-form, volitional).
struct Stems {
    imperative: Vec<String>,
    te: String,
    masu: String,
    ba: String,
    volitional: String,
}

fn stems(verb: &str, class: VerbClass) -> Option<Stems> {
    match class {
        VerbClass::Suru => {
            let base = verb.strip_suffix("する").or_else(|| verb.strip_suffix("為る"))?;
            Some(Stems {
                imperative: vec![format!("{base}しろ"), format!("{base}せよ")],
                te: format!("{base}して"),
                masu: format!("{base}し"),
                ba: format!("{base}すれば"),
                volitional: format!("{base}しよう"),
            })
        }
        VerbClass::Kuru => {
            let (base, kanji) = match verb.strip_suffix("来る") {
                Some(b) => (b, true),
                None => (verb.strip_suffix("くる")?, false),
            };
            let (ko, ki, ku) = if kanji { ("来", "来", "来") } else { ("こ", "き", "く") };
            Some(Stems {
                imperative: vec![format!("{base}{ko}い")],
                te: format!("{base}{ki}て"),
                masu: format!("{base}{ki}"),
                ba: format!("{base}{ku}れば"),
                volitional: format!("{base}{ko}よう"),
            })
        }
        VerbClass::Ichidan => {
            let base = verb.strip_suffix('る')?;
            Some(Stems {
                imperative: vec![format!("{base}ろ"), format!("{base}よ")],
                te: format!("{base}て"),
                masu: base.to_owned(),
                ba: format!("{base}れば"),
                volitional: format!("{base}よう"),
            })
        }
        VerbClass::Godan => {
            let last = verb.chars().next_back()?;
            let base = verb.get(..verb.len() - last.len_utf8())?;
            let &(_, _a, i, e, o, te) = GODAN.iter().find(|g| g.0 == last)?;
            // 行く/いく: the te-form is 行って, not 行いて.
            let iku = ["いく", "行く", "てく", "でく"].iter().any(|k| verb.ends_with(k));
            let te = if iku { "って" } else { te };
            Some(Stems {
                imperative: vec![format!("{base}{e}")],
                te: format!("{base}{te}"),
                masu: format!("{base}{i}"),
                ba: format!("{base}{e}ば"),
                volitional: format!("{base}{o}う"),
            })
        }
    }
}

/// The forms of `verb` (a dictionary form) that `forms` asks for.
pub fn verb_forms(verb: &str, class: VerbClass, forms: &[Form]) -> Vec<String> {
    let mut out = Vec::new();
    let mut spellings = vec![verb.to_owned()];
    // 〜ていく → 〜てく (出てけ, 出てって).
    for long in ["ていく", "て行く", "でいく", "で行く"] {
        if let Some(base) = verb.strip_suffix(long) {
            let te = long.get(..3).unwrap_or("て");
            spellings.push(format!("{base}{te}く"));
        }
    }
    for v in &spellings {
        let Some(s) = stems(v, class) else { continue };
        for form in forms {
            match form {
                Form::Plain => out.push(v.clone()),
                Form::Imperative => out.extend(s.imperative.iter().cloned()),
                Form::Request => {
                    for tail in ["ほしい", "欲しい", "くれ", "ください", "下さい", "しまえ", "ちょうだい", "もらいたい"]
                    {
                        out.push(format!("{}{tail}", s.te));
                    }
                    // 死んでしまえ → 死んじまえ, 消えてしまえ → 消えちまえ.
                    if let Some(b) = s.te.strip_suffix('て') {
                        out.push(format!("{b}ちまえ"));
                    } else if let Some(b) = s.te.strip_suffix('で') {
                        out.push(format!("{b}じまえ"));
                    }
                }
                Form::Wish => {
                    out.push(format!("{}いいのに", s.ba));
                    out.push(format!("{}いい", s.ba));
                }
                Form::Yagare => out.push(format!("{}やがれ", s.masu)),
                Form::Volitional => out.push(s.volitional.clone()),
                Form::Done => {
                    // て → た, で → だ; て → ちゃった, で → じゃった.
                    let (base, voiced) = match (s.te.strip_suffix('て'), s.te.strip_suffix('で')) {
                        (Some(b), _) => (b, false),
                        (None, Some(b)) => (b, true),
                        (None, None) => continue,
                    };
                    let (ta, chatta, chimatta) = if voiced {
                        ("だ", "じゃった", "じまった")
                    } else {
                        ("た", "ちゃった", "ちまった")
                    };
                    for f in [ta, chatta, chimatta] {
                        out.push(format!("{base}{f}"));
                    }
                    for tail in ["しまった", "みた"] {
                        out.push(format!("{}{tail}", s.te));
                    }
                    out.push(format!("{}ました", s.masu));
                }
                Form::Ongoing => {
                    for tail in ["", "る", "た", "います", "いる"] {
                        out.push(format!("{}{tail}", s.te));
                    }
                }
                Form::Want => {
                    out.push(format!("{}たい", s.masu));
                    out.push(format!("{}みたい", s.te));
                }
                Form::Threat => {
                    // 殴って → 殴ってやる, 殴ってやろ(うか), 殴ったる, 殴ったろ(か), 殴っちゃる,
                    // 殴っちゃろ(うか); a te-form in で (噛んで) → 噛んでやる, 噛んだる, 噛んじゃる.
                    for tail in ["やる", "やろ"] {
                        out.push(format!("{}{tail}", s.te));
                    }
                    let (base, voiced) = match (s.te.strip_suffix('て'), s.te.strip_suffix('で')) {
                        (Some(b), _) => (b, false),
                        (None, Some(b)) => (b, true),
                        (None, None) => continue,
                    };
                    let tails: &[&str] = if voiced {
                        &["だる", "だろ", "じゃる", "じゃろ"]
                    } else {
                        &["たる", "たろ", "ちゃる", "ちゃろ"]
                    };
                    for tail in tails {
                        out.push(format!("{base}{tail}"));
                    }
                }
            }
        }
    }
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

/// The forms of an い-adjective (キモい → キモい, キモかった, キモくて, キモすぎ, キモすぎて,
/// キモすぎる, キモすぎた, キモっ).
pub fn adjective_forms(adjective: &str) -> Vec<String> {
    let Some(stem) = adjective.strip_suffix('い') else { return vec![adjective.to_owned()] };
    if stem.is_empty() {
        return vec![adjective.to_owned()];
    }
    ["い", "かった", "くて", "すぎ", "すぎて", "すぎる", "すぎた", "っ"].iter().map(|t| format!("{stem}{t}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(forms: &[String], s: &str) -> bool {
        forms.iter().any(|f| f == s)
    }

    #[test]
    fn threats_in_standard_and_western_forms() {
        let f = verb_forms("殴る", VerbClass::Godan, &[Form::Threat]);
        for want in ["殴ってやる", "殴ってやろ", "殴ったる", "殴ったろ", "殴っちゃる", "殴っちゃろ"]
        {
            assert!(has(&f, want), "{want} missing from {f:?}");
        }
        let f = verb_forms("しばく", VerbClass::Godan, &[Form::Threat]);
        assert!(has(&f, "しばいたる") && has(&f, "しばいちゃる"), "{f:?}");
        let f = verb_forms("刺す", VerbClass::Godan, &[Form::Threat]);
        assert!(has(&f, "刺したる") && has(&f, "刺しちゃろ"), "{f:?}");
        let f = verb_forms("ボコボコにする", VerbClass::Suru, &[Form::Threat]);
        assert!(has(&f, "ボコボコにしたる") && has(&f, "ボコボコにしてやる"), "{f:?}");
        // Nothing else: the threat forms are not a plain or past form.
        assert!(!has(&f, "ボコボコにした") && !has(&f, "ボコボコにする"), "{f:?}");
    }

    #[test]
    fn guesses_classes() {
        assert_eq!(guess_class("死ぬ"), Some(VerbClass::Godan));
        assert_eq!(guess_class("消える"), Some(VerbClass::Ichidan));
        assert_eq!(guess_class("帰る"), Some(VerbClass::Godan));
        assert_eq!(guess_class("応援する"), Some(VerbClass::Suru));
        assert_eq!(guess_class("来る"), Some(VerbClass::Kuru));
        assert_eq!(guess_class("出ていく"), Some(VerbClass::Godan));
        assert_eq!(guess_class("キモい"), None);
    }

    #[test]
    fn godan_forms() {
        let f = verb_forms("死ぬ", VerbClass::Godan, Form::DEFAULT);
        for want in ["死ね", "死んでくれ", "死んでほしい", "死ねばいいのに", "死にやがれ", "死んでしまえ", "死んじまえ"]
        {
            assert!(has(&f, want), "{want} missing from {f:?}");
        }
        assert!(!has(&f, "死ぬ"), "the plain form is not asked for");
        assert!(!has(&f, "死んで"), "a bare te-form is not a request");
    }

    #[test]
    fn iku_and_its_contraction() {
        let f = verb_forms("出ていく", VerbClass::Godan, Form::DEFAULT);
        for want in ["出ていけ", "出ていってほしい", "出ていってくれ", "出ていきやがれ", "出てけ", "出てってくれ"]
        {
            assert!(has(&f, want), "{want} missing from {f:?}");
        }
        assert!(!has(&f, "出ていいてくれ"));
        let f = verb_forms("出て行く", VerbClass::Godan, Form::DEFAULT);
        assert!(has(&f, "出て行きやがれ") && has(&f, "出て行け") && has(&f, "出てけ"));
    }

    #[test]
    fn ichidan_suru_kuru() {
        let f = verb_forms("消える", VerbClass::Ichidan, Form::DEFAULT);
        assert!(has(&f, "消えろ") && has(&f, "消えてくれ") && has(&f, "消えちまえ") && has(&f, "消えればいいのに"));
        let f = verb_forms("応援する", VerbClass::Suru, &[Form::Imperative, Form::Request, Form::Volitional]);
        assert!(has(&f, "応援しよう") && has(&f, "応援してください") && has(&f, "応援しろ"));
        assert!(!has(&f, "応援すればいいのに"), "wish was not asked for");
        let f = verb_forms("来る", VerbClass::Kuru, Form::DEFAULT);
        assert!(has(&f, "来い") && has(&f, "来てくれ"));
        assert!(stems("来る", VerbClass::Godan).is_some_and(|s| s.imperative == vec!["来れ".to_owned()]));
    }

    #[test]
    fn done_ongoing_want() {
        let f = verb_forms("吸う", VerbClass::Godan, &[Form::Done, Form::Ongoing, Form::Want]);
        for want in
            ["吸った", "吸っちゃった", "吸ってしまった", "吸ってみた", "吸いました", "吸ってる", "吸ってた", "吸いたい"]
        {
            assert!(has(&f, want), "{want} missing from {f:?}");
        }
        assert!(!has(&f, "吸え") && !has(&f, "吸う"), "only the forms asked for");
        let f = verb_forms("飲む", VerbClass::Godan, &[Form::Done]);
        assert!(has(&f, "飲んだ") && has(&f, "飲んじゃった") && !has(&f, "飲んた"), "{f:?}");
        let f = verb_forms("運転する", VerbClass::Suru, &[Form::Done, Form::Ongoing]);
        assert!(has(&f, "運転した") && has(&f, "運転しちゃった") && has(&f, "運転してる"), "{f:?}");
        let f = verb_forms("キメる", VerbClass::Ichidan, &[Form::Done, Form::Want]);
        assert!(has(&f, "キメた") && has(&f, "キメたい") && has(&f, "キメちゃった"), "{f:?}");
    }

    #[test]
    fn adjectives() {
        let f = adjective_forms("キモい");
        assert!(has(&f, "キモい") && has(&f, "キモすぎ") && has(&f, "キモかった") && has(&f, "キモっ"));
        // うざすぎて草: the word edge after すぎ needs the continued forms.
        assert!(has(&f, "キモすぎて") && has(&f, "キモすぎる") && has(&f, "キモすぎた"));
        assert!(!has(&f, "キモくない"), "negation turns the meaning around");
    }
}
