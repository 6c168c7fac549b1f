// End to end in Debian's Chromium (headless), with the development build loaded unpacked:
//
// * 修正して送信: the safe fixes shown before and after, nothing written or sent until the
//   user confirms; a fixed post that still blocks is not sent; a profile change is an
//   instruction the user confirms;
// * 「…に予約」: the page's own scheduled posting filled in (the post then checked for that
//   time and sent as scheduled), or, on a page without, a reminder (alarm, storage, a
//   notification when it fires, listed in the options);
// * likes and reposts checked as posts of the liked text (an X-like timeline: test ids and
//   aria-labels as X has them), held while checked, stopped on block, confirmed on warn;
//   replies carry the post answered to the core (`reply_to`), quotes the quoted post into
//   the text checked;
// * photos: a JPEG with GPS is held from the page until the user chooses; stripped, the
//   page receives a file with no location, time or camera, the orientation kept, and the
//   post still warns that it was taken during working hours; 修正して送信 strips the files
//   the core's fix lists.
//
// CHROMIUM=/path overrides the browser (default /usr/bin/chromium).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { makeDevBuild } from "./dev-build.mjs";
import { launchWithExtension } from "./launch.mjs";
import { startServer } from "./server.mjs";

const require = createRequire(import.meta.url);
const { readJpegMetadata } = require("../exif.js");

const srcDir = fileURLToPath(new URL("..", import.meta.url));
const artifacts = join(srcDir, "test-artifacts");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TIMEOUT = 15_000;
const fixture = (name) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const PHONE = "電話は090-1234-5678です";
const PHONE_FIXED = "電話は090-****-5678です";
const BENIGN = "今日は良い天気ですね";

/** A JST date `days` from today, `YYYY-MM-DD`. */
function jstDate(days) {
  return new Date(Date.now() + 9 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

/** An election whose campaign period is on now: yesterday to three days on (JST). */
const ELECTION_POLICY = `extends = "builtin:jp-local-gov"
id = "election-city"
version = "test"

[[election]]
id = "minato-mayor"
name = "みなと市長選挙"
kind = "municipal"
announced = "${jstDate(-1)}"
vote = "${jstDate(3)}"
candidates = ["山田太郎", "佐藤花子"]
`;

/** An embargo lifted two days from now, on the hour. */
const LIFT = new Date(Math.ceil((Date.now() + 2 * 86400_000) / 3600_000) * 3600_000);
const LIFT_JST = `${new Date(LIFT.getTime() + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`;
const EMBARGO_POLICY = `extends = "builtin:jp-local-gov"
id = "embargo-city"
version = "test"

[[embargo]]
id = "new-library"
terms = ["新図書館構想"]
lift = "${LIFT_JST}"
`;
const EMBARGOED = "来月、新図書館構想について説明します";

let server;
let context;
let extensionId;
let userDataDir;

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `features-${name}.png`) });
}

async function saveOptions(change) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.waitForSelector("body[data-ready=true]", { timeout: TIMEOUT });
  await change(page);
  await page.click("#save");
  await page.waitForSelector('#save-status[data-state="ok"]', { timeout: TIMEOUT });
  await page.close();
}

/** The defaults every group starts from: a personal account, off duty, the built-in pack. */
const baseline = (more) => saveOptions(async (page) => {
  await page.selectOption("#account", "personal");
  await page.selectOption("#status", "off");
  await page.fill("#profile", "");
  await page.fill("#policy", "");
  await page.fill("#sites", "http://127.0.0.1");
  await more?.(page);
});

async function worker() {
  const [w] = context.serviceWorkers();
  return w ?? context.waitForEvent("serviceworker", { timeout: TIMEOUT });
}

async function openPage(path) {
  const page = await context.newPage();
  await page.goto(`${server.origin}${path}`);
  return page;
}

async function typeTa(page, text) {
  await page.locator("#ta").click();
  await page.locator("#ta").fill("");
  await page.keyboard.insertText(text);
}

