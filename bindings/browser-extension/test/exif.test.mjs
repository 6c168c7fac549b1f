// Unit tests of exif.js on real JPEG files written by two other tools (fixtures/make-jpegs.py:
// Pillow, little-endian; ExifTool, big-endian with XMP and a comment): what a photo says
// (GPS, time, camera), the lossless removal, and damaged input.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

const require = createRequire(import.meta.url);
const exif = require("../exif.js");
const { readJpegMetadata, stripJpegMetadata, toContextExif, exifDateToRfc3339, segments, isJpeg } = exif;

const fixture = (name) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const PILLOW = fixture("gps-pillow.jpg");
const EXIFTOOL = fixture("gps-exiftool.jpg");
const PLAIN = fixture("plain.jpg");
const JST = () => 540;

const contains = (bytes, ascii) => Buffer.from(bytes).includes(Buffer.from(ascii, "latin1"));
/** The image data: from the first scan (SOS) to the end of the main image. */
function scanData(bytes) {
  const s = segments(bytes);
  const sos = s.list.find((x) => x.marker === 0xda);
  return Buffer.from(bytes.subarray(sos.start, s.imageEnd));
}
const near = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 2e-5, `${what}: ${actual} vs ${expected}`);

describe("readJpegMetadata", () => {
  test("Pillow's little-endian EXIF: GPS north/east, time with its own offset, camera, orientation", () => {
    const info = readJpegMetadata(PILLOW, { offsetMinutes: () => -300 });
    near(info.gps[0], 35.681236, "latitude");
    near(info.gps[1], 139.767125, "longitude");
    // OffsetTimeOriginal wins over the device's offset (-05:00 here).
    assert.equal(info.takenAt, "2026-05-01T14:30:05+09:00");
    assert.equal(info.make, "Google");
    assert.equal(info.model, "Pixel 8");
    assert.equal(info.orientation, 6);
    assert.equal(info.hasExif, true);
    assert.equal(info.hasOther, false);
  });

  test("ExifTool's big-endian EXIF: GPS south/west, time in the device's offset, XMP and comment noticed", () => {
    const info = readJpegMetadata(EXIFTOOL, { offsetMinutes: JST });
    near(info.gps[0], -23.5505, "latitude");
    near(info.gps[1], -46.6333, "longitude");
    assert.equal(info.takenAt, "2025-12-31T23:59:58+09:00");
    assert.equal(readJpegMetadata(EXIFTOOL, { offsetMinutes: () => -180 }).takenAt, "2025-12-31T23:59:58-03:00");
    assert.equal(info.model, "iPhone 15");
    assert.equal(info.orientation, null);
    assert.equal(info.hasOther, true, "XMP and a comment");
  });

  test("the device's offset is asked for the photo's own wall-clock time", () => {
    const seen = [];
    readJpegMetadata(EXIFTOOL, { offsetMinutes: (...parts) => (seen.push(parts), 60) });
    assert.deepStrictEqual(seen, [[2025, 12, 31, 23, 59, 58]]);
  });

  test("a photo without metadata", () => {
    const info = readJpegMetadata(PLAIN);
    assert.deepStrictEqual(info, { gps: null, takenAt: null, make: null, model: null, orientation: null, hasExif: false, hasOther: false });
    assert.equal(toContextExif(info), null);
  });

  test("not a JPEG: null", () => {
    assert.equal(readJpegMetadata(new TextEncoder().encode("\x89PNG\r\n\x1a\n")), null);
    assert.equal(readJpegMetadata(new Uint8Array()), null);
    assert.equal(isJpeg(PILLOW), true);
    assert.equal(isJpeg(new Uint8Array([0xff, 0xd8])), false);
    assert.throws(() => readJpegMetadata("text"), TypeError);
  });

  test("an ArrayBuffer and a DataView work as well as a Uint8Array", () => {
    const copy = PILLOW.slice().buffer;
    assert.equal(readJpegMetadata(copy).model, "Pixel 8");
    assert.equal(readJpegMetadata(new DataView(copy)).model, "Pixel 8");
  });

  test("a second image after the first's end (multi-picture files) counts as other metadata", () => {
    const joined = new Uint8Array([...PLAIN, ...PILLOW]);
    const info = readJpegMetadata(joined);
    assert.equal(info.hasExif, false, "the main image has none");
    assert.equal(info.hasOther, true);
  });
});

