"""Bytes -> text -> normalized lines, with a map back to the file as given.

A cable arrives in many wrappings (cable-format.md §2). Before the grammar sees it, the
rendering residue is set aside on a normalized copy: markdown links, list bullets, the
cablegate `¶` anchors, HTML entities and tags, the cables.csv trailing backslash, in-text
page markers. Every removal is recorded (rules F003/F007 report them), and every normalized
line keeps a column map so a position in the normalized text goes back to the exact
line:column of the original file.

Positions in this module: `line` is a 0-based index into the original lines, `col` a
0-based code-point offset; the public `Span` (1-based) is built in `diagnostics`.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from itertools import accumulate
from operator import add, attrgetter
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["Source", "NormLine", "Residue", "DecodeProblem", "decode", "DIRECTIVE_PREFIX"]

_EOL = re.compile(r"\r\n|\r|\n")
DIRECTIVE_PREFIX = "#cablelint:"

# --- residue patterns (cable-format.md §2.11) -------------------------------------------
# `[1](#)` before a paragraph number or REF letter; `[PREL](#)` TAGS links.
_MD_LINK = re.compile(r"\[([^\[\]\n]{0,40})\]\(#[^()\s]*\)")
# `- ` markdown list bullet before a REF item (`- [1](#)B. STATE 34975`, `- B. ...`).
_MD_BULLET = re.compile(r"- (?=(?:\[[^\]]*\]\(#\))?\(?[A-Z1-9][.)])")
_HTML_TAG = re.compile(r"</?(?:a|pre|code|br|p|b|i|span|div|table|tr|td|h\d)\b[^<>\n]{0,300}>", re.I)
_ENTITY = re.compile(r"&(?:#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos|nbsp);")
_ENTITY_TEXT = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&nbsp;": " "}
# In-text page marker: post, 8-digit serial, `NNN[.N] OF NNN` (cable-format.md §2.10).
# Found by its numeric tail first, then the post looked up in a bounded window before it,
# so a long line can never make the search quadratic.
_PAGE_TAIL = re.compile(r"(?<![\w/])\d{8} +\d{3}(?:\.\d)? +OF +\d{3}(?![\w.])")
_PAGE_LINE = re.compile(r"[A-Z][A-Z.'-]{0,20}(?: [A-Z][A-Z.'-]{0,20}){0,3} +\d{8} +\d{3}(?:\.\d)? +OF +\d{3}")
_LAST_WORD = re.compile(r"(?<![\w/])[A-Z][A-Z.'-]{0,20} +$")
# The banner's post, to recognise a page marker glued into re-flowed text by its post.
_BANNER_POST = re.compile(
    r"^\s*(?:C O N F I D E N T I A L|S E C R E T|UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET)(?: E ?F ?T ?O)?"
    r"(?: SECTION \d+ OF \d+)? +([A-Z][A-Z .'-]{0,30}?) +\d{3,8}\b", re.M)
# Old received-copy page header: `PAGE 02        CAPE T  00097  01 OF 03  182017Z`.
_PAGE_HEADER = re.compile(r"PAGE \d{2,3}\s+\S.*\d+\s+\d{2} OF \d{2}\s+\d{6}Z\s*$")
_SPACES = " \t\u00a0\u2028\u2029\u200b\ufeff\x0b\x0c"
# A cables.csv row pasted into a page: its fields are TAB-separated and the header and body
# fields start after a TAB, glued to the line before (`...COLLECTIVE<TAB>C O N F I D ...`).
_TAB_SPLIT = re.compile(
    r"\t+(?=VZCZC|(?:[ZOPR] ){1,2}\d{6}Z |(?:S ?){0,2}E C R E T|(?:C ?){0,2}O N F I D|U ?N ?C ?L ?A ?S\b"
    r"|SECRET\b|CONFIDENTIAL\b|TOP SECRET\b|LIMITED OFFICIAL USE\b)")
# The same in a comma-separated cables.csv row: the quote that opens the body field is glued
# to the last header line (`...WASHINGTON DC","UNCLAS SECTION 01 OF 03 MEXICO 000023`).
_QUOTE_SPLIT = re.compile(r'(?:",\s*)?"(?=C O N F I D|S E C R E T|UNCLAS\b)')
# Media copies fuse the metadata date and the text: `Cable dated:2009-12-24T08:27:00C O N F ...`,
# then the banner, SIPDIS, E.O. and TAGS without line breaks.
_CABLE_DATED = re.compile(r"(?:ID: ?\d+ +)?(Cable dated: ?\d{4}-\d\d-\d\dT[\d:]{5,8})")
_FUSED = re.compile(r"(?<=[\dA-Za-z.])(?=SIPDIS|NOFORN|E\.O\. \d|EO \d{5}|TAGS:|SUBJECT:|REF:)")


@dataclass(slots=True)
class Residue:
    """Something set aside by normalization, in original coordinates (0-based)."""

    kind: str  # markdown-link | list-bullet | pilcrow | html-entity | html-tag | csv-backslash | page-marker | page-header | directive
    line: int
    col: int
    end_col: int
    text: str
    replacement: str  # what the telegram text has instead ("" = nothing)


@dataclass(slots=True)
class DecodeProblem:
    """Bytes that were not valid UTF-8, or that look binary."""
    severity: str  # "warning" (read as Windows-1252) or "error" (bytes lost, binary)
    offset: int  # byte offset in the file
    char: int  # offset in the decoded text
    message: str


class NormLine(NamedTuple):
    """One line of the normalized text and how its columns map to the original. A tuple: a
    cable has one per line, and the common one (trimmed, nothing removed) is made with
    `tuple.__new__`, without the constructor's Python frame."""

    text: str
    orig: int  # 0-based original line index
    # Breakpoints (normalized col, original col), sorted; a column maps through the last
    # breakpoint at or before it.
    cols: tuple[int, ...]
    ocols: tuple[int, ...]

    def to_orig(self, col: int) -> int:
        cols = self.cols
        if len(cols) == 1:
            return self.ocols[0] + col
        i = bisect_right(cols, col) - 1
        return self.ocols[i] + col - cols[i]

    def end_to_orig(self, end_col: int) -> int:
        """Map an exclusive end column (so a span never swallows removed residue after it)."""
        if end_col <= 0:
            return self.to_orig(0)
        return self.to_orig(end_col - 1) + 1


