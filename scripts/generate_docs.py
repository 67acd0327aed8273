"""Write docs/rules/<CODE>.md and the README rule table from the rules' docstrings.

Run after adding or changing a rule: `python scripts/generate_docs.py`. The test suite fails
when the generated files are out of date (tests/test_docs.py).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"


def rule_table() -> str:
    from cablelint.registry import all_rules

    rows = ["| code | name | severity | default | fix | summary |", "|---|---|---|---|---|---|"]
    for r in all_rules():
        rows.append(f"| [{r.code}](docs/rules/{r.code}.md) | {r.name} | {r.default_severity.value} | "
                    f"{'on' if r.default_on else 'opt-in'} | {r.fix} | {r.summary()} |")
    return "\n".join(rows)


def pages() -> dict[Path, str]:
    from cablelint.registry import rule_markdown
    from cablelint.registry import all_rules

    return {ROOT / "docs" / "rules" / f"{r.code}.md": rule_markdown(r) for r in all_rules()}


def readme() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.sub(re.escape(START) + r".*?" + re.escape(END), f"{START}\n{rule_table()}\n{END}", text,
                  flags=re.S)


def main() -> int:
    out = ROOT / "docs" / "rules"
    out.mkdir(parents=True, exist_ok=True)
    wanted = pages()
    for stale in out.glob("*.md"):
        if stale not in wanted:
            stale.unlink()
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
    (ROOT / "README.md").write_text(readme(), encoding="utf-8")
    print(f"wrote {len(wanted)} rule pages and the README rule table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
