// An X-like timeline: likes and reposts happen at once on click (like X's), recorded in
// #actions; the retweet button opens a menu in a layer outside the post; reply and quote
// open a dialog whose editor (Draft.js-style, from mock.js) posts to #sent as x-reply or
// x-quote. Posts come from window.POSTS so a test can set its own before load.
const POSTS = [
  { id: "cand", author: "山田太郎 @yamada_taro", text: "山田太郎、みなと市の未来を託せる頼もしいリーダーです" },
  { id: "weather", author: "気象ファン @tenki", text: "今日は良い天気ですね" },
  { id: "leak", author: "匿名 @anon", text: "ここだけの話、内部資料を見せます" },
  { id: "complaint", author: "市民 @shimin", text: "市の対応が遅すぎ。ちゃんと説明しろ" },
];
const timeline = document.getElementById("timeline");
const actions = document.getElementById("actions");
const layers = document.getElementById("layers");

function record(action, postId) {
  const li = document.createElement("li");
  li.dataset.action = action;
  li.dataset.post = postId;
  li.textContent = `${action} ${postId}`;
  actions.append(li);
}

function button(testid, label, text) {
  const b = document.createElement("button");
  b.type = "button";
  b.dataset.testid = testid;
  b.setAttribute("aria-label", label);
  b.textContent = text;
  return b;
}

for (const post of POSTS) {
  const article = document.createElement("article");
  article.dataset.testid = "tweet";
  article.id = `post-${post.id}`;
  article.tabIndex = 0;
  const name = document.createElement("div");
  name.dataset.testid = "User-Name";
  name.textContent = post.author;
  const text = document.createElement("div");
  text.dataset.testid = "tweetText";
  text.lang = "ja";
  text.textContent = post.text;
  const group = document.createElement("div");
  group.setAttribute("role", "group");
  const reply = button("reply", "3 件の返信。返信する", "💬 3");
  const retweet = button("retweet", "2 件のリポスト。リポストする", "🔁 2");
  retweet.setAttribute("aria-haspopup", "menu");
  const like = button("like", "5 件のいいね。いいねする", "♡ 5");
  group.append(reply, retweet, like);
  article.append(name, text, group);
  timeline.append(article);

  like.addEventListener("click", () => {
    const liked = like.dataset.testid === "unlike";
    like.dataset.testid = liked ? "like" : "unlike";
    like.setAttribute("aria-label", liked ? "5 件のいいね。いいねする" : "6 件のいいね。いいねを取り消す");
    like.textContent = liked ? "♡ 5" : "♥ 6";
    record(liked ? "unlike" : "like", post.id);
  });
  retweet.addEventListener("click", () => openMenu(post, retweet));
  reply.addEventListener("click", () => openDialog("reply", post));
}

function openMenu(post, anchor) {
  layers.replaceChildren();
  const menu = document.createElement("div");
  menu.setAttribute("role", "menu");
  menu.id = "rt-menu";
  const r = anchor.getBoundingClientRect();
  Object.assign(menu.style, { position: "absolute", left: `${r.left + scrollX}px`, top: `${r.bottom + scrollY + 4}px`, background: "#fff", border: "1px solid #ccc", padding: "4px" });
  const confirm = document.createElement("div");
  confirm.setAttribute("role", "menuitem");
  confirm.tabIndex = 0;
  confirm.dataset.testid = "retweetConfirm";
  confirm.textContent = "リポスト";
  const quote = document.createElement("a");
  quote.setAttribute("role", "menuitem");
  quote.href = "#compose-post";
  quote.id = "quote-item";
  quote.textContent = "引用";
  menu.append(confirm, quote);
  layers.append(menu);
  confirm.addEventListener("click", () => {
    record("repost", post.id);
    layers.replaceChildren();
  });
  quote.addEventListener("click", (e) => {
    e.preventDefault();
    layers.replaceChildren();
    openDialog("quote", post);
  });
}

function openDialog(mode, post) {
  layers.replaceChildren();
  const dialog = document.createElement("div");
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-modal", "true");
  dialog.id = "x-dialog";
  Object.assign(dialog.style, { position: "fixed", left: "180px", top: "40px", width: "520px", background: "#fff", border: "1px solid #888", padding: "12px" });
  const above = document.createElement("div");
  above.className = "replying-to";
  if (mode === "reply") above.textContent = `返信先: ${post.author} 「${post.text}」`;
  const editorEl = document.createElement("div");
  editorEl.id = "x-reply-editor";
  editorEl.contentEditable = "true";
  editorEl.setAttribute("role", "textbox");
  editorEl.dataset.testid = "tweetTextarea_0";
  editorEl.setAttribute("aria-label", mode === "reply" ? "返信をポスト" : "コメントを追加");
  const quoted = document.createElement("div");
  quoted.className = "quoted";
  quoted.dataset.testid = "quoteTweet";
  if (mode === "quote") quoted.textContent = `${post.author}: ${post.text}`;
  const send = document.createElement("div");
  send.setAttribute("role", "button");
  send.tabIndex = 0;
  send.id = "x-dialog-send";
  send.dataset.testid = "tweetButton";
  send.textContent = mode === "reply" ? "返信" : "ポストする";
  dialog.append(above, editorEl, quoted, send);
  layers.append(dialog);
  const editor = mockEditor(editorEl, {
    render(blocks) {
      editorEl.replaceChildren(...blocks.map((b) => {
        const d = document.createElement("div");
        d.textContent = b;
        if (!b) d.append(document.createElement("br"));
        return d;
      }));
    },
  });
  send.addEventListener("click", () => {
    mockSend(mode === "reply" ? "x-reply" : "x-quote", editor.text());
    layers.replaceChildren();
  });
  editorEl.focus();
}
