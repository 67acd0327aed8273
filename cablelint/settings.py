"""Settings in force for a file, and rule selection (linter-conventions.md §4.2, §5).

`Settings` is what the configuration files and the command line resolve to; the engine and
the rules read only this.

Selection runs in layers, as Ruff's does: the configuration file is one layer, the command
line another on top of it. Each layer starts from its `select` (or, without one, from what
the layer below chose; the bottom layer from the catalogue's default set), adds
`extend-select`, then removes `ignore` / `extend-ignore`. Inside a layer, when a select and an
ignore selector both match a rule the more specific one wins (`ignore = ["P"]`,
`select = ["P402"]` keeps P402); at equal specificity the ignore wins. A rule the layer only
carried over from below is removed by any matching ignore. `per-file-ignores` (configuration
and command line) are removed last. Opt-in rules run only when a selector names them (code,
name, prefix or ALL), never through the default set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from datetime import date
from typing import Iterable

from .diagnostics import Severity
from .registry import Rule, all_rules, rule_by_selector

__all__ = ["Settings", "Layer", "SelectorError", "resolve_rules", "validate_selectors",
           "specificity", "DEFAULT_INCLUDE", "DEFAULT_EXCLUDE"]

DEFAULT_INCLUDE = ("*.txt", "*.cable", "*.md")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".tox", ".nox", "node_modules",
                   "__pycache__", "build", "dist", ".mypy_cache", ".pytest_cache", ".ruff_cache",
                   "*.egg-info", "site-packages")


class SelectorError(ValueError):
    """An unknown rule code, name or prefix (a configuration error: exit 2)."""


@dataclass(frozen=True)
class Layer:
    """One layer of rule selection (the command line on top of the configuration)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """The resolved configuration of a file: rule selection, severities and options."""
    # -- configuration layer of rule selection --
    select: tuple[str, ...] | None = None  # None: the catalogue's default set
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    # glob -> selectors; globs with a slash are stored absolute (see `globs.anchor`)
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
    baseline: str | None = None  # absolute path of the baseline file
    allow_directives: bool = False
    # -- command line --
    cli: Layer | None = None  # selection given on the command line
    unsafe_fixes: bool = False
    ignore_suppressions: bool = False  # audits: no baseline, no directive lines
    # -- provenance --
    source_file: str | None = None  # the config file these came from (None: defaults)
    config_chain: tuple[str, ...] = ()  # source_file and the files it extends, nearest first
    root: str | None = None  # directory of source_file
    # Keys set explicitly (by a config file or the command line), for `cablelint config`.
    explicit: frozenset[str] = field(default=frozenset(), compare=False)

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

    def to_dict(self) -> dict:
        """The settings as configuration keys (for `cablelint config`)."""
        out: dict = {}
        for f in fields(self):
            if f.name in ("explicit", "source_file", "config_chain", "root", "cli"):
                continue
            value = getattr(self, f.name)
            if isinstance(value, Severity):
                value = value.value
            elif isinstance(value, date):
                value = value.isoformat()
            elif f.name == "severity":
                value = {k: v.value for k, v in value}
            elif f.name == "per_file_ignores":
                value = {k: list(v) for k, v in value}
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name.replace("_", "-")] = value
        if self.cli is not None:
            out["command-line"] = {"select": list(self.cli.select) if self.cli.select is not None else None,
                                   "extend-select": list(self.cli.extend_select),
                                   "ignore": list(self.cli.ignore)}
        return out


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
        if not isinstance(s, str) or not rule_by_selector(s):
            raise SelectorError(f"{where}: unknown rule selector {s!r}")


def _apply_layer(current: dict[str, int] | None, layer: Layer,
                 rules: tuple[type[Rule], ...]) -> dict[str, int]:
    """code -> specificity of the selector that chose it in this layer (-1: carried over)."""
    if layer.select is not None:
        chosen: dict[str, int] = {}
        for r in rules:
            spec = max((specificity(s) for s in layer.select if _matches(s, r)), default=-1)
            if spec >= 0:
                chosen[r.code] = spec
    elif current is None:
        chosen = {r.code: 0 for r in rules if r.default_on}
    else:
        chosen = {code: -1 for code in current}
    for r in rules:
        spec = max((specificity(s) for s in layer.extend_select if _matches(s, r)), default=-1)
        if spec >= 0:
            chosen[r.code] = max(chosen.get(r.code, -1), spec)
    if layer.ignore:
        for r in rules:
            if r.code in chosen:
                ign = max((specificity(s) for s in layer.ignore if _matches(s, r)), default=-2)
                if ign >= chosen[r.code]:
                    del chosen[r.code]
    return chosen


@lru_cache(maxsize=128)
def _selected(settings: Settings) -> dict[str, int]:
    rules = all_rules()
    layers = [Layer(settings.select, settings.extend_select, settings.ignore + settings.extend_ignore)]
    if settings.cli is not None:
        layers.append(settings.cli)
    chosen: dict[str, int] | None = None
    for layer in layers:
        chosen = _apply_layer(chosen, layer, rules)
    assert chosen is not None
    return chosen


def resolve_rules(settings: Settings, path: str | None = None) -> list[type[Rule]]:
    """The rules that run on `path` under `settings`, in code order."""
    rules = all_rules()
    chosen = dict(_selected(settings))
    if path is not None and path != "-" and settings.per_file_ignores:
        from .globs import anchor, matches

        abspath = os.path.abspath(path)
        for pattern, codes in settings.per_file_ignores:
            if "/" in pattern and not os.path.isabs(pattern):  # built in code, not by config.py
                pattern = anchor(pattern, settings.root or os.getcwd())
            if matches(pattern, abspath, settings.root):
                for r in rules:
                    if r.code in chosen and any(_matches(s, r) for s in codes):
                        del chosen[r.code]
    return [r for r in rules if r.code in chosen]
