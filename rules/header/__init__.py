"""H: header (routing and transmission lines FL1-FL9) (rules.md). One module per rule."""

from cablelint.registry import discover


def rules():
    return discover(__name__)
