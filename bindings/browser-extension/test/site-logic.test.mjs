// Unit tests of site-logic.js: which keys send (IME composition above all), which buttons
// send, the site adapters, and where the panel may go.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";

const require = createRequire(import.meta.url);
const logic = require("../site-logic.js");
const { keyIntent, activatesButton, adapterFor, parseAdapters, isSendLabel, isSendHint, enterSendsByLabel, placePanel, placeBadge, intersects, IME_GRACE_MS } = logic;

const enter = (more = {}) => ({ key: "Enter", keyCode: 13, isComposing: false, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...more });

describe("keyIntent", () => {
  // [what, event, state, expected]
  const table = [
    ["plain Enter where Enter sends", enter(), { enterSends: true }, "send"],
    ["plain Enter where Enter is a new line", enter(), { enterSends: false }, "newline"],
    ["Shift+Enter where Enter sends", enter({ shiftKey: true }), { enterSends: true }, "newline"],
    ["Alt+Enter where Enter sends", enter({ altKey: true }), { enterSends: true }, "newline"],
    ["Ctrl+Enter anywhere", enter({ ctrlKey: true }), { enterSends: false }, "send"],
    ["Cmd+Enter anywhere", enter({ metaKey: true }), { enterSends: false }, "send"],
    ["Ctrl+Alt+Enter", enter({ ctrlKey: true, altKey: true }), { enterSends: true }, "newline"],
    ["Enter during composition (isComposing)", enter({ isComposing: true }), { enterSends: true }, "ime"],
    ["Ctrl+Enter during composition", enter({ isComposing: true, ctrlKey: true }), { enterSends: true }, "ime"],
    ["Enter with keyCode 229 (IME took it)", enter({ keyCode: 229 }), { enterSends: true }, "ime"],
    ["key Process, keyCode 229", { key: "Process", keyCode: 229, isComposing: false }, { enterSends: true }, "ime"],
    ["Enter while a composition is tracked", enter(), { enterSends: true, composing: true }, "ime"],
    ["Enter right after compositionend (Safari order)", enter(), { enterSends: true, compositionEndedAt: 1000, now: 1000 + IME_GRACE_MS - 1 }, "ime"],
    ["Enter at the end of the grace period", enter(), { enterSends: true, compositionEndedAt: 1000, now: 1000 + IME_GRACE_MS }, "send"],
    ["Enter long after compositionend", enter(), { enterSends: true, compositionEndedAt: 1000, now: 5000 }, "send"],
    ["a letter", { key: "a", keyCode: 65 }, { enterSends: true }, "none"],
    ["Space", { key: " ", keyCode: 32 }, { enterSends: true }, "none"],
  ];
  for (const [what, ev, state, want] of table) {
    test(what, () => assert.equal(keyIntent(ev, state), want));
  }
  test("no state: Enter is a new line, Ctrl+Enter sends", () => {
    assert.equal(keyIntent(enter()), "newline");
    assert.equal(keyIntent(enter({ ctrlKey: true })), "send");
  });
});

describe("activatesButton", () => {
  test("Enter and Space activate; modifiers and IME do not; other keys do not", () => {
    assert.equal(activatesButton({ key: "Enter", keyCode: 13 }), true);
    assert.equal(activatesButton({ key: " ", keyCode: 32 }), true);
    assert.equal(activatesButton({ key: "Spacebar", keyCode: 32 }), true);
    assert.equal(activatesButton({ key: "Enter", keyCode: 13, shiftKey: true }), false);
    assert.equal(activatesButton({ key: "Enter", keyCode: 13, ctrlKey: true }), false);
    assert.equal(activatesButton({ key: "Enter", keyCode: 229 }), false);
    assert.equal(activatesButton({ key: " ", keyCode: 32, isComposing: true }), false);
    assert.equal(activatesButton({ key: "Tab", keyCode: 9 }), false);
  });
});

