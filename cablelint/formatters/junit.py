"""`junit`: JUnit XML in Ruff's shape: one `testsuite` per file, one `testcase` per diagnostic
(`name="cablelint.P402"`, `line` and `column` attributes, a `<failure>` holding the message);
a file without findings has one passing `testcase`."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from xml.sax.saxutils import escape, quoteattr

from . import render_with

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
    return render_with(Writer, results, options, spool=io.StringIO())


class Writer:
    """A run's document, written as the files come: the `testsuites` element that opens it
    holds the run's totals, so the file parts wait in a temporary file (not in memory) while
    they are counted."""

    def __init__(self, out, options, spool=None) -> None:
        self.out, self.options = out, options
        if spool is None:
            try:
                spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
            except OSError:  # no writable temporary directory: in memory, as before streaming
                spool = io.StringIO()
        self.spool = spool
        self.tests = self.failures = self.errors = 0

    def write(self, r) -> None:
        n = r.count if getattr(r, "count", 0) else len(r.diagnostics)
        self.failures += n
        self.tests += n or 1  # a file without findings is one passing testcase
        if getattr(r, "error", None) or getattr(r, "skipped", None) or getattr(r, "internal_errors", None):
            self.errors += 1
        fragment = getattr(r, "fragment", None)
        self.spool.write(fragment if fragment is not None else render_file(r, self.options))

    def close(self) -> None:
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                       f'<testsuites name="cablelint" tests="{self.tests}" failures="{self.failures}" '
                       f'errors="{self.errors}">\n')
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.out)
        self.spool.close()
        self.out.write("</testsuites>\n")
