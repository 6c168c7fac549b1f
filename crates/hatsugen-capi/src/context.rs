//! `hatsugen_context`: the context of a post as a C struct, for callers who do not want to
//! write JSON. It carries its own size and reserved bytes so that fields can be added
//! without breaking callers compiled against an older header.

use std::ffi::{c_char, c_int, c_uchar, c_uint};
use std::mem::{offset_of, size_of};

use hatsugen_core::{
    Account, Action, Attachment, AttachmentKind, Audience, Channel, Context, Device, Emergency, EmergencyLevel, Exif,
    RecipientRelation, ReplyAuthor, Role, Status,
};

use super::error::Failure;
use super::ffi;
use super::status::{HATSUGEN_STATUS_STRUCT_TOO_SMALL, HATSUGEN_STATUS_UNSUPPORTED_FIELD};

/// The device a post is sent from (`HATSUGEN_DEVICE_*`; 0 = not given).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_device(pub c_uint);
/// Not given.
pub const HATSUGEN_DEVICE_UNSET: hatsugen_device = hatsugen_device(0);
/// The author's own device.
pub const HATSUGEN_DEVICE_PERSONAL: hatsugen_device = hatsugen_device(1);
/// A device issued by the employer.
pub const HATSUGEN_DEVICE_WORK: hatsugen_device = hatsugen_device(2);

/// The account a post is sent from (`HATSUGEN_ACCOUNT_*`; 0 = not given).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_account(pub c_uint);
/// Not given.
pub const HATSUGEN_ACCOUNT_UNSET: hatsugen_account = hatsugen_account(0);
/// A private account that does not show who the author is.
pub const HATSUGEN_ACCOUNT_PERSONAL: hatsugen_account = hatsugen_account(1);
/// The organisation's official account.
pub const HATSUGEN_ACCOUNT_OFFICIAL: hatsugen_account = hatsugen_account(2);
/// A private account whose profile shows the author is staff.
pub const HATSUGEN_ACCOUNT_STAFF_IDENTIFIED: hatsugen_account = hatsugen_account(3);

/// The author's duty status when posting (`HATSUGEN_DUTY_*`; 0 = not given). The JSON
/// field `status`; named "duty" here so as not to be confused with `hatsugen_status`.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_duty(pub c_uint);
/// Not given.
pub const HATSUGEN_DUTY_UNSET: hatsugen_duty = hatsugen_duty(0);
/// On duty.
pub const HATSUGEN_DUTY_WORKING: hatsugen_duty = hatsugen_duty(1);
/// Off duty.
pub const HATSUGEN_DUTY_OFF: hatsugen_duty = hatsugen_duty(2);
/// On leave.
pub const HATSUGEN_DUTY_ON_LEAVE: hatsugen_duty = hatsugen_duty(3);
/// On a business trip, travel time included.
pub const HATSUGEN_DUTY_BUSINESS_TRIP: hatsugen_duty = hatsugen_duty(4);
/// Working overtime.
pub const HATSUGEN_DUTY_OVERTIME: hatsugen_duty = hatsugen_duty(5);

/// The author's role (`HATSUGEN_ROLE_*`; 0 = not given).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_role(pub c_uint);
/// Not given.
pub const HATSUGEN_ROLE_UNSET: hatsugen_role = hatsugen_role(0);
/// A staff member.
pub const HATSUGEN_ROLE_STAFF: hatsugen_role = hatsugen_role(1);
/// A manager with subordinates.
pub const HATSUGEN_ROLE_MANAGER: hatsugen_role = hatsugen_role(2);

/// Who can see the post (`HATSUGEN_AUDIENCE_*`; 0 = not given).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_audience(pub c_uint);
/// Not given.
pub const HATSUGEN_AUDIENCE_UNSET: hatsugen_audience = hatsugen_audience(0);
/// Anyone.
pub const HATSUGEN_AUDIENCE_PUBLIC: hatsugen_audience = hatsugen_audience(1);
/// A direct message.
pub const HATSUGEN_AUDIENCE_DM: hatsugen_audience = hatsugen_audience(2);
/// A group chat or mailing list.
pub const HATSUGEN_AUDIENCE_GROUP: hatsugen_audience = hatsugen_audience(3);

/// The recipients' relation to the author (`HATSUGEN_RELATION_*`; 0 = not given).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_relation(pub c_uint);
/// Not given.
pub const HATSUGEN_RELATION_UNSET: hatsugen_relation = hatsugen_relation(0);
/// The author's subordinates.
pub const HATSUGEN_RELATION_SUBORDINATE: hatsugen_relation = hatsugen_relation(1);
/// Colleagues of the same rank.
pub const HATSUGEN_RELATION_PEER: hatsugen_relation = hatsugen_relation(2);
/// Private friends.
pub const HATSUGEN_RELATION_FRIEND: hatsugen_relation = hatsugen_relation(3);
/// Citizens.
pub const HATSUGEN_RELATION_CITIZEN: hatsugen_relation = hatsugen_relation(4);

/// The kind of channel (`HATSUGEN_CHANNEL_*`; 0 = not given).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_channel(pub c_uint);
/// Not given.
pub const HATSUGEN_CHANNEL_UNSET: hatsugen_channel = hatsugen_channel(0);
/// An internal work chat or all-staff group.
pub const HATSUGEN_CHANNEL_WORK: hatsugen_channel = hatsugen_channel(1);
/// A private channel.
pub const HATSUGEN_CHANNEL_PRIVATE: hatsugen_channel = hatsugen_channel(2);

/// What the author does (`HATSUGEN_ACTION_*`; 0 = not given, which is a post). The JSON
/// field `action`.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_action(pub c_uint);
/// Not given (a post).
pub const HATSUGEN_ACTION_UNSET: hatsugen_action = hatsugen_action(0);
/// A post of the author's own.
pub const HATSUGEN_ACTION_POST: hatsugen_action = hatsugen_action(1);
/// A repost of someone else's post (the text is that post).
pub const HATSUGEN_ACTION_REPOST: hatsugen_action = hatsugen_action(2);
/// A like of someone else's post (the text is that post).
pub const HATSUGEN_ACTION_LIKE: hatsugen_action = hatsugen_action(3);
/// A reply.
pub const HATSUGEN_ACTION_REPLY: hatsugen_action = hatsugen_action(4);
/// A quote post.
pub const HATSUGEN_ACTION_QUOTE: hatsugen_action = hatsugen_action(5);

/// The level of a declared emergency (`HATSUGEN_EMERGENCY_*`; 0 = no emergency). The JSON
/// field `emergency.level`.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_emergency_level(pub c_uint);
/// No emergency.
pub const HATSUGEN_EMERGENCY_NONE: hatsugen_emergency_level = hatsugen_emergency_level(0);
/// A warning or advisory is in force.
pub const HATSUGEN_EMERGENCY_ALERT: hatsugen_emergency_level = hatsugen_emergency_level(1);
/// An evacuation order.
pub const HATSUGEN_EMERGENCY_EVACUATION: hatsugen_emergency_level = hatsugen_emergency_level(2);
/// A disaster: the city's disaster headquarters is working.
pub const HATSUGEN_EMERGENCY_DISASTER: hatsugen_emergency_level = hatsugen_emergency_level(3);