describe("send buttons", () => {
  test("labels, including comment buttons", () => {
    for (const l of ["送信", "投稿する", "ポスト", "返信", "コメント", "コメントする", "Comment", "COMMENT", "Send message", " 送る "]) {
      assert.equal(isSendLabel(l), true, l);
    }
    for (const l of ["コメントを表示", "キャンセル", "送信済み", "", "投稿を作成するにはここをクリックしてください。長い説明"]) {
      assert.equal(isSendLabel(l), false, l);
    }
    assert.equal(isSendLabel("回覧する"), false);
    assert.equal(isSendLabel("回覧する", ["回覧する"]), true);
  });
  test("icon-only hints", () => {
    for (const h of ["send-button", "dmComposerSendButton", "icon_send", "btn-submit", "comment-submit"]) assert.equal(isSendHint(h), true, h);
    for (const h of ["sender-avatar", "postal-code", "", "menu"]) assert.equal(isSendHint(h), false, h);
  });
  test("boxes where Enter sends, by their label", () => {
    assert.equal(enterSendsByLabel({ label: "コメントを入力…" }), true);
    assert.equal(enterSendsByLabel({ placeholder: "メッセージを入力" }), true);
    assert.equal(enterSendsByLabel({ label: "Write a comment…" }), true);
    assert.equal(enterSendsByLabel({ enterKeyHint: "send" }), true);
    assert.equal(enterSendsByLabel({ label: "いまどうしてる？" }), false);
    assert.equal(enterSendsByLabel({ label: "その気持ち、シェアしよう" }), false);
  });
});

