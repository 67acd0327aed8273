"""Field grammars of single lines: the values inside a banner, a DTG, an addressee, an E.O.
value, a TAGS list, REF items, a Classified By statement and a portion mark.

The structural grammar (`grammar/cable.lark`) decides which line is which; these functions
read the fields of one line's text and return offsets into it, so the builder can give every
value its exact span. They accept the real variants of cable-format.md and leave judging to
the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

__all__ = [
    "MONTHS", "PRECEDENCE_WORDS", "split_words", "parse_banner", "parse_dtg", "parse_addressee",
    "parse_eo_value", "split_tags", "split_references", "bullet_style", "next_letter", "starts_reference",
    "parse_classified_by", "parse_marking", "parse_date", "normalize_class", "dtg_parts",
]

MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}

# Addressee precedence words and the DTG letter each stands for (cable-format.md §3.6).
PRECEDENCE_WORDS = {"FLASH": "Z", "NIACT IMMEDIATE": "O", "IMMEDIATE": "O", "PRIORITY": "P", "ROUTINE": "R"}

_WORD = re.compile(r"\S+")


def split_words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


# ------------------------------------------------------------------------------ banner
# The class words, also as garbled in media copies: doubled or dropped letters, irregular
# spacing, a stray leading dot (`CC O N F I D`, `CSE C R E T`, `C ONFIDENTIAL`, `NCLAS`).
_CLASS = (r"(?P<klass>\.?(?i:T ?O ?P +S ?E ?C ?R ?E ?T|(?:C ?)?(?:S ?){0,2}E ?C ?R ?E ?T"
          r"|(?:C ?){0,2}O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L"
          r"|(?:U ?){0,2}N ?C ?L ?A ?S(?: ?S ?I ?F ?I ?E ?D)?|LIMITED +OFFICIAL +USE))")
# SECTION NN OF MM; a garbled section word (`ECTION 01 OF 02`, `SECTION 01 GF 02`) is still
# read as the section, for C202 to name, so that the post and serial after it are found.
_BANNER = re.compile(
    r"[,\"]?" + _CLASS
    + r"(?:\s+(?P<efto>E ?F ?T ?O)(?![A-Za-z]))?"
    + r"(?:\s+(?P<section>(?P<sw>[A-Za-z]{4,8})\s*(?P<sn>\d{1,3})\s+(?P<of>[A-Za-z]{2})\s+(?P<sm>\d{1,3}))(?=\s|[A-Za-z]|$))?"
    + r"(?:\s*(?P<post>(?!(?i:SECTION)\b)[A-Za-z][A-Za-z .'()/-]{0,40}?)\s+(?P<serial>\d{1,8})(?!\d))?"
    + r"(?P<rest>.*)$"
)


def normalize_class(raw: str, efto: bool = False) -> str | None:
    word = re.sub(r"[^A-Za-z]+", "", raw).upper()
    # Garbled media copies double or drop the first letter (CC O N F I D ..., E C R E T,
    # CSE C R E T, NCLAS).
    if word in ("SECRET", "SSECRET", "ECRET", "CSECRET", "CSSECRET"):
        return "SECRET"
    if word in ("CONFIDENTIAL", "CCONFIDENTIAL", "ONFIDENTIAL"):
        return "CONFIDENTIAL"
    if word in ("TOPSECRET",):
        return "TOP SECRET"
    if word in ("UNCLAS", "UNCLASSIFIED", "UUNCLAS", "UUNCLASSIFIED", "NCLAS", "NCLASSIFIED"):
        return "UNCLASSIFIED EFTO" if efto else "UNCLASSIFIED"
    if word == "LIMITEDOFFICIALUSE":
        return "LIMITED OFFICIAL USE"
    return None


@dataclass(slots=True)
class BannerFields:
    """The parts of a banner line, as (start, end) columns."""
    klass: tuple[int, int]
    classification: str | None
    efto: tuple[int, int] | None
    section: tuple[int, int] | None
    section_number: int | None
    section_count: int | None
    post: tuple[int, int] | None
    serial: tuple[int, int] | None
    rest: tuple[int, int] | None


def parse_banner(text: str) -> BannerFields | None:
    m = _BANNER.match(text)
    if not m:
        return None

    def span(name: str) -> tuple[int, int] | None:
        return (m.start(name), m.end(name)) if m.group(name) is not None else None

    rest = span("rest")
    if rest and not text[rest[0]:rest[1]].strip():
        rest = None
    elif rest:
        lead = len(text[rest[0]:rest[1]]) - len(text[rest[0]:rest[1]].lstrip())
        rest = (rest[0] + lead, rest[1])
    return BannerFields(
        klass=span("klass"),
        classification=normalize_class(m.group("klass"), efto=m.group("efto") is not None),
        efto=span("efto"),
        section=span("section"),
        section_number=int(m.group("sn")) if m.group("sn") else None,
        section_count=int(m.group("sm")) if m.group("sm") else None,
        post=span("post"),
        serial=span("serial"),
        rest=rest,
    )


# ------------------------------------------------------------------------------ DTG
_DTG = re.compile(r"(?P<d>\d{2})(?P<h>\d{2})(?P<mi>\d{2})Z\s+(?P<mon>[A-Za-z]{3})\s+(?P<y>\d{2}(?:\d{2})?)$")


def parse_dtg(text: str) -> tuple[int, int, int, int | None, int, datetime | None] | None:
    """`072354Z APR 08` -> (day, hour, minute, month, year, datetime or None if impossible)."""
    m = _DTG.match(text)
    if not m:
        return None
    day, hour, minute = int(m["d"]), int(m["h"]), int(m["mi"])
    month = MONTHS.get(m["mon"].upper())
    year = int(m["y"])
    if year < 100:
        year += 1900 if year >= 50 else 2000
    when = None
    if month is not None:
        try:
            when = datetime(year, month, day, hour, minute)
        except ValueError:
            when = None
    return day, hour, minute, month, year, when


def dtg_parts(text: str) -> dict[str, tuple[int, int]]:
    """Offsets of the DTG's parts in `text`: day, hour, minute, month, year."""
    m = _DTG.match(text)
    if not m:
        return {}
    return {name: (m.start(g), m.end(g)) for name, g in
            (("day", "d"), ("hour", "h"), ("minute", "mi"), ("month", "mon"), ("year", "y"))}


