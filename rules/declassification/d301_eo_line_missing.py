from cablelint.diagnostics import Severity
from cablelint.registry import Rule



class EoLineMissing(Rule):
    """The text has no E.O. line, or has a second one.

    ## What it does
    Checks that exactly one declassification line (`E.O. 12958: DECL: 04/07/2018`) stands
    between the captions and TAGS. A missing line is reported where it was expected: on the
    TAGS line (or, without TAGS, on the SUBJECT, REF, Classified By line or the first
    paragraph; without any of them, on the banner). A second E.O. line in the front matter is
    reported on itself (a copy that repeats its banner or front matter, as media teasers,
    export records and received copies do, may repeat its E.O. line). An E.O. line that a
    re-flowed copy glued into the banner or a passing line (`DEPT FOR WHA/BSC E.O. 12958:
    DECL: 11/22/2012`) counts as present. Copies whose front matter a web page cut short (a
    passing line ending `...`) and partial extracts are not checked.

    ## Why is this bad?
    5 FAH-1 H-131: drafters "must identify the source of the classification authority and
    provide reason for classification and declassification guidelines on the face of each
    classified document"; the E.O. line carries them, and unclassified cables carry
    `E.O. 12958: N/A`. Without it nobody can tell when the text may be released; two lines
    contradict each other.

    ## Example
        C O N F I D E N T I A L STATE 012345
        SIPDIS
        TAGS: PREL, UNSC

    ## Use instead
        C O N F I D E N T I A L STATE 012345
        SIPDIS
        E.O. 12958: DECL: 03/02/2019
        TAGS: PREL, UNSC

    ## Fix safety
    No fix: the declassification instruction is the classifier's decision.

    ## Evidence
    The E.O. line is missing in 7 of 1,295 cablegate pages (cable-format.md §5.1); partial
    extracts, whose front matter was cut, are not checked.
    """

    code = "D301"
    name = "eo-line-missing"
    default_severity = Severity.ERROR
    tags = ("declassification",)

    def check(self, cable, ctx):
        if cable.partial:
            return
        if not cable.eo_lines:
            anchor = _anchor(cable)
            if anchor is not None and not _truncated_before(cable, anchor[0]):
                span, where = anchor
                yield self.diagnostic(span, f"no E.O. line; expected {where}")
            return
        # A copy that repeats its whole front matter (a media teaser followed by the full
        # text, an export record after it, a received copy's later section) repeats the E.O.
        # line with it: a banner, TAGS or SUBJECT line stands between the two. A second line
        # within one front matter is the defect.
        starts = [b.span.line for b in cable.banners] + [t.span.line for t in cable.tags_lines] \
            + [s.span.line for s in cable.subjects]
        first = cable.eo_lines[0]
        for eo in cable.eo_lines[1:]:
            if any(first.span.line < line < eo.span.line for line in starts):
                first = eo
                continue
            yield self.diagnostic(_keyword_span(eo), f"a second E.O. line (the first is on line {first.span.line})")


def _anchor(cable):
    """The first part that follows the E.O. line (cable-format.md §1.2): its keyword."""
    followers = (
        (cable.tags, lambda x: x.keyword.span, "before the TAGS line"),
        (cable.subject, lambda x: x.keyword.span, "before the SUBJECT line"),
        (cable.ref_blocks[0] if cable.ref_blocks else None, lambda x: x.keyword.span, "before the REF block"),
        (cable.classified_by, lambda x: (x.keyword or x).span, "before the Classified By line"),
        (cable.paragraphs[0] if cable.paragraphs else None, lambda x: x.number_field.span, "before the text"),
    )
    present = [(get(x), where) for x, get, where in followers if x is not None]
    if present:
        return min(present, key=lambda p: (p[0].line, p[0].column))
    if cable.banner is not None:
        b = cable.banner.klass.span if cable.banner.klass else cable.banner.span
        return b, "after the banner and captions"
    return None


def _truncated_before(cable, span) -> bool:
    """A copy cut short above the anchor (`DOC FOR ENERGY, ...`): the E.O. line went with the cut."""
    lines = [*cable.captions, *cable.passing, *cable.corrected]
    return any(x.span.line < span.line and x.text.rstrip().endswith(("...", "…")) for x in lines)


def _keyword_span(eo):
    return eo.keyword.span
