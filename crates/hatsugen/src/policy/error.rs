//! Policy errors and warnings: each names what is wrong as a structured [`PolicyProblem`]
//! (or [`PolicyWarningKind`]), where (origin, line, column, key), and, where a trap is known,
//! how to get out of it (`help`).

use std::fmt;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// What kind of problem a policy has: the coarse class the C ABI's and the WASM build's
/// status codes follow. [`PolicyError::problem`] says exactly what is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyErrorKind {
    /// The TOML itself is malformed, or a key or value has the wrong type or name.
    Syntax,
    /// Well-formed TOML that breaks a rule of the policy format (an unknown group, a bad
    /// rule id, a regex that does not compile…).
    Invalid,
    /// `extends` or [`Policy::builtin`](crate::Policy::builtin) names no built-in pack.
    UnknownBuiltin,
    /// The policy exceeds a size limit (bytes, terms, pattern length).
    TooLarge,
}

impl PolicyErrorKind {
    /// The lower-case name used in JSON (`syntax`, `invalid`, `unknown_builtin`, `too_large`).
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyErrorKind::Syntax => "syntax",
            PolicyErrorKind::Invalid => "invalid",
            PolicyErrorKind::UnknownBuiltin => "unknown_builtin",
            PolicyErrorKind::TooLarge => "too_large",
        }
    }
}

/// Exactly what is wrong with a policy, with the values involved. Its `Display` is the
/// error's message: lower case, user input in backticks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyProblem {
    /// The TOML is malformed.
    Toml {
        /// The TOML parser's message.
        message: String,
    },
    /// A key the table does not take.
    UnknownField {
        /// The key.
        field: String,
        /// The keys the table takes.
        expected: Vec<&'static str>,
    },
    /// A key the table needs is missing.
    MissingField {
        /// The key.
        field: String,
    },
    /// A value of the wrong type.
    WrongType {
        /// What the key takes (`a string`).
        expected: &'static str,
        /// What it got (`an integer`).
        found: &'static str,
    },
    /// A name that is none of the allowed ones (a severity, a gate, a verdict…).
    UnknownVariant {
        /// The name given.
        value: String,
        /// The names allowed.
        expected: Vec<&'static str>,
    },
    /// A value not written as its key takes it (a date, a month-day…).
    Malformed {
        /// What is wrong, naming the value.
        message: String,
    },
    /// An integer out of range.
    IntegerOutOfRange {
        /// The integer as written.
        value: String,
        /// What the key takes (`u32`, `minutes (0 to 720)`).
        expected: String,
    },
    /// An id or name that is not lower-case letters, digits, `-`, `_` or `.`.
    BadName {
        /// What it names (`group name`, `term id`, `policy id`…).
        what: &'static str,
        /// The name.
        name: String,
    },
    /// A rule id that is not `category.name` in lower-case snake_case.
    BadRuleId {
        /// The id.
        rule: String,
    },
    /// A rule in a category that is not one of the public list.
    UnknownCategory {
        /// The rule id.
        rule: String,
        /// Its category.
        category: String,
    },
    /// A rule refers to a lexicon group that does not exist.
    UnknownGroup {
        /// The rule id.
        rule: String,
        /// The group named.
        group: String,
        /// The groups that exist.
        known: Vec<String>,
    },
    /// `remove_terms` names a term that does not exist.
    UnknownTerm {
        /// The term id.
        term: String,
    },
    /// An example expects a rule that does not exist.
    UnknownRule {
        /// The rule id.
        rule: String,
    },
    /// A rule's `yield_to` names a rule that does not exist.
    UnknownYield {
        /// The rule id.
        rule: String,
        /// The rule named.
        target: String,
    },
    /// A term id is already used in another group.
    DuplicateTermId {
        /// The term id.
        term: String,
        /// The group that has it.
        group: String,
    },
    /// Something lacks what it needs (a new rule's `clause`, a term's `match`…).
    Incomplete {
        /// What lacks it (``new text rule `x.y` ``).
        what: String,
        /// What it needs (`` `clause` ``).
        needs: String,
    },
    /// A built-in rule given a setting only text rules take.
    NotForBuiltinRule {
        /// The rule id.
        rule: String,
    },
    /// A rule given a setting it does not take (`accept` on a rule that reads no
    /// accepted groups).
    SettingNotTaken {
        /// The rule id.
        rule: String,
        /// The setting.
        setting: &'static str,
    },
    /// A `seq` of one group.
    SeqOfOne {
        /// The rule id.
        rule: String,
    },
    /// A regex that does not compile.
    BadRegex {
        /// The term id.
        term: String,
        /// Why.
        message: String,
    },
    /// A value the format does not allow (a time, a date, an interval, a period…): the
    /// message names the key and the value.
    InvalidValue {
        /// What is wrong.
        message: String,
    },
    /// `extends` is not `builtin:NAME`.
    BadExtends {
        /// The value given.
        value: String,
    },
    /// `extends` goes too many levels deep.
    ExtendsTooDeep,
    /// No built-in pack has this name.
    UnknownBuiltin {
        /// The name given.
        name: String,
        /// The packs there are.
        known: Vec<&'static str>,
    },
    /// Over a size limit.
    TooLarge {
        /// What is too large, as a sentence start (``regex of term `x` is``).
        what: String,
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
        /// The unit (`bytes`, `lexicon strings`).
        unit: &'static str,
    },
    /// The policy read but does not compile (a lexicon too large for the automaton…).
    Compile {
        /// What went wrong.
        message: String,
    },
}

