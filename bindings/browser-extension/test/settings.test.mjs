// The pure parts of settings.js: the context built from the settings (checked against the
// real checker's context validation) and the site patterns.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";

import { DEFAULT_SETTINGS, afterStripping, platformOf, toContext, toMatchPattern } from "../settings.js";

const require = createRequire(import.meta.url);
const { Checker } = require("../../js/dist/node/hatsugen.cjs");

test("the default settings make a context the checker accepts", () => {
  const ctx = toContext(structuredClone(DEFAULT_SETTINGS), { time: new Date("2026-06-01T01:00:00Z"), hostname: "x.com" });
  assert.deepStrictEqual(ctx, {
    time: "2026-06-01T01:00:00.000Z",
    device: "personal",
    account: "personal",
    role: "staff",
    status: "off",
    audience: "public",
    platform: "x",
    schedule: DEFAULT_SETTINGS.schedule,
  });
  const report = new Checker().check("今日は良い天気ですね", ctx);
  assert.equal(report.verdict, "allow");
  assert.deepStrictEqual(report.skipped, []);
});

test("status and schedule reach the timing rules", () => {
  const settings = { ...structuredClone(DEFAULT_SETTINGS), status: "working" };
  // Monday 2026-06-01 10:00 JST: working time by the default schedule.
  const ctx = toContext(settings, { time: new Date("2026-06-01T01:00:00Z"), hostname: "127.0.0.1" });
  const report = new Checker().check("今日は良い天気ですね", ctx);
  assert.equal(report.verdict, "block");
  assert.equal(report.next_allowed_at, "2026-06-01T12:00:00+09:00");
  // A schedule that starts at 11:00 allows 10:00.
  settings.schedule = { ...settings.schedule, hours: [{ start: "11:00", end: "19:00" }] };
  assert.equal(new Checker().check("今日は良い天気ですね", toContext(settings, { time: new Date("2026-06-01T01:00:00Z") })).verdict, "allow");
});

test("duties, emergencies and the action reach the core", () => {
  const settings = { ...structuredClone(DEFAULT_SETTINGS), duty: ["police", " ", "police"], emergencyLevel: "evacuation", emergencyArea: " 市内全域 " };
  const ctx = toContext(settings, { time: new Date("2027-03-11T05:50:00Z"), action: "like" });
  assert.deepStrictEqual(ctx.duty, ["police"]);
  assert.deepStrictEqual(ctx.emergency, { level: "evacuation", area: "市内全域" });
  assert.equal(ctx.action, "like");
  assert.equal(toContext(settings, { action: "bogus" }).action, undefined);
  // 14:50 JST on 3/11 during an evacuation order: both the sensitive day and the emergency.
  const report = new Checker().check("今夜は飲み会!最高🎉", ctx);
  const rules = report.findings.map((f) => f.rule).sort();
  assert.deepStrictEqual(rules, ["emergency.leisure", "sensitive_day.frivolous"]);
  assert.match(report.findings.find((f) => f.rule === "sensitive_day.frivolous").message.ja, /この「いいね」/);
});

test("profile and empty values", () => {
  const ctx = toContext({ ...structuredClone(DEFAULT_SETTINGS), profile: "市職員です。発言は個人の見解です。", role: "" });
  assert.equal(ctx.profile, "市職員です。発言は個人の見解です。");
  assert.equal("role" in ctx, false);
  assert.equal(toContext({ ...structuredClone(DEFAULT_SETTINGS), schedule: null }).schedule, undefined);
});

test("platforms", () => {
  assert.equal(platformOf("x.com"), "x");
  assert.equal(platformOf("mobile.twitter.com"), "x");
  assert.equal(platformOf("www.facebook.com"), "facebook");
  assert.equal(platformOf("www.instagram.com"), "instagram");
  assert.equal(platformOf("timeline.line.me"), "line");
  assert.equal(platformOf("groupware.example.lg.jp"), "groupware.example.lg.jp");
});

test("site patterns", () => {
  assert.equal(toMatchPattern("http://127.0.0.1"), "http://127.0.0.1/*");
  assert.equal(toMatchPattern("http://127.0.0.1:8080/compose"), "http://127.0.0.1/*");
  assert.equal(toMatchPattern("example.jp"), "https://example.jp/*");
  assert.equal(toMatchPattern("https://*.example.jp/*"), "https://*.example.jp/*");
  assert.equal(toMatchPattern("http://localhost:3000/*"), "http://localhost/*");
  assert.equal(toMatchPattern("ftp://example.jp"), null);
  assert.equal(toMatchPattern("  "), null);
});

