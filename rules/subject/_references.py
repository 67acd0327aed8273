"""Reading REF item texts and the citations of references in the text (S603-S605)."""

from __future__ import annotations

import re
from typing import NamedTuple

# `[YY|YYYY|(YY)] POST SERIAL [(YY)]` (cable-format.md §7.2): POST is one to five words of
# letters (`STATE`, `USUN NEW YORK`, `RIO DE JANEIRO`, `Reykjavik`), SERIAL digits (with or
# without zero padding) or an old-style `CA-3400`.
CABLE_REF = re.compile(
    r"(?:\(?(?P<year>\d{4}|\d{2})\)?\s+)?"
    r"(?P<post>[A-Za-z][A-Za-z.'&/-]*(?:\s+(?!(?:AND|and|OF|of)\b)[A-Za-z][A-Za-z.'&/-]*){0,4}?)\s+"
    r"(?P<serial>\d{1,8}|[A-Z]{1,3}-\d{1,6})(?:/(?P<year3>\d{2})\b)?(?![\d/:.]\d)(?:\s*\((?P<year2>\d{2})\))?"
    r"(?=$|[\s,;.)(-])"
    # the reference-ID (MRN) form, year and post run together: 09CAIRO724, 09RIYADH 1302
    r"|(?P<myear>\d{2})(?P<mpost>[A-Z]{3,})\s?(?P<mserial>\d{1,8})(?=$|[\s,;.)(-])")
# The other kinds of reference the cables cite (cablemap's REF_KIND_*: e-mail, telcon, memo,
# meeting, report, fax, web, book) and the DTG-, IIR- and OSC-identified messages.
OTHER_KIND = re.compile(
    r"\bE-?\s?MAILS?\b|\bEMAILS?\b|\bTEL(?:E)?CONS?\b|\bTELEPHONE\b|\bPHONE\b|\bCALLS?\b|\bCONVERSATIONS?\b"
    r"|\bMEETINGS?\b|\bMEMO(?:RANDUM|S)?\b|\bLETTERS?\b|\bFAX(?:ES)?\b|\bREPORTS?\b|\bREPORTING\b|\bDAILY\b"
    r"|\bWEEKLY\b|\bHTTPS?:|\bWWW\.|\.(?:COM|GOV|ORG|NET)\b|\bSEPTELS?\b|\bREFTELS?\b|\bIIRS?\b|\bOSC\b"
    r"|\bFBIS\b|\bDTG\b|\b[ZOPR]?\s?\d{6}Z\b|\bMSGS?\b|\bMESSAGES?\b|\bCABLES?\b|\bDIPNOTES?\b|\bNOTES?\b"
    r"|\bNON-?PAPERS?\b|\bREAD-?\s?OUTS?\b|\bBRIEF(?:ING)?S?\b|\bPOINTS\b|\bINSTRUCTIONS?\b|\bGUIDANCE\b"
    r"|\bDEMARCHES?\b|\bSTATEMENTS?\b|\bTESTIMONY\b|\bPRESS\b|\bARTICLES?\b|\bNEWS\b|\bTRANSCRIPTS?\b"
    r"|\bRELEASES?\b|\bSTUDY\b|\bPAPERS?\b|\bTASKER\b|\bREQUESTS?\b|\bSITREPS?\b|\bINTSUMS?\b|\bSPOT\b"
    r"|\bCIRCULAR\b|\bALDAC\b|\bDISCUSSIONS?\b|\bVISIT\b|\bDRAFT\b|\bDOCUMENTS?\b|\bAGREEMENT\b|\bREPORTED\b"
    r"|\bPREVIOUS\b|\bNOTAL\b|\bLAW\b|\bDECREE\b|\bRESOLUTION\b|\bACT\b|\bNIE\b|\bASSESSMENTS?\b|\bPOUCH\b"
    r"|\b(?:FBI|CIA|DIA|NSA|DHS|DOD|DOJ|JCS|NCTC|DAO|USDAO)\b|\bDIRECTIVE\b|\bORDER\b|\bSPEECH\b|\bINTERVIEW\b|\bWEBSITE\b|\bUNCLASSIFIED\b|\bDOSSIER\b"
    r"|\b(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)[A-Z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)[A-Z]*\b"
    r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d{4}-\d\d-\d\d\b"
    r"|\bTD-\d|\b[A-Z]{3,6}-\d{4}-\d+\b|^[X\s]{4,}$",  # intelligence report numbers; a redaction
    re.I)
