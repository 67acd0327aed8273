"""Rules: the base class, its metadata, and discovery through the `cablelint.rules` entry points.

A rule is a small class: metadata (code, name, default severity, on by default or opt-in, fix
applicability, documentation) plus `check(cable, ctx)` yielding diagnostics. Built-in rules
register exactly as third-party ones do: the entry-point group `cablelint.rules` names family
packages (or modules, or lists of rule classes); a family package's `rules()` imports its one
module per rule (linter-conventions.md §9.8).
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar, Iterable, Iterator

from .diagnostics import Diagnostic, Fix, Severity, Span

if TYPE_CHECKING:
    from .engine import Context
    from .model import Cable

__all__ = ["Rule", "RuleError", "all_rules", "rule_by_selector", "discover", "DOC_SECTIONS",
           "docs_uri", "rule_markdown"]

ENTRY_POINT_GROUP = "cablelint.rules"
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Fix safety")
_CODE = re.compile(r"^[A-Z]{1,3}\d{3}$")


class RuleError(Exception):
    """A rule raised while checking a file (reported with its code; exit status 2)."""

    def __init__(self, code: str, path: str, exc: BaseException) -> None:
        super().__init__(f"{code} failed on {path}: {type(exc).__name__}: {exc}")
        self.code, self.path, self.exc = code, path, exc


class Rule:
    """Base class. Subclasses set the metadata and implement `check`.

    The class docstring is the rule's documentation: a summary line, then the sections
    `## What it does`, `## Why is this bad?`, `## Example`, `## Fix safety` (and, where they
    apply, `## Use instead`, `## Options`, `## Evidence`).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    default_severity: ClassVar[Severity]
    default_on: ClassVar[bool] = True
    fix: ClassVar[str] = "none"  # none | safe | unsafe | sometimes (catalogue "fix" column)
    options: ClassVar[dict[str, object]] = {}  # config keys the rule reads, with defaults
    tags: ClassVar[tuple[str, ...]] = ()

    # -- metadata -------------------------------------------------------------------------
    @classmethod
    def family(cls) -> str:
        return re.match(r"[A-Z]+", cls.code).group(0)

    @classmethod
    def doc(cls) -> str:
        import textwrap

        return textwrap.dedent(inspect.cleandoc(cls.__doc__ or "")).strip()

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n", 1)[0].strip()

    @classmethod
    def section(cls, title: str) -> str:
        """One `## title` section of the documentation."""
        m = re.search(rf"^## {re.escape(title)}\s*\n(.*?)(?=^## |\Z)", cls.doc(), re.M | re.S)
        return m.group(1).strip() if m else ""

    @classmethod
    def metadata(cls) -> dict:
        return {
            "code": cls.code,
            "name": cls.name,
            "family": cls.family(),
            "summary": cls.summary(),
            "severity": cls.default_severity.value,
            "default": "on" if cls.default_on else "opt-in",
            "fix": cls.fix,
            "options": dict(cls.options),
        }

    # -- checking -------------------------------------------------------------------------
    def check(self, cable: "Cable", ctx: "Context") -> Iterable[Diagnostic]:
        raise NotImplementedError

    def diagnostic(self, span: Span, message: str, fix: Fix | None = None,
                   severity: Severity | None = None) -> Diagnostic:
        """Build a diagnostic of this rule. `severity` overrides the default for one finding
        (e.g. F006 is an error when bytes were lost); configuration overrides both."""
        return Diagnostic(self.code, self.name, message, span, severity or self.default_severity, fix)


def discover(package_name: str) -> list[type[Rule]]:
    """Every Rule subclass defined in the modules of a package (one module per rule)."""
    package = importlib.import_module(package_name)
    found: list[type[Rule]] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package_name}.{info.name}")
        found.extend(_rules_in(module))
    return found


def _rules_in(obj) -> Iterator[type[Rule]]:
    if inspect.isclass(obj) and issubclass(obj, Rule) and obj is not Rule:
        yield obj
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from _rules_in(item)
    elif inspect.ismodule(obj):
        if callable(getattr(obj, "rules", None)):
            yield from _rules_in(list(obj.rules()))
            return
        for value in vars(obj).values():
            if inspect.isclass(value) and issubclass(value, Rule) and value is not Rule \
                    and value.__module__ == obj.__name__ and getattr(value, "code", None):
                yield value


@dataclass(frozen=True)
class _Registry:
    """The rules of every entry point, by code and by name."""
    rules: tuple[type[Rule], ...]
    by_code: dict
    by_name: dict


