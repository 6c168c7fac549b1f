// The development and test build of the sample extension: the shipped files with a manifest
// that also grants http://127.0.0.1 and http://localhost, so that pages served locally (the
// end-to-end test's, a developer's) get the content script without a permission prompt.
// The shipped manifest.json asks for no such host (manifest.test.mjs checks it).
//
//   node test/dev-build.mjs [DIR]     (default: test-artifacts/dev-extension), then load DIR
//                                     unpacked in chrome://extensions
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const extDir = fileURLToPath(new URL("..", import.meta.url));

/** The hosts only the development build grants. */
export const DEV_HOSTS = ["http://127.0.0.1/*", "http://localhost/*"];

/** The development manifest made from the shipped one. */
export function devManifest(manifest) {
  const dev = structuredClone(manifest);
  dev.name = `${manifest.name} [dev]`;
  dev.host_permissions = [...manifest.host_permissions, ...DEV_HOSTS];
  return dev;
}

/** Copies the extension to `dir` (without its tests) with the development manifest. */
export function makeDevBuild(dir = join(extDir, "test-artifacts", "dev-extension")) {
  const out = resolve(dir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Entry by entry: the default output is inside the extension's own directory.
  const skip = new Set(["test", "test-artifacts", "node_modules"]);
  for (const entry of readdirSync(extDir)) {
    if (!skip.has(entry)) cpSync(join(extDir, entry), join(out, entry), { recursive: true });
  }
  const manifest = JSON.parse(readFileSync(join(extDir, "manifest.json"), "utf8"));
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(devManifest(manifest), null, 2)}\n`);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(makeDevBuild(process.argv[2]));
}
