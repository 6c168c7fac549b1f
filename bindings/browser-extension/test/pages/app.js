// The test page's own "social network": sending appends the post to #sent.
const sent = document.getElementById("sent");
const ta = document.getElementById("ta");
const ce = document.getElementById("ce");

function send(source, text) {
  const li = document.createElement("li");
  li.dataset.source = source;
  li.textContent = text;
  sent.append(li);
}

document.getElementById("send-ta").addEventListener("click", () => {
  send("textarea", ta.value);
  ta.value = "";
});
ta.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    send("textarea-key", ta.value);
    ta.value = "";
  }
});
document.getElementById("send-ce").addEventListener("click", () => {
  send("contenteditable", ce.innerText);
  ce.textContent = "";
});
document.getElementById("form-ta").addEventListener("submit", (e) => e.preventDefault());

document.getElementById("kind").textContent = location.pathname;
// Shows whether this page's CSP lets the page itself compile WebAssembly.
WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
  () => (document.getElementById("wasm-status").textContent = "allowed"),
  () => (document.getElementById("wasm-status").textContent = "blocked"),
);
