//! The generic reader of the spanned TOML tree: typed accessors that name the allowed keys
//! of each table and turn every mistake into a [`PolicyError`] with the byte offset of the
//! offending key or value. The policy sections (`sections.rs`) and the time sections
//! (`timing.rs`) are read with it.
//!
//! Reading goes on after a mistake: [`Ctx`] collects every error (and warning) of the file,
//! and a section or entry with an error is left out ([`Ctx::keep`]), so one run reports them
//! all.

use std::cell::RefCell;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::PolicyError;
use super::error::{PolicyProblem, PolicyWarning, did_you_mean};

/// The top-level keys of a policy file.
pub(super) const TOP_LEVEL: &[&str] = &[
    "extends",
    "id",
    "version",
    "description",
    "broadcast",
    "limits",
    "schedule",
    "calendar",
    "late_night",
    "embargo",
    "election",
    "sensitive_day",
    "duties",
    "place",
    "category",
    "example",
    "remove_terms",
    "rules",
    "groups",
];

/// A value of the parsed document with its place in the text.
pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// A table of the document whose keys are known to be allowed.
pub(super) struct Table<'a, 'i> {
    at: usize,
    map: &'a DeTable<'i>,
}

impl<'a, 'i> Table<'a, 'i> {
    /// The value of `key`, if given.
    pub(super) fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.map.get(key)
    }

    /// The value of `key`, which must be given.
    pub(super) fn require(&self, cx: &Ctx<'_>, key: &str) -> Result<&'a Value<'i>, PolicyError> {
        self.get(key).ok_or_else(|| cx.problem(self.at, PolicyProblem::MissingField { field: key.to_owned() }))
    }

    /// The string at `key`, if given.
    pub(super) fn string(&self, cx: &Ctx<'_>, key: &str) -> Result<Option<String>, PolicyError> {
        self.get(key).map(|v| str_of(cx, v).map(str::to_owned)).transpose()
    }

    /// The string at `key` with its place, if given.
    pub(super) fn spanned(&self, cx: &Ctx<'_>, key: &str) -> Result<Option<Spanned<String>>, PolicyError> {
        self.get(key).map(|v| spanned_string(cx, v)).transpose()
    }

    /// The list of strings at `key`, empty when not given.
    pub(super) fn strings(&self, cx: &Ctx<'_>, key: &str) -> Result<Vec<String>, PolicyError> {
        self.get(key).map_or(Ok(Vec::new()), |v| strings(cx, v))
    }

    /// The list of strings at `key` with their places, if given.
    pub(super) fn spanned_list(&self, cx: &Ctx<'_>, key: &str) -> Result<Option<Vec<Spanned<String>>>, PolicyError> {
        self.get(key).map(|v| array(cx, v)?.iter().map(|s| spanned_string(cx, s)).collect()).transpose()
    }
}

/// `a string`, `an integer`…: what a value is, for an error message.
pub(crate) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The error for a value of the wrong type.
pub(super) fn wrong_type(cx: &Ctx<'_>, v: &Value<'_>, expected: &'static str) -> PolicyError {
    cx.problem(v.span().start, PolicyProblem::WrongType { expected, found: type_name(v.get_ref()) })
}

/// A table with any keys.
pub(super) fn map<'a, 'i>(cx: &Ctx<'_>, v: &'a Value<'i>) -> Result<&'a DeTable<'i>, PolicyError> {
    match v.get_ref() {
        DeValue::Table(t) => Ok(t),
        _ => Err(wrong_type(cx, v, "a table")),
    }
}

