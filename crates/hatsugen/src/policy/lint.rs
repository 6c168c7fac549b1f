//! Warnings about a policy file: what is legal but probably not meant. Only what the file
//! itself writes is looked at, never the packs it extends.

use std::collections::{BTreeMap, HashMap};

use toml::Spanned;

use super::error::PolicyWarningKind;
use super::read::Ctx;
use super::sections::GroupFile;
use super::{Group, Policy, RuleSpec};
use crate::text::fold;

/// A group as a file writes it: its name, the ids of the terms it writes, its exceptions.
pub(super) struct WrittenGroup {
    name: Spanned<String>,
    terms: Vec<Spanned<String>>,
    except: Vec<String>,
}

/// What the file writes in `[groups.*]`, kept before the groups are merged.
pub(super) fn written_groups(groups: &BTreeMap<Spanned<String>, GroupFile>) -> Vec<WrittenGroup> {
    groups
        .iter()
        .map(|(name, g)| WrittenGroup {
            name: name.clone(),
            terms: g.terms.iter().map(|t| t.id.clone()).collect(),
            except: g.except.clone(),
        })
        .collect()
}

/// Every folded spelling of a term, or `None` for a term with a regex (whose matches are
/// not known in advance).
fn spellings(term: &super::Term) -> Option<Vec<String>> {
    folded(term, &crate::lexicon::spellings(term))
}

/// `raw`, the spellings of `term`, folded; `None` for a term with a regex.
fn folded(term: &super::Term, raw: &[String]) -> Option<Vec<String>> {
    if term.regex.is_some() {
        return None;
    }
    Some(raw.iter().map(|s| fold(s)).filter(|s| !s.is_empty()).collect())
}

/// Whether the exception can overlap a match of one of `spellings` in some text (an
/// exception cancels every hit it overlaps: 自転車乗って cancels 車乗っ): one holds the
/// other, or an end of one is the start of the other. One shared character is enough: the
/// scanner cancels a hit of 課長 with the exception 長には内緒 in 課長には内緒, so an
/// exception that overlaps a spelling by one character is live, and dropping it changes
/// reports.
fn holds_one(exception: &str, spellings: &[String]) -> bool {
    let e = fold(exception);
    spellings.iter().any(|s| overlaps(&e, s))
}

fn overlaps(a: &str, b: &str) -> bool {
    let tail_is_head =
        |x: &str, y: &str| x.char_indices().skip(1).any(|(i, _)| x.get(i..).is_some_and(|t| y.starts_with(t)));
    a.contains(b) || b.contains(a) || tail_is_head(a, b) || tail_is_head(b, a)
}

