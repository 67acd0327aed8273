"""Tree -> model: a Lark Transformer that turns the parse tree into `cablelint.model` objects
(embedded in the parser when linting, `parse_cable`, so that the tree is never built).

Context-free elements (header lines, banners, captions) are built where they stand. The text
blocks are then assembled in one pass that makes the few decisions a line grammar cannot:
which numbered lines are paragraphs and which are numbered lists inside one, where the body
begins, which keyword lines repeat a section's front matter, and which last line is the
signature. Each decision is commented where it is made.
"""

from __future__ import annotations

import re
import string
import threading
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from lark import Token, Transformer, Tree

from . import fields as F
from .diagnostics import Span
from .model import (
    Addressee, AddresseeBlock, Banner, Cable, Caption, ClassifiedBy, CorrectedCopy, Distribution,
    DtgLine, EoLine, ExemptLine, Field, Header, Line, Marking, Originator, Paragraph, PassingLine,
    PrecedenceLine, RefBlock, Reference, SecurityLine, Signature, StationLine, Subject, Tag,
    TagsLine, Trailer, TransmissionId, Wrapper,
)
from .parse import SyntaxProblem, build_parser, parse_normalized
from .source import Source

__all__ = ["build_cable", "parse_cable", "Locator"]


# `_new_span(Span, (line, column, end_line, end_column))` makes a Span without the NamedTuple
# constructor's Python-level call: half the cost, for the ~150 spans of every cable.
_new_span = tuple.__new__


class Locator:
    """Maps positions in the normalized text (Lark's coordinates) to the file as given."""

    __slots__ = ("norm",)

    def __init__(self, source: Source) -> None:
        self.norm = source.norm

    def span(self, nline: int, start: int, end: int) -> Span:
        """`nline` 1-based normalized line; `start`/`end` 0-based columns, end exclusive."""
        nl = self.norm[nline - 1]
        line = nl.orig + 1
        if len(nl.cols) == 1:  # one offset for the whole line (most lines): no lookup
            off = nl.ocols[0] + 1
            return _new_span(Span, (line, start + off, line, end + off if end > start else start + off + 1))
        return Span(line, nl.to_orig(start) + 1, line, max(nl.end_to_orig(end), nl.to_orig(start) + 1) + 1
                    if end <= start else nl.end_to_orig(end) + 1)

    def tok(self, tok: Token, a: int = 0, b: int | None = None) -> Span:
        line = tok.line
        if tok.end_line != line and b is None:
            first = self.span(line, tok.column - 1, tok.column - 1 + len(tok.value.split("\n", 1)[0]))
            last_text = tok.value.rsplit("\n", 1)[1]
            last = self.span(tok.end_line, 0, len(last_text))
            return Span(first.line, first.column, last.end_line, last.end_column)
        start = tok.column - 1 + a
        end = tok.column - 1 + (len(tok.value) if b is None else b)
        nl = self.norm[line - 1]
        if len(nl.cols) == 1:  # `span`'s fast path, inlined: the model asks this ~150 times a cable
            orig = nl.orig + 1
            off = nl.ocols[0] + 1
            return _new_span(Span, (orig, start + off, orig, end + off if end > start else start + off + 1))
        return self.span(line, start, end)

    def field(self, tok: Token, a: int = 0, b: int | None = None) -> Field:
        b2 = len(tok.value) if b is None else b
        return Field(tok.value[a:b2], None, tok, a, b2, self)


def join(a: Span, b: Span) -> Span:
    return _new_span(Span, (a.line, a.column, b.end_line, b.end_column))


@dataclass
class _Block:
    """A zone-B block before assembly: its kind, head tokens and continuation lines."""

    kind: str
    head: list[Token]
    conts: list[_Cont] = field(default_factory=list)  # its continuation lines
    obj: object = None  # banner blocks carry their banner

    @property
    def first(self) -> Token:
        return self.head[0]

    def last_token(self) -> Token:
        if self.conts:
            return self.conts[-1][1][-1]
        return self.head[-1]


def _tokens(children) -> list[Token]:
    return [c for c in children if isinstance(c, Token)]


class _ToModel(Transformer):
    """Run on a finished tree (`build_cable`), or embedded in the parser (`parse_cable`), which
    then calls it at each reduction: no tree is made. One embedded instance serves every parse
    of its thread, `reset` to the source at hand before each."""

    # Lark's `Transformer.__default__` only makes a Tree; as the class itself the rules without
    # a method here (the inlined `_name` repetitions, a reduction per line) skip a Python frame.
    __default__ = Tree

    def __init__(self, source: Source | None = None) -> None:
        super().__init__(visit_tokens=False)
        if source is not None:
            self.reset(source)

    def reset(self, source: Source | None) -> None:
        self.loc = Locator(source) if source is not None else None
        self.source = source
        self.line_tokens: dict[int, Token] = {}  # id(Banner | PassingLine | CorrectedCopy) -> token

    # ------------------------------------------------------------------ helpers
    def _line_span(self, toks: list[Token]) -> Span:
        return join(self.loc.tok(toks[0]), self.loc.tok(toks[-1]))

    def _rest(self, toks: list[Token], name: str = "TEXT") -> Field | None:
        for t in toks:
            if t.type == name:
                return self.loc.field(t)
        return None

    # ------------------------------------------------------------------ zone A
    def transmission_id(self, c):
        t = _tokens(c)
        return TransmissionId(self._line_span(t), self.loc.field(t[0]), self._rest(t[1:]))

    def precedence_line(self, c):
        t = _tokens(c)
        routing = [self.loc.field(x) for x in t if x.type == "RI"]
        for x in t:
            if x.type == "ROUTING_LINE":
                for w, a, b in F.split_words(x.value):
                    routing.append(self.loc.field(x, a, b))
        return PrecedenceLine(self._line_span(t), self.loc.field(t[0]), routing, self._rest(t))

    def station_line(self, c):
        t = _tokens(c)
        sl = StationLine(self._line_span(t), self.loc.field(t[0]))
        for x in t[1:]:
            if x.type == "RI":
                sl.ri = self.loc.field(x)
            elif x.type == "SSN":
                sl.ssn = self.loc.field(x)
                m = re.match(r"#(\d+)(?:/(\d+))?", x.value)
                if m:
                    sl.serial = int(m.group(1))
                    sl.number = self.loc.field(x, *m.span(1))
                    sl.part = int(m.group(2)) if m.group(2) else None
                    sl.part_field = self.loc.field(x, *m.span(2)) if m.group(2) else None
            elif x.type == "FILED":
                sl.filed = self.loc.field(x)
                sl.julian_day, sl.filed_time = int(x.value[:3]), x.value[3:]
                sl.julian, sl.time = self.loc.field(x, 0, 3), self.loc.field(x, 3, 7)
            elif x.type == "TEXT":
                sl.rest = self.loc.field(x)
        return sl

    def security_line(self, c):
        t = _tokens(c)
        sl = SecurityLine(self._line_span(t), self.loc.field(t[0]))
        for x in t[1:]:
            if x.type == "ZN_CLASS":
                sl.letters = self.loc.field(x)
            elif x.type == "TEXT":
                sl.signals = [self.loc.field(x, a, b) for _, a, b in _signals(x.value)]
        return sl

    def dtg_line(self, c):
        t = _tokens(c)
        dl = DtgLine(self._line_span(t))
        for x in t:
            if x.type == "DTG_PREC":
                dl.precedence = self.loc.field(x)
            elif x.type == "DTG":
                dl.dtg = self.loc.field(x)
                parsed = F.parse_dtg(x.value)
                if parsed:
                    dl.day, dl.hour, dl.minute, dl.month, dl.year, dl.when = parsed
                    dl.parts = {k: self.loc.field(x, a, b) for k, (a, b) in F.dtg_parts(x.value).items()}
            elif x.type == "TEXT" and dl.dtg is None:
                dl.rest = self.loc.field(x)  # what stands where the DTG should
            elif x.type == "TEXT":
                dl.signals = [self.loc.field(x, a, b) for _, a, b in _signals(x.value)]
        return dl

    def originator(self, c):
        t = _tokens(c)
        return Originator(self._line_span(t), self.loc.field(t[0]), self._rest(t[1:]))

    def addressee(self, c):
        return c[0]

    def _addressee_block(self, c):
        t = _tokens(c)
        kw = t[0]
        lines = t[1:]
        block = AddresseeBlock(self._line_span(t), self.loc.field(kw))
        for x in lines:
            block.addressees.append(self._addressee(x))
        return block

    action_block = _addressee_block
    info_block = _addressee_block

    def _addressee(self, tok: Token) -> Addressee:
        ri, plad, prec, mcn = F.parse_addressee(tok.value)
        a = Addressee(self.loc.tok(tok), tok.value)
        field = self.loc.field
        a.ri = field(tok, *ri) if ri else None
        a.plad = field(tok, *plad) if plad else None
        a.precedence = field(tok, *prec) if prec else None
        a.mcn = field(tok, *mcn) if mcn else None
        return a

    def exempt_line(self, c):
        t = _tokens(c)
        return ExemptLine(self._line_span(t), self.loc.field(t[0]), self._rest(t[1:]))

    def distribution(self, c):
        t = _tokens(c)
        return Distribution(self._line_span(t), [Line(x.value, self.loc.tok(x)) for x in t])

    def wrapper(self, c):
        t = _tokens(c)
        kind = t[0].type.lower()
        return Wrapper(kind, self._line_span(t), [Line(x.value, self.loc.tok(x)) for x in t])

    # ------------------------------------------------------------------ zone B
    def banner(self, c):
        tok = c[0]
        bf = F.parse_banner(tok.value)
        b = Banner(self.loc.tok(tok), tok.value, None, None)
        self.line_tokens[id(b)] = tok
        if bf:
            b.klass = self.loc.field(tok, *bf.klass)
            b.classification = bf.classification
            b.efto = self.loc.field(tok, *bf.efto) if bf.efto else None
            b.section = self.loc.field(tok, *bf.section) if bf.section else None
            b.section_number, b.section_count = bf.section_number, bf.section_count
            b.post = self.loc.field(tok, *bf.post) if bf.post else None
            b.serial = self.loc.field(tok, *bf.serial) if bf.serial else None
            rest = bf.rest
            if rest:
                # A re-flowed copy joins the caption lines to the banner line (`... 000118
                # SIPDIS SIPDIS DEPT FOR ...`, or without blanks in fused media copies): the
                # leading caption words are captions.
                captions = []
                pos = rest[0]
                while (m := _INLINE_CAPTION.match(tok.value, pos)) is not None:
                    captions.append(Caption(self.loc.tok(tok, m.start(1), m.end(1)), m.group(1), [m.group(1)]))
                    pos = m.end(1)
                if captions:
                    tail = tok.value[pos:]
                    lead = len(tail) - len(tail.lstrip())
                    rest = (pos + lead, len(tok.value)) if tail.strip() else None
                    b.rest = self.loc.field(tok, *rest) if rest else None
                    return [b, *captions]
            b.rest = self.loc.field(tok, *rest) if rest else None
        return b

    def caption(self, c):
        tok = c[0]
        words = [w.upper() for w in re.split(r"[\s,/]+", tok.value) if w]
        text = " ".join(words)
        # Multi-word captions are one caption each.
        for multi in ("SENSITIVE BUT UNCLASSIFIED", "NOT FOR INTERNET DISTRIBUTION",
                      "OFFICIAL INFORMAL", "INFORM ALL STATE EMPLOYEES"):
            if multi in text:
                text = text.replace(multi, multi.replace(" ", "_"))
        words = [w.replace("_", " ") for w in text.split()]
        if re.match(r"(?i)(FOR\s.+\sONLY|REL\s+TO\s.+|[A-Z]+\s+CHANNEL)$", tok.value):
            words = [tok.value.upper()]
        return Caption(self.loc.tok(tok), tok.value, words)

    def corrected(self, c):
        t = _tokens(c)
        line = CorrectedCopy(self._line_span(t), " ".join(x.value for x in t))
        if t[-1].type == "TEXT":
            self.line_tokens[id(line)] = t[-1]
        return line

    def passing(self, c):
        tok = c[0]
        # `SECRET//NOFORN` or `SECRET//FGI//NOFORN//MR` on a line of its own is a caveat line:
        # its controls are captions.
        m = _CAVEAT_LINE.match(tok.value)
        if m:
            words = [w.upper() for w in re.split(r"\s*/+\s*", m.group("controls")) if w]
            return Caption(self.loc.tok(tok), tok.value, words)
        # A re-flowed copy joins caption lines to the passing line after them (`NOFORN SIPDIS
        # DEPT FOR NEA/MAG ...`): the leading caption words are captions.
        captions = []
        pos = 0
        while (m := _INLINE_CAPTION.match(tok.value, pos)) is not None and m.end(1) < len(tok.value):
            captions.append(Caption(self.loc.tok(tok, m.start(1), m.end(1)), m.group(1), [m.group(1)]))
            pos = m.end(1)
        # ... and the caption lines before the next part to its end (`... FOR POLAD SENSITIVE
        # SIPDIS`, `DEA SENSITIVE`).
        end = len(tok.value)
        trailing = []
        while (t := _TRAILING_CAPTION.search(tok.value, pos, end)) is not None and t.start() > pos:
            trailing.insert(0, Caption(self.loc.tok(tok, t.start(1), t.end(1)), t.group(1), [t.group(1)]))
            end = t.start()
        if captions or trailing:
            rest = _slice(tok, pos, end)
            line = PassingLine(self.loc.tok(rest), rest.value)
            self.line_tokens[id(line)] = rest
            return captions + [line] + trailing
        line = PassingLine(self.loc.tok(tok), tok.value)
        self.line_tokens[id(line)] = tok
        return line

    def banner_block(self, c):
        return _Block("banner", [], [], obj=_flat(c))  # a line may carry captions joined to it

    def caption_block(self, c):
        return _Block("front", [], [], obj=_flat(c))

    def _keyed(kind):  # noqa: N805 - a method factory
        def method(self, c):
            # The head is the tokens of the first line; the rest are continuation lines,
            # grouped by line: ("line" | "item" | "trailer", tokens).
            first = c[0].line
            n = 1
            while n < len(c) and c[n].line == first:
                n += 1
            first_n = n
            # A continuation line is TEXT, ITEM [TEXT] or TRAILER (grammar: `_lines`), so only
            # an ITEM can have a second token.
            conts = []
            size = len(c)
            while n < size:
                tok = c[n]
                t = tok.type
                if t == "TEXT":
                    conts.append(_new_cont(_Cont, ("line", [tok])))
                elif t == "ITEM":
                    if n + 1 < size and c[n + 1].type == "TEXT" and c[n + 1].line == tok.line:
                        conts.append(_new_cont(_Cont, ("item", [tok, c[n + 1]])))
                        n += 1
                    else:
                        conts.append(_new_cont(_Cont, ("item", [tok])))
                else:
                    conts.append(_new_cont(_Cont, ("trailer", [tok])))
                n += 1
            return _Block(kind, list(c[:first_n]), conts)
        return method

    eo_block = _keyed("eo")
    tags_block = _keyed("tags")
    subject_block = _keyed("subject")
    ref_block = _keyed("ref")
    classified_by = _keyed("classified_by")
    paragraph = _keyed("paragraph")
    del _keyed

    def start(self, c):
        return _Assembler(self.source, self.loc, self.line_tokens).assemble(c)


