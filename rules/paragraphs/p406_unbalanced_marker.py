import re
from bisect import bisect_left, bisect_right

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._text import locate

# SUMMARY / COMMENT / NOTE / TEXT with an optional END or BEGIN before them.
_WORD = re.compile(r"(?i)(?P<end>\bEND\s+(?:OF\s+)?)?(?P<begin>\bBEGIN\s+)?\b(?P<w>SUMMARY|COMMENT|NOTE|TEXT)\b")
# QUOTE / UNQUOTE (QTE / UNQTE in 1970s cables), upper case: the telegram words, not prose.
_QUOTE = re.compile(r"\b(?P<end>END\s+)?(?P<begin>BEGIN\s+)?(?P<w>UNQUOTE|UNQTE|QUOTE|QTE)\b(?P<colon>\s*:)?")
_UNQUOTE = re.compile(r"\b(?:UNQUOTE|UNQTE|END\s+QUOTE)\b")
# Substrings that one scan of the whole text looks for, to find the lines worth the regular
# expressions above (QUOTE and QTE are upper case: the telegram words).
_ANY = ("summary", "comment", "note", "text")
# In the lower-cased text; without a leading \b the expression starts with a literal, which
# `re` finds as fast as str.find (a few matches too many only add candidate lines).
_BEGIN_TEXT = re.compile(r"begin\s+text\b")
# What ends a `BEGIN TEXT (of a note, a non-paper ...)`: END TEXT, or END and the document.
_END_DOCUMENT = re.compile(r"(?i)\bEND\s+(?:OF\s+)?(?:\w+\s+){0,2}?(?:NON-?PAPER|NOTE|DIPNOTE|LETTER|STATEMENT|"
                           r"MESSAGE|DOCUMENT|PAPER|SUBMISSION|EXCERPT|QUOTE|DRAFT|REPORT|POINTS)\b")