const panelOf = (page, box) => page.locator(`.hatsugen-panel[data-box="${box}"]`);
async function verdict(page, box, v) {
  await page.waitForSelector(`.hatsugen-panel[data-box="${box}"][data-verdict="${v}"]`, { timeout: TIMEOUT });
}
const sentTexts = (page) => page.locator("#sent li").allInnerTexts();
const modal = (page, kind) => page.waitForSelector(`.hatsugen-modal[data-kind="${kind}"]`, { timeout: TIMEOUT });
const noModal = (page) => page.waitForSelector(".hatsugen-modal", { state: "detached", timeout: TIMEOUT });

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  assert.ok(existsSync(join(srcDir, "wasm/hatsugen_bg.wasm")), "build the WebAssembly first (bindings/js/scripts/build.sh)");
  assert.ok(existsSync(executablePath), `no browser at ${executablePath} (apt-get install chromium)`);
  const extDir = makeDevBuild(join(artifacts, "dev-extension-features"));
  server = await startServer();
  userDataDir = mkdtempSync(join(tmpdir(), "hatsugen-features-"));
  ({ context, extensionId } = await launchWithExtension(userDataDir, extDir, {
    executablePath,
    viewport: { width: 1200, height: 900 },
    timeout: TIMEOUT,
  }));
  await baseline();
});