# ------------------------------------------------------------------------------ addressees
_ADDRESSEE = re.compile(
    r"(?:(?P<ri>[A-Z]{2,12})\s*/(?!/)\s*)?"  # RUEHC/ or ZEN/; a malformed RI is H111's to name
    # The shortest PLAD the rest allows: as `.*?`, but grown a word at a time (the rest starts
    # with a blank or ends the line), not a character at a time; blanks at the very end stay
    # in it, as with `.*?`.
    r"(?P<plad>(?:\S++(?:\s++\S++)*?)??(?:\s++$)?)"
    r"(?:\s+(?P<prec>NIACT\s+IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|FLASH))?"
    r"(?:\s+(?P<mcn>\d{4,}(?:\s*-\s*\d{4,})?))?$"
)


def parse_addressee(text: str) -> tuple[tuple[int, int] | None, ...]:
    """Offsets of the RI, PLAD, precedence and MCN in an addressee line (a line of text: it
    starts with a non-blank), None for a part that is missing or empty."""
    m = _ADDRESSEE.match(text)
    assert m is not None  # every part is optional
    return tuple((a, b) if b > a else None for a, b in map(m.span, (1, 2, 3, 4)))


# ------------------------------------------------------------------------------ E.O. value
# After the order: `: DECL: `, `: DNG: `, and the variants `DECL ON:`, `DECLASSIFY`, `DECLl:`,
# `decl:`, a doubled `DECL: DECL:` (cable-format.md §5.1, §10.4).
_EO_HEAD = re.compile(
    r"\s*[:;.]?\s*(?:(?P<kw>(?i:DECL(?:ASSIFY)?(?:\s+ON)?(?![A-Za-z])|DECLl(?![A-Za-z])|DNG(?![A-Za-z])))"
    r"\s*[:;.]?\s*(?:(?i:DECL)\s*:\s*)*)?")
_DATE_MDY = re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}(?:\d{2})?)(?!\d)")
_DATE_YMD = re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?!\d)")
# A date in neither telegram form: 2019-02-12, 11.29.2027 (D305 reports the form).
_DATE_OTHER = re.compile(r"(?:(?P<y1>\d{4})[-.](?P<m1>\d{1,2})[-.](?P<d1>\d{1,2})"
                         r"|(?P<m2>\d{1,2})[-.](?P<d2>\d{1,2})[-.](?P<y2>\d{2}(?:\d{2})?))(?![\d/])")
