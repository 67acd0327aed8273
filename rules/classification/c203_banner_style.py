from cablelint.diagnostics import Edit, Fix, Severity
from cablelint.registry import Rule

from ._common import WIRE


class BannerStyle(Rule):
    """The banner's class is not written as on the wire.

    ## What it does
    Reports a banner class spelled otherwise than the telegram system writes it:
    `CONFIDENTIAL` or `Confidential` for `C O N F I D E N T I A L`, `SECRET` for
    `S E C R E T`, `UNCLASSIFIED` for `UNCLAS`, lower-cased media copies (`S e c r e t`) and
    garbled spacing (`CC O N F I D E N T I A L`, `C ONFIDENTIAL`).

    ## Why is this bad?
    The spaced class words are how the wire form sets the classification apart from the text
    (cable-format.md §4.1); tools and readers that look for them (archives, cablemap, search)
    miss a banner written another way, and a garbled class word is often the first sign of a
    damaged copy.

    ## Example
        CONFIDENTIAL SECTION 01 of 03 BAKU 000744

    ## Use instead
        C O N F I D E N T I A L SECTION 01 of 03 BAKU 000744

    ## Fix safety
    Unsafe: the fix rewrites the class words in their wire form. It keeps the classification,
    but it edits the classification line of a record, which a person should confirm.

    ## Evidence
    `UNCLAS` in 99 of 102 unclassified cablegate banners, about 10 unspaced or long forms and
    15 corrupted ones (cable-format.md §4.1). Corpus: 47 of 4,200 cables (`CONFIDENTIAL` 12,
    lower-cased media copies 9, doubled or dropped letters 13, `SECRET` 4, `UNCLASSIFIED` 4 …).
    """

    code = "C203"
    name = "banner-style"
    default_severity = Severity.WARNING
    fix = "unsafe"
    tags = ("classification", "banner", "style")

    def check(self, cable, ctx):
        b = cable.banner
        if b is None or b.klass is None or b.classification not in WIRE:
            return
        want = WIRE[b.classification]
        if b.klass.text != want:
            yield self.diagnostic(b.klass.span, f'banner class "{b.klass.text}" is not the wire form "{want}"',
                                  Fix.unsafe([Edit(b.klass.span, want)], f'write "{want}"'))
