"""Which files a run checks, and with which settings.

- Files named on the command line are always checked, whatever `include` says, unless
  `--force-exclude` is given and `exclude` matches them (pre-commit names files explicitly;
  the project's `exclude` must still apply).
- Directories are walked in sorted order; a file is taken when it matches `include` and not
  `exclude`/`extend-exclude`, as configured by the closest config file of its directory.
- A path that does not exist is passed on as given, so that reading it reports the error.
"""

from __future__ import annotations

import os
from typing import Callable, Iterator

from .globs import matches, matches_name
from .settings import Settings

__all__ = ["iter_files", "is_excluded", "is_included"]


def is_excluded(path: str, settings: Settings) -> bool:
    """`exclude`/`extend-exclude` match the path or one of its directories (below the
    config file's directory, or the current directory for the defaults). A relative path is
    taken relative to the config file's directory (the current directory without one)."""
    base = settings.root or os.getcwd()
    abspath = os.path.normpath(os.path.join(base, path))
    return any(matches(p, abspath, base) for p in settings.exclude + settings.extend_exclude)


def is_included(path: str, settings: Settings) -> bool:
    """Would a directory walk take this file (`include`, not `exclude`)? For editors."""
    base = settings.root or os.getcwd()
    abspath = os.path.normpath(os.path.join(base, path))
    return _included(abspath, settings) and not is_excluded(abspath, settings)


def _excluded_entry(abspath: str, name: str, settings: Settings) -> bool:
    """During a walk the parents were already checked: slash-free patterns need only the
    entry's own name."""
    from .globs import compile_glob

    for p in settings.exclude + settings.extend_exclude:
        if "/" in p:
            if matches(p, abspath):
                return True
        elif compile_glob(p).match(name):
            return True
    return False


def _included(abspath: str, settings: Settings) -> bool:
    return any(matches_name(p, abspath) for p in settings.include)


def iter_files(paths: list[str], settings_for: "Callable[[str], Settings] | Settings",
               force_exclude: bool = False) -> Iterator[tuple[str, Settings]]:
    """(path, settings in force for it) for every file to check, each file once.

    `settings_for(path)` gives the settings of a file or directory (closest config file);
    a plain `Settings` applies to everything."""
    if isinstance(settings_for, Settings):
        fixed = settings_for
        settings_for = lambda _p: fixed  # noqa: E731
    seen: set[str] = set()
    for path in paths:
        abspath = os.path.abspath(path)
        if os.path.isdir(path):
            top = settings_for(path)
            if force_exclude and is_excluded(abspath, top):
                continue
            for root, dirs, files in os.walk(path):
                here = settings_for(root)
                absroot = os.path.abspath(root)
                dirs[:] = sorted(d for d in dirs
                                 if not _excluded_entry(os.path.join(absroot, d), d, here))
                for name in sorted(files):
                    full = os.path.join(absroot, name)
                    if full in seen or not _included(full, here) or _excluded_entry(full, name, here):
                        continue
                    seen.add(full)
                    yield os.path.normpath(os.path.join(root, name)), here
        else:
            if abspath in seen:
                continue
            seen.add(abspath)
            settings = settings_for(path)
            if force_exclude and is_excluded(abspath, settings):
                continue
            yield os.path.normpath(path), settings
