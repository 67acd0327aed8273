"""cablelint: a linter for U.S. State Department telegrams (cables).

Public API::

    from cablelint import lint_text, Settings
    for d in lint_text(open("08USUNNEWYORK314.txt").read(), "08USUNNEWYORK314.txt"):
        print(d.code, d.span.line, d.message)
"""

__version__ = "0.1.0"

# The public names load on first use (PEP 562): the command line imports only what a run
# needs, and pays no start-up for the rest.
_EXPORTS = {
    "Diagnostic": "diagnostics", "Edit": "diagnostics", "Fix": "diagnostics", "Severity": "diagnostics",
    "Span": "diagnostics", "analyze": "engine", "lint_source": "engine", "lint_text": "engine",
    "Rule": "registry", "Settings": "settings", "Source": "source",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cablelint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