_SIGNAL = re.compile(r"\([^()]*\)|\S+")


def _signals(text: str):
    return [(m.group(0), m.start(), m.end()) for m in _SIGNAL.finditer(text)]


_TAG_LIKE = re.compile(r"^(?:[A-Z]{2,11}(?:/[A-Z0-9-]+)?|OVIP|\([^()]*\))$")
# A signer's name: one to four words, particles allowed (`van Voorst`, `de la Cruz`).
_PARTICLE = r"(?:(?:van|von|de|da|del|della|di|du|la|le|dos|das|der|den|ten|ter)\s+)*"
_NAME = re.compile(rf"^{_PARTICLE}[A-Z][A-Za-z'.-]*(?:[ ,/]+{_PARTICLE}[A-Z][A-Za-z'.-]*){{0,3}}$")
# Words a signature never is: captions, markers, trailers, a letter's closing.
_NOT_NAMES = {"UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET", "SIPDIS", "NOFORN", "SENSITIVE",
              "END", "SUMMARY", "COMMENT", "NOTE", "TEXT", "BT", "NNNN", "QUOTE", "UNQUOTE", "QTE", "UNQTE",
              "REGARDS", "THANKS", "SINCERELY", "RESPECTFULLY", "CHEERS"}
_GLUED_SIGNATURE = re.compile(r"(?:(?:[.!?)\"'”*]\s*|\bcfm\s+)(?P<upper>[A-Z][A-Z'-]{2,}(?: [A-Z][A-Z'-]{2,})?)"
                              r"|(?:[.!?)\"”*]|\bcfm)\s+(?P<title>(?:Mc|Mac|Le|De)?[A-Z][a-z'-]{2,}))\.?\s*$")
# What can follow the first character of a glued signature: blanks (`\s`), the name's letters,
# ' and -, the closing full stop. The search starts at the last character of the line that
# cannot (the match starts there or later), not at the start of what may be a long line.
_SIGNATURE_TAIL = (string.ascii_letters + "'-." + "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001"
                   "\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_CLASSIFIED_IN_PARA = re.compile(
    r"^(?:[A-Z ]+-+\s*ENTIRE\s+TEXT\.?\s*)?(?:\(U\)\s*)?(?P<kw>(?i:classified\s+by|derived\s+from)\s*:?)")
# A portion mark further into the head text (upper case, controls from the vocabulary only, so
# that `Sub-Committee (S/C)` is no mark).
_LATE_MARK = re.compile(r"\( ?(?:TS|S|C|U|SBU|LOU)(?:(?://|/|-| )(?:NF|NOFORN|FOUO|FGI|N|REL\b[A-Za-z ,/]{0,30}))? ?\)")
_ODD_MARK = re.compile(r"\((?!UN\)|US\))[SCUTN][SCUTBNFE]{1,3}\)(?=\s)"  # (SE) (NC)
                       r"|\((?:TS|SBU|LOU|S|C|U)(?=\s)|\((?:TS|SBU|LOU|S|C|U)/[^)]*$")  # (C Text, (S//REL A, B,
_BULLET = re.compile(r"(?:[-*•]+\s*)?")  # a dash bullet before a mark: `-- (C) ...`
_INLINE_TAGS = re.compile(r"\s(TAGS?:)\s")
# The TAGS keyword inside another line, misspellings included (cable-format.md §6.3).
_TAGS_KW_INLINE = re.compile(
    r"(?<![A-Za-z])(?:(?:TAGS|Tags|TAG|TAS|TABS|TGS|TAGES|AGS) *[:;]|TAGS,|TAGS?(?= +[A-Z]{2,4}(?:[ ,]|$)))")
# Where a TAGS list that goes on with another part on the same line ends.
_TAGS_END = re.compile(r"(?<![A-Za-z])(?:SUBJECT|Subject|SUBJ|Subj|subject) *:|(?<![A-Za-z])(?:REF|REFS|Ref|Refs) *:"
                       r"|(?<![A-Za-z])(?:Classified|CLASSIFIED) +(?:By|BY|by)\b")
_INLINE_HEADS = (
    ("subject", re.compile(r"(?:SUBJECT|Subject|SUBJ|Subj|subject) *:")),
    ("ref", re.compile(r"(?:REF|REFS|REF\(S\)|Ref\(s\)|REFTEL|Refs?) *:")),
    ("classified_by", re.compile(r"(?i:classified +by|derived +from)(?: *:)?")),
)
# Where a subject of a re-flowed copy runs on into REF, Classified By or the first paragraph.
_SUBJECT_END = re.compile(r"(?<=\s)(?:REF|REFS|Ref|Refs|REFTEL) *:(?=\s)"
                          r"|(?:(?<![A-Za-z])|(?<=[A-Z\d]))(?:Classified|CLASSIFIED) +(?:By|BY|by) *:"
                          r"|(?<=\s)\d{1,2}\. *\((?:[A-Z]{1,3}|SBU)(?:[/ -][A-Za-z /]{0,12})?\)")