_NA = re.compile(r"(?i:N/?A)(?![A-Za-z])")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")  # a teaser copy cut the line: `DECL: 08...`
_REDACTED = re.compile(r"[Xx]{4,}")
_CODE = re.compile(
    r"(?<![A-Za-z0-9])(?:OADR|MR|1\.6\s?X[1-8]|X[1-8]|25X[1-9](?:-(?:HUMAN|HUM|WMD))?|50X[12](?:-(?:HUM|WMD))?"
    r"|X?GDS(?:-?[1-4])?|RDS-?[1-3]|XDS-?[1-4])(?![A-Za-z0-9])",
    re.I,
)


def parse_date(text: str) -> tuple[date | None, int, int, str] | None:
    """First date in `text`: (date or None if impossible, start, end, form)."""
    m_ymd = _DATE_YMD.search(text)
    m_mdy = _DATE_MDY.search(text)
    m = m_ymd if m_ymd and (not m_mdy or m_ymd.start() <= m_mdy.start()) else m_mdy
    if not m:
        return None
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    form = "YYYY/MM/DD" if m is m_ymd else ("MM/DD/YYYY" if len(m["y"]) == 4 else "MM/DD/YY")
    if y < 100:
        y += 1900 if y >= 50 else 2000
    try:
        value = date(y, mo, d)
    except ValueError:
        value = None
    return value, m.start(), m.end(), form


@dataclass(slots=True)
class EoFields:
    """The parts of an E.O. line's value, as (start, end) columns."""
    value: tuple[int, int] | None  # after the order's colon
    keyword: tuple[int, int] | None  # DECL / DNG
    kind: str | None  # date | na | code | event | truncated | redacted
    date: date | None
    date_span: tuple[int, int] | None
    codes: list[tuple[int, int]]


def parse_eo_value(text: str) -> EoFields:
    """`: DECL: 04/07/2018` (the text after the order number)."""
    head = _EO_HEAD.match(text)
    assert head is not None
    kw = (head.start("kw"), head.end("kw")) if head.group("kw") else None
    start = head.end()
    body = text[start:]
    value = (start, len(text)) if body.strip() else None
    if not body.strip():
        return EoFields(value, kw, None, None, None, [])
    if _NA.match(body):
        return EoFields(value, kw, "na", None, None, [])
    if _TRUNCATED.search(body):
        return EoFields(value, kw, "truncated", None, None, [])
    if _REDACTED.match(body):
        return EoFields(value, kw, "redacted", None, None, [])
    codes = [(start + m.start(), start + m.end()) for m in _CODE.finditer(body)]
    found = parse_date(body)
    if codes:
        # GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P: a code, maybe with the schedule's date
        d, span = (found[0], (start + found[1], start + found[2])) if found else (None, None)
        return EoFields(value, kw, "code", d, span, codes)
    if found and body[:found[1]].strip() == "":
        return EoFields(value, kw, "date", found[0], (start + found[1], start + found[2]), [])
    other = _DATE_OTHER.match(body)
    if other:
        y, mo, d = (int(other["y1"]), int(other["m1"]), int(other["d1"])) if other["y1"] else \
            (int(other["y2"]), int(other["m2"]), int(other["d2"]))
        if y < 100:
            y += 1900 if y >= 50 else 2000
        try:
            value_date = date(y, mo, d)
        except ValueError:
            value_date = None
        return EoFields(value, kw, "date", value_date, (start + other.start(), start + other.end()), [])
    # An event (CLOSURE OF ICTY) or a re-keyed archival note (DECLASSIFIED BY NARA 09/02/2009)
    return EoFields(value, kw, "event", None, None, [])


# ------------------------------------------------------------------------------ TAGS
# A token: a parenthesized person group (closed, possibly over a line break), an unclosed
# `(` with its first word, or a run of non-separator characters.
_TAG_TOKEN = re.compile(r"\([^()]*\)|\([^()\s,;]*|[^\s,;()]+")


