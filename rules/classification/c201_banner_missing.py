from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import first_line


class BannerMissing(Rule):
    """The text does not start with a classification banner.

    ## What it does
    Reports a cable whose text (what follows the routing header, if any) has no
    classification banner: no line such as `C O N F I D E N T I A L USUN NEW YORK 000314`,
    `UNCLAS STATE 089712` or `S E C R E T SECTION 01 OF 02 BERN 000881`. The diagnostic points
    at the first line of the text. A banner that stands but not first is F002's concern.
    Partial extracts (whose text may start anywhere) are not checked.

    ## Why is this bad?
    5 FAH-2 H-222 makes the classification line the first line of the text, and 5 FAH-1 H-132
    requires the overall classification at the top of the first page. Without it a reader,
    an archive or a relay has nothing but the routing letters to go by, and the cable's
    post and serial (its message reference number) are gone.

    ## Example
        FM AMEMBASSY LA PAZ
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 5974
        SIPDIS

    ## Use instead
        FM AMEMBASSY LA PAZ
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 5974
        S E C R E T LA PAZ 003262

        SIPDIS

    ## Fix safety
    No fix: the class, post and serial must come from the record.

    ## Evidence
    The banner is the first text line in every complete cablegate page (cable-format.md
    §1.3). Corpus: 5 of 4,200 cables, copies that lost the banner (07LAPAZ3262, 09LAPAZ96,
    09SANSALVADOR789, 10SANSALVADOR37) or carry it redacted (10BEIJING207).
    """

    code = "C201"
    name = "banner-missing"
    default_severity = Severity.ERROR
    tags = ("classification", "banner")

    def check(self, cable, ctx):
        if cable.banner is not None or cable.partial:
            return
        starts = [span for _, span in cable.order] + [ln.span for ln in cable.body_lines]
        if not starts:
            return
        first = min(starts)
        yield self.diagnostic(first_line(first, ctx.source),
                              "the text does not start with a classification banner "
                              "(UNCLAS, C O N F I D E N T I A L, S E C R E T ... <POST> <SERIAL>)")
