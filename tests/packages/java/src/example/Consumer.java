package example;

import hatsugen.Checker;
import hatsugen.Json;
import hatsugen.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A program that depends on the hatsugen jar, as an integrator's would: compiled and run
 * with only the jar and JNA on the class path, no -D flag and no HATSUGEN_LIB. Checks one
 * post, then every case of the shared corpus (report JSON byte-identical to the core's,
 * typed reports with the same verdict and rules).
 *
 *   java -cp hatsugen-0.1.0.jar:jna.jar:classes example.Consumer CASES.jsonl
 */
public final class Consumer {
    private Consumer() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        if (System.getenv("HATSUGEN_LIB") != null || System.getProperty("hatsugen.lib") != null) {
            throw new IllegalStateException("the jar must work without HATSUGEN_LIB or -Dhatsugen.lib");
        }
        String text = "ここだけの話、来年度の人事案が決まったよ";
        try (Checker checker = new Checker()) {
            Report report = checker.checkReport(text, Map.of("device", "work", "audience", "public"));
            if (!report.isBlocked() || !report.rules().contains("confidential.secret")) {
                throw new AssertionError("unexpected report " + report);
            }
            System.out.println("hatsugen " + Checker.version() + " (jar): " + report);
        }
        Path corpus = Paths.get(args[0]);
        Map<String, Checker> checkers = new HashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> c = (Map<String, Object>) Json.parse(line);
            String spec = (String) c.get("policy");
            Checker checker = checkers.get(spec);
            if (checker == null) {
                String[] parts = spec.split(":", 2);
                checker = parts[0].equals("builtin") ? Checker.builtin(parts[1]) : Checker.fromFile(corpus.getParent().resolve(parts[1]));
                checkers.put(spec, checker);
            }
            String got = checker.checkJson((String) c.get("text"), (String) c.get("context_json"));
            if (!got.equals(c.get("report"))) {
                throw new AssertionError(c.get("id") + ": report differs\n got: " + got + "\nwant: " + c.get("report"));
            }
            Report typed = Report.fromJson(got);
            List<String> rules = List.copyOf(new TreeSet<>(typed.rules()));
            if (!typed.verdict().equals(c.get("verdict")) || !rules.equals(c.get("rules"))) {
                throw new AssertionError(c.get("id") + ": typed report differs");
            }
            n++;
        }
        for (Checker c : checkers.values()) {
            c.close();
        }
        System.out.println("java jar: " + n + " corpus cases identical");
    }
}
