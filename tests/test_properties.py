"""Property tests: cables generated from the grammar's parts with random defects and noise.

For every input: no exception, every diagnostic inside the text, deterministic output,
`--fix` idempotent, fixes change nothing outside their edits, and after `--fix` no
safe-fixable diagnostic remains. `CABLELINT_FUZZ_EXAMPLES` raises the example count for a
longer fuzzing run (the default keeps the suite fast).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from cablelint.engine import lint_source
from cablelint.fixer import apply_fixes, fix_source, fixable
from cablelint.settings import Settings, resolve_rules
from cablelint.source import Source

EXAMPLES = int(os.environ.get("CABLELINT_FUZZ_EXAMPLES", "120"))
SETTINGS = Settings(select=("ALL",))
RULES = resolve_rules(SETTINGS)

HEADERS = [
    ["VZCZCXYZ0000", "OO RUEHWEB", "", "DE RUCNDT #0314 0982354", "ZNY CCCCC ZZH", "O 072354Z APR 08",
     "FM USMISSION USUN NEW YORK", "TO RUEHC/SECSTATE WASHDC IMMEDIATE 4065",
     "INFO RUEHGG/UN SECURITY COUNCIL COLLECTIVE IMMEDIATE"],
    ["VZCZCXRO4549", "PP RUEHBC RUEHDE", "DE RUEHSW #0881/01 2540944", "ZNY SSSSS ZZH", "P R 111001Z SEP 07",
     "FM AMEMBASSY BERN", "TO RUEHC/SECSTATE WASHDC PRIORITY 4460", "INFO RUCNMEU/EU INTEREST COLLECTIVE"],
    ["R 220927Z AUG 72", "FM AMEMBASSY TEHRAN", "TO SECSTATE WASHDC 1164"],
    ["This record is a partial extract of the original cable. The full text of the original cable is not available.",
     "201247Z Jan 04"],
    ["INFO  LOG-00   EEB-00   AF-00", "      FA-00   /001W", "P 090645Z JUL 09", "FM AMEMBASSY MADRID",
     "TO SECSTATE WASHDC PRIORITY 0904"],
    [],
]
BANNERS = ["C O N F I D E N T I A L USUN NEW YORK 000314", "S E C R E T SECTION 01 OF 02 BERN 000881",
           "UNCLAS STATE 089712", "UNCLAS E F T O LONDON 002187", "CONFIDENTIAL SECTION 01 of 03 BAKU 000744",
           "LIMITED OFFICIAL USE MADRID 05480", "S e c r e t ulaanbaatar 000234"]
CAPTIONS = ["SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "SIPDIS", "DEPT FOR EUR/WE"]
EO = ["E.O. 12958: DECL: 04/07/2018", "E.O. 12958: N/A", "EO 12958 DECL: 08/30/2016", "E.O. 12958: DECL: X1, X5",
      "E.O. 12356: DECL: OADR", "E.O. 12958: DECL: 2019/11/25", "E.O. 13526: DECL: 02/30/2020"]
TAGS = ["TAGS: PREL, AORC, KPAO, PTER, UNSC, KNNP", "TAGS: [PREL](#) [AORC](#)", "TAGS PGOV, ECON, PINR, RS",
        "TAGS: OVIP (STEINBERG, JAMES B.), PREL", "TAGS: PHUMPGOV IZPREL prel", "TAGS: PREL,"]
SUBJECTS = ["SUBJECT: 1540: RUSSIANS QUESTION U.S. PROPOSALS FOR\nMANDATE RENEWAL RESOLUTION",
            "SUBJ:  ESSA MOOSA TALKS", "SUBJECT: (S) GERMANY TAKING ACTION"]
REFS = ["REF: A. USUN 303\n\n- [1](#)B. STATE 34975\n     C. STATE 30934",
        "REF: A. BOGOTA 3421; B. BOGOTA 3375; C. BOGOTA 3271", "REF: (A) 05 SAO PAULO 405; (B) 05 SAO PAULO 402"]
CLASSIFIED = ["Classified By: Legal Minister Counselor Carolyn L. Willson, for reasons\n1.4(b) and (d).",
              "CLASSIFIED BY: William R. Brownfield, Ambassador; REASON: 1.4(B), (D)",
              "Classified By: Derived from Multiple Sources"]
PARAS = ["{n}. (C) BEGIN SUMMARY: text. END SUMMARY.", "¶{n}. (S//NF) Secret text, see para 2 and REF A.",
         "[1](#){n}. (U) Plain\ntext going on.", "{n}. (C NF) Odd mark.", "{n}. Unmarked text.",
         "{n}.(SBU) Close mark.", "{n}. Summary: (C) late mark."]
NOISE = st.text(alphabet=st.sampled_from(list("ABCZ01 .:/()#-¶[]\t\u2028\u201c’é")), max_size=30)


@st.composite
def cables(draw):
    lines: list[str] = []
    lines += draw(st.sampled_from(HEADERS))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(BANNERS)))
    lines += draw(st.lists(st.sampled_from(CAPTIONS), max_size=3))
    for pool in (EO, TAGS, SUBJECTS, REFS, CLASSIFIED):
        if draw(st.integers(0, 4)):
            lines += draw(st.sampled_from(pool)).split("\n")
    numbers = draw(st.lists(st.integers(1, 12), max_size=6)) or [1]
    for n in numbers:
        lines += draw(st.sampled_from(PARAS)).format(n=n).split("\n")
        if draw(st.booleans()):
            lines.append("")
    lines.append(draw(st.sampled_from(["KHALILZAD", "Khalilzad", "NNNN", "", "BURNS"])))
    # Defects and noise: random edits, inserted noise lines, blank runs, trailing blanks.
    for _ in range(draw(st.integers(0, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["noise", "dup", "drop", "trail", "cut", "swap"]))
        if op == "noise":
            lines.insert(i, draw(NOISE))
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "drop":
            del lines[i]
        elif op == "trail":
            lines[i] += draw(st.sampled_from(["  ", "\t", " \\"]))
        elif op == "cut" and lines[i]:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k]
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return eol.join(lines) + draw(st.sampled_from([eol, ""]))


def _lint(text: str):
    return lint_source(Source.from_text(text, "fuzz.txt"), SETTINGS, RULES)


def _fix(text: str):
    return fix_source(Source.from_text(text, "fuzz.txt"), SETTINGS, RULES, unsafe=False)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cables())
def test_lint_is_total_bounded_and_deterministic(text):
    first = _lint(text)
    assert not first.rule_errors, first.rule_errors
    lines = first.source.lines or [""]
    for d in first.diagnostics:
        assert 1 <= d.span.line <= len(lines), d
        assert 1 <= d.span.column <= len(lines[d.span.line - 1]) + 1, d
        assert (d.span.end_line, d.span.end_column) >= (d.span.line, d.span.column), d
    second = _lint(text)
    assert [d.to_dict() for d in first.diagnostics] == [d.to_dict() for d in second.diagnostics]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cables())
def test_fix_is_idempotent_local_and_complete(text):
    before = _lint(text)
    planned = [d.fix for d in before.diagnostics if fixable(before, d, unsafe=False)]
    result = _fix(text)
    fixed = result.fixed_text if result.fixed_text is not None else text
    # Idempotent: fixing the fixed text changes nothing.
    assert _fix(fixed).fixed_text is None
    # After --fix no safe-fixable diagnostic remains.
    assert [d for d in result.diagnostics if fixable(result, d, unsafe=False)] == []
    # Safe fixes touch only the lines their diagnostic reports (an edit may end at the start
    # of the next line, to replace a line ending or delete a whole line). Unsafe fixes may
    # reach further (P401 renumbers the rest of a run); their edits are reported too.
    for d in before.diagnostics:
        if d.fix is None or not d.fix.is_safe:
            continue
        for e in d.fix.edits:
            assert e.span.line >= d.span.line, d
            assert e.span.end_line <= d.span.end_line or (
                e.span.end_line == d.span.end_line + 1 and e.span.end_column == 1), d
    # One pass changes nothing outside the edits it applied.
    if planned:
        offsets = before.source.line_offsets()

        def off(line, col):
            if line > len(before.source.lines):
                return len(text)
            return offsets[line - 1] + col - 1

        spans = sorted((off(e.span.line, e.span.column), off(e.span.end_line, e.span.end_column))
                       for f in planned for e in f.edits)
        merged: list[list[int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        one_pass, _ = apply_fixes(before.source, planned)
        # Every stretch of text outside the edits is still there, in order.
        keep, pos = [], 0
        for a, b in merged:
            keep.append(text[pos:a])
            pos = b
        keep.append(text[pos:])
        assert one_pass.startswith(keep[0]) and one_pass.endswith(keep[-1])
        cursor = len(keep[0])
        for piece in keep[1:]:
            found = one_pass.find(piece, cursor)
            assert found >= 0, (piece, one_pass)
            cursor = found + len(piece)


_PROSE = st.lists(st.sampled_from(["note", "noted", "Note:", "NOTE", "context", "TEXT", "text_", "İ", "ß",
                                   "summary", " ", "\n", "\r\n", "-", "x"]), max_size=40).map("".join)


@settings(max_examples=EXAMPLES * 4, deadline=None)
@given(_PROSE)
def test_lines_containing_matches_a_regex_line_by_line(text):
    # The substring pre-filter of P406/P408 finds exactly the lines a regex would, whole
    # words and case folding included (lowering can change lengths: İ -> i̇).
    import re

    src = Source.from_text(text)
    words = ("note", "text", "summary")
    whole = re.compile(r"(?i)\b(?:note|text|summary)\b")
    expect_whole = {i + 1 for i, line in enumerate(src.lines) if whole.search(line.lower())}
    expect_any = {i + 1 for i, line in enumerate(src.lines) if any(w in line.lower() for w in words)}
    assert src.lines_containing(*words, ignore_case=True, whole_words=True) == expect_whole
    assert src.lines_containing(*words, ignore_case=True) == expect_any


@settings(max_examples=EXAMPLES * 4, deadline=None)
@given(st.text(alphabet="0123456789 .a٣²\n", max_size=12))
def test_digit_dot_test_is_the_regex(text):
    # build.py finds a `N.` from the full stops instead of running `\d ?\.` on every line.
    import re

    from cablelint.build import _has_digit_dot

    assert (_has_digit_dot(text) is not None) == (re.search(r"\d ?\.", text) is not None)


_NUMBERED_PARTS = ["1", "12", "123", "2024", "٣", "²", ".", ". ", "  ", " ", "(C)", "(S//NF) ", "(U", "a", "The",
                   "x.", "-", "/", "End. ", "\t", "123. The ", "7. (C) ", "45.Foo ", "2024. A ", "12.(S) ", "1.1. B"]


@settings(max_examples=EXAMPLES * 8, deadline=None)
@given(st.lists(st.sampled_from(_NUMBERED_PARTS), max_size=14).map("".join), st.integers(0, 6))
def test_inline_numbers_are_the_expression(text, pos):
    # build.py finds paragraph numbers inside a line from the full stops; the expression run at
    # every position must find the same matches.
    from cablelint.build import _INLINE_NUM, _inline_numbers

    def found(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    assert found(_inline_numbers(text, pos)) == found(_INLINE_NUM.finditer(text, pos))


_SIGNATURE_PARTS = [". ", ".", "POLASCHIK", "ROONEY", " Tuttle", "Scobey", "cfm", " ", "  ", "\u00a0", "\u3000", "\t",
                    "XXXXXXXX", "End comment", "a", "é", "'", "-", "”", ")", "!", "Mc", "De", "x1", "9"]


@settings(max_examples=EXAMPLES * 8, deadline=None)
@given(st.lists(st.sampled_from(_SIGNATURE_PARTS), max_size=12).map("".join))
def test_glued_signature_search_starts_late_enough(text):
    # build.py searches for a glued signature from the last character no signature can hold.
    from cablelint.build import _GLUED_SIGNATURE, _SIGNATURE_TAIL

    def found(m):
        return m and (m.span(), m.groupdict())

    start = max(0, len(text.rstrip(_SIGNATURE_TAIL)) - 1)
    assert found(_GLUED_SIGNATURE.search(text, start)) == found(_GLUED_SIGNATURE.search(text))


def test_signature_tail_holds_every_regex_blank():
    import re

    from cablelint.build import _SIGNATURE_TAIL

    blanks = {chr(c) for c in range(0x110000) if re.match(r"\s", chr(c))}
    assert blanks <= set(_SIGNATURE_TAIL)


_ADDRESSEE_PARTS = ["A", "B", " ", "  ", "\t", "\u3000", "/", "//", "-", "19", "1234", "12345 - 6789",
                    "RUEHC/", "PRIORITY", "NIACT IMMEDIATE", "NIACT  IMMEDIATE", "ROUTINE"]


@settings(max_examples=EXAMPLES * 8, deadline=None)
@given(st.lists(st.sampled_from(_ADDRESSEE_PARTS), max_size=9).map("".join).filter(lambda s: not s[:1].isspace()))
def test_addressee_split_is_the_lazy_expression(text):
    # The PLAD grows a word at a time; on a line of text (never starting with a blank) it is
    # the part the plain lazy `.*?` would give, and so are the parts around it.
    import re

    from cablelint.fields import _ADDRESSEE

    lazy = re.compile(_ADDRESSEE.pattern.replace(r"(?:\S++(?:\s++\S++)*?)??(?:\s++$)?", ".*?"))
    assert lazy.pattern != _ADDRESSEE.pattern
    assert lazy.match(text).regs == _ADDRESSEE.match(text).regs
