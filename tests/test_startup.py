"""What keeps a cold `cablelint check` fast (benchmarks/run.py measures it; nothing here is timed)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "cablelint").rglob("*.py")) + sorted((ROOT / "rules").rglob("*.py"))


def _dataclasses(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                if isinstance(target, ast.Name) and target.id in ("dataclass", "element"):
                    yield node


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_dataclass_has_a_docstring(path):
    # Without one, `dataclass` writes one with `inspect.signature` when the module is imported:
    # 40-300 us a class at import, some 3 ms of every start-up in all.
    missing = [c.name for c in _dataclasses(ast.parse(path.read_text(encoding="utf-8"))) if not ast.get_docstring(c)]
    assert not missing, f"{path.name}: dataclasses without a docstring: {missing}"


def test_the_dataclass_check_sees_them():
    found = sum(1 for p in SOURCES for _ in _dataclasses(ast.parse(p.read_text(encoding="utf-8"))))
    assert found >= 40