/// Who wrote the post a reply answers (`HATSUGEN_REPLY_AUTHOR_*`; 0 = not given). The JSON
/// field `reply_to_author`.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_reply_author(pub c_uint);
/// Not given.
pub const HATSUGEN_REPLY_AUTHOR_UNSET: hatsugen_reply_author = hatsugen_reply_author(0);
/// A citizen.
pub const HATSUGEN_REPLY_AUTHOR_CITIZEN: hatsugen_reply_author = hatsugen_reply_author(1);
/// A journalist or news organisation.
pub const HATSUGEN_REPLY_AUTHOR_MEDIA: hatsugen_reply_author = hatsugen_reply_author(2);
/// Not known.
pub const HATSUGEN_REPLY_AUTHOR_UNKNOWN: hatsugen_reply_author = hatsugen_reply_author(3);

/// The post a reply answers: the context JSON's `reply_to` and `reply_to_author`, pointed
/// to by `hatsugen_context.reply`.
///
/// Zero it and set `struct_size` to `sizeof(hatsugen_reply)`. It grows like
/// `hatsugen_context` (its own `struct_size`, `reserved` bytes).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct hatsugen_reply {
    /// `sizeof(hatsugen_reply)` as the caller was compiled with.
    pub struct_size: usize,
    /// The text of the post answered, `text_len` bytes of UTF-8; `NULL`/0 if not given
    /// (JSON `reply_to`).
    pub text: *const c_char,
    /// Length of `text` in bytes.
    pub text_len: usize,
    /// Who wrote the post answered (`HATSUGEN_REPLY_AUTHOR_*`; JSON `reply_to_author`).
    pub author: hatsugen_reply_author,
    /// Must be zero (room for fields added later).
    pub reserved: [c_uchar; 20],
}

/// A string passed in: `len` bytes of UTF-8 at `ptr` (no NUL needed).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct hatsugen_str_in {
    /// The bytes; may be `NULL` only when `len` is 0.
    pub ptr: *const c_char,
    /// Length in bytes.
    pub len: usize,
}

/// The kind of an attachment (`HATSUGEN_ATTACHMENT_*`; required: 0 is an error).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_attachment_kind(pub c_uint);
/// A picture.
pub const HATSUGEN_ATTACHMENT_IMAGE: hatsugen_attachment_kind = hatsugen_attachment_kind(1);
/// A video.
pub const HATSUGEN_ATTACHMENT_VIDEO: hatsugen_attachment_kind = hatsugen_attachment_kind(2);
/// A file.
pub const HATSUGEN_ATTACHMENT_FILE: hatsugen_attachment_kind = hatsugen_attachment_kind(3);
/// A link.
pub const HATSUGEN_ATTACHMENT_LINK: hatsugen_attachment_kind = hatsugen_attachment_kind(4);

/// Days of the week as a bit set (`HATSUGEN_DAY_*`, combined with `|`); 0 = not given.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct hatsugen_days(pub c_uint);
/// Monday.
pub const HATSUGEN_DAY_MON: hatsugen_days = hatsugen_days(1);
/// Tuesday.
pub const HATSUGEN_DAY_TUE: hatsugen_days = hatsugen_days(2);
/// Wednesday.
pub const HATSUGEN_DAY_WED: hatsugen_days = hatsugen_days(4);
/// Thursday.
pub const HATSUGEN_DAY_THU: hatsugen_days = hatsugen_days(8);
/// Friday.
pub const HATSUGEN_DAY_FRI: hatsugen_days = hatsugen_days(16);
/// Saturday.
pub const HATSUGEN_DAY_SAT: hatsugen_days = hatsugen_days(32);
/// Sunday.
pub const HATSUGEN_DAY_SUN: hatsugen_days = hatsugen_days(64);

/// The JSON names of the `HATSUGEN_DAY_*` bits, lowest bit first.
const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A time interval of a working day, in minutes after midnight: `start` 0–1439, `end`
/// 1–1440 (1440 = 24:00). An `end` before `start` crosses midnight (a night shift,
/// 22:00–07:00 is `{1320, 420}`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct hatsugen_time_range {
    /// First minute.
    pub start: c_uint,
    /// End minute (exclusive).
    pub end: c_uint,
}

/// The author's own working schedule (shift work, part time…), in place of the policy's:
/// the context JSON's `schedule`, pointed to by `hatsugen_context.schedule`.
///
/// Zero it and set `struct_size` to `sizeof(hatsugen_schedule)`; a field left zero /
/// `NULL` takes the policy pack's usual value (Monday to Friday, 08:30–17:15,
/// `Asia/Tokyo`), except `breaks`: none when `hours` is given, 12:00–13:00 otherwise. It
/// grows like `hatsugen_context` (its own `struct_size`, `reserved` bytes). An invalid
/// schedule (overlapping or inverted intervals, breaks outside the hours…) is
/// `HATSUGEN_STATUS_INVALID_CONTEXT` with a message naming the field, as for the JSON.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct hatsugen_schedule {
    /// `sizeof(hatsugen_schedule)` as the caller was compiled with.
    pub struct_size: usize,
    /// Working days (`HATSUGEN_DAY_*` bits); 0 = not given.
    pub days: hatsugen_days,
    /// `hour_count` working intervals; `NULL` = not given.
    pub hours: *const hatsugen_time_range,
    /// Number of `hours`.
    pub hour_count: usize,
    /// `break_count` breaks inside the hours; `NULL` = not given (a non-`NULL` pointer
    /// with a count of 0 is "no breaks").
    pub breaks: *const hatsugen_time_range,
    /// Number of `breaks`.
    pub break_count: usize,
    /// Time zone: an IANA name (`Asia/Tokyo`) or a fixed offset (`+09:00`),
    /// `time_zone_len` bytes of UTF-8; `NULL`/0 = not given.
    pub time_zone: *const c_char,
    /// Length of `time_zone` in bytes.
    pub time_zone_len: usize,
    /// Must be zero (room for fields added later).
    pub reserved: [c_uchar; 32],
}

/// What a photo's or video's file says about it (EXIF): the context JSON's
/// `attachments[].exif`, pointed to by `hatsugen_attachment.exif`.
///
/// Zero it and set `struct_size` to `sizeof(hatsugen_exif)`, then the fields you know. It
/// grows like `hatsugen_context` (its own `struct_size`, `reserved` bytes). A position out of
/// range or a `taken_at` that is not RFC 3339 is `HATSUGEN_STATUS_INVALID_CONTEXT` with a
/// message naming the field, as for the JSON.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct hatsugen_exif {
    /// `sizeof(hatsugen_exif)` as the caller was compiled with.
    pub struct_size: usize,
    /// Non-zero if `latitude` and `longitude` are given (JSON `gps`).
    pub has_gps: c_int,
    /// Latitude in degrees, −90 to 90 (WGS 84), if `has_gps`.
    pub latitude: f64,
    /// Longitude in degrees, −180 to 180, if `has_gps`.
    pub longitude: f64,
    /// When it was taken: RFC 3339 with an offset, `taken_at_len` bytes; `NULL`/0 if unknown.
    pub taken_at: *const c_char,
    /// Length of `taken_at` in bytes.
    pub taken_at_len: usize,
    /// The camera or phone model (UTF-8, `device_model_len` bytes), or `NULL`/0.
    pub device_model: *const c_char,
    /// Length of `device_model` in bytes.
    pub device_model_len: usize,
    /// Must be zero (room for fields added later).
    pub reserved: [c_uchar; 32],
}

