"""Opt-in directive lines (linter-conventions.md §6.4), honoured only with `allow-directives`.

A directive is a whole line starting with `#cablelint:`:

    #cablelint: disable=P401,T502         from here on, until a matching enable
    #cablelint: enable=P401               (or enable=all)
    #cablelint: disable-next-line=F004    the next line that is not a directive
    #cablelint: disable-file=F003         the whole file

Selectors are rule codes, names, prefixes or `all`. The source normalization sets these lines
aside as residue (kind "directive") so that the grammar never sees them and every position
stays in the coordinates of the file as given. Directives that suppress nothing, that do not
parse, or a `disable` without a matching `enable` are reported by F008.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Span

__all__ = ["Directive", "parse_directives", "apply_directives"]

_DIRECTIVE = re.compile(
    r"#cablelint:[ \t]*(?P<kind>disable-next-line|disable-file|disable|enable)[ \t]*=[ \t]*(?P<codes>\S.*?)[ \t]*$")
_KINDS = ("disable", "enable", "disable-next-line", "disable-file")


@dataclass
class Directive:
    """A `#cablelint:` directive line, as read."""
    line: int  # 1-based line of the directive
    span: Span  # the directive text
    kind: str | None  # disable | enable | disable-next-line | disable-file; None: does not parse
    selectors: tuple[tuple[str, Span], ...] = ()
    codes: frozenset[str] = frozenset()  # rule codes the known selectors name
    unknown: tuple[tuple[str, Span], ...] = ()  # selectors that name no rule
    used: int = 0  # diagnostics it suppressed
    matched: bool = True  # for `disable`: an `enable` ends it; for `enable`: it ends a disable
    # For a disable range / next line: the 1-based lines covered (first, last inclusive).
    lines: tuple[int, int] | None = None
    problems: list[str] = field(default_factory=list)


def parse_directives(source) -> list[Directive]:
    """The directive lines of a source normalized with `directives=True`."""
    from .registry import all_rules, rule_by_selector

    every = frozenset(r.code for r in all_rules())
    out: list[Directive] = []
    for r in source.residue:
        if r.kind != "directive":
            continue
        n = r.line + 1
        span = Span(n, r.col + 1, n, r.end_col + 1)
        m = _DIRECTIVE.fullmatch(r.text)
        if not m:
            out.append(Directive(n, span, None, problems=[
                "directive does not parse; expected `#cablelint: disable=CODES`, `enable=CODES`, "
                "`disable-next-line=CODES` or `disable-file=CODES`"]))
            continue
        start = r.col + m.start("codes")
        selectors, unknown, codes = [], [], set()
        for sm in re.finditer(r"[^,\s]+", m.group("codes")):
            sel = sm.group(0)
            sspan = Span(n, start + sm.start() + 1, n, start + sm.end() + 1)
            selectors.append((sel, sspan))
            if sel.lower() == "all":
                codes |= every
                continue
            found = rule_by_selector(sel)
            if found:
                codes.update(rule.code for rule in found)
            else:
                unknown.append((sel, sspan))
        out.append(Directive(n, span, m.group("kind"), tuple(selectors), frozenset(codes), tuple(unknown)))
    _pair(out, len(source.lines))
    return out


def _pair(directives: list[Directive], nlines: int) -> None:
    """Resolve the lines each directive covers: ranges run from a `disable` to the next
    `enable` naming the same rules (or `all`), else to the end of the file (unmatched)."""
    directive_lines = {d.line for d in directives}
    open_ranges: list[Directive] = []
    for d in directives:
        if d.kind == "disable":
            d.matched = False
            open_ranges.append(d)
        elif d.kind == "enable":
            closes = [o for o in open_ranges if o.codes and o.codes <= d.codes] or \
                     [o for o in open_ranges if o.codes & d.codes]
            if not closes:
                d.matched = False
            for o in closes:
                o.matched = True
                o.lines = (o.line + 1, d.line - 1)
                open_ranges.remove(o)
        elif d.kind == "disable-next-line":
            nxt = d.line + 1
            while nxt in directive_lines:
                nxt += 1
            d.lines = (nxt, nxt)
        elif d.kind == "disable-file":
            d.lines = (1, nlines)
    for o in open_ranges:
        o.lines = (o.line + 1, nlines)


def apply_directives(diagnostics: list[Diagnostic], directives: list[Directive]) -> list[Diagnostic]:
    """The diagnostics no directive suppresses; each directive counts what it suppressed."""
    active = [d for d in directives if d.kind in ("disable", "disable-next-line", "disable-file")
              and d.lines is not None and d.codes]
    if not active:
        return diagnostics
    kept = []
    for diag in diagnostics:
        for d in active:
            first, last = d.lines
            if diag.code in d.codes and first <= diag.span.line <= last:
                d.used += 1
                break
        else:
            kept.append(diag)
    return kept
