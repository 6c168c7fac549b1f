//! Policies: data, not code.
//!
//! A policy is a TOML document. It usually starts with `extends = "builtin:jp-local-gov"`
//! and states only its differences: rule settings, extra lexicon terms and exceptions,
//! removed terms, embargoed project names, the broadcast threshold and limits, the working
//! schedule and office calendar, the late-night window, elections and sensitive days, and
//! the city's places (offices, protected places) for photo locations. See
//! `docs/POLICY.md` for the format with a worked example.
//!
//! ```
//! use hatsugen::Policy;
//! let policy = Policy::from_toml(r#"
//! extends = "builtin:jp-local-gov"
//! id = "example-city"
//! version = "2026.1"
//!
//! [[embargo]]
//! id = "new-library"
//! terms = ["新図書館構想"]
//! lift = "2026-12-01T10:00:00+09:00"
//! "#).unwrap();
//! assert_eq!(policy.id(), "example-city");
//! ```

#[cfg(test)]
pub(crate) mod compact;
mod error;
mod events;
mod lint;
mod load;
mod merge;
mod places;
mod read;
/// What a TOML value is (`a string`, `an integer`…), for error messages; the schedule reader says it too.
pub(crate) use read::type_name as toml_type_name;
mod sections;
mod timing;

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;

pub use error::{PolicyAnalysis, PolicyError, PolicyErrorKind, PolicyProblem, PolicyWarning, PolicyWarningKind};
pub use events::{
    DEFAULT_MARGIN_MINUTES, Duty, Election, ElectionKind, ElectionProfile, MAX_ELECTION_DAYS, MAX_MARGIN_MINUTES,
    SensitiveDate, SensitiveDay,
};
pub use places::{MAX_PLACE_RADIUS_M, Place, PlaceKind};

use crate::calendar::{CalendarConfig, Schedule, TimeOfDay, TimeRange};
use crate::report::{Message, Severity, Suggestion};

/// The largest policy text accepted, in bytes.
pub const MAX_POLICY_BYTES: usize = 8 * 1024 * 1024;
/// The most lexicon terms (match strings, exceptions and patterns) a policy may hold.
pub const MAX_TERMS: usize = 200_000;
/// The longest regex pattern accepted, in bytes.
pub const MAX_PATTERN_BYTES: usize = 2048;
/// The default limit on a checked text, in bytes (1 MiB).
pub const DEFAULT_MAX_TEXT_BYTES: usize = 1024 * 1024;

/// The rule categories: part of the public contract, with the default severity of each.
pub const CATEGORIES: &[(&str, Severity)] = &[
    ("after_hours_to_subordinate", Severity::Warn),
    ("broadcast", Severity::Warn),
    ("confidential", Severity::Block),
    ("copyright_privacy", Severity::Warn),
    ("defamation", Severity::Block),
    ("disclaimer_missing", Severity::Warn),
    ("discrimination", Severity::Block),
    ("embargo", Severity::Block),
    ("emergency", Severity::Warn),
    ("illegal", Severity::Block),
    ("late_night", Severity::Info),
    ("obscenity", Severity::Block),
    ("official_account_misuse", Severity::Block),
    ("personal_data", Severity::Block),
    ("personal_in_work_channel", Severity::Warn),
    ("political", Severity::Block),
    ("rumor", Severity::Warn),
    ("sensitive_day", Severity::Warn),
    ("shifted_break", Severity::Info),
    ("work_device", Severity::Block),
    ("work_hours", Severity::Block),
    ("workplace_image", Severity::Warn),
];

/// The built-in packs, by name. (Not in the WebAssembly build, which carries them encoded
/// in fewer bytes, `src/packed.rs`, and decodes one when it is first loaded.)
#[cfg(not(target_arch = "wasm32"))]
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("jp-local-gov", include_str!(concat!(env!("OUT_DIR"), "/jp-local-gov.toml"))),
    ("urayasu", include_str!(concat!(env!("OUT_DIR"), "/urayasu.toml"))),
];

/// The names of the built-in packs, in the order of [`BUILTIN_PACKS`].
const PACK_NAMES: [&str; 2] = ["jp-local-gov", "urayasu"];

