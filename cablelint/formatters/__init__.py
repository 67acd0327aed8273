"""Output formats. Each module renders a sorted list of file results; `get(name)` loads one lazily."""

from __future__ import annotations

import importlib

# format name -> module (aliases share a module)
FORMATS = {
    "full": "text",
    "text": "text",
    "concise": "text",
    "json": "json",
}


def names() -> list[str]:
    return sorted(FORMATS)


def get(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")
