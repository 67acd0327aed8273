"""P: paragraphs and portion markings (rules.md). One module per rule."""

from cablelint.registry import discover


def rules():
    return discover(__name__)