describe("toContextExif", () => {
  test("the core's attachments[].exif fields", () => {
    assert.deepStrictEqual(toContextExif(readJpegMetadata(PILLOW, { offsetMinutes: JST })), {
      gps: [readJpegMetadata(PILLOW).gps[0], readJpegMetadata(PILLOW).gps[1]],
      taken_at: "2026-05-01T14:30:05+09:00",
      device_model: "Google Pixel 8",
    });
    assert.equal(toContextExif(readJpegMetadata(EXIFTOOL, { offsetMinutes: JST })).device_model, "Apple iPhone 15");
    // A model that already names its maker is not prefixed again.
    assert.equal(toContextExif({ model: "Canon EOS R5", make: "Canon" }).device_model, "Canon EOS R5");
    assert.deepStrictEqual(toContextExif({ gps: null, takenAt: "2026-01-01T00:00:00+09:00" }), { taken_at: "2026-01-01T00:00:00+09:00" });
    assert.equal(toContextExif(null), null);
  });
});

describe("exifDateToRfc3339", () => {
  const table = [
    ["2026:05:01 14:30:05", "+09:00", "2026-05-01T14:30:05+09:00"],
    ["2026:05:01 14:30:05", "-04:30", "2026-05-01T14:30:05-04:30"],
    ["2026:05:01 14:30:05", null, "2026-05-01T14:30:05+09:00"],
    ["2026:05:01 14:30:05", "   ", "2026-05-01T14:30:05+09:00"],
    ["2026:05:01 14:30:05.123", null, "2026-05-01T14:30:05+09:00"],
    ["0000:00:00 00:00:00", null, null],
    ["2026:02:30 10:00:00", null, null],
    ["2026:13:01 10:00:00", null, null],
    ["    :  :     :  :  ", null, null],
    ["", null, null],
  ];
  for (const [value, offset, expected] of table) {
    test(`${JSON.stringify(value)} ${JSON.stringify(offset)} → ${expected}`, () => {
      assert.equal(exifDateToRfc3339(value, offset, JST), expected);
    });
  }
  test("offsets west of UTC and with minutes", () => {
    assert.equal(exifDateToRfc3339("2026:01:01 00:00:00", null, () => -570), "2026-01-01T00:00:00-09:30");
    assert.equal(exifDateToRfc3339("2026:01:01 00:00:00", null, () => 345), "2026-01-01T00:00:00+05:45");
  });
});

