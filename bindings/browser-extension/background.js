// The service worker: owns the WebAssembly checker. Content scripts and the options page
// message it, so pages whose CSP forbids WebAssembly (`default-src 'self'`) work too; the
// extension's own CSP allows it ('wasm-unsafe-eval' in the manifest).
//
// Messages (chrome.runtime.sendMessage), each answered with a plain object:
//   { type: "check", text, hostname, time } → { report, context, policy, policyError? } | { error }
//   { type: "validatePolicy", toml }    → { ok: true, policy, rules } | { ok: false, error }
//   { type: "settings" }                → { settings, builtinSites, builtinNames }
//   { type: "saved" }                   → { ok } once the user's sites are registered
import init, { Checker } from "./wasm/hatsugen.js";
import { BUILTIN_SITES, STORAGE_KEY, loadSettings, toContext } from "./settings.js";

const USER_SITES_ID = "hatsugen-user-sites";
/** The page-world helper (replays held-back keys with their keyCode) on the same sites. */
const USER_SITES_PAGE_ID = "hatsugen-user-sites-page";

let wasmReady = null;
/** { key, checker, policyError } for the current settings. */
let current = null;
/** Whether the core reads `schedule` in the context (found out on first use). */
let scheduleSupported = null;

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

/** Checks with the schedule in the context when the core reads it, without otherwise. */
function checkWithContext(checker, text, settings, hostname, time, action) {
  if (scheduleSupported !== false) {
    const context = toContext(settings, { time, hostname, withSchedule: true, action });
    try {
      const report = checker.check(text, context);
      scheduleSupported = true;
      return { report, context };
    } catch (e) {
      if (!(e?.code === "INVALID_CONTEXT" && /schedule/.test(e.message))) throw e;
      scheduleSupported = false;
    }
  }
  const context = toContext(settings, { time, hostname, withSchedule: false, action });
  return { report: checker.check(text, context), context };
}

async function handleCheck(msg) {
  const settings = await loadSettings();
  const { checker, policyError } = await checkerFor(settings);
  // The content script sends the moment of typing or sending; the worker's clock otherwise.
  const time = msg.time && !Number.isNaN(Date.parse(msg.time)) ? new Date(msg.time) : new Date();
  const { report, context } = checkWithContext(checker, String(msg.text ?? ""), settings, msg.hostname, time, msg.action);
  return { report, context, policy: checker.policy, policyError };
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
    { id: USER_SITES_ID, matches: granted, js: ["site-logic.js", "content.js"], css: ["content.css"], runAt: "document_idle" },
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

chrome.runtime.onInstalled.addListener(() => {
  queueSync();
  prewarm();
});
chrome.runtime.onStartup.addListener(() => {
  queueSync();
  prewarm();
});

chrome.action.onClicked.addListener(() => chrome.runtime.openOptionsPage());
