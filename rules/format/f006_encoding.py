from cablelint.diagnostics import Severity, Span
from cablelint.registry import Rule


class Encoding(Rule):
    """The file is not valid UTF-8.

    ## What it does
    Reports a file that is not valid UTF-8. Such a file is read as Windows-1252, the encoding
    of the original cables.csv release, and checked as usual (warning). Bytes that not even
    Windows-1252 defines, and NUL bytes, are errors naming the byte offset; the rest of the
    file is still checked, but no fix is applied to it.

    ## Why is this bad?
    Text cut from cables.csv arrives in Windows-1252 (`¶` is byte 0xB6 there). Mixed
    encodings make the same cable compare unequal, break search, and garble `¶`, quotes and
    accented names.

    ## Example
    A file with the byte 0xB6 where UTF-8 expects a continuation byte.

    ## Use instead
    The same text saved as UTF-8.

    ## Fix safety
    No fix: re-encoding a file is left to the user (`iconv -f cp1252 -t utf-8`).

    ## Evidence
    The 17 raw-form corpus cables were converted from Windows-1252 (corpus README).
    """

    code = "F006"
    name = "encoding"
    default_severity = Severity.WARNING
    tags = ("format", "encoding")

    def check(self, cable, ctx):
        src = ctx.source
        for p in src.decode_problems:
            line, col = _position(src, p.char)
            severity = Severity.ERROR if p.severity == "error" else None
            yield self.diagnostic(Span(line, col, line, col + 1), p.message, severity=severity)


def _position(src, char: int) -> tuple[int, int]:
    pos = 0
    for i, (line, eol) in enumerate(zip(src.lines, src.eols)):
        end = pos + len(line) + len(eol)
        if char < end:
            return i + 1, min(char - pos, len(line)) + 1
        pos = end
    return max(1, len(src.lines)), 1
