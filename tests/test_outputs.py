"""Every output format: golden files over three real cables, the SARIF schema (Draft 4, the
OASIS 2.1.0 schema copied in tests/fixtures), GitHub limits, fingerprints, exit codes,
statistics, --output-file, colour. F001-F007 are selected explicitly."""

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from cli_inproc import run_cli
from conftest import CABLES, FIXTURES, ROOT

SNAPSHOTS = ROOT / "tests" / "snapshots" / "outputs"
UPDATE = os.environ.get("CABLELINT_UPDATE_SNAPSHOTS") == "1"
# F001/F002 follow the grammar, which other work refines: the golden files use the rules
# that read the text itself, over two real cables and a synthetic one (error level, CRLF,
# Windows-1252, see tests/fixtures/outputs/README.md).
SELECT = ("--select", "F003,F004,F005,F006,F007")
FILES = ("examples/08USUNNEWYORK314.md", "tests/fixtures/cables/09PARIS1767.txt",
         "tests/fixtures/outputs/cp1252-crlf.txt")
SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SRCROOT = re.compile(r'"file://[^"]*/"')


def sarif_errors(doc) -> list[str]:
    validator = jsonschema.Draft4Validator(SCHEMA)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(doc)]


def check(*args, cwd=ROOT, input=None):
    return run_cli("check", *SELECT, *args, cwd=cwd, input=input)