fn ticked<S: AsRef<str>>(names: &[S]) -> String {
    names.iter().map(|n| format!("`{}`", n.as_ref())).collect::<Vec<_>>().join(", ")
}

impl PolicyProblem {
    /// The coarse kind.
    pub fn kind(&self) -> PolicyErrorKind {
        match self {
            PolicyProblem::Toml { .. }
            | PolicyProblem::UnknownField { .. }
            | PolicyProblem::MissingField { .. }
            | PolicyProblem::WrongType { .. }
            | PolicyProblem::UnknownVariant { .. }
            | PolicyProblem::Malformed { .. }
            | PolicyProblem::IntegerOutOfRange { .. } => PolicyErrorKind::Syntax,
            PolicyProblem::UnknownBuiltin { .. } => PolicyErrorKind::UnknownBuiltin,
            PolicyProblem::TooLarge { .. } | PolicyProblem::Compile { .. } => PolicyErrorKind::TooLarge,
            _ => PolicyErrorKind::Invalid,
        }
    }

    /// A stable snake_case name of the variant, for tools (`unknown_field`).
    pub fn code(&self) -> &'static str {
        match self {
            PolicyProblem::Toml { .. } => "toml",
            PolicyProblem::UnknownField { .. } => "unknown_field",
            PolicyProblem::MissingField { .. } => "missing_field",
            PolicyProblem::WrongType { .. } => "wrong_type",
            PolicyProblem::UnknownVariant { .. } => "unknown_variant",
            PolicyProblem::Malformed { .. } => "malformed",
            PolicyProblem::IntegerOutOfRange { .. } => "integer_out_of_range",
            PolicyProblem::BadName { .. } => "bad_name",
            PolicyProblem::BadRuleId { .. } => "bad_rule_id",
            PolicyProblem::UnknownCategory { .. } => "unknown_category",
            PolicyProblem::UnknownGroup { .. } => "unknown_group",
            PolicyProblem::UnknownTerm { .. } => "unknown_term",
            PolicyProblem::UnknownRule { .. } | PolicyProblem::UnknownYield { .. } => "unknown_rule",
            PolicyProblem::DuplicateTermId { .. } => "duplicate_term_id",
            PolicyProblem::Incomplete { .. } => "incomplete",
            PolicyProblem::NotForBuiltinRule { .. } => "not_for_builtin_rule",
            PolicyProblem::SettingNotTaken { .. } => "setting_not_taken",
            PolicyProblem::SeqOfOne { .. } => "seq_of_one",
            PolicyProblem::BadRegex { .. } => "bad_regex",
            PolicyProblem::InvalidValue { .. } => "invalid_value",
            PolicyProblem::BadExtends { .. } => "bad_extends",
            PolicyProblem::ExtendsTooDeep => "extends_too_deep",
            PolicyProblem::UnknownBuiltin { .. } => "unknown_builtin",
            PolicyProblem::TooLarge { .. } => "too_large",
            PolicyProblem::Compile { .. } => "compile",
        }
    }
}

