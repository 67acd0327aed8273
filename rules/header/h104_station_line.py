import calendar
import re

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import checked_header

_RI = re.compile(r"R[A-Z]{4,7}")


class StationLine(Rule):
    """FL3 is `DE <RI> #<SSSS>[/<NN>] <JJJHHMM>`.

    ## What it does
    Checks format line 3 of a routing header: the keyword `DE`, the originating station's
    routing indicator (five to eight letters), the station serial number `#` + 4 digits with an
    optional `/NN` part number, and the filing time as Julian day (001–366) and hour and minute
    (`DE RUCNDT #0314 0982354`, `DE RUEHSW #0881/01 2540944`).

    ## Why is this bad?
    The DE line identifies the originating station and numbers its traffic: the station serial
    number is what end-of-message validation (`#SSSS`, FL15) and the banner serial tie back
    to (ACP 127; 5 FAH-2 H-320). A DE line that does not parse cannot be checked against the
    banner (H105) or the DTG (H106), and usually means a damaged copy.

    ## Example
        DE RUCNDT #314 0982354

    ## Use instead
        DE RUCNDT #0314 0982354

    ## Fix safety
    No fix: the missing digits cannot be known.

    ## Evidence
    Malformed DE lines: 2/1,120 in cablegate, both only with trailing blanks, which this rule
    does not count (cable-format.md §3.4). Corpus: no DE line of the 4,200 cables trips it.
    """

    code = "H104"
    name = "station-line"
    default_severity = Severity.ERROR
    tags = ("header", "FL3")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None or header.station is None:
            return
        st = header.station
        if st.ri is None:
            missing = "the originating routing indicator"
        elif st.ssn is None:
            missing = "the station serial number (#NNNN)"
        elif st.filed is None:
            missing = "the filing time (JJJHHMM)"
        else:
            missing = None
        if st.rest is not None:
            what = f"; {missing} is missing" if missing else ""
            yield self.diagnostic(st.rest.span,
                                  f'unexpected "{st.rest.text}" in the DE line (DE <RI> #<SSSS>[/<NN>] <JJJHHMM>){what}')
        elif missing:
            yield self.diagnostic(st.span, f"DE line without {missing} (DE <RI> #<SSSS>[/<NN>] <JJJHHMM>)")
        if st.ri is not None and not _RI.fullmatch(st.ri.text):
            yield self.diagnostic(st.ri.span, f'routing indicator "{st.ri.text}" is not 5-8 letters starting with R')
        if st.ssn is not None:
            if st.number is None:
                yield self.diagnostic(st.ssn.span, f'station serial number "{st.ssn.text}" is not # + 4 digits')
            elif len(st.number.text) != 4:
                yield self.diagnostic(st.number.span,
                                      f'station serial number "{st.number.text}" has {len(st.number.text)} digits; expected 4')
            if st.part_field is not None and len(st.part_field.text) != 2:
                yield self.diagnostic(st.part_field.span,
                                      f'part number "/{st.part_field.text}" is not 2 digits (/01)')
        if st.julian is not None:
            day = st.julian_day
            year = cable.dtg.year if cable.dtg else None
            days = (366 if calendar.isleap(year) else 365) if year else 366
            if not 1 <= day <= days:
                where = f" in {year}" if year else ""
                yield self.diagnostic(st.julian.span, f"Julian day {st.julian.text} does not exist{where} (001-{days:03d})")
            hour, minute = int(st.time.text[:2]), int(st.time.text[2:])
            if hour >= 24 or minute >= 60:
                yield self.diagnostic(st.time.span, f'filing time "{st.time.text}" is not a time of day (HHMM)')