/// Something attached to a post. Used as an array (`hatsugen_context.attachments`) whose
/// element size the caller states in `hatsugen_context.attachment_size`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct hatsugen_attachment {
    /// What it is (`HATSUGEN_ATTACHMENT_*`).
    pub kind: hatsugen_attachment_kind,
    /// File name or URL (UTF-8, `name_len` bytes), or `NULL`/0 if unknown.
    pub name: *const c_char,
    /// Length of `name` in bytes.
    pub name_len: usize,
    /// Alt text or caption (UTF-8, `description_len` bytes), or `NULL`/0 if unknown.
    pub description: *const c_char,
    /// Length of `description` in bytes.
    pub description_len: usize,
    /// The file's metadata, or `NULL` (JSON `exif`). Added after 0.1.0 in the place of the
    /// first 8 `reserved` bytes.
    pub exif: *const hatsugen_exif,
    /// Must be zero (room for fields added later).
    pub reserved: [c_uchar; 8],
}

/// The context of a post for `hatsugen_check`: the same fields as the context JSON.
///
/// Zero it, then set `struct_size` to `sizeof(hatsugen_context)` and the fields you know:
///
/// ```c
/// hatsugen_context ctx;
/// memset(&ctx, 0, sizeof ctx);
/// ctx.struct_size = sizeof ctx;
/// ctx.device = HATSUGEN_DEVICE_WORK;
/// ```
///
/// Every field left zero (or `NULL`) is "not given", and rules that need it are listed as
/// skipped in the report. Fields added in later versions take the place of `reserved` bytes
/// or come after them (`schedule`, added after 0.1.0, took the first bytes of `reserved`), so a
/// caller compiled against this header keeps working:
/// the library reads only `struct_size` bytes and treats what is missing as zero. Non-zero
/// `reserved` bytes, or non-zero bytes past the end of the struct as this library knows it,
/// are `HATSUGEN_STATUS_UNSUPPORTED_FIELD`; a `struct_size` smaller than the fields of
/// version 0.1 is `HATSUGEN_STATUS_STRUCT_TOO_SMALL`, one over 4096 (never set?)
/// `HATSUGEN_STATUS_INVALID_ARGUMENT`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct hatsugen_context {
    /// `sizeof(hatsugen_context)` as the caller was compiled with.
    pub struct_size: usize,
    /// When the post would be sent: RFC 3339 with an offset (`2025-04-01T18:30:00+09:00`,
    /// `Z` allowed), `time_len` bytes; `NULL`/0 if not given.
    pub time: *const c_char,
    /// Length of `time` in bytes.
    pub time_len: usize,
    /// The device (`HATSUGEN_DEVICE_*`).
    pub device: hatsugen_device,
    /// The account (`HATSUGEN_ACCOUNT_*`).
    pub account: hatsugen_account,
    /// The duty status (`HATSUGEN_DUTY_*`; JSON `status`).
    pub duty: hatsugen_duty,
    /// The role (`HATSUGEN_ROLE_*`).
    pub role: hatsugen_role,
    /// The audience (`HATSUGEN_AUDIENCE_*`).
    pub audience: hatsugen_audience,
    /// The recipients' relation to the author (`HATSUGEN_RELATION_*`).
    pub recipient_relation: hatsugen_relation,
    /// The channel (`HATSUGEN_CHANNEL_*`).
    pub channel: hatsugen_channel,
    /// Non-zero if `recipients` is given.
    pub has_recipients: c_int,
    /// How many people receive the post (for DMs and groups), if `has_recipients`.
    pub recipients: c_uint,
    /// The account's profile (bio) text, `profile_len` bytes of UTF-8; `NULL`/0 if not given.
    pub profile: *const c_char,
    /// Length of `profile` in bytes.
    pub profile_len: usize,
    /// The platform (free text: `x`, `facebook`, `line`, `groupware`...), `platform_len`
    /// bytes of UTF-8; `NULL`/0 if not given.
    pub platform: *const c_char,
    /// Length of `platform` in bytes.
    pub platform_len: usize,
    /// `attachment_count` attachments, each `attachment_size` bytes apart; `NULL`/0 if none.
    pub attachments: *const hatsugen_attachment,
    /// Number of attachments.
    pub attachment_count: usize,
    /// `sizeof(hatsugen_attachment)` as the caller was compiled with (needed only when
    /// `attachment_count` is not 0).
    pub attachment_size: usize,
    /// The author's own working schedule, or `NULL` for the policy's (JSON `schedule`).
    /// Added after 0.1.0 in the place of the first `reserved` bytes: callers compiled before
    /// it have zeros there, which read as `NULL`.
    pub schedule: *const hatsugen_schedule,
    /// What the author does (`HATSUGEN_ACTION_*`; JSON `action`). Added after 0.1.0 in the
    /// place of `reserved` bytes, like the fields after it.
    pub action: hatsugen_action,
    /// The level of a declared emergency (`HATSUGEN_EMERGENCY_*`; JSON `emergency.level`).
    pub emergency_level: hatsugen_emergency_level,
    /// Where the emergency is (`emergency_area_len` bytes of UTF-8), or `NULL`/0; only with
    /// an `emergency_level`.
    pub emergency_area: *const c_char,
    /// Length of `emergency_area` in bytes.
    pub emergency_area_len: usize,
    /// The author's special duties (JSON `duty`: `election_admin`, `police`…):
    /// `duty_count` strings, or `NULL`/0. (Not `duty`, which is the duty status.)
    pub duties: *const hatsugen_str_in,
    /// Number of `duties`.
    pub duty_count: usize,
    /// The post this one answers (a reply or a quote), or `NULL` (JSON `reply_to` and
    /// `reply_to_author`). Added in the place of the first 8 of the last 16 `reserved` bytes.
    pub reply: *const hatsugen_reply,
    /// Must be zero (room for fields added later).
    pub reserved: [c_uchar; 8],
}

/// The smallest `struct_size` accepted: every field of version 0.1.0, which ended with
/// `attachment_size` (then 64 `reserved` bytes).
pub(crate) const CONTEXT_MIN_SIZE: usize = offset_of!(hatsugen_context, schedule);
/// The smallest `hatsugen_schedule.struct_size` accepted.
pub(crate) const SCHEDULE_MIN_SIZE: usize = offset_of!(hatsugen_schedule, reserved);
/// The smallest `hatsugen_exif.struct_size` accepted.
pub(crate) const EXIF_MIN_SIZE: usize = offset_of!(hatsugen_exif, reserved);
/// The smallest `hatsugen_reply.struct_size` accepted.
pub(crate) const REPLY_MIN_SIZE: usize = offset_of!(hatsugen_reply, reserved);
/// The largest `struct_size` (or `attachment_size`) accepted: far above any size these
/// structs will grow to, low enough that an uninitialised size is caught before the library
/// reads (or, for views, writes) past the caller's struct.
pub(crate) const MAX_STRUCT_SIZE: usize = 4096;

