"""Compiled regular expressions, kept between runs of the command line.

CPython compiles a regular expression in pure Python (`re._parser`, `re._compiler`), and a
cold `cablelint check` compiles about 200 of them (the lexer states of the grammar, the rules):
some 30 ms of a one-file run. What that work produces is plain data (flags, a list of opcodes,
the group names), which `_sre.compile` turns into a pattern object at once. This module keeps
that data in the cache directory, keyed on the exact Python build, and hands it back to
`_sre.compile` on the next run.

Only the command line installs it (`cablelint.cli.run`), before anything is compiled: it
replaces `re._compiler.compile` for the whole process, which a library must not do to its
host. Anything unexpected (another Python, a changed private API, an unreadable cache, a
pattern that does not compile) takes the normal compiler's path.
"""

from __future__ import annotations

import os
import sys

__all__ = ["install"]

FILE = "regex-cache.marshal"
# One version of cablelint compiles a fixed set of about 250 patterns (the grammar's and the
# rules'). Each new grammar or rule adds its patterns to the file, so once the file would pass
# this many, only the patterns of the run that saves it are kept: a file that only ever grew
# would be read whole, ever more slowly, by every run.
MAX_ENTRIES = 1000
# The versions whose `re._compiler.compile` this module mirrors (3.11 to 3.13 share it).
VERSIONS = ((3, 11), (3, 13))


def install() -> bool:
    """Serve `re` compilations from the cache; save new ones when the process exits.
    Returns whether the cache is in use."""
    if sys.implementation.name != "cpython" or not VERSIONS[0] <= sys.version_info[:2] <= VERSIONS[1]:
        return False
    try:
        import _sre
        from array import array
        from re import _compiler, _parser
    except ImportError:
        return False
    if array("I").itemsize != _sre.CODESIZE:
        return False
    if getattr(_compiler.compile, "cablelint_cache", False):
        return True
    from .cache import cache_dir

    where = cache_dir()
    if where is None:
        return False
    path = os.path.join(where, FILE)
    key = f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}"
    known = _load(path, key)
    new: dict = {}
    used: set = set()
    original = _compiler.compile
    debug = _compiler.SRE_FLAG_DEBUG

    def compile(p, flags=0):  # noqa: A001 - the name it replaces
        if type(p) is str and not flags & debug:
            try:
                entry = known.get((p, flags))  # a RegexFlag hashes and compares as its int
                if entry is None:
                    entry = new[(p, int(flags))] = _entry(_compiler, _parser, p, flags)
                else:
                    used.add((p, int(flags)))
                final_flags, code, groups, groupindex, indexgroup = entry
                return _sre.compile(p, final_flags, array("I", code).tolist(), groups, groupindex, indexgroup)
            except Exception:  # an invalid pattern: the normal path raises the usual error
                pass
        return original(p, flags)

    compile.cablelint_cache = True
    _compiler.compile = compile
    import atexit

    pid = os.getpid()
    atexit.register(lambda: os.getpid() == pid and _save(path, key, known, new, used))
    return True


def _entry(compiler, parser, pattern: str, flags) -> tuple:
    """What `re._compiler.compile` passes to `_sre.compile`, as marshal-able data; the code
    as the bytes of an array (a list of ints would take ten times as long to load)."""
    from array import array

    parsed = parser.parse(pattern, flags)
    state = parsed.state
    code = array("I", compiler._code(parsed, flags)).tobytes()
    indexgroup = [None] * state.groups
    for name, index in state.groupdict.items():
        indexgroup[index] = name
    return int(flags | state.flags), code, state.groups - 1, dict(state.groupdict), tuple(indexgroup)


def _load(path: str, key: str) -> dict:
    import marshal

    try:
        with open(path, "rb") as fh:
            data = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("patterns"), dict):
        return {}  # another Python wrote it
    return data["patterns"]


def _save(path: str, key: str, known: dict, new: dict, used: set) -> None:
    if not new:
        return
    patterns = {**known, **new}
    if len(patterns) > MAX_ENTRIES:  # mostly patterns of earlier versions: this run's only
        patterns = {k: known[k] for k in used if k in known} | new
        if len(patterns) > MAX_ENTRIES:  # a caller compiling patterns made from its input
            return
    import marshal

    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "xb") as fh:
            marshal.dump({"key": key, "patterns": patterns}, fh)
        os.replace(tmp, path)  # whole or not at all: a concurrent run reads the old file or the new
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
