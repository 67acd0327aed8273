import re

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._text import locate

# `para 4`, `paras 4-7`, `paragraph 4 and 5`, `para. 12`, `paragraphs 3, 4 and 6`
_REF = re.compile(r"(?i)\b(?P<kw>para(?:graph)?s?\.?)\s*"
                  r"(?P<nums>\d{1,3}(?:\s*(?:-|–|to|through|and|,|&)\s*\d{1,3})*)(?!\d|\.\d|/)")
_NUM = re.compile(r"\d{1,3}")
_RANGE = re.compile(r"(\d{1,3})\s*(?:-|–|to|through)\s*(\d{1,3})")
# A paragraph of another document: reftel, a septel, a resolution, an article, a draft ...
_ELSEWHERE = re.compile(
    r"(?i)\bref(?:tel|s|erence|erenced)?\b|\bREF\s*\(?[A-Z]\b|\bsep(?:tel|arate)\b|\b(?:of|in|from|under)\s+"
    r"(?:the|a|an|this|that|these|its|their|his|her|our|your|both|each|which)\b|\bresolution|\bUNSCR|\barticle"
    r"|\boperative|\bpreambular|\b[OP]P\b|\bannex|\bagreement|\btreaty|\bdraft|\bletter|\bnote\b|\blaw\b"
    r"|\bdecision|\breport|\bstatement|\bdeclaration|\bcommuniqu|\bdocument|\bconvention|\bprotocol|\bcable"
    r"|\bmessage|\btelegram|\be-?mail|\bSTATE\s+\d|\b\d{2}\s+[A-Z][A-Z ]+\d|\bguidance|\binstruction|\btasking"
    r"|\bquestion|\brevision|\bamend|\bwording|\blanguage|\bsection|\bchapter|\bcode\b|\bact\b|\bbill\b"
    r"|\bdecree|\bconstitution|\bplan\b|\bmemorand"
    r"|\bMOU\b|\bcharter|\bframework|\broadmap|\bproposal|\bpaper|\bpoints\b|\btext\b|\bnon-?paper|\bminutes"
    r"|\bcommittee|\bcouncil|\bregulation|\bdirective|\bmandate|\bsub-?para|\bFAM\b|\bFAH\b|\bCFR\b|\bU\.?S\.?C")


class ParagraphReference(Rule):
    """A reference to a paragraph of this text that does not exist.

    ## What it does
    Finds references that point into the text itself (`see para 4`, `(paras 4-7)`, `para 12
    below`, `paragraph 3 above`, `paragraph 5 of this cable`) and reports a number that no
    paragraph of the cable carries. References to another document's paragraphs are left
    alone: a REF or reftel, a septel, a resolution, article, draft, letter, report,
    revisions or `paragraph 3 of the ...` near the reference; so are bare mentions
    (`revisions to Paragraph 7`), which usually cite a negotiated text.

    ## Why is this bad?
    A dangling paragraph reference sends the reader nowhere. It usually means the text was
    renumbered after the reference was written, or a paragraph was cut.

    ## Example
        2. (C) ... (see para 7 below).
        3. (C) ...

    ## Use instead
        2. (C) ... (see para 3 below).
        3. (C) ...

    ## Fix safety
    No fix: which paragraph was meant cannot be known.

    ## Evidence
    Paragraph cross-references (`see para 4`, `paragraphs 4-7`) are a documented in-text
    marker (cable-format.md §8.3).
    """

    code = "P408"
    name = "paragraph-reference"
    default_severity = Severity.WARNING
    tags = ("paragraphs",)

    def check(self, cable, ctx):
        numbers = {p.number for p in cable.paragraphs}
        if not numbers:
            return
        candidates = ctx.source.lines_containing("para", ignore_case=True)  # one scan of the text
        if not candidates:
            return
        for para in cable.paragraphs:
            for line in para.lines:
                if line.line not in candidates:
                    continue
                for m in _REF.finditer(line.text):
                    if not _internal(line.text, m) or _elsewhere(line.text, m):
                        continue
                    missing = [n for n in _cited(m.group("nums")) if n not in numbers]
                    if missing:
                        shown = ", ".join(str(n) for n in missing)
                        word = "paragraph" if len(missing) == 1 else "paragraphs"
                        yield self.diagnostic(locate(ctx.source, line, m.start(), m.group(0)),
                                              f'"{m.group(0)}" refers to {word} {shown}, which the text does not have')


def _cited(nums: str) -> list[int]:
    out: list[int] = []
    covered = set()
    for r in _RANGE.finditer(nums):
        a, b = int(r.group(1)), int(r.group(2))
        if a < b <= a + 30:
            out.extend(range(a, b + 1))
            covered.update(range(r.start(), r.end()))
    for n in _NUM.finditer(nums):
        if n.start() not in covered:
            out.append(int(n.group(0)))
    return out


_SEE = re.compile(r"(?i)(?:\bsee\s+(?:also\s+)?|\(\s*(?:see\s+)?)$")
_WHERE = re.compile(r"(?i)^\s*(?:above|below|of\s+this\s+(?:cable|message|telegram))\b")


def _internal(text: str, m) -> bool:
    """A reference that points into this text: `see para 4`, `(para 4)`, `para 4 above`,
    `paragraph 4 of this cable`."""
    return bool(_SEE.search(text[max(0, m.start() - 12):m.start()]) or _WHERE.match(text[m.end():m.end() + 25]))


def _elsewhere(text: str, m) -> bool:
    """The reference names another document within its sentence."""
    start = max(text.rfind(". ", 0, m.start()) + 1, m.start() - 60, 0)
    window = text[start:m.start()] + " " + text[m.end():m.end() + 50]
    return _ELSEWHERE.search(window) is not None
