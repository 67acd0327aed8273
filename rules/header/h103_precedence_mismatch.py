from collections import Counter

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import LETTER_NAME, RANK, addressee_letter, checked_header


class PrecedenceMismatch(Rule):
    """The FL2 prosign, the DTG precedence and the highest addressee precedence disagree.

    ## What it does
    Compares three statements of a cable's precedence: the letter of the FL2 prosign (`OO`),
    the first precedence letter of the FL5 date-time group line (`O 072354Z APR 08`) and the
    highest precedence among the TO and INFO addressees (FLASH = Z; NIACT IMMEDIATE and
    IMMEDIATE = O; PRIORITY = P; ROUTINE or no precedence word = R). When two of them agree,
    the third is reported; when they cannot be reconciled that way, the prosign and the DTG
    letter are reported against the addressees.

    ## Why is this bad?
    5 FAH-2 H-321.2-1: "The highest precedence of a multi-address, multi-precedence telegram
    determines the precedence prosign", and FL5 repeats that precedence before the DTG. A
    prosign that disagrees with its own DTG line is the sign of a header joined to another
    cable's text or edited by hand; a precedence higher than any addressee's wastes a relay's
    priority handling, a lower one delays an IMMEDIATE addressee.

    ## Example
        PP RUEHWEB
        ...
        O 072354Z APR 08
        FM USMISSION USUN NEW YORK
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 4065

    ## Use instead
        OO RUEHWEB
        ...
        O 072354Z APR 08
        FM USMISSION USUN NEW YORK
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 4065

    ## Fix safety
    No fix: which of the three statements is wrong is for the drafter to say.

    ## Evidence
    The FL2 digraph matches the DTG letter in 1,115/1,115 cablegate headers, and the DTG letter
    equals the highest addressee precedence in 1,201/1,203 (cable-format.md §3.6, §9).
    Corpus: 3 of 4,200 cables (07PARIS170 and 07PARIS2440 send `OO` to ROUTINE addressees
    only; 09TRIPOLI192 is `P` with an IMMEDIATE addressee).
    """

    code = "H103"
    name = "precedence-mismatch"
    default_severity = Severity.ERROR
    tags = ("header", "FL2", "FL5", "precedence", "cross-check")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None:
            return
        sources = {}  # kind -> (letter, span)
        if header.precedence is not None and header.precedence.prosign.text[0] in RANK:
            sources["prosign"] = (header.precedence.prosign.text[0], header.precedence.prosign.span)
        dl = header.dtg
        if dl is not None and dl.precedence is not None and dl.precedence.text[0] in RANK:
            sources["dtg"] = (dl.precedence.text[0], dl.precedence.span)
        top = max(header.addressees, key=lambda a: RANK[addressee_letter(a)], default=None)  # the first of the highest
        if top is not None:
            span = top.precedence.span if top.precedence is not None else top.span
            sources["addressees"] = (addressee_letter(top), span)
        letters = Counter(letter for letter, _ in sources.values())
        if len(letters) < 2:
            return
        best, votes = letters.most_common(1)[0]
        if len(sources) == 3 and votes == 2:
            truth = best
        else:
            truth = sources["addressees"][0] if "addressees" in sources else sources["dtg"][0]
        for kind, (letter, span) in sources.items():
            if letter != truth:
                yield self.diagnostic(span, self._message(kind, letter, truth, sources, header))

    @staticmethod
    def _message(kind, letter, truth, sources, header) -> str:
        others = []
        if kind != "prosign" and "prosign" in sources:
            others.append(f'the prosign "{header.precedence.prosign.text}" (line {sources["prosign"][1].line})')
        if kind != "dtg" and "dtg" in sources:
            others.append(f'the DTG precedence "{header.dtg.precedence.text}" (line {sources["dtg"][1].line})')
        if kind != "addressees" and "addressees" in sources:
            others.append(f'the highest addressee precedence (line {sources["addressees"][1].line})')
        against = f'{" and ".join(others)} {"says" if len(others) == 1 else "say"} {LETTER_NAME[truth]}'
        if kind == "prosign":
            return (f'prosign "{header.precedence.prosign.text}" stands for {LETTER_NAME[letter]}, but {against}; '
                    f'expected "{truth * 2}"')
        if kind == "dtg":
            return f'DTG precedence "{letter}" stands for {LETTER_NAME[letter]}, but {against}; expected "{truth}"'
        return f"the highest addressee precedence is {LETTER_NAME[letter]}, but {against}"
