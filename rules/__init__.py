"""Built-in rules, one package per family, registered through the `cablelint.rules` entry-point group."""

import os

_DATA = os.path.join(os.path.dirname(__file__), "data")


def read_data(*parts: str) -> str:
    """The text of a data file in rules/data/ (TAG lists, era table, post aliases)."""
    with open(os.path.join(_DATA, *parts), encoding="utf-8") as fh:
        return fh.read()
