from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import first_line, own_statements


class ClassifiedByUnclassified(Rule):
    """An unclassified cable carries a `Classified By:` line.

    ## What it does
    Reports a `Classified By:` (or `Derived from`) statement in a cable whose banner is
    UNCLAS, UNCLAS EFTO (SBU included) or LIMITED OFFICIAL USE.

    ## Why is this bad?
    The statement names the officer who classified the telegram and the reason (5 FAH-1
    H-246); an unclassified telegram has neither. Either the banner understates the
    classification, or the statement was left over from a template, and a reader cannot tell
    which.

    ## Example
        UNCLAS STATE 012345
        ...
        Classified By: Jane Roe, Director, for reasons 1.4 (b) and (d).

    ## Use instead
        UNCLAS STATE 012345
        ...
        (no Classified By line)

    ## Fix safety
    No fix: whether the banner or the statement is wrong is the drafter's to decide.

    ## Evidence
    Absent in 100 of 101 unclassified cablegate bodies (cable-format.md §1.3); no corpus cable
    trips it (the one UNCLAS file with a statement carries it in another cable appended to
    the text, which is not counted).
    """

    code = "C209"
    name = "classified-by-unclassified"
    default_severity = Severity.ERROR
    tags = ("classification", "classified-by")

    def check(self, cable, ctx):
        b = cable.banner
        statements = own_statements(cable)
        if b is None or not statements or b.level not in ("U", "LOU"):
            return
        cb = statements[0]
        span = cb.keyword.span if cb.keyword is not None else first_line(cb.span, ctx.source)
        word = "LIMITED OFFICIAL USE" if b.level == "LOU" else "UNCLAS"
        yield self.diagnostic(span, f"{word} cable with a Classified By statement (banner line {b.span.line})")
