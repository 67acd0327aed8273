"""Run the selected rules over one source: parse, build the model, check, collect diagnostics.

The data path runs one way: bytes -> `Source` (decoding, line index, residue map) -> Lark
tree -> `Cable` -> rules -> diagnostics. `lint_source` is the library entry point (the
language server uses it); `run` checks many files for the command line, in worker processes
when there are enough of them, and hands each file to `fixer` (writing) and `formatters`
(its part of the output) in the process that checked it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Iterator

from .build import Locator, parse_cable
from .diagnostics import IN_FILE_ORDER, Applicability, Diagnostic, Edit, Fix, Severity, Span
from .model import Cable
from .parse import SyntaxProblem
from .registry import Rule, RuleError
from .settings import Settings, resolve_rules
from .source import Source

__all__ = ["Context", "FileResult", "analyze", "lint_source", "lint_text", "read_file",
           "ReadError", "TooLarge", "MappedSyntaxProblem", "Task", "RunOptions", "FileReport",
           "check_file", "run"]


class ReadError(Exception):
    """A path that cannot be read (missing, a directory, permission denied): exit status 2."""


@dataclass(slots=True)
class MappedSyntaxProblem:
    """A line the grammar could not place, in the coordinates of the file as given."""
    span: Span  # in the file as given
    expected: frozenset[str]
    suppressed: int = 0


@dataclass
class Context:
    """What a rule may read besides the cable: the settings and the source."""

    source: Source
    settings: Settings
    # Post-phase rules (F008) only: the directive lines and the codes that ran on this file.
    directives: list | None = None
    selected: frozenset[str] = frozenset()

    def cable_date(self, cable: Cable) -> date | None:
        """The DTG date, else the configured `cable-date`, else None (rules then skip)."""
        return cable.date or self.settings.cable_date


@dataclass
class FileResult:
    """What linting (or fixing) one source gave."""
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: Source | None = None
    cable: Cable | None = None
    error: str | None = None  # unreadable path
    rule_errors: list[RuleError] = field(default_factory=list)
    fixed_text: str | None = None  # set by the fixer when fixes changed the text
    fixes_applied: int = 0
    fixed_codes: dict[str, int] = field(default_factory=dict)  # code -> fixes applied
    converged: bool = True  # False: the fixer stopped at its pass limit


class TooLarge(Exception):
    """A file above `max-file-bytes`: skipped and reported, never silently."""


def tune_gc() -> None:
    """A run makes many short-lived objects (tokens, spans, model elements) and hardly any
    reference cycles: move what start-up loaded out of the collector's way (`gc.freeze`)
    and collect the young generation less often. Called by the command line and the
    language server, not by the library."""
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def read_file(path: str, max_bytes: int | None = None) -> bytes:
    try:
        if max_bytes is not None:
            size = os.path.getsize(path)
            if size > max_bytes:
                raise TooLarge(f"{path}: {size} bytes is more than max-file-bytes ({max_bytes}); not checked")
        with open(path, "rb") as fh:
            return fh.read()
    except TooLarge:
        raise
    except IsADirectoryError:
        raise ReadError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except PermissionError:
        raise ReadError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ReadError(f"{path}: {exc.strerror or exc}") from None


def analyze(source: Source) -> Cable:
    """Source -> Cable (parse + model), with syntax problems mapped to the file as given."""
    cable, problems = parse_cable(source)
    cable.syntax_problems = _map_problems(source, problems)
    return cable


def _map_problems(source: Source, problems: list[SyntaxProblem]) -> list[MappedSyntaxProblem]:
    loc = Locator(source)
    out = []
    for p in problems:
        if not source.norm or p.line > len(source.norm):
            span = Span(max(1, len(source.lines)), 1, max(1, len(source.lines)), 2)
        else:
            text = source.norm[p.line - 1].text
            span = loc.span(p.line, p.column - 1, max(p.column, len(text)))
        out.append(MappedSyntaxProblem(span, p.expected, p.suppressed))
    return out


def lint_source(source: Source, settings: Settings, rules: list[type[Rule]] | None = None,
                instances: dict[str, Rule] | None = None) -> FileResult:
    """Run the selected rules on one source. With `allow-directives` (and without
    `ignore_suppressions`) directive lines suppress what they name, and F008 reports the
    directives that suppress nothing."""
    if settings.allow_directives and not source.directives:
        source = source.with_directives()
    result = FileResult(source.path, source=source)
    cable = analyze(source)
    result.cable = cable
    ctx = Context(source, settings)
    selected = rules if rules is not None else resolve_rules(settings, source.path)
    main, post = _phases(tuple(selected))
    diags = _run_rules(main, cable, ctx, settings, instances, result)
    if source.directives and not settings.ignore_suppressions:
        from .directives import apply_directives, parse_directives

        ctx.directives = parse_directives(source)
        diags = apply_directives(diags, ctx.directives)
    if post:
        ctx.selected = frozenset(r.code for r in main)
        diags.extend(_run_rules(post, cable, ctx, settings, instances, result))
    diags.sort(key=IN_FILE_ORDER)
    result.diagnostics = diags
    return result


@lru_cache(maxsize=256)
def _phases(selected: tuple[type[Rule], ...]) -> tuple[tuple[type[Rule], ...], tuple[type[Rule], ...]]:
    """The rules that run first, and those that run after the directives are applied (F008);
    worked out once per selection, not once per file."""
    post = tuple(r for r in selected if getattr(r, "phase", "main") == "post")
    return tuple(r for r in selected if r not in post), post


@lru_cache(maxsize=256)
def _overrides(settings: Settings, selected: tuple[type[Rule], ...]) -> tuple[Severity | None, ...]:
    """For each rule, the severity the settings give it when not its default (else None);
    worked out once per settings and selection, not once per file."""
    return tuple(sev if (sev := settings.severity_for(r)) != r.default_severity else None for r in selected)


def _run_rules(selected, cable, ctx, settings, instances, result) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    path = ctx.source.path
    for rule_cls, severity in zip(selected, _overrides(settings, tuple(selected))):
        rule = instances.get(rule_cls.code) if instances else None
        if rule is None:
            rule = rule_cls()
            if instances is not None:
                instances[rule_cls.code] = rule
        try:
            for d in rule.check(cable, ctx):
                if severity is not None:
                    d.severity = severity
                d.path = path
                diags.append(d)
        except Exception as exc:  # a broken rule must not hide the other rules' results
            result.rule_errors.append(RuleError(rule_cls.code, path, exc))
    return diags


def lint_text(text: str, path: str = "-", settings: Settings | None = None) -> list[Diagnostic]:
    """Public API: lint a cable given as text."""
    return lint_source(Source.from_text(text, path), settings or Settings()).diagnostics


# ------------------------------------------------------------------------------ runs
# A run over many files: each file is read, linted (or fixed), filtered by its baseline and,
# for the per-file output formats, rendered, then reduced to a `FileReport`. Worker processes
# do all of that, so the parent only concatenates; what crosses between processes is small.
# Output never depends on the number of workers: reports come back in task order, the
# caller sorts them by path, and each file's fragment is rendered the same way either way.

PARALLEL_MIN_FILES = 16  # smaller batches (pre-commit, editors) run in-process
_INSTANCES: dict[str, Rule] = {}  # rule instances, one set per process
_BASELINES: dict = {}  # baseline files, loaded once per process


@dataclass(frozen=True, slots=True)
class Task:
    """One file of a run: where to read it, how to name it, and its settings."""
    path: str  # what to read ("-": stdin, given as `data`)
    display: str  # the path reported (and matched by per-file ignores)
    settings: Settings


@dataclass(frozen=True)
class RunOptions:
    """What a run does with each file besides checking it."""
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False  # with fix: compute a unified diff, write nothing
    fingerprints: bool = False  # baseline / SARIF / GitLab need them
    baseline: bool = True  # filter by the file's baseline (settings.baseline), if any
    output: object = None  # formatters.OutputOptions: render per-file fragments in the worker
    keep: bool = True  # workers send the diagnostics back (SARIF, statistics, baselines)


@dataclass
class FileReport:
    """One file's part of a run, small enough to pass between processes."""
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[int, str] = field(default_factory=dict)  # line number -> text, for snippets
    fingerprints: list[str] = field(default_factory=list)  # parallel to diagnostics
    error: str | None = None  # unreadable: exit status 2
    internal_errors: list[str] = field(default_factory=list)  # a rule or the parser raised
    skipped: str | None = None  # above max-file-bytes
    fixed: dict[str, int] = field(default_factory=dict)  # code -> fixes applied
    unconverged: bool = False
    diff: str | None = None
    output: bytes | None = None  # stdin with --fix: the text for stdout
    baselined: int = 0  # diagnostics the baseline suppressed
    baseline_used: dict = field(default_factory=dict)  # (path, code, fingerprint) -> matched
    # Counts kept when the diagnostics themselves are not sent back.
    count: int = 0
    safe_fixes: int = 0
    unsafe_fixes: int = 0
    fails: bool = False  # a diagnostic at or above the file's `fail-on`
    fragment: str | None = None  # this file's part of the output
    # Indices of diagnostics whose fix --fix would not apply (undecodable file, a line the
    # grammar could not place): not marked [*], not counted as fixable.
    blocked: frozenset[int] = frozenset()

    def line(self, n: int) -> str | None:
        return self.lines.get(n)

    def tally(self, fail_on: Severity) -> None:
        # Counted with C-level loops (`map`, `filter`, `list.count`): an archive run tallies
        # hundreds of thousands of diagnostics.
        ds = self.diagnostics
        self.count = len(ds)
        blocked = self.blocked
        if blocked:
            fixes = [d.fix for i, d in enumerate(ds) if d.fix is not None and i not in blocked]
        else:
            fixes = list(filter(None, map(_FIX, ds)))
        self.safe_fixes = list(map(_APPLICABILITY, fixes)).count(Applicability.SAFE)
        self.unsafe_fixes = len(fixes) - self.safe_fixes
        self.fails = any(map(_failing(fail_on).__contains__, map(_SEVERITY, ds)))


