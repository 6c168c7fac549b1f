// Tests of the C# binding: the shared corpus (same report JSON, verdicts and rule ids as the
// Rust core), 8 threads on one checker, errors as exceptions. Prints "csharp: N passed, M failed".
//
//   mono HatsugenTests.exe CORPUS.jsonl      (with libhatsugen.so on LD_LIBRARY_PATH)
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Hatsugen;

internal static class CheckerTests
{
    private static int passed, failed;

    private static void Test(string name, Action body)
    {
        try
        {
            body();
            passed++;
            Console.WriteLine("ok - " + name);
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine("not ok - " + name + ": " + e.GetType().Name + ": " + e.Message);
        }
    }

    private static void Check(bool ok, string what)
    {
        if (!ok) throw new Exception("check failed: " + what);
    }

    private static HatsugenException ExpectError(Action body)
    {
        try
        {
            body();
        }
        catch (HatsugenException e)
        {
            return e;
        }
        throw new Exception("no HatsugenException");
    }

    private static List<string> RuleIds(Dictionary<string, object> report) =>
        ((List<object>)report["findings"]).Select(f => (string)((Dictionary<string, object>)f)["rule"])
            .Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();

    private static int Main(string[] args)
    {
        string corpus = args.Length > 0 ? args[0] : "tests/corpus/cases.jsonl";
        var cases = File.ReadAllLines(corpus, Encoding.UTF8).Where(l => l.Trim().Length > 0)
            .Select(l => (Dictionary<string, object>)Json.Parse(l)).ToList();
        var checkers = new Dictionary<string, Checker>();
        Func<string, Checker> checkerFor = spec =>
        {
            if (!checkers.TryGetValue(spec, out Checker c))
            {
                string[] parts = spec.Split(new[] { ':' }, 2);
                c = parts[0] == "builtin" ? Checker.Builtin(parts[1])
                    : Checker.FromFile(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(corpus)), parts[1]));
                checkers[spec] = c;
            }
            return c;
        };

        Test("version", () => Check(System.Text.RegularExpressions.Regex.IsMatch(Checker.Version, @"^\d+\.\d+\.\d+$"), Checker.Version));
        Test("corpus has cases", () => Check(cases.Count > 0, "empty"));

        Test("corpus reports are byte-identical to the core", () =>
        {
            var bad = cases.Where(c => checkerFor((string)c["policy"]).CheckJson((string)c["text"], (string)c["context_json"])
                != (string)c["report"]).Select(c => (string)c["id"]).ToList();
            Check(bad.Count == 0, "differ: " + string.Join(", ", bad));
        });

        Test("corpus verdicts and rule ids through a dictionary context", () =>
        {
            var bad = new List<string>();
            foreach (var c in cases)
            {
                var ctx = (Dictionary<string, object>)Json.Parse((string)c["context_json"]);
                var report = checkerFor((string)c["policy"]).Check((string)c["text"], ctx);
                var want = ((List<object>)c["rules"]).Cast<string>().ToList();
                if ((string)report["verdict"] != (string)c["verdict"] || !RuleIds(report).SequenceEqual(want))
                    bad.Add((string)c["id"]);
            }
            Check(bad.Count == 0, "differ: " + string.Join(", ", bad));
        });

        Test("8 threads share one checker", () =>
        {
            var shared = checkerFor("builtin:jp-local-gov");
            var mine = cases.Where(c => (string)c["policy"] == "builtin:jp-local-gov").ToList();
            int errors = 0;
            var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
            {
                for (int i = 0; i < mine.Count; i++)
                {
                    var c = mine[(i + t * 5) % mine.Count];
                    if (shared.CheckJson((string)c["text"], (string)c["context_json"]) != (string)c["report"])
                        Interlocked.Increment(ref errors);
                }
            })).ToList();
            threads.ForEach(th => th.Start());
            threads.ForEach(th => th.Join());
            Check(errors == 0, errors + " mismatches");
        });

        Test("default checker and spans", () =>
        {
            using (var c = new Checker())
            {
                Check(c.PolicyId == "jp-local-gov", c.PolicyId);
                Check(c.PolicyVersion.Length > 0, "version");
                Check(c.MaxTextBytes > 1000, "max");
                string text = "ここだけの話、来年度の人事案が決まったよ";
                var report = c.Check(text, new Dictionary<string, object>
                {
                    ["device"] = "work",
                    ["time"] = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(9)),
                });
                Check((string)report["verdict"] == "block", "verdict");
                var secret = ((List<object>)report["findings"]).Cast<Dictionary<string, object>>()
                    .First(f => (string)f["rule"] == "confidential.secret");
                var span = (Dictionary<string, object>)((List<object>)secret["spans"])[0];
                Check(Checker.SpanText(text, span) == "ここだけの話", "span");
            }
        });

        Test("Check(text) and a null context mean no context", () =>
        {
            var c = checkerFor("builtin:jp-local-gov");
            string text = "ここだけの話、来年度の人事案が決まったよ";
            string empty = c.CheckJson(text, "{}");
            Check(c.CheckJson(text, null) == empty, "CheckJson(text, null)");
            Check(Json.Write(c.Check(text)) == Json.Write(Json.Parse(empty)), "Check(text)");
            Check(Json.Write(c.Check(text, null)) == Json.Write(Json.Parse(empty)), "Check(text, null)");
            Check(c.CheckReport(text).Verdict == Verdict.Block, "CheckReport(text)");
        });

        Test("typed reports: corpus verdicts and rules, int spans", () =>
        {
            var bad = new List<string>();
            foreach (var c in cases)
            {
                var ctx = (Dictionary<string, object>)Json.Parse((string)c["context_json"]);
                var r = checkerFor((string)c["policy"]).CheckReport((string)c["text"], ctx);
                var rules = r.Rules.Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
                var want = ((List<object>)c["rules"]).Cast<string>().ToList();
                if (r.Verdict.ToString().ToLowerInvariant() != (string)c["verdict"] || !rules.SequenceEqual(want)) bad.Add((string)c["id"]);
            }
            Check(bad.Count == 0, "differ: " + string.Join(", ", bad));
            string text = "ここだけの話、来年度の人事案が決まったよ";
            var report = checkerFor("builtin:jp-local-gov").CheckReport(text, new Dictionary<string, object> { ["device"] = "work" });
            var f = report.Findings.First(x => x.Rule == "confidential.secret");
            int start = f.Spans[0].Start;
            Check(start == 0 && f.Spans[0].Text(text) == "ここだけの話", "span " + f.Spans[0]);
            Check(f.Severity == Severity.Block && f.Message.Ja.Length > 0 && report.Policy.Id == "jp-local-gov", report.ToString());
        });

        Test("the library path is reported", () => Check(Checker.LibraryPath.Contains("libhatsugen"), Checker.LibraryPath));

        Test("policy errors carry line and column", () =>
        {
            var e = ExpectError(() => Checker.FromToml("extends = \"builtin:jp-local-gov\"\n\n[rules.\"defamation.insult\"]\nseverty = \"warn\"\n"));
            Check(e.Status == HatsugenException.PolicySyntax && e.IsPolicyError, "status " + e.Status);
            Check(e.Line == 4 && e.Column == 1, $"position {e.Line}:{e.Column}");
            Check(e.Detail.Contains("severty"), e.Detail);
            e = ExpectError(() => Checker.FromToml("extends = \"builtin:jp-local-gov\"\nremove_terms = [\"baka\", \"no-such-term\"]\n"));
            Check(e.Status == HatsugenException.PolicyInvalid && e.KeyPath == "remove_terms", e.Message);
            e = ExpectError(() => Checker.Builtin("tokyo"));
            Check(e.Status == HatsugenException.UnknownBuiltin, e.Message);
        });

        Test("context and text errors", () =>
        {
            using (var c = Checker.FromToml("extends = \"builtin:jp-local-gov\"\n[limits]\nmax_text_bytes = 8\n"))
            {
                var e = ExpectError(() => c.Check("x", new Dictionary<string, object> { ["device"] = "phone" }));
                Check(e.Status == HatsugenException.InvalidContext, e.Message);
                e = ExpectError(() => c.CheckJson("x", "{\n \"device\": \"work\",\n \"account\": 7\n}"));
                Check(e.Line == 3, "line " + e.Line);
                e = ExpectError(() => c.CheckJson(new byte[] { (byte)'a', 0xff }));
                Check(e.Status == HatsugenException.InvalidUtf8, e.Message);
                e = ExpectError(() => c.CheckJson("123456789"));
                Check(e.Status == HatsugenException.TextTooLarge, e.Message);
            }
        });

        foreach (var c in checkers.Values) c.Dispose();
        Console.WriteLine($"csharp: {passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
