"""The `cablelint` command: check | parse | rules | rule.

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

__all__ = ["main"]

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


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    p = argparse.ArgumentParser(
        prog="cablelint",
        description="Check the format of U.S. State Department telegrams (cables).")
    p.add_argument("--version", action="version", version=f"cablelint {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="lint files and directories ('-' reads stdin)")
    c.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    c.add_argument("--output-format", default="full",
                   choices=["full", "text", "concise", "json"],
                   help="output format (default: full)")
    c.add_argument("--output-file", metavar="FILE", help="write the report to FILE")
    c.add_argument("--select", action="append", metavar="CODES", help="rules to run (codes, names, prefixes, ALL)")
    c.add_argument("--extend-select", action="append", metavar="CODES", help="rules to add to the selection")
    c.add_argument("--ignore", action="append", metavar="CODES", help="rules to leave out")
    c.add_argument("--extend-ignore", action="append", metavar="CODES", help="more rules to leave out")
    c.add_argument("--cable-date", type=_date, metavar="YYYY-MM-DD",
                   help="date for date-dependent rules when a cable has no DTG line")
    c.add_argument("--max-line-length", type=int, metavar="N", help="line length limit (F004; default 72)")
    c.add_argument("--stdin-filename", metavar="NAME", help="the path to report for stdin input")
    c.add_argument("--fix", action="store_true", help="apply safe fixes")
    c.add_argument("--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too")
    c.add_argument("--fail-on", choices=["error", "warning", "info"],
                   help="lowest severity that makes the exit status 1 (default: warning)")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    c.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    c.add_argument("--statistics", action="store_true", help="print counts per rule instead of the list")

    pa = sub.add_parser("parse", help="print the cable as the grammar understood it")
    pa.add_argument("path", metavar="PATH", help="a cable file ('-' reads stdin)")
    pa.add_argument("--output-format", default="json", choices=["json", "tree"])

    sub.add_parser("rules", help="list all rules").add_argument(
        "--output-format", default="text", choices=["text", "json"])
    r = sub.add_parser("rule", help="print a rule's documentation")
    r.add_argument("code", metavar="CODE", help="a rule code or name, e.g. H108")
    r.add_argument("--output-format", default="text", choices=["text", "json"])

    sv = sub.add_parser("server", help="run the language server (LSP over stdio; needs cablelint[lsp])")
    sv.add_argument("--debounce-ms", type=int, default=None, metavar="MS",
                    help="delay before linting after an edit (default: 100)")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "parse":
            return _parse(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "rule":
            return _rule(args)
        if args.command == "server":
            return _server(args)
        parser.print_help()
        return EXIT_ERROR
    except UsageError as exc:
        print(f"cablelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `cablelint check ... | head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_FOUND


# ------------------------------------------------------------------------------ check
@dataclass
class OutputOptions:
    output_format: str
    color: bool
    unsafe_fixes: bool
    show_summary: bool = True


def _settings_from_args(args):
    from .diagnostics import Severity
    from .settings import SelectorError, Settings, validate_selectors

    settings = Settings()
    changes = {}
    if args.select:
        changes["select"] = _csv(args.select)
    if args.extend_select:
        changes["extend_select"] = _csv(args.extend_select)
    if args.ignore:
        changes["ignore"] = _csv(args.ignore)
    if args.extend_ignore:
        changes["extend_ignore"] = _csv(args.extend_ignore)
    if args.cable_date:
        changes["cable_date"] = args.cable_date
    if args.max_line_length:
        changes["max_line_length"] = args.max_line_length
    if args.fail_on:
        changes["fail_on"] = Severity(args.fail_on)
    changes["unsafe_fixes"] = bool(args.unsafe_fixes)
    try:
        for key in ("select", "extend_select", "ignore", "extend_ignore"):
            if key in changes:
                validate_selectors(changes[key], f"--{key.replace('_', '-')}")
    except SelectorError as exc:
        raise UsageError(str(exc)) from None
    return settings.with_(**changes)


def _check(args) -> int:
    from .discovery import iter_files
    from .engine import ReadError, lint_source, read_file
    from .fixer import encode, fix_source, write_atomic
    from .settings import resolve_rules
    from .source import Source

    settings = _settings_from_args(args)
    if args.unsafe_fixes and not args.fix:
        pass  # --unsafe-fixes alone marks unsafe fixes as applicable in the summary
    results = []
    read_errors: list[str] = []
    instances: dict = {}
    paths = args.paths or ["."]
    if "-" in paths and len(paths) > 1:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    for path in (["-"] if paths == ["-"] else iter_files(paths, settings)):
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
                display = args.stdin_filename or "-"
            else:
                data = read_file(path, settings.max_file_bytes)
                display = path
        except ReadError as exc:
            read_errors.append(str(exc))
            continue
        source = Source.from_bytes(data, display)
        rules = resolve_rules(settings, display)
        if args.fix:
            result = fix_source(source, settings, rules, unsafe=args.unsafe_fixes, instances=instances)
            if result.fixed_text is not None:
                fixed = encode(result.fixed_text, source.encoding)
                if path == "-":
                    sys.stdout.buffer.write(fixed)
                    sys.stdout.flush()
                else:
                    write_atomic(path, fixed)
            elif path == "-":
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
        else:
            result = lint_source(source, settings, rules, instances)
        results.append(result)

    results.sort(key=lambda r: r.path)
    rule_errors = [e for r in results for e in r.rule_errors]
    for msg in read_errors:
        print(f"cablelint: error: {msg}", file=sys.stderr)
    for err in rule_errors:
        print(f"cablelint: internal error: rule {err}", file=sys.stderr)

    stdin_fixed = args.fix and paths == ["-"]
    out_stream = sys.stderr if stdin_fixed else sys.stdout
    color = _use_color(args.color, out_stream if not args.output_file else None)
    options = OutputOptions(args.output_format, color, args.unsafe_fixes,
                            show_summary=not stdin_fixed)
    if args.statistics:
        report = _statistics(results)
    else:
        from . import formatters

        report = formatters.get(args.output_format).render(results, options)
    if args.output_file:
        with open(args.output_file, "w", encoding="utf-8") as fh:
            fh.write(report)
    else:
        out_stream.write(report)
        out_stream.flush()

    if read_errors or rule_errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    threshold = settings.fail_on.rank
    failing = any(d.severity.rank >= threshold for r in results for d in r.diagnostics)
    return EXIT_FOUND if failing else EXIT_OK


def _statistics(results) -> str:
    from collections import Counter

    counts: Counter = Counter()
    names: dict[str, str] = {}
    fixable: Counter = Counter()
    for r in results:
        for d in r.diagnostics:
            counts[d.code] += 1
            names[d.code] = d.name
            if d.fix is not None and d.fix.is_safe:
                fixable[d.code] += 1
    lines = [f"{n:>7}  {code}  {'[*]' if fixable[code] else '   '} {names[code]}"
             for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append(f"Found {sum(counts.values())} problems in {sum(1 for r in results if r.diagnostics)} files.")
    return "\n".join(lines) + "\n"


def _use_color(mode: str, stream) -> bool:
    if mode == "always":
        return True
    if mode == "never" or stream is None or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


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
    from .registry import rule_by_selector

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


def rule_markdown(r) -> str:
    """The rule's documentation page, as `cablelint rule` prints it and docs/rules/ holds it."""
    fix = {"none": "No fix.", "safe": "Fix: safe (applied by `--fix`).",
           "unsafe": "Fix: unsafe (applied with `--fix --unsafe-fixes`).",
           "sometimes": "Fix: sometimes available."}[r.fix]
    doc = r.doc()
    summary, _, body = doc.partition("\n")
    return (f"# {r.name} ({r.code})\n\n{summary}\n\n"
            f"Severity: {r.default_severity.value}. Default: {'on' if r.default_on else 'opt-in'}. {fix}\n\n"
            f"{body.strip()}\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
