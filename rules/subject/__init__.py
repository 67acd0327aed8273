"""S: subject, references, signature (rules.md). One module per rule."""

from cablelint.registry import discover


def rules():
    return discover(__name__)
