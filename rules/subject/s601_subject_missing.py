from cablelint.diagnostics import Severity
from cablelint.registry import Rule
from cablelint.rules._anchor import expected_place


class SubjectMissing(Rule):
    """The SUBJECT line is missing or empty.

    ## What it does
    Checks that a `SUBJECT:` line follows TAGS and that it says something. A cable without one
    is reported at the place it was expected (the line after the TAGS list); a keyword with no
    subject text after it (`SUBJECT:` and then a blank line) is reported on the keyword.

    ## Why is this bad?
    5 FAH-1 H-210 requires the subject of every telegram to meet its standards: it is the
    title readers, archives and AMADS routing (5 FAH-2 H-252, "subject terms") see first.

    ## Example
        TAGS: PREL, PGOV, LY

        1. (C) Summary: ...

    ## Use instead
        TAGS: PREL, PGOV, LY
        SUBJECT: LIBYA: BUSINESS INCUBATOR OPENS IN TRIPOLI

        1. (C) Summary: ...

    ## Fix safety
    No fix: only the drafter can write the subject.

    ## Evidence
    12/1295 cablegate pages have no SUBJECT line (cable-format.md §7.1, §10.5); in the corpus
    the pages of several posts lost it (Tripoli, Brasilia, Sao Paulo, Moscow). Partial
    extracts (cut records) are not checked.
    """

    code = "S601"
    name = "subject-missing"
    default_severity = Severity.ERROR
    tags = ("subject", "structure")

    def check(self, cable, ctx):
        subj = cable.subject
        if subj is not None:
            if not subj.text.strip():
                yield self.diagnostic(subj.keyword.span, "SUBJECT line without a subject")
            return
        if cable.partial:
            return
        place = expected_place(cable, "subject")
        if place is not None:
            span, where = place
            yield self.diagnostic(span, f"SUBJECT line missing; expected {where}")
