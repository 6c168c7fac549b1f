// The service worker: owns the WebAssembly checker. Content scripts and the options page
// message it, so pages whose CSP forbids WebAssembly (`default-src 'self'`) work too; the
// extension's own CSP allows it ('wasm-unsafe-eval' in the manifest).
//
// Messages (chrome.runtime.sendMessage), each answered with a plain object:
//   { type: "check", text, hostname, time, action?, replyTo?, attachments? }
//                                       → { report, context, policy, policyError? } | { error }
//                                         (attachments: [{ kind, name, exif, stripped, strippable }])
//   { type: "fix", …as check }          → { fixed, report, context, policy } | { error }
//                                         (fixed.attachments: the files whose metadata goes)
//   { type: "validatePolicy", toml }    → { ok: true, policy, rules } | { ok: false, error }
//   { type: "settings" }                → { settings, builtinSites, builtinNames }
//   { type: "saved" }                   → { ok } once the user's sites are registered
//   { type: "setProfile", profile }     → { ok } (the user has added the disclaimer to the site's profile)
//   { type: "remind", text, when, url, title } → { ok, reminder } (an alarm and a notification at `when`)
//   { type: "reminders" }               → { reminders }
//   { type: "cancelReminder", id }      → { ok }
import init, { Checker } from "./wasm/hatsugen.js";
import { BUILTIN_SITES, STORAGE_KEY, afterStripping, contextAttachments, loadSettings, saveSettings, toContext } from "./settings.js";

const USER_SITES_ID = "hatsugen-user-sites";
/** The page-world helper (replays held-back keys with their keyCode) on the same sites. */
const USER_SITES_PAGE_ID = "hatsugen-user-sites-page";

let wasmReady = null;
/** { key, checker, policyError } for the current settings. */
let current = null;
function ensureWasm() {
  wasmReady ??= init({ module_or_path: chrome.runtime.getURL("wasm/hatsugen_bg.wasm") });
  return wasmReady;
}

/** The error as plain data for a message. */
function errorData(e) {
  return {
    code: e?.code ?? "INTERNAL",
    message: String(e?.message ?? e),
    line: e?.line ?? 0,
    column: e?.column ?? 0,
    keyPath: e?.keyPath ?? null,
  };
}

/** The checker for `settings`, compiled once per policy. */
async function checkerFor(settings) {
  await ensureWasm();
  const key = settings.policyToml ? `toml:${settings.policyToml}` : `builtin:${settings.builtin}`;
  if (current?.key === key) return current;
  let checker;
  let policyError = null;
  try {
    checker = settings.policyToml ? Checker.fromToml(settings.policyToml) : Checker.fromBuiltin(settings.builtin);
  } catch (e) {
    // A stored policy that no longer compiles: check with the default pack and say so.
    policyError = errorData(e);
    checker = new Checker();
  }
  current?.checker.free();
  current = { key, checker, policyError };
  return current;
}

/** The check context for a message from a content script. */
function contextFor(msg, settings) {
  // The content script sends the moment of typing or sending (or the scheduled time); the
  // worker's clock otherwise.
  const time = msg.time && !Number.isNaN(Date.parse(msg.time)) ? new Date(msg.time) : new Date();
  return toContext(settings, {
    time,
    hostname: msg.hostname,
    action: msg.action,
    replyTo: msg.replyTo,
    attachments: msg.attachments,
  });
}

/** Indices (into the context's `attachments`) of the message's files that `pick` chooses. */
function attachmentIndices(msg, pick) {
  return new Set(contextAttachments(msg.attachments).flatMap((a, i) => (pick(a) ? [i] : [])));
}

async function handleCheck(msg) {
  const settings = await loadSettings();
  const { checker, policyError } = await checkerFor(settings);
  const context = contextFor(msg, settings);
  const stripped = attachmentIndices(msg, (a) => a.stripped);
  const report = afterStripping(checker.check(String(msg.text ?? ""), context), stripped);
  return { report, context, policy: checker.policy, policyError };
}

