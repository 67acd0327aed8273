"""The cable as the grammar understood it: typed elements, each with its span.

Built from the Lark tree by `cablelint.build`. Spans are in the coordinates of the file as
given (1-based, end exclusive); values are normalized (a DTG as a datetime, a banner class as
`CONFIDENTIAL`). A part the cable lacks is `None` or an empty list, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from .diagnostics import Span

if TYPE_CHECKING:
    from .source import Source

__all__ = [
    "Field", "Line", "TransmissionId", "PrecedenceLine", "StationLine", "SecurityLine", "DtgLine",
    "Originator", "Addressee", "AddresseeBlock", "ExemptLine", "Distribution", "Wrapper", "Header",
    "Banner", "Caption", "PassingLine", "CorrectedCopy", "EoLine", "Tag", "TagsLine", "Subject",
    "Reference", "RefBlock", "ClassifiedBy", "Marking", "Paragraph", "Signature", "Trailer",
    "Cable", "LEVELS", "level_rank",
]

# Order of classification levels for comparisons (cable-format.md §4.4): U < SBU/LOU < C < S < TS.
LEVELS = {"U": 0, "SBU": 1, "LOU": 1, "C": 2, "S": 3, "TS": 4}
_CLASSIFICATION_LEVEL = {
    "UNCLASSIFIED": "U", "UNCLASSIFIED EFTO": "U", "LIMITED OFFICIAL USE": "LOU",
    "CONFIDENTIAL": "C", "SECRET": "S", "TOP SECRET": "TS",
}


# Model elements compare by identity (rules ask "is this the same line?", never "an equal one?")
# and are shown by `cablelint parse`: without the generated __eq__ and __repr__, creating the
# classes of this module costs half as much, a few ms of every cold start. Every dataclass of
# the project has a docstring: without one, `dataclass` makes one with `inspect.signature`,
# which costs about as much again.
element = dataclass(eq=False, repr=False)


def level_rank(level: str | None) -> int | None:
    return LEVELS.get(level) if level else None


class Field:
    """A piece of text with its span.

    A model holds dozens of fields per cable (every addressee has four) and rules report on
    few of them, so a field cut from a token works its span out when a rule first asks."""

    __slots__ = ("text", "_span", "_tok", "_a", "_b", "_loc")

    def __init__(self, text: str, span: Span | None = None, tok=None, a: int = 0, b: int | None = None,
                 loc=None) -> None:
        self.text = text
        self._span = span
        self._tok = tok  # with `loc`, the Lark token and the columns [a, b) of the text in it
        self._a = a
        self._b = b
        self._loc = loc

    @property
    def span(self) -> Span:
        if self._span is None:
            self._span = self._loc.tok(self._tok, self._a, self._b)
        return self._span

    def __repr__(self) -> str:
        return f"Field({self.text!r})"


class Line:
    """A raw line of the text (continuation, passing line, wrapper line).

    The text of a cable is mostly such lines, so the span is worked out only when a rule asks
    for it; `line` (the 1-based line number in the file as given) is cheap."""

    __slots__ = ("text", "_span", "_toks", "_loc")

    def __init__(self, text: str, span: Span | None = None, toks=None, loc=None) -> None:
        self.text = text
        self._span = span
        self._toks = toks  # the Lark tokens of the line, with the locator that maps them
        self._loc = loc

    @property
    def span(self) -> Span:
        if self._span is None:
            first, last = self._loc.tok(self._toks[0]), self._loc.tok(self._toks[-1])
            self._span = Span(first.line, first.column, last.end_line, last.end_column)
        return self._span

    @property
    def line(self) -> int:
        if self._span is not None:
            return self._span.line
        return self._loc.norm[self._toks[0].line - 1].orig + 1

    @property
    def order(self) -> tuple[int, int, int]:
        """A key that sorts lines by position without working out their spans (a line the
        normalization split, at a page marker, keeps its parts in order)."""
        if self._span is not None:
            return self._span.line, 0, self._span.column
        first = self._toks[0]
        return self._loc.norm[first.line - 1].orig + 1, first.line, first.column

    def __repr__(self) -> str:
        return f"Line({self.text!r}, {self.span!r})"


# --------------------------------------------------------------------------- header (FL1-FL9)
@element
class TransmissionId:
    """FL1: the transmission identification (`VZCZCXYZ0314`)."""
    span: Span
    value: Field
    rest: Field | None = None


@element
class PrecedenceLine:
    """FL2: the precedence prosign and the relay routing indicators (`OO RUEHWEB`)."""
    span: Span
    prosign: Field
    routing: list[Field] = field(default_factory=list)  # relay RIs, continuation lines included
    rest: Field | None = None


@element
class StationLine:
    """FL3: the originating station, SSN and filing time (`DE RUCNDT #0314/01 0982354`)."""
    span: Span
    keyword: Field
    ri: Field | None = None
    ssn: Field | None = None  # "#0314/01"
    serial: int | None = None  # 314
    part: int | None = None  # 1
    filed: Field | None = None  # "0982354"
    julian_day: int | None = None
    filed_time: str | None = None  # "2354"
    rest: Field | None = None
    number: Field | None = None  # the serial digits of the SSN: "0314"
    part_field: Field | None = None  # "01" of "#0314/01"
    julian: Field | None = None  # "098" of the filing time
    time: Field | None = None  # "2354" of the filing time


@element
class SecurityLine:
    """FL4: the security line (`ZNY CCCCC ZZH`)."""
    span: Span
    keyword: Field  # ZNY / ZNR
    letters: Field | None = None  # CCCCC (or CCCCC/BBBBB)
    signals: list[Field] = field(default_factory=list)  # ZZH, ZDK, (CCY ...)
    rest: Field | None = None


@element
class DtgLine:
    """FL5: the precedence and date-time group (`O 072354Z APR 08`)."""
    span: Span
    precedence: Field | None = None  # "O" or "O R"
    dtg: Field | None = None  # "072354Z APR 08"
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    month: int | None = None  # 1-12, None if the month name is unknown
    year: int | None = None  # four digits
    when: datetime | None = None  # None when the fields do not make a real UTC time
    signals: list[Field] = field(default_factory=list)
    rest: Field | None = None
    # The parts of the DTG as written: "day", "hour", "minute", "month", "year"
    parts: dict[str, Field] = field(default_factory=dict)


@element
class Originator:
    """FL6: the originator (`FM USMISSION USUN NEW YORK`)."""
    span: Span
    keyword: Field
    plad: Field | None = None


@element
class Addressee:
    """One TO, INFO or XMT addressee: `[RI/]PLAD [PRECEDENCE] [MCN]`."""
    span: Span
    text: str
    ri: Field | None = None  # RUEHC (or ZEN)
    plad: Field | None = None  # SECSTATE WASHDC
    precedence: Field | None = None  # IMMEDIATE
    mcn: Field | None = None  # 4065 or 2276-2279
    rest: Field | None = None  # what does not fit the addressee shape


@element
class AddresseeBlock:
    """FL7 (TO) or FL8 (INFO): a keyword and its addressees."""
    span: Span
    keyword: Field
    addressees: list[Addressee] = field(default_factory=list)


@element
class ExemptLine:
    """FL9: an XMT line (an addressee exempted from a collective)."""
    span: Span
    keyword: Field
    plad: Field | None = None


@element
class Distribution:
    """The ACTION / INFO LOG-00 distribution block of a received copy."""
    span: Span
    lines: list[Line] = field(default_factory=list)


@element
class Wrapper:
    """Lines around the cable that are not cable text: e-mail headers, csv records, date lines, the partial-extract notice ..."""
    kind: str
    span: Span
    lines: list[Line] = field(default_factory=list)



@element
class Header:
    """The routing header. The first occurrence of each format line is the one checked; a
    repeated block (exported copies repeat it) stays in `lines`."""

    span: Span
    lines: list[object] = field(default_factory=list)
    transmission_id: TransmissionId | None = None
    precedence: PrecedenceLine | None = None
    station: StationLine | None = None
    security: SecurityLine | None = None
    dtg: DtgLine | None = None
    originator: Originator | None = None
    action: list[AddresseeBlock] = field(default_factory=list)
    info: list[AddresseeBlock] = field(default_factory=list)
    exempt: list[ExemptLine] = field(default_factory=list)

    @property
    def addressees(self) -> list[Addressee]:
        return [a for block in self.action + self.info for a in block.addressees]


# --------------------------------------------------------------------------- text
@element
class Banner:
    """The classification banner (`CONFIDENTIAL SECTION 01 OF 02 USUN NEW YORK 000314`)."""
    span: Span
    text: str
    klass: Field | None  # the class words as written: "C O N F I D E N T I A L"
    classification: str | None  # UNCLASSIFIED, UNCLASSIFIED EFTO, LIMITED OFFICIAL USE, CONFIDENTIAL, ...
    efto: Field | None = None
    section: Field | None = None  # "SECTION 01 OF 02"
    section_number: int | None = None
    section_count: int | None = None
    post: Field | None = None  # "USUN NEW YORK"
    serial: Field | None = None  # "000314"
    rest: Field | None = None  # anything after the serial

    @property
    def level(self) -> str | None:
        return _CLASSIFICATION_LEVEL.get(self.classification or "")

    def same_cable(self, other: "Banner") -> bool:
        """`other` is a banner of the same cable: the same post and serial (a later section,
        or the text repeated by an exported copy)."""
        if not (self.post and other.post and self.serial and other.serial):
            return False
        return "".join(self.post.text.split()).upper() == "".join(other.post.text.split()).upper() \
            and int(self.serial.text) == int(other.serial.text)


@element
class Caption:
    """A caption line under the banner (`NOFORN`, `SIPDIS`)."""
    span: Span
    text: str  # as written, trimmed
    words: list[str] = field(default_factory=list)  # normalized: ["NOFORN"], ["SIPDIS"]


@element
class PassingLine:
    """A passing instruction line (`PASS TO ...`, `FOR ...`) in the front matter."""
    span: Span
    text: str


@element
class CorrectedCopy:
    """A `CORRECTED COPY` line."""
    span: Span
    text: str


@element
class EoLine:
    """The E.O. declassification line (`E.O. 12958: DECL: 04/07/2018`)."""
    span: Span
    keyword: Field  # "E.O." as written
    order: Field | None = None  # "12958"
    value: Field | None = None  # everything after the order and its colon
    decl_keyword: Field | None = None  # "DECL:" as written
    kind: str | None = None  # date | na | code | event | truncated | redacted | None (no value)
    date: date | None = None
    date_field: Field | None = None  # the date as written
    codes: list[Field] = field(default_factory=list)  # OADR, X1, 25X1, GDS ...


@element
class Tag:
    """One TAG of a TAGS line."""
    text: str
    span: Span
    separator: str = ""  # what stood before it on its line: "", " ", ", "
    person: bool = False  # inside an OVIP (...) group


@element
class TagsLine:
    """The TAGS line (continuation lines included)."""
    span: Span
    keyword: Field
    tags: list[Tag] = field(default_factory=list)
    trailing: Field | None = None  # a separator left at the end of the list


@element
class Subject:
    """The SUBJECT line (continuation lines included)."""
    span: Span
    keyword: Field
    text: str  # the whole subject, continuation lines joined with a space
    first: Field | None = None  # the subject text on the keyword line
    mark: Field | None = None  # a leading portion mark: (C)


@element
class Reference:
    """One reference of the REF block (`A. STATE 34975`)."""
    span: Span
    letter: Field | None  # "A", "1"; None for an unlettered reference
    style: str | None  # the bullet's shape: "A." "A)" "(A)" "A:" "A-" "(1)" "1)" ("a)" in lower case)
    text: Field
    bullet: Field | None = None  # the bullet as written: "B." "(c)"; `letter` spans the letter only


@element
class RefBlock:
    """The REF block: its keyword and references."""
    span: Span
    keyword: Field
    items: list[Reference] = field(default_factory=list)


@element
class ClassifiedBy:
    """The `Classified By: ... Reasons 1.4 (b) and (d)` statement."""
    span: Span
    keyword: Field | None  # "Classified By:" as written (None inside a paragraph's text)
    text: str  # the whole statement, wrapped lines joined
    who: Field | None = None
    section: Field | None = None  # "1.4"
    reasons: list[Field] = field(default_factory=list)  # letters as written: b, d
    derived: bool = False  # "Derived from ..." (derivative classification)
    in_paragraph: int | None = None  # the paragraph number when written as a paragraph


@element
class Marking:
    """A portion marking (`(C)`, `(S//NF)`) with its level and control words."""
    text: str  # as written, with parentheses: "(S//NF)"
    span: Span
    level: str | None  # U, SBU, LOU, C, S, TS (None if unreadable)
    controls: list[str] = field(default_factory=list)  # ["NF"], ["REL NATO"], ["FOUO"]
    standard: bool = True  # spelled as the vocabulary says (P403)


@element
class Paragraph:
    """A numbered paragraph: its number, portion marking and lines."""
    span: Span  # the paragraph's head line to its last line
    number: int
    number_field: Field  # "1."
    marking: Marking | None = None
    text: str = ""  # the paragraph's text after the number and mark, lines joined
    lines: list[Line] = field(default_factory=list)  # head text and continuation lines
    late_marking: Marking | None = None  # a mark after a lead-in: "1. Summary. (C) ..."
    run: int = 0  # numbering run: a marked `1.` (a quoted or repeated text) starts the next one


@element
class Signature:
    """The signature: the last line of the text when it reads as a name."""
    span: Span
    text: str


@element
class Trailer:
    """A trailer line (`NNNN`, `BT`, `End Cable Text`)."""
    span: Span
    text: str


# --------------------------------------------------------------------------- the cable
@element
class Cable:
    """The whole cable: header, front matter, paragraphs, and what the grammar could not place."""
    source: "Source"
    header: Header | None = None
    wrappers: list[Wrapper] = field(default_factory=list)
    distribution: list[Distribution] = field(default_factory=list)
    banner: Banner | None = None
    banners: list[Banner] = field(default_factory=list)  # every banner, repeated sections included
    captions: list[Caption] = field(default_factory=list)
    passing: list[PassingLine] = field(default_factory=list)
    corrected: list[CorrectedCopy] = field(default_factory=list)
    eo_lines: list[EoLine] = field(default_factory=list)
    tags_lines: list[TagsLine] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    ref_blocks: list[RefBlock] = field(default_factory=list)
    classified_by_lines: list[ClassifiedBy] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    body_lines: list[Line] = field(default_factory=list)  # text lines after the front matter
    signature: Signature | None = None
    trailers: list[Trailer] = field(default_factory=list)
    # The text parts in the order they stand, for the order rule: (kind, span)
    order: list[tuple[str, Span]] = field(default_factory=list)
    partial: bool = False  # a "partial extract" record (no header rules)
    syntax_problems: list = field(default_factory=list)  # cablelint.parse.SyntaxProblem, mapped

    # -- the element the rules check, when a cable has several --------------------------
    @property
    def eo(self) -> EoLine | None:
        return self.eo_lines[0] if self.eo_lines else None

    @property
    def tags(self) -> TagsLine | None:
        return self.tags_lines[0] if self.tags_lines else None

    @property
    def subject(self) -> Subject | None:
        return self.subjects[0] if self.subjects else None

    @property
    def references(self) -> list[Reference]:
        return [item for block in self.ref_blocks for item in block.items]

    @property
    def classified_by(self) -> ClassifiedBy | None:
        return self.classified_by_lines[0] if self.classified_by_lines else None

    @property
    def classification(self) -> str | None:
        return self.banner.classification if self.banner else None

    @property
    def level(self) -> str | None:
        """The banner level, with UNCLAS + SENSITIVE read as SBU."""
        if not self.banner:
            return None
        lvl = self.banner.level
        if lvl == "U" and any("SENSITIVE" in c.words for c in self.captions):
            return "SBU"
        return lvl

    @property
    def is_classified(self) -> bool:
        return self.banner is not None and self.banner.level in ("C", "S", "TS")

    @property
    def dtg(self) -> datetime | None:
        return self.header.dtg.when if self.header and self.header.dtg else None

    @property
    def date(self) -> date | None:
        """The cable date: the date of the DTG (rules.md)."""
        when = self.dtg
        return when.date() if when else None

    @property
    def mrn(self) -> str | None:
        """YY + post without spaces + serial without leading zeros (cable-format.md §4.2)."""
        b = self.banner
        if not (b and b.post and b.serial and self.dtg):
            return None
        post = "".join(b.post.text.split()).upper()
        try:
            serial = int(b.serial.text)
        except ValueError:
            return None
        return f"{self.dtg.year % 100:02d}{post}{serial}"

    @property
    def caption_words(self) -> set[str]:
        return {w for c in self.captions for w in c.words}
