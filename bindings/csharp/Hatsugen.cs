// hatsugen (発言) for .NET / Mono: check a public servant's post against the social-media
// policy before it is sent, through P/Invoke into libhatsugen (docs/C-API.md).
//
//     using (var checker = new Hatsugen.Checker())          // built-in jp-local-gov pack
//     {
//         var report = checker.Check(text, new Dictionary<string, object> { ["device"] = "work" });
//         if ((string)report["verdict"] == "block") { ... }
//     }
//
// The library is loaded as "hatsugen" (libhatsugen.so): put it on LD_LIBRARY_PATH, install
// it (the bundle's lib/), or map it with a <dllmap> in the app's .config file. A Checker is
// immutable and thread-safe: share one between threads.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Hatsugen
{
    /// <summary>A call into libhatsugen failed.</summary>
    public class HatsugenException : Exception
    {
        public const uint NullArgument = 1, InvalidArgument = 2, InvalidUtf8 = 3, TextTooLarge = 4,
            InvalidContext = 5, PolicySyntax = 6, PolicyInvalid = 7, UnknownBuiltin = 8, PolicyTooLarge = 9,
            PolicyError = 10;

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
        public CheckerHandle() : base(true) { }

        protected override bool ReleaseHandle()
        {
            NativeMethods.hatsugen_checker_free(handle);
            return true;
        }
    }

    /// <summary>The part of include/hatsugen.h this binding uses (size_t is UIntPtr).</summary>
    internal static class NativeMethods
    {
        private const string Lib = "hatsugen";

        [DllImport(Lib)] internal static extern IntPtr hatsugen_version();
        [DllImport(Lib)] internal static extern IntPtr hatsugen_status_str(uint status);
        [DllImport(Lib)] internal static extern IntPtr hatsugen_error_message(IntPtr error);
        [DllImport(Lib)] internal static extern UIntPtr hatsugen_error_line(IntPtr error);
        [DllImport(Lib)] internal static extern UIntPtr hatsugen_error_column(IntPtr error);
        [DllImport(Lib)] internal static extern IntPtr hatsugen_error_key_path(IntPtr error);
        [DllImport(Lib)] internal static extern void hatsugen_error_free(IntPtr error);
        [DllImport(Lib)] internal static extern uint hatsugen_checker_new_default(out CheckerHandle checkerOut);
        [DllImport(Lib)] internal static extern uint hatsugen_checker_new_builtin(byte[] name, UIntPtr nameLen, out CheckerHandle checkerOut, ref IntPtr errorOut);
        [DllImport(Lib)] internal static extern uint hatsugen_checker_new_from_toml(byte[] toml, UIntPtr tomlLen, out CheckerHandle checkerOut, ref IntPtr errorOut);
        [DllImport(Lib)] internal static extern UIntPtr hatsugen_checker_max_text_bytes(CheckerHandle checker);
        [DllImport(Lib)] internal static extern IntPtr hatsugen_checker_policy_id(CheckerHandle checker);
        [DllImport(Lib)] internal static extern IntPtr hatsugen_checker_policy_version(CheckerHandle checker);
        [DllImport(Lib)] internal static extern void hatsugen_checker_free(IntPtr checker);
        [DllImport(Lib)] internal static extern uint hatsugen_check_json(CheckerHandle checker, byte[] text, UIntPtr textLen, byte[] contextJson, UIntPtr contextJsonLen, ref IntPtr reportJsonOut, ref UIntPtr reportJsonLenOut, ref IntPtr errorOut);
        [DllImport(Lib)] internal static extern void hatsugen_string_free(IntPtr s);

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
            string name = Utf8(hatsugen_status_str(status));
            if (err == IntPtr.Zero) return new HatsugenException(status, name, name, 0, 0, null);
            try
            {
                return new HatsugenException(status, name, Utf8(hatsugen_error_message(err)),
                    (long)hatsugen_error_line(err).ToUInt64(), (long)hatsugen_error_column(err).ToUInt64(),
                    Utf8(hatsugen_error_key_path(err)));
            }
            finally
            {
                hatsugen_error_free(err);
            }
        }
    }

    /// <summary>A compiled policy. Immutable and thread-safe; dispose it when done.</summary>
    public sealed class Checker : IDisposable
    {
        private readonly CheckerHandle handle;

        /// <summary>The built-in default pack, jp-local-gov.</summary>
        public Checker()
        {
            uint status = NativeMethods.hatsugen_checker_new_default(out handle);
            if (status != 0) throw NativeMethods.Error(status, IntPtr.Zero);
        }

        private Checker(CheckerHandle handle) { this.handle = handle; }

        /// <summary>The version of the loaded library ("0.1.0").</summary>
        public static string Version => NativeMethods.Utf8(NativeMethods.hatsugen_version());

        /// <summary>Compiles a policy from TOML (usually extends = "builtin:jp-local-gov" plus local differences).</summary>
        /// <exception cref="HatsugenException">a bad policy, with Line and Column</exception>
        public static Checker FromToml(string toml)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(toml);
            IntPtr err = IntPtr.Zero;
            uint status = NativeMethods.hatsugen_checker_new_from_toml(bytes, (UIntPtr)bytes.Length, out CheckerHandle h, ref err);
            if (status != 0) throw NativeMethods.Error(status, err);
            return new Checker(h);
        }

        /// <summary>The policy in a TOML file.</summary>
        public static Checker FromFile(string path) => FromToml(System.IO.File.ReadAllText(path, Encoding.UTF8));

        /// <summary>The built-in pack name ("jp-local-gov", "urayasu").</summary>
        public static Checker Builtin(string name)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(name);
            IntPtr err = IntPtr.Zero;
            uint status = NativeMethods.hatsugen_checker_new_builtin(bytes, (UIntPtr)bytes.Length, out CheckerHandle h, ref err);
            if (status != 0) throw NativeMethods.Error(status, err);
            return new Checker(h);
        }

        public string PolicyId => NativeMethods.Utf8(NativeMethods.hatsugen_checker_policy_id(handle));
        public string PolicyVersion => NativeMethods.Utf8(NativeMethods.hatsugen_checker_policy_version(handle));
        public long MaxTextBytes => (long)NativeMethods.hatsugen_checker_max_text_bytes(handle).ToUInt64();

        /// <summary>Checks UTF-8 text with the context as JSON; returns the report JSON exactly as the CLI prints it.</summary>
        /// <exception cref="HatsugenException">invalid context, invalid UTF-8, text over the size limit</exception>
        public string CheckJson(byte[] text, string contextJson = "{}")
        {
            byte[] ctx = Encoding.UTF8.GetBytes(contextJson);
            IntPtr json = IntPtr.Zero, err = IntPtr.Zero;
            UIntPtr len = UIntPtr.Zero;
            uint status = NativeMethods.hatsugen_check_json(handle, text, (UIntPtr)text.Length, ctx, (UIntPtr)ctx.Length,
                ref json, ref len, ref err);
            if (status != 0) throw NativeMethods.Error(status, err);
            try
            {
                var bytes = new byte[checked((int)len.ToUInt64())];
                Marshal.Copy(json, bytes, 0, bytes.Length);
                return Encoding.UTF8.GetString(bytes);
            }
            finally
            {
                NativeMethods.hatsugen_string_free(json);
            }
        }

        /// <summary>CheckJson for a .NET string.</summary>
        public string CheckJson(string text, string contextJson = "{}") => CheckJson(Encoding.UTF8.GetBytes(text), contextJson);

        /// <summary>
        /// Checks text in a context (the JSON context fields: time (RFC 3339), device, account, status, role,
        /// audience, recipients, recipient_relation, channel, profile, platform, attachments) and returns the
        /// report as dictionaries and lists. Spans are UTF-8 byte offsets (see SpanText).
        /// </summary>
        public Dictionary<string, object> Check(string text, IDictionary<string, object> context = null)
        {
            string ctx = context == null ? "{}" : Json.Write(context);
            return (Dictionary<string, object>)Json.Parse(CheckJson(text, ctx));
        }

        /// <summary>The part of text that a report span (UTF-8 byte offsets) covers.</summary>
        public static string SpanText(string text, IDictionary<string, object> span)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            int start = Convert.ToInt32(span["start"]), end = Convert.ToInt32(span["end"]);
            return Encoding.UTF8.GetString(bytes, start, end - start);
        }

        public void Dispose() => handle.Dispose();
    }

    /// <summary>Just enough JSON: writes a context, reads a report (Dictionary, List, string, long, double, bool, null).</summary>
    public static class Json
    {
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
