"""`gitlab`: GitLab Code Quality JSON (linter-conventions.md §13.8).

A list of issues with `check_name` (the code), `description`, `severity` (info / minor /
major), `fingerprint` and `location.path` with `positions.begin` / `positions.end`. Paths are
relative to `$CI_PROJECT_DIR` (else the current directory). The fingerprint is built from the
path and the baseline fingerprint with its occurrence index (`<hash>:<n>`): GitLab needs it
unique in the report, and the baseline hash alone does not name the file.
"""

from __future__ import annotations

import hashlib
import json
import os

from . import GITLAB_SEVERITY, relative_path


def render_file(r, options) -> str:
    from ..baseline import occurrences

    path = relative_path(r.path, os.environ.get("CI_PROJECT_DIR") or None)
    items = []
    for d, occ in zip(r.diagnostics, occurrences(r)):
        s = d.span
        fp = hashlib.sha256(f"{path}\0{d.code}\0{occ}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
        items.append("  " + json.dumps({
            "description": f"{d.code} {d.message}",
            "check_name": d.code,
            "fingerprint": fp,
            "severity": GITLAB_SEVERITY[d.severity.value],
            "location": {
                "path": path,
                "positions": {"begin": {"line": s.line, "column": s.column},
                              "end": {"line": s.end_line, "column": s.end_column}},
            },
        }, ensure_ascii=False))
    return ",\n".join(items)


def render(results, options) -> str:
    parts = [r.fragment if getattr(r, "fragment", None) is not None else render_file(r, options)
             for r in results]
    parts = [p for p in parts if p]
    return "[\n" + ",\n".join(parts) + "\n]\n" if parts else "[]\n"