# Where a REF line of a re-flowed copy runs on into another part: Classified By, the first
# numbered paragraph, a summary heading, a rule or an in-text page marker.
_PAGE_MARKER = re.compile(r"[A-Z][A-Z .'-]{0,30}? +\d{8} +\d{3}(?:\.\d)? +OF +\d{3}\s*")
_REF_END = re.compile(r"(?:(?<![A-Za-z])|(?<=[A-Z\d]))(?:Classified|CLASSIFIED) +(?:By|BY|by)\b"
                      r"|(?<!\S)\d{1,2}\. *\((?:[A-Z]{1,3}|SBU)(?:[/ -][A-Za-z /]{0,12})?\)"
                      r"|(?<=\s)\((?:U|SBU|C|S|TS)(?:/+[A-Z]+)*\) +[A-Z][a-z]"
                      r"|(?<!\S)(?:BEGIN SUMMARY|SUMMARY:|Summary:)|-{4,}"
                      r"|(?<!\S)[A-Z][A-Z .'-]{0,30}? +\d{8} +\d{3}(?:\.\d)? +OF +\d{3}(?!\d)")
# An E.O. line inside another line: the keyword, a classification order and a DECL value.
_EO_INLINE = re.compile(
    r"(?P<kw>(?<![\w.])(?:E\.\s?[O0]\.?|EO)|(?<=[A-Za-z0-9])E\.[O0]\.)\s?(?P<order>1[0-9]{3,4})(?!\d)"
    r"(?=\s*:?\s*(?i:DECL|N/A|DNG|GDS|OADR|AS AMENDED))")
_INLINE_SUBJECT = re.compile(r"\sSUBJ(?:ECT)?:")
_GLUED_TAGS = re.compile(r"(?<=\d)(TAGS?:)")  # DECL: 01/15/2029TAGS: PGOV
# `E.O. 12958, 1.4(b)(d).`: a Classified By reason wrapped onto a line of its own.
_EO_REASON = re.compile(r"\d{4,5}\s*,\s*(?:SEC(?:TION)?\.?\s*)?1\s*\.\s*[45]")
# The classification orders (rules/data/executive_orders.toml). An E.O. line with no value
# is one only if it cites one of them.
_CLASSIFICATION_ORDERS = frozenset({"10501", "11652", "12065", "12356", "12958", "13526"})
_ORDER_AS_REASON = re.compile(r"(?:\d{4,5})?\s*[,;]?\s*1\s*[.,]\s*[45]\b")
_REASON_START = re.compile(r"(?i:\breasons?\b|\breason\(s\)|\b1\s*[.,/]\s*[45]\b)")
_CAVEAT_LINE = re.compile(r"(?:TOP\s+)?(?:SECRET|CONFIDENTIAL|UNCLASSIFIED)\s*/+\s*(?P<controls>[A-Z][A-Z /]*)$")
_TRAILING_CAPTION = re.compile(r"\s(SIPDIS|NOFORN|SENSITIVE|NODIS|EXDIS|LIMDIS|STADIS)\s*$")
# A caption line standing among the later front-matter lines (after a page break, or after
# REF: `SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY`).
_LATE_CAPTION = re.compile(r"(?:SIPDIS|NOFORN|(?i:SENSITIVE[- ]BUT[- ]UNCLASSIFIED)\b.*|SENSITIVE|NODIS|EXDIS|LIMDIS|STADIS)$")
_INLINE_CAPTION = re.compile(r"\s*(SIPDIS|NOFORN|SENSITIVE BUT UNCLASSIFIED|SENSITIVE|NODIS|EXDIS|LIMDIS|STADIS)(?![a-z])")
# A Classified By statement that a re-flowed copy joined to the SUBJECT or REF line (`...
# B. STATE 34975 Classified By: Ambassador ... 1.4 (b) and (d)`): the keyword with its colon,
# or the keyword after a blank with a reason soon after it.
_INLINE_CLASSIFIED = re.compile(
    r"(?<!DE)(?<!De)(?P<kw>(?:\(U\)\s*)?(?:Classified\s+By|CLASSIFIED\s+BY|Classified\s+by|Derived\s+from"
    r"|DERIVED\s+FROM)\s*:)"
    r"|(?<=\s)(?P<kw2>(?:\(U\)\s*)?(?:Classified\s+By|CLASSIFIED\s+BY|Classified\s+by))(?=\s.{0,200}?"
    r"(?i:\breasons?\b|\b1\s*[.,]\s*[45]\b))")


