import re

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ..declassification._orders import order_on

# A statement that marks the whole text: `CONFIDENTIAL - ENTIRE TEXT`, `SENSITIVE BUT
# UNCLASSIFIED; PLEASE PROTECT ACCORDINGLY`, `The entire text of this report is SBU`.
_WHOLE_TEXT = re.compile(r"(?i)\bENTIRE\s+TEXT\b|^\W*(?:THIS\s+(?:CABLE|MESSAGE|TELEGRAM)\s+IS\s+)?"
                         r"SENSITIVE\s+BUT\s+UNCLASSIFIED")
# What a media copy blacked out, the mark with it: `7. XXXXXXXXXXXX`, `5. XXXXXXXXXXXX have
# told us`, `7. [DETAILS REMOVED]`; and a teaser cut short (`1. (C...`).
# ... of which `CONFIDENTIAL - ENTIRE TEXT` is the paragraph's own mark; a handling note
# (`1. Sensitive but unclassified. Not for public Internet.`) among marked paragraphs is a
# paragraph like the others and carries its (U).
_ENTIRE_TEXT = re.compile(r"(?i)\bENTIRE\s+TEXT\b")
_GONE = re.compile(r"^\W*(?:[XxХх]{4,}|\[[A-Z ]*REMOVED\])|^.{0,12}(?:\.\.\.|…)\s*$")
_STATEMENT = re.compile(r"(?i)^\W*(?:classified\s+by|derived\s+from)\b")
_MARKED_LEVELS = ("C", "S", "TS", "SBU", "LOU")


class PortionMarkingMissing(Rule):
    """A numbered paragraph of a classified or SBU cable carries no portion marking.

    ## What it does
    In a cable whose banner is CONFIDENTIAL, SECRET, TOP SECRET or LIMITED OFFICIAL USE, or
    UNCLAS with the SENSITIVE caption (SBU), every numbered paragraph must carry its marking
    after its number: `1. (C)`. A mark after a lead-in (`1. Summary: (C) ...`) counts as a
    marking here (P409 reports its place), and so does a mark on the first bullet under a
    heading-like paragraph (`1. KEY POINTS` / `-- (C) ...`). Not checked: a text marked as
    a whole (`CONFIDENTIAL - ENTIRE TEXT`, `(C - ENTIRE TEXT)`, `SENSITIVE BUT UNCLASSIFIED;
    PLEASE PROTECT ACCORDINGLY` at its start) whose paragraphs are not marked; a paragraph
    that is the Classified By or whole-text statement; a paragraph whose start a media copy
    blacked out, the mark with it (`7. XXXXXXXXXXXX`, `5. XXXXXXXXXXXX have told us`,
    `[DETAILS REMOVED]`) or cut (`1. (C...`); and cables dated before portion marking was
    required (E.O. 11652 and earlier, per `rules/data/executive_orders.toml`).

    ## Why is this bad?
    5 FAH-1 H-246.2: "You must include the classification of each paragraph immediately
    following the paragraph number ... If the paragraph is administratively controlled enter
    (SBU)". An unmarked paragraph cannot be extracted, quoted or released on its own: a
    reader has to treat it at the level of the whole cable.

    ## Example
        C O N F I D E N T I A L STATE 012345
        ...
        1. (C) Summary: ...
        2. The minister said ...

    ## Use instead
        1. (C) Summary: ...
        2. (C) The minister said ...

    ## Fix safety
    No fix: the level of a paragraph is the classifier's decision.

    ## Evidence
    136 of 1,181 numbered cablegate bodies have some numbered paragraph unmarked
    (cable-format.md §8.2).
    """

    code = "P402"
    name = "portion-marking-missing"
    default_severity = Severity.ERROR
    tags = ("paragraphs", "classification")

    def check(self, cable, ctx):
        if cable.level not in _MARKED_LEVELS or not cable.paragraphs:
            return
        day = ctx.cable_date(cable)
        governing = order_on(day) if day else None
        if governing is not None and not governing.portion_marking:
            return
        marked = sum(p.marking is not None for p in cable.paragraphs)
        if marked * 2 < len(cable.paragraphs) and _marked_as_a_whole(cable):
            return  # the statement stands for the marks (a text that marks its paragraphs anyway is checked)
        for para in cable.paragraphs:
            if para.marking is not None or para.late_marking is not None:
                continue
            head = para.lines[0].text if para.lines else ""
            if _GONE.match(head) or _STATEMENT.match(head) or _ENTIRE_TEXT.search(head[:80]):
                continue  # redacted or cut by the copy; a classification statement itself
            yield self.diagnostic(para.number_field.span,
                                  f"paragraph {para.number} has no portion marking after its number")


def _marked_as_a_whole(cable) -> bool:
    first = cable.paragraphs[0]
    before = [ln.text for ln in cable.body_lines if ln.line < first.number_field.span.line][-6:]
    texts = [first.text[:200], first.marking.text if first.marking else "", *before]
    if cable.classified_by is not None:
        texts.append(cable.classified_by.text)
    return any(_WHOLE_TEXT.search(t) for t in texts)