/// Fails with `HATSUGEN_STATUS_INVALID_ARGUMENT` for a size above [`MAX_STRUCT_SIZE`].
pub(crate) fn plausible_size(size: usize, what: &str) -> Result<(), Failure> {
    if size > MAX_STRUCT_SIZE {
        return Err(Failure::invalid_argument(format!(
            "`{what}` is {size}, more than any version of the struct ({MAX_STRUCT_SIZE}); is it set?"
        )));
    }
    Ok(())
}

/// The smallest `attachment_size` accepted: every field of version 0.1.0, which ended with
/// `description_len` (then 16 `reserved` bytes, where `exif` is now).
pub(crate) const ATTACHMENT_MIN_SIZE: usize = offset_of!(hatsugen_attachment, exif);

/// Copies a caller's struct of `declared` bytes at `src` into a zeroed `T`: fields the
/// caller's struct is too short for stay zero; bytes the caller has beyond `T` must be zero.
///
/// # Safety
/// `src` is valid for reading `declared` bytes; `T` is plain data for which any bytes
/// (zero included) are a valid value.
unsafe fn read_sized<T: Copy>(src: *const u8, declared: usize, zero: T, what: &str) -> Result<T, Failure> {
    let mut value = zero;
    let known = size_of::<T>();
    let n = declared.min(known);
    // SAFETY: `src` is readable for `declared >= n` bytes; `value` is a local `T` of `known
    // >= n` bytes; they do not overlap; any bytes are a valid `T` by the caller's contract.
    unsafe { std::ptr::copy_nonoverlapping(src, (&raw mut value).cast::<u8>(), n) };
    if declared > known {
        // SAFETY: `src` is readable for `declared` bytes, so for `declared - known` past `known`.
        let extra = unsafe { std::slice::from_raw_parts(src.add(known), declared - known) };
        if extra.iter().any(|&b| b != 0) {
            return Err(Failure::new(
                HATSUGEN_STATUS_UNSUPPORTED_FIELD,
                format!("`{what}` has fields this library version does not know (non-zero bytes past byte {known})"),
            ));
        }
    }
    Ok(value)
}

fn unknown(field: &str, value: c_uint) -> Failure {
    Failure::context(format!("unknown `{field}` value {value}"))
}

fn device(v: hatsugen_device) -> Result<Option<Device>, Failure> {
    Ok(match v {
        HATSUGEN_DEVICE_UNSET => None,
        HATSUGEN_DEVICE_PERSONAL => Some(Device::Personal),
        HATSUGEN_DEVICE_WORK => Some(Device::Work),
        other => return Err(unknown("device", other.0)),
    })
}

fn account(v: hatsugen_account) -> Result<Option<Account>, Failure> {
    Ok(match v {
        HATSUGEN_ACCOUNT_UNSET => None,
        HATSUGEN_ACCOUNT_PERSONAL => Some(Account::Personal),
        HATSUGEN_ACCOUNT_OFFICIAL => Some(Account::Official),
        HATSUGEN_ACCOUNT_STAFF_IDENTIFIED => Some(Account::StaffIdentified),
        other => return Err(unknown("account", other.0)),
    })
}

fn duty(v: hatsugen_duty) -> Result<Option<Status>, Failure> {
    Ok(match v {
        HATSUGEN_DUTY_UNSET => None,
        HATSUGEN_DUTY_WORKING => Some(Status::Working),
        HATSUGEN_DUTY_OFF => Some(Status::Off),
        HATSUGEN_DUTY_ON_LEAVE => Some(Status::OnLeave),
        HATSUGEN_DUTY_BUSINESS_TRIP => Some(Status::BusinessTrip),
        HATSUGEN_DUTY_OVERTIME => Some(Status::Overtime),
        other => return Err(unknown("duty", other.0)),
    })
}

fn role(v: hatsugen_role) -> Result<Option<Role>, Failure> {
    Ok(match v {
        HATSUGEN_ROLE_UNSET => None,
        HATSUGEN_ROLE_STAFF => Some(Role::Staff),
        HATSUGEN_ROLE_MANAGER => Some(Role::Manager),
        other => return Err(unknown("role", other.0)),
    })
}

fn audience(v: hatsugen_audience) -> Result<Option<Audience>, Failure> {
    Ok(match v {
        HATSUGEN_AUDIENCE_UNSET => None,
        HATSUGEN_AUDIENCE_PUBLIC => Some(Audience::Public),
        HATSUGEN_AUDIENCE_DM => Some(Audience::Dm),
        HATSUGEN_AUDIENCE_GROUP => Some(Audience::Group),
        other => return Err(unknown("audience", other.0)),
    })
}

fn relation(v: hatsugen_relation) -> Result<Option<RecipientRelation>, Failure> {
    Ok(match v {
        HATSUGEN_RELATION_UNSET => None,
        HATSUGEN_RELATION_SUBORDINATE => Some(RecipientRelation::Subordinate),
        HATSUGEN_RELATION_PEER => Some(RecipientRelation::Peer),
        HATSUGEN_RELATION_FRIEND => Some(RecipientRelation::Friend),
        HATSUGEN_RELATION_CITIZEN => Some(RecipientRelation::Citizen),
        other => return Err(unknown("recipient_relation", other.0)),
    })
}

fn channel(v: hatsugen_channel) -> Result<Option<Channel>, Failure> {
    Ok(match v {
        HATSUGEN_CHANNEL_UNSET => None,
        HATSUGEN_CHANNEL_WORK => Some(Channel::Work),
        HATSUGEN_CHANNEL_PRIVATE => Some(Channel::Private),
        other => return Err(unknown("channel", other.0)),
    })
}

fn action(v: hatsugen_action) -> Result<Option<Action>, Failure> {
    Ok(match v {
        HATSUGEN_ACTION_UNSET => None,
        HATSUGEN_ACTION_POST => Some(Action::Post),
        HATSUGEN_ACTION_REPOST => Some(Action::Repost),
        HATSUGEN_ACTION_LIKE => Some(Action::Like),
        HATSUGEN_ACTION_REPLY => Some(Action::Reply),
        HATSUGEN_ACTION_QUOTE => Some(Action::Quote),
        other => return Err(unknown("action", other.0)),
    })
}

fn emergency_level(v: hatsugen_emergency_level) -> Result<Option<EmergencyLevel>, Failure> {
    Ok(match v {
        HATSUGEN_EMERGENCY_NONE => None,
        HATSUGEN_EMERGENCY_ALERT => Some(EmergencyLevel::Alert),
        HATSUGEN_EMERGENCY_EVACUATION => Some(EmergencyLevel::Evacuation),
        HATSUGEN_EMERGENCY_DISASTER => Some(EmergencyLevel::Disaster),
        other => return Err(unknown("emergency_level", other.0)),
    })
}