/// The text of built-in pack `i` of [`PACK_NAMES`].
#[cfg(not(target_arch = "wasm32"))]
fn pack_text(i: usize) -> Option<&'static str> {
    BUILTIN_PACKS.get(i).map(|(_, t)| *t)
}

/// The text of built-in pack `i` of [`PACK_NAMES`], decoded once.
#[cfg(target_arch = "wasm32")]
fn pack_text(i: usize) -> Option<&'static str> {
    use std::sync::OnceLock;
    static PACKS: [(&[u8], OnceLock<String>); 2] = [
        (include_bytes!(concat!(env!("OUT_DIR"), "/jp-local-gov.bin")), OnceLock::new()),
        (include_bytes!(concat!(env!("OUT_DIR"), "/urayasu.bin")), OnceLock::new()),
    ];
    let (bytes, text) = PACKS.get(i)?;
    Some(text.get_or_init(|| crate::packed::decode_builtin(bytes)))
}

/// The worked examples of the built-in packs, by pack name (not in the WebAssembly build,
/// which never runs them).
#[cfg(not(target_arch = "wasm32"))]
const BUILTIN_EXAMPLES: &[(&str, &str)] = &[("jp-local-gov", include_str!("../../packs/jp-local-gov.examples.toml"))];
#[cfg(target_arch = "wasm32")]
const BUILTIN_EXAMPLES: &[(&str, &str)] = &[];

/// The examples file of a built-in pack, if it has one in this build.
pub(crate) fn builtin_examples(name: &str) -> Option<&'static str> {
    BUILTIN_EXAMPLES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The name of the default built-in pack.
pub const DEFAULT_PACK: &str = "jp-local-gov";

/// A context condition a text rule needs before it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// The post goes to a work channel (`channel: work`) or from the official account.
    WorkChannel,
    /// The post goes out from the official account.
    OfficialAccount,
    /// The post goes further than the colleague it is written to. A direct message
    /// (`audience: dm`) from an account that is not the official one stays inside when it
    /// goes over a work channel (`channel: work`), or to a subordinate or peer
    /// (`recipient_relation`) over a channel that is not a private one. Anything else is
    /// outward, a context that does not say included. A work group is outward: a personnel
    /// move sent to 120 staff before it is announced is a leak.
    Outward,
    /// The post is a message to the author's subordinates (`recipient_relation: subordinate`)
    /// in a direct message or a group (`audience: dm` or `group`).
    ToSubordinates,
}

impl Gate {
    /// Every gate.
    pub const ALL: &'static [Gate] = &[Gate::WorkChannel, Gate::OfficialAccount, Gate::Outward, Gate::ToSubordinates];

    /// The context fields the gate reads: what a report lists as missing when the context
    /// does not say.
    pub fn reads(self) -> &'static [crate::context_field::ContextField] {
        use crate::context_field::ContextField as F;
        match self {
            Gate::WorkChannel => &[F::Account, F::Channel],
            Gate::OfficialAccount => &[F::Account],
            Gate::Outward => &[F::Account, F::Channel, F::Audience, F::RecipientRelation],
            Gate::ToSubordinates => &[F::RecipientRelation, F::Audience],
        }
    }

    /// The name used in policy files (`work_channel`).
    pub fn as_str(self) -> &'static str {
        match self {
            Gate::WorkChannel => "work_channel",
            Gate::OfficialAccount => "official_account",
            Gate::Outward => "outward",
            Gate::ToSubordinates => "to_subordinates",
        }
    }
}

/// Which text a text rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The post itself.
    #[default]
    Text,
    /// The names and descriptions of image and video attachments.
    Attachments,
}

impl Source {
    /// Every source.
    pub const ALL: &'static [Source] = &[Source::Text, Source::Attachments];

    /// The name used in policy files (`attachments`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Text => "text",
            Source::Attachments => "attachments",
        }
    }
}

