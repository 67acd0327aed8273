from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._orders import is_rekeyed, order, order_on


class EoOrderAnachronism(Rule):
    """The E.O. line cites an order that was not in force on the cable date.

    ## What it does
    Compares the order on the E.O. line with the order in force on the cable date (the DTG
    date, else the configured `cable-date`): E.O. 11652 (1972-06-01 to 1978-11-30), 12065
    (1978-12-01 to 1982-08-01), 12356 (1982-08-01 to 1995-10-13), 12958 (1995-10-14 to
    2010-06-26), 13526 (from 2010-06-27); E.O. 10501 before mid-1972. The dates live in one
    table, `rules/data/executive_orders.toml`, with their sources. Archival copies re-keyed at
    declassification (`E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009` on a 1966 cable,
    `E.O. 12958: AS AMENDED; DECLASSIFIED ...`) cite the order of their re-keying and are
    accepted. Cables without a date are skipped.

    ## Why is this bad?
    A classification can only rest on the order in force when it was made. An anachronistic
    order means a template left unchanged (E.O. 12958 after June 2010), a typo in the year
    of the DTG, or a header and a body from different cables.

    ## Example
        O 151020Z JUL 10
        ...
        E.O. 12958: DECL: 07/15/2020

    ## Use instead
        E.O. 13526: DECL: 07/15/2020

    ## Fix safety
    No fix: which order applies, and what the line should then say, is the classifier's call.

    ## Evidence
    Cablegate ends in February 2010, so every dated E.O. 12958 line there is in time; the
    re-keyed 1960s-70s copies are the only mismatches (cable-format.md §5.1, §9).
    """

    code = "D303"
    name = "eo-order-anachronism"
    default_severity = Severity.ERROR
    tags = ("declassification", "date")

    def check(self, cable, ctx):
        day = ctx.cable_date(cable)
        if day is None:
            return
        for eo in cable.eo_lines:
            cited = order(eo.order.text) if eo.order else None
            if cited is None or eo.kind in ("truncated", "redacted"):
                continue  # no order, or not one (D302)
            if cited.start <= day <= cited.end:
                continue
            if is_rekeyed(eo.value.text if eo.value else None):
                continue
            current = order_on(day)
            tail = f"; the order then was E.O. {current.number}" if current else ""
            yield self.diagnostic(eo.order.span, f"E.O. {cited.number} was not in force on the cable date "
                                                 f"{day.isoformat()} (in force {_range(cited)}){tail}")


def _range(o) -> str:
    if o.end.year == 9999:
        return f"from {o.start.isoformat()}"
    return f"{o.start.isoformat()} to {o.end.isoformat()}"
