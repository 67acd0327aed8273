import re
from datetime import date

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import first_line, own_statements

EO12958 = date(1995, 10, 14)
# The mark with which cablegate pages cut a text short (`¶B. BRATIS...`, `C...`).
_CUT = re.compile(r"\.\.\.$")


def cut_before_text(cable, source) -> bool:
    """The copy is cut short before paragraph 1 (a front-matter line ends with `...`) and no
    complete rendering with its own SUBJECT line follows the cut."""
    if cable.banner is None:
        return False
    end = cable.paragraphs[0].span.line if cable.paragraphs else len(source.lines) + 1
    cut = next((n for n in range(cable.banner.span.line, end) if _CUT.search(source.lines[n - 1].rstrip())), None)
    return cut is not None and not any(s.span.line > cut for s in cable.subjects)


class ClassifiedByMissing(Rule):
    """A classified cable has no `Classified By:` (or `Derived from`) line.

    ## What it does
    Reports a CONFIDENTIAL, SECRET or TOP SECRET cable whose text has no classification
    authority statement: a `Classified By:` line (any of its real spellings: `CLASSIFIED BY:`,
    `Classified by`, `(U) Classified by`, wrapped over two lines, right after the banner or
    joined to the SUBJECT or REF line by a re-flowed copy), a `Derived from` line, or the
    statement written as paragraph 1 or 2 (`1. (U) CLASSIFIED BY …`). The diagnostic points at
    paragraph 1, before which the statement belongs (at the banner when there is no numbered
    paragraph). Partial extracts, copies cut short before paragraph 1 (a front-matter line
    ending in `...`, as on abbreviated cablegate pages, with no complete rendering after it) and cables dated before E.O. 12958
    took effect (1995-10-14; earlier orders put the classifier in the E.O. line) are not
    checked.

    ## Why is this bad?
    5 FAH-1 H-246: "If your telegram is classified you must include an unnumbered paragraph
    preceding the first paragraph of text [with] (1) The name and position of the officer
    classifying the telegram; (2) The reason it is classified". 5 FAH-1 H-131: drafters "must
    identify the source of the classification authority and provide reason for
    classification … on the face of each classified document".

    ## Example
        SUBJECT: TEST

        1. (C) Text.

    ## Use instead
        SUBJECT: TEST

        Classified By: Ambassador Jane Roe for reasons 1.4 (b) and (d).

        1. (C) Text.

    ## Fix safety
    No fix: the classifier's name and reasons are the drafter's to supply.

    ## Evidence
    Present in 1,130 of 1,150 classified cablegate bodies (cable-format.md §1.3, §7.3).
    Corpus: 64 of about 2,900 classified cables; most are published renderings that dropped
    the SUBJECT and Classified By lines together, a few intact copies lack it (08PARIS1698,
    09CAIRO2292).
    """

    code = "C207"
    name = "classified-by-missing"
    default_severity = Severity.ERROR
    tags = ("classification", "classified-by")

    def check(self, cable, ctx):
        if not cable.is_classified or cable.partial or own_statements(cable):
            return
        when = ctx.cable_date(cable)
        if (when is not None and when < EO12958) or cut_before_text(cable, ctx.source):
            return
        level = cable.classification
        if cable.paragraphs:
            para = cable.paragraphs[0]
            yield self.diagnostic(para.number_field.span,
                                  f'{level} cable without a "Classified By:" line before paragraph {para.number}')
        else:
            yield self.diagnostic(first_line(cable.banner.span, ctx.source),
                                  f'{level} cable without a "Classified By:" line')
