// The extension against mock composers that behave like the real ones (pages/composers/):
// every way each site sends × {blocked post, benign post}, key presses that are not sends
// (IME composition through the DevTools protocol's Input.imeSetComposition, Shift+Enter,
// Enter in a box where it is a new line), the panel while typing in editors that fire no
// `input` event, and the panel's place at 1280, 1000, 700 and 400 px wide.
//
// A blocked post must not go out by any of the site's ways (and the block dialog says so);
// a benign post must be delivered by the site's own handler (the replayed event accepted).
// Screenshots go to ../test-artifacts/composers-*.png. HATSUGEN_EXT_DIR overrides the
// extension directory (to measure another version with the same table).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";


import { makeDevBuild } from "./dev-build.mjs";
import { launchWithExtension } from "./launch.mjs";
import { startServer } from "./server.mjs";

const artifacts = join(fileURLToPath(new URL("..", import.meta.url)), "test-artifacts");
// The development build (the shipped files plus grants for the local test server), unless
// HATSUGEN_EXT_DIR names another extension directory.
const extDir = process.env.HATSUGEN_EXT_DIR
  ? resolve(process.env.HATSUGEN_EXT_DIR)
  : makeDevBuild(join(artifacts, "dev-extension-composers"));
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

const BLOCKED = "ここだけの話、内部資料を見せます";
const BENIGN = "今日は良い天気ですね";
const TIMEOUT = Number(process.env.HATSUGEN_TIMEOUT ?? 15_000);
/** How long an outcome (a dialog, a sent post) may take to show. */
const SETTLE_MS = 4_000;
/** The site adapter the options page adds for the mock groupware (a label and an Enter box). */
const ADAPTERS = JSON.stringify([{ id: "mock-groupware", hosts: ["127.0.0.1"], labels: ["発信"], enterSends: ["#gw-chat-input"] }]);

let server;
let context;
let userDataDir;
let extensionId;
const outcomes = [];

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `composers-${name}.png`) });
}

// ───────────────────────────── how each site sends ─────────────────────────────

const focusAndPress = (selector, key) => async (page) => {
  await page.locator(selector).focus();
  await page.keyboard.press(key);
};
const pressInBox = (key) => async (page) => page.keyboard.press(key);

/** Every send path: the page, the box, what the user does, and the mock's name for the send. */
const SEND_PATHS = [
  { id: "x: click the post div[role=button]", page: "x", box: "#x-editor", source: "x-button", send: (p) => p.click("#x-post") },
  { id: "x: Enter on the focused post button", page: "x", box: "#x-editor", source: "x-button-key", send: focusAndPress("#x-post", "Enter") },
  { id: "x: Space on the focused post button", page: "x", box: "#x-editor", source: "x-button-key", send: focusAndPress("#x-post", " ") },
  { id: "x: Ctrl+Enter in the editor (keyCode 13)", page: "x", box: "#x-editor", source: "x-key", send: pressInBox("Control+Enter") },
  { id: "facebook: click 投稿", page: "facebook", box: "#fb-post", source: "fb-post-button", send: (p) => p.click("#fb-post-btn") },
  { id: "facebook: Enter on the focused 投稿 button", page: "facebook", box: "#fb-post", source: "fb-post-button-key", send: focusAndPress("#fb-post-btn", "Enter") },
  { id: "facebook comment: Enter", page: "facebook", box: "#fb-comment", source: "fb-comment-key", send: pressInBox("Enter") },
  { id: "facebook comment: click the icon-only コメントする", page: "facebook", box: "#fb-comment", source: "fb-comment-button", send: (p) => p.click("#fb-comment-send") },
  { id: "line: Enter", page: "line", box: "#line-input", source: "line-key", send: pressInBox("Enter") },
  { id: "line: click the unlabelled icon button", page: "line", box: "#line-input", source: "line-button", send: (p) => p.click("#line-send") },
  { id: "line: Space on the focused icon button", page: "line", box: "#line-input", source: "line-button", send: focusAndPress("#line-send", " ") },
  { id: "shadow form: click 回覧する (script calls requestSubmit)", page: "shadow", box: "#gw-body", source: "gw-form", send: (p) => p.click("#gw-submit") },
  { id: "shadow form: Enter in the subject (implicit submit)", page: "shadow", box: "#gw-body", source: "gw-form", send: focusAndPress("#gw-subject", "Enter") },
  { id: "shadow chat: Enter (adapter: enterSends)", page: "shadow", box: "#gw-chat-input", source: "gw-chat-key", send: pressInBox("Enter") },
  { id: "shadow chat: click 発信 (adapter: labels)", page: "shadow", box: "#gw-chat-input", source: "gw-chat-button", send: (p) => p.click("#gw-chat-send") },
];

