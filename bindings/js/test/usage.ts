// A typed use of the package, checked by `tsc -p test/tsconfig.json` (never run): it fails
// to compile when types/index.d.ts or types/web.d.ts lose something an extension needs.
import {
  Checker,
  version,
  type AppliedAttachment,
  type AppliedEdit,
  type Attachment,
  type AttachmentEdit,
  type AttachmentKind,
  type Context,
  type Finding,
  type Fixed,
  type HatsugenError,
  type Report,
  type RuleInfo,
  type Schedule,
  type Span,
  type TimeRange,
  type Weekday,
} from "hatsugen";
import init, { Checker as WebChecker, initSync } from "hatsugen/web";

const context: Context = {
  time: new Date().toISOString(),
  device: "personal",
  account: "staff_identified",
  status: "on_leave",
  role: "manager",
  audience: "public",
  recipients: 3,
  recipient_relation: "citizen",
  channel: "private",
  platform: "x",
  profile: "浦安市職員です。発言は個人の見解です。",
  attachments: [
    { kind: "image", description: "窓口の写真" },
    { kind: "image", exif: { gps: [35.6536, 139.9019], taken_at: new Date(), device_model: "Pixel 8" } },
  ],
  schedule: { days: ["mon", "tue", "wed", "thu", "fri"], hours: [{ start: "08:30", end: "17:15" }], time_zone: "Asia/Tokyo" },
  action: "like",
  duty: ["election_admin"],
  emergency: { level: "evacuation", area: "市内全域" },
  reply_to: "窓口の対応が最悪",
  reply_to_author: "citizen",
};

// The parts of a context, as the types name them.
const kind: AttachmentKind = "link";
const link: Attachment = { kind, name: "https://example.invalid/" };
const shift: TimeRange = { start: "22:00", end: "07:00" };
const days: Weekday[] = ["sat", "sun"];
const nights: Schedule = { days, hours: [shift], breaks: [] };
const shiftWorker: Context = { schedule: nights, attachments: [link], time: new Date() };
// A field left out is absent: `exactOptionalPropertyTypes` refuses null and undefined.
// @ts-expect-error optional context fields are not nullable
const noDevice: Context = { device: null };
// @ts-expect-error unknown fields are not part of a context
const typo: Context = { devise: "work" };

const checker: Checker = new Checker();
const city = new Checker({ policy: 'extends = "builtin:jp-local-gov"' });
const urayasu = Checker.fromBuiltin("urayasu");
const names: string[] = Checker.builtinNames();
const text = "ここだけの話、内部資料を見せます";
const report: Report = checker.check(text, context);
const again: Report = city.check(text, JSON.stringify(context));
const withDate: Report = urayasu.check(text, { time: new Date() });
const none: Report = checker.check(text);

function describe(f: Finding): string {
  const where = f.spans.map((s: Span) => text.slice(s.start, s.end)).join("、");
  const fix = f.suggestion ? ` → ${f.suggestion.ja}${f.suggestion.replacement ?? ""}` : "";
  const law = f.law ?? "";
  const terms = (f.terms ?? []).join(",");
  return `[${f.severity}] ${f.rule} (${f.category}) ${f.message.ja} / ${f.message.en} ${f.clause} ${law} ${where}${fix} ${terms} ${f.attachment ?? -1}`;
}
const lines: string[] = report.findings.map(describe);
const fixed: Fixed = checker.fix(text, context);
const fixedSome: Fixed = checker.fix(text, context, ["personal_data.phone"]);
const fixedAll: Fixed = checker.fix(text, undefined, "all");
const applied: AppliedEdit[] = [...fixed.applied, ...fixedSome.applied, ...fixedAll.applied];
const safeEdits: string[] = report.findings.flatMap((f) =>
  f.fix && f.fix.safe ? f.fix.edits.map((e) => `${e.target}:${e.span.start}-${e.span.end}=${e.replacement}`) : [],
);
const strip: AttachmentEdit[] = report.findings.flatMap((f) => f.fix?.attachments ?? []);
const toReencode: number[] = (fixed.attachments ?? []).map((a: AppliedAttachment) => a.attachment);
console.log(strip.map((e) => `${e.attachment}:${e.kind}`), toReencode);
const profileNow: string | null = fixed.profile;
const allowedNow: boolean = fixed.report.verdict === "allow" && applied.every((a) => a.fixed_span.end >= a.fixed_span.start);
console.log(safeEdits, profileNow, allowedNow);
const when: string | null = report.next_allowed_at;
const verdicts: Array<"allow" | "warn" | "block"> = [report.verdict, again.verdict, withDate.verdict, none.verdict];
const skipped: string[] = report.skipped.flatMap((s) => s.missing.map((m) => `${s.rule}:${m}`));
const rules: RuleInfo[] = checker.rules();
const enabled: boolean = rules.every((r) => r.enabled || r.severity === "info" || r.law === null || r.kind === "text");
const meta: string = `${checker.policy.id}@${checker.policy.version} ${checker.version} ${version()} ${checker.maxTextBytes}`;

try {
  new Checker("id = ");
} catch (e) {
  const err = e as HatsugenError;
  const place: string = `${err.code} ${err.line ?? 0}:${err.column ?? 0} ${err.keyPath ?? ""} ${err.message}`;
  console.log(place);
}

checker.free();
{
  using scoped = new Checker({ builtin: "urayasu" });
  console.log(scoped.policy.id);
}

async function web(bytes: ArrayBuffer): Promise<Report> {
  await init({ module_or_path: bytes });
  initSync({ module: bytes });
  return new WebChecker().check("今日は良い天気ですね", { time: new Date() });
}

// Optional fields of a report are absent or set, never null.
const about: number | undefined = report.findings[0]?.attachment;
const replacement: string | undefined = report.findings[0]?.suggestion?.replacement;
console.log(names, lines, when, verdicts, skipped, enabled, meta, web, shiftWorker, noDevice, typo, about, replacement);