after(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

// ───────────────────────────── 修正して送信 ─────────────────────────────

describe("修正して送信 (fix and send)", () => {
  test("from the panel: the masked number is shown, nothing changes until confirmed, then it is sent", async () => {
    const page = await openPage("/plain");
    await typeTa(page, PHONE);
    await verdict(page, "ta", "block");
    await page.click('.hatsugen-panel[data-box="ta"] .hatsugen-fix');
    const dialog = await modal(page, "fix");
    assert.deepStrictEqual(await page.locator(".hatsugen-before del").allInnerTexts(), ["090-1234-5678"]);
    assert.deepStrictEqual(await page.locator(".hatsugen-after ins").allInnerTexts(), ["090-****-5678"]);
    assert.equal(await dialog.getAttribute("data-verdict"), "allow");
    await shot(page, "fix-preview");
    assert.equal(await page.inputValue("#ta"), PHONE, "not written before confirming");
    await page.click(".hatsugen-modal .hatsugen-cancel");
    await noModal(page);
    assert.equal(await page.inputValue("#ta"), PHONE);
    assert.deepStrictEqual(await sentTexts(page), []);

    await page.click('.hatsugen-panel[data-box="ta"] .hatsugen-fix');
    await modal(page, "fix");
    await page.click(".hatsugen-fix-send");
    await page.waitForSelector("#sent li", { timeout: TIMEOUT });
    assert.deepStrictEqual(await sentTexts(page), [PHONE_FIXED]);
    await page.close();
  });

  test("from the send dialog: the held-back send goes with the fixed text", async () => {
    const page = await openPage("/strict");
    await typeTa(page, PHONE);
    await verdict(page, "ta", "block");
    await page.locator("#ta").press("Control+Enter");
    await modal(page, "post");
    await page.click(".hatsugen-modal .hatsugen-fix");
    await modal(page, "fix");
    await page.click(".hatsugen-fix-send");
    await page.waitForSelector('#sent li[data-source="textarea-key"]', { timeout: TIMEOUT });
    assert.deepStrictEqual(await sentTexts(page), [PHONE_FIXED]);
    await page.close();
  });

  test("a post that still blocks after fixing is not sent, and the box keeps its text", async () => {
    const page = await openPage("/plain");
    const text = "電話は090-1234-5678、ここだけの話ですが内部資料です";
    await typeTa(page, text);
    await verdict(page, "ta", "block");
    await page.click('.hatsugen-panel[data-box="ta"] .hatsugen-fix');
    const dialog = await modal(page, "fix");
    assert.equal(await dialog.getAttribute("data-verdict"), "block");
    assert.match(await dialog.innerText(), /修正してもこの投稿は送信できません/);
    assert.equal(await page.locator(".hatsugen-fix-send").count(), 0, "no way to send");
    await shot(page, "fix-still-blocked");
    await page.click(".hatsugen-modal .hatsugen-close");
    assert.equal(await page.inputValue("#ta"), text);
    assert.deepStrictEqual(await sentTexts(page), []);
    await page.close();
  });

  test("a disclaimer for the profile is an instruction the user confirms; the settings follow", async () => {
    await baseline(async (p) => {
      await p.selectOption("#account", "staff_identified");
      await p.fill("#profile", "みなと市職員です");
    });
    const page = await openPage("/plain");
    await typeTa(page, BENIGN);
    await verdict(page, "ta", "warn");
    await page.click('.hatsugen-panel[data-box="ta"] .hatsugen-fix');
    const dialog = await modal(page, "fix");
    assert.match(await dialog.innerText(), /プロフィール.*※投稿は個人の見解です/);
    assert.match(await dialog.innerText(), /本文は変わりません/);
    assert.equal(await page.locator(".hatsugen-fix-send").isDisabled(), true, "not before the user says the profile is done");
    await shot(page, "fix-profile");
    await page.check(".hatsugen-profile-done");
    await page.click(".hatsugen-fix-send");
    await page.waitForSelector("#sent li", { timeout: TIMEOUT });
    assert.deepStrictEqual(await sentTexts(page), [BENIGN]);
    await page.close();

    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.waitForSelector("body[data-ready=true]", { timeout: TIMEOUT });
    assert.equal(await options.inputValue("#profile"), "みなと市職員です\n※投稿は個人の見解です");
    await options.close();
    await baseline();
  });
});

// ───────────────────────────── 予約 ─────────────────────────────

describe("「…に予約」 (later)", () => {
  before(() => baseline((p) => p.fill("#policy", EMBARGO_POLICY)));
  after(() => baseline());

  test("on a page with scheduled posts: filled in, checked for that time, sent as scheduled", async () => {
    const page = await openPage("/plain");
    await typeTa(page, EMBARGOED);
    await verdict(page, "ta", "block");
    const button = page.locator('.hatsugen-panel[data-box="ta"] .hatsugen-schedule');
    assert.match(await button.innerText(), /に予約/);
    await button.click();
    // The page's own picker, in the device's time.
    const expected = await page.evaluate((iso) => {
      const d = new Date(iso);
      const p = (n) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    }, LIFT.toISOString());
    await page.waitForFunction((v) => document.getElementById("scheduled-label").textContent === `予約: ${v}`, expected, { timeout: TIMEOUT });
    await verdict(page, "ta", "allow");
    assert.match(await panelOf(page, "ta").innerText(), /予約/);
    await shot(page, "scheduled");
    await page.click("#send-ta");
    await page.waitForSelector("#sent li", { timeout: TIMEOUT });
    assert.equal(await page.getAttribute("#sent li", "data-scheduled"), expected);
    assert.deepStrictEqual(await sentTexts(page), [EMBARGOED]);
    await page.close();
  });

  test("on a page without: a reminder (alarm, storage, options), a notification when it fires, nothing sent", async () => {
    const page = await openPage("/plain?noschedule");
    await typeTa(page, EMBARGOED);
    await verdict(page, "ta", "block");
    await page.click('.hatsugen-panel[data-box="ta"] .hatsugen-schedule');
    await page.waitForSelector('.hatsugen-panel[data-box="ta"][data-reminder]:not([data-reminder=""])', { timeout: TIMEOUT });
    const id = await panelOf(page, "ta").getAttribute("data-reminder");
    assert.match(await panelOf(page, "ta").innerText(), /お知らせします/);
    await shot(page, "reminder");
    assert.deepStrictEqual(await sentTexts(page), []);

    const sw = await worker();
    const state = await sw.evaluate(async (name) => ({
      alarm: await chrome.alarms.get(name),
      reminders: (await chrome.storage.local.get("reminders")).reminders,
    }), `hatsugen-reminder:${id}`);
    assert.equal(state.alarm.scheduledTime, LIFT.getTime());
    assert.equal(state.reminders.length, 1);
    assert.equal(state.reminders[0].text, EMBARGOED);
    assert.equal(state.reminders[0].url, `${server.origin}/plain?noschedule`);

    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.waitForSelector("body[data-ready=true]", { timeout: TIMEOUT });
    assert.match(await options.locator(`#reminders li[data-id="${id}"]`).innerText(), /新図書館構想/);
    await options.close();

    // The alarm moved to now: the notification shows and the reminder is marked.
    const fired = await sw.evaluate(async (name) => {
      await chrome.alarms.create(name, { when: Date.now() + 100 });
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const [r] = (await chrome.storage.local.get("reminders")).reminders;
        if (r?.fired) return { fired: r.fired, notifications: Object.keys(await chrome.notifications.getAll()) };
      }
      return null;
    }, `hatsugen-reminder:${id}`);
    assert.ok(fired, "the alarm fired");
    assert.deepStrictEqual(fired.notifications, [`hatsugen-reminder:${id}`]);
    await page.close();
  });
});