/// Duplicate terms and exceptions that can never match, in the groups the file writes.
pub(super) fn groups(cx: &Ctx<'_>, written: &[WrittenGroup], groups: &BTreeMap<String, Group>) {
    for w in written {
        let Some(group) = groups.get(w.name.get_ref()) else { continue };
        let gname = w.name.get_ref();
        for id in &w.terms {
            let Some(term) = group.terms.iter().find(|t| t.id == *id.get_ref()) else { continue };
            // The same string matched by a term before it in the group (each pair once).
            let others: HashMap<String, &str> = group
                .terms
                .iter()
                .take_while(|t| t.id != term.id)
                .flat_map(|t| t.matches.iter().chain(&t.reading).map(move |m| (fold(m), t.id.as_str())))
                .collect();
            let duplicate = term.matches.iter().chain(&term.reading).map(|m| fold(m)).find_map(|f| {
                let other = others.get(&f)?;
                Some((f, (*other).to_owned()))
            });
            if let Some((spelling, other)) = duplicate {
                let kind = PolicyWarningKind::DuplicateTerm {
                    group: gname.clone(),
                    term: term.id.clone(),
                    spelling,
                    other: other.clone(),
                };
                cx.warn(
                    cx.warning(id.span().start, kind)
                        .key(format!("groups.{gname}.terms"))
                        .help(format!("drop the string from one of the two terms (or `remove_terms = [\"{other}\"]`)")),
                );
            }
            // A spelling whose masks folding drops matches the shorter string around them.
            for m in term.matches.iter().filter(|m| m.chars().any(crate::text::is_mask)) {
                let folded = fold(m);
                if !folded.chars().any(crate::text::is_mask) {
                    let kind = PolicyWarningKind::MaskedSpelling {
                        group: gname.clone(),
                        term: term.id.clone(),
                        spelling: m.clone(),
                        folded,
                    };
                    cx.warn(
                        cx.warning(id.span().start, kind).key(format!("groups.{gname}.terms")).help(
                            "write the word in full: a masked writing of a term of three or more characters is found anyway",
                        ),
                    );
                }
            }
            // Spacing at an end, which folding drops: the spelling matches what is left (へ
            // matches every へ; `ruin ` matches ruins). Spacing inside is folded the same way
            // in the text, so it changes nothing.
            for m in
                term.matches.iter().filter(|m| m.starts_with(char::is_whitespace) || m.ends_with(char::is_whitespace))
            {
                let kind = PolicyWarningKind::SpacingDropped {
                    group: gname.clone(),
                    term: term.id.clone(),
                    spelling: m.clone(),
                    folded: fold(m),
                };
                cx.warn(cx.warning(id.span().start, kind).key(format!("groups.{gname}.terms")).help(
                    "folding drops spacing at a spelling's ends: write the words around it, or punctuation folding keeps (へ、)",
                ));
            }
            // The spellings are generated once: for the cap, then folded for the exceptions.
            let raw = crate::lexicon::spellings(term);
            if raw.len() >= crate::lexicon::MAX_SPELLINGS_PER_TERM {
                let kind = PolicyWarningKind::TooManySpellings {
                    group: gname.clone(),
                    term: term.id.clone(),
                    limit: crate::lexicon::MAX_SPELLINGS_PER_TERM,
                };
                cx.warn(
                    cx.warning(id.span().start, kind)
                        .key(format!("groups.{gname}.terms"))
                        .help("split the term: one verb or adjective per term, and only the `forms` the rule needs"),
                );
            }
            let Some(own) = folded(term, &raw) else { continue };
            for e in term.except.iter().filter(|e| !holds_one(e, &own)) {
                let kind = PolicyWarningKind::DeadException {
                    group: gname.clone(),
                    term: Some(term.id.clone()),
                    exception: e.clone(),
                };
                cx.warn(
                    cx.warning(id.span().start, kind)
                        .key(format!("groups.{gname}.terms"))
                        .help("an exception cancels a hit it covers: write the whole phrase around the term (死ぬほど美味しい for 死ぬ)"),
                );
            }
        }
        if w.except.is_empty() {
            continue;
        }
        let Some(all) = group.terms.iter().map(spellings).collect::<Option<Vec<_>>>() else { continue };
        let all: Vec<String> = all.into_iter().flatten().collect();
        for e in w.except.iter().filter(|e| !holds_one(e, &all)) {
            let kind = PolicyWarningKind::DeadException { group: gname.clone(), term: None, exception: e.clone() };
            cx.warn(
                cx.warning(w.name.span().start, kind).key(format!("groups.{gname}.except")).help(
                    "an exception cancels a hit it covers: write the whole phrase around one of the group's words",
                ),
            );
        }
    }
}

/// `[schedule]` with new `hours` and no `breaks`: the breaks of the pack it extends are
/// dropped (legal, and maybe not meant).
pub(super) fn schedule(cx: &Ctx<'_>, base: &crate::calendar::Schedule, section: &super::read::Value<'_>) {
    let given =
        |key: &str| crate::calendar::Node::Toml(section).as_table().is_some_and(|t| t.iter().any(|(k, ..)| *k == key));
    if given("hours") && !given("breaks") && !base.breaks().is_empty() {
        let breaks = base.breaks().iter().map(ToString::to_string).collect();
        cx.warn(
            cx.warning(section.span().start, PolicyWarningKind::BreaksDropped { breaks })
                .key("schedule.hours")
                .help("give `breaks` with the new `hours` (`breaks = []` for none)"),
        );
    }
}

