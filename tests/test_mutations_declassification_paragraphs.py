"""Mutation harness for the D and P rules (GitHub issue 4).

"A single defect of these kinds introduced into an otherwise unchanged cable is reported with
the right code at the right line in at least 99 % of cases." Over CABLELINT_CORPUS, each
defect kind is introduced into SAMPLE applicable cables (the first ones in a fixed shuffled
order of the corpus) that the rule in question passes unchanged, and the mutated cable must
be reported with that code at the line of the defect. Run with `pytest -s` to see the figures
per kind.
"""

from __future__ import annotations

import random
import os
import re
from datetime import date
from pathlib import Path

import pytest

from cablelint.diagnostics import Span
from cablelint.engine import lint_source
from cablelint.settings import Settings
from cablelint.source import Source

CODES = ("D301", "D304", "D305", "D306", "D307", "P401", "P402", "P404")
ORDER_SEED = "cablelint-dp"  # the corpus order the kinds walk (any seed: the rates hold)
SAMPLE = 350  # mutations per kind
# Fewer applicable cables fail the test (CABLELINT_MUTATION_MIN lowers it for a small
# holdout set of cables from outside the corpus).
MIN_CASES = int(os.environ.get("CABLELINT_MUTATION_MIN", "300"))
TARGET = 0.99
HIGHER = {"U": "C", "SBU": "C", "LOU": "C", "C": "S", "S": "TS"}
# `3. (C) XXXXXXXXXXXX said ...` without its mark reads exactly like a media copy whose
# redaction swallowed the mark (which P402 leaves alone): not a mutation the rule can see.
REDACTED_START = re.compile(r"\W*[XxХх]{4,}")


class Mutation:
    def __init__(self, text: str, line: int, note: str = "") -> None:
        self.text, self.line, self.note = text, line, note


def _replace(src: Source, span: Span, new: str) -> str:
    offsets = src.line_offsets()
    a = offsets[span.line - 1] + span.column - 1
    b = offsets[span.end_line - 1] + span.end_column - 1
    return src.text[:a] + new + src.text[b:]


def _fmt(day: date, like: str) -> str:
    if len(like.split("/")[0]) == 4:
        return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"
    return f"{day.month:02d}/{day.day:02d}/{day.year:04d}"


def _years(day: date, n: int) -> date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:
        return day.replace(year=day.year + n, day=28)


def _dated_eo(cable):
    eo = cable.eo
    if len(cable.eo_lines) != 1 or eo is None or eo.kind != "date" or eo.date is None or cable.date is None:
        return None
    return eo


# -- the eight defect kinds ---------------------------------------------------------------
def skip_number(src, cable, rng):
    """A paragraph number skipped: paragraphs k.. of the first run renumbered +1."""
    run = [p for p in cable.paragraphs if p.run == 0]
    if len(run) < 3 or [p.number for p in run] != list(range(1, len(run) + 1)):
        return None
    k = rng.randrange(len(run))
    text = src.text
    for para in reversed(run[k:]):  # back to front: earlier offsets stay valid
        text = _replace(Source.from_text(text), para.number_field.span, f"{para.number + 1}.")
    return Mutation(text, run[k].number_field.span.line, f"paragraph {run[k].number}")


def remove_marking(src, cable, rng):
    """A marking removed from a paragraph of a classified or SBU cable (dated after portion
    marking became required; a paragraph whose number is in sequence, so that the marking is
    the only defect of that paragraph)."""
    if cable.level not in ("C", "S", "TS", "SBU") or len(cable.paragraphs) < 2:
        return None
    if any(p.marking is None for p in cable.paragraphs) or (cable.date and cable.date < date(1978, 12, 1)):
        return None
    paras = [p for i, p in enumerate(cable.paragraphs) if p.number == (cable.paragraphs[i - 1].number + 1 if i else 1)
             and not REDACTED_START.match(p.text)]
    if not paras:
        return None
    para = rng.choice(paras)
    m = para.marking.span
    line = src.lines[m.line - 1]
    end = m.end_column - 1
    while end < len(line) and line[end] in " \t":
        end += 1
    start = m.column - 1
    # keep one blank between the number and the text (`1.(C)Text` -> `1. Text`)
    repl = " " if start > 0 and line[start - 1] not in " \t" and end < len(line) else ""
    return Mutation(_replace(src, Span(m.line, m.column, m.line, end + 1), repl), para.number_field.span.line,
                    f"paragraph {para.number} {para.marking.text}")


def raise_marking(src, cable, rng):
    """A portion marked above the banner."""
    if cable.banner is None or cable.level not in HIGHER:
        return None
    marked = [p for p in cable.paragraphs if p.marking is not None and p.marking.level is not None]
    if not marked:
        return None
    para = rng.choice(marked)
    new = f"({HIGHER[cable.level]})"
    return Mutation(_replace(src, para.marking.span, new), para.marking.span.line, f"{para.marking.text} -> {new}")


def decl_before(src, cable, rng):
    eo = _dated_eo(cable)
    if eo is None:
        return None
    day = _years(cable.date, -rng.randint(1, 5))
    return Mutation(_replace(src, eo.date_field.span, _fmt(day, eo.date_field.text)), eo.date_field.span.line)


