// Pure logic shared by the content script, the options page and the unit tests
// (test/site-logic.test.mjs): the site adapters (data, not code), which keys send, which
// buttons send, and where the panel may go. No DOM access here: callers pass plain values.
//
// A classic script (content scripts cannot be ES modules): it sets `globalThis.hatsugenLogic`,
// and `module.exports` when loaded by Node.
(function (root) {
  "use strict";

  /**
   * What the extension knows about each site. Every field but `id` and `hosts` is optional:
   *
   *   hosts         host names; a host matches itself and its subdomains
   *   composers     extra selectors for compose boxes (textarea and contenteditable are found anyway)
   *   send          selectors of the site's send buttons
   *   labels        more send-button labels (exact, case-insensitive)
   *   enterSends    selectors of compose boxes where plain Enter sends
   *   enterNewline  selectors of compose boxes where plain Enter is a new line (wins over the hints)
   *   panel         the sides to try for the panel, in order: "right", "left", "below", "above"
   *   posts         selectors of a post in a timeline (likes, reposts, replies act on it)
   *   postText      selectors of a post's text inside it (else its `lang` element, else its text)
   *   postAuthor    selectors of a post's author inside it
   *   like, repost, repostMenu, quote, reply
   *                 selectors of the controls that like, repost, open the repost menu
   *                 (リポスト / 引用), quote and reply; test ids and labels are recognised
   *                 anyway (actionOf)
   *   scheduleOpen, scheduleInput, scheduleConfirm
   *                 the site's scheduled posts: the control that opens them, the date-time
   *                 input (`datetime-local`, or a `date` input followed by a `time` one) and
   *                 the control that confirms; labels such as 予約 / Schedule are tried
   *                 anyway
   *
   * The options page takes more adapters in the same form (a city's groupware, say); the
   * user's come first. Sites without an adapter get the generic heuristics only.
   */
  const BUILTIN_ADAPTERS = Object.freeze([
    {
      id: "x",
      hosts: ["x.com", "twitter.com"],
      composers: ['[data-testid^="tweetTextarea_"][contenteditable="true"]', '[data-testid="dmComposerTextInput"]'],
      send: ['[data-testid="tweetButton"]', '[data-testid="tweetButtonInline"]', '[data-testid="dmComposerSendButton"]'],
      enterSends: ['[data-testid="dmComposerTextInput"]'],
      enterNewline: ['[data-testid^="tweetTextarea_"]'],
      panel: ["right", "below", "above", "left"],
      posts: ['article[data-testid="tweet"]'],
      postText: ['[data-testid="tweetText"]'],
      postAuthor: ['[data-testid="User-Name"]'],
      like: ['[data-testid="like"]'],
      repost: ['[data-testid="retweetConfirm"]'],
      repostMenu: ['[data-testid="retweet"]'],
      reply: ['[data-testid="reply"]'],
    },
    {
      id: "facebook",
      hosts: ["facebook.com", "messenger.com"],
      send: ['[aria-label="投稿"][role="button"]', '[aria-label="Post"][role="button"]', '[aria-label="コメントする"]', '[aria-label="Comment"]', '[aria-label="Press Enter to send"]'],
      enterSends: ['[aria-label^="コメント"]', '[aria-label^="返信"]', '[aria-label*="comment" i]', '[aria-label*="reply" i]', '[aria-label*="メッセージ"]', '[aria-label*="message" i]'],
      enterNewline: ['[aria-label*="その気持ち"]', '[aria-label*="on your mind" i]', '[aria-label^="投稿を作成"]'],
      panel: ["right", "left", "above", "below"],
    },
    {
      id: "instagram",
      hosts: ["instagram.com"],
      enterSends: ['textarea[aria-label*="コメント"]', 'textarea[aria-label*="comment" i]', '[aria-label*="メッセージ"]', '[aria-label*="message" i]'],
    },
    {
      id: "line",
      hosts: ["line.me"],
      enterSends: ["textarea", '[contenteditable="true"]', '[contenteditable=""]', '[contenteditable="plaintext-only"]'],
      panel: ["above", "right", "left", "below"],
    },
  ]);

  const SIDES = ["right", "left", "below", "above"];
  const ADAPTER_FIELDS = {
    id: "string",
    hosts: "strings",
    composers: "selectors",
    send: "selectors",
    labels: "strings",
    enterSends: "selectors",
    enterNewline: "selectors",
    panel: "sides",
    posts: "selectors",
    postText: "selectors",
    postAuthor: "selectors",
    like: "selectors",
    repost: "selectors",
    repostMenu: "selectors",
    quote: "selectors",
    reply: "selectors",
    scheduleOpen: "selectors",
    scheduleInput: "selectors",
    scheduleConfirm: "selectors",
  };
  /** The adapter fields that are lists of selectors (empty when not given). */
  const SELECTOR_FIELDS = Object.keys(ADAPTER_FIELDS).filter((k) => ADAPTER_FIELDS[k] === "selectors");

  /** Labels of send buttons (exact, after trimming; case-insensitive). */
  const SEND_LABEL = /^(送信|送信する|送る|投稿|投稿する|ポスト|ポストする|ポストを送信|すべてポスト|返信|返信する|コメント|コメントする|コメントを送信|ツイート|ツイートする|シェア|シェアする|今すぐシェア|公開|公開する|共有|post|post all|send|send message|tweet|reply|comment|share|share now|publish)$/i;
  /** Hints that an icon-only button sends (test ids, class names, icon names). */
  const SEND_HINT = /(^|[-_\s])(send|submit|post|tweet|reply|comment)([-_\s]|button|btn|$)/i;
  /** Placeholder or label of a box where Enter sends (comments, replies, chats). */
  const ENTER_SENDS_LABEL = /コメント|返信を(書|入力)|メッセージ|チャット|comment|write a reply|message|chat/i;

  /** The last sentence of a control's label: X's read 「5 件のいいね。いいねする」, "5 Likes. Like". */
  function lastPhrase(label) {
    const parts = String(label ?? "").replace(/\s+/g, " ").split(/[。．]|\.\s/).map((p) => p.trim()).filter(Boolean);
    return parts.at(-1)?.replace(/[.!！]+$/, "") ?? "";
  }

  const ACTION_BY_TESTID = { like: "like", unlike: null, retweet: "repost-menu", unretweet: null, retweetconfirm: "repost", reply: "reply", quote: "quote" };
  const ACTION_LABELS = [
    ["like", /^(いいね(する)?|like)$/i],
    ["repost", /^(リポスト(する)?|リツイート(する)?|repost|retweet)$/i],
    ["quote", /^(引用(する|ポスト|して(ポスト|投稿))?|quote( post)?)$/i],
    ["reply", /^(返信(する)?|reply)$/i],
  ];

  /**
   * What a control on a post does, from its test id and its label (aria-label, text):
   * "like", "repost", "repost-menu" (opens the menu of リポスト and 引用), "quote", "reply",
   * or null (anything else, and undoing: いいねを取り消す, unlike, undo repost). Only
   * controls inside a post (not a compose box's) are asked about.
   */
  function actionOf({ testid = "", label = "", hasPopup = false } = {}) {
    const id = String(testid ?? "").toLowerCase();
    if (id in ACTION_BY_TESTID) return ACTION_BY_TESTID[id];
    const phrase = lastPhrase(label);
    if (!phrase || phrase.length > 20) return null;
    for (const [action, re] of ACTION_LABELS) {
      if (re.test(phrase)) return action === "repost" && hasPopup ? "repost-menu" : action;
    }
    return null;
  }

  /** Labels of a site's control that opens scheduled posting. */
  const SCHEDULE_LABEL = /^(予約|予約する|予約投稿|投稿を予約|ポストを予約|予約設定|schedule|schedule post)$/i;
  /** Labels of the control that confirms a schedule. */
  const CONFIRM_LABEL = /^(確認|確認する|設定|設定する|決定|ok|confirm|done|set|save|保存|適用|apply)$/i;

  function isScheduleLabel(label) {
    return SCHEDULE_LABEL.test(String(label ?? "").replace(/\s+/g, " ").trim());
  }

  function isConfirmLabel(label) {
    return CONFIRM_LABEL.test(String(label ?? "").replace(/\s+/g, " ").trim());
  }

  /**
   * The values a site's schedule inputs take for an RFC 3339 time, in the device's time
   * (what `datetime-local`, `date` and `time` inputs mean): `{ datetimeLocal, date, time }`,
   * rounded up to the next whole minute (a post scheduled a few seconds early would be
   * early). `offsetMinutes(date)` is the device's offset east of UTC at that moment
   * (default: the browser's). Null for a time that is not one.
   */
  function scheduleValues(iso, offsetMinutes = (d) => -d.getTimezoneOffset()) {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return null;
    const up = Math.ceil(t / 60000) * 60000;
    const local = new Date(up + offsetMinutes(new Date(up)) * 60000);
    const p = (n, w = 2) => String(n).padStart(w, "0");
    const date = `${p(local.getUTCFullYear(), 4)}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())}`;
    const time = `${p(local.getUTCHours())}:${p(local.getUTCMinutes())}`;
    return { datetimeLocal: `${date}T${time}`, date, time, at: new Date(up).toISOString() };
  }

  /** Milliseconds after compositionend in which an Enter still belongs to the IME (Safari order). */
  const IME_GRACE_MS = 100;

  function hostMatches(hostname, hosts) {
    const h = String(hostname ?? "").toLowerCase();
    return (hosts ?? []).some((x) => {
      const d = String(x).toLowerCase();
      return h === d || h.endsWith(`.${d}`);
    });
  }

  /**
   * The adapter for a host name: the first of the user's, then the built-in ones, whose
   * `hosts` match; a generic adapter (heuristics only) otherwise. Missing fields are empty.
   */
  function adapterFor(hostname, userAdapters = []) {
    const found = [...(userAdapters ?? []), ...BUILTIN_ADAPTERS].find((a) => hostMatches(hostname, a.hosts));
    const a = found ?? { id: "generic", hosts: [] };
    const out = {
      id: a.id,
      hosts: [...(a.hosts ?? [])],
      labels: (a.labels ?? []).map((l) => String(l).trim().toLowerCase()),
      panel: a.panel?.length ? [...a.panel] : [...SIDES],
    };
    for (const key of SELECTOR_FIELDS) out[key] = [...(a[key] ?? [])];
    return out;
  }

  /**
   * Checks adapters typed into the options page (JSON text or parsed value).
   * `isSelector(s)` says whether a selector parses (the DOM's querySelector; absent in Node).
   * Returns `{ ok: true, adapters }` or `{ ok: false, error: { ja, en } }`.
   */
  function parseAdapters(input, isSelector = () => true) {
    let value = input;
    if (typeof input === "string") {
      if (!input.trim()) return { ok: true, adapters: [] };
      try {
        value = JSON.parse(input);
      } catch (e) {
        return { ok: false, error: { ja: `JSONとして読めません: ${e.message}`, en: `not JSON: ${e.message}` } };
      }
    }
    if (!Array.isArray(value)) return { ok: false, error: { ja: "配列 [ … ] で書いてください", en: "expected an array [ … ]" } };
    const out = [];
    for (const [i, a] of value.entries()) {
      const where = `#${i + 1}`;
      const bad = (ja, en) => ({ ok: false, error: { ja: `${where}: ${ja}`, en: `${where}: ${en}` } });
      if (!a || typeof a !== "object" || Array.isArray(a)) return bad("オブジェクト { … } で書いてください", "expected an object { … }");
      for (const key of Object.keys(a)) {
        if (!(key in ADAPTER_FIELDS)) return bad(`不明な項目 \`${key}\``, `unknown field \`${key}\``);
      }
      if (typeof a.id !== "string" || !a.id.trim()) return bad("`id` (文字列) が必要です", "`id` (a string) is required");
      if (!Array.isArray(a.hosts) || !a.hosts.length) return bad("`hosts` (ホスト名の配列) が必要です", "`hosts` (an array of host names) is required");
      const clean = { id: a.id.trim() };
      for (const [key, kind] of Object.entries(ADAPTER_FIELDS)) {
        if (key === "id" || a[key] === undefined) continue;
        const v = a[key];
        if (!Array.isArray(v) || !v.every((x) => typeof x === "string" && x.trim())) {
          return bad(`\`${key}\` は文字列の配列にしてください`, `\`${key}\` must be an array of strings`);
        }
        if (kind === "selectors") {
          const wrong = v.find((s) => !isSelector(s));
          if (wrong !== undefined) return bad(`\`${key}\` のセレクタ \`${wrong}\` が正しくありません`, `\`${key}\`: \`${wrong}\` is not a selector`);
        }
        if (kind === "sides") {
          const wrong = v.find((s) => !SIDES.includes(s));
          if (wrong !== undefined) return bad(`\`panel\` の \`${wrong}\` は right/left/below/above のどれかにしてください`, `\`panel\`: \`${wrong}\` is not right/left/below/above`);
        }
        if (key === "hosts") {
          const wrong = v.find((s) => !/^[a-z0-9.-]+$/i.test(s.trim()));
          if (wrong !== undefined) return bad(`\`hosts\` の \`${wrong}\` はホスト名ではありません`, `\`hosts\`: \`${wrong}\` is not a host name`);
        }
        clean[key] = v.map((x) => x.trim());
      }
      out.push(clean);
    }
    return { ok: true, adapters: out };
  }

  /** Whether a label (aria-label, text, value, title) names a send button. */
  function isSendLabel(label, extraLabels = []) {
    const l = String(label ?? "").replace(/\s+/g, " ").trim();
    if (!l || l.length > 20) return false;
    return SEND_LABEL.test(l) || extraLabels.includes(l.toLowerCase());
  }

  /** Whether an icon-only button's hints (test id, class, icon name) say it sends. */
  function isSendHint(hint) {
    return SEND_HINT.test(String(hint ?? "").replace(/([a-z])([A-Z])/g, "$1 $2"));
  }

  /** Whether a box's own label or placeholder says Enter sends (comment, reply, chat boxes). */
  function enterSendsByLabel({ label = "", placeholder = "", enterKeyHint = "" } = {}) {
    if (String(enterKeyHint).toLowerCase() === "send") return true;
    return ENTER_SENDS_LABEL.test(`${label} ${placeholder}`);
  }

  /**
   * What a keydown in a compose box means:
   *   "ime"     it belongs to the input method (composition, keyCode 229, or an Enter just
   *             after compositionend in Safari's order): never a send
   *   "send"    Ctrl/Cmd+Enter, or plain Enter in a box where Enter sends
   *   "newline" Enter that adds a line (Shift/Alt+Enter, or Enter where it does not send)
   *   "none"    any other key
   * `ev` is the event's plain fields; `state` is what the caller tracked for the box.
   */
  function keyIntent(ev, { enterSends = false, composing = false, compositionEndedAt = -Infinity, now = 0 } = {}) {
    if (ev.isComposing || ev.keyCode === 229 || composing) return "ime";
    if (ev.key !== "Enter") return "none";
    if (now - compositionEndedAt < IME_GRACE_MS) return "ime";
    if (ev.ctrlKey || ev.metaKey) return ev.altKey ? "newline" : "send";
    if (ev.shiftKey || ev.altKey) return "newline";
    return enterSends ? "send" : "newline";
  }

  /** Whether a keydown on a focused send button activates it (Enter or Space, no modifiers). */
  function activatesButton(ev) {
    if (ev.isComposing || ev.keyCode === 229) return false;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.shiftKey) return false;
    return ev.key === "Enter" || ev.key === " " || ev.key === "Spacebar";
  }

  // ───────────────────────────── panel placement ─────────────────────────────

  function intersects(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function rect(left, top, width, height) {
    return { left, top, width, height, right: left + width, bottom: top + height };
  }

  const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));

  /**
   * Where the panel goes, in viewport coordinates: beside, below or above `anchor` (the
   * composer and its controls), inside the viewport, overlapping none of `avoid`. Sides are
   * tried in `prefer` order; on each side the panel may slide past an obstacle. `height(w)`
   * is the panel's natural height at width `w` (it scrolls when given less, never below
   * `minHeight`). Returns `{ left, top, width, height, side }`, or null when no side has room.
   */
  function placePanel({ viewport, anchor, avoid = [], prefer = SIDES, height, minWidth = 240, maxWidth = 420, minHeight = 90, gap = 8 }) {
    const vw = viewport.width;
    const vh = viewport.height;
    const ok = (r) =>
      r.width >= minWidth && r.height >= minHeight && r.left >= 0 && r.top >= 0 && r.right <= vw && r.bottom <= vh &&
      !intersects(r, anchor) && !avoid.some((a) => intersects(r, a));
    const vertical = (left, width, top) => {
      const h = Math.min(height(width), vh - gap - top);
      return rect(left, top, width, h);
    };
    for (const side of prefer) {
      const tries = [];
      if (side === "right" || side === "left") {
        const width = side === "right" ? Math.min(maxWidth, vw - anchor.right - 2 * gap) : Math.min(maxWidth, anchor.left - 2 * gap);
        if (width < minWidth) continue;
        const left = side === "right" ? anchor.right + gap : anchor.left - gap - width;
        const h = Math.min(height(width), vh - 2 * gap);
        const tops = [clamp(anchor.top, gap, vh - gap - h), ...avoid.map((a) => a.bottom + gap), ...avoid.map((a) => a.top - gap - h)];
        for (const top of tops) tries.push(rect(left, top, width, h));
      } else {
        const width = Math.min(maxWidth, vw - 2 * gap);
        if (width < minWidth) continue;
        const lefts = [clamp(anchor.left, gap, vw - gap - width), clamp(anchor.right - width, gap, vw - gap - width), gap, vw - gap - width,
          ...avoid.map((a) => a.right + gap), ...avoid.map((a) => a.left - gap - width)];
        for (const left of lefts) {
          if (side === "below") {
            tries.push(vertical(left, width, anchor.bottom + gap));
          } else {
            const h = Math.min(height(width), anchor.top - 2 * gap);
            tries.push(rect(left, anchor.top - gap - h, width, h));
          }
        }
      }
      const found = tries.find(ok);
      if (found) return { ...found, side };
    }
    return null;
  }

  /**
   * Where the collapsed badge goes: next to the anchor if there is room, else a corner of
   * the viewport; the first spot that overlaps nothing in `avoid` (or the anchor). The last
   * resort is the top-right corner.
   */
  function placeBadge({ viewport, anchor, avoid = [], size, gap = 8 }) {
    const { width: w, height: h } = size;
    const vw = viewport.width;
    const vh = viewport.height;
    const spots = [
      [anchor.right + gap, anchor.top],
      [anchor.right - w, anchor.top - gap - h],
      [anchor.left, anchor.top - gap - h],
      [anchor.right - w, anchor.bottom + gap],
      [anchor.left, anchor.bottom + gap],
      [anchor.left - gap - w, anchor.top],
      [vw - gap - w, gap],
      [gap, gap],
      [vw - gap - w, vh - gap - h],
      [gap, vh - gap - h],
    ];
    for (const [left, top] of spots) {
      const r = rect(left, top, w, h);
      if (r.left >= 0 && r.top >= 0 && r.right <= vw && r.bottom <= vh && !intersects(r, anchor) && !avoid.some((a) => intersects(r, a))) {
        return r;
      }
    }
    return rect(vw - gap - w, gap, w, h);
  }

  const api = Object.freeze({
    BUILTIN_ADAPTERS,
    IME_GRACE_MS,
    SIDES,
    actionOf,
    activatesButton,
    adapterFor,
    enterSendsByLabel,
    hostMatches,
    intersects,
    isConfirmLabel,
    isScheduleLabel,
    isSendHint,
    isSendLabel,
    keyIntent,
    parseAdapters,
    placeBadge,
    placePanel,
    scheduleValues,
  });
  root.hatsugenLogic = api;
  if (typeof module === "object" && module?.exports) module.exports = api;
})(globalThis);