fn reply_author(v: hatsugen_reply_author) -> Result<Option<ReplyAuthor>, Failure> {
    Ok(match v {
        HATSUGEN_REPLY_AUTHOR_UNSET => None,
        HATSUGEN_REPLY_AUTHOR_CITIZEN => Some(ReplyAuthor::Citizen),
        HATSUGEN_REPLY_AUTHOR_MEDIA => Some(ReplyAuthor::Media),
        HATSUGEN_REPLY_AUTHOR_UNKNOWN => Some(ReplyAuthor::Unknown),
        other => return Err(unknown("reply_to_author", other.0)),
    })
}

fn attachment_kind(v: hatsugen_attachment_kind) -> Result<AttachmentKind, Failure> {
    Ok(match v {
        HATSUGEN_ATTACHMENT_IMAGE => AttachmentKind::Image,
        HATSUGEN_ATTACHMENT_VIDEO => AttachmentKind::Video,
        HATSUGEN_ATTACHMENT_FILE => AttachmentKind::File,
        HATSUGEN_ATTACHMENT_LINK => AttachmentKind::Link,
        other => return Err(unknown("attachments[].kind", other.0)),
    })
}

/// An optional string field: `None` for `NULL`/0.
///
/// # Safety
/// As for [`ffi::bytes`].
unsafe fn opt_str(ptr: *const c_char, len: usize, what: &str) -> Result<Option<String>, Failure> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { ffi::utf8(ptr, len, what) }.map(|s| Some(s.to_owned()))
}

fn check_reserved(reserved: &[c_uchar], what: &str) -> Result<(), Failure> {
    if reserved.iter().any(|&b| b != 0) {
        return Err(Failure::new(HATSUGEN_STATUS_UNSUPPORTED_FIELD, format!("`{what}.reserved` is not zero")));
    }
    Ok(())
}

/// Turns the caller's struct into a validated [`Context`].
///
/// # Safety
/// `ctx` is valid for reading `size_t` bytes and then `ctx->struct_size` bytes, and the
/// pointers in it are valid for their lengths (see the field docs).
pub(crate) unsafe fn to_context(ctx: *const hatsugen_context) -> Result<Context, Failure> {
    // SAFETY: the first field is always there: the caller's contract.
    let declared = unsafe { ctx.cast::<usize>().read_unaligned() };
    plausible_size(declared, "context->struct_size")?;
    if declared < CONTEXT_MIN_SIZE {
        return Err(Failure::new(
            HATSUGEN_STATUS_STRUCT_TOO_SMALL,
            format!(
                "`context->struct_size` is {declared}, less than {CONTEXT_MIN_SIZE}; set it to sizeof(hatsugen_context)"
            ),
        ));
    }
    let zero = hatsugen_context {
        struct_size: 0,
        time: std::ptr::null(),
        time_len: 0,
        device: HATSUGEN_DEVICE_UNSET,
        account: HATSUGEN_ACCOUNT_UNSET,
        duty: HATSUGEN_DUTY_UNSET,
        role: HATSUGEN_ROLE_UNSET,
        audience: HATSUGEN_AUDIENCE_UNSET,
        recipient_relation: HATSUGEN_RELATION_UNSET,
        channel: HATSUGEN_CHANNEL_UNSET,
        has_recipients: 0,
        recipients: 0,
        profile: std::ptr::null(),
        profile_len: 0,
        platform: std::ptr::null(),
        platform_len: 0,
        attachments: std::ptr::null(),
        attachment_count: 0,
        attachment_size: 0,
        schedule: std::ptr::null(),
        action: HATSUGEN_ACTION_UNSET,
        emergency_level: HATSUGEN_EMERGENCY_NONE,
        emergency_area: std::ptr::null(),
        emergency_area_len: 0,
        duties: std::ptr::null(),
        duty_count: 0,
        reply: std::ptr::null(),
        reserved: [0; 8],
    };
    // SAFETY: readable for `declared` bytes by the caller's contract; hatsugen_context is
    // integers and raw pointers, valid for any bytes.
    let c = unsafe { read_sized(ctx.cast::<u8>(), declared, zero, "context") }?;
    check_reserved(&c.reserved, "context")?;

    let mut out = Context::default();
    // SAFETY: the pointers in the struct are valid for their lengths by the caller's contract.
    if let Some(time) = unsafe { opt_str(c.time, c.time_len, "context->time") }? {
        let t: jiff::Timestamp = time.parse().map_err(|e| {
            Failure::context(format!("invalid `time` `{time}`: {e} (expected RFC 3339 with an offset)"))
        })?;
        out.time = Some(t);
    }
    out.device = device(c.device)?;
    out.account = account(c.account)?;
    out.status = duty(c.duty)?;
    out.role = role(c.role)?;
    out.audience = audience(c.audience)?;
    out.recipient_relation = relation(c.recipient_relation)?;
    out.channel = channel(c.channel)?;
    if c.has_recipients != 0 {
        out.recipients = Some(c.recipients);
    }
    // SAFETY: see above.
    out.profile = unsafe { opt_str(c.profile, c.profile_len, "context->profile") }?;
    // SAFETY: see above.
    out.platform = unsafe { opt_str(c.platform, c.platform_len, "context->platform") }?;
    if c.attachment_count > 0 {
        ffi::non_null(c.attachments, "context->attachments")?;
        plausible_size(c.attachment_size, "context->attachment_size")?;
        if c.attachment_size < ATTACHMENT_MIN_SIZE {
            return Err(Failure::new(
                HATSUGEN_STATUS_STRUCT_TOO_SMALL,
                format!(
                    "`context->attachment_size` is {}, less than {ATTACHMENT_MIN_SIZE}; set it to sizeof(hatsugen_attachment)",
                    c.attachment_size
                ),
            ));
        }
        if c.attachment_count.checked_mul(c.attachment_size).is_none_or(|total| total > isize::MAX as usize) {
            return Err(Failure::invalid_argument("`context->attachment_count` is larger than any array can be"));
        }
        out.attachments.reserve(c.attachment_count);
        for i in 0..c.attachment_count {
            // SAFETY: the array holds `attachment_count` elements of `attachment_size` bytes
            // (the caller's contract); the offset fits in isize (checked above).
            let element = unsafe { c.attachments.cast::<u8>().add(i * c.attachment_size) };
            let zero = hatsugen_attachment {
                kind: hatsugen_attachment_kind(0),
                name: std::ptr::null(),
                name_len: 0,
                description: std::ptr::null(),
                description_len: 0,
                exif: std::ptr::null(),
                reserved: [0; 8],
            };
            // SAFETY: readable for `attachment_size` bytes; plain data.
            let a = unsafe { read_sized(element, c.attachment_size, zero, "context->attachments[]") }?;
            check_reserved(&a.reserved, "context->attachments[]")?;
            let mut attachment = Attachment::new(attachment_kind(a.kind)?);
            // SAFETY: valid for their lengths by the caller's contract.
            attachment.name = unsafe { opt_str(a.name, a.name_len, "context->attachments[].name") }?;
            // SAFETY: as above.
            attachment.description =
                unsafe { opt_str(a.description, a.description_len, "context->attachments[].description") }?;
            if !a.exif.is_null() {
                // SAFETY: readable for its struct_size, its pointers valid: the caller's contract.
                attachment.exif = Some(unsafe { to_exif(a.exif) }?);
            }
            out.attachments.push(attachment);
        }
    }
    if !c.schedule.is_null() {
        // SAFETY: readable for its struct_size, its pointers valid: the caller's contract.
        out.schedule = Some(unsafe { to_schedule(c.schedule) }?);
    }
    out.action = action(c.action)?;
    // SAFETY: valid for its length by the caller's contract.
    let area = unsafe { opt_str(c.emergency_area, c.emergency_area_len, "context->emergency_area") }?;
    match emergency_level(c.emergency_level)? {
        Some(level) => out.emergency = Some(Emergency { level, area }),
        None if area.is_some() => {
            return Err(Failure::context("`emergency_area` is set but `emergency_level` is not"));
        }
        None => {}
    }
    if c.duty_count > 0 {
        ffi::non_null(c.duties, "context->duties")?;
        if c.duty_count.checked_mul(size_of::<hatsugen_str_in>()).is_none_or(|n| n > isize::MAX as usize) {
            return Err(Failure::invalid_argument("`context->duty_count` is larger than any array can be"));
        }
        for i in 0..c.duty_count {
            // SAFETY: the array holds `duty_count` elements (the caller's contract); read
            // unaligned, as nothing promises the caller's alignment.
            let d = unsafe { c.duties.add(i).read_unaligned() };
            // SAFETY: valid for its length by the caller's contract.
            let s = unsafe { ffi::utf8(d.ptr, d.len, "context->duties[]") }?;
            out.duty.push(s.to_owned());
        }
    }
    if !c.reply.is_null() {
        // SAFETY: readable for its struct_size, its pointer valid: the caller's contract.
        let r = unsafe { read_reply(c.reply) }?;
        // SAFETY: valid for its length by the caller's contract.
        out.reply_to = unsafe { opt_str(r.text, r.text_len, "context->reply->text") }?;
        out.reply_to_author = reply_author(r.author)?;
    }
    Ok(out)
}

