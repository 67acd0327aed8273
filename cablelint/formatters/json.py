"""`json`: one JSON array, one object per diagnostic (the rules.md contract), one object per
line; `json-lines`: the same objects without the array (streams well on large runs)."""

from __future__ import annotations

from json.encoder import encode_basestring as _string  # what json.dumps(..., ensure_ascii=False) uses


_EDIT = '{"line": %d, "column": %d, "end_line": %d, "end_column": %d, "replacement": %s}'


def diagnostic_json(d, heads: dict | None = None) -> str:
    """`json.dumps(d.to_dict(), ensure_ascii=False)`, written out field by field: an archive
    run writes hundreds of thousands of these, and the generic encoder spends most of its time
    on a shape known in advance (tests hold the two to the same text). `heads` keeps the
    opening (path, code, name, severity, message) of the objects already written for one file:
    most of a file's diagnostics share a few."""
    key = (d.path, d.code, d.name, d.severity, d.message)
    head = heads.get(key) if heads is not None else None
    if head is None:
        head = '{"path": %s, "code": %s, "name": %s, "severity": %s, "message": %s, ' % (
            _string(d.path), _string(d.code), _string(d.name), _string(d.severity.value), _string(d.message))
        if heads is not None:
            heads[key] = head
    fix = d.fix
    if not fix:
        return '%s"line": %d, "column": %d, "end_line": %d, "end_column": %d, "fix": null}' % (head, *d.span)
    edits = fix.edits
    if len(edits) == 1:  # most fixes
        edits_json = _EDIT % (*edits[0].span, _string(edits[0].replacement))
    else:
        edits_json = ", ".join([_EDIT % (*e.span, _string(e.replacement)) for e in edits])
    return '%s"line": %d, "column": %d, "end_line": %d, "end_column": %d, "fix": ' \
           '{"applicability": %s, "edits": [%s]}}' % (head, *d.span, _string(fix.applicability.value), edits_json)


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
