"""Tree -> model: a Lark Transformer that turns the parse tree into `cablelint.model` objects.

Context-free elements (header lines, banners, captions) are built where they stand. The text
blocks are then assembled in one pass that makes the few decisions a line grammar cannot:
which numbered lines are paragraphs and which are numbered lists inside one, where the body
begins, which keyword lines repeat a section's front matter, and which last line is the
signature. Each decision is commented where it is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark import Token, Transformer

from . import fields as F
from .diagnostics import Span
from .model import (
    Addressee, AddresseeBlock, Banner, Cable, Caption, ClassifiedBy, CorrectedCopy, Distribution,
    DtgLine, EoLine, ExemptLine, Field, Header, Line, Marking, Originator, Paragraph, PassingLine,
    PrecedenceLine, RefBlock, Reference, SecurityLine, Signature, StationLine, Subject, Tag,
    TagsLine, Trailer, TransmissionId, Wrapper,
)
from .source import Source

__all__ = ["build_cable", "Locator"]


class Locator:
    """Maps positions in the normalized text (Lark's coordinates) to the file as given."""

    __slots__ = ("norm",)

    def __init__(self, source: Source) -> None:
        self.norm = source.norm

    def span(self, nline: int, start: int, end: int) -> Span:
        """`nline` 1-based normalized line; `start`/`end` 0-based columns, end exclusive."""
        nl = self.norm[nline - 1]
        line = nl.orig + 1
        return Span(line, nl.to_orig(start) + 1, line, max(nl.end_to_orig(end), nl.to_orig(start) + 1) + 1
                    if end <= start else nl.end_to_orig(end) + 1)

    def tok(self, tok: Token, a: int = 0, b: int | None = None) -> Span:
        if tok.end_line != tok.line and b is None:
            first = self.span(tok.line, tok.column - 1, tok.column - 1 + len(tok.value.split("\n", 1)[0]))
            last_text = tok.value.rsplit("\n", 1)[1]
            last = self.span(tok.end_line, 0, len(last_text))
            return Span(first.line, first.column, last.end_line, last.end_column)
        start = tok.column - 1 + a
        end = tok.column - 1 + (len(tok.value) if b is None else b)
        return self.span(tok.line, start, end)

    def field(self, tok: Token, a: int = 0, b: int | None = None) -> Field:
        b2 = len(tok.value) if b is None else b
        return Field(tok.value[a:b2], self.tok(tok, a, b2))


def join(a: Span, b: Span) -> Span:
    return Span(a.line, a.column, b.end_line, b.end_column)


@dataclass
class _Block:
    """A zone-B block before assembly: its kind, head tokens and continuation lines."""

    kind: str
    head: list[Token]
    conts: list[tuple[str, list[Token]]] = field(default_factory=list)  # ("line"|"item"|"trailer", tokens)
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
    def __init__(self, source: Source) -> None:
        super().__init__(visit_tokens=False)
        self.loc = Locator(source)
        self.source = source

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
        parts = F.parse_addressee(tok.value)
        a = Addressee(self.loc.tok(tok), tok.value)
        a.ri = self.loc.field(tok, *parts["ri"]) if parts["ri"] else None
        a.plad = self.loc.field(tok, *parts["plad"]) if parts["plad"] else None
        a.precedence = self.loc.field(tok, *parts["prec"]) if parts["prec"] else None
        a.mcn = self.loc.field(tok, *parts["mcn"]) if parts["mcn"] else None
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
        return CorrectedCopy(self._line_span(t), " ".join(x.value for x in t))

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
            return captions + [PassingLine(self.loc.tok(rest), rest.value)] + trailing
        return PassingLine(self.loc.tok(tok), tok.value)

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
            conts = []
            for tok in c[n:]:
                if conts and conts[-1][1][0].line == tok.line:
                    conts[-1][1].append(tok)
                else:
                    kind_ = "item" if tok.type == "ITEM" else "trailer" if tok.type == "TRAILER" else "line"
                    conts.append((kind_, [tok]))
            return _Block(kind, list(c[:n]), conts)
        return method

    eo_block = _keyed("eo")
    tags_block = _keyed("tags")
    subject_block = _keyed("subject")
    ref_block = _keyed("ref")
    classified_by = _keyed("classified_by")
    paragraph = _keyed("paragraph")
    del _keyed

    def start(self, c):
        return _Assembler(self.source, self.loc).assemble(c)


_SIGNAL = re.compile(r"\([^()]*\)|\S+")


def _signals(text: str):
    return [(m.group(0), m.start(), m.end()) for m in _SIGNAL.finditer(text)]


_TAG_LIKE = re.compile(r"^(?:[A-Z]{2,11}(?:/[A-Z0-9-]+)?|OVIP|\([^()]*\))$")
_NAME = re.compile(r"^[A-Z][A-Za-z'.-]*(?:[ ,/]+[A-Z][A-Za-z'.-]*){0,3}$")
_CLASS_WORDS = {"UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET", "SIPDIS", "NOFORN", "SENSITIVE",
                "END", "SUMMARY", "COMMENT", "NOTE", "TEXT", "BT", "NNNN"}
_CLASSIFIED_IN_PARA = re.compile(
    r"^(?:[A-Z ]+-+\s*ENTIRE\s+TEXT\.?\s*)?(?:\(U\)\s*)?(?P<kw>(?i:classified\s+by|derived\s+from)\s*:?)")
_LATE_MARK = re.compile(r"\((?:TS|S|C|U|SBU|LOU)(?:(?://|/|-| )[A-Za-z][A-Za-z ,/]{0,30})?\)")
_INLINE_TAGS = re.compile(r"\s(TAGS?:)\s")
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
_INLINE_REF = re.compile(r"\s(REF(?:S|TEL)?:)\s")


class _Assembler:
    """One pass over the blocks of zone B (and the items of zone A) to a `Cable`."""

    def __init__(self, source: Source, loc: Locator) -> None:
        self.source = source
        self.loc = loc
        self.cable = Cable(source)
        self.head_text: dict[int, Token | None] = {}
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
                    pending_paras[-1].conts.append(("line", blk.head))
                    pending_paras[-1].conts.extend(blk.conts)
                else:
                    self._free_lines([("line", blk.head)] + blk.conts)
                continue
            getattr(self, "_" + kind)(blk)
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
            self.cable.body_lines.append(Line(" ".join(t.value for t in toks),
                                              join(self.loc.tok(toks[0]), self.loc.tok(toks[-1]))))

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
        used = self._fill_tags(tl, text_tok, conts)
        self.cable.tags_lines.append(tl)
        self._mark_order("tags", tl.span)
        self._free_lines(conts[used:] + rest)

    def _tags_from(self, tok: Token, kw_start: int, conts) -> None:
        """A TAGS list that stands inside another line (after the E.O. value)."""
        m = re.match(r"TAGS?:\s*", tok.value[kw_start:])
        kw_end = kw_start + (m.end() if m else 5)
        tl = TagsLine(self.loc.tok(tok, kw_start), self.loc.field(tok, kw_start, kw_start + len(tok.value[kw_start:kw_end].rstrip())))
        rest_tok = _slice(tok, kw_end, len(tok.value)) if kw_end < len(tok.value) else None
        used = self._fill_tags(tl, rest_tok, conts)
        self.cable.tags_lines.append(tl)
        self._mark_order("tags", tl.span)
        self._free_lines(conts[used:])

    def _fill_tags(self, tl: TagsLine, text_tok: Token | None, conts) -> int:
        toks = [text_tok] if text_tok is not None else []
        used = 0
        for kind, ct in conts:
            # A wrapped TAGS list goes on with lines of tag-like tokens only.
            words = [w[0] for w in F.split_tags(" ".join(t.value for t in ct))]
            if kind == "line" and words and all(_TAG_LIKE.match(w.rstrip(",")) for w in words):
                toks.append(ct[0])
                used += 1
            else:
                break
        for tok in toks:
            for text, a, b, sep, person in F.split_tags(tok.value):
                tl.tags.append(Tag(text, self.loc.tok(tok, a, b), sep, person))
            tail = re.search(r"[,;]\s*$", tok.value)
            if tail and tok is toks[-1]:
                tl.trailing = self.loc.field(tok, tail.start(), tail.start() + 1)
        if toks:
            tl.span = join(tl.span, self.loc.tok(toks[-1]))
        return used

    # -- SUBJECT --------------------------------------------------------------
    def _subject(self, blk: _Block) -> None:
        kw = blk.head[0]
        text_tok = next((t for t in blk.head if t.type == "TEXT"), None)
        conts, rest = self._split_at_blank(blk)
        inline_ref = None
        if text_tok is not None:
            m = _INLINE_REF.search(text_tok.value)
            if m:  # SUBJECT: ... REF: BRASILIA 0024 (re-flowed copies)
                inline_ref = _slice(text_tok, m.start(1), len(text_tok.value))
                text_tok = _slice(text_tok, 0, m.start())
        lines = [text_tok] if text_tok is not None else []
        lines += [toks[0] for kind, toks in conts if kind == "line"]
        text = " ".join(t.value for t in lines)
        subj = Subject(self._head_span(blk), self.loc.field(kw), text,
                       self.loc.field(text_tok) if text_tok is not None else None)
        if text_tok is not None:
            m = re.match(r"\((?:TS|S|C|U|SBU|LOU)(?:[/ -][^)]{0,20})?\)", text_tok.value, re.I)
            if m:
                subj.mark = self.loc.field(text_tok, 0, m.end())
        if conts:
            subj.span = join(subj.span, self.loc.tok(conts[-1][1][-1]))
        self.cable.subjects.append(subj)
        self._mark_order("subject", subj.span)
        if inline_ref is not None:
            self._ref(_Block("ref", [_slice(inline_ref, 0, len(inline_ref.value.split(":", 1)[0]) + 1),
                                     _slice(inline_ref, len(inline_ref.value.split(":", 1)[0]) + 1, len(inline_ref.value))]))
        self._free_lines([c for c in conts if c[0] != "line"] + rest)

    # -- REF ------------------------------------------------------------------
    def _ref(self, blk: _Block) -> None:
        kw = blk.head[0]
        text_tok = next((t for t in blk.head[1:] if t.type == "TEXT"), None)
        if self.cable.ref_blocks and self.cable.order and self.cable.order[-1][0] == "ref":
            block = self.cable.ref_blocks[-1]  # REF A: ... / REF B: ... on separate lines
        else:
            block = RefBlock(self._head_span(blk), self.loc.field(kw))
            self.cable.ref_blocks.append(block)
            self._mark_order("ref", block.span)
        kw_letter = re.match(r"(?:REF|REFTEL)\s+([A-Z])\s*:?$", kw.value + (" " + text_tok.value.split(" ", 1)[0] if text_tok is not None else ""))
        sources = []
        if text_tok is not None:
            sources.append(text_tok)
        # Items go on after blank lines (item A, blank, item B); a non-item line after a blank
        # line ends the block.
        last = blk.head[-1].line
        leftover = []
        for i, (kind, toks) in enumerate(blk.conts):
            blank_before = toks[0].line > last + 1
            if kind == "trailer" or (blank_before and kind != "item"):
                leftover = blk.conts[i:]
                break
            if kind == "item":
                sources.append(("item", toks))
            else:
                sources.append(toks[0])
            last = toks[-1].end_line
        for src in sources:
            if isinstance(src, tuple):
                toks = src[1]
                bullet = toks[0]
                rest_tok = toks[1] if len(toks) > 1 else None
                letter = bullet.value.strip("().):")
                style = "(A)" if bullet.value.startswith("(") else "A" + bullet.value[-1]
                if letter.isdigit():
                    style = style.replace("A", "1")
                text_field = self.loc.field(rest_tok) if rest_tok is not None else Field("", self.loc.tok(bullet))
                block.items.append(Reference(join(self.loc.tok(bullet), text_field.span),
                                             Field(letter, self.loc.tok(bullet)), style, text_field))
                if rest_tok is not None and len(F.split_references(rest_tok.value)) > 1:
                    self._ref_items(block, rest_tok, skip_first=True)
                continue
            self._ref_items(block, src)
        if kw_letter and block.items and block.items[-1].letter is None:
            block.items[-1].letter = Field(kw_letter.group(1), block.items[-1].span)
        if block.items:
            block.span = join(block.span, block.items[-1].span)
        self._free_lines(leftover)

    def _ref_items(self, block: RefBlock, tok: Token, skip_first: bool = False) -> None:
        parts = F.split_references(tok.value)
        if skip_first:
            parts = [p for p in parts if p[0] is not None][1:] if parts and parts[0][0] is None else parts[1:]
        for letter, style, b0, b1, t0, t1 in parts:
            if block.items and letter is None and not skip_first and block.items[-1].letter is not None \
                    and block.items[-1].text.span.line != self.loc.tok(tok).line:
                # A wrapped reference line continues the item above it.
                prev = block.items[-1]
                prev.text = Field(prev.text.text + " " + tok.value[t0:t1], join(prev.text.span, self.loc.tok(tok, t0, t1)))
                prev.span = join(prev.span, prev.text.span)
                continue
            text_field = self.loc.field(tok, t0, t1) if t1 > t0 else Field("", self.loc.tok(tok, b0, max(b1, b0 + 1)))
            lf = Field(letter, self.loc.tok(tok, b0, b1)) if letter else None
            span = join(lf.span, text_field.span) if lf else text_field.span
            block.items.append(Reference(span, lf, style, text_field))

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
                    nk, ntoks = after[0]
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
        """Numbered lines -> paragraphs. A numbered line that breaks the sequence is a numbered
        list inside the paragraph above when it carries no mark in a cable whose paragraphs are
        marked, or when it restarts or continues such a list (cable-format.md §2.6: "sequence
        context decides")."""
        cable = self.cable
        if not blocks:
            return
        marked = sum(1 for b in blocks if any(t.type == "MARK" for t in b.head))
        marked_cable = marked * 2 >= len(blocks)
        accepted: list[tuple[_Block, int]] = []
        list_prev: int | None = None
        for blk in blocks:
            num_tok = blk.head[0]
            n = int(num_tok.value.rstrip("."))
            has_mark = any(t.type == "MARK" for t in blk.head)
            if not accepted:
                accepted.append((blk, n))
                continue
            prev = accepted[-1][1]
            expected = prev + 1
            continues_list = list_prev is not None and n == list_prev + 1 and not has_mark
            if has_mark or (n == expected and not continues_list):
                is_para = True
            elif marked_cable:
                is_para = False
            else:
                # Unmarked cable: a restart (1., 2. inside paragraph 5) or a list continuing is
                # a list; a forward jump is a paragraph (the gap is P401's to report).
                is_para = (not continues_list) and n > expected
            if is_para:
                accepted.append((blk, n))
                list_prev = None
            else:
                owner = accepted[-1][0]
                owner.conts.append(("item", blk.head))
                owner.conts.extend(blk.conts)
                list_prev = n
        for blk, n in accepted:
            cable.paragraphs.append(self._paragraph(blk, n))
        if cable.paragraphs:
            self._mark_order("body", cable.paragraphs[0].span)

    def _paragraph(self, blk: _Block, n: int) -> Paragraph:
        num_tok = blk.head[0]
        mark_tok = next((t for t in blk.head if t.type == "MARK"), None)
        text_tok = next((t for t in blk.head if t.type == "TEXT"), None)
        para = Paragraph(self._block_span(blk), n, self.loc.field(num_tok))
        if mark_tok is not None:
            level, controls = F.parse_marking(mark_tok.value)
            para.marking = Marking(mark_tok.value, self.loc.tok(mark_tok), level, controls)
        elif text_tok is not None:
            m = _LATE_MARK.search(text_tok.value[:120])
            if m:
                level, controls = F.parse_marking(m.group(0))
                para.late_marking = Marking(m.group(0), self.loc.tok(text_tok, m.start(), m.end()), level, controls)
        texts = []
        if text_tok is not None:
            para.lines.append(Line(text_tok.value, self.loc.tok(text_tok)))
            texts.append(text_tok.value)
        for kind, toks in blk.conts:
            if kind == "trailer":
                self.cable.trailers.append(Trailer(self.loc.tok(toks[0]), toks[0].value))
                continue
            value = " ".join(t.value for t in toks)
            para.lines.append(Line(value, join(self.loc.tok(toks[0]), self.loc.tok(toks[-1]))))
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
            if re.fullmatch(r"[*=_\-#. ]+", text):
                continue  # a box or rule after the signature
            if _NAME.match(text) and len(text) <= 40 and text.upper() not in _CLASS_WORDS \
                    and not re.search(r"\d", text) and (idx > 0 or candidates is not owner):
                cable.signature = Signature(line.span, text)
                del candidates[idx]
                if owner is candidates:
                    para = cable.paragraphs[-1]
                    para.text = " ".join(ln.text for ln in para.lines)
            return

    # ---------------------------------------------------------------- spans
    def _head_span(self, blk: _Block) -> Span:
        return join(self.loc.tok(blk.head[0]), self.loc.tok(blk.head[-1]))

    def _block_span(self, blk: _Block) -> Span:
        return join(self.loc.tok(blk.head[0]), self.loc.tok(blk.last_token()))


_WRAPPED_KEYWORD = re.compile(r"(?:^|(?<=\s))(?:Classified|CLASSIFIED)$")
_WRAPPED_BY = re.compile(r"(?:By|BY|by)\s*:")


def _inline_classified(toks: list[Token], next_toks: list[Token] | None):
    """Where a Classified By keyword stands inside a front-matter line: (token index, start,
    end, offset of the statement in the next line's first token when the keyword wraps
    between CLASSIFIED and BY:), or None."""
    for j, t in enumerate(toks):
        if t.type != "TEXT":
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


def _slice(tok: Token, a: int, b: int) -> Token:
    """A sub-token of a single-line token, with its own column."""
    value = tok.value[a:b]
    lead = len(value) - len(value.lstrip())
    value = value.strip()
    return Token(tok.type, value, start_pos=(tok.start_pos or 0) + a + lead, line=tok.line,
                 column=tok.column + a + lead, end_line=tok.line, end_column=tok.column + a + lead + len(value))


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
    return _ToModel(source).transform(tree)
