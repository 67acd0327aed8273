from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import has_caption, is_noforn, portions


class NofornCaption(Rule):
    """A portion marked NOFORN in a cable without a NOFORN caption.

    ## What it does
    Reports a cable with a portion marked NOFORN (`(S/NF)`, `(C//NF)`, `(S/NOFORN)`,
    `(SBU/N)`: a numbered paragraph or a marked subject) but no `NOFORN` caption line below
    the banner. The diagnostic points at the first NOFORN portion and counts the others.

    ## Why is this bad?
    The caption, not the paragraph marks, is what the distribution system reads: 05 STATE
    226504 says telegrams not appropriate for sharing outside the USG "need to be marked …
    NOFORN", and SIPDIS cables are copied to a database shared with partners. A NOFORN
    paragraph in a cable without the caption is released with the rest.

    ## Example
        S E C R E T STATE 012345

        SIPDIS
        ...
        2. (S/NF) Text.

    ## Use instead
        S E C R E T STATE 012345

        NOFORN
        SIPDIS
        ...
        2. (S/NF) Text.

    ## Fix safety
    No fix: adding a handling caption, or lowering a mark, is the classifier's decision.

    ## Evidence
    NF portions without a NOFORN caption in 41 of 1,295 cablegate pages; the caption without
    NF portions in 24 (cable-format.md §4.3, §8.2). Corpus: 72 of 4,200 cables.
    """

    code = "C210"
    name = "noforn-caption"
    default_severity = Severity.ERROR
    tags = ("classification", "captions", "portion-marking")

    def check(self, cable, ctx):
        if has_caption(cable, "NOFORN"):
            return
        nf = [p for p in portions(cable) if is_noforn(p[2], p[3])]
        if not nf:
            return
        label, text, _, _, span = nf[0]
        more = f" ({len(nf) - 1} more NOFORN portion{'s' if len(nf) > 2 else ''})" if len(nf) > 1 else ""
        yield self.diagnostic(span, f"{label} is marked {text} but the cable has no NOFORN caption{more}")
