from cablelint.diagnostics import Severity
from cablelint.registry import Rule

# The canonical order of the text parts (cable-format.md §1.2).
ORDER = ("banner", "corrected", "caption", "passing", "eo", "tags", "subject", "ref",
         "classified_by", "body")
LABELS = {
    "banner": "the banner", "corrected": "the corrected-copy line", "caption": "a caption",
    "passing": "a passing line", "eo": "the E.O. line", "tags": "the TAGS line",
    "subject": "the SUBJECT line", "ref": "the REF block", "classified_by": "the Classified By line",
    "body": "the text",
}


class ElementOrder(Rule):
    """Text parts out of the canonical order.

    ## What it does
    Checks that the parts of the text stand in the order banner, corrected-copy line,
    captions, passing lines, E.O. line, TAGS, SUBJECT, REF, Classified By, then the numbered
    text, and reports the first part of each kind that stands after a part meant to follow it.
    Classified By written as the first numbered paragraph (older cables) is accepted.

    ## Why is this bad?
    5 FAH-1 H-246 places the classification statement "preceding the first paragraph of
    text", and readers, archives and AMADS routing find the E.O. line, TAGS and SUBJECT where
    the template puts them. A part out of place is often a part pasted from another draft.

    ## Example
        C O N F I D E N T I A L STATE 012345
        TAGS: PREL, UNSC
        E.O. 12958: DECL: 03/02/2019

    ## Use instead
        C O N F I D E N T I A L STATE 012345
        E.O. 12958: DECL: 03/02/2019
        TAGS: PREL, UNSC

    ## Fix safety
    No fix: moving lines of a record is a decision for its drafter.

    ## Evidence
    36 of 1,194 cablegate bodies deviate (E.O. after REF, Classified By before E.O., REF after
    Classified By ...; cable-format.md §1.2).
    """

    code = "F002"
    name = "element-order"
    default_severity = Severity.WARNING
    tags = ("format", "structure")

    def check(self, cable, ctx):
        rank = {k: i for i, k in enumerate(ORDER)}
        firsts: list[tuple[str, object]] = []
        seen: set[str] = set()
        for kind, span in cable.order:
            if kind not in seen:
                seen.add(kind)
                firsts.append((kind, span))
        keep = _longest_ordered(firsts, rank)
        for i, (kind, span) in enumerate(firsts):
            if i in keep:
                continue
            # Name the nearest neighbour in order that this part should have stood on the
            # other side of: only the misplaced part is reported, not everything after it.
            before = [k for j, (k, _) in enumerate(firsts) if j < i and j in keep and rank[k] > rank[kind]]
            if before:
                message = f"{LABELS[kind]} stands after {LABELS[before[-1]]}; expected before it"
            else:
                after = next(k for j, (k, _) in enumerate(firsts) if j > i and j in keep and rank[k] < rank[kind])
                message = f"{LABELS[kind]} stands before {LABELS[after]}; expected after it"
            yield self.diagnostic(span, message)


def _longest_ordered(items, rank) -> set[int]:
    """Indices of a longest run-in-order subsequence (earliest parts preferred on ties)."""
    n = len(items)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if rank[items[j][0]] <= rank[items[i][0]] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return set()
    i = max(range(n), key=lambda k: (best[k], -k))
    out = set()
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out
