from cablelint.diagnostics import Severity
from cablelint.registry import Rule


class BannerSerial(Rule):
    """The banner serial is not 6 digits, zero-padded, on a cable dated 2000 or later.

    ## What it does
    On cables dated 2000 or later (the DTG date, else the configured `cable-date`; undated
    cables are skipped), checks that the banner serial has six digits, zero-padded
    (`USUN NEW YORK 000314`). Older cables wrote 4- or 5-digit and unpadded serials
    (`TEHRAN 2069`, `MADRID 05480`), which are accepted.

    ## Why is this bad?
    The serial is the number part of the message reference number; the six-digit form is what
    the telegram system has written since about 2000. A shorter or longer serial on a recent
    cable is a cut or garbled number (`TRIPOLI 00011` for serial 112), which breaks the link
    from the text to its station serial (H105) and to references citing it.

    ## Example
        C O N F I D E N T I A L TRIPOLI 00011

    ## Use instead
        C O N F I D E N T I A L TRIPOLI 000112

    ## Fix safety
    No fix: a cut serial cannot be restored by padding.

    ## Evidence
    Six digits in 1,251/1,259 cablegate banners; every non-6-digit serial is on a 1966–1990
    cable (cable-format.md §4.1). Corpus: 3 of 4,200 cables (`TRIPOLI 00011`,
    `REYKJAVIK 00040QSITIVE`, `BISHIEK 00Q021`).
    """

    code = "C204"
    name = "banner-serial"
    default_severity = Severity.WARNING
    tags = ("classification", "banner", "date")

    def check(self, cable, ctx):
        b = cable.banner
        if b is None or b.serial is None:
            return
        when = ctx.cable_date(cable)
        if when is None or when.year < 2000:
            return
        serial = b.serial.text
        if len(serial) != 6:
            yield self.diagnostic(b.serial.span, f'serial "{serial}" has {len(serial)} digits; cables dated 2000 or '
                                                 f"later carry 6, zero-padded")