class _Assembler:
    """One pass over the blocks of zone B (and the items of zone A) to a `Cable`."""

    def __init__(self, source: Source, loc: Locator, line_tokens: dict[int, Token] | None = None) -> None:
        self.source = source
        self.loc = loc
        self.cable = Cable(source)
        self.head_text: dict[int, Token | None] = {}
        self._norm_by_orig: dict[int, list[int]] | None = None
        self.line_tokens = line_tokens or {}
        # TEXT tokens of the front matter, in order: a re-flowed copy can carry paragraph 1
        # (or the E.O. line) inside the SUBJECT, REF or Classified By line.
        self.front_tokens: list[Token] = []
        self.head_conts: dict[int, list] = {}

    # ---------------------------------------------------------------- entry point
    def assemble(self, items) -> Cable:
        cable = self.cable
        header_lines = []
        blocks: list[_Block] = []
        for it in items:
            if isinstance(it, _Block):
                blocks.append(it)
            elif isinstance(it, Wrapper):
                cable.wrappers.append(it)
                if it.kind == "partial_notice":
                    cable.partial = True
            elif isinstance(it, Distribution):
                cable.distribution.append(it)
            else:
                header_lines.append(it)
        if header_lines:
            cable.header = _header(header_lines)
        self._text(blocks)
        return cable

    # ---------------------------------------------------------------- zone B
    def _text(self, blocks: list[_Block]) -> None:
        blocks = self._front_matter_blocks(blocks)
        cable = self.cable
        body_started = False
        section_repeat = False  # after a repeated banner, its E.O./TAGS/SUBJECT repeat the front
        pending_paras: list[_Block] = []
        for blk in blocks:
            kind = blk.kind
            if kind == "banner":
                if cable.banner is None and pending_paras and _is_preview(blk, pending_paras):
                    # Media copies put a teaser of the text before the banner (`¶1. (C) Su...`,
                    # then the whole cable): it is not the body.
                    for para in pending_paras:
                        self._free_lines([("line", para.head)] + para.conts)
                    pending_paras = []
                    body_started = False
                self._banner_block(blk, repeat=cable.banner is not None)
                section_repeat = body_started
                continue
            if kind == "front":  # captions and passing lines of a copy without a banner
                self._front_lines(blk.obj)
                continue
            if kind == "caption":
                # A caption line among the later front matter counts as a caption, but it does
                # not stand where captions stand (the order of the parts is not changed).
                tok = blk.head[0]
                cable.captions.append(Caption(self.loc.tok(tok), tok.value, [_caption_word(tok.value)]))
                continue
            if kind == "paragraph":
                body_started = True
                section_repeat = False
                pending_paras.append(blk)
                continue
            if body_started:
                if section_repeat and kind in ("eo", "tags", "subject", "ref", "classified_by"):
                    continue  # front matter repeated by a later section of a received copy
                # A keyword line inside the body (a quoted message, "Subject:" in an e-mail
                # excerpt) is body text of the paragraph it stands in.
                if pending_paras:
                    pending_paras[-1].conts.append(_Cont("line", blk.head))
                    pending_paras[-1].conts.extend(blk.conts)
                else:
                    self._free_lines([("line", blk.head)] + blk.conts)
                continue
            self.front_tokens.extend(t for t in blk.head if t.type == "TEXT")
            self.front_tokens.extend(t for _, toks in blk.conts for t in toks if t.type == "TEXT")
            getattr(self, "_" + kind)(blk)
        self._eo_inline(pending_paras[0].head[0].line if pending_paras else None)
        self._tags_inline()
        self._paragraphs(pending_paras)
        self._classified_by_in_paragraph()
        self._signature_and_trailers()

    def _mark_order(self, kind: str, span: Span) -> None:
        self.cable.order.append((kind, span))

    def _banner_block(self, blk: _Block, repeat: bool) -> None:
        cable = self.cable
        children = blk.obj
        banner = children[0]
        cable.banners.append(banner)
        if repeat:
            # The same cable's banner again (a received copy's next section, an exported copy
            # that repeats the text): its captions are the cable's captions too.
            first = cable.banner
            if first.same_cable(banner):
                cable.captions.extend(ch for ch in children[1:] if isinstance(ch, Caption)
                                      and ch.words not in [c.words for c in cable.captions])
            return
        cable.banner = banner
        self._mark_order("banner", banner.span)
        self._front_lines(children[1:])

    def _front_lines(self, children) -> None:
        cable = self.cable
        for ch in children:
            if isinstance(ch, Caption):
                cable.captions.append(ch)
                self._mark_order("caption", ch.span)
            elif isinstance(ch, CorrectedCopy):
                cable.corrected.append(ch)
                self._mark_order("corrected", ch.span)
            elif isinstance(ch, PassingLine):
                cable.passing.append(ch)
                self._mark_order("passing", ch.span)

    def _free_lines(self, conts) -> None:
        for kind, toks in conts:
            if kind == "trailer":
                self.cable.trailers.append(Trailer(self.loc.tok(toks[0]), toks[0].value))
                continue
            self.cable.body_lines.append(Line(" ".join(t.value for t in toks), None, toks, self.loc))

    @staticmethod
    def _split_at_blank(blk: _Block) -> tuple[list, list]:
        """Continuation lines up to the first blank line, and the rest."""
        last = blk.head[-1].line
        for i, (kind, toks) in enumerate(blk.conts):
            if toks[0].line > last + 1:
                return blk.conts[:i], blk.conts[i:]
            last = toks[-1].end_line
        return blk.conts, []

    # -- E.O. -----------------------------------------------------------------
    def _eo(self, blk: _Block) -> None:
        kw = blk.head[0]
        order = next((t for t in blk.head if t.type == "EO_ORDER"), None)
        text_tok = next((t for t in blk.head if t.type == "TEXT"), None)
        if (text_tok is None and order is not None and order.value not in _CLASSIFICATION_ORDERS) or (
                order is None and text_tok is not None and _EO_REASON.match(text_tok.value)):
            # `E.O. 13382` alone on a line: a wrapped SUBJECT or text citing another order;
            # `E.O. 12958, 1.4(b)(d).`: the wrapped reason of a Classified By statement.
            self._free_lines([("line", blk.head)] + blk.conts)
            return
        eo = EoLine(self._head_span(blk), self.loc.field(kw), self.loc.field(order) if order else None)
        conts, rest = self._split_at_blank(blk)
        value_tok = text_tok
        if text_tok is not None:
            # E.O. and TAGS on one line (unwrapped copies): E.O. 12958: DECL: 09/10/2034 TAGS: ETTC
            m = _INLINE_TAGS.search(text_tok.value)
            if m:
                self._tags_from(text_tok, m.start(1), conts)
                conts = []
                value_tok = _slice(text_tok, 0, m.start())
        if value_tok is not None and not re.sub(r"(?i)[\s:;.]|DECL", "", value_tok.value) and conts:
            # `E.O. 12958: DECL:` ends the line; the value stands on the next one.
            nxt = conts[0][1][0]
            self._eo_value(eo, nxt, prefix_kw=value_tok)
            conts = conts[1:]
        elif value_tok is not None:
            self._eo_value(eo, value_tok)
        self.cable.eo_lines.append(eo)
        self._mark_order("eo", eo.span)
        self._free_lines(conts + rest)

    def _eo_inline(self, body_line: int | None) -> None:
        """An E.O. line that re-flowing glued into another line before the text: the banner, a
        passing line, a header line (`DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012`,
        `S E C R E T CAIRO 000549E.O. 12958: DECL: 03/29/2019`, cable-format.md §5.1)."""
        cable = self.cable
        if cable.eo_lines:
            return
        norm = self.source.norm
        for idx in range(len(norm) if body_line is None else body_line - 1):
            text = norm[idx].text
            if "1" not in text:
                continue
            m = _EO_INLINE.search(text)
            if m is None:
                continue
            tok = Token("TEXT", text, start_pos=0, line=idx + 1, column=1, end_line=idx + 1,
                        end_column=len(text) + 1)
            end = len(text)
            subj = _INLINE_SUBJECT.search(text, m.end())
            if subj:
                end = subj.start()
            line = _slice(tok, m.start(), end)
            kw = _slice(line, 0, m.end("kw") - m.start())
            order = _slice(line, m.start("order") - m.start(), m.end("order") - m.start(), "EO_ORDER")
            value = _slice(line, m.end("order") - m.start(), len(line.value))
            eo = EoLine(self.loc.tok(line), self.loc.field(kw), self.loc.field(order))
            tags = _INLINE_TAGS.search(value.value) or _GLUED_TAGS.search(value.value)
            if tags and not cable.tags_lines:
                self._tags_from(value, tags.start(1), [])
            if tags:
                value = _slice(value, 0, tags.start(1))
                eo.span = join(self.loc.tok(kw), self.loc.tok(value) if value.value else self.loc.tok(order))
            if value.value:
                self._eo_value(eo, value)
            cable.eo_lines.append(eo)
            self._mark_order("eo", eo.span)
            cable.order.sort(key=lambda item: (item[1].line, item[1].column))
            return

    def _eo_value(self, eo: EoLine, tok: Token, prefix_kw: Token | None = None) -> None:
        if prefix_kw is not None:
            kwf = F.parse_eo_value(prefix_kw.value)
            if kwf.keyword:
                eo.decl_keyword = self.loc.field(prefix_kw, *kwf.keyword)
            ef = F.parse_eo_value(": " + tok.value)
            shift = -2
        else:
            ef = F.parse_eo_value(tok.value)
            shift = 0
            if ef.keyword:
                eo.decl_keyword = self.loc.field(tok, *ef.keyword)
        if ef.value:
            eo.value = self.loc.field(tok, ef.value[0] + shift, ef.value[1] + shift)
        eo.kind, eo.date = ef.kind, ef.date
        if ef.date_span:
            eo.date_field = self.loc.field(tok, ef.date_span[0] + shift, ef.date_span[1] + shift)
        eo.codes = [self.loc.field(tok, a + shift, b + shift) for a, b in ef.codes]

    # -- TAGS -----------------------------------------------------------------
    def _tags(self, blk: _Block) -> None:
        kw = blk.head[0]
        text_tok = next((t for t in blk.head if t.type == "TEXT"), None)
        conts, rest = self._split_at_blank(blk)
        tl = TagsLine(self._head_span(blk), self.loc.field(kw))
        used, tail = self._fill_tags(tl, text_tok, conts)
        self.cable.tags_lines.append(tl)
        self._mark_order("tags", tl.span)
        if tail is not None:
            self._inline_block(tail)
        self._free_lines(conts[used:] + rest)

    def _tags_from(self, tok: Token, kw_start: int, conts) -> None:
        """A TAGS list that stands inside another line (after the E.O. value)."""
        used = self._tags_at(tok, kw_start, conts)
        self._free_lines(conts[used:])

    def _tags_at(self, tok: Token, kw_start: int, conts=()) -> int:
        m = _TAGS_KW_INLINE.match(tok.value, kw_start)
        kw_end = m.end() if m else kw_start + 5
        kw_text = tok.value[kw_start:kw_end].rstrip()
        tl = TagsLine(self.loc.tok(tok, kw_start, kw_start + len(kw_text)),
                      self.loc.field(tok, kw_start, kw_start + len(kw_text)))
        rest_tok = _slice(tok, kw_end, len(tok.value)) if tok.value[kw_end:].strip() else None
        used, tail = self._fill_tags(tl, rest_tok, conts)
        self.cable.tags_lines.append(tl)
        self._mark_order("tags", tl.span)
        if tail is not None:
            self._inline_block(tail)
        return used

    def _fill_tags(self, tl: TagsLine, text_tok: Token | None, conts) -> tuple[int, Token | None]:
        """Read the tag list of the keyword line and of the wrapped lines that follow it.

        Returns how many continuation lines were used, and the rest of a line that goes on
        with another part after the list (`Tags: prel, tu Subject: ...`, re-flowed copies)."""
        toks = [text_tok] if text_tok is not None else []
        used = 0
        tail = None
        if text_tok is not None:
            m = _TAGS_END.search(text_tok.value)
            if m:
                tail = _slice(text_tok, m.start(), len(text_tok.value))
                toks = [_slice(text_tok, 0, m.start())] if text_tok.value[:m.start()].strip() else []
        if tail is None:
            for kind, ct in conts:
                # A wrapped TAGS list goes on with lines of tag-like tokens only (in lower case
                # only after a line that ends with a comma: `Tags: prel, econ,` / `etra, ch`).
                words = [w[0].rstrip(",.") for w in F.split_tags(" ".join(t.value for t in ct))]
                lower_ok = bool(toks) and toks[-1].value.rstrip().endswith(",")
                if kind == "line" and words and all(
                        _TAG_LIKE.match(w) or (lower_ok and _TAG_LIKE.match(w.upper()) and len(w) <= 5) for w in words):
                    toks.append(ct[0])
                    used += 1
                else:
                    break
        # One pass over the joined lines, so a person group may wrap: OVIP (CLINTON, / HILLARY)
        starts, pos = [], 0
        for tok in toks:
            starts.append(pos)
            pos += len(tok.value) + 1
        joined = "\n".join(tok.value for tok in toks)

        def where(offset: int) -> tuple[Token, int]:
            i = bisect_right(starts, offset) - 1
            return toks[i], offset - starts[i]

        for text, a, b, sep, person in F.split_tags(joined):
            ta, oa = where(a)
            tb, ob = where(b - 1)
            span = self.loc.tok(ta, oa, oa + len(text)) if ta is tb else \
                join(self.loc.tok(ta, oa, len(ta.value)), self.loc.tok(tb, 0, ob + 1))
            tl.tags.append(Tag(text, span, sep, person))
        if toks:
            last = toks[-1]
            m = re.search(r"[,;]\s*$", last.value)
            if m:
                tl.trailing = self.loc.field(last, m.start(), m.start() + 1)
            tl.span = join(tl.span, self.loc.tok(last))
        return used, tail

    def _tags_inline(self) -> None:
        """Re-flowed copies run the front matter together: `... SIPDIS E.O. 12958: DECL:
        10/24/2017 TAGS: PREL PGOV EG IQ` on the banner or a passing line. When no TAGS line
        was read, look for the keyword inside the front-matter lines before the subject."""
        cable = self.cable
        if cable.tags_lines:
            return
        stop = next((span for kind, span in cable.order if kind in ("subject", "ref", "classified_by", "body")),
                    None)
        lines: list[tuple[Span, str]] = [(b.span, b.text) for b in cable.banners]
        if cable.banner is None:  # a banner fused into a wrapper or addressee line
            lines += [(ln.span, ln.text) for w in cable.wrappers for ln in w.lines]
            if cable.header is not None:
                lines += [(a.span, a.text) for a in cable.header.addressees]
        lines += [(c.span, c.text) for c in cable.captions]
        lines += [(p.span, p.text) for p in cable.passing]
        lines += [(c.span, c.text) for c in cable.corrected]
        lines += [(e.value.span, e.value.text) for e in cable.eo_lines if e.value is not None]
        lines += [(ln.span, ln.text) for ln in cable.body_lines]  # a truncated excerpt before the text
        for span, text in sorted(lines, key=lambda x: (x[0].line, x[0].column)):
            if stop is not None and (span.line, span.column) > (stop.line, stop.column):
                break
            tok = self._line_token(span.line, text)
            if tok is None:
                continue
            m = _TAGS_KW_INLINE.search(tok.value)
            if m:
                self._tags_at(tok, m.start())
                # Found after the blocks were read: put the parts where they stand.
                cable.order.sort(key=lambda item: (item[1].line, item[1].column))
                return

    def _line_token(self, line: int, text: str) -> Token | None:
        """The part of a normalized line that holds `text` (found on original line `line`), as a
        token that `Locator` can map; None if it is not there."""
        if self._norm_by_orig is None:
            self._norm_by_orig = {}
            for i, nl in enumerate(self.source.norm):
                self._norm_by_orig.setdefault(nl.orig, []).append(i)
        for i in self._norm_by_orig.get(line - 1, ()):
            value = self.source.norm[i].text
            at = value.find(text) if text else -1
            if at >= 0:
                return Token("TEXT", value[at:at + len(text)], start_pos=0, line=i + 1, column=at + 1,
                             end_line=i + 1, end_column=at + 1 + len(text))
        return None

    def _inline_block(self, tok: Token) -> None:
        """A keyword line that a re-flowed copy ran into the line above (`SUBJECT: ...`,
        `REF: ...`, `Classified By: ...` after a TAGS list or a subject): read it as its own
        block; text that opens no known part is free text."""
        for kind, pattern in _INLINE_HEADS:
            m = pattern.match(tok.value)
            if m:
                kw = _slice(tok, 0, m.end(), kind.upper() + "_KW")
                head = [kw]
                if tok.value[m.end():].strip():
                    head.append(_slice(tok, m.end(), len(tok.value), "TEXT"))
                getattr(self, "_" + kind)(_Block(kind, head))
                return
        self._free_lines([("line", [tok])])

    # -- SUBJECT --------------------------------------------------------------
    def _subject(self, blk: _Block) -> None:
        """The subject wraps until a blank line; a re-flowed copy runs REF, Classified By or the
        first paragraph into it (`SUBJECT: ... REF: BRASILIA 0024`), read as parts of their own."""
        kw = blk.head[0]
        text_tok = next((t for t in blk.head if t.type == "TEXT"), None)
        conts, rest = self._split_at_blank(blk)
        if text_tok is None and not conts and rest and rest[0][0] == "line":
            conts, rest = rest[:1], rest[1:]  # `SUBJECT:` / blank / the subject
        lines = [text_tok] if text_tok is not None else []
        lines += [toks[0] for kind, toks in conts if kind == "line"]
        others = [c for c in conts if c[0] != "line"]
        tail = None
        for n, tok in enumerate(lines):
            m = _SUBJECT_END.search(tok.value)
            if m:
                tail = _slice(tok, m.start(), len(tok.value))
                others = [("line", [t]) for t in lines[n + 1:]] + others
                lines = lines[:n] + ([_slice(tok, 0, m.start())] if tok.value[:m.start()].strip() else [])
                break
        first = lines[0] if lines and lines[0].line == kw.line else None
        subj = Subject(self._head_span(blk), self.loc.field(kw), " ".join(t.value for t in lines),
                       self.loc.field(first) if first is not None else None)
        if first is not None:
            m = re.match(r"\((?:TS|S|C|U|SBU|LOU)(?:[/ -][^)]{0,20})?\)", first.value, re.I)
            if m:
                subj.mark = self.loc.field(first, 0, m.end())
        if lines:
            subj.span = join(subj.span, self.loc.tok(lines[-1]))
        self.cable.subjects.append(subj)
        self._mark_order("subject", subj.span)
        if tail is not None:
            self._inline_block(tail)
        self._free_lines(others + rest)

    # -- REF ------------------------------------------------------------------
    def _ref(self, blk: _Block) -> None:
        """REF items in every lettering style: `A.` `A)` `(A)` `A:` `(1)`, one item a line (items
        may be separated by blank lines) or several on one line; unlettered references
        separated by `;`; a wrapped item goes on on the next line (cable-format.md §7.2)."""
        kw = blk.head[0]
        text_tok = next((t for t in blk.head[1:] if t.type == "TEXT"), None)
        if self.cable.ref_blocks and not kw.value.rstrip().endswith((":", ".")) \
                and self.cable.ref_blocks[-1].span.end_line < kw.line - 1:
            # `Ref A.  Ref B was Post's response ...`: a sentence of an unnumbered text that
            # starts with the word, not a second REF block.
            self._free_lines([("line", blk.head)] + blk.conts)
            return
        if self.cable.ref_blocks and self.cable.order and self.cable.order[-1][0] == "ref":
            block = self.cable.ref_blocks[-1]  # REF A: ... / REF B: ... on separate lines
        else:
            block = RefBlock(self._head_span(blk), self.loc.field(kw))
            self.cable.ref_blocks.append(block)
            self._mark_order("ref", block.span)
        lines: list[Token] = [text_tok] if text_tok is not None else []
        # Items go on after blank lines (item A, blank, item B); a non-item line after a blank
        # line ends the block.
        last = blk.head[-1].line
        leftover = []
        for i, (kind, toks) in enumerate(blk.conts):
            blank_before = toks[0].line > last + 1
            # `C. 08` / blank / `SAO PAULO 0590`: an item cut after its year goes on.
            cut_year = bool(lines) and re.search(r"(?:^|[.):;]\s*)\(?\d{2,4}\)?$", lines[-1].value.rstrip())
            if kind == "trailer" or (blank_before and kind != "item" and not cut_year):
                leftover = blk.conts[i:]
                break
            line = _join_line(toks) if kind == "item" else toks[0]
            expected = _expected_letter(lines, block)
            mark = _MARK_START.match(line.value)
            if _PARA_START.match(line.value) or (mark and (mark.group(1) or mark.group(2)) != expected
                                                  and not F.starts_reference(line.value, mark.end())):
                leftover = blk.conts[i:]  # `(U) Poloff delivered ...`: the unnumbered text begins
                break
            if blank_before:
                # After a blank line only a lettered item near the expected letter goes on (a
                # skipped or repeated letter is S603's to report); anything else is text.
                first = F.split_references(line.value, expected)
                letter = first[0][0] if first else None
                if not (letter and expected and letter.isalpha() and expected.isalpha()
                        and -2 <= ord(letter.upper()) - ord(expected) <= 3):
                    leftover = blk.conts[i:]
                    break
            lines.append(line)
            last = toks[-1].end_line
        for n, tok in enumerate(lines):
            m = _REF_END.search(tok.value)
            if m:  # a re-flowed line goes on with Classified By, the text or a page marker
                tail = _slice(tok, m.start(), len(tok.value))
                tok = _slice(tok, 0, m.start()) if tok.value[:m.start()].strip() else None
                if tok is not None:
                    self._ref_items(block, tok, continued=n > 0)
                if _PAGE_MARKER.match(tail.value):
                    tail = _slice(tail, _PAGE_MARKER.match(tail.value).end(), len(tail.value))
                if tail.value:
                    self._inline_block(tail)
                leftover = [("line", [t]) for t in lines[n + 1:]] + leftover
                break
            self._ref_items(block, tok, continued=n > 0)
        if block.items:
            block.span = join(block.span, block.items[-1].span)
        self._free_lines(leftover)

    def _ref_items(self, block: RefBlock, tok: Token, continued: bool) -> None:
        prev = block.items[-1] if block.items else None
        expected = None
        for item in reversed(block.items):
            if item.letter is not None:
                expected = F.next_letter(item.letter.text)
                break
        parts = F.split_references(tok.value, expected)
        for idx, (letter, style, b0, b1, t0, t1) in enumerate(parts):
            text_field = self.loc.field(tok, t0, t1) if t1 > t0 else Field("", self.loc.tok(tok, b0, max(b1, b0 + 1)))
            if letter is None and idx == 0 and continued and prev is not None and _wraps(prev, tok.value):
                # A wrapped reference line continues the item above it.
                prev.text = Field(prev.text.text + " " + text_field.text, join(prev.text.span, text_field.span))
                prev.span = join(prev.span, prev.text.span)
                continue
            if letter is None:
                block.items.append(Reference(text_field.span, None, None, text_field))
                continue
            at = tok.value.rindex(letter, b0, b1)
            lf = Field(letter, self.loc.tok(tok, at, at + len(letter)))
            bullet = self.loc.field(tok, b0, b1)
            block.items.append(Reference(join(bullet.span, text_field.span), lf, style, text_field, bullet))

    # -- Classified By --------------------------------------------------------
    @staticmethod
    def _front_matter_blocks(blocks: list[_Block]) -> list[_Block]:
        """Re-flowed and received copies put captions and the Classified By statement inside
        other front-matter blocks (before paragraph 1). A caption line among a block's
        continuation lines is also read as a caption; a Classified By statement that stands
        after other text on a line (`REF: ... B. STATE 34975 Classified By: ...`) is split off
        there and becomes its own block."""
        out: list[_Block] = []
        body = False
        for blk in blocks:
            out.append(blk)
            body = body or blk.kind == "paragraph"
            if body or blk.kind not in ("subject", "ref", "eo", "tags"):
                continue
            # The line stays where it is (a handling statement such as `SENSITIVE BUT
            # UNCLASSIFIED - ENTIRE TEXT` is also text); a caption block repeats it.
            out += [_Block("caption", toks) for kind, toks in blk.conts
                    if kind == "line" and len(toks) == 1 and _LATE_CAPTION.match(toks[0].value)]
            lines = [("head", blk.head)] + list(blk.conts)
            for i, (kind, toks) in enumerate(lines):
                found = _inline_classified(toks, lines[i + 1][1] if i + 1 < len(lines) else None)
                if kind == "trailer" or found is None:
                    continue
                j, a, b, next_by = found
                tok = toks[j]
                head = [_slice(Token.new_borrow_pos("CLASSIFIED_KW", tok.value, tok), a, b)]
                if tok.value[b:].strip():
                    head.append(_slice(tok, b, len(tok.value)))
                before = _slice(tok, 0, a)
                kept = toks[:j] + ([before] if before.value else [])
                if i == 0:
                    blk.head, blk.conts, after = kept, [], blk.conts
                else:  # line i is blk.conts[i - 1]
                    after = blk.conts[i:]
                    blk.conts = blk.conts[:i - 1] + ([(kind, kept)] if kept else [])
                if next_by is not None:  # CLASSIFIED / BY: ... wrapped between the two words
                    _, ntoks = after[0]
                    rest = _slice(ntoks[0], next_by, len(ntoks[0].value))
                    head += [rest] if rest.value else []
                    after = after[1:]
                out.append(_Block("classified_by", head, list(after)))
                break
        # `... For reasons` / `E.O. 12958, 1.4(b)(d).`: a reason that cites the order reads as
        # an E.O. line to the grammar, but it continues the statement above it.
        for i in range(len(out) - 1, 0, -1):
            prev, blk = out[i - 1], out[i]
            text = next((t.value for t in blk.head if t.type == "TEXT"), "")
            if prev.kind == "classified_by" and blk.kind == "eo" and _ORDER_AS_REASON.match(text):
                prev.conts.extend([("line", blk.head)] + blk.conts)
                del out[i]
        return out

    def _classified_by(self, blk: _Block) -> None:
        kw = blk.head[0]
        if kw.value.lower().startswith("declassify"):
            # `Declassify on: Source marked 25X1-human, ...` belongs to the classification
            # block of a derivatively classified cable; it is no Classified By statement.
            conts, rest = self._split_at_blank(blk)
            self._mark_order("classified_by", join(self.loc.tok(kw), self.loc.tok((conts[-1][1] if conts else blk.head)[-1])))
            self._free_lines(rest)
            return
        text_tok = next((t for t in blk.head[1:] if t.type == "TEXT"), None)
        conts, rest = self._split_at_blank(blk)
        toks = ([text_tok] if text_tok is not None else []) + [t for k, ct in conts if k != "trailer" for t in ct]
        # The reason may stand after a blank line (`Classified By: Ambassador X for Reasons` /
        # blank / `1.4 (b) and (d).`): take it when the statement has none.
        if rest and rest[0][0] == "line" and _REASON_START.search(rest[0][1][0].value[:80]) \
                and F.parse_classified_by(" ".join(t.value for t in toks)).section is None:
            tail = _Block("classified_by", rest[0][1], rest[1:])
            more, rest = self._split_at_blank(tail)
            conts = conts + [("line", tail.head)] + more
            toks += [t for k, ct in [("line", tail.head)] + more if k != "trailer" for t in ct]
        cb = self._classified_statement(self.loc.field(kw), toks)
        cb.derived = cb.derived or kw.value.lower().startswith("derived")
        if conts:
            cb.span = join(self.loc.tok(kw), self.loc.tok(conts[-1][1][-1]))
        self.cable.classified_by_lines.append(cb)
        self._mark_order("classified_by", cb.span)
        self._free_lines(rest)

    def _classified_statement(self, keyword: Field | None, toks: list[Token]) -> ClassifiedBy:
        # Parse the joined statement, then map each field back to the line it came from.
        pieces, offsets = [], []
        pos = 0
        for t in toks:
            offsets.append(pos)
            pieces.append(t.value)
            pos += len(t.value) + 1
        text = " ".join(pieces)
        f = F.parse_classified_by(text)
        start = keyword.span if keyword else self.loc.tok(toks[0])
        end = self.loc.tok(toks[-1]) if toks else start
        cb = ClassifiedBy(join(start, end), keyword, text, derived=f.derived)

        def fld(a: int, b: int) -> Field:
            i = max(n for n in range(len(toks)) if a >= offsets[n])
            k = max(n for n in range(len(toks)) if b - 1 >= offsets[n])
            if i == k:
                return self.loc.field(toks[i], a - offsets[i], min(b - offsets[i], len(toks[i].value)))
            # a field wrapped over two lines (`reasons 1.` / `4 (b)`)
            span = join(self.loc.tok(toks[i], a - offsets[i], len(toks[i].value)),
                        self.loc.tok(toks[k], 0, b - offsets[k]))
            return Field(text[a:b], span)

        if f.who and toks:
            cb.who = fld(*f.who)
        if f.section and toks:
            cb.section = fld(*f.section)
        cb.reasons = [fld(a, b) for a, b in f.reasons] if toks else []
        return cb

    def _classified_by_in_paragraph(self) -> None:
        """Older cables write Classified By as paragraph 1 (or 2): `1. (U) CLASSIFIED BY ...`."""
        cable = self.cable
        if cable.classified_by_lines:
            return
        for para in cable.paragraphs[:2]:
            head = para.lines[0] if para.lines else None
            tok = self.head_text.get(id(para))
            if head is None or tok is None:
                continue
            m = _CLASSIFIED_IN_PARA.match(tok.value)
            if m:
                kw = self.loc.field(tok, m.start("kw"), m.end("kw"))
                rest = _slice(tok, m.end(), len(tok.value))
                toks = [rest] if rest.value else []
                last = tok.line
                for kind, ct in self.head_conts.get(id(para), []):  # the statement's wrapped lines
                    if kind == "trailer" or ct[0].line > last + 1:
                        break
                    toks.extend(ct)
                    last = ct[-1].end_line
                cb = self._classified_statement(kw, toks)
                cb.in_paragraph = para.number
                cb.derived = cb.derived or kw.text.lower().startswith("derived")
                cable.classified_by_lines.append(cb)
                return

    # -- paragraphs -----------------------------------------------------------
    def _paragraphs(self, blocks: list[_Block]) -> None:
        """Numbered lines -> paragraphs, in one walk over the lines of the body.

        "Sequence context decides" (cable-format.md §2.6):
        - A numbered line that breaks the sequence is a numbered list inside the paragraph
          above when it carries no mark in a cable whose paragraphs are marked, or when it
          restarts or continues such a list. An unmarked number that breaks the sequence right
          after a line that stops mid-sentence is a wrapped date or figure (`... on December` /
          `¶17. The ...`, which WikiLeaks anchored as if it were a paragraph): text.
        - A marked `1.` after other paragraphs, or the first number of the run again after
          higher ones, starts a new numbering run (a quoted or repeated message, a report that
          numbers each section from 1, a copy that repeats its text).
        - Re-flowed copies carry paragraph numbers inside a line (`... End Summary. 2. (C) The
          ...`, `---- Heading ---- 4. (C) ...`), paragraph 1 even inside the SUBJECT, REF or
          Classified By line. Such a number is a paragraph when it is the next in the sequence
          and the next numbered line does not contradict it; without a mark it must also follow
          the end of a sentence, and not continue a numbered list of the same paragraph.
        """
        cable = self.cable
        if not blocks:
            return
        # A cable whose paragraphs carry marks: numbered lists inside them do not, so count
        # marked heads, not all numbered lines.
        marked = sum(1 for b in blocks if any(t.type == "MARK" for t in b.head))
        marked_cable = marked >= 2 or marked * 2 >= len(blocks)
        segs: list[_Seg] = []
        for blk in blocks:
            num_tok = blk.head[0]
            segs.append(_Seg("head", list(blk.head), int(num_tok.value.rstrip(".")),
                             any(t.type == "MARK" for t in blk.head)))
            segs.extend(blk.conts)  # a continuation line is its own segment
        segs[0:0] = self._front_paragraphs(segs[0].n)

        prev: int | None = None
        run = 0
        run_start: int | None = None  # the first number of the current run
        list_prev: int | None = None  # the last item of a numbered list inside a paragraph
        list_from_one = False  # ... and whether that list counts from 1
        inline_seen: set[int] = set()
        i = 0
        while i < len(segs):
            seg = segs[i]
            if seg.kind == "head":
                n = seg.n
                if prev is None:
                    seg.role, run_start = "para", n
                elif seg.mark and (n == 1 or (n == run_start and n < prev)):
                    # A marked 1. (or the run's first number) again: a new run.
                    seg.role, run, run_start = "para", run + 1, n
                else:
                    expected = prev + 1
                    continues_list = list_prev is not None and n == list_prev + 1 and not seg.mark
                    if seg.mark or (n == expected and not (continues_list and list_from_one)):
                        seg.role = "para"
                    elif continues_list:
                        seg.role = "item"
                    elif self._wrapped_number(seg):
                        seg.role = "line"
                    elif marked_cable:
                        # An unmarked number shortly after a gap is a paragraph (its mark
                        # missing) when the next numbered line continues from it.
                        nxt = next((x for x in segs[i + 1:i + 400] if x.kind == "head"), None)
                        confirmed = expected < n <= expected + 3 and nxt is not None and nxt.n == n + 1
                        seg.role = "para" if confirmed else "item"
                    else:
                        # Unmarked cable: a restart (1., 2. inside paragraph 5) is a list; a
                        # forward jump is a paragraph (the gap is P401's to report).
                        seg.role = "para" if n > expected else "item"
                if seg.role == "para":
                    prev, list_prev, seg.run = n, None, run
                    inline_seen = set()
                elif seg.role == "item":
                    if list_prev is None or n != list_prev + 1:
                        list_from_one = n == 1
                    list_prev = n
            elif seg.kind == "inline":  # paragraph 1 found in the front matter
                prev, seg.run = seg.n, run
                run_start = seg.n if run_start is None else run_start
            # (most lines hold no `N.`: that is found out here, not in a call per line)
            toks = seg.toks
            if prev is not None and (_has_digit_dot(toks[0].value) if len(toks) == 1 else
                                     any(t.type == "TEXT" and _has_digit_dot(t.value) for t in toks)):
                split = self._split_inline(segs, i, prev, marked_cable, inline_seen)
                if split is not None:
                    segs[i:i + 1] = split
                    i += len(split) - 1
                    prev, segs[i].run = segs[i].n, run
                    inline_seen = set()
                    continue  # scan the new paragraph's own text
            i += 1

        current: _Block | None = None
        accepted: list[tuple[_Block, _Seg]] = []
        for seg in segs:
            if seg.role == "para":
                current = _Block("paragraph", seg.toks, [])
                accepted.append((current, seg))
            elif current is not None and seg.toks:
                if seg.__class__ is _Cont:
                    current.conts.append(seg)
                else:
                    kind = "item" if seg.role == "item" else "line" if seg.role == "line" else seg.kind
                    current.conts.append(_Cont(kind, seg.toks))
        for blk, seg in accepted:
            para = self._paragraph(blk, seg.n)
            para.run = seg.run
            cable.paragraphs.append(para)
        if cable.paragraphs:
            self._mark_order("body", cable.paragraphs[0].span)

    def _wrapped_number(self, seg: "_Seg") -> bool:
        """An unmarked number at the start of a line that continues the sentence above it
        (`... on December` / `17. The`, `... please see para` / blank / `4.`)."""
        if seg.mark or seg.n == 1:  # `1.` starts a list far more often than it ends a date
            return False
        norm = self.source.norm
        nline = seg.toks[0].line
        if nline >= 2 and norm[nline - 2].text:  # the line right above, unless a numbered one
            above = norm[nline - 2].text
            return _continues(above) and not _NUMBERED_LINE.match(above)
        if nline >= 3 and norm[nline - 3].text:  # above a blank line: only `... see para` / `4.`
            above = norm[nline - 3].text
            return _NOT_A_PARAGRAPH_BEFORE.search(above[-16:]) is not None
        return False

    def _split_inline(self, segs: list["_Seg"], i: int, prev: int, marked_cable: bool,
                      inline_seen: set[int]) -> list["_Seg"] | None:
        """The first paragraph number inside the text of segs[i] that continues the sequence:
        segs[i] cut before it, and the new paragraph's head segment after it."""
        seg = segs[i]
        nxt: int | None = -1  # the number of the next numbered line, looked up when needed
        for ti, tok in enumerate(seg.toks):
            if tok.type != "TEXT" or not _has_digit_dot(tok.value):
                continue
            for m in _inline_numbers(tok.value):
                if nxt == -1:
                    nxt = next((segs[k].n for k in range(i + 1, len(segs)) if segs[k].kind == "head"), None)
                n = int(m.group("num"))
                mark = m.group("mark") is not None
                ok = n == prev + 1 and (nxt is None or nxt > n) and (n - 1) not in inline_seen
                if not ok and mark and prev + 1 < n <= prev + 3 and (nxt is None or nxt > n):
                    # a marked number after a gap, confirmed by the number after it or the
                    # last of the text (P401 reports the gap)
                    following = _next_inline(segs, i, tok, m.end())
                    ok = n + 1 in (nxt, following) or (nxt is None and following is None)
                if ok and not mark:
                    # An unmarked number must end a sentence or a heading, or be confirmed by
                    # the next numbered line; in a marked cable it needs that confirmation,
                    # unless no number follows at all (the last paragraph).
                    following = _next_inline(segs, i, tok, m.end())
                    confirmed = n + 1 in (nxt, following)
                    last = nxt is None and following is None and _inline_context(tok.value, m, False)
                    ok = (confirmed or last) if marked_cable else (confirmed or _inline_context(tok.value, m, False))
                ok = ok and _inline_context(tok.value, m, True)
                if not ok:
                    if n != prev + 1:
                        inline_seen.add(n)  # a number out of the sequence: maybe a list in the text
                    continue
                before = _slice(tok, 0, m.start())
                kept = seg.toks[:ti] + ([before] if before.value else [])
                out = [_Seg(seg.kind, kept, seg.n, seg.mark, seg.role, seg.run)] if kept else []
                out.append(_Seg("inline", _inline_head(tok, m), n, mark, role="para"))
                return out
        return None

    def _front_paragraphs(self, first: int) -> list["_Seg"]:
        """Paragraphs k .. first-1 standing inside front-matter lines of a re-flowed copy:
        the numbers that count up to the first numbered line, found from the last back."""
        if first <= 1:
            return []
        lines = [*self.cable.banners, *self.cable.corrected, *self.cable.passing]
        toks = [self.line_tokens[id(x)] for x in lines if id(x) in self.line_tokens]
        toks = sorted(toks + self.front_tokens, key=lambda t: (t.line, t.column))
        candidates = [(tok, m) for tok in toks for m in _inline_numbers(tok.value)]
        found: list[tuple[Token, re.Match]] = []
        want = first - 1
        for tok, m in reversed(candidates):
            if want < 1:
                break
            if int(m.group("num")) != want:
                continue
            # Unmarked, the number must end a sentence or stand in a re-flowed (long) line.
            reflowed = len(self.source.norm[tok.line - 1].text) > 100
            if _inline_context(tok.value, m, m.group("mark") is not None or reflowed):
                found.append((tok, m))
                want -= 1
        found.reverse()
        out = []
        for k, (tok, m) in enumerate(found):
            nxt = found[k + 1] if k + 1 < len(found) else None
            end = nxt[1].start() if nxt is not None and nxt[0] is tok else None
            out.append(_Seg("inline", _inline_head(tok, m, end), int(m.group("num")), m.group("mark") is not None,
                            role="para"))
        return out

    def _paragraph(self, blk: _Block, n: int) -> Paragraph:
        num_tok = blk.head[0]
        mark_tok = next((t for t in blk.head if t.type == "MARK"), None)
        text_tok = next((t for t in blk.head if t.type == "TEXT"), None)
        para = Paragraph(self._block_span(blk), n, self.loc.field(num_tok))
        if mark_tok is not None:
            level, controls = F.parse_marking(mark_tok.value)
            para.marking = Marking(mark_tok.value, self.loc.tok(mark_tok), level, controls)
        elif text_tok is not None and _ODD_MARK.match(text_tok.value):
            # A mark in its place that P403 reports: `(SE)`, `(NC)` (no level), `(C Zamora`,
            # `(S//REL AFGHANISTAN, KYRGYZSTAN,` (never closed on its line)
            m = _ODD_MARK.match(text_tok.value)
            level = F.parse_marking(m.group(0) + ("" if m.group(0).endswith(")") else ")"))[0]
            para.marking = Marking(m.group(0), self.loc.tok(text_tok, 0, m.end()), level, [])
        else:
            # A mark after a lead-in (`1. Summary: (C) ...`), or on the first bullet under a
            # heading-like head (`1. KEY POINTS` / `-- (C) ...`).
            firsts = [text_tok] if text_tok is not None else []
            kind_of = ["head"] * len(firsts)
            if text_tok is None or len(text_tok.value) < 60:
                for kind, toks in blk.conts[:2]:
                    dash = kind == "item" and toks[0].value[:1] in "-*•"
                    if toks[-1].type == "TEXT" and (kind == "line" or dash):
                        firsts.append(toks[-1])
                        kind_of.append(kind)
            for k, tok in enumerate(firsts):
                if k == 0 and text_tok is not None:
                    m = _LATE_MARK.search(tok.value[:120])
                else:  # a continuation line: only a mark right after a dash bullet
                    start = _BULLET.match(tok.value).end()
                    m = _LATE_MARK.match(tok.value, start) if start or kind_of[k] == "item" else None
                if m:
                    level, controls = F.parse_marking(m.group(0))
                    para.late_marking = Marking(m.group(0), self.loc.tok(tok, m.start(), m.end()), level, controls)
                    break
        texts = []
        if text_tok is not None:
            para.lines.append(Line(text_tok.value, None, (text_tok,), self.loc))
            texts.append(text_tok.value)
        for kind, toks in blk.conts:
            if kind == "trailer":
                self.cable.trailers.append(Trailer(self.loc.tok(toks[0]), toks[0].value))
                continue
            value = toks[0].value if len(toks) == 1 else " ".join(t.value for t in toks)
            para.lines.append(Line(value, None, toks, self.loc))
            texts.append(value)
        para.text = " ".join(texts)
        self.head_text[id(para)] = text_tok  # for Classified By written as paragraph 1
        self.head_conts[id(para)] = blk.conts
        return para

    # -- signature ------------------------------------------------------------
    def _signature_and_trailers(self) -> None:
        """The signature is the last line of the text when it reads as a name (cable-format.md §8.4)."""
        cable = self.cable
        owner = None
        if cable.paragraphs:
            owner = cable.paragraphs[-1].lines
        candidates = owner if owner else cable.body_lines
        if not candidates:
            return
        for idx in range(len(candidates) - 1, -1, -1):
            line = candidates[idx]
            text = line.text.strip()
            if re.fullmatch(r"[*=_\-#. \"'“”]+", text):
                continue  # a box, a rule or a closing quote after the signature
            text = text.rstrip(" \"'“”")  # `PYATT "`: the closing quote of a cables.csv field
            words = text.upper().replace(".", " ").split()
            if _NAME.match(text) and len(text) <= 40 and not _NOT_NAMES.intersection(words) \
                    and not re.search(r"\d", text) and not text.endswith("..") \
                    and (idx > 0 or candidates is not owner):  # `Classified...`: a text cut short
                cable.signature = Signature(line.span, text)
                del candidates[idx]
                if owner is candidates:
                    para = cable.paragraphs[-1]
                    para.text = " ".join(ln.text for ln in para.lines)
            else:
                self._glued_signature(line)
            return

    def _glued_signature(self, line: Line) -> None:
        """A re-flowed copy joins the signature to the end of the last paragraph
        (`... End comment. POLASCHIK`, `... the table.ROONEY`, `... the budget. Scobey`,
        `... index.cfm Tuttle`): a surname after the end of the last sentence, where no
        sentence could end. The line keeps its text; the signature is the name at its end."""
        text = line.text
        m = _GLUED_SIGNATURE.search(text, max(0, len(text.rstrip(_SIGNATURE_TAIL)) - 1))
        if m is None or not line._toks:
            return
        # Redaction marks (`XXXXXXXXXXXX TUTTLE`) are not part of the name; `END COMMENT` is no name.
        words = [w for w in (m.group("upper") or m.group("title")).split() if w.strip("X")]
        if not words or _NOT_NAMES.intersection(w.upper() for w in words):
            return
        name = " ".join(words)
        tok = line._toks[-1]
        value = tok.value.rstrip().removesuffix(".")  # `... www.un.int/usa. Khalilzad.`
        if value.endswith(name):
            self.cable.signature = Signature(self.loc.tok(tok, len(value) - len(name), len(value)), name)

    # ---------------------------------------------------------------- spans
    def _head_span(self, blk: _Block) -> Span:
        return join(self.loc.tok(blk.head[0]), self.loc.tok(blk.head[-1]))

    def _block_span(self, blk: _Block) -> Span:
        return join(self.loc.tok(blk.head[0]), self.loc.tok(blk.last_token()))


