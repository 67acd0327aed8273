"""Run the `cablelint` command in this process: the same `main()` a user runs, with stdin,
stdout and stderr captured as bytes and the working directory set, minus the interpreter
start-up and imports that a subprocess pays on every call (most CLI tests run dozens)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass


@dataclass
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes


def run_cli(*args: str, input: bytes | None = None, cwd: str | os.PathLike | None = None) -> Result:
    from cablelint.cli import main
    from cablelint.config import clear_cache

    clear_cache()  # a fresh process would read the config files again
    out, err = io.BytesIO(), io.BytesIO()
    stdin = io.TextIOWrapper(io.BytesIO(input or b""), encoding="utf-8")
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        with contextlib.chdir(cwd or os.getcwd()):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse usage errors
                code = exc.code if isinstance(exc.code, int) else 2
        stdout.flush()
        stderr.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return Result(code, out.getvalue(), err.getvalue())
