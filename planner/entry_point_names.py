"""Entry-point names spelled like a module path (issue 13, pytest-xdist 3.8.0).

An entry point is ``name = value``: the value (``pkg.mod:attr``) names a module, the name does not. pytest-xdist
declares ``[project.entry-points.pytest11] "xdist.looponfail" = "xdist.looponfail"``: its name is the plugin's
(``pytest -p no:xdist.looponfail``). Apply rewrote both sides, in ``pyproject.toml`` and in the checkout's
``*.egg-info/entry_points.txt``; the installed copy's metadata still named the plugin by its old name, pluggy met one
module under two names and refused to start (the whole suite lost). The plan (planner/file_references.py,
planner/path_mentions.py, planner/read_facts.py) and apply (codemods/config_line_refs.py, codemods/string_rewriter.py)
leave each name as it is and read the value only, in every spelling of a declaration:

- ``pyproject.toml``: ``[project.scripts]``, ``[project.gui-scripts]``, ``[project.entry-points.<group>]``,
  ``[tool.poetry.scripts]``, ``[tool.poetry.plugins.<group>]`` (keys quoted or bare), and ``scripts = { ... }``,
  ``entry-points = { ... }`` inline tables in ``[project]``/``[tool.poetry]``;
- ``setup.cfg``'s ``[options.entry_points]`` (``group =``, then indented ``name = value`` lines);
- ``setup.py``'s ``entry_points={"group": ["name = value", ...]}`` (or an INI string): a string so shaped;
- an egg-info's or dist-info's ``entry_points.txt`` (every line);

and, in code, a lookup by name: ``entry_points(group=..., name="pkg.plug")``, ``iter_entry_points(group, name)``
(and the other lookups of planner/entry_point_lookups.py).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence

__all__ = [
    "declares_entry_points",
    "entry_point_names",
    "in_names",
    "name_arguments",
    "sub_values",
]

#: A key before its ``=``: at a line's start, or after ``{``/``,`` in a TOML inline table; quoted or bare. Group 2.
_NAME = re.compile(r"""(?:^|(?<=[{,]))[ \t]*+(["']?)([^\s"'=,{}\[\]#;]++)\1[ \t]*+=(?!=)""", re.M)
#: pyproject.toml's tables of entry points (PEP 621's and Poetry's)
_TABLES = (
    "project.scripts",
    "project.gui-scripts",
    "project.entry-points",
    "tool.poetry.scripts",
    "tool.poetry.plugins",
)
#: ``scripts = { "x" = "pkg.cli:main" }`` in ``[project]`` or ``[tool.poetry]``: an inline table of entry points
_INLINE = re.compile(r"\s*(?:scripts|gui-scripts|entry-points|plugins)\s*=\s*\{")
#: pkg_resources' lookups by name: the position of the name among the arguments
_BY_POSITION = {"iter_entry_points": 1, "load_entry_point": 2, "get_entry_info": 2}


def declares_entry_points(name: str, section: str, line: str) -> bool:
    """Does ``line`` of the file named ``name``, under ``section`` (``[x]`` or ``x``), declare entry points?"""
    if name == "entry_points.txt":
        return True
    table = section.strip().strip("[]").replace(" ", "")
    if name == "setup.cfg":
        return table == "options.entry_points"
    if name != "pyproject.toml":
        return False
    if table.startswith(_TABLES):
        return True
    return table in ("project", "tool.poetry") and _INLINE.match(line) is not None


def entry_point_names(text: str) -> list[tuple[int, int]]:
    """The start and end of each entry point's name in ``text``, lines known to declare entry points (a
    ``setup.py`` string: one or more ``name = value`` lines).

    Returns:
        The spans, in order.
    """
    return [match.span(2) for match in _NAME.finditer(text)]


def in_names(names: Sequence[tuple[int, int]], start: int) -> bool:
    """Does a token starting at ``start`` lie in one of the ``names`` (:func:`entry_point_names`)?"""
    return any(a <= start < b for a, b in names)


def sub_values(text: str, rewrite: Callable[[str], str]) -> str:
    """``text`` (a ``setup.py`` string declaring entry points) with ``rewrite`` applied to all but the names.

    Returns:
        The rewritten text.
    """
    out, position = [], 0
    for start, end in entry_point_names(text):
        out += [rewrite(text[position:start]), text[start:end]]
        position = end
    return "".join(out) + rewrite(text[position:])


def name_arguments(call: ast.Call) -> list[ast.Constant]:
    """The strings ``call`` gives as an entry point's name: ``entry_points(group="pytest11", name="pkg.plug")``,
    ``eps.select(name=...)``, any call's ``name=`` beside ``group=``, ``iter_entry_points(group, name)``,
    ``load_entry_point(dist, group, name)``. The name is kept, as its declarations keep it.

    Returns:
        The string constants, in order.
    """
    func = call.func
    called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    found: list[ast.expr] = []
    if "name" in keywords and ("group" in keywords or called in ("entry_points", "select")):
        found.append(keywords["name"])
    at = _BY_POSITION.get(called)
    if at is not None and len(call.args) > at:
        found.append(call.args[at])
    return [n for n in found if isinstance(n, ast.Constant) and isinstance(n.value, str)]
