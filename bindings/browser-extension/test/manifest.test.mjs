// The shipped manifest asks for no host it does not need: no local or plain-http hosts
// (those are only in the development build, test/dev-build.mjs).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { DEV_HOSTS, devManifest, extDir, makeDevBuild } from "./dev-build.mjs";

const shipped = JSON.parse(readFileSync(join(extDir, "manifest.json"), "utf8"));
const local = /^(\*|https?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

test("the shipped manifest grants no localhost, 127.0.0.1 or plain-http host", () => {
  const granted = [...shipped.host_permissions, ...shipped.content_scripts.flatMap((c) => c.matches)];
  for (const pattern of granted) {
    assert.doesNotMatch(pattern, local, pattern);
    assert.match(pattern, /^https:\/\//, `${pattern}: only https sites are granted up front`);
  }
  // what a site added in the options asks for at run time stays optional
  assert.deepStrictEqual(shipped.optional_host_permissions, ["https://*/*", "http://*/*"]);
});

test("the development build adds exactly the local hosts", () => {
  const dev = devManifest(shipped);
  assert.deepStrictEqual(dev.host_permissions, [...shipped.host_permissions, ...DEV_HOSTS]);
  assert.deepStrictEqual({ ...dev, name: shipped.name, host_permissions: shipped.host_permissions }, shipped);
  const dir = mkdtempSync(join(tmpdir(), "hatsugen-dev-ext-"));
  try {
    const out = makeDevBuild(join(dir, "ext"));
    assert.deepStrictEqual(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")), dev);
    for (const f of ["background.js", "content.js", "options.html", "settings.js"]) assert.ok(existsSync(join(out, f)), f);
    assert.ok(!existsSync(join(out, "test")), "the tests are not part of the build");
    // the default place, inside the extension's directory, works too
    const inside = makeDevBuild();
    assert.deepStrictEqual(JSON.parse(readFileSync(join(inside, "manifest.json"), "utf8")), dev);
    assert.ok(!existsSync(join(inside, "test-artifacts")));
    // the shipped manifest is untouched
    assert.deepStrictEqual(JSON.parse(readFileSync(join(extDir, "manifest.json"), "utf8")), shipped);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
