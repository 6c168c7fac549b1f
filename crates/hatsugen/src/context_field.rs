//! The fields of a [`Context`] as values: what a rule reads, what a skip names, what the C
//! struct must carry.
//!
//! [`Context::given`] names every field of the struct (no `..`), so a field added to
//! [`Context`] does not compile until it is named here; a test in this crate then checks the
//! JSON name of each, and the C ABI's tests check that each reaches the C struct.

use std::fmt;

use serde::Serialize;

use crate::context::Context;

macro_rules! fields {
    ($($(#[$meta:meta])* $variant:ident => $text:literal),+ $(,)?) => {
        /// A field of the context, by its JSON name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ContextField {
            $($(#[$meta])* $variant),+
        }

        impl ContextField {
            /// Every field, in the order of [`Context`].
            pub const ALL: &'static [ContextField] = &[$(ContextField::$variant),+];

            /// The JSON name (`recipient_relation`).
            pub fn as_str(self) -> &'static str {
                match self { $(ContextField::$variant => $text),+ }
            }
        }
    };
}

fields! {
    /// `time`.
    Time => "time",
    /// `device`.
    Device => "device",
    /// `account`.
    Account => "account",
    /// `profile`.
    Profile => "profile",
    /// `status`.
    Status => "status",
    /// `role`.
    Role => "role",
    /// `audience`.
    Audience => "audience",
    /// `recipients`.
    Recipients => "recipients",
    /// `recipient_relation`.
    RecipientRelation => "recipient_relation",
    /// `channel`.
    Channel => "channel",
    /// `platform`.
    Platform => "platform",
    /// `attachments`.
    Attachments => "attachments",
    /// `schedule`.
    Schedule => "schedule",
    /// `action`.
    Action => "action",
    /// `duty`.
    Duty => "duty",
    /// `emergency`.
    Emergency => "emergency",
    /// `reply_to`.
    ReplyTo => "reply_to",
    /// `reply_to_author`.
    ReplyToAuthor => "reply_to_author",
}

impl fmt::Display for ContextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Context {
    /// The fields this context gives (set, or non-empty for lists), in the order of
    /// [`ContextField::ALL`].
    ///
    /// ```
    /// use hatsugen::{Context, ContextField, Device};
    /// let ctx = Context::default().device(Device::Work).duty("police");
    /// assert_eq!(ctx.given(), [ContextField::Device, ContextField::Duty]);
    /// ```
    pub fn given(&self) -> Vec<ContextField> {
        // Every field by name: a new field of `Context` must be named here (and get a
        // `ContextField`), or this does not compile.
        let Context {
            time,
            device,
            account,
            profile,
            status,
            role,
            audience,
            recipients,
            recipient_relation,
            channel,
            platform,
            attachments,
            schedule,
            action,
            duty,
            emergency,
            reply_to,
            reply_to_author,
        } = self;
        [
            (ContextField::Time, time.is_some()),
            (ContextField::Device, device.is_some()),
            (ContextField::Account, account.is_some()),
            (ContextField::Profile, profile.is_some()),
            (ContextField::Status, status.is_some()),
            (ContextField::Role, role.is_some()),
            (ContextField::Audience, audience.is_some()),
            (ContextField::Recipients, recipients.is_some()),
            (ContextField::RecipientRelation, recipient_relation.is_some()),
            (ContextField::Channel, channel.is_some()),
            (ContextField::Platform, platform.is_some()),
            (ContextField::Attachments, !attachments.is_empty()),
            (ContextField::Schedule, schedule.is_some()),
            (ContextField::Action, action.is_some()),
            (ContextField::Duty, !duty.is_empty()),
            (ContextField::Emergency, emergency.is_some()),
            (ContextField::ReplyTo, reply_to.is_some()),
            (ContextField::ReplyToAuthor, reply_to_author.is_some()),
        ]
        .into_iter()
        .filter_map(|(f, given)| given.then_some(f))
        .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    /// A JSON value for each field (a match, so a new field needs one).
    fn sample(f: ContextField) -> serde_json::Value {
        use serde_json::json;
        match f {
            ContextField::Time => json!("2026-11-20T10:00:00+09:00"),
            ContextField::Device => json!("work"),
            ContextField::Account => json!("official"),
            ContextField::Profile => json!("浦安市役所勤務"),
            ContextField::Status => json!("working"),
            ContextField::Role => json!("manager"),
            ContextField::Audience => json!("group"),
            ContextField::Recipients => json!(3),
            ContextField::RecipientRelation => json!("subordinate"),
            ContextField::Channel => json!("work"),
            ContextField::Platform => json!("x"),
            ContextField::Attachments => json!([{"kind": "image"}]),
            ContextField::Schedule => json!({"days": ["sat"]}),
            ContextField::Action => json!("like"),
            ContextField::Duty => json!(["police"]),
            ContextField::Emergency => json!({"level": "alert"}),
            ContextField::ReplyTo => json!("窓口の対応が最悪"),
            ContextField::ReplyToAuthor => json!("citizen"),
        }
    }

    #[test]
    fn every_field_has_its_json_name() {
        let mut all = serde_json::Map::new();
        for &f in ContextField::ALL {
            // Each name is a field of the JSON context (unknown fields are errors)…
            let one = serde_json::json!({ f.as_str(): sample(f) });
            let ctx = Context::from_value(one).unwrap_or_else(|e| panic!("{f}: {e}"));
            assert_eq!(ctx.given(), [f]);
            all.insert(f.as_str().to_owned(), sample(f));
        }
        // …and together they are every field: a context with all of them set writes each
        // back under the same name.
        let ctx = Context::from_value(serde_json::Value::Object(all)).unwrap();
        assert_eq!(ctx.given(), ContextField::ALL);
        let back: serde_json::Value = serde_json::from_str(&ctx.to_json()).unwrap();
        let keys: Vec<&str> = back.as_object().unwrap().keys().map(String::as_str).collect();
        let mut names: Vec<&str> = ContextField::ALL.iter().map(|f| f.as_str()).collect();
        names.sort_unstable();
        assert_eq!(keys, names);
        assert_eq!(serde_json::to_value(ContextField::RecipientRelation).unwrap(), "recipient_relation");
    }
}
