import re
from datetime import date

from cablelint.diagnostics import Severity
from cablelint.registry import Rule

from ._common import first_line, own_statements

EO12958 = date(1995, 10, 14)  # E.O. 12958 in force: its section 1.5 lists the reasons
EO13292 = date(2003, 3, 25)  # E.O. 13292 renumbers them as section 1.4 and adds (h)
LETTERS = {"1.4": "abcdefgh", "1.5": "abcdefg"}


class ClassifiedByReason(Rule):
    """The classification reason is not section 1.4 with letters a–h (1.5, a–g, before 2003-03-25).

    ## What it does
    Reads the reason of the `Classified By:` statement (`for reasons 1.4 (b) and (d)`,
    `REASON: 1.4(B), (D)`, `1.4 (b/d)`, `1.5 (b,d)` …) and checks that it cites the section of
    the order in force on the cable date: 1.4 with category letters a–h from 2003-03-25, 1.5
    with letters a–g before (E.O. 12958 from 1995-10-14). Undated cables may cite either. Each
    letter may appear once. A statement without any reason is reported too; `Derived from`
    statements, which may cite only their source, and cables dated before E.O. 12958 are not
    checked.

    ## Why is this bad?
    The reason is the classification's legal basis: 5 FAH-1 H-246 requires "the reason it is
    classified derived from section 1.5 of Executive Order 12958", which E.O. 13292 (signed
    2003-03-25) renumbered as section 1.4 and extended with (h), weapons of mass destruction.
    A category that does not exist, or the wrong section, does not authorize the
    classification.

    ## Example
        Classified By: Ambassador Jane Roe for reasons 1.4 (b) and (k).

    ## Use instead
        Classified By: Ambassador Jane Roe for reasons 1.4 (b) and (d).

    ## Fix safety
    No fix: the reasons are the classifier's to state.

    ## Evidence
    Letters used in cablegate: d 1,120, b 1,063, c 220, a 77, e 7, f 4, g 2, h none; `1.5` in
    39 cables, 36 of them dated after 2003-03-25 (cable-format.md §7.3). Corpus: 83 of 4,200
    cables, 64 of them `1.5` after 2003-03-25; the others give no reason, letters without a
    section, a section without letters, `1` or `1.2`.
    """

    code = "C208"
    name = "classified-by-reason"
    default_severity = Severity.ERROR
    tags = ("classification", "classified-by", "date")

    def check(self, cable, ctx):
        statements = own_statements(cable)
        if not statements:
            return
        when = ctx.cable_date(cable)
        if when is not None and when < EO12958:
            return
        # A copy may repeat the statement (re-flowed front matter); the first that gives a
        # reason is the one to check.
        cb = next((s for s in statements if s.section is not None or s.reasons), statements[0])
        if cb.text.rstrip().endswith("..."):
            return  # the copy cuts the statement short
        if cb.section is None:
            if cb.reasons:
                yield self.diagnostic(cb.reasons[0].span, "reason letters without the section they belong to "
                                                          "(1.4 (b) and (d))")
            elif not cb.derived:
                span = cb.keyword.span if cb.keyword is not None else first_line(cb.span, ctx.source)
                yield self.diagnostic(span, "Classified By statement without a reason (section 1.4 and its "
                                            "category letters a-h)")
            return
        digits = re.sub(r"\D", "", cb.section.text)
        section = "1." + digits[1:] if len(digits) == 2 else " ".join(cb.section.text.split())
        expected = None if when is None else ("1.4" if when >= EO13292 else "1.5")
        if section not in LETTERS or (expected is not None and section != expected):
            want = expected or "1.4 (or 1.5 before 2003-03-25)"
            dated = f" on a cable dated {when.isoformat()}" if when else ""
            yield self.diagnostic(cb.section.span, f'reason cites section "{section}"{dated}; expected {want}')
        allowed = LETTERS.get(section, LETTERS["1.4"])
        if not cb.reasons:
            yield self.diagnostic(cb.section.span, f"no category letter after section {section} (a-{allowed[-1]})")
        seen = set()
        for r in cb.reasons:
            letter = r.text.lower()
            if letter not in allowed:
                yield self.diagnostic(r.span, f'"{r.text}" is not a category of section {section} (a-{allowed[-1]})')
            elif letter in seen:
                yield self.diagnostic(r.span, f'category "{r.text}" cited twice')
            seen.add(letter)