impl fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyProblem::Toml { message }
            | PolicyProblem::InvalidValue { message }
            | PolicyProblem::Malformed { message }
            | PolicyProblem::Compile { message } => f.write_str(message),
            PolicyProblem::UnknownField { field, expected } => {
                write!(f, "unknown field `{field}`, expected one of {}", ticked(expected))
            }
            PolicyProblem::MissingField { field } => write!(f, "missing field `{field}`"),
            PolicyProblem::WrongType { expected, found } => {
                write!(f, "invalid type: expected {expected}, found {found}")
            }
            PolicyProblem::UnknownVariant { value, expected } => {
                write!(f, "unknown variant `{value}`, expected one of {}", ticked(expected))
            }
            PolicyProblem::IntegerOutOfRange { value, expected } => {
                write!(f, "invalid value: integer `{value}`, expected {expected}")
            }
            PolicyProblem::BadName { what, name } => {
                write!(f, "{what} `{name}` must be lower-case letters, digits, `-`, `_` or `.`")
            }
            PolicyProblem::BadRuleId { rule } => {
                write!(f, "rule id `{rule}` must be `category.name` in lower-case snake_case")
            }
            PolicyProblem::UnknownCategory { rule, category } => {
                let known: Vec<&str> = super::CATEGORIES.iter().map(|(c, _)| *c).collect();
                write!(f, "rule `{rule}` has unknown category `{category}`, expected one of {}", known.join(", "))
            }
            PolicyProblem::UnknownGroup { rule, group, .. } => {
                write!(f, "rule `{rule}` refers to unknown group `{group}`")
            }
            PolicyProblem::UnknownTerm { term } => write!(f, "`remove_terms` names unknown term `{term}`"),
            PolicyProblem::UnknownRule { rule } => write!(f, "example expects unknown rule `{rule}`"),
            PolicyProblem::UnknownYield { rule, target } => {
                write!(f, "`yield_to` of rule `{rule}` names unknown rule `{target}`")
            }
            PolicyProblem::DuplicateTermId { term, group } => {
                write!(f, "term id `{term}` is already used in group `{group}`")
            }
            PolicyProblem::Incomplete { what, needs } => write!(f, "{what} needs {needs}"),
            PolicyProblem::NotForBuiltinRule { rule } => write!(
                f,
                "rule `{rule}` is built in: it takes settings (enabled, severity, clause, law, message, suggestion) and a text condition (`any`, `all`, `unless`, `seq`, `within`) but no `when` or `on`"
            ),
            PolicyProblem::SettingNotTaken { rule, setting } => write!(f, "rule `{rule}` takes no `{setting}`"),
            PolicyProblem::SeqOfOne { rule } => {
                write!(f, "`seq` of rule `{rule}` names one group: use `any` for one, `seq` for two or more in order")
            }
            PolicyProblem::BadRegex { term, message } => {
                write!(f, "regex of term `{term}` does not compile: {message}")
            }
            PolicyProblem::BadExtends { value } => {
                write!(f, "`extends` must name a built-in pack as `builtin:NAME`, not `{value}`")
            }
            PolicyProblem::ExtendsTooDeep => f.write_str("`extends` chain is too deep"),
            PolicyProblem::UnknownBuiltin { name, known } => {
                write!(f, "unknown built-in pack `{name}`, expected one of {}", ticked(known))
            }
            PolicyProblem::TooLarge { what, size, limit, unit } => {
                write!(f, "{what} {size} {unit}, more than the limit of {limit}")
            }
        }
    }
}

/// Where a diagnostic is: the text it is in, the place there, the key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Place {
    key: Option<String>,
    origin: String,
    line: usize,
    column: usize,
}

impl Place {
    fn write_prefix(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: ", self.origin, self.line, self.column)
        } else if !self.origin.is_empty() {
            write!(f, "{}: ", self.origin)
        } else {
            Ok(())
        }
    }
}

/// A policy that could not be read or compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError(Box<ErrorInner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct ErrorInner {
    problem: PolicyProblem,
    message: String,
    place: Place,
    help: Option<String>,
}