/**
 * The safe fixes applied (Checker.fix) and the result checked again. `fixed.attachments`
 * lists the files whose metadata the content script removes when the user confirms: those
 * the core's fixes strip that are not stripped yet and that the content script can still
 * replace (`strippable`: a JPEG in a file input; a dropped file the site has already). The
 * report of `fixed` is about what would be sent: a file that cannot be stripped keeps its
 * warning.
 */
async function handleFix(msg) {
  const settings = await loadSettings();
  const { checker } = await checkerFor(settings);
  const text = String(msg.text ?? "");
  const context = contextFor(msg, settings);
  const stripped = attachmentIndices(msg, (a) => a.stripped);
  const strippable = attachmentIndices(msg, (a) => a.strippable && !a.stripped);
  const report = afterStripping(checker.check(text, context), stripped);
  const fixed = checker.fix(text, context, "safe");
  const todo = (fixed.attachments ?? []).filter((a) => !stripped.has(a.attachment));
  const doable = todo.filter((a) => a.kind === "strip_metadata" && strippable.has(a.attachment));
  if (doable.length < todo.length) {
    // The core's report counts every file it would strip as stripped: checked again with
    // only those that will be.
    const after = fixed.profile === null ? context : { ...context, profile: fixed.profile };
    fixed.report = afterStripping(checker.check(fixed.text, after), new Set([...stripped, ...doable.map((a) => a.attachment)]));
  }
  fixed.attachments = doable;
  return { fixed, report, context, policy: checker.policy };
}

async function handleValidate(msg) {
  await ensureWasm();
  let checker;
  try {
    checker = Checker.fromToml(String(msg.toml ?? ""));
  } catch (e) {
    return { ok: false, error: errorData(e) };
  }
  try {
    return { ok: true, policy: checker.policy, rules: checker.rules().length };
  } finally {
    checker.free();
  }
}

/** Registers the content script on the sites the user added. */
async function syncUserSites() {
  const { sites = [] } = await loadSettings();
  const ids = [USER_SITES_ID, USER_SITES_PAGE_ID];
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids });
  if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: existing.map((x) => x.id) });
  const granted = [];
  for (const site of sites) {
    if (await chrome.permissions.contains({ origins: [site] })) granted.push(site);
  }
  if (!granted.length) return;
  await chrome.scripting.registerContentScripts([
    { id: USER_SITES_ID, matches: granted, js: ["site-logic.js", "exif.js", "content.js"], css: ["content.css"], runAt: "document_idle" },
    { id: USER_SITES_PAGE_ID, matches: granted, js: ["page-world.js"], world: "MAIN", runAt: "document_start" },
  ]);
}

/** Site registrations run one after another. */
let syncing = Promise.resolve();
function queueSync() {
  syncing = syncing.then(syncUserSites).catch((e) => console.error("hatsugen: cannot register sites", e));
  return syncing;
}

chrome.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
  const handlers = {
    check: handleCheck,
    fix: handleFix,
    remind: handleRemind,
    reminders: async () => ({ reminders: await loadReminders() }),
    cancelReminder: async (m) => {
      await removeReminder(String(m.id ?? ""));
      return { ok: true };
    },
    setProfile: async (m) => {
      const settings = await loadSettings();
      await saveSettings({ ...settings, profile: String(m.profile ?? "").trim() });
      return { ok: true };
    },
    validatePolicy: handleValidate,
    settings: async () => {
      await ensureWasm();
      return { settings: await loadSettings(), builtinSites: BUILTIN_SITES, builtinNames: Checker.builtinNames() };
    },
    // Sent by the options page after saving: registers the user's sites, then answers.
    saved: async () => {
      current?.checker.free();
      current = null;
      await queueSync();
      return { ok: true };
    },
  };
  const handler = handlers[msg?.type];
  if (!handler) return false;
  handler(msg).then(sendResponse, (e) => sendResponse({ error: errorData(e) }));
  return true; // the answer comes asynchronously
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== "local" || !(STORAGE_KEY in changes)) return;
  current?.checker.free();
  current = null;
});

/** Compiles the policy ahead of the first check (the cold compile is the slow part). */
function prewarm() {
  loadSettings()
    .then(checkerFor)
    .catch((e) => console.error("hatsugen: cannot load the checker", e));
}

