import re
from functools import lru_cache

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import checked_header

_RI = re.compile(r"R[A-Z]{4,7}|ZEN")
_WORDS = ("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE", "NIACT")
# State offices, which carry a 4-digit MCN (cable-format.md §3.7)
_STATE_PLAD = re.compile(r"(?:AMEMBASSY|AMCONSUL|SECSTATE|USMISSION|USINT|USLO|USOFFICE|AIT|USEU)\b")
_TRAILING_NUMBER = re.compile(r"(?<=[A-Z ])(\d{1,3}|\d{5,})$")
_GLUED_NUMBER = re.compile(r"(?<=[A-Z])(\d+)$")
# Not an addressee: lower case (prose), quotes, markup, a time of day (a mail header)
_NOT_ADDRESSEE = re.compile(r'[a-z"|<>;]|\d{1,2}:\d\d')


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short words only)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@lru_cache(maxsize=4096)
def precedence_typo(word: str) -> str | None:
    """The precedence word `word` misspells (PRIOITY -> PRIORITY), if any."""
    if len(word) < 5 or not word.isalpha() or word in _WORDS:
        return None
    for target in _WORDS:
        if word[0] == target[0] and _distance(word, target) <= 2:
            return target
    return None


class Addressee(Rule):
    """A TO, INFO or XMT addressee is not `[<RI>/]<PLAD>[ <PRECEDENCE>][ <MCN>[-<MCN>]]`.

    ## What it does
    Checks every addressee line of the TO (FL7) and INFO (FL8) blocks and every XMT (FL9)
    line: an optional routing indicator (five to eight letters, or `ZEN`) and slash, the
    plain-language address, an optional precedence word (FLASH, NIACT IMMEDIATE, IMMEDIATE,
    PRIORITY, ROUTINE) and an optional 4-digit message continuity number or MCN range
    (`2276-2279`). It reports misspelled precedence words (`PRIOITY`), an MCN that is not four
    digits or stands before the precedence, a malformed routing indicator, and a line that is
    no addressee at all (lower-case text or metadata inside the block). Military office
    symbols (`JOINT STAFF WASHDC//J-3/J-5//`) are part of the PLAD.

    ## Why is this bad?
    Addressees are routed by their RI and PLAD (5 FAH-2 H-231, ACP 117) and handled by their
    precedence (5 FAH-1 H-221); a misspelled precedence word is not read as one, so the
    addressee silently drops to ROUTINE. An MCN is "a consecutive number from a series
    dedicated to each Department of State activity" (5 FAH-2 H-321.7): one of the wrong length
    breaks the receiving activity's continuity check.

    ## Example
        TO RUEHC/SECSTATE WASHDC PRIOITY 0213

    ## Use instead
        TO RUEHC/SECSTATE WASHDC PRIORITY 0213

    ## Fix safety
    No fix: the intended precedence or number is the drafter's to restore.

    ## Evidence
    Typos seen in real headers: `PRIOITY` (08BRASILIA93), `PRIORTY`; cablemap also tolerates
    `PIORITY` (cable-format.md §3.7). MCNs are 4 digits, ranges occur in 3 cablegate cables.
    Corpus: 13 of 4,200 cables (`PRIOITY`, `PRIORTY`, `PRORITY`, `PIORITY`; MCNs `757`, `165`,
    `738`, `012`, `475`; `VIENNA0162`; `LONDON 8778 PRIORITY`; garbled RIs `UEHC/`, `DJ/`,
    `EUMEM/`; two cables.csv fragments inside the INFO block).
    """

    code = "H111"
    name = "addressee"
    default_severity = Severity.ERROR
    tags = ("header", "FL7", "FL8", "FL9")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None:
            return
        for block in header.action + header.info:
            kw = block.keyword.text
            for a in block.addressees:
                yield from self._addressee(kw, a)
        for x in header.exempt:
            if x.plad is None:
                yield self.diagnostic(x.keyword.span, "XMT without the post it exempts")

    def _addressee(self, kw, a):
        text = a.text
        if _NOT_ADDRESSEE.search(text):
            yield self.diagnostic(a.span, f'{kw} line "{text}" is not an addressee ([RI/]PLAD [PRECEDENCE] [MCN])')
            return
        if a.ri is not None and not _RI.fullmatch(a.ri.text):
            yield self.diagnostic(a.ri.span, f'routing indicator "{a.ri.text}" is not 5-8 letters starting with R')
        if a.plad is None or not a.plad.text.strip():
            yield self.diagnostic(a.span, f'{kw} addressee "{text}" has no plain-language address')
            return
        words = a.plad.text.split()
        last = words[-1]
        typo = precedence_typo(last)
        if typo is None and len(words) > 1 and last.isdigit():
            typo = precedence_typo(words[-2])
        if typo is not None:
            yield self.diagnostic(a.span, f'"{typo if typo != "NIACT" else "NIACT IMMEDIATE"}" misspelled in '
                                          f'{kw} addressee "{text}"')
            return
        state = _STATE_PLAD.match(a.plad.text) is not None
        if a.precedence is not None and len(words) > 1 and last.isdigit():
            yield self.diagnostic(a.span, f'the MCN "{last}" stands before the precedence in {kw} addressee "{text}"')
            return
        if not last[-1].isdigit():  # both expressions below end in a digit ($): most PLADs do not
            return
        m = _TRAILING_NUMBER.search(a.plad.text)
        if m and (state or (len(words) > 1 and words[-2] in _WORDS)):
            yield self.diagnostic(a.span, f'MCN "{m.group(1)}" in {kw} addressee "{text}" is not 4 digits')
            return
        g = _GLUED_NUMBER.search(a.plad.text)
        if g and state:
            yield self.diagnostic(a.span, f'MCN "{g.group(1)}" runs into the PLAD in {kw} addressee "{text}"')
