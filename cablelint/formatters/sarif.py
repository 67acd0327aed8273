"""`sarif`: SARIF 2.1.0 for GitHub code scanning (linter-conventions.md §13).

- One run; `tool.driver.rules` holds the rules that reported, with their documentation
  (summary, "What it does", the whole text as help, the docs URL, default level, tags).
- Paths are relative to the current directory (the repository root in CI) with
  `uriBaseId: "%SRCROOT%"`; a file outside it gets an absolute `file://` URI.
- Regions are 1-based with exclusive ends, columns in Unicode code points
  (`columnKind: "unicodeCodePoints"`).
- `partialFingerprints["cablelint/v1"]` is the baseline fingerprint with its occurrence index,
  so alerts keep their identity when lines move. With a baseline, results carry
  `baselineState: "new"`.
- GitHub's limits are respected (25,000 results per run, 10 MB gzip-compressed, 20 tags per
  rule): above them the most severe results are kept, and the run says so in a notification
  and on stderr. Split archive-scale runs by directory for complete uploads.
"""

from __future__ import annotations

import gzip
import heapq
import json
import os
import sys
from urllib.parse import quote

from . import SARIF_LEVEL, relative_path, render_with

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000
MAX_GZIP_BYTES = 10 * 1000 * 1000
MAX_TAGS = 20


def _rule_descriptor(code: str, name: str) -> dict:
    from ..registry import rule_by_selector

    found = rule_by_selector(code)
    rule = found[0] if len(found) == 1 else None
    if rule is None:  # a third-party rule unloaded since: identity only
        return {"id": code, "name": name}
    what = rule.section("What it does") or rule.summary()
    doc = rule.doc()
    tags = list(dict.fromkeys((rule.family(), *rule.tags)))[:MAX_TAGS]
    level = SARIF_LEVEL[rule.default_severity.value]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": " ".join(what.split())},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": tags, "precision": "very-high",
                       "problem.severity": {"note": "recommendation"}.get(level, level)},
    }


def _location(path: str, srcroot: str) -> dict:
    rel = relative_path(path, srcroot)
    if os.path.isabs(rel) or path == "-":
        if path == "-":
            return {"uri": "stdin"}
        return {"uri": "file://" + quote(rel.replace(os.sep, "/"), safe="/:")}
    return {"uri": quote(rel, safe="/"), "uriBaseId": "%SRCROOT%"}


def _region(span) -> dict:
    end_col = span.end_column
    if span.end_line == span.line and end_col <= span.column:
        end_col = span.column + 1  # GitHub needs a non-empty region to display
    return {"startLine": span.line, "startColumn": span.column,
            "endLine": span.end_line, "endColumn": end_col}


def _fix(fix, artifact: dict) -> dict:
    label = fix.title or "apply the fix"
    if not fix.is_safe:
        label += " (unsafe)"
    return {
        "description": {"text": label},
        "artifactChanges": [{
            "artifactLocation": artifact,
            "replacements": [{
                "deletedRegion": {"startLine": e.span.line, "startColumn": e.span.column,
                                  "endLine": e.span.end_line, "endColumn": e.span.end_column},
                "insertedContent": {"text": e.replacement},
            } for e in fix.edits],
        }],
    }


def render(results, options) -> str:
    return render_with(Writer, results, options)


class Writer:
    """A run's document, written at its end: of the results that come, only the
    `MAX_RESULTS` most severe (the earliest first among equals) are kept, in a heap, and the
    others counted; memory stays flat however many files the run has."""

    def __init__(self, out, options) -> None:
        self.out, self.options = out, options
        self.srcroot = os.getcwd()
        # (rank, -order, diagnostic, artifact, fingerprint): on top, the least severe kept
        # result, the latest among equals (orders differ: the diagnostics are never compared)
        self.kept: list[tuple] = []
        self.total = 0

    def write(self, r) -> None:
        from ..baseline import occurrences

        artifact = _location(r.path, self.srcroot)
        fps = occurrences(r) if getattr(r, "fingerprints", None) else [None] * len(r.diagnostics)
        kept = self.kept
        for d, fp in zip(r.diagnostics, fps):
            item = (d.severity.rank, -self.total, d, artifact, fp)
            self.total += 1
            if len(kept) < MAX_RESULTS:
                heapq.heappush(kept, item)
            elif item[0] > kept[0][0]:  # more severe than the least severe kept (and later)
                heapq.heapreplace(kept, item)

    def close(self) -> None:
        from .. import __version__

        options, total = self.options, self.total
        entries = sorted((-rank, -neg_order, d, artifact, fp) for rank, neg_order, d, artifact, fp in self.kept)
        notifications = [{"level": level, "message": {"text": text}} for level, text in options.notifications]
        keep = len(entries)
        while True:
            doc = _document(entries[:keep], total, options, notifications, self.srcroot, __version__)
            text = json.dumps(doc, ensure_ascii=False) + "\n"
            data = text.encode("utf-8")
            if keep <= 1000 or len(data) <= MAX_GZIP_BYTES or len(gzip.compress(data, 6)) <= MAX_GZIP_BYTES:
                break
            keep //= 2
        if keep < total:
            print(f"cablelint: SARIF: {total} results exceed GitHub's limits (25,000 results, 10 MB "
                  f"gzip-compressed per run); wrote the {keep} most severe. Split the run by directory "
                  "(one upload category each) for complete results.", file=sys.stderr)
        self.out.write(text)


def _document(chosen, total, options, notifications, srcroot, version) -> dict:
    """`chosen`: (-rank, order, diagnostic, artifact, fingerprint), the most severe first."""
    keep = len(chosen)
    chosen = sorted(chosen, key=lambda e: e[1])  # back to path/line order
    rule_index: dict[str, int] = {}
    rules = []
    results = []
    for _rank, _order, d, artifact, fp in chosen:
        if d.code not in rule_index:
            rule_index[d.code] = len(rules)
            rules.append(_rule_descriptor(d.code, d.name))
        result = {
            "ruleId": d.code,
            "ruleIndex": rule_index[d.code],
            "level": SARIF_LEVEL[d.severity.value],
            "message": {"text": d.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": _region(d.span)}}],
        }
        if fp is not None:
            result["partialFingerprints"] = {"cablelint/v1": fp}
        if options.baseline:
            result["baselineState"] = "new"
        if d.fix is not None and d.fix.edits:
            result["fixes"] = [_fix(d.fix, artifact)]
        results.append(result)
    notes = list(notifications)
    if keep < total:
        notes.append({"level": "warning", "message": {
            "text": f"{total} results; only the {keep} most severe are included (GitHub code "
                    "scanning limits). Split the run by directory for complete results."}})
    invocation: dict = {"executionSuccessful": options.exit_code != 2, "exitCode": options.exit_code}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    run = {
        "tool": {"driver": {"name": "cablelint", "version": version, "semanticVersion": version,
                            "rules": rules}},
        "automationDetails": {"id": "cablelint/"},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file://" + quote(srcroot.replace(os.sep, "/").rstrip("/"), safe="/:") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [invocation],
    }
    if keep < total:
        run["properties"] = {"totalResults": total, "truncated": True}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
