// End-to-end test of the sample extension in Debian's Chromium, headless, with the
// extension's development build (dev-build.mjs: the shipped files, plus grants for
// 127.0.0.1 and localhost) loaded unpacked. Pages are served on 127.0.0.1: one ordinary, one with
// `Content-Security-Policy: default-src 'self'`, each with a textarea and a contenteditable
// composer. Screenshots go to ../test-artifacts/.
//
// CHROMIUM=/path overrides the browser (default /usr/bin/chromium).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";


import { makeDevBuild } from "./dev-build.mjs";
import { launchWithExtension } from "./launch.mjs";
import { startServer } from "./server.mjs";

const srcDir = fileURLToPath(new URL("..", import.meta.url));
const artifacts = join(srcDir, "test-artifacts");
let extDir;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

const BLOCKED = "ここだけの話、内部資料を見せます";
const BENIGN = "今日は良い天気ですね";
const WARN = "拡散希望！地震が来るらしい";
const EMBARGO_POLICY = `extends = "builtin:jp-local-gov"
id = "test-city"
version = "2026.1"

[[embargo]]
id = "new-library"
terms = ["新図書館構想"]
lift = "2099-01-01T00:00:00+09:00"
`;
const BROKEN_POLICY = `extends = "builtin:jp-local-gov"
id = "test-city"
version = "2026.1"

[[embargo]]
id = "new-library"
terms = ["新図書館構想"]
lift = "someday"
`;
const TIMEOUT = 15_000;

let server;
let context;
let extensionId;
let userDataDir;

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Opens the options page, applies `change(page)`, saves, and waits for 保存しました. */
async function saveOptions(change, name) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.waitForSelector("body[data-ready=true]", { timeout: TIMEOUT });
  await change(page);
  await page.click("#save");
  await page.waitForSelector('#save-status[data-state="ok"]', { timeout: TIMEOUT });
  if (name) await shot(page, name);
  await page.close();
}

const panel = (page, box) => page.locator(`.hatsugen-panel[data-box="${box}"]`);
const sentItems = (page) => page.locator("#sent li");

async function typeInto(page, box, text) {
  const loc = page.locator(`#${box}`);
  await loc.click();
  if (box === "ta") await loc.fill("");
  else await page.evaluate(() => (document.getElementById("ce").textContent = ""));
  await page.keyboard.insertText(text);
}

async function expectVerdict(page, box, verdict) {
  await page.waitForSelector(`.hatsugen-panel[data-box="${box}"][data-verdict="${verdict}"]`, { timeout: TIMEOUT });
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  assert.ok(existsSync(join(srcDir, "wasm/hatsugen_bg.wasm")), "build the WebAssembly first (bindings/js/scripts/build.sh)");
  extDir = makeDevBuild(join(artifacts, "dev-extension"));
  assert.ok(existsSync(executablePath), `no browser at ${executablePath} (apt-get install chromium)`);
  server = await startServer();
  userDataDir = mkdtempSync(join(tmpdir(), "hatsugen-e2e-"));
  ({ context, extensionId } = await launchWithExtension(userDataDir, extDir, {
    executablePath,
    viewport: { width: 1000, height: 900 },
    timeout: TIMEOUT,
  }));
  await saveOptions(async (page) => {
    await page.selectOption("#account", "personal");
    await page.selectOption("#device", "personal");
    await page.selectOption("#status", "off");
    await page.fill("#sites", "http://127.0.0.1");
  }, "options-sites");
});