/// Turns the caller's metadata into the core's, through the context JSON's `exif` so that
/// validation and messages are the same as for JSON callers.
///
/// # Safety
/// `ptr` is readable for `size_t` bytes and then its `struct_size`; its pointers are valid
/// for their lengths.
unsafe fn to_exif(ptr: *const hatsugen_exif) -> Result<Exif, Failure> {
    // SAFETY: the first field is always there: the caller's contract.
    let declared = unsafe { ptr.cast::<usize>().read_unaligned() };
    plausible_size(declared, "context->attachments[].exif->struct_size")?;
    if declared < EXIF_MIN_SIZE {
        return Err(Failure::new(
            HATSUGEN_STATUS_STRUCT_TOO_SMALL,
            format!(
                "`context->attachments[].exif->struct_size` is {declared}, less than {EXIF_MIN_SIZE}; set it to sizeof(hatsugen_exif)"
            ),
        ));
    }
    let zero = hatsugen_exif {
        struct_size: 0,
        has_gps: 0,
        latitude: 0.0,
        longitude: 0.0,
        taken_at: std::ptr::null(),
        taken_at_len: 0,
        device_model: std::ptr::null(),
        device_model_len: 0,
        reserved: [0; 32],
    };
    // SAFETY: readable for `declared` bytes; integers, floats and raw pointers, valid for any
    // bytes.
    let e = unsafe { read_sized(ptr.cast::<u8>(), declared, zero, "context->attachments[].exif") }?;
    check_reserved(&e.reserved, "context->attachments[].exif")?;
    let mut json = serde_json::Map::new();
    if e.has_gps != 0 {
        if !(e.latitude.is_finite() && e.longitude.is_finite()) {
            return Err(Failure::context("`exif.gps`: `latitude` and `longitude` must be finite numbers"));
        }
        json.insert("gps".into(), serde_json::json!([e.latitude, e.longitude]));
    }
    // SAFETY: valid for their lengths by the caller's contract.
    if let Some(t) = unsafe { opt_str(e.taken_at, e.taken_at_len, "context->attachments[].exif->taken_at") }? {
        json.insert("taken_at".into(), t.into());
    }
    let what = "context->attachments[].exif->device_model";
    // SAFETY: as above.
    if let Some(m) = unsafe { opt_str(e.device_model, e.device_model_len, what) }? {
        json.insert("device_model".into(), m.into());
    }
    serde_json::from_value(serde_json::Value::Object(json)).map_err(|err| Failure::context(err.to_string()))
}

/// Reads the caller's `hatsugen_reply`, checking its size and `reserved` bytes.
///
/// # Safety
/// `ptr` is readable for `size_t` bytes and then its `struct_size`.
unsafe fn read_reply(ptr: *const hatsugen_reply) -> Result<hatsugen_reply, Failure> {
    // SAFETY: the first field is always there: the caller's contract.
    let declared = unsafe { ptr.cast::<usize>().read_unaligned() };
    plausible_size(declared, "context->reply->struct_size")?;
    if declared < REPLY_MIN_SIZE {
        return Err(Failure::new(
            HATSUGEN_STATUS_STRUCT_TOO_SMALL,
            format!(
                "`context->reply->struct_size` is {declared}, less than {REPLY_MIN_SIZE}; set it to sizeof(hatsugen_reply)"
            ),
        ));
    }
    let zero = hatsugen_reply {
        struct_size: 0,
        text: std::ptr::null(),
        text_len: 0,
        author: HATSUGEN_REPLY_AUTHOR_UNSET,
        reserved: [0; 20],
    };
    // SAFETY: readable for `declared` bytes; integers and raw pointers, valid for any bytes.
    let r = unsafe { read_sized(ptr.cast::<u8>(), declared, zero, "context->reply") }?;
    check_reserved(&r.reserved, "context->reply")?;
    Ok(r)
}

/// `HH:MM` for a minute of the day (`1440` is `24:00`; larger values give hours over 24,
/// which the core rejects with its message).
fn hhmm(minutes: c_uint) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The ranges as context JSON, `None` for a `NULL` pointer.
///
/// # Safety
/// `ptr` is `NULL` or readable for `count` ranges.
unsafe fn ranges_json(
    ptr: *const hatsugen_time_range,
    count: usize,
    what: &str,
) -> Result<Option<serde_json::Value>, Failure> {
    if ptr.is_null() {
        if count > 0 {
            return Err(Failure::null(what));
        }
        return Ok(None);
    }
    if count.checked_mul(size_of::<hatsugen_time_range>()).is_none_or(|n| n > isize::MAX as usize) {
        return Err(Failure::invalid_argument(format!("`{what}` count is larger than any array can be")));
    }
    // SAFETY: non-NULL and readable for `count` elements by the caller's contract; the
    // elements are plain integers. Read unaligned: nothing promises the caller's alignment.
    let ranges = (0..count).map(|i| unsafe { ptr.add(i).read_unaligned() });
    Ok(Some(serde_json::Value::Array(
        ranges.map(|r| serde_json::json!({"start": hhmm(r.start), "end": hhmm(r.end)})).collect(),
    )))
}

