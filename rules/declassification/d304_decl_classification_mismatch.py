from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._orders import is_rekeyed

_UNCLASSIFIED = ("U", "LOU")
_CLASSIFIED = ("C", "S", "TS")


class DeclClassificationMismatch(Rule):
    """The E.O. value does not fit the classification: a DECL on an unclassified cable, or N/A
    on a classified one.

    ## What it does
    An unclassified cable (UNCLAS, UNCLAS E F T O, SBU, LIMITED OFFICIAL USE) must read
    `E.O. <order>: N/A`; a classified cable (CONFIDENTIAL, SECRET, TOP SECRET) must carry a
    declassification instruction (a date, an event or an exemption code), never N/A. The
    level is the banner's; cables without a banner class are skipped, and so are re-keyed
    archival values (`DECLASSIFIED BY NARA ...`).

    ## Why is this bad?
    Declassification instructions exist only for classified information (E.O. 12958 §1.6,
    13526 §1.6). A date on an unclassified cable suggests a wrong banner, or a cable that was
    downgraded without updating its E.O. line; `N/A` on a classified cable leaves it without
    any declassification date.

    ## Example
        UNCLAS STATE 012345
        E.O. 12958: DECL: 03/02/2019

    ## Use instead
        UNCLAS STATE 012345
        E.O. 12958: N/A

    ## Fix safety
    No fix: either the banner or the E.O. line is wrong, and only the drafter knows which.

    ## Evidence
    `N/A` in 97 of 100 UNCLAS bodies (3 carry a DECL date); classified bodies never carry
    N/A (0/1150) (cable-format.md §5.3, §9).
    """

    code = "D304"
    name = "decl-classification-mismatch"
    default_severity = Severity.ERROR
    tags = ("declassification", "classification")

    def check(self, cable, ctx):
        level = cable.banner.level if cable.banner else None
        if level is None:
            return
        for eo in cable.eo_lines:
            if eo.value is None or eo.kind in (None, "truncated", "redacted") or is_rekeyed(eo.value.text):
                continue
            if level in _UNCLASSIFIED and eo.kind != "na":
                what = _a(cable.banner.classification.lower())
                yield self.diagnostic(eo.value.span, f'{what} cable carries a declassification instruction '
                                                     f'"{eo.value.text.strip()}"; expected N/A')
            elif level in _CLASSIFIED and eo.kind == "na":
                yield self.diagnostic(eo.value.span, f"{_a(cable.banner.classification.lower())} cable has N/A; "
                                                     "expected a declassification date, event or exemption")


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word
