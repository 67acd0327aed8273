"""Baseline: record today's findings once, then report only new ones (linter-conventions.md §6.3).

- **Key:** `(path, code, fingerprint)`, never a line number, so moved lines stay matched.
- **Fingerprint:** the first 16 hex digits of SHA-256 over a version tag, the code and the
  normalized text of the diagnostic's line (rendering residue removed, whitespace runs
  collapsed, trimmed). A diagnostic about something missing points at its anchor line, so
  that line's text is used.
- **Counts:** identical keys carry a count; a check suppresses at most that many matching
  diagnostics in the file, in order of position.
- **Paths:** POSIX, relative to the directory of the baseline file.
- **File:** JSON, entries sorted by path, code, fingerprint, so diffs stay small.

Entries that match nothing any more are *stale*: reported in the summary and removed by
`--prune-baseline`. The same fingerprint, with an occurrence index (`"<hash>:<n>"`), is the
SARIF `partialFingerprints["cablelint/v1"]`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["fingerprints", "occurrences", "Baseline", "BaselineError", "write_baseline",
           "FINGERPRINT_VERSION"]

FINGERPRINT_VERSION = "cablelint-fingerprint-v1"
FILE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a cablelint baseline: exit status 2."""


def _line_texts(source) -> dict[int, str]:
    """1-based original line -> its normalized text (the pieces of a split line joined)."""
    out: dict[int, list[str]] = {}
    for n in source.norm:
        out.setdefault(n.orig + 1, []).append(n.text)
    return {k: " ".join(v) for k, v in out.items()}


def fingerprint(code: str, text: str) -> str:
    normalized = " ".join(text.split())
    data = f"{FINGERPRINT_VERSION}\0{code}\0{normalized}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:16]


def fingerprints(diagnostics, source) -> list[str]:
    """One fingerprint per diagnostic (in the order given)."""
    texts = _line_texts(source)
    lines = source.lines
    out = []
    for d in diagnostics:
        n = d.span.line
        text = texts.get(n)
        if text is None:  # a line normalization set aside entirely (page marker, directive)
            text = lines[n - 1] if 0 < n <= len(lines) else ""
        out.append(fingerprint(d.code, text))
    return out


def occurrences(report) -> list[str]:
    """`<hash>:<n>` per diagnostic: n counts earlier diagnostics of the file with the same code
    and hash, so identical findings on identical lines stay distinct and stable."""
    seen: Counter = Counter()
    out = []
    for d, fp in zip(report.diagnostics, report.fingerprints):
        key = (d.code, fp)
        out.append(f"{fp}:{seen[key]}")
        seen[key] += 1
    return out


def _rel(display: str, base_dir: str) -> str:
    rel = os.path.relpath(os.path.abspath(display), base_dir)
    return rel.replace(os.sep, "/")


@dataclass
class Baseline:
    """A baseline file's entries, and how many of each this run matched."""
    path: str  # absolute path of the baseline file
    entries: dict[tuple[str, str, str], int] = field(default_factory=dict)
    used: Counter = field(default_factory=Counter)
    # baseline path of each file checked -> the codes of the rules that ran on it
    checked: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def directory(self) -> str:
        return os.path.dirname(self.path)

    @classmethod
    def load(cls, path: str) -> "Baseline":
        path = os.path.abspath(path)
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            raise BaselineError(f"{path}: no such baseline file (write one with --write-baseline)") from None
        except (OSError, ValueError) as exc:
            raise BaselineError(f"{path}: cannot read the baseline: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != FILE_VERSION or \
                not isinstance(data.get("entries"), list):
            raise BaselineError(f"{path}: not a cablelint baseline (version {FILE_VERSION})")
        entries: dict[tuple[str, str, str], int] = {}
        for i, e in enumerate(data["entries"]):
            try:
                key = (str(e["path"]), str(e["code"]), str(e["fingerprint"]))
                count = int(e.get("count", 1))
            except (KeyError, TypeError, ValueError):
                raise BaselineError(f"{path}: entry {i} needs path, code, fingerprint and count") from None
            if count < 1:
                raise BaselineError(f"{path}: entry {i}: count must be at least 1")
            entries[key] = entries.get(key, 0) + count
        return cls(path, entries)

    def key_path(self, display: str) -> str:
        return _rel(display, self.directory)

    def filter(self, report) -> None:
        """Drop the diagnostics the baseline accounts for (up to each entry's count); the
        report keeps what matched (`baseline_used`) for `record`. Stateless: workers in
        other processes filter with their own copy."""
        if report.path == "-" or not report.diagnostics:
            return
        rel = self.key_path(report.path)
        used: Counter = Counter()
        kept, kept_fp = [], []
        for d, fp in zip(report.diagnostics, report.fingerprints):
            key = (rel, d.code, fp)
            if used[key] < self.entries.get(key, 0):
                used[key] += 1
            else:
                kept.append(d)
                kept_fp.append(fp)
        report.diagnostics, report.fingerprints = kept, kept_fp
        report.baselined = sum(used.values())
        report.baseline_used = dict(used)

    def record(self, report, ran: "frozenset[str]") -> None:
        """Account for one checked file and the rules that ran on it (for stale entries)."""
        if report.path == "-" or report.error or report.skipped or report.internal_errors:
            return
        self.checked[self.key_path(report.path)] = ran
        self.used.update(report.baseline_used)

    def stale(self) -> list[tuple[tuple[str, str, str], int]]:
        """(key, unmatched count) for entries that matched fewer findings than recorded, in
        files checked in this run by a selection that includes their rule, and for entries
        whose file no longer exists. A narrower run (`--select F004`) leaves the other
        rules' entries alone."""
        out = []
        for key, count in sorted(self.entries.items()):
            rel, code = key[0], key[1]
            if rel in self.checked:
                if code not in self.checked[rel]:
                    continue
                left = count - self.used[key]
            elif not os.path.exists(os.path.join(self.directory, rel)):
                left = count
            else:
                continue
            if left > 0:
                out.append((key, left))
        return out

    def prune(self) -> int:
        """Rewrite the file without its stale entries; returns how many findings were dropped."""
        dropped = 0
        for key, left in self.stale():
            self.entries[key] -= left
            dropped += left
            if self.entries[key] <= 0:
                del self.entries[key]
        _write(self.path, self.entries)
        return dropped


def write_baseline(path: str, reports) -> tuple[int, int]:
    """Write every finding of `reports` to a new baseline; returns (entries, findings)."""
    base_dir = os.path.dirname(os.path.abspath(path))
    entries: Counter = Counter()
    for r in reports:
        if r.path == "-":
            continue
        rel = _rel(r.path, base_dir)
        for d, fp in zip(r.diagnostics, r.fingerprints):
            entries[(rel, d.code, fp)] += 1
    _write(os.path.abspath(path), entries)
    return len(entries), sum(entries.values())


def _write(path: str, entries) -> None:
    from . import __version__
    from .fixer import write_atomic

    data = {
        "version": FILE_VERSION,
        "generated-by": f"cablelint {__version__}",
        "entries": [{"path": p, "code": c, "fingerprint": f, "count": n}
                    for (p, c, f), n in sorted(entries.items())],
    }
    # One entry per line: small diffs when the baseline changes.
    body = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in data["entries"])
    text = (f'{{\n  "version": {FILE_VERSION},\n  "generated-by": {json.dumps(data["generated-by"])},\n'
            f'  "entries": [\n{body}{chr(10) if body else ""}  ]\n}}\n')
    encoded = text.encode("utf-8")
    if os.path.exists(path):
        write_atomic(path, encoded)
    else:
        with open(path, "wb") as fh:
            fh.write(encoded)