/// Turns the caller's schedule into the core's, through the context JSON's `schedule` so
/// that defaults, validation and messages are the same as for JSON callers.
///
/// # Safety
/// `ptr` is readable for `size_t` bytes and then its `struct_size`; its pointers are valid
/// for their counts and lengths.
unsafe fn to_schedule(ptr: *const hatsugen_schedule) -> Result<hatsugen_core::calendar::Schedule, Failure> {
    // SAFETY: the first field is always there: the caller's contract.
    let declared = unsafe { ptr.cast::<usize>().read_unaligned() };
    plausible_size(declared, "context->schedule->struct_size")?;
    if declared < SCHEDULE_MIN_SIZE {
        return Err(Failure::new(
            HATSUGEN_STATUS_STRUCT_TOO_SMALL,
            format!(
                "`context->schedule->struct_size` is {declared}, less than {SCHEDULE_MIN_SIZE}; set it to sizeof(hatsugen_schedule)"
            ),
        ));
    }
    let zero = hatsugen_schedule {
        struct_size: 0,
        days: hatsugen_days(0),
        hours: std::ptr::null(),
        hour_count: 0,
        breaks: std::ptr::null(),
        break_count: 0,
        time_zone: std::ptr::null(),
        time_zone_len: 0,
        reserved: [0; 32],
    };
    // SAFETY: readable for `declared` bytes; integers and raw pointers, valid for any bytes.
    let s = unsafe { read_sized(ptr.cast::<u8>(), declared, zero, "context->schedule") }?;
    check_reserved(&s.reserved, "context->schedule")?;
    let mut json = serde_json::Map::new();
    if s.days.0 != 0 {
        if s.days.0 >> DAY_NAMES.len() != 0 {
            return Err(Failure::context(format!(
                "unknown `schedule->days` bits {:#x} (HATSUGEN_DAY_MON to HATSUGEN_DAY_SUN are 0x01 to 0x40)",
                s.days.0
            )));
        }
        let days = DAY_NAMES.iter().enumerate().filter(|(bit, _)| s.days.0 & (1 << bit) != 0);
        json.insert("days".into(), days.map(|(_, name)| serde_json::Value::from(*name)).collect());
    }
    // SAFETY: valid for their counts by the caller's contract.
    if let Some(hours) = unsafe { ranges_json(s.hours, s.hour_count, "context->schedule->hours") }? {
        json.insert("hours".into(), hours);
    }
    // SAFETY: as above.
    if let Some(breaks) = unsafe { ranges_json(s.breaks, s.break_count, "context->schedule->breaks") }? {
        json.insert("breaks".into(), breaks);
    }
    // SAFETY: valid for its length by the caller's contract.
    if let Some(tz) = unsafe { opt_str(s.time_zone, s.time_zone_len, "context->schedule->time_zone") }? {
        json.insert("time_zone".into(), tz.into());
    }
    let value = serde_json::json!({ "schedule": json });
    let ctx = Context::from_value(value).map_err(|e| Failure::context(e.message()))?;
    ctx.schedule.ok_or_else(|| Failure::context("`schedule` could not be read"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::status::HATSUGEN_STATUS_INVALID_CONTEXT;
    use super::*;
    use hatsugen_core::ContextField;

    /// The context fields a C caller cannot set in `hatsugen_context` (only through the
    /// context JSON of `hatsugen_check_json`). Every other field of the core's context has a
    /// member in the struct: the test below fails for a field that has neither.
    const JSON_ONLY: &[ContextField] = &[];

    fn zeroed() -> hatsugen_context {
        // SAFETY: plain data; all zeros is "nothing given".
        let mut c: hatsugen_context = unsafe { std::mem::zeroed() };
        c.struct_size = size_of::<hatsugen_context>();
        c
    }

    #[test]
    fn action_emergency_and_duties_read_like_the_json() {
        let area = "市内全域";
        let names = ["election_admin", "police"];
        let duties: Vec<hatsugen_str_in> =
            names.iter().map(|n| hatsugen_str_in { ptr: n.as_ptr().cast(), len: n.len() }).collect();
        let mut c = zeroed();
        c.action = HATSUGEN_ACTION_LIKE;
        c.emergency_level = HATSUGEN_EMERGENCY_EVACUATION;
        c.emergency_area = area.as_ptr().cast();
        c.emergency_area_len = area.len();
        c.duties = duties.as_ptr();
        c.duty_count = duties.len();
        // SAFETY: a valid struct whose pointers outlive the call.
        let ctx = unsafe { to_context(&c) }.unwrap();
        let json = Context::from_json(
            r#"{"action":"like","emergency":{"level":"evacuation","area":"市内全域"},"duty":["election_admin","police"]}"#,
        )
        .unwrap();
        assert_eq!(ctx, json);
    }

    /// Every field of the core's context reaches the C struct, unless it is listed as JSON
    /// only: a struct with every member set gives a context with every field set.
    #[test]
    fn every_context_field_has_a_member_or_is_json_only() {
        let text = |s: &'static str| (s.as_ptr().cast::<c_char>(), s.len());
        let range = hatsugen_time_range { start: 9 * 60, end: 17 * 60 };
        let mut schedule: hatsugen_schedule =
            // SAFETY: plain data; all zeros is "nothing given".
            unsafe { std::mem::zeroed() };
        schedule.struct_size = size_of::<hatsugen_schedule>();
        schedule.hours = &range;
        schedule.hour_count = 1;
        let attachment = hatsugen_attachment {
            kind: HATSUGEN_ATTACHMENT_IMAGE,
            name: text("a.png").0,
            name_len: 5,
            description: std::ptr::null(),
            description_len: 0,
            exif: std::ptr::null(),
            reserved: [0; 8],
        };
        let duties = [hatsugen_str_in { ptr: text("police").0, len: 6 }];
        let reply = hatsugen_reply {
            struct_size: size_of::<hatsugen_reply>(),
            text: text("窓口の対応が最悪").0,
            text_len: text("窓口の対応が最悪").1,
            author: HATSUGEN_REPLY_AUTHOR_CITIZEN,
            reserved: [0; 20],
        };
        let mut c = zeroed();
        (c.time, c.time_len) = text("2026-11-20T10:00:00+09:00");
        c.device = HATSUGEN_DEVICE_WORK;
        c.account = HATSUGEN_ACCOUNT_OFFICIAL;
        c.duty = HATSUGEN_DUTY_WORKING;
        c.role = HATSUGEN_ROLE_MANAGER;
        c.audience = HATSUGEN_AUDIENCE_GROUP;
        c.recipient_relation = HATSUGEN_RELATION_SUBORDINATE;
        c.channel = HATSUGEN_CHANNEL_WORK;
        c.has_recipients = 1;
        c.recipients = 3;
        (c.profile, c.profile_len) = text("職員です");
        (c.platform, c.platform_len) = text("x");
        c.attachments = &attachment;
        c.attachment_count = 1;
        c.attachment_size = size_of::<hatsugen_attachment>();
        c.schedule = &schedule;
        c.action = HATSUGEN_ACTION_LIKE;
        c.emergency_level = HATSUGEN_EMERGENCY_ALERT;
        c.duties = duties.as_ptr();
        c.duty_count = duties.len();
        c.reply = &reply;
        // SAFETY: a valid struct whose pointers outlive the call.
        let given = unsafe { to_context(&c) }.unwrap().given();
        let missing: Vec<&ContextField> =
            ContextField::ALL.iter().filter(|f| !given.contains(f) && !JSON_ONLY.contains(f)).collect();
        assert!(
            missing.is_empty(),
            "context fields with no member in hatsugen_context (add one in the place of `reserved` bytes, or list them in JSON_ONLY): {missing:?}"
        );
        assert!(JSON_ONLY.iter().all(|f| !given.contains(f)), "a field listed as JSON only has a member");
    }

    /// The sizes callers are compiled with (64-bit): 0.1.0's fields end at byte 120, its 64
    /// `reserved` bytes after them; fields added since took `reserved` bytes, so the size
    /// stays. A change here breaks callers built against an older header.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn struct_sizes_are_pinned() {
        assert_eq!(CONTEXT_MIN_SIZE, 120);
        assert_eq!(size_of::<hatsugen_context>(), 184);
        assert_eq!(SCHEDULE_MIN_SIZE, 64);
        assert_eq!(size_of::<hatsugen_schedule>(), 96);
        assert_eq!(ATTACHMENT_MIN_SIZE, 40);
        assert_eq!(size_of::<hatsugen_attachment>(), 56);
    }

    #[test]
    fn old_callers_and_bad_values() {
        // A caller built before these fields: its struct ends at `schedule` + 8 bytes and
        // has zeros where they are now.
        let mut c = zeroed();
        c.struct_size = offset_of!(hatsugen_context, action);
        // SAFETY: valid struct.
        let ctx = unsafe { to_context(&c) }.unwrap();
        assert_eq!(ctx, Context::default());
        let mut c = zeroed();
        c.action = hatsugen_action(9);
        // SAFETY: valid struct.
        assert!(unsafe { to_context(&c) }.unwrap_err().message.contains("action"));
        let mut c = zeroed();
        c.emergency_level = hatsugen_emergency_level(4);
        // SAFETY: valid struct.
        assert!(unsafe { to_context(&c) }.unwrap_err().message.contains("emergency_level"));
        let mut c = zeroed();
        c.emergency_area = "x".as_ptr().cast();
        c.emergency_area_len = 1;
        // SAFETY: valid struct.
        assert!(unsafe { to_context(&c) }.unwrap_err().message.contains("emergency_level"));
        let mut c = zeroed();
        c.duty_count = 1;
        // SAFETY: valid struct; `duties` NULL is what is tested.
        assert!(unsafe { to_context(&c) }.is_err());
    }

    /// The context of a zeroed struct pointing to `r`.
    fn with_reply(r: &hatsugen_reply) -> Result<Context, Failure> {
        let mut c = zeroed();
        c.reply = r;
        // SAFETY: a valid struct whose pointers outlive the call.
        unsafe { to_context(&c) }
    }

    /// The context of a zeroed struct with one image whose metadata is `e`, the element
    /// declared `size` bytes long.
    fn with_exif(e: &hatsugen_exif, size: usize) -> Result<Context, Failure> {
        // SAFETY: plain data; zeros are "nothing given".
        let mut a: hatsugen_attachment = unsafe { std::mem::zeroed() };
        a.kind = HATSUGEN_ATTACHMENT_IMAGE;
        a.exif = e;
        let mut c = zeroed();
        c.attachments = &a;
        c.attachment_count = 1;
        c.attachment_size = size;
        // SAFETY: a valid struct whose pointers outlive the call; `size` is at most the
        // element's size.
        unsafe { to_context(&c) }
    }

    #[test]
    fn reply_reads_like_the_json() {
        let text = "窓口の対応が最悪";
        // SAFETY: plain data; zeros are "nothing given".
        let mut r: hatsugen_reply = unsafe { std::mem::zeroed() };
        r.struct_size = size_of::<hatsugen_reply>();
        r.text = text.as_ptr().cast();
        r.text_len = text.len();
        r.author = HATSUGEN_REPLY_AUTHOR_MEDIA;
        let json = Context::from_json(r#"{"reply_to":"窓口の対応が最悪","reply_to_author":"media"}"#).unwrap();
        assert_eq!(with_reply(&r).unwrap(), json);
        let bad = hatsugen_reply { author: hatsugen_reply_author(7), ..r };
        assert!(with_reply(&bad).unwrap_err().message.contains("reply_to_author"));
        let mut bad = r;
        bad.reserved[0] = 1;
        assert_eq!(with_reply(&bad).unwrap_err().status, HATSUGEN_STATUS_UNSUPPORTED_FIELD);
        let bad = hatsugen_reply { struct_size: 8, ..r };
        assert_eq!(with_reply(&bad).unwrap_err().status, HATSUGEN_STATUS_STRUCT_TOO_SMALL);
    }

    #[test]
    fn exif_reads_like_the_json() {
        let (taken, model) = ("2026-11-24T10:15:00+09:00", "Pixel 8");
        // SAFETY: plain data; zeros are "nothing given".
        let mut e: hatsugen_exif = unsafe { std::mem::zeroed() };
        e.struct_size = size_of::<hatsugen_exif>();
        e.has_gps = 1;
        e.latitude = 35.6536;
        e.longitude = 139.9019;
        e.taken_at = taken.as_ptr().cast();
        e.taken_at_len = taken.len();
        e.device_model = model.as_ptr().cast();
        e.device_model_len = model.len();
        let size = size_of::<hatsugen_attachment>();
        let json = Context::from_json(
            r#"{"attachments":[{"kind":"image","exif":{"gps":[35.6536,139.9019],"taken_at":"2026-11-24T10:15:00+09:00","device_model":"Pixel 8"}}]}"#,
        )
        .unwrap();
        assert_eq!(with_exif(&e, size).unwrap(), json);
        // A 0.1.0 caller's attachment (no `exif`) still reads.
        assert_eq!(with_exif(&e, ATTACHMENT_MIN_SIZE).unwrap().attachments[0].exif, None);
        for (lat, lon, says) in [(91.0, 0.0, "invalid `gps`"), (f64::NAN, 0.0, "finite")] {
            let err = with_exif(&hatsugen_exif { latitude: lat, longitude: lon, ..e }, size).unwrap_err();
            assert_eq!(err.status, HATSUGEN_STATUS_INVALID_CONTEXT);
            assert!(err.message.contains(says), "{}", err.message);
        }
        let bad = hatsugen_exif { has_gps: 0, taken_at_len: 10, ..e };
        assert!(with_exif(&bad, size).unwrap_err().message.contains("exif.taken_at"));
        let mut bad = e;
        bad.reserved[3] = 1;
        assert_eq!(with_exif(&bad, size).unwrap_err().status, HATSUGEN_STATUS_UNSUPPORTED_FIELD);
    }
}
