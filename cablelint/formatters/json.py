"""`json`: one JSON array, one object per diagnostic (the rules.md contract), one object per
line; `json-lines`: the same objects without the array (streams well on large runs)."""

from __future__ import annotations

from json.encoder import encode_basestring as _string  # what json.dumps(..., ensure_ascii=False) uses

from ..diagnostics import Applicability

_APPLICABILITY = {a: _string(a.value) for a in Applicability}


def _edit(e) -> str:
    line, column, end_line, end_column = e.span
    return (f'{{"line": {line}, "column": {column}, "end_line": {end_line}, "end_column": {end_column}, '
            f'"replacement": {_string(e.replacement)}}}')


def diagnostic_json(d, heads: dict | None = None) -> str:
    """`json.dumps(d.to_dict(), ensure_ascii=False)`, written out field by field: an archive
    run writes hundreds of thousands of these, and the generic encoder spends most of its time
    on a shape known in advance (tests hold the two to the same text). `heads` keeps, for one
    file, the openings already written (path, code, name, severity, message): most of a file's
    diagnostics share a few."""
    key = (d.path, d.code, d.name, d.message)
    entry = heads.get(key) if heads is not None else None
    if entry is None or entry[0] is not d.severity:
        entry = (d.severity, '{"path": %s, "code": %s, "name": %s, "severity": %s, "message": %s, ' % (
            _string(d.path), _string(d.code), _string(d.name), _string(d.severity.value), _string(d.message)))
        if heads is not None:
            heads[key] = entry
    head = entry[1]
    line, column, end_line, end_column = d.span
    fix = d.fix
    if not fix:
        return f'{head}"line": {line}, "column": {column}, "end_line": {end_line}, "end_column": {end_column}, "fix": null}}'
    edits = fix.edits
    if len(edits) == 1:  # most fixes: the edit written here, not by a call
        e = edits[0]
        a, b, c, x = e.span
        return (f'{head}"line": {line}, "column": {column}, "end_line": {end_line}, "end_column": {end_column}, '
                f'"fix": {{"applicability": {_APPLICABILITY[fix.applicability]}, "edits": [{{"line": {a}, '
                f'"column": {b}, "end_line": {c}, "end_column": {x}, "replacement": {_string(e.replacement)}}}]}}}}')
    return (f'{head}"line": {line}, "column": {column}, "end_line": {end_line}, "end_column": {end_column}, '
            f'"fix": {{"applicability": {_APPLICABILITY[fix.applicability]}, '
            f'"edits": [{", ".join([_edit(e) for e in edits])}]}}}}')


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