_FIX, _APPLICABILITY, _SEVERITY = attrgetter("fix"), attrgetter("applicability"), attrgetter("severity")


@lru_cache(maxsize=None)
def _failing(fail_on: Severity) -> tuple[Severity, ...]:
    """The severities at or above `fail-on`."""
    return tuple(s for s in Severity if s.rank >= fail_on.rank)


def check_file(task: Task, opts: RunOptions, data: bytes | None = None) -> FileReport:
    """Read, lint or fix one file; never raises for a problem with the file or a rule."""
    settings = task.settings
    report = FileReport(task.display)
    try:
        if data is None:
            data = read_file(task.path, settings.max_file_bytes)
        elif settings.max_file_bytes is not None and len(data) > settings.max_file_bytes:
            raise TooLarge(f"{task.display}: {len(data)} bytes is more than max-file-bytes "
                           f"({settings.max_file_bytes}); not checked")
    except ReadError as exc:
        report.error = str(exc)
        return report
    except TooLarge as exc:
        report.skipped = str(exc)
        if task.path == "-" and opts.fix and not opts.diff:
            report.output = data
        return report
    try:
        result = _lint_or_fix(task, opts, data, report)
        if result is None:
            return report
        report.internal_errors.extend(f"rule {err}" for err in result.rule_errors)
        report.diagnostics = result.diagnostics
        if opts.fingerprints:
            from .baseline import fingerprints

            report.fingerprints = fingerprints(result.diagnostics, result.source)
        if opts.baseline and settings.baseline and not settings.ignore_suppressions:
            _baseline(settings.baseline).filter(report)
        from .fixer import blocked_fixes

        report.blocked = blocked_fixes(result, report.diagnostics)
        report.tally(settings.fail_on)
        if opts.output is not None:
            from . import formatters

            fmt = formatters.get(opts.output.output_format)
            if hasattr(fmt, "render_file"):
                if getattr(fmt, "SHOWS_LINES", False):  # the text formats quote the lines
                    lines = result.source.lines
                    report.lines = {d.span.line: lines[d.span.line - 1] for d in report.diagnostics
                                    if 0 < d.span.line <= len(lines)}
                report.fragment = fmt.render_file(report, opts.output)
                report.lines = {}
    except Exception as exc:  # noqa: BLE001 - an internal error is reported, the run goes on
        report.internal_errors.append(f"{task.display}: {type(exc).__name__}: {exc}")
    return report


