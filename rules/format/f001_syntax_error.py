from cablelint.diagnostics import Severity
from cablelint.parse import describe_expected
from cablelint.registry import Rule


class SyntaxErrorRule(Rule):
    """A line the grammar cannot place.

    ## What it does
    Reports each line that fits none of the shapes the grammar allows where it stands, and
    names what was expected there. Parsing goes on with the next line, so one bad line yields
    one F001 and the rest of the cable is still parsed and checked.

    ## Why is this bad?
    Before the banner a cable holds only routing lines (VZCZC, precedence, DE, ZNY/ZNR, DTG,
    FM, TO, INFO, XMT), received-copy distribution lines and the known wrappers of published
    copies. Anything else there is a garbled transmission (a lost blank, `TORUEHC/...`) or
    text that is not a cable, and nothing downstream can be trusted to read it.

    ## Example
        O 072354Z APR 08
        FM USMISSION USUN NEW YORK
        TORUEHC/SECSTATE WASHDC IMMEDIATE 4065

    ## Use instead
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 4065

    ## Fix safety
    No fix: the intended line cannot be known. Fixes of other rules never touch a line
    reported here.

    ## Evidence
    Garbled routing blocks occur in a handful of published cables
    (08ECTION01OF02MANAMA492 in the corpus; cable-format.md §10).
    """

    code = "F001"
    name = "syntax-error"
    default_severity = Severity.ERROR
    tags = ("format", "grammar")

    def check(self, cable, ctx):
        for p in cable.syntax_problems:
            message = f"cannot place this line here; expected {describe_expected(p.expected)}"
            if p.suppressed:
                message += f" ({p.suppressed} further unplaceable lines not reported)"
            yield self.diagnostic(p.span, message)
