//! A built-in pack written compactly, for the WebAssembly build (whose size has a budget):
//! the same document with no comments, no descriptions (top-level and of the lexicon groups,
//! which no report shows) and no headers, every table inline on one line
//! with no spaces between tokens
//! (`groups={insult={terms=[{id="…",match=[…]}]}}`). The packs are written for
//! people, in sub-table style with one `[[groups.NAME.terms]]` table per term; the compact
//! text loads as the same policy (a test of `policy` compares the two).
//!
//! Compiled by `build.rs` (`#[path]`) and by the library's tests only.

use std::fmt::Write as _;

use toml::de::{DeTable, DeValue};

/// The compact form of the pack `text`, or the parser's message when it is not TOML.
pub(crate) fn compact(text: &str) -> Result<String, String> {
    let doc = DeTable::parse(text).map_err(|e| e.to_string())?;
    let mut out = String::with_capacity(text.len());
    for (key, value) in doc.get_ref() {
        let key: &str = key.get_ref();
        if key == "description" {
            continue;
        }
        write_key(key, &mut out);
        out.push('=');
        let groups = key == "groups";
        match value.get_ref() {
            DeValue::Table(t) if groups => {
                // The groups, each without its description.
                out.push('{');
                for (i, (name, group)) in t.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_key(name.get_ref(), &mut out);
                    out.push('=');
                    match group.get_ref() {
                        DeValue::Table(g) => write_table(g, &["description"], &mut out),
                        other => write_value(other, &mut out),
                    }
                }
                out.push('}');
            }
            other => write_value(other, &mut out),
        }
        out.push('\n');
    }
    Ok(out)
}

fn write_table(t: &DeTable<'_>, skip: &[&str], out: &mut String) {
    out.push('{');
    let mut first = true;
    for (k, v) in t {
        if skip.contains(&k.get_ref().as_ref()) {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        write_key(k.get_ref(), out);
        out.push('=');
        write_value(v.get_ref(), out);
    }
    out.push('}');
}

fn write_value(v: &DeValue<'_>, out: &mut String) {
    match v {
        DeValue::String(s) => write_string(s, out),
        DeValue::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        DeValue::Float(f) => out.push_str(f.as_str()),
        DeValue::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        DeValue::Datetime(d) => {
            let _ = write!(out, "{d}");
        }
        DeValue::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(x.get_ref(), out);
            }
            out.push(']');
        }
        DeValue::Table(t) => write_table(t, &[], out),
    }
}

fn write_key(k: &str, out: &mut String) {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        out.push_str(k);
    } else {
        write_string(k, out);
    }
}

/// A basic string: quotes, backslashes and control characters escaped.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() && (c as u32) < 0x80 => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::compact;

    #[test]
    fn writes_every_table_inline_and_drops_comments_and_descriptions() {
        let text = "# a comment\nid = \"p\"\ndescription = \"long\"\n\n[rules.\"a.b\"]\nwithin = 120\n\
                    [rules.\"a.b\".message]\nja = \"引用\\\"符\\\\\"\nen = \"\"\"\\\n  folded \\\n  line\"\"\"\n\
                    [groups.g]\ndescription = \"d\"\n[[groups.g.terms]]\nid = \"t\"\nmatch = [\n  \"a\",\n  \"b\",\n]\n\
                    [[example]]\nat = 1979-05-27T07:32:00Z\nx = 1.5\nh = 0x1F\n";
        let out = compact(text).unwrap();
        assert_eq!(
            out,
            "example=[{at=1979-05-27T07:32:00Z,h=0x1F,x=1.5}]\n\
             groups={g={terms=[{id=\"t\",match=[\"a\",\"b\"]}]}}\n\
             id=\"p\"\n\
             rules={\"a.b\"={message={en=\"folded line\",ja=\"引用\\\"符\\\\\"},within=120}}\n"
        );
        assert!(compact("a = [").is_err());
    }

    /// The policy without what the compact form leaves out.
    fn without_descriptions(text: &str, name: &str) -> String {
        let loaded = super::super::load::load::<false>(text, &format!("builtin:{name}"), 0);
        assert!(loaded.errors.is_empty(), "{name}: {:?}", loaded.errors);
        let mut policy = loaded.policy.unwrap();
        policy.description.clear();
        for group in policy.groups.values_mut() {
            group.description.clear();
        }
        policy.to_toml()
    }

    #[test]
    fn a_compact_pack_is_the_same_policy() {
        for (name, text) in [
            ("jp-local-gov", include_str!("../../packs/jp-local-gov.toml")),
            ("urayasu", include_str!("../../packs/urayasu.toml")),
        ] {
            let small = compact(text).unwrap();
            assert!(small.len() < text.len() * 9 / 10, "{name}: {} of {} bytes", small.len(), text.len());
            assert!(!small.contains("description"), "{name}");
            let (a, b) = (without_descriptions(text, name), without_descriptions(&small, name));
            assert!(a.len() > 10_000, "{name}: the whole policy is compared");
            assert_eq!(a, b, "{name}");
        }
    }
}
