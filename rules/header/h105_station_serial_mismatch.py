from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import checked_header, trusted_serial


class StationSerialMismatch(Rule):
    """The FL3 station serial does not equal the banner serial modulo 10000.

    ## What it does
    Compares the station serial number of the DE line (`DE RUCNDT #0314 0982354`) with the
    serial of the classification banner (`USUN NEW YORK 000314`): the four digits of the SSN
    are the banner serial modulo 10000. Cables of a travelling delegation (`FM USDEL …`, the
    PARTO/SECTO series) are skipped: they are numbered in the delegation's own series.

    ## Why is this bad?
    The SSN and the message reference number are two statements of the same number. When
    they disagree, the header usually belongs to another cable than the text below it: a
    routing block glued to the wrong body, which changes who the text was sent to and when
    (cable-format.md §9, §10.1).

    ## Example
        DE RUEHFR #2725/01 2571622
        ...
        S E C R E T SECTION 01 OF 04 MOSCOW 005154

    ## Use instead
        DE RUEHMO #5154/01 2571622
        ...
        S E C R E T SECTION 01 OF 04 MOSCOW 005154

    ## Fix safety
    No fix: which half belongs to the cable is a question for the record, not the linter.

    ## Evidence
    SSN = banner serial mod 10000 in 1,087/1,090 cablegate cables; the 3 exceptions are
    header/body mix-ups (cable-format.md §3.4). Corpus: 9 of 4,200 cables, all true: the
    mix-ups 06AMMAN3564, 07PARIS2725, 08LAPAZ751, 09ASUNCION595, 09CHISINAU694, 09MOSCOW1108
    and 10MEXICO614, 07NAIROBI4427 (banner 004428) and 10TRIPOLI112 (banner serial cut to
    `00011`).
    """

    code = "H105"
    name = "station-serial-mismatch"
    default_severity = Severity.ERROR
    tags = ("header", "FL3", "banner", "cross-check")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None or header.station is None or header.station.number is None:
            return
        if header.originator is not None and header.originator.plad is not None \
                and header.originator.plad.text.upper().startswith("USDEL"):
            return
        serial = trusted_serial(cable.banner)
        if serial is None:
            return
        st = header.station
        if st.serial != serial % 10000:
            b = cable.banner
            yield self.diagnostic(
                st.number.span,
                f'station serial #{st.number.text} does not match the banner serial {b.serial.text} '
                f"(line {b.span.line}); expected #{serial % 10000:04d}")
