"""`junit`: JUnit XML in Ruff's shape: one `testsuite` per file, one `testcase` per diagnostic
(`name="cablelint.P402"`, `line` and `column` attributes, a `<failure>` holding the message);
a file without findings has one passing `testcase`."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

# Characters XML 1.0 cannot carry (cable text has form feeds and other control characters).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def _attr(text: str) -> str:
    return quoteattr(_clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def render_file(r, options) -> str:
    path = _attr(r.path)
    n = len(r.diagnostics)
    problem = getattr(r, "error", None) or getattr(r, "skipped", None) or \
        "; ".join(getattr(r, "internal_errors", []) or [])
    out = [f'  <testsuite name={path} tests="{max(1, n)}" disabled="0" errors="{1 if problem else 0}" '
           f'failures="{n}" package="cablelint">']
    if problem:
        out.append(f'    <testcase name="cablelint" classname={path}>')
        out.append(f'      <error message={_attr(problem)}/>')
        out.append('    </testcase>')
    elif not n:
        out.append(f'    <testcase name="cablelint" classname={path}/>')
    for d in r.diagnostics:
        s = d.span
        out.append(f'    <testcase name={_attr("cablelint." + d.code)} classname={path} '
                   f'line="{s.line}" column="{s.column}">')
        out.append(f'      <failure message={_attr(d.message)} type={_attr(d.severity.value)}>'
                   f'{escape(_clean(f"line {s.line}, col {s.column}, {d.code} ({d.name}) {d.message}"))}'
                   f'</failure>')
        out.append('    </testcase>')
    out.append('  </testsuite>')
    return "\n".join(out) + "\n"


def render(results, options) -> str:
    from .text import counts

    parts = [r.fragment if getattr(r, "fragment", None) is not None else render_file(r, options)
             for r in results]
    failures = counts(results)[0]
    tests = failures + sum(1 for r in results if not _count(r))
    errors = sum(1 for r in results if getattr(r, "error", None) or getattr(r, "skipped", None)
                 or getattr(r, "internal_errors", None))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="cablelint" tests="{tests}" failures="{failures}" errors="{errors}">\n'
            + "".join(parts) + "</testsuites>\n")


def _count(r) -> int:
    return r.count if getattr(r, "count", 0) else len(r.diagnostics)
