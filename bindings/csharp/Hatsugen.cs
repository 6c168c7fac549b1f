// hatsugen (発言) for .NET / Mono: check a public servant's post against the social-media
// policy before it is sent, through P/Invoke into libhatsugen (docs/C-API.md).
//
//     using (var checker = new Hatsugen.Checker())          // built-in jp-local-gov pack
//     {
//         var report = checker.Check(text, new Dictionary<string, object> { ["device"] = "work" });
//         if ((string)report["verdict"] == "block") { ... }
//     }
//
// libhatsugen.so is looked for in HATSUGEN_LIB (a path), then next to this assembly
// (runtimes/linux-x64/native/ as the NuGet package lays it out, or flat), then by the system
// loader (LD_LIBRARY_PATH, installed); a DllNotFoundException lists every place tried. A
// Checker is immutable and thread-safe: share one between threads.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Hatsugen
{
    /// <summary>A call into libhatsugen failed.</summary>
    public class HatsugenException : Exception
    {
        /// <summary>A required pointer was null (a bug in the binding).</summary>
        public const uint NullArgument = 1;
        /// <summary>A length or size no object can have.</summary>
        public const uint InvalidArgument = 2;
        /// <summary>The text or another string is not UTF-8.</summary>
        public const uint InvalidUtf8 = 3;
        /// <summary>The text is longer than MaxTextBytes.</summary>
        public const uint TextTooLarge = 4;
        /// <summary>Malformed context JSON, an unknown field or value, a bad time.</summary>
        public const uint InvalidContext = 5;
        /// <summary>Malformed policy TOML, or a key or value of the wrong name or type.</summary>
        public const uint PolicySyntax = 6;
        /// <summary>Well-formed TOML that breaks a rule of the policy format.</summary>
        public const uint PolicyInvalid = 7;
        /// <summary>No built-in pack of that name.</summary>
        public const uint UnknownBuiltin = 8;
        /// <summary>The policy exceeds a size limit.</summary>
        public const uint PolicyTooLarge = 9;
        /// <summary>A policy problem of a kind newer than this binding.</summary>
        public const uint PolicyError = 10;

        /// <summary>The C status code (PolicySyntax, ...).</summary>
        public uint Status { get; }
        /// <summary>The status in words ("policy syntax error").</summary>
        public string StatusName { get; }
        /// <summary>What is wrong, without the position.</summary>
        public string Detail { get; }
        /// <summary>1-based line in the policy TOML or context JSON; 0 if none.</summary>
        public long Line { get; }
        /// <summary>1-based column; 0 if none.</summary>
        public long Column { get; }
        /// <summary>For policy errors, the dotted key (e.g. remove_terms), or null.</summary>
        public string KeyPath { get; }
        /// <summary>True for a bad policy (syntax, invalid, unknown built-in, too large).</summary>
        public bool IsPolicyError => Status >= PolicySyntax && Status <= PolicyError;

        internal HatsugenException(uint status, string statusName, string detail, long line, long column, string keyPath)
            : base(statusName + (line > 0 ? $" at line {line}, column {column}" : "") + ": " + detail)
        {
            Status = status;
            StatusName = statusName;
            Detail = detail;
            Line = line;
            Column = column;
            KeyPath = keyPath;
        }
    }

    /// <summary>Owns a hatsugen_checker*; freed once, after the last call using it.</summary>
    internal sealed class CheckerHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        internal CheckerHandle(IntPtr h) : base(true) { SetHandle(h); }

        protected override bool ReleaseHandle()
        {
            NativeMethods.Lib.checker_free(handle);
            return true;
        }
    }

    /// <summary>dlopen/dlsym from the C library (glibc), to load libhatsugen from a path.</summary>
    internal static class Dl
    {
        private const int RTLD_NOW = 2;

        [DllImport("libdl.so.2", EntryPoint = "dlopen")] private static extern IntPtr dlopen(string file, int mode);
        [DllImport("libdl.so.2", EntryPoint = "dlsym")] private static extern IntPtr dlsym(IntPtr handle, string name);
        [DllImport("libdl.so.2", EntryPoint = "dlerror")] private static extern IntPtr dlerror();

        internal static IntPtr Open(string file, out string error)
        {
            dlerror();
            IntPtr h = dlopen(file, RTLD_NOW);
            error = h == IntPtr.Zero ? (Marshal.PtrToStringAnsi(dlerror()) ?? "dlopen failed") : null;
            return h;
        }

        internal static T Symbol<T>(IntPtr lib, string name) where T : class
        {
            IntPtr p = dlsym(lib, name);
            if (p == IntPtr.Zero) throw new EntryPointNotFoundException("libhatsugen has no symbol `" + name + "`");
            return (T)(object)Marshal.GetDelegateForFunctionPointer(p, typeof(T));
        }
    }

    /// <summary>
    /// The part of include/hatsugen.h this binding uses, bound once to the library found by
    /// <see cref="NativeMethods.Locate"/> (size_t is UIntPtr).
    /// </summary>
    internal sealed class NativeLib
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate IntPtr StrFn();
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate IntPtr StatusStrFn(uint status);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate IntPtr PtrToPtrFn(IntPtr p);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate UIntPtr PtrToSizeFn(IntPtr p);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate void FreeFn(IntPtr p);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate uint NewDefaultFn(out IntPtr checkerOut);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate uint NewFn(byte[] data, UIntPtr len, out IntPtr checkerOut, ref IntPtr errorOut);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate uint CheckJsonFn(IntPtr checker, byte[] text, UIntPtr textLen, byte[] contextJson, UIntPtr contextJsonLen, ref IntPtr reportJsonOut, ref UIntPtr reportJsonLenOut, ref IntPtr errorOut);

        internal readonly string Path;
        internal readonly StrFn version;
        internal readonly StatusStrFn status_str;
        internal readonly PtrToPtrFn error_message, error_key_path, checker_policy_id, checker_policy_version;
        internal readonly PtrToSizeFn error_line, error_column, checker_max_text_bytes;
        internal readonly FreeFn error_free, checker_free, string_free;
        internal readonly NewDefaultFn checker_new_default;
        internal readonly NewFn checker_new_builtin, checker_new_from_toml;
        internal readonly CheckJsonFn check_json;

        internal NativeLib(IntPtr lib, string path)
        {
            Path = path;
            version = Dl.Symbol<StrFn>(lib, "hatsugen_version");
            status_str = Dl.Symbol<StatusStrFn>(lib, "hatsugen_status_str");
            error_message = Dl.Symbol<PtrToPtrFn>(lib, "hatsugen_error_message");
            error_key_path = Dl.Symbol<PtrToPtrFn>(lib, "hatsugen_error_key_path");
            error_line = Dl.Symbol<PtrToSizeFn>(lib, "hatsugen_error_line");
            error_column = Dl.Symbol<PtrToSizeFn>(lib, "hatsugen_error_column");
            error_free = Dl.Symbol<FreeFn>(lib, "hatsugen_error_free");
            checker_new_default = Dl.Symbol<NewDefaultFn>(lib, "hatsugen_checker_new_default");
            checker_new_builtin = Dl.Symbol<NewFn>(lib, "hatsugen_checker_new_builtin");
            checker_new_from_toml = Dl.Symbol<NewFn>(lib, "hatsugen_checker_new_from_toml");
            checker_max_text_bytes = Dl.Symbol<PtrToSizeFn>(lib, "hatsugen_checker_max_text_bytes");
            checker_policy_id = Dl.Symbol<PtrToPtrFn>(lib, "hatsugen_checker_policy_id");
            checker_policy_version = Dl.Symbol<PtrToPtrFn>(lib, "hatsugen_checker_policy_version");
            checker_free = Dl.Symbol<FreeFn>(lib, "hatsugen_checker_free");
            check_json = Dl.Symbol<CheckJsonFn>(lib, "hatsugen_check_json");
            string_free = Dl.Symbol<FreeFn>(lib, "hatsugen_string_free");
        }
    }

    internal static class NativeMethods
    {
        private static readonly Lazy<NativeLib> lib = new Lazy<NativeLib>(Load, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The loaded library (loaded on first use; throws DllNotFoundException naming every place tried).</summary>
        internal static NativeLib Lib => lib.Value;

        /// <summary>
        /// Where libhatsugen.so is looked for, in order: HATSUGEN_LIB; next to this assembly in the
        /// NuGet layout (runtimes/linux-x64/native/) or flat; then the system loader
        /// (LD_LIBRARY_PATH, the ld.so cache) as libhatsugen.so.0.1 and libhatsugen.so.
        /// </summary>
        internal static List<string> Locate(out bool explicitPath)
        {
            var tries = new List<string>();
            string env = Environment.GetEnvironmentVariable("HATSUGEN_LIB");
            explicitPath = !string.IsNullOrEmpty(env);
            if (explicitPath)
            {
                tries.Add(System.IO.Path.GetFullPath(env));
                return tries;
            }
            string loc = typeof(NativeMethods).Assembly.Location;
            string dir = string.IsNullOrEmpty(loc) ? AppDomain.CurrentDomain.BaseDirectory : System.IO.Path.GetDirectoryName(loc);
            string rid = IntPtr.Size == 8 ? "linux-x64" : "linux-x86";
            if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64) rid = "linux-arm64";
            tries.Add(System.IO.Path.Combine(dir, "runtimes", rid, "native", "libhatsugen.so"));
            tries.Add(System.IO.Path.Combine(dir, "libhatsugen.so"));
            tries.Add("libhatsugen.so.0.1");
            tries.Add("libhatsugen.so");
            return tries;
        }

        private static NativeLib Load()
        {
            bool explicitPath;
            var tries = Locate(out explicitPath);
            var why = new List<string>();
            foreach (string t in tries)
            {
                bool isPath = t.IndexOf('/') >= 0;
                if (isPath && !System.IO.File.Exists(t))
                {
                    why.Add("`" + t + "` (no such file)");
                    continue;
                }
                string error;
                IntPtr h = Dl.Open(t, out error);
                if (h != IntPtr.Zero) return new NativeLib(h, t);
                why.Add("`" + t + "` (" + error + ")");
            }
            string hint = explicitPath
                ? "HATSUGEN_LIB must be the path of libhatsugen.so"
                : "set HATSUGEN_LIB to the path of libhatsugen.so, or put it next to the application";
            throw new DllNotFoundException("cannot load libhatsugen: tried " + string.Join(", ", why) + "; " + hint);
        }

        /// <summary>A NUL-terminated UTF-8 string owned by the library.</summary>
        internal static string Utf8(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            int len = 0;
            while (Marshal.ReadByte(p, len) != 0) len++;
            var bytes = new byte[len];
            Marshal.Copy(p, bytes, 0, len);
            return Encoding.UTF8.GetString(bytes);
        }

        internal static HatsugenException Error(uint status, IntPtr err)
        {
            string name = Utf8(Lib.status_str(status));
            if (err == IntPtr.Zero) return new HatsugenException(status, name, name, 0, 0, null);
            try
            {
                return new HatsugenException(status, name, Utf8(Lib.error_message(err)),
                    (long)Lib.error_line(err).ToUInt64(), (long)Lib.error_column(err).ToUInt64(),
                    Utf8(Lib.error_key_path(err)));
            }
            finally
            {
                Lib.error_free(err);
            }
        }
    }

    /// <summary>A compiled policy. Immutable and thread-safe; dispose it when done.</summary>
    public sealed class Checker : IDisposable
    {
        private readonly CheckerHandle handle;

        /// <summary>The built-in default pack, jp-local-gov.</summary>
        /// <exception cref="DllNotFoundException">libhatsugen.so could not be loaded (the message lists where it looked)</exception>
        public Checker()
        {
            IntPtr h;
            uint status = NativeMethods.Lib.checker_new_default(out h);
            if (status != 0) throw NativeMethods.Error(status, IntPtr.Zero);
            handle = new CheckerHandle(h);
        }

        private Checker(CheckerHandle handle) { this.handle = handle; }

        /// <summary>The version of the loaded library ("0.1.0").</summary>
        public static string Version => NativeMethods.Utf8(NativeMethods.Lib.version());

        /// <summary>The path (or name) libhatsugen was loaded from.</summary>
        public static string LibraryPath => NativeMethods.Lib.Path;

        /// <summary>Compiles a policy from TOML (usually extends = "builtin:jp-local-gov" plus local differences).</summary>
        /// <exception cref="HatsugenException">a bad policy, with Line and Column</exception>
        public static Checker FromToml(string toml) => New(NativeMethods.Lib.checker_new_from_toml, Encoding.UTF8.GetBytes(toml));

        /// <summary>The policy in a TOML file.</summary>
        public static Checker FromFile(string path) => FromToml(System.IO.File.ReadAllText(path, Encoding.UTF8));

        /// <summary>The built-in pack name ("jp-local-gov", "urayasu").</summary>
        public static Checker Builtin(string name) => New(NativeMethods.Lib.checker_new_builtin, Encoding.UTF8.GetBytes(name));

        private static Checker New(NativeLib.NewFn fn, byte[] bytes)
        {
            IntPtr err = IntPtr.Zero, h;
            uint status = fn(bytes, (UIntPtr)bytes.Length, out h, ref err);
            if (status != 0) throw NativeMethods.Error(status, err);
            return new Checker(new CheckerHandle(h));
        }

        /// <summary>Calls the library with the raw handle, keeping it alive (and not freed) during the call.</summary>
        private T With<T>(Func<IntPtr, T> call)
        {
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                return call(handle.DangerousGetHandle());
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
        }

        /// <summary>The policy's id ("jp-local-gov").</summary>
        public string PolicyId => With(h => NativeMethods.Utf8(NativeMethods.Lib.checker_policy_id(h)));
        /// <summary>The policy's version.</summary>
        public string PolicyVersion => With(h => NativeMethods.Utf8(NativeMethods.Lib.checker_policy_version(h)));
        /// <summary>The longest text this checker accepts, in UTF-8 bytes (limits.max_text_bytes).</summary>
        public long MaxTextBytes => With(h => (long)NativeMethods.Lib.checker_max_text_bytes(h).ToUInt64());

        /// <summary>Checks UTF-8 text with the context as JSON (null or "" for none); returns the report JSON exactly as the CLI prints it.</summary>
        /// <exception cref="HatsugenException">invalid context, invalid UTF-8, text over the size limit</exception>
        /// <exception cref="ObjectDisposedException">the checker is disposed</exception>
        public string CheckJson(byte[] text, string contextJson = "{}")
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            byte[] ctx = contextJson == null ? new byte[0] : Encoding.UTF8.GetBytes(contextJson);
            IntPtr json = IntPtr.Zero, err = IntPtr.Zero;
            UIntPtr len = UIntPtr.Zero;
            uint status = With(h => NativeMethods.Lib.check_json(h, text, (UIntPtr)text.Length, ctx, (UIntPtr)ctx.Length,
                ref json, ref len, ref err));
            if (status != 0) throw NativeMethods.Error(status, err);
            try
            {
                var bytes = new byte[checked((int)len.ToUInt64())];
                Marshal.Copy(json, bytes, 0, bytes.Length);
                return Encoding.UTF8.GetString(bytes);
            }
            finally
            {
                NativeMethods.Lib.string_free(json);
            }
        }

        /// <summary>CheckJson for a .NET string.</summary>
        public string CheckJson(string text, string contextJson = "{}") => CheckJson(Encoding.UTF8.GetBytes(text), contextJson);

        /// <summary>Checks text with no context; the report as dictionaries and lists.</summary>
        public Dictionary<string, object> Check(string text) => Check(text, null);

        /// <summary>
        /// Checks text in a context (the JSON context fields: time (RFC 3339 string or DateTimeOffset), device,
        /// account, status, role, audience, recipients, recipient_relation, channel, profile, platform,
        /// attachments, schedule; null for none) and returns the report as dictionaries and lists. Spans are
        /// UTF-8 byte offsets (see SpanText).
        /// </summary>
        public Dictionary<string, object> Check(string text, IDictionary<string, object> context)
        {
            string ctx = context == null ? "{}" : Json.Write(context);
            return (Dictionary<string, object>)Json.Parse(CheckJson(text, ctx));
        }

        /// <summary>Checks text with no context; a typed report.</summary>
        public Report CheckReport(string text) => CheckReport(text, null);

        /// <summary>Checks text in a context (as for Check; null for none) and returns a typed report.</summary>
        public Report CheckReport(string text, IDictionary<string, object> context) => Report.FromJson(CheckJson(text, context == null ? "{}" : Json.Write(context)));

        /// <summary>The part of text that a report span (UTF-8 byte offsets) covers.</summary>
        public static string SpanText(string text, IDictionary<string, object> span)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            int start = Convert.ToInt32(span["start"]), end = Convert.ToInt32(span["end"]);
            return Encoding.UTF8.GetString(bytes, start, end - start);
        }

        /// <summary>Frees the checker (after any call still running on another thread returns).</summary>
        public void Dispose() => handle.Dispose();
    }

    /// <summary>The overall decision: the most severe finding decides.</summary>
    public enum Verdict
    {
        /// <summary>No finding above info.</summary>
        Allow,
        /// <summary>At least one warn finding and no block.</summary>
        Warn,
        /// <summary>At least one block finding.</summary>
        Block,
    }

    /// <summary>How serious one finding is.</summary>
    public enum Severity
    {
        /// <summary>For information; does not change the verdict.</summary>
        Info,
        /// <summary>Ask the author to think again.</summary>
        Warn,
        /// <summary>Do not send.</summary>
        Block,
    }

    /// <summary>A part of the text as UTF-8 byte offsets (Start inclusive, End exclusive).</summary>
    public sealed class Span
    {
        /// <summary>The first byte.</summary>
        public int Start { get; }
        /// <summary>One past the last byte.</summary>
        public int End { get; }
        /// <summary>A span from start to end.</summary>
        public Span(int start, int end) { Start = start; End = end; }
        /// <summary>The part of text this span covers.</summary>
        public string Text(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            return Encoding.UTF8.GetString(bytes, Start, End - Start);
        }
        /// <inheritdoc/>
        public override string ToString() => Start + ".." + End;
    }

    /// <summary>A message in Japanese and English.</summary>
    public sealed class Message
    {
        /// <summary>In Japanese.</summary>
        public string Ja { get; }
        /// <summary>In English.</summary>
        public string En { get; }
        internal Message(string ja, string en) { Ja = ja; En = en; }
    }

    /// <summary>How to fix a finding.</summary>
    public sealed class Suggestion
    {
        /// <summary>In Japanese.</summary>
        public string Ja { get; }
        /// <summary>In English.</summary>
        public string En { get; }
        /// <summary>A text to put in place of the span, or null.</summary>
        public string Replacement { get; }
        internal Suggestion(string ja, string en, string replacement) { Ja = ja; En = en; Replacement = replacement; }
    }

    /// <summary>One problem: a rule that fired, where, why and what to do.</summary>
    public sealed class Finding
    {
        /// <summary>The rule id, e.g. confidential.secret.</summary>
        public string Rule { get; internal set; }
        /// <summary>The category, e.g. confidential.</summary>
        public string Category { get; internal set; }
        /// <summary>Info, Warn or Block.</summary>
        public Severity Severity { get; internal set; }
        /// <summary>What is wrong.</summary>
        public Message Message { get; internal set; }
        /// <summary>The guideline clause.</summary>
        public string Clause { get; internal set; }
        /// <summary>The law the clause rests on, or null.</summary>
        public string Law { get; internal set; }
        /// <summary>Where in the text (UTF-8 byte offsets).</summary>
        public IReadOnlyList<Span> Spans { get; internal set; }
        /// <summary>How to fix it, or null.</summary>
        public Suggestion Suggestion { get; internal set; }
        /// <summary>The lexicon terms that matched.</summary>
        public IReadOnlyList<string> Terms { get; internal set; }
        /// <summary>The index of the attachment the finding is about, or null for the text.</summary>
        public int? Attachment { get; internal set; }
    }

    /// <summary>A rule that did not run because the context lacked Missing fields.</summary>
    public sealed class Skipped
    {
        /// <summary>The rule id.</summary>
        public string Rule { get; }
        /// <summary>The context fields it needs.</summary>
        public IReadOnlyList<string> Missing { get; }
        internal Skipped(string rule, IReadOnlyList<string> missing) { Rule = rule; Missing = missing; }
    }

    /// <summary>The policy that produced a report.</summary>
    public sealed class PolicyRef
    {
        /// <summary>The policy's id.</summary>
        public string Id { get; }
        /// <summary>The policy's version.</summary>
        public string Version { get; }
        internal PolicyRef(string id, string version) { Id = id; Version = version; }
    }

    /// <summary>The typed result of checking one post (Checker.CheckReport, or Report.FromJson of any report JSON).</summary>
    public sealed class Report
    {
        /// <summary>Allow, Warn or Block.</summary>
        public Verdict Verdict { get; private set; }
        /// <summary>The findings, in report order.</summary>
        public IReadOnlyList<Finding> Findings { get; private set; }
        /// <summary>When timing is the problem, the first time (RFC 3339) the same post may go out; else null.</summary>
        public string NextAllowedAt { get; private set; }
        /// <summary>The rules that did not run for want of context.</summary>
        public IReadOnlyList<Skipped> Skipped { get; private set; }
        /// <summary>The policy that produced the report.</summary>
        public PolicyRef Policy { get; private set; }
        /// <summary>The ids of the rules that fired, in report order.</summary>
        public IReadOnlyList<string> Rules => Findings.Select(f => f.Rule).ToList();

        /// <summary>Reads a report JSON (CheckJson, the CLI's --format json); fields it does not know are ignored.</summary>
        public static Report FromJson(string json) => FromDictionary((Dictionary<string, object>)Json.Parse(json));

        /// <summary>Reads a report as Check returns it.</summary>
        public static Report FromDictionary(IDictionary<string, object> d)
        {
            var findings = new List<Finding>();
            foreach (Dictionary<string, object> f in (List<object>)d["findings"])
            {
                var msg = (Dictionary<string, object>)f["message"];
                var sug = Get(f, "suggestion") as Dictionary<string, object>;
                object att = Get(f, "attachment");
                findings.Add(new Finding
                {
                    Rule = (string)f["rule"],
                    Category = (string)f["category"],
                    Severity = Parse<Severity>((string)f["severity"]),
                    Message = new Message((string)msg["ja"], (string)msg["en"]),
                    Clause = (string)f["clause"],
                    Law = Get(f, "law") as string,
                    Spans = ((List<object>)f["spans"]).Cast<Dictionary<string, object>>()
                        .Select(s => new Span(Convert.ToInt32(s["start"]), Convert.ToInt32(s["end"]))).ToList(),
                    Suggestion = sug == null ? null : new Suggestion((string)sug["ja"], (string)sug["en"], Get(sug, "replacement") as string),
                    Terms = Strings(Get(f, "terms")),
                    Attachment = att == null ? (int?)null : Convert.ToInt32(att),
                });
            }
            var skipped = new List<Skipped>();
            if (Get(d, "skipped") is List<object> sk)
                foreach (Dictionary<string, object> s in sk) skipped.Add(new Skipped((string)s["rule"], Strings(Get(s, "missing"))));
            var p = (Dictionary<string, object>)d["policy"];
            return new Report
            {
                Verdict = Parse<Verdict>((string)d["verdict"]),
                Findings = findings,
                NextAllowedAt = Get(d, "next_allowed_at") as string,
                Skipped = skipped,
                Policy = new PolicyRef((string)p["id"], (string)p["version"]),
            };
        }

        private static object Get(IDictionary<string, object> d, string key) => d.TryGetValue(key, out object v) ? v : null;

        private static IReadOnlyList<string> Strings(object o) =>
            o is List<object> l ? l.Cast<string>().ToList() : new List<string>();

        private static T Parse<T>(string s) where T : struct => (T)Enum.Parse(typeof(T), s.Replace("_", ""), true);

        /// <inheritdoc/>
        public override string ToString() => $"Report[verdict={Verdict}, rules={string.Join(",", Rules)}]";
    }

    /// <summary>Just enough JSON: writes a context, reads a report (Dictionary, List, string, long, double, bool, null).</summary>
    public static class Json
    {
        /// <summary>Writes dictionaries, lists, strings, numbers, booleans, DateTimeOffset (RFC 3339) and null as JSON.</summary>
        public static string Write(object value)
        {
            var sb = new StringBuilder();
            Write(sb, value);
            return sb.ToString();
        }

        private static void Write(StringBuilder sb, object v)
        {
            if (v == null)
            {
                sb.Append("null");
            }
            else if (v is string)
            {
                WriteString(sb, (string)v);
            }
            else if (v is bool)
            {
                sb.Append((bool)v ? "true" : "false");
            }
            else if (v is DateTimeOffset)
            {
                WriteString(sb, ((DateTimeOffset)v).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            }
            else if (v is IDictionary)
            {
                sb.Append('{');
                bool first = true;
                foreach (DictionaryEntry e in (IDictionary)v)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, Convert.ToString(e.Key, CultureInfo.InvariantCulture));
                    sb.Append(':');
                    Write(sb, e.Value);
                }
                sb.Append('}');
            }
            else if (v is IEnumerable)
            {
                sb.Append('[');
                bool first = true;
                foreach (object item in (IEnumerable)v)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    Write(sb, item);
                }
                sb.Append(']');
            }
            else if (v is IFormattable)
            {
                sb.Append(((IFormattable)v).ToString(null, CultureInfo.InvariantCulture));
            }
            else
            {
                WriteString(sb, v.ToString());
            }
        }

        private static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }

        /// <summary>Reads JSON into Dictionary&lt;string, object&gt;, List&lt;object&gt;, string, long, double, bool and null.</summary>
        public static object Parse(string text)
        {
            int i = 0;
            Ws(text, ref i);
            object v = Value(text, ref i);
            Ws(text, ref i);
            if (i != text.Length) throw new FormatException("trailing characters at " + i);
            return v;
        }

        private static void Ws(string s, ref int i)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
        }

        private static char Peek(string s, int i)
        {
            if (i >= s.Length) throw new FormatException("unexpected end of JSON");
            return s[i];
        }

        private static void Expect(string s, ref int i, char c)
        {
            if (Peek(s, i) != c) throw new FormatException($"expected '{c}' at {i}");
            i++;
        }

        private static object Value(string s, ref int i)
        {
            switch (Peek(s, i))
            {
                case '{':
                {
                    var m = new Dictionary<string, object>();
                    i++;
                    Ws(s, ref i);
                    if (Peek(s, i) == '}') { i++; return m; }
                    while (true)
                    {
                        Ws(s, ref i);
                        string k = Str(s, ref i);
                        Ws(s, ref i);
                        Expect(s, ref i, ':');
                        Ws(s, ref i);
                        m[k] = Value(s, ref i);
                        Ws(s, ref i);
                        if (Peek(s, i) == ',') { i++; continue; }
                        Expect(s, ref i, '}');
                        return m;
                    }
                }
                case '[':
                {
                    var a = new List<object>();
                    i++;
                    Ws(s, ref i);
                    if (Peek(s, i) == ']') { i++; return a; }
                    while (true)
                    {
                        Ws(s, ref i);
                        a.Add(Value(s, ref i));
                        Ws(s, ref i);
                        if (Peek(s, i) == ',') { i++; continue; }
                        Expect(s, ref i, ']');
                        return a;
                    }
                }
                case '"': return Str(s, ref i);
                case 't': Lit(s, ref i, "true"); return true;
                case 'f': Lit(s, ref i, "false"); return false;
                case 'n': Lit(s, ref i, "null"); return null;
                default:
                {
                    int start = i;
                    while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0) i++;
                    string n = s.Substring(start, i - start);
                    if (n.Length == 0) throw new FormatException("unexpected character at " + start);
                    if (n.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0) return double.Parse(n, CultureInfo.InvariantCulture);
                    return long.Parse(n, CultureInfo.InvariantCulture);
                }
            }
        }

        private static void Lit(string s, ref int i, string word)
        {
            if (string.CompareOrdinal(s, i, word, 0, word.Length) != 0) throw new FormatException("bad literal at " + i);
            i += word.Length;
        }

        private static string Str(string s, ref int i)
        {
            Expect(s, ref i, '"');
            var sb = new StringBuilder();
            while (true)
            {
                char c = Peek(s, i++);
                if (c == '"') return sb.ToString();
                if (c != '\\') { sb.Append(c); continue; }
                char e = Peek(s, i++);
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u': sb.Append((char)Convert.ToInt32(s.Substring(i, 4), 16)); i += 4; break;
                    default: sb.Append(e); break;
                }
            }
        }
    }
}