def decl_impossible(src, cable, rng):
    eo = _dated_eo(cable)
    if eo is None:
        return None
    year = eo.date.year
    month, day = rng.choice([(2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31), (13, 1), (0, 10), (5, 32), (7, 0)])
    if len(eo.date_field.text.split("/")[0]) == 4:
        new = f"{year:04d}/{month:02d}/{day:02d}"
    else:
        new = f"{month:02d}/{day:02d}/{year:04d}"
    return Mutation(_replace(src, eo.date_field.span, new), eo.date_field.span.line, new)


def decl_forty_years(src, cable, rng):
    eo = _dated_eo(cable)
    if eo is None or (eo.order and eo.order.text not in ("12958", "13526")):
        return None
    day = _years(cable.date, 40)
    return Mutation(_replace(src, eo.date_field.span, _fmt(day, eo.date_field.text)), eo.date_field.span.line)


def decl_on_unclassified(src, cable, rng):
    eo = cable.eo
    if cable.banner is None or cable.banner.level != "U" or len(cable.eo_lines) != 1 or eo.kind != "na":
        return None
    day = _years(cable.date or date(2008, 1, 1), 10)
    new = f"DECL: {day.month:02d}/{day.day:02d}/{day.year:04d}"
    return Mutation(_replace(src, eo.value.span, new), eo.value.span.line)


def remove_eo_line(src, cable, rng):
    """The E.O. line removed: D301 where it was expected, the part that follows it."""
    eo = cable.eo
    if len(cable.eo_lines) != 1 or eo is None or eo.value is None or cable.partial:
        return None
    if src.text.count(eo.keyword.text + " " + (eo.order.text if eo.order else "")) != 1:
        return None  # a copy that repeats its front matter keeps an E.O. line after the cut
    n = eo.span.line
    if eo.span.end_line != n or eo.value.span.line != n or src.lines[n - 1].strip() != src.lines[n - 1][
            eo.keyword.span.column - 1:].strip() or (cable.tags and cable.tags.span.line == n):
        return None  # only a line of its own
    followers = [x.keyword.span for x in (cable.tags, cable.subject) if x is not None]
    followers += [b.keyword.span for b in cable.ref_blocks[:1]]
    followers += [cable.classified_by.span] if cable.classified_by else []
    followers += [cable.paragraphs[0].number_field.span] if cable.paragraphs else []
    after = [s.line for s in followers if s.line > n]
    if not after or min(after) != min(s.line for s in followers):
        return None  # the E.O. line was not in its place to begin with
    lines = src.text.split("\n")
    text = "\n".join(lines[:n - 1] + lines[n:])
    return Mutation(text, min(after) - 1)


KINDS = {
    "paragraph number skipped": ("P401", skip_number),
    "marking removed": ("P402", remove_marking),
    "marking raised above the banner": ("P404", raise_marking),
    "DECL date before the cable date": ("D306", decl_before),
    "impossible DECL date": ("D305", decl_impossible),
    "DECL date 40 years out": ("D307", decl_forty_years),
    "DECL date on an unclassified cable": ("D304", decl_on_unclassified),
    "E.O. line removed": ("D301", remove_eo_line),
}


class Baselines:
    """The corpus cables in one fixed shuffled order, each linted once (with the 8 rules) when
    a defect kind first asks for it; every kind walks the same order until it has SAMPLE
    applicable cables, so the kinds share most of the parsing."""

    def __init__(self, corpus: Path) -> None:
        self.paths = sorted(Path(corpus, "cables").glob("*.txt"))
        random.Random(ORDER_SEED).shuffle(self.paths)
        self.done: dict[Path, tuple] = {}
        self.settings = Settings(select=CODES)

    def __iter__(self):
        for path in self.paths:
            if path not in self.done:
                src = Source.from_bytes(path.read_bytes(), path.name)
                result = lint_source(src, self.settings)
                self.done[path] = (path.name, src, result.cable, {d.code for d in result.diagnostics})
            yield self.done[path]


@pytest.fixture(scope="module")
def baselines(corpus):
    return Baselines(corpus)


@pytest.mark.parametrize("kind", list(KINDS))
def test_single_defect_is_reported_at_its_line(kind, baselines):
    code, mutate = KINDS[kind]
    settings = Settings(select=(code,))
    tried = found = 0
    misses = []
    for name, src, cable, codes in baselines:
        if tried >= SAMPLE:
            break
        if code in codes:
            continue  # the cable already has a defect of this kind
        mutation = mutate(src, cable, random.Random(name + kind))
        if mutation is None:
            continue
        tried += 1
        result = lint_source(Source.from_text(mutation.text, name), settings)
        if any(d.code == code and d.span.line == mutation.line for d in result.diagnostics):
            found += 1
        else:
            misses.append(f"{name}:{mutation.line} {mutation.note} -> "
                          + "; ".join(f"{d.code}@{d.span.line}" for d in result.diagnostics))
    rate = found / tried if tried else 0.0
    print(f"\n{kind:36s} {code}  {found}/{tried} = {rate:.1%}")
    for miss in misses[:10]:
        print("   miss:", miss)
    assert tried >= MIN_CASES, f"only {tried} applicable cables for {kind!r}"
    assert rate >= TARGET, misses[:20]
