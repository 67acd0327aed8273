"""`gitlab`: GitLab Code Quality JSON (linter-conventions.md §13.8).

A list of issues with `check_name` (the code), `description`, `severity` (info / minor /
major), `fingerprint` and `location.path` with `positions.begin` / `positions.end`. Paths are
relative to `$CI_PROJECT_DIR` (else the current directory). The fingerprint is built from the
path and the baseline fingerprint with its occurrence index (`<hash>:<n>`): GitLab needs it
unique in the report, and the baseline hash alone does not name the file.
"""

from __future__ import annotations

import hashlib
import os
from json.encoder import encode_basestring as _string  # what json.dumps(..., ensure_ascii=False) uses

from . import GITLAB_SEVERITY, relative_path


# One issue, as `json.dumps(..., ensure_ascii=False)` writes its dict (tests hold the two to
# the same text): an archive run writes hundreds of thousands, and the generic encoder spends
# most of its time on a shape known in advance.
_ISSUE = ('  {"description": %s, "check_name": %s, "fingerprint": "%s", "severity": %s, '
          '"location": {"path": %s, "positions": {"begin": {"line": %d, "column": %d}, '
          '"end": {"line": %d, "column": %d}}}}')


def render_file(r, options) -> str:
    from ..baseline import occurrences

    path = relative_path(r.path, os.environ.get("CI_PROJECT_DIR") or None)
    quoted_path = _string(path)
    heads: dict = {}  # (code, message, severity) -> the issue's strings: most repeat in a file
    items = []
    for d, occ in zip(r.diagnostics, occurrences(r)):
        s = d.span
        key = (d.code, d.message, d.severity)
        if key not in heads:
            heads[key] = (_string(f"{d.code} {d.message}"), _string(d.code), _string(GITLAB_SEVERITY[d.severity.value]))
        description, check_name, severity = heads[key]
        fp = hashlib.sha256(f"{path}\0{d.code}\0{occ}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
        items.append(_ISSUE % (description, check_name, fp, severity, quoted_path,
                               s.line, s.column, s.end_line, s.end_column))
    return ",\n".join(items)


def render(results, options) -> str:
    parts = [r.fragment if getattr(r, "fragment", None) is not None else render_file(r, options)
             for r in results]
    parts = [p for p in parts if p]
    return "[\n" + ",\n".join(parts) + "\n]\n" if parts else "[]\n"
