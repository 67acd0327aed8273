"""Positions of words found in the model's text lines, in the file as given."""

from __future__ import annotations

from cablelint.diagnostics import Span


def locate(source, line, offset: int, text: str) -> Span:
    """The span of `text`, found at `offset` in the model line `line` (normalized text), in
    the original file. Rendering residue removed before that offset (a `¶`, a markdown link)
    shifts the original column, so the text is looked up in the original line near there."""
    n = line.span.line
    approx = line.span.column - 1 + offset
    original = source.lines[n - 1] if n - 1 < len(source.lines) else ""
    found = original.find(text, max(0, approx - 8))
    if found < 0 or found > approx + 40:
        found = original.find(text)
    col = (found if found >= 0 else approx) + 1
    return Span(n, col, n, col + len(text))