def _join_line(toks: list[Token]) -> Token:
    """The tokens of one line (an ITEM bullet and its text) as one token."""
    if len(toks) == 1:
        return toks[0]
    first, last = toks[0], toks[-1]
    value = first.value + " " * (last.column - first.column - len(first.value)) + last.value \
        if len(toks) == 2 else " ".join(t.value for t in toks)
    return Token("TEXT", value, start_pos=first.start_pos, line=first.line, column=first.column,
                 end_line=first.line, end_column=first.column + len(value))


_MARK_START = re.compile(r"(?:\((U|SBU|C|S|TS)|(U|SBU))(?:/+[A-Z]+)*\)(?=\s+\S)")
_PARA_START = re.compile(r"\d{1,2}[.)]\s*\((?:U|SBU|C|S|TS)(?:/+[A-Z]+)*\)")


def _expected_letter(lines: list[Token], block: RefBlock) -> str | None:
    """The letter the next REF item would carry, from the lines read so far."""
    expected = None
    for it in block.items:
        if it.letter is not None:
            expected = F.next_letter(it.letter.text).upper()
    for tok in lines:
        for letter, *_ in F.split_references(tok.value, expected):
            if letter is not None:
                expected = F.next_letter(letter).upper()
    return expected


def _wraps(prev: Reference, line: str) -> bool:
    """Whether an unlettered line after a reference continues it (a wrapped item) rather than
    starting a reference of its own: lettered items wrap; an unlettered list wraps unless its
    last reference looks complete (ends with a serial number or a parenthesis)."""
    if prev.letter is not None:
        return True
    return not re.search(r"[\d)][;,]?$", prev.text.text) and not prev.text.text.endswith((";", ","))


