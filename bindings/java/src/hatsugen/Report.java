package hatsugen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A typed report: the result of checking one post ({@link Checker#checkReport}). The classes
 * are immutable, with record-style accessors ({@code report.verdict()},
 * {@code finding.spans().get(0).start()}); they are plain final classes rather than
 * {@code record}s so that the jar runs on Java 11. Fields that the report JSON may leave out
 * are {@code null} (law, suggestion, replacement, attachment, nextAllowedAt).
 */
public final class Report {
    private final String verdict;
    private final List<Finding> findings;
    private final String nextAllowedAt;
    private final List<Skipped> skipped;
    private final PolicyRef policy;

    private Report(String verdict, List<Finding> findings, String nextAllowedAt, List<Skipped> skipped, PolicyRef policy) {
        this.verdict = verdict;
        this.findings = findings;
        this.nextAllowedAt = nextAllowedAt;
        this.skipped = skipped;
        this.policy = policy;
    }

    /** "allow", "warn" or "block": the most severe finding decides. */
    public String verdict() {
        return verdict;
    }

    /** True when the verdict is "block". */
    public boolean isBlocked() {
        return "block".equals(verdict);
    }

    /** The findings, in report order. */
    public List<Finding> findings() {
        return findings;
    }

    /** When timing is the problem, the first time (RFC 3339) the same post may go out; else null. */
    public String nextAllowedAt() {
        return nextAllowedAt;
    }

    /** The rules that did not run for want of context. */
    public List<Skipped> skipped() {
        return skipped;
    }

    /** The policy that produced the report. */
    public PolicyRef policy() {
        return policy;
    }

    /** The ids of the rules that fired, in report order. */
    public List<String> rules() {
        List<String> ids = new ArrayList<>();
        for (Finding f : findings) {
            ids.add(f.rule());
        }
        return Collections.unmodifiableList(ids);
    }

    /** Reads a report JSON ({@link Checker#checkJson}, the CLI's {@code --format json}). */
    public static Report fromJson(String json) {
        return fromMap(map(Json.parse(json)));
    }

    /** Reads a report as {@link Checker#check} returns it; fields it does not know are ignored. */
    public static Report fromMap(Map<String, ?> m) {
        List<Finding> findings = new ArrayList<>();
        for (Object o : list(m.get("findings"))) {
            findings.add(Finding.fromMap(map(o)));
        }
        List<Skipped> skipped = new ArrayList<>();
        Object sk = m.get("skipped");
        if (sk != null) {
            for (Object o : list(sk)) {
                Map<String, ?> s = map(o);
                skipped.add(new Skipped((String) s.get("rule"), strings(s.get("missing"))));
            }
        }
        Map<String, ?> p = map(m.get("policy"));
        return new Report((String) m.get("verdict"), Collections.unmodifiableList(findings),
                (String) m.get("next_allowed_at"), Collections.unmodifiableList(skipped),
                new PolicyRef((String) p.get("id"), (String) p.get("version")));
    }

    @Override
    public String toString() {
        return "Report[verdict=" + verdict + ", rules=" + rules() + ", nextAllowedAt=" + nextAllowedAt + "]";
    }

    @SuppressWarnings("unchecked")
    static Map<String, ?> map(Object o) {
        return (Map<String, ?>) Objects.requireNonNull(o, "missing object in report");
    }

    static List<?> list(Object o) {
        return (List<?>) Objects.requireNonNull(o, "missing array in report");
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o != null) {
            for (Object x : list(o)) {
                out.add((String) x);
            }
        }
        return Collections.unmodifiableList(out);
    }

    static int integer(Object o) {
        return ((Number) o).intValue();
    }

    /** One problem: a rule that fired, where, why and what to do. */
    public static final class Finding {
        private final String rule;
        private final String category;
        private final String severity;
        private final Message message;
        private final String clause;
        private final String law;
        private final List<Span> spans;
        private final Suggestion suggestion;
        private final List<String> terms;
        private final Integer attachment;

        private Finding(String rule, String category, String severity, Message message, String clause, String law,
                List<Span> spans, Suggestion suggestion, List<String> terms, Integer attachment) {
            this.rule = rule;
            this.category = category;
            this.severity = severity;
            this.message = message;
            this.clause = clause;
            this.law = law;
            this.spans = spans;
            this.suggestion = suggestion;
            this.terms = terms;
            this.attachment = attachment;
        }

        static Finding fromMap(Map<String, ?> f) {
            Map<String, ?> msg = map(f.get("message"));
            List<Span> spans = new ArrayList<>();
            for (Object o : list(f.get("spans"))) {
                Map<String, ?> s = map(o);
                spans.add(new Span(integer(s.get("start")), integer(s.get("end"))));
            }
            Suggestion suggestion = null;
            if (f.get("suggestion") != null) {
                Map<String, ?> s = map(f.get("suggestion"));
                suggestion = new Suggestion((String) s.get("ja"), (String) s.get("en"), (String) s.get("replacement"));
            }
            Object att = f.get("attachment");
            return new Finding((String) f.get("rule"), (String) f.get("category"), (String) f.get("severity"),
                    new Message((String) msg.get("ja"), (String) msg.get("en")), (String) f.get("clause"),
                    (String) f.get("law"), Collections.unmodifiableList(spans), suggestion, strings(f.get("terms")),
                    att == null ? null : integer(att));
        }

        /** The rule id, e.g. "confidential.secret". */
        public String rule() {
            return rule;
        }

        /** The category, e.g. "confidential". */
        public String category() {
            return category;
        }

        /** "info", "warn" or "block". */
        public String severity() {
            return severity;
        }

        /** What is wrong, in Japanese and English. */
        public Message message() {
            return message;
        }

        /** The guideline clause. */
        public String clause() {
            return clause;
        }

        /** The law the clause rests on, or null. */
        public String law() {
            return law;
        }

        /** Where in the text (UTF-8 byte offsets; see {@link Span#text}). */
        public List<Span> spans() {
            return spans;
        }

        /** How to fix it, or null. */
        public Suggestion suggestion() {
            return suggestion;
        }

        /** The lexicon terms that matched. */
        public List<String> terms() {
            return terms;
        }

        /** The index of the attachment the finding is about, or null for the text. */
        public Integer attachment() {
            return attachment;
        }

        @Override
        public String toString() {
            return "Finding[rule=" + rule + ", severity=" + severity + ", spans=" + spans + "]";
        }
    }

    /** A part of the text as UTF-8 byte offsets ({@code start} inclusive, {@code end} exclusive). */
    public static final class Span {
        private final int start;
        private final int end;

        /** A span from {@code start} to {@code end}. */
        public Span(int start, int end) {
            this.start = start;
            this.end = end;
        }

        /** The first byte. */
        public int start() {
            return start;
        }

        /** One past the last byte. */
        public int end() {
            return end;
        }

        /** The part of {@code text} this span covers. */
        public String text(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return new String(bytes, start, end - start, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Span && ((Span) o).start == start && ((Span) o).end == end;
        }

        @Override
        public int hashCode() {
            return 31 * start + end;
        }

        @Override
        public String toString() {
            return start + ".." + end;
        }
    }

    /** A message in Japanese and English. */
    public static final class Message {
        private final String ja;
        private final String en;

        Message(String ja, String en) {
            this.ja = ja;
            this.en = en;
        }

        /** In Japanese. */
        public String ja() {
            return ja;
        }

        /** In English. */
        public String en() {
            return en;
        }
    }

    /** How to fix a finding. */
    public static final class Suggestion {
        private final String ja;
        private final String en;
        private final String replacement;

        Suggestion(String ja, String en, String replacement) {
            this.ja = ja;
            this.en = en;
            this.replacement = replacement;
        }

        /** In Japanese. */
        public String ja() {
            return ja;
        }

        /** In English. */
        public String en() {
            return en;
        }

        /** A text to put in place of the span, or null. */
        public String replacement() {
            return replacement;
        }
    }

    /** A rule that did not run because the context lacked {@link #missing()} fields. */
    public static final class Skipped {
        private final String rule;
        private final List<String> missing;

        Skipped(String rule, List<String> missing) {
            this.rule = rule;
            this.missing = missing;
        }

        /** The rule id. */
        public String rule() {
            return rule;
        }

        /** The context fields it needs. */
        public List<String> missing() {
            return missing;
        }
    }

    /** The policy that produced a report. */
    public static final class PolicyRef {
        private final String id;
        private final String version;

        PolicyRef(String id, String version) {
            this.id = id;
            this.version = version;
        }

        /** The policy's id. */
        public String id() {
            return id;
        }

        /** The policy's version. */
        public String version() {
            return version;
        }
    }
}
