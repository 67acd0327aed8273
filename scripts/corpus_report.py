"""Figures over a corpus directory: crashes, F001 rate, classification agreement, rule trips.

    python scripts/corpus_report.py ../shared/corpus
    python scripts/corpus_report.py ../shared/corpus --select ALL     # opt-in rules too

The directory holds `cables/` (and optionally `partial/`) with the manifests described in
the corpus README (`manifest.tsv`: `id`, `rewrapped`, `classification`). Prints:
  * files read, crashes (an exception from the parser, the model or a rule), seconds;
  * F001 on the cables whose manifest says `rewrapped = no`;
  * the parsed classification against the manifest's banner classification (normalized:
    spaces removed, `UNCLAS` = `UNCLASSIFIED`, `//` controls dropped);
  * for every rule: how many cables trip it and how many diagnostics it gives.
A report, not a test: tests/test_corpus.py holds the thresholds.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cablelint.engine import lint_source, tune_gc
from cablelint.settings import Settings, resolve_rules
from cablelint.source import Source


def _rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _norm(s: str) -> str:
    s = "".join(s.split()).upper().split("//")[0]
    return {"UNCLAS": "UNCLASSIFIED"}.get(s, s)


@dataclass
class Figures:
    files: int = 0
    crashes: list[str] = field(default_factory=list)
    intact: int = 0  # cables whose manifest says rewrapped = no
    f001: int = 0  # ... of which with an F001
    banners: int = 0  # cables whose manifest gives a banner classification
    agree: int = 0  # ... of which the parsed classification matches
    mismatches: list[tuple[str, str, str | None]] = field(default_factory=list)
    trips: Counter = field(default_factory=Counter)  # code -> cables with a finding
    counts: Counter = field(default_factory=Counter)  # code -> findings
    seconds: float = 0.0


def measure(corpus: Path, settings: Settings) -> Figures:
    """Lint every file of the corpus (cables, then partial extracts) and compare with its
    manifest. tests/test_corpus.py asserts its thresholds on these same figures."""
    rules = resolve_rules(settings)
    cables = {r["id"]: r for r in _rows(corpus / "manifest.tsv")}
    files = sorted((corpus / "cables").glob("*.txt")) + sorted((corpus / "partial").glob("*.txt"))
    fig = Figures(files=len(files))
    instances: dict = {}
    t0 = time.perf_counter()
    for path in files:
        try:
            result = lint_source(Source.from_bytes(path.read_bytes(), str(path)), settings, rules, instances)
        except Exception:
            fig.crashes.append(f"{path}: {traceback.format_exc(limit=2)}")
            continue
        fig.crashes.extend(str(e) for e in result.rule_errors)
        codes = Counter(d.code for d in result.diagnostics)
        fig.counts.update(codes)
        fig.trips.update(codes.keys())
        row = cables.get(path.stem) if path.parent.name == "cables" else None
        if row is None:
            continue
        if row.get("rewrapped") == "no":
            fig.intact += 1
            fig.f001 += bool(result.cable.syntax_problems)
        if row.get("classification"):
            fig.banners += 1
            got = result.cable.classification
            if (got or "").startswith(_norm(row["classification"])):
                fig.agree += 1
            else:
                fig.mismatches.append((path.stem, row["classification"], got))
    fig.seconds = time.perf_counter() - t0
    return fig


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--select", default=None, help="rule selection (default: the default rule set)")
    args = ap.parse_args()
    settings = Settings(select=tuple(args.select.split(","))) if args.select else Settings()
    tune_gc()
    fig = measure(args.corpus, settings)
    if not fig.files:
        print(f"no cables under {args.corpus}", file=sys.stderr)
        return 2

    print(f"files: {fig.files}   crashes: {len(fig.crashes)}   {fig.seconds:.1f} s")
    for c in fig.crashes[:20]:
        print("  crash:", c)
    if fig.intact:
        print(f"F001 on rewrapped=no cables: {fig.f001}/{fig.intact} ({100 * fig.f001 / fig.intact:.2f} %)")
    if fig.banners:
        print(f"classification = manifest banner: {fig.agree}/{fig.banners} "
              f"({100 * fig.agree / fig.banners:.2f} %)")
        for m in fig.mismatches[:20]:
            print("  differs:", *m)
    print(f"\n{'rule':6} {'cables':>7} {'diagnostics':>12}")
    for rule in sorted(resolve_rules(settings), key=lambda r: r.code):
        print(f"{rule.code:6} {fig.trips[rule.code]:7d} {fig.counts[rule.code]:12d}")
    return 1 if fig.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
