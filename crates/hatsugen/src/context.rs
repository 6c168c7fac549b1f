//! The context of a post: who posts, when, from what, to whom.
//!
//! Every field is optional. A rule whose context is missing does not run and is listed
//! under `skipped` in the report. JSON input goes through [`Context::from_json`], which
//! rejects unknown fields and unknown enum values with a message naming them.

use std::fmt;
use std::marker::PhantomData;

use jiff::Timestamp;
use serde::de::{MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer, Serialize};

use crate::calendar::Schedule;
use crate::geo::GeoPoint;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        /// Read as `#[derive(Deserialize)]` reads it (the same calls, values and errors),
        /// through `unit_variant`, which every such enum shares.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let i = unit_variant(d, stringify!($name), &[$($text),+])?;
                $name::ALL.get(i).copied().ok_or_else(|| serde::de::Error::custom("variant index out of range"))
            }
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The snake_case name used in JSON and policy files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum!(
    /// The device the post is sent from.
    Device {
        /// The author's own device.
        Personal => "personal",
        /// A device issued by the employer.
        Work => "work",
    }
);

wire_enum!(
    /// The account the post is sent from.
    Account {
        /// A private account that does not show who the author is.
        Personal => "personal",
        /// The organisation's official account.
        Official => "official",
        /// A private account whose profile shows the author is staff.
        StaffIdentified => "staff_identified",
    }
);

wire_enum!(
    /// The author's duty status at the time of posting.
    Status {
        /// On duty.
        Working => "working",
        /// Off duty.
        Off => "off",
        /// On leave (paid leave and the like).
        OnLeave => "on_leave",
        /// On a business trip, travel time included.
        BusinessTrip => "business_trip",
        /// Working overtime.
        Overtime => "overtime",
    }
);

wire_enum!(
    /// The author's role.
    Role {
        /// A staff member.
        Staff => "staff",
        /// A manager with subordinates.
        Manager => "manager",
    }
);

wire_enum!(
    /// Who can see the post.
    Audience {
        /// Anyone.
        Public => "public",
        /// A direct message.
        Dm => "dm",
        /// A group chat or mailing list.
        Group => "group",
    }
);

wire_enum!(
    /// The recipients' relation to the author.
    RecipientRelation {
        /// The author's subordinates.
        Subordinate => "subordinate",
        /// Colleagues of the same rank.
        Peer => "peer",
        /// Private friends.
        Friend => "friend",
        /// Citizens.
        Citizen => "citizen",
    }
);

wire_enum!(
    /// The kind of channel.
    Channel {
        /// An internal work chat or all-staff group.
        Work => "work",
        /// A private channel.
        Private => "private",
    }
);

wire_enum!(
    /// Who wrote the post a reply answers.
    ReplyAuthor {
        /// A citizen (a resident, a user of the service…).
        Citizen => "citizen",
        /// A journalist or news organisation.
        Media => "media",
        /// Not known.
        Unknown => "unknown",
    }
);

wire_enum!(
    /// The kind of an attachment.
    AttachmentKind {
        /// A picture.
        Image => "image",
        /// A video.
        Video => "video",
        /// A file.
        File => "file",
        /// A link.
        Link => "link",
    }
);

wire_enum!(
    /// What the author does: write a post, or act on someone else's (a like of a
    /// candidate's post is a post too).
    Action {
        /// A post of the author's own (the default).
        Post => "post",
        /// A repost (retweet, share) of someone else's post; the text is that post.
        Repost => "repost",
        /// A like (いいね) of someone else's post; the text is that post.
        Like => "like",
        /// A reply to someone else's post; the text is the reply.
        Reply => "reply",
        /// A quote post; the text is the author's comment (with the quoted post, if known).
        Quote => "quote",
    }
);

impl Action {
    /// How a finding names the act, in Japanese and English: 「この投稿」, "This like"…
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Action::Post => ("この投稿", "This post"),
            Action::Repost => ("このリポスト(共有)", "This repost"),
            Action::Like => ("この「いいね」", "This like"),
            Action::Reply => ("この返信", "This reply"),
            Action::Quote => ("この引用投稿", "This quote post"),
        }
    }
}

