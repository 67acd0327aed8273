"""`full` (default) and `concise` text output: `path:line:col: CODE [*] message`.

`full` adds the source line with a caret under the span (Ruff's layout) and a summary line.
`[*]` marks a finding `--fix` would repair (with `--unsafe-fixes`, unsafe fixes count too).
Colour only when asked for or when writing to a terminal (`options.color`).
"""

from __future__ import annotations

from . import line_of

WINDOW = 100  # characters of a long source line shown around the caret
SHOWS_LINES = True  # a run keeps the quoted lines of each file for `render_file`

_STYLE = {"error": "31", "warning": "33", "info": "36", "code": "1", "path": "1", "dim": "2",
          "ok": "32"}


def render_file(r, options) -> str:
    """One file's part of the output (rendered in the worker that checked it)."""
    color = options.color
    full = options.output_format != "concise"
    out: list[str] = []
    blocked = getattr(r, "blocked", ())
    for i, d in enumerate(r.diagnostics):
        mark = " [*]" if d.fix is not None and i not in blocked and (d.fix.is_safe or options.unsafe_fixes) else ""
        out.append(f"{_c(d.path, 'path', color)}:{d.span.line}:{d.span.column}: "
                   f"{_c(d.code, d.severity.value, color)}{mark} {d.message}")
        text = line_of(r, d.span.line) if full else None
        if text is not None:
            out.extend(_snippet(text, d, color))
            out.append("")
    return "\n".join(out) + "\n" if out else ""


def render(results, options) -> str:
    out = [r.fragment if getattr(r, "fragment", None) is not None else render_file(r, options)
           for r in results]
    tail: list[str] = []
    if options.show_fixes:
        tail.extend(fixes_applied(results, options.color))
    if options.show_summary:
        total, safe, unsafe = counts(results)
        fixable = safe + (unsafe if options.unsafe_fixes else 0)
        hidden = 0 if options.unsafe_fixes else unsafe
        baselined = sum(getattr(r, "baselined", 0) for r in results)
        fixed = sum(sum(getattr(r, "fixed", {}).values()) for r in results) if options.fixed else None
        tail.append(summary(total, fixable, options, fixed=fixed, hidden=hidden, baselined=baselined))
    return "".join(out) + ("\n".join(tail) + "\n" if tail else "")


def counts(results) -> tuple[int, int, int]:
    """(diagnostics, with a safe fix, with an unsafe fix) over all results."""
    total = safe = unsafe = 0
    for r in results:
        if hasattr(r, "count") and (r.count or not r.diagnostics):
            total += r.count
            safe += r.safe_fixes
            unsafe += r.unsafe_fixes
            continue
        blocked = getattr(r, "blocked", ())
        for i, d in enumerate(r.diagnostics):
            total += 1
            if d.fix is not None and i not in blocked:
                if d.fix.is_safe:
                    safe += 1
                else:
                    unsafe += 1
    return total, safe, unsafe


def summary(total: int, fixable: int, options, fixed: int | None = None, hidden: int = 0,
            baselined: int = 0) -> str:
    extra = f" ({baselined} more in the baseline)" if baselined else ""
    if fixed:
        noun = "problem" if total + fixed == 1 else "problems"
        s = f"Found {total + fixed} {noun} ({fixed} fixed, {total} remaining){extra}."
    elif total == 0:
        return f"All checks passed!{extra}"
    else:
        noun = "problem" if total == 1 else "problems"
        s = f"Found {total} {noun}{extra}."
    notes = []
    if fixable and not options.fixed:
        notes.append(f"[*] {fixable} fixable with --fix{' --unsafe-fixes' if options.unsafe_fixes else ''}.")
    if hidden:
        notes.append(f"({hidden} hidden {'fix' if hidden == 1 else 'fixes'} can be applied with --unsafe-fixes.)")
    return "\n".join([s, *notes])


def fixes_applied(results, color: bool = False) -> list[str]:
    """`--show-fixes`: what --fix changed, per file and code (Ruff's layout)."""
    rows = [(r.path, r.fixed) for r in results if getattr(r, "fixed", None)]
    if not rows:
        return ["No fixes applied."]
    total = sum(sum(f.values()) for _, f in rows)
    out = [f"Fixed {total} {'problem' if total == 1 else 'problems'}:"]
    from ..registry import rule_by_selector

    for path, fixed in rows:
        out.append(f"- {_c(path, 'path', color)}:")
        for code in sorted(fixed):
            found = rule_by_selector(code)
            name = f" ({found[0].name})" if len(found) == 1 else ""
            out.append(f"    {fixed[code]} × {code}{name}")
    out.append("")
    return out


def statistics(results, options) -> str:
    """`--statistics`: counts per code instead of the list (text, or JSON for json formats)."""
    from collections import Counter

    counts: Counter = Counter()
    names: dict[str, str] = {}
    fixable: Counter = Counter()
    for r in results:
        blocked = getattr(r, "blocked", ())
        for i, d in enumerate(r.diagnostics):
            counts[d.code] += 1
            names[d.code] = d.name
            if d.fix is not None and i not in blocked and (d.fix.is_safe or options.unsafe_fixes):
                fixable[d.code] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if options.output_format in ("json", "json-lines"):
        import json

        return json.dumps([{"code": c, "name": names[c], "count": n, "fixable": fixable[c]}
                           for c, n in ordered], indent=2) + "\n"
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = [f"{n:>{width}}  {code}  {'[*]' if fixable[code] else '   '} {names[code]}" for code, n in ordered]
    files = sum(1 for r in results if r.diagnostics)
    total = sum(counts.values())
    lines.append(f"Found {total} {'problem' if total == 1 else 'problems'} in {files} "
                 f"{'file' if files == 1 else 'files'}." if total else "All checks passed!")
    return "\n".join(lines) + "\n"


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
    if not shown.isprintable():  # (a test in C first: most lines are)
        shown = "".join(ch if ch.isprintable() else " " for ch in shown)
    num = str(d.span.line)
    pad = " " * len(num)
    caret = " " * (start - offset) + "^" * max(1, min(end, offset + WINDOW) - start)
    bar = _c("|", "dim", color)
    return [f"{pad} {bar}", f"{num} {bar} {shown}", f"{pad} {bar} {_c(caret, d.severity.value, color)}"]


def _c(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLE[style]}m{text}\x1b[0m" if color else text