def _lint_or_fix(task: Task, opts: RunOptions, data: bytes, report: FileReport) -> FileResult | None:
    from .fixer import encode, fix_source, unified_diff, write_atomic

    settings = task.settings
    source = Source.from_bytes(data, task.display, directives=settings.allow_directives)
    rules = resolve_rules(settings, task.display)
    if not opts.fix:
        return lint_source(source, settings, rules, _INSTANCES)
    result = fix_source(source, settings, rules, unsafe=opts.unsafe_fixes, instances=_INSTANCES)
    report.fixed = dict(result.fixed_codes)
    report.unconverged = not result.converged
    new = None
    if result.fixed_text is not None:
        try:
            new = encode(result.fixed_text, result.source.encoding)
        except UnicodeEncodeError as exc:
            report.internal_errors.append(
                f"{task.display}: fixes not applied: the result cannot be encoded in "
                f"{result.source.encoding} ({exc.reason})")
            report.fixed = {}
            return lint_source(source, settings, rules, _INSTANCES)
    if opts.diff:
        if new is not None:
            report.diff = unified_diff(source.text, result.fixed_text, task.display)
    elif task.path == "-":
        report.output = new if new is not None else data
    elif new is not None:
        try:
            write_atomic(task.path, new)
        except OSError as exc:
            report.error = f"{task.display}: cannot write the fixes: {exc.strerror or exc}"
            report.fixed = {}
            return None
    return result