impl PolicyError {
    pub(crate) fn from_problem(problem: PolicyProblem) -> PolicyError {
        PolicyError(Box::new(ErrorInner { message: problem.to_string(), problem, place: Place::default(), help: None }))
    }

    pub(crate) fn at(mut self, origin: &str, src: &str, offset: usize) -> PolicyError {
        let (line, column) = line_col(src, offset);
        self.0.place.origin = origin.to_owned();
        self.0.place.line = line;
        self.0.place.column = column;
        self
    }

    pub(crate) fn key(mut self, key: impl Into<String>) -> PolicyError {
        self.0.place.key = Some(key.into());
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> PolicyError {
        self.0.help = Some(help.into());
        self
    }

    /// The coarse kind of problem.
    pub fn kind(&self) -> PolicyErrorKind {
        self.0.problem.kind()
    }
    /// Exactly what is wrong.
    pub fn problem(&self) -> &PolicyProblem {
        &self.0.problem
    }
    /// What is wrong, in lower case, with user input in backticks (the problem's `Display`).
    pub fn message(&self) -> &str {
        &self.0.message
    }
    /// How to fix it, where a trap is known (a top-level key written after a table, a
    /// near-miss of a name…).
    pub fn help_text(&self) -> Option<&str> {
        self.0.help.as_deref()
    }
    /// The dotted key the problem is at, when known (`rules.defamation.insult.any`).
    pub fn key_path(&self) -> Option<&str> {
        self.0.place.key.as_deref()
    }
    /// Which text the problem is in: `<policy>` for the caller's file, `builtin:NAME` for a pack.
    pub fn origin(&self) -> &str {
        &self.0.place.origin
    }
    /// 1-based line, or 0 when the problem has no place in a file.
    pub fn line(&self) -> usize {
        self.0.place.line
    }
    /// 1-based column (in characters), or 0 when unknown.
    pub fn column(&self) -> usize {
        self.0.place.column
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.place.write_prefix(f)?;
        f.write_str(&self.0.message)?;
        if let Some(key) = &self.0.place.key {
            write!(f, " (at `{key}`)")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

/// As JSON: `{"severity": "error", "kind", "code", "message", "help", "key", "origin",
/// "line", "column"}`.
impl Serialize for PolicyError {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut s = ser.serialize_struct("PolicyError", 9)?;
        s.serialize_field("severity", "error")?;
        s.serialize_field("kind", self.kind().as_str())?;
        s.serialize_field("code", self.0.problem.code())?;
        s.serialize_field("message", &self.0.message)?;
        s.serialize_field("help", &self.0.help)?;
        s.serialize_field("key", &self.0.place.key)?;
        s.serialize_field("origin", &self.0.place.origin)?;
        s.serialize_field("line", &self.0.place.line)?;
        s.serialize_field("column", &self.0.place.column)?;
        s.end()
    }
}

/// Something legal in a policy that is probably not what its author meant.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyWarningKind {
    /// A message or suggestion has a `{placeholder}` the rule does not fill: it would show
    /// as written.
    UnknownPlaceholder {
        /// The rule id.
        rule: String,
        /// The placeholder's name.
        placeholder: String,
        /// The placeholders the rule fills.
        known: Vec<&'static str>,
    },
    /// A term matches a string another term of the same group matches already.
    DuplicateTerm {
        /// The group.
        group: String,
        /// The term.
        term: String,
        /// The string (folded).
        spelling: String,
        /// The term that matches it already.
        other: String,
    },
    /// An exception that can never cancel a hit: it cannot overlap any of the spellings of the term
    /// (or of any term of the group) it belongs to.
    DeadException {
        /// The group.
        group: String,
        /// The term, for a term's exception (none for the group's).
        term: Option<String>,
        /// The exception.
        exception: String,
    },
    /// `[schedule]` gives `hours` without `breaks`: the breaks of the pack it extends no
    /// longer apply.
    BreaksDropped {
        /// The breaks that no longer apply, as written (`12:00-13:00`).
        breaks: Vec<String>,
    },
    /// A built-in rule that needs a text condition (`any` or `seq`) has none: it never runs.
    NeverRuns {
        /// The rule id.
        rule: String,
    },
    /// A term expands (readings, conjugations, look-alikes) to more spellings than one term
    /// may have: the rest are dropped.
    TooManySpellings {
        /// The group.
        group: String,
        /// The term.
        term: String,
        /// The most spellings one term keeps.
        limit: usize,
    },
    /// A spelling's masking characters (伏せ字) are all dropped by folding, so it matches the
    /// shorter string left (ク○ニ matches くに, as in とくに).
    MaskedSpelling {
        /// The group.
        group: String,
        /// The term.
        term: String,
        /// The spelling as written.
        spelling: String,
        /// What it matches after folding.
        folded: String,
    },
    /// A spelling starts or ends with spacing, which folding drops, so it matches the
    /// shorter string left (`へ　` matches every へ, `ruin ` matches ruins).
    SpacingDropped {
        /// The group.
        group: String,
        /// The term.
        term: String,
        /// The spelling as written.
        spelling: String,
        /// What it matches after folding.
        folded: String,
    },
    /// A model rule gives `within` but no `any`: the model reads the sentences around a hit
    /// of `any`, so without one it reads the whole post and `within` changes nothing.
    WithinUnread {
        /// The rule id.
        rule: String,
    },
}

impl PolicyWarningKind {
    /// A stable snake_case name of the variant, for tools (`dead_exception`).
    pub fn code(&self) -> &'static str {
        match self {
            PolicyWarningKind::UnknownPlaceholder { .. } => "unknown_placeholder",
            PolicyWarningKind::DuplicateTerm { .. } => "duplicate_term",
            PolicyWarningKind::DeadException { .. } => "dead_exception",
            PolicyWarningKind::BreaksDropped { .. } => "breaks_dropped",
            PolicyWarningKind::NeverRuns { .. } => "never_runs",
            PolicyWarningKind::TooManySpellings { .. } => "too_many_spellings",
            PolicyWarningKind::MaskedSpelling { .. } => "masked_spelling",
            PolicyWarningKind::SpacingDropped { .. } => "spacing_dropped",
            PolicyWarningKind::WithinUnread { .. } => "within_unread",
        }
    }
}

impl fmt::Display for PolicyWarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyWarningKind::UnknownPlaceholder { rule, placeholder, .. } => {
                write!(f, "rule `{rule}` does not fill `{{{placeholder}}}`: it would show as written")
            }
            PolicyWarningKind::DuplicateTerm { group, term, spelling, other } => {
                write!(f, "term `{term}` of group `{group}` matches `{spelling}`, which term `{other}` matches already")
            }
            PolicyWarningKind::DeadException { group, term: Some(term), exception } => {
                write!(
                    f,
                    "exception `{exception}` of term `{term}` (group `{group}`) cannot overlap any of the term's spellings: it never cancels a hit"
                )
            }
            PolicyWarningKind::DeadException { group, term: None, exception } => {
                write!(
                    f,
                    "exception `{exception}` of group `{group}` cannot overlap any of its terms' spellings: it never cancels a hit"
                )
            }
            PolicyWarningKind::BreaksDropped { breaks } => write!(
                f,
                "`schedule.hours` is given without `breaks`: the pack's {} no longer {}",
                ticked(breaks),
                if breaks.len() == 1 { "applies" } else { "apply" }
            ),
            PolicyWarningKind::NeverRuns { rule } => {
                write!(f, "rule `{rule}` needs a text condition (`any` or `seq`) and has none: it never runs")
            }
            PolicyWarningKind::TooManySpellings { group, term, limit } => write!(
                f,
                "term `{term}` of group `{group}` expands to more than {limit} spellings: the rest are dropped"
            ),
            PolicyWarningKind::MaskedSpelling { group, term, spelling, folded } => write!(
                f,
                "spelling `{spelling}` of term `{term}` (group `{group}`) has a masking character that folding drops: it matches `{folded}`"
            ),
            PolicyWarningKind::SpacingDropped { group, term, spelling, folded } => write!(
                f,
                "spelling `{spelling}` of term `{term}` (group `{group}`) starts or ends with spacing, which folding drops: it matches `{folded}`"
            ),
            PolicyWarningKind::WithinUnread { rule } => {
                write!(f, "model rule `{rule}` gives `within` but no `any`: the model reads the whole post")
            }
        }
    }
}

