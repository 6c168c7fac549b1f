// The package's entry points: the Node build as CommonJS and as an ES module import, and the
// web build (ES module + `init`) running in Node on the same bytes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";

import { pkgDir } from "./helpers.mjs";

const SECRET = "😀ここだけの話、内部資料を見せます";
const CTX = { time: "2026-06-01T12:30:00+09:00", device: "personal" };

test("require('hatsugen') and import('hatsugen') by package name", async () => {
  const require = createRequire(import.meta.url);
  const cjs = require("hatsugen");
  const esm = await import("hatsugen");
  assert.equal(typeof cjs.Checker, "function");
  assert.equal(esm.Checker, cjs.Checker);
  assert.equal(new esm.Checker().check(SECRET, CTX).verdict, "block");
});

test("hatsugen/web after init gives the same reports as the Node build", async () => {
  const web = await import("hatsugen/web");
  await web.default({ module_or_path: readFileSync(`${pkgDir}dist/web/hatsugen_bg.wasm`) });
  const node = await import("hatsugen");
  for (const text of [SECRET, "今日は良い天気ですね", "拡散希望！地震が来るらしい"]) {
    assert.deepStrictEqual(new web.Checker().check(text, CTX), new node.Checker().check(text, CTX));
  }
  const e = (() => {
    try {
      new web.Checker("version = ");
    } catch (err) {
      return err;
    }
  })();
  assert.equal(e.code, "POLICY_SYNTAX");
});
