"""`json`: one JSON array, one object per diagnostic (the rules.md contract), one object per
line; `json-lines`: the same objects without the array (streams well on large runs)."""

from __future__ import annotations

import json

# One encoder for the run: `json.dumps` with options builds a new one for every object, and an
# archive run writes hundreds of thousands of them.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def render_file(r, options) -> str:
    if options.output_format == "json-lines":
        return "".join(_encode(d.to_dict()) + "\n" for d in r.diagnostics)
    return ",\n".join("  " + _encode(d.to_dict()) for d in r.diagnostics)


def render(results, options) -> str:
    parts = [r.fragment if getattr(r, "fragment", None) is not None else render_file(r, options)
             for r in results]
    if options.output_format == "json-lines":
        return "".join(parts)
    parts = [p for p in parts if p]
    return "[\n" + ",\n".join(parts) + "\n]\n" if parts else "[]\n"
