import re

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import checked_header

_FL1 = re.compile(r"VZCZC[A-Z]{3}\d{3,4}")


class TransmissionId(Rule):
    """FL1 is `VZCZC` + 3 letters + 3–4 digits.

    ## What it does
    Checks the transmission identifier (format line 1) of a routing header: the
    start-of-message letters `VZCZC`, a three-letter channel designator and a three- or
    four-digit channel sequence number (`VZCZCXYZ0000`, `VZCZCXRO1234`), and nothing else on
    the line.

    ## Why is this bad?
    5 FAH-2 H-321.1 defines FL1 as "the letter "V," and the SOM indicators … "ZCZC"", then a
    channel "composed of a trigraph … followed by three numerical digits". A line that does
    not fit is a damaged or hand-edited header. The handbook says three digits, but real
    State cables carry four (`VZCZCXRO4549`), so both are accepted.

    ## Example
        VZCZCXY0000

    ## Use instead
        VZCZCXYZ0000

    ## Fix safety
    No fix: the channel designator and number cannot be recovered from the rest of the cable.

    ## Evidence
    1,116 of 1,117 cablegate headers carry 4 digits, none falls outside 3–4 digits
    (cable-format.md §3.1). Corpus: none of the 3,995 FL1 lines of the 4,200 cables trips it.
    """

    code = "H101"
    name = "transmission-id"
    default_severity = Severity.WARNING
    tags = ("header", "FL1")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None or header.transmission_id is None:
            return
        tid = header.transmission_id
        value = tid.value.text
        if not _FL1.fullmatch(value):
            yield self.diagnostic(
                tid.value.span,
                f'transmission identifier "{value}" is not VZCZC + a 3-letter channel designator '
                f"+ a 3- or 4-digit sequence number (VZCZCXYZ0000)")
        if tid.rest is not None:
            yield self.diagnostic(tid.rest.span, f'unexpected "{tid.rest.text}" after the transmission identifier')