// ───────────────────────────── likes, reposts, replies, quotes ─────────────────────────────

describe("likes, reposts, replies and quotes count as posts", () => {
  const actions = (page) => page.locator("#actions li").evaluateAll((lis) => lis.map((li) => `${li.dataset.action} ${li.dataset.post}`));
  const timeline = () => openPage("/composers/x-timeline.html");

  test("personal account: a like of a candidate's post warns; cancelled it does not happen, confirmed it does", async () => {
    await baseline((p) => p.fill("#policy", ELECTION_POLICY));
    const page = await timeline();
    await page.click('#post-cand [data-testid="like"]');
    const dialog = await modal(page, "like");
    assert.equal(await dialog.getAttribute("data-verdict"), "warn");
    const text = await dialog.innerText();
    assert.match(text, /このまま「いいね」しますか/);
    assert.match(text, /山田太郎、みなと市の未来/);
    await shot(page, "like-warn");
    await page.click(".hatsugen-modal .hatsugen-cancel");
    await noModal(page);
    assert.deepStrictEqual(await actions(page), []);
    await page.click('#post-cand [data-testid="like"]');
    await modal(page, "like");
    assert.match(await page.locator(".hatsugen-confirm").innerText(), /いいねする/);
    await page.click(".hatsugen-modal .hatsugen-confirm");
    await page.waitForSelector("#actions li", { timeout: TIMEOUT });
    assert.deepStrictEqual(await actions(page), ["like cand"]);
    // Undoing a like is not checked.
    await page.click('#post-cand [data-testid="unlike"]');
    assert.deepStrictEqual(await actions(page), ["like cand", "unlike cand"]);
    // A harmless post is liked at once.
    await page.click('#post-weather [data-testid="like"]');
    await page.waitForFunction(() => document.querySelectorAll("#actions li").length === 3, null, { timeout: TIMEOUT });
    assert.equal(await page.locator(".hatsugen-modal").count(), 0);
    assert.deepStrictEqual(await actions(page), ["like cand", "unlike cand", "like weather"]);
    await page.close();
  });

  test("staff account: the like and the repost are blocked with the reason, by click and by key", async () => {
    await baseline(async (p) => {
      await p.fill("#policy", ELECTION_POLICY);
      await p.selectOption("#account", "staff_identified");
      await p.fill("#profile", "みなと市職員。発言は個人の見解です");
    });
    const page = await timeline();
    await page.click('#post-cand [data-testid="like"]');
    const dialog = await modal(page, "like");
    assert.equal(await dialog.getAttribute("data-verdict"), "block");
    const text = await dialog.innerText();
    assert.match(text, /この「いいね」はできません/);
    assert.match(text, /選挙/);
    assert.equal(await page.locator(".hatsugen-modal .hatsugen-confirm").count(), 0, "no way round a block");
    await shot(page, "like-block");
    await page.click(".hatsugen-modal .hatsugen-close");
    await noModal(page);

    await page.locator('#post-cand [data-testid="like"]').focus();
    await page.keyboard.press("Enter");
    await modal(page, "like");
    await page.keyboard.press("Escape");
    await noModal(page);

    await page.click('#post-cand [data-testid="retweet"]');
    await page.click('[data-testid="retweetConfirm"]');
    const repost = await modal(page, "repost");
    assert.equal(await repost.getAttribute("data-verdict"), "block");
    assert.match(await repost.innerText(), /この「リポスト」はできません/);
    await page.click(".hatsugen-modal .hatsugen-close");
    assert.deepStrictEqual(await actions(page), [], "nothing happened");
    await page.close();
  });

  test("a reply carries the post answered; a quote is checked with the quoted post", async () => {
    const page = await timeline();
    await page.click('#post-cand [data-testid="reply"]');
    await page.waitForSelector("#x-reply-editor");
    await page.locator("#x-reply-editor").click();
    await page.keyboard.insertText("応援しています");
    await page.waitForSelector('.hatsugen-panel[data-box="x-reply-editor"][data-action="reply"]', { timeout: TIMEOUT });
    const panel = panelOf(page, "x-reply-editor");
    assert.match(await panel.innerText(), /返信先.*山田太郎/);
    assert.equal(await panel.getAttribute("data-reply-to"), "sent");
    await shot(page, "reply");
    await page.click("#x-dialog-send");
    // Whatever the verdict, the main composer (there before the click) is not the reply's.
    await page.keyboard.press("Escape");
    await page.evaluate(() => document.getElementById("layers").replaceChildren());
    await page.locator("#x-editor").click();
    await page.keyboard.insertText(BENIGN);
    await page.waitForSelector('.hatsugen-panel[data-box="x-editor"][data-action="post"]', { timeout: TIMEOUT });

    await page.click('#post-cand [data-testid="retweet"]');
    await page.click("#quote-item");
    await page.waitForSelector("#x-reply-editor");
    await page.locator("#x-reply-editor").click();
    await page.keyboard.insertText("その通り！");
    await page.waitForSelector('.hatsugen-panel[data-box="x-reply-editor"][data-action="quote"][data-verdict="block"]', { timeout: TIMEOUT });
    assert.match(await panelOf(page, "x-reply-editor").innerText(), /引用する投稿/);
    await page.click("#x-dialog-send");
    await modal(page, "quote");
    await page.keyboard.press("Escape");
    await noModal(page);
    assert.deepStrictEqual(await page.locator('#sent li[data-source="x-quote"]').count(), 0);
    await page.close();
    await baseline();
  });

  test("a heated answer to a complaint warns as a reply; the same words as a post do not", async () => {
    const heated = "文句があるなら自分でやってみろ";
    const page = await timeline();
    await page.click('#post-complaint [data-testid="reply"]');
    await page.waitForSelector("#x-reply-editor");
    await page.locator("#x-reply-editor").click();
    await page.keyboard.insertText(heated);
    await page.waitForSelector('.hatsugen-panel[data-box="x-reply-editor"][data-action="reply"][data-verdict="warn"]', { timeout: TIMEOUT });
    const panel = panelOf(page, "x-reply-editor");
    assert.equal(await panel.getAttribute("data-reply-to"), "sent");
    assert.deepStrictEqual(await panel.locator(".hatsugen-finding").evaluateAll((lis) => lis.map((li) => li.dataset.rule)), ["defamation.heated_reply"]);
    assert.match(await panel.innerText(), /返信先 \(市民 @shimin\).*遅すぎ/);
    assert.match(await panel.innerText(), /批判的な投稿への返信/);
    await page.click("#x-dialog-send");
    const dialog = await modal(page, "reply");
    assert.equal(await dialog.getAttribute("data-verdict"), "warn");
    await page.click(".hatsugen-modal .hatsugen-cancel");
    await noModal(page);
    assert.deepStrictEqual(await page.locator('#sent li[data-source="x-reply"]').count(), 0);
    await page.evaluate(() => document.getElementById("layers").replaceChildren());
    await page.locator("#x-editor").click();
    await page.keyboard.insertText(heated);
    await page.waitForSelector('.hatsugen-panel[data-box="x-editor"][data-action="post"][data-verdict="allow"]', { timeout: TIMEOUT });
    assert.equal(await panelOf(page, "x-editor").getAttribute("data-reply-to"), "none");
    await page.close();
  });
});

