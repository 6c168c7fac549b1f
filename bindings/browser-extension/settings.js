// Settings shared by the service worker and the options page, and the check context built
// from them (an ES module; the content script gets what it needs by messaging the service
// worker).

/** The sites the manifest already covers (content_scripts.matches). */
export const BUILTIN_SITES = [
  "https://x.com/*",
  "https://twitter.com/*",
  "https://*.facebook.com/*",
  "https://*.instagram.com/*",
  "https://*.line.me/*",
];

/** chrome.storage.local key. */
export const STORAGE_KEY = "settings";

/** What a fresh install uses. */
export const DEFAULT_SETTINGS = Object.freeze({
  /** personal | staff_identified | official */
  account: "personal",
  /** The account's bio (the disclaimer rule reads it). */
  profile: "",
  /** personal | work */
  device: "personal",
  /** staff | manager */
  role: "staff",
  /** working | off | on_leave | business_trip | overtime */
  status: "off",
  /** The working schedule (the core's `schedule` context form). */
  schedule: {
    days: ["mon", "tue", "wed", "thu", "fri"],
    hours: [{ start: "08:30", end: "17:15" }],
    breaks: [{ start: "12:00", end: "13:00" }],
    time_zone: "Asia/Tokyo",
  },
  /**
   * Special duties the policy maps to stricter rules (特定公務員): `election_admin`,
   * `police`, `tax`, or a city's own names. The core's `duty` context field.
   */
  duty: [],
  /** The level of an emergency the city has declared: "" (none) | alert | evacuation | disaster. */
  emergencyLevel: "",
  /** Where the emergency is (free text). */
  emergencyArea: "",
  /** The built-in pack used when no city policy is set. */
  builtin: "jp-local-gov",
  /** A city policy in TOML (empty: use `builtin`). */
  policyToml: "",
  /** Where the policy came from (a file name), for display. */
  policySource: "",
  /** Extra sites, as match patterns (`https://example.jp/*`). */
  sites: [],
  /**
   * Site adapters for sites the extension does not know (a city's groupware, say): the form
   * of site-logic.js's BUILTIN_ADAPTERS; they come before the built-in ones.
   */
  adapters: [],
  /** Likes, reposts, replies and quotes are checked as posts (the text is the post acted on). */
  checkActions: true,
  /** Photos attached in a composer are read for metadata (GPS, time, camera) before upload. */
  checkPhotos: true,
});

/** The stored settings merged over the defaults. */
export async function loadSettings() {
  const stored = (await chrome.storage.local.get(STORAGE_KEY))[STORAGE_KEY] ?? {};
  return { ...structuredClone(DEFAULT_SETTINGS), ...stored };
}

/** Stores settings (only the known keys). */
export async function saveSettings(settings) {
  const clean = {};
  for (const key of Object.keys(DEFAULT_SETTINGS)) if (key in settings) clean[key] = settings[key];
  await chrome.storage.local.set({ [STORAGE_KEY]: clean });
}

/** The platform name the core's context takes, from a page's host name. */
export function platformOf(hostname) {
  const h = String(hostname ?? "").toLowerCase();
  if (h === "x.com" || h.endsWith(".x.com") || h === "twitter.com" || h.endsWith(".twitter.com")) return "x";
  if (h.endsWith("facebook.com")) return "facebook";
  if (h.endsWith("instagram.com")) return "instagram";
  if (h.endsWith("line.me")) return "line";
  return h || undefined;
}

/** The actions the core's `action` context field takes. */
export const ACTIONS = ["post", "repost", "like", "reply", "quote"];

/** The attachment kinds the core's `attachments[].kind` takes. */
export const ATTACHMENT_KINDS = ["image", "video", "file", "link"];

/**
 * The attachments of a post that go into the context (those of a kind the core takes), in
 * the order of the context's `attachments`: a finding's `attachment` and a fix's indices
 * point into this list.
 */
export function contextAttachments(attachments) {
  return (Array.isArray(attachments) ? attachments : []).filter((a) => ATTACHMENT_KINDS.includes(a?.kind));
}

