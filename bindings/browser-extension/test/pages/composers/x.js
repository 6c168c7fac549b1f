// An X-like composer in the manner of Draft.js: beforeinput is cancelled and the text is
// written from the model (blocks of div > div > span[data-text]); Ctrl/Cmd+Enter posts,
// matched on keyCode as Draft.js key bindings do; the post button is a div[role=button]
// that acts on click and, like react-native-web's, on Enter or Space at keydown.
const root = document.getElementById("x-editor");
const postButton = document.getElementById("x-post");
const editor = mockEditor(root, {
  render(blocks) {
    root.replaceChildren(...blocks.map((b, i) => {
      const block = document.createElement("div");
      block.dataset.block = "true";
      block.dataset.offsetKey = `k${i}-0-0`;
      const line = document.createElement("div");
      line.className = "public-DraftStyleDefault-block";
      const span = document.createElement("span");
      span.dataset.offsetKey = `k${i}-0-0`;
      if (b) {
        const t = document.createElement("span");
        t.dataset.text = "true";
        t.textContent = b;
        span.append(t);
      } else {
        span.append(document.createElement("br"));
      }
      line.append(span);
      block.append(line);
      return block;
    }));
    postButton?.setAttribute("aria-disabled", String(!blocks.join("").trim()));
  },
  onKey(e, { insert }) {
    if (e.isComposing || e.keyCode === 229) return;
    if (e.keyCode === 13) {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) post("x-key");
      else insert("\n");
    }
  },
});

function post(source) {
  const text = editor.text();
  if (!text.trim()) return;
  mockSend(source, text);
  editor.clear();
}
postButton.addEventListener("click", () => post("x-button"));
postButton.addEventListener("keydown", (e) => {
  if (e.key === "Enter" || e.key === " ") {
    e.preventDefault();
    post("x-button-key");
  }
});
