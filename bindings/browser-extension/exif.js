// Photo metadata in JPEG files, read and removed in the browser: no library, no network.
//
//   readJpegMetadata(bytes, { offsetMinutes }) → what a photo tells about where, when and
//       with what it was taken (EXIF GPS, DateTimeOriginal, Model), or null for a non-JPEG
//   stripJpegMetadata(bytes) → the same JPEG without EXIF, XMP, IPTC, comments, vendor
//       segments and trailing images, losslessly (segments dropped, the image data copied
//       as is); the orientation is kept in a minimal EXIF block so the photo is not turned
//   toContextExif(info) → the core's `attachments[].exif` object
//
// A JPEG is a run of segments (FF xx, then a 2-byte big-endian length that counts itself),
// up to the first scan (SOS, FF DA), whose entropy-coded data runs to the next marker that
// is not a stuffed FF 00 or a restart (FF D0–D7). EXIF is an APP1 segment starting with
// "Exif\0\0" holding a TIFF structure: a byte-order mark ("II" little-endian, "MM"
// big-endian), 42, the offset of IFD0; each IFD is a count and 12-byte entries (tag, type,
// count, value or offset), IFD0 pointing to the Exif IFD (0x8769) and the GPS IFD (0x8825).
// Every read is bounds-checked: a damaged file gives fewer fields, never an exception.
//
// A classic script (content scripts cannot be ES modules): it sets `globalThis.hatsugenExif`,
// and `module.exports` when loaded by Node (test/exif.test.mjs).
(function (root) {
  "use strict";

  const SOI = 0xd8;
  const EOI = 0xd9;
  const SOS = 0xda;
  const APP0 = 0xe0;
  const APP1 = 0xe1;
  const APP2 = 0xe2;
  const APP14 = 0xee;

  const TAG = {
    make: 0x010f,
    model: 0x0110,
    orientation: 0x0112,
    dateTime: 0x0132,
    exifIfd: 0x8769,
    gpsIfd: 0x8825,
    dateTimeOriginal: 0x9003,
    offsetTimeOriginal: 0x9011,
    gpsLatitudeRef: 0x0001,
    gpsLatitude: 0x0002,
    gpsLongitudeRef: 0x0003,
    gpsLongitude: 0x0004,
  };
  /** Bytes per value of each TIFF type (1 BYTE … 10 SRATIONAL). */
  const TYPE_SIZE = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };
  /** At most this many entries are read from one IFD (a damaged count is not followed). */
  const MAX_ENTRIES = 512;

  const startsWith = (bytes, at, ascii) => {
    if (at + ascii.length > bytes.length) return false;
    for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
    return true;
  };

  function asBytes(input) {
    if (input instanceof Uint8Array) return input;
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw new TypeError("expected bytes (Uint8Array or ArrayBuffer)");
  }

  /** Whether the bytes start like a JPEG (FF D8 FF). */
  function isJpeg(input) {
    const b = asBytes(input);
    return b.length >= 3 && b[0] === 0xff && b[1] === SOI && b[2] === 0xff;
  }

  /**
   * The segments of a JPEG: `{ marker, start, end, dataStart }` for each (start at its FF,
   * end after it; a scan's end includes its entropy-coded data), and `imageEnd`, the offset
   * just after the main image's EOI (what follows it, such as the extra images of a
   * multi-picture file, is not part of the image). Null when the bytes are not a JPEG or
   * the segments do not hold together.
   */
  function segments(input) {
    const b = asBytes(input);
    if (!isJpeg(b)) return null;
    const out = [{ marker: SOI, start: 0, end: 2, dataStart: 2 }];
    let i = 2;
    while (i < b.length) {
      if (b[i] !== 0xff) return null;
      // Fill bytes: any number of FF before a marker.
      while (i + 1 < b.length && b[i + 1] === 0xff) i++;
      if (i + 1 >= b.length) return null;
      const marker = b[i + 1];
      const start = i;
      if (marker === EOI) {
        out.push({ marker, start, end: i + 2, dataStart: i + 2 });
        return { list: out, imageEnd: i + 2 };
      }
      if (marker === SOI || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        // Markers without a length (a stray restart or TEM).
        out.push({ marker, start, end: i + 2, dataStart: i + 2 });
        i += 2;
        continue;
      }
      if (i + 4 > b.length) return null;
      const length = (b[i + 2] << 8) | b[i + 3];
      if (length < 2 || i + 2 + length > b.length) return null;
      let end = i + 2 + length;
      if (marker === SOS) {
        // The entropy-coded data: up to the next real marker.
        let j = end;
        while (j + 1 < b.length && !(b[j] === 0xff && b[j + 1] !== 0x00 && !(b[j + 1] >= 0xd0 && b[j + 1] <= 0xd7) && b[j + 1] !== 0xff)) j++;
        if (j + 1 >= b.length) {
          // No EOI (a truncated file): the data runs to the end.
          out.push({ marker, start, end: b.length, dataStart: i + 4 });
          return { list: out, imageEnd: b.length };
        }
        end = j;
      }
      out.push({ marker, start, end, dataStart: i + 4 });
      i = end;
    }
    return null;
  }

  // ───────────────────────────── TIFF (EXIF) ─────────────────────────────

  /** A bounds-checked reader of the TIFF structure inside an APP1 Exif segment. */
  function tiffReader(b, base, length) {
    if (length < 8) return null;
    const little = b[base] === 0x49 && b[base + 1] === 0x49;
    const big = b[base] === 0x4d && b[base + 1] === 0x4d;
    if (!little && !big) return null;
    const u16 = (o) => (o < 0 || o + 2 > length ? null : little ? b[base + o] | (b[base + o + 1] << 8) : (b[base + o] << 8) | b[base + o + 1]);
    const u32 = (o) => {
      if (o < 0 || o + 4 > length) return null;
      const [x0, x1, x2, x3] = [b[base + o], b[base + o + 1], b[base + o + 2], b[base + o + 3]];
      return little ? (x0 | (x1 << 8) | (x2 << 16)) + x3 * 0x1000000 : (x3 | (x2 << 8) | (x1 << 16)) + x0 * 0x1000000;
    };
    if (u16(2) !== 42) return null;
    const ifd0 = u32(4);
    /** The entries of the IFD at `offset`: Map tag → { type, count, at } (at: where the value is). */
    const ifd = (offset) => {
      const entries = new Map();
      const n = u16(offset);
      if (offset === null || n === null) return entries;
      for (let k = 0; k < Math.min(n, MAX_ENTRIES); k++) {
        const e = offset + 2 + k * 12;
        const tag = u16(e);
        const type = u16(e + 2);
        const count = u32(e + 4);
        if (tag === null || type === null || count === null) break;
        const size = (TYPE_SIZE[type] ?? 0) * count;
        if (!size || size > length) continue;
        const at = size <= 4 ? e + 8 : u32(e + 8);
        if (at === null || at + size > length) continue;
        if (!entries.has(tag)) entries.set(tag, { type, count, at });
      }
      return entries;
    };
    const ascii = (entry) => {
      if (!entry || (entry.type !== 2 && entry.type !== 7 && entry.type !== 1)) return null;
      let n = 0;
      while (n < entry.count && b[base + entry.at + n] !== 0) n++;
      const raw = b.subarray(base + entry.at, base + entry.at + n);
      // EXIF strings are ASCII; a camera that wrote UTF-8 anyway gets decoded as such,
      // anything else byte for byte.
      let s;
      try {
        s = new TextDecoder("utf-8", { fatal: true }).decode(raw);
      } catch {
        s = String.fromCharCode(...raw);
      }
      s = s.replace(/[\u0000-\u001f\u007f]/g, "").trim();
      return s || null;
    };
    const uint = (entry) => {
      if (!entry) return null;
      if (entry.type === 3) return u16(entry.at);
      if (entry.type === 4) return u32(entry.at);
      if (entry.type === 1) return b[base + entry.at];
      return null;
    };
    const rationals = (entry) => {
      if (!entry || (entry.type !== 5 && entry.type !== 10)) return null;
      const out = [];
      for (let k = 0; k < entry.count; k++) {
        let num = u32(entry.at + k * 8);
        let den = u32(entry.at + k * 8 + 4);
        if (num === null || den === null) return null;
        if (entry.type === 10) {
          num = num > 0x7fffffff ? num - 0x100000000 : num;
          den = den > 0x7fffffff ? den - 0x100000000 : den;
        }
        out.push(den === 0 ? NaN : num / den);
      }
      return out;
    };
    return { little, ifd0, ifd, ascii, uint, rationals };
  }

  /** Degrees from EXIF's [degrees, minutes, seconds] and a N/S/E/W reference. */
  function degrees(dms, ref, max) {
    if (!dms || dms.length < 1 || dms.some((x) => !Number.isFinite(x) || x < 0)) return null;
    const [d, m = 0, s = 0] = dms;
    let v = d + m / 60 + s / 3600;
    if (v > max) return null;
    // A missing reference still tells where: read as north or east.
    if (ref === "S" || ref === "W") v = -v;
    // Seven decimals: about a centimetre; more would only be noise.
    return Math.round(v * 1e7) / 1e7;
  }

  const pad = (n, w = 2) => String(Math.abs(Math.trunc(n))).padStart(w, "0");

  /** `+09:00` for 540 minutes east of UTC. */
  function offsetString(minutes) {
    const sign = minutes < 0 ? "-" : "+";
    const m = Math.abs(minutes);
    return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
  }

  /**
   * The device's offset from UTC, in minutes east, at a local wall-clock time (the offset
   * of that moment, so summer time is right).
   */
  function deviceOffsetMinutes(y, mo, d, h, mi, s) {
    return -new Date(y, mo - 1, d, h, mi, s).getTimezoneOffset();
  }

  /**
   * RFC 3339 from an EXIF date (`YYYY:MM:DD HH:MM:SS`, local to the camera) and an offset:
   * EXIF's own OffsetTimeOriginal (`+09:00`) when present, else `offsetMinutes(y, mo, d, h,
   * mi, s)` (default: the device's). Null for a date that is not one (`0000:00:00 …`).
   */
  function exifDateToRfc3339(value, offset, offsetMinutes = deviceOffsetMinutes) {
    const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(String(value ?? "").trim());
    if (!m) return null;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCMonth() !== mo - 1) return null; // 2026:02:30
    let off = /^[+-]\d{2}:\d{2}$/.test(String(offset ?? "").trim()) ? String(offset).trim() : null;
    if (!off) {
      const minutes = offsetMinutes(y, mo, d, h, mi, s);
      if (!Number.isFinite(minutes)) return null;
      off = offsetString(minutes);
    }
    return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(Math.min(s, 59))}${off}`;
  }

  /**
   * What a JPEG's metadata says: `{ gps: [lat, lon] | null, takenAt, make, model,
   * orientation, hasExif, hasOther }`. `takenAt` is RFC 3339 (see exifDateToRfc3339);
   * `hasOther` is true when the file carries other metadata `stripJpegMetadata` removes
   * (XMP, IPTC, comments, vendor segments, trailing images). Null when not a JPEG.
   * `options.offsetMinutes(y, mo, d, h, mi, s)` gives the offset for a time without one
   * (default: the device's).
   */
  function readJpegMetadata(input, options = {}) {
    const b = asBytes(input);
    const segs = segments(b);
    if (!segs) return isJpeg(b) ? { gps: null, takenAt: null, make: null, model: null, orientation: null, hasExif: false, hasOther: false, damaged: true } : null;
    const info = { gps: null, takenAt: null, make: null, model: null, orientation: null, hasExif: false, hasOther: segs.imageEnd < b.length };
    for (const s of segs.list) {
      if (s.marker === APP1 && startsWith(b, s.dataStart, "Exif\0\0") && !info.hasExif) {
        info.hasExif = true;
        const base = s.dataStart + 6;
        const tiff = tiffReader(b, base, s.end - base);
        if (!tiff) continue;
        const ifd0 = tiff.ifd(tiff.ifd0);
        info.make = tiff.ascii(ifd0.get(TAG.make));
        info.model = tiff.ascii(ifd0.get(TAG.model));
        const orientation = tiff.uint(ifd0.get(TAG.orientation));
        info.orientation = orientation >= 1 && orientation <= 8 ? orientation : null;
        const exifAt = tiff.uint(ifd0.get(TAG.exifIfd));
        const exif = exifAt ? tiff.ifd(exifAt) : new Map();
        const original = tiff.ascii(exif.get(TAG.dateTimeOriginal)) ?? tiff.ascii(ifd0.get(TAG.dateTime));
        if (original) info.takenAt = exifDateToRfc3339(original, tiff.ascii(exif.get(TAG.offsetTimeOriginal)), options.offsetMinutes);
        const gpsAt = tiff.uint(ifd0.get(TAG.gpsIfd));
        if (gpsAt) {
          const gps = tiff.ifd(gpsAt);
          const lat = degrees(tiff.rationals(gps.get(TAG.gpsLatitude)), tiff.ascii(gps.get(TAG.gpsLatitudeRef))?.toUpperCase(), 90);
          const lon = degrees(tiff.rationals(gps.get(TAG.gpsLongitude)), tiff.ascii(gps.get(TAG.gpsLongitudeRef))?.toUpperCase(), 180);
          if (lat !== null && lon !== null) info.gps = [lat, lon];
        }
      } else if (!keeps(b, s)) {
        info.hasOther = true;
      }
    }
    return info;
  }

  /** Whether a segment stays in a stripped file: the image itself, JFIF, the colour profile. */
  function keeps(b, s) {
    const m = s.marker;
    if (m === APP0) return startsWith(b, s.dataStart, "JFIF\0") || startsWith(b, s.dataStart, "JFXX\0");
    if (m === APP2) return startsWith(b, s.dataStart, "ICC_PROFILE\0");
    if (m === APP14) return startsWith(b, s.dataStart, "Adobe");
    if (m >= 0xe0 && m <= 0xef) return false; // other APPn: EXIF, XMP, IPTC, vendors' notes
    if (m === 0xfe) return false; // COM: a comment
    return true;
  }

  /** A minimal EXIF APP1 segment holding only the orientation (big-endian TIFF). */
  function orientationSegment(orientation) {
    // FF E1, length, "Exif\0\0", "MM", 42, IFD0 at 8: one entry (0x0112 SHORT 1), next IFD 0.
    const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
    const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
    const length = payload.length + 2;
    return Uint8Array.from([0xff, APP1, length >> 8, length & 0xff, ...payload]);
  }

  /**
   * The JPEG without its metadata, losslessly: EXIF (GPS, time, camera), XMP, IPTC,
   * comments and vendor segments are dropped, and so is anything after the image (the
   * extra images of a multi-picture file carry their own EXIF); the image data, JFIF, the
   * colour profile and Adobe's colour transform are copied as they are. An orientation
   * other than 1 is kept (in a minimal EXIF block with nothing else) so the photo is not
   * shown turned. Returns `{ bytes, removed }` (removed: bytes dropped), or null when the
   * input is not a JPEG whose segments hold together.
   */
  function stripJpegMetadata(input) {
    const b = asBytes(input);
    const segs = segments(b);
    if (!segs) return null;
    const info = readJpegMetadata(b);
    const kept = segs.list.filter((s) => keeps(b, s)).map((s) => b.subarray(s.start, s.end));
    // The orientation goes after SOI and JFIF (which must come first), before the rest.
    const head = segs.list[1]?.marker === APP0 && keeps(b, segs.list[1]) ? 2 : 1;
    const parts = [...kept.slice(0, head)];
    if (info?.orientation && info.orientation !== 1) parts.push(orientationSegment(info.orientation));
    parts.push(...kept.slice(head));
    const size = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return { bytes: out, removed: b.length - size };
  }

  /**
   * The core's `attachments[].exif` object for what readJpegMetadata found:
   * `{ gps: [lat, lon], taken_at, device_model }` with only the fields known (the model
   * prefixed with the maker when the model does not already name it); null when none is.
   */
  function toContextExif(info) {
    if (!info) return null;
    const out = {};
    if (info.gps) out.gps = [...info.gps];
    if (info.takenAt) out.taken_at = info.takenAt;
    if (info.model) {
      const make = info.make && !info.model.toLowerCase().startsWith(info.make.toLowerCase().split(/\s/)[0]) ? `${info.make} ` : "";
      out.device_model = `${make}${info.model}`;
    }
    return Object.keys(out).length ? out : null;
  }

  const api = Object.freeze({
    exifDateToRfc3339,
    isJpeg,
    offsetString,
    readJpegMetadata,
    segments,
    stripJpegMetadata,
    toContextExif,
  });
  root.hatsugenExif = api;
  if (typeof module === "object" && module?.exports) module.exports = api;
})(globalThis);
