"""Whole-corpus CI checks (CABLELINT_CORPUS): `--fix` on a copy changes only what the safe fixes
claim and a second `--fix` changes nothing; SARIF over the corpus validates against the schema
within GitHub's limits; `--jobs 2` output equals `--jobs 1`. Figures print with `pytest -s`."""

import difflib
import gzip
import json
import re
import shutil
import subprocess
import sys
import time

import jsonschema

from conftest import FIXTURES


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "cablelint", *args], capture_output=True, timeout=1800, **kw)


def claimed_lines(target) -> dict[str, set[int]]:
    """path -> lines touched by a safe fix, streamed from `--output-format json-lines`."""
    claims: dict[str, set[int]] = {}
    p = subprocess.Popen([sys.executable, "-m", "cablelint", "check", "--output-format", "json-lines", "."],
                         cwd=target, stdout=subprocess.PIPE)
    for raw in p.stdout:
        d = json.loads(raw)
        fix = d["fix"]
        if fix and fix["applicability"] == "safe":
            lines = claims.setdefault(d["path"], set())
            for e in fix["edits"]:
                lines.update(range(e["line"], e["end_line"] + 1))
    assert p.wait() in (0, 1)
    return claims


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> list[str]:
    """Lines with their endings, split as the linter splits them (CR, LF, CRLF only)."""
    return _LINE.findall(text)


def snapshot(d):
    return {str(f.relative_to(d)): f.read_bytes() for f in sorted(d.rglob("*.txt"))}


def test_fix_on_a_copy_of_the_corpus_changes_only_what_safe_fixes_claim(corpus, tmp_path):
    target = tmp_path / "cables"
    shutil.copytree(corpus / "cables", target)
    before = snapshot(target)
    claims = claimed_lines(target)

    t = time.monotonic()
    r = cli("check", "--fix", "--show-fixes", "--output-format", "concise", ".", cwd=target)
    elapsed = time.monotonic() - t
    assert r.returncode in (0, 1), r.stderr.decode()[-2000:]
    assert b"did not converge" not in r.stderr
    after = snapshot(target)
    assert after.keys() == before.keys()

    changed_files = 0
    outside = []
    for name, old in before.items():
        new = after[name]
        if new == old:
            continue
        changed_files += 1
        ok = claims.get(name, set())
        # Decoding the way the linter does: the encoding is kept (cp1252 stays cp1252).
        try:
            a, b = old.decode("utf-8"), new.decode("utf-8")
        except UnicodeDecodeError:
            a, b = old.decode("cp1252"), new.decode("cp1252")
        la, lb = _lines(a), _lines(b)
        if len(la) == len(lb):  # the usual case: compare line for line
            touched = {i + 1 for i, (x, y) in enumerate(zip(la, lb)) if x != y}
            if not touched <= ok:
                outside.append((name, sorted(touched - ok)[:5]))
            continue
        # Lines were deleted (C213) or split (an encoded line break): align on the text
        # without trailing blanks, so that the many whitespace-only fixes cannot mislead the
        # alignment, then check every difference, whitespace included, against the claims.
        sa, sb = [x.rstrip() for x in la], [y.rstrip() for y in lb]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes():
            if op == "equal":
                outside.extend((name, "changed", i1 + k + 1) for k in range(i2 - i1)
                               if la[i1 + k] != lb[j1 + k] and i1 + k + 1 not in ok)
            elif op == "insert":  # new lines stand next to a claimed line
                if not {i1, i1 + 1} & ok:
                    outside.append((name, op, i1 + 1, i2))
            else:
                kept = set(sb[j1:j2])
                bad = [i + 1 for i in range(i1, i2) if i + 1 not in ok and not (op == "replace" and sa[i] in kept)]
                if bad:
                    outside.append((name, op, bad[:5]))
    assert outside == [], outside[:20]
    assert set(claims) >= {n for n in before if after[n] != before[n]}

    # Idempotent: a second --fix changes nothing.
    r2 = cli("check", "--fix", "--show-fixes", "--output-format", "concise", ".", cwd=target)
    assert snapshot(target) == after
    assert b"No fixes applied." in r2.stdout
    summary = [x for x in r.stdout.decode().splitlines() if x.startswith(("Fixed ", "Found "))]
    print(f"\n--fix on {len(before)} corpus cables: {changed_files} files changed, {summary}, "
          f"{elapsed:.1f} s; every changed line claimed by a safe fix; second --fix: no change")


def test_sarif_over_the_corpus_is_valid_and_within_github_limits(corpus, tmp_path):
    out = tmp_path / "corpus.sarif"
    t = time.monotonic()
    r = cli("check", "--output-format", "sarif", "--output-file", str(out), str(corpus / "cables"))
    elapsed = time.monotonic() - t
    assert r.returncode in (0, 1), r.stderr.decode()[-2000:]
    data = out.read_bytes()
    doc = json.loads(data)
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
    assert errors == [], [e.message for e in errors[:5]]
    run = doc["runs"][0]
    results = run["results"]
    gz = len(gzip.compress(data))
    assert 0 < len(results) <= 25_000 and gz <= 10_000_000
    assert len(run["tool"]["driver"]["rules"]) <= 25_000
    total = run.get("properties", {}).get("totalResults", len(results))
    print(f"\nSARIF over {corpus / 'cables'}: {len(results)} results written of {total} found, "
          f"{len(data) / 1e6:.1f} MB ({gz / 1e6:.2f} MB gzip), valid against SARIF 2.1.0; {elapsed:.1f} s")


def test_jobs_2_equals_jobs_1_over_the_corpus(corpus):
    outs = {}
    for jobs in ("1", "2"):
        t = time.monotonic()
        r = cli("check", "--output-format", "json-lines", "--jobs", jobs, str(corpus / "cables"))
        outs[jobs] = (r.returncode, r.stdout, time.monotonic() - t)
    assert outs["1"][:2] == outs["2"][:2]
    print(f"\njson-lines over the corpus: --jobs 1 {outs['1'][2]:.1f} s, --jobs 2 {outs['2'][2]:.1f} s, "
          f"{len(outs['1'][1]) / 1e6:.0f} MB identical")
