// Content script: finds compose boxes (textarea and contenteditable), checks as the user
// types, shows the findings beside the box, and stops sending until the post is checked
// again at the moment of sending. The checker itself runs in the service worker.
(() => {
  "use strict";
  if (globalThis.__hatsugenContentLoaded) return;
  globalThis.__hatsugenContentLoaded = true;

  const DEBOUNCE_MS = 300;
  const EXCERPT_MAX = 1200;

  /** Elements the sites use as send buttons, besides buttons labelled as such. */
  const SEND_SELECTORS = [
    '[data-testid="tweetButton"]',
    '[data-testid="tweetButtonInline"]',
    '[data-testid="dmComposerSendButton"]',
    '[data-hatsugen-send]',
    'button[type="submit"]',
    'input[type="submit"]',
  ];
  const SEND_LABEL = /^(送信|送信する|投稿|投稿する|ポスト|ポストする|ポストを送信|返信|返信する|ツイート|ツイートする|シェア|シェアする|公開|共有|post|post all|send|tweet|reply|share|publish)$/i;

  const SEVERITY_JA = { block: "送信不可", warn: "要確認", info: "参考" };
  const SEVERITY_EN = { block: "Blocked", warn: "Check", info: "Note" };
  const VERDICT_TEXT = {
    block: ["この投稿は送信できません", "This post cannot be sent"],
    warn: ["注意が必要な内容があります", "This post needs care"],
    allow: ["問題は見つかりませんでした", "No problems found"],
    error: ["確認できませんでした", "Could not check"],
  };

  /** @type {WeakMap<Element, BoxState>} */
  const states = new WeakMap();
  /** Boxes with a panel, for repositioning and clean-up. */
  const live = new Set();
  let lastActive = null;
  let boxCounter = 0;
  /** Set while re-sending a post the user confirmed, so the listeners let it through. */
  let bypass = false;
  let modalOpen = false;

  // ───────────────────────────── compose boxes ─────────────────────────────

  function composeRoot(node) {
    const el = node instanceof Element ? node : node?.parentElement;
    if (!el || el.closest(".hatsugen-ui")) return null;
    const ta = el.closest("textarea");
    if (ta) return ta.readOnly || ta.disabled ? null : ta;
    if (!el.isContentEditable) return null;
    let root = el;
    while (root.parentElement?.isContentEditable) root = root.parentElement;
    return root;
  }

  function stateOf(box) {
    let s = states.get(box);
    if (!s) {
      s = { box, panel: null, timer: 0, seq: 0, text: "", report: null, ranges: [] };
      states.set(box, s);
    }
    return s;
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
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      const over = marks.filter((m) => m.start <= a && m.end >= b && m.start < m.end);
      if (!over.length) {
        box.append(document.createTextNode(text.slice(a, b)));
        continue;
      }
      const top = over.reduce((x, y) => (rank[y.severity] > rank[x.severity] ? y : x));
      const mark = el("mark", `hatsugen-mark hatsugen-sev-${top.severity}`, text.slice(a, b));
      mark.title = over.map((m) => m.rule).join(", ");
      box.append(mark);
    }
    if (limit < text.length) box.append(el("span", "hatsugen-more", " …"));
    return box;
  }

  function render(s, text, pieces, res) {
    const verdict = res.report ? res.report.verdict : "error";
    if (!s.panel) {
      s.panel = el("div", "hatsugen-ui hatsugen-panel");
      s.panel.dataset.box = s.box.id || `box-${++boxCounter}`;
      s.panel.setAttribute("lang", "ja");
      s.panel.setAttribute("role", "status");
      s.panel.setAttribute("aria-live", "polite");
      document.body.append(s.panel);
      live.add(s);
    }
    const p = s.panel;
    p.dataset.verdict = verdict;
    p.replaceChildren();
    const head = el("div", "hatsugen-head");
    head.append(el("span", "hatsugen-title", "発言チェック"));
    head.append(bilingual("span", `hatsugen-verdict hatsugen-sev-${verdict}`, ...VERDICT_TEXT[verdict]));
    p.append(head);
    if (res.error) {
      p.append(bilingual("div", "hatsugen-error", res.error.message));
    } else {
      const r = res.report;
      if (r.findings.some((f) => f.spans.length)) p.append(excerpt(text, r));
      if (r.findings.length) p.append(findingsList(r));
      const next = nextAllowed(r);
      if (next) p.append(next);
      if (res.policyError) {
        p.append(bilingual("div", "hatsugen-error",
          `設定のポリシーにエラーがあるため標準ポリシーで確認しています: ${res.policyError.message}`,
          `The saved policy has an error; checking with the default pack.`));
      }
      p.append(el("div", "hatsugen-policy", `${r.policy.id} ${r.policy.version}`));
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

  function position(s) {
    if (!s.panel) return;
    if (!s.box.isConnected) {
      removePanel(s);
      return;
    }
    // Beside the box when there is room (so the site's own buttons under it stay
    // clickable), else under it.
    const r = s.box.getBoundingClientRect();
    const room = document.documentElement.clientWidth - r.right - 16;
    if (room >= 280) {
      s.panel.style.top = `${r.top + window.scrollY}px`;
      s.panel.style.left = `${r.right + window.scrollX + 8}px`;
      s.panel.style.width = `${Math.min(room, 420)}px`;
    } else {
      s.panel.style.top = `${r.bottom + window.scrollY + 4}px`;
      s.panel.style.left = `${Math.max(4, r.left + window.scrollX)}px`;
      s.panel.style.width = `${Math.max(280, Math.min(r.width, 640))}px`;
    }
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

  function isSendButton(button) {
    if (SEND_SELECTORS.some((sel) => button.matches(sel))) return true;
    const label = (button.getAttribute("aria-label") || button.value || button.textContent || "").trim();
    return label.length <= 20 && SEND_LABEL.test(label);
  }

  /** The compose box a send action is for: the one in the same form, else the last used. */
  function boxFor(origin) {
    const form = origin?.closest?.("form");
    if (form) {
      const inForm = [...form.querySelectorAll('textarea, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]')]
        .map(composeRoot)
        .find((b) => b && readBox(b).text.trim());
      if (inForm) return inForm;
    }
    return lastActive?.isConnected && readBox(lastActive).text.trim() ? lastActive : null;
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

  function onClick(event) {
    if (bypass || !event.isTrusted) return;
    const button = event
      .composedPath()
      .find((n) => n instanceof Element && n.matches('button, [role="button"], input[type="submit"], input[type="button"]'));
    if (!button || button.closest(".hatsugen-ui") || !isSendButton(button)) return;
    const box = boxFor(button);
    if (!box) return;
    intercept(event, box, () => button.click());
  }

  function onKeyDown(event) {
    if (bypass || !event.isTrusted || modalOpen) return;
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.isComposing) return;
    const box = composeRoot(event.target);
    if (!box || !readBox(box).text.trim()) return;
    const target = event.target;
    const init = {
      key: "Enter", code: "Enter", ctrlKey: event.ctrlKey, metaKey: event.metaKey,
      shiftKey: event.shiftKey, altKey: event.altKey, bubbles: true, cancelable: true, composed: true,
    };
    intercept(event, box, () => {
      target.dispatchEvent(new KeyboardEvent("keydown", init));
      target.dispatchEvent(new KeyboardEvent("keyup", init));
    });
  }

  function onSubmit(event) {
    if (bypass) return;
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const box = boxFor(form);
    if (!box || !form.contains(box)) return;
    const submitter = event.submitter;
    intercept(event, box, () => (submitter ? form.requestSubmit(submitter) : form.requestSubmit()));
  }

  // ───────────────────────────── wiring ─────────────────────────────

  document.addEventListener("input", (e) => {
    const box = composeRoot(e.target);
    if (box) scheduleCheck(box);
  }, true);
  document.addEventListener("focusin", (e) => {
    const box = composeRoot(e.target);
    if (box) {
      lastActive = box;
      if (readBox(box).text.trim() && !stateOf(box).panel) scheduleCheck(box);
    }
  }, true);
  window.addEventListener("click", onClick, true);
  window.addEventListener("keydown", onKeyDown, true);
  window.addEventListener("submit", onSubmit, true);
  window.addEventListener("scroll", repositionAll, true);
  window.addEventListener("resize", repositionAll);
  // Pages clear or rewrite a composer without input events (after sending, say): re-check
  // boxes whose text changed behind our back.
  setInterval(() => {
    repositionAll();
    for (const s of [...live]) {
      if (s.box.isConnected && !s.sending && readBox(s.box).text !== s.text) scheduleCheck(s.box, false);
    }
  }, 1000);
})();