def split_tags(text: str) -> list[tuple[str, int, int, str, bool]]:
    """TAGS list -> (tag, start, end, separator before it on its line, is_person).

    `text` may hold several lines joined with `\n` (a wrapped list). Commas, semicolons or
    blanks separate (cable-format.md §6.3). A parenthesized group is a person tag
    (`OVIP (STEINBERG, JAMES B.)`); the tokens after `OVIP` up to the next comma are person
    *candidates* (`OVIP STEINBERG JAMES`): whether such a token is a name or a tag is decided
    by the vocabulary, in the rules (`TAGS: OVIP PREL PGOV` names no person).
    """
    out: list[tuple[str, int, int, str, bool]] = []
    prev_end = 0
    person_run = False
    for m in _TAG_TOKEN.finditer(text):
        tok = m.group(0)
        gap = text[prev_end:m.start()]
        prev_end = m.end()
        sep = gap.rsplit("\n", 1)[1] if "\n" in gap else gap
        if "," in gap or ";" in gap:
            person_run = False
        if tok.startswith("("):
            out.append((tok, m.start(), m.end(), sep, True))
            person_run = not tok.endswith(")")  # an unclosed group goes on
            continue
        if person_run:
            out.append((tok, m.start(), m.end(), sep, True))
            continue
        person_run = tok.upper() == "OVIP"
        out.append((tok, m.start(), m.end(), sep, False))
    return out


# ------------------------------------------------------------------------------ REF items
# A bullet: `A.` `A)` `(A)` `A:` `A-` `(1)` `1)`, upper or lower case letters.
_BULLET = re.compile(
    r"(?<![\w./'&-])(?:(?P<b1>\((?P<l1>[A-Za-z]|\d{1,2})\))(?=\s|$|[A-Z0-9])"
    r"|(?P<b2>(?P<l2>[A-Za-z])(?:[.):]|\s?-(?=\s))|(?P<l3>\d{1,2})\))(?=\s|$))")
# The same letter written twice (`A. A)`, `A. REF A`, `A. REF A:`).
_DOUBLED = re.compile(r"\s*(?:(?i:REF(?:TEL)?)\s*:?\s*)?(?:\(([A-Za-z])\)|([A-Za-z])[.):])(?=\s)")
# `REF: REF: A) ...`: the keyword written again at the start of the list.
_KEYWORD_AGAIN = re.compile(r"(?:(?i:REFS?|REFTEL)\s*:\s*)+")
# What may stand before a bullet inside a line: a separator, two blanks, the end of a
# reference (a serial number, a closing parenthesis, a year, a full stop), or `REF` written
# before each item (`REF A) QUITO 83; REF B) QUITO 91`).
_AFTER_ITEM = re.compile(r"(?:[;,]\s*|\s{2,}|[\d)]\s+|\.\s+|(?<![A-Za-z])(?i:REF(?:TEL)?)\s+)$")
_REF_PREFIX = re.compile(r"(?<![A-Za-z])(?i:REF(?:TEL)?)\s+$")
_GLUED_FIRST = re.compile(r"(?P<b>(?P<l2>[A-Z])[.)])(?=[A-Z0-9])")
_MARK_LETTERS = {"U", "C", "S"}
_REF_START = re.compile(r"\s*(?:\(?\d{2,4}\)?\s+)?[A-Za-z][A-Za-z.'/-]*(?:\s+[A-Za-z][A-Za-z.'/-]*){0,4}\s+\d")


def starts_reference(text: str, pos: int = 0) -> bool:
    """Whether a cable reference (`[YY ]POST SERIAL`) starts at `pos`."""
    return bool(_REF_START.match(text, pos))


def bullet_style(bullet: str) -> str:
    """`B.` -> `A.`, `(c)` -> `(a)`, `2)` -> `1)`: the bullet's shape, not its letter."""
    core = bullet.strip()
    letter = next((c for c in core if c.isalnum()), "A")
    if letter.isdigit():
        return re.sub(r"\d+", "1", core)
    return core.replace(letter, "a" if letter.islower() else "A", 1).replace(" ", "")


def next_letter(letter: str) -> str:
    if letter.isdigit():
        return str(int(letter) + 1)
    return chr(ord(letter) + 1)


