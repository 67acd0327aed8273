import calendar

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import RANK, checked_header


class DtgInvalid(Rule):
    """The FL5 date-time group is not a real `<prec> DDHHMMZ MON YY`.

    ## What it does
    Checks format line 5 of a routing header: one or two precedence letters (Z, O, P, R; a
    second letter not higher than the first), then a date-time group `DDHHMMZ MON YY` naming a
    real calendar day of that month and year, an hour below 24, a minute below 60, a month
    JAN–DEC and a two- or four-digit year.

    ## Why is this bad?
    The DTG is the cable's identity on the circuits and its date everywhere else: every
    date-dependent check (declassification horizons, the E.O. in force, LOU and SBU, the
    1.4/1.5 section) reads it. A DTG that names no real moment makes all of them guess.

    ## Example
        O 072361Z APR 08

    ## Use instead
        O 072359Z APR 08

    ## Fix safety
    No fix: the intended time cannot be known.

    ## Evidence
    No impossible DTG in 1,295 cablegate pages; precedence letters O 385, P 384, R 265, O R 20,
    O P 13, P R 5, and a second letter never higher than the first (cable-format.md §3.6).
    Corpus: no DTG line of the 4,200 cables trips it.
    """

    code = "H109"
    name = "dtg-invalid"
    default_severity = Severity.ERROR
    tags = ("header", "FL5", "date")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None or header.dtg is None:
            return
        dl = header.dtg
        if dl.precedence is not None:
            letters = dl.precedence.text.split()
            bad = [x for x in letters if x not in RANK]
            if bad:
                yield self.diagnostic(dl.precedence.span,
                                      f'precedence "{dl.precedence.text}" is not one or two of Z, O, P, R')
            elif len(letters) == 2 and RANK[letters[1]] > RANK[letters[0]]:
                yield self.diagnostic(dl.precedence.span,
                                      f'second precedence letter "{letters[1]}" is higher than the first "{letters[0]}"')
        if dl.dtg is None or dl.day is None:
            rest = dl.rest
            text = dl.dtg.text if dl.dtg is not None else (rest.text if rest is not None else "")
            span = dl.dtg.span if dl.dtg is not None else (rest.span if rest is not None else dl.span)
            yield self.diagnostic(span, f'date-time group "{text}" is not DDHHMMZ MON YY' if text
                                  else "no date-time group (DDHHMMZ MON YY) on the DTG line")
            return
        parts = dl.parts
        if dl.month is None:
            yield self.diagnostic(parts["month"].span, f'month "{parts["month"].text}" is not JAN-DEC')
        elif not 1 <= dl.day <= calendar.monthrange(dl.year, dl.month)[1]:
            yield self.diagnostic(parts["day"].span,
                                  f'day {parts["day"].text} does not exist in {parts["month"].text.upper()} {dl.year}')
        if dl.hour >= 24:
            yield self.diagnostic(parts["hour"].span, f"hour {parts['hour'].text} is not below 24")
        if dl.minute >= 60:
            yield self.diagnostic(parts["minute"].span, f"minute {parts['minute'].text} is not below 60")
