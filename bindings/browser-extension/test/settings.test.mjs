// The pure parts of settings.js: the context built from the settings (checked against the
// real checker's context validation) and the site patterns.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";

import { DEFAULT_SETTINGS, platformOf, toContext, toMatchPattern } from "../settings.js";

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
  assert.equal(toContext(DEFAULT_SETTINGS, { withSchedule: false }).schedule, undefined);
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

test("replies, attachments and photo metadata reach the context only where the core reads them", () => {
  const settings = structuredClone(DEFAULT_SETTINGS);
  const exif = { gps: [35.681236, 139.767125], taken_at: "2026-05-01T14:30:05+09:00", device_model: "Google Pixel 8" };
  const opts = {
    time: new Date("2026-06-06T01:00:00Z"),
    action: "reply",
    replyTo: "山田太郎です。みなと市の未来のために",
    replyToAuthor: " 山田太郎 ",
    attachments: [{ kind: "image", name: "a.jpg", exif }, { kind: "bogus" }, { kind: "video", name: "v.mp4", exif: {} }],
  };
  const older = toContext(settings, { ...opts, support: {} });
  assert.equal(older.reply_to, undefined);
  assert.deepStrictEqual(older.attachments, [{ kind: "image", name: "a.jpg" }, { kind: "video", name: "v.mp4" }]);
  // The checker this extension is built with takes what the worker sends it.
  const c = new Checker();
  const probe = (ctx) => {
    try {
      c.check("", ctx);
      return true;
    } catch (e) {
      assert.equal(e.code, "INVALID_CONTEXT");
      return false;
    }
  };
  assert.equal(probe(older), true);
  const newer = toContext(settings, { ...opts, support: { replyTo: true, exif: true } });
  assert.equal(newer.reply_to, opts.replyTo);
  assert.equal(newer.reply_to_author, "山田太郎");
  assert.deepStrictEqual(newer.attachments, [{ kind: "image", name: "a.jpg", exif }, { kind: "video", name: "v.mp4" }]);
  assert.notEqual(newer.attachments[0].exif, exif, "a copy");
  // Not a reply: no reply_to, whatever is passed.
  assert.equal(toContext(settings, { ...opts, action: "like", support: { replyTo: true } }).reply_to, undefined);
  // What the worker probes for: with a core that reads the fields, the full context is valid.
  if (probe({ action: "reply", reply_to: "x" }) && probe({ attachments: [{ kind: "image", exif }] })) assert.equal(probe(newer), true);
});