test("a reply carries the post answered to the replies rules; a like or a quote does not", () => {
  const settings = structuredClone(DEFAULT_SETTINGS);
  const opts = {
    time: new Date("2026-06-06T01:00:00Z"),
    action: "reply",
    replyTo: "市の対応が遅すぎ。ちゃんと説明しろ",
    replyToAuthor: "市民 @shimin",
  };
  const ctx = toContext(settings, opts);
  assert.equal(ctx.action, "reply");
  assert.equal(ctx.reply_to, opts.replyTo);
  // A name is not what the core's reply_to_author takes (citizen, media, unknown).
  assert.equal("reply_to_author" in ctx, false);
  const c = new Checker();
  const heated = c.check("文句があるなら自分でやってみろ", ctx);
  assert.deepStrictEqual(heated.findings.map((f) => f.rule), ["defamation.heated_reply"]);
  assert.match(heated.findings[0].message.ja, /相手/);
  assert.equal(c.check("ご意見ありがとうございます。担当課で確認します", ctx).verdict, "allow");
  // The same words as a post of their own answer nothing.
  assert.equal(c.check("文句があるなら自分でやってみろ", toContext(settings, { ...opts, action: "post" })).verdict, "allow");
  for (const action of ["like", "quote", "post"]) assert.equal(toContext(settings, { ...opts, action }).reply_to, undefined, action);
  assert.equal(toContext(settings, { ...opts, replyTo: "  " }).reply_to, undefined);
});

test("attachments and their photo metadata reach the context and the photo rules", () => {
  const settings = structuredClone(DEFAULT_SETTINGS);
  const exif = { gps: [35.681236, 139.767125], taken_at: "2026-05-01T14:30:05+09:00", device_model: "Google Pixel 8" };
  const attachments = [{ kind: "image", name: "a.jpg", exif }, { kind: "bogus" }, { kind: "video", name: "v.mp4", exif: {} }];
  const ctx = toContext(settings, { time: new Date("2026-06-06T01:00:00Z"), attachments });
  assert.deepStrictEqual(ctx.attachments, [{ kind: "image", name: "a.jpg", exif }, { kind: "video", name: "v.mp4" }]);
  assert.notEqual(ctx.attachments[0].exif, exif, "a copy");
  // Taken on a Friday at 14:30 (working time by the default schedule), with GPS.
  const report = new Checker().check("今日の一枚", ctx);
  assert.equal(report.verdict, "warn");
  assert.deepStrictEqual(report.findings.map((f) => [f.rule, f.attachment]), [["personal_data.photo_location", 0], ["work_hours.photo_taken", 0]]);
  assert.deepStrictEqual(report.findings[0].fix, { safe: true, edits: [], attachments: [{ attachment: 0, kind: "strip_metadata" }] });
});

test("a stripped photo: what the core's fix reports once it has stripped it", () => {
  const c = new Checker(`extends = "builtin:jp-local-gov"
id = "photo-city"
version = "1"

[[place]]
id = "shelter"
name = "保護施設"
lat = 35.6400
lon = 139.8900
radius_m = 80
kind = "protected"
`);
  const settings = structuredClone(DEFAULT_SETTINGS);
  const time = new Date("2026-06-06T01:00:00Z");
  const at = (gps, taken_at = "2026-05-02T10:00:00+09:00") => ({ kind: "image", name: "p.jpg", exif: { gps, taken_at } });
  const cases = [
    // GPS only (a Saturday): stripped, nothing is left.
    [at([35.0, 139.0])],
    // Taken during working time: stripping resolves the location, not the time.
    [at([35.0, 139.0], "2026-05-01T14:30:05+09:00")],
    // Inside a protected place: still blocks (the picture may show the place).
    [at([35.64, 139.89])],
    // Two photos.
    [at([35.0, 139.0]), at([36.0, 140.0], "2026-05-01T14:30:05+09:00")],
  ];
  for (const attachments of cases) {
    const ctx = toContext(settings, { time, attachments });
    const report = c.check("今日の一枚", ctx);
    const all = new Set(attachments.map((_, i) => i));
    const fixed = c.fix("今日の一枚", ctx, ["personal_data.photo_location"]);
    assert.deepStrictEqual(fixed.attachments.map((a) => a.attachment), [...all]);
    assert.deepStrictEqual(afterStripping(report, all), fixed.report, JSON.stringify(attachments));
    assert.equal(afterStripping(report, new Set()), report);
  }
  // One of two stripped: the other's location still warns.
  const ctx = toContext(settings, { time, attachments: cases[3] });
  const one = afterStripping(c.check("今日の一枚", ctx), new Set([0]));
  assert.deepStrictEqual(one.findings.map((f) => [f.rule, f.attachment]), [["personal_data.photo_location", 1], ["work_hours.photo_taken", 1]]);
  assert.equal(one.verdict, "warn");
  const shelter = afterStripping(c.check("今日の一枚", toContext(settings, { time, attachments: cases[2] })), new Set([0]));
  assert.deepStrictEqual(shelter.findings.map((f) => f.rule), ["personal_data.protected_place"]);
  assert.equal(shelter.verdict, "block");
  assert.deepStrictEqual(afterStripping(c.check("今日の一枚", toContext(settings, { time, attachments: cases[0] })), new Set([0])).verdict, "allow");
});