describe("stripJpegMetadata", () => {
  test("Pillow's photo: EXIF gone, orientation kept, image data untouched", () => {
    const { bytes, removed } = stripJpegMetadata(PILLOW);
    assert.ok(removed > 0);
    assert.equal(bytes.length, PILLOW.length - removed);
    const info = readJpegMetadata(bytes);
    assert.equal(info.gps, null);
    assert.equal(info.takenAt, null);
    assert.equal(info.model, null);
    assert.equal(info.make, null);
    assert.equal(info.orientation, 6, "the photo is not turned");
    assert.equal(info.hasOther, false);
    assert.ok(!contains(bytes, "Pixel"));
    assert.ok(!contains(bytes, "2026:05:01"));
    assert.deepStrictEqual(scanData(bytes), scanData(PILLOW));
    // JFIF still first, then the orientation block.
    const list = segments(bytes).list.map((s) => s.marker);
    assert.deepStrictEqual(list.slice(0, 3), [0xd8, 0xe0, 0xe1]);
    assert.equal(list.at(-1), 0xd9);
  });

  test("ExifTool's photo: EXIF, XMP and the comment gone; nothing of EXIF left (orientation 1)", () => {
    const { bytes } = stripJpegMetadata(EXIFTOOL);
    const markers = segments(bytes).list.map((s) => s.marker);
    assert.ok(!markers.includes(0xe1), "no APP1 (EXIF, XMP)");
    assert.ok(!markers.includes(0xfe), "no comment");
    assert.ok(!contains(bytes, "iPhone"));
    assert.ok(!contains(bytes, "hello"));
    assert.ok(!contains(bytes, "http://ns.adobe.com/xap"));
    assert.deepStrictEqual(readJpegMetadata(bytes), { gps: null, takenAt: null, make: null, model: null, orientation: null, hasExif: false, hasOther: false });
    assert.deepStrictEqual(scanData(bytes), scanData(EXIFTOOL));
  });

  test("a photo without metadata comes back byte for byte", () => {
    const { bytes, removed } = stripJpegMetadata(PLAIN);
    assert.equal(removed, 0);
    assert.deepStrictEqual(Buffer.from(bytes), Buffer.from(PLAIN));
  });

  test("what follows the image is dropped (a second picture with its own EXIF)", () => {
    const { bytes } = stripJpegMetadata(new Uint8Array([...PLAIN, ...PILLOW]));
    assert.deepStrictEqual(Buffer.from(bytes), Buffer.from(PLAIN));
  });

  test("stripping twice changes nothing more", () => {
    const once = stripJpegMetadata(PILLOW).bytes;
    const twice = stripJpegMetadata(once);
    assert.equal(twice.removed, 0);
    assert.deepStrictEqual(Buffer.from(twice.bytes), Buffer.from(once));
  });

  test("ExifTool agrees: no GPS, camera or time left, orientation kept", { skip: !existsSync("/usr/bin/exiftool") && "no exiftool" }, () => {
    const dir = mkdtempSync(join(tmpdir(), "hatsugen-exif-"));
    try {
      for (const [name, input] of [["pillow", PILLOW], ["exiftool", EXIFTOOL]]) {
        const path = join(dir, `${name}.jpg`);
        writeFileSync(path, stripJpegMetadata(input).bytes);
        const [tags] = JSON.parse(execFileSync("exiftool", ["-j", "-a", "-G1", path], { encoding: "utf8" }));
        const keys = Object.keys(tags);
        assert.deepStrictEqual(keys.filter((k) => /GPS|Model|Make|DateTimeOriginal|XMP|Comment/.test(k)), [], `${name}: ${keys}`);
        assert.equal(tags["ExifTool:Warning"], undefined, `${name}: ${tags["ExifTool:Warning"]}`);
        if (name === "pillow") assert.equal(tags["IFD0:Orientation"], "Rotate 90 CW");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("damaged input never throws", () => {
  test("every truncation of both photos", () => {
    for (const photo of [PILLOW, EXIFTOOL]) {
      for (let n = 0; n <= photo.length; n++) {
        const cut = photo.subarray(0, n);
        const info = readJpegMetadata(cut);
        const stripped = stripJpegMetadata(cut);
        if (stripped) assert.ok(!contains(stripped.bytes, "Exif\0\0MM") || readJpegMetadata(stripped.bytes).gps === null);
        if (info?.gps) assert.ok(info.gps.every(Number.isFinite));
      }
    }
  });

  test("random byte changes inside the metadata (seeded)", () => {
    let seed = 12345;
    const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (const photo of [PILLOW, EXIFTOOL]) {
      const sos = segments(photo).list.find((s) => s.marker === 0xda).start;
      for (let round = 0; round < 2000; round++) {
        const bad = photo.slice();
        for (let k = 0; k < 1 + rand(4); k++) bad[2 + rand(sos - 2)] = rand(256);
        const info = readJpegMetadata(bad);
        stripJpegMetadata(bad);
        if (info?.gps) {
          assert.ok(Math.abs(info.gps[0]) <= 90 && Math.abs(info.gps[1]) <= 180, JSON.stringify(info.gps));
        }
      }
    }
  });
});