_WRAPPED_KEYWORD = re.compile(r"(?:^|(?<=\s))(?:Classified|CLASSIFIED)$")
_WRAPPED_BY = re.compile(r"(?:By|BY|by)\s*:")


def _inline_classified(toks: list[Token], next_toks: list[Token] | None):
    """Where a Classified By keyword stands inside a front-matter line: (token index, start,
    end, offset of the statement in the next line's first token when the keyword wraps
    between CLASSIFIED and BY:), or None."""
    for j, t in enumerate(toks):
        # (the words are looked for first: the expressions scan every position of a line)
        if t.type != "TEXT" or not ("lassified" in t.value or "LASSIFIED" in t.value
                                    or "erived" in t.value or "ERIVED" in t.value):
            continue
        m = _INLINE_CLASSIFIED.search(t.value)
        if m:
            name = "kw" if m.group("kw") else "kw2"
            return j, m.start(name), m.end(name), None
        w = _WRAPPED_KEYWORD.search(t.value.rstrip())
        if w and next_toks and next_toks[0].type == "TEXT":
            by = _WRAPPED_BY.match(next_toks[0].value)
            if by:
                return j, w.start(), w.end(), by.end()
    return None


def _caption_word(text: str) -> str:
    return "SENSITIVE" if text.upper().startswith("SENSITIVE") else text


