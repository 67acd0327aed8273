"""pre-commit for real: the manifest and the repo's own config validate, and `pre-commit
try-repo` installs this checkout into its own environment (from the package registry) and
runs the hooks in a temporary git repository with a bad and a good cable: the check hook
fails, the fix hook repairs the bad cable, then the check hook passes.

Skipped only when `git` is missing. The checkout is copied into a temporary git repository
first (tracked and untracked files), so uncommitted work is what gets tested and the
checkout's own git index is never touched."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

BAD = ("UNCLAS STATE 012345 \n"
       "\n"
       "TAGS: [PREL](#) KPAO\n"
       "SUBJECT: A BAD CABLE\n"
       "\n"
       "1. (U) Text.\n")
GOOD = "UNCLAS STATE 012346\n\nTAGS: PREL KPAO\nSUBJECT: A GOOD CABLE\n\n1. (U) Text.\n"


def pre_commit(*args, cwd, env):
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


def git(*args, cwd):
    subprocess.run([GIT, *args], cwd=cwd, check=True, capture_output=True)


def test_manifest_and_own_config_validate():
    env = dict(os.environ)
    for name, cmd in ((".pre-commit-hooks.yaml", "validate-manifest"), (".pre-commit-config.yaml", "validate-config")):
        r = pre_commit(cmd, name, cwd=ROOT, env=env)
        assert r.returncode == 0, r.stdout + r.stderr


def test_own_hook_passes_on_the_examples():
    """What the repository's own hook runs (restricted to F001-F007, the rules this test may
    rely on): the example's known findings are in its baseline."""
    r = run_cli("check", "--select", "F001,F002,F003,F004,F005,F006,F007", "--force-exclude",
                "--baseline", "examples/cablelint-baseline.json", "examples/08USUNNEWYORK314.md", cwd=ROOT)
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()


def _copy_checkout(dest):
    """Tracked and untracked (not ignored) files of the checkout, committed in a new repo."""
    listed = subprocess.run([GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    _init(dest)


def _init(d):
    git("init", "-q", cwd=d)
    git("config", "user.email", "test@example.invalid", cwd=d)
    git("config", "user.name", "cablelint tests", cwd=d)
    git("config", "commit.gpgsign", "false", cwd=d)
    git("add", "-A", cwd=d)
    git("commit", "-q", "-m", "snapshot", cwd=d)


def test_try_repo_check_fails_then_fix_then_passes(tmp_path):
    hooks_repo = tmp_path / "cablelint"
    hooks_repo.mkdir()
    _copy_checkout(hooks_repo)

    work = tmp_path / "work"
    work.mkdir()
    # Select explicitly, so that the test does not depend on which other rules exist.
    (work / ".cablelint.toml").write_text('select = ["F003", "F005"]\n', encoding="utf-8")
    (work / "bad.txt").write_text(BAD, encoding="utf-8")
    (work / "good.txt").write_text(GOOD, encoding="utf-8")
    (work / "README.md").write_text("TAGS: [NOT](#) a cable\n", encoding="utf-8")  # not matched by `files`
    _init(work)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "PIP_REQUIRE"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    files = ("--files", "bad.txt", "good.txt", "README.md")

    check = pre_commit("try-repo", str(hooks_repo), "cablelint", *files, cwd=work, env=env)
    out = check.stdout + check.stderr
    assert check.returncode == 1, out
    assert "cablelint" in out and "Failed" in out
    assert "bad.txt:3:7: F003 [*] markdown link residue" in out and "good.txt" not in out.split("Failed", 1)[1]

    fix = pre_commit("try-repo", str(hooks_repo), "cablelint-fix", *files, cwd=work, env=env)
    out = fix.stdout + fix.stderr
    assert fix.returncode == 1, out  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in out
    assert (work / "bad.txt").read_text(encoding="utf-8") == BAD.replace("012345 \n", "012345\n").replace(
        "[PREL](#)", "PREL")
    assert (work / "good.txt").read_text(encoding="utf-8") == GOOD
    assert (work / "README.md").read_text(encoding="utf-8") == "TAGS: [NOT](#) a cable\n"

    again = pre_commit("try-repo", str(hooks_repo), "cablelint", *files, cwd=work, env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout
