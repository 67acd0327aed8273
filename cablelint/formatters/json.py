"""`--output-format json`: one JSON array, one object per diagnostic (rules.md contract)."""

from __future__ import annotations

import json


def render(results, options) -> str:
    items = [d.to_dict() for r in results for d in r.diagnostics]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
