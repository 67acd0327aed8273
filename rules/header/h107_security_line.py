from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import checked_header, letters_ok


class SecurityLine(Rule):
    """FL4 is `ZNY` or `ZNR` + five identical classification letters + operating signals.

    ## What it does
    Checks format line 4 of a routing header: the security warning `ZNY` or `ZNR`, then five
    identical classification letters (`UUUUU`, `EEEEE`, `CCCCC`, `SSSSS`, `TTTTT`), optionally
    `/AAAAA` or `/BBBBB` for special category traffic, then operating signals (`ZZH`, `ZDK`,
    `(CCY …)`). `ZNR` stands only with `UUUUU`.

    ## Why is this bad?
    ACP 127 practice (tpub.com/incco/5.htm): "The appropriate operating signal (ZNR or ZNY)
    will always be followed by a classification character repeated five times … ZNR UUUUU …
    ZNY EEEEE — for unclassified EFTO messages; and ZNY, followed by CCCCC, SSSSS, or TTTTT".
    Relays protect a message by these letters; a garbled or impossible group leaves its
    protection undefined.

    ## Example
        ZNY SSSAA ZZH

    ## Use instead
        ZNY SSSSS ZZH

    ## Fix safety
    No fix: the intended classification cannot be read from a garbled group (H108 compares it
    with the banner).

    ## Evidence
    `ZNY CCCCC ZZH` 604, `ZNY SSSSS ZZH` 411, `ZNR UUUUU ZZH` 89 in cablegate
    (cable-format.md §3.5); in the corpus `ZNY SSSAA` (06MADRID2908) and `ZNY CCCC`
    (08ECTION01OF02MANAMA492) are the only departures in 4,200 cables.
    """

    code = "H107"
    name = "security-line"
    default_severity = Severity.ERROR
    tags = ("header", "FL4", "classification")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None or header.security is None:
            return
        sl = header.security
        kw = sl.keyword.text
        if sl.letters is None:
            if sl.signals:
                first = sl.signals[0]
                yield self.diagnostic(first.span, f'"{first.text}" after {kw} is not five identical classification '
                                                  f"letters (UUUUU, EEEEE, CCCCC, SSSSS, TTTTT)")
            else:
                yield self.diagnostic(sl.keyword.span, f"no classification letters after {kw}")
            return
        letters = sl.letters.text
        if not letters_ok(letters):
            yield self.diagnostic(sl.letters.span, f'"{letters}" is not five identical classification letters '
                                                   f"(UUUUU, EEEEE, CCCCC, SSSSS, TTTTT), optionally /AAAAA or /BBBBB")
        elif kw == "ZNR" and letters[0] != "U":
            yield self.diagnostic(sl.keyword.span, f"ZNR stands only with UUUUU; {letters} goes with ZNY")
