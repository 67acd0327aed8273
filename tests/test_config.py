"""Configuration files on disk: discovery (closest file wins), `extend`, every key, errors,
command-line overrides, `cablelint config`. Only F001-F007 are relied on."""

import json
import textwrap

import pytest

from cablelint.config import ConfigError, clear_cache, resolve_settings
from cablelint.settings import resolve_rules
from cli_inproc import run_cli

LONG = "1. (U) This line is longer than seventy-two characters, as re-flowed copies are."
CABLE = f"UNCLAS STATE 012345\n\nSUBJECT: TEST\n\n{LONG}\n2. (U) Trailing blanks.  \n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes(result):
    return sorted({d["code"] for d in json.loads(result.stdout)})


def check_json(*args, cwd):
    return run_cli("check", "--output-format", "json", *args, cwd=cwd)


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
    clear_cache()


# ------------------------------------------------------------------------------ discovery
def test_closest_config_wins_per_file(tmp_path):
    write(tmp_path / "pyproject.toml", """
        [tool.cablelint]
        select = ["F004"]
    """)
    write(tmp_path / "drafts" / ".cablelint.toml", 'select = ["F005"]\n')
    write(tmp_path / "top.txt", CABLE)
    write(tmp_path / "drafts" / "d.txt", CABLE)
    r = check_json(".", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    by_path = {(d["path"], d["code"]) for d in json.loads(r.stdout)}
    # Each file gets its closest config only: no merging of the parent's selection.
    assert by_path == {("top.txt", "F004"), ("drafts/d.txt", "F005")}


def test_cablelint_toml_beats_pyproject_in_one_directory(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.cablelint]\nselect = ["F004"]\n')
    write(tmp_path / ".cablelint.toml", 'select = ["F005"]\n')
    write(tmp_path / "c.txt", CABLE)
    assert codes(check_json("c.txt", cwd=tmp_path)) == ["F005"]


def test_pyproject_without_table_is_not_a_config(tmp_path):
    write(tmp_path / ".cablelint.toml", 'select = ["F004"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path / "sub" / "c.txt", CABLE)
    assert resolve_settings(str(tmp_path / "sub" / "c.txt")).source_file == str(tmp_path / ".cablelint.toml")
    assert codes(check_json("sub/c.txt", cwd=tmp_path)) == ["F004"]


def test_config_option_disables_discovery(tmp_path):
    write(tmp_path / ".cablelint.toml", 'select = ["F004"]\n')
    other = write(tmp_path / "elsewhere" / "other.toml", 'select = ["F005"]\n')
    write(tmp_path / "c.txt", CABLE)
    assert codes(check_json("--config", str(other), "c.txt", cwd=tmp_path)) == ["F005"]


# ------------------------------------------------------------------------------ extend
def test_extend_inherits_and_child_keys_override(tmp_path):
    write(tmp_path / "base.toml", """
        select = ["F004", "F005"]
        max-line-length = 100
        extend-tags = ["KBASE"]
        [severity]
        F005 = "error"
        F004 = "info"
    """)
    write(tmp_path / "proj" / "pyproject.toml", """
        [tool.cablelint]
        extend = "../base.toml"
        max-line-length = 60
        extend-tags = ["KCHILD"]
        [tool.cablelint.severity]
        F004 = "warning"
    """)
    s = resolve_settings(str(tmp_path / "proj" / "c.txt"))
    assert s.select == ("F004", "F005")  # inherited
    assert s.max_line_length == 60  # overridden
    assert s.extend_tags == ("KBASE", "KCHILD")  # extend-* keys add up
    assert dict(s.severity) == {"F005": "error", "F004": "warning"}  # tables merge, child wins
    assert [p.rsplit("/", 1)[-1] for p in s.config_chain] == ["pyproject.toml", "base.toml"]


def test_child_select_replaces_inherited_extend_select(tmp_path):
    write(tmp_path / "base.toml", 'extend-select = ["F005"]\nignore = ["F004"]\n')
    write(tmp_path / "p" / ".cablelint.toml", 'extend = "../base.toml"\nselect = ["F00"]\n')
    s = resolve_settings(str(tmp_path / "p" / "x.txt"))
    assert s.extend_select == () and s.ignore == ("F004",)
    assert {r.code for r in resolve_rules(s)} >= {"F001", "F005"} and "F004" not in {r.code for r in resolve_rules(s)}


@pytest.mark.parametrize("body, message", [
    ('extend = "missing.toml"\n', "`extend`: no such file 'missing.toml'"),
    ('extend = ".cablelint.toml"\n', "`extend` loops back on itself"),
    ('extend = 3\n', "`extend` must be a path"),
])
def test_extend_errors(tmp_path, body, message):
    write(tmp_path / ".cablelint.toml", body)
    write(tmp_path / "c.txt", CABLE)
    r = run_cli("check", "c.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert ".cablelint.toml" in r.stderr.decode() and message in r.stderr.decode()


# ------------------------------------------------------------------------------ errors
@pytest.mark.parametrize("body, needles", [
    ('ingore = ["F004"]\n', ["unknown key 'ingore'", "did you mean 'ignore'"]),
    ('[lint]\nselect = ["F004"]\n', ["unknown key 'lint'"]),
    ('select = ["F999"]\n', ["`select`", "unknown rule selector 'F999'"]),
    ('extend-select = ["no-such-rule"]\n', ["`extend-select`", "'no-such-rule'"]),
    ('ignore = ["Q"]\n', ["`ignore`", "'Q'"]),
    ('[per-file-ignores]\n"a/*.txt" = ["F00X"]\n', ["per-file-ignores", "'F00X'"]),
    ('[severity]\nF004 = "fatal"\n', ["`severity.F004`", "'fatal'"]),
    ('[severity]\nZ100 = "info"\n', ["`severity`", "'Z100'"]),
    ('fail-on = "never"\n', ["`fail-on`", "'never'"]),
    ('max-line-length = "72"\n', ["`max-line-length` must be a positive integer", "'72'"]),
    ('max-file-bytes = 0\n', ["`max-file-bytes` must be a positive integer"]),
    ('cable-date = "08/04/2008"\n', ["`cable-date` must be a date", "'08/04/2008'"]),
    ('allow-directives = "yes"\n', ["`allow-directives` must be true or false"]),
    ('exclude = ["drafts/[x"]\n', ["`exclude`", "unclosed '['"]),
    ('include = "*.txt"\n', ["`include` must be a list"]),
    ('select = [\n', ["invalid TOML"]),
])
def test_invalid_config_is_exit_2_naming_file_and_key(tmp_path, body, needles):
    write(tmp_path / ".cablelint.toml", body)
    write(tmp_path / "c.txt", CABLE)
    r = run_cli("check", "c.txt", cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert err.startswith("cablelint: error: .cablelint.toml: "), err
    for needle in needles:
        assert needle in err
    assert r.stdout == b""


def test_pyproject_error_names_the_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.cablelint]\nselct = ["F004"]\n')
    write(tmp_path / "c.txt", CABLE)
    r = run_cli("check", "c.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert "pyproject.toml: unknown key 'selct' in [tool.cablelint] (did you mean 'select'?)" in r.stderr.decode()


def test_unknown_cli_selector_is_exit_2(tmp_path):
    write(tmp_path / "c.txt", CABLE)
    r = run_cli("check", "--select", "F004,F999", "c.txt", cwd=tmp_path)
    assert r.returncode == 2 and "--select: unknown rule selector 'F999'" in r.stderr.decode()


def test_configerror_from_the_library(tmp_path):
    write(tmp_path / ".cablelint.toml", "nope = 1\n")
    with pytest.raises(ConfigError, match="unknown key 'nope'"):
        resolve_settings(str(tmp_path / "c.txt"))


# ------------------------------------------------------------------------------ keys
def test_per_file_ignores_relative_to_the_config_file(tmp_path):
    write(tmp_path / "pyproject.toml", """
        [tool.cablelint]
        select = ["F004", "F005"]
        [tool.cablelint.per-file-ignores]
        "archive/**" = ["F004"]
        "*.md" = ["whitespace"]
    """)
    for name in ("archive/old/a.txt", "b.txt", "web/c.md"):
        write(tmp_path / name, CABLE)
    # Run from a subdirectory: globs stay relative to the config file, not the cwd.
    r = check_json("..", cwd=tmp_path / "web")
    found = {(d["path"].replace("../", ""), d["code"]) for d in json.loads(r.stdout)}
    assert found == {("archive/old/a.txt", "F005"), ("b.txt", "F004"), ("b.txt", "F005"), ("web/c.md", "F004")}


def test_severity_and_fail_on(tmp_path):
    write(tmp_path / ".cablelint.toml", """
        select = ["F004", "F005"]
        fail-on = "error"
        [severity]
        F005 = "error"
        F004 = "info"
    """)
    write(tmp_path / "c.txt", CABLE)
    r = check_json("c.txt", cwd=tmp_path)
    sev = {d["code"]: d["severity"] for d in json.loads(r.stdout)}
    assert sev == {"F004": "info", "F005": "error"}
    assert r.returncode == 1
    write(tmp_path / ".cablelint.toml", 'select = ["F004"]\nfail-on = "error"\n')
    clear_cache()
    r = check_json("c.txt", cwd=tmp_path)
    assert codes(r) == ["F004"] and r.returncode == 0  # a warning does not fail at fail-on = error
    r = check_json("c.txt", "--fail-on", "warning", cwd=tmp_path)
    assert r.returncode == 1  # the command line overrides the config


def test_max_line_length_and_cable_date_and_extend_tags(tmp_path):
    write(tmp_path / ".cablelint.toml", """
        select = ["F004"]
        max-line-length = 90
        cable-date = 2008-04-07
        extend-tags = ["KMDR"]
    """)
    write(tmp_path / "c.txt", CABLE)
    assert codes(check_json("c.txt", cwd=tmp_path)) == []
    s = resolve_settings(str(tmp_path / "c.txt"))
    assert str(s.cable_date) == "2008-04-07" and s.extend_tags == ("KMDR",)
    assert codes(check_json("c.txt", "--max-line-length", "72", cwd=tmp_path)) == ["F004"]


def test_include_exclude_and_force_exclude(tmp_path):
    write(tmp_path / ".cablelint.toml", """
        select = ["F004"]
        include = ["*.cable", "*.txt"]
        extend-exclude = ["scratch", "drafts/old/**"]
    """)
    for name in ("a.cable", "b.txt", "c.md", "scratch/d.txt", "drafts/old/e.txt", "drafts/f.txt"):
        write(tmp_path / name, CABLE)
    walked = {d["path"] for d in json.loads(check_json(".", cwd=tmp_path).stdout)}
    assert walked == {"a.cable", "b.txt", "drafts/f.txt"}
    # Named files are checked even if they do not match include / match exclude ...
    named = {d["path"] for d in json.loads(check_json("c.md", "scratch/d.txt", cwd=tmp_path).stdout)}
    assert named == {"c.md", "scratch/d.txt"}
    # ... unless --force-exclude (pre-commit names files explicitly).
    r = check_json("--force-exclude", "c.md", "scratch/d.txt", "drafts/old/e.txt", cwd=tmp_path)
    assert {d["path"] for d in json.loads(r.stdout)} == {"c.md"} and r.returncode == 1


def test_default_excludes_only_apply_below_the_project(tmp_path):
    # A project that lives under a directory called `build` is still checked.
    project = tmp_path / "build" / "cables"
    write(project / "c.txt", CABLE)
    r = check_json("--select", "F004", ".", cwd=project)
    assert codes(r) == ["F004"]
    write(project / "build" / "x.txt", CABLE)  # but build/ inside the project is skipped
    assert {d["path"] for d in json.loads(check_json("--select", "F004", ".", cwd=project).stdout)} == {"c.txt"}


def test_baseline_and_allow_directives_keys(tmp_path):
    write(tmp_path / ".cablelint.toml", 'baseline = "meta/bl.json"\nallow-directives = true\n')
    s = resolve_settings(str(tmp_path / "c.txt"))
    assert s.baseline == str(tmp_path / "meta" / "bl.json") and s.allow_directives is True


# ------------------------------------------------------------------------------ command line
def test_cli_selection_layers_over_the_config(tmp_path):
    write(tmp_path / ".cablelint.toml", 'select = ["F004", "F005"]\nignore = ["F005"]\n')
    write(tmp_path / "c.txt", CABLE)
    assert codes(check_json("c.txt", cwd=tmp_path)) == ["F004"]
    # --select replaces the configured selection (config ignores are part of that layer).
    assert codes(check_json("--select", "F005", "c.txt", cwd=tmp_path)) == ["F005"]
    # --extend-select adds to it; --ignore removes from it.
    assert codes(check_json("--extend-select", "F005", "c.txt", cwd=tmp_path)) == ["F004", "F005"]
    assert codes(check_json("--ignore", "F004", "c.txt", cwd=tmp_path)) == []
    # More specific wins inside a layer; equal specificity: ignore wins.
    assert codes(check_json("--select", "F", "--ignore", "F004", "c.txt", cwd=tmp_path)) == ["F005"]
    assert codes(check_json("--select", "F004", "--ignore", "F", "c.txt", cwd=tmp_path)) == ["F004"]
    assert codes(check_json("--select", "F004", "--ignore", "line-too-long", "c.txt", cwd=tmp_path)) == []


def test_cli_per_file_ignores_and_stdin_filename(tmp_path):
    write(tmp_path / ".cablelint.toml", 'select = ["F004", "F005"]\n[per-file-ignores]\n"in/*.txt" = ["F004"]\n')
    r = run_cli("check", "--output-format", "json", "-", "--stdin-filename", "in/x.txt",
                input=CABLE.encode(), cwd=tmp_path)
    assert [(d["path"], d["code"]) for d in json.loads(r.stdout)] == [("in/x.txt", "F005")]
    r = run_cli("check", "--output-format", "json", "--per-file-ignores", "in/*.txt:F005", "-",
                "--stdin-filename", "in/x.txt", input=CABLE.encode(), cwd=tmp_path)
    assert json.loads(r.stdout) == [] and r.returncode == 0
    r = run_cli("check", "--per-file-ignores", "nocolon", "-", input=b"", cwd=tmp_path)
    assert r.returncode == 2 and "GLOB:CODES" in r.stderr.decode()


# ------------------------------------------------------------------------------ cablelint config
def test_config_command_shows_settings_and_their_source(tmp_path):
    write(tmp_path / "base.toml", 'max-line-length = 65\n')
    write(tmp_path / "pyproject.toml", """
        [tool.cablelint]
        extend = "base.toml"
        select = ["F004", "F005"]
        [tool.cablelint.per-file-ignores]
        "old/**" = ["F005"]
    """)
    write(tmp_path / "old" / "x.txt", CABLE)
    r = run_cli("config", "old/x.txt", cwd=tmp_path)
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr
    assert "# from pyproject.toml [tool.cablelint]" in out and "#   extends base.toml" in out
    assert 'select = ["F004", "F005"]' in out and "max-line-length = 65\n" in out
    assert "fail-on = \"warning\"  # default" in out
    assert 'rules = ["F004"]' in out  # per-file ignores applied for this path
    data = json.loads(run_cli("config", "--output-format", "json", "old", cwd=tmp_path).stdout)
    assert data["config"] == ["pyproject.toml", "base.toml"]
    assert data["settings"]["max-line-length"] == 65 and data["rules"] == ["F004", "F005"]
    assert run_cli("config", "missing", cwd=tmp_path).returncode == 2


def test_config_command_reports_config_errors(tmp_path):
    write(tmp_path / ".cablelint.toml", 'select = ["F999"]\n')
    r = run_cli("config", ".", cwd=tmp_path)
    assert r.returncode == 2 and "unknown rule selector 'F999'" in r.stderr.decode()


def test_force_exclude_applies_to_stdin_filename(tmp_path):
    write(tmp_path / ".cablelint.toml", 'select = ["F005"]\nextend-exclude = ["drafts/old/**"]\n')
    (tmp_path / "sub").mkdir()
    args = ("check", "--force-exclude", "--fix", "-", "--stdin-filename")
    r = run_cli(*args, "../drafts/old/x.txt", input=CABLE.encode(), cwd=tmp_path / "sub")
    assert r.returncode == 0 and r.stdout == CABLE.encode() and r.stderr == b""  # passed through
    r = run_cli(*args, "../drafts/new.txt", input=CABLE.encode(), cwd=tmp_path / "sub")
    assert r.stdout == CABLE.replace("blanks.  \n", "blanks.\n").encode()


def test_is_included_for_editors(tmp_path):
    from cablelint.discovery import is_included

    write(tmp_path / ".cablelint.toml", 'include = ["cables/**/*.txt"]\nextend-exclude = ["scratch"]\n')
    s = resolve_settings(str(tmp_path / "x"))
    assert is_included("cables/2008/a.txt", s) and is_included(str(tmp_path / "cables" / "a.txt"), s)
    assert not is_included("notes.txt", s) and not is_included("cables/scratch/a.txt", s)