/// Something legal in a policy that is probably not what its author meant: `hatsugen policy
/// check` shows these; loading goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyWarning {
    kind: PolicyWarningKind,
    message: String,
    place: Place,
    help: Option<String>,
}

impl PolicyWarning {
    pub(crate) fn new(kind: PolicyWarningKind) -> PolicyWarning {
        PolicyWarning { message: kind.to_string(), kind, place: Place::default(), help: None }
    }

    pub(crate) fn at(mut self, origin: &str, src: &str, offset: usize) -> PolicyWarning {
        let (line, column) = line_col(src, offset);
        self.place = Place { key: self.place.key, origin: origin.to_owned(), line, column };
        self
    }

    pub(crate) fn key(mut self, key: impl Into<String>) -> PolicyWarning {
        self.place.key = Some(key.into());
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> PolicyWarning {
        self.help = Some(help.into());
        self
    }

    /// What it is.
    pub fn kind(&self) -> &PolicyWarningKind {
        &self.kind
    }
    /// What is suspicious (the kind's `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
    /// What to do about it, when there is a usual fix.
    pub fn help_text(&self) -> Option<&str> {
        self.help.as_deref()
    }
    /// The dotted key it is at, when known.
    pub fn key_path(&self) -> Option<&str> {
        self.place.key.as_deref()
    }
    /// Which text it is in (`<policy>` for the caller's file).
    pub fn origin(&self) -> &str {
        &self.place.origin
    }
    /// 1-based line, or 0.
    pub fn line(&self) -> usize {
        self.place.line
    }
    /// 1-based column (in characters), or 0.
    pub fn column(&self) -> usize {
        self.place.column
    }
}

impl fmt::Display for PolicyWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.place.write_prefix(f)?;
        f.write_str(&self.message)?;
        if let Some(key) = &self.place.key {
            write!(f, " (at `{key}`)")?;
        }
        Ok(())
    }
}

