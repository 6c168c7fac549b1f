// Facebook-like composers in the manner of Lexical: the model writes p > span[data-lexical-text]
// and cancels the browser's insertion; React-style handlers are delegated to #root. In the
// post box Enter is a new paragraph; in the comment box Enter sends and Shift+Enter breaks
// the line (never while an IME is composing).
const lexicalRender = (root) => (blocks) => {
  root.replaceChildren(...blocks.map((b) => {
    const p = document.createElement("p");
    if (b) {
      const span = document.createElement("span");
      span.dataset.lexicalText = "true";
      span.textContent = b;
      p.append(span);
    } else {
      p.append(document.createElement("br"));
    }
    return p;
  }));
};
const postBox = document.getElementById("fb-post");
const commentBox = document.getElementById("fb-comment");
const post = mockEditor(postBox, { render: lexicalRender(postBox) });
const comment = mockEditor(commentBox, { render: lexicalRender(commentBox) });

function submit(editor, source) {
  const text = editor.text();
  if (!text.trim()) return;
  mockSend(source, text);
  editor.clear();
}

const app = document.getElementById("root");
app.addEventListener("keydown", (e) => {
  if (e.key !== "Enter" || e.isComposing || e.keyCode === 229) return;
  if (e.target === postBox) {
    e.preventDefault();
    post.insert("\n");
  } else if (e.target === commentBox) {
    e.preventDefault();
    if (e.shiftKey) comment.insert("\n");
    else submit(comment, "fb-comment-key");
  } else if (e.target.closest?.("#fb-post-btn")) {
    e.preventDefault();
    submit(post, "fb-post-button-key");
  }
});
app.addEventListener("click", (e) => {
  if (e.target.closest("#fb-post-btn")) submit(post, "fb-post-button");
  else if (e.target.closest("#fb-comment-send")) submit(comment, "fb-comment-button");
});
