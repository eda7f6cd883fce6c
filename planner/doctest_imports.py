"""A documentation file's doctest imports, which name a module with no dotted token (issue 13, jsonpatch 1.48).

jsonpatch's ``doc/tutorial.rst``, run by ``doctest.testfile`` in its suite, does ``>>> import jsonpatch`` (its one
top-level module); ``>>> from pkg import mod`` names ``pkg.mod`` the same way. planner/references.py lists each such
line as a ``doctest`` reference; codemods/doc_examples.py rewrites a prompt line's code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from planner.discover import ModuleFile

__all__ = ["doctest_modules"]

#: A doctest's import with its prompt: ``>>> import tool``, ``>>> from pkg import mod, other as o``
_DOCTEST_IMPORT = re.compile(r"\s*(>>>|\.\.\.) +(?:from +([\w.]+) +import +\(?([\w ,]+)|import +(\w+)\s*(?:as|$|[;#]))")


def doctest_modules(line: str, prompt: bool, modules: Mapping[str, ModuleFile]) -> tuple[bool, list[str]]:
    """The checkout's modules a documentation file's doctest line imports with no dotted token: ``>>> import tool``
    (a top-level module), ``>>> from pkg import mod`` (``pkg.mod``), ``>>> from tool import make`` (``tool``); a
    ``...`` line only right after a prompt line. A dotted path (``import pkg.mod``) is a token, found as any other.

    Returns:
        Whether ``line`` is a prompt line (for the next line), and the modules.
    """
    stripped = line.lstrip()
    code = stripped.startswith(">>> ") or (prompt and stripped.startswith("... "))
    match = _DOCTEST_IMPORT.match(line) if code else None
    if match is None:
        return code, []
    _prompt, source, names, imported = match.groups()
    if imported is not None:
        return True, [imported] if imported in modules else []
    named = [f"{source}.{n.split()[0]}" for n in names.split(",") if n.split()]
    # ``from tool import make``: the top-level module itself; a package (``from pkg import ...``) keeps its name
    return True, [
        m for m in (source, *named) if m in modules and (m != source or "." not in m and not modules[m].is_package)
    ]