def golden(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    # A missing golden file fails (it is never written silently, which would pass in CI).
    assert path.exists(), f"{name}: no golden file; run with CABLELINT_UPDATE_SNAPSHOTS=1"
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from the golden file"


@pytest.mark.parametrize("fmt, ext", [
    ("full", "txt"), ("concise", "txt"), ("json", "json"), ("json-lines", "jsonl"), ("sarif", "sarif"),
    ("github", "txt"), ("junit", "xml"), ("gitlab", "json")])
def test_golden_outputs(fmt, ext):
    r = check("--output-format", fmt, *FILES)
    assert r.returncode == 1, r.stderr
    text = r.stdout.decode()
    if fmt == "sarif":  # reviewable: indented, and without this machine's checkout path
        text = json.dumps(json.loads(SRCROOT.sub('"file:///SRCROOT/"', text)), indent=1, ensure_ascii=False) + "\n"
    golden(f"three-cables.{fmt}.{ext}", text)


def test_json_lines_and_json_agree():
    array = json.loads(check("--output-format", "json", *FILES).stdout)
    lines = [json.loads(x) for x in check("--output-format", "json-lines", *FILES).stdout.decode().splitlines()]
    assert array == lines and len(array) > 50
    keys = {"path", "code", "name", "severity", "message", "line", "column", "end_line", "end_column", "fix"}
    assert all(set(d) == keys for d in array)
    assert [d["path"] for d in array] == sorted(d["path"] for d in array)


def test_sarif_is_valid_and_complete():
    doc = json.loads(check("--output-format", "sarif", *FILES).stdout)
    assert sarif_errors(doc) == []
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"F003", "F004", "F005", "F006", "F007"}
    f003 = rules["F003"]
    assert f003["name"] == "rendering-artifact" and f003["shortDescription"]["text"].startswith("Residue")
    assert "## Fix safety" in f003["help"]["markdown"] and "helpUri" not in f003  # no hosted docs: no dead link
    assert f003["defaultConfiguration"]["level"] == "warning" and len(f003["properties"]["tags"]) <= 20
    results = run["results"]
    assert len(results) == len(json.loads(check("--output-format", "json", *FILES).stdout))
    for res in results:
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert re.fullmatch(r"[0-9a-f]{16}:\d+", res["partialFingerprints"]["cablelint/v1"])
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert len({(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                 r["partialFingerprints"]["cablelint/v1"], r["ruleId"]) for r in results}) == len(results)
    link = next(r for r in results if r["ruleId"] == "F003" and r["message"]["text"].startswith("markdown link"))
    assert link["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 20, "startColumn": 7, "endLine": 20, "endColumn": 16}
    change = link["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert change["insertedContent"]["text"] == "PREL"
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]


def test_sarif_columns_are_code_points(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text("UNCLAS STATE 012345\n\nSUBJECT: CAF\u00c9 \U0001F600 X  \n", encoding="utf-8")
    doc = json.loads(check("--output-format", "sarif", "--select", "F005", str(f)).stdout)
    region = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (18, 20)  # É and 😀 count one each


def test_sarif_fingerprints_survive_moved_lines(tmp_path):
    text = (CABLES / "09PARIS1767.txt").read_text(encoding="utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "c.txt").write_text(text, encoding="utf-8")
    (b / "c.txt").write_text("\n\n\n" + text, encoding="utf-8")  # every line moves down by 3

    def prints(d):
        doc = json.loads(check("--output-format", "sarif", "c.txt", cwd=d).stdout)
        return [(r["ruleId"], r["partialFingerprints"]["cablelint/v1"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in doc["runs"][0]["results"]]

    pa, pb = prints(a), prints(b)
    assert [x[:2] for x in pa] == [x[:2] for x in pb] and all(y[2] == x[2] + 3 for x, y in zip(pa, pb))


def test_sarif_respects_github_result_limit(tmp_path):
    f = tmp_path / "many.txt"
    long_line = "X" * 100
    f.write_text("UNCLAS STATE 012345\n" + "X \n" * 25_050 + long_line + "\n", encoding="utf-8")
    (tmp_path / ".cablelint.toml").write_text('[severity]\nF004 = "error"\n', encoding="utf-8")
    r = run_cli("check", "--select", "F004,F005", "--output-format", "sarif", "many.txt", cwd=tmp_path)
    doc = json.loads(r.stdout)
    results = doc["runs"][0]["results"]
    assert len(results) == 25_000
    assert results[-1]["ruleId"] == "F004" and results[-1]["level"] == "error"  # the most severe are kept
    assert doc["runs"][0]["properties"] == {"totalResults": 25_051, "truncated": True}
    assert "25051 results exceed GitHub's limits" in r.stderr.decode()
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("only the 25000 most severe" in n["message"]["text"] for n in notes)


def test_sarif_reports_unreadable_files_as_notifications(tmp_path):
    r = check("--output-format", "sarif", FILES[0], str(tmp_path / "missing.txt"))
    assert r.returncode == 2
    doc = json.loads(r.stdout)
    assert sarif_errors(doc) == []
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False and inv["exitCode"] == 2
    assert "missing.txt: no such file" in inv["toolExecutionNotifications"][0]["message"]["text"]


def test_github_annotations_escape_and_map_levels(tmp_path):
    f = tmp_path / "a,b:c%.txt"
    f.write_text("UNCLAS STATE 012345\n\nTAGS: [PREL](#)\n" + "Y" * 80 + "\n", encoding="utf-8")
    out = run_cli("check", "--select", "F003,F004", "--output-format", "github", f.name, cwd=tmp_path).stdout.decode()
    lines = out.splitlines()
    assert lines[0] == ('::warning title=cablelint (F003),file=a%2Cb%3Ac%25.txt,line=3,col=7,endLine=3,endColumn=16::'
                        'a,b:c%25.txt:3:7: F003 markdown link residue "[PREL](#)"')
    assert lines[1].startswith("::warning title=cablelint (F004),") and len(lines) == 2
    info = run_cli("check", "--select", "F005", "--output-format", "github", "-", input=b"X  \n").stdout.decode()
    assert info.startswith("::notice title=cablelint (F005),file=-,line=1,col=2,")


def test_junit_is_well_formed_xml():
    files = [*FILES, "tests/fixtures/cables/06BERN1280.txt"]
    root = ET.fromstring(check("--output-format", "junit", *files).stdout)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == sorted(files)
    n = len(json.loads(check("--output-format", "json", *files).stdout))
    assert int(root.get("failures")) == n == sum(len(s.findall("testcase/failure")) for s in suites)
    case = suites[0].find("testcase")
    assert case.get("name").startswith("cablelint.F") and case.get("line") and case.get("column")
    clean = ET.fromstring(run_cli("check", "--select", "F006", "--output-format", "junit", FILES[0], cwd=ROOT).stdout)
    assert clean.get("failures") == "0" and clean.get("tests") == "1"
    assert len(clean.findall("testsuite/testcase")) == 1 and clean.find("testsuite/testcase/failure") is None


def test_junit_survives_control_characters(tmp_path):
    f = tmp_path / "ff.txt"
    f.write_bytes(b"UNCLAS STATE 012345\n\nTAGS: [PR\x0cEL](#)\n")
    root = ET.fromstring(run_cli("check", "--select", "F003", "--output-format", "junit", str(f)).stdout)
    assert "\\x0c" in root.find("testsuite/testcase/failure").get("message")


def test_gitlab_code_quality():
    items = json.loads(check("--output-format", "gitlab", *FILES).stdout)
    assert len({i["fingerprint"] for i in items}) == len(items)
    assert {i["severity"] for i in items} <= {"major", "minor", "info"}
    first = items[0]
    assert set(first) == {"description", "check_name", "fingerprint", "severity", "location"}
    assert first["location"]["path"] == FILES[0] and set(first["location"]["positions"]) == {"begin", "end"}
    major = [i for i in items if i["check_name"] == "F006"]
    assert major and all(i["severity"] == "major" for i in major)


def test_gitlab_paths_relative_to_ci_project_dir(tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "CI_PROJECT_DIR": str(ROOT / "tests")}
    r = subprocess.run([sys.executable, "-m", "cablelint", "check", *SELECT, "--output-format", "gitlab", FILES[1]],
                       cwd=ROOT, env=env, capture_output=True, timeout=60)
    assert json.loads(r.stdout)[0]["location"]["path"] == "fixtures/cables/09PARIS1767.txt"


def test_statistics():
    r = check("--statistics", *FILES)
    lines = r.stdout.decode().splitlines()
    assert r.returncode == 1
    diags = json.loads(check("--output-format", "json", *FILES).stdout)
    from collections import Counter

    counts = Counter(d["code"] for d in diags)
    parsed = {m.group(2): int(m.group(1)) for m in (re.match(r"\s*(\d+)\s+(F\d{3})", x) for x in lines) if m}
    assert parsed == counts
    assert lines[-1] == f"Found {len(diags)} problems in 3 files."
    stats = json.loads(check("--statistics", "--output-format", "json", *FILES).stdout)
    assert {s["code"]: s["count"] for s in stats} == counts


def test_exit_codes_output_file_and_exit_zero(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("UNCLAS STATE 012345\n", encoding="utf-8")
    assert run_cli("check", "--select", "F004", str(clean)).returncode == 0
    assert check(FILES[0]).returncode == 1
    assert check("--exit-zero", FILES[0]).returncode == 0
    missing = check(FILES[0], str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and b"nope.txt: no such file" in missing.stderr
    assert b"08USUNNEWYORK314.md" in missing.stdout  # the other files are still reported
    assert check("--exit-zero", str(tmp_path / "nope.txt")).returncode == 2  # errors stay errors
    out = tmp_path / "report.sarif"
    r = check("--output-format", "sarif", "--output-file", str(out), FILES[0])
    assert r.returncode == 1 and r.stdout == b"" and sarif_errors(json.loads(out.read_text())) == []


def test_exit_status_of_the_installed_command(tmp_path):
    """The same statuses through `python -m cablelint` in its own process."""
    from conftest import run_cli as run_process

    clean = tmp_path / "clean.txt"
    clean.write_text("UNCLAS STATE 012345\n", encoding="utf-8")
    assert run_process("check", "--select", "F004", str(clean)).returncode == 0
    assert run_process("check", *SELECT, FILES[0], cwd=ROOT).returncode == 1
    bad = run_process("check", "--select", "F004", str(clean), str(tmp_path / "nope.txt"))
    assert bad.returncode == 2 and b"nope.txt: no such file" in bad.stderr
    assert run_process("check", "--select", "NOPE", str(clean)).returncode == 2


def test_color():
    plain = check("--output-format", "concise", FILES[0]).stdout
    assert b"\x1b[" not in plain  # piped: no colour
    coloured = check("--output-format", "concise", "--color", "always", FILES[0]).stdout
    assert b"\x1b[33mF003\x1b[0m" in coloured
    assert re.sub(rb"\x1b\[\d+m", b"", coloured) == plain


def test_max_file_bytes_reports_and_skips(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("UNCLAS STATE 012345\n" + "X  \n" * 100, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("UNCLAS STATE 012345\nX  \n", encoding="utf-8")
    r = run_cli("check", "--select", "F005", "--max-file-bytes", "100", "--output-format", "sarif",
                str(big), str(small))
    err = r.stderr.decode()
    assert "big.txt: 420 bytes is more than max-file-bytes (100); not checked" in err
    doc = json.loads(r.stdout)
    assert {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]
            for x in doc["runs"][0]["results"]} == {"small.txt"}
    assert "not checked" in doc["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert r.returncode == 0  # a skipped file is reported, not an error (and F005 is info)


def test_unreadable_path_does_not_stop_the_run(tmp_path):
    d = tmp_path / "dir.txt"
    d.mkdir()
    (d / "inner.txt").write_text("X  \n", encoding="utf-8")
    r = run_cli("check", "--select", "F005", "--output-format", "concise", str(d), str(tmp_path / "nope.txt"))
    assert r.returncode == 2 and b"inner.txt:1:2: F005" in r.stdout


def test_rules_without_snapshot_drift():
    """The committed golden files exist for every format (no silent first-run writes in CI)."""
    names = {p.name for p in SNAPSHOTS.glob("three-cables.*")}
    assert len(names) == 8, names


def test_paths_are_the_paths_given(tmp_path):
    f = Path(tmp_path) / "x.txt"
    f.write_text("X  \n", encoding="utf-8")
    out = run_cli("check", "--select", "F005", "--output-format", "concise", "./x.txt", cwd=tmp_path).stdout
    assert out.startswith(b"x.txt:1:2: F005")


def test_help_lists_every_command():
    # The parser is built for the subcommand a run names; without one (help, errors) it has all.
    from cablelint.cli import _COMMANDS

    out = run_cli("--help")
    assert out.returncode == 0
    for name in _COMMANDS:
        assert re.search(rf"^\s+{name}\s", out.stdout.decode(), re.M), name
    check = run_cli("check", "--help")
    assert check.returncode == 0 and b"--output-format" in check.stdout and b"--debounce-ms" not in check.stdout
    wrong = run_cli("chek", "x")
    assert wrong.returncode == 2
    assert b"invalid choice: 'chek'" in wrong.stderr and b"'server'" in wrong.stderr


def test_json_writer_is_json_dumps():
    # formatters/json.py writes each diagnostic out by hand (speed); it must be byte for byte
    # what json.dumps makes of to_dict(), escapes included.
    from cablelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
    from cablelint.formatters.json import diagnostic_json

    tricky = ['plain', 'quote " and \\ backslash', "100 % sure: %d %s %% %(x)s", "braces {0} {{x}} }", "tab\tand\nnewline\x00nul\x1f", "café ¶ — “x” \u2028 \U0001F600",
              "", "\ud800 lone surrogate"]
    for text in tricky:
        span = Span(3, 1, 4, 12)
        fixes = [None, Fix(Applicability.SAFE, (Edit(span, text),), "t"),
                 Fix(Applicability.UNSAFE, (Edit(Span(1, 2, 1, 2), ""), Edit(span, text)), "")]
        for fix in fixes:
            d = Diagnostic("F005", "whitespace", text, span, Severity.INFO, fix, path=text or "-")
            assert diagnostic_json(d) == json.dumps(d.to_dict(), ensure_ascii=False)
    # A file's objects share their openings: written once, keyed by path, code, name and
    # message (a different severity makes a new one).
    same = [Diagnostic(code, "x", msg, Span(1, n, 1, n + 1), sev, None, path="a.txt")
            for n, (code, msg, sev) in enumerate([("F005", "m", Severity.INFO), ("F005", "n", Severity.INFO),
                                                  ("F005", "m", Severity.ERROR), ("H101", "m", Severity.INFO),
                                                  ("F005", "m", Severity.INFO)], 1)]
    heads: dict = {}
    assert [diagnostic_json(d, heads) for d in same] == [json.dumps(d.to_dict(), ensure_ascii=False) for d in same]
    assert len(heads) == 3


def test_gitlab_writer_is_json_dumps():
    # formatters/gitlab.py writes each issue from a template (speed); it must be byte for byte
    # what json.dumps made of the dict, escapes included.
    import hashlib

    from cablelint.baseline import occurrences
    from cablelint.diagnostics import Diagnostic, Severity, Span
    from cablelint.engine import FileReport
    from cablelint.formatters import GITLAB_SEVERITY, OutputOptions
    from cablelint.formatters.gitlab import render_file

    tricky = ['plain', 'quote " and \\ backslash', "100 % sure: %d %s %%", "tab\tand\nnewline\x00nul",
              "café ¶ — “x” \u2028 \U0001F600", "", "\ud800 lone surrogate"]
    for path in ("a.txt", 'odd "name" %s.txt'):
        r = FileReport(path)
        r.diagnostics = [Diagnostic("F005", "whitespace", text, Span(n, 1, n, 3), sev, None, path=path)
                         for n, text in enumerate(tricky, 1) for sev in (Severity.INFO, Severity.ERROR)]
        r.fingerprints = [f"{n:016x}" for n in range(len(r.diagnostics))]
        expected = []
        for d, occ in zip(r.diagnostics, occurrences(r)):
            s = d.span
            expected.append("  " + json.dumps({
                "description": f"{d.code} {d.message}", "check_name": d.code,
                "fingerprint": hashlib.sha256(f"{path}\0{d.code}\0{occ}".encode("utf-8", "surrogatepass")).hexdigest()[:32],
                "severity": GITLAB_SEVERITY[d.severity.value],
                "location": {"path": path, "positions": {"begin": {"line": s.line, "column": s.column},
                                                         "end": {"line": s.end_line, "column": s.end_column}}},
            }, ensure_ascii=False))
        assert render_file(r, OutputOptions("gitlab")) == ",\n".join(expected)


def test_sarif_writer_keeps_only_the_most_severe(monkeypatch):
    # A run's results are weighed as they come: the heap never holds more than the limit, and
    # what it keeps is what sorting every result would choose (most severe, earliest first).
    import io
    import random

    from cablelint.diagnostics import Diagnostic, Severity, Span
    from cablelint.engine import FileReport
    from cablelint.formatters import OutputOptions, sarif

    monkeypatch.setattr(sarif, "MAX_RESULTS", 7)
    rnd = random.Random(3)
    reports, everything = [], []
    for f in range(12):
        r = FileReport(f"f{f:02}.txt")
        for n in range(rnd.randrange(0, 6)):
            sev = rnd.choice(list(Severity))
            r.diagnostics.append(Diagnostic("F005", "whitespace", f"{f}/{n}", Span(n + 1, 1, n + 1, 2), sev, None,
                                            path=r.path))
            everything.append((-sev.rank, len(everything), f"{f}/{n}"))
        reports.append(r)
    out = io.StringIO()
    w = sarif.Writer(out, OutputOptions("sarif"))
    for r in reports:
        w.write(r)
        assert len(w.kept) <= 7
    w.close()
    results = json.loads(out.getvalue())["runs"][0]["results"]
    chosen = sorted(sorted(everything)[:7], key=lambda e: e[1])
    assert [x["message"]["text"] for x in results] == [text for _, _, text in chosen]
    assert w.total == len(everything) > 7


def test_junit_writer_spools_to_a_file_and_matches_render():
    import io

    from cablelint.diagnostics import Diagnostic, Severity, Span
    from cablelint.engine import FileReport
    from cablelint.formatters import OutputOptions, junit

    a, b, c = FileReport("a.txt"), FileReport("b.txt"), FileReport("c.txt", error="c.txt: unreadable")
    a.diagnostics = [Diagnostic("F005", "whitespace", "x", Span(1, 1, 1, 2), Severity.INFO, None, path="a.txt")]
    options = OutputOptions("junit")
    out = io.StringIO()
    w = junit.Writer(out, options)
    assert not isinstance(w.spool, io.StringIO)  # on disk: memory stays flat
    for r in (a, b, c):
        w.write(r)
    w.close()
    assert out.getvalue() == junit.render([a, b, c], options)
    assert '<testsuites name="cablelint" tests="3" failures="1" errors="1">' in out.getvalue()


def test_junit_without_a_temporary_directory(monkeypatch):
    # A temporary directory that cannot be written: the parts wait in memory instead.
    import tempfile

    def no_tmp(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_tmp)
    r = check("--output-format", "junit", FILES[0])
    assert r.returncode == 1 and ET.fromstring(r.stdout).get("failures") != "0"
