// A program that uses the Hatsugen NuGet package, as an integrator's would: compiled against
// the package's Hatsugen.dll and run with the package's native asset next to it, with no
// HATSUGEN_LIB and no LD_LIBRARY_PATH. Checks one post, then every case of the shared corpus
// (report JSON byte-identical to the core's, typed reports with the same verdict and rules).
//
//   mono Consumer.exe CASES.jsonl
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Hatsugen;

internal static class Consumer
{
    private static int Main(string[] args)
    {
        string text = "ここだけの話、来年度の人事案が決まったよ";
        using (var checker = new Checker())
        {
            Report report = checker.CheckReport(text, new Dictionary<string, object> { ["device"] = "work", ["audience"] = "public" });
            if (report.Verdict != Verdict.Block || !report.Rules.Contains("confidential.secret"))
                throw new Exception("unexpected report " + report);
            if (!Checker.LibraryPath.EndsWith("runtimes/linux-x64/native/libhatsugen.so", StringComparison.Ordinal))
                throw new Exception("loaded from " + Checker.LibraryPath + ", not the package's native asset");
            Console.WriteLine($"Hatsugen {Checker.Version} from {Checker.LibraryPath}: {report}");
        }
        string corpus = Path.GetFullPath(args[0]);
        var checkers = new Dictionary<string, Checker>();
        int n = 0;
        foreach (string line in File.ReadAllLines(corpus, Encoding.UTF8).Where(l => l.Trim().Length > 0))
        {
            var c = (Dictionary<string, object>)Json.Parse(line);
            string spec = (string)c["policy"];
            if (!checkers.TryGetValue(spec, out Checker checker))
            {
                string[] parts = spec.Split(new[] { ':' }, 2);
                checker = parts[0] == "builtin" ? Checker.Builtin(parts[1]) : Checker.FromFile(Path.Combine(Path.GetDirectoryName(corpus), parts[1]));
                checkers[spec] = checker;
            }
            string got = checker.CheckJson((string)c["text"], (string)c["context_json"]);
            if (got != (string)c["report"])
                throw new Exception($"{c["id"]}: report differs\n got: {got}\nwant: {c["report"]}");
            Report typed = Report.FromJson(got);
            var rules = typed.Rules.Distinct().OrderBy(r => r, StringComparer.Ordinal);
            if (typed.Verdict.ToString().ToLowerInvariant() != (string)c["verdict"] || !rules.SequenceEqual(((List<object>)c["rules"]).Cast<string>()))
                throw new Exception($"{c["id"]}: typed report differs");
            n++;
        }
        foreach (var ch in checkers.Values) ch.Dispose();
        Console.WriteLine($"csharp nupkg: {n} corpus cases identical");
        return 0;
    }
}
