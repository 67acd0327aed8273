"""The `cablelint` command: check | parse | rules | rule | config.

Exit status (rules.md): 0 no diagnostic at or above the failing severity, 1 some, 2 a usage or
configuration error, an unreadable input or an internal error. Imports stay lazy so that a
pre-commit run on one file pays only for what it uses.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import date
from functools import cache

__all__ = ["main", "run"]

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


def _csv(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return n


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


OUTPUT_FORMATS = ["full", "text", "concise", "json", "json-lines", "sarif", "github", "junit", "gitlab"]


def _check_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    g = c.add_argument_group("selection")
    g.add_argument("--select", action="append", metavar="CODES", help="rules to run (codes, names, prefixes, ALL); replaces the configured selection")
    g.add_argument("--extend-select", action="append", metavar="CODES", help="rules to add to the selection")
    g.add_argument("--ignore", action="append", metavar="CODES", help="rules to leave out")
    g.add_argument("--extend-ignore", action="append", metavar="CODES", help="more rules to leave out")
    g.add_argument("--per-file-ignores", action="append", metavar="GLOB:CODES",
                   help="rules to leave out for matching files (added to the configured ones)")
    g = c.add_argument_group("configuration")
    g.add_argument("--config", metavar="FILE", help="use this config file (no discovery)")
    g.add_argument("--cable-date", type=_date, metavar="YYYY-MM-DD",
                   help="date for date-dependent rules when a cable has no DTG line")
    g.add_argument("--max-line-length", type=_positive, metavar="N", help="line length limit (F004; default 72)")
    g.add_argument("--max-file-bytes", type=_positive, metavar="N", help="skip (and report) files larger than N bytes")
    g.add_argument("--force-exclude", action="store_true",
                   help="apply exclude patterns to files named on the command line too (pre-commit)")
    g.add_argument("--stdin-filename", metavar="NAME", help="the path of stdin input (config discovery, per-file ignores, reports)")
    g = c.add_argument_group("fixes")
    g.add_argument("--fix", action="store_true", help="apply safe fixes")
    g.add_argument("--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too")
    g.add_argument("--fix-only", action="store_true", help="apply fixes and report nothing else")
    g.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    g.add_argument("--show-fixes", action="store_true", help="list the fixes applied, per file and rule")
    g = c.add_argument_group("output")
    g.add_argument("--output-format", default=None, choices=OUTPUT_FORMATS,
                   help="output format (default: full)")
    g.add_argument("--output-file", metavar="FILE", help="write the report to FILE")
    g.add_argument("--statistics", action="store_true", help="print counts per rule instead of the list")
    g.add_argument("--fail-on", choices=["error", "warning", "info"],
                   help="lowest severity that makes the exit status 1 (default: warning)")
    g.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    g.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                   help="colour the text output (default: only on a terminal)")
    g = c.add_argument_group("suppression")
    g.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    g.add_argument("--write-baseline", metavar="FILE", help="record every current finding in FILE, then exit 0")
    g.add_argument("--prune-baseline", action="store_true", help="remove stale entries from the baseline")
    g.add_argument("--ignore-suppressions", action="store_true",
                   help="disregard the baseline and directive lines (audits)")
    g = c.add_argument_group("performance")
    g.add_argument("-j", "--jobs", type=_positive, metavar="N", default=None,
                   help="worker processes (default: the number of CPU cores; small runs stay in-process)")


def _parse_arguments(pa: argparse.ArgumentParser) -> None:
    pa.add_argument("path", metavar="PATH", help="a cable file ('-' reads stdin)")
    pa.add_argument("--output-format", default="json", choices=["json", "tree"])


def _rules_arguments(r: argparse.ArgumentParser) -> None:
    r.add_argument("--output-format", default="text", choices=["text", "json"])


def _rule_arguments(r: argparse.ArgumentParser) -> None:
    r.add_argument("code", metavar="CODE", help="a rule code or name, e.g. H108")
    r.add_argument("--output-format", default="text", choices=["text", "json"])


def _config_arguments(cf: argparse.ArgumentParser) -> None:
    cf.add_argument("path", nargs="?", default=".", metavar="PATH", help="a file or directory (default: .)")
    cf.add_argument("--config", metavar="FILE", help="use this config file (no discovery)")
    cf.add_argument("--output-format", default="text", choices=["text", "json"])


def _server_arguments(sv: argparse.ArgumentParser) -> None:
    sv.add_argument("--debounce-ms", type=int, default=None, metavar="MS",
                    help="delay before linting after an edit (default: 100)")


# name -> (help, description, arguments)
_COMMANDS = {
    "check": ("lint files and directories ('-' reads stdin)",
              "Lint cables. Exit status: 0 nothing at or above --fail-on, 1 something, 2 a usage, "
              "configuration, I/O or internal error.", _check_arguments),
    "parse": ("print the cable as the grammar understood it", None, _parse_arguments),
    "rules": ("list all rules", None, _rules_arguments),
    "rule": ("print a rule's documentation", None, _rule_arguments),
    "config": ("show the settings in force for a path and where they come from", None, _config_arguments),
    "server": ("run the language server (LSP over stdio; needs cablelint[lsp])", None, _server_arguments),
}


class _HelpFormatter(argparse.HelpFormatter):
    """argparse makes a formatter for every argument it is given (to check its metavar) and
    asks `shutil` for the terminal width each time; asking `os` once is enough, and spares a
    one-file run the import of `shutil`."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _terminal_width())


