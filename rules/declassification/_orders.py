"""The executive-order table (rules/data/executive_orders.toml), loaded once.

Helpers shared by the D rules (and P402): which order governs a date, which code family a
code belongs to, whether a code may stand under an order on a given date, and the E.O.
values that mark a re-keyed archival copy.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Order", "CodeUse", "orders", "order", "order_on", "code_family", "is_rekeyed",
           "add_years", "family_label", "dated_lines", "DATA"]

DATA = ("executive_orders.toml",)  # in rules/data/

# "E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009", "E.O. 12958: AS AMENDED; DECLASSIFIED
# JUNE 21, 2006": archival copies re-keyed long after the cable was sent (cable-format.md §5.1).
_REKEYED = re.compile(r"(?i)\bDECLASSIFIED\b|\bNARA\b|\bAS\s+AMENDED\b")


# A NamedTuple rather than a frozen dataclass: as immutable, and a tenth of the cost to create
# when the module is imported (every cold start imports every rule).
class CodeUse(NamedTuple):
    """When a declassification code family may stand under an order."""
    family: str
    start: date | None  # the code may stand under the order from this cable date
    end: date | None  # ... until this one


class Order(NamedTuple):
    """One executive order of the table: its dates, limits and codes."""
    number: str
    start: date
    end: date
    portion_marking: bool
    max_years: int | None
    codes: tuple[CodeUse, ...]

    def allows(self, family: str, on: date | None) -> CodeUse | None:
        """The use of `family` under this order, or None. With a date, the use must cover it."""
        for use in self.codes:
            if use.family != family:
                continue
            if on is None or ((use.start is None or on >= use.start) and (use.end is None or on <= use.end)):
                return use
        return None

    def label(self) -> str:
        end = "" if self.end.year == 9999 else self.end.isoformat()
        return f"E.O. {self.number} ({self.start.isoformat()} to {end or 'today'})"


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[Order, ...], tuple[tuple[str, re.Pattern], ...]]:
    from .. import read_data

    data = tomllib.loads(read_data(*DATA))
    families = tuple((name, re.compile(rf"(?:{pattern})", re.I)) for name, pattern in data["codes"].items())
    out = []
    for row in data["order"]:
        start, end = (date.fromisoformat(d) for d in row["in_force"])
        codes = tuple(CodeUse(c["family"], _d(c.get("from")), _d(c.get("until"))) for c in row["codes"])
        out.append(Order(row["number"], start, end, row["portion_marking"], row.get("max_years"), codes))
    return tuple(out), families


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def orders() -> tuple[Order, ...]:
    return _table()[0]


def order(number: str | None) -> Order | None:
    """The order with this number, or None for a number that is not a classification order."""
    for o in orders():
        if o.number == number:
            return o
    return None


def order_on(day: date) -> Order | None:
    """The order in force on a cable date (the later one on a switch day)."""
    found = None
    for o in orders():
        if o.start <= day <= o.end:
            found = o
    return found


def code_family(code: str) -> str | None:
    for name, pattern in _table()[1]:
        if pattern.fullmatch(code.strip()):
            return name
    return None


def family_label(family: str) -> str:
    return {"X": "X1-X8", "XGDS": "XGDS-n", "RDS": "RDS-n", "XDS": "XDS-n", "25X": "25X1-25X9",
            "50X": "50X1-HUM/50X2-WMD"}.get(family, family)


def is_rekeyed(value: str | None) -> bool:
    """An archival copy whose E.O. line was re-keyed at declassification."""
    return bool(value) and _REKEYED.search(value) is not None


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def dated_lines(cable):
    """The E.O. lines whose DECL value carries a real date (a date, or a code with its
    schedule's date), for the rules that compare it with the cable date."""
    for eo in cable.eo_lines:
        if eo.date is not None and eo.date_field is not None and eo.kind in ("date", "code"):
            yield eo