wire_enum!(
    /// The level of an emergency the city has declared (災害対応中).
    EmergencyLevel {
        /// A warning or advisory is in force (警報・注意報, 高齢者等避難).
        Alert => "alert",
        /// An evacuation order (避難指示).
        Evacuation => "evacuation",
        /// A disaster: the city's disaster headquarters is working (災害対策本部).
        Disaster => "disaster",
    }
);

/// An emergency the city has declared, set by the groupware or the extension (the core
/// reads no feed).
///
/// JSON: `{"level": "evacuation", "area": "浦安市全域"}`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emergency {
    /// How serious it is.
    pub level: EmergencyLevel,
    /// Where (free text), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}

impl Emergency {
    /// An emergency of `level` with no area.
    pub fn new(level: EmergencyLevel) -> Emergency {
        Emergency { level, area: None }
    }
}

/// What a photo's or video's file says about it (EXIF and the like), as the composer read
/// it before upload: where and when it was taken, and with what.
///
/// JSON: `{"gps": [35.6536, 139.9019], "taken_at": "2026-11-24T10:15:00+09:00",
/// "device_model": "iPhone 15"}`, every field optional.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exif {
    /// Where it was taken (latitude and longitude in degrees); the location travels with
    /// the file unless the metadata is stripped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "[number, number]"))]
    pub gps: Option<GeoPoint>,
    /// When it was taken (RFC 3339 with an offset; in JavaScript, a `Date` too).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "de_taken_at")]
    #[cfg_attr(feature = "ts", ts(type = "string | Date"))]
    pub taken_at: Option<Timestamp>,
    /// The camera or phone model (free text). Carried for the caller's records; no rule
    /// reads it yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_model: Option<String>,
}

/// Something attached to a post.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// What it is.
    pub kind: AttachmentKind,
    /// File name or URL, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Alt text or caption the composer knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The file's metadata (photos and videos), if the composer read it.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "de_exif")]
    pub exif: Option<Exif>,
}

impl Attachment {
    /// An attachment of `kind` with no name, description or metadata.
    pub fn new(kind: AttachmentKind) -> Attachment {
        Attachment { kind, name: None, description: None, exif: None }
    }

    /// Sets the file's metadata.
    pub fn with_exif(mut self, exif: Exif) -> Attachment {
        self.exif = Some(exif);
        self
    }

    /// Sets the description (alt text or caption).
    pub fn with_description(mut self, description: impl Into<String>) -> Attachment {
        self.description = Some(description.into());
        self
    }

    /// Sets the name (file name or URL).
    pub fn with_name(mut self, name: impl Into<String>) -> Attachment {
        self.name = Some(name.into());
        self
    }
}

/// The validated context of a post. Build it with [`Context::from_json`] or with the
/// chainable setters on [`Context::default`].
///
/// ```
/// use hatsugen::{Context, Device, Account};
/// let ctx = Context::default().device(Device::Work).account(Account::Personal);
/// assert_eq!(ctx.device, Some(Device::Work));
/// let same = Context::from_json(r#"{"device":"work","account":"personal"}"#).unwrap();
/// assert_eq!(ctx, same);
/// ```
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Context {
    /// When the post would be sent: RFC 3339 with an offset (in JavaScript, a `Date` too).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "de_time")]
    #[cfg_attr(feature = "ts", ts(type = "string | Date"))]
    pub time: Option<Timestamp>,
    /// The device it is sent from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
    /// The account it is sent from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
    /// The account's profile (bio) text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The author's duty status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The author's role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Who can see the post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// How many people receive it (for DMs and groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<u32>,
    /// The recipients' relation to the author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_relation: Option<RecipientRelation>,
    /// The kind of channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// The platform (free text: x, facebook, line, groupware…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Attachments.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "de_attachments")]
    pub attachments: Vec<Attachment>,
    /// The author's own working schedule (shift work, part time…), in place of the policy's.
    ///
    /// JSON: `{"days": ["mon", …], "hours": [{"start": "22:00", "end": "07:00"}], "breaks": [],
    /// "time_zone": "Asia/Tokyo"}`. A field left out takes the policy pack's usual value
    /// (Monday to Friday, 08:30–17:15, `Asia/Tokyo`), except `breaks`: none when `hours` is
    /// given, 12:00–13:00 otherwise (the same reader as a policy's `[schedule]`). A
    /// [`Schedule`] is always valid: an invalid one in JSON (overlapping or inverted
    /// intervals, breaks outside the hours…) is an error naming the field
    /// (`schedule.hours[1]`).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "de_schedule")]
    #[cfg_attr(feature = "ts", ts(as = "Option<ScheduleJson>"))]
    pub schedule: Option<Schedule>,
    /// What the author does (`post` when not given): a like or repost counts as a post of
    /// the liked text, which is then the text checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// The author's special duties (free names, such as `election_admin`, `police`,
    /// `tax`), which the policy's `[duties]` map to stricter profiles (特定公務員).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duty: Vec<String>,
    /// An emergency the city has declared, if one is in force.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "de_emergency")]
    pub emergency: Option<Emergency>,
    /// The text of the post this one answers (a reply or a quote): with it, the replies
    /// rules read whether the post answered is critical and the reply heated (§4 トラブルへの対応).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// Who wrote the post answered (named in the messages of the replies rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to_author: Option<ReplyAuthor>,
}

