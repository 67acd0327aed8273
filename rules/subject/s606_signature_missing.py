from cablelint.diagnostics import Severity
from cablelint.registry import Rule
from cablelint.rules._anchor import last_line


class SignatureMissing(Rule):
    """The text does not end with a signature line.

    ## What it does
    Checks that the last line of the text is the signer's surname (`CLINTON`, `Ranneberger`,
    `van Voorst`, two names such as `KEEGAN PAAL`), before any trailer (`NNNN`, page markers,
    declassification stamps, `CABLE ENDS`). Re-flowed copies join the signature to the end
    of the last paragraph (`... End comment. POLASCHIK`, `... the budget. Scobey`); a
    surname standing there, after the last sentence, counts as the signature. Reported on the
    last line of the text, after which the signature was expected.

    ## Why is this bad?
    The signature names the authorising officer (the chief of mission, or the Secretary for
    State cables); a cable without one cannot be attributed. cablemap reads the signer from the
    end of the text (`parse_signed_by`).

    ## Example
        9. (C) Comment: ... End comment.

    ## Use instead
        9. (C) Comment: ... End comment.
        RICCIARDONE

    ## Fix safety
    No fix: only the drafter knows who signs.

    ## Evidence
    The last line is a surname in most cablegate cables (upper case 694, Title case 153 of
    1,194; cable-format.md §8.4); the pages of some posts dropped it. Partial extracts are
    not checked.
    """

    code = "S606"
    name = "signature-missing"
    default_severity = Severity.INFO
    tags = ("signature",)

    def check(self, cable, ctx):
        if cable.partial or cable.signature is not None:
            return
        lines = [ln for p in cable.paragraphs for ln in p.lines[-1:]] + list(cable.body_lines)
        if not lines:
            return
        last = max(lines, key=lambda ln: (ln.span.end_line, ln.span.end_column))
        yield self.diagnostic(last_line(cable, last.span),
                              "the text does not end with a signature line (the signer's surname)")
