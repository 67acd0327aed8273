from cablelint.diagnostics import Edit, Fix, Severity, Span
from cablelint.registry import Rule

KINDS = {"page-marker": "in-text page marker", "page-header": "received-copy page header"}


class TransmissionResidue(Rule):
    """Lines that belong to a received copy, not to the drafted text.

    ## What it does
    Reports in-text page markers (`TBILISI 00002290  006 OF 006`, also when re-flowing glued
    them into a line), old `PAGE 02 ...` page headers, section banners repeated inside the
    text, and the `NNNN` / `BT` transmission lines.

    ## Why is this bad?
    They were added by the circuit or the printer and differ between copies. Inside the text
    they split sentences, SUBJECT and REF lines (a page marker inside a REF block made
    cablemap report self-references, heuer/cablemap#4).

    ## Example
        ... the Security Council
        TBILISI 00002290  006 OF 006
        resolution ...

    ## Fix safety
    Unsafe: the fix deletes the marker, but whether a record should keep its transmission
    lines is the archivist's call.

    ## Evidence
    About 1,450 page-marker lines in 1,295 cablegate pages; 2,636 marker lines and 1,016
    glued markers in the corpus (cable-format.md §2.10).
    """

    code = "F007"
    name = "transmission-residue"
    default_severity = Severity.INFO
    fix = "unsafe"
    tags = ("format", "transmission")

    def check(self, cable, ctx):
        src = ctx.source
        for r in src.residue:
            label = KINDS.get(r.kind)
            if label is None:
                continue
            n = r.line + 1
            span = Span(n, r.col + 1, n, r.end_col + 1)
            yield self.diagnostic(span, f'{label} "{r.text}"', Fix.unsafe([_delete(src, r.line, r.col, r.end_col)],
                                                                          f"remove the {label}"))
        for banner in cable.banners[1:]:
            if banner.section is not None:
                yield self.diagnostic(banner.span, f'repeated section banner "{banner.text}" inside the text',
                                      Fix.unsafe([_delete_line(src, banner.span.line)], "remove the banner"))
        for t in cable.trailers:
            if t.text in ("NNNN", "BT"):
                yield self.diagnostic(t.span, f"transmission line {t.text}",
                                      Fix.unsafe([_delete_line(src, t.span.line)], f"remove {t.text}"))


def _delete(src, idx: int, col: int, end_col: int) -> Edit:
    line = src.lines[idx]
    if not line[:col].strip() and not line[end_col:].strip():
        return _delete_line(src, idx + 1)
    # the marker and the blanks after it go; the blank before it stays between the words
    end = end_col
    while end < len(line) and line[end] == " ":
        end += 1
    return Edit.delete(Span(idx + 1, col + 1, idx + 1, end + 1))


def _delete_line(src, n: int) -> Edit:
    if n < len(src.lines):
        return Edit(Span(n, 1, n + 1, 1), "")
    return Edit(Span(n, 1, n, len(src.lines[n - 1]) + 1), "")