def decode(data: bytes) -> tuple[str, str, list[DecodeProblem]]:
    """UTF-8 first, then Windows-1252 (the cables.csv encoding); never raises."""
    problems: list[DecodeProblem] = []
    encoding = "utf-8"
    bom = 0
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
        encoding = "utf-8-sig"
        bom = 3
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
        encoding = "cp1252"
        try:
            text = data.decode("cp1252")
            problems.append(DecodeProblem(
                "warning", bom + first_bad, first_bad,
                f"not valid UTF-8 (byte 0x{data[first_bad]:02X} at offset {bom + first_bad}); read as Windows-1252"))
        except UnicodeDecodeError as exc2:
            # Bytes undefined even in Windows-1252: shown as U+FFFD, and the file is not fixed.
            text = data.decode("cp1252", errors="replace")
            problems.append(DecodeProblem(
                "error", bom + exc2.start, exc2.start,
                f"undecodable byte 0x{data[exc2.start]:02X} at offset {bom + exc2.start} "
                "(neither UTF-8 nor Windows-1252); the file is not fixable"))
    return text, encoding, problems


@dataclass
class Source:
    """A decoded file: original lines, their line endings, the normalized lines and residue."""

    path: str
    text: str
    encoding: str = "utf-8"
    decode_problems: list[DecodeProblem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # original lines without line endings
    eols: list[str] = field(default_factory=list)  # "\n", "\r\n", "\r" or "" (last line)
    norm: list[NormLine] = field(default_factory=list)
    residue: list[Residue] = field(default_factory=list)
    _lower: str | None = field(default=None, repr=False, compare=False)  # text.lower(), on demand
    _offsets: list[int] | None = field(default=None, repr=False, compare=False)  # line_offsets()
    # `allow-directives`: `#cablelint:` lines are set aside as residue (kind "directive").
    directives: bool = False

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "-", directives: bool = False) -> "Source":
        text, encoding, problems = decode(data)
        return cls.from_text(text, path, encoding, problems, directives)

    @classmethod
    def from_text(cls, text: str, path: str = "-", encoding: str = "utf-8",
                  problems: list[DecodeProblem] | None = None, directives: bool = False) -> "Source":
        src = cls(path=path, text=text, encoding=encoding, decode_problems=list(problems or []),
                  directives=directives)
        nul = text.find("\x00")
        if nul >= 0:
            offset = len(text[:nul].encode(encoding.replace("-sig", ""), errors="replace"))
            src.decode_problems.append(DecodeProblem(
                "error", offset, nul, f"NUL byte at offset {offset}: this looks like a binary file, not cable text"))
        if "\r" in text:
            parts = _EOL.split(text)
            eols = _EOL.findall(text)
        else:  # LF only (most files): a plain split, several times faster
            parts = text.split("\n")
            eols = ["\n"] * (len(parts) - 1)
        eols.append("")
        if parts and parts[-1] == "" and len(parts) > 1:
            # A final line ending does not start another line.
            parts.pop()
            eols.pop()
        src.lines = parts
        src.eols = eols
        src._normalize()
        return src

    # --- positions ----------------------------------------------------------------------
    def line_offsets(self) -> list[int]:
        """Code-point offset of each original line's start in `text` (for applying edits)."""
        if self._offsets is None:
            # Running sums of line + ending lengths, in C (a Python loop over the lines cost as
            # much as a rule).
            offs = list(accumulate(map(add, map(len, self.lines), map(len, self.eols)), initial=0))
            offs.pop()  # the end of the text
            self._offsets = offs
        return self._offsets

    def lower_text(self) -> str:
        """`text.lower()`, made once for the rules that search without case."""
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    def lines_containing(self, *words: str, ignore_case: bool = False, whole_words: bool = False) -> set[int]:
        """1-based numbers of the lines that contain any of `words`: a plain substring scan of
        the whole text (fast), so a rule looking for rare words need not run a regular
        expression on every line. With `whole_words`, only where the word stands alone (as
        between regex `\\b`s: "note", not "noted")."""
        text = self.lower_text() if ignore_case else self.text
        found: list[int] = []
        for word in words:
            pos = text.find(word)
            size = len(word)
            while pos >= 0:
                if not whole_words or not (_is_word_char(text, pos - 1) or _is_word_char(text, pos + size)):
                    found.append(pos)
                pos = text.find(word, pos + 1)
        if not found:
            return set()
        offs = self.line_offsets()
        if ignore_case and len(text) != len(self.text):
            # Lowering changed some lengths (`İ` becomes two characters): line starts in the
            # lowered text.
            offs, pos = [], 0
            for line, eol in zip(self.lines, self.eols):
                offs.append(pos)
                pos += len(line.lower()) + len(eol)
        return {bisect_right(offs, pos) for pos in found}

    def lines_matching(self, *patterns: re.Pattern) -> set[int]:
        """1-based numbers of the lines where any of `patterns` matches (within the line)."""
        found = [m.start() for p in patterns for m in p.finditer(self.text)]
        if not found:
            return set()
        offs = self.line_offsets()
        return {bisect_right(offs, pos) for pos in found}

    def with_directives(self) -> "Source":
        """The same file normalized with directive lines set aside (`allow-directives`)."""
        if self.directives:
            return self
        src = Source(path=self.path, text=self.text, encoding=self.encoding,
                     decode_problems=list(self.decode_problems), lines=self.lines, eols=self.eols,
                     directives=True)
        src._normalize()
        return src

    def normalized_text(self) -> str:
        """What the grammar parses: one normalized line per `\\n`."""
        if not self.norm:
            return ""
        return "\n".join(map(_TEXT_OF, self.norm)) + "\n"

    # --- normalization ------------------------------------------------------------------
    def _normalize(self) -> None:
        out = self.norm
        residue = self.residue
        posts = _Posts(self.text)
        directives = self.directives
        # One scan of the whole text finds the lines that may hold residue; the others only
        # need trimming (most lines of most cables).
        work = {n - 1 for n in self.lines_containing(*_SCAN_WORDS) | self.lines_matching(*_SCAN_PATTERNS)}
        for idx, line in enumerate(self.lines):
            if directives and "#cablelint:" in line and line.lstrip(_SPACES).startswith(DIRECTIVE_PREFIX):
                # An opt-in directive line (linter-conventions.md §6.4): not cable text.
                start = len(line) - len(line.lstrip(_SPACES))
                text = line.strip(_SPACES)
                residue.append(Residue("directive", idx, start, start + len(text), text, ""))
                continue
            if idx in work and _needs_normalizing(line):
                if not _one_cut(idx, line, out, residue):
                    _normalize_line(idx, line, out, residue, posts)
                continue
            # Fast path: only surrounding whitespace to trim.
            stripped = line.strip(_SPACES)
            if not stripped:
                out.append(_new_norm(NormLine, ("", idx, _ZERO, _ZERO)))
                continue
            lead = len(line) - len(line.lstrip(_SPACES)) if line[0] in _SPACES else 0
            out.append(_new_norm(NormLine, (stripped, idx, _ZERO, (lead,) if lead else _ZERO)))


