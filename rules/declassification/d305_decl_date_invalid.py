import re

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

_MDY = re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})")
_YMD = re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})")


class DeclDateInvalid(Rule):
    """The DECL date is not a real calendar date written `MM/DD/YYYY` or `YYYY/MM/DD`.

    ## What it does
    Reads the date of `E.O. <order>: DECL: <date>`. An impossible date (`02/30/2018`,
    `13/07/2018`) or a date in another form (`2019-02-12`, `11.29.2027`) is an error; a
    two-digit year (`06/29/14`) is reported as a warning, since the century has to be
    guessed. One- or two-digit month and day (`4/7/2018`) are accepted.

    ## Why is this bad?
    The date decides when the text may be released; tools read it with the two telegram
    forms only (cablemap; the SMART template writes `YYYY/MM/DD`). An impossible date has
    no release day at all, and `06/29/14` could be 1914 or 2014.

    ## Example
        E.O. 12958: DECL: 02/30/2018

    ## Use instead
        E.O. 12958: DECL: 02/28/2018

    ## Fix safety
    No fix: the intended date cannot be known.

    ## Evidence
    `MM/DD/YYYY` 1036, `YYYY/MM/DD` 62 (late 2009-2010), `M/DD/YYYY` 20, `MM/DD/YY` 4-6 of
    1,295 cablegate pages; no impossible date there (cable-format.md §5.1).
    """

    code = "D305"
    name = "decl-date-invalid"
    default_severity = Severity.ERROR
    tags = ("declassification", "date")

    def check(self, cable, ctx):
        for eo in cable.eo_lines:
            if eo.kind != "date" or eo.date_field is None:
                continue
            text = eo.date_field.text
            mdy, ymd = _MDY.fullmatch(text), _YMD.fullmatch(text)
            if mdy is None and ymd is None:
                yield self.diagnostic(eo.date_field.span, f'DECL date "{text}" is not written MM/DD/YYYY or YYYY/MM/DD')
            elif eo.date is None:
                m = mdy or ymd
                yield self.diagnostic(eo.date_field.span, f'DECL date "{text}" is not a real date ({_why(m)})')
            elif mdy is not None and len(mdy["y"]) == 2:
                message = f'DECL date "{text}" has a two-digit year; write {eo.date.strftime("%m/%d/%Y")}'
                yield self.diagnostic(eo.date_field.span, message, severity=Severity.WARNING)


def _why(m) -> str:
    month, day = int(m["m"]), int(m["d"])
    if not 1 <= month <= 12:
        return f"month {month}"
    if day < 1:
        return f"day {day}"
    return f"{_MONTHS[month - 1]} has no day {day}" + (f" in {m['y']}" if month == 2 and day == 29 else "")


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
