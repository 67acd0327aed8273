"""Which files a run checks: named files as given, directories walked for the include patterns."""

from __future__ import annotations

import fnmatch
import os
from typing import Iterator

from .settings import Settings

__all__ = ["iter_files", "is_excluded"]


def is_excluded(path: str, settings: Settings) -> bool:
    parts = [p for p in os.path.normpath(path).replace(os.sep, "/").split("/") if p not in (".", "")]
    patterns = settings.exclude + settings.extend_exclude
    for pattern in patterns:
        if any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
        if fnmatch.fnmatch("/".join(parts), pattern):
            return True
    return False


def _included(name: str, settings: Settings) -> bool:
    return any(fnmatch.fnmatch(name, p) for p in settings.include)


def iter_files(paths: list[str], settings: Settings) -> Iterator[str]:
    """Named files always (they are checked even if they do not match `include`); directories
    walked in sorted order for files matching `include` and not `exclude`. A missing path is
    yielded as given, so that reading it reports the error."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                rel_root = os.path.relpath(root, path)
                dirs[:] = sorted(d for d in dirs if not is_excluded(os.path.join(rel_root, d), settings))
                for name in sorted(files):
                    if _included(name, settings) and not is_excluded(os.path.join(rel_root, name), settings):
                        yield os.path.join(root, name)
        else:
            yield path