def _baseline(path: str):
    """A baseline file, loaded once per process (and again when it changes)."""
    from .baseline import Baseline

    try:
        st = os.stat(path)
        key = (path, st.st_mtime_ns, st.st_size)
    except OSError:
        key = (path, None, None)
    found = _BASELINES.get(key)
    if found is None:
        found = _BASELINES[key] = Baseline.load(path)
    return found


def _work(chunk: list[Task], opts: RunOptions) -> list[FileReport]:
    out = []
    for t in chunk:
        r = check_file(t, opts)
        if not opts.keep:  # the fragment and the counts say it all
            r.diagnostics, r.fingerprints = [], []
        out.append(r)
    return out


def _chunks(tasks: list[Task], jobs: int) -> list[list[Task]]:
    # Several chunks per worker keep both cores busy when file sizes differ; at most 64 files
    # per chunk keeps the progress bar moving.
    size = max(1, min(64, -(-len(tasks) // (jobs * 8))))
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def run(tasks: list[Task], opts: RunOptions, jobs: int = 1, progress=None,
        stdin: bytes | None = None) -> list[FileReport]:
    """Check every task; reports come back in task order whatever `jobs` is."""
    return list(iter_run(tasks, opts, jobs, progress, stdin))


def iter_run(tasks: list[Task], opts: RunOptions, jobs: int = 1, progress=None,
             stdin: bytes | None = None) -> Iterator[FileReport]:
    """Check every task, yielding the reports in task order as they are ready, so that a
    caller can write and drop them: memory stays flat however many files a run has.

    `progress(done, total)` is called as files finish. With `jobs` > 1 and enough files the
    work is split into chunks over worker processes, a bounded number in flight; small
    batches run in-process."""
    total = len(tasks)
    if jobs <= 1 or total < PARALLEL_MIN_FILES or any(t.path == "-" for t in tasks):
        for i, t in enumerate(tasks):
            yield check_file(t, opts, stdin if t.path == "-" else None)
            if progress:
                progress(i + 1, total)
        return

    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    from .registry import all_rules

    # Load the grammar and the rules once here, so that forked workers start with them.
    parse_cable(Source.from_text(""))
    all_rules()
    method = "fork" if sys.platform.startswith("linux") else None
    ctx = multiprocessing.get_context(method)
    chunks = _chunks(tasks, jobs)
    window = jobs * 4  # chunks in flight: enough to keep every worker busy, few to hold
    done = 0
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=ctx) as pool:
        pending = [pool.submit(_work, chunk, opts) for chunk in chunks[:window]]
        for i in range(len(chunks)):
            reports = pending.pop(0).result()  # in order; later chunks keep running
            if i + window < len(chunks):
                pending.append(pool.submit(_work, chunks[i + window], opts))
            done += len(chunks[i])
            if progress:
                progress(done, total)
            yield from reports


# Compact transfer between processes: pickling dataclass and enum instances one by one costs
# as much as linting; plain tuples are several times cheaper.
def _pack_diagnostic(d: Diagnostic) -> tuple:
    s = d.span
    fix = None
    if d.fix is not None:
        fix = (d.fix.applicability.value, d.fix.title,
               tuple((e.span.line, e.span.column, e.span.end_line, e.span.end_column, e.replacement)
                     for e in d.fix.edits))
    return (d.code, d.name, d.message, s.line, s.column, s.end_line, s.end_column,
            d.severity.value, fix, d.path)


def _unpack_diagnostic(t: tuple, _sev={s.value: s for s in Severity},
                       _app={a.value: a for a in Applicability}, _new=tuple.__new__) -> Diagnostic:
    # The tuples made by `tuple.__new__`, without the Python frames of their constructors: a
    # parent process unpacks every diagnostic its workers send (SARIF, baselines, statistics).
    code, name, message, line, col, end_line, end_col, sev, fix, path = t
    f = None
    if fix is not None:
        f = _new(Fix, (_app[fix[0]], tuple([_new(Edit, (_new(Span, (a, b, c, e)), r)) for a, b, c, e, r in fix[2]]),
                       fix[1]))
    return Diagnostic(code, name, message, _new(Span, (line, col, end_line, end_col)), _sev[sev], f, path)


def _rebuild_report(state: dict, packed: list[tuple]) -> "FileReport":
    r = FileReport(**state)
    r.diagnostics = [_unpack_diagnostic(t) for t in packed]
    return r


def _reduce_report(self: "FileReport"):
    state = {k: v for k, v in self.__dict__.items() if k != "diagnostics"}
    return _rebuild_report, (state, [_pack_diagnostic(d) for d in self.diagnostics])


FileReport.__reduce__ = _reduce_report