def _plugin_entry_points() -> list[tuple[str, str]]:
    """(name, value) of the `cablelint.rules` entry points, sorted by name.

    Reading every installed distribution's metadata costs about 20 ms of each run's start-up,
    so the list is cached, keyed on the import path and the modification times of its
    directories (installing, upgrading or removing a package changes them)."""
    import marshal  # built in, unlike json: a cold start is spared its import
    import sys

    from .cache import cache_dir

    # sys.path[0] is the script's directory or the current one (it holds no installed
    # distribution, and its time changes whenever a file is written there).
    paths = [p for p in (sys.path if sys.flags.safe_path else sys.path[1:]) if p]
    key = [[p, _mtime(p)] for p in paths]
    where = cache_dir()
    import hashlib

    name = hashlib.sha256("\0".join(paths).encode()).hexdigest()[:16]  # one file per environment
    cached = os.path.join(where, f"entry-points-{name}.marshal") if where else None
    if cached:
        try:
            with open(cached, "rb") as fh:
                data = marshal.load(fh)
            if data.get("key") == key:
                return [tuple(x) for x in data["entry_points"]]
        except (OSError, EOFError, ValueError, TypeError, AttributeError):
            pass
    from importlib.metadata import entry_points

    found = sorted((ep.name, ep.value) for ep in entry_points(group=ENTRY_POINT_GROUP))
    if cached:
        tmp = f"{cached}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as fh:
                marshal.dump({"key": key, "entry_points": found}, fh)
            os.replace(tmp, cached)
        except OSError:
            pass
    return found


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path or ".").st_mtime_ns
    except OSError:
        return None


def _load(value: str):
    """What an entry point names: `package.module` or `package.module:attribute`."""
    module, _, attr = value.partition(":")
    obj = importlib.import_module(module.strip())
    for part in filter(None, attr.strip().split(".")):
        obj = getattr(obj, part)
    return obj


@lru_cache(maxsize=1)
def _registry() -> _Registry:
    rules: list[type[Rule]] = []
    for _name, value in _plugin_entry_points():
        rules.extend(_rules_in(_load(value)))
    by_code: dict[str, type[Rule]] = {}
    by_name: dict[str, type[Rule]] = {}
    for r in rules:
        if not _CODE.match(getattr(r, "code", "")):
            raise ValueError(f"rule {r.__qualname__} has an invalid code {getattr(r, 'code', None)!r}")
        if r.code in by_code and by_code[r.code] is not r:
            raise ValueError(f"two rules claim code {r.code}: {by_code[r.code].__qualname__}, {r.__qualname__}")
        by_code[r.code] = r
        by_name[r.name] = r
    ordered = tuple(sorted(by_code.values(), key=lambda r: r.code))
    return _Registry(ordered, by_code, by_name)


def all_rules() -> tuple[type[Rule], ...]:
    return _registry().rules


def rule_by_selector(selector: str) -> list[type[Rule]]:
    """Rules a selector names: a code, a name, a family letter, a code prefix or ALL.

    Returns [] for an unknown selector (the caller reports it as a configuration error)."""
    reg = _registry()
    sel = selector.strip()
    if sel.upper() == "ALL":
        return list(reg.rules)
    if sel in reg.by_name:
        return [reg.by_name[sel]]
    up = sel.upper()
    if up in reg.by_code:
        return [reg.by_code[up]]
    if re.fullmatch(r"[A-Z]{1,3}\d{0,2}", up):
        return [r for r in reg.rules if r.code.startswith(up)]
    return []


def rule_markdown(r) -> str:
    """The rule's documentation page, as `cablelint rule` prints it and docs/rules/ holds it."""
    fix = {"none": "No fix.", "safe": "Fix: safe (applied by `--fix`).",
           "unsafe": "Fix: unsafe (applied with `--fix --unsafe-fixes`).",
           "sometimes": "Fix: sometimes available."}[r.fix]
    doc = r.doc()
    summary, _, body = doc.partition("\n")
    return (f"# {r.name} ({r.code})\n\n{summary}\n\n"
            f"Severity: {r.default_severity.value}. Default: {'on' if r.default_on else 'opt-in'}. {fix}\n\n"
            f"{body.strip()}\n")


def docs_uri(rule: type[Rule]) -> str | None:
    """A `file:` URI of the rule's documentation page, written once into the cache directory
    (the text of `cablelint rule CODE`): what an editor opens from a diagnostic's code. There
    is no hosted site to link to, and a page on disk works offline and for plugin rules too.
    None when no cache directory is writable."""
    from .cache import cache_dir

    where = cache_dir()
    if where is None:
        return None
    path = os.path.join(where, "docs", f"{rule.code}.md")
    text = rule_markdown(rule)
    try:
        with open(path, encoding="utf-8") as fh:
            current = fh.read()
    except OSError:
        current = None
    if current != text:  # new, or written by another version of the rule
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except OSError:
            return None
    from pathlib import Path  # only here: not on the command line's start-up path

    return Path(path).as_uri()
