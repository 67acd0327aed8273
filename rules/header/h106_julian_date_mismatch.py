from datetime import datetime, timedelta

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import checked_header

# A filing time just after (or before) midnight may carry the next (previous) day.
_MIDNIGHT_SLACK = timedelta(minutes=60)


class JulianDateMismatch(Rule):
    """The FL3 Julian day is not the day of year of the FL5 date-time group.

    ## What it does
    Compares the Julian day of the DE line's filing time (`0982354`: day 098, 23:54 Zulu)
    with the day of year of the DTG (`072354Z APR 08`: 7 April 2008 = day 098). A filing time
    within an hour of the DTG on the other side of midnight is accepted (`2230014` for
    `102356Z AUG 09`).

    ## Why is this bad?
    The station files a telegram minutes after its release time, so both name the same day.
    A different day means the header was re-filed (a retransmission or correction) or belongs
    to another cable; either way the DTG, the date every date rule reads, deserves a look.

    ## Example
        DE RUEHSM #0748/01 3121632
        ...
        P 101632Z NOV 08

    ## Use instead
        DE RUEHSM #0748/01 3151632
        ...
        P 101632Z NOV 08

    ## Fix safety
    No fix: which of the two dates is right cannot be told from the header alone.

    ## Evidence
    The Julian day equals the DTG's day of year in 1,115/1,120 cablegate headers; the 5 others
    are retransmitted or corrected cables (cable-format.md §3.4). Hence a warning. Corpus: 8
    of 4,200 cables, re-filed 1–5 days after their DTG (mostly STATE cables).
    """

    code = "H106"
    name = "julian-date-mismatch"
    default_severity = Severity.WARNING
    tags = ("header", "FL3", "FL5", "date", "cross-check")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None or header.station is None or header.station.julian is None:
            return
        when = cable.dtg
        if when is None:
            return
        st = header.station
        doy = when.timetuple().tm_yday
        if st.julian_day == doy:
            return
        hour, minute = int(st.time.text[:2]), int(st.time.text[2:])
        if hour < 24 and minute < 60:
            for year in (when.year - 1, when.year, when.year + 1):
                filed = datetime(year, 1, 1) + timedelta(days=st.julian_day - 1, hours=hour, minutes=minute)
                if abs(filed - when) <= _MIDNIGHT_SLACK:
                    return
        yield self.diagnostic(
            st.julian.span,
            f"Julian day {st.julian.text} does not match the DTG {header.dtg.dtg.text} (line {header.dtg.span.line}), "
            f"day {doy:03d} of {when.year}")