fn de_emergency<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Emergency>, D::Error> {
    let raw: Option<Object<Emergency>> = Option::deserialize(d)?;
    Ok(raw.map(|Object(e)| e))
}

/// A `T` read only from a JSON object. serde's derived structs also accept an array of
/// their fields in declaration order (`["2026-11-24T10:00:00+09:00","work"]` as time and
/// device), which no caller means: a context and everything in it is an object.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }

        d.deserialize_map(ObjectVisitor(PhantomData)).map(Object)
    }
}

/// The index in `variants` of the unit variant of the enum `name` that `d` holds, read with
/// the calls, the values accepted and the errors of `#[derive(Deserialize)]` on an enum of
/// unit variants: `deserialize_enum`, then the variant's identifier (its name, its name's
/// bytes, or its index), then `unit_variant`. The derived code is generated, and
/// monomorphised with serde_json's enum accessors, once for each of the context's eleven
/// enums; this is compiled once for all of them (0.3 KB of the gzipped WebAssembly module).
/// A test compares it with the derived code.
fn unit_variant<'de, D: Deserializer<'de>>(
    d: D,
    name: &'static str,
    variants: &'static [&'static str],
) -> Result<usize, D::Error> {
    use serde::de::{DeserializeSeed, EnumAccess, Error, Unexpected, VariantAccess};

    /// The enum: `expecting` as derived, `enum Name`.
    struct EnumVisitor(&'static str, &'static [&'static str]);

    impl<'de> Visitor<'de> for EnumVisitor {
        type Value = usize;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "enum {}", self.0)
        }

        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
            let (i, variant) = data.variant_seed(Identifier(self.1))?;
            variant.unit_variant()?;
            Ok(i)
        }
    }

    /// The variant's identifier.
    struct Identifier(&'static [&'static str]);

    impl<'de> DeserializeSeed<'de> for Identifier {
        type Value = usize;

        fn deserialize<I: Deserializer<'de>>(self, d: I) -> Result<usize, I::Error> {
            d.deserialize_identifier(self)
        }
    }

    impl<'de> Visitor<'de> for Identifier {
        type Value = usize;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("variant identifier")
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<usize, E> {
            match usize::try_from(v) {
                Ok(i) if i < self.0.len() => Ok(i),
                _ => Err(E::invalid_value(Unexpected::Unsigned(v), &IndexBelow(self.0.len()))),
            }
        }

        fn visit_str<E: Error>(self, v: &str) -> Result<usize, E> {
            self.0.iter().position(|n| *n == v).ok_or_else(|| E::unknown_variant(v, self.0))
        }

        fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<usize, E> {
            match self.0.iter().position(|n| n.as_bytes() == v) {
                Some(i) => Ok(i),
                None => Err(E::unknown_variant(&String::from_utf8_lossy(v), self.0)),
            }
        }
    }

    /// What an index out of range was expected to be, in the derived code's words.
    struct IndexBelow(usize);

    impl serde::de::Expected for IndexBelow {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "variant index 0 <= i < {}", self.0)
        }
    }

    d.deserialize_enum(name, variants, EnumVisitor(name, variants))
}

