"""Run the selected rules over one source: parse, build the model, check, collect diagnostics.

The data path runs one way: bytes -> `Source` (decoding, line index, residue map) -> Lark
tree -> `Cable` -> rules -> diagnostics. Nothing here formats output or touches files other
than reading them; see `fixer` for writing and `formatters` for output.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from .build import Locator, build_cable
from .diagnostics import Diagnostic, Span
from .model import Cable
from .parse import SyntaxProblem, parse_normalized
from .registry import Rule, RuleError
from .settings import Settings, resolve_rules
from .source import Source

__all__ = ["Context", "FileResult", "analyze", "lint_source", "lint_text", "read_file",
           "ReadError", "MappedSyntaxProblem"]


class ReadError(Exception):
    """A path that cannot be read (missing, a directory, permission denied): exit status 2."""


@dataclass(slots=True)
class MappedSyntaxProblem:
    span: Span  # in the file as given
    expected: frozenset[str]
    suppressed: int = 0


@dataclass
class Context:
    """What a rule may read besides the cable: the settings and the source."""

    source: Source
    settings: Settings

    def cable_date(self, cable: Cable) -> date | None:
        """The DTG date, else the configured `cable-date`, else None (rules then skip)."""
        return cable.date or self.settings.cable_date


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: Source | None = None
    cable: Cable | None = None
    error: str | None = None  # unreadable path
    rule_errors: list[RuleError] = field(default_factory=list)
    fixed_text: str | None = None  # set by the fixer when fixes changed the text
    fixes_applied: int = 0


def read_file(path: str, max_bytes: int | None = None) -> bytes:
    try:
        if max_bytes is not None and os.path.getsize(path) > max_bytes:
            raise ReadError(f"{path}: larger than max-file-bytes ({max_bytes}); skipped")
        with open(path, "rb") as fh:
            return fh.read()
    except ReadError:
        raise
    except IsADirectoryError:
        raise ReadError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except PermissionError:
        raise ReadError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ReadError(f"{path}: {exc.strerror or exc}") from None


def analyze(source: Source) -> Cable:
    """Source -> Cable (parse + model), with syntax problems mapped to the file as given."""
    tree, problems = parse_normalized(source.normalized_text())
    cable = build_cable(source, tree)
    cable.syntax_problems = _map_problems(source, problems)
    return cable


def _map_problems(source: Source, problems: list[SyntaxProblem]) -> list[MappedSyntaxProblem]:
    loc = Locator(source)
    out = []
    for p in problems:
        if not source.norm or p.line > len(source.norm):
            span = Span(max(1, len(source.lines)), 1, max(1, len(source.lines)), 2)
        else:
            text = source.norm[p.line - 1].text
            span = loc.span(p.line, p.column - 1, max(p.column, len(text)))
        out.append(MappedSyntaxProblem(span, p.expected, p.suppressed))
    return out


def lint_source(source: Source, settings: Settings, rules: list[type[Rule]] | None = None,
                instances: dict[str, Rule] | None = None) -> FileResult:
    result = FileResult(source.path, source=source)
    cable = analyze(source)
    result.cable = cable
    ctx = Context(source, settings)
    selected = rules if rules is not None else resolve_rules(settings, source.path)
    diags: list[Diagnostic] = []
    for rule_cls in selected:
        rule = instances.get(rule_cls.code) if instances else None
        if rule is None:
            rule = rule_cls()
            if instances is not None:
                instances[rule_cls.code] = rule
        severity = settings.severity_for(rule_cls)
        override = severity != rule_cls.default_severity
        try:
            for d in rule.check(cable, ctx):
                if override:
                    d.severity = severity
                d.path = source.path
                diags.append(d)
        except Exception as exc:  # a broken rule must not hide the other rules' results
            result.rule_errors.append(RuleError(rule_cls.code, source.path, exc))
    diags.sort(key=Diagnostic.sort_key)
    result.diagnostics = diags
    return result


def lint_text(text: str, path: str = "-", settings: Settings | None = None) -> list[Diagnostic]:
    """Public API: lint a cable given as text."""
    return lint_source(Source.from_text(text, path), settings or Settings()).diagnostics
