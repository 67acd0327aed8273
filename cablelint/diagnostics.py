"""Spans, edits, fixes and diagnostics: what rules produce and every output consumes.

One span type for everything (linter-conventions.md §7.2): 1-based line and column, end
exclusive, columns in code points, in the coordinates of the file as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from operator import attrgetter
from typing import NamedTuple

__all__ = ["Span", "Edit", "Fix", "Severity", "Applicability", "Diagnostic", "IN_FILE_ORDER"]


class Span(NamedTuple):
    """1-based line and column, end exclusive. A tuple: cheap to make (every element of every
    cable has one) and ordered by position."""

    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict:
        return {"line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column}


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def parse(cls, value: "str | Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        aliases = {"e": "error", "w": "warning", "i": "info", "note": "info"}
        return cls(aliases.get(value.lower(), value.lower()))


class Applicability(str, Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


class Edit(NamedTuple):
    """Replace the text of `span` (may be empty: an insertion) with `replacement`."""

    span: Span
    replacement: str

    @classmethod
    def replace(cls, span: Span, text: str) -> "Edit":  # type: ignore[override]
        return cls(span, text)

    @classmethod
    def delete(cls, span: Span) -> "Edit":
        return cls(span, "")

    @classmethod
    def insert(cls, line: int, column: int, text: str) -> "Edit":
        return cls(Span(line, column, line, column), text)

    def to_dict(self) -> dict:
        return {**self.span.to_dict(), "replacement": self.replacement}


class Fix(NamedTuple):
    applicability: Applicability
    edits: tuple[Edit, ...]
    title: str = ""

    @classmethod
    def safe(cls, edits: "list[Edit] | tuple[Edit, ...]", title: str = "") -> "Fix":
        return cls(Applicability.SAFE, tuple(edits), title)

    @classmethod
    def unsafe(cls, edits: "list[Edit] | tuple[Edit, ...]", title: str = "") -> "Fix":
        return cls(Applicability.UNSAFE, tuple(edits), title)

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    def to_dict(self) -> dict:
        return {"applicability": self.applicability.value, "edits": [e.to_dict() for e in self.edits]}


@dataclass(slots=True)
class Diagnostic:
    """One finding of a rule: code, name, message, span, severity, fix and path."""
    code: str
    name: str
    message: str
    span: Span
    severity: Severity
    fix: Fix | None = None
    path: str = "-"

    def to_dict(self) -> dict:
        """The JSON output contract of rules.md."""
        return {
            "path": self.path,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "fix": self.fix.to_dict() if self.fix else None,
        }


# The order of one file's diagnostics: position, then code, end and message. An attrgetter
# makes the key in C (a run sorts hundreds of thousands of diagnostics).
IN_FILE_ORDER = attrgetter("span.line", "span.column", "code", "span.end_line", "span.end_column", "message")