/**
 * The check context for a post sent at `time` (now, or the time it is scheduled for): the
 * user's settings plus what the page knows about the post.
 *
 * * `action`: what the page is about to do (a like or repost of the text; `post` when not
 *   known).
 * * `replyTo`: for a reply, the text of the post answered (`reply_to`: the replies rules
 *   judge the reply against it). Not for a quote: the quoted post is part of the text
 *   checked, since a quote publishes it again. No `reply_to_author`: the core takes what
 *   the author is (`citizen`, `media`), the page gives only a name, and without it the
 *   messages say 「相手」.
 * * `attachments`: `[{ kind, name, exif }]` (see contextAttachments); `exif` (`{ gps,
 *   taken_at, device_model }`) as read from the file when attached, kept after the
 *   extension strips the file (see afterStripping).
 */
export function toContext(settings, { time = new Date(), hostname, action, replyTo, attachments } = {}) {
  const ctx = {
    time: time.toISOString(),
    device: settings.device,
    account: settings.account,
    role: settings.role,
    status: settings.status,
    audience: "public",
  };
  if (settings.profile) ctx.profile = settings.profile;
  const platform = platformOf(hostname);
  if (platform) ctx.platform = platform;
  if (settings.schedule) ctx.schedule = settings.schedule;
  if (ACTIONS.includes(action)) ctx.action = action;
  if (action === "reply" && typeof replyTo === "string" && replyTo.trim()) ctx.reply_to = replyTo;
  const files = contextAttachments(attachments);
  if (files.length) {
    ctx.attachments = files.map((a) => {
      const out = { kind: a.kind };
      if (typeof a.name === "string" && a.name) out.name = a.name;
      if (a.exif && typeof a.exif === "object" && Object.keys(a.exif).length) out.exif = structuredClone(a.exif);
      return out;
    });
  }
  const duty = (settings.duty ?? []).map((d) => String(d).trim()).filter(Boolean);
  if (duty.length) ctx.duty = [...new Set(duty)];
  if (settings.emergencyLevel) {
    ctx.emergency = { level: settings.emergencyLevel };
    if (settings.emergencyArea?.trim()) ctx.emergency.area = settings.emergencyArea.trim();
  }
  for (const k of Object.keys(ctx)) if (ctx[k] === "" || ctx[k] === undefined) delete ctx[k];
  return ctx;
}

const SEVERITY_RANK = { info: 0, warn: 1, block: 2 };

/** The verdict the most severe of `findings` gives (as the core's `Verdict`). */
function verdictOf(findings) {
  const top = Math.max(-1, ...findings.map((f) => SEVERITY_RANK[f.severity] ?? 0));
  return top >= 2 ? "block" : top === 1 ? "warn" : "allow";
}

/** Whether a finding's fix is nothing but stripping the metadata of attachments in `indices`. */
function onlyStrips(f, indices) {
  const fix = f.fix;
  return !!fix && !(fix.edits ?? []).length && (fix.attachments ?? []).length > 0 &&
    fix.attachments.every((e) => e.kind === "strip_metadata" && indices.has(e.attachment));
}

/**
 * The report on a post whose attachments at `stripped` (a Set of indices into the
 * context's `attachments`) have had their metadata removed by the extension (when attached,
 * or by 「修正して送信」): what the core's `Checker.fix` reports once it has stripped them.
 * The context still carries what those files said (the core reads where and when the
 * picture was taken: the picture is the same); a finding that stripping resolves (its fix
 * strips only those files: the location no longer travels with them) is gone, and the
 * verdict follows.
 */
export function afterStripping(report, stripped) {
  if (!stripped?.size) return report;
  const findings = report.findings.filter((f) => !onlyStrips(f, stripped));
  if (findings.length === report.findings.length) return report;
  return { ...report, findings, verdict: verdictOf(findings) };
}

/**
 * A match pattern for what a user typed: a pattern as is, or an origin/URL/host turned into
 * `scheme://host/*` (match patterns ignore ports). Returns null when it cannot be one.
 */
export function toMatchPattern(input) {
  const s = String(input ?? "").trim();
  if (!s) return null;
  if (s.includes("*")) {
    return /^(https?|\*):\/\/(\*|(\*\.)?[^/*:]+)(:\d+)?\/.*$/.test(s) ? s.replace(/:\d+\//, "/") : null;
  }
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(s) ? s : `https://${s}`);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return `${url.protocol}//${url.hostname}/*`;
  } catch {
    return null;
  }
}
