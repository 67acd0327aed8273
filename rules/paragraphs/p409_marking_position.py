from cablelint.diagnostics import Edit, Fix, Severity, Span
from cablelint.registry import Rule


class MarkingPosition(Rule):
    """The portion marking does not follow the paragraph number directly.

    ## What it does
    Reports a marking that stands after a lead-in instead of right after the number:
    `1. Summary: (C) ...`, `1.KEY POINTS -- (C) ...`. The fix moves it: `1. (C) Summary: ...`.

    ## Why is this bad?
    5 FAH-1 H-246.2: "You must include the classification of each paragraph immediately
    following the paragraph number." Readers and tools look for the mark there; a mark
    further in reads as the marking of a sub-item, and the lead-in before it is left
    unmarked.

    ## Example
        1. Summary and comment. (C) The minister ...

    ## Use instead
        1. (C) Summary and comment. The minister ...

    ## Fix safety
    Unsafe: the fix moves a classification marking (rules.md: never safe).

    ## Evidence
    `1. Summary and comment. (C) ...` is a documented real variant (cable-format.md §8.1,
    §10.6).
    """

    code = "P409"
    name = "marking-position"
    default_severity = Severity.WARNING
    fix = "unsafe"
    tags = ("paragraphs",)

    def check(self, cable, ctx):
        src = ctx.source
        for para in cable.paragraphs:
            mark = para.late_marking
            if mark is None or para.marking is not None or not para.lines:
                continue
            yield self.diagnostic(mark.span, f"the marking {mark.text} of paragraph {para.number} stands after "
                                             "a lead-in; it belongs right after the number", _move(src, para, mark))


def _move(src, para, mark):
    head = para.lines[0].span
    if head.line != mark.span.line:
        return None
    line = src.lines[mark.span.line - 1]
    start, end = mark.span.column - 1, mark.span.end_column - 1
    if end < len(line) and line[end] == " ":
        end += 1
    elif start > 0 and line[start - 1] == " ":
        start -= 1
    n = head.line
    return Fix.unsafe([Edit(Span(n, head.column, n, head.column), mark.text + " "),
                       Edit(Span(n, start + 1, n, end + 1), "")], f"move {mark.text} after the number")