/** IME key presses through the DevTools protocol (rawKeyDown: no character of its own). */
async function imeEnter(page, kind) {
  const cdp = await context.newCDPSession(page);
  try {
    const key = (code) => ({ type: "rawKeyDown", key: "Enter", code: "Enter", windowsVirtualKeyCode: code, nativeVirtualKeyCode: code });
    const up = { type: "keyUp", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
    await cdp.send("Input.imeSetComposition", { text: "です", selectionStart: 2, selectionEnd: 2 });
    if (kind === "composing") {
      // Chrome's order: the Enter that confirms the conversion arrives while composing.
      await cdp.send("Input.dispatchKeyEvent", key(13));
      await cdp.send("Input.dispatchKeyEvent", up);
      await cdp.send("Input.insertText", { text: "です" });
    } else if (kind === "229") {
      await cdp.send("Input.insertText", { text: "です" });
      await cdp.send("Input.dispatchKeyEvent", key(229));
      await cdp.send("Input.dispatchKeyEvent", up);
    } else {
      // Safari's order: compositionend first, then the confirming Enter's keydown (keyCode 13
      // here, the hardest case), right after it.
      await cdp.send("Input.insertText", { text: "です" });
      await cdp.send("Input.dispatchKeyEvent", key(13));
      await cdp.send("Input.dispatchKeyEvent", up);
    }
  } finally {
    await cdp.detach();
  }
}

/** Key presses that are not sends: nothing may be stopped, nothing may go out. */
const NOT_SENDS = [
  { id: "line: Enter confirming IME conversion (isComposing)", page: "line", box: "#line-input", act: (p) => imeEnter(p, "composing"), then: "line-key" },
  { id: "line: Enter with keyCode 229", page: "line", box: "#line-input", act: (p) => imeEnter(p, "229"), then: "line-key" },
  {
    id: "line: Enter just after compositionend (Safari order)", page: "line", box: "#line-input", then: "line-key",
    async act(p) {
      await imeEnter(p, "safari");
      // The order really was compositionend, then a keydown that is not composing, soon after.
      const log = await p.evaluate(() => window.__keyLog);
      const end = log.findLastIndex((e) => e.type === "compositionend");
      const down = log.findIndex((e) => e.type === "keydown" && e.key === "Enter" && e.trusted);
      assert.ok(end >= 0 && down > end, `compositionend before the Enter: ${JSON.stringify(log)}`);
      assert.equal(log[down].isComposing, false);
      assert.equal(log[down].keyCode, 13);
      assert.ok(log[down].t - log[end].t < 100, `the Enter came ${log[down].t - log[end].t} ms after compositionend`);
    },
  },
  { id: "facebook comment: Enter confirming IME conversion", page: "facebook", box: "#fb-comment", act: (p) => imeEnter(p, "composing"), then: "fb-comment-key" },
  { id: "facebook comment: Shift+Enter (new line)", page: "facebook", box: "#fb-comment", act: pressInBox("Shift+Enter"), then: "fb-comment-key" },
  { id: "line: Shift+Enter (new line)", page: "line", box: "#line-input", act: pressInBox("Shift+Enter"), then: "line-key" },
  { id: "x: Enter in the editor (new line)", page: "x", box: "#x-editor", act: pressInBox("Enter"), then: null },
  { id: "facebook: Enter in the post box (new line)", page: "facebook", box: "#fb-post", act: pressInBox("Enter"), then: null },
];

// ───────────────────────────── helpers ─────────────────────────────

async function openMock(name, width = 1280) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(`${server.origin}/composers/${name}.html`);
  await page.waitForFunction(() => typeof window.mockSend === "function");
  return page;
}

/** The text of a box (a textarea's value, else its rendered text), inside shadow roots too. */
const boxText = (page, box) => page.locator(box).evaluate((el) => (el instanceof HTMLTextAreaElement ? el.value : el.innerText));

