"""Tests of the Python binding: the shared corpus (same verdicts, rule ids and report JSON
as the Rust core) and errors as exceptions."""

import json
import os
import pathlib
import threading
import unittest
from datetime import datetime, timedelta, timezone

import hatsugen
from hatsugen import Checker, ContextError, PolicyError, TextError

ROOT = pathlib.Path(__file__).resolve().parents[3]
CORPUS = pathlib.Path(os.environ.get("HATSUGEN_CORPUS", ROOT / "tests" / "corpus" / "cases.jsonl"))


def load_cases():
    with open(CORPUS, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class Checkers:
    """One checker per corpus policy string."""

    def __init__(self):
        self.cache = {}

    def get(self, spec):
        if spec not in self.cache:
            kind, _, rest = spec.partition(":")
            if kind == "builtin":
                self.cache[spec] = Checker.builtin(rest)
            elif kind == "file":
                self.cache[spec] = Checker.from_file(CORPUS.parent / rest)
            else:
                raise ValueError(spec)
        return self.cache[spec]


class CorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cases = load_cases()
        cls.checkers = Checkers()

    def test_corpus_has_cases(self):
        self.assertGreater(len(self.cases), 0)

    def test_reports_match_the_core(self):
        for case in self.cases:
            with self.subTest(case=case["id"]):
                checker = self.checkers.get(case["policy"])
                got = checker.check_json(case["text"], case["context_json"])
                self.assertEqual(got, case["report"])

    def test_verdicts_and_rule_ids_through_keyword_context(self):
        for case in self.cases:
            with self.subTest(case=case["id"]):
                checker = self.checkers.get(case["policy"])
                report = checker.check(case["text"], **json.loads(case["context_json"]))
                self.assertEqual(report["verdict"], case["verdict"])
                self.assertEqual(sorted({f["rule"] for f in report["findings"]}), case["rules"])
                typed = checker.check_report(case["text"], json.loads(case["context_json"]))
                self.assertEqual(typed.verdict, case["verdict"])
                self.assertEqual(sorted(set(typed.rules)), case["rules"])

    def test_threads_share_one_checker(self):
        checker = Checker()
        cases = [c for c in self.cases if c["policy"] == "builtin:jp-local-gov"]
        errors = []

        def work(offset):
            for i in range(len(cases)):
                case = cases[(i + offset) % len(cases)]
                if checker.check_json(case["text"], case["context_json"]) != case["report"]:
                    errors.append(case["id"])

        threads = [threading.Thread(target=work, args=(n * 5,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])


class ApiTest(unittest.TestCase):
    def test_version(self):
        self.assertRegex(hatsugen.version(), r"^\d+\.\d+\.\d+$")

    def test_default_checker(self):
        with Checker() as checker:
            self.assertEqual(checker.policy_id, "jp-local-gov")
            self.assertTrue(checker.policy_version)
            self.assertGreater(checker.max_text_bytes, 1000)
            report = checker.check("ここだけの話、来年度の人事案が決まったよ", device="work")
            self.assertEqual(report["verdict"], "block")
            finding = next(f for f in report["findings"] if f["rule"] == "confidential.secret")
            self.assertEqual(hatsugen.span_text("ここだけの話、来年度の人事案が決まったよ", finding["spans"][0]), "ここだけの話")
        with self.assertRaises(ValueError):
            checker.check("x")

    def test_keyword_context_and_datetime(self):
        checker = Checker()
        jst = timezone(timedelta(hours=9))
        report = checker.check("おはようございます", time=datetime(2026, 11, 24, 9, 0, tzinfo=jst), device="personal")
        self.assertIn(report["verdict"], ("allow", "warn", "block"))
        with self.assertRaises(ValueError):
            checker.check("x", time=datetime(2026, 11, 24, 9, 0))

    def test_context_as_a_mapping(self):
        checker = Checker()
        text = "ここだけの話、来年度の人事案が決まったよ"
        by_keyword = checker.check_json(text, device="work", audience="public")
        self.assertEqual(checker.check_json(text, {"device": "work", "audience": "public"}), by_keyword)
        self.assertEqual(checker.check_json(text, '{"device":"work","audience":"public"}'), by_keyword)
        self.assertEqual(checker.check_json(text, {"device": "work"}, audience="public"), by_keyword)
        self.assertEqual(checker.check(text, {"device": "work", "audience": "public"}), json.loads(by_keyword))
        self.assertEqual(checker.check_json(text, None), checker.check_json(text))
        with self.assertRaises(ContextError) as cm:
            checker.check_json(text, {"device": "tablet"})
        self.assertIn("tablet", cm.exception.message)
        with self.assertRaises(TypeError):
            checker.check_json(text, ["device", "work"])
        with self.assertRaises(TypeError):
            checker.check_json(text, '{"device":"work"}', audience="public")

    def test_schedule_in_the_context(self):
        checker = Checker()
        schedule = {"days": ["mon", "tue", "wed", "thu", "fri"], "hours": [{"start": "22:00", "end": "23:59"}]}
        report = checker.check("おはようございます", {"status": "working", "time": "2026-11-24T22:30:00+09:00", "schedule": schedule})
        self.assertNotIn("work_hours.during_work", [s["rule"] for s in report["skipped"]])

    def test_typed_report(self):
        checker = Checker()
        text = "ここだけの話、来年度の人事案が決まったよ"
        report = checker.check_report(text, {"device": "work"})
        self.assertIsInstance(report, hatsugen.Report)
        self.assertEqual(report.verdict, "block")
        self.assertEqual(report.policy.id, "jp-local-gov")
        finding = next(f for f in report.findings if f.rule == "confidential.secret")
        self.assertIsInstance(finding.spans[0].start, int)
        self.assertEqual(finding.spans[0].text(text), "ここだけの話")
        self.assertEqual(hatsugen.span_text(text, finding.spans[0]), "ここだけの話")
        self.assertTrue(finding.message.ja)
        self.assertIn("confidential.secret", report.rules)
        self.assertEqual(report, hatsugen.Report.from_dict(checker.check(text, device="work")))

    def test_policy_error_has_line_and_column(self):
        toml = 'extends = "builtin:jp-local-gov"\n\n[rules."defamation.insult"]\nseverty = "warn"\n'
        with self.assertRaises(PolicyError) as cm:
            Checker(policy=toml)
        e = cm.exception
        self.assertEqual((e.line, e.column), (4, 1))
        self.assertEqual(e.status, hatsugen.POLICY_SYNTAX)
        self.assertIn("severty", e.message)
        self.assertIn("line 4", str(e))

    def test_invalid_policy_has_key_path(self):
        toml = 'extends = "builtin:jp-local-gov"\nremove_terms = ["baka", "no-such-term"]\n'
        with self.assertRaises(PolicyError) as cm:
            Checker(policy=toml)
        self.assertEqual(cm.exception.status, hatsugen.POLICY_INVALID)
        self.assertEqual((cm.exception.line, cm.exception.column), (2, 25))
        self.assertEqual(cm.exception.key_path, "remove_terms")

    def test_unknown_builtin(self):
        with self.assertRaises(PolicyError) as cm:
            Checker.builtin("tokyo")
        self.assertEqual(cm.exception.status, hatsugen.UNKNOWN_BUILTIN)

    def test_context_errors(self):
        checker = Checker()
        with self.assertRaises(ContextError) as cm:
            checker.check("x", device="phone")
        self.assertIn("phone", cm.exception.message)
        with self.assertRaises(ContextError):
            checker.check("x", colour="red")
        with self.assertRaises(ContextError) as cm:
            checker.check_json("x", '{\n "device": "work",\n "account": 7\n}')
        self.assertEqual(cm.exception.line, 3)

    def test_text_errors(self):
        checker = Checker(policy='extends = "builtin:jp-local-gov"\n[limits]\nmax_text_bytes = 8\n')
        with self.assertRaises(TextError) as cm:
            checker.check("123456789")
        self.assertEqual(cm.exception.status, hatsugen.TEXT_TOO_LARGE)
        with self.assertRaises(TextError) as cm:
            checker.check(b"ab\xffcd")
        self.assertEqual(cm.exception.status, hatsugen.INVALID_UTF8)
        self.assertEqual(checker.check(b"abc")["verdict"], "allow")


if __name__ == "__main__":
    unittest.main()