def split_references(text: str, expected: str | None = None
                     ) -> list[tuple[str | None, str | None, int, int, int, int]]:
    """One line of references -> (letter, style, bullet start, bullet end, text start, text end).

    Handles `A. USUN 303`, `A. BOGOTA 3421; B. BOGOTA 3375`, `A) STATE 135205; B) ...`,
    `(A) 05 SAO PAULO 405; (B) ...`, `(1) 2005 RIO ..., (2) ...`, `A. KYIV 2383 B. KYIV 2294`
    and unlettered `09 STATE 122115; 09 NAIROBI 2487`. `expected` is the letter that would
    continue the items of the lines above. Inside a reference, `A.` is an initial (`JOHN A.
    SMITH E-MAIL`) unless it starts the line, follows a separator or the end of a reference,
    or is the next letter.
    """
    bullets: list[tuple[int, int, str, str]] = []  # start, end, letter, style
    lead = len(text) - len(text.lstrip())
    again = _KEYWORD_AGAIN.match(text, lead)
    pos = lead = again.end() if again else lead
    glued = _GLUED_FIRST.match(text, lead)
    if glued and (expected is None or glued.group("l2").upper() == expected.upper()):
        bullets.append((glued.start(), glued.end(), glued.group("l2"), bullet_style(glued.group("b"))))
        expected = next_letter(glued.group("l2"))
        pos = glued.end()
    for m in _BULLET.finditer(text):
        if m.start() < pos:
            continue
        letter = m.group("l1") or m.group("l2") or m.group("l3")
        before = text[lead:m.start()]
        is_expected = expected is not None and letter.upper() == expected.upper()
        if letter.isdigit() and (letter.startswith("0") or (before.strip() and not is_expected)):
            continue  # (08) after a serial is the reference's year, not item 8
        if before.strip():
            if not is_expected:
                if not _AFTER_ITEM.search(before) or not before[pos:].strip():
                    continue  # an initial (JOHN A. SMITH), or text right after a bullet
                if expected is None and letter not in ("A", "a", "1"):
                    continue  # a list starts at A: TELCON:  O. MOSS is a name
                if m.group("l1") and letter in _MARK_LETTERS and not starts_reference(text, m.end()):
                    continue  # (U) after a reference is its classification
            if not text[m.end():].strip() and not is_expected:
                continue
        end = m.end()
        d = _DOUBLED.match(text, end)
        if d and (d.group(1) or d.group(2) or "").upper() == letter.upper():
            end = d.end()  # A. A) BERN 1253
        prefix = _REF_PREFIX.search(before)
        bullets.append((lead + prefix.start() if prefix else m.start(), end, letter,
                        bullet_style(m.group("b1") or m.group("b2"))))
        expected = next_letter(letter)
        pos = end
    out: list[tuple[str | None, str | None, int, int, int, int]] = []
    first = bullets[0][0] if bullets else len(text)
    if text[lead:first].strip():
        # Unlettered references before the first bullet (or no bullet at all), `;`-separated.
        for m in re.finditer(r"[^;]+", text[:first]):
            if m.end() <= lead:
                continue
            seg = m.group(0)
            if seg.strip(" ,"):
                lead = len(seg) - len(seg.lstrip())
                a = m.start() + lead
                b = m.start() + len(seg.rstrip().rstrip(",").rstrip())
                out.append((None, None, a, a, a, b))
    for i, (b0, b1, letter, style) in enumerate(bullets):
        end = bullets[i + 1][0] if i + 1 < len(bullets) else len(text)
        seg = text[b1:end]
        body = seg.rstrip().rstrip(";,").rstrip()
        lead = len(body) - len(body.lstrip())
        out.append((letter, style, b0, b1, b1 + lead, b1 + len(body)))
    return out


# ------------------------------------------------------------------------------ Classified By
_SECTION = re.compile(r"(?<![\d.])(1)\s*[.,/]\s*([4-6])(?!\d)")
_REASON_LETTERS = re.compile(r"(?<![A-Za-z'])([A-Za-z])(?![A-Za-z'])")
# Between letters: punctuation, `and`/`or`, and `and` broken by a re-wrap (`a nd`).
_REASON_CONNECTOR = re.compile(r"(?:[\s,/&()\[\].;:-]|a\s+nd\b|an\s+d\b|and\b|AND\b|or\b|OR\b)+")
_REASON_WORD = re.compile(r"(?i)\b(?:reasons?|reason\(s\)|resons|reaons|rsns)\b\s*[:;.,]?\s*")
_GARBLED_SECTION = re.compile(r"\d+(?:\s*[.,/]\s*\d+)?(?!\d)")
# Where the reasons end and paragraph text joined by a re-flowed copy begins: a portion mark.
# (S), (U), (TS), (SBU) and marks with a control are never category letters; (C) is one only
# when it does not open a new sentence.
_REASONS_END = re.compile(
    r"\((?:TS|SBU|LOU|S|U)(?:\s*/{1,2}\s*[A-Za-z ]+)?\)|(?<=\.)\s+\(C\)|\(C\s*/{1,2}\s*[A-Za-z ]+\)")
