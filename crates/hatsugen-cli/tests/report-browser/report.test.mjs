// The audit report page in Debian's Chromium, headless: it loads with no console error and
// no network request, both charts are drawn, and the filters show exactly the posts the JSON
// report lists for a category, an author, a verdict. run.sh writes the reports first.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";

import { chromium } from "playwright-core";

const dir = process.env.REPORT_DIR;
const artifacts = process.env.ARTIFACTS ?? tmpdir();
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const data = JSON.parse(readFileSync(join(dir, "full.json"), "utf8"));
const listed = data.flagged_posts.posts;

let browser;
let userDataDir;

before(async () => {
  userDataDir = mkdtempSync(join(tmpdir(), "hatsugen-report-chromium-"));
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** Opens a report, recording console errors, page errors and every request. */
async function open(name) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  const url = pathToFileURL(join(dir, name)).href;
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
  return { page, errors, requests: () => requests.filter((u) => u !== url) };
}

const visible = (page) => page.$$eval("article.post", (as) => as.filter((a) => !a.hidden).length);

test("loads with no console error and no request, charts drawn", async () => {
  const { page, errors, requests } = await open("full.html");
  assert.deepEqual(errors, []);
  assert.deepEqual(requests(), [], "a self-contained page asks for nothing");
  // The heatmap: 7 × 24 cells and five outlined working days; the chart over time: bars.
  const heat = await page.$$eval("#chart-heatmap svg rect", (r) => r.length);
  assert.ok(heat >= 168, `heatmap cells: ${heat}`);
  const outlines = await page.$$eval("#chart-heatmap svg polyline[stroke-width='3']", (p) => p.length);
  assert.equal(outlines, 5);
  const box = await page.$eval("#chart-heatmap svg", (s) => s.getBoundingClientRect().width);
  assert.ok(box > 400, `heatmap is laid out (${box}px)`);
  const bars = await page.$$eval("#chart-time svg rect", (r) => r.length);
  assert.ok(bars > 2, `time chart bars: ${bars}`);
  assert.equal(await page.textContent('[data-total="block"] b'), String(data.totals.block));
  assert.equal(await visible(page), listed.length);
  assert.equal(await page.$("#cap-note"), null, "nothing capped");
  await page.screenshot({ path: join(artifacts, "audit-report.png"), fullPage: true });
  await page.close();
});

test("filters by category, author and verdict", async () => {
  const { page, errors } = await open("full.html");
  const expect = (pred) => listed.filter(pred).length;
  await page.selectOption("#f-category", "defamation");
  const defamation = expect((p) => p.findings.some((f) => f.category === "defamation"));
  assert.ok(defamation > 0);
  assert.equal(await visible(page), defamation);
  assert.equal(await page.textContent("#f-shown"), String(defamation));
  await page.selectOption("#f-author", "yamada");
  assert.equal(await visible(page), expect((p) => p.author === "yamada" && p.findings.some((f) => f.category === "defamation")));
  await page.selectOption("#f-category", "");
  assert.equal(await visible(page), expect((p) => p.author === "yamada"));
  await page.selectOption("#f-author", "");
  await page.selectOption("#f-verdict", "warn");
  assert.equal(await visible(page), expect((p) => p.verdict === "warn"));
  // A highlighted span is there, in the post's own text.
  await page.selectOption("#f-verdict", "block");
  const marks = await page.$$eval("article.post:not([hidden]) mark.block", (m) => m.map((x) => x.textContent));
  assert.ok(marks.includes("ここだけの話"), JSON.stringify(marks));
  await page.screenshot({ path: join(artifacts, "audit-report-filtered.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a capped list says so", async () => {
  const { page, errors, requests } = await open("capped.html");
  assert.deepEqual(errors, []);
  assert.deepEqual(requests(), []);
  assert.equal(await visible(page), 3);
  const note = await page.textContent("#cap-note");
  assert.match(note, /Showing 3 of 10 flagged posts/);
  await page.close();
});
