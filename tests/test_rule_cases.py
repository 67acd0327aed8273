"""Every YAML rule case, one parametrized test (tests/fixtures/rules/<CODE>.yml)."""

import pytest

from rule_cases import load_cases, run_case

CASES = list(load_cases())


@pytest.mark.parametrize("rule,name,case", [pytest.param(r, n, c, id=f"{r}-{n}") for r, n, c, _ in CASES])
def test_rule_case(rule, name, case):
    run_case(rule, case)
