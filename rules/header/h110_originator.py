import re
from functools import lru_cache

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import checked_header, trusted_serial

_RI_FORM = re.compile(r"R[A-Z]{4,7}(?:/|$)")
_OFFICE_SYMBOL = re.compile(r"//.*$")  # USDEL SECRETARY//MEXICO//


@lru_cache(maxsize=1)
def _aliases() -> tuple[frozenset[str], dict[str, str]]:
    """(office prefixes, name key -> canonical key) from rules/data/post_aliases.tsv."""
    from .. import read_data

    text = read_data("post_aliases.tsv")
    prefixes: set[str] = set()
    canon: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, *names = line.split("\t")
        if kind == "prefix":
            prefixes.update(names)
        elif kind == "same":
            keys = [_key(n) for n in names]
            for k in keys:
                canon[k] = keys[0]
    return frozenset(prefixes), canon


def _key(name: str) -> str:
    return re.sub(r"[^A-Z]", "", name.upper())


def post_keys(name: str) -> set[str]:
    """The canonical keys a post name may stand for: the name itself, without its office
    word (AMEMBASSY), without a trailing 2-letter country tag (TRIPOLI LY), through the
    alias table."""
    prefixes, canon = _aliases()
    words = _OFFICE_SYMBOL.sub("", name.upper()).split()
    forms = [words]
    if len(words) > 1 and words[0] in prefixes:
        forms.append(words[1:])
    for w in list(forms):
        if len(w) > 1 and len(w[-1]) == 2 and w[-1].isalpha():
            forms.append(w[:-1])
    keys = {_key(" ".join(w)) for w in forms}
    return {canon.get(k, k) for k in keys if k}


class Originator(Rule):
    """The FM line is missing, names no plain-language address, or disagrees with the banner post.

    ## What it does
    When a cable has a routing header, checks its FM line (format line 6): it must be there,
    name the originator by its plain-language address (`FM AMEMBASSY BERN`, not a routing
    indicator), and name the post of the classification banner. Known aliases count as the
    same post: `SECSTATE WASHDC` sends `STATE` cables, `USMISSION USUN NEW YORK` sends
    `USUN NEW YORK` cables, `AIT TAIPEI` and `TAIPEI`, `USEU BRUSSELS` and `BRUSSELS`,
    `USDEL SECRETARY` and `PARTO` (the table, with its sources, is `rules/data/post_aliases.tsv`).

    ## Why is this bad?
    5 FAH-2 H-232: the originating address is always a PLAD, and 5 FAH-2 H-321.6 puts it in FL6.
    The FM post, the banner post and the message reference number name the same office; a
    disagreement means the header was joined to another post's text or typed wrongly.

    ## Example
        FM AMEMBASSY CHISINAU
        ...
        S E C R E T ULAANBAATAR 000234

    ## Use instead
        FM AMEMBASSY ULAANBAATAR
        ...
        S E C R E T ULAANBAATAR 000234

    ## Fix safety
    No fix: which of the two names the true originator is a question for the record.

    ## Evidence
    FM post = banner post (with aliases) in 1,250/1,259 cablegate cables; the 9 others are
    header/body mix-ups and typos (cable-format.md §3.7, §9). Corpus: 8 of 4,200 cables,
    the mix-ups 06AMMAN3564, 07PARIS2725, 08LAPAZ751, 09BANGKOK706, 09CHISINAU694,
    09MOSCOW1108 and 10MEXICO614, and the garbled banner post `QRIPOLI`.
    """

    code = "H110"
    name = "originator"
    default_severity = Severity.ERROR
    tags = ("header", "FL6", "banner", "cross-check")

    def check(self, cable, ctx):
        header = checked_header(cable)
        if header is None:
            return
        fm = header.originator
        if fm is None:
            anchor = header.dtg.span if header.dtg is not None else header.span
            yield self.diagnostic(anchor if anchor.end_line == anchor.line else header.lines[0].span,
                                  "the header has no FM line naming the originator")
            return
        if fm.plad is None:
            yield self.diagnostic(fm.keyword.span, "FM line without an originator")
            return
        plad = fm.plad.text
        if _RI_FORM.match(plad):
            yield self.diagnostic(fm.plad.span, f'FM names "{plad}", a routing indicator; expected the '
                                                f"plain-language address (AMEMBASSY BERN)")
            return
        banner = cable.banner
        if banner is None or banner.post is None or trusted_serial(banner) is None:
            return
        post = banner.post.text
        if not post_keys(plad) & post_keys(post):
            yield self.diagnostic(fm.plad.span, f'FM "{plad}" does not name the banner post "{post}" (line {banner.span.line})')