@cache
def _terminal_width() -> int:
    """What argparse would use: $COLUMNS, else the terminal's width, else 80; less 2."""
    try:
        return int(os.environ.get("COLUMNS") or os.get_terminal_size(sys.__stdout__.fileno()).columns) - 2
    except (ValueError, OSError, AttributeError):
        return 78


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; given the `command` of this run, with that subcommand only
    (argparse does real work for every argument it is given, a few ms for all of them, and a
    pre-commit run on one file should not pay for the subcommands it does not use)."""
    from . import __version__

    p = argparse.ArgumentParser(
        prog="cablelint", formatter_class=_HelpFormatter,
        description="Check the format of U.S. State Department telegrams (cables).")
    p.add_argument("--version", action="version", version=f"cablelint {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_, description, arguments) in _COMMANDS.items():
        if command in _COMMANDS and name != command:
            continue
        arguments(sub.add_parser(name, help=help_, description=description, formatter_class=_HelpFormatter))
    return p


def run() -> None:
    """The `cablelint` program (console script, `python -m cablelint`): `main` in a process of
    its own, which may therefore keep compiled regular expressions between runs."""
    from .regex_cache import install

    install()
    sys.exit(main())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # The subcommand is the first argument (`cablelint check ...`); otherwise build them all,
    # for the help or the error message.
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    from .config import ConfigError

    try:
        if args.command == "check":
            from .engine import tune_gc

            tune_gc()
            return _check(args)
        if args.command == "parse":
            return _parse(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "rule":
            return _rule(args)
        if args.command == "config":
            return _config(args)
        if args.command == "server":
            return _server(args)
        parser.print_help()
        return EXIT_ERROR
    except (UsageError, ConfigError) as exc:
        print(f"cablelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `cablelint check ... | head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_FOUND
    except KeyboardInterrupt:
        print("cablelint: interrupted", file=sys.stderr)
        return 130


# ------------------------------------------------------------------------------ check
def _overrides(args) -> dict:
    """Settings the command line sets on top of every file's configuration."""
    from .diagnostics import Severity
    from .globs import GlobError, anchor
    from .settings import Layer, SelectorError, validate_selectors

    changes: dict = {}
    try:
        for opt in ("select", "extend_select", "ignore", "extend_ignore"):
            validate_selectors(_csv(getattr(args, opt)), f"--{opt.replace('_', '-')}")
        if args.select or args.extend_select or args.ignore or args.extend_ignore:
            changes["cli"] = Layer(_csv(args.select) if args.select else None, _csv(args.extend_select),
                                   _csv(args.ignore) + _csv(args.extend_ignore))
        extra = []
        for item in args.per_file_ignores or []:
            glob, sep, codes = item.rpartition(":")
            if not sep or not glob or not codes.strip():
                raise UsageError(f"--per-file-ignores: expected GLOB:CODES, got {item!r}")
            validate_selectors(_csv([codes]), f"--per-file-ignores {glob}")
            extra.append((anchor(glob, os.getcwd()), _csv([codes])))
        if extra:
            changes["per_file_ignores"] = tuple(extra)
    except SelectorError as exc:
        raise UsageError(str(exc)) from None
    except GlobError as exc:
        raise UsageError(f"--per-file-ignores: {exc}") from None
    if args.cable_date:
        changes["cable_date"] = args.cable_date
    if args.max_line_length:
        changes["max_line_length"] = args.max_line_length
    if args.max_file_bytes:
        changes["max_file_bytes"] = args.max_file_bytes
    if args.fail_on:
        changes["fail_on"] = Severity(args.fail_on)
    if args.baseline:
        changes["baseline"] = os.path.abspath(args.baseline)
    changes["unsafe_fixes"] = bool(args.unsafe_fixes)
    changes["ignore_suppressions"] = bool(args.ignore_suppressions)
    return changes


