from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import checked_header


class ActionAddresseeMissing(Rule):
    """A routing header without a TO line.

    ## What it does
    Reports a routing header that has no TO line (format line 7, the action addressees). The
    diagnostic points at the FM line, after which the TO line belongs (or at the DTG line when
    FM is missing too).

    ## Why is this bad?
    5 FAH-2 H-233: after the originator line "the drafter first lists the action addressees".
    A telegram whose header names only information addressees has no one tasked to act on it;
    in published copies a missing TO line usually means the header was cut.

    ## Example
        FM AMEMBASSY MANAMA
        INFO RUEHC/SECSTATE WASHDC 0042

    ## Use instead
        FM AMEMBASSY MANAMA
        TO RUEHC/SECSTATE WASHDC 0042

    ## Fix safety
    No fix: who the action addressees are is the drafter's decision.

    ## Evidence
    cablemap lists 9 cablegate cables without TO (`_CABLES_WITHOUT_TO`; cable-format.md §1.3);
    in the corpus 08ECTION01OF02MANAMA492 (`TORUEHC/SECSTATE…`, the space lost) trips it.
    """

    code = "H112"
    name = "action-addressee-missing"
    default_severity = Severity.WARNING
    tags = ("header", "FL7")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None or header.action:
            return
        anchor = header.originator or header.dtg
        span = anchor.span if anchor is not None else header.lines[-1].span
        yield self.diagnostic(span, "the header has no TO line (action addressees)")
