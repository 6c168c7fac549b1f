// Runs in the page's own JavaScript world ("world": "MAIN"), beside content.js (which runs
// in the extension's isolated world). Its one job: replay a key press the content script
// held back, with `keyCode`, `which` and `charCode` set. Keyboard events built by script
// have them at 0, and editors read them (Draft.js keys on `keyCode === 13`); a property
// defined from the isolated world would be invisible here.
//
// The content script asks with a `hatsugen:replay-key` event on the target whose detail is
// a JSON string { key, code, keyCode, ctrlKey, metaKey, shiftKey, altKey, activate }. The
// request is cancelled (preventDefault) when the page handled the replayed keydown, so the
// content script knows whether it still has to act (insert the line break, say). With
// `activate`, a native button the page did not handle is clicked, as the browser would.
(() => {
  "use strict";
  if (window.__hatsugenPageWorld) return;
  Object.defineProperty(window, "__hatsugenPageWorld", { value: true });
  // Tells the content script (another world, same DOM) that replays can come here.
  document.documentElement.dataset.hatsugenPageWorld = "1";

  function keyEvent(type, spec) {
    const e = new KeyboardEvent(type, {
      key: spec.key,
      code: spec.code,
      ctrlKey: !!spec.ctrlKey,
      metaKey: !!spec.metaKey,
      shiftKey: !!spec.shiftKey,
      altKey: !!spec.altKey,
      bubbles: true,
      cancelable: true,
      composed: true,
      view: window,
    });
    const code = type === "keypress" ? spec.charCode ?? 0 : spec.keyCode ?? 0;
    for (const name of ["keyCode", "which"]) Object.defineProperty(e, name, { get: () => code });
    Object.defineProperty(e, "charCode", { get: () => (type === "keypress" ? code : 0) });
    return e;
  }

  window.addEventListener(
    "hatsugen:replay-key",
    (request) => {
      let spec;
      try {
        spec = JSON.parse(String(request.detail));
      } catch {
        return;
      }
      const target = request.composedPath()[0];
      if (!(target instanceof Element)) return;
      let handled = !target.dispatchEvent(keyEvent("keydown", spec));
      if (!handled && spec.key === "Enter") {
        handled = !target.dispatchEvent(keyEvent("keypress", { ...spec, charCode: 13 }));
      }
      target.dispatchEvent(keyEvent("keyup", spec));
      if (handled) request.preventDefault();
      else if (spec.activate && target.matches("button, input[type=submit], input[type=button]")) {
        target.click();
        request.preventDefault();
      }
    },
    true,
  );
})();