ALIASES = {"SECSTATE": "STATE", "USUNNEWYORK": "USUN", "USMISSIONUSUNNEWYORK": "USUN",
           "USMISSIONGENEVA": "GENEVA", "USEUBRUSSELS": "USEU", "USNATO": "USNATO",
           "UNVIEVIENNA": "UNVIE", "AITTAIPEI": "TAIPEI", "SAOPAULO": "SAOPAULO"}


# A NamedTuple rather than a frozen dataclass: as immutable, and a tenth of the cost to create
# when the module is imported (every cold start imports every rule).
class CableRef(NamedTuple):
    """A cable cited by number: year, post and serial."""
    year: int | None  # 2-digit
    post: str  # upper case, without blanks, aliases resolved
    serial: int | None
    start: int
    end: int


def cable_ref(text: str) -> CableRef | None:
    """The cable reference that opens an item's text, if it opens with one."""
    m = CABLE_REF.match(text)
    if not m:
        return None
    if m.group("mpost"):
        post, year, serial = m.group("mpost"), m.group("myear"), m.group("mserial")
    else:
        post = re.sub(r"[\s.]", "", m.group("post")).upper()
        year = m.group("year") or m.group("year2") or m.group("year3")
        serial = m.group("serial")
    return CableRef(int(year[-2:]) if year else None, ALIASES.get(post, post),
                    int(serial) if serial.isdigit() else None, m.start(), m.end())


def is_other_kind(text: str) -> bool:
    return bool(OTHER_KIND.search(text))


def own_ref(cable, date) -> CableRef | None:
    """The cable's own reference: banner post and serial, the cable date's year."""
    b = cable.banner
    if b is None or b.post is None or b.serial is None or not b.serial.text.isdigit():
        return None
    post = re.sub(r"[\s.]", "", b.post.text).upper()
    return CableRef(date.year % 100 if date else None, ALIASES.get(post, post), int(b.serial.text), 0, 0)


# ------------------------------------------------------------------------------ citations
# `REF B`, `REFTEL C`, `ref (c)`, `REFS A AND B`, `reftels A-C`, `REF A, B and C`.
_ITEM = r"(?:\((?P<{n}p>[A-Za-z])\)|(?P<{n}u>[A-Z])(?![A-Za-z'’.]\w)|(?P<{n}l>[a-z])(?=[\s,.;:)]|$)(?!\s+[a-z]{{2}}))"
CITE = re.compile(
    r"(?<![A-Za-z/-])(?i:ref(?:tel)?s?)\.?\s+"
    + _ITEM.format(n="a")
    + r"(?P<more>(?:\s*(?:,|&|/|-|–|(?i:and|through|thru|to))\s*(?:\([A-Za-z]\)|[A-Za-z](?=[\s,.;:)]|$)))*)")
_MORE = re.compile(r"(?P<sep>,|&|/|-|–|(?i:and|through|thru|to))\s*\(?(?P<l>[A-Za-z])\)?(?=[\s,.;:)]|$)")


def citations(text: str):
    """(letter, start, end) of each reference letter cited in `text`; a range `A-C` yields
    the letters it spans, at the position of its last letter."""
    for m in CITE.finditer(text):
        first = m.group("ap") or m.group("au") or m.group("al")
        start = m.start("ap") if m.group("ap") else m.start("au") if m.group("au") else m.start("al")
        yield first.upper(), start, start + 1
        prev = first.upper()
        base = m.start("more")
        for mm in _MORE.finditer(m.group("more")):
            letter = mm.group("l").upper()
            pos = base + mm.start("l")
            if mm.group("sep").lower() in ("-", "–", "through", "thru", "to") and letter > prev:
                for c in range(ord(prev) + 1, ord(letter)):
                    yield chr(c), pos, pos + 1
            yield letter, pos, pos + 1
            prev = letter
