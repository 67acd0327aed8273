"""Mutation harness for the TAGS and SUBJECT families (issue 4): one defect introduced into an
otherwise unchanged real cable is reported with the right code at the right line in >= 99 %
of cases. Runs over CABLELINT_CORPUS (skipped when unset); `pytest -s` prints the figures.

Defect kinds: the TAGS line removed (T501 on the line after which it stood), an unknown tag
added (T502 on the added token), the SUBJECT removed (S601 on the line after which it stood),
REF letters out of sequence (S603 on the first item whose letter breaks the sequence).
"""

from __future__ import annotations

import os
import re

from cablelint.engine import analyze, lint_source
from cablelint.fields import next_letter
from cablelint.settings import Settings
from cablelint.source import Source
from cablelint.rules.tags._vocabulary import vocabulary

SAMPLE = 500  # cables looked at per kind (a deterministic stride through the corpus)
# Fewer applicable cables fail the test (CABLELINT_MUTATION_MIN lowers it for a small
# holdout set of cables from outside the corpus).
MIN_CASES = int(os.environ.get("CABLELINT_MUTATION_MIN", "300"))
RATE = 0.99


def _cables(corpus):
    files = sorted((corpus / "cables").glob("*.txt"))
    step = max(1, len(files) // 1500)
    for path in files[::step]:
        text = path.read_bytes().decode("utf-8", errors="replace")
        yield path.stem, text, analyze(Source.from_text(text, path.name))


def _lint(text: str, code: str):
    return lint_source(Source.from_text(text, "mutant.txt"), Settings(select=(code,))).diagnostics


def _prev_nonblank(lines: list[str], line: int) -> int:
    """1-based number of the last non-blank line before `line`."""
    n = line - 1
    while n > 1 and not lines[n - 1].strip():
        n -= 1
    return n


def _own_lines(cable, lines, span) -> bool:
    """The element fills its lines alone (nothing of another part on them)."""
    first = lines[span.line - 1]
    return span.column == len(first) - len(first.lstrip()) + 1 and span.end_column >= len(lines[span.end_line - 1].rstrip()) + 1


def _only_one(lines: list[str], keyword: str) -> bool:
    """The part stands once in the file (some published copies hold an excerpt and then the
    full text, each with its own TAGS and SUBJECT: removing one is no missing part)."""
    return sum(1 for ln in lines if re.match(rf"\s*{keyword}\b", ln, re.I)) == 1


def _remove_lines(lines: list[str], first: int, last: int) -> str:
    return "\n".join(lines[:first - 1] + lines[last:]) + "\n"


def _tags_removed(cid, text, cable):
    tl = cable.tags
    lines = text.split("\n")
    if tl is None or cable.eo is None or not _own_lines(cable, lines, tl.span) or tl.span.line < 2 \
            or not _only_one(lines, "TAGS"):
        return None
    if any(s.line < tl.span.line and k in ("subject", "ref", "classified_by", "body") for k, s in cable.order):
        return None
    return _remove_lines(lines, tl.span.line, tl.span.end_line), "T501", _prev_nonblank(lines, tl.span.line), None


def _subject_removed(cid, text, cable):
    subj = cable.subject
    lines = text.split("\n")
    if subj is None or cable.tags is None or not _own_lines(cable, lines, subj.span) or subj.span.line < 2 \
            or not _only_one(lines, "SUBJECT"):
        return None
    if any(s.line < subj.span.line and k in ("ref", "classified_by", "body") for k, s in cable.order):
        return None
    return _remove_lines(lines, subj.span.line, subj.span.end_line), "S601", _prev_nonblank(lines, subj.span.line), None


def _misspelling(tag: str, vocab) -> str:
    """A realistic unknown token: two letters of a tag of the cable swapped."""
    up = tag.upper()
    for i in (1, 2, 0):
        if i + 1 < len(up):
            cand = up[:i] + up[i + 1] + up[i] + up[i + 2:]
            if cand != up and vocab.kind(cand) is None and cand not in vocab.not_tags:
                return cand
    return "QZXV"


def _unknown_added(cid, text, cable):
    tl = cable.tags
    if tl is None or len(tl.tags) < 2 or tl.tags[1].person or tl.tags[1].span.line != tl.tags[0].span.line:
        return None
    vocab = vocabulary()
    first, second = tl.tags[0], tl.tags[1]
    token = _misspelling(second.text, vocab)
    sep = second.separator or " "
    lines = text.split("\n")
    row = lines[first.span.line - 1]
    col = first.span.end_column - 1  # insert right after the first tag
    lines[first.span.line - 1] = row[:col] + sep + token + row[col:]
    start = col + len(sep) + 1
    return "\n".join(lines), "T502", first.span.line, (start, start + len(token))


def _ref_out_of_sequence(cid, text, cable):
    for block in cable.ref_blocks:
        items = [it for it in block.items if it.letter is not None]
        if len(items) < 2 or not items[0].letter.text.isalpha():
            continue
        letters = [it.letter.text.upper() for it in items]
        if letters != [chr(ord("A") + i) for i in range(len(letters))] or not all(it.text.text for it in items):
            continue  # only a block that is right to begin with
        target = items[1]
        bullet = target.bullet
        if bullet is None or bullet.span.line != bullet.span.end_line:
            continue
        lines = text.split("\n")
        row = lines[bullet.span.line - 1]
        a, b = bullet.span.column - 1, bullet.span.end_column - 1
        new = next_letter(target.letter.text)  # B -> C: a letter skipped (both of `B. B.`)
        lines[bullet.span.line - 1] = row[:a] + row[a:b].replace(target.letter.text, new) + row[b:]
        return "\n".join(lines), "S603", bullet.span.line, None
    return None


KINDS = {
    "TAGS line removed": _tags_removed,
    "unknown tag added": _unknown_added,
    "SUBJECT removed": _subject_removed,
    "REF letters out of sequence": _ref_out_of_sequence,
}


def test_mutations_tags_subject(corpus):
    cases = {kind: [] for kind in KINDS}
    for cid, text, cable in _cables(corpus):
        for kind, make in KINDS.items():
            if len(cases[kind]) < SAMPLE:
                made = make(cid, text, cable)
                if made is not None:
                    cases[kind].append((cid,) + made)
        if all(len(v) >= SAMPLE for v in cases.values()):
            break
    failures = {}
    for kind, items in cases.items():
        assert len(items) >= MIN_CASES, f"{kind}: only {len(items)} applicable cables"
        missed = []
        for cid, mutant, code, line, cols in items:
            found = [d for d in _lint(mutant, code) if d.code == code and d.span.line == line
                     and (cols is None or (d.span.column, d.span.end_column) == cols)]
            if not found:
                missed.append(cid)
        rate = 1 - len(missed) / len(items)
        print(f"{kind}: {len(items) - len(missed)}/{len(items)} = {rate:.2%}; missed {missed[:10]}")
        if rate < RATE:
            failures[kind] = (rate, missed[:20])
    assert not failures, failures
