"""Where a missing part of the text was expected (rules.md: a rule about something missing
points at the place where it was expected, the line after which it should stand)."""

from __future__ import annotations

from cablelint.diagnostics import Span

# The canonical order of the text parts (cable-format.md §1.2), as the builder marks them.
ORDER = ("banner", "corrected", "caption", "passing", "eo", "tags", "subject", "ref",
         "classified_by", "body")
LABELS = {
    "banner": "the banner", "corrected": "the corrected-copy line", "caption": "the captions",
    "passing": "the passing lines", "eo": "the E.O. line", "tags": "the TAGS line",
    "subject": "the SUBJECT line", "ref": "the REF block", "classified_by": "the Classified By line",
    "body": "the text",
}


def expected_place(cable, kind: str) -> tuple[Span, str] | None:
    """The span of the last line of the part after which `kind` should stand, and words for
    the message ("after the E.O. line"); else the first part it should precede ("before the
    SUBJECT line"); None when the text has no parts at all."""
    rank = ORDER.index(kind)
    later = next(((k, s) for k, s in cable.order if ORDER.index(k) > rank), None)
    before = [(k, s) for k, s in cable.order
              if ORDER.index(k) < rank and (later is None or (s.line, s.column) < (later[1].line, later[1].column))]
    if before:
        k, s = before[-1]
        return last_line(cable, s), f"after {LABELS[k]}"
    if later is not None:
        k, s = later
        return Span(s.line, s.column, s.line, s.end_column if s.end_line == s.line else s.column + 1), \
            f"before {LABELS[k]}"
    return None


def last_line(cable, span: Span) -> Span:
    """The last line of a part's span, from its first non-blank character to its end."""
    if span.end_line == span.line:
        return span
    text = cable.source.lines[span.end_line - 1]
    start = len(text) - len(text.lstrip()) + 1
    return Span(span.end_line, start, span.end_line, max(span.end_column, start + 1))
