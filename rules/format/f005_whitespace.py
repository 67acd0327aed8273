import re
from collections import Counter

from cablelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from cablelint.registry import Rule

_BLANKS = " \t\u00a0\u2028\u2029"  # what counts as trailing whitespace
_SEPARATOR = re.compile(r"[\u2028\u2029]")
_EOL_NAME = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


class Whitespace(Rule):
    """Trailing whitespace, tab characters, U+2028/U+2029 separators, mixed line endings.

    ## What it does
    Reports blanks at the end of a line (including the two spaces of a markdown hard line
    break), TAB characters, the Unicode LINE and PARAGRAPH SEPARATORs, and lines whose
    ending differs from the file's usual one.

    ## Why is this bad?
    A telegram is plain fixed-width text. Invisible characters make copies of the same cable
    differ, U+2028 splits lines in some tools and not in others (Python's `splitlines()`
    does, editors do not), and TABs render at different widths.

    ## Example
    `E.O. 12958: DECL: 04/07/2018␠␠` (two trailing spaces).

    ## Use instead
    `E.O. 12958: DECL: 04/07/2018`

    ## Fix safety
    Safe: only whitespace changes. Trailing blanks are removed, a TAB becomes the spaces up to
    the next 8-column stop, a separator becomes a space (or nothing at the edge of a line),
    and a line ending becomes the file's usual one.

    ## Evidence
    Trailing blanks on most cablegate lines; TABs in 81 and U+2028 in 2 corpus cables.
    """

    code = "F005"
    name = "whitespace"
    default_severity = Severity.INFO
    fix = "safe"
    tags = ("format", "whitespace")

    def check(self, cable, ctx):
        src = ctx.source
        # Trailing blanks are on most lines of most archived cables (286,000 findings in a
        # corpus run, 80 % of all), so their diagnostic is put together here directly, its
        # tuples (span, edit, fix) without their constructors' Python frames.
        new = tuple.__new__
        # TABs and separators are rare: looked for line by line only in a file that has them.
        tabs = "\t" in src.text
        separators = "\u2028" in src.text or "\u2029" in src.text
        for i, line in enumerate(src.lines):
            if not line:
                continue
            n = i + 1
            limit = len(line)
            if line[-1] in _BLANKS:  # a cheap test first: most lines end in text
                limit = len(line.rstrip(_BLANKS))
                if limit:
                    span = new(Span, (n, limit + 1, n, len(line) + 1))
                    fix = new(Fix, (Applicability.SAFE, (new(Edit, (span, "")),), "remove trailing whitespace"))
                    yield Diagnostic(self.code, self.name, "trailing whitespace", span, self.default_severity, fix)
                else:
                    span = Span(n, 1, n, len(line) + 1)
                    yield self.diagnostic(span, "whitespace on a blank line",
                                          Fix.safe([Edit.delete(span)], "remove whitespace"))
            if tabs and "\t" in line:
                for t in re.finditer("\t", line[:limit]):
                    span = Span(n, t.start() + 1, n, t.end() + 1)
                    col = len(line[: t.start()].expandtabs(8))
                    yield self.diagnostic(span, "tab character",
                                          Fix.safe([Edit(span, " " * (8 - col % 8))], "replace the tab"))
            if separators and ("\u2028" in line or "\u2029" in line):
                for s in _SEPARATOR.finditer(line[:limit]):
                    span = Span(n, s.start() + 1, n, s.end() + 1)
                    name = "LINE SEPARATOR" if s.group(0) == "\u2028" else "PARAGRAPH SEPARATOR"
                    edge = not line[: s.start()].strip() or line[s.end(): s.end() + 1] in (" ", "")
                    yield self.diagnostic(span, f"U+{ord(s.group(0)):04X} {name}",
                                          Fix.safe([Edit(span, "" if edge else " ")], "replace the separator"))
        if "\r" not in src.text:  # LF only (most files): nothing mixed to count
            return
        counts = Counter(e for e in src.eols if e)
        if len(counts) > 1:
            usual = counts.most_common(1)[0][0]
            for i, eol in enumerate(src.eols):
                if eol and eol != usual:
                    line = src.lines[i]
                    n = i + 1
                    span = Span(n, max(1, len(line)), n, max(1, len(line)) + 1)
                    edit = Edit(Span(n, len(line) + 1, n + 1, 1), usual)
                    yield self.diagnostic(
                        span, f"line ends with {_EOL_NAME[eol]}; the file mostly uses {_EOL_NAME[usual]}",
                        Fix.safe([edit], "use the file's line ending"))