/// The `{name}`s of a text.
fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or_default();
        match after.find('}') {
            Some(close) => {
                let name = after.get(..close).unwrap_or_default();
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    out.push(name);
                }
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => break,
        }
    }
    out
}

/// Unknown placeholders in the messages of the rules the file writes, model rules whose
/// `within` nothing reads, and built-in rules that need a text condition and have none.
pub(super) fn rules(cx: &Ctx<'_>, policy: &Policy, written: &[Spanned<String>]) {
    for id in written {
        let Some(spec) = policy.rules.get(id.get_ref()) else { continue };
        let code = crate::rules::code_rule(id.get_ref());
        let known: Vec<&'static str> = code.map(|r| r.meta().placeholders.to_vec()).unwrap_or_default();
        let texts =
            [&spec.message.ja, &spec.message.en].into_iter().chain(spec.suggestion.iter().flat_map(|s| [&s.ja, &s.en]));
        let mut seen = Vec::new();
        for name in texts.flat_map(|t| placeholders(t)) {
            if known.contains(&name) || seen.contains(&name) {
                continue;
            }
            seen.push(name);
            let kind = PolicyWarningKind::UnknownPlaceholder {
                rule: id.get_ref().clone(),
                placeholder: name.to_owned(),
                known: known.clone(),
            };
            let help = if known.is_empty() {
                "this rule fills no placeholders".to_owned()
            } else {
                let names: Vec<String> = known.iter().map(|k| format!("`{{{k}}}`")).collect();
                format!("this rule fills {}", names.join(", "))
            };
            cx.warn(cx.warning(id.span().start, kind).key(format!("rules.{}", id.get_ref())).help(help));
        }
        if spec.model.is_some() && spec.within.is_some() && spec.any.is_empty() {
            let kind = PolicyWarningKind::WithinUnread { rule: id.get_ref().clone() };
            cx.warn(cx.warning(id.span().start, kind).key(format!("rules.{}", id.get_ref())).help(
                "the model reads the sentences around a hit of `any`: name the groups in `any`, or leave `within` out",
            ));
        }
        if code.is_some_and(|r| r.meta().needs_condition) && !has_condition(spec) {
            let kind = PolicyWarningKind::NeverRuns { rule: id.get_ref().clone() };
            cx.warn(
                cx.warning(id.span().start, kind)
                    .key(format!("rules.{}", id.get_ref()))
                    .help("give it `any = [\"group\"]` (the words that make a post fit it)"),
            );
        }
    }
}

fn has_condition(spec: &RuleSpec) -> bool {
    !spec.any.is_empty() || !spec.seq.is_empty() || spec.model.is_some()
}

#[cfg(test)]
mod tests {
    use super::{overlaps, placeholders};

    #[test]
    fn an_exception_lives_when_it_can_overlap_a_spelling() {
        assert!(overlaps("自転車乗って", "車乗っ"), "holds it");
        assert!(overlaps("自転車乗", "車乗っ"), "its end is the spelling's start");
        assert!(overlaps("ったらいい", "帰ったら"), "its start is the spelling's end");
        assert!(overlaps("車", "車乗っ"), "inside it");
        assert!(overlaps("たんぽぽ", "あんぽんたん"), "あんぽんたんぽぽ holds both");
        assert!(!overlaps("ひまわり", "あんぽんたん"));
        assert!(overlaps("らーめん", "てめえら"), "てめえらーめん: one shared character is enough");
        assert!(overlaps("長には内緒", "課長"), "課長には内緒");
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(placeholders("{until}まで、{action}は{x}"), ["until", "action", "x"]);
        assert_eq!(placeholders("{} {A} {a b} {unclosed"), Vec::<&str>::new());
    }
}