_MORE_LETTERS = re.compile(r"\s*(?:[,/&]|and\b|AND\b|or\b|OR\b)\s*\(?[A-Za-z]\)?(?![A-Za-z])")
_WHO_END = re.compile(
    r"(?i)[,;.]?\s*(?:\b(?:for|per|under|due\s+to|based\s+on)\b\s+)?"
    r"(?:\breasons?\b|\breason\(s\)|\bresons\b|\breaons\b|\brsns\b)|;|\b1\s*[.,]\s*[45]\b")


@dataclass(slots=True)
class ClassifiedByFields:
    """The parts of a Classified By statement, as (start, end) columns."""
    who: tuple[int, int] | None
    section: tuple[int, int] | None
    reasons: list[tuple[int, int]]
    derived: bool


def parse_classified_by(text: str) -> ClassifiedByFields:
    """The statement after the keyword: `Legal Minister Counselor ..., for reasons 1.4(b) and (d).`

    The section is `1.4`/`1.5` in any of its real spellings (`1.4(b)`, `1. 4`, `1,4`); failing
    that, the number right after a reason word (`REASONS 1 (B) AND (D)`: section `1`). The
    letters follow it: `(b) and (d)`, `(b/d)`, `b, d`, `(B), (D)`, `(b)(d)`, also without
    any section (`for reasons b, d`).
    """
    derived = bool(re.match(r"\s*(?i:derived\s+from|multiple\s+sources)", text))
    m_who = _WHO_END.search(text)
    who_end = m_who.start() if m_who else len(text)
    who_text = text[:who_end]
    lead = len(who_text) - len(who_text.lstrip(" :"))
    who = (lead, len(who_text.rstrip(" ,;.:"))) if who_text.strip(" ,;.:") else None
    reasons: list[tuple[int, int]] = []
    section = None
    letters_from = None
    m = _SECTION.search(text, who_end if m_who else 0) or _SECTION.search(text)
    if m:
        section = (m.start(), m.end())
        letters_from = m.end()
    else:
        word = _REASON_WORD.search(text)
        if word:
            letters_from = word.end()
            g = _GARBLED_SECTION.match(text, letters_from)
            if g:
                section = (g.start(), g.end())
                letters_from = g.end()
    if letters_from is not None:
        limit = len(text)
        for end in _REASONS_END.finditer(text, letters_from):
            if not _MORE_LETTERS.match(text, end.end()):  # `(S) AND (D)`: still the list
                limit = end.start()
                break
        pos = letters_from
        while pos < limit:
            conn = _REASON_CONNECTOR.match(text, pos, limit)
            if conn and conn.end() > pos:
                pos = conn.end()
                continue
            lm = _REASON_LETTERS.match(text, pos, limit)
            if not lm:
                break
            reasons.append((lm.start(1), lm.end(1)))
            pos = lm.end()
    elif derived:
        # Derived from DSCG 05-01, b and d
        tail = re.search(r"(?:,|;)\s*([a-hA-H])(?:\s*(?:,|and|&|/)\s*([a-hA-H]))*\s*\.?$", text)
        if tail:
            for lm in _REASON_LETTERS.finditer(text, tail.start()):
                reasons.append((lm.start(1), lm.end(1)))
    return ClassifiedByFields(who, section, reasons, derived)


# ------------------------------------------------------------------------------ portion marks
_MARK = re.compile(r"\(?\s*(?P<level>TOP\s+SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|TS|SBU|LOU|S|C|U|FOUO)"
                   r"(?![A-Za-z])(?P<tail>[^)]*)\)", re.I)
_LEVEL_WORDS = {"TOP SECRET": "TS", "SECRET": "S", "CONFIDENTIAL": "C", "UNCLASSIFIED": "U"}
_CONTROL_SPLIT = re.compile(r"\s*(?://|/|-)\s*|\s+(?=NF\b|NOFORN\b|FOUO\b|FGI\b|REL\b)", re.I)


def parse_marking(text: str) -> tuple[str | None, list[str]]:
    """`(S//NF)` -> ("S", ["NF"]); `(C/REL NATO)` -> ("C", ["REL NATO"])."""
    m = _MARK.match(text)
    if not m:
        return None, []
    level = " ".join(m.group("level").upper().split())
    level = _LEVEL_WORDS.get(level, level)
    if level == "FOUO":
        return "U", ["FOUO"]
    tail = m.group("tail").strip()
    controls = [c.strip().upper() for c in _CONTROL_SPLIT.split(tail) if c and c.strip()] if tail else []
    return level, controls
