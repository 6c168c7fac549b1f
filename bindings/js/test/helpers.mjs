// Shared helpers of the Node tests. Independent of the WebAssembly code on purpose: the
// byte → UTF-16 conversion here is the reference the build is checked against.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const pkgDir = fileURLToPath(new URL("..", import.meta.url));
export const rootDir = fileURLToPath(new URL("../../..", import.meta.url));
const require = createRequire(import.meta.url);
/** The Node build (CommonJS, ready on load). */
export const hatsugen = require(`${pkgDir}dist/node/hatsugen.cjs`);

const utf8Length = (cp) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** A map from every UTF-8 byte offset on a character boundary of `text` to its UTF-16 offset. */
export function byteToUtf16Map(text) {
  const map = new Map([[0, 0]]);
  let bytes = 0;
  let units = 0;
  for (const ch of text) {
    bytes += utf8Length(ch.codePointAt(0));
    units += ch.length;
    map.set(bytes, units);
  }
  return map;
}

/** A copy of a report (as the Rust core writes it, byte spans) with UTF-16 spans. */
export function reportToUtf16(text, report) {
  const map = byteToUtf16Map(text);
  const convert = (offset) => {
    const u = map.get(offset);
    if (u === undefined) throw new Error(`byte offset ${offset} is not on a character boundary of ${JSON.stringify(text)}`);
    return u;
  };
  return {
    ...report,
    findings: report.findings.map((f) => ({
      ...f,
      spans: f.spans.map((s) => ({ start: convert(s.start), end: convert(s.end) })),
    })),
  };
}

function converter(text) {
  const map = byteToUtf16Map(text ?? "");
  return (s) => {
    const start = map.get(s.start);
    const end = map.get(s.end);
    if (start === undefined || end === undefined) throw new Error(`span ${JSON.stringify(s)} is not on character boundaries of ${JSON.stringify(text)}`);
    return { start, end };
  };
}

/** A copy of a report with UTF-16 spans, fix edits included (profile edits into `profile`). */
export function reportWithFixesToUtf16(text, profile, report) {
  const inText = converter(text);
  const inProfile = converter(profile);
  return {
    ...report,
    findings: report.findings.map((f) => {
      const g = { ...f, spans: f.spans.map(inText) };
      if (f.fix)
        g.fix = {
          ...f.fix,
          edits: f.fix.edits.map((e) => ({ ...e, span: (e.target === "profile" ? inProfile : inText)(e.span) })),
        };
      return g;
    }),
  };
}

/** A copy of a fix result (as the Rust core writes it) with UTF-16 spans. */
export function fixedToUtf16(text, profile, fixed) {
  const [oldText, oldProfile, newText, newProfile] = [text, profile, fixed.text, fixed.profile].map(converter);
  return {
    ...fixed,
    applied: fixed.applied.map((a) => ({
      ...a,
      span: (a.target === "profile" ? oldProfile : oldText)(a.span),
      fixed_span: (a.target === "profile" ? newProfile : newText)(a.fixed_span),
    })),
    report: reportWithFixesToUtf16(fixed.text, fixed.profile, fixed.report),
  };
}

/** The substring of `text` between UTF-8 byte offsets. */
export function byteSlice(text, start, end) {
  return Buffer.from(text, "utf8").subarray(start, end).toString("utf8");
}

/** Reads a JSON Lines file, skipping blank lines. */
export function readJsonl(path) {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      try {
        return JSON.parse(line);
      } catch (e) {
        throw new Error(`${path}:${i + 1}: ${e.message}`);
      }
    });
}
