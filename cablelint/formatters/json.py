"""`json`: one JSON array, one object per diagnostic (the rules.md contract), one object per
line; `json-lines`: the same objects without the array (streams well on large runs)."""

from __future__ import annotations

from json.encoder import encode_basestring as _string  # what json.dumps(..., ensure_ascii=False) uses


def diagnostic_json(d) -> str:
    """`json.dumps(d.to_dict(), ensure_ascii=False)`, written out field by field: an archive
    run writes hundreds of thousands of these, and the generic encoder spends most of its time
    on a shape known in advance (tests hold the two to the same text)."""
    s = d.span
    fix = "null"
    if d.fix:
        edits = ", ".join('{"line": %d, "column": %d, "end_line": %d, "end_column": %d, "replacement": %s}'
                          % (e.span.line, e.span.column, e.span.end_line, e.span.end_column, _string(e.replacement))
                          for e in d.fix.edits)
        fix = '{"applicability": %s, "edits": [%s]}' % (_string(d.fix.applicability.value), edits)
    return ('{"path": %s, "code": %s, "name": %s, "severity": %s, "message": %s, "line": %d, "column": %d, '
            '"end_line": %d, "end_column": %d, "fix": %s}'
            % (_string(d.path), _string(d.code), _string(d.name), _string(d.severity.value), _string(d.message),
               s.line, s.column, s.end_line, s.end_column, fix))


def render_file(r, options) -> str:
    if options.output_format == "json-lines":
        return "".join(diagnostic_json(d) + "\n" for d in r.diagnostics)
    return ",\n".join("  " + diagnostic_json(d) for d in r.diagnostics)


def render(results, options) -> str:
    parts = [r.fragment if getattr(r, "fragment", None) is not None else render_file(r, options)
             for r in results]
    if options.output_format == "json-lines":
        return "".join(parts)
    parts = [p for p in parts if p]
    return "[\n" + ",\n".join(parts) + "\n]\n" if parts else "[]\n"
