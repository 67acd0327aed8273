"""Path patterns of `include`, `exclude`, `extend-exclude` and `per-file-ignores`.

Two kinds of pattern (gitignore-like, as Ruff and Flake8 read them):

- **No slash** (`*.md`, `drafts`, `.git`): matched against each component of a path, so
  `drafts` excludes every `drafts` directory and everything under it, and `*.md` every
  Markdown file.
- **With a slash** (`archive/1970s/**`, `published/**/*.md`): anchored at the directory of
  the configuration file that wrote it (the current directory for command-line options);
  `*` and `?` stay inside one path component, `**` crosses directories, and a pattern that
  matches a directory also matches everything under it.

Anchored patterns are stored with the absolute directory prefixed (`anchor()`), so a pattern
inherited through `extend` keeps meaning what its own file meant.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

__all__ = ["GlobError", "anchor", "compile_glob", "matches", "matches_name", "posix"]


class GlobError(ValueError):
    """A pattern that cannot be read (e.g. an unclosed `[`)."""


def posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def _escape_literal(text: str) -> str:
    """Escape a literal path for use inside a pattern."""
    return re.sub(r"([*?\[\]])", r"[\1]", text)


def anchor(pattern: str, root: str) -> str:
    """A pattern as stored: slash patterns made absolute at `root`, others unchanged."""
    compile_glob(pattern)  # validate as written
    p = pattern.strip()
    while p.startswith("./"):
        p = p[2:]
    if p.endswith("/") and len(p) > 1:
        p = p.rstrip("/")
    if "/" not in p:
        return p
    if os.path.isabs(p):
        return p
    base = posix(os.path.abspath(root)).rstrip("/")
    return f"{_escape_literal(base)}/{p}"


@lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> re.Pattern:
    """Translate one pattern to a regular expression over POSIX paths."""
    if not pattern or not pattern.strip():
        raise GlobError("empty pattern")
    if pattern.startswith("!"):
        raise GlobError(f"negated patterns are not supported: {pattern!r}")
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                j = i + 2
                at_start = i == 0 or pattern[i - 1] == "/"
                if at_start and j < n and pattern[j] == "/":
                    out.append("(?:.*/)?")  # `**/`: zero or more directories
                    i = j + 1
                    continue
                out.append(".*")
                i = j
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i + 1
            if j < n and pattern[j] in "!^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                raise GlobError(f"unclosed '[' in pattern {pattern!r}")
            body = pattern[i + 1:j]
            neg = body[:1] in ("!", "^")
            if neg:
                body = body[1:]
            body = re.sub(r"([\\\[\]^])", r"\\\1", body)
            out.append("[" + ("^" if neg else "") + body + "]")
            i = j
        else:
            out.append(re.escape(c))
        i += 1
    try:
        return re.compile("".join(out) + r"\Z", re.S)
    except re.error as exc:
        raise GlobError(f"bad pattern {pattern!r}: {exc}") from None


def matches(pattern: str, abspath: str, base: str | None = None) -> bool:
    """Does a stored pattern match a file or directory (an absolute path) or a parent of it?

    A slash-free pattern is tried on the components of the path below `base` (the directory
    of the configuration, else the current directory), never on the directories above it: a
    project that happens to live under `/home/me/build/` is not excluded by `build`."""
    rx = compile_glob(pattern)
    if "/" not in pattern:
        rel = os.path.relpath(abspath, base or os.getcwd())
        if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
            rel = os.path.basename(abspath)
        return any(rx.match(part) for part in posix(rel).split("/") if part not in ("", "."))
    path = posix(abspath)
    if rx.match(path):
        return True
    # A pattern naming a directory covers what is inside it.
    while True:
        head = path.rsplit("/", 1)[0]
        if not head or head == path:
            return False
        path = head
        if rx.match(path):
            return True


def matches_name(pattern: str, abspath: str) -> bool:
    """For `include`: a slash-free pattern matches the file name, an anchored one the path."""
    rx = compile_glob(pattern)
    path = posix(abspath)
    if "/" not in pattern:
        return rx.match(path.rsplit("/", 1)[-1]) is not None
    return rx.match(path) is not None
