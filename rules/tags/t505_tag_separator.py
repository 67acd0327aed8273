from collections import Counter

from cablelint.diagnostics import Edit, Fix, Severity, Span
from cablelint.registry import Rule

_KIND = {"comma": ", ", "semicolon": "; ", "space": " "}
_WORD = {"comma": "commas", "semicolon": "semicolons", "space": "blanks"}


class TagSeparator(Rule):
    """Mixed separators on one TAGS line, or a trailing comma.

    ## What it does
    Reports a TAGS line that separates its tags with both commas and plain blanks (or
    semicolons) on the same line, and a comma or semicolon left after the last tag. A line
    that uses blanks only is fine: the cablegate pages re-render every TAGS line as
    blank-separated links, and PlusD copies use `, `. Blanks inside a person group after OVIP
    are not separators.

    ## Why is this bad?
    One list, one separator: tools that split the line on commas read `PREL PGOV, SF` as the
    two tags `PREL PGOV` and `SF`. A trailing comma announces a tag that is not there (or
    was lost when the line wrapped).

    ## Example
        TAGS: PREL PGOV, PHUM, SF,

    ## Use instead
        TAGS: PREL, PGOV, PHUM, SF

    ## Fix safety
    Safe: the fix writes every separator of the line in the style most of them use (`, ` on
    a tie, the form of the original telegrams) and removes the trailing comma. Tags are not
    touched.

    ## Evidence
    TAGS lines that escaped the cablegate re-rendering are comma-separated in 404/408
    (cable-format.md §6.3).
    """

    code = "T505"
    name = "tag-separator"
    default_severity = Severity.INFO
    fix = "safe"
    tags = ("tags", "style")

    def check(self, cable, ctx):
        tl = cable.tags
        if tl is None:
            return
        by_line: dict[int, list] = {}
        for i, tag in enumerate(tl.tags):
            if i == 0 or not tag.separator or tag.person or tl.tags[i - 1].span.end_line != tag.span.line:
                continue
            sep = tag.separator
            kind = "comma" if "," in sep else "semicolon" if ";" in sep else "space"
            prev = tl.tags[i - 1].span
            by_line.setdefault(tag.span.line, []).append(
                (kind, Span(prev.end_line, prev.end_column, tag.span.line, tag.span.column), sep))
        for line, seps in by_line.items():
            counts = Counter(k for k, _, _ in seps)
            if len(counts) < 2:
                continue
            best = max(counts, key=lambda k: (counts[k], k == "comma"))
            edits = [Edit(span, _KIND[best]) for k, span, sep in seps if sep != _KIND[best]]
            odd = next(span for k, span, _ in seps if k != best)
            detail = " and ".join(f"{counts[k]} {_WORD[k]}" for k in sorted(counts, key=lambda k: -counts[k]))
            yield self.diagnostic(odd, f"mixed separators on the TAGS line ({detail}); expected {_WORD[best]} only",
                                  Fix.safe(edits, f"separate the tags with {_WORD[best]}"))
        if tl.trailing is not None:
            sep = "comma" if tl.trailing.text == "," else "semicolon"
            yield self.diagnostic(tl.trailing.span, f"trailing {sep} after the last tag",
                                  Fix.safe([Edit(tl.trailing.span, "")], f"remove the trailing {sep}"))
