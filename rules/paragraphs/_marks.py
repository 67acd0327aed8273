"""Portion marks: levels, their order, and the standard spelling (cable-format.md §8.2)."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["RANK", "LEVEL_NAMES", "standard_mark", "all_marks", "is_whole_text_mark"]

# U < SBU/LOU < C < S < TS (rules.md P404).
RANK = {"U": 0, "SBU": 1, "LOU": 1, "C": 2, "S": 3, "TS": 4}
LEVEL_NAMES = {"U": "UNCLASSIFIED", "SBU": "SBU", "LOU": "LIMITED OFFICIAL USE", "C": "CONFIDENTIAL",
               "S": "SECRET", "TS": "TOP SECRET"}

_LEVEL = re.compile(r"(?i)\s*(TOP\s+SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|TS|SBU|LOU|FOUO|S|C|U)(?![A-Za-z])")
_LEVEL_WORDS = {"TOP SECRET": "TS", "SECRET": "S", "CONFIDENTIAL": "C", "UNCLASSIFIED": "U"}
_SEP = re.compile(r"\s*(//|/|-|\s)\s*")
_CONTROL_WORDS = {"NF", "NOFORN", "FOUO", "FGI", "N"}
# REL [TO] and a list of countries or organizations, `/`-separated in some cables (NATO/AUS).
_REL = re.compile(r"(?i)REL(?:\s+TO)?\s+[A-Za-z][A-Za-z .,'&-]*(?:/(?!(?:NF|NOFORN|FOUO|FGI|N)\b)[A-Za-z]{2,5}\b)*")
_WHOLE_TEXT = re.compile(r"(?i)ENTIRE\s+TEXT")


# Both are asked about every portion mark of a run, and a few spellings make most of them
# (`(C)`, `(SBU)`, `(S//NF)`): the answers are kept.
@lru_cache(maxsize=4096)
def is_whole_text_mark(text: str) -> bool:
    """`(C - ENTIRE TEXT)`: the 1979 whole-text statement, not a portion mark."""
    return _WHOLE_TEXT.search(text) is not None


@lru_cache(maxsize=4096)
def standard_mark(text: str) -> tuple[bool, str | None]:
    """(spelled as the vocabulary says, the standard spelling or None if unreadable).

    Vocabulary (rules.md P403): `(<LEVEL>[<SEP><CONTROL>]...)`, LEVEL in U, SBU, C, S, TS,
    LOU; SEP `/` or `//`; CONTROL in NF, NOFORN, FOUO, FGI, N, `REL [TO] <list>`.
    """
    body = text.strip()
    opened = body.startswith("(")
    inner = body[1:] if opened else body
    closed = inner.endswith(")")
    inner = (inner[:-1] if closed else inner).strip()
    trailing = inner.rstrip("/ ") != inner  # `(C//REL TO USA, GBR//)`
    inner = inner.rstrip("/ ")
    m = _LEVEL.match(inner)
    if m is None:
        return False, None
    level = m.group(1)
    pos = m.end()
    seps: list[str] = []
    controls: list[str] = []
    while pos < len(inner):
        s = _SEP.match(inner, pos)
        if s is None:
            return False, None
        seps.append(s.group(1))
        pos = s.end()
        rel = _REL.match(inner, pos)
        if rel is not None:
            value = rel.group(0).rstrip(" ,.")
            controls.append(value)
            pos = rel.start() + len(value)
            continue
        word = re.match(r"[A-Za-z]+", inner[pos:])
        if word is None or word.group(0).upper() not in _CONTROL_WORDS:
            return False, None
        controls.append(word.group(0))
        pos += word.end()
    default = "//" if "//" in seps else "/"
    lvl = " ".join(level.upper().split())
    lvl = _LEVEL_WORDS.get(lvl, lvl)
    out = lvl
    for sep, control in zip(seps, controls):
        out += (sep if sep in ("/", "//") else default) + " ".join(control.upper().split())
    if lvl == "FOUO":  # `(FOUO)`: unclassified, for official use only
        out = "U//" + out
    standard = "(" + out + ")"
    if not closed and controls:
        return False, None  # `(S//REL A, B,` runs on: the end of the mark is not known
    return standard == body and not trailing, standard


def all_marks(paragraph):
    """The paragraph's mark: after the number, else after a lead-in."""
    return paragraph.marking or paragraph.late_marking
