from cablelint.diagnostics import Severity, Span
from cablelint.registry import Rule
from cablelint.rules.tags._vocabulary import for_settings, read_tags


class NoGeographicTag(Rule):
    """The TAGS line carries no 2-letter geographic TAG.

    ## What it does
    Checks that the TAGS line names a country or region: a 2-letter geographic TAG (RS, IZ,
    FR, XF). The parts of a run-together token that T504 can split (`IZPREL`) count.

    ## Why is this bad?
    TAGS are "Traffic Analyses by Geography and Subject" (5 FAH-3 H-011): the geographic TAG
    files the cable under its country, and most cables carry one. Functional cables (a
    worldwide instruction, a UN committee) may legitimately name none, hence opt-in.

    ## Example
        TAGS: PREL, PGOV

    ## Use instead
        TAGS: PREL, PGOV, FR

    ## Fix safety
    No fix: the country is the drafter's choice.

    ## Evidence
    35/1276 cablegate TAGS lines carry no 2-letter geographic TAG (cable-format.md §6.3).
    """

    code = "T506"
    name = "no-geographic-tag"
    default_severity = Severity.INFO
    default_on = False
    tags = ("tags",)

    def check(self, cable, ctx):
        tl = cable.tags
        if tl is None:
            return
        readings = read_tags(tl, for_settings(ctx.settings))
        if not readings or any("geographic" in r.kinds for r in readings):
            return
        first, last = readings[0].tag.span, readings[-1].tag.span
        yield self.diagnostic(Span(first.line, first.column, last.end_line, last.end_column),
                              "no geographic TAG on the TAGS line; expected a 2-letter country or region code")
