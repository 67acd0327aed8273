import re

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import first_line

_SECTION = re.compile(r"(?i:SECTION) \d{1,2} (?i:OF) \d{1,2}")
# Text glued to the serial that is the next part of the text run in by a media copy (the
# serial itself is intact): a caption or a text keyword.
_FUSED_FRONT = re.compile(r"(?:SIPDIS|NOFORN|SENSITIVE|E\.O\.|EO \d|TAGS|SUBJECT|REF)")


class BannerFormat(Rule):
    """The banner is not `<CLASS>[ SECTION NN OF MM] <POST> <SERIAL>`.

    ## What it does
    Checks the classification banner's parts: a class (UNCLAS, UNCLAS E F T O, LIMITED
    OFFICIAL USE, C O N F I D E N T I A L, S E C R E T, T O P  S E C R E T), an optional
    `SECTION NN OF MM`, the post and the serial. It reports a class it cannot read, a garbled
    section (`ECTION 01 OF 02`, `SECTION 01 GF 02`), a missing post or serial (a banner split
    over two lines), and a serial that runs into other text (`REYKJAVIK 00040QSITIVE`).
    How the class is spelled is C203's concern, the serial's padding C204's; text after the
    serial that a re-flowed copy joined to the banner line is accepted.

    ## Why is this bad?
    5 FAH-2 H-222: the classification line is the first line of the text; with the post and
    serial it forms the message reference number by which the cable is filed, cited in REF
    lines and found again. A banner that does not parse leaves the cable without a reliable
    classification or identity (garbled banners became bogus WikiLeaks IDs such as
    `08SCTION02OF02SAOPAULO335`).

    ## Example
        C O N F I D E N T I A L SCTION 02 OF 02 SAO PAULO 000335

    ## Use instead
        C O N F I D E N T I A L SECTION 02 OF 02 SAO PAULO 000335

    ## Fix safety
    No fix: a banner is the record's identity; a tool does not rewrite it.

    ## Evidence
    About 15 corrupted class words and 80+ garbled section words in cablegate
    (cable-format.md §4.1, §10.3); 1-digit section numbers (`SECTION 1 OF 2`, 1975) and
    lower-case `of` are accepted. Corpus: 11 of 4,200 cables, all damaged banners (garbled
    section words, serials run into text, a banner split over two lines).
    """

    code = "C202"
    name = "banner-format"
    default_severity = Severity.ERROR
    tags = ("classification", "banner")

    def check(self, cable, ctx):
        b = cable.banner
        if b is None:
            return
        if b.klass is None or b.classification is None:
            span = b.klass.span if b.klass is not None else first_line(b.span, ctx.source)
            yield self.diagnostic(span, f'banner class "{b.klass.text if b.klass else b.text}" is not one of UNCLAS, '
                                        "LIMITED OFFICIAL USE, C O N F I D E N T I A L, S E C R E T, T O P  S E C R E T")
            return
        if b.section is not None and not _SECTION.fullmatch(b.section.text):
            yield self.diagnostic(b.section.span, f'"{b.section.text}" is not SECTION NN OF MM')
        if b.post is None or b.serial is None:
            after = "the section" if b.section is not None else "the class"
            missing = "the post and serial" if b.post is None else "the serial"
            yield self.diagnostic(first_line(b.span, ctx.source), f"banner without {missing} after {after}")
            return
        before = b.section or b.efto or b.klass
        if b.post.span.line == before.span.line and b.post.span.column == before.span.end_column:
            yield self.diagnostic(b.post.span, f'the post "{b.post.text}" runs into "{before.text}"')
        rest = b.rest
        if rest is not None and rest.span.line == b.serial.span.line \
                and rest.span.column == b.serial.span.end_column and not _FUSED_FRONT.match(rest.text):
            yield self.diagnostic(rest.span, f'the serial "{b.serial.text}" runs into "{rest.text}"')
