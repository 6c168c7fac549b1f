// Content script: finds compose boxes (textarea and contenteditable, in the document and in
// open shadow roots), checks as the user types, shows the findings beside the box without
// covering the site's controls, and stops every way of sending (a click or a key on a send
// button, Enter or Ctrl/Cmd+Enter in a box, form submission) until the post is checked again
// at the moment of sending. The checker itself runs in the service worker; what is known
// about each site is data (site-logic.js: adapters, keys, labels, placement).
//
// Besides posts: likes and reposts are checked as posts of the text liked (the click is held
// until the verdict), replies and quotes carry the post answered or quoted to the check of
// the reply; photos attached in a composer are read for metadata (exif.js) before the site
// sees them; a post with safe fixes can be fixed and sent (「修正して送信」), and one that may
// go only later can be scheduled on the site or remembered (「…に予約」).
(() => {
  "use strict";
  if (globalThis.__hatsugenContentLoaded) return;
  globalThis.__hatsugenContentLoaded = true;

  const logic = globalThis.hatsugenLogic;
  const exifLib = globalThis.hatsugenExif;
  const DEBOUNCE_MS = 300;
  const EXCERPT_MAX = 1200;

  /** Send buttons on any site, besides the adapter's and those labelled as such. */
  const SEND_SELECTORS = ["[data-hatsugen-send]", 'button[type="submit"]', 'input[type="submit"]'];
  const BUTTON_LIKE = 'button, [role="button"], input[type="submit"], input[type="button"]';
  const CONTROLS = 'button, [role="button"], [role="link"], [role="menuitem"], [role="tab"], a[href], input:not([type="hidden"]), select, textarea, [contenteditable="true"], [contenteditable=""], [tabindex]:not([tabindex="-1"])';
  const COMPOSERS = 'textarea, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]';

  const SEVERITY_JA = { block: "送信不可", warn: "要確認", info: "参考" };
  const SEVERITY_EN = { block: "Blocked", warn: "Check", info: "Note" };
  const VERDICT_TEXT = {
    block: ["この投稿は送信できません", "This post cannot be sent"],
    warn: ["注意が必要な内容があります", "This post needs care"],
    allow: ["問題は見つかりませんでした", "No problems found"],
    error: ["確認できませんでした", "Could not check"],
  };
  const BADGE_TEXT = { block: "送信不可", warn: "要確認", allow: "問題なし", error: "確認不可" };

  /** @type {WeakMap<Element, object>} */
  const states = new WeakMap();
  /** Boxes with a panel, for repositioning and clean-up. */
  const live = new Set();
  /** Open shadow roots seen in events: they get their own submit listener. */
  const shadowRoots = new Set();
  let adapter = logic.adapterFor(location.hostname, []);
  let lastActive = null;
  let boxCounter = 0;
  /** Set while re-sending a post the user confirmed, so the listeners let it through. */
  let bypass = false;
  let modalOpen = false;
  /** Input-method state: Enter during or just after a composition is not a send. */
  let composing = false;
  let compositionEndedAt = -Infinity;
  /** The key whose keydown was held back: its keyup is held back too. */
  let heldKey = null;
  /** The user's switches (options page). */
  const options = { checkActions: true, checkPhotos: true };
  /** A reply or quote control just clicked: the next new compose box is that reply's. */
  let pendingIntent = null;
  /** The post whose repost menu (リポスト / 引用) is open. */
  let pendingMenu = null;
  /** How long a clicked reply or repost menu waits for its composer or menu item. */
  const INTENT_MS = 120_000;

  // The user's adapters (options page) come first.
  function loadAdapters() {
    chrome.storage?.local.get("settings").then(
      (v) => {
        adapter = logic.adapterFor(location.hostname, v?.settings?.adapters ?? []);
        options.checkActions = v?.settings?.checkActions !== false;
        options.checkPhotos = v?.settings?.checkPhotos !== false;
      },
      () => {},
    );
  }
  loadAdapters();
  chrome.storage?.onChanged.addListener((changes, area) => {
    if (area === "local" && changes.settings) loadAdapters();
  });

  // ───────────────────────────── compose boxes ─────────────────────────────

  /** The element an event happened on, inside shadow roots too. */
  function origin(event) {
    const n = event.composedPath?.()[0] ?? event.target;
    return n instanceof Element ? n : n?.parentElement ?? null;
  }

  /** Remembers the open shadow roots on an event's path (for their submit events). */
  function noteShadowRoots(event) {
    for (const n of event.composedPath?.() ?? []) {
      if (n instanceof ShadowRoot && !shadowRoots.has(n)) {
        shadowRoots.add(n);
        listenInShadow(n);
      }
    }
  }

  /**
   * Events that do not cross shadow boundaries (`submit`, a file input's `change`) are
   * listened for on each open shadow root too.
   */
  function listenInShadow(root) {
    root.addEventListener("submit", onSubmit, true);
    root.addEventListener("change", onFileEvent, true);
  }

  function matchesAny(el, selectors) {
    return selectors.some((sel) => {
      try {
        return el.matches(sel);
      } catch {
        return false;
      }
    });
  }

  function composeRoot(node) {
    const el = node instanceof Element ? node : node?.parentElement;
    if (!el || el.closest(".hatsugen-ui")) return null;
    for (const sel of adapter.composers) {
      try {
        const c = el.closest(sel);
        if (c) return c;
      } catch {
        // A selector this browser does not take: the generic rules below apply.
      }
    }
    const ta = el.closest("textarea");
    if (ta) return ta.readOnly || ta.disabled ? null : ta;
    if (!el.isContentEditable) return null;
    let root = el;
    while (root.parentElement?.isContentEditable) root = root.parentElement;
    return root;
  }

  /** Compose boxes: the generic kinds and the adapter's. */
  let composerQueryCache = null;
  function composerQuery() {
    if (composerQueryCache?.adapter === adapter) return composerQueryCache.query;
    let query = [COMPOSERS, ...adapter.composers].join(", ");
    try {
      document.createDocumentFragment().querySelector(query);
    } catch {
      query = COMPOSERS; // an adapter's selector this browser does not take
    }
    composerQueryCache = { adapter, query };
    return query;
  }

  /** The parent across shadow boundaries (a shadow root's host). */
  function parentOf(node) {
    if (node.parentElement) return node.parentElement;
    const root = node.getRootNode?.();
    return root instanceof ShadowRoot ? root.host : null;
  }

  function stateOf(box) {
    let s = states.get(box);
    if (!s) {
      s = {
        box, panel: null, timer: 0, seq: 0, text: "", report: null, ranges: [], sending: false, observer: null, userCollapsed: null, sendButton: null,
        created: performance.now(),
        /** A reply or quote: `{ action, text, author }` of the post answered or quoted. */
        intent: null,
        /** Attached files by where they came from (a file input, a drop): `[{ kind, name, exif, info, file, source, stripped }]`. */
        files: new Map(),
        /** A time the site will send the post at (its scheduled posts): `{ at, label }`. */
        scheduled: null,
        /** A line for the panel (a reminder set, a fix that could not be written…): `{ ja, en }`. */
        notice: null,
      };
      states.set(box, s);
    }
    return s;
  }

  /** Whether plain Enter sends in this box: the adapter, else the box's own label. */
  function enterSends(box) {
    if (matchesAny(box, adapter.enterNewline)) return false;
    if (matchesAny(box, adapter.enterSends)) return true;
    const label = [box.getAttribute("aria-label"), box.getAttribute("aria-placeholder"), box.getAttribute("data-placeholder")].filter(Boolean).join(" ");
    return logic.enterSendsByLabel({ label, placeholder: box.getAttribute("placeholder") ?? "", enterKeyHint: box.getAttribute("enterkeyhint") ?? "" });
  }

  const BLOCK_TAGS = new Set(["DIV", "P", "LI", "UL", "OL", "BLOCKQUOTE", "PRE", "H1", "H2", "H3", "H4", "H5", "H6", "TABLE", "TR"]);

  /** The text of a box and, for contenteditable, where each text node starts in it. */
  function readBox(box) {
    if (box instanceof HTMLTextAreaElement) return { text: box.value, pieces: null };
    const pieces = [];
    let text = "";
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          pieces.push({ node: child, start: text.length });
          text += child.data;
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          if (child.tagName === "BR") {
            text += "\n";
            continue;
          }
          const block = BLOCK_TAGS.has(child.tagName);
          if (block && text && !text.endsWith("\n")) text += "\n";
          walk(child);
          if (block && text && !text.endsWith("\n")) text += "\n";
        }
      }
    };
    walk(box);
    return { text, pieces };
  }

  /** A DOM point for a UTF-16 offset into the text `readBox` built. */
  function pointAt(pieces, offset) {
    for (const p of pieces) {
      if (offset >= p.start && offset <= p.start + p.node.length) return [p.node, offset - p.start];
    }
    const next = pieces.find((p) => p.start > offset);
    if (next) return [next.node, 0];
    const last = pieces[pieces.length - 1];
    return last ? [last.node, last.node.length] : null;
  }

  /**
   * Watches a focused compose box: editors that cancel the browser's insertion and write
   * from their own model, pastes and one-shot insertions fire no `input` event, but they
   * change the DOM (contenteditable) or the value (textarea, seen by the poll below).
   */
  function watch(box) {
    lastActive = box;
    const s = stateOf(box);
    adoptIntent(s);
    if (!s.observer && !(box instanceof HTMLTextAreaElement)) {
      s.observer = new MutationObserver(() => scheduleCheck(box, false));
      s.observer.observe(box, { subtree: true, childList: true, characterData: true });
    }
  }

  // ───────────────────────────── checking ─────────────────────────────

  /** Asks the service worker to check (or fix, with `type: "fix"`) a text. */
  async function requestCheck(text, extra = {}, type = "check") {
    try {
      const res = await chrome.runtime.sendMessage({
        type,
        text,
        hostname: location.hostname,
        time: new Date().toISOString(),
        ...extra,
      });
      return res ?? { error: { code: "UNAVAILABLE", message: "no answer from the extension" } };
    } catch (e) {
      return { error: { code: "UNAVAILABLE", message: String(e?.message ?? e) } };
    }
  }

  function scheduleCheck(box, makeActive = true) {
    const s = stateOf(box);
    if (makeActive) lastActive = box;
    clearTimeout(s.timer);
    s.timer = setTimeout(() => runCheck(box), DEBOUNCE_MS);
  }

  async function runCheck(box) {
    const s = stateOf(box);
    const seq = ++s.seq;
    const { text, pieces } = readBox(box);
    if (!text.trim()) {
      s.text = text;
      s.report = null;
      removePanel(s);
      return null;
    }
    const full = checkedText(s, text);
    const res = await requestCheck(full, extrasOf(s));
    if (seq !== s.seq) return res; // a newer check is under way
    s.text = text;
    s.report = res.report ?? null;
    s.checked = full;
    render(s, full, pieces, res);
    return res;
  }

  // ───────────────────────────── display ─────────────────────────────

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function bilingual(tag, className, ja, en) {
    const e = el(tag, className);
    e.append(el("span", "hatsugen-ja", ja));
    if (en) e.append(el("span", "hatsugen-en", en));
    return e;
  }

  function formatTime(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    const ja = d.toLocaleString("ja-JP", { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "short" });
    return `${ja} (${iso})`;
  }

  /** The findings, messages, clauses, suggestions and next allowed time as DOM nodes. */
  function findingsList(report, attachments = []) {
    const list = el("ul", "hatsugen-findings");
    for (const f of report.findings) {
      const li = el("li", "hatsugen-finding");
      li.dataset.rule = f.rule;
      li.dataset.severity = f.severity;
      const head = el("div", "hatsugen-finding-head");
      head.append(el("span", `hatsugen-badge hatsugen-sev-${f.severity}`, `${SEVERITY_JA[f.severity]} / ${SEVERITY_EN[f.severity]}`));
      head.append(bilingual("span", "hatsugen-msg", f.message.ja, f.message.en));
      li.append(head);
      const a = Number.isInteger(f.attachment) ? attachments[f.attachment] : null;
      if (a) li.append(el("div", "hatsugen-clause", `添付 / Attachment: ${a.name || a.kind}`));
      const basis = f.law ? `${f.clause}(${f.law})` : f.clause;
      li.append(el("div", "hatsugen-clause", `根拠 / Basis: ${basis}`));
      if (f.suggestion) {
        const sug = bilingual("div", "hatsugen-suggestion", `対処: ${f.suggestion.ja}`, `Fix: ${f.suggestion.en}`);
        if (f.suggestion.replacement) sug.append(el("code", "hatsugen-replacement", f.suggestion.replacement));
        li.append(sug);
      }
      list.append(li);
    }
    return list;
  }

  function nextAllowed(report) {
    if (!report.next_allowed_at) return null;
    const t = formatTime(report.next_allowed_at);
    return bilingual("div", "hatsugen-next", `送信できるようになる時刻: ${t}`, `Allowed from: ${t}`);
  }

  /** The text with the findings' spans marked (UTF-16 offsets, as the report gives them). */
  function excerpt(text, report) {
    const box = el("div", "hatsugen-excerpt");
    const rank = { info: 1, warn: 2, block: 3 };
    const limit = Math.min(text.length, EXCERPT_MAX);
    const marks = report.findings.flatMap((f) => f.spans.map((sp) => ({ ...sp, severity: f.severity, rule: f.rule })));
    const cuts = [...new Set([0, limit, ...marks.flatMap((m) => [m.start, m.end]).filter((x) => x < limit)])].sort((a, b) => a - b);
    // One mark per stretch of the same severity: overlapping findings (a phrase and a
    // word inside it) highlight as one run, titled with every rule that covers it.
    let last = null;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      const over = marks.filter((m) => m.start <= a && m.end >= b && m.start < m.end);
      if (!over.length) {
        box.append(document.createTextNode(text.slice(a, b)));
        last = null;
        continue;
      }
      const top = over.reduce((x, y) => (rank[y.severity] > rank[x.severity] ? y : x));
      if (last && last.severity === top.severity) {
        last.node.textContent += text.slice(a, b);
        for (const m of over) last.rules.add(m.rule);
        last.node.title = [...last.rules].join(", ");
        continue;
      }
      const mark = el("mark", `hatsugen-mark hatsugen-sev-${top.severity}`, text.slice(a, b));
      const rules = new Set(over.map((m) => m.rule));
      mark.title = [...rules].join(", ");
      box.append(mark);
      last = { node: mark, severity: top.severity, rules };
    }
    if (limit < text.length) box.append(el("span", "hatsugen-more", " …"));
    return box;
  }

  /**
   * The panel: a header button (verdict; collapses the panel to a small badge and opens it
   * again, from the keyboard too) and the body (excerpt, findings, next allowed time).
   */
  function render(s, text, pieces, res) {
    const verdict = res.report ? res.report.verdict : "error";
    if (!s.panel) {
      const p = el("div", "hatsugen-ui hatsugen-panel");
      p.dataset.box = s.box.id || `box-${++boxCounter}`;
      p.setAttribute("lang", "ja");
      p.setAttribute("role", "region");
      p.setAttribute("aria-label", "発言チェック / hatsugen");
      const toggle = el("button", "hatsugen-toggle");
      toggle.type = "button";
      toggle.addEventListener("click", () => {
        s.userCollapsed = p.dataset.collapsed !== "true";
        position(s);
        toggle.focus();
      });
      const body = el("div", "hatsugen-body");
      body.id = `hatsugen-body-${boxCounter}-${Math.random().toString(36).slice(2, 8)}`;
      body.setAttribute("role", "status");
      body.setAttribute("aria-live", "polite");
      toggle.setAttribute("aria-controls", body.id);
      p.append(toggle, body);
      s.panel = p;
      document.body.append(p);
      live.add(s);
    }
    const p = s.panel;
    p.dataset.verdict = verdict;
    p.dataset.action = res.context?.action ?? "post";
    p.dataset.replyTo = res.context?.reply_to ? "sent" : "none";
    const toggle = p.querySelector(".hatsugen-toggle");
    toggle.replaceChildren(
      el("span", "hatsugen-title", "発言チェック"),
      el("span", `hatsugen-badge-text hatsugen-sev-${verdict}`, BADGE_TEXT[verdict]),
      bilingual("span", `hatsugen-verdict hatsugen-sev-${verdict}`, ...VERDICT_TEXT[verdict]),
      el("span", "hatsugen-chevron", ""),
    );
    toggle.title = "Alt+Shift+K";
    const body = p.querySelector(".hatsugen-body");
    body.replaceChildren();
    if (res.error) {
      body.append(bilingual("div", "hatsugen-error", res.error.message));
    } else {
      const r = res.report;
      if (s.notice) body.append(bilingual("div", "hatsugen-notice", s.notice.ja, s.notice.en));
      const about = intentNote(s);
      if (about) body.append(about);
      if (s.scheduled) body.append(scheduledNote(s));
      if (r.findings.some((f) => f.spans.length)) body.append(excerpt(text, r));
      if (r.findings.length) body.append(findingsList(r, attachmentsOf(s)));
      const next = nextAllowed(r);
      if (next) body.append(next);
      const actions = panelActions(s, r);
      if (actions) body.append(actions);
      if (res.policyError) {
        body.append(bilingual("div", "hatsugen-error",
          `設定のポリシーにエラーがあるため標準ポリシーで確認しています: ${res.policyError.message}`,
          `The saved policy has an error; checking with the default pack.`));
      }
      body.append(el("div", "hatsugen-policy", `${r.policy.id} ${r.policy.version}`));
    }
    highlightInPlace(s, pieces, res.report);
    position(s);
  }

  /** Marks the spans inside a contenteditable box with the CSS Custom Highlight API. */
  function highlightInPlace(s, pieces, report) {
    s.ranges = [];
    if (pieces && report && globalThis.CSS?.highlights && globalThis.Highlight) {
      for (const f of report.findings) {
        for (const sp of f.spans) {
          const a = pointAt(pieces, sp.start);
          const b = pointAt(pieces, sp.end);
          if (!a || !b) continue;
          const range = document.createRange();
          try {
            range.setStart(a[0], a[1]);
            range.setEnd(b[0], b[1]);
            s.ranges.push({ range, severity: f.severity });
          } catch {
            // The DOM changed under us; the next check redraws.
          }
        }
      }
    }
    refreshHighlights();
  }

  function refreshHighlights() {
    if (!globalThis.CSS?.highlights || !globalThis.Highlight) return;
    for (const sev of ["block", "warn", "info"]) {
      const ranges = [];
      for (const s of live) for (const r of s.ranges) if (r.severity === sev) ranges.push(r.range);
      if (ranges.length) CSS.highlights.set(`hatsugen-${sev}`, new Highlight(...ranges));
      else CSS.highlights.delete(`hatsugen-${sev}`);
    }
  }


  function removePanel(s) {
    s.panel?.remove();
    s.panel = null;
    s.ranges = [];
    live.delete(s);
    refreshHighlights();
  }

  /** The send button that goes with a box: the nearest one among its ancestors' descendants. */
  function sendButtonOf(s) {
    if (s.sendButton?.isConnected) return s.sendButton;
    // Not found lately: not looked for again on every scroll frame.
    if (performance.now() - (s.sendButtonAt ?? -Infinity) < 2000) return null;
    s.sendButtonAt = performance.now();
    s.sendButton = null;
    let node = s.box;
    for (let depth = 0; node && depth < 8; depth++, node = parentOf(node)) {
      const scope = node.parentNode instanceof ShadowRoot ? node.parentNode : node;
      const found = [...scope.querySelectorAll(BUTTON_LIKE)].find((b) => !b.closest(".hatsugen-ui") && isSendButton(b));
      if (found) {
        s.sendButton = found;
        break;
      }
    }
    return s.sendButton;
  }

  function union(a, b) {
    const left = Math.min(a.left, b.left);
    const top = Math.min(a.top, b.top);
    const right = Math.max(a.right, b.right);
    const bottom = Math.max(a.bottom, b.bottom);
    return { left, top, right, bottom, width: right - left, height: bottom - top };
  }

  const visible = (r) => r.width > 0 && r.height > 0;

  /** The composer and its send button: the panel goes outside this rectangle. */
  function anchorOf(s) {
    let r = s.box.getBoundingClientRect();
    const button = sendButtonOf(s);
    if (button) {
      const b = button.getBoundingClientRect();
      if (visible(b)) r = union(r, b);
    }
    return r;
  }

  /** Finds open shadow roots no event has passed through yet (at most every 2 s). */
  let shadowScanAt = -Infinity;
  function discoverShadowRoots() {
    if (performance.now() - shadowScanAt < 2000) return;
    shadowScanAt = performance.now();
    const scan = (scope) => {
      for (const el of scope.querySelectorAll("*")) {
        const root = el.shadowRoot;
        if (!root) continue;
        if (!shadowRoots.has(root)) {
          shadowRoots.add(root);
          listenInShadow(root);
        }
        scan(root);
      }
    };
    scan(document);
  }

  /** The page's controls in view (the document's and the open shadow roots'), to keep clear of. */
  function controlRects() {
    discoverShadowRoots();
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const rects = [];
    for (const scope of [document, ...shadowRoots]) {
      if (scope !== document && !scope.host.isConnected) {
        shadowRoots.delete(scope);
        continue;
      }
      for (const c of scope.querySelectorAll(CONTROLS)) {
        if (rects.length >= 800) return rects;
        if (c.closest(".hatsugen-ui")) continue;
        const r = c.getBoundingClientRect();
        if (visible(r) && r.right > 0 && r.bottom > 0 && r.left < vw && r.top < vh) rects.push(r);
      }
    }
    return rects;
  }

  /**
   * Places the panel where it covers none of the page's controls (beside, below or above the
   * composer, in the adapter's order); collapses it to a badge when there is no such place
   * or the user collapsed it. A panel the user opened goes top right if nowhere else.
   */
  function position(s) {
    const p = s.panel;
    if (!p) return;
    if (!s.box.isConnected) {
      removePanel(s);
      return;
    }
    const viewport = { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight };
    const anchor = anchorOf(s);
    p.hidden = anchor.bottom < 0 || anchor.top > viewport.height || !visible(anchor);
    if (p.hidden) return;
    const avoid = controlRects();
    const toggle = p.querySelector(".hatsugen-toggle");
    let place = null;
    if (s.userCollapsed !== true) {
      p.dataset.collapsed = "false";
      p.style.maxHeight = "none";
      const heights = new Map();
      const height = (w) => {
        if (!heights.has(w)) {
          p.style.width = `${w}px`;
          heights.set(w, p.offsetHeight);
        }
        return heights.get(w);
      };
      place = logic.placePanel({ viewport, anchor, avoid, prefer: adapter.panel, height });
      if (!place && s.userCollapsed === false) {
        const w = Math.min(420, viewport.width - 16);
        place = { left: viewport.width - 8 - w, top: 8, width: w, height: Math.min(height(w), viewport.height * 0.6) };
      }
    }
    if (place) {
      p.dataset.collapsed = "false";
      p.style.left = `${place.left}px`;
      p.style.top = `${place.top}px`;
      p.style.width = `${place.width}px`;
      p.style.maxHeight = `${place.height}px`;
      toggle.setAttribute("aria-expanded", "true");
      return;
    }
    p.dataset.collapsed = "true";
    p.style.width = "";
    p.style.maxHeight = "";
    toggle.setAttribute("aria-expanded", "false");
    const size = { width: p.offsetWidth, height: p.offsetHeight };
    const b = logic.placeBadge({ viewport, anchor, avoid, size });
    p.style.left = `${b.left}px`;
    p.style.top = `${b.top}px`;
  }

  let positionQueued = false;
  function repositionAll() {
    if (positionQueued) return;
    positionQueued = true;
    requestAnimationFrame(() => {
      positionQueued = false;
      for (const s of [...live]) position(s);
    });
  }

  // ───────────────────────────── dialogs ─────────────────────────────

  /**
   * A modal dialog: `build(dialog)` fills it, `buttons` (`{ cls, ja, en, value }`) close it
   * with their value; Escape closes it with "cancel". Focus goes back where it was (the
   * compose box, the send button) when it closes. `onOpen(dialog, close)` may wire more.
   */
  function modal({ verdict, kind, build, buttons, onOpen }) {
    let previous = document.activeElement;
    while (previous?.shadowRoot?.activeElement) previous = previous.shadowRoot.activeElement;
    return new Promise((resolve) => {
      modalOpen = true;
      const backdrop = el("div", "hatsugen-ui hatsugen-backdrop");
      const dialog = el("div", "hatsugen-modal");
      dialog.setAttribute("role", "alertdialog");
      dialog.setAttribute("aria-modal", "true");
      dialog.setAttribute("lang", "ja");
      dialog.dataset.verdict = verdict;
      if (kind) dialog.dataset.kind = kind;
      build(dialog);
      const actions = el("div", "hatsugen-actions");
      const done = (value) => {
        modalOpen = false;
        backdrop.remove();
        document.removeEventListener("keydown", onKey, true);
        if (previous?.isConnected) previous.focus({ preventScroll: true });
        resolve(value);
      };
      const onKey = (e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopImmediatePropagation();
          done("cancel");
        }
      };
      document.addEventListener("keydown", onKey, true);
      for (const b of buttons) {
        const button = bilingual("button", `hatsugen-button ${b.cls}`, b.ja, b.en);
        button.type = "button";
        button.dataset.value = b.value;
        button.addEventListener("click", () => done(b.value));
        actions.append(button);
      }
      dialog.append(actions);
      backdrop.append(dialog);
      document.body.append(backdrop);
      onOpen?.(dialog, done);
      if (!dialog.contains(document.activeElement)) actions.querySelector("button:not([disabled])")?.focus();
    });
  }

  /** How the dialogs name each act. */
  const ACT = {
    post: { ja: "投稿", en: "post", go: ["送信する", "Send anyway"] },
    reply: { ja: "返信", en: "reply", go: ["送信する", "Send anyway"] },
    quote: { ja: "引用", en: "quote", go: ["送信する", "Send anyway"] },
    like: { ja: "いいね", en: "like", go: ["いいねする", "Like anyway"] },
    repost: { ja: "リポスト", en: "repost", go: ["リポストする", "Repost anyway"] },
  };

  /**
   * Shows the result of the check at sending (or at a like or repost). Resolves "go" when
   * it may go (allow, or a warning the user accepted), "cancel", or, for a post, "fix"
   * (修正して送信) or "schedule" (予約) when the report offers them.
   */
  function confirmDialog(res, { action = "post", s = null } = {}) {
    const verdict = res.report ? res.report.verdict : "error";
    const act = ACT[action] ?? ACT.post;
    const isPost = action === "post" || action === "reply" || action === "quote";
    return modal({
      verdict,
      kind: action,
      build(dialog) {
        let [ja, en] = VERDICT_TEXT[verdict];
        if (!isPost && verdict === "block") [ja, en] = [`この「${act.ja}」はできません`, `This ${act.en} is not allowed`];
        dialog.append(bilingual("h2", "hatsugen-modal-title", ja, en));
        if (verdict === "block") {
          dialog.append(isPost
            ? bilingual("p", "hatsugen-modal-lead", "送信を止めました。理由:", "Sending was stopped. Why:")
            : bilingual("p", "hatsugen-modal-lead", `「${act.ja}」を止めました。理由:`, `The ${act.en} was stopped. Why:`));
        } else if (verdict === "warn") {
          dialog.append(isPost
            ? bilingual("p", "hatsugen-modal-lead", "このまま送信しますか？", "Send it anyway?")
            : bilingual("p", "hatsugen-modal-lead", `このまま「${act.ja}」しますか？`, `${act.en[0].toUpperCase()}${act.en.slice(1)} anyway?`));
        } else {
          dialog.append(bilingual("p", "hatsugen-modal-lead", `発言チェックが使えません: ${res.error?.message ?? ""}`, "The checker is unavailable. Go on without checking?"));
        }
        if (!isPost && res.checkedText) {
          dialog.append(bilingual("div", "hatsugen-clause", `対象の投稿 / The post: 「${clip(res.checkedText, 140)}」`));
        }
        if (res.report) {
          dialog.append(findingsList(res.report, s ? attachmentsOf(s) : []));
          const next = nextAllowed(res.report);
          if (next) dialog.append(next);
          else if (verdict === "block" && isPost && !hasSafeFix(s, res.report)) dialog.append(bilingual("div", "hatsugen-next", "内容を修正してから送信してください。", "Edit the post before sending it."));
        }
      },
      buttons: [
        ...(verdict === "block"
          ? [{ cls: "hatsugen-close", ja: "閉じる", en: "Close", value: "cancel" }]
          : [{ cls: "hatsugen-cancel", ja: "やめる", en: "Cancel", value: "cancel" }]),
        ...(isPost && s && res.report && hasSafeFix(s, res.report) ? [{ cls: "hatsugen-fix", ja: "修正して送信", en: "Fix and send", value: "fix" }] : []),
        ...(isPost && s && res.report?.next_allowed_at ? [{ cls: "hatsugen-schedule", ...scheduleLabel(res.report.next_allowed_at), value: "schedule" }] : []),
        ...(verdict === "block" ? [] : [{ cls: "hatsugen-confirm", ja: act.go[0], en: act.go[1], value: "go" }]),
      ],
    });
  }

  const clip = (text, n) => (text.length > n ? `${text.slice(0, n)}…` : text);

  // ───────────────────────────── intercepting sends ─────────────────────────────

  /** The text a button shows or is named by; for icon-only buttons, the icon's title or alt. */
  function labelOf(button) {
    const own = button.getAttribute("aria-label") || button.value || button.textContent || button.getAttribute("title");
    if (own?.trim()) return own.trim();
    const icon = button.querySelector("svg title, img[alt], [aria-label]");
    return (icon?.getAttribute("alt") || icon?.getAttribute("aria-label") || icon?.textContent || "").trim();
  }

  /** Whether a button is named by the site's own selectors (adapter) or the generic ones. */
  function isKnownSendButton(button) {
    return matchesAny(button, adapter.send) || matchesAny(button, SEND_SELECTORS);
  }

  function isSendButton(button) {
    if (isKnownSendButton(button)) return true;
    const label = labelOf(button);
    if (label) return logic.isSendLabel(label, adapter.labels);
    // Icon-only and unnamed: test ids and class names.
    return logic.isSendHint(`${button.getAttribute("data-testid") ?? ""} ${button.className?.baseVal ?? button.className ?? ""}`);
  }

  const hasText = (box) => box && readBox(box).text.trim() !== "";

  /**
   * The compose box a send action is for: the one in the same form; else the nearest one
   * among the button's ancestors (through shadow roots), the last used one first; else, for
   * a button the site's selectors name, the last used box.
   */
  function boxFor(from) {
    const form = from.closest?.("form");
    if (form) {
      const inForm = [...form.querySelectorAll(composerQuery())].map(composeRoot).find(hasText);
      if (inForm) return inForm;
    }
    let node = from;
    for (let depth = 0; node && depth < 8; depth++, node = parentOf(node)) {
      const scope = node.parentNode instanceof ShadowRoot ? node.parentNode : node;
      if (lastActive?.isConnected && scope.contains(lastActive) && hasText(lastActive)) return lastActive;
      const found = [...scope.querySelectorAll(composerQuery())].map(composeRoot).find(hasText);
      if (found) return found;
    }
    if (isKnownSendButton(from) && lastActive?.isConnected && hasText(lastActive)) return lastActive;
    return null;
  }

  /**
   * Stops the event, checks the post now, and calls `resend` when it may go (after the
   * user confirms a warning).
   */
  async function intercept(event, box, resend) {
    event.preventDefault();
    event.stopImmediatePropagation();
    const s = stateOf(box);
    if (s.sending || modalOpen) return;
    s.sending = true;
    try {
      clearTimeout(s.timer);
      const res = await runCheck(box);
      if (!res) return;
      const verdict = res.report?.verdict ?? "error";
      const choice = verdict === "allow" ? "go" : await confirmDialog(res, { action: s.intent?.action ?? "post", s });
      if (choice === "fix") await fixAndSend(s, resend);
      else if (choice === "schedule") await schedule(s, res.report.next_allowed_at);
      else if (choice === "go") sendNow(s, resend);
    } finally {
      s.sending = false;
    }
  }

  /** Lets the post go (the held-back event replayed), then forgets what was only for it. */
  function sendNow(s, resend) {
    bypass = true;
    try {
      resend();
    } finally {
      bypass = false;
    }
    s.intent = null;
    s.scheduled = null;
    s.notice = null;
    s.files.clear();
  }


  /** Inserts a line break where the caret is, as the browser would have for Enter. */
  function insertLineBreak(box) {
    if (box instanceof HTMLTextAreaElement) {
      box.setRangeText("\n", box.selectionStart, box.selectionEnd, "end");
      box.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, inputType: "insertLineBreak" }));
    } else {
      box.focus();
      document.execCommand("insertLineBreak");
    }
  }

  /**
   * Replays a key press that was held back. Through page-world.js (the page's world) so that
   * keyCode/which are set; the page's handlers then send. `activate` clicks a native button
   * the page did not handle; `lineBreak` inserts the line an unhandled plain Enter would have.
   */
  function replayKey(target, event, { activate = false, lineBreak = false } = {}) {
    const spec = {
      key: event.key,
      code: event.code,
      keyCode: event.keyCode || (event.key === "Enter" ? 13 : event.key === " " ? 32 : 0),
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      shiftKey: event.shiftKey,
      altKey: event.altKey,
      activate,
    };
    let handled;
    if (document.documentElement.dataset.hatsugenPageWorld) {
      const request = new CustomEvent("hatsugen:replay-key", { detail: JSON.stringify(spec), bubbles: true, composed: true, cancelable: true });
      handled = !target.dispatchEvent(request);
    } else {
      // Without the page-world helper: keyCode stays 0, which most handlers accept.
      const init = { ...spec, bubbles: true, cancelable: true, composed: true };
      handled = !target.dispatchEvent(new KeyboardEvent("keydown", init));
      target.dispatchEvent(new KeyboardEvent("keyup", init));
      if (!handled && activate && target.matches("button, input[type=submit], input[type=button]")) {
        target.click();
        handled = true;
      }
    }
    if (!handled && lineBreak) {
      const box = composeRoot(target);
      if (box?.isConnected) insertLineBreak(box);
    }
  }

  /** The send button a click or key is on (the nearest button-like element on the path). */
  function sendButtonOn(event) {
    const button = event
      .composedPath()
      .find((n) => n instanceof Element && n.matches(BUTTON_LIKE));
    if (!button || button.closest(".hatsugen-ui") || !isSendButton(button)) return null;
    return button;
  }

  function onClick(event) {
    if (bypass || !event.isTrusted) return;
    noteShadowRoots(event);
    if (options.checkActions) {
      const act = actionOn(event);
      if (act) {
        onAction(event, act);
        return;
      }
    }
    const button = sendButtonOn(event);
    if (!button) return;
    const box = boxFor(button);
    if (!box) return;
    intercept(event, box, () => button.click());
  }

  function holdKey(event) {
    heldKey = event.code || event.key;
  }

  function onKeyDown(event) {
    if (bypass || !event.isTrusted || modalOpen) return;
    noteShadowRoots(event);
    if (event.altKey && event.shiftKey && (event.code === "KeyK" || event.key === "K")) {
      focusPanel(event);
      return;
    }
    // A composition that never ended (focus moved away mid-word) must not hide later sends.
    if (!event.isComposing && event.keyCode !== 229) composing = false;
    const target = origin(event);
    if (!target) return;
    // Enter or Space on a focused send button (buttons acting on keydown, like
    // react-native-web's, send before any click).
    if (target.matches(BUTTON_LIKE) && logic.activatesButton(event)) {
      const act = options.checkActions ? actionOn(event) : null;
      if (act) {
        if (act.action === "like" || act.action === "repost") holdKey(event);
        onAction(event, act);
        return;
      }
      const button = sendButtonOn(event);
      const box = button && boxFor(button);
      if (!box) return;
      holdKey(event);
      intercept(event, box, () => replayKey(button, event, { activate: true }));
      return;
    }
    const box = composeRoot(target);
    if (!box) return;
    const sends = enterSends(box);
    const intent = logic.keyIntent(event, { enterSends: sends, composing, compositionEndedAt, now: event.timeStamp });
    if (intent !== "send" || !hasText(box)) return;
    holdKey(event);
    const plain = !(event.ctrlKey || event.metaKey);
    intercept(event, box, () => replayKey(target, event, { lineBreak: plain }));
  }

  /** The keyup of a held-back key is held back too (some sites act on keyup). */
  function onKeyUp(event) {
    if (!event.isTrusted || heldKey === null) return;
    if ((event.code || event.key) !== heldKey) return;
    heldKey = null;
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  function onSubmit(event) {
    if (bypass) return;
    const form = event.composedPath?.()[0] ?? event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const box = boxFor(form);
    if (!box || !form.contains(box)) return;
    const submitter = event.submitter;
    intercept(event, box, () => (submitter ? form.requestSubmit(submitter) : form.requestSubmit()));
  }

  /** Alt+Shift+K: to the panel of the box in use, and back. */
  function focusPanel(event) {
    const s = (lastActive && states.get(lastActive)?.panel ? states.get(lastActive) : null) ?? [...live].at(-1);
    if (!s?.panel) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const toggle = s.panel.querySelector(".hatsugen-toggle");
    if (s.panel.contains(document.activeElement)) s.box.focus();
    else toggle.focus();
  }

  // ───────────────────────────── replies, quotes and what goes with a post ─────────────────────────────

  /** The attachments of a box's post, in the order the context lists them. */
  function attachmentsOf(s) {
    return s ? [...s.files.values()].flat() : [];
  }

  /** What the check needs besides the text: the act, the post answered, attachments, the time. */
  function extrasOf(s) {
    const extra = {
      attachments: attachmentsOf(s).map((a) => ({ kind: a.kind, name: a.name, exif: a.exif ?? undefined, stripped: !!a.stripped, strippable: canStrip(a) })),
    };
    if (s.intent) {
      extra.action = s.intent.action;
      // The author's name is shown in the panel (intentNote), not sent: the core's
      // reply_to_author is what the author is (citizen, media), which the page does not say.
      if (s.intent.action === "reply") extra.replyTo = s.intent.text;
    }
    // A post the site will send later is checked at that time.
    if (s.scheduled) extra.time = s.scheduled.at;
    return extra;
  }

  /** The separator between a quote's comment and the quoted post in the text checked. */
  const QUOTE_SEPARATOR = "\n\n";

  /**
   * The text checked for a box: its text, and for a quote the quoted post after it (a quote
   * publishes both: 「👍」 over a candidate's post praises the candidate).
   */
  function checkedText(s, text) {
    return s.intent?.action === "quote" && s.intent.text ? `${text}${QUOTE_SEPARATOR}${s.intent.text}` : text;
  }

  /**
   * A compose box opened by a reply or quote control takes that reply's post: a box first
   * seen after the click, or one in a dialog, within INTENT_MS of it.
   */
  function adoptIntent(s) {
    if (s.intent || !pendingIntent) return;
    if (performance.now() - pendingIntent.at > INTENT_MS) {
      pendingIntent = null;
      return;
    }
    const fresh = s.created >= pendingIntent.at - 50 || !!s.box.closest?.('[role="dialog"], dialog, [aria-modal="true"]');
    if (!fresh || readBox(s.box).text.trim()) return;
    s.intent = pendingIntent;
    pendingIntent = null;
  }

  function intentNote(s) {
    if (!s.intent) return null;
    const label = s.intent.action === "quote" ? ["引用する投稿", "Quoting"] : ["返信先", "Replying to"];
    const who = s.intent.author ? ` (${s.intent.author})` : "";
    return bilingual("div", "hatsugen-about", `${label[0]}${who}: 「${clip(s.intent.text, 80)}」`, label[1]);
  }

  function scheduledNote(s) {
    const row = bilingual("div", "hatsugen-scheduled", `予約: ${formatTime(s.scheduled.label ?? s.scheduled.at)}(サイトの予約投稿)`, "Scheduled on the site; checked for that time");
    const undo = bilingual("button", "hatsugen-button hatsugen-unschedule", "予約を外す", "Not scheduled");
    undo.type = "button";
    undo.addEventListener("click", () => {
      s.scheduled = null;
      runCheck(s.box);
    });
    row.append(undo);
    return row;
  }

  /**
   * Whether 「修正して送信」 has something to do: a finding with a safe fix that edits the
   * text or profile, or strips the metadata of a file the extension can still strip.
   */
  function hasSafeFix(s, report) {
    const files = attachmentsOf(s);
    return report.findings.some((f) => f.fix?.safe &&
      ((f.fix.edits ?? []).length || (f.fix.attachments ?? []).some((e) => e.kind === "strip_metadata" && canStrip(files[e.attachment]))));
  }

  function scheduleLabel(iso) {
    const d = new Date(iso);
    const ja = d.toLocaleString("ja-JP", { timeZone: "Asia/Tokyo", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
    return { ja: `${ja} に予約`, en: `Schedule for ${iso}` };
  }

  /** The panel's buttons: 「修正して送信」 and 「… に予約」, when the report offers them. */
  function panelActions(s, report) {
    const row = el("div", "hatsugen-panel-actions");
    const busy = () => s.sending || modalOpen;
    if (hasSafeFix(s, report)) {
      const fix = bilingual("button", "hatsugen-button hatsugen-fix", "修正して送信", "Fix and send");
      fix.type = "button";
      fix.addEventListener("click", async () => {
        if (busy()) return;
        s.sending = true;
        try {
          await fixAndSend(s, null);
        } finally {
          s.sending = false;
        }
      });
      row.append(fix);
    }
    if (report.next_allowed_at && !s.scheduled) {
      const label = scheduleLabel(report.next_allowed_at);
      const later = bilingual("button", "hatsugen-button hatsugen-schedule", label.ja, label.en);
      later.type = "button";
      later.addEventListener("click", () => !busy() && schedule(s, report.next_allowed_at));
      row.append(later);
    }
    return row.childElementCount ? row : null;
  }

  // ───────────────────────────── 修正して送信 (fix and send) ─────────────────────────────

  /** The text with `spans` wrapped in `tag` (del for what goes, ins for what comes). */
  function marked(text, spans, tag, className) {
    const box = el("div", `hatsugen-excerpt ${className}`);
    let at = 0;
    for (const sp of [...spans].sort((a, b) => a.start - b.start)) {
      if (sp.start < at) continue;
      box.append(document.createTextNode(text.slice(at, sp.start)));
      const m = el(tag, "hatsugen-change", text.slice(sp.start, sp.end));
      if (sp.start === sp.end) m.classList.add("hatsugen-empty");
      box.append(m);
      at = sp.end;
    }
    box.append(document.createTextNode(text.slice(at)));
    return box;
  }

  /**
   * The preview of 「修正して送信」: before and after with the changes marked, the profile
   * change as an instruction (the extension cannot edit a site's profile: the user confirms
   * having made it), the photos whose metadata goes, and whether the fixed post may go.
   * Resolves "go" or "cancel".
   */
  function fixPreview(s, original, fixed, comment, strip) {
    const verdict = fixed.report.verdict;
    const textEdits = fixed.applied.filter((a) => a.target === "text");
    const profileEdits = fixed.applied.filter((a) => a.target === "profile");
    return modal({
      verdict,
      kind: "fix",
      build(dialog) {
        dialog.append(bilingual("h2", "hatsugen-modal-title", "修正して送信", "Fix and send"));
        if (textEdits.length) {
          dialog.append(bilingual("div", "hatsugen-label", "修正前", "Before"));
          dialog.append(marked(original, textEdits.map((a) => a.span), "del", "hatsugen-before"));
          dialog.append(bilingual("div", "hatsugen-label", "修正後(この内容で送信します)", "After (what will be sent)"));
          dialog.append(marked(fixed.text, textEdits.map((a) => a.fixed_span), "ins", "hatsugen-after"));
        } else {
          dialog.append(bilingual("p", "hatsugen-clause", "本文は変わりません。", "The text stays as it is."));
        }
        for (const i of strip) {
          const a = attachmentsOf(s)[i];
          dialog.append(bilingual("div", "hatsugen-strip-note", `添付の写真「${a?.name ?? i + 1}」から位置情報などのメタデータを削除します。`, "The photo's metadata (location, time, camera) will be removed."));
        }
        if (profileEdits.length) {
          const added = profileEdits.map((a) => a.replacement.trim()).join(" ");
          const box = el("div", "hatsugen-profile-fix");
          box.append(bilingual("p", "hatsugen-modal-lead", `プロフィール(自己紹介)に次の文を追加してください: 「${added}」`, `Add this to the account's profile (bio): "${added}"`));
          box.append(bilingual("p", "hatsugen-clause", "拡張機能はサイトのプロフィールを変更できません。", "The extension cannot edit the site's profile."));
          const label = el("label", "hatsugen-check");
          const tick = el("input", "hatsugen-profile-done");
          tick.type = "checkbox";
          label.append(tick, bilingual("span", "", "プロフィールに追加しました(設定のプロフィール文も更新します)", "I have added it (the profile in the settings is updated too)"));
          box.append(label);
          dialog.append(box);
        }
        if (verdict === "block") {
          dialog.append(bilingual("p", "hatsugen-modal-lead hatsugen-still-blocked", "修正してもこの投稿は送信できません。理由:", "Even fixed, this post cannot be sent. Why:"));
        } else if (verdict === "warn") {
          dialog.append(bilingual("p", "hatsugen-modal-lead", "修正後も注意が必要な点があります。確認のうえ送信してください:", "Fixed, it still needs care. Send only if this is fine:"));
        } else {
          dialog.append(bilingual("p", "hatsugen-modal-lead", "修正後は問題ありません。", "Fixed, it has no problems."));
        }
        if (fixed.report.findings.length) dialog.append(findingsList(fixed.report, attachmentsOf(s)));
        const next = nextAllowed(fixed.report);
        if (next) dialog.append(next);
        dialog.dataset.comment = comment;
      },
      buttons: verdict === "block"
        ? [{ cls: "hatsugen-close", ja: "閉じる", en: "Close", value: "cancel" }]
        : [{ cls: "hatsugen-cancel", ja: "やめる", en: "Cancel", value: "cancel" }, { cls: "hatsugen-confirm hatsugen-fix-send", ja: "修正して送信", en: "Fix and send", value: "go" }],
      onOpen(dialog) {
        const tick = dialog.querySelector(".hatsugen-profile-done");
        const send = dialog.querySelector(".hatsugen-fix-send");
        if (!tick || !send) return;
        send.disabled = true;
        tick.addEventListener("change", () => (send.disabled = !tick.checked));
      },
    });
  }

  /**
   * 「修正して送信」: the safe fixes applied by the checker (Checker.fix), shown, and only
   * after the user confirms written into the box (and the photos stripped), checked again
   * as written, and sent: by replaying the held-back send (`resend`) or clicking the box's
   * send button. A fixed post that still blocks is not sent.
   */
  async function fixAndSend(s, resend) {
    const box = s.box;
    const { text } = readBox(box);
    const full = checkedText(s, text);
    const res = await requestCheck(full, extrasOf(s), "fix");
    if (res.error || !res.fixed) {
      await confirmDialog({ error: res.error ?? { message: "no answer" } }, { s });
      return;
    }
    const fixed = res.fixed;
    // The files the core's fixes strip (the worker lists only those this script can strip).
    const strip = [...new Set((fixed.attachments ?? []).filter((a) => a.kind === "strip_metadata").map((a) => a.attachment))];
    // A quote's quoted post is not the user's to change: only the comment is written back.
    let comment = fixed.text;
    if (s.intent?.action === "quote" && s.intent.text) {
      const tail = `${QUOTE_SEPARATOR}${s.intent.text}`;
      if (!fixed.text.endsWith(tail)) {
        s.notice = { ja: "引用元の投稿は修正できません。", en: "The quoted post cannot be changed." };
        render(s, full, readBox(box).pieces, { report: s.report, context: res.context });
        return;
      }
      comment = fixed.text.slice(0, -tail.length);
    }
    const choice = await fixPreview(s, full, fixed, comment, strip);
    if (choice !== "go") return;
    if (strip.length) await stripAttachments(s, strip);
    if (comment !== text && !(await writeText(box, comment))) {
      s.notice = { ja: "修正した文を入力欄に書き込めませんでした。修正後の文をコピーして貼り付けてください。", en: "The fixed text could not be written into the box; copy it in by hand." };
      render(s, full, readBox(box).pieces, { report: s.report, context: res.context });
      return;
    }
    if (fixed.applied.some((a) => a.target === "profile") && fixed.profile !== null) {
      await chrome.runtime.sendMessage({ type: "setProfile", profile: fixed.profile }).catch(() => {});
    }
    // What the box holds now is what goes: checked once more.
    clearTimeout(stateOf(box).timer);
    const again = await runCheck(box);
    const verdict = again?.report?.verdict ?? "error";
    if (verdict === "block" || verdict === "error" || (verdict === "warn" && fixed.report.verdict === "allow")) {
      // Worse than the preview said (the site changed the text, a setting changed): the
      // dialog says why, and a block stays stopped.
      if ((await confirmDialog(again, { s })) !== "go") return;
    }
    if (resend) {
      sendNow(s, resend);
      return;
    }
    const button = sendButtonOf(s);
    if (button?.isConnected) {
      sendNow(s, () => button.click());
    } else {
      s.notice = { ja: "修正しました。送信ボタンを押して送信してください。", en: "Fixed. Press the site's send button to send." };
      render(s, s.checked, readBox(box).pieces, again);
    }
  }

  /** Sets an input's value the way a user would (React reads it back from the input event). */
  function setInputValue(input, value) {
    const proto = Object.getPrototypeOf(input);
    const setter = Object.getOwnPropertyDescriptor(proto, "value")?.set ?? Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
    if (setter) setter.call(input, value);
    else input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
    input.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
  }

  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const sameText = (a, b) => a.replace(/\n+$/, "") === b.replace(/\n+$/, "");

  function selectContents(box) {
    box.focus();
    const root = box.getRootNode();
    const sel = root.getSelection?.() ?? document.getSelection();
    const range = document.createRange();
    range.selectNodeContents(box);
    sel.removeAllRanges();
    sel.addRange(range);
  }

  /**
   * Puts `text` in place of a box's text as typing or pasting would, so the site's own model
   * (React's value tracker, Draft.js, Lexical) follows: a textarea through the editing
   * command (the undo history keeps it) or its value setter; an editor through a paste
   * of the whole text over the whole selection (editors read the clipboard data), or the
   * editing command where no script handles the paste. True when the box then holds it.
   */
  async function writeText(box, text) {
    if (box instanceof HTMLTextAreaElement) {
      box.focus();
      box.select();
      document.execCommand("insertText", false, text);
      if (box.value !== text) setInputValue(box, text);
      return box.value === text;
    }
    selectContents(box);
    const data = new DataTransfer();
    data.setData("text/plain", text);
    const paste = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true, composed: true });
    const handled = !box.dispatchEvent(paste);
    await frame();
    if (handled && sameText(readBox(box).text, text)) return true;
    selectContents(box);
    document.execCommand("insertText", false, text);
    await frame();
    return sameText(readBox(box).text, text);
  }

  // ───────────────────────────── 予約 (later) ─────────────────────────────

  /** Every element matching `selector` in the document and the open shadow roots. */
  function queryAll(selector) {
    discoverShadowRoots();
    const out = [];
    for (const scope of [document, ...shadowRoots]) {
      try {
        out.push(...scope.querySelectorAll(selector));
      } catch {
        return out;
      }
    }
    return out;
  }

  const shown = (e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !e.closest(".hatsugen-ui");
  };

  function firstShown(selectors) {
    for (const sel of selectors) {
      const found = queryAll(sel).find(shown);
      if (found) return found;
    }
    return null;
  }

  /** The site's control that opens scheduled posting, near the box: the adapter's, or one labelled 予約 / Schedule. */
  function scheduleOpener(s) {
    const own = firstShown(adapter.scheduleOpen);
    if (own) return own;
    let node = s.box;
    for (let depth = 0; node && depth < 8; depth++, node = parentOf(node)) {
      const scope = node.parentNode instanceof ShadowRoot ? node.parentNode : node;
      const found = [...scope.querySelectorAll(BUTTON_LIKE)].find((b) => shown(b) && logic.isScheduleLabel(labelOf(b)));
      if (found) return found;
    }
    return null;
  }

  async function waitFor(find, ms = 1500) {
    const end = performance.now() + ms;
    for (;;) {
      const found = find();
      if (found || performance.now() > end) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Fills the site's scheduled posting with `values` (logic.scheduleValues): opens it, sets
   * the date-time input (or a date and a time input) and confirms. Null when the site shows
   * no such thing.
   */
  async function fillSiteSchedule(s, values) {
    const dateInput = () => firstShown([...adapter.scheduleInput, 'input[type="datetime-local"]', 'input[type="date"]']);
    let input = dateInput();
    if (!input) {
      const opener = scheduleOpener(s);
      if (!opener) return null;
      opener.click();
      input = await waitFor(dateInput);
      if (!input) return null;
    }
    const scope = input.closest('[role="dialog"], dialog, form, section, fieldset') ?? parentOf(input) ?? document;
    if (input.type === "date") {
      setInputValue(input, values.date);
      const time = [...scope.querySelectorAll('input[type="time"]')].find(shown);
      if (!time) return null;
      setInputValue(time, values.time);
    } else {
      setInputValue(input, values.datetimeLocal);
    }
    const confirm = firstShown(adapter.scheduleConfirm) ?? [...scope.querySelectorAll(BUTTON_LIKE)].find((b) => shown(b) && logic.isConfirmLabel(labelOf(b)));
    confirm?.click();
    return { input };
  }

  /**
   * 「… に予約」: the site's scheduled posting when it has one (the post is then checked for
   * that time, and goes when the user confirms it on the site), else a reminder (an alarm
   * and a notification at that time, kept by the service worker). The post is not sent now.
   */
  async function schedule(s, when) {
    const values = logic.scheduleValues(when);
    if (!values) return;
    const onSite = await fillSiteSchedule(s, values);
    if (onSite) {
      s.scheduled = { at: values.at, label: when };
      s.notice = { ja: `サイトの予約投稿を ${values.date} ${values.time} に設定しました。サイトの予約ボタンで確定してください。`, en: `Scheduled on the site for ${values.datetimeLocal} (your time). Confirm with the site's button.` };
      await runCheck(s.box);
      return;
    }
    const { text } = readBox(s.box);
    let res;
    try {
      res = await chrome.runtime.sendMessage({ type: "remind", text, when: values.at, url: location.href, title: document.title });
    } catch (e) {
      res = { error: { message: String(e?.message ?? e) } };
    }
    s.notice = res?.ok
      ? { ja: `${formatTime(when)} にお知らせします(このサイトには予約投稿がありません)。投稿はまだ送信されていません。`, en: "A reminder is set for that time (this site has no scheduled posts). The post has not been sent." }
      : { ja: `リマインダーを設定できませんでした: ${res?.error?.message ?? ""}`, en: "The reminder could not be set." };
    if (s.panel) s.panel.dataset.reminder = res?.ok ? res.reminder.id : "";
    await runCheck(s.box);
  }

  // ───────────────────────────── likes, reposts, replies, quotes ─────────────────────────────

  const POSTS = 'article, [role="article"], [data-testid="tweet"], [data-hatsugen-post]';
  const POST_TEXT = '[data-testid="tweetText"], [data-hatsugen-post-text], [data-ad-preview="message"]';
  const POST_AUTHOR = '[data-testid="User-Name"], [data-hatsugen-post-author]';
  const ACTION_CONTROLS = `${BUTTON_LIKE}, [role="menuitem"], a[href]`;

  function closestAny(el, selectors) {
    for (const sel of selectors) {
      try {
        const found = el.closest(sel);
        if (found) return found;
      } catch {
        // an adapter's selector this browser does not take
      }
    }
    return null;
  }

  function queryIn(root, selectors) {
    for (const sel of selectors) {
      try {
        const found = root.querySelector(sel);
        if (found) return found;
      } catch {
        // as above
      }
    }
    return null;
  }

  /** The text and author of a post in a timeline. */
  function postOf(article) {
    const textEl = queryIn(article, [...adapter.postText, POST_TEXT]) ?? article.querySelector("[lang]");
    let text;
    if (textEl) {
      text = textEl.innerText ?? textEl.textContent;
    } else {
      const copy = article.cloneNode(true);
      for (const c of copy.querySelectorAll(`${BUTTON_LIKE}, [role="group"], time, ${POST_AUTHOR}`)) c.remove();
      text = copy.textContent;
    }
    const authorEl = queryIn(article, [...adapter.postAuthor, POST_AUTHOR]);
    const author = authorEl ? (authorEl.innerText ?? authorEl.textContent).split("\n").map((x) => x.trim()).filter(Boolean)[0] ?? null : null;
    return { text: String(text ?? "").trim(), author };
  }

  /**
   * The act a click or key is on: `{ action, control, post }` for a like, repost, repost
   * menu, quote or reply control on a post (not a compose box's own button), or for the
   * repost menu's items; null otherwise.
   */
  function actionOn(event) {
    const control = event.composedPath().find((n) => n instanceof Element && n.matches(ACTION_CONTROLS));
    if (!control || control.closest(".hatsugen-ui")) return null;
    const byAdapter = ["like", "repost", "quote", "reply"].find((k) => matchesAny(control, adapter[k])) ??
      (matchesAny(control, adapter.repostMenu) ? "repost-menu" : null);
    const popup = control.getAttribute("aria-haspopup");
    const action = byAdapter ?? logic.actionOf({
      testid: control.getAttribute("data-testid") ?? "",
      label: labelOf(control),
      hasPopup: popup === "menu" || popup === "true",
    });
    if (!action) return null;
    const article = closestAny(control, [...adapter.posts, POSTS]);
    if (article && !article.querySelector(composerQuery())) return { action, control, post: postOf(article) };
    // A menu item (リポスト, 引用) outside the post: the post whose menu was opened.
    const inMenu = control.matches('[role="menuitem"]') || !!control.closest('[role="menu"]');
    if (inMenu && (action === "repost" || action === "quote") && pendingMenu && performance.now() - pendingMenu.at < INTENT_MS) {
      return { action, control, post: pendingMenu.post };
    }
    return null;
  }

  /**
   * A like or repost: held, checked as a post of the liked text (context action), and
   * replayed when allowed or when the user accepts a warning; a block is explained and the
   * like does not happen. A reply or quote control is let through (it opens a composer) and
   * the post is remembered for the reply's check; the repost menu's opener likewise.
   */
  function onAction(event, act) {
    if (act.action === "repost-menu") {
      pendingMenu = { post: act.post, at: performance.now() };
      return;
    }
    if (act.action === "reply" || act.action === "quote") {
      if (act.post.text) pendingIntent = { action: act.action, text: act.post.text, author: act.post.author, at: performance.now() };
      pendingMenu = null;
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (modalOpen || actionBusy || !act.post.text) {
      if (!act.post.text) replayAction(act.control);
      return;
    }
    actionBusy = true;
    (async () => {
      try {
        const res = await requestCheck(act.post.text, { action: act.action });
        res.checkedText = act.post.text;
        const verdict = res.report?.verdict ?? "error";
        const choice = verdict === "allow" ? "go" : await confirmDialog(res, { action: act.action });
        if (choice === "go") replayAction(act.control);
        if (act.action === "repost") pendingMenu = null;
      } finally {
        actionBusy = false;
      }
    })();
  }
  let actionBusy = false;

  function replayAction(control) {
    if (!control.isConnected) return;
    bypass = true;
    try {
      control.click();
    } finally {
      bypass = false;
    }
  }

  // ───────────────────────────── photos ─────────────────────────────

  const looksJpeg = (file) => /^image\/(jpeg|jpg|pjpeg)$/i.test(file.type) || (!file.type && /\.jpe?g$/i.test(file.name)) || /\.jpe?g$/i.test(file.name);
  const kindOf = (file) => (/^image\//i.test(file.type) ? "image" : /^video\//i.test(file.type) ? "video" : "file");

  /** The compose box a file input or drop belongs to: the nearest one among its ancestors. */
  function boxNear(from) {
    const form = from.closest?.("form");
    const inForm = form && [...form.querySelectorAll(composerQuery())].map(composeRoot).find(Boolean);
    if (inForm) return inForm;
    let node = from;
    for (let depth = 0; node && depth < 8; depth++, node = parentOf(node)) {
      const scope = node.parentNode instanceof ShadowRoot ? node.parentNode : node;
      if (lastActive?.isConnected && scope.contains(lastActive)) return lastActive;
      const found = [...scope.querySelectorAll(composerQuery())].map(composeRoot).find(Boolean);
      if (found) return found;
    }
    return lastActive?.isConnected ? lastActive : null;
  }

  /** Reads each file's metadata (JPEG photos); the rest are listed by kind and name. */
  async function describeFiles(files, source) {
    const out = [];
    for (const file of files) {
      const a = { kind: kindOf(file), name: file.name, exif: null, info: null, file, source };
      if (looksJpeg(file) && exifLib) {
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          a.info = exifLib.readJpegMetadata(bytes);
          a.exif = exifLib.toContextExif(a.info);
        } catch {
          // unreadable: listed without metadata
        }
      }
      out.push(a);
    }
    return out;
  }

  /** What the photo dialog shows for one file. */
  function photoFacts(a) {
    const li = el("li", "hatsugen-photo");
    li.append(el("div", "hatsugen-photo-name", a.name));
    const facts = [];
    if (a.info?.gps) facts.push([`撮影場所(GPS): ${a.info.gps[0].toFixed(5)}, ${a.info.gps[1].toFixed(5)}`, "Where it was taken (GPS)"]);
    if (a.info?.takenAt) facts.push([`撮影日時: ${a.info.takenAt}`, "When it was taken"]);
    if (a.exif?.device_model) facts.push([`機種: ${a.exif.device_model}`, "Camera"]);
    if (a.info?.hasOther) facts.push(["その他のメタデータ(XMP・コメントなど)", "Other metadata (XMP, comments…)"]);
    for (const [ja, en] of facts) li.append(bilingual("div", "hatsugen-photo-fact", ja, en));
    return li;
  }

  /**
   * The photos of a selection or drop, before the site sees them: the metadata read, the
   * post checked with them (the core's warnings on GPS, places and work-hours photos), and,
   * when anything is found, the user's choice: strip the metadata (the files are replaced, losslessly),
   * attach as they are, or not attach. Resolves "strip", "keep" or "cancel"; "keep" at
   * once when nothing was found.
   */
  async function reviewPhotos(key, list, box) {
    const s = box ? stateOf(box) : null;
    const owner = s ?? { files: new Map(), intent: null, scheduled: null };
    owner.files.set(key, list);
    if (!list.some((a) => a.exif || a.info?.hasOther)) return "keep";
    const all = attachmentsOf(owner);
    const base = all.indexOf(list[0]);
    const { text } = box ? readBox(box) : { text: "" };
    const res = await requestCheck(checkedText(owner, text), extrasOf(owner));
    const about = (res.report?.findings ?? []).filter((f) => Number.isInteger(f.attachment) && f.attachment >= base && f.attachment < base + list.length);
    if (!about.length) {
      if (box) scheduleCheck(box, false);
      return "keep";
    }
    const verdict = about.some((f) => f.severity === "block") ? "block" : "warn";
    const choice = await modal({
      verdict,
      kind: "photo",
      build(dialog) {
        dialog.append(bilingual("h2", "hatsugen-modal-title", "写真の情報を確認してください", "Check what the photo tells"));
        dialog.append(bilingual("p", "hatsugen-modal-lead", "添付する写真に次の情報が含まれています。", "The photo carries this information:"));
        const ul = el("ul", "hatsugen-photos");
        for (const a of list) if (a.exif || a.info?.hasOther) ul.append(photoFacts(a));
        dialog.append(ul);
        dialog.append(findingsList({ findings: about }, all));
      },
      buttons: [
        { cls: "hatsugen-cancel", ja: "添付しない", en: "Do not attach", value: "cancel" },
        { cls: "hatsugen-keep", ja: "そのまま添付", en: "Attach as it is", value: "keep" },
        { cls: "hatsugen-confirm hatsugen-strip", ja: "情報を削除して添付", en: "Remove it and attach", value: "strip" },
      ],
      onOpen(dialog) {
        dialog.querySelector(".hatsugen-strip")?.focus();
      },
    });
    if (choice === "cancel") owner.files.delete(key);
    return choice;
  }

  /** The files with the metadata of every JPEG in `which` removed (others as they are). */
  async function strippedFiles(files, which) {
    const out = [];
    for (const file of files) {
      if (!which(file) || !looksJpeg(file)) {
        out.push(file);
        continue;
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const stripped = exifLib.stripJpegMetadata(bytes);
      out.push(stripped ? new File([stripped.bytes], file.name, { type: file.type || "image/jpeg", lastModified: file.lastModified }) : file);
    }
    return out;
  }

  /** Puts `files` in a file input as if chosen (DataTransfer), without events. */
  function setFiles(input, files) {
    const data = new DataTransfer();
    for (const f of files) data.items.add(f);
    input.files = data.files;
  }

  /**
   * After stripping: the new files, marked stripped. `exif` stays what the file said when
   * attached (where and when the picture was taken still count; the worker drops what
   * stripping resolved); `info`, what the file carries now, goes.
   */
  function markStripped(list, files) {
    list.forEach((a, i) => {
      a.file = files[i] ?? a.file;
      a.info = null;
      a.stripped = true;
    });
  }

  /**
   * Whether 「修正して送信」 can still strip an attachment's metadata: a JPEG in a file input
   * (the files are replaced there) not stripped yet; not a dropped file (the site has it).
   */
  function canStrip(a) {
    return !!a && !a.stripped && a.source instanceof HTMLInputElement && looksJpeg(a.file);
  }

  /** A file input's selection, held from the site until the photos are reviewed. */
  const heldInputs = new Map();

  function onFileEvent(event) {
    if (!event.isTrusted) return;
    // The `change` that follows does not leave a shadow root: listen there from now on.
    noteShadowRoots(event);
    const input = event.composedPath?.()[0];
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || input.closest(".hatsugen-ui")) return;
    const held = heldInputs.get(input);
    if (held) {
      // The `change` after the `input` of the same selection: held too.
      held.events.push(event.type);
      event.stopImmediatePropagation();
      return;
    }
    const files = [...(input.files ?? [])];
    const box = boxNear(input);
    if (!options.checkPhotos || !files.some(looksJpeg)) {
      if (box) {
        const s = stateOf(box);
        if (files.length) s.files.set(input, files.map((f) => ({ kind: kindOf(f), name: f.name, exif: null, info: null, file: f, source: input })));
        else s.files.delete(input);
        scheduleCheck(box, false);
      }
      return;
    }
    event.stopImmediatePropagation();
    const entry = { events: [event.type] };
    heldInputs.set(input, entry);
    (async () => {
      let choice = "keep";
      let list = [];
      try {
        list = await describeFiles(files, input);
        choice = await reviewPhotos(input, list, box);
        if (choice === "strip") {
          const fresh = await strippedFiles(files, () => true);
          setFiles(input, fresh);
          markStripped(list, fresh);
        }
      } catch (e) {
        console.error("hatsugen: photo", e);
      } finally {
        heldInputs.delete(input);
      }
      if (choice === "cancel") {
        input.value = "";
      } else {
        // The site sees the selection now: the events it would have had, in their order.
        const types = entry.events.includes("change") ? entry.events : [...entry.events, "change"];
        for (const type of types) input.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
      }
      if (box) scheduleCheck(box, false);
    })();
  }

  /** Photos dropped on a compose box: held, reviewed, and dropped again (stripped if chosen). */
  function onDropFiles(event) {
    if (!event.isTrusted || !options.checkPhotos) return;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!files.some(looksJpeg)) return;
    const target = origin(event);
    const box = target && (composeRoot(target) ?? boxNear(target));
    if (!box) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const { clientX, clientY, screenX, screenY } = event;
    const key = `drop-${performance.now()}`;
    (async () => {
      const list = await describeFiles(files, null);
      const choice = await reviewPhotos(key, list, box);
      if (choice === "cancel") return;
      const fresh = choice === "strip" ? await strippedFiles(files, () => true) : files;
      if (choice === "strip") markStripped(list, fresh);
      const data = new DataTransfer();
      for (const f of fresh) data.items.add(f);
      bypass = true;
      try {
        target.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true, composed: true, clientX, clientY, screenX, screenY }));
      } finally {
        bypass = false;
      }
      scheduleCheck(box, false);
    })();
  }

  /**
   * At sending (「修正して送信」): the metadata of these attachments (indices into the
   * post's attachments) removed, the files replaced in their input, and the site told as
   * if they were chosen again (input and change events).
   */
  async function stripAttachments(s, indices) {
    const all = attachmentsOf(s);
    for (const [key, list] of s.files) {
      const picked = list.filter((a) => indices.includes(all.indexOf(a)));
      if (!picked.length) continue;
      if (!(key instanceof HTMLInputElement)) continue; // a drop: the site has the file already
      const files = [...(key.files ?? [])];
      const chosen = (f) => picked.some((a) => a.file === f || a.name === f.name);
      const fresh = await strippedFiles(files, chosen);
      setFiles(key, fresh);
      markStripped(picked, picked.map((a) => fresh[files.findIndex((f) => f === a.file || f.name === a.name)]));
      for (const type of ["input", "change"]) key.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
    }
  }

  // ───────────────────────────── wiring ─────────────────────────────

  /** Any sign that a compose box's text may have changed. */
  function onEdit(event) {
    noteShadowRoots(event);
    const box = composeRoot(origin(event));
    if (!box) return;
    watch(box);
    scheduleCheck(box);
  }
  // Before the edit listeners: a file selection or drop may be held back from the page.
  window.addEventListener("input", onFileEvent, true);
  window.addEventListener("change", onFileEvent, true);
  window.addEventListener("drop", onDropFiles, true);
  for (const type of ["input", "beforeinput", "paste", "drop", "cut", "compositionend"]) {
    window.addEventListener(type, onEdit, true);
  }
  window.addEventListener("compositionstart", () => (composing = true), true);
  window.addEventListener("compositionend", (e) => {
    composing = false;
    compositionEndedAt = e.timeStamp;
  }, true);
  window.addEventListener("focusin", (e) => {
    noteShadowRoots(e);
    const box = composeRoot(origin(e));
    if (box) {
      watch(box);
      if (hasText(box) && !stateOf(box).panel) scheduleCheck(box);
    }
  }, true);
  window.addEventListener("click", onClick, true);
  window.addEventListener("keydown", onKeyDown, true);
  window.addEventListener("keyup", onKeyUp, true);
  window.addEventListener("submit", onSubmit, true);
  window.addEventListener("scroll", repositionAll, true);
  window.addEventListener("resize", repositionAll);
  // Text that changes with no event at all (a textarea's value set by script, a page that
  // clears the box after sending): the box in use and the boxes with a panel are re-read.
  setInterval(() => {
    repositionAll();
    const boxes = new Set([...live].map((s) => s.box));
    if (lastActive) boxes.add(lastActive);
    for (const box of boxes) {
      const s = stateOf(box);
      if (box.isConnected && !s.sending && readBox(box).text !== s.text) scheduleCheck(box, false);
    }
  }, 500);
})();
