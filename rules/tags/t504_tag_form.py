from cablelint.diagnostics import Edit, Fix, Severity, Span
from cablelint.registry import Rule
from cablelint.rules.tags._vocabulary import for_settings, read_tags


class TagForm(Rule):
    """Lower-case, duplicate or run-together tags.

    ## What it does
    Reports tags written in lower case (`prel`), a tag listed twice (`OPRC, OPRC`), tags run
    together (`PHUMPGOV`, `ETRDEINVECINPGOVCS`) and a country glued to a tag (`IZPREL`,
    `PHUMBA`). A token is split only where the split is certain: every part a known subject,
    program or geographic TAG, at least one of them a 4-letter tag, no two countries in a row,
    and only one way to cut it. Person names after OVIP are left as written.

    ## Why is this bad?
    TAGS are codes from a fixed list (5 FAH-3 H-011), written in capitals; AMADS routes on
    them (5 FAH-2 H-252). A run-together token is no TAG at all, so the cable is not filed
    under either tag; a repeated tag adds nothing.

    ## Example
        TAGS: PHUMPGOV, prel, OPRC, OPRC, IZPREL

    ## Use instead
        TAGS: PHUM, PGOV, PREL, OPRC, IZ, PREL

    ## Fix safety
    Safe: the fix upper-cases a tag, removes the repeated one with its separator, or splits the
    token into its tags with the separator the line uses. No tag is added, changed or guessed.

    ## Evidence
    cablemap's `_TAG_FIXES` splits PHUMBA, VTPREL, IZPREL-style, KNNPMNUC,
    KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG and ETRDEINVECINPGOVCS; media copies write
    `Tags: prel, pgov`; `PHUM, OPRC, OPRC, OPRC, OPRC, IT` (cable-format.md §6.3, §10.5).
    """

    code = "T504"
    name = "tag-form"
    default_severity = Severity.WARNING
    fix = "safe"
    tags = ("tags",)

    def check(self, cable, ctx):
        tl = cable.tags
        if tl is None:
            return
        readings = read_tags(tl, for_settings(ctx.settings))
        seen: set[str] = set()
        for i, r in enumerate(readings):
            tag = r.tag
            if r.parts:
                names = [p for p, _ in r.parts]
                joiner = ", " if _line_uses_commas(readings, tag.span.line) else " "
                glued = any(k == "geographic" for _, k in r.parts) and len(r.parts) == 2
                what = "country glued to a tag" if glued else "tags run together"
                yield self.diagnostic(tag.span, f'{what}: "{tag.text}" is {" ".join(names)}',
                                      Fix.safe([Edit(tag.span, joiner.join(names))], f"split into {' '.join(names)}"))
                seen.update(names)
                continue
            if r.kind is None or r.kind == "person":
                continue
            up = r.upper
            if up in seen:
                yield self.diagnostic(tag.span, f'duplicate tag "{tag.text}"',
                                      Fix.safe([Edit(_removal(readings, i), "")], f"remove the repeated {up}"))
                continue
            seen.add(up)
            if tag.text != up:
                yield self.diagnostic(tag.span, f'tag written in lower case: "{tag.text}"; expected "{up}"',
                                      Fix.safe([Edit(tag.span, up)], f"write {up}"))


def _line_uses_commas(readings, line: int) -> bool:
    return any(r.tag.span.line == line and "," in r.tag.separator for r in readings)


def _removal(readings, i: int) -> Span:
    """The repeated tag with the separator that joins it to its neighbour on its line."""
    span = readings[i].tag.span
    if readings[i].tag.separator and i > 0 and readings[i - 1].tag.span.end_line == span.line:
        prev = readings[i - 1].tag.span
        return Span(prev.end_line, prev.end_column, span.end_line, span.end_column)
    if i + 1 < len(readings) and readings[i + 1].tag.span.line == span.end_line:
        nxt = readings[i + 1].tag.span
        return Span(span.line, span.column, nxt.line, nxt.column)
    return span
