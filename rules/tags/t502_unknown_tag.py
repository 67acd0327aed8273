from cablelint.diagnostics import Severity
from cablelint.registry import Rule
from cablelint.rules.tags._vocabulary import for_settings, read_tags

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class UnknownTag(Rule):
    """A token on the TAGS line that is not a known TAG.

    ## What it does
    Reports every token of the TAGS line that is not a known subject TAG (PREL, PGOV, ECON),
    program TAG (KDEM, KNNP), geographic TAG (RS, IZ, XF), organisation TAG (UNSC, NATO, EUN,
    UNGA/C-6) or a person named after OVIP (`OVIP (STEINBERG, JAMES B.)`,
    `OVIP CLINTON HILLARY`). Known wrong forms get the right one in the message (`RU`: the
    geographic TAG for Russia is RS); a token one letter away from a TAG gets a suggestion.
    Tags run together (`PHUMPGOV`) are T504's, not reported here.

    ## Why is this bad?
    TAGS come from a fixed list (5 FAH-3 H-011, "TAGS and Subject"); AMADS routes cables by
    them (5 FAH-2 H-252). Free text (`HUMAN RIGHTS`), a misspelling (`SEVN`) or an ISO country
    code (`RU` for RS) routes the cable nowhere.

    ## Example
        TAGS: PREL, PGOV, HUMAN RIGHTS, RU

    ## Use instead
        TAGS: PREL, PGOV, PHUM, RS

    ## Fix safety
    No fix: which TAG was meant is the drafter's choice.

    ## Options
    `extend-tags` (list of strings): TAGS accepted besides the shipped lists, e.g.
    `extend-tags = ["KMDR"]`. The shipped lists are in `rules/data/tags/` with their
    provenance.

    ## Evidence
    88 of 7,349 tokens on cablegate TAGS lines are free text or unknown (cable-format.md §6.3);
    cablemap corrects RU to RS, SYR to SY, POGOV to PGOV (`reader.py` `_TAG_FIXES`).
    """

    code = "T502"
    name = "unknown-tag"
    default_severity = Severity.WARNING
    options = {"extend-tags": []}
    tags = ("tags",)

    def check(self, cable, ctx):
        tl = cable.tags
        if tl is None:
            return
        vocab = for_settings(ctx.settings)
        for r in read_tags(tl, vocab):
            if r.kind is not None or r.parts:
                continue
            text = r.tag.text
            note = vocab.not_tags.get(text.upper())
            if note:
                message = f'"{text}" is {note}' if note.startswith("not a TAG") else f'unknown TAG "{text}" ({note})'
            elif r.splits > 1:
                message = f'unknown TAG "{text}" (it splits into tags in more than one way)'
            else:
                near = _near(text.upper(), vocab)
                message = f'unknown TAG "{text}"' + (f"; did you mean {near}?" if near else "")
            yield self.diagnostic(r.tag.span, message)


def _near(token: str, vocab) -> str | None:
    """The one known tag a single substitution or transposition away, if exactly one."""
    if not token.isalpha() or len(token) not in (2, 4):
        return None
    found = set()
    for i in range(len(token)):
        for c in _LETTERS:
            cand = token[:i] + c + token[i + 1:]
            if cand != token and vocab.kinds.get(cand) in ("subject", "program"):
                found.add(cand)
    for i in range(len(token) - 1):
        cand = token[:i] + token[i + 1] + token[i] + token[i + 2:]
        if cand != token and cand in vocab.kinds:
            found.add(cand)
    return found.pop() if len(found) == 1 else None
