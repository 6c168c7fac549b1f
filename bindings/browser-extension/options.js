// The options page: the user's situation, working schedule, city policy and extra sites,
// stored in chrome.storage.local. Policies are validated by the service worker's checker
// before they are saved; an error shows its line and column.
import { BUILTIN_SITES, DEFAULT_SETTINGS, loadSettings, saveSettings, toMatchPattern } from "./settings.js";

const $ = (id) => document.getElementById(id);
const policyResult = $("policy-result");
const status = $("save-status");

function show(target, kind, ja, en) {
  target.className = `result ${kind}`;
  target.dataset.state = kind;
  target.textContent = en ? `${ja}\n${en}` : ja;
}

/** Asks the service worker; the answer or `{ error }`. */
async function ask(msg) {
  try {
    return (await chrome.runtime.sendMessage(msg)) ?? { error: { message: "no answer" } };
  } catch (e) {
    return { error: { message: String(e?.message ?? e) } };
  }
}

/** Selects line `line` of the policy textarea (1-based). */
function selectLine(line) {
  const ta = $("policy");
  const lines = ta.value.split("\n");
  if (line < 1 || line > lines.length) return;
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  ta.focus();
  ta.setSelectionRange(start, start + lines[line - 1].length);
}

/** Validates the policy text; true when empty or valid. */
async function validatePolicy() {
  const toml = $("policy").value;
  if (!toml.trim()) {
    show(policyResult, "ok", `標準ポリシー(${$("builtin").value})を使います。`, `Using the built-in pack (${$("builtin").value}).`);
    return true;
  }
  const res = await ask({ type: "validatePolicy", toml });
  if (res.ok) {
    show(policyResult, "ok", `有効なポリシーです: ${res.policy.id} ${res.policy.version}(ルール ${res.rules} 件)`,
      `Valid policy: ${res.policy.id} ${res.policy.version} (${res.rules} rules)`);
    return true;
  }
  const e = res.error ?? {};
  // The message starts with `<policy>:LINE:COLUMN: `; the place is shown in words instead.
  const message = String(e.message ?? "").replace(/^<policy>:\d+:\d+: /, "");
  const place = e.line > 0 ? `${e.line}行${e.column}列: ` : "";
  const placeEn = e.line > 0 ? `line ${e.line}, column ${e.column}: ` : "";
  show(policyResult, "error", `ポリシーにエラーがあります。${place}${message}`, `The policy has an error. ${placeEn}${message}`);
  policyResult.dataset.line = String(e.line ?? 0);
  policyResult.dataset.column = String(e.column ?? 0);
  if (e.line > 0) selectLine(e.line);
  return false;
}

function fill(settings, builtinNames) {
  for (const id of ["account", "device", "role", "status", "profile"]) $(id).value = settings[id] ?? DEFAULT_SETTINGS[id];
  const sel = $("builtin");
  sel.replaceChildren(...builtinNames.map((n) => new Option(n, n)));
  sel.value = settings.builtin;
  $("policy").value = settings.policyToml;
  const sched = settings.schedule ?? DEFAULT_SETTINGS.schedule;
  for (const box of $("days").querySelectorAll("input")) box.checked = (sched.days ?? []).includes(box.value);
  $("hours-start").value = sched.hours?.[0]?.start ?? "08:30";
  $("hours-end").value = sched.hours?.[0]?.end ?? "17:15";
  $("break-start").value = sched.breaks?.[0]?.start ?? "";
  $("break-end").value = sched.breaks?.[0]?.end ?? "";
  const duty = settings.duty ?? [];
  const boxes = [...$("duties").querySelectorAll("input")];
  for (const box of boxes) box.checked = duty.includes(box.value);
  $("duty-other").value = duty.filter((d) => !boxes.some((b) => b.value === d)).join(", ");
  $("emergency-level").value = settings.emergencyLevel ?? "";
  $("emergency-area").value = settings.emergencyArea ?? "";
  $("sites").value = (settings.sites ?? []).join("\n");
  $("adapters").value = settings.adapters?.length ? JSON.stringify(settings.adapters, null, 2) : "";
  $("builtin-sites").textContent = BUILTIN_SITES.join(", ");
  $("check-actions").checked = settings.checkActions !== false;
  $("check-photos").checked = settings.checkPhotos !== false;
}

/** The reminders the service worker keeps (「…に予約」 on sites without scheduled posts). */
async function showReminders() {
  const res = await ask({ type: "reminders" });
  const list = $("reminders");
  const items = (res.reminders ?? []).slice().sort((a, b) => a.when.localeCompare(b.when));
  if (!items.length) {
    list.replaceChildren(Object.assign(document.createElement("li"), { className: "note", textContent: "ありません / None" }));
    return;
  }
  list.replaceChildren(...items.map((r) => {
    const li = document.createElement("li");
    li.dataset.id = r.id;
    const when = new Date(r.when).toLocaleString("ja-JP", { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "short" });
    const head = document.createElement("div");
    head.className = "reminder-when";
    head.textContent = `${when}${r.fired ? "(通知済み / notified)" : ""}`;
    const text = document.createElement("div");
    text.className = "reminder-text";
    text.textContent = r.text;
    const where = document.createElement("a");
    where.href = r.url;
    where.textContent = r.title || r.url;
    where.target = "_blank";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "reminder-cancel";
    cancel.textContent = "取り消す / Cancel";
    cancel.addEventListener("click", async () => {
      await ask({ type: "cancelReminder", id: r.id });
      showReminders();
    });
    li.append(head, text, where, cancel);
    return li;
  }));
}

