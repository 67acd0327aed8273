from datetime import timedelta

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._orders import add_years, code_family, dated_lines, order, order_on

TOLERANCE = timedelta(days=7)  # local vs. Zulu date, and a few days' slack (rules.md D307)


class DeclDateTooFar(Rule):
    """The DECL date is more than 25 years after the cable date without an exemption.

    ## What it does
    Under E.O. 12958 and 13526 a DECL date may lie at most 25 years after the cable date
    (plus 7 days for local vs. Zulu dates), unless the line carries a 25X or 50X exemption
    code (`25X1`, `50X1-HUM`). The cable date is the DTG date, else the configured
    `cable-date`; cables without a date are skipped, and so are lines citing the older orders,
    whose schedules set other horizons. The horizon per order is in
    `rules/data/executive_orders.toml`.

    ## Why is this bad?
    E.O. 12958 §1.5 and E.O. 13526 §1.5(b): without an earlier date or event, information
    is marked for declassification 10 years out, or up to 25 years when its sensitivity
    requires; longer needs an exemption. A date 40 years out is almost always a typo
    (`2048` for `2018`).

    ## Example
        O 072354Z APR 08
        ...
        E.O. 12958: DECL: 04/07/2048

    ## Use instead
        E.O. 12958: DECL: 04/07/2018

    ## Fix safety
    No fix: the intended date is unknown.

    ## Evidence
    6 of 1,100 dated DECLs in the cablegate sample lie 30-46 years out (09RIYADH651 to 2050,
    08BEIJING3067 to 2038, ...; cable-format.md §5.3).
    """

    code = "D307"
    name = "decl-date-too-far"
    default_severity = Severity.ERROR
    tags = ("declassification", "date")

    def check(self, cable, ctx):
        day = ctx.cable_date(cable)
        if day is None:
            return
        for eo in dated_lines(cable):
            governing = (order(eo.order.text) if eo.order else None) or order_on(day)
            if governing is None or governing.max_years is None:
                continue
            if any(code_family(c.text) in ("25X", "50X") for c in eo.codes):
                continue
            limit = add_years(day, governing.max_years)
            if eo.date > limit + TOLERANCE:
                years = (eo.date - day).days / 365.25
                yield self.diagnostic(eo.date_field.span, (
                    f"DECL date {eo.date.isoformat()} is {years:.0f} years after the cable date {day.isoformat()}; "
                    f"E.O. {governing.number} allows at most {governing.max_years} without a 25X/50X exemption"))
