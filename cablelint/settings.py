"""Settings in force for a file, and rule selection (linter-conventions.md §4.2, §5).

`Settings` is what the configuration files and the command line resolve to; the engine and
the rules read only this. Selection: start from `select` (or the default set), add
`extend-select`, remove `ignore`/`extend-ignore`, then `per-file-ignores`. When a select and
an ignore selector both match a rule, the more specific one wins; at equal specificity the
ignore wins. Opt-in rules run only when a selector names them (code, name, prefix or ALL).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable

from .diagnostics import Severity
from .registry import Rule, all_rules, rule_by_selector

__all__ = ["Settings", "SelectorError", "resolve_rules", "validate_selectors", "specificity",
           "DEFAULT_INCLUDE", "DEFAULT_EXCLUDE"]

DEFAULT_INCLUDE = ("*.txt", "*.cable", "*.md")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
                   "build", "dist", ".mypy_cache", ".pytest_cache", ".ruff_cache")


class SelectorError(ValueError):
    """An unknown rule code, name or prefix (a configuration error: exit 2)."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None  # None: the catalogue's default set
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity = Severity.WARNING
    max_line_length: int = 72
    cable_date: date | None = None
    extend_tags: tuple[str, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    max_file_bytes: int | None = None
    unsafe_fixes: bool = False
    source_file: str | None = None  # the config file these came from (None: defaults/CLI)
    root: str | None = None  # directory that relative globs are relative to

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    def severity_for(self, rule: type[Rule]) -> Severity:
        best: tuple[int, Severity] | None = None
        for selector, sev in self.severity:
            if _matches(selector, rule):
                spec = specificity(selector)
                if best is None or spec >= best[0]:
                    best = (spec, sev)
        return best[1] if best else rule.default_severity


def specificity(selector: str) -> int:
    s = selector.strip()
    if s.upper() == "ALL":
        return 0
    if any(c.islower() or c == "-" for c in s):  # a rule name: as specific as a code
        return 4
    return len(s)


def _matches(selector: str, rule: type[Rule]) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    return s == rule.name or rule.code.startswith(s.upper())


def validate_selectors(selectors: Iterable[str], where: str) -> None:
    for s in selectors:
        if not rule_by_selector(s):
            raise SelectorError(f"{where}: unknown rule selector {s!r}")


def resolve_rules(settings: Settings, path: str | None = None) -> list[type[Rule]]:
    """The rules that run on `path` under `settings`, in code order."""
    chosen: list[type[Rule]] = []
    selects = list(settings.select) if settings.select is not None else None
    extend = list(settings.extend_select)
    ignores = list(settings.ignore) + list(settings.extend_ignore)
    if path is not None:
        for pattern, codes in settings.per_file_ignores:
            if _path_matches(path, pattern, settings.root):
                ignores.extend(codes)
    for rule in all_rules():
        sel_spec = -1
        for s in (selects if selects is not None else []) + extend:
            if _matches(s, rule):
                # Opt-in rules need a selector that names them; a family letter is enough
                # only through ALL or a prefix/code/name (rules.md: "only when selected").
                sel_spec = max(sel_spec, specificity(s))
        if selects is None and rule.default_on:
            sel_spec = max(sel_spec, 0)
        if sel_spec < 0:
            continue
        if not rule.default_on and selects is None and not any(_matches(s, rule) for s in extend):
            continue
        ign_spec = max((specificity(s) for s in ignores if _matches(s, rule)), default=-1)
        if ign_spec >= sel_spec:
            continue
        chosen.append(rule)
    return chosen


def _path_matches(path: str, pattern: str, root: str | None) -> bool:
    import os

    rel = path
    if root:
        try:
            rel = os.path.relpath(os.path.abspath(path), root)
        except ValueError:
            rel = path
    rel = rel.replace(os.sep, "/")
    if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(rel), pattern):
        return True
    # `dir/**` also matches the files directly inside dir
    if pattern.endswith("/**") and (rel + "/").startswith(pattern[:-2]):
        return True
    return False
