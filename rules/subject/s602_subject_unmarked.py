from cablelint.diagnostics import Severity
from cablelint.registry import Rule

_MARK = {"C": "(C)", "S": "(S)", "TS": "(TS)"}


class SubjectUnmarked(Rule):
    """The subject of a classified cable carries no portion mark.

    ## What it does
    In a CONFIDENTIAL, SECRET or TOP SECRET cable, checks that the subject starts with a
    portion mark: `SUBJECT: (C) ...`.

    ## Why is this bad?
    Titles and subjects are portions too: a reader must be able to tell whether the subject
    line itself may be quoted in an unclassified document. cablemap lists the marks
    `(TS) (S) (C) (U) (SBU/N) (SBU)` from 5 FAH-1 H-210 (`reader.py` `parse_subject`).

    ## Example
        C O N F I D E N T I A L ROME 000123
        SUBJECT: ITALY: VIEWS ON KOSOVO

    ## Use instead
        C O N F I D E N T I A L ROME 000123
        SUBJECT: (C) ITALY: VIEWS ON KOSOVO

    ## Fix safety
    No fix: the subject's classification is a decision of its own (often `(U)`).

    ## Evidence
    1,080 of 1,141 classified cablegate subjects are unmarked (cable-format.md §7.1): real
    cables almost never mark it, hence opt-in.
    """

    code = "S602"
    name = "subject-unmarked"
    default_severity = Severity.WARNING
    default_on = False
    tags = ("subject", "portion-marking")

    def check(self, cable, ctx):
        subj = cable.subject
        if subj is None or not cable.is_classified or subj.mark is not None or not subj.text.strip():
            return
        span = subj.first.span if subj.first is not None else subj.keyword.span
        yield self.diagnostic(span, f"subject of a {cable.classification} cable without a portion mark; "
                                    f"expected e.g. {_MARK[cable.banner.level]} or (U) before it")
