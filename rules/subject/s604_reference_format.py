from cablelint.diagnostics import Severity
from cablelint.registry import Rule
from cablelint.rules.subject._references import cable_ref, is_other_kind, own_ref


class ReferenceFormat(Rule):
    """A REF item that is neither a cable reference nor a recognised other kind, or that cites
    the cable itself.

    ## What it does
    Reads every REF item. A cable reference reads `[YY ]<POST> <SERIAL>`: `STATE 34975`,
    `08 MOSCOW 869`, `2005 RIO DE JANEIRO 1143`, `(08) USUN 303`, with the suffixes
    `(NOTAL)`, `AND PREVIOUS`, `CIRCULAR` or a description after it. Other kinds are
    recognised and accepted: e-mails, telcons, meetings, memos, letters, reports, DTG-
    identified messages (`SECDEF R162245Z OCT 08`), IIRs (`CAIRO IIR 6 899 0149 10`), OSC
    items, `SEPTEL`, web pages, dated documents. What is neither is reported (`O4 SAN JOSE
    2872`, `CAIRO2292`, an empty item); so is a reference to the cable itself (same post and
    serial, and same year when the reference gives one).

    ## Why is this bad?
    References are read by people and by tools (cablemap builds the reference graph from
    them): a malformed one points nowhere, and a self-reference is usually a page marker or a
    serial typed from the draft instead of the cited cable (cablemap issue #4, 08TRIPOLI402).

    ## Example
        C O N F I D E N T I A L MOSCOW 000869
        REF: A. O8 MOSCOW 812
             B. MOSCOW 869

    ## Use instead
        C O N F I D E N T I A L MOSCOW 000869
        REF: A. 08 MOSCOW 812
             B. MOSCOW 861

    ## Fix safety
    No fix: the right reference is the drafter's knowledge.

    ## Evidence
    Forms from cablemap's reference tests and the cablegate sample (cable-format.md §7.2);
    cablemap's reference kinds: CABLE, EMAIL, BOOK, TEL, REPORT, FAX, MEMO, MEETING, WEB.
    """

    code = "S604"
    name = "reference-format"
    default_severity = Severity.WARNING
    tags = ("references",)

    def check(self, cable, ctx):
        own = own_ref(cable, ctx.cable_date(cable))
        for block in cable.ref_blocks:
            for n, it in enumerate(block.items):
                name = f"REF {it.letter.text}" if it.letter is not None else \
                    ("the REF item" if len(block.items) == 1 else f"REF item {n + 1}")
                text = it.text.text.strip()
                if not text:
                    yield self.diagnostic(it.span, f"{name} is empty")
                    continue
                ref = cable_ref(text)
                if ref is not None:
                    if own is not None and ref.post == own.post and ref.serial == own.serial \
                            and (ref.year is None or own.year is None or ref.year == own.year):
                        yield self.diagnostic(it.text.span, f'{name} "{text[ref.start:ref.end]}" cites this cable itself')
                    continue
                if is_other_kind(text):
                    continue
                shown = text if len(text) <= 40 else text[:37] + "..."
                yield self.diagnostic(it.text.span, f'{name} "{shown}" is not a cable reference ([YY ]POST SERIAL) '
                                                    "or a recognised other kind (e-mail, DTG message, IIR ...)")