/// The effective settings of one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSpec {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Severity of its findings.
    pub severity: Severity,
    /// The guideline clause it rests on.
    pub clause: String,
    /// The law it rests on, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub law: Option<String>,
    /// What a finding says.
    pub message: Message,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
    /// Text rules: lexicon groups any of which fires the rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<String>,
    /// Text rules: groups each of which must also match.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub all: Vec<String>,
    /// Text rules: groups any of which suppresses the rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<String>,
    /// Text rules with `within`: groups that suppress the rule when they match in the hit's
    /// sentence or a neighbouring one, a wider scope than `unless`'s (the thing a curse is
    /// about, named in the sentence before it: 蚊に刺された。お前ほんとうざい).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unless_nearby: Vec<String>,
    /// Phrase rules: groups that must match in this order within one scope (`within`):
    /// a protected group, then an excluding predicate.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seq: Vec<String>,
    /// Text rules: the scope in which `seq`, `all` and `unless` are looked for around a
    /// hit; without it (and without `seq`), anywhere in the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<Within>,
    /// Text rules: context condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Gate>,
    /// Text rules: which text is read.
    #[serde(skip_serializing_if = "is_default_source")]
    pub on: Source,
    /// Text rules: a category of the built-in model (`model = "defamation"`): the rule fires
    /// when the model's score of the post for it reaches `model_min`, whatever words it
    /// uses. It speaks only when no other rule of its category has (see docs/POLICY.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// With `model`: the least probability the model must give (0.5 when not said).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_min: Option<f64>,
    /// Text rules of words (not `model`): the rule does not fire when the built-in model
    /// gives the post less than this probability for the rule's category (the part of its
    /// id before the first dot): its words are there, but the post reads like nothing of
    /// the kind (ここだけの話、会議中にお腹が鳴った for `confidential.secret`). 0 or not said:
    /// the words alone decide.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless_model_below: Option<f64>,
    /// Built-in rules that take it (`disclaimer_missing.no_disclaimer`): lexicon groups whose
    /// match, in the post or the profile, satisfies the rule (the accepted disclaimers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<String>,
    /// Rules that take precedence: this rule's findings are dropped from a report in which
    /// one of them has a finding (`rumor.hearsay` yields to `personal_data.circumstances`:
    /// hearsay about a private person's illness is a matter of personal data, not a rumour).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub yield_to: Vec<String>,
    /// With `yield_to`: how far a finding of a rule it names reaches.
    #[serde(skip_serializing_if = "is_default_reach")]
    pub yield_within: YieldReach,
}

/// How far a finding of a rule named in `yield_to` silences the rule that yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum YieldReach {
    /// The same sentence.
    #[default]
    Sentence,
    /// The same sentence or a neighbouring one.
    TwoSentences,
    /// Anywhere in the post.
    Post,
}

impl YieldReach {
    /// How many sentences apart two findings may be for the yield to apply.
    pub(crate) fn sentences(self) -> usize {
        match self {
            YieldReach::Sentence => 0,
            YieldReach::TwoSentences => 1,
            YieldReach::Post => usize::MAX,
        }
    }
}

fn is_default_reach(r: &YieldReach) -> bool {
    *r == YieldReach::Sentence
}

/// The scope of a phrase rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Within {
    /// One sentence: split at 。！？!? and line breaks, and at Unicode sentence boundaries.
    Sentence,
    /// One sentence or two neighbouring ones: a group named in one sentence and what is
    /// said of it in the next (外国籍の住人ってルール無視ばっか。この町から出てってくれ).
    TwoSentences,
    /// This many characters of the folded text, from the first part's start to the last
    /// part's end.
    #[serde(untagged)]
    Chars(u32),
}

fn is_default_source(s: &Source) -> bool {
    *s == Source::Text
}

impl RuleSpec {
    /// The category: the part of the id before the dot.
    pub fn category_of(id: &str) -> &str {
        id.split_once('.').map_or(id, |(c, _)| c)
    }
}

