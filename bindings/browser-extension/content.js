// Content script: finds compose boxes (textarea and contenteditable, in the document and in
// open shadow roots), checks as the user types, shows the findings beside the box without
// covering the site's controls, and stops every way of sending (a click or a key on a send
// button, Enter or Ctrl/Cmd+Enter in a box, form submission) until the post is checked again
// at the moment of sending. The checker itself runs in the service worker; what is known
// about each site is data (site-logic.js: adapters, keys, labels, placement).
(() => {
  "use strict";
  if (globalThis.__hatsugenContentLoaded) return;
  globalThis.__hatsugenContentLoaded = true;

  const logic = globalThis.hatsugenLogic;
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

  // The user's adapters (options page) come first.
  function loadAdapters() {
    chrome.storage?.local.get("settings").then(
      (v) => (adapter = logic.adapterFor(location.hostname, v?.settings?.adapters ?? [])),
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
        n.addEventListener("submit", onSubmit, true);
      }
    }
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
      s = { box, panel: null, timer: 0, seq: 0, text: "", report: null, ranges: [], sending: false, observer: null, userCollapsed: null, sendButton: null };
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
    if (!s.observer && !(box instanceof HTMLTextAreaElement)) {
      s.observer = new MutationObserver(() => scheduleCheck(box, false));
      s.observer.observe(box, { subtree: true, childList: true, characterData: true });
    }
  }

  // ───────────────────────────── checking ─────────────────────────────

  async function requestCheck(text) {
    try {
      const res = await chrome.runtime.sendMessage({
        type: "check",
        text,
        hostname: location.hostname,
        time: new Date().toISOString(),
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
    const res = await requestCheck(text);
    if (seq !== s.seq) return res; // a newer check is under way
    s.text = text;
    s.report = res.report ?? null;
    render(s, text, pieces, res);
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
  function findingsList(report) {
    const list = el("ul", "hatsugen-findings");
    for (const f of report.findings) {
      const li = el("li", "hatsugen-finding");
      li.dataset.rule = f.rule;
      li.dataset.severity = f.severity;
      const head = el("div", "hatsugen-finding-head");
      head.append(el("span", `hatsugen-badge hatsugen-sev-${f.severity}`, `${SEVERITY_JA[f.severity]} / ${SEVERITY_EN[f.severity]}`));
      head.append(bilingual("span", "hatsugen-msg", f.message.ja, f.message.en));
      li.append(head);
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
      if (r.findings.some((f) => f.spans.length)) body.append(excerpt(text, r));
      if (r.findings.length) body.append(findingsList(r));
      const next = nextAllowed(r);
      if (next) body.append(next);
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
          root.addEventListener("submit", onSubmit, true);
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

  /** Shows the result of the check at sending; resolves true when the post may go. */
  function confirmDialog(res) {
    const verdict = res.report ? res.report.verdict : "error";
    // Focus goes back where it was (the compose box, the send button) when the dialog closes.
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
      const [ja, en] = VERDICT_TEXT[verdict];
      dialog.append(bilingual("h2", "hatsugen-modal-title", ja, en));
      if (verdict === "block") {
        dialog.append(bilingual("p", "hatsugen-modal-lead", "送信を止めました。理由:", "Sending was stopped. Why:"));
      } else if (verdict === "warn") {
        dialog.append(bilingual("p", "hatsugen-modal-lead", "このまま送信しますか？", "Send it anyway?"));
      } else {
        dialog.append(bilingual("p", "hatsugen-modal-lead", `発言チェックが使えません: ${res.error?.message ?? ""}`, "The checker is unavailable. Send without checking?"));
      }
      if (res.report) {
        dialog.append(findingsList(res.report));
        const next = nextAllowed(res.report);
        if (next) dialog.append(next);
        else if (verdict === "block") dialog.append(bilingual("div", "hatsugen-next", "内容を修正してから送信してください。", "Edit the post before sending it."));
      }
      const actions = el("div", "hatsugen-actions");
      const done = (ok) => {
        modalOpen = false;
        backdrop.remove();
        document.removeEventListener("keydown", onKey, true);
        if (previous?.isConnected) previous.focus({ preventScroll: true });
        resolve(ok);
      };
      const onKey = (e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopImmediatePropagation();
          done(false);
        }
      };
      document.addEventListener("keydown", onKey, true);
      if (verdict === "block") {
        const close = bilingual("button", "hatsugen-button hatsugen-close", "閉じる", "Close");
        close.type = "button";
        close.addEventListener("click", () => done(false));
        actions.append(close);
      } else {
        const cancel = bilingual("button", "hatsugen-button hatsugen-cancel", "やめる", "Cancel");
        cancel.type = "button";
        cancel.addEventListener("click", () => done(false));
        const send = bilingual("button", "hatsugen-button hatsugen-confirm", "送信する", "Send anyway");
        send.type = "button";
        send.addEventListener("click", () => done(true));
        actions.append(cancel, send);
      }
      dialog.append(actions);
      backdrop.append(dialog);
      document.body.append(backdrop);
      actions.querySelector("button")?.focus();
    });
  }


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
      const go = verdict === "allow" ? true : await confirmDialog(res);
      if (!go) return;
      bypass = true;
      try {
        resend();
      } finally {
        bypass = false;
      }
    } finally {
      s.sending = false;
    }
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

  // ───────────────────────────── wiring ─────────────────────────────

  /** Any sign that a compose box's text may have changed. */
  function onEdit(event) {
    noteShadowRoots(event);
    const box = composeRoot(origin(event));
    if (!box) return;
    watch(box);
    scheduleCheck(box);
  }
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
