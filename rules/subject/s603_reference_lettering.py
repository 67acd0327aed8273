from cablelint.diagnostics import Edit, Fix, Severity
from cablelint.fields import next_letter
from cablelint.registry import Rule


class ReferenceLettering(Rule):
    """REF items not lettered A, B, C ... (or numbered 1, 2, 3 ...) in one bullet style.

    ## What it does
    Checks the lettered items of the REF block: the first is `A` (or `1`), each next one the
    next letter, all in one bullet style (`A.` or `A)` or `(A)` ...). Every style the cables
    use is read: one item a line (blank lines between items allowed), several on one line
    (`A. BOGOTA 3421; B. BOGOTA 3375`, `A) MOSCOW 603 B) MOSCOW 1226`), `(1)` numbering.
    An unlettered list (`REF: 09 STATE 122115; 09 NAIROBI 2487`) is fine.

    ## Why is this bad?
    The text cites references by letter ("as reported in ref B"): a skipped or repeated
    letter makes those citations point at the wrong message, and readers check item letters
    against the text (S605).

    ## Example
        REF: A. USUN 303
             C. STATE 34975
             C) STATE 30934

    ## Use instead
        REF: A. USUN 303
             B. STATE 34975
             C. STATE 30934

    ## Fix safety
    Unsafe: the fix re-letters the item (or rewrites its bullet in the block's style), but the
    text may cite the old letter, so the drafter checks the citations.

    ## Evidence
    About 55 % of cablegate cables have a REF block; styles seen: `A.`, `A)`, `(A)`, `A:`,
    `(1)`, doubled `A. A)` (cable-format.md §7.2).
    """

    code = "S603"
    name = "reference-lettering"
    default_severity = Severity.WARNING
    fix = "unsafe"
    tags = ("references",)

    def check(self, cable, ctx):
        for block in cable.ref_blocks:
            items = [it for it in block.items if it.letter is not None]
            if not items:
                continue
            first = items[0]
            numbered = first.letter.text.isdigit()
            lower = first.letter.text.islower()
            style = first.style
            prev = None
            for it in items:
                letter = it.letter.text
                want = ("1" if numbered else "a" if lower else "A") if prev is None else next_letter(prev)
                if lower and not numbered:
                    want = want.lower()
                if letter.upper() != want.upper() or letter.isdigit() != numbered:
                    what = "REF items start at" if prev is None else f"REF item {letter} follows {prev};"
                    msg = f"{what} {letter}; expected {want}" if prev is None else f"{what} expected {want}"
                    yield self.diagnostic(it.letter.span, msg,
                                          Fix.unsafe([Edit(it.letter.span, want)], f"re-letter as {want}"))
                elif it.style != style and it.bullet is not None:
                    shaped = style.replace("A", letter).replace("a", letter).replace("1", letter)
                    yield self.diagnostic(it.bullet.span,
                                          f'REF item {letter} written "{it.bullet.text}"; the block uses "{style}" bullets',
                                          Fix.unsafe([Edit(it.bullet.span, shaped)], f"write {shaped}"))
                prev = letter
