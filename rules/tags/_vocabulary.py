"""The TAGS vocabulary shipped in rules/data/tags/ (provenance in its README), loaded once, and
the reading of a TAGS line that every T rule shares: what kind of tag each token is, which
tokens are person names after OVIP, and how a run-together token splits.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from cablelint.model import Tag, TagsLine

DATA = "tags"  # rules/data/tags/
KINDS = ("subject", "program", "geographic", "organization")
_TAG_SHAPE = re.compile(r"[A-Z]{2}|[A-Z]{4}")


# A NamedTuple rather than a frozen dataclass: as immutable, and a tenth of the cost to create
# when the module is imported (every cold start imports every rule).
class Vocabulary(NamedTuple):
    """The TAG lists: what each TAG is, and tokens that are known not to be TAGs."""
    kinds: dict[str, str]  # TAG -> subject | program | geographic | organization
    not_tags: dict[str, str]  # token -> explanation ("not a TAG: ... RS")

    def kind(self, token: str) -> str | None:
        up = token.upper()
        found = self.kinds.get(up)
        if found is None and "/" in up:  # UNGA/C-6, UNGA/SPC: an organisation with a committee
            base = up.split("/", 1)[0]
            if self.kinds.get(base) == "organization":
                return "organization"
        return found

    def extended(self, extra: tuple[str, ...]) -> "Vocabulary":
        """With the `extend-tags` of the configuration; a tag's kind follows its shape."""
        if not extra:
            return self
        kinds = dict(self.kinds)
        for tag in extra:
            up = tag.strip().upper()
            if up and up not in kinds:
                kinds[up] = shape_kind(up)
        return Vocabulary(kinds, {k: v for k, v in self.not_tags.items() if k not in kinds})


def shape_kind(tag: str) -> str:
    if re.fullmatch(r"[A-Z]{2}", tag):
        return "geographic"
    if re.fullmatch(r"K[A-Z]{3}", tag):
        return "program"
    if re.fullmatch(r"[ABCELMOPST][A-Z]{3}", tag):
        return "subject"
    return "organization"


def _entries(name: str) -> list[str]:
    from .. import read_data

    text = read_data(DATA, f"{name}.txt")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def shipped() -> Vocabulary:
    kinds: dict[str, str] = {}
    for kind in KINDS:
        for tag in _entries(kind):
            kinds.setdefault(tag.strip(), kind)
    not_tags = dict(ln.split("\t", 1) for ln in _entries("not-tags"))
    return Vocabulary(kinds, not_tags)


@lru_cache(maxsize=32)
def vocabulary(extra: tuple[str, ...] = ()) -> Vocabulary:
    return shipped().extended(extra)


def for_settings(settings) -> Vocabulary:
    return vocabulary(tuple(settings.extend_tags))


# ------------------------------------------------------------------------------ reading
class TagReading(NamedTuple):
    """What a token of a TAGS line is, read against the vocabulary."""
    tag: Tag
    kind: str | None  # a KINDS value, "person", or None (unknown)
    parts: tuple[tuple[str, str], ...] = ()  # a certain split of a run-together token: (TAG, kind)
    splits: int = 0  # how many ways the token splits into tags (parts only when exactly one)

    @property
    def upper(self) -> str:
        return self.tag.text.upper()

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds this token contributes: its own, or those of its certain split."""
        if self.parts:
            return tuple(k for _, k in self.parts)
        return (self.kind,) if self.kind and self.kind != "person" else ()


_LAST_READ: tuple = (None, None, ())  # (TagsLine, Vocabulary, readings) of the last call


def read_tags(tl: TagsLine, vocab: Vocabulary) -> tuple[TagReading, ...]:
    """What each token of a TAGS line is. Four rules ask in turn about the same line, so the
    last answer is kept (swapped whole, so a thread never sees half of another's)."""
    global _LAST_READ
    last = _LAST_READ
    if last[0] is tl and last[1] is vocab:
        return last[2]
    readings = tuple(_read_tags(tl, vocab))
    _LAST_READ = (tl, vocab, readings)
    return readings


def _read_tags(tl: TagsLine, vocab: Vocabulary) -> list[TagReading]:
    out: list[TagReading] = []
    tags = tl.tags
    for i, tag in enumerate(tags):
        kind = vocab.kind(tag.text)
        if tag.text.startswith("("):
            out.append(TagReading(tag, "person"))
            continue
        if tag.person and kind is None and _is_name(tags, i, vocab):
            out.append(TagReading(tag, "person"))
            continue
        if kind is None and tag.text.isalpha() and tag.text.isupper() and len(tag.text) >= 6:
            found = _splits(tag.text, vocab)
            if len(found) == 1:
                out.append(TagReading(tag, None, found[0], 1))
                continue
            out.append(TagReading(tag, None, (), len(found)))
            continue
        out.append(TagReading(tag, kind))
    return out


def _is_name(tags: list[Tag], i: int, vocab: Vocabulary) -> bool:
    """A token after OVIP that is no tag: a name (`OVIP STEINBERG JAMES`). A tag-shaped token
    (2 or 4 capitals) is a name only next to another name (`OVIP RICE CONDOLEEZZA`), so a
    misspelled tag after OVIP is still reported."""
    if not _TAG_SHAPE.fullmatch(tags[i].text):
        return True
    for j in (i - 1, i + 1):
        if 0 <= j < len(tags) and tags[j].person and vocab.kind(tags[j].text) is None \
                and not _TAG_SHAPE.fullmatch(tags[j].text) and not tags[j].text.startswith("("):
            return True
    return False


def _splits(token: str, vocab: Vocabulary) -> list[tuple[tuple[str, str], ...]]:
    """Every way to cut `token` into known tags: 4-letter subject or program tags and 2-letter
    geographic tags, at least one of them a 4-letter tag, never two countries in a row (so a
    word such as POLITICS, PO+LI+TI+CS, is not split)."""
    results: list[tuple[tuple[str, str], ...]] = []

    def walk(pos: int, parts: list[tuple[str, str]]) -> None:
        if len(results) > 1:
            return
        if pos == len(token):
            if any(len(p) == 4 for p, _ in parts):
                results.append(tuple(parts))
            return
        for size in (4, 2):
            piece = token[pos:pos + size]
            if len(piece) != size:
                continue
            kind = vocab.kinds.get(piece)
            if size == 4 and kind not in ("subject", "program"):
                continue
            if size == 2 and (kind != "geographic" or (parts and len(parts[-1][0]) == 2)):
                continue
            walk(pos + size, parts + [(piece, kind)])

    walk(0, [])
    return results
