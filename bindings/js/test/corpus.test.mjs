// The shared corpus (tests/corpus/cases.jsonl) through the WebAssembly build: every report
// must equal the Rust core's golden report once its byte spans are converted to UTF-16.
//
// HATSUGEN_CORPUS=path overrides the corpus file (policies are then read relative to it).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";

import { byteSlice, fixedToUtf16, hatsugen, readJsonl, reportWithFixesToUtf16, rootDir } from "./helpers.mjs";

const path = process.env.HATSUGEN_CORPUS ?? join(rootDir, "tests/corpus/cases.jsonl");
const cases = readJsonl(path);
const corpusDir = dirname(path);

const checkers = new Map();
function checkerFor(policy) {
  if (!checkers.has(policy)) {
    let checker;
    if (policy.startsWith("builtin:")) checker = hatsugen.Checker.fromBuiltin(policy.slice("builtin:".length));
    else if (policy.startsWith("file:")) checker = hatsugen.Checker.fromToml(readFileSync(join(corpusDir, policy.slice("file:".length)), "utf8"));
    else throw new Error(`unknown policy reference ${policy}`);
    checkers.set(policy, checker);
  }
  return checkers.get(policy);
}

test(`corpus file ${path} has cases`, () => {
  assert.ok(cases.length > 0);
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length, "case ids are unique");
});

for (const c of cases) {
  test(`corpus ${c.id}`, () => {
    const golden = JSON.parse(c.report);
    const actual = checkerFor(c.policy).check(c.text, c.context_json);
    const profile = JSON.parse(c.context_json).profile ?? null;
    assert.deepStrictEqual(actual, reportWithFixesToUtf16(c.text, profile, golden));
    assert.equal(actual.verdict, c.verdict);
    assert.deepStrictEqual([...new Set(actual.findings.map((f) => f.rule))].sort(), c.rules);
    // The UTF-16 span selects what the golden byte span selects.
    golden.findings.forEach((f, i) =>
      f.spans.forEach((s, j) => {
        const u = actual.findings[i].spans[j];
        assert.equal(c.text.slice(u.start, u.end), byteSlice(c.text, s.start, s.end));
      }),
    );
  });
}

// The fix entry point: the same fixed text, profile, edits and new report as the core.
for (const c of cases.filter((c) => c.fixed)) {
  test(`corpus fix ${c.id}`, () => {
    const golden = JSON.parse(c.fixed);
    const profile = JSON.parse(c.context_json).profile ?? null;
    const actual = checkerFor(c.policy).fix(c.text, c.context_json);
    assert.deepStrictEqual(actual, fixedToUtf16(c.text, profile, golden));
    for (const a of actual.applied) {
      const within = a.target === "profile" ? actual.profile : actual.text;
      assert.equal(within.slice(a.fixed_span.start, a.fixed_span.end), a.replacement);
    }
  });
}
