from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._marks import LEVEL_NAMES, RANK, all_marks


class PortionAboveBanner(Rule):
    """A paragraph is marked higher than the banner.

    ## What it does
    Compares each paragraph's marking level with the banner's, in the order U < SBU/LOU <
    C < S < TS: `(S)` in a CONFIDENTIAL cable, `(C)` in an UNCLAS one. An UNCLAS banner
    covers SBU portions (the SENSITIVE caption is C211's matter). Cables without a readable
    banner class are skipped.

    ## Why is this bad?
    The banner is the classification of the whole: it must be at least as high as the
    highest portion (ISOO marking rules; 5 FAH-1 H-246.2). A SECRET paragraph under a
    CONFIDENTIAL banner is handled, transmitted and stored below its level: a possible
    security violation, or a mistyped mark.

    ## Example
        C O N F I D E N T I A L STATE 012345
        ...
        3. (S) The source said ...

    ## Use instead
        S E C R E T STATE 012345
        ...
        3. (S) The source said ...

    ## Fix safety
    No fix: either the banner or the mark is wrong.

    ## Evidence
    2 of 1,215 cablegate bodies (09DAMASCUS179, 08BERLIN1387) (cable-format.md §8.2).
    """

    code = "P404"
    name = "portion-above-banner"
    default_severity = Severity.ERROR
    tags = ("paragraphs", "classification")

    def check(self, cable, ctx):
        banner = cable.banner.level if cable.banner else None
        if banner is None:
            return
        ceiling = max(RANK[banner], RANK["SBU"]) if banner == "U" else RANK[banner]
        for para in cable.paragraphs:
            mark = all_marks(para)
            if mark is None or mark.level not in RANK or RANK[mark.level] <= ceiling:
                continue
            yield self.diagnostic(mark.span, f"paragraph {para.number} is marked {LEVEL_NAMES[mark.level]} {mark.text} "
                                             f"in a {cable.banner.classification} cable")
