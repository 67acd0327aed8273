"""Throughput, parse ratio, memory and cold-start figures for cablelint.

    python benchmarks/run.py --corpus ../shared/corpus            # the corpus cables
    python benchmarks/run.py --corpus DIR --grow 10 --jobs 2       # scaling and parallel runs

Prints, on the same files in the same run:
  * files, MB, the time of a bare Lark parse with the project's grammar (no model, no rules):
    with Lark's own token and parser loops, and with the inline loops cablelint runs
    (`cablelint.parse_loops`: the same tokens and trees),
  * the full default rule set in this process (bytes -> diagnostics), cables/s, MB/s, and the
    ratio to each bare parse, with the time of its stages (source, parse and model, rules),
  * the `cablelint check` command over the directory with --jobs 1 and --jobs N: wall time
    (best of --cli-repeat runs), MB/s, peak RSS of the process tree (JSON output; --formats
    for others),
  * a cold single-file `cablelint check` (median of several runs),
  * with --grow N: the corpus copied 1x, ..., Nx under a temporary directory, to show how time
    and peak memory scale (json-lines output; --grow-formats for others).
Figures only; no assertions (performance targets live here, not in unit tests).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def collect(corpus: Path, limit: int | None) -> list[Path]:
    base = corpus / "cables" if (corpus / "cables").is_dir() else corpus
    files = sorted(p for p in base.rglob("*") if p.suffix in (".txt", ".cable", ".md") and p.is_file())
    return files[:limit] if limit else files


def program() -> list[str]:
    """The command users run: the `cablelint` console script of this Python's environment,
    else `python -m cablelint` (which also pays for runpy, a few ms)."""
    script = Path(sys.executable).with_name("cablelint")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "cablelint"]


# Linux keeps a process's peak RSS across fork and exec, so a child started straight from this
# script (which holds the corpus in memory) would report this script's peak as its own. The
# command is therefore started by a small launcher process, and it is the launcher's fresh
# child whose peak is read (with the workers it reaped: wait4 gives the larger of the two);
# the launcher times the child too, so its own start-up is not counted.
_LAUNCHER = """
import os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(argv[0], argv)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - t0
with open(out, "w") as fh:
    fh.write(f"{elapsed} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_cli(args: list[str]) -> tuple[float, int, int]:
    """Wall seconds, exit status and peak RSS (KiB) of a `cablelint` process (the largest of
    the process and its `--jobs` workers, not their sum)."""
    with tempfile.NamedTemporaryFile("r", prefix="cablelint-run-") as result:
        code = subprocess.run([sys.executable, "-c", _LAUNCHER, result.name, *program(), *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        elapsed, rss = result.read().split()
    return float(elapsed), code, int(rss)


def in_process(files: list[Path], repeat: int) -> None:
    from cablelint.engine import analyze, lint_source, tune_gc
    from cablelint.parse import build_parser
    from cablelint.settings import Settings, resolve_rules
    from cablelint.source import Source

    datas = [f.read_bytes() for f in files]
    mb = sum(map(len, datas)) / 1e6
    print(f"files: {len(files)}   size: {mb:.2f} MB   (best of {repeat} runs, alternating)")

    # Bare parse: the project's grammar and parser settings, building the tree, on the
    # normalized texts the grammar reads; recovery errors are skipped. Once with Lark's own
    # loops, once with the inline loops the linter runs.
    texts = [Source.from_bytes(d).normalized_text() for d in datas]
    bare_lark, bare_ours = build_parser(inline_loops=False), build_parser()
    tune_gc()  # as the command line does
    settings = Settings()
    rules = resolve_rules(settings)
    instances: dict = {}
    t_lark = t_ours = t_full = t_source = t_model = float("inf")
    n_diag = 0

    def parse_all(parser) -> float:
        t0 = time.perf_counter()
        for text in texts:
            try:
                parser.parse(text)
            except Exception:
                pass
        return time.perf_counter() - t0

    for _ in range(repeat):  # alternate, so that a noisy neighbour slows all alike
        t_lark = min(t_lark, parse_all(bare_lark))
        t_ours = min(t_ours, parse_all(bare_ours))
        t0 = time.perf_counter()
        n_diag = 0
        for data, path in zip(datas, files):
            n_diag += len(lint_source(Source.from_bytes(data, str(path)), settings, rules, instances).diagnostics)
        t_full = min(t_full, time.perf_counter() - t0)
        # The first stages alone, file by file (nothing kept), for where the full time goes.
        source_s = model_s = 0.0
        for data, path in zip(datas, files):
            t0 = time.perf_counter()
            source = Source.from_bytes(data, str(path))
            t1 = time.perf_counter()
            analyze(source)
            model_s += time.perf_counter() - t1
            source_s += t1 - t0
        t_source, t_model = min(t_source, source_s), min(t_model, model_s)
    for label, t in (("bare Lark parse:", t_lark), ("  inline loops:", t_ours)):
        print(f"{label:20s}{t:7.2f} s   {len(files) / t:8.0f} cables/s   {mb / t:6.2f} MB/s")
    print(f"full default rules: {t_full:7.2f} s   {len(files) / t_full:8.0f} cables/s   {mb / t_full:6.2f} MB/s"
          f"   ({n_diag} diagnostics, {len(rules)} rules)")
    print(f"ratio full / bare Lark parse: {t_full / t_lark:5.2f}   (full / inline-loop parse: {t_full / t_ours:.2f})")
    print(f"  stages: source (decode, lines, residue) {t_source:.2f} s, parse and model {t_model:.2f} s "
          f"(the model {t_model - t_ours:.2f} s over the inline-loop parse), rules and diagnostics "
          f"{t_full - t_source - t_model:.2f} s")


def cli_runs(directory: Path, files: list[Path], jobs: int, formats: list[str], repeat: int) -> None:
    """Each command `repeat` times, the --jobs variants alternating (a noisy neighbour slows
    all alike); the best time is shown, and the spread."""
    mb = sum(f.stat().st_size for f in files) / 1e6
    for fmt in formats:
        runs: dict[int, list[tuple[float, int, int]]] = {j: [] for j in sorted({1, jobs})}
        for _ in range(repeat):
            for j in runs:
                runs[j].append(run_cli(["check", "--output-format", fmt, "--exit-zero", "--jobs", str(j), str(directory)]))
        base = None
        for j, results in runs.items():
            t, code, rss = min(results)
            base = base or t
            spread = f"   (best of {len(results)}; slowest {max(r[0] for r in results):.2f} s)" if len(results) > 1 else ""
            print(f"cablelint check --jobs {j} ({fmt}): {t:7.2f} s   {mb / t:6.2f} MB/s   peak RSS {rss / 1024:6.0f} MiB"
                  f"   speed-up {base / t:4.2f}x   (exit {code}){spread}")


def cold_start(sample: Path, runs: int = 9) -> None:
    times = []
    for _ in range(runs):
        t, _code, _ = run_cli(["check", str(sample)])
        times.append(t)
    print(f"cold single-file check: median {statistics.median(times) * 1000:6.0f} ms "
          f"(min {min(times) * 1000:.0f} ms, {runs} runs, {sample.name}, {' '.join(program()[-2:])})")


def grow(files: list[Path], factor: int, jobs: int, formats: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="cablelint-bench-") as tmp:
        root = Path(tmp)
        for k in range(1, factor + 1):
            dest = root / f"copy{k}"
            dest.mkdir()
            for f in files:
                shutil.copyfile(f, dest / f.name)
            if k in (1, 2, 5, 10) or k == factor:
                n = len(files) * k
                mb = sum(f.stat().st_size for f in files) * k / 1e6
                for fmt in formats:
                    t, _code, rss = run_cli(["check", "--output-format", fmt, "--exit-zero",
                                             "--jobs", str(jobs), str(root)])
                    print(f"grow {k:2d}x ({fmt}): {n:7d} files {mb:8.1f} MB   {t:7.2f} s   {mb / t:6.2f} MB/s   "
                          f"peak RSS {rss / 1024:6.0f} MiB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("CABLELINT_CORPUS", "../shared/corpus")))
    ap.add_argument("--limit", type=int, help="only the first N files")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--grow", type=int, default=0, help="also copy the files up to N times and rerun")
    ap.add_argument("--formats", default="json", help="output formats of the command runs (comma-separated)")
    ap.add_argument("--grow-formats", default="json-lines", help="output formats of the --grow runs "
                    "(comma-separated; e.g. json-lines,sarif,junit to see each format's memory)")
    ap.add_argument("--skip-cli", action="store_true", help="in-process figures only")
    ap.add_argument("--cold-only", action="store_true", help="only the cold single-file check (run it with "
                    "the Python of a clean, non-editable install for the figure users see)")
    ap.add_argument("--repeat", type=int, default=3, help="in-process runs (the best is shown)")
    ap.add_argument("--cli-repeat", type=int, default=3, help="runs of each command (the best is shown)")
    args = ap.parse_args()
    files = collect(args.corpus, args.limit)
    if not files:
        print(f"no cable files under {args.corpus}", file=sys.stderr)
        return 2
    if args.cold_only:
        cold_start(files[len(files) // 2])
        return 0
    in_process(files, args.repeat)
    if not args.skip_cli:
        directory = files[0].parent if args.limit is None else _limited_copy(files)
        cli_runs(directory, files, args.jobs, args.formats.split(","), args.cli_repeat)
        cold_start(files[len(files) // 2])
        if args.grow:
            grow(files, args.grow, args.jobs, args.grow_formats.split(","))
    return 0


def _limited_copy(files: list[Path]) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="cablelint-bench-"))
    for f in files:
        shutil.copyfile(f, tmp / f.name)
    return tmp


if __name__ == "__main__":
    sys.exit(main())
