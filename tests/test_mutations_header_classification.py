"""Mutation harness for the H and C rules (issue 3).

Over the corpus named by CABLELINT_CORPUS: one defect of a kind is introduced into an
otherwise unchanged real cable, the cable is linted, and the defect must be reported with the
right code at the right line. Kinds (the issue's list):

    zny-letters       FL4 letters changed to another class         H108 at the FL4 line
    dtg-minute-61     DTG minute set to 61                         H109 at the DTG line
    prosign           FL2 prosign changed to another precedence    H103 at the FL2 line
    de-serial         DE station serial changed                    H105 at the DE line
    classified-by     the Classified By statement removed          C207 at paragraph 1
    reason-letter     a reason letter replaced by one of i-z       C208 at that letter
    noforn-portion    a (C)/(S) mark made /NF, //NF or /NOFORN     C210 at that mark
                      in a cable without NOFORN caption or portion
    nodis-sipdis      NODIS added on the line after SIPDIS         C206 at the NODIS line

Where a kind has several variants (the new letters, prosign, serial, mark), each cable gets
one, chosen by a generator seeded with its name.

A cable is applicable when it carries the element the defect needs and the rule is silent on
it before the mutation. Cables a rule documents as out of its reach are not applicable:
delegation series and serials that run into other text (H105), copies cut short before
paragraph 1, cables dated before E.O. 12958 and statements written twice (C207, C208). At most SAMPLE applicable cables per kind are taken, evenly spread
over the sorted corpus (deterministic). Run with `pytest -s` to see the per-kind figures.
"""

from __future__ import annotations

import random
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from cablelint.engine import Context, analyze
from cablelint.rules.classification._common import own_statements
from cablelint.rules.classification.c207_classified_by_missing import cut_before_text
from cablelint.rules.header._common import checked_header, trusted_serial
from cablelint.registry import rule_by_selector
from cablelint.settings import Settings
from cablelint.source import Source

SAMPLE = 400
# Fewer applicable cables fail the test (CABLELINT_MUTATION_MIN lowers it for a small
# holdout set of cables from outside the corpus).
MIN_CASES = int(os.environ.get("CABLELINT_MUTATION_MIN", "300"))
THRESHOLD = 0.99
EO12958 = date(1995, 10, 14)
_STATEMENT = re.compile(r"(?:\(U\)\s*)?(?i:classified\s+by|derived\s+from)")
CLASS_LETTERS = "CSUET"
PROSIGNS = ("ZZ", "OO", "PP", "RR")
BAD_LETTERS = "ijklmnpqrstuvwxyz"
NOFORN_MARKS = ("{}/NF", "{}//NF", "{}/NOFORN")


@dataclass
class Mutation:
    text: str  # the mutated file
    line: int  # where the diagnostic is expected


def _replace(lines: list[str], line: int, col: int, end_col: int, new: str) -> list[str]:
    """Replace columns [col, end_col) (1-based) of a line."""
    out = list(lines)
    s = out[line - 1]
    out[line - 1] = s[: col - 1] + new + s[end_col - 1:]
    return out


def _rng(source) -> random.Random:
    """A generator seeded by the cable's name: each cable gets its own variant of the defect,
    the same on every run."""
    return random.Random(source.path)


