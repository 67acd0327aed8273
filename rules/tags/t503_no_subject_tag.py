from cablelint.diagnostics import Severity, Span
from cablelint.registry import Rule
from cablelint.rules.tags._vocabulary import for_settings, read_tags


class NoSubjectTag(Rule):
    """The TAGS line carries no subject TAG.

    ## What it does
    Checks that at least one token of the TAGS line is a subject TAG: four letters, the first
    naming the category (PREL, PGOV, ECON, PHUM, ASEC, CVIS ...). Program (K) TAGS, countries,
    organisations and persons do not count. The parts of a run-together token that T504 can
    split (`PHUMPGOV`) count.

    ## Why is this bad?
    "By definition every cable must have at least one subject tag" (cabledrum, cable-format.md
    §6.1); 5 FAH-3 H-612 names subject TAGS first among the three types. Without one the cable
    is filed under no subject.

    ## Example
        TAGS: KDEM, IZ

    ## Use instead
        TAGS: PGOV, KDEM, IZ

    ## Fix safety
    No fix: the subject is the drafter's choice.

    ## Evidence
    Cablegate TAGS lines hold 1-15+ tokens, 4,299 of 7,349 of them subject TAGS
    (cable-format.md §6.3); a line without any is rare.
    """

    code = "T503"
    name = "no-subject-tag"
    default_severity = Severity.ERROR
    tags = ("tags",)

    def check(self, cable, ctx):
        tl = cable.tags
        if tl is None:
            return
        readings = read_tags(tl, for_settings(ctx.settings))
        if any("subject" in r.kinds for r in readings):
            return
        if not readings:
            yield self.diagnostic(tl.keyword.span, "the TAGS line lists no tag; expected at least one subject TAG")
            return
        first, last = readings[0].tag.span, readings[-1].tag.span
        listed = ", ".join(r.tag.text for r in readings[:6]) + (", ..." if len(readings) > 6 else "")
        yield self.diagnostic(Span(first.line, first.column, last.end_line, last.end_column),
                              f"no subject TAG on the TAGS line ({listed}); expected at least one (PREL, PGOV, ECON ...)")
