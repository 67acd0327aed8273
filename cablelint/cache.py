"""Where cablelint keeps what it can reuse between runs: the built parser, the list of rule
plugins, the command line's compiled regular expressions and the rule pages editors link to.
`CABLELINT_CACHE_DIR` chooses the directory; `off` turns caching off."""

from __future__ import annotations

import os

__all__ = ["cache_dir"]


def cache_dir() -> str | None:
    """A writable cache directory, or None when caching is off or impossible."""
    where = os.environ.get("CABLELINT_CACHE_DIR")
    if where == "off":
        return None
    if not where:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        where = os.path.join(base, "cablelint")
    try:
        os.makedirs(where, exist_ok=True)
        if os.access(where, os.W_OK):
            return where
    except OSError:
        pass
    import tempfile

    fallback = tempfile.gettempdir()
    return fallback if os.access(fallback, os.W_OK) else None