/// One lexicon term: strings that match (after folding), optional regex, exceptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// Stable id, unique in the policy; a policy removes a term by this id.
    pub id: String,
    /// Literal strings (folded before matching: width, kana, case, spacing).
    #[serde(rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<String>,
    /// A regex over the folded text (ASCII-oriented; no Unicode classes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// Strings whose match, covering a hit of this term, cancels it (死ぬほど美味しい).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
    /// Verbs in dictionary form whose conjugated forms match (`死ぬ` → 死ね, 死んでくれ…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub verb: Vec<String>,
    /// い-adjectives in dictionary form whose forms match (`キモい` → キモすぎ, キモかった…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjective: Vec<String>,
    /// The conjugation class of `verb` (`godan`, `ichidan`, `suru`, `kuru`) when the table of
    /// readings does not know it and the guess from its ending would be wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Which forms of `verb` match (`imperative`, `request`, `wish`, `yagare`,
    /// `volitional`, `plain`); by default the first four.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
    /// Kana spellings the term gives itself, besides the generated readings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reading: Vec<String>,
    /// Whether the generated readings of kanji apply (default true).
    #[serde(skip_serializing_if = "is_true")]
    pub readings: bool,
    /// Whether digits and kanji that stand for kana match too (4ね, 氏ね, 56す).
    #[serde(skip_serializing_if = "is_false")]
    pub lookalike: bool,
    /// Whether a short kana spelling (up to three kana) matches only at a word edge
    /// (default true; `false` for endings such as らしい that attach to a word).
    #[serde(skip_serializing_if = "is_true")]
    pub edge: bool,
    /// Whether a hit of this term fires its rule whatever the model reads: a rule's
    /// `unless_model_below` is waived for it (default false; a city marks the words it
    /// wants found in any post `sure = true`).
    #[serde(skip_serializing_if = "is_false")]
    pub sure: bool,
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Term {
    /// A term with this id and nothing to match yet.
    pub fn new(id: &str) -> Term {
        Term {
            id: id.to_owned(),
            matches: Vec::new(),
            regex: None,
            except: Vec::new(),
            verb: Vec::new(),
            adjective: Vec::new(),
            class: None,
            forms: Vec::new(),
            reading: Vec::new(),
            readings: true,
            lookalike: false,
            edge: true,
            sure: false,
        }
    }
}

/// A named list of lexicon terms that rules refer to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Group {
    /// What the group holds.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Exceptions that apply to every term of the group.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
    /// The terms.
    pub terms: Vec<Term>,
}

/// A project name that must not be posted before its announcement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Embargo {
    /// Stable id.
    pub id: String,
    /// Names and phrases of the project.
    pub terms: Vec<String>,
    /// When it may be posted (RFC 3339).
    pub lift: Timestamp,
    /// A note for the author (who announces it, where).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Settings of the broadcast rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Broadcast {
    /// A DM or group message to this many recipients or more is a broadcast.
    pub threshold: u32,
}

impl Default for Broadcast {
    fn default() -> Self {
        Broadcast { threshold: 30 }
    }
}

/// Input limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// The largest text checked, in bytes.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_text_bytes: DEFAULT_MAX_TEXT_BYTES }
    }
}

/// The window of the late-night advisory (`late_night.sleep_on_it`): `[from, to)` in the
/// schedule's time zone, crossing midnight when `to` is not after `from`.
///
/// TOML: `[late_night]` with `from = "22:00"` and `to = "05:00"` (the defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct LateNight {
    /// First minute of the window, inclusive.
    pub from: TimeOfDay,
    /// End of the window, exclusive.
    pub to: TimeOfDay,
}

impl LateNight {
    /// The window as a daily interval (see [`TimeRange::occurrence_at`]).
    pub fn window(&self) -> TimeRange {
        TimeRange::new(self.from, self.to)
    }
}

impl Default for LateNight {
    fn default() -> Self {
        let at = |h: u8| TimeOfDay::new(h, 0).unwrap_or(TimeOfDay::MIDNIGHT);
        LateNight { from: at(22), to: at(5) }
    }
}

