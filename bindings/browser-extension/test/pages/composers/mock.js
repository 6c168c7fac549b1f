// Shared by the mock composers: the "network" (sent posts appear in #sent, with where they
// came from) and a count of `input` events per box (editor-managed boxes must see none,
// which is what makes them hard for the extension).
window.__inputEvents = {};
window.mockSend = function (source, text) {
  const li = document.createElement("li");
  li.dataset.source = source;
  li.textContent = text;
  document.getElementById("sent").append(li);
};
document.addEventListener("input", (e) => {
  const id = e.composedPath()[0]?.id || "?";
  window.__inputEvents[id] = (window.__inputEvents[id] ?? 0) + 1;
}, true);

/**
 * A tiny editor model in the manner of Draft.js and Lexical: the browser's own insertion is
 * cancelled in beforeinput and the text is written from the model (so no `input` event),
 * pastes are read from the clipboard data, Enter splits a block. The caret stays at the
 * end (enough for the tests). `render(blocks)` rebuilds the DOM the editor's way.
 */
window.mockEditor = function (root, { render, onKey }) {
  let blocks = [""];
  const paint = () => {
    render(blocks);
    const sel = root.ownerDocument === document ? (root.getRootNode().getSelection?.() ?? getSelection()) : getSelection();
    const last = root.lastElementChild ?? root;
    if (document.activeElement === root || root.getRootNode().activeElement === root) {
      const range = document.createRange();
      range.selectNodeContents(last);
      range.collapse(false);
      sel.removeAllRanges();
      sel.addRange(range);
    }
  };
  // A selection over the whole text is replaced, as editors do (select all, then type or paste).
  const replacesAll = () => {
    const sel = root.getRootNode().getSelection?.() ?? getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return false;
    const range = sel.getRangeAt(0);
    return root.contains(range.commonAncestorContainer) || range.commonAncestorContainer === root
      ? range.toString().replace(/\s/g, "") === root.textContent.replace(/\s/g, "")
      : false;
  };
  const insert = (text) => {
    if (replacesAll()) blocks = [""];
    const lines = text.split(/\r?\n/);
    blocks[blocks.length - 1] += lines[0];
    for (const l of lines.slice(1)) blocks.push(l);
    paint();
  };
  root.addEventListener("beforeinput", (e) => {
    if (e.inputType === "insertCompositionText") return; // the IME writes natively
    e.preventDefault();
    if (e.inputType === "insertText" || e.inputType === "insertReplacementText") insert(e.data ?? e.dataTransfer?.getData("text/plain") ?? "");
    else if (e.inputType === "insertFromPaste" || e.inputType === "insertFromDrop") insert(e.dataTransfer?.getData("text/plain") ?? "");
    else if (e.inputType === "insertParagraph" || e.inputType === "insertLineBreak") insert("\n");
    else if (e.inputType === "deleteContentBackward") {
      if (blocks.at(-1)) blocks[blocks.length - 1] = blocks.at(-1).slice(0, -1);
      else if (blocks.length > 1) blocks.pop();
      paint();
    }
  });
  root.addEventListener("paste", (e) => {
    e.preventDefault();
    insert(e.clipboardData?.getData("text/plain") ?? "");
  });
  // After an IME commits, the model reads what the browser wrote (as Draft.js does).
  root.addEventListener("compositionend", () => {
    blocks = root.innerText.replace(/\n$/, "").split("\n");
    setTimeout(paint);
  });
  root.addEventListener("keydown", (e) => onKey?.(e, { insert }));
  paint();
  return {
    text: () => blocks.join("\n"),
    clear: () => {
      blocks = [""];
      paint();
    },
    insert,
  };
};
