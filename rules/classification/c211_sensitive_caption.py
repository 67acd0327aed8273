from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import UNCLASSIFIED, has_caption, portions


class SensitiveCaption(Rule):
    """An UNCLAS cable with `(SBU)` portions lacks the `SENSITIVE` caption.

    ## What it does
    Reports an unclassified cable (banner UNCLAS or UNCLAS EFTO) that marks a portion
    `(SBU)` (or `(SBU/NF)`, `(SBU/N)`) but has no `SENSITIVE` (or `SENSITIVE BUT
    UNCLASSIFIED`) caption. The diagnostic points at the first SBU portion.

    ## Why is this bad?
    00 STATE 018029: SBU information "SHOULD BE SENT AS UNCLASSIFIED WITH THE DISTRIBUTION
    CAPTION SENSITIVE IMMEDIATELY FOLLOWING ANY CAPTION". The caption is what keeps the
    telegram off public and unencrypted channels; the paragraph marks alone do not.

    ## Example
        UNCLAS MEXICO 001311

        SIPDIS
        ...
        1. (SBU) Text.

    ## Use instead
        UNCLAS MEXICO 001311

        SENSITIVE
        SIPDIS
        ...
        1. (SBU) Text.

    ## Fix safety
    No fix: adding a handling caption is the drafter's decision.

    ## Evidence
    63 of 70 UNCLAS cablegate cables with `(SBU)` portions carry the caption; 7 do not
    (cable-format.md §4.3, §8.2). Corpus: 57 of 4,200 cables.
    """

    code = "C211"
    name = "sensitive-caption"
    default_severity = Severity.ERROR
    tags = ("classification", "captions", "portion-marking")

    def check(self, cable, ctx):
        if cable.classification not in UNCLASSIFIED or has_caption(cable, "SENSITIVE", "SENSITIVE BUT UNCLASSIFIED"):
            return
        sbu = [p for p in portions(cable) if p[2] == "SBU"]
        if not sbu:
            return
        label, text, _, _, span = sbu[0]
        more = f" ({len(sbu) - 1} more SBU portion{'s' if len(sbu) > 2 else ''})" if len(sbu) > 1 else ""
        yield self.diagnostic(span, f"{label} is marked {text} but the UNCLAS cable has no SENSITIVE caption{more}")