// ───────────────────────────── photos ─────────────────────────────

describe("photo metadata", () => {
  const uploads = (page) => page.evaluate(() => window.__uploads.map(({ name, b64, width, height }) => ({ name, b64, width, height })));
  const bytesOf = (b64) => new Uint8Array(Buffer.from(b64, "base64"));
  const rulesIn = (locator) => locator.locator(".hatsugen-finding").evaluateAll((lis) => lis.map((li) => li.dataset.rule));
  // The fixture was taken on Friday 2026-05-01 at 14:30 (JST), in working time by the
  // default schedule: stripping its metadata removes the location it gives away, not the
  // fact that it was taken at work.
  const TAKEN_AT_WORK = "work_hours.photo_taken";

  test("a photo with GPS is held from the page; stripped, the page gets it without location, time or camera", async () => {
    const page = await openPage("/plain");
    await typeTa(page, BENIGN);
    await verdict(page, "ta", "allow");
    await page.setInputFiles("#file-ta", fixture("gps-pillow.jpg"));
    const dialog = await modal(page, "photo");
    const text = await dialog.innerText();
    assert.match(text, /撮影場所\(GPS\): 35\.68124, 139\.7671[23]/);
    assert.match(text, /機種: Google Pixel 8/);
    assert.match(text, /撮影日時: 2026-05-01T14:30:05\+09:00/);
    assert.match(text, /位置情報/);
    assert.deepStrictEqual(await rulesIn(page.locator(".hatsugen-modal")), ["personal_data.photo_location", TAKEN_AT_WORK]);
    await shot(page, "photo-dialog");
    assert.deepStrictEqual(await uploads(page), [], "the page has not seen the file yet");

    await page.click(".hatsugen-strip");
    await page.waitForFunction(() => window.__uploads.length === 1, null, { timeout: TIMEOUT });
    const [up] = await uploads(page);
    assert.equal(up.name, "gps-pillow.jpg");
    const info = readJpegMetadata(bytesOf(up.b64));
    assert.equal(info.gps, null);
    assert.equal(info.model, null);
    assert.equal(info.takenAt, null);
    assert.equal(info.orientation, 6, "still shown upright");
    // Chromium decodes it, turned by the orientation kept: 16×12 becomes 12×16.
    assert.deepStrictEqual([up.width, up.height], [12, 16]);
    await verdict(page, "ta", "warn");
    assert.deepStrictEqual(await rulesIn(panelOf(page, "ta")), [TAKEN_AT_WORK]);
    assert.equal(await panelOf(page, "ta").locator(".hatsugen-fix").count(), 0, "nothing left to fix");
    await page.click("#send-ta");
    await modal(page, "post");
    assert.deepStrictEqual(await rulesIn(page.locator(".hatsugen-modal")), [TAKEN_AT_WORK]);
    await page.click(".hatsugen-modal .hatsugen-confirm");
    await page.waitForSelector("#sent li", { timeout: TIMEOUT });
    assert.equal(await page.getAttribute("#sent li", "data-files"), '["gps-pillow.jpg"]');
    await page.close();
  });

  test("kept as it is, the post warns; 修正して送信 strips it and sends", async () => {
    const page = await openPage("/plain");
    await typeTa(page, BENIGN);
    await page.setInputFiles("#file-ta", fixture("gps-pillow.jpg"));
    await modal(page, "photo");
    await page.click(".hatsugen-keep");
    await page.waitForFunction(() => window.__uploads.length === 1, null, { timeout: TIMEOUT });
    assert.ok(readJpegMetadata(bytesOf((await uploads(page))[0].b64)).gps, "the original went to the page");
    await verdict(page, "ta", "warn");
    const panel = await panelOf(page, "ta").innerText();
    assert.match(panel, /位置情報|GPS|location/i);
    assert.match(panel, /gps-pillow\.jpg/);
    assert.deepStrictEqual(await rulesIn(panelOf(page, "ta")), ["personal_data.photo_location", TAKEN_AT_WORK]);
    await page.click('.hatsugen-panel[data-box="ta"] .hatsugen-fix');
    const dialog = await modal(page, "fix");
    const preview = await dialog.innerText();
    assert.match(preview, /本文は変わりません/);
    assert.match(preview, /添付の写真「gps-pillow\.jpg」から位置情報などのメタデータを削除します/);
    // What stays: the time it was taken, which stripping cannot change.
    assert.equal(await dialog.getAttribute("data-verdict"), "warn");
    assert.match(preview, /修正後も注意が必要な点があります/);
    assert.deepStrictEqual(await rulesIn(page.locator(".hatsugen-modal")), [TAKEN_AT_WORK]);
    await shot(page, "photo-fix");
    assert.equal(await page.evaluate(() => window.__uploads.length), 1, "nothing replaced before confirming");
    await page.click(".hatsugen-fix-send");
    await page.waitForSelector("#sent li", { timeout: TIMEOUT });
    const all = await uploads(page);
    assert.equal(all.length, 2, "the page was given the stripped file");
    assert.equal(readJpegMetadata(bytesOf(all[1].b64)).gps, null);
    assert.deepStrictEqual(await sentTexts(page), [BENIGN]);
    await page.close();
  });

  /** Drops the fixture photo on #ta as a user would. */
  async function dropPhoto(page) {
    const box = await page.locator("#ta").boundingBox();
    const cdp = await context.newCDPSession(page);
    const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const data = { items: [], files: [fixture("gps-pillow.jpg")], dragOperationsMask: 1 };
    for (const type of ["dragEnter", "dragOver", "drop"]) await cdp.send("Input.dispatchDragEvent", { type, ...at, data });
    await cdp.detach();
  }

  test("a photo dropped on the compose box: held, stripped, dropped again for the page", async () => {
    const page = await openPage("/plain");
    await typeTa(page, BENIGN);
    await dropPhoto(page);
    await modal(page, "photo");
    assert.deepStrictEqual(await uploads(page), [], "held from the page");
    await page.click(".hatsugen-strip");
    await page.waitForFunction(() => window.__uploads.length === 1, null, { timeout: TIMEOUT });
    const [up] = await page.evaluate(() => window.__uploads);
    assert.equal(up.source, "drop");
    assert.equal(readJpegMetadata(bytesOf(up.b64)).gps, null);
    assert.equal(await page.inputValue("#ta"), BENIGN, "the drop inserted nothing into the text");
    await page.close();
  });

  test("a dropped photo kept as it is cannot be stripped later: it warns, with no 修正して送信", async () => {
    const page = await openPage("/plain");
    await typeTa(page, BENIGN);
    await dropPhoto(page);
    await modal(page, "photo");
    await page.click(".hatsugen-keep");
    await page.waitForFunction(() => window.__uploads.length === 1, null, { timeout: TIMEOUT });
    assert.ok(readJpegMetadata(bytesOf((await uploads(page))[0].b64)).gps, "the page has the original");
    await verdict(page, "ta", "warn");
    assert.deepStrictEqual(await rulesIn(panelOf(page, "ta")), ["personal_data.photo_location", TAKEN_AT_WORK]);
    assert.equal(await panelOf(page, "ta").locator(".hatsugen-fix").count(), 0);
    // With a number to mask, the fix masks it and says the photo still gives its place away.
    await typeTa(page, PHONE);
    await verdict(page, "ta", "block");
    await page.click('.hatsugen-panel[data-box="ta"] .hatsugen-fix');
    const dialog = await modal(page, "fix");
    assert.deepStrictEqual(await page.locator(".hatsugen-after ins").allInnerTexts(), ["090-****-5678"]);
    assert.doesNotMatch(await dialog.innerText(), /メタデータを削除します/);
    assert.equal(await dialog.getAttribute("data-verdict"), "warn");
    assert.deepStrictEqual(await rulesIn(page.locator(".hatsugen-modal")), ["personal_data.photo_location", TAKEN_AT_WORK]);
    await page.click(".hatsugen-modal .hatsugen-cancel");
    await page.close();
  });

  test("not attached: the page never sees it; a photo without metadata goes straight through", async () => {
    const page = await openPage("/plain");
    await page.setInputFiles("#file-ta", fixture("gps-exiftool.jpg"));
    const dialog = await modal(page, "photo");
    assert.match(await dialog.innerText(), /-23\.55050, -46\.63330/);
    assert.match(await dialog.innerText(), /Apple iPhone 15/);
    await page.click(".hatsugen-modal .hatsugen-cancel");
    await noModal(page);
    await page.waitForTimeout(300);
    assert.deepStrictEqual(await uploads(page), []);
    assert.equal(await page.evaluate(() => document.getElementById("file-ta").files.length), 0);

    await page.setInputFiles("#file-ta", fixture("plain.jpg"));
    await page.waitForFunction(() => window.__uploads.length === 1, null, { timeout: TIMEOUT });
    assert.equal(await page.locator(".hatsugen-modal").count(), 0);
    await page.close();
  });
});
