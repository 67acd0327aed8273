"""Baseline files on disk: write, match by text not line numbers, counts, new findings only,
stale entries and pruning, SARIF baselineState, the `baseline` key, --ignore-suppressions."""

import json
import shutil

import jsonschema

from cli_inproc import run_cli
from conftest import EXAMPLE, FIXTURES

SEL = ("--select", "F003,F004,F005,F007")


def setup(tmp_path):
    d = tmp_path / "archive"
    d.mkdir()
    shutil.copy(EXAMPLE, d / EXAMPLE.name)
    return d / EXAMPLE.name


def check(tmp_path, *args):
    return run_cli("check", *SEL, "--output-format", "json", *args, cwd=tmp_path)


def test_write_then_check_reports_nothing(tmp_path):
    cable = setup(tmp_path)
    r = run_cli("check", *SEL, "--write-baseline", "bl.json", "archive", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == b""
    assert "wrote" in r.stderr.decode() and "baseline entries" in r.stderr.decode()
    data = json.loads((tmp_path / "bl.json").read_text())
    assert data["version"] == 1 and data["generated-by"].startswith("cablelint ")
    entries = data["entries"]
    assert entries == sorted(entries, key=lambda e: (e["path"], e["code"], e["fingerprint"]))
    assert {e["path"] for e in entries} == {"archive/" + cable.name}  # relative, POSIX
    tags = [e for e in entries if e["code"] == "F003" and e["count"] == 6]
    assert len(tags) == 1  # the six [TAG](#) links on one TAGS line share a fingerprint
    total = len(json.loads(check(tmp_path, "archive").stdout))
    assert sum(e["count"] for e in entries) == total
    r = check(tmp_path, "--baseline", "bl.json", "archive")
    assert json.loads(r.stdout) == [] and r.returncode == 0 and r.stderr == b""
    text = run_cli("check", *SEL, "--baseline", "bl.json", "archive", cwd=tmp_path).stdout.decode()
    assert f"All checks passed! ({total} more in the baseline)" in text


def test_moved_lines_stay_matched_and_new_findings_are_reported(tmp_path):
    cable = setup(tmp_path)
    run_cli("check", *SEL, "--write-baseline", "bl.json", "archive", cwd=tmp_path)
    text = cable.read_text(encoding="utf-8")
    # Lines move (three lines inserted on top) and one new defect appears.
    text = "\n\n\n" + text.replace("SUBJECT:", "ADDED [NEW](#)\nSUBJECT:", 1)
    cable.write_text(text, encoding="utf-8")
    r = check(tmp_path, "--baseline", "bl.json", "archive")
    found = json.loads(r.stdout)
    assert [(d["code"], d["message"]) for d in found] == [("F003", 'markdown link residue "[NEW](#)"')]
    assert r.returncode == 1


def test_counts_limit_what_is_suppressed(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text("UNCLAS STATE 012345\n\nTAGS: [PREL](#) [PGOV](#)\n", encoding="utf-8")
    run_cli("check", *SEL, "--write-baseline", "bl.json", "c.txt", cwd=tmp_path)
    assert json.loads((tmp_path / "bl.json").read_text())["entries"][0]["count"] == 2
    f.write_text("UNCLAS STATE 012345\n\nTAGS: [PREL](#) [PGOV](#) [KPAO](#)\n", encoding="utf-8")
    found = json.loads(check(tmp_path, "--baseline", "bl.json", "c.txt").stdout)
    # The line text changed, so its fingerprint changed: all three links are new.
    assert len(found) == 3
    f.write_text("UNCLAS STATE 012345\n\nTAGS: [PREL](#) [PGOV](#)\n\nTAGS: [PREL](#) [PGOV](#)\n", encoding="utf-8")
    found = json.loads(check(tmp_path, "--baseline", "bl.json", "c.txt").stdout)
    assert [d["line"] for d in found] == [5, 5]  # the first two match the count of 2, not four


def test_stale_entries_are_reported_and_pruned(tmp_path):
    cable = setup(tmp_path)
    run_cli("check", *SEL, "--write-baseline", "bl.json", "archive", cwd=tmp_path)
    fixed = run_cli("check", "--select", "F003", "--fix", "archive", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    r = check(tmp_path, "--baseline", "bl.json", "archive")
    err = r.stderr.decode()
    assert "bl.json: 23 baseline findings are stale" in err and "--prune-baseline" in err
    assert "archive/08USUNNEWYORK314.md F003 " in err
    before = json.loads((tmp_path / "bl.json").read_text())["entries"]
    r = check(tmp_path, "--baseline", "bl.json", "--prune-baseline", "archive")
    assert "pruned 23 stale findings" in r.stderr.decode()
    after = json.loads((tmp_path / "bl.json").read_text())["entries"]
    assert {e["code"] for e in after} == {"F004", "F005"} and len(after) < len(before)
    assert check(tmp_path, "--baseline", "bl.json", "archive").stderr == b""
    # A narrower run does not make the other rules' entries stale (nor prune them).
    narrow = run_cli("check", "--select", "F003", "--baseline", "bl.json", "--prune-baseline", "archive",
                     cwd=tmp_path)
    assert narrow.stderr == b"" and json.loads((tmp_path / "bl.json").read_text())["entries"] == after
    # A deleted file's entries are stale too.
    cable.unlink()
    (tmp_path / "archive" / "other.txt").write_text("UNCLAS STATE 012345\n", encoding="utf-8")
    assert "stale" in check(tmp_path, "--baseline", "bl.json", "archive").stderr.decode()


def test_paths_are_relative_to_the_baseline_file(tmp_path):
    setup(tmp_path)
    (tmp_path / "meta").mkdir()
    run_cli("check", *SEL, "--write-baseline", "meta/bl.json", "archive", cwd=tmp_path)
    entries = json.loads((tmp_path / "meta" / "bl.json").read_text())["entries"]
    assert entries[0]["path"] == "../archive/08USUNNEWYORK314.md"
    # Checked from another directory, with the `baseline` config key.
    (tmp_path / "pyproject.toml").write_text('[tool.cablelint]\nbaseline = "meta/bl.json"\n', encoding="utf-8")
    r = check(tmp_path / "archive", ".")
    assert json.loads(r.stdout) == [] and r.returncode == 0


def test_ignore_suppressions_audits_everything(tmp_path):
    setup(tmp_path)
    run_cli("check", *SEL, "--write-baseline", "bl.json", "archive", cwd=tmp_path)
    full = json.loads(check(tmp_path, "archive").stdout)
    audit = json.loads(check(tmp_path, "--baseline", "bl.json", "--ignore-suppressions", "archive").stdout)
    assert audit == full and len(full) > 30


def test_sarif_baseline_state(tmp_path):
    cable = setup(tmp_path)
    run_cli("check", *SEL, "--write-baseline", "bl.json", "archive", cwd=tmp_path)
    cable.write_text(cable.read_text(encoding="utf-8").replace("SUBJECT:", "ADDED [NEW](#)\nSUBJECT:", 1),
                     encoding="utf-8")
    r = run_cli("check", *SEL, "--baseline", "bl.json", "--output-format", "sarif", "archive", cwd=tmp_path)
    doc = json.loads(r.stdout)
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    results = doc["runs"][0]["results"]
    assert [(x["ruleId"], x["baselineState"]) for x in results] == [("F003", "new")]


def test_bad_baseline_is_exit_2(tmp_path):
    setup(tmp_path)
    (tmp_path / "bl.json").write_text('{"version": 9, "entries": []}', encoding="utf-8")
    r = check(tmp_path, "--baseline", "bl.json", "archive")
    assert r.returncode == 2 and "not a cablelint baseline" in r.stderr.decode()
    r = check(tmp_path, "--baseline", "missing.json", "archive")
    assert r.returncode == 2 and "no such baseline file" in r.stderr.decode()
    r = check(tmp_path, "--prune-baseline", "archive")
    assert r.returncode == 2 and "needs a baseline" in r.stderr.decode()