def _join(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- the kinds
def zny_letters(cable, lines, source):
    h = checked_header(cable)
    b = cable.banner
    if h is None or h.security is None or h.security.letters is None or b is None:
        return None
    letters = h.security.letters.text
    if len(letters) != 5 or len(set(letters)) != 1 or letters[0] not in CLASS_LETTERS:
        return None
    new = _rng(source).choice([c for c in CLASS_LETTERS if c != letters[0]]) * 5
    sp = h.security.letters.span
    return Mutation(_join(_replace(lines, sp.line, sp.column, sp.end_column, new)), sp.line)


def dtg_minute(cable, lines, source):
    h = checked_header(cable)
    if h is None or h.dtg is None or "minute" not in h.dtg.parts:
        return None
    sp = h.dtg.parts["minute"].span
    return Mutation(_join(_replace(lines, sp.line, sp.column, sp.end_column, "61")), sp.line)


def prosign(cable, lines, source):
    h = checked_header(cable)
    if h is None or h.precedence is None or h.precedence.prosign.text[0] not in "ZOPR":
        return None
    sp = h.precedence.prosign.span
    new = _rng(source).choice([p for p in PROSIGNS if p[0] != h.precedence.prosign.text[0]])
    return Mutation(_join(_replace(lines, sp.line, sp.column, sp.end_column, new)), sp.line)


def de_serial(cable, lines, source):
    h = checked_header(cable)
    b = cable.banner
    if h is None or h.station is None or h.station.number is None or b is None or b.serial is None:
        return None
    if h.originator is not None and h.originator.plad is not None and h.originator.plad.text.startswith("USDEL"):
        return None  # a delegation numbers its cables in its own series (H105 skips them)
    if trusted_serial(b) is None:
        return None  # the banner serial runs into other text: nothing to compare with
    sp = h.station.number.span
    new = f"{(h.station.serial + _rng(source).randrange(1, 10000)) % 10000:04d}"
    return Mutation(_join(_replace(lines, sp.line, sp.column, sp.end_column, new)), sp.line)


def classified_by_removed(cable, lines, source):
    if cable.partial or not cable.is_classified or not cable.paragraphs or len(cable.classified_by_lines) != 1:
        return None
    if cut_before_text(cable, source):
        return None  # a copy cut short before paragraph 1 (C207 does not judge those)
    when = cable.date
    if when is not None and when < EO12958:
        return None
    cb = cable.classified_by
    if cb.text.rstrip().endswith("..."):
        return None
    first = cable.paragraphs[0]
    if any(_STATEMENT.match(p.text) for p in cable.paragraphs[:2] if p.number != cb.in_paragraph):
        return None  # the statement stands twice (as a line and again as paragraph 1)
    if cb.in_paragraph is not None:
        if len(cable.paragraphs) < 2 or cb.in_paragraph != first.number:
            return None
        start, end = first.span.line, cable.paragraphs[1].span.line - 1  # the whole paragraph goes
        target = cable.paragraphs[1].span.line
    else:
        if cb.keyword is None or cb.span.end_line >= first.span.line:
            return None
        start, end = cb.span.line, cb.span.end_line
        target = first.span.line
        kw = cb.keyword.span
        if lines[start - 1][: kw.column - 1].strip() or lines[end - 1][cb.span.end_column - 1:].strip():
            # joined to another line: cut the statement out of it
            out = list(lines)
            head = out[start - 1][: kw.column - 1].rstrip()
            tail = out[end - 1][cb.span.end_column - 1:]
            out[start - 1: end] = [head + (" " + tail.lstrip() if tail.strip() else "")]
            return Mutation(_join(out), target - (end - start))
    out = lines[: start - 1] + lines[end:]
    return Mutation(_join(out), target - (end - start + 1))


def reason_letter(cable, lines, source):
    statements = own_statements(cable)
    if cable.partial or not statements or (cable.date is not None and cable.date < EO12958):
        return None
    cb = next((s for s in statements if s.section is not None or s.reasons), statements[0])
    if cb.section is None or not cb.reasons or cb.text.rstrip().endswith("..."):
        return None
    r = cb.reasons[0]
    new = _rng(source).choice(BAD_LETTERS)
    new = new.upper() if r.text.isupper() else new
    sp = r.span
    return Mutation(_join(_replace(lines, sp.line, sp.column, sp.end_column, new)), sp.line)


def noforn_portion(cable, lines, source):
    if "NOFORN" in cable.caption_words:
        return None
    marks = [p.marking for p in cable.paragraphs if p.marking is not None]
    if any(m.controls for m in marks) or (cable.subject and cable.subject.mark):
        return None
    mark = next((m for m in marks if m.text in ("(C)", "(S)")), None)
    if mark is None:
        return None
    sp = mark.span
    new = "(" + _rng(source).choice(NOFORN_MARKS).format(mark.text[1:-1]) + ")"
    return Mutation(_join(_replace(lines, sp.line, sp.column, sp.end_column, new)), sp.line)


def nodis_sipdis(cable, lines, source):
    words = cable.caption_words
    if not words or "SIPDIS" not in words or words & {"NODIS", "NODIF", "EXDIS"}:
        return None
    sipdis = next(c for c in cable.captions if "SIPDIS" in c.words)
    if lines[sipdis.span.line - 1].strip() != sipdis.text:
        return None  # a caption joined to another line
    n = sipdis.span.line
    return Mutation(_join(lines[:n] + ["NODIS"] + lines[n:]), n + 1)


KINDS: list[tuple[str, str, Callable]] = [
    ("zny-letters", "H108", zny_letters),
    ("dtg-minute-61", "H109", dtg_minute),
    ("prosign", "H103", prosign),
    ("de-serial", "H105", de_serial),
    ("classified-by", "C207", classified_by_removed),
    ("reason-letter", "C208", reason_letter),
    ("noforn-portion", "C210", noforn_portion),
    ("nodis-sipdis", "C206", nodis_sipdis),
]


# ---------------------------------------------------------------------------- the harness
def _findings(rule, cable, source) -> set[tuple[str, int]]:
    ctx = Context(source, Settings(select=(rule.code,)))
    return {(d.code, d.span.line) for d in rule.check(cable, ctx)}


@pytest.fixture(scope="module")
def originals(corpus: Path):
    """Every corpus cable, analysed once: (id, source, cable, lines)."""
    out = []
    for path in sorted((corpus / "cables").glob("*.txt")):
        source = Source.from_bytes(path.read_bytes(), path.stem)
        out.append((path.stem, source, analyze(source), source.text.split("\n")))
    return out


@pytest.mark.parametrize("kind,code,mutate", KINDS, ids=[k for k, _, _ in KINDS])
def test_mutation_is_reported_at_its_line(kind, code, mutate, originals):
    (rule_cls,) = rule_by_selector(code)
    rule = rule_cls()
    candidates = []
    for cid, source, cable, lines in originals:
        if source.encoding != "utf-8" or "\r" in source.text:
            continue  # mutate plain LF UTF-8 text only
        if lines and lines[-1] == "":
            lines = lines[:-1]
        m = mutate(cable, lines, source)
        if m is None or (code, m.line) in _findings(rule, cable, source):
            continue
        candidates.append((cid, m))
    step = max(1, len(candidates) // SAMPLE)
    sample = candidates[::step][:SAMPLE]
    missed = []
    for cid, m in sample:
        source = Source.from_text(m.text, cid)
        if (code, m.line) not in _findings(rule, analyze(source), source):
            missed.append((cid, m.line))
    rate = 1 - len(missed) / len(sample) if sample else 0.0
    print(f"\n{kind:15s} {code}: {len(sample) - len(missed)}/{len(sample)} detected "
          f"({rate:.2%}; {len(candidates)} applicable cables)" + (f"; missed {missed[:10]}" if missed else ""))
    assert len(sample) >= MIN_CASES, f"only {len(sample)} applicable cables for {kind}"
    assert rate >= THRESHOLD, missed[:20]