/// As JSON: like [`PolicyError`]'s, with `"severity": "warning"` and no `kind`.
impl Serialize for PolicyWarning {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut s = ser.serialize_struct("PolicyWarning", 8)?;
        s.serialize_field("severity", "warning")?;
        s.serialize_field("code", self.kind.code())?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("help", &self.help)?;
        s.serialize_field("key", &self.place.key)?;
        s.serialize_field("origin", &self.place.origin)?;
        s.serialize_field("line", &self.place.line)?;
        s.serialize_field("column", &self.place.column)?;
        s.end()
    }
}

/// Everything reading a policy found: the policy (when it has no error), every error in the
/// file, and warnings about what is legal but probably not meant. See
/// [`Policy::analyze`](crate::Policy::analyze).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PolicyAnalysis {
    /// The policy, when the file has no error.
    pub policy: Option<super::Policy>,
    /// Every error, in the order of the file.
    pub errors: Vec<PolicyError>,
    /// Warnings about the file itself (not about the packs it extends), in the order of the
    /// file.
    pub warnings: Vec<PolicyWarning>,
}

impl PolicyAnalysis {
    /// `{"errors": [...], "warnings": [...]}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "errors": self.errors, "warnings": self.warnings }).to_string()
    }
}

/// The edit distance of two short names, in characters (for "did you mean").
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cur = row.get(j + 1).copied().unwrap_or(0);
            let best = (prev + usize::from(ca != *cb)).min(cur + 1).min(row.get(j).copied().unwrap_or(0) + 1);
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = best;
            }
            prev = cur;
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The name of `candidates` closest to `name`, if one is close (a typo, not another word).
pub(crate) fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates.into_iter().map(|c| (distance(name, c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c)
}

/// 1-based line and column (in characters) of byte `offset` in `src`.
pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = src.get(..offset).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names() {
        assert_eq!(distance("severty", "severity"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(did_you_mean("severty", ["enabled", "severity", "clause"]), Some("severity"));
        assert_eq!(did_you_mean("insult", ["insults", "slur"]), Some("insults"));
        assert_eq!(did_you_mean("xyz", ["severity"]), None);
    }
}
