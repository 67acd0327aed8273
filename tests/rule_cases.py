"""Load and run the YAML rule cases of tests/fixtures/rules/<CODE>.yml (SQLFluff's model).

A file holds `rule: CODE` and named cases. Each case has `pass_str` (the rule stays silent)
or `fail_str` with `violations` (every finding of the rule, pinned by code, line and col;
`end_line`, `end_col` and a `message` substring may be pinned too), optionally `fix_str`
(the text after the fix passes) and `configs` (settings for the case: `unsafe-fixes`,
`cable-date`, `max-line-length`, `extend-tags`, `select`, `allow-directives`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from cablelint.diagnostics import Severity
from cablelint.engine import lint_source
from cablelint.fixer import fix_source
from cablelint.settings import Settings, resolve_rules
from cablelint.source import Source

RULE_CASES = Path(__file__).resolve().parent / "fixtures" / "rules"
CONFIG_KEYS = {"unsafe-fixes", "cable-date", "max-line-length", "extend-tags", "select", "fail-on",
               "allow-directives"}


def load_cases():
    for path in sorted(RULE_CASES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rule = data.pop("rule")
        for name, case in data.items():
            yield rule, name, case, path


def settings_for(rule: str, configs: dict | None) -> Settings:
    configs = configs or {}
    unknown = set(configs) - CONFIG_KEYS
    assert not unknown, f"unknown case configs: {unknown}"
    cd = configs.get("cable-date")
    return Settings(
        select=tuple(configs.get("select", [rule])),
        unsafe_fixes=bool(configs.get("unsafe-fixes", False)),
        cable_date=date.fromisoformat(str(cd)) if cd else None,
        max_line_length=int(configs.get("max-line-length", 72)),
        extend_tags=tuple(configs.get("extend-tags", ())),
        fail_on=Severity(configs.get("fail-on", "warning")),
        allow_directives=bool(configs.get("allow-directives", False)),
    )


def run_case(rule: str, case: dict) -> None:
    settings = settings_for(rule, case.get("configs"))
    codes = {r.code for r in resolve_rules(settings)}
    assert rule in codes, f"{rule} is not selected by the case configs"
    text = case["pass_str"] if "pass_str" in case else case["fail_str"]
    result = lint_source(Source.from_text(text, "case.txt"), settings)
    assert not result.rule_errors, result.rule_errors
    found = sorted((d.code, d.span.line, d.span.column) for d in result.diagnostics if d.code in codes)
    if "pass_str" in case:
        assert found == [], _explain(result)
    else:
        expected = sorted((v["code"], v["line"], v["col"]) for v in case["violations"])
        assert found == expected, _explain(result)
        by_pos = {(d.code, d.span.line, d.span.column): d for d in result.diagnostics}
        for v in case["violations"]:
            d = by_pos[(v["code"], v["line"], v["col"])]
            if "end_line" in v:
                assert d.span.end_line == v["end_line"], d
            if "end_col" in v:
                assert d.span.end_column == v["end_col"], d
            if "message" in v:
                assert v["message"] in d.message, d.message
    for d in result.diagnostics:
        if d.fix is not None:
            from cablelint.registry import rule_by_selector
            (cls,) = rule_by_selector(d.code)
            assert cls.fix != "none", f"{d.code} returns a fix but is documented without one"
    if "fix_str" in case:
        unsafe = settings.unsafe_fixes
        rules = resolve_rules(settings)
        fixed = fix_source(Source.from_text(text, "case.txt"), settings, rules, unsafe=unsafe)
        got = fixed.fixed_text if fixed.fixed_text is not None else text
        assert got == case["fix_str"]
        remaining = [d for d in fixed.diagnostics if d.code == rule]
        assert remaining == [] or "violations_after_fix" in case, remaining
        again = fix_source(Source.from_text(got, "case.txt"), settings, rules, unsafe=unsafe)
        assert again.fixed_text is None, "fixing twice changed the text again"


def _explain(result) -> str:
    return "diagnostics:\n" + "\n".join(
        f"  {d.code} {d.span.line}:{d.span.column} {d.message}" for d in result.diagnostics)