def _flat(children) -> list:
    out = []
    for x in children:
        out.extend(x) if isinstance(x, list) else out.append(x)
    return out


def _slice(tok: Token, a: int, b: int, type_: str | None = None) -> Token:
    """A sub-token of a single-line token, with its own column (and type, if given)."""
    value = tok.value[a:b]
    lead = len(value) - len(value.lstrip())
    value = value.strip()
    return Token(type_ or tok.type, value, start_pos=(tok.start_pos or 0) + a + lead, line=tok.line,
                 column=tok.column + a + lead, end_line=tok.line, end_column=tok.column + a + lead + len(value))


class _Cont(NamedTuple):
    """A continuation line of a block: ("line" | "item" | "trailer", its tokens).

    Most lines of a cable are continuation lines, so in `_paragraphs` each stands as its own
    segment, not copied into a `_Seg`: it has `_Seg`'s other attributes, as a segment without
    a number (never changed there)."""

    kind: str
    toks: list[Token]
    n = 0
    mark = False
    role = None
    run = 0


_new_cont = tuple.__new__  # a _Cont without the generated constructor's Python frame


@dataclass(slots=True)
class _Seg:
    """One line of the body while paragraphs are decided: a numbered line ("head"), a number
    found inside a line ("inline"), or the part of a line before such a number (its kind kept).
    Continuation lines stand as themselves (`_Cont`)."""

    kind: str
    toks: list[Token]
    n: int = 0
    mark: bool = False
    role: str | None = None  # para | item | line, for numbered lines
    run: int = 0