async function typeInto(page, box, text) {
  await page.locator(box).click();
  await page.keyboard.insertText(text);
}

async function expectPanel(page, box, verdict) {
  const id = box.slice(1);
  await page.waitForSelector(`.hatsugen-panel[data-box="${id}"][data-verdict="${verdict}"]`, { timeout: TIMEOUT });
}

const sent = (page) => page.locator("#sent li").evaluateAll((lis) => lis.map((li) => ({ source: li.dataset.source, text: li.textContent })));

/** Waits until a dialog shows or a post goes out (or SETTLE_MS pass); returns what happened. */
async function settle(page, ms = SETTLE_MS) {
  await page
    .waitForFunction(() => document.querySelector(".hatsugen-modal") || document.querySelector("#sent li"), null, { timeout: ms })
    .catch(() => {});
  await page.waitForTimeout(150); // a post that would slip out after the dialog
  const modal = await page.evaluate(() => document.querySelector(".hatsugen-modal")?.dataset.verdict ?? null);
  return { modal, sent: await sent(page) };
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  // Screenshots of wrong outcomes are taken only when they happen: drop an earlier run's.
  for (const f of readdirSync(artifacts)) if (f.startsWith("composers-wrong-")) rmSync(join(artifacts, f));
  assert.ok(existsSync(join(extDir, "wasm/hatsugen_bg.wasm")), "build the WebAssembly first (bindings/js/scripts/build.sh)");
  assert.ok(existsSync(executablePath), `no browser at ${executablePath} (apt-get install chromium)`);
  server = await startServer();
  userDataDir = mkdtempSync(join(tmpdir(), "hatsugen-composers-"));
  ({ context, extensionId } = await launchWithExtension(userDataDir, extDir, {
    executablePath,
    viewport: { width: 1280, height: 800 },
    timeout: TIMEOUT,
  }));
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.waitForSelector("body[data-ready=true]", { timeout: TIMEOUT });
  await page.selectOption("#account", "personal");
  await page.selectOption("#status", "off");
  await page.fill("#sites", "http://127.0.0.1");
  if (await page.locator("#adapters").count()) await page.fill("#adapters", ADAPTERS);
  await page.click("#save");
  await page.waitForSelector('#save-status[data-state="ok"]', { timeout: TIMEOUT });
  await page.close();
});

