"""Whole-corpus checks over CABLELINT_CORPUS (skipped when unset; a failure when set but unreadable)."""

import csv
import importlib.util
import json
import subprocess
import sys

from cablelint.engine import analyze
from cablelint.settings import Settings
from cablelint.source import Source
from conftest import ROOT


def _rows(corpus, name):
    with open(corpus / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _corpus_report():
    """scripts/corpus_report.py, whose figures the closing notes quote: the test asserts on
    exactly what the report prints."""
    spec = importlib.util.spec_from_file_location("corpus_report", ROOT / "scripts" / "corpus_report.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_corpus_no_crash_f001_rate_and_classification(corpus):
    fig = _corpus_report().measure(corpus, Settings())
    assert fig.files >= len(_rows(corpus, "manifest.tsv"))
    assert not fig.crashes, fig.crashes[:5]
    assert fig.f001 <= 0.01 * fig.intact, f"F001 on {fig.f001}/{fig.intact} intact cables"
    assert fig.agree >= 0.995 * fig.banners, fig.mismatches[:20]


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