/// An effective policy: a built-in pack with an organisation's differences applied.
///
/// Serialises back to TOML ([`Policy::to_toml`]) as a standalone policy that reads back to
/// the same value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    pub(crate) id: String,
    pub(crate) version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) description: String,
    pub(crate) broadcast: Broadcast,
    pub(crate) limits: Limits,
    pub(crate) schedule: Schedule,
    pub(crate) calendar: CalendarConfig,
    pub(crate) late_night: LateNight,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) embargo: Vec<Embargo>,
    #[serde(rename = "election", skip_serializing_if = "Vec::is_empty")]
    pub(crate) elections: Vec<Election>,
    #[serde(rename = "sensitive_day", skip_serializing_if = "Vec::is_empty")]
    pub(crate) sensitive_days: Vec<SensitiveDay>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) duties: BTreeMap<String, Duty>,
    #[serde(rename = "place", skip_serializing_if = "Vec::is_empty")]
    pub(crate) places: Vec<Place>,
    pub(crate) rules: BTreeMap<String, RuleSpec>,
    pub(crate) groups: BTreeMap<String, Group>,
    #[serde(rename = "example", skip_serializing_if = "Vec::is_empty")]
    pub(crate) examples: Vec<Example>,
}

/// A worked example a policy carries (`[[example]]`): a post, its context, and what the
/// policy must answer. `hatsugen policy check` runs a file's examples, so a city tests its
/// own policy the way the project tests its packs.
///
/// ```toml
/// [[example]]
/// text = "ここだけの話、来年度の予算が決まったよ"
/// expect = ["confidential.secret"]          # exactly these rules fire
///
/// [[example]]
/// text = "内緒だけど、娘が志望校に受かった"
/// expect = "allow"                          # or a verdict
///
/// [[example]]
/// text = "明日の朝までに資料まとめておいて"
/// context = { time = "2026-11-20T21:00:00+09:00", role = "manager", recipient_relation = "subordinate", audience = "dm" }
/// expect = ["after_hours_to_subordinate.outside_hours"]
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The post.
    pub text: String,
    /// Its context (empty when not given).
    #[serde(skip_serializing_if = "is_empty_context")]
    pub context: crate::context::Context,
    /// What must come out.
    pub expect: Expect,
    /// Where the example was written: the policy file's name (`builtin:jp-local-gov`, or
    /// the origin given to the loader) and the line.
    #[serde(skip)]
    pub origin: String,
    /// The line of `text` in that file.
    #[serde(skip)]
    pub line: usize,
    /// The byte offset of `expect` in that file, for errors.
    #[serde(skip)]
    pub(crate) at: usize,
}

/// Two examples are equal when they say the same; where they were written does not matter.
impl PartialEq for Example {
    fn eq(&self, other: &Example) -> bool {
        (&self.text, &self.context, &self.expect) == (&other.text, &other.context, &other.expect)
    }
}

fn is_empty_context(c: &crate::context::Context) -> bool {
    *c == crate::context::Context::default()
}

/// What an [`Example`] expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Expect {
    /// Exactly these rules fire (sorted ids; empty: none).
    Rules(Vec<String>),
    /// The report has this verdict.
    Verdict(crate::report::Verdict),
}

impl Example {
    /// Checks the example with `checker`: `Ok(())` when the report is as expected, else a
    /// sentence saying what came out instead.
    pub fn run(&self, checker: &crate::Checker) -> Result<(), String> {
        let report = checker.check(&self.text, &self.context);
        match &self.expect {
            Expect::Verdict(v) if *v == report.verdict => Ok(()),
            Expect::Verdict(v) => Err(format!(
                "expected verdict `{}`, got `{}` ({})",
                v.as_str(),
                report.verdict.as_str(),
                fired(&report).join(", ")
            )),
            Expect::Rules(want) => {
                let got = fired(&report);
                if got == *want {
                    Ok(())
                } else {
                    Err(format!("expected [{}], got [{}]", want.join(", "), got.join(", ")))
                }
            }
        }
    }
}

fn fired(report: &crate::Report) -> Vec<String> {
    let mut ids: Vec<String> = report.findings.iter().map(|f| f.rule.clone()).collect();
    crate::sort::sort(&mut ids);
    ids.dedup();
    ids
}

