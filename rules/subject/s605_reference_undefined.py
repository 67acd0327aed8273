from cablelint.diagnostics import Severity, Span
from cablelint.registry import Rule
from cablelint.rules.subject._references import citations


class ReferenceUndefined(Rule):
    """The text cites a REF letter that the REF block does not define.

    ## What it does
    Finds the citations of references in the text - `REF B`, `REFTEL C`, `ref (c)`,
    `REFS A AND B`, `reftels A-C` - and reports every cited letter for which the REF block has
    no item. Cables whose REF block is not lettered (or that have none) are left alone: their
    citations cannot be checked against letters.

    ## Why is this bad?
    A citation of a reference that is not listed sends the reader to a message they cannot
    find; it usually means an item was dropped from the REF block, or the letters were shifted
    after the text was written (S603).

    ## Example
        REF: A. STATE 34975
             B. MOSCOW 869
        1. (C) As reported in ref C, ...

    ## Use instead
        REF: A. STATE 34975
             B. MOSCOW 869
             C. MOSCOW 812
        1. (C) As reported in ref C, ...

    ## Fix safety
    No fix: the missing reference is the drafter's knowledge.

    ## Evidence
    The text cites references as `ref A`, `reftel B`, `REF (c)`; `REFTEL` appears in 254
    cablegate bodies, `SEPTEL` in 128 (cable-format.md §7.2).
    """

    code = "S605"
    name = "reference-undefined"
    default_severity = Severity.WARNING
    tags = ("references",)

    def check(self, cable, ctx):
        letters = {it.letter.text.upper() for b in cable.ref_blocks for it in b.items
                   if it.letter is not None and it.letter.text.isalpha()}
        if not letters:
            return
        body = {ln.line for p in cable.paragraphs for ln in p.lines}
        body |= {p.span.line for p in cable.paragraphs}
        body |= {ln.line for ln in cable.body_lines}
        if cable.subject is not None:
            body.add(cable.subject.span.line)
        refs = {b.span.line for b in cable.ref_blocks} | {it.span.line for b in cable.ref_blocks for it in b.items}
        for nl in ctx.source.norm:
            line = nl.orig + 1
            if line not in body or line in refs or "ref" not in nl.text.lower():
                continue
            for letter, a, b in citations(nl.text):
                if letter not in letters:
                    col = nl.to_orig(a) + 1
                    defined = ", ".join(sorted(letters))
                    yield self.diagnostic(Span(line, col, line, nl.end_to_orig(b) + 1),
                                          f"the text cites REF {letter}, but the REF block has no item {letter} "
                                          f"(it has {defined})")
