"""Large and hostile inputs: time must grow linearly with size (no quadratic path).

    python benchmarks/hostile.py            # 1, 5, 10 and 20 MB of each shape
    python benchmarks/hostile.py --max-mb 5

For each shape the script builds inputs of growing size in memory, lints each once with the
default rules, and prints seconds and seconds per MB; a flat s/MB column is linear time.
Figures only, no assertions (the unit tests check the same inputs for correctness at small
sizes: tests/test_hostile.py).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

CABLE = (Path(__file__).resolve().parent.parent / "examples" / "08USUNNEWYORK314.md").read_bytes()


def shapes() -> dict:
    rnd = random.Random(1)
    return {
        "cables back to back": lambda n: CABLE * (n // len(CABLE) + 1),
        "one line": lambda n: b"1. (C) " + b"word " * (n // 5) + b"\n",
        "section banners": lambda n: b"".join(
            b"UNCLAS SECTION %02d OF 99 STATE 012345\n" % (i % 100) for i in range(n // 38 + 1)),
        "TAGS tokens": lambda n: b"UNCLAS STATE 012345\nE.O. 12958: N/A\nTAGS: " + b"PREL " * (n // 5) + b"\n",
        "binary": lambda n: bytes(rnd.randrange(256) for _ in range(min(n, 4_000_000))) * (n // 4_000_000 + 1),
        "markdown residue": lambda n: b"TAGS: " + b"[PREL](#) " * (n // 10) + b"\n",
        "page markers": lambda n: b"1. (C) text\n" + b"TBILISI 00002290  006 OF 006\nmore text here\n" * (n // 44),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-mb", type=float, default=20)
    args = ap.parse_args()
    from cablelint.engine import lint_source, tune_gc
    from cablelint.settings import Settings, resolve_rules
    from cablelint.source import Source

    tune_gc()
    settings = Settings()
    rules = resolve_rules(settings)
    sizes = [s for s in (1, 5, 10, 20) if s <= args.max_mb]
    print(f"{'shape':22} " + " ".join(f"{s:>5} MB s  s/MB" for s in sizes))
    for name, make in shapes().items():
        cells = []
        for mb in sizes:
            data = make(int(mb * 1_000_000))[: int(mb * 1_000_000)]
            gc.collect()  # the previous input's millions of objects must not be scanned during this one
            t0 = time.perf_counter()
            result = lint_source(Source.from_bytes(data, name), settings, rules)
            elapsed = time.perf_counter() - t0
            assert not result.rule_errors, result.rule_errors
            del result
            cells.append(f"{elapsed:8.2f} {elapsed / mb:5.2f}")
        print(f"{name:22} " + " ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
