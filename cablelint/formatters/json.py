"""`json`: one JSON array, one object per diagnostic (the rules.md contract), one object per
line; `json-lines`: the same objects without the array (streams well on large runs)."""

from __future__ import annotations

from json.encoder import encode_basestring as _string  # what json.dumps(..., ensure_ascii=False) uses

from ..diagnostics import Applicability

_EDIT = '{"line": %d, "column": %d, "end_line": %d, "end_column": %d, "replacement": %s}'
_SPAN = '"line": %d, "column": %d, "end_line": %d, "end_column": %d, "fix": '
_NO_FIX = _SPAN + "null}"
_ONE_EDIT = _SPAN + '{"applicability": %s, "edits": [' + _EDIT + "]}}"
_EDITS = _SPAN + '{"applicability": %s, "edits": [%s]}}'
_APPLICABILITY = {a: _string(a.value) for a in Applicability}


def diagnostic_json(d, heads: dict | None = None) -> str:
    """`json.dumps(d.to_dict(), ensure_ascii=False)`, written out field by field: an archive
    run writes hundreds of thousands of these, and the generic encoder spends most of its time
    on a shape known in advance (tests hold the two to the same text). `heads` keeps, for one
    file, the templates of the objects already written, by their opening (path, code, name,
    message; the severity checked): most of a file's diagnostics share a few."""
    key = (d.path, d.code, d.name, d.message)
    entry = heads.get(key) if heads is not None else None
    if entry is None or entry[0] is not d.severity:
        head = ('{"path": %s, "code": %s, "name": %s, "severity": %s, "message": %s, ' % (
            _string(d.path), _string(d.code), _string(d.name), _string(d.severity.value),
            _string(d.message))).replace("%", "%%")  # a template: its own text taken as is
        entry = (d.severity, head + _NO_FIX, head + _ONE_EDIT, head + _EDITS)
        if heads is not None:
            heads[key] = entry
    fix = d.fix
    if not fix:
        return entry[1] % d.span
    edits = fix.edits
    if len(edits) == 1:  # most fixes
        e = edits[0]
        return entry[2] % (*d.span, _APPLICABILITY[fix.applicability], *e.span, _string(e.replacement))
    return entry[3] % (*d.span, _APPLICABILITY[fix.applicability],
                       ", ".join([_EDIT % (*e.span, _string(e.replacement)) for e in edits]))


def render_file(r, options) -> str:
    heads: dict = {}
    if options.output_format == "json-lines":
        return "".join([diagnostic_json(d, heads) + "\n" for d in r.diagnostics])
    return ",\n".join(["  " + diagnostic_json(d, heads) for d in r.diagnostics])


def render(results, options) -> str:
    parts = [r.fragment if getattr(r, "fragment", None) is not None else render_file(r, options)
             for r in results]
    if options.output_format == "json-lines":
        return "".join(parts)
    parts = [p for p in parts if p]
    return "[\n" + ",\n".join(parts) + "\n]\n" if parts else "[]\n"
