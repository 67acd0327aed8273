"""Output formats. Each module renders a sorted list of file reports with `render(results,
options)`; `get(name)` loads one lazily, so a run pays only for the format it prints."""

from __future__ import annotations

import importlib
import io
import os
from dataclasses import dataclass, field

# format name -> module (aliases share a module)
FORMATS = {
    "full": "text",
    "text": "text",
    "concise": "text",
    "json": "json",
    "json-lines": "json",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
}


@dataclass
class OutputOptions:
    """How a run's results are shown: the format and its switches."""
    output_format: str = "full"
    color: bool = False
    unsafe_fixes: bool = False
    show_summary: bool = True
    fixed: bool = False  # --fix ran: the summary counts what was fixed
    show_fixes: bool = False  # list the fixes applied, per file and code
    baseline: bool = False  # a baseline filtered the results (SARIF baselineState)
    exit_code: int = 0  # the run's exit status (SARIF invocations)
    # ("error" | "warning", text): unreadable files, internal errors, skipped files
    notifications: list[tuple[str, str]] = field(default_factory=list)


_ARRAYS = {"json", "gitlab"}


def writer(output_format: str, out, options: OutputOptions):
    """What writes a run's reports to `out` as they come (`write(report)`, then `close()`),
    byte for byte what the format's `render()` would return for them all: every format is
    written as the files are checked, never held whole in memory. Most are the concatenation
    of per-file fragments (in a JSON array for some); JUnit and SARIF have a `Writer` of their
    own (the totals that head a JUnit document, SARIF's selection of results)."""
    own = getattr(get(output_format), "Writer", None)
    return own(out, options) if own is not None else FragmentWriter(output_format, out)


def render_with(writer_class, results, options: OutputOptions, **kwargs) -> str:
    """What a format's `Writer` writes for `results`, as a string: the format's `render`."""
    out = io.StringIO()
    w = writer_class(out, options, **kwargs)
    for r in results:
        w.write(r)
    w.close()
    return out.getvalue()


class FragmentWriter:
    """Writes per-file fragments as they come, inside the format's frame (a JSON array's
    brackets and commas)."""

    def __init__(self, output_format: str, out) -> None:
        self.array = output_format in _ARRAYS
        self.out = out
        self.any = False

    def write(self, report) -> None:
        fragment = report.fragment
        if not fragment:
            return
        if self.array:
            self.out.write(",\n" if self.any else "[\n")
        self.out.write(fragment)
        self.any = True

    def close(self) -> None:
        if self.array:
            self.out.write("\n]\n" if self.any else "[]\n")


def names() -> list[str]:
    return sorted(FORMATS)


def get(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")


def line_of(result, n: int) -> str | None:
    """The text of line `n` of a result (a FileReport, or a FileResult with its source)."""
    lines = getattr(result, "lines", None)
    if isinstance(lines, dict):
        return lines.get(n)
    src = getattr(result, "source", None)
    if src is not None and 0 < n <= len(src.lines):
        return src.lines[n - 1]
    return None


def relative_path(path: str, base: str | None = None) -> str:
    """POSIX path relative to `base` (default: the current directory) when inside it."""
    if path == "-":
        return path
    base = os.path.abspath(base or os.getcwd())
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:
        rel = absolute
    if rel == ".." or rel.startswith(".." + os.sep):
        rel = absolute
    return rel.replace(os.sep, "/")


# cablelint severity -> (SARIF level, GitHub command, GitLab severity); linter-conventions.md §7.1
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