def _is_word_char(text: str, i: int) -> bool:
    """Whether text[i] is a regex word character (`\\w`); outside the text it is not."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


_ZERO = (0,)
_new_norm = tuple.__new__
_TEXT_OF = attrgetter("text")
# What can make a line need more than trimming: the residue patterns above, a TAB to turn
# into a blank, a separator, a NUL.
_TRIGGERS = ("[", "¶", "&", "<", "\\", " OF ", "PAGE ", "- ", "\u2028", "\u2029", "\t", "\x00",
             "Cable dated", '"C O N F', '"S E C R', '"UNCLAS')
# " OF " and "- " are common in text ("MINISTRY OF", "-- a dash"): a line they found is
# looked at closely before it is normalized piece by piece.
_RARE_TRIGGERS = tuple(t for t in _TRIGGERS if t not in (" OF ", "- "))
# The whole-text scan for them: `str.find` for the short ones, compiled expressions for the
# long rare ones (`re` skips to a literal prefix about twice as fast as `str.find` finds these).
_SCAN_PATTERNS = (re.compile("PAGE "), re.compile("Cable dated"), re.compile('"(?:C O N F|S E C R|UNCLAS)'))
_SCAN_WORDS = tuple(t for t in _TRIGGERS if not any(p.match(t) for p in _SCAN_PATTERNS))
_PAGE_DIGITS = re.compile(r"\d{8} +\d{3}(?:\.\d)? +OF +\d{3}")  # what every page marker holds


def _needs_normalizing(line: str) -> bool:
    """Whether a line holding a trigger needs more than trimming."""
    for t in _RARE_TRIGGERS:
        if t in line:
            return True
    if " OF " in line and _PAGE_DIGITS.search(line):
        return True
    return line.lstrip(_SPACES).startswith("- ")  # a markdown list bullet


def _one_cut(idx: int, line: str, out: list[NormLine], residue: list[Residue]) -> bool:
    """The two commonest residue lines, made here without `_normalize_line`'s general cutting
    and mapping (same result): a web page's paragraph pilcrow at the start of a line
    (`¶12. (C) ...`, 31,600 corpus lines) and the cables.csv backslash at its end (8,300)."""
    trigger = "¶" if "¶" in line else "\\"
    for t in _RARE_TRIGGERS:
        if t != trigger and t in line:
            return False
    if "\u00a0" in line or (" OF " in line and _PAGE_DIGITS.search(line)) or line.count(trigger) != 1:
        return False
    start = len(line) - len(line.lstrip(_SPACES))
    if trigger == "¶":
        if line[start] != "¶":
            return False
        residue.append(Residue("pilcrow", idx, start, start + 1, "¶", ""))
        rest = line[start + 1:]
        text = rest.strip(_SPACES)
        col = start + 1 + len(rest) - len(rest.lstrip(_SPACES))
    else:
        body = line.rstrip(" \t")
        if not body.endswith("\\") or line.lstrip(_SPACES).startswith("- "):
            return False
        end = len(body)
        residue.append(Residue("csv-backslash", idx, end - 1, end, "\\", ""))
        text = line[:end - 1].strip(_SPACES)
        col = start
    out.append(_new_norm(NormLine, (text, idx, _ZERO, (col,)) if text else ("", idx, _ZERO, _ZERO)))
    return True


def _normalize_line(idx: int, line: str, out: list[NormLine], residue: list[Residue],
                    posts: "_Posts") -> None:
    """Remove residue from one line; may split it (page markers glued into re-flowed text)."""
    # Whole-line page markers and old page headers are transmission residue: the line goes.
    stripped = line.strip(_SPACES)
    whole = " OF " in stripped and _PAGE_LINE.fullmatch(stripped) is not None
    if whole or (stripped.startswith("PAGE ") and _PAGE_HEADER.match(stripped)):
        kind = "page-marker" if whole else "page-header"
        start = line.index(stripped)
        residue.append(Residue(kind, idx, start, start + len(stripped), stripped, ""))
        return

    # Collect removals as (start, end, replacement, kind) over the original line.
    cuts: list[tuple[int, int, str, str]] = []
    for m in _MD_BULLET.finditer(line):
        if line[: m.start()].strip(_SPACES) == "":
            cuts.append((m.start(), m.end(), "", "list-bullet"))
    for m in _MD_LINK.finditer(line):
        label = m.group(1)
        after = line[m.end(): m.end() + 4]
        # `[1](#)` before `2.` or `B.` is an anchor: drop it; `[PREL](#)` keeps its text.
        drop = re.match(r"\d*$", label) is not None and re.match(r"\d{1,3}\.|[A-Z][.)]|\(", after)
        cuts.append((m.start(), m.end(), "" if drop else label, "markdown-link"))
    if "¶" in line:
        for m in re.finditer("¶", line):
            cuts.append((m.start(), m.end(), "", "pilcrow"))
    if "<" in line:
        for m in _HTML_TAG.finditer(line):
            cuts.append((m.start(), m.end(), "", "html-tag"))
    if "&" in line:
        for m in _ENTITY.finditer(line):
            cuts.append((m.start(), m.end(), _entity_text(m.group(0)), "html-entity"))
    body = line.rstrip(" \t")
    # One trailing backslash is the cables.csv continuation; a run of them is text (e.g. the
    # `\\\\ZFR IMI ZFR\\\\` lines of a cancellation notice), and removing one would only
    # expose the next.
    if body.endswith("\\") and not body.endswith("\\\\"):
        end = len(body)
        cuts.append((end - 1, end, "", "csv-backslash"))
    cuts.sort()
    # Drop overlapping cuts (keep the first by position).
    kept: list[tuple[int, int, str, str]] = []
    last_end = -1
    for c in cuts:
        if c[0] >= last_end:
            kept.append(c)
            last_end = c[1]

    # Build the normalized string and breakpoints.
    pieces: list[str] = []
    cols: list[int] = [0]
    ocols: list[int] = [0]
    ncol = 0
    pos = 0
    for start, end, repl, kind in kept:
        seg = line[pos:start]
        pieces.append(seg)
        ncol += len(seg)
        text = line[start:end]
        residue.append(Residue(kind, idx, start, end, text, _fix_for(kind, text, repl)))
        if repl:
            pieces.append(repl)
            cols.append(ncol)
            # A kept link label maps onto itself inside the brackets.
            ocols.append(start + 1 if kind == "markdown-link" else start)
            ncol += len(repl)
        cols.append(ncol)
        ocols.append(end)
        pos = end
    pieces.append(line[pos:])
    norm = "".join(pieces)

    # Split points: an in-text page marker goes and the text after it starts a new line; a
    # TAB before a pasted header or banner, and the joins of a fused media line, split too.
    cuts_at: list[tuple[int, int]] = []
    if " OF " in norm:
        for m_start, m_end in _page_markers(norm, posts):
            o_start = _map(cols, ocols, m_start)
            o_end = _map(cols, ocols, m_end - 1) + 1
            residue.append(Residue("page-marker", idx, o_start, o_end, norm[m_start:m_end], ""))
            cuts_at.append((m_start, m_end))
    if "\t" in norm:
        cuts_at.extend((m.start(), m.end()) for m in _TAB_SPLIT.finditer(norm) if m.start() > 0)
    if '"' in norm:
        cuts_at.extend((m.start(), m.end()) for m in _QUOTE_SPLIT.finditer(norm) if m.start() > 0)
    if norm.startswith(("Cable dated", "ID:")):
        m = _CABLE_DATED.match(norm)
        if m:
            if m.start(1) > 0:  # ID:190812 Cable dated:...
                cuts_at.append((m.start(1), m.start(1)))
            cuts_at.append((m.end(), m.end()))
            cuts_at.extend((f.start(), f.start()) for f in _FUSED.finditer(norm, m.end()))
    segments: list[tuple[int, int]] = []  # (start, end) in normalized columns
    seg_start = 0
    for a, b in sorted(cuts_at):
        if a < seg_start:
            continue
        segments.append((seg_start, a))
        seg_start = b
    segments.append((seg_start, len(norm)))

    for s, e in segments:
        piece = norm[s:e]
        lead = len(piece) - len(piece.lstrip(_SPACES))
        text = piece.strip(_SPACES)
        base = s + lead
        if not text:
            if len(segments) == 1:
                out.append(NormLine("", idx, (0,), (0,)))
            continue
        for ch in "\t\u2028\u2029\u00a0\x00":
            if ch in text:
                text = text.replace(ch, " ")
        # Re-base the breakpoints on this segment.
        nb: list[int] = [0]
        ob: list[int] = [_map(cols, ocols, base)]
        for c, o in zip(cols, ocols):
            if base < c < base + len(text):
                nb.append(c - base)
                ob.append(o)
        out.append(NormLine(text, idx, tuple(nb), tuple(ob)))


class _Posts:
    """The posts of the banners in the first 20,000 characters, longest first, to recognise a
    page marker glued into re-flowed text by its post; read when a line first needs them
    (most cables have no page marker)."""

    __slots__ = ("text", "found")

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[str] | None = None

    def __iter__(self):
        if self.found is None:
            self.found = sorted({m.group(1) for m in _BANNER_POST.finditer(self.text, 0, 20000)},
                                key=len, reverse=True)
        return iter(self.found)


def _page_markers(text: str, posts: "_Posts") -> list[tuple[int, int]]:
    """Page markers inside a line: the numeric tail, and before it the banner's post if it
    stands there, else the one word before the serial."""
    found = []
    for m in _PAGE_TAIL.finditer(text):
        before = text[max(0, m.start() - 40):m.start()].rstrip(" ")
        start = None
        for post in posts:
            if before.endswith(post) and (len(before) == len(post) or not before[-len(post) - 1].isalnum()):
                start = m.start() - (len(text[:m.start()]) - len(text[:m.start()].rstrip(" "))) - len(post)
                break
        if start is None:
            last = _LAST_WORD.search(text, max(0, m.start() - 25), m.start())
            if last is None:
                continue
            start = last.start()
        found.append((start, m.end()))
    return found


def _map(cols: list[int], ocols: list[int], col: int) -> int:
    i = bisect_right(cols, col) - 1
    return ocols[i] + col - cols[i]


def _entity_text(ent: str) -> str:
    if ent.startswith("&#x"):
        return _safe_chr(int(ent[3:-1], 16))
    if ent.startswith("&#"):
        return _safe_chr(int(ent[2:-1]))
    return _ENTITY_TEXT.get(ent, "")


def _safe_chr(n: int) -> str:
    if n in (10, 13):
        return " "  # an encoded line break inside a line: keep the words apart
    try:
        return chr(n)
    except (ValueError, OverflowError):
        return ""


def _fix_for(kind: str, text: str, repl: str) -> str:
    """The telegram text that the residue stands in for."""
    if kind == "list-bullet":
        return "     "  # REF items stand indented five spaces in the telegram (cable-format.md §1.4)
    if kind == "html-entity" and repl == " " and text.lower() in ("&#x000a;", "&#10;"):
        return "\n"
    return repl
