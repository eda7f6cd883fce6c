"""A documentation file's doctest imports, which name a module with no dotted token (issue 13, jsonpatch 1.48).

jsonpatch's ``doc/tutorial.rst``, run by ``doctest.testfile`` in its suite, does ``>>> import jsonpatch`` (its one
top-level module); ``>>> from pkg import mod`` names ``pkg.mod`` the same way. planner/file_references.py lists each such
line as a ``doctest`` reference; codemods/doc_examples.py rewrites a prompt line's code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from planner.discover import ModuleFile
from planner.doctest_text import DOCTEST_LINE
from planner.source_imports import SourceImports

__all__ = ["bare_doctest_imports", "doctest_modules", "plain_imports"]

#: A doctest's import with its prompt: ``>>> import tool``, ``>>> from pkg import mod, other as o``
_DOCTEST_IMPORT = re.compile(r"\s*(>>>|\.\.\.) +(?:from +([\w.]+) +import +\(?([\w ,]*)|import +(\w+)\s*(?:as|$|[;#]))")

#: A name standing alone in code: not an attribute (``x.tool``), not the head of a dotted path (``tool.X``, a
#: token found as any other)
_STANDING = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?![\w.])")

#: Where a plain ``import`` statement's names start in a line of code: at its start or after a ``;``
_PLAIN = re.compile(r"(?:^|;)[ \t]*import[ \t]+")
#: One name of it: ``pkg.mod`` or ``pkg.mod as m``, then maybe a comma
_ITEM = re.compile(r"([A-Za-z_][\w.]*)(?:[ \t]+as[ \t]+[A-Za-z_]\w*)?[ \t]*(,[ \t]*)?")


def plain_imports(code: str) -> list[str]:
    """The modules the ``import a, b.c as d`` statements of one line of code name, each of them (``>>> import os,
    tool`` names ``tool`` too), in order."""
    found: list[str] = []
    for start in (m.end() for m in _PLAIN.finditer(code.strip()) if "import" in code):
        item = _ITEM.match(code.strip(), start)
        while item is not None:
            found.append(item.group(1))
            item = _ITEM.match(code.strip(), item.end()) if item.group(2) else None
    return found


def standing_names(code: str, start: int = 0) -> list[str]:
    """The names standing alone in a line of code from ``start`` (``tool`` of ``tool = None``, ``print(tool)``;
    not ``x.tool`` nor ``tool.X``, a dotted token found as any other)."""
    return _STANDING.findall(code, start)


def doctest_modules(
    line: str, prompt: bool, modules: Mapping[str, ModuleFile], imports: SourceImports
) -> tuple[bool, list[str]]:
    """The checkout's modules a documentation file's doctest line imports with no dotted token: ``>>> import tool``
    (a top-level module), ``>>> from pkg import mod`` (``pkg.mod``), ``>>> from tool import make`` (``tool``); a
    ``...`` line only right after a prompt line. A dotted path (``import pkg.mod``) is a token, found as any other.
    ``imports`` reads the file's examples line after line: a statement goes on over its ``...`` lines (``>>> from
    pkg import (`` then ``...     mod,``, or after a backslash), each name listed on its own line.

    Returns:
        Whether ``line`` is a prompt line (for the next line), and the modules.
    """
    example = DOCTEST_LINE.match(line)
    stripped = line.lstrip()
    code = example is not None and (stripped.startswith(">>> ") or (prompt and stripped.startswith("... ")))
    named = [f"{i.source}.{i.name}" for i in imports.names(line, [example.span("code")] if example and code else [])]
    # ``import os, tool``: each bare top-level module it names (a dotted one is a token, found as any other); and
    # the name such an import binds wherever it stands (``tool = None`` in ``except ImportError:``, ``print(tool)``):
    # apply renames it on every line of an example's code, as the import no longer binds it
    bare = [m for m in plain_imports(line[example.end("prompt") :]) if "." not in m] if example and code else []
    if example and code:
        bare += [m for m in standing_names(line, example.end("prompt")) if _top_module(m, modules)]
    match = _DOCTEST_IMPORT.match(line) if code else None
    if match is None:
        return code, [m for m in dict.fromkeys([*named, *bare]) if m in modules]
    _prompt, source, _names, imported = match.groups()
    # ``from tool import make``: the top-level module itself; a package (``from pkg import ...``) keeps its name
    top = source is not None and source in modules and "." not in source and not modules[source].is_package
    return True, [m for m in dict.fromkeys([imported or "", source if top else "", *named, *bare]) if m in modules]


def _top_module(name: str, modules: Mapping[str, ModuleFile]) -> bool:
    """``name`` is a top-level module of the checkout (not a package, whose name a rename keeps)."""
    found = modules.get(name)
    return found is not None and not found.is_package


def bare_doctest_imports(text: str) -> list[tuple[int, str]]:
    """A docstring's bare top-level modules its examples import (``>>> import os, tool``), with the index of each
    line naming one: the import's, and each line of the examples' code where the name it bound stands (``tool =
    None`` under ``except ImportError:``, ``print(tool)``), which apply renames with the import."""
    lines = text.split("\n") if " import " in text else []
    found: list[tuple[int, str]] = []
    for index, body in enumerate(lines):
        example = DOCTEST_LINE.match(body)
        found += [(index, m) for m in plain_imports(example.group("code")) if "." not in m] if example else []
    bound = {module for _, module in found}
    for index, body in enumerate(lines if bound else ()):
        example = DOCTEST_LINE.match(body)
        found += [(index, m) for m in standing_names(example.group("code")) if m in bound] if example else []
    return list(dict.fromkeys(found))