class _SettingsFor:
    """Settings in force for a path: its closest config file (or --config), then the command
    line on top; cached per directory."""

    def __init__(self, config: str | None, overrides: dict) -> None:
        self.config = config
        self.overrides = overrides
        self._by_dir: dict[str, object] = {}
        self._by_base: dict[object, object] = {}

    def __call__(self, path: str):
        from .config import resolve_settings

        directory = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path)) or "."
        key = os.path.abspath(directory)
        found = self._by_dir.get(key)
        if found is None:
            base = resolve_settings(key, self.config)
            found = self._by_base.get(base)
            if found is None:
                changes = dict(self.overrides)
                if "per_file_ignores" in changes:
                    changes["per_file_ignores"] = base.per_file_ignores + changes["per_file_ignores"]
                found = base.with_(**changes)
                self._by_base[base] = found
            self._by_dir[key] = found
        return found


class _Progress:
    """A one-line progress bar on stderr, for long runs on a terminal only."""

    def __init__(self, total: int) -> None:
        import time

        self.total = total
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        if not self.shown and now - self.start < 0.2:
            return  # short runs never show a bar
        self.last = now
        width = 30
        filled = width * done // max(1, total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


def _want_progress(args, n: int) -> bool:
    if n < 20 or os.environ.get("CI", "").lower() not in ("", "0", "false"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stderr.isatty() and (bool(args.output_file) or sys.stdout.isatty())
    except (AttributeError, ValueError):
        return False


def _check(args) -> int:
    from .discovery import iter_files
    from .engine import RunOptions, Task, iter_run
    from .formatters import OutputOptions

    output_format = args.output_format or "full"
    overrides = _overrides(args)
    settings_for = _SettingsFor(args.config, overrides)
    paths = args.paths or ["."]
    if "-" in paths and len(paths) > 1:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    if args.write_baseline and (args.fix or args.fix_only or args.diff):
        raise UsageError("--write-baseline cannot be combined with --fix, --fix-only or --diff")
    if args.stdin_filename and not args.paths:
        paths = ["-"]  # `--stdin-filename NAME` alone reads stdin (as Ruff does)
    stdin_data = None
    if paths == ["-"]:
        display = args.stdin_filename or "-"
        settings = settings_for(args.stdin_filename or ".")
        tasks = [Task("-", display, settings)]
        stdin_data = sys.stdin.buffer.read()
        if args.force_exclude and args.stdin_filename:
            from .discovery import is_excluded

            if is_excluded(os.path.abspath(args.stdin_filename), settings):
                if args.fix or args.fix_only:
                    sys.stdout.buffer.write(stdin_data)
                return EXIT_OK
    else:
        tasks = [Task(p, p, s) for p, s in iter_files(paths, settings_for, args.force_exclude)]
        tasks.sort(key=lambda t: t.display)
        if not tasks and not args.force_exclude:
            print("cablelint: warning: no files to check (see `include` / `exclude`)", file=sys.stderr)

    fixing = bool(args.fix or args.fix_only or args.diff)
    use_baseline = not args.ignore_suppressions and not args.write_baseline and any(
        t.settings.baseline for t in tasks)
    if use_baseline:
        _load_baselines(tasks)
    elif args.prune_baseline:
        raise UsageError("--prune-baseline needs a baseline (--baseline FILE or the `baseline` key)")
    out_stream = sys.stderr if paths == ["-"] and fixing and not args.diff else sys.stdout
    options = OutputOptions(output_format, _use_color(args.color, None if args.output_file else out_stream),
                            bool(args.unsafe_fixes), show_summary=out_stream is sys.stdout,
                            fixed=fixing, show_fixes=bool(args.show_fixes), baseline=use_baseline)
    per_file_output = not (args.statistics or args.diff or args.fix_only or args.write_baseline)
    keep = bool(args.statistics or args.write_baseline or output_format == "sarif")
    opts = RunOptions(
        fix=fixing,
        unsafe_fixes=bool(args.unsafe_fixes),
        diff=bool(args.diff),
        fingerprints=bool(use_baseline or args.write_baseline or output_format in ("sarif", "gitlab")),
        baseline=use_baseline,
        output=options if per_file_output else None,
        keep=keep,
    )
    jobs = args.jobs or _default_jobs()
    progress = _Progress(len(tasks)) if _want_progress(args, len(tasks)) else None
    streamed = per_file_output and out_stream is sys.stdout  # every format streams
    try:
        if streamed:
            # Tasks are sorted by path, and reports come in task order: each file's part of
            # the output is written (or, for SARIF, its results weighed) as soon as it is
            # ready, and the report is dropped.
            return _check_streamed(args, tasks, opts, jobs, progress, options, use_baseline, stdin_data)
        reports = list(iter_run(tasks, opts, jobs=jobs, progress=progress, stdin=stdin_data))
    finally:
        if progress:
            progress.close()
    # Errors and notes go to stderr; the report stays clean for machines.
    notifications = [n for r in reports for n in _notifications(r)]
    failed = any(level == "error" for level, _ in notifications)
    for level, text in notifications:
        print(f"cablelint: {level}: {text}", file=sys.stderr)

    if args.write_baseline:
        from .baseline import write_baseline

        n_entries, n_findings = write_baseline(args.write_baseline, reports)
        print(f"cablelint: wrote {n_entries} baseline entries ({n_findings} findings) to "
              f"{args.write_baseline}", file=sys.stderr)
        return EXIT_ERROR if failed else EXIT_OK
    if use_baseline:
        stale = _StaleBaselines({t.display: t.settings for t in tasks})
        for r in reports:
            stale.record(r)
        stale.finish(args.prune_baseline)

    # Exit status.
    if failed:
        status = EXIT_ERROR
    elif args.exit_zero or args.fix_only:
        status = EXIT_OK
    elif args.diff:
        status = EXIT_FOUND if any(r.diff for r in reports) else EXIT_OK
    else:
        status = EXIT_FOUND if any(r.fails for r in reports) else EXIT_OK

    if out_stream is sys.stderr:  # stdin with --fix: the fixed text goes to stdout
        sys.stdout.buffer.write(reports[0].output or b"")
        sys.stdout.flush()
    if args.diff:
        sys.stdout.write("".join(r.diff for r in reports if r.diff))
        n = sum(sum(r.fixed.values()) for r in reports)
        print(f"Would fix {n} {'problem' if n == 1 else 'problems'}." if n else "No fixes available.",
              file=sys.stderr)
        return status
    if args.fix_only:
        n = sum(sum(r.fixed.values()) for r in reports)
        if args.show_fixes:
            from .formatters.text import fixes_applied

            out_stream.write("\n".join(fixes_applied(reports)) + "\n")
        print(f"Fixed {n} {'problem' if n == 1 else 'problems'}." if n else "No fixes applied.",
              file=out_stream)
        return status

    options.exit_code = status
    options.notifications = notifications
    if args.statistics:
        from .formatters.text import statistics

        report = statistics(reports, options)
    else:
        from . import formatters

        report = formatters.get(output_format).render(reports, options)
    if args.output_file:
        try:
            with open(args.output_file, "w", encoding="utf-8", newline="") as fh:
                fh.write(report)
        except OSError as exc:
            print(f"cablelint: error: cannot write {args.output_file}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_ERROR
    else:
        out_stream.write(report)
        out_stream.flush()
    return status


def _notifications(r) -> list[tuple[str, str]]:
    """What a report has to say on stderr: ("error" | "warning", text)."""
    out = []
    if r.error:
        out.append(("error", r.error))
    out.extend(("error", f"internal error: {e}") for e in r.internal_errors)
    if r.skipped:
        out.append(("warning", r.skipped))
    if r.unconverged:
        out.append(("warning", f"{r.path}: fixes did not converge after the pass limit; "
                               "run --fix again or report a bug"))
    return out


@dataclass
class _Kept:
    """What a streamed run keeps of a report that fixed something (for --show-fixes)."""

    path: str
    fixed: dict


def _check_streamed(args, tasks, opts, jobs, progress, options, use_baseline, stdin_data) -> int:
    """`check` for the streamed formats: output written as the files are checked."""
    from .engine import iter_run
    from .formatters import writer as make_writer

    try:
        sink = open(args.output_file, "w", encoding="utf-8", newline="") if args.output_file else sys.stdout
    except OSError as exc:
        print(f"cablelint: error: cannot write {args.output_file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    writer = make_writer(options.output_format, sink, options)
    total = safe = unsafe = baselined = fixed = 0
    fails = failed = False
    fixed_reports: list[_Kept] = []
    notifications: list[tuple[str, str]] = []
    stale = _StaleBaselines({t.display: t.settings for t in tasks}) if use_baseline else None
    try:
        for r in iter_run(tasks, opts, jobs=jobs, progress=progress, stdin=stdin_data):
            writer.write(r)
            for level, text in _notifications(r):
                print(f"cablelint: {level}: {text}", file=sys.stderr)
                notifications.append((level, text))
                failed = failed or level == "error"
            total += r.count
            safe += r.safe_fixes
            unsafe += r.unsafe_fixes
            baselined += r.baselined
            fixed += sum(r.fixed.values())
            fails = fails or r.fails
            if r.fixed:
                fixed_reports.append(_Kept(r.path, r.fixed))
            if stale is not None:
                stale.record(r)
        if failed:
            status = EXIT_ERROR
        elif args.exit_zero or args.fix_only:
            status = EXIT_OK
        else:
            status = EXIT_FOUND if fails else EXIT_OK
        options.exit_code, options.notifications = status, notifications  # SARIF's invocation
        writer.close()
        if options.output_format in ("full", "text", "concise"):
            from .formatters.text import fixes_applied, summary

            tail = fixes_applied(fixed_reports, options.color) if options.show_fixes else []
            if options.show_summary:
                tail.append(summary(total, safe + (unsafe if options.unsafe_fixes else 0), options,
                                    fixed=fixed if options.fixed else None,
                                    hidden=0 if options.unsafe_fixes else unsafe, baselined=baselined))
            if tail:
                sink.write("\n".join(tail) + "\n")
    finally:
        if sink is not sys.stdout:
            sink.close()
        else:
            sink.flush()
    if stale is not None:
        stale.finish(args.prune_baseline)
    return status


def _load_baselines(tasks) -> None:
    """Read every baseline in force before the run: a bad file is a usage error (exit 2)."""
    from .baseline import BaselineError
    from .engine import _baseline

    for path in sorted({t.settings.baseline for t in tasks if t.settings.baseline}):
        try:
            _baseline(path)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None


class _StaleBaselines:
    """Accounts for every checked file, then reports (or prunes) baseline entries that
    matched nothing."""

    def __init__(self, settings_of: dict) -> None:
        self.settings_of = settings_of
        self.loaded: dict = {}

    def record(self, r) -> None:
        from .baseline import Baseline
        from .settings import resolve_rules

        settings = self.settings_of[r.path]
        path = settings.baseline
        if path:
            if path not in self.loaded:
                self.loaded[path] = Baseline.load(path)
            ran = frozenset(rule.code for rule in resolve_rules(settings, r.path))
            self.loaded[path].record(r, ran)

    def finish(self, prune: bool) -> None:
        from .config import display_path

        for path, baseline in self.loaded.items():
            stale = baseline.stale()
            if not stale:
                continue
            shown = display_path(path)
            if prune:
                dropped = baseline.prune()
                print(f"cablelint: pruned {dropped} stale findings from {shown}", file=sys.stderr)
                continue
            n = sum(left for _, left in stale)
            print(f"cablelint: {shown}: {n} baseline {'finding is' if n == 1 else 'findings are'} stale "
                  "(no longer found); remove them with --prune-baseline:", file=sys.stderr)
            for (p, code, fp), left in stale[:10]:
                print(f"  {p} {code} {fp}" + (f" x{left}" if left > 1 else ""), file=sys.stderr)
            if len(stale) > 10:
                print(f"  ... and {len(stale) - 10} more entries", file=sys.stderr)


def _use_color(mode: str, stream) -> bool:
    if mode == "always":
        return True
    if mode == "never" or stream is None or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


# ------------------------------------------------------------------------------ config
def _config(args) -> int:
    import json

    from .config import display_path, resolve_settings
    from .settings import resolve_rules

    if not os.path.exists(args.path):
        raise UsageError(f"{args.path}: no such file or directory")
    settings = resolve_settings(args.path, args.config)
    rules = [r.code for r in resolve_rules(settings, None if os.path.isdir(args.path) else args.path)]
    data = {
        "path": args.path,
        "config": [display_path(p) for p in settings.config_chain],
        "settings": settings.to_dict(),
        "explicit": sorted(settings.explicit),
        "rules": rules,
    }
    if args.output_format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"# Settings in force for {args.path}")
    if settings.config_chain:
        first, *rest = settings.config_chain
        where = " [tool.cablelint]" if first.endswith("pyproject.toml") else ""
        print(f"# from {display_path(first)}{where}")
        for p in rest:
            print(f"#   extends {display_path(p)}")
    else:
        print("# no config file found: defaults")
    for key, value in data["settings"].items():
        if key in ("unsafe-fixes", "ignore-suppressions"):
            continue
        note = "" if key in settings.explicit else "  # default"
        if value is None:
            print(f"# {key} is not set")
            continue
        print(f"{key} = {json.dumps(value, ensure_ascii=False)}{note}")
    print(f"# {len(rules)} rules in force" + (" (per-file ignores applied)" if not os.path.isdir(args.path) else ""))
    print(f"rules = {json.dumps(rules)}")
    return EXIT_OK


# ------------------------------------------------------------------------------ parse
def _parse(args) -> int:
    from .engine import ReadError, analyze, read_file
    from .source import Source

    try:
        data = sys.stdin.buffer.read() if args.path == "-" else read_file(args.path)
    except ReadError as exc:
        print(f"cablelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    source = Source.from_bytes(data, args.path)
    if args.output_format == "tree":
        from .build import Locator
        from .parse import parse_normalized

        tree, problems = parse_normalized(source.normalized_text())
        sys.stdout.write(_tree_text(tree, Locator(source)))
        for p in problems:
            span = Locator(source).span(p.line, p.column - 1, p.column)
            print(f"F001 cannot place line {span.line}", file=sys.stderr)
        return EXIT_OK
    from .formatters.model_json import render

    sys.stdout.write(render(analyze(source)))
    return EXIT_OK


def _tree_text(tree, loc) -> str:
    """The Lark tree with each token's type, text and position in the file as given."""
    out: list[str] = []

    def walk(node, depth: int) -> None:
        pad = "  " * depth
        if hasattr(node, "data"):
            out.append(f"{pad}{node.data}")
            for child in node.children:
                walk(child, depth + 1)
        else:
            span = loc.tok(node)
            out.append(f"{pad}{node.type} {node.value!r} @{span.line}:{span.column}")

    walk(tree, 0)
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------ server
def _server(args) -> int:
    try:
        from .lsp import serve
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("pygls", "lsprotocol", "cattrs"):
            raise UsageError(f"the language server needs {exc.name.split('.')[0]}, which is not installed; "
                             "install it with: pip install 'cablelint[lsp]'") from None
        raise
    return serve(args.debounce_ms)


# ------------------------------------------------------------------------------ rules / rule
def _rules(args) -> int:
    from .registry import all_rules

    rules = all_rules()
    if args.output_format == "json":
        import json

        print(json.dumps([r.metadata() for r in rules], indent=2))
        return EXIT_OK
    print(f"{'code':<6} {'name':<34} {'sev':<8} {'default':<7} {'fix':<7} summary")
    for r in rules:
        print(f"{r.code:<6} {r.name:<34} {r.default_severity.value:<8} "
              f"{'on' if r.default_on else 'opt-in':<7} {r.fix:<7} {r.summary()}")
    return EXIT_OK


def _rule(args) -> int:
    from .registry import rule_by_selector, rule_markdown

    found = rule_by_selector(args.code)
    if len(found) != 1:
        raise UsageError(f"unknown rule {args.code!r} (see 'cablelint rules')")
    r = found[0]
    if args.output_format == "json":
        import json

        print(json.dumps({**r.metadata(), "documentation": r.doc()}, indent=2))
        return EXIT_OK
    print(rule_markdown(r))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    run()
