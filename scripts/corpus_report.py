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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--select", default=None, help="rule selection (default: the default rule set)")
    args = ap.parse_args()
    settings = Settings(select=tuple(args.select.split(","))) if args.select else Settings()
    rules = resolve_rules(settings)
    tune_gc()
    cables = {r["id"]: r for r in _rows(args.corpus / "manifest.tsv")}
    files = sorted((args.corpus / "cables").glob("*.txt")) + sorted((args.corpus / "partial").glob("*.txt"))
    if not files:
        print(f"no cables under {args.corpus}", file=sys.stderr)
        return 2

    crashes: list[str] = []
    trips: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    intact = f001 = banners = agree = 0
    mismatches: list[tuple[str, str, str | None]] = []
    instances: dict = {}
    t0 = time.perf_counter()
    for path in files:
        try:
            result = lint_source(Source.from_bytes(path.read_bytes(), str(path)), settings, rules, instances)
        except Exception:
            crashes.append(f"{path}: {traceback.format_exc(limit=2)}")
            continue
        crashes.extend(str(e) for e in result.rule_errors)
        codes = Counter(d.code for d in result.diagnostics)
        counts.update(codes)
        trips.update(codes.keys())
        row = cables.get(path.stem) if path.parent.name == "cables" else None
        if row is None:
            continue
        if row.get("rewrapped") == "no":
            intact += 1
            f001 += bool(result.cable.syntax_problems)
        if row.get("classification"):
            banners += 1
            got = result.cable.classification
            if (got or "").startswith(_norm(row["classification"])):
                agree += 1
            else:
                mismatches.append((path.stem, row["classification"], got))
    seconds = time.perf_counter() - t0

    print(f"files: {len(files)}   crashes: {len(crashes)}   {seconds:.1f} s")
    for c in crashes[:20]:
        print("  crash:", c)
    if intact:
        print(f"F001 on rewrapped=no cables: {f001}/{intact} ({100 * f001 / intact:.2f} %)")
    if banners:
        print(f"classification = manifest banner: {agree}/{banners} ({100 * agree / banners:.2f} %)")
        for m in mismatches[:20]:
            print("  differs:", *m)
    print(f"\n{'rule':6} {'cables':>7} {'diagnostics':>12}")
    for rule in sorted(rules, key=lambda r: r.code):
        print(f"{rule.code:6} {trips[rule.code]:7d} {counts[rule.code]:12d}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
