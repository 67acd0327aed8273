"""`cablelint parse --output-format json`: the cable as the grammar understood it (rules.md).

A part the cable lacks is null (or an empty list), never a guess.
"""

from __future__ import annotations

import json


def _text(f):
    return f.text if f is not None else None


def cable_to_dict(cable) -> dict:
    h = cable.header
    header = None
    if h is not None:
        st, sec, dl = h.station, h.security, h.dtg
        header = {
            "line": h.span.line,
            "lines": [{"kind": _kind(x), "line": x.span.line} for x in h.lines],
            "transmission_id": _text(h.transmission_id.value) if h.transmission_id else None,
            "prosign": _text(h.precedence.prosign) if h.precedence else None,
            "routing": [r.text for r in h.precedence.routing] if h.precedence else [],
            "station": None if st is None else {
                "ri": _text(st.ri), "station_serial": st.ssn.text.lstrip("#") if st.ssn else None,
                "serial": st.serial, "part": st.part, "julian_day": st.julian_day,
                "time": st.filed_time, "line": st.span.line},
            "station_serial": st.serial if st else None,
            "security": None if sec is None else {
                "keyword": sec.keyword.text, "letters": _text(sec.letters),
                "signals": [s.text for s in sec.signals], "line": sec.span.line},
            "precedence": _text(dl.precedence) if dl else None,
            "dtg": dl.when.strftime("%Y-%m-%dT%H:%MZ") if dl and dl.when else None,
            "dtg_text": _text(dl.dtg) if dl else None,
            "dtg_line": dl.span.line if dl else None,
            "originator": None if h.originator is None else {
                "plad": _text(h.originator.plad), "line": h.originator.span.line},
            "to": [_addressee(a) for b in h.action for a in b.addressees],
            "info": [_addressee(a) for b in h.info for a in b.addressees],
            "xmt": [{"plad": _text(x.plad), "line": x.span.line} for x in h.exempt],
        }
    b = cable.banner
    eo = cable.eo
    tags = cable.tags
    subj = cable.subject
    cb = cable.classified_by
    return {
        "path": cable.source.path,
        "partial": cable.partial,
        "wrappers": [{"kind": w.kind, "line": w.span.line} for w in cable.wrappers],
        "header": header,
        "banner": None if b is None else {"text": b.text, "line": b.span.line},
        "classification": cable.classification,
        "post": _text(b.post) if b else None,
        "serial": _text(b.serial) if b else None,
        "mrn": cable.mrn,
        "sections": None if not (b and b.section) else {
            "number": b.section_number, "count": b.section_count, "line": b.span.line},
        "captions": [{"text": c.text, "words": c.words, "line": c.span.line} for c in cable.captions],
        "passing": [{"text": p.text, "line": p.span.line} for p in cable.passing],
        "eo": None if eo is None else {
            "order": _text(eo.order), "kind": eo.kind,
            "date": eo.date.isoformat() if eo.date else None,
            "codes": [c.text for c in eo.codes], "value": _text(eo.value), "line": eo.span.line},
        "tags": None if tags is None else {
            "list": [t.text for t in tags.tags], "line": tags.span.line},
        "subject": None if subj is None else {"text": subj.text, "line": subj.span.line},
        "references": [{"letter": _text(r.letter), "text": r.text.text, "line": r.span.line}
                       for r in cable.references],
        "classified_by": None if cb is None else {
            "text": cb.text, "who": _text(cb.who), "section": _text(cb.section),
            "reasons": [r.text.lower() for r in cb.reasons], "derived": cb.derived,
            "paragraph": cb.in_paragraph, "line": cb.span.line},
        "paragraphs": [{
            "number": p.number,
            "marking": p.marking.text.strip("()") if p.marking else None,
            "level": p.marking.level if p.marking else None,
            "line": p.span.line} for p in cable.paragraphs],
        "signature": None if cable.signature is None else {
            "text": cable.signature.text, "line": cable.signature.span.line},
    }


def _addressee(a) -> dict:
    return {"ri": _text(a.ri), "plad": _text(a.plad), "precedence": _text(a.precedence),
            "mcn": _text(a.mcn), "line": a.span.line}


def _kind(x) -> str:
    name = type(x).__name__
    return {"TransmissionId": "FL1", "PrecedenceLine": "FL2", "StationLine": "FL3",
            "SecurityLine": "FL4", "DtgLine": "FL5", "Originator": "FL6",
            "ExemptLine": "FL9"}.get(name) or ("FL7" if x.keyword.text == "TO" else "FL8")


def render(cable) -> str:
    return json.dumps(cable_to_dict(cable), indent=2, ensure_ascii=False) + "\n"