/** Whether a CSS selector parses. */
function isSelector(sel) {
  try {
    document.createDocumentFragment().querySelector(sel);
    return true;
  } catch {
    return false;
  }
}

/** The site adapters typed in (checked by site-logic.js), or null after showing the error. */
function readAdapters() {
  const res = globalThis.hatsugenLogic.parseAdapters($("adapters").value, isSelector);
  const target = $("adapters-result");
  if (res.ok) {
    target.textContent = "";
    target.dataset.state = "ok";
    return res.adapters;
  }
  show(target, "error", `サイト定義にエラーがあります。${res.error.ja}`, `The site adapters have an error. ${res.error.en}`);
  return null;
}

/** The duties ticked and typed, without duplicates. */
function readDuties() {
  const ticked = [...$("duties").querySelectorAll("input:checked")].map((b) => b.value);
  const typed = $("duty-other").value.split(/[,、\s]+/).map((d) => d.trim()).filter(Boolean);
  return [...new Set([...ticked, ...typed])];
}

function readSchedule() {
  const days = [...$("days").querySelectorAll("input:checked")].map((b) => b.value);
  const schedule = { days, hours: [{ start: $("hours-start").value, end: $("hours-end").value }], breaks: [], time_zone: "Asia/Tokyo" };
  if ($("break-start").value && $("break-end").value) schedule.breaks.push({ start: $("break-start").value, end: $("break-end").value });
  return schedule;
}

async function onSave(event) {
  event.preventDefault();
  const lines = $("sites").value.split("\n").map((l) => l.trim()).filter(Boolean);
  const sites = lines.map(toMatchPattern);
  const bad = lines.filter((_, i) => !sites[i]);
  if (bad.length) {
    show(status, "error", `サイトの指定が正しくありません: ${bad.join(", ")}`, `Not a site: ${bad.join(", ")}`);
    return;
  }
  // Ask for the sites first, while the click still counts as a user gesture.
  if (sites.length) {
    let granted = false;
    try {
      granted = await chrome.permissions.request({ origins: sites });
    } catch (e) {
      show(status, "error", `サイトの権限を得られません: ${e.message}`, `Cannot get access to the sites: ${e.message}`);
      return;
    }
    if (!granted) {
      show(status, "error", "サイトへのアクセスが許可されませんでした。", "Access to the sites was not granted.");
      return;
    }
  }
  const adapters = readAdapters();
  if (!adapters) {
    show(status, "error", "サイト定義にエラーがあるため保存しませんでした。", "Not saved: the site adapters have an error.");
    return;
  }
  const schedule = readSchedule();
  if (!schedule.hours[0].start || !schedule.hours[0].end) {
    show(status, "error", "始業・終業の時刻を入力してください。", "Enter the start and end of the working day.");
    return;
  }
  if (!(await validatePolicy())) {
    show(status, "error", "ポリシーにエラーがあるため保存しませんでした。", "Not saved: the policy has an error.");
    return;
  }
  const settings = {
    account: $("account").value,
    profile: $("profile").value.trim(),
    device: $("device").value,
    role: $("role").value,
    status: $("status").value,
    schedule,
    duty: readDuties(),
    emergencyLevel: $("emergency-level").value,
    emergencyArea: $("emergency-area").value.trim(),
    builtin: $("builtin").value,
    policyToml: $("policy").value.trim() ? $("policy").value : "",
    policySource: $("policy").dataset.source ?? "",
    sites: [...new Set(sites)],
    adapters,
    checkActions: $("check-actions").checked,
    checkPhotos: $("check-photos").checked,
  };
  await saveSettings(settings);
  const res = await ask({ type: "saved" });
  if (res.error) show(status, "error", `保存しましたが反映できませんでした: ${res.error.message}`, "Saved, but could not apply.");
  else show(status, "ok", "保存しました。", "Saved.");
}

async function onFile() {
  const file = $("policy-file").files?.[0];
  if (!file) return;
  $("policy").value = await file.text();
  $("policy").dataset.source = file.name;
  await validatePolicy();
}

async function main() {
  const settings = await loadSettings();
  const res = await ask({ type: "settings" });
  fill(settings, res.builtinNames ?? [DEFAULT_SETTINGS.builtin]);
  $("settings").addEventListener("submit", onSave);
  $("validate").addEventListener("click", validatePolicy);
  $("policy-file").addEventListener("change", onFile);
  $("policy").addEventListener("input", () => {
    policyResult.textContent = "";
    policyResult.dataset.state = "";
    status.textContent = "";
  });
  await showReminders();
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && changes.reminders) showReminders();
  });
  document.body.dataset.ready = "true";
}

main();