/// A table whose keys should all be among `keys`: each other key is an error, recorded in
/// `cx`, and left out (reading goes on with the keys it knows).
pub(super) fn table<'a, 'i>(
    cx: &Ctx<'_>,
    v: &'a Value<'i>,
    keys: &[&'static str],
) -> Result<Table<'a, 'i>, PolicyError> {
    let map = map(cx, v)?;
    for key in map.keys() {
        let name: &str = key.get_ref();
        if !keys.contains(&name) {
            cx.report(unknown_field(cx, key.span().start, name, keys));
        }
    }
    Ok(Table { at: v.span().start, map })
}

/// An unknown key, with a help for the known traps: a top-level key written after a
/// `[table]` (TOML puts it in that table), and a near miss of a key the table takes.
fn unknown_field(cx: &Ctx<'_>, at: usize, name: &str, keys: &[&'static str]) -> PolicyError {
    let e = cx.problem(at, PolicyProblem::UnknownField { field: name.to_owned(), expected: keys.to_vec() });
    if TOP_LEVEL.contains(&name) && !keys.contains(&"extends") {
        e.help(format!(
            "`{name}` is a top-level key, but TOML puts every key after a `[table]` header into that table: move `{name}` above the first table"
        ))
    } else if let Some(near) = did_you_mean(name, keys.iter().copied()) {
        e.help(format!("did you mean `{near}`?"))
    } else {
        e
    }
}

/// An array.
pub(super) fn array<'a, 'i>(cx: &Ctx<'_>, v: &'a Value<'i>) -> Result<&'a [Value<'i>], PolicyError> {
    match v.get_ref() {
        DeValue::Array(a) => Ok(a),
        _ => Err(wrong_type(cx, v, "an array")),
    }
}

/// A string.
pub(super) fn str_of<'a>(cx: &Ctx<'_>, v: &'a Value<'_>) -> Result<&'a str, PolicyError> {
    match v.get_ref() {
        DeValue::String(s) => Ok(s),
        _ => Err(wrong_type(cx, v, "a string")),
    }
}

/// A list of strings.
pub(super) fn strings(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Vec<String>, PolicyError> {
    array(cx, v)?.iter().map(|s| str_of(cx, s).map(str::to_owned)).collect()
}

/// A string or an array of strings (`verb = "死ぬ"` or `verb = ["死ぬ", "くたばる"]`).
pub(super) fn one_or_many(cx: &Ctx<'_>, v: Option<&Value<'_>>) -> Result<Vec<String>, PolicyError> {
    match v {
        None => Ok(Vec::new()),
        Some(v) if matches!(v.get_ref(), DeValue::String(_)) => Ok(vec![str_of(cx, v)?.to_owned()]),
        Some(v) => strings(cx, v),
    }
}

/// A string with its place.
pub(super) fn spanned_string(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<String>, PolicyError> {
    str_of(cx, v).map(|s| Spanned::new(v.span(), s.to_owned()))
}

pub(super) fn bool_of(cx: &Ctx<'_>, v: &Value<'_>) -> Result<bool, PolicyError> {
    match v.get_ref() {
        DeValue::Boolean(b) => Ok(*b),
        _ => Err(wrong_type(cx, v, "a boolean")),
    }
}

/// A non-negative integer up to `max`; `what` names the type in the error (`u32`).
pub(super) fn uint(cx: &Ctx<'_>, v: &Value<'_>, max: u64, what: &str) -> Result<u64, PolicyError> {
    let DeValue::Integer(i) = v.get_ref() else { return Err(wrong_type(cx, v, "an integer")) };
    u64::from_str_radix(i.as_str(), i.radix()).ok().filter(|n| *n <= max).ok_or_else(|| {
        cx.problem(
            v.span().start,
            PolicyProblem::IntegerOutOfRange { value: i.as_str().to_owned(), expected: what.to_owned() },
        )
    })
}

/// A number, written as a float or an integer (`35.6536`, `140`).
///
/// A float is read by `serde_json`'s parser (TOML's decimal syntax less `+` and `_` is
/// JSON's), the one the context's numbers go through: the same digits give the same value
/// from a policy and from a context, and the WebAssembly build carries one float parser,
/// not two.
pub(super) fn number(cx: &Ctx<'_>, v: &Value<'_>) -> Result<f64, PolicyError> {
    let parsed = match v.get_ref() {
        DeValue::Float(f) => {
            let digits = f.as_str().replace('_', "");
            serde_json::from_str::<f64>(digits.strip_prefix('+').unwrap_or(&digits)).ok()
        }
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            // A whole number of degrees or metres: far inside f64's exact range.
            #[allow(clippy::cast_precision_loss)]
            i64::from_str_radix(&digits, i.radix()).ok().map(|n| n as f64)
        }
        _ => return Err(wrong_type(cx, v, "a number")),
    };
    parsed.filter(|x| x.is_finite()).ok_or_else(|| {
        cx.problem(
            v.span().start,
            PolicyProblem::Malformed { message: "invalid value: expected a finite number".to_owned() },
        )
    })
}

/// An enum a policy names by the name its own `as_str` gives: each value once in `ALL`. So
/// the names are spelt in one place, and a new variant is read as soon as it is in `ALL`.
pub(super) trait Named: Copy + 'static {
    /// Every value.
    const ALL: &'static [Self];
    /// Its name.
    fn name(self) -> &'static str;
}