after(async () => {
  if (outcomes.length) {
    const rows = outcomes.map((o) => `| ${o.path} | ${o.post} | ${o.ok ? "right" : "WRONG"} | ${o.what} |`);
    console.log(["", "| send path | post | outcome | what happened |", "|---|---|---|---|", ...rows].join("\n"));
    console.log(`right: ${outcomes.filter((o) => o.ok).length} of ${outcomes.length}`);
  }
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

function record(path, post, ok, what) {
  outcomes.push({ path, post, ok, what });
}

// ───────────────────────────── send paths ─────────────────────────────

describe("every send path stops a blocked post and delivers a benign one", () => {
  for (const path of SEND_PATHS) {
    test(`${path.id}: blocked post is stopped`, async () => {
      const page = await openMock(path.page);
      try {
        await typeInto(page, path.box, BLOCKED);
        const panel = await expectPanel(page, path.box, "block").then(() => true, () => false);
        await path.send(page);
        const r = await settle(page);
        const ok = panel && r.modal === "block" && r.sent.length === 0;
        record(path.id, "blocked", ok, `${panel ? "panel" : "NO PANEL"}, ${r.modal ? `${r.modal} dialog` : "no dialog"}, ${r.sent.length ? "SENT" : "not sent"}`);
        if (!ok) await shot(page, `wrong-${path.page}-${SEND_PATHS.indexOf(path)}-blocked`);
        assert.ok(panel, "the panel shows the block while typing");
        assert.equal(r.modal, "block", "the block dialog shows");
        assert.deepStrictEqual(r.sent, [], "nothing is sent");
        await page.keyboard.press("Escape");
        await page.waitForSelector(".hatsugen-modal", { state: "detached" });
        await page.waitForTimeout(200);
        assert.deepStrictEqual(await sent(page), [], "nothing is sent after closing the dialog");
        assert.match(await boxText(page, path.box), /内部資料/, "the text stays for editing");
      } finally {
        await page.close();
      }
    });

    test(`${path.id}: benign post is delivered`, async () => {
      const page = await openMock(path.page);
      try {
        await typeInto(page, path.box, BENIGN);
        const panel = await expectPanel(page, path.box, "allow").then(() => true, () => false);
        await path.send(page);
        const r = await settle(page);
        const ok = r.modal === null && r.sent.length === 1 && r.sent[0].text === BENIGN && r.sent[0].source === path.source;
        record(path.id, "benign", ok, `${panel ? "panel" : "NO PANEL"}, ${r.modal ? `${r.modal} dialog` : "no dialog"}, ${r.sent.length ? `sent by ${r.sent.map((s) => s.source)}` : "NOT SENT"}`);
        if (!ok) await shot(page, `wrong-${path.page}-${SEND_PATHS.indexOf(path)}-benign`);
        assert.ok(panel, "the panel shows while typing");
        assert.equal(r.modal, null, "no dialog");
        assert.deepStrictEqual(r.sent, [{ source: path.source, text: BENIGN }], "sent once, by the site's own handler");
      } finally {
        await page.close();
      }
    });
  }
});

// ───────────────────────────── keys that are not sends ─────────────────────────────

describe("keys that are not sends are left alone", () => {
  for (const path of NOT_SENDS) {
    for (const [post, text] of [["blocked", BLOCKED], ["benign", BENIGN]]) {
      test(`${path.id} (${post} post)`, async () => {
        const page = await openMock(path.page);
        try {
          await typeInto(page, path.box, text);
          await expectPanel(page, path.box, post === "blocked" ? "block" : "allow");
          const before = await boxText(page, path.box);
          await path.act(page);
          const r = await settle(page, 1000);
          const ok = r.modal === null && r.sent.length === 0;
          record(path.id, post, ok, `${r.modal ? `${r.modal} dialog` : "no dialog"}, ${r.sent.length ? "SENT" : "not sent"}`);
          assert.equal(r.modal, null, "no dialog for a key that does not send");
          assert.deepStrictEqual(r.sent, [], "nothing is sent");
          const after = await boxText(page, path.box);
          assert.ok(after.startsWith(before.trimEnd()), `the text is kept: ${JSON.stringify(after)}`);
          if (path.id.includes("new line") || path.id.includes("Shift+Enter")) {
            assert.ok(after.split("\n").length > before.trimEnd().split("\n").length, `a new line is added: ${JSON.stringify(after)}`);
          }
          if (!path.then) return;
          // The next plain Enter is a send again.
          await page.locator(path.box).focus();
          await page.keyboard.press("Enter");
          const next = await settle(page);
          if (post === "blocked") {
            assert.equal(next.modal, "block");
            assert.deepStrictEqual(next.sent, []);
          } else {
            assert.equal(next.modal, null);
            assert.equal(next.sent.length, 1);
            assert.equal(next.sent[0].source, path.then);
          }
        } finally {
          await page.close();
        }
      });
    }
  }
});

// ───────────────────────────── while typing ─────────────────────────────

describe("the panel appears while typing in editor-managed boxes", () => {
  test("Draft.js-style and Lexical-style editors fire no input event, yet the panel shows", async () => {
    for (const [name, box] of [["x", "#x-editor"], ["facebook", "#fb-post"]]) {
      const page = await openMock(name);
      await typeInto(page, box, BLOCKED);
      await expectPanel(page, box, "block");
      const inputs = await page.evaluate(() => window.__inputEvents);
      assert.equal(inputs[box.slice(1)] ?? 0, 0, `${name}: the mock fired no input event`);
      await page.close();
    }
  });

  test("a paste the editor handles itself shows the panel", async () => {
    const page = await openMock("x");
    await page.locator("#x-editor").click();
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      document.getElementById("x-editor").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
    }, BLOCKED);
    assert.equal(await boxText(page, "#x-editor"), BLOCKED);
    await expectPanel(page, "#x-editor", "block");
    await page.close();
  });

  test("text set by the page's script in a textarea (no event at all) is checked", async () => {
    const page = await openMock("line");
    await page.locator("#line-input").focus();
    await page.evaluate((text) => (document.getElementById("line-input").value = text), BLOCKED);
    await expectPanel(page, "#line-input", "block");
    await page.close();
  });
});

// ───────────────────────────── placement ─────────────────────────────

