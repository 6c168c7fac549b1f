// A LINE-like chat box: Enter sends, Shift+Enter breaks the line. An Enter that belongs to
// the input method is not a send: during composition (isComposing), with keyCode 229, or
// right after compositionend (Safari fires compositionend before the Enter's keydown).
const input = document.getElementById("line-input");
let compositionEndedAt = -Infinity;
input.addEventListener("compositionend", (e) => (compositionEndedAt = e.timeStamp));

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
