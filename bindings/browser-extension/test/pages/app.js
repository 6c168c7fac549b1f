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

// Photos are "uploaded" as soon as they are chosen, as the big sites do: window.__uploads
// gets each file's bytes (base64) and decoded size. The post records the files still chosen
// and the time it is scheduled for.
const fileInput = document.getElementById("file-ta");
window.__uploads = [];
fileInput.addEventListener("change", () => upload(fileInput.files, "input"));
// Photos dropped on the post's form are uploaded the same way.
const formTa = document.getElementById("form-ta");
formTa.addEventListener("dragover", (e) => e.preventDefault());
formTa.addEventListener("drop", (e) => {
  e.preventDefault();
  upload(e.dataTransfer.files, "drop");
});
async function upload(files, source) {
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let b64 = "";
    for (let i = 0; i < bytes.length; i += 0x8000) b64 += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    const entry = { name: file.name, type: file.type, size: file.size, b64: btoa(b64), width: 0, height: 0, source };
    try {
      const bitmap = await createImageBitmap(file);
      entry.width = bitmap.width;
      entry.height = bitmap.height;
    } catch {
      entry.width = -1; // not an image the browser can decode
    }
    window.__uploads.push(entry);
    const li = document.createElement("li");
    li.textContent = `${file.name} (${file.size} bytes)`;
    document.getElementById("uploads").append(li);
  }
}

// Scheduled posts, as some sites have them: 予約 opens a date-time picker; once set, the
// post goes out "later" (recorded with the time). ?noschedule hides it (a site without).
let scheduledAt = "";
const scheduleButton = document.getElementById("schedule-ta");
const scheduleDialog = document.getElementById("schedule-dialog");
if (new URLSearchParams(location.search).has("noschedule")) scheduleButton.remove();
scheduleButton.addEventListener("click", () => (scheduleDialog.hidden = false));
document.getElementById("schedule-ok").addEventListener("click", () => {
  scheduledAt = document.getElementById("schedule-at").value;
  scheduleDialog.hidden = true;
  document.getElementById("scheduled-label").textContent = scheduledAt ? `予約: ${scheduledAt}` : "";
});

document.getElementById("send-ta").addEventListener("click", () => {
  send("textarea", ta.value);
  const li = sent.lastElementChild;
  li.dataset.files = JSON.stringify([...fileInput.files].map((f) => f.name));
  if (scheduledAt) li.dataset.scheduled = scheduledAt;
  ta.value = "";
  fileInput.value = "";
  scheduledAt = "";
  document.getElementById("scheduled-label").textContent = "";
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