fn de_exif<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Exif>, D::Error> {
    let raw: Option<Object<Exif>> = Option::deserialize(d)?;
    Ok(raw.map(|Object(e)| e))
}

fn de_attachments<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Attachment>, D::Error> {
    let list: Vec<Object<Attachment>> = Vec::deserialize(d)?;
    Ok(list.into_iter().map(|Object(a)| a).collect())
}

/// A working schedule: the `schedule` context field, as JSON gives it.
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(rename = "Schedule", optional_fields)]
#[allow(dead_code)]
struct ScheduleJson {
    /// The working days (default Monday to Friday).
    days: Option<Vec<WeekdayJson>>,
    /// The working hours (default 08:30–17:15).
    hours: Option<Vec<RangeJson>>,
    /// The breaks (default none when `hours` is given, 12:00–13:00 otherwise).
    breaks: Option<Vec<RangeJson>>,
    /// `Asia/Tokyo` or `+09:00` (default `Asia/Tokyo`).
    time_zone: Option<String>,
}

/// A time range of a day, `HH:MM` (`00:00` to `24:00`); an end not after the start crosses
/// midnight.
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(rename = "TimeRange")]
#[allow(dead_code)]
struct RangeJson {
    /// `HH:MM`.
    start: String,
    /// `HH:MM`.
    end: String,
}

/// A day of the week in a schedule (`Monday`, `月`, `月曜日` are read too).
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(rename = "Weekday")]
#[allow(dead_code)]
enum WeekdayJson {
    #[ts(rename = "mon")]
    Mon,
    #[ts(rename = "tue")]
    Tue,
    #[ts(rename = "wed")]
    Wed,
    #[ts(rename = "thu")]
    Thu,
    #[ts(rename = "fri")]
    Fri,
    #[ts(rename = "sat")]
    Sat,
    #[ts(rename = "sun")]
    Sun,
}

fn de_schedule<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Schedule>, D::Error> {
    let raw: Option<serde_json::Value> = Option::deserialize(d)?;
    raw.map(|v| {
        crate::calendar::read_schedule(crate::calendar::Node::Json(&v), &Schedule::default_japanese())
            .map_err(|e| serde::de::Error::custom(e.full_message()))
    })
    .transpose()
}

/// Reads an RFC 3339 time with an offset; the error names `field`.
fn parse_time(field: &str, s: &str) -> Result<Timestamp, String> {
    crate::calendar::rfc3339::parse_timestamp(s).map_err(|why| {
        format!("invalid `{field}` `{s}`: expected RFC 3339 with an offset, like `2026-11-21T10:00:00+09:00` ({why})")
    })
}

fn de_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    raw.map(|s| parse_time("time", &s).map_err(serde::de::Error::custom)).transpose()
}

fn de_taken_at<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    raw.map(|s| parse_time("exif.taken_at", &s).map_err(serde::de::Error::custom)).transpose()
}

/// The largest context JSON accepted, in bytes (profile and attachment texts included).
pub const MAX_CONTEXT_BYTES: usize = 256 * 1024;

/// A context that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextError {
    message: String,
    line: usize,
    column: usize,
}

impl ContextError {
    /// What is wrong, naming the offending field or value.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// 1-based line in the JSON input (0 if unknown).
    pub fn line(&self) -> usize {
        self.line
    }
    /// 1-based column in the JSON input, in characters (Unicode scalar values, as for
    /// policy errors), or 0 if unknown.
    pub fn column(&self) -> usize {
        self.column
    }
}

fn not_an_object_message(what: &str) -> String {
    format!("the context must be a JSON object (`{{...}}`), not {what}")
}

/// The error for JSON text whose value is not an object, at its first character; `None`
/// for an object, and for text that is not JSON at all (serde_json names that problem).
fn not_an_object(json: &str) -> Option<ContextError> {
    let (offset, first) = json.char_indices().find(|&(_, c)| !matches!(c, ' ' | '\t' | '\n' | '\r'))?;
    let rest = json.get(offset..).unwrap_or_default();
    let what = match first {
        '[' => "an array",
        '"' => "a string",
        '-' | '0'..='9' => "a number",
        't' | 'f' if rest.starts_with("true") || rest.starts_with("false") => "a boolean",
        'n' if rest.starts_with("null") => "null",
        _ => return None,
    };
    let before = json.get(..offset).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    Some(ContextError { message: not_an_object_message(what), line, column })
}

