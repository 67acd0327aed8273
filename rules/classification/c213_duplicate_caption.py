from cablelint.diagnostics import Edit, Fix, Severity, Span
from cablelint.registry import Rule


class DuplicateCaption(Rule):
    """The same caption line twice in a row.

    ## What it does
    Reports a caption line that repeats the caption line right above it (blank lines between
    them allowed), as in `SIPDIS` / `SIPDIS`. A caption repeated after another caption
    (`SIPDIS` / `NOFORN` / `SIPDIS`) is not reported.

    ## Why is this bad?
    5 FAH-2 H-252.1-1: "If more than one caption is used, each caption occupies a separate
    line"; a repeated line adds nothing and hides which captions the drafter set. The
    doubling is usually inserted by the system, so it is only an info.

    ## Example
        SIPDIS

        SIPDIS

    ## Use instead
        SIPDIS

    ## Fix safety
    Safe: the fix deletes the repeated line; the captions in force do not change.

    ## Evidence
    `SIPDIS` / `SIPDIS` in 204 of 1,194 cablegate bodies, including the running example
    08USUNNEWYORK314 (cable-format.md §4.3); corpus: 900 of 4,200 cables, nearly all
    `SIPDIS` / `SIPDIS`.
    """

    code = "C213"
    name = "duplicate-caption"
    default_severity = Severity.INFO
    fix = "safe"
    tags = ("classification", "captions")

    def check(self, cable, ctx):
        lines = ctx.source.lines
        caption_at = {c.span: c for c in cable.captions}
        prev = None
        for kind, span in cable.order:
            cap = caption_at.get(span) if kind == "caption" else None
            if cap is None or lines[span.line - 1].strip() != cap.text or span.end_line != span.line:
                prev = None  # not a caption line of its own (a caption joined to another line)
                continue
            if prev is not None and prev.words == cap.words and prev.span.end_line < cap.span.line:
                n = cap.span.line  # the whole line goes, its line ending included
                delete = Span(n, 1, n + 1, 1) if n < len(lines) else Span(n, 1, n, len(lines[n - 1]) + 1)
                yield self.diagnostic(cap.span, f"caption {cap.text} repeats the caption on line {prev.span.line}",
                                      Fix.safe([Edit(delete, "")], "remove the repeated caption"))
            prev = cap
