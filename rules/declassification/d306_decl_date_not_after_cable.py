from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._orders import dated_lines


class DeclDateNotAfterCable(Rule):
    """The DECL date is not after the cable date.

    ## What it does
    Compares the declassification date of the E.O. line (a date, or the date of an E.O.
    12065 schedule such as `GDS 8/12/85`) with the cable date (the DTG date, else the
    configured `cable-date`; cables without a date are skipped). The DECL date must be later.

    ## Why is this bad?
    A declassification date on or before the day the information was classified declassifies
    it at once, which cannot be what the classifier meant: usually the year was mistyped
    (`04/07/2008` for `04/07/2018`) or a template date was left in place.

    ## Example
        O 072354Z APR 08
        ...
        E.O. 12958: DECL: 04/07/2007

    ## Use instead
        E.O. 12958: DECL: 04/07/2018

    ## Fix safety
    No fix: the intended date is unknown.

    ## Evidence
    0 of 1,100 dated DECLs in the cablegate sample fall on or before the cable date
    (cable-format.md §5.3).
    """

    code = "D306"
    name = "decl-date-not-after-cable"
    default_severity = Severity.ERROR
    tags = ("declassification", "date")

    def check(self, cable, ctx):
        day = ctx.cable_date(cable)
        if day is None:
            return
        for eo in dated_lines(cable):
            if eo.date <= day:
                when = "the same day as" if eo.date == day else "before"
                yield self.diagnostic(eo.date_field.span, f"DECL date {eo.date.isoformat()} is {when} "
                                                          f"the cable date {day.isoformat()}")