// ───────────────────────────── reminders ─────────────────────────────
// A post that may go only later, on a site without scheduled posts: a reminder (an alarm,
// the post's text and page in storage) and a notification when the time comes. Clicking
// the notification opens the page again.

const REMINDERS_KEY = "reminders";
const ALARM_PREFIX = "hatsugen-reminder:";

async function loadReminders() {
  return (await chrome.storage.local.get(REMINDERS_KEY))[REMINDERS_KEY] ?? [];
}

async function saveReminders(list) {
  await chrome.storage.local.set({ [REMINDERS_KEY]: list });
}

async function removeReminder(id) {
  await saveReminders((await loadReminders()).filter((r) => r.id !== id));
  await chrome.alarms.clear(ALARM_PREFIX + id);
}

async function handleRemind(msg) {
  const when = Date.parse(msg.when);
  if (Number.isNaN(when)) return { error: { code: "INVALID_ARGUMENT", message: `not a time: ${msg.when}` } };
  const reminder = {
    id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    when: String(msg.when),
    text: String(msg.text ?? "").slice(0, 2000),
    url: /^https?:\/\//.test(String(msg.url ?? "")) ? String(msg.url) : "",
    title: String(msg.title ?? "").slice(0, 200),
    created: new Date().toISOString(),
  };
  await saveReminders([...(await loadReminders()), reminder]);
  await chrome.alarms.create(ALARM_PREFIX + reminder.id, { when });
  return { ok: true, reminder };
}

/** Shows the reminder's notification and forgets it. */
async function fireReminder(id) {
  const reminder = (await loadReminders()).find((r) => r.id === id);
  if (!reminder) return;
  const excerpt = reminder.text.length > 120 ? `${reminder.text.slice(0, 120)}…` : reminder.text;
  await chrome.notifications.create(ALARM_PREFIX + id, {
    type: "basic",
    iconUrl: chrome.runtime.getURL("icons/icon-128.png"),
    title: "発言チェック: 投稿できる時刻になりました / You can post now",
    message: excerpt,
    contextMessage: reminder.title || reminder.url,
    priority: 1,
  });
  // Kept until the notification is clicked or closed (its page is opened from it).
  const list = await loadReminders();
  await saveReminders(list.map((r) => (r.id === id ? { ...r, fired: new Date().toISOString() } : r)));
}

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name.startsWith(ALARM_PREFIX)) fireReminder(alarm.name.slice(ALARM_PREFIX.length)).catch((e) => console.error("hatsugen: reminder", e));
});

chrome.notifications.onClicked.addListener(async (notificationId) => {
  if (!notificationId.startsWith(ALARM_PREFIX)) return;
  const id = notificationId.slice(ALARM_PREFIX.length);
  const reminder = (await loadReminders()).find((r) => r.id === id);
  if (reminder?.url) await chrome.tabs.create({ url: reminder.url });
  chrome.notifications.clear(notificationId);
  await removeReminder(id);
});

chrome.notifications.onClosed.addListener(async (notificationId, byUser) => {
  if (byUser && notificationId.startsWith(ALARM_PREFIX)) await removeReminder(notificationId.slice(ALARM_PREFIX.length));
});

/** Alarms do not always outlive a browser restart: set them again from storage. */
async function restoreAlarms() {
  for (const r of await loadReminders()) {
    if (r.fired) continue;
    const name = ALARM_PREFIX + r.id;
    if (await chrome.alarms.get(name)) continue;
    const when = Date.parse(r.when);
    if (when <= Date.now()) await fireReminder(r.id);
    else await chrome.alarms.create(name, { when });
  }
}

chrome.runtime.onInstalled.addListener(() => {
  queueSync();
  prewarm();
  restoreAlarms().catch((e) => console.error("hatsugen: reminders", e));
});
chrome.runtime.onStartup.addListener(() => {
  queueSync();
  prewarm();
  restoreAlarms().catch((e) => console.error("hatsugen: reminders", e));
});

chrome.action.onClicked.addListener(() => chrome.runtime.openOptionsPage());