/// The 1-based column in characters of the 1-based byte column `byte_column` on line `line`
/// of `json` (serde_json counts bytes); 0 stays 0. A byte column inside a character counts
/// that character.
fn char_column(json: &str, line: usize, byte_column: usize) -> usize {
    if line == 0 || byte_column == 0 {
        return 0;
    }
    let Some(text) = json.split('\n').nth(line - 1) else {
        return byte_column;
    };
    match byte_column.checked_sub(text.len()) {
        // Past the end of the line (an error at the end of the input): one per byte after it.
        Some(after) if after > 0 => text.chars().count() + after,
        _ => text.char_indices().take_while(|&(i, _)| i < byte_column).count(),
    }
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "invalid context at line {} column {}: {}", self.line, self.column, self.message)
        } else {
            write!(f, "invalid context: {}", self.message)
        }
    }
}

impl std::error::Error for ContextError {}

impl Context {
    /// Reads a context from JSON (snake_case keys, every field optional).
    ///
    /// Unknown fields and unknown enum values are errors that name them and list what is
    /// allowed; `time` must be RFC 3339 with an offset (`Z` allowed); a `schedule` is
    /// validated and an error names the field (`schedule.hours[1]`).
    pub fn from_json(json: &str) -> Result<Context, ContextError> {
        if json.len() > MAX_CONTEXT_BYTES {
            return Err(ContextError {
                message: format!("context is {} bytes, more than the limit of {MAX_CONTEXT_BYTES}", json.len()),
                line: 0,
                column: 0,
            });
        }
        if let Some(e) = not_an_object(json) {
            return Err(e);
        }
        serde_json::from_str::<Object<Context>>(json).map(|Object(c)| c).map_err(|e| ContextError {
            message: e.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
            line: e.line(),
            column: char_column(json, e.line(), e.column()),
        })
    }

    /// Reads a context from an already parsed JSON value (which must be an object).
    pub fn from_value(value: serde_json::Value) -> Result<Context, ContextError> {
        let what = match &value {
            serde_json::Value::Object(_) => None,
            serde_json::Value::Array(_) => Some("an array"),
            serde_json::Value::String(_) => Some("a string"),
            serde_json::Value::Number(_) => Some("a number"),
            serde_json::Value::Bool(_) => Some("a boolean"),
            serde_json::Value::Null => Some("null"),
        };
        if let Some(what) = what {
            return Err(ContextError { message: not_an_object_message(what), line: 0, column: 0 });
        }
        serde_json::from_value::<Object<Context>>(value).map(|Object(c)| c).map_err(|e| ContextError {
            message: e.to_string(),
            line: 0,
            column: 0,
        })
    }

