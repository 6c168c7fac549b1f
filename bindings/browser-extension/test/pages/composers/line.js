// A LINE-like chat box: Enter sends, Shift+Enter breaks the line. An Enter that belongs to
// the input method is not a send: during composition (isComposing), with keyCode 229, or
// right after compositionend (Safari fires compositionend before the Enter's keydown).
const input = document.getElementById("line-input");
let compositionEndedAt = -Infinity;
input.addEventListener("compositionend", (e) => (compositionEndedAt = e.timeStamp));
// What the keyboard and the IME did, in order (the tests check the order they produced).
// On window, capturing, and registered before any content script: it sees every event.
window.__keyLog = [];
for (const type of ["compositionstart", "compositionend", "keydown"]) {
  window.addEventListener(type, (e) => window.__keyLog.push({ type, key: e.key, keyCode: e.keyCode, isComposing: e.isComposing, trusted: e.isTrusted, t: e.timeStamp }), true);
}

function send(source) {
  const text = input.value;
  if (!text.trim()) return;
  mockSend(source, text);
  input.value = "";
}
input.addEventListener("keydown", (e) => {
  if (e.key !== "Enter" || e.shiftKey) return;
  if (e.isComposing || e.keyCode === 229 || e.timeStamp - compositionEndedAt < 100) return;
  e.preventDefault();
  send("line-key");
});
document.getElementById("line-send").addEventListener("click", () => send("line-button"));
