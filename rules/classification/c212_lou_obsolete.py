from datetime import date

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import portions

LOU_END = date(1995, 10, 1)


class LouObsolete(Rule):
    """`LIMITED OFFICIAL USE` or `(LOU)` on a cable dated on or after 1995-10-01.

    ## What it does
    On cables dated 1995-10-01 or later (the DTG date, else the configured `cable-date`;
    undated cables are skipped), reports a LIMITED OFFICIAL USE banner and every `(LOU)`
    portion mark.

    ## Why is this bad?
    00 STATE 018029: "AS OF OCTOBER 1, 1995, THE ADMINISTRATIVE CONTROL MARKING "LIMITED
    OFFICIAL USE" CEASED TO EXIST AND WAS REPLACED WITH "SENSITIVE BUT UNCLASSIFIED" (SBU)".
    Such information goes as UNCLAS with the SENSITIVE caption and `(SBU)` marks; an LOU
    marking on a later cable is handled by no current rule.

    ## Example
        LIMITED OFFICIAL USE STATE 012345
        ...
        1. (LOU) Text.

    ## Use instead
        UNCLAS STATE 012345

        SENSITIVE
        ...
        1. (SBU) Text.

    ## Fix safety
    No fix: changing a marking is never automatic.

    ## Evidence
    No LOU after that date in the cablegate sample (cable-format.md §4.4, §9), nor in the
    corpus.
    """

    code = "C212"
    name = "lou-obsolete"
    default_severity = Severity.ERROR
    tags = ("classification", "date", "portion-marking")

    def check(self, cable, ctx):
        when = ctx.cable_date(cable)
        if when is None or when < LOU_END:
            return
        b = cable.banner
        why = f"LOU was replaced by SBU on 1995-10-01; the cable is dated {when.isoformat()}"
        if b is not None and b.classification == "LIMITED OFFICIAL USE":
            yield self.diagnostic(b.klass.span, f"LIMITED OFFICIAL USE banner: {why}")
        for label, text, level, _, span in portions(cable):
            if level == "LOU":
                yield self.diagnostic(span, f"{label} is marked {text}: {why}")
