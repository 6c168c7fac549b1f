// Prints, for every case of the shared corpus, the WASM build's report as one JSON line
// ({"id", "report"}), spans as the JS API returns them (UTF-16 code units).
// Usage: node wasm_reports.mjs CASES_JSONL DIST_NODE_DIR
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

const [casesPath, distDir] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { Checker } = require(resolve(distDir, "hatsugen.cjs"));
const corpusDir = dirname(casesPath);
const checkers = new Map();
const checkerFor = (policy) => {
  if (!checkers.has(policy)) {
    const c = policy.startsWith("builtin:")
      ? Checker.fromBuiltin(policy.slice(8))
      : Checker.fromToml(readFileSync(join(corpusDir, policy.slice(5)), "utf8"));
    checkers.set(policy, c);
  }
  return checkers.get(policy);
};
const out = [];
for (const line of readFileSync(casesPath, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const c = JSON.parse(line);
  let report;
  try {
    report = checkerFor(c.policy).check(c.text, c.context_json);
  } catch (e) {
    report = { error: `${e.code}: ${e.message}` };
  }
  out.push(JSON.stringify({ id: c.id, report }));
}
process.stdout.write(out.join("\n") + "\n");
