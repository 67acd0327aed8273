"""`full` (default) and `concise` text output: `path:line:col: CODE [*] message`.

`full` adds the source line with a caret under the span (Ruff's layout) and a summary line.
Colour only when asked for or when writing to a terminal (`options.color`).
"""

from __future__ import annotations

WINDOW = 100  # characters of a long source line shown around the caret

_STYLE = {"error": "31", "warning": "33", "info": "36", "code": "1", "path": "1", "dim": "2"}


def render(results, options) -> str:
    color = options.color
    full = options.output_format != "concise"
    out: list[str] = []
    total = fixable = 0
    for r in results:
        lines = r.source.lines if r.source is not None else []
        for d in r.diagnostics:
            total += 1
            mark = ""
            if d.fix is not None and (d.fix.is_safe or options.unsafe_fixes):
                fixable += 1
                mark = " [*]"
            head = (f"{_c(d.path, 'path', color)}:{d.span.line}:{d.span.column}: "
                    f"{_c(d.code, d.severity.value, color)}{mark} {d.message}")
            out.append(head)
            if full and 0 < d.span.line <= len(lines):
                out.extend(_snippet(lines[d.span.line - 1], d, color))
                out.append("")
    if options.show_summary:
        out.append(summary(total, fixable, options))
    return "\n".join(out) + ("\n" if out else "")


def summary(total: int, fixable: int, options) -> str:
    if total == 0:
        return "All checks passed!"
    noun = "problem" if total == 1 else "problems"
    s = f"Found {total} {noun}"
    if fixable:
        s += f" ({fixable} fixable with --fix{' --unsafe-fixes' if options.unsafe_fixes else ''})"
    return s + "."


def _snippet(line: str, d, color: bool) -> list[str]:
    start = d.span.column - 1
    end = d.span.end_column - 1 if d.span.end_line == d.span.line else len(line)
    end = max(end, start + 1)
    shown, offset = line, 0
    if len(line) > WINDOW:
        offset = max(0, min(start - 20, len(line) - WINDOW))
        shown = line[offset:offset + WINDOW]
        if offset:
            shown = "…" + shown[1:]
        if offset + WINDOW < len(line):
            shown = shown[:-1] + "…"
    shown = shown.expandtabs(1).replace("\u2028", " ").replace("\u2029", " ")
    num = str(d.span.line)
    pad = " " * len(num)
    caret = " " * (start - offset) + "^" * max(1, min(end, offset + WINDOW) - start)
    bar = _c("|", "dim", color)
    return [f"{pad} {bar}", f"{num} {bar} {shown}", f"{pad} {bar} {_c(caret, d.severity.value, color)}"]


def _c(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLE[style]}m{text}\x1b[0m" if color else text
