import re

from cablelint.diagnostics import Edit, Fix, Severity
from cablelint.registry import Rule

# Only a redaction (and punctuation) on a line: a media copy blacked out what stood there,
# paragraph number included (cable-format.md §2.7, §10.6).
_REDACTION_LINE = re.compile(r"^[\W_]*(?:[XxХх]{4,}[\W_]*)+$")
_REDACTION_START = re.compile(r"^[XxХх]{4,}")
# The text says its numbers continue another part or follow another document (`THIS IS PART
# TWO OF THREE. PARAGRAPH NUMBERS REFLECT FULL CABLE LENGTH`, `Responses are keyed to
# questions in Reftel`), or the circuit cancelled the start of the message (`ZFR ZFR CANCEL`).
_CONTINUATION = re.compile(r"(?i)\bPART\s+(?:TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|[2-9]|1\d)\s+OF\b"
                           r"|PARAGRAPH\s+NUMBER(?:S|ING)\s+(?:REFLECT|CONTINUE|FOLLOW|CORRESPOND)"
                           r"|\b(?:KEYED|NUMBERED)\s+(?:TO|AS\s+IN|ACCORDING\s+TO)\b|\bCORRESPOND\w*\s+TO\s+"
                           r"(?:THE\s+)?(?:PARA|QUESTION|NUMBER)|\bZFR\b")
_LATER_SECTION = re.compile(r"(?i)\bS?E?C?TION\s*0*([2-9]|[1-9]\d)\s+OF\s+\d")


class ParagraphNumbering(Rule):
    """Numbered paragraphs do not run 1, 2, 3, ... without gap or repeat.

    ## What it does
    Follows the paragraph numbers of the text and reports each number out of sequence, at
    that number, naming the one expected: a gap (`4` after `2`), a repeat (`3` after `3`), a
    step back, or a text that does not start at 1. After a break the count goes on from the
    number found, so one slip gives one diagnostic.

    What the parser already sets aside is not counted: numbered lists inside a paragraph,
    sub-paragraphs (`A.`, `(a)`, `--`), years (`1990.`), dates and figures wrapped to the
    start of a line (`... on December` / `17. The ...`). Numbers that re-flowed copies moved
    inside a line (`... End Summary. 2. (C) ...`) are found there. A marked `1.` after other
    paragraphs starts a new count (a quoted or repeated message, a report that numbers each
    section). Not reported: a gap right after a redaction that blacked out the missing
    paragraph (`XXXXXXXXXXXX` alone on a line) in media copies; a text that says it continues
    another part (`PART TWO OF THREE`, `PARAGRAPH NUMBERS REFLECT FULL CABLE LENGTH`) or whose
    banner is a later section may start above 1.

    ## Why is this bad?
    5 FAH-1 H-246.2: "If the telegram contains more than one paragraph number each paragraph
    consecutively". Replies, comments and cross-references cite paragraphs by number (`see
    para 4`, `reftel para 12`); a gap or a repeat makes them ambiguous, and a gap may be a
    paragraph lost in editing.

    ## Example
        1. (C) Summary: ...
        2. (C) The minister said ...
        4. (C) He added ...

    ## Use instead
        1. (C) Summary: ...
        2. (C) The minister said ...
        3. (C) He added ...

    ## Fix safety
    Unsafe: the fix renumbers the paragraph and the rest of its run consecutively, but
    references to the old numbers (`see para 4`) are not changed, and a gap may mean a
    paragraph is missing rather than misnumbered.

    ## Evidence
    165 of 1,181 numbered cablegate bodies break the sequence (117 counting only ¶-anchored
    numbers): duplicates `6, 6`, gaps `10, 12`, a start at 2 (cable-format.md §8.1, §10.6).
    """

    code = "P401"
    name = "paragraph-numbering"
    default_severity = Severity.ERROR
    fix = "unsafe"
    tags = ("paragraphs",)

    def check(self, cable, ctx):
        runs: list[list] = []
        for para in cable.paragraphs:
            if not runs or para.run != runs[-1][0].run:
                runs.append([])
            runs[-1].append(para)
        for index, run in enumerate(runs):
            expected = 1
            if index > 0 or (run[0].number != 1 and _continues_another_part(cable, ctx)):
                expected = run[0].number
            prev = None
            for i, para in enumerate(run):
                n = para.number
                if n != expected and not (prev is not None and n > expected and _redacted_after(prev)):
                    if prev is None:
                        message = f"paragraph numbering starts at {n}; expected {expected}"
                    elif n == prev.number:
                        message = f"paragraph {n} repeats paragraph {prev.number}; expected {expected}"
                    else:
                        message = f"paragraph {n} follows paragraph {prev.number}; expected {expected}"
                    yield self.diagnostic(para.number_field.span, message, _renumber(run[i:], expected))
                expected = n + 1
                prev = para


def _renumber(paras, start: int):
    edits = []
    for k, para in enumerate(paras):
        want = f"{start + k}."
        if para.number_field.text != want:
            edits.append(Edit(para.number_field.span, want))
    return Fix.unsafe(edits, f"renumber from {start}") if edits else None


def _redacted_after(para) -> bool:
    """A redaction stands between this paragraph's head and the next one."""
    if _REDACTION_LINE.match(para.text.strip() or "-"):
        return True
    last = para.number_field.span.line
    for line in para.lines:
        text = line.text.strip()
        if _REDACTION_LINE.match(text) or (line.span.line > last + 1 and _REDACTION_START.match(text)):
            return True
        last = line.span.end_line
    return False


def _continues_another_part(cable, ctx) -> bool:
    """The first number may be above 1: a later section, a declared continuation, or a
    redaction standing where the first paragraphs were."""
    banner = cable.banner
    if banner is not None and (banner.section_number or 0) > 1 or _LATER_SECTION.search(banner.text if banner else ""):
        return True
    if not cable.paragraphs:
        return False
    first = cable.paragraphs[0].number_field.span.line
    if any(ln.line < first and _REDACTION_LINE.match(ln.text.strip() or "-") for ln in cable.body_lines):
        return True
    return any(_CONTINUATION.search(line) for line in ctx.source.lines[:first])