    /// The context as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Sets the time of posting.
    pub fn time(mut self, time: Timestamp) -> Context {
        self.time = Some(time);
        self
    }
    /// Sets the device.
    pub fn device(mut self, device: Device) -> Context {
        self.device = Some(device);
        self
    }
    /// Sets the account.
    pub fn account(mut self, account: Account) -> Context {
        self.account = Some(account);
        self
    }
    /// Sets the profile text.
    pub fn profile(mut self, profile: impl Into<String>) -> Context {
        self.profile = Some(profile.into());
        self
    }
    /// Sets the duty status.
    pub fn status(mut self, status: Status) -> Context {
        self.status = Some(status);
        self
    }
    /// Sets the role.
    pub fn role(mut self, role: Role) -> Context {
        self.role = Some(role);
        self
    }
    /// Sets the audience.
    pub fn audience(mut self, audience: Audience) -> Context {
        self.audience = Some(audience);
        self
    }
    /// Sets the number of recipients.
    pub fn recipients(mut self, recipients: u32) -> Context {
        self.recipients = Some(recipients);
        self
    }
    /// Sets the recipients' relation.
    pub fn recipient_relation(mut self, relation: RecipientRelation) -> Context {
        self.recipient_relation = Some(relation);
        self
    }
    /// Sets the channel.
    pub fn channel(mut self, channel: Channel) -> Context {
        self.channel = Some(channel);
        self
    }
    /// Sets the platform.
    pub fn platform(mut self, platform: impl Into<String>) -> Context {
        self.platform = Some(platform.into());
        self
    }
    /// Adds an attachment.
    pub fn attachment(mut self, attachment: Attachment) -> Context {
        self.attachments.push(attachment);
        self
    }
    /// Sets the text of the post this one answers.
    pub fn reply_to(mut self, text: impl Into<String>) -> Context {
        self.reply_to = Some(text.into());
        self
    }
    /// Sets who wrote the post answered.
    pub fn reply_to_author(mut self, author: ReplyAuthor) -> Context {
        self.reply_to_author = Some(author);
        self
    }
    /// Sets the author's own working schedule (see [`Schedule::new`]).
    pub fn schedule(mut self, schedule: Schedule) -> Context {
        self.schedule = Some(schedule);
        self
    }
    /// Sets what the author does (post, repost, like, reply, quote).
    pub fn action(mut self, action: Action) -> Context {
        self.action = Some(action);
        self
    }
    /// Adds a special duty (`election_admin`…).
    pub fn duty(mut self, duty: impl Into<String>) -> Context {
        self.duty.push(duty.into());
        self
    }
    /// Sets the emergency in force.
    pub fn emergency(mut self, emergency: Emergency) -> Context {
        self.emergency = Some(emergency);
        self
    }
    /// What the author does: `action`, or `post` when not given.
    pub fn action_or_post(&self) -> Action {
        self.action.unwrap_or(Action::Post)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn error_columns_count_characters_like_policy_errors() {
        // The example of issue 14: 45 bytes, 35 characters.
        let e = Context::from_json(r#"{"profile":"あああああ","device":"bogus"}"#).unwrap_err();
        assert_eq!((e.line(), e.column()), (1, 35), "{e}");
        assert!(e.to_string().contains("line 1 column 35"), "{e}");
        // Characters outside the BMP and on a later line.
        let e = Context::from_json("{\n  \"profile\": \"𠮷😀\", \"device\": \"bogus\"}").unwrap_err();
        assert_eq!((e.line(), e.column()), (2, 36), "{e}");
        // ASCII: bytes and characters agree.
        let e = Context::from_json(r#"{"device":"bogus"}"#).unwrap_err();
        assert_eq!((e.line(), e.column()), (1, 17));
        // The end of the input.
        let e = Context::from_json(r#"{"profile":"あ""#).unwrap_err();
        assert_eq!(e.line(), 1);
        assert_eq!(e.column(), r#"{"profile":"あ""#.chars().count(), "{e}");
        // A policy error on the same kind of line counts the same way.
        let toml = "id = \"あああああ\"\nversion = \"1\"\n[rules.\"x.y\"]\nseverity = \"bogus\"\n";
        let p = crate::Policy::from_toml(&format!("name = \"あああ\" = 1\n{toml}")).unwrap_err();
        assert_eq!((p.line(), p.column()), (1, 14), "{p}");
        let e = Context::from_json("{\"profile\":\"あああ\" = 1}").unwrap_err();
        assert_eq!((e.line(), e.column()), (1, 18), "{e}");
    }

    /// Derived as the wire enums were before [`unit_variant`] read them.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum DerivedStatus {
        Working,
        Off,
        OnLeave,
        BusinessTrip,
        Overtime,
    }

    /// The variant (its `Debug`), or the error's message.
    fn outcome<T: fmt::Debug, E: fmt::Display>(r: Result<T, E>) -> Result<String, String> {
        r.map(|v| format!("{v:?}")).map_err(|e| e.to_string())
    }

    #[test]
    fn wire_enums_read_as_derived_ones_do() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, MapAccessDeserializer, MapDeserializer, U32Deserializer};
        // The names read are the names written (serde's snake_case of each variant).
        fn names<T: Serialize + Copy + fmt::Display>(all: &[T]) {
            for &v in all {
                assert_eq!(serde_json::to_value(v).unwrap(), v.to_string());
            }
        }
        names(Device::ALL);
        names(Account::ALL);
        names(Status::ALL);
        names(Role::ALL);
        names(Audience::ALL);
        names(RecipientRelation::ALL);
        names(Channel::ALL);
        names(ReplyAuthor::ALL);
        names(AttachmentKind::ALL);
        names(Action::ALL);
        names(EmergencyLevel::ALL);
        // The same values and errors as the derived code, from JSON text and values.
        for json in [
            r#""on_leave""#,
            r#""business_trip""#,
            r#""o\u0066f""#,
            r#""off\u0069""#,
            r#""OnLeave""#,
            r#""""#,
            r#""x\ud800""#,
            r#"{"overtime":null}"#,
            r#"{"overtime":1}"#,
            r#"{"bogus":null}"#,
            r#"{"off":null,"working":null}"#,
            "{}",
            "[]",
            "[\"off\"]",
            "0",
            "4",
            "-1",
            "1.5",
            "null",
            "true",
            "",
            "\"off",
        ] {
            let ours = outcome(serde_json::from_str::<Status>(json));
            assert_eq!(ours, outcome(serde_json::from_str::<DerivedStatus>(json)), "{json}");
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(json) {
                let ours = outcome(Status::deserialize(v.clone()));
                assert_eq!(ours, outcome(DerivedStatus::deserialize(v)), "{json}");
            }
        }
        // Identifiers given as an index, as a name and as bytes.
        for i in [0, 3, 4, 5, u32::MAX] {
            let d = || U32Deserializer::<Error>::new(i);
            let ours = outcome(Status::deserialize(d()));
            assert_eq!(ours, outcome(DerivedStatus::deserialize(d())), "{i}");
        }
        for name in ["off", "overtime", "nope"] {
            let d = || -> serde::de::value::StrDeserializer<'_, Error> { name.into_deserializer() };
            assert_eq!(outcome(Status::deserialize(d())), outcome(DerivedStatus::deserialize(d())), "{name}");
            for bytes in [name.as_bytes(), b"\xffoff"] {
                let d = || MapAccessDeserializer::new(MapDeserializer::<_, Error>::new([(bytes, ())].into_iter()));
                let ours = outcome(Status::deserialize(d()));
                assert_eq!(ours, outcome(DerivedStatus::deserialize(d())), "{bytes:?}");
            }
        }
    }

    #[test]
    fn only_an_object_is_a_context() {
        for (json, line, col, what) in [
            (r#"["2026-11-24T10:00:00+09:00","work","personal"]"#, 1, 1, "an array"),
            ("[]", 1, 1, "an array"),
            ("  [1]", 1, 3, "an array"),
            ("\n\t [1]", 2, 3, "an array"),
            ("\"work\"", 1, 1, "a string"),
            ("-4", 1, 1, "a number"),
            ("null", 1, 1, "null"),
            ("true", 1, 1, "a boolean"),
        ] {
            let e = Context::from_json(json).unwrap_err();
            assert_eq!(e.message(), format!("the context must be a JSON object (`{{...}}`), not {what}"), "{json}");
            assert_eq!((e.line(), e.column()), (line, col), "{json}: {e}");
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            let e = Context::from_value(v).unwrap_err();
            assert!(e.message().ends_with(what), "{json}: {e}");
        }
        // Not JSON at all: serde_json's message.
        assert!(Context::from_json("nope").unwrap_err().message().contains("expected"));
        // Nor is anything inside it read from an array.
        for json in [
            r#"{"attachments":[["image","a.png"]]}"#,
            r#"{"schedule":[["mon"]]}"#,
            r#"{"schedule":{"hours":[["09:00","17:00"]]}}"#,
            r#"{"schedule":{"breaks":[["12:00","13:00"]]}}"#,
        ] {
            let e = Context::from_json(json).unwrap_err();
            assert!(e.message().contains("expected a JSON object"), "{json}: {e}");
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            assert!(Context::from_value(v).is_err(), "{json}");
        }
        // Objects still work, nested ones included.
        let c = Context::from_json(
            r#"{"device":"work","attachments":[{"kind":"image"}],"schedule":{"hours":[{"start":"09:00","end":"17:00"}]}}"#,
        )
        .unwrap();
        assert_eq!(c.device, Some(Device::Work));
        assert_eq!(c.attachments.len(), 1);
        assert!(c.schedule.is_some());
        assert_eq!(Context::from_json("{}").unwrap(), Context::default());
    }
}