class UnbalancedMarker(Rule):
    """Paired text markers that do not pair up.

    ## What it does
    Follows the markers of the text, in order:
    - `BEGIN SUMMARY`, `BEGIN COMMENT`, `BEGIN NOTE`, `BEGIN TEXT` need their `END ...`;
    - `END SUMMARY`, `END COMMENT`, `END NOTE`, `END TEXT` need something to end: a start
      (`SUMMARY:`, `Summary.`, `(Comment: ...`, `NOTE:`, a `Summary` heading ...) since the
      previous END of the same kind;
    - `QUOTE` (`QTE`) needs its `UNQUOTE` (`UNQTE`), and the reverse (a bare upper-case
      QUOTE counts as a marker only in a text that uses UNQUOTE somewhere).
    A `BEGIN TEXT of a note` may also end with `END NOTE` (the document named).
    An opener written without BEGIN (`Summary:`, `Comment:`) may run to the end of its
    paragraph without an END: that is common and accepted.

    ## Why is this bad?
    The markers tell the reader where reporting stops and the drafter's comment (or the
    quoted text, or the summary) begins and ends. An END without a start, or a BEGIN or QUOTE
    that is never closed, leaves that boundary unclear, and often shows an edit that lost
    part of the text.

    ## Example
        2. (C) The minister said ... End Summary.

    ## Use instead
        1. (C) Summary: ... End Summary.

    ## Fix safety
    No fix: where the missing marker belongs is for the drafter to say.

    ## Evidence
    `SUMMARY:` 940 / `END SUMMARY` 971, `COMMENT:` 503 / `END COMMENT` 349, `BEGIN TEXT` 13 /
    `END TEXT` 16 in 1,295 cablegate pages; cablemap notes "End Summary" without a start in
    07BAGHDAD3895 and 07TRIPOLI1066 (cable-format.md §8.3).
    """

    code = "P406"
    name = "unbalanced-marker"
    default_severity = Severity.WARNING
    tags = ("paragraphs",)

    def check(self, cable, ctx):
        src = ctx.source
        candidates = src.lines_containing(*_ANY, ignore_case=True, whole_words=True) | src.lines_containing("QUOTE", "QTE")
        if not candidates:
            return
        # `BEGIN TEXT ...` may end with END and the document it names, on any line with END;
        # only then are those lines worth reading ("end" is in a great many words).
        if _BEGIN_TEXT.search(src.lower_text()):
            candidates |= src.lines_containing("end", ignore_case=True)
        # The text lines on candidate lines. Working out a line's number costs a lookup, so
        # only the paragraphs whose span holds a candidate are read line by line.
        marks = sorted(candidates)
        covered: set[int] = set()
        lines = []
        for group, whole in [(p.lines, p.span) for p in cable.paragraphs] + [(cable.body_lines, None)]:
            if whole is not None and bisect_left(marks, whole.line) == bisect_right(marks, whole.end_line):
                continue
            for ln in group:
                n = ln.line
                covered.add(n)
                if n in candidates:
                    lines.append(ln)
        lines.sort(key=lambda ln: ln.order)
        # The last text line: that of the last paragraph with lines (paragraphs and their lines
        # stand in text order), or a body line after it.
        tail = next((p.lines[-1] for p in reversed(cable.paragraphs) if p.lines), None)
        last = max([ln.line for ln in cable.body_lines] + ([tail.line] if tail is not None else []), default=0)
        # Starts in lines outside the paragraphs (a `SUMMARY` heading that a re-flowed copy
        # glued to the Classified By line, the front matter) count too.
        outside: dict[str, list[int]] = {}
        for n in sorted(candidates):
            if n <= last and n not in covered:
                for m in _words(src.lines[n - 1]):
                    if not m.group("end") and not m.group("begin"):
                        outside.setdefault(m.group("w").upper(), []).append(n)
        any_unquote = any(("UNQ" in ln.text or "QUOTE" in ln.text) and _UNQUOTE.search(ln.text) for ln in lines)
        begun: dict[str, list] = {}  # kind -> open BEGIN markers (span, text)
        mentioned: set[str] = set()  # kinds with a start since their last END
        last_end: dict[str, int] = {}
        quotes: list = []
        for line in lines:
            n = line.line
            has_quote = "QUOTE" in line.text or "QTE" in line.text
            for m in _words(line.text):
                kind = m.group("w").upper()
                if m.group("end"):
                    if begun.get(kind):
                        begun[kind].pop()
                    elif kind in mentioned or any(last_end.get(kind, 0) < k <= n for k in outside.get(kind, ())):
                        mentioned.discard(kind)
                    else:
                        yield self.diagnostic(locate(src, line, m.start(), m.group(0)),
                                              f'"{m.group(0)}" without a {kind} start before it')
                    last_end[kind] = n
                elif m.group("begin"):
                    begun.setdefault(kind, []).append((locate(src, line, m.start(), m.group(0)), m.group(0)))
                else:
                    mentioned.add(kind)
            if begun.get("TEXT"):
                # `Begin text of draft note: ... End note.`: the end names the document
                for m in _END_DOCUMENT.finditer(line.text):
                    word = _WORD.match(line.text, m.start())
                    if begun["TEXT"] and (word is None or word.group("w").upper() != "TEXT"):
                        begun["TEXT"].pop()
            for m in _QUOTE.finditer(line.text) if has_quote else ():
                word = m.group("w")
                if m.group("end") or word.startswith("UN"):
                    if quotes:
                        quotes.pop()
                    else:
                        yield self.diagnostic(locate(src, line, m.start(), m.group(0)),
                                              f'"{m.group(0)}" without a QUOTE before it')
                elif any_unquote or m.group("begin") or m.group("colon"):
                    quotes.append((locate(src, line, m.start(), m.group(0)), m.group(0)))
        for kind in sorted(begun):
            for span, text in begun[kind]:
                yield self.diagnostic(span, f'"{text}" without END {kind}')
        for span, text in quotes:
            yield self.diagnostic(span, f'"{text}" without UNQUOTE')


def _words(text: str):
    """`_WORD.finditer(text)`, found faster: the marker words by substring search, then the
    regular expression only in a window around each (END / BEGIN stand right before)."""
    low = text.lower()
    hits = []
    for word in _ANY:
        i = low.find(word)
        while i >= 0:
            hits.append((i, len(word)))
            i = low.find(word, i + 1)
    hits.sort()
    last = 0
    for i, n in hits:
        if i < last:
            continue
        m = _WORD.search(text, max(last, i - 16), min(len(text), i + n + 1))
        if m is not None and m.start("w") == i:
            yield m
            last = m.end()