describe("adapters", () => {
  test("built-in adapters match their hosts and subdomains only", () => {
    assert.equal(adapterFor("x.com").id, "x");
    assert.equal(adapterFor("mobile.twitter.com").id, "x");
    assert.equal(adapterFor("www.facebook.com").id, "facebook");
    assert.equal(adapterFor("notfacebook.com").id, "generic");
    assert.equal(adapterFor("timeline.line.me").id, "line");
    const g = adapterFor("groupware.example.lg.jp");
    assert.equal(g.id, "generic");
    assert.deepStrictEqual(g.send, []);
    assert.deepStrictEqual(g.panel, ["right", "left", "below", "above"]);
  });
  test("the user's adapters come first", () => {
    const mine = [{ id: "my-x", hosts: ["x.com"], labels: ["Fire"] }];
    const a = adapterFor("x.com", mine);
    assert.equal(a.id, "my-x");
    assert.deepStrictEqual(a.labels, ["fire"]);
    assert.deepStrictEqual(a.enterSends, []);
  });
  test("built-in ids are unique and every field is known", () => {
    const ids = logic.BUILTIN_ADAPTERS.map((a) => a.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(parseAdapters(JSON.stringify(logic.BUILTIN_ADAPTERS)).ok, true);
  });
  test("parseAdapters accepts the documented form and trims", () => {
    const res = parseAdapters('[{"id": " gw ", "hosts": ["gw.example.lg.jp"], "send": ["#post"], "enterSends": ["textarea.chat"], "panel": ["left"]}]');
    assert.deepStrictEqual(res, { ok: true, adapters: [{ id: "gw", hosts: ["gw.example.lg.jp"], send: ["#post"], enterSends: ["textarea.chat"], panel: ["left"] }] });
    assert.deepStrictEqual(parseAdapters("  "), { ok: true, adapters: [] });
  });
  test("parseAdapters rejects what would silently do nothing", () => {
    const bad = [
      ["{", /JSON/],
      ['{"id": "x"}', /array/],
      ["[1]", /#1: expected an object/],
      ['[{"hosts": ["a.jp"]}]', /`id`/],
      ['[{"id": "a"}]', /`hosts`/],
      ['[{"id": "a", "hosts": ["https://a.jp/"]}]', /not a host name/],
      ['[{"id": "a", "hosts": ["a.jp"], "sned": ["#x"]}]', /unknown field `sned`/],
      ['[{"id": "a", "hosts": ["a.jp"], "send": "#x"}]', /array of strings/],
      ['[{"id": "a", "hosts": ["a.jp"], "panel": ["top"]}]', /`top` is not/],
    ];
    for (const [input, want] of bad) {
      const res = parseAdapters(input);
      assert.equal(res.ok, false, input);
      assert.match(res.error.en, want, input);
      assert.ok(res.error.ja, input);
    }
    const sel = parseAdapters('[{"id": "a", "hosts": ["a.jp"], "send": ["##"]}]', (s) => s !== "##");
    assert.match(sel.error.en, /`##` is not a selector/);
  });
});

describe("placement", () => {
  const R = (left, top, width, height) => ({ left, top, width, height, right: left + width, bottom: top + height });
  const fixed = (h) => () => h;
  const inside = (r, vp) => r.left >= 0 && r.top >= 0 && r.left + r.width <= vp.width && r.top + r.height <= vp.height;

  test("right of the composer when there is room", () => {
    const vp = { width: 1280, height: 800 };
    const anchor = R(100, 100, 500, 150);
    const p = placePanel({ viewport: vp, anchor, avoid: [R(520, 260, 80, 32)], height: fixed(200) });
    assert.equal(p.side, "right");
    assert.equal(p.left, 608);
    assert.equal(p.top, 100);
    assert.equal(p.width, 420);
  });

  test("never over the send button or any control; slides past them or changes side", () => {
    const vp = { width: 700, height: 800 };
    const anchor = R(20, 100, 500, 120);
    const send = R(440, 230, 80, 32);
    const sidebar = R(540, 0, 160, 800); // controls all down the right side
    const p = placePanel({ viewport: vp, anchor, avoid: [send, sidebar], height: fixed(150) });
    assert.ok(p);
    assert.notEqual(p.side, "right");
    for (const a of [anchor, send, sidebar]) assert.equal(intersects(p, a), false);
    assert.ok(inside(p, vp));
  });

  test("a tall panel gets less height (it scrolls) but not below the minimum", () => {
    const vp = { width: 1000, height: 600 };
    const p = placePanel({ viewport: vp, anchor: R(10, 10, 560, 100), height: fixed(2000) });
    assert.equal(p.side, "right");
    assert.ok(p.height <= 600 - 16);
    const none = placePanel({ viewport: { width: 400, height: 300 }, anchor: R(0, 20, 400, 250), height: fixed(200) });
    assert.equal(none, null);
  });

  test("the adapter's order of sides is followed", () => {
    const vp = { width: 1280, height: 800 };
    const anchor = R(400, 400, 400, 100);
    assert.equal(placePanel({ viewport: vp, anchor, prefer: ["above", "right"], height: fixed(100) }).side, "above");
    assert.equal(placePanel({ viewport: vp, anchor, prefer: ["left"], height: fixed(100) }).side, "left");
    assert.equal(placePanel({ viewport: vp, anchor, prefer: ["below"], height: fixed(100) }).side, "below");
  });

  test("at 400 px wide a chat box at the bottom leaves room only above", () => {
    const vp = { width: 400, height: 700 };
    const anchor = R(8, 600, 384, 90);
    const messages = [R(8, 100, 200, 30), R(150, 200, 240, 30)];
    const p = placePanel({ viewport: vp, anchor, avoid: messages, height: fixed(160) });
    assert.equal(p.side, "above");
    for (const a of [anchor, ...messages]) assert.equal(intersects(p, a), false);
  });

  test("the badge goes where nothing is, else top right", () => {
    const vp = { width: 400, height: 700 };
    const anchor = R(0, 0, 400, 300);
    const b = placeBadge({ viewport: vp, anchor, avoid: [R(300, 310, 100, 40)], size: { width: 120, height: 28 } });
    assert.ok(inside(b, vp));
    assert.equal(intersects(b, anchor), false);
    assert.equal(intersects(b, R(300, 310, 100, 40)), false);
    const full = placeBadge({ viewport: vp, anchor: R(0, 0, 400, 700), size: { width: 120, height: 28 } });
    assert.deepStrictEqual([full.left, full.top], [400 - 8 - 120, 8]);
  });
});

describe("actions on posts", () => {
  const { actionOf } = logic;
  const table = [
    // [test id, label, hasPopup, expected]
    ["like", "", false, "like"],
    ["unlike", "5 件のいいね。いいねを取り消す", false, null],
    ["retweet", "", true, "repost-menu"],
    ["unretweet", "", false, null],
    ["retweetConfirm", "リポスト", false, "repost"],
    ["reply", "", false, "reply"],
    ["", "5 件のいいね。いいねする", false, "like"],
    ["", "いいねする", false, "like"],
    ["", "いいね！", false, "like"],
    ["", "5 Likes. Like", false, "like"],
    ["", "Like", false, "like"],
    ["", "いいねを取り消す", false, null],
    ["", "Unlike", false, null],
    ["", "Liked", false, null],
    ["", "12 件のリポスト。リポストする", false, "repost"],
    ["", "リポストする", true, "repost-menu"],
    ["", "Repost", false, "repost"],
    ["", "Undo repost", false, null],
    ["", "引用", false, "quote"],
    ["", "Quote", false, "quote"],
    ["", "3 件の返信。返信する", false, "reply"],
    ["", "Reply", false, "reply"],
    ["", "シェア", false, null],
    ["", "送信", false, null],
    ["", "いいね数を表示して比較するための長い説明的なラベルはどれでもない", false, null],
    ["", "", false, null],
  ];
  for (const [testid, label, hasPopup, expected] of table) {
    test(`${testid || "-"} ${JSON.stringify(label)}${hasPopup ? " (menu)" : ""} → ${expected}`, () => {
      assert.equal(actionOf({ testid, label, hasPopup }), expected);
    });
  }
  test("adapters take action and schedule selectors", () => {
    const res = parseAdapters('[{"id": "sns", "hosts": ["sns.example.jp"], "posts": [".post"], "like": [".fav"], "scheduleOpen": ["#sched"], "scheduleInput": ["#when"], "scheduleConfirm": ["#ok"]}]');
    assert.equal(res.ok, true);
    const a = adapterFor("sns.example.jp", res.adapters);
    assert.deepStrictEqual([a.posts, a.like, a.repost, a.scheduleOpen, a.scheduleInput], [[".post"], [".fav"], [], ["#sched"], ["#when"]]);
    assert.deepStrictEqual(adapterFor("x.com").like, ['[data-testid="like"]']);
  });
});

describe("scheduled posts", () => {
  const { scheduleValues, isScheduleLabel, isConfirmLabel } = logic;
  test("the device's local time, rounded up to the minute", () => {
    assert.deepStrictEqual(scheduleValues("2026-06-01T12:00:00+09:00", () => 540), {
      datetimeLocal: "2026-06-01T12:00", date: "2026-06-01", time: "12:00", at: "2026-06-01T03:00:00.000Z",
    });
    // A device in New York (UTC-4 in June) schedules the same moment at 23:00 the day before.
    assert.equal(scheduleValues("2026-06-01T12:00:00+09:00", () => -240).datetimeLocal, "2026-05-31T23:00");
    // Seconds round up: a post must not go before the time.
    assert.equal(scheduleValues("2026-06-01T12:00:01+09:00", () => 540).time, "12:01");
    assert.equal(scheduleValues("2026-12-31T23:59:30+09:00", () => 540).datetimeLocal, "2027-01-01T00:00");
    assert.equal(scheduleValues("someday"), null);
  });
  test("labels", () => {
    for (const l of ["予約", "予約投稿", " Schedule ", "ポストを予約"]) assert.ok(isScheduleLabel(l), l);
    for (const l of ["予約一覧を見る", "送信"]) assert.ok(!isScheduleLabel(l), l);
    for (const l of ["設定する", "確認する", "OK", "Confirm"]) assert.ok(isConfirmLabel(l), l);
    assert.ok(!isConfirmLabel("キャンセル"));
  });
});
