"""Rule metadata and documentation: every rule has its sections, its cases and its catalogue row."""

import re
from pathlib import Path

import pytest
import yaml

from cablelint.registry import DOC_SECTIONS, all_rules
from rule_cases import RULE_CASES

CATALOGUE = Path(__file__).resolve().parent.parent / "docs" / "catalogue.md"
_ROW = re.compile(r"^\| ([A-Z]\d{3}) \| ([a-z-]+) \| ([EWI]) \| (yes|opt) \| (safe|unsafe|-) \|")


def catalogue() -> dict[str, tuple[str, str, str, str]]:
    rows = {}
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m:
            rows[m.group(1)] = m.groups()[1:]
    return rows


RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_matches_catalogue(rule):
    row = catalogue().get(rule.code)
    assert row is not None, f"{rule.code} is not in the catalogue"
    name, sev, on, fix = row
    assert rule.name == name
    assert rule.default_severity.value[0].upper() == sev
    assert rule.default_on == (on == "yes")
    assert {"safe": "safe", "unsafe": "unsafe", "-": "none"}[fix] == rule.fix


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_documentation_sections(rule):
    doc = rule.doc()
    assert rule.summary() and not rule.summary().startswith("#")
    for title in DOC_SECTIONS:
        assert rule.section(title), f"{rule.code}: missing '## {title}'"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_pass_and_fail_cases(rule):
    path = RULE_CASES / f"{rule.code}.yml"
    assert path.exists(), f"no fixture cases for {rule.code}"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data.pop("rule") == rule.code
    assert any("pass_str" in c for c in data.values()), "no pass case"
    assert any("fail_str" in c for c in data.values()), "no fail case"
    if rule.fix != "none":
        assert any("fix_str" in c for c in data.values()), "a fixable rule needs a fix case"


def test_generated_docs_are_up_to_date():
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate_docs", CATALOGUE.parent.parent / "scripts" / "generate_docs.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    stale = [str(p) for p, text in gen.pages().items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run python scripts/generate_docs.py: {stale}"
    readme = (CATALOGUE.parent.parent / "README.md").read_text(encoding="utf-8")
    assert readme == gen.readme(), "run python scripts/generate_docs.py (README rule table)"
