from cablelint.diagnostics import Edit, Fix, Severity, Span
from cablelint.registry import Rule

KINDS = {
    "markdown-link": "markdown link residue",
    "list-bullet": "markdown list bullet before a REF item",
    "pilcrow": "web-page paragraph sign",
    "html-entity": "HTML entity",
    "html-tag": "HTML tag",
    "csv-backslash": "cables.csv line-continuation backslash",
}


class RenderingArtifact(Rule):
    """Residue of a web rendering in the cable text.

    ## What it does
    Reports what a web or export rendering added to the telegram: markdown link fragments
    (`[1](#)` before paragraph numbers and REF letters, `[PREL](#)` TAGS links), `- ` list
    bullets before REF items, the cablegate `¶` paragraph anchors, HTML tags and entities
    (`&#x000A;`, `&amp;`) and the backslash that cables.csv puts before each line break.

    ## Why is this bad?
    None of it is part of the telegram. It breaks the fixed layout (paragraph numbers no
    longer start the line), hides TAGS from tools that read them, and differs from copy to
    copy of the same cable, so copies no longer compare equal.

    ## Example
        TAGS: [PREL](#) [AORC](#)
        - [1](#)B. STATE 34975
        [1](#)1. (C) BEGIN SUMMARY: ...

    ## Use instead
        TAGS: PREL AORC
             B. STATE 34975
        1. (C) BEGIN SUMMARY: ...

    ## Fix safety
    Safe: the fix removes the residue and keeps the text it wrapped (`[PREL](#)` -> `PREL`);
    a REF list bullet becomes the five-space indent of the telegram. Nothing else changes.

    ## Evidence
    Every cablegate page carries `¶` anchors (36,716 in the corpus); the markdown rendering
    of 08USUNNEWYORK314 has 17 link fragments (cable-format.md §2.2, §2.3).
    """

    code = "F003"
    name = "rendering-artifact"
    default_severity = Severity.WARNING
    fix = "safe"
    tags = ("format", "rendering")

    def check(self, cable, ctx):
        for r in ctx.source.residue:
            label = KINDS.get(r.kind)
            if label is None:
                continue
            span = Span(r.line + 1, r.col + 1, r.line + 1, r.end_col + 1)
            shown = r.text if len(r.text) <= 40 else r.text[:37] + "..."
            message = f'{label} "{shown}"' if r.kind not in ("list-bullet", "csv-backslash") else label
            if r.replacement == "\n":
                message += " (an encoded line break)"
            yield self.diagnostic(span, message, Fix.safe([Edit(span, r.replacement)],
                                                          f"remove {label}"))
