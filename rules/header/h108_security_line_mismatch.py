from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import checked_header, letters_ok

# FL4 letter for each banner classification (cable-format.md §3.5).
EXPECTED = {"CONFIDENTIAL": "C", "SECRET": "S", "TOP SECRET": "T", "UNCLASSIFIED": "U", "UNCLASSIFIED EFTO": "E"}
MEANS = {"C": "CONFIDENTIAL", "S": "SECRET", "T": "TOP SECRET", "U": "UNCLASSIFIED", "E": "UNCLAS EFTO"}
BANNER_NAME = {"CONFIDENTIAL": "CONFIDENTIAL", "SECRET": "SECRET", "TOP SECRET": "TOP SECRET",
               "UNCLASSIFIED": "UNCLAS", "UNCLASSIFIED EFTO": "UNCLAS EFTO"}


class SecurityLineMismatch(Rule):
    """The FL4 classification letters disagree with the banner.

    ## What it does
    Compares the five letters of the security line with the classification banner:
    `CCCCC` ↔ CONFIDENTIAL, `SSSSS` ↔ SECRET, `TTTTT` ↔ TOP SECRET, `UUUUU` ↔ UNCLAS (SBU
    included), `EEEEE` ↔ UNCLAS EFTO (`UNCLAS E F T O`).

    ## Why is this bad?
    The relays handle a message by its FL4 letters, the reader by its banner. A SECRET text
    under `ZNY CCCCC` travelled with CONFIDENTIAL protection; in published copies the
    disagreement is the mark of a routing header joined to another cable's text.

    ## Example
        ZNY CCCCC ZZH
        ...
        S E C R E T SECTION 01 OF 04 MOSCOW 005154

    ## Use instead
        ZNY SSSSS ZZH
        ...
        S E C R E T SECTION 01 OF 04 MOSCOW 005154

    ## Fix safety
    No fix: a classification is never changed by a tool.

    ## Evidence
    ZNR UUUUU ↔ UNCLAS 88, ZNY CCCCC ↔ C O N F I D E N T I A L 601, ZNY SSSSS ↔ S E C R E T 408
    in cablegate; the 2 mismatches are header/body mix-ups (cable-format.md §3.5). In the
    corpus: 5 of 4,200 cables, 07PARIS2725, 08LAPAZ751, 09ASUNCION595, 09MOSCOW1108 and
    10MEXICO614, all mix-ups; the 14 `ZNY EEEEE` / `UNCLAS E F T O` cables pass.
    """

    code = "H108"
    name = "security-line-mismatch"
    default_severity = Severity.ERROR
    tags = ("header", "FL4", "banner", "classification", "cross-check")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None or header.security is None or header.security.letters is None:
            return
        banner = cable.banner
        if banner is None or banner.classification not in EXPECTED:
            return
        sl = header.security
        letters = sl.letters.text
        if not letters_ok(letters):
            return  # H107's finding
        want = EXPECTED[banner.classification]
        if letters[0] != want:
            yield self.diagnostic(
                sl.letters.span,
                f"{sl.keyword.text} {letters} marks a {MEANS[letters[0]]} message but the banner (line {banner.span.line}) "
                f"is {BANNER_NAME[banner.classification]}; expected {want * 5}")
