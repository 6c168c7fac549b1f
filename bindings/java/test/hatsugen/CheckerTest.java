package hatsugen;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tests of the Java binding: the shared corpus (same report JSON, verdicts and rule ids as
 * the Rust core), 8 threads on one checker, errors as exceptions. Prints
 * "java: N passed, M failed".
 *
 *   java -cp out:/usr/share/java/jna.jar hatsugen.CheckerTest CORPUS.jsonl
 */
public final class CheckerTest {
    private static int passed;
    private static int failed;

    interface Body {
        void run() throws Exception;
    }

    private static void test(String name, Body body) {
        try {
            body.run();
            passed++;
            System.out.println("ok - " + name);
        } catch (Throwable t) {
            failed++;
            System.out.println("not ok - " + name + ": " + t);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static HatsugenException expectError(Runnable r) {
        try {
            r.run();
        } catch (HatsugenException e) {
            return e;
        }
        throw new AssertionError("no HatsugenException");
    }

    @SuppressWarnings("unchecked")
    private static List<String> ruleIds(Map<String, Object> report) {
        TreeSet<String> ids = new TreeSet<>();
        for (Object f : (List<Object>) report.get("findings")) {
            ids.add((String) ((Map<String, Object>) f).get("rule"));
        }
        return new ArrayList<>(ids);
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Path corpus = Paths.get(args.length > 0 ? args[0] : "tests/corpus/cases.jsonl");
        List<Map<String, Object>> cases = new ArrayList<>();
        for (String line : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                cases.add((Map<String, Object>) Json.parse(line));
            }
        }
        Map<String, Checker> checkers = new HashMap<>();
        java.util.function.Function<String, Checker> checkerFor = spec -> checkers.computeIfAbsent(spec, s -> {
            String[] parts = s.split(":", 2);
            try {
                return parts[0].equals("builtin") ? Checker.builtin(parts[1])
                        : Checker.fromFile(corpus.getParent().resolve(parts[1]));
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        });

        test("version", () -> check(Checker.version().matches("\\d+\\.\\d+\\.\\d+"), Checker.version()));
        test("corpus has cases", () -> check(!cases.isEmpty(), "empty"));

        test("corpus reports are byte-identical to the core", () -> {
            List<String> bad = new ArrayList<>();
            for (Map<String, Object> c : cases) {
                String got = checkerFor.apply((String) c.get("policy")).checkJson((String) c.get("text"),
                        (String) c.get("context_json"));
                if (!got.equals(c.get("report"))) {
                    bad.add((String) c.get("id"));
                }
            }
            check(bad.isEmpty(), "differ: " + bad);
        });

        test("corpus verdicts and rule ids through a map context", () -> {
            List<String> bad = new ArrayList<>();
            for (Map<String, Object> c : cases) {
                Map<String, Object> ctx = (Map<String, Object>) Json.parse((String) c.get("context_json"));
                Map<String, Object> report = checkerFor.apply((String) c.get("policy")).check((String) c.get("text"), ctx);
                if (!report.get("verdict").equals(c.get("verdict")) || !ruleIds(report).equals(c.get("rules"))) {
                    bad.add((String) c.get("id"));
                }
            }
            check(bad.isEmpty(), "differ: " + bad);
        });

        test("8 threads share one checker", () -> {
            Checker shared = checkerFor.apply("builtin:jp-local-gov");
            List<Map<String, Object>> mine = new ArrayList<>();
            for (Map<String, Object> c : cases) {
                if ("builtin:jp-local-gov".equals(c.get("policy"))) {
                    mine.add(c);
                }
            }
            AtomicInteger errors = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int offset = t * 5;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < mine.size(); i++) {
                        Map<String, Object> c = mine.get((i + offset) % mine.size());
                        if (!shared.checkJson((String) c.get("text"), (String) c.get("context_json")).equals(c.get("report"))) {
                            errors.incrementAndGet();
                        }
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            check(errors.get() == 0, errors.get() + " mismatches");
        });

        test("default checker and spans", () -> {
            Checker c = new Checker();
            {
                check(c.policyId().equals("jp-local-gov"), c.policyId());
                check(!c.policyVersion().isEmpty(), "version");
                check(c.maxTextBytes() > 1000, "max");
                String text = "ここだけの話、来年度の人事案が決まったよ";
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("device", "work");
                Map<String, Object> report = c.check(text, ctx);
                check("block".equals(report.get("verdict")), "verdict");
                for (Object f : (List<Object>) report.get("findings")) {
                    Map<String, Object> finding = (Map<String, Object>) f;
                    if ("confidential.secret".equals(finding.get("rule"))) {
                        Map<String, Object> span = (Map<String, Object>) ((List<Object>) finding.get("spans")).get(0);
                        check(Checker.spanText(text, span).equals("ここだけの話"), "span");
                    }
                }
                c.close();
                boolean threw = false;
                try {
                    c.checkJson("x", "{}");
                } catch (IllegalStateException e) {
                    threw = true;
                }
                check(threw, "use after close");
            }
        });

        test("no context: check(text), null context, null context JSON", () -> {
            Checker c = checkerFor.apply("builtin:jp-local-gov");
            String text = "ここだけの話、来年度の人事案が決まったよ";
            String empty = c.checkJson(text, "{}");
            check(c.checkJson(text).equals(empty), "checkJson(text)");
            check(c.checkJson(text, null).equals(empty), "checkJson(text, null)");
            check(c.check(text).equals(Json.parse(empty)), "check(text)");
            check(c.check(text, null).equals(Json.parse(empty)), "check(text, null)");
            check(c.checkReport(text).verdict().equals("block"), "checkReport(text)");
        });

        test("typed reports: corpus verdicts and rules, spans as int", () -> {
            List<String> bad = new ArrayList<>();
            for (Map<String, Object> c : cases) {
                Map<String, Object> ctx = (Map<String, Object>) Json.parse((String) c.get("context_json"));
                Report r = checkerFor.apply((String) c.get("policy")).checkReport((String) c.get("text"), ctx);
                if (!r.verdict().equals(c.get("verdict")) || !new ArrayList<>(new TreeSet<>(r.rules())).equals(c.get("rules"))) {
                    bad.add((String) c.get("id"));
                }
            }
            check(bad.isEmpty(), "differ: " + bad);
            String text = "ここだけの話、来年度の人事案が決まったよ";
            Report r = checkerFor.apply("builtin:jp-local-gov").checkReport(text, Map.of("device", "work"));
            check(r.isBlocked() && r.policy().id().equals("jp-local-gov"), r.toString());
            Report.Finding f = r.findings().stream().filter(x -> x.rule().equals("confidential.secret")).findFirst().orElseThrow();
            int start = f.spans().get(0).start();
            check(start == 0 && f.spans().get(0).text(text).equals("ここだけの話"), "span " + f.spans());
            check(!f.message().ja().isEmpty() && f.suggestion() != null, "message");
        });

        test("java.time values as context time", () -> {
            Checker c = checkerFor.apply("builtin:jp-local-gov");
            java.time.ZonedDateTime zoned = java.time.ZonedDateTime.of(2026, 11, 24, 21, 0, 0, 0, java.time.ZoneId.of("Asia/Tokyo"));
            String want = c.checkJson("おはよう", "{\"time\":\"2026-11-24T21:00:00+09:00\",\"status\":\"working\"}");
            check(c.checkJson("おはよう", Json.write(Map.of("time", zoned, "status", "working"))).equals(want), "ZonedDateTime");
            check(c.checkJson("おはよう", Json.write(Map.of("time", zoned.toOffsetDateTime(), "status", "working"))).equals(want), "OffsetDateTime");
            check(c.checkJson("おはよう", Json.write(Map.of("time", zoned.toInstant(), "status", "working"))).equals(want), "Instant");
        });

        test("policy errors carry line and column", () -> {
            HatsugenException e = expectError(() -> Checker.fromToml(
                    "extends = \"builtin:jp-local-gov\"\n\n[rules.\"defamation.insult\"]\nseverty = \"warn\"\n"));
            check(e.status() == HatsugenException.POLICY_SYNTAX && e.isPolicyError(), "status " + e.status());
            check(e.line() == 4 && e.column() == 1, "position " + e.line() + ":" + e.column());
            check(e.detail().contains("severty"), e.detail());
            e = expectError(() -> Checker.fromToml("extends = \"builtin:jp-local-gov\"\nremove_terms = [\"baka\", \"no-such-term\"]\n"));
            check(e.status() == HatsugenException.POLICY_INVALID && "remove_terms".equals(e.keyPath()), e.toString());
            e = expectError(() -> Checker.builtin("tokyo"));
            check(e.status() == HatsugenException.UNKNOWN_BUILTIN, e.toString());
        });

        test("context and text errors", () -> {
            Checker c = Checker.fromToml("extends = \"builtin:jp-local-gov\"\n[limits]\nmax_text_bytes = 8\n");
            HatsugenException e = expectError(() -> c.check("x", Map.of("device", "phone")));
            check(e.status() == HatsugenException.INVALID_CONTEXT, e.toString());
            e = expectError(() -> c.checkJson("x", "{\n \"device\": \"work\",\n \"account\": 7\n}"));
            check(e.line() == 3, "line " + e.line());
            e = expectError(() -> c.checkJson(new byte[] {'a', (byte) 0xff}, "{}"));
            check(e.status() == HatsugenException.INVALID_UTF8, e.toString());
            e = expectError(() -> c.checkJson("123456789", "{}"));
            check(e.status() == HatsugenException.TEXT_TOO_LARGE, e.toString());
            c.close();
        });

        for (Checker c : checkers.values()) {
            c.close();
        }
        System.out.println("java: " + passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
