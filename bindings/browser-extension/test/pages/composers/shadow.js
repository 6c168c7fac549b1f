// Composers inside open shadow roots, as web-component groupware builds them:
//   <gw-compose>: a form (subject, body) without a submit button: 回覧する is a plain button
//                 whose script calls requestSubmit(), and Enter in the subject submits the
//                 form implicitly; either way the only sign is a submit event in the shadow root
//   <gw-chat>:    no form; a contenteditable body, a div[role=button] 発信 (a label only the
//                 site adapter knows), Enter sends (the adapter says so; the box's label does not)
const STYLE = `
  :host { display: block; max-width: 520px; }
  input, textarea { display: block; width: 100%; box-sizing: border-box; margin: 4px 0; font: inherit; }
  textarea { height: 5em; }
  [role=textbox] { border: 1px solid #ccc; min-height: 3em; padding: 6px; }
  .row { display: flex; justify-content: flex-end; gap: 6px; margin-top: 4px; }
  [role=button], button { padding: 6px 14px; border-radius: 6px; background: #3a6ea5; color: #fff; border: 0; cursor: pointer; }
`;

customElements.define("gw-compose", class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>${STYLE}</style>
      <form id="gw-form" action="/never" method="post">
        <input id="gw-subject" name="subject" placeholder="件名">
        <textarea id="gw-body" name="body" placeholder="本文"></textarea>
        <div class="row"><button type="button" id="gw-attach">添付</button><button type="button" id="gw-submit">回覧する</button></div>
      </form>`;
    const form = root.getElementById("gw-form");
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const body = root.getElementById("gw-body");
      if (!body.value.trim()) return;
      mockSend("gw-form", body.value);
      body.value = "";
    });
    root.getElementById("gw-submit").addEventListener("click", () => form.requestSubmit());
  }
});

customElements.define("gw-chat", class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>${STYLE}</style>
      <div id="gw-chat-input" contenteditable="true" role="textbox" aria-label="本文"></div>
      <div class="row"><div role="button" tabindex="0" id="gw-chat-send">発信</div></div>`;
    const box = root.getElementById("gw-chat-input");
    const send = (source) => {
      const text = box.innerText.trim();
      if (!text) return;
      mockSend(source, text);
      box.textContent = "";
    };
    box.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
      e.preventDefault();
      send("gw-chat-key");
    });
    root.getElementById("gw-chat-send").addEventListener("click", () => send("gw-chat-button"));
  }
});
