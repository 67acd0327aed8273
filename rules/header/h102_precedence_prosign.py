import re

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import RANK, checked_header

_PAIR = re.compile(r"([ZOPR]) ([ZOPR])")
_RI = re.compile(r"R[A-Z]{4,7}")


class PrecedenceProsign(Rule):
    """FL2 is a prosign `ZZ`/`OO`/`PP`/`RR` (or a mixed pair) followed by routing indicators.

    ## What it does
    Checks format line 2 of a routing header: the precedence prosign `ZZ` (FLASH), `OO`
    (IMMEDIATE), `PP` (PRIORITY) or `RR` (ROUTINE), or a mixed pair such as `O R` or `P R`
    whose second letter is not higher than the first, then one or more relay routing
    indicators (five to eight letters, `RUEHWEB`), possibly wrapped onto further lines.

    ## Why is this bad?
    5 FAH-2 H-321.2-1: "The precedence prosign digraph … is the first entry in FL2", and "the
    highest precedence of a multi-address, multi-precedence telegram determines the
    precedence prosign". A relay reads its handling order from these two letters; the routing
    indicators are "a five to eight letter symbol usually starting with "R"" (5 FAH-2 H-231).

    ## Example
        OP RUEHWEB

    ## Use instead
        OO RUEHWEB

    ## Fix safety
    No fix: which precedence was meant is the drafter's decision.

    ## Evidence
    OO 439, PP 403, RR 273 and no malformed FL2 in 1,115 cablegate headers
    (cable-format.md §3.2). Corpus: no FL2 line of the 4,200 cables trips it.
    """

    code = "H102"
    name = "precedence-prosign"
    default_severity = Severity.ERROR
    tags = ("header", "FL2", "precedence")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None or header.precedence is None:
            return
        line = header.precedence
        prosign = line.prosign.text
        pair = _PAIR.fullmatch(prosign)
        if pair and RANK[pair.group(2)] > RANK[pair.group(1)]:
            yield self.diagnostic(line.prosign.span,
                                  f'mixed precedence pair "{prosign}": the second letter may not be higher '
                                  f"than the first")
        elif not pair and prosign not in ("ZZ", "OO", "PP", "RR"):
            yield self.diagnostic(line.prosign.span,
                                  f'precedence prosign "{prosign}" is not ZZ, OO, PP, RR or a mixed pair such as "O R"')
        for ri in line.routing:
            if not _RI.fullmatch(ri.text):
                yield self.diagnostic(ri.span, f'routing indicator "{ri.text}" is not 5-8 letters starting with R')
        if line.rest is not None:
            yield self.diagnostic(line.rest.span,
                                  f'"{line.rest.text}" is not a routing indicator (5-8 letters starting with R)')
        elif not line.routing:
            yield self.diagnostic(line.prosign.span, f'no routing indicator after the prosign "{prosign}"')
