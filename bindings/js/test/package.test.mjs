// The package as another project gets it: package.json fit for publishing, `npm pack`
// holding exactly the files it needs, and the tarball installed into a fresh project, where
// `require`, `import`, `hatsugen/web` and the TypeScript types all work.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { pkgDir, rootDir } from "./helpers.mjs";

const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const npm = (args, cwd) =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });

/** Every file path an `exports` entry (nested conditions included) points to. */
function exportTargets(node) {
  if (typeof node === "string") return [node];
  return Object.values(node).flatMap(exportTargets);
}

test("package.json is fit for publishing", () => {
  const cargo = readFileSync(join(rootDir, "Cargo.toml"), "utf8");
  assert.equal(pkg.version, /\[workspace\.package\][^[]*?version = "([^"]+)"/.exec(cargo)[1], "version = the workspace's");
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  assert.match(pkg.repository?.url ?? "", /^git\+https:\/\//);
  assert.equal(pkg.repository.directory, "bindings/js");
  assert.ok(pkg.description && pkg.keywords?.length, "description and keywords");
  assert.ok(!pkg.private, "publishable");
  assert.deepStrictEqual(Object.keys(pkg.dependencies ?? {}), [], "no run-time dependencies");
  // every script points at something that exists
  assert.ok(existsSync(join(pkgDir, pkg.scripts.build)), `build script ${pkg.scripts.build}`);
  // every entry point exists and is in `files`
  const targets = [pkg.main, pkg.types, ...exportTargets(pkg.exports)];
  for (const t of targets) {
    if (t === "./package.json") continue;
    assert.ok(existsSync(join(pkgDir, t)), `${t} (build first)`);
    assert.ok(pkg.files.some((f) => t.slice(2).startsWith(f)), `${t} is not in files`);
  }
});

test("README and types say what the build does", () => {
  const readme = readFileSync(join(pkgDir, "README.md"), "utf8");
  const build = readFileSync(join(pkgDir, "scripts/build.sh"), "utf8");
  const level = /WASM_OPT_LEVEL:--(O\w+)/.exec(build)[1];
  assert.match(readme, new RegExp(`wasm-opt -${level}\\b`), `README names the wasm-opt level the build uses (-${level})`);
  for (const doc of [readme, readFileSync(join(pkgDir, "types/index.d.ts"), "utf8")]) {
    assert.doesNotMatch(doc, /once the core('s context)? reads/, "schedule is read by the core");
  }
  assert.match(readme, /npm pack/);
});

let work;
let tarball;
before(() => {
  work = mkdtempSync(join(tmpdir(), "hatsugen-pack-"));
  const [info] = JSON.parse(npm(["pack", "--json", "--pack-destination", work], pkgDir));
  tarball = join(work, info.filename);
  const files = info.files.map((f) => f.path).sort();
  assert.deepStrictEqual(files, [
    "README.md",
    "dist/node/hatsugen.cjs",
    "dist/node/hatsugen.d.cts",
    "dist/node/hatsugen_bg.wasm",
    "dist/web/hatsugen.js",
    "dist/web/hatsugen_bg.wasm",
    "package.json",
    "types/index.d.ts",
    "types/web.d.ts",
  ]);
});
after(() => work && rmSync(work, { recursive: true, force: true }));

test("the packed tarball installs into another project and works there", () => {
  const app = join(work, "app");
  execFileSync("mkdir", ["-p", app]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  npm(["install", "--offline", tarball], app);
  const text = "ここだけの話、内部資料を見せます";
  writeFileSync(
    join(app, "main.mjs"),
    `import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { Checker } from "hatsugen";
import init, { Checker as WebChecker } from "hatsugen/web";
const cjs = createRequire(import.meta.url)("hatsugen");
await init({ module_or_path: readFileSync(new URL(import.meta.resolve("hatsugen/hatsugen_bg.wasm"))) });
const a = new Checker().check(${JSON.stringify(text)}, { device: "personal" });
const b = new WebChecker().check(${JSON.stringify(text)}, { device: "personal" });
const c = new cjs.Checker().check(${JSON.stringify(text)}, { device: "personal" });
console.log(JSON.stringify([a.verdict, JSON.stringify(a) === JSON.stringify(b), JSON.stringify(a) === JSON.stringify(c)]));
`,
  );
  const out = execFileSync(process.execPath, ["main.mjs"], { cwd: app, encoding: "utf8" });
  assert.deepStrictEqual(JSON.parse(out), ["block", true, true]);
  // the types resolve from the installed package, for ES modules and CommonJS
  writeFileSync(
    join(app, "typed.ts"),
    `import { Checker, type Report } from "hatsugen";
import init from "hatsugen/web";
const r: Report = new Checker().check("x", { schedule: { days: ["sat"] } });
export const v: "allow" | "warn" | "block" = r.verdict;
export const i: typeof init = init;
`,
  );
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "es2022", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, lib: ["es2022", "dom", "esnext.disposable"], types: [] },
      files: ["typed.ts"],
    }),
  );
  execFileSync(process.execPath, [join(pkgDir, "node_modules/typescript/bin/tsc"), "-p", app], { encoding: "utf8" });
});
