"""Shared helpers of the classification rules: portion marks, captions, spans."""

from __future__ import annotations

from cablelint.diagnostics import Span
from cablelint.fields import parse_marking

UNCLASSIFIED = ("UNCLASSIFIED", "UNCLASSIFIED EFTO")
# How the banner writes each class on the wire (cable-format.md §4.1).
WIRE = {
    "UNCLASSIFIED": "UNCLAS", "UNCLASSIFIED EFTO": "UNCLAS", "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE",
    "CONFIDENTIAL": "C O N F I D E N T I A L", "SECRET": "S E C R E T", "TOP SECRET": "T O P  S E C R E T",
}


def portions(cable):
    """Every portion mark of the cable as (label, text, level, controls, span): the subject's
    leading mark and each numbered paragraph's mark (or its mark after a lead-in)."""
    out = []
    subject = cable.subject
    if subject is not None and subject.mark is not None:
        level, controls = parse_marking(subject.mark.text)
        out.append(("the subject", subject.mark.text, level, controls, subject.mark.span))
    for para in cable.paragraphs:
        mark = para.marking or para.late_marking
        if mark is not None:
            out.append((f"paragraph {para.number}", mark.text, mark.level, mark.controls, mark.span))
    return out


def is_noforn(level: str | None, controls: list[str]) -> bool:
    """NF, NOFORN, or N after SBU ((SBU/N), 5 FAH-1 H-246.2)."""
    return any(c in ("NF", "NOFORN") or (c == "N" and level == "SBU") for c in controls)


def has_caption(cable, *words: str) -> bool:
    return any(w in cable.caption_words for w in words)


def first_line(span: Span, source) -> Span:
    """The part of `span` on its first line."""
    if span.end_line == span.line:
        return span
    return Span(span.line, span.column, span.line, len(source.lines[span.line - 1]) + 1)


def own_statements(cable):
    """The Classified By statements of this cable: not those after the banner of another
    cable that an exported copy appended to the text."""
    first = cable.banner
    other = next((b.span.line for b in cable.banners[1:]
                  if first and first.post and first.serial and b.post and b.serial and not first.same_cable(b)), None)
    return [s for s in cable.classified_by_lines if other is None or s.span.line < other]
