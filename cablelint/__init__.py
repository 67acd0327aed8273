"""cablelint: a linter for U.S. State Department telegrams (cables).

Public API::

    from cablelint import lint_text, Settings
    for d in lint_text(open("08USUNNEWYORK314.txt").read(), "08USUNNEWYORK314.txt"):
        print(d.code, d.span.line, d.message)
"""

__version__ = "0.1.0"

from .diagnostics import Diagnostic, Edit, Fix, Severity, Span  # noqa: E402
from .engine import analyze, lint_source, lint_text  # noqa: E402
from .registry import Rule  # noqa: E402
from .settings import Settings  # noqa: E402
from .source import Source  # noqa: E402

__all__ = ["__version__", "Diagnostic", "Edit", "Fix", "Rule", "Settings", "Severity", "Source",
           "Span", "analyze", "lint_source", "lint_text"]