impl Policy {
    /// Reads a policy from TOML. With `extends = "builtin:NAME"` the named pack is read
    /// first and this text states the differences. A file with several errors gives the
    /// first (in the order of the file); [`Policy::analyze`] gives them all.
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        load::load::<false>(text, "<policy>", 0).into_result()
    }

    /// Reads a policy as [`Policy::from_toml`] does, and reports every error in the file at
    /// once, with warnings about what is legal but probably not meant (a `{placeholder}` the
    /// rule does not fill, a term that duplicates another, an exception that can never
    /// match…). `hatsugen policy check` prints this.
    ///
    /// ```
    /// use hatsugen::Policy;
    /// let a = Policy::analyze("extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.insult\"]\nseverty = \"warn\"\nclaus = \"x\"\n");
    /// assert!(a.policy.is_none());
    /// assert_eq!(a.errors.len(), 2);
    /// assert_eq!(a.errors[0].help_text(), Some("did you mean `severity`?"));
    /// ```
    pub fn analyze(text: &str) -> PolicyAnalysis {
        let loaded = load::load::<true>(text, "<policy>", 0);
        PolicyAnalysis { policy: loaded.policy, errors: loaded.errors, warnings: loaded.warnings }
    }

    /// A built-in pack by name (`jp-local-gov`, `urayasu`).
    pub fn builtin(name: &str) -> Result<Policy, PolicyError> {
        let text = builtin_text(name)?;
        load::load::<false>(text, &format!("builtin:{name}"), 0).into_result()
    }

    /// The default pack, `jp-local-gov`.
    pub fn default_pack() -> Result<Policy, PolicyError> {
        Policy::builtin(DEFAULT_PACK)
    }

    /// The names of the built-in packs.
    pub fn builtin_names() -> impl Iterator<Item = &'static str> {
        PACK_NAMES.into_iter()
    }

    /// The policy id; it appears in every report.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The policy version; it appears in every report.
    pub fn version(&self) -> &str {
        &self.version
    }
    /// A free description.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// Effective rule settings by id.
    pub fn rules(&self) -> &BTreeMap<String, RuleSpec> {
        &self.rules
    }
    /// Lexicon groups by name.
    pub fn groups(&self) -> &BTreeMap<String, Group> {
        &self.groups
    }
    /// Embargoed projects.
    pub fn embargoes(&self) -> &[Embargo] {
        &self.embargo
    }
    /// Elections and their periods (`[[election]]`).
    pub fn elections(&self) -> &[Election] {
        &self.elections
    }
    /// Sensitive days (`[[sensitive_day]]`).
    pub fn sensitive_days(&self) -> &[SensitiveDay] {
        &self.sensitive_days
    }
    /// Special duties and their profiles (`[duties]`), by the name a context gives.
    pub fn duties(&self) -> &BTreeMap<String, Duty> {
        &self.duties
    }
    /// The city's places (`[[place]]`): workplaces and protected places.
    pub fn places(&self) -> &[Place] {
        &self.places
    }
    /// Broadcast settings.
    pub fn broadcast(&self) -> &Broadcast {
        &self.broadcast
    }
    /// Input limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
    /// The default working schedule (`[schedule]`), validated; a context may carry the
    /// author's own.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }
    /// The office calendar's closures and local holidays (`[calendar]`), validated.
    pub fn calendar(&self) -> &CalendarConfig {
        &self.calendar
    }
    /// The late-night advisory's window (`[late_night]`).
    pub fn late_night(&self) -> &LateNight {
        &self.late_night
    }

    /// The worked examples of this policy and of the packs it extends (`[[example]]`).
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// The effective policy as a standalone TOML document (no `extends`).
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

pub(crate) fn builtin_text(name: &str) -> Result<&'static str, PolicyError> {
    PACK_NAMES.iter().position(|n| *n == name).and_then(pack_text).ok_or_else(|| {
        PolicyError::from_problem(PolicyProblem::UnknownBuiltin {
            name: name.to_owned(),
            known: Policy::builtin_names().collect(),
        })
    })
}

/// The default severity of a category, or `None` if it is not one.
pub fn category_severity(category: &str) -> Option<Severity> {
    CATEGORIES.iter().find(|(c, _)| *c == category).map(|(_, s)| *s)
}
