from cablelint.diagnostics import Edit, Fix, Severity, Span
from cablelint.registry import Rule


class UnusedDirective(Rule):
    """A `#cablelint:` directive line that suppresses nothing or does not parse.

    ## What it does
    With `allow-directives = true`, checks the opt-in directive lines
    (`#cablelint: disable=CODES`, `enable=CODES`, `disable-next-line=CODES`,
    `disable-file=CODES`) after the other rules have run. It reports a directive that
    suppressed no finding of a rule that ran, a `disable` with no matching `enable`, an
    `enable` that ends no `disable`, a selector that names no rule, and a line that starts with
    `#cablelint:` but does not parse.

    ## Why is this bad?
    A directive line is not cable text: it is kept only to silence a finding. One that silences
    nothing any more is clutter that can hide the next real finding in its range, and a
    `disable` that is never closed silences the rest of the file without saying so (Ruff's
    RUF100 / RUF104, SQLFluff's `--warn-unused-ignores`).

    ## Example
        #cablelint: disable-next-line=F004
        SUBJECT: A SHORT SUBJECT LINE

    ## Use instead
        SUBJECT: A SHORT SUBJECT LINE

    ## Fix safety
    Safe for a directive that suppresses nothing and an `enable` that ends nothing: the fix
    deletes the directive line, which is not cable text, and no finding comes back. An
    unclosed `disable`, an unknown selector and a line that does not parse have no fix: where
    the range should end, or what was meant, is the drafter's call.

    ## Options
    Active only with `allow-directives = true`; `--ignore-suppressions` turns directives (and
    this rule) off for audits. A directive naming only rules that did not run is not
    reported.

    ## Evidence
    Directive lines exist only in working drafts that opt in; published cables have none
    (linter-conventions.md §6.4).
    """

    code = "F008"
    name = "unused-directive"
    default_severity = Severity.WARNING
    default_on = False
    fix = "safe"
    phase = "post"  # runs after the other rules, when directives have been applied
    options = {"allow-directives": False}
    tags = ("format", "suppression")

    def check(self, cable, ctx):
        directives = ctx.directives
        if not directives:
            return
        for d in directives:
            text = ctx.source.lines[d.line - 1].strip()
            delete = Fix.safe([Edit(Span(d.line, 1, d.line + 1, 1), "")], "remove the directive line")
            if d.kind is None:
                yield self.diagnostic(d.span, d.problems[0])
                continue
            for sel, span in d.unknown:
                yield self.diagnostic(span, f"unknown rule selector {sel!r} in directive")
            if d.kind == "enable":
                if not d.matched:
                    yield self.diagnostic(d.span, f"`{text}` ends no `disable`", delete)
                continue
            if d.kind == "disable" and not d.matched:
                yield self.diagnostic(d.span, f"`{text}` has no matching `enable`; it runs to the end of the file")
                continue
            named = d.codes - {self.code}
            if d.used == 0 and named & ctx.selected:
                # Deleting is safe only when every rule it names ran and found nothing there.
                fix = delete if named <= ctx.selected and not d.unknown else None
                yield self.diagnostic(d.span, f"`{text}` suppresses nothing", fix)
