"""Configuration files: `.cablelint.toml` (keys at the top level) and `pyproject.toml`
(`[tool.cablelint]`). The closest file to each checked file wins (Ruff's model); `extend`
inherits explicitly. Unknown keys and unknown rule selectors are errors naming the file and
the key (linter-conventions.md §4).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from datetime import date
from functools import lru_cache

from .diagnostics import Severity
from .settings import SelectorError, Settings, validate_selectors

__all__ = ["ConfigError", "find_config", "load_config", "resolve_settings", "KEYS"]

CONFIG_NAMES = (".cablelint.toml", "pyproject.toml")
KEYS = {
    "select", "extend-select", "ignore", "extend-ignore", "per-file-ignores", "severity",
    "fail-on", "include", "exclude", "extend-exclude", "max-line-length", "cable-date",
    "extend-tags", "baseline", "allow-directives", "max-file-bytes", "extend",
}


class ConfigError(Exception):
    """An invalid configuration file: exit status 2."""


def _table(path: str) -> dict | None:
    """The cablelint table of a file, or None when the file is not a cablelint config."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        return data.get("tool", {}).get("cablelint")
    return data


@lru_cache(maxsize=256)
def find_config(directory: str) -> str | None:
    """The closest config file at or above `directory`."""
    d = os.path.abspath(directory)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(d, name)
            if os.path.isfile(candidate) and _table(candidate) is not None:
                return candidate
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def load_config(path: str, _seen: tuple[str, ...] = ()) -> Settings:
    """Settings from one config file (with its `extend` chain)."""
    path = os.path.abspath(path)
    if path in _seen:
        raise ConfigError(f"{path}: `extend` loops back to itself")
    table = _table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.cablelint] table")
    root = os.path.dirname(path)
    base = Settings()
    if "extend" in table:
        parent = os.path.normpath(os.path.join(root, str(table["extend"])))
        base = load_config(parent, _seen + (path,))
    return _apply(base, table, path, root)


def _apply(base: Settings, table: dict, path: str, root: str) -> Settings:
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (known keys: {', '.join(sorted(KEYS))})")
    changes: dict = {"source_file": path, "root": root}

    def strings(key: str) -> tuple[str, ...]:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: `{key}` must be a list of strings, not {value!r}")
        return tuple(value)

    try:
        for key in ("select", "extend-select", "ignore", "extend-ignore"):
            if key in table:
                values = strings(key)
                validate_selectors(values, f"{path}: `{key}`")
                changes[key.replace("-", "_")] = values
        for key in ("include", "exclude", "extend-exclude", "extend-tags"):
            if key in table:
                changes[key.replace("-", "_")] = strings(key)
        if "per-file-ignores" in table:
            pfi = table["per-file-ignores"]
            if not isinstance(pfi, dict):
                raise ConfigError(f"{path}: `per-file-ignores` must be a table of glob = [codes]")
            items = []
            for glob, codes in pfi.items():
                if not isinstance(codes, list):
                    raise ConfigError(f"{path}: `per-file-ignores.{glob}` must be a list of rule selectors")
                validate_selectors(codes, f"{path}: `per-file-ignores.{glob}`")
                items.append((glob, tuple(codes)))
            changes["per_file_ignores"] = tuple(items)
        if "severity" in table:
            sev = table["severity"]
            if not isinstance(sev, dict):
                raise ConfigError(f"{path}: `severity` must be a table of selector = level")
            pairs = []
            for sel, level in sev.items():
                validate_selectors([sel], f"{path}: `severity.{sel}`")
                pairs.append((sel, _severity(level, f"{path}: `severity.{sel}`")))
            changes["severity"] = tuple(pairs)
    except SelectorError as exc:
        raise ConfigError(str(exc)) from None
    if "fail-on" in table:
        changes["fail_on"] = _severity(table["fail-on"], f"{path}: `fail-on`")
    for key in ("max-line-length", "max-file-bytes"):
        if key in table:
            if not isinstance(table[key], int) or isinstance(table[key], bool) or table[key] <= 0:
                raise ConfigError(f"{path}: `{key}` must be a positive integer, not {table[key]!r}")
            changes[key.replace("-", "_")] = table[key]
    if "cable-date" in table:
        value = table["cable-date"]
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                value = None
        if not isinstance(value, date):
            raise ConfigError(f"{path}: `cable-date` must be a date (YYYY-MM-DD), not {table['cable-date']!r}")
        changes["cable_date"] = value
    return replace(base, **changes)


def _severity(value, where: str) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError:
        raise ConfigError(f"{where}: must be error, warning or info, not {value!r}") from None


def resolve_settings(path: str, config: str | None = None) -> Settings:
    """The settings in force for `path`: `config` if given, else the closest config file,
    else the defaults."""
    if config:
        return load_config(config)
    found = find_config(os.path.dirname(os.path.abspath(path)) if not os.path.isdir(path) else path)
    return load_config(found) if found else Settings()
