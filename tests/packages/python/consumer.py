"""A program that uses the installed `hatsugen` wheel, as an integrator's would.

Run with the venv's python, with no HATSUGEN_LIB and outside the source tree:
    python consumer.py CASES_JSONL
Checks one post, then every case of the shared corpus (report JSON byte-identical to the
Rust core's, typed reports with the same verdict and rules).
"""

import json
import os
import pathlib
import sys

import hatsugen
from hatsugen import Checker, Report

assert "HATSUGEN_LIB" not in os.environ, "the wheel must work without HATSUGEN_LIB"
assert "site-packages" in hatsugen.__file__, f"imported from {hatsugen.__file__}, not from the installed wheel"
pkg = pathlib.Path(hatsugen.__file__).parent
assert (pkg / "libhatsugen.so").is_file(), "the wheel carries libhatsugen.so"
assert (pkg / "py.typed").is_file(), "the wheel carries py.typed"

text = "ここだけの話、来年度の人事案が決まったよ"
checker = Checker()
report: Report = checker.check_report(text, {"device": "work", "audience": "public"})
assert report.verdict == "block", report.verdict
assert "confidential.secret" in report.rules
print(f"hatsugen {hatsugen.version()} from {pkg}: {report.verdict} {list(report.rules)}")

corpus = pathlib.Path(sys.argv[1])
checkers = {}
n = 0
with open(corpus, encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        case = json.loads(line)
        spec = case["policy"]
        if spec not in checkers:
            kind, _, rest = spec.partition(":")
            checkers[spec] = Checker.builtin(rest) if kind == "builtin" else Checker.from_file(corpus.parent / rest)
        c = checkers[spec]
        got = c.check_json(case["text"], json.loads(case["context_json"]))
        if got != case["report"]:
            sys.exit(f"{case['id']}: report differs\n got: {got}\nwant: {case['report']}")
        typed = Report.from_json(got)
        assert typed.verdict == case["verdict"] and sorted(set(typed.rules)) == case["rules"], case["id"]
        n += 1
print(f"python wheel: {n} corpus cases identical")
