"""Apply fixes: non-overlapping edits, re-lint until stable, atomic writes.

Bytes outside the edits never change: edits are applied to the decoded text of the file as
given (line endings, trailing newline and all), and the result is encoded back in the file's
own encoding (linter-conventions.md §8.2).
"""

from __future__ import annotations

import os
import re
import tempfile

from .diagnostics import Diagnostic, Fix
from .engine import FileResult, lint_source
from .registry import Rule
from .settings import Settings
from .source import Source

__all__ = ["apply_fixes", "fix_source", "write_atomic", "encode", "unified_diff", "MAX_PASSES", "fixable"]

MAX_PASSES = 10
# Lines with their endings, split only at CR, LF and CRLF, as the source is (not at U+2028,
# form feeds and the other characters `str.splitlines` also breaks at).
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def blocked_fixes(result: FileResult, diagnostics: list[Diagnostic]) -> frozenset[int]:
    """The indices of `diagnostics` (of `result`'s file) whose fix may not be applied even with
    unsafe fixes (see `fixable`), worked out once for the file: most files block only empty
    fixes."""
    src, cable = result.source, result.cable
    if (src is None or any(p.severity == "error" for p in src.decode_problems)
            or (cable is not None and cable.syntax_problems)):
        return frozenset(i for i, d in enumerate(diagnostics) if d.fix is not None and not fixable(result, d, True))
    return frozenset(i for i, d in enumerate(diagnostics) if d.fix is not None and not d.fix.edits)


def fixable(result: FileResult, d: Diagnostic, unsafe: bool) -> bool:
    """A fix that may be applied: of the wanted applicability, not inside an unparsable line,
    and never in a file whose bytes could not all be decoded."""
    if d.fix is None or not d.fix.edits or (not d.fix.is_safe and not unsafe):
        return False
    src = result.source
    if src is None or any(p.severity == "error" for p in src.decode_problems):
        return False
    cable = result.cable
    if cable is not None and cable.syntax_problems:
        bad = {p.span.line for p in cable.syntax_problems}
        if any(line in bad for e in d.fix.edits for line in range(e.span.line, e.span.end_line + 1)):
            return False
    return True


def apply_fixes(source: Source, fixes: list[Fix]) -> tuple[str, int]:
    """Apply the fixes whose edits overlap no earlier accepted edit; returns (text, count)."""
    text, accepted = _apply(source, fixes)
    return text, len(accepted)


def _apply(source: Source, fixes: list[Fix]) -> tuple[str, list[int]]:
    """(new text, indices of the fixes applied). On overlap the first fix by position wins
    and the other waits for the next pass."""
    offsets = source.line_offsets()
    nlines = len(source.lines)

    def offset(line: int, col: int) -> int:
        if line > nlines:
            return len(source.text)
        return offsets[line - 1] + min(col - 1, len(source.lines[line - 1]) + len(source.eols[line - 1]))

    accepted: list[tuple[int, int, str]] = []
    applied: list[int] = []
    order = sorted(range(len(fixes)), key=lambda i: min((e.span.line, e.span.column) for e in fixes[i].edits))
    for i in order:
        ranges = [(offset(e.span.line, e.span.column), offset(e.span.end_line, e.span.end_column), e.replacement)
                  for e in fixes[i].edits]
        if any(_overlaps(r, a) for r in ranges for a in accepted) or any(
                _overlaps(r1, r2) for j, r1 in enumerate(ranges) for r2 in ranges[j + 1:]):
            continue
        accepted.extend(ranges)
        applied.append(i)
    if not accepted:
        return source.text, []
    accepted.sort()
    text = source.text
    pieces = []
    pos = 0
    for start, end, repl in accepted:
        pieces.append(text[pos:start])
        pieces.append(repl)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), applied


def _overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    # Two insertions at one point also conflict: their order would be arbitrary.
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1]


def fix_source(source: Source, settings: Settings, rules: list[type[Rule]], unsafe: bool = False,
               instances: dict | None = None) -> FileResult:
    """Fix, re-lint, repeat until nothing changes (at most MAX_PASSES); the result holds the
    diagnostics that remain and, if anything changed, the fixed text."""
    original = source.text
    applied: dict[str, int] = {}
    result = lint_source(source, settings, rules, instances)
    converged = False
    for _ in range(MAX_PASSES):
        chosen = [d for d in result.diagnostics if fixable(result, d, unsafe)]
        if not chosen:
            converged = True
            break
        text, done = _apply(result.source, [d.fix for d in chosen])
        if not done or text == result.source.text:
            converged = True
            break
        for i in done:
            applied[chosen[i].code] = applied.get(chosen[i].code, 0) + 1
        new_source = _reread(text, source)
        result = lint_source(new_source, settings, rules, instances)
    else:
        converged = not any(fixable(result, d, unsafe) for d in result.diagnostics)
    if result.source.text != original:
        result.fixed_text = result.source.text
    result.fixed_codes = applied
    result.fixes_applied = sum(applied.values())
    result.converged = converged
    return result


def _reread(text: str, source: Source) -> Source:
    """The fixed text as it will be on disk: encoded and decoded again, so that decoding
    findings (F006) stay right in the diagnostics that remain."""
    try:
        return Source.from_bytes(encode(text, source.encoding), source.path, source.directives)
    except UnicodeEncodeError:
        return Source.from_text(text, source.path, source.encoding, [], source.directives)


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff of one file (`--diff`), line endings as they are."""
    import difflib

    a, b = _LINES.findall(before), _LINES.findall(after)
    out = []
    for line in difflib.unified_diff(a, b, fromfile=path, tofile=path):
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def write_atomic(path: str, data: bytes) -> None:
    """Write via a temporary file in the same directory and rename over the original, keeping
    its permissions: an interrupted run leaves the original or the fixed file, never half."""
    path = os.path.realpath(path)  # a symlink stays a symlink; its target gets the fixes
    directory = os.path.dirname(path)
    st = os.stat(path)
    fd, tmp = tempfile.mkstemp(prefix=".cablelint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(encoding, errors="strict")
