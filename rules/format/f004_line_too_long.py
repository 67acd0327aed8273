from cablelint.diagnostics import Severity, Span
from cablelint.registry import Rule


class LineTooLong(Rule):
    """A line longer than `max-line-length`.

    ## What it does
    Reports each line longer than `max-line-length` characters (default 72), pointing at the
    part beyond the limit.

    ## Why is this bad?
    Telegrams are fixed-width text: the ACP-127 teleprinter line is 69 characters and 5 FAH-1
    H-246.1 tells drafters to "use only 55 characters including punctuation and spaces per
    line". Longer lines wrap unpredictably on the wire and in archives; a whole paragraph on
    one line is the mark of a re-flowed published copy.

    ## Example
    A paragraph of 400 characters on one line.

    ## Use instead
    The same paragraph wrapped at 55-72 characters.

    ## Fix safety
    No fix: re-wrapping a record changes every following line.

    ## Options
    `max-line-length` (int, default 72).

    ## Evidence
    Published lines wrap at 60-74 characters when wrapped at all; 2,129 of the 4,200 corpus
    cables are re-flowed to one line per paragraph (cable-format.md §2.6).
    """

    code = "F004"
    name = "line-too-long"
    default_severity = Severity.WARNING
    options = {"max-line-length": 72}
    tags = ("format", "layout")

    def check(self, cable, ctx):
        limit = ctx.settings.max_line_length
        for i, line in enumerate(ctx.source.lines):
            n = len(line.rstrip())
            if n > limit:
                yield self.diagnostic(Span(i + 1, limit + 1, i + 1, n + 1),
                                      f"line is {n} characters long (max {limit})")
