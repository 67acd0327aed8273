from cablelint.diagnostics import Edit, Fix, Severity, Span
from cablelint.registry import Rule


class SingleParagraphNumbered(Rule):
    """A text with only one paragraph numbers it.

    ## What it does
    Reports the number of a text whose only numbered paragraph is `1.`: a single paragraph
    is not numbered. A copy cut short after its first paragraph (`1. (C) On...`) is not
    reported. The fix removes `1.` and the blanks after it, keeping the portion
    marking (`1. (U) Text` -> `(U) Text`).

    ## Why is this bad?
    5 FAH-1 H-246.2: "If the telegram contains more than one paragraph number each paragraph
    consecutively — do not number a single paragraph." A lone `1.` also suggests that the
    rest of the text was lost.

    ## Example
        1. (U) Post concurs with the proposed visit.

    ## Use instead
        (U) Post concurs with the proposed visit.

    ## Fix safety
    Unsafe: the fix changes a paragraph number (rules.md), and a lone `1.` in a copy may be a
    text whose other paragraphs were lost.

    ## Evidence
    Most short cablegate cables (country clearances, demarche reports) follow the rule;
    informational, since a lone number does no harm (cable-format.md §8.1).
    """

    code = "P407"
    name = "single-paragraph-numbered"
    default_severity = Severity.INFO
    fix = "unsafe"
    tags = ("paragraphs",)

    def check(self, cable, ctx):
        if len(cable.paragraphs) != 1 or cable.paragraphs[0].number != 1:
            return
        last = cable.paragraphs[0].lines[-1].text if cable.paragraphs[0].lines else ""
        if last.rstrip().endswith(("...", "…")):
            return  # a web page that shows only the start of the text
        num = cable.paragraphs[0].number_field.span
        line = ctx.source.lines[num.line - 1]
        end = num.end_column - 1
        while end < len(line) and line[end] in " \t":
            end += 1
        fix = Fix.unsafe([Edit(Span(num.line, num.column, num.line, end + 1), "")], "remove the number")
        yield self.diagnostic(num, "the text's only paragraph is numbered; a single paragraph is not numbered", fix)
