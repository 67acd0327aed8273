import re

from cablelint.diagnostics import Edit, Fix, Severity, Span
from cablelint.registry import Rule

from ._orders import is_rekeyed, order, orders

# The canonical head of the line: `E.O. 12958: DECL: ` (or `DNG: `), or `E.O. 12958: ` before
# N/A, before an E.O. 11652/12065 schedule code (`E.O. 11652: GDS`) and before a re-keyed
# archival note. Blank runs are the whitespace rules' business, not this one's.
_CANONICAL = re.compile(r"E\.O\.\s*(?P<order>\d{5}):\s*(?:(?P<kw>DECL|DNG):\s*)?")
_OLD_STYLE = {"10501", "11652", "12065"}  # the schedule code follows the order directly


class EoLineFormat(Rule):
    """The E.O. line is not written `E.O. <order>: DECL: <value>` or `E.O. <order>: N/A`.

    ## What it does
    Checks the punctuation of the declassification line: the keyword `E.O.`, the number of a
    classification order followed by a colon, then `DECL:` (or `DNG:` for a downgrade) and the
    date, code or event, or `N/A` alone. Media-partner spellings (`EO 12958 DECL:`), lower
    case (`E.o. 12958: decl:`), a zero for the O (`E.0.`), `DECLASSIFY`, `DECL ON:`, a doubled
    `DECL: DECL:`, a missing colon or a missing value are reported, and so is an order number
    that is no classification order (`E.O. 12598`, `E.O. 1295`). `E.O. 11652: GDS` and
    `E.O. 12065: GDS 8/12/85 (...)` (the old orders put the schedule code right after the
    colon) and re-keyed archival values (`E.O. 12958: AS AMENDED; DECLASSIFIED ...`) are
    accepted.

    ## Why is this bad?
    Archives, AMADS and declassification tools read the line by its fixed shape (cablemap
    reads the deadline with exactly this pattern). A typo in the order number cites an order
    that does not exist.

    ## Example
        EO 12958 DECL: 08/30/2016

    ## Use instead
        E.O. 12958: DECL: 08/30/2016

    ## Fix safety
    Unsafe: the fix rewrites the head of the line to `E.O. <order>: DECL: ` (the order number
    kept as written); it touches a declassification line, which is the classifier's to sign
    off. An unknown order number has no fix (which order was meant is a guess).

    ## Evidence
    In 1,295 cablegate pages: `E.O. 12958:` 866, `EO 12958` 387 (media-partner copies),
    `E.O. 12958` without colon 13, `E.o. 12958:` 11; order typos `12598` (3), `19523`,
    `19528`, `1295:`; `DECLl:` 2 (cable-format.md §5.1, §10.4).
    """

    code = "D302"
    name = "eo-line-format"
    default_severity = Severity.ERROR
    fix = "unsafe"
    tags = ("declassification",)

    def check(self, cable, ctx):
        for eo in cable.eo_lines:
            d = self._check(eo, ctx.source)
            if d is not None:
                yield d

    def _check(self, eo, src):
        if eo.kind == "truncated":
            return None  # a web page cut the line (`E.O. 129...`)
        kw = eo.keyword.span
        number = eo.order.text if eo.order else None
        if number is None:
            return self.diagnostic(kw, "E.O. line without an order number")
        if order(number) is None:
            known = ", ".join(o.number for o in orders())
            return self.diagnostic(eo.order.span, f"E.O. {number} is not a classification order ({known})")
        if eo.value is None or eo.kind is None:
            return self.diagnostic(Span(kw.line, kw.column, eo.order.span.end_line, eo.order.span.end_column),
                                   f"E.O. {number} line without a declassification value (DECL: <date> or N/A)")
        line = src.lines[kw.line - 1]
        same_line = eo.value.span.line == kw.line
        head_end = eo.value.span.column - 1 if same_line else len(line.rstrip())
        head = line[kw.column - 1:head_end]
        m = _CANONICAL.fullmatch(head.rstrip() + (" " if same_line else ""))
        needs_kw = not (eo.kind == "na" or (number in _OLD_STYLE and eo.kind == "code") or is_rekeyed(eo.value.text))
        if m is not None and (m.group("kw") is not None) == needs_kw:
            return None
        if m is not None and m.group("kw") is not None and not needs_kw and eo.kind != "na":
            return None  # E.O. 11652: DECL: GDS is also clear
        want = f"E.O. {number}: "
        if needs_kw:
            want += "DNG: " if eo.decl_keyword and eo.decl_keyword.text.upper() == "DNG" else "DECL: "
        shown = head.rstrip()
        span = Span(kw.line, kw.column, kw.line, kw.column + len(shown))
        fix = None
        if same_line:
            fix = Fix.unsafe([Edit(Span(kw.line, kw.column, kw.line, head_end + 1), want)],
                             f"write `{want.strip()}`")
        return self.diagnostic(span, f"`{shown}` is not the canonical `{want.strip()}`", fix)