macro_rules! named {
    ($($t:ty),+) => {
        $(impl Named for $t {
            const ALL: &'static [Self] = <$t>::ALL;
            fn name(self) -> &'static str {
                self.as_str()
            }
        })+
    };
}

named!(
    crate::report::Severity,
    crate::report::Verdict,
    super::Gate,
    super::Source,
    super::ElectionKind,
    super::ElectionProfile
);

/// The value of `T` the string names.
pub(super) fn enum_of<T: Named>(cx: &Ctx<'_>, v: &Value<'_>) -> Result<T, PolicyError> {
    let s = str_of(cx, v)?;
    T::ALL
        .iter()
        .copied()
        .find(|t| t.name() == s)
        .ok_or_else(|| unknown_variant(cx, v, s, T::ALL.iter().map(|t| t.name())))
}

/// The one of `names` the string is.
pub(super) fn one_of(cx: &Ctx<'_>, v: &Value<'_>, names: &[&'static str]) -> Result<&'static str, PolicyError> {
    let s = str_of(cx, v)?;
    names.iter().copied().find(|n| *n == s).ok_or_else(|| unknown_variant(cx, v, s, names.iter().copied()))
}

fn unknown_variant(
    cx: &Ctx<'_>,
    v: &Value<'_>,
    s: &str,
    names: impl Iterator<Item = &'static str> + Clone,
) -> PolicyError {
    let e = cx.problem(
        v.span().start,
        PolicyProblem::UnknownVariant { value: s.to_owned(), expected: names.clone().collect() },
    );
    match did_you_mean(s, names) {
        Some(near) => e.help(format!("did you mean `{near}`?")),
        None => e,
    }
}

/// The file being read: where errors point, and what has been found so far.
pub(super) struct Ctx<'a> {
    pub(super) origin: &'a str,
    pub(super) src: &'a str,
    errors: RefCell<Vec<PolicyError>>,
    warnings: RefCell<Vec<PolicyWarning>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(origin: &'a str, src: &'a str) -> Ctx<'a> {
        Ctx { origin, src, errors: RefCell::new(Vec::new()), warnings: RefCell::new(Vec::new()) }
    }

    /// An error at the place of `at`.
    pub(super) fn err<T>(&self, at: &Spanned<T>, problem: PolicyProblem) -> PolicyError {
        self.problem(at.span().start, problem)
    }

    /// An error at byte `offset` of the file.
    pub(super) fn problem(&self, offset: usize, problem: PolicyProblem) -> PolicyError {
        PolicyError::from_problem(problem).at(self.origin, self.src, offset)
    }

    /// Records an error; reading goes on.
    pub(super) fn report(&self, e: PolicyError) {
        self.errors.borrow_mut().push(e);
    }

    /// Records a warning.
    pub(super) fn warn(&self, w: PolicyWarning) {
        self.warnings.borrow_mut().push(w);
    }

    /// A warning at byte `offset` of the file.
    pub(super) fn warning(&self, offset: usize, kind: super::error::PolicyWarningKind) -> PolicyWarning {
        PolicyWarning::new(kind).at(self.origin, self.src, offset)
    }

    /// The value, or `None` with the error recorded: the section or entry is left out and
    /// reading goes on.
    pub(super) fn keep<T>(&self, r: Result<T, PolicyError>) -> Option<T> {
        r.map_err(|e| self.report(e)).ok()
    }

    /// Whether an error has been recorded.
    pub(super) fn failed(&self) -> bool {
        !self.errors.borrow().is_empty()
    }

    /// The errors and warnings found, each in the order of the file.
    pub(super) fn finish(self) -> (Vec<PolicyError>, Vec<PolicyWarning>) {
        // By place, then in the order found (the index makes each key unique).
        let mut errors: Vec<(usize, PolicyError)> = self.errors.into_inner().into_iter().enumerate().collect();
        crate::sort::sort_by_unique_key(&mut errors, |(i, e)| (e.line(), e.column(), *i));
        let mut warnings: Vec<(usize, PolicyWarning)> = self.warnings.into_inner().into_iter().enumerate().collect();
        crate::sort::sort_by_unique_key(&mut warnings, |(i, w)| (w.line(), w.column(), *i));
        (errors.into_iter().map(|(_, e)| e).collect(), warnings.into_iter().map(|(_, w)| w).collect())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Named;
    use crate::policy::{ElectionKind, ElectionProfile, Gate, Source};
    use crate::report::{Severity, Verdict};

    fn serde_names<T: Named + serde::Serialize>() -> Vec<&'static str> {
        T::ALL
            .iter()
            .map(|t| {
                assert_eq!(serde_json::to_value(t).unwrap(), t.name(), "a policy and JSON name it alike");
                t.name()
            })
            .collect()
    }

    #[test]
    fn every_variant_is_named_once_and_as_serde_names_it() {
        // Each match names every variant: a new one does not compile until it has an index
        // here, and the assertion fails until it is in `ALL` (and so read from a policy).
        let severity = |s: &Severity| match s {
            Severity::Info => 0,
            Severity::Warn => 1,
            Severity::Block => 2,
        };
        assert_eq!(Severity::ALL.iter().map(severity).collect::<Vec<_>>(), [0, 1, 2]);
        let verdict = |v: &Verdict| match v {
            Verdict::Allow => 0,
            Verdict::Warn => 1,
            Verdict::Block => 2,
        };
        assert_eq!(Verdict::ALL.iter().map(verdict).collect::<Vec<_>>(), [0, 1, 2]);
        let gate = |g: &Gate| match g {
            Gate::WorkChannel => 0,
            Gate::OfficialAccount => 1,
            Gate::Outward => 2,
            Gate::ToSubordinates => 3,
        };
        assert_eq!(Gate::ALL.iter().map(gate).collect::<Vec<_>>(), [0, 1, 2, 3]);
        let source = |s: &Source| match s {
            Source::Text => 0,
            Source::Attachments => 1,
        };
        assert_eq!(Source::ALL.iter().map(source).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(serde_names::<Severity>(), ["info", "warn", "block"]);
        assert_eq!(serde_names::<Verdict>(), ["allow", "warn", "block"]);
        assert_eq!(serde_names::<Gate>(), ["work_channel", "official_account", "outward", "to_subordinates"]);
        assert_eq!(serde_names::<Source>(), ["text", "attachments"]);
        assert_eq!(serde_names::<ElectionKind>(), ["national", "prefectural", "municipal"]);
        assert_eq!(serde_names::<ElectionProfile>(), ["strict", "normal"]);
        // Each severity name is read as its severity.
        for s in Severity::ALL {
            let p = crate::Policy::from_toml(&format!(
                "extends = \"builtin:jp-local-gov\"\n[rules.\"rumor.hoax\"]\nseverity = \"{}\"\n",
                s.as_str()
            ))
            .unwrap();
            assert_eq!(p.rules()["rumor.hoax"].severity, *s);
        }
    }
}
