"""`github`: GitHub Actions workflow commands, one annotation per diagnostic.

    ::error title=cablelint (P402),file=cables/x.txt,line=41,col=1,endLine=41,endColumn=3::...

GitHub shows at most 10 annotations of each level per step (50 per job); use SARIF for the
full results and these for a quick pull-request view (linter-conventions.md §13.6).
"""

from __future__ import annotations

from . import GITHUB_COMMAND, relative_path


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_file(r, options) -> str:
    out = []
    paths: dict[str, tuple[str, str]] = {}  # a file's diagnostics share their path: made once
    for d in r.diagnostics:
        if d.path not in paths:
            rel = relative_path(d.path)
            paths[d.path] = (rel, _prop(rel))
        path, prop = paths[d.path]
        s = d.span
        props = (f"title={_prop(f'cablelint ({d.code})')},file={prop},line={s.line},"
                 f"col={s.column},endLine={s.end_line},endColumn={s.end_column}")
        message = f"{path}:{s.line}:{s.column}: {d.code} {d.message}"
        out.append(f"::{GITHUB_COMMAND[d.severity.value]} {props}::{_data(message)}\n")
    return "".join(out)


def render(results, options) -> str:
    return "".join(r.fragment if getattr(r, "fragment", None) is not None else render_file(r, options)
                   for r in results)
