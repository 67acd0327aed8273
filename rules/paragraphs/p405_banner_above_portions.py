import re

from cablelint.diagnostics import Severity
from cablelint.fields import parse_marking
from cablelint.registry import Rule

from ._marks import LEVEL_NAMES, RANK, all_marks


class BannerAbovePortions(Rule):
    """A classified banner while every portion is marked lower.

    ## What it does
    In a CONFIDENTIAL, SECRET or TOP SECRET cable whose numbered paragraphs are all marked
    (and whose subject, if marked, counts as one more portion), reports the banner when no
    portion reaches its level: a SECRET banner over `(C)` and `(U)` paragraphs. A mark at
    the banner's level anywhere else in the text (a sub-paragraph, a bullet) counts. Texts
    with an unmarked paragraph are left to P402.

    ## Why is this bad?
    A document is classified at the level of its highest portion; a banner above every
    portion over-classifies it, which restricts its distribution and delays its release for
    nothing (E.O. 12958 §1.2, 13526 §1.1 forbid classifying beyond need). It can also mean a
    portion was marked too low.

    ## Example
        S E C R E T STATE 012345
        ...
        1. (C) ...
        2. (U) ...

    ## Use instead
        C O N F I D E N T I A L STATE 012345
        ...
        1. (C) ...
        2. (U) ...

    ## Fix safety
    No fix: lowering a banner is the classifier's decision.

    ## Evidence
    12 of 1,215 cablegate bodies (cable-format.md §8.2).
    """

    code = "P405"
    name = "banner-above-portions"
    default_severity = Severity.WARNING
    tags = ("paragraphs", "classification")

    def check(self, cable, ctx):
        banner = cable.banner.level if cable.banner else None
        if banner not in ("C", "S", "TS") or not cable.paragraphs:
            return
        levels = []
        for para in cable.paragraphs:
            mark = all_marks(para)
            if mark is None or mark.level not in RANK:
                return
            levels.append(mark.level)
        if cable.subject and cable.subject.mark:
            level = parse_marking(cable.subject.mark.text)[0]
            if level in RANK:
                levels.append(level)
        top = max(levels, key=RANK.__getitem__)
        if RANK[top] < RANK[banner] and not _marked_at(cable, banner):
            span = cable.banner.klass.span if cable.banner.klass else cable.banner.span
            yield self.diagnostic(span, f"banner is {LEVEL_NAMES[banner]} but no portion is marked above "
                                        f"{LEVEL_NAMES[top]}")


_ANY_MARK = re.compile(r"\((TS|S|C)(?:(?://|/| )(?:NF|NOFORN|FGI|REL\b)[^)]{0,60})?\)")


def _marked_at(cable, level: str) -> bool:
    """A mark at the banner's level anywhere in the text: a sub-paragraph, a bullet, a
    paragraph the parser did not number (`1) (S) ...`)."""
    lines = [ln for p in cable.paragraphs for ln in p.lines] + list(cable.body_lines)
    return any(m.group(1) == level for ln in lines for m in _ANY_MARK.finditer(ln.text))
