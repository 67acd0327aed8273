"""The compiled-regex cache of the command line: same patterns, same matches, fewer compiles.

Each case runs in a child process, since `install()` changes `re` for the whole process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from cablelint.parse import grammar_text

pytestmark = pytest.mark.skipif(sys.implementation.name != "cpython", reason="CPython's re internals")

# Patterns with what can go wrong in a copied program: named groups, flags set inline and by
# argument, case folding, non-ASCII, look-behind, back-references, big charsets.
PATTERNS = [
    (r"(?P<day>\d{2})(?P<hour>\d{4})Z\s+(?P<mon>[A-Z]{3})\s+(?P<yr>\d{2})", 0),
    (r"(?i)\bend\s+(?:of\s+)?summary\b", 0),
    (r"classified\s+by", 2),  # re.IGNORECASE as an argument
    (r"(?<![\w.])(\w+)\s+\1\b", 0),
    (r"[\u00a0\u2028\u2029¶§]+|[^\x00-\x7f]", 0),
    (r"^(?:TAGS|Tags)\s*:\s*(.*)$", 8),  # re.MULTILINE
    (r"(?x) \( (?P<mark> [A-Z/]+ ) \)  # a portion mark", 0),
]
SAMPLES = [
    "O 072354Z APR 08", "End of Summary. END   SUMMARY", "Classified By: Ambassador",
    "the the cable", "a\u00a0b ¶ 1. café", "x\nTAGS: PREL, PGOV\n", "1. (C//NF) text",
]

CHILD = textwrap.dedent("""
    import json, re, sys
    from re import _parser
    mode, patterns, samples = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
    if mode != "plain":
        from cablelint.regex_cache import install
        assert install()
    if mode == "warm":  # every pattern must come from the cache: the parser must not run
        def refuse(*a, **k):
            raise AssertionError("re._parser.parse called with a warm cache")
        _parser.parse = refuse
    out = []
    for pattern, flags in patterns:
        rx = re.compile(pattern, flags)
        out.append([rx.flags, rx.groups, sorted(rx.groupindex.items()),
                    [[m.span(), m.groups()] for s in samples for m in rx.finditer(s)]])
    print(json.dumps(out))
""")


def _child(mode: str, cache: str, patterns=PATTERNS, samples=SAMPLES) -> subprocess.CompletedProcess:
    env = {**os.environ, "CABLELINT_CACHE_DIR": cache}
    return subprocess.run([sys.executable, "-c", CHILD, mode, json.dumps(patterns), json.dumps(samples)],
                          capture_output=True, text=True, env=env)


def test_cached_patterns_match_like_fresh_ones(tmp_path):
    plain = _child("plain", str(tmp_path))
    cold = _child("cold", str(tmp_path))
    assert (tmp_path / "regex-cache.marshal").is_file()
    warm = _child("warm", str(tmp_path))
    for run in (plain, cold, warm):
        assert run.returncode == 0, run.stderr
    assert json.loads(cold.stdout) == json.loads(plain.stdout) == json.loads(warm.stdout)
    assert json.loads(plain.stdout)[0][3], "the samples exercise the patterns"


def test_grammar_terminals_from_the_cache(tmp_path):
    # The lexer's patterns are the biggest the cache holds; match every line of a cable
    # against each terminal, fresh and cached.
    import re

    terminals = re.findall(r"^([A-Z_0-9]+)(?:\.\d+)?: (/.*/)\s*$", grammar_text(), re.M)
    patterns = [(rx[1:-1], 0) for _name, rx in terminals]
    assert len(patterns) > 30
    with open(os.path.join(os.path.dirname(__file__), "..", "examples", "08USUNNEWYORK314.md"),
              encoding="utf-8") as fh:
        samples = fh.read().splitlines()[:120]
    plain = _child("plain", str(tmp_path), patterns, samples)
    _child("cold", str(tmp_path), patterns, samples)
    warm = _child("warm", str(tmp_path), patterns, samples)
    assert plain.returncode == 0 and warm.returncode == 0, warm.stderr
    assert json.loads(warm.stdout) == json.loads(plain.stdout)


def test_damaged_cache_is_ignored_and_rewritten(tmp_path):
    (tmp_path / "regex-cache.marshal").write_bytes(b"\x00not marshal data")
    run = _child("cold", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == json.loads(_child("plain", str(tmp_path)).stdout)
    assert _child("warm", str(tmp_path)).returncode == 0  # rewritten whole


def test_invalid_pattern_raises_the_usual_error(tmp_path):
    code = ("import re\nfrom cablelint.regex_cache import install\ninstall()\n"
            "try:\n    re.compile('(unclosed')\nexcept re.error as e:\n    print('re.error', e.pos)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "CABLELINT_CACHE_DIR": str(tmp_path)})
    assert run.stdout.strip() == "re.error 0", run.stderr


def test_cache_off_means_no_cache(tmp_path):
    code = "from cablelint.regex_cache import install\nprint(install())\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "CABLELINT_CACHE_DIR": "off"})
    assert run.stdout.strip() == "False"


def test_the_file_keeps_only_this_runs_patterns_once_full(tmp_path, monkeypatch):
    # Every new grammar or rule adds its patterns; a file past the cap is rewritten with the
    # patterns the saving run used and made, so it never grows without bound.
    from cablelint import regex_cache

    monkeypatch.setattr(regex_cache, "MAX_ENTRIES", 5)
    path, key = str(tmp_path / regex_cache.FILE), "this python"
    old = {(f"old{i}", 0): (0, b"", 0, {}, ()) for i in range(3)}
    regex_cache._save(path, key, {}, old, set())
    assert regex_cache._load(path, key) == old  # under the cap: everything kept
    new = {("new0", 0): (0, b"", 0, {}, ()), ("new1", 2): (2, b"", 0, {}, ())}
    regex_cache._save(path, key, old, new, set())
    assert len(regex_cache._load(path, key)) == 5  # at the cap: still everything
    known = regex_cache._load(path, key)
    newer = {("new2", 0): (0, b"", 0, {}, ())}
    regex_cache._save(path, key, known, newer, {("old1", 0), ("new1", 2)})
    assert sorted(regex_cache._load(path, key)) == [("new1", 2), ("new2", 0), ("old1", 0)]
    assert regex_cache._load(path, "another python") == {}
