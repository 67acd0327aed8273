"""Whole-corpus checks over CABLELINT_CORPUS (skipped when unset; a failure when set but unreadable)."""

import csv
import json
import subprocess
import sys

from cablelint.engine import analyze, lint_source
from cablelint.settings import Settings
from cablelint.source import Source


def _rows(corpus, name):
    with open(corpus / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _norm(s: str) -> str:
    s = "".join(s.split()).upper().split("//")[0]
    return {"UNCLAS": "UNCLASSIFIED"}.get(s, s)


def test_corpus_no_crash_f001_rate_and_classification(corpus):
    settings = Settings()
    rows = _rows(corpus, "manifest.tsv")
    f001 = n_intact = agree = n_banner = 0
    failures = []
    for row in rows:
        src = Source.from_bytes((corpus / "cables" / f"{row['id']}.txt").read_bytes(), row["id"])
        result = lint_source(src, settings)
        assert not result.rule_errors, result.rule_errors
        cable = result.cable
        if row["rewrapped"] == "no":
            n_intact += 1
            f001 += bool(cable.syntax_problems)
        if row["classification"]:
            n_banner += 1
            if (cable.classification or "").startswith(_norm(row["classification"])):
                agree += 1
            else:
                failures.append((row["id"], row["classification"], cable.classification))
    assert f001 <= 0.01 * n_intact, f"F001 on {f001}/{n_intact} intact cables"
    assert agree >= 0.995 * n_banner, failures[:20]


def test_partial_extracts_never_crash(corpus):
    for row in _rows(corpus, "partial-manifest.tsv"):
        src = Source.from_bytes((corpus / "partial" / f"{row['id']}.txt").read_bytes(), row["id"])
        cable = analyze(src)
        assert cable.partial or cable.banner is not None


def test_cli_json_over_a_corpus_slice(corpus):
    files = sorted((corpus / "cables").glob("*.txt"))[::97]
    r = subprocess.run([sys.executable, "-m", "cablelint", "check", "--output-format", "json",
                        *map(str, files)], capture_output=True, timeout=600)
    assert r.returncode in (0, 1), r.stderr
    assert isinstance(json.loads(r.stdout), list)
