from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._orders import code_family, family_label, order, orders


class DeclCodeAnachronism(Rule):
    """A declassification code that does not belong to the order cited (or not on that date).

    ## What it does
    Each order had its own codes: `GDS` and `XGDS-n` under E.O. 11652 and 12065, `RDS-n` (and
    `XDS-n`) under 12065, `OADR` under 12356, `X1`-`X8` under E.O. 12958 before its amendment
    of 2003-03-25, `25X1`-`25X9`, `50X1-HUM` and `50X2-WMD` under 12958 as amended and 13526
    (`MR` under 12958). A code outside the cited order's list, or used outside its dates
    (the cable date: DTG, else the configured `cable-date`), is reported on the code. The
    table is `rules/data/executive_orders.toml`.

    ## Why is this bad?
    A code means something only under its order: `OADR` ("Originating Agency's
    Determination Required") was abolished by E.O. 12958, and its X1-X8 exemptions by the
    2003 amendment, which introduced the 25X categories. A code from another order leaves the
    text without a valid declassification instruction.

    ## Example
        E.O. 12958: DECL: OADR

    ## Use instead
        E.O. 12958: DECL: 04/07/2018

    ## Fix safety
    No fix: the right date or exemption is the classifier's decision.

    ## Evidence
    Codes in the corpus: `OADR` with 12356 (1985-1990), `GDS` with 11652 (1973-75), `GDS`
    with 12065 (1979), `X1` with 12958 (06NAIROBI1114, after 2003), `25X1` and `MR` with
    12958 (cable-format.md §5.1, §5.2).
    """

    code = "D308"
    name = "decl-code-anachronism"
    default_severity = Severity.ERROR
    tags = ("declassification", "date")

    def check(self, cable, ctx):
        day = ctx.cable_date(cable)
        for eo in cable.eo_lines:
            cited = order(eo.order.text) if eo.order else None
            if cited is None:
                continue
            for code in eo.codes:
                family = code_family(code.text)
                if family is None or cited.allows(family, day) is not None:
                    continue
                use = cited.allows(family, None)
                if use is not None:  # the order knows the code, but not on this date
                    window = (f"from {use.start.isoformat()}" if use.start else f"until {use.end.isoformat()}")
                    yield self.diagnostic(code.span, f"{code.text} belongs to E.O. {cited.number} only {window}; "
                                                     f"the cable is dated {day.isoformat()}")
                    continue
                owners = [o.number for o in orders() if o.allows(family, None) is not None]
                where = "E.O. " + " and ".join(owners) if owners else "no classification order"
                yield self.diagnostic(code.span, f"{family_label(family)} is not a code of E.O. {cited.number} "
                                                 f"(it belongs to {where})")