# Whether a digit stands before a full stop, maybe a blank between (regex `\d ?\.`): found from
# the full stops, a literal `re` skips to in C (`\d ?\.` itself is tried at every position of
# every line). Returns the match or None.
_has_digit_dot = re.compile(r"\.(?:(?<=\d\.)|(?<=\d \.))").search


_NUMBERED_LINE = re.compile(r"\d{1,3} ?\.\s")
# A paragraph number inside a re-flowed line: `2. (C)`, `2.(S/NF)`, `2.  The`, `1.KEY POINTS`.
# Never a year (four digits), a decimal (`1.4`), a list item (`2)`) or part of a figure.
_INLINE_NUM = re.compile(
    r"(?<![\w.,/$%#&+-])(?P<num>\d{1,3})\.(?:\s{0,3}(?P<mark>\((?:TS|S|C|U|SBU|LOU)(?:(?://|/| +| *- *)"
    r"[A-Za-z][A-Za-z ,./-]{0,40})?\))|\s{1,3}(?=[A-Z\"“‘(\[])|(?=[A-Z][A-Za-z])|\s*$)")


def _inline_numbers(text: str, pos: int = 0):
    """`_INLINE_NUM.finditer(text, pos)`, found faster. The expression opens with a lookbehind,
    so `re` would try it at every position of the line; a match can only start where a run of
    one to three digits before a full stop starts (inside the run, a digit stands before it),
    and `str.find` finds the full stops. (Matches cannot overlap: what one takes after its
    full stop holds no digit.)"""
    dot = text.find(".", pos + 1)
    while dot != -1:
        start = dot
        while start > 0 and dot - start < 4 and text[start - 1].isdecimal():  # `\d`
            start -= 1
        if 1 <= dot - start <= 3 and start >= pos:  # four digits: a year or a figure
            m = _INLINE_NUM.match(text, start)
            if m is not None:
                yield m
        dot = text.find(".", dot + 1)
# Words after which a number is a figure, a date or a reference, not a paragraph number
# (`para 4.`, `on December 17.`, `Law No. 5.`); a full word followed by a period ends a
# sentence instead (`on the point. 4. (SBU)`), an abbreviation does not.
_NOT_A_PARAGRAPH_BEFORE = re.compile(
    r"(?i)(?:\b(?:paras?|paragraphs?|no|nos|number|articles?|sections?|ref|reftel|points?|items?|pages?|"
    r"chapter|annex|op|pp|tab|step|phase|level|grade|class|category|volume|vol|rules?|title|part|clause|"
    r"figure|table|option|question|at|on|of|to|by|the|and|or|ages?|aged|than|about|over|under|some|"
    r"nearly|only|least|most|top|from|until|since|january|february|march|april|may|june|july|august|"
    r"september|october|november|december)"
    r"|\b(?:no|nos|art|vol|paras?|p|pp|op|sec|ch|fig|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.)\s*$")
_SENTENCE_END = ".!?:;\"”’')]-"


def _inline_context(text: str, m: re.Match, mark: bool) -> bool:
    """Whether the text before a number inside a line lets it start a paragraph: never after
    a word that makes it a figure or a date; without a mark, only after the end of a sentence
    or a heading."""
    before = text[:m.start()].rstrip()
    if _NOT_A_PARAGRAPH_BEFORE.search(before[-16:]):
        return False
    if mark or not before:
        return True
    return before[-1] in _SENTENCE_END or before.endswith("--")


def _continues(line: str) -> bool:
    """A line that stops mid-sentence: it ends in a lower-case word, a figure, a comma, a
    hyphenated break (`22-28-12-`), a word that a number follows (`Law No.`, `December`),
    or is a long upper-case line (not a heading)."""
    last = line[-1]
    if last.islower() or last.isdigit() or last == "," or _NOT_A_PARAGRAPH_BEFORE.search(line[-16:]):
        return True
    if last == "-":
        return len(line) > 1 and line[-2].isalnum()
    return last.isupper() and len(line) > 40 and not any(c.islower() for c in line)


def _next_inline(segs: list[_Seg], i: int, tok: Token, pos: int) -> int | None:
    """The next number inside a line, after `pos` in `tok` and in the continuation lines that
    follow, up to the next numbered line."""
    for m in _inline_numbers(tok.value, pos):
        if _inline_context(tok.value, m, True):
            return int(m.group("num"))
    for seg in segs[i + 1:]:
        if seg.kind == "head":
            return None
        for t in seg.toks:
            if t.type == "TEXT":
                for m in _inline_numbers(t.value):
                    if _inline_context(t.value, m, True):
                        return int(m.group("num"))
    return None


def _inline_head(tok: Token, m: re.Match, end: int | None = None) -> list[Token]:
    """The tokens of a paragraph head found inside `tok`: number, mark, text up to `end`."""
    head = [_slice(tok, m.start("num"), m.end("num") + 1, "PARA_NUM")]
    text_start = m.end("num") + 1
    if m.group("mark") is not None:
        head.append(_slice(tok, m.start("mark"), m.end("mark"), "MARK"))
        text_start = m.end("mark")
    rest = _slice(tok, text_start, len(tok.value) if end is None else end)
    if rest.value:
        head.append(rest)
    return head


def _is_preview(banner_blk: _Block, paras: list[_Block]) -> bool:
    """Paragraphs before the first banner are a media teaser when they are few and the banner
    opens the cable (not a later section of it)."""
    banner = banner_blk.obj[0]
    return len(paras) <= 2 and banner.section_number in (None, 1)


def _header(lines: list) -> Header:
    h = Header(join(lines[0].span, lines[-1].span), lines)
    for ln in lines:
        if isinstance(ln, TransmissionId):
            h.transmission_id = h.transmission_id or ln
        elif isinstance(ln, PrecedenceLine):
            h.precedence = h.precedence or ln
        elif isinstance(ln, StationLine):
            h.station = h.station or ln
        elif isinstance(ln, SecurityLine):
            h.security = h.security or ln
        elif isinstance(ln, DtgLine):
            h.dtg = h.dtg or ln
        elif isinstance(ln, Originator):
            h.originator = h.originator or ln
        elif isinstance(ln, AddresseeBlock):
            # Exported copies repeat the whole block; the first TO/INFO group is the header's.
            target = h.action if ln.keyword.text == "TO" else h.info
            if not (h.dtg and ln.span.line < h.dtg.span.line) and _first_group(h, ln):
                target.append(ln)
        elif isinstance(ln, ExemptLine) and _first_group(h, ln):
            h.exempt.append(ln)
    return h


def _first_group(h: Header, block: AddresseeBlock | ExemptLine) -> bool:
    """Only addressee blocks before the second DTG line belong to the header."""
    dtgs = [x for x in h.lines if isinstance(x, DtgLine)]
    return len(dtgs) < 2 or block.span.line < dtgs[1].span.line


def build_cable(source: Source, tree) -> Cable:
    """The model of a parse tree (for `cablelint parse --output-format tree` and tests)."""
    return _ToModel(source).transform(tree)


_local = threading.local()


def parse_cable(source: Source) -> tuple[Cable, list[SyntaxProblem]]:
    """Parse the normalized text of `source` straight to its model, and the lines the grammar
    could not place. Each thread has its own parser with the builder embedded (the language
    server lints in a worker thread), loaded once from the parser cache."""
    builder = getattr(_local, "builder", None)
    if builder is None:
        builder = _local.builder = _ToModel()
        builder.parser = build_parser(transformer=builder)
    builder.reset(source)
    try:
        return parse_normalized(source.normalized_text(), builder.parser)
    finally:
        builder.reset(None)  # a thread's builder outlives its parses: let go of the source
