import re

from cablelint.diagnostics import Severity
from cablelint.registry import Rule
from cablelint.rules._anchor import expected_place
from cablelint.rules.tags._vocabulary import for_settings

_WORD = re.compile(r"[^\s,;]+")


class TagsMissing(Rule):
    """The TAGS line is missing, or its keyword is not written `TAGS:`.

    ## What it does
    Checks that the text has a TAGS line and that it opens with the keyword `TAGS:`. A cable
    without one is reported at the place the line was expected (after the E.O. line). A
    misspelled keyword (`TAGS` without colon, `TAG:`, `TGS:`, `AGS:`, `Tags:`) is reported on
    the keyword; a tag list written without any keyword (`EFIN, ECON, PGOV, CH` under the E.O.
    line) is reported on that line.

    ## Why is this bad?
    "By definition every cable must have at least one subject tag" (cabledrum; cablemap:
    "Acc. to the U.S. SD every cable needs at least one tag"). TAGS - "Traffic Analyses by
    Geography and Subject", 5 FAH-3 H-011 - route the cable: AMADS disseminates by captions,
    TAGS and subject terms (5 FAH-2 H-252). A list that the keyword does not introduce is
    not found by the tools that read it.

    ## Example
        E.O. 12958: DECL: 04/07/2018
        TAG PREL, PGOV, SF
        SUBJECT: ...

    ## Use instead
        E.O. 12958: DECL: 04/07/2018
        TAGS: PREL, PGOV, SF
        SUBJECT: ...

    ## Fix safety
    No fix (the catalogue's fix column for T501 is `-`, although its text mentions an unsafe
    rewrite of a misspelled keyword): a line that only looks like a misspelled keyword may
    be text, and for a missing line only the drafter knows the tags.

    ## Evidence
    19/1295 cablegate pages have no TAGS line; the keyword lacks its colon in the
    media-partner copies (405 files of the corpus); cablemap handles `TAG`, `TAS:`, `TABS:`,
    `TGS:`, `TAGES:`, `AGS:`, `TAGS,`, `TAGS;` (cable-format.md §6.3, §10.5). Partial extracts
    (cut records) are not checked for a missing line.
    """

    code = "T501"
    name = "tags-missing"
    default_severity = Severity.ERROR
    tags = ("tags", "structure")

    def check(self, cable, ctx):
        tl = cable.tags
        if tl is not None:
            kw = tl.keyword
            if kw.text != "TAGS:":
                yield self.diagnostic(kw.span, f'TAGS keyword written "{kw.text}"; expected "TAGS:"')
            return
        if cable.partial:
            return
        bare = self._bare_list(cable, ctx)
        if bare is not None:
            span, text = bare
            yield self.diagnostic(span, f'tag list "{text}" without the TAGS keyword; expected "TAGS: {text}"')
            return
        place = expected_place(cable, "tags")
        if place is not None:
            span, where = place
            yield self.diagnostic(span, f"TAGS line missing; expected {where}")

    @staticmethod
    def _bare_list(cable, ctx):
        """The line right after the E.O. line, when it holds nothing but known tags."""
        eo = cable.eo
        if eo is None:
            return None
        after = [ln for ln in list(cable.passing) + list(cable.body_lines) if ln.span.line > eo.span.end_line]
        if not after:
            return None
        line = min(after, key=lambda ln: ln.span.line)
        if any(eo.span.end_line < s.line < line.span.line for _, s in cable.order):
            return None
        words = _WORD.findall(line.text)
        vocab = for_settings(ctx.settings)
        if len(words) >= 2 and all(vocab.kind(w) for w in words):
            return line.span, line.text
        return None
