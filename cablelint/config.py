"""Configuration files: `.cablelint.toml` (keys at the top level) and `pyproject.toml`
(`[tool.cablelint]`; a `pyproject.toml` without that table is not a cablelint config).

- **Closest file wins** (Ruff's model): for each checked file, the nearest config file in its
  directory or a parent applies, and only that one. In one directory `.cablelint.toml` wins
  over `pyproject.toml`. `--config FILE` turns discovery off.
- **`extend = "path"`** inherits from another file (relative to the extending file). The
  child's keys override the parent's: `select` replaces the inherited `select` and
  `extend-select`, `ignore` the inherited `ignore` and `extend-ignore`, `exclude` the inherited
  `exclude` and `extend-exclude`; the `extend-*` keys add to what is inherited; the tables
  `per-file-ignores` and `severity` merge, the child's entries winning.
- Paths and globs are relative to the directory of the file that wrote them.
- **Errors** (exit 2): unknown keys, unknown rule selectors, bad globs and wrong value types,
  each reported with the file, the key and the bad value (linter-conventions.md §4.3).

`resolve_settings(path, config=None)` and `ConfigError` are the stable entry points (the
language server uses them too); `clear_cache()` forgets what was read.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from functools import lru_cache

from .diagnostics import Severity
from .globs import GlobError, anchor
from .settings import SelectorError, Settings, validate_selectors

__all__ = ["ConfigError", "find_config", "load_config", "resolve_settings", "clear_cache",
           "KEYS", "CONFIG_NAMES", "display_path"]

CONFIG_NAMES = (".cablelint.toml", "pyproject.toml")
KEYS = {
    "select", "extend-select", "ignore", "extend-ignore", "per-file-ignores", "severity",
    "fail-on", "include", "exclude", "extend-exclude", "max-line-length", "cable-date",
    "extend-tags", "baseline", "allow-directives", "max-file-bytes", "extend",
}
_LISTS = ("select", "extend-select", "ignore", "extend-ignore", "include", "exclude",
          "extend-exclude", "extend-tags")
_SELECTOR_LISTS = ("select", "extend-select", "ignore", "extend-ignore")
_MAX_EXTEND_DEPTH = 32


class ConfigError(Exception):
    """An invalid configuration file or option: exit status 2."""


def display_path(path: str) -> str:
    """A path as messages show it: relative to the current directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def clear_cache() -> None:
    """Forget discovered and parsed config files (the language server calls this when a
    config file changes)."""
    find_config.cache_clear()
    _read.cache_clear()
    _load.cache_clear()


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=512)
def _read(path: str, stamp) -> dict | None:
    """The cablelint table of a file, or None when a pyproject.toml has none."""
    import tomllib  # here, not at the top: most runs find no config file, and it costs ~3 ms

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{display_path(path)}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{display_path(path)}: cannot read: {exc.strerror or exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        table = tool.get("cablelint") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{display_path(path)}: `tool.cablelint` must be a table")
        return table
    return data


def _table(path: str) -> dict | None:
    return _read(path, _stamp(path))


@lru_cache(maxsize=1024)
def find_config(directory: str) -> str | None:
    """The closest config file at or above `directory` (absolute path), or None."""
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


def load_config(path: str) -> Settings:
    """Settings from one config file, with its `extend` chain."""
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise ConfigError(f"{display_path(path)}: no such config file")
    return _load(path, _stamp(path), ())


@lru_cache(maxsize=256)
def _load(path: str, stamp, seen: tuple[str, ...]) -> Settings:
    shown = display_path(path)
    if path in seen:
        chain = " -> ".join(display_path(p) for p in seen + (path,))
        raise ConfigError(f"{shown}: `extend` loops back on itself ({chain})")
    if len(seen) > _MAX_EXTEND_DEPTH:
        raise ConfigError(f"{shown}: `extend` chain is deeper than {_MAX_EXTEND_DEPTH} files")
    table = _table(path)
    if table is None:
        raise ConfigError(f"{shown}: no [tool.cablelint] table")
    _check_keys(table, shown, "[tool.cablelint]" if path.endswith("pyproject.toml") else "")
    root = os.path.dirname(path)
    base = Settings()
    chain: tuple[str, ...] = ()
    if "extend" in table:
        value = table["extend"]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{shown}: `extend` must be a path (a string), not {value!r}")
        parent = os.path.normpath(os.path.join(root, os.path.expanduser(value)))
        if not os.path.isfile(parent):
            raise ConfigError(f"{shown}: `extend`: no such file {value!r}")
        base = _load(parent, _stamp(parent), seen + (path,))
        chain = base.config_chain
    settings = _apply(base, table, shown, root)
    return replace(settings, source_file=path, root=root, config_chain=(path,) + chain)


def _check_keys(table: dict, shown: str, where: str) -> None:
    unknown = sorted(k for k in table if k not in KEYS)
    if unknown:
        key = unknown[0]
        import difflib

        hint = difflib.get_close_matches(key, sorted(KEYS), n=1)
        more = f" (did you mean {hint[0]!r}?)" if hint else f" (known keys: {', '.join(sorted(KEYS))})"
        place = f" in {where}" if where else ""
        raise ConfigError(f"{shown}: unknown key {key!r}{place}{more}")


def _apply(base: Settings, table: dict, shown: str, root: str) -> Settings:
    changes: dict = {}

    def strings(key: str) -> tuple[str, ...]:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{shown}: `{key}` must be a list of non-empty strings, not {value!r}")
        return tuple(v.strip() for v in value)

    def globs(key: str, values) -> tuple[str, ...]:
        out = []
        for v in values:
            try:
                out.append(anchor(v, root))
            except GlobError as exc:
                raise ConfigError(f"{shown}: `{key}`: {exc}") from None
        return tuple(out)

    lists = {key: strings(key) for key in _LISTS if key in table}
    try:
        for key in _SELECTOR_LISTS:
            if key in lists:
                validate_selectors(lists[key], f"{shown}: `{key}`")
    except SelectorError as exc:
        raise ConfigError(str(exc)) from None

    if "select" in lists:
        changes["select"] = lists["select"]
        changes["extend_select"] = ()
    if "extend-select" in lists:
        changes["extend_select"] = changes.get("extend_select", base.extend_select) + lists["extend-select"]
    if "ignore" in lists:
        changes["ignore"] = lists["ignore"]
        changes["extend_ignore"] = ()
    if "extend-ignore" in lists:
        changes["extend_ignore"] = changes.get("extend_ignore", base.extend_ignore) + lists["extend-ignore"]
    if "include" in lists:
        changes["include"] = globs("include", lists["include"])
    if "exclude" in lists:
        changes["exclude"] = globs("exclude", lists["exclude"])
        changes["extend_exclude"] = ()
    if "extend-exclude" in lists:
        changes["extend_exclude"] = changes.get("extend_exclude", base.extend_exclude) + globs(
            "extend-exclude", lists["extend-exclude"])
    if "extend-tags" in lists:
        bad = [t for t in lists["extend-tags"] if any(c.isspace() for c in t)]
        if bad:
            raise ConfigError(f"{shown}: `extend-tags`: a TAG has no spaces: {bad[0]!r}")
        changes["extend_tags"] = base.extend_tags + lists["extend-tags"]

    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{shown}: `per-file-ignores` must be a table of \"glob\" = [selectors], "
                              f"not {pfi!r}")
        merged = dict(base.per_file_ignores)
        for glob, codes in pfi.items():
            key = f"per-file-ignores.{glob!r}"
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise ConfigError(f"{shown}: `{key}` must be a list of rule selectors, not {codes!r}")
            try:
                validate_selectors(codes, f"{shown}: `{key}`")
                pattern = anchor(glob, root)
            except SelectorError as exc:
                raise ConfigError(str(exc)) from None
            except GlobError as exc:
                raise ConfigError(f"{shown}: `{key}`: {exc}") from None
            merged.pop(pattern, None)
            merged[pattern] = tuple(codes)
        changes["per_file_ignores"] = tuple(merged.items())

    if "severity" in table:
        sev = table["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(f"{shown}: `severity` must be a table of selector = \"error\"|\"warning\"|\"info\", "
                              f"not {sev!r}")
        merged_sev = dict(base.severity)
        for sel, level in sev.items():
            try:
                validate_selectors([sel], f"{shown}: `severity`")
            except SelectorError as exc:
                raise ConfigError(str(exc)) from None
            merged_sev.pop(sel, None)
            merged_sev[sel] = _severity(level, f"{shown}: `severity.{sel}`")
        changes["severity"] = tuple(merged_sev.items())

    if "fail-on" in table:
        changes["fail_on"] = _severity(table["fail-on"], f"{shown}: `fail-on`")
    for key in ("max-line-length", "max-file-bytes"):
        if key in table:
            value = table[key]
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{shown}: `{key}` must be a positive integer, not {value!r}")
            changes[key.replace("-", "_")] = value
    if "cable-date" in table:
        value = table["cable-date"]
        parsed = value if isinstance(value, date) else None
        if isinstance(value, str):
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                parsed = None
        if parsed is None or not isinstance(parsed, date) or hasattr(parsed, "hour"):
            raise ConfigError(f"{shown}: `cable-date` must be a date (YYYY-MM-DD), not {value!r}")
        changes["cable_date"] = parsed
    if "allow-directives" in table:
        value = table["allow-directives"]
        if not isinstance(value, bool):
            raise ConfigError(f"{shown}: `allow-directives` must be true or false, not {value!r}")
        changes["allow_directives"] = value
    if "baseline" in table:
        value = table["baseline"]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{shown}: `baseline` must be a path (a string), not {value!r}")
        changes["baseline"] = os.path.normpath(os.path.join(root, os.path.expanduser(value)))
    explicit = base.explicit | {k for k in table if k != "extend"}
    return replace(base, explicit=frozenset(explicit), **changes)


def _severity(value, where: str) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: must be \"error\", \"warning\" or \"info\", not {value!r}")
    try:
        return Severity(value.lower())
    except ValueError:
        raise ConfigError(f"{where}: must be \"error\", \"warning\" or \"info\", not {value!r}") from None


def resolve_settings(path: str, config: str | None = None) -> Settings:
    """The settings in force for `path` (a file or a directory): `config` if given, else the
    closest config file, else the defaults."""
    if config:
        return load_config(config)
    if path in ("-", ""):
        path = "."
    directory = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
    found = find_config(os.path.abspath(directory))
    return load_config(found) if found else Settings()

