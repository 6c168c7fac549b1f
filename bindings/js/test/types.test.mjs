// The generated data types of types/index.d.ts describe what JavaScript receives: every
// report and fix result of the shared corpus is checked against the declarations (required
// fields present, no field the types do not name, an optional field absent rather than
// null, each value of its declared kind, string unions closed). tsc checks the other side
// (test/usage.ts: what a caller may write).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { hatsugen, pkgDir, readJsonl, rootDir } from "./helpers.mjs";

const BEGIN = "// ---- generated from the Rust types";
const END = "// ---- end of the generated types";

/** The generated declarations: name → { kind: "interface", fields } | { kind: "type", expr }. */
function parseDeclarations(source) {
  const start = source.indexOf(BEGIN);
  const end = source.indexOf(END);
  assert.ok(start >= 0 && end > start, "index.d.ts has the generated part");
  const code = source.slice(start, end).replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/^\/\/.*$/gm, "");
  const decls = new Map();
  for (const m of code.matchAll(/export interface (\w+) \{([^}]*)\}/g)) {
    const fields = new Map();
    for (const line of m[2].split(";").map((l) => l.trim()).filter(Boolean)) {
      const f = /^(\w+)(\??): (.+)$/.exec(line);
      assert.ok(f, `field of ${m[1]}: ${line}`);
      fields.set(f[1], { optional: f[2] === "?", type: f[3] });
    }
    decls.set(m[1], { kind: "interface", fields });
  }
  for (const m of code.matchAll(/export type (\w+) = ([^;]+);/g)) decls.set(m[1], { kind: "type", expr: m[2].trim() });
  return decls;
}

/** The alternatives of a union, outside `<…>`. */
function alternatives(expr) {
  const out = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < expr.length; i++) {
    if (expr[i] === "<" || expr[i] === "[") depth++;
    else if (expr[i] === ">" || expr[i] === "]") depth--;
    else if (expr[i] === "|" && depth === 0) {
      out.push(expr.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(expr.slice(from).trim());
  return out;
}

/** Why `value` is not of type `expr` (at `path`), or null when it is. */
function mismatch(decls, value, expr, path) {
  const alts = alternatives(expr);
  if (alts.length > 1) {
    const whys = alts.map((a) => mismatch(decls, value, a, path));
    return whys.includes(null) ? null : `${path}: ${JSON.stringify(value)} is none of ${expr}`;
  }
  const t = alts[0];
  if (t === "string" || t === "number" || t === "boolean") return typeof value === t ? null : `${path}: expected ${t}, got ${JSON.stringify(value)}`;
  if (t === "null") return value === null ? null : `${path}: expected null`;
  if (t.startsWith('"')) return value === JSON.parse(t) ? null : `${path}: expected ${t}, got ${JSON.stringify(value)}`;
  const array = /^Array<(.+)>$/.exec(t);
  if (array) {
    if (!Array.isArray(value)) return `${path}: expected an array`;
    for (const [i, v] of value.entries()) {
      const why = mismatch(decls, v, array[1], `${path}[${i}]`);
      if (why) return why;
    }
    return null;
  }
  const tuple = /^\[(.*)\]$/.exec(t);
  if (tuple) {
    const items = tuple[1].split(",").map((x) => x.trim());
    if (!Array.isArray(value) || value.length !== items.length) return `${path}: expected a tuple ${t}`;
    for (const [i, item] of items.entries()) {
      const why = mismatch(decls, value[i], item, `${path}[${i}]`);
      if (why) return why;
    }
    return null;
  }
  const decl = decls.get(t);
  if (!decl) return `${path}: unknown type ${t}`;
  if (decl.kind === "type") return mismatch(decls, value, decl.expr, path);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `${path}: expected a ${t} object`;
  for (const key of Object.keys(value)) if (!decl.fields.has(key)) return `${path}.${key}: not a field of ${t}`;
  for (const [name, f] of decl.fields) {
    if (!(name in value)) {
      if (f.optional) continue;
      return `${path}.${name}: missing (required in ${t})`;
    }
    if (f.optional && (value[name] === undefined || value[name] === null)) return `${path}.${name}: optional fields are absent, not ${value[name]}`;
    const why = mismatch(decls, value[name], f.type, `${path}.${name}`);
    if (why) return why;
  }
  return null;
}

const decls = parseDeclarations(readFileSync(join(pkgDir, "types/index.d.ts"), "utf8"));
const cases = readJsonl(join(rootDir, "tests/corpus/cases.jsonl"));
const corpusDir = join(rootDir, "tests/corpus");

test("the checker validates itself", () => {
  assert.ok(decls.has("Report") && decls.has("Fixed") && decls.has("Context"));
  const good = { start: 0, end: 1 };
  assert.equal(mismatch(decls, good, "Span", "s"), null);
  assert.match(mismatch(decls, { start: 0 }, "Span", "s"), /end: missing/);
  assert.match(mismatch(decls, { start: 0, end: 1, x: 2 }, "Span", "s"), /x: not a field/);
  assert.match(mismatch(decls, "maybe", "Verdict", "v"), /none of/);
  assert.match(mismatch(decls, { kind: "image", name: null }, "Attachment", "a"), /absent, not null/);
});

test("every report and fix result of the shared corpus has the declared shape", () => {
  const checkers = new Map();
  const checkerFor = (policy) => {
    if (!checkers.has(policy)) {
      const [kind, name] = policy.split(/:(.*)/s);
      checkers.set(policy, kind === "builtin" ? hatsugen.Checker.fromBuiltin(name) : hatsugen.Checker.fromToml(readFileSync(join(corpusDir, name), "utf8")));
    }
    return checkers.get(policy);
  };
  const seen = new Set();
  for (const c of cases) {
    const checker = checkerFor(c.policy);
    const report = checker.check(c.text, c.context_json);
    assert.equal(mismatch(decls, report, "Report", `${c.id}: report`), null);
    const fixed = checker.fix(c.text, c.context_json, "all");
    assert.equal(mismatch(decls, fixed, "Fixed", `${c.id}: fixed`), null);
    // The corpus contexts are contexts as the types declare them.
    assert.equal(mismatch(decls, JSON.parse(c.context_json), "Context", `${c.id}: context`), null);
    for (const f of report.findings) for (const key of Object.keys(f)) seen.add(key);
  }
  // The optional fields of a finding all occur, so their declarations were exercised.
  for (const key of ["terms", "attachment", "fix"]) assert.ok(seen.has(key), `no corpus finding has ${key}`);
});
