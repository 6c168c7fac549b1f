"""Typed reports: frozen dataclasses with the fields of the report JSON.

``Checker.check_report`` returns a :class:`Report`; :meth:`Report.from_dict` and
:meth:`Report.from_json` turn a report from ``Checker.check`` / ``Checker.check_json`` (or
from the CLI, the C library, another binding) into one. Spans are UTF-8 byte offsets into
the text, as everywhere else; :meth:`Span.text` gives the ``str`` a span covers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, Mapping, Optional, Tuple

__all__ = ["Report", "Finding", "Span", "Message", "Suggestion", "Skipped", "PolicyRef", "Verdict", "Severity"]

Verdict = Literal["allow", "warn", "block"]
"""The overall decision: the most severe finding decides."""

Severity = Literal["info", "warn", "block"]
"""How serious one finding is."""


@dataclass(frozen=True)
class Span:
    """A part of the text, as UTF-8 byte offsets (``start`` inclusive, ``end`` exclusive)."""

    start: int
    end: int

    def text(self, text: str) -> str:
        """The part of ``text`` this span covers."""
        return text.encode("utf-8")[self.start:self.end].decode("utf-8")


@dataclass(frozen=True)
class Message:
    """A message in Japanese and English."""

    ja: str
    en: str


@dataclass(frozen=True)
class Suggestion:
    """How to fix a finding; ``replacement`` is a text to put in place of the span, if any."""

    ja: str
    en: str
    replacement: Optional[str] = None


@dataclass(frozen=True)
class Finding:
    """One problem: a rule that fired, where, why and what to do."""

    rule: str
    category: str
    severity: Severity
    message: Message
    clause: str
    law: Optional[str]
    spans: Tuple[Span, ...]
    suggestion: Optional[Suggestion]
    terms: Tuple[str, ...] = ()
    attachment: Optional[int] = None


@dataclass(frozen=True)
class Skipped:
    """A rule that did not run because the context lacked ``missing`` fields."""

    rule: str
    missing: Tuple[str, ...]


@dataclass(frozen=True)
class PolicyRef:
    """The policy that produced a report."""

    id: str
    version: str


@dataclass(frozen=True)
class Report:
    """The result of checking one post."""

    verdict: Verdict
    findings: Tuple[Finding, ...]
    next_allowed_at: Optional[str]
    skipped: Tuple[Skipped, ...]
    policy: PolicyRef

    @property
    def rules(self) -> Tuple[str, ...]:
        """The ids of the rules that fired, in report order."""
        return tuple(f.rule for f in self.findings)

    @classmethod
    def from_json(cls, report_json: str) -> "Report":
        """Reads a report JSON (``Checker.check_json``, ``hatsugen check --format json``)."""
        return cls.from_dict(json.loads(report_json))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Report":
        """Reads a report as returned by ``Checker.check``; fields it does not know are ignored."""

        def finding(f: Mapping[str, Any]) -> Finding:
            s = f.get("suggestion")
            return Finding(
                rule=f["rule"],
                category=f["category"],
                severity=f["severity"],
                message=Message(f["message"]["ja"], f["message"]["en"]),
                clause=f["clause"],
                law=f.get("law"),
                spans=tuple(Span(x["start"], x["end"]) for x in f["spans"]),
                suggestion=None if s is None else Suggestion(s["ja"], s["en"], s.get("replacement")),
                terms=tuple(f.get("terms", ())),
                attachment=f.get("attachment"),
            )

        return cls(
            verdict=d["verdict"],
            findings=tuple(finding(f) for f in d["findings"]),
            next_allowed_at=d.get("next_allowed_at"),
            skipped=tuple(Skipped(s["rule"], tuple(s["missing"])) for s in d.get("skipped", ())),
            policy=PolicyRef(d["policy"]["id"], d["policy"]["version"]),
        )
