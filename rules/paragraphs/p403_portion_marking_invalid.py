from cablelint.diagnostics import Edit, Fix, Severity
from cablelint.registry import Rule

from ._marks import is_whole_text_mark, standard_mark


class PortionMarkingInvalid(Rule):
    """A portion marking outside the vocabulary `(<LEVEL>[<SEP><CONTROL>]...)`.

    ## What it does
    Reads each paragraph's marking (after the number, or after a lead-in). Standard:
    LEVEL U, SBU, C, S, TS or LOU in upper case; separators `/` or `//`; controls NF,
    NOFORN, FOUO, FGI, N and `REL [TO] <list>`: `(S//NF)`, `(C/REL NATO)`, `(U//FOUO)`,
    `(SBU/N)`, `(S//FGI//NF)`, `(S//REL TO USA, ISAF)`. Non-standard spellings are
    reported with the standard form: `(C NF)` and `(S-NF)` -> `(C/NF)`, `(S/NF)`; `(c)` ->
    `(C)`; `(S/Rel to Ukraine)` -> `(S/REL TO UKRAINE)`; `(FOUO)` -> `(U//FOUO)`; a missing
    opening parenthesis (`1. C)`) -> `(C)`. The whole-text statement `(C - ENTIRE TEXT)`
    of 1979 cables is accepted.

    ## Why is this bad?
    5 FAH-1 H-246.2 prescribes "the first letter(s) of the classification enclosed in
    parenthesis, for example (U), (C), (S) or (TS) ... (SBU) or (SBU/N)". Tools that extract,
    count or redact portions by their mark (cablemap's cleaner, release reviews) miss
    spellings they do not know, and `(c)` reads as a list item.

    ## Example
        3. (C NF) The source said ...

    ## Use instead
        3. (C/NF) The source said ...

    ## Fix safety
    Unsafe: the fix rewrites a classification marking (rules.md: never safe), although it
    keeps its level and controls. A mark that cannot be read (`(NC)`) has no fix.

    ## Evidence
    About 30 non-standard marks in 1,295 cablegate pages: `(C NF)` 8, `(S-NF)` 5, lower case
    (`(c)`, `(s)`), `1. C)`, `1. SBU)` (cable-format.md §8.2, §10.6).
    """

    code = "P403"
    name = "portion-marking-invalid"
    default_severity = Severity.WARNING
    fix = "unsafe"
    tags = ("paragraphs", "classification")

    def check(self, cable, ctx):
        for para in cable.paragraphs:
            for mark in (para.marking, para.late_marking):
                if mark is None or is_whole_text_mark(mark.text):
                    continue
                ok, standard = standard_mark(mark.text)
                if ok:
                    continue
                if standard is None:
                    yield self.diagnostic(mark.span, f'portion marking "{mark.text}" is not a known marking')
                else:
                    yield self.diagnostic(mark.span, f'non-standard portion marking "{mark.text}"; write {standard}',
                                          Fix.unsafe([Edit(mark.span, standard)], f"write {standard}"))
