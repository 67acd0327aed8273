"""Shared helpers of the header rules: which header is checked, precedence letters."""

from __future__ import annotations

from cablelint.diagnostics import Span
from cablelint.fields import PRECEDENCE_WORDS
from cablelint.model import DtgLine

# Precedence letters from highest to lowest (cable-format.md §3.6): FLASH, IMMEDIATE, PRIORITY, ROUTINE.
RANK = {"Z": 3, "O": 2, "P": 1, "R": 0}
LETTER_NAME = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}


def checked_header(cable):
    """The routing header the H rules check: none for a partial extract (cable-format.md
    §2.9), nor when the only header line is a bare date-time group (a date, not routing)."""
    header = cable.header
    if cable.partial or header is None:
        return None
    if all(isinstance(ln, DtgLine) and ln.precedence is None for ln in header.lines):
        return None
    return header


def addressee_letter(addressee) -> str:
    """The precedence letter of one addressee: none or ROUTINE is R (cable-format.md §3.6)."""
    if addressee.precedence is None:
        return "R"
    return PRECEDENCE_WORDS.get(" ".join(addressee.precedence.text.split()), "R")


def first_line(span: Span, source) -> Span:
    """The part of `span` on its first line."""
    if span.end_line == span.line:
        return span
    return Span(span.line, span.column, span.line, len(source.lines[span.line - 1]) + 1)


def trusted_serial(banner) -> int | None:
    """The banner serial as a number, or None when the banner has none or the serial runs
    straight into other text (`00040QSITIVE`: the digits may be cut)."""
    if banner is None or banner.serial is None:
        return None
    if banner.rest is not None and banner.rest.span.line == banner.serial.span.line \
            and banner.rest.span.column == banner.serial.span.end_column:
        return None
    return int(banner.serial.text)


def letters_ok(text: str) -> bool:
    """FL4 letters: five identical classification letters (U, E, C, S, T), optionally
    followed by /AAAAA or /BBBBB for special category traffic (cable-format.md §3.5)."""
    main, _, specat = text.partition("/")
    return len(main) == 5 and len(set(main)) == 1 and main[0] in "UECST" and specat in ("", "AAAAA", "BBBBB")