/** Every control on the page (document and open shadow roots) and how the panel sits. */
function layout() {
  const CONTROLS = 'button, [role="button"], a[href], input, textarea, select, [contenteditable="true"]';
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.matches(CONTROLS) && !el.closest(".hatsugen-ui")) all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const panel = document.querySelector(".hatsugen-panel");
  const p = panel.getBoundingClientRect();
  const overlaps = [];
  const blocked = [];
  for (const el of all) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (p.left < r.right && r.left < p.right && p.top < r.bottom && r.top < p.bottom) overlaps.push(el.id || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 12) || el.tagName);
    // What a click at the control's centre would hit.
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    let hit = document.elementFromPoint(x, y);
    while (hit?.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    if (hit && hit.closest(".hatsugen-ui")) blocked.push(el.id || el.tagName);
  }
  return {
    overlaps,
    blocked,
    inside: p.left >= 0 && p.top >= 0 && p.right <= innerWidth && p.bottom <= innerHeight,
    collapsed: panel.dataset.collapsed,
    size: [Math.round(p.width), Math.round(p.height)],
  };
}

describe("the panel never covers the page's controls", () => {
  const BOXES = [["x", "#x-editor"], ["facebook", "#fb-comment"], ["line", "#line-input"], ["shadow", "#gw-body"]];
  for (const width of [1280, 1000, 700, 400]) {
    for (const [name, box] of BOXES) {
      test(`${name} at ${width} px`, async () => {
        const page = await openMock(name, width);
        try {
          await typeInto(page, box, BLOCKED);
          await expectPanel(page, box, "block");
          await page.waitForTimeout(100);
          const l = await page.evaluate(layout);
          await shot(page, `${name}-${width}`);
          assert.deepStrictEqual(l.overlaps, [], `the panel (${l.collapsed === "true" ? "badge" : "open"}, ${l.size}) overlaps no control`);
          assert.deepStrictEqual(l.blocked, [], "every control can still be clicked");
          assert.ok(l.inside, "the panel is inside the viewport");
          if (width >= 1000) assert.equal(l.collapsed, "false", "open when there is room");
        } finally {
          await page.close();
        }
      });
    }
  }

  test("the panel collapses and opens from the keyboard (Alt+Shift+K, then Enter)", async () => {
    const page = await openMock("x", 1280);
    await typeInto(page, "#x-editor", BLOCKED);
    await expectPanel(page, "#x-editor", "block");
    const panel = page.locator(".hatsugen-panel");
    assert.equal(await panel.getAttribute("data-collapsed"), "false");
    await page.keyboard.press("Alt+Shift+K");
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains("hatsugen-toggle")), "the panel's button has the focus");
    await page.keyboard.press("Enter");
    assert.equal(await panel.getAttribute("data-collapsed"), "true");
    assert.equal(await page.locator(".hatsugen-toggle").getAttribute("aria-expanded"), "false");
    await shot(page, "x-collapsed");
    await page.keyboard.press("Enter");
    assert.equal(await panel.getAttribute("data-collapsed"), "false");
    await page.keyboard.press("Alt+Shift+K");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "x-editor", "and back to the editor");
    // Typing goes on in the editor and the post is still stopped.
    await page.keyboard.press("Control+Enter");
    const r = await settle(page);
    assert.equal(r.modal, "block");
    assert.deepStrictEqual(r.sent, []);
    await page.close();
  });
});

describe("site adapters in the options page", () => {
  test("an adapter with a broken selector is shown and not saved; the saved one stays", async () => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.waitForSelector("body[data-ready=true]", { timeout: TIMEOUT });
    assert.deepStrictEqual(JSON.parse(await page.inputValue("#adapters")), JSON.parse(ADAPTERS));
    await page.fill("#adapters", '[{"id": "gw", "hosts": ["127.0.0.1"], "send": ["##"]}]');
    await page.click("#save");
    await page.waitForSelector('#save-status[data-state="error"]', { timeout: TIMEOUT });
    assert.match(await page.locator("#adapters-result").innerText(), /`##`/);
    await shot(page, "options-adapter-error");
    await page.reload();
    await page.waitForSelector("body[data-ready=true]", { timeout: TIMEOUT });
    assert.deepStrictEqual(JSON.parse(await page.inputValue("#adapters")), JSON.parse(ADAPTERS));
    await page.close();
  });
});
