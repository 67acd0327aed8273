"""The cable the project started from: golden `parse` model and `check` JSON, and `--fix`."""

import json
import os
import shutil
from pathlib import Path

from conftest import EXAMPLE, ROOT, run_cli

SNAPSHOTS = ROOT / "tests" / "snapshots"
UPDATE = os.environ.get("CABLELINT_UPDATE_SNAPSHOTS") == "1"


def _golden(name: str, data) -> None:
    path = SNAPSHOTS / name
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    # A missing golden file fails (it is never written silently, which would pass in CI).
    assert path.exists(), f"{name}: no golden file; run with CABLELINT_UPDATE_SNAPSHOTS=1"
    assert json.loads(path.read_text(encoding="utf-8")) == data


def test_parse_model_of_the_example():
    r = run_cli("parse", "--output-format", "json", str(EXAMPLE))
    assert r.returncode == 0, r.stderr
    model = json.loads(r.stdout)
    # The facts the issue pins, asserted directly as well as through the golden file.
    assert model["classification"] == "CONFIDENTIAL"
    assert model["mrn"] == "08USUNNEWYORK314"
    assert model["header"]["dtg"] == "2008-04-07T23:54Z"
    assert model["eo"]["date"] == "2018-04-07"
    assert model["tags"]["list"] == ["PREL", "AORC", "KPAO", "PTER", "UNSC", "KNNP"]
    assert [r["letter"] for r in model["references"]] == list("ABCDEFGH")
    assert model["classified_by"]["section"] == "1.4"
    assert model["classified_by"]["reasons"] == ["b", "d"]
    assert [(p["number"], p["level"]) for p in model["paragraphs"]] == [(1, "C"), (2, "C"), (3, "C")]
    assert model["signature"]["text"] == "Khalilzad"
    model["path"] = "examples/08USUNNEWYORK314.md"
    _golden("08USUNNEWYORK314.parse.json", model)


def test_check_json_of_the_example():
    r = run_cli("check", "--output-format", "json", "examples/08USUNNEWYORK314.md", cwd=ROOT)
    assert r.returncode == 1, r.stderr
    diags = json.loads(r.stdout)
    links = [(d["line"], d["column"], d["end_column"]) for d in diags
             if d["code"] == "F003" and "link" in d["message"]]
    assert links[:2] == [(20, 7, 16), (20, 17, 26)]
    assert (26, 3, 9) in links and (37, 1, 7) in links and len(links) == 16
    _golden("08USUNNEWYORK314.check.json", diags)


def test_fix_restores_the_telegram_text(tmp_path):
    target = tmp_path / "08USUNNEWYORK314.md"
    shutil.copy(EXAMPLE, target)
    r = run_cli("check", "--fix", "--select", "F003", str(target))
    assert r.returncode == 0, r.stdout + r.stderr
    text = target.read_text(encoding="utf-8")
    assert "](#)" not in text
    assert "TAGS: PREL AORC KPAO PTER UNSC KNNP  \n" in text
    assert "\n     B. STATE 34975\n" in text
    assert "\n1. (C) BEGIN SUMMARY:" in text
    # Bytes outside the edits are unchanged: same lines, same count.
    assert len(text.splitlines()) == len(EXAMPLE.read_text(encoding="utf-8").splitlines())
    again = run_cli("check", "--fix", "--select", "F003", str(target))
    assert again.returncode == 0 and target.read_text(encoding="utf-8") == text