after(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

for (const kind of ["plain", "strict"]) {
  describe(`${kind} page`, () => {
    let page;
    before(async () => {
      page = await context.newPage();
      await page.goto(`${server.origin}/${kind}`);
      await page.waitForFunction(() => document.getElementById("wasm-status").textContent !== "…");
    });
    after(() => page?.close());

    test("the page's own CSP allows or forbids WebAssembly as intended", async () => {
      const status = await page.textContent("#wasm-status");
      assert.equal(status, kind === "strict" ? "blocked" : "allowed");
    });

    test("textarea: a blocked post shows the warning and sending is stopped", async () => {
      await typeInto(page, "ta", BLOCKED);
      await expectVerdict(page, "ta", "block");
      const text = await panel(page, "ta").innerText();
      assert.match(text, /職務上の秘密/);
      assert.match(text, /根拠/);
      assert.match(text, /対処/);
      assert.deepStrictEqual(await panel(page, "ta").locator("mark").allInnerTexts(), ["ここだけの話", "内部資料"]);
      await shot(page, `${kind}-textarea-block-panel`);

      await page.click("#send-ta");
      await page.waitForSelector('.hatsugen-modal[data-verdict="block"]', { timeout: TIMEOUT });
      assert.match(await page.locator(".hatsugen-modal").innerText(), /送信を止めました/);
      await shot(page, `${kind}-textarea-block-send`);
      await page.click(".hatsugen-close");
      assert.equal(await sentItems(page).count(), 0);

      await page.locator("#ta").press("Control+Enter");
      await page.waitForSelector('.hatsugen-modal[data-verdict="block"]', { timeout: TIMEOUT });
      await page.keyboard.press("Escape");
      await page.waitForSelector(".hatsugen-modal", { state: "detached" });
      assert.equal(await sentItems(page).count(), 0);
      assert.equal(await page.inputValue("#ta"), BLOCKED);
    });

    test("textarea: a benign post sends (button and Ctrl+Enter)", async () => {
      await typeInto(page, "ta", BENIGN);
      await expectVerdict(page, "ta", "allow");
      await page.click("#send-ta");
      await page.waitForFunction((t) => [...document.querySelectorAll("#sent li")].some((li) => li.textContent === t), BENIGN, { timeout: TIMEOUT });
      await typeInto(page, "ta", BENIGN + "！");
      await page.locator("#ta").press("Control+Enter");
      await page.waitForSelector('#sent li[data-source="textarea-key"]', { timeout: TIMEOUT });
      assert.deepStrictEqual(await sentItems(page).allInnerTexts(), [BENIGN, BENIGN + "！"]);
      await shot(page, `${kind}-textarea-allow-sent`);
    });

    test("textarea: a warn post asks for confirmation", async () => {
      await typeInto(page, "ta", WARN);
      await expectVerdict(page, "ta", "warn");
      await page.click("#send-ta");
      await page.waitForSelector('.hatsugen-modal[data-verdict="warn"]', { timeout: TIMEOUT });
      assert.match(await page.locator(".hatsugen-modal").innerText(), /送信しますか/);
      await shot(page, `${kind}-textarea-warn-confirm`);
      await page.click(".hatsugen-cancel");
      assert.equal(await sentItems(page).count(), 2);
      await page.click("#send-ta");
      await page.waitForSelector('.hatsugen-modal[data-verdict="warn"]', { timeout: TIMEOUT });
      await page.click(".hatsugen-confirm");
      await page.waitForFunction((t) => [...document.querySelectorAll("#sent li")].some((li) => li.textContent === t), WARN, { timeout: TIMEOUT });
    });

    test("contenteditable: blocked post is highlighted in place and not sent; benign post sends", async () => {
      const before = await sentItems(page).count();
      await typeInto(page, "ce", BLOCKED);
      await expectVerdict(page, "ce", "block");
      assert.match(await panel(page, "ce").innerText(), /職務上の秘密/);
      await shot(page, `${kind}-contenteditable-block-panel`);
      await page.click("#send-ce");
      await page.waitForSelector('.hatsugen-modal[data-verdict="block"]', { timeout: TIMEOUT });
      await shot(page, `${kind}-contenteditable-block-send`);
      await page.click(".hatsugen-close");
      assert.equal(await sentItems(page).count(), before);

      await typeInto(page, "ce", BENIGN);
      await expectVerdict(page, "ce", "allow");
      await page.click("#send-ce");
      await page.waitForSelector('#sent li[data-source="contenteditable"]', { timeout: TIMEOUT });
      assert.equal(await page.locator('#sent li[data-source="contenteditable"]').innerText(), BENIGN);
    });
  });
}

describe("options", () => {
  test("an invalid policy shows its line and column and is not saved", async () => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.waitForSelector("body[data-ready=true]", { timeout: TIMEOUT });
    await page.fill("#policy", BROKEN_POLICY);
    await page.click("#validate");
    await page.waitForSelector('#policy-result[data-state="error"]', { timeout: TIMEOUT });
    const result = await page.locator("#policy-result").innerText();
    assert.match(result, /8行\d+列/);
    assert.match(result, /line 8, column \d+/);
    assert.match(result, /someday/);
    await shot(page, "options-policy-error");
    await page.click("#save");
    await page.waitForSelector('#save-status[data-state="error"]', { timeout: TIMEOUT });
    await page.close();
  });

  test("a saved city policy takes effect: an embargoed project name blocks", async () => {
    await saveOptions(async (page) => {
      // Loaded from a file this time (the previous test pasted one).
      await page.setInputFiles("#policy-file", { name: "test-city.toml", mimeType: "text/plain", buffer: Buffer.from(EMBARGO_POLICY) });
      await page.waitForSelector('#policy-result[data-state="ok"]', { timeout: TIMEOUT });
      assert.equal(await page.inputValue("#policy"), EMBARGO_POLICY);
      assert.match(await page.locator("#policy-result").innerText(), /test-city 2026\.1/);
    }, "options-policy-saved");
    const page = await context.newPage();
    await page.goto(`${server.origin}/strict`);
    await typeInto(page, "ta", "来月、新図書館構想について説明します");
    await expectVerdict(page, "ta", "block");
    const text = await panel(page, "ta").innerText();
    assert.match(text, /test-city 2026\.1/);
    assert.match(text, /2099/);
    assert.deepStrictEqual(await panel(page, "ta").locator("mark").allInnerTexts(), ["新図書館構想"]);
    await page.click("#send-ta");
    await page.waitForSelector('.hatsugen-modal[data-verdict="block"]', { timeout: TIMEOUT });
    assert.match(await page.locator(".hatsugen-modal").innerText(), /送信できるようになる時刻.*2099/);
    await shot(page, "strict-embargo-block");
    await page.click(".hatsugen-close");
    assert.equal(await sentItems(page).count(), 0);
    await page.close();
  });

  test("settings take effect: a staff-identified account without a disclaimer must confirm", async () => {
    await saveOptions(async (page) => {
      await page.fill("#policy", "");
      await page.selectOption("#account", "staff_identified");
      await page.fill("#profile", "");
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}/plain`);
    await typeInto(page, "ta", BENIGN);
    await expectVerdict(page, "ta", "warn");
    assert.match(await panel(page, "ta").innerText(), /disclaimer|見解|免責|所属/i);
    await page.click("#send-ta");
    await page.waitForSelector('.hatsugen-modal[data-verdict="warn"]', { timeout: TIMEOUT });
    await shot(page, "plain-disclaimer-confirm");
    await page.click(".hatsugen-confirm");
    await page.waitForSelector("#sent li", { timeout: TIMEOUT });
    assert.equal(await sentItems(page).innerText(), BENIGN);
    await page.close();

    // The options page shows what was stored.
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.waitForSelector("body[data-ready=true]", { timeout: TIMEOUT });
    assert.equal(await options.inputValue("#account"), "staff_identified");
    assert.equal(await options.inputValue("#status"), "off");
    assert.equal(await options.inputValue("#device"), "personal");
    assert.equal(await options.inputValue("#sites"), "http://127.0.0.1/*");
    assert.equal(await options.inputValue("#hours-start"), "08:30");
    assert.equal(await options.inputValue("#policy"), "");
    await options.close();
  });
});
