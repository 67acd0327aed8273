"""Editor latency of `cablelint server`: time from `didChange` to `publishDiagnostics`.

    python benchmarks/lsp_latency.py                      # a synthetic 2,000-line cable
    python benchmarks/lsp_latency.py --file CABLE.txt     # a real cable of your choice
    python benchmarks/lsp_latency.py --lines 5000 --edits 100

Starts `cablelint server --debounce-ms 0` as an editor would (stdio, a pygls client), opens the
cable, then types: each edit inserts one character in the middle of the document (an
incremental change, as editors send them) and waits for the diagnostics of that version.
Prints, per edit (min, median, p90, max; on a shared machine the minimum is the best
estimate of the cost itself):

  * server   - from the server's `didChange` handler to the `publishDiagnostics` it sent
               (reported by the server itself with `logTimings`): linting the whole document,
               building the LSP diagnostics, serializing and writing them; and the server
               process's CPU time over the same interval (on a machine shared with other
               work, the figure that does not count waiting for a core);
  * lint     - of which the engine plus the conversion to LSP diagnostics (in the linter thread);
  * client   - wall time in this process from sending the change to receiving the diagnostics
               (adds the pipe and both sides' JSON encoding and decoding);

and, for comparison, the engine alone in this process on the same text. The configured
debounce delay (100 ms by default) comes on top of these figures in an editor. Figures only:
no assertions (performance targets live here, not in unit tests).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import textwrap
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "08USUNNEWYORK314.md"
TIMING = re.compile(r"v(\d+): (\d+) diagnostics, lint ([\d.]+) ms, ([\d.]+) ms since the notification "
                    r"\(([\d.]+) ms CPU\)")


def synthetic_cable(lines: int) -> str:
    """The example cable's header, then its paragraphs wrapped at 69 columns and repeated
    (renumbered) until the cable has `lines` lines; trailing blanks and link residue stay,
    so the document carries diagnostics like a pasted web copy."""
    text = EXAMPLE.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n[1](#)1. ")
    paragraphs = [re.sub(r"^\(C\) ", "", p).strip() for p in re.split(r"\n\n\[1\]\(#\)\d+\. ", "1. " + body)]
    paragraphs = [re.sub(r"^1\. ", "", p) for p in paragraphs if len(p) > 200]
    out = head.split("\n") + [""]
    number = 0
    while len(out) < lines - 2:
        number += 1
        wrapped = textwrap.wrap(f"{number}. (C) {paragraphs[number % len(paragraphs)]}", 69)
        out.extend(wrapped[: lines - 2 - len(out)])
        out.append("")
    out.append("KHALILZAD")
    return "\n".join(out[:lines]) + "\n"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def row(name: str, values: list[float]) -> str:
    return (f"  {name:<8} min {min(values):6.1f}   median {statistics.median(values):6.1f}   "
            f"p90 {percentile(values, 0.9):6.1f}   max {max(values):6.1f} ms")


async def run(text: str, edits: int, path: Path) -> None:
    client = LanguageClient("lsp-latency", "1")
    published: dict[int, float] = {}
    timings: dict[int, tuple[int, float, float, float]] = {}
    arrived = asyncio.Event()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(ls, params: lsp.PublishDiagnosticsParams):
        published[params.version] = time.perf_counter()
        arrived.set()

    @client.feature(lsp.WINDOW_LOG_MESSAGE)
    def on_log(ls, params: lsp.LogMessageParams):
        m = TIMING.search(params.message)
        if m:
            timings[int(m.group(1))] = (int(m.group(2)), float(m.group(3)), float(m.group(4)), float(m.group(5)))
            arrived.set()

    async def wait_for(version: int) -> None:
        while version not in published or version not in timings:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 30)

    await client.start_io(sys.executable, "-m", "cablelint", "server", "--debounce-ms", "0")
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(),
                                                       initialization_options={"logTimings": True}))
    client.initialized(lsp.InitializedParams())
    uri = path.resolve().as_uri()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=uri, language_id="cable", version=1, text=text)))
    await wait_for(1)
    n_lines = text.count("\n")
    middle = n_lines // 2
    sent: dict[int, float] = {}
    for version in range(2, edits + 2):
        change = lsp.TextDocumentContentChangePartial(
            range=lsp.Range(start=lsp.Position(line=middle, character=0), end=lsp.Position(line=middle, character=0)),
            text="X" if version % 2 == 0 else "")
        if version % 2:  # undo the previous insertion, so the document stays the same size
            change.range.end = lsp.Position(line=middle, character=1)
        sent[version] = time.perf_counter()
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))
        await wait_for(version)
    await client.shutdown_async(None)
    client.exit(None)
    await asyncio.sleep(0.2)
    await client.stop()

    versions = range(2, edits + 2)
    diagnostics = timings[edits + 1][0]
    print(f"document: {n_lines} lines, {len(text.encode('utf-8'))} bytes, {diagnostics} diagnostics; "
          f"{edits} edits, debounce 0 ms")
    print(row("server", [timings[v][2] for v in versions]))
    print(row("  CPU", [timings[v][3] for v in versions]))
    print(row("lint", [timings[v][1] for v in versions]))
    print(row("client", [1000 * (published[v] - sent[v]) for v in versions]))
    print(f"  first open (cold server, after warm-up): lint {timings[1][1]:.1f} ms")


def engine_alone(text: str, path: str, repeat: int) -> None:
    from cablelint.engine import lint_source
    from cablelint.lsp import build_diagnostics, split_lines
    from cablelint.settings import Settings
    from cablelint.source import Source

    settings = Settings()
    lint_source(Source.from_text(text, path), settings)  # warm: grammar, rule modules
    lint_ms, lint_cpu, convert_ms = [], [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = lint_source(Source.from_text(text, path), settings)
        t1, c1 = time.perf_counter(), time.process_time()
        build_diagnostics(result, split_lines(text), version=1)
        t2 = time.perf_counter()
        lint_ms.append(1000 * (t1 - t0))
        lint_cpu.append(1000 * (c1 - c0))
        convert_ms.append(1000 * (t2 - t1))
    print("in this process, same text:")
    print(row("engine", lint_ms))
    print(row("  CPU", lint_cpu))
    print(row("to LSP", convert_ms))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, help="a cable to edit (default: a synthetic one)")
    parser.add_argument("--lines", type=int, default=2000, help="lines of the synthetic cable (default 2000)")
    parser.add_argument("--edits", type=int, default=50, help="number of edits (default 50)")
    args = parser.parse_args()
    if args.file:
        text = args.file.read_bytes().decode("utf-8", errors="replace")
        path = args.file
    else:
        text = synthetic_cable(args.lines)
        path = Path("synthetic-2000.txt").resolve()
    asyncio.run(run(text, args.edits, path))
    engine_alone(text, str(path), min(args.edits, 30))
    return 0


if __name__ == "__main__":
    sys.exit(main())
