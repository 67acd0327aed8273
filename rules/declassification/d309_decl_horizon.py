from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._orders import add_years

HORIZONS = (10, 25)
TOLERANCE_DAYS = 7


class DeclHorizon(Rule):
    """The DECL date is neither about 10 nor about 25 years after the cable date.

    ## What it does
    Opt-in. Reports a dated DECL that is not within 7 days of the cable date plus 10 or plus
    25 years (the cable date: DTG, else the configured `cable-date`; undated cables are
    skipped, and so are DECL dates not after the cable date, which are D306's).

    ## Why is this bad?
    E.O. 12958 as amended and 13526 §1.5(b) give two default horizons, 10 years and (for
    more sensitive information) 25. Other horizons are allowed when a specific date or event
    applies, but an unusual one is often a slip (`04/07/2019` on a 2008 cable). Informational.

    ## Example
        O 072354Z APR 08
        ...
        E.O. 12958: DECL: 04/07/2023

    ## Use instead
        E.O. 12958: DECL: 04/07/2018

    ## Fix safety
    No fix.

    ## Evidence
    Of 1,100 dated DECLs: 10 years 860, 25 years 86, 20 years 55, 9 years (10 years less a day
    or so) 41, 15 years 22, 5 years 9; the same day 460 times, one day earlier 243 times
    (cable-format.md §5.3).
    """

    code = "D309"
    name = "decl-horizon"
    default_severity = Severity.INFO
    default_on = False
    tags = ("declassification", "date")

    def check(self, cable, ctx):
        day = ctx.cable_date(cable)
        if day is None:
            return
        for eo in cable.eo_lines:
            if eo.kind != "date" or eo.date is None or eo.date <= day:
                continue
            if any(abs((eo.date - add_years(day, y)).days) <= TOLERANCE_DAYS for y in HORIZONS):
                continue
            years = (eo.date - day).days / 365.25
            yield self.diagnostic(eo.date_field.span, (
                f"DECL date {eo.date.isoformat()} is {years:.1f} years after the cable date {day.isoformat()}; "
                "the usual horizons are 10 and 25 years"))
