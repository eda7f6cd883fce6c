"""A lazy table that cannot become a mapping and is shown as the package's names keeps them (issue 13, fixrev).

``_SUBMODULES = ["alpha", "beta"]`` read by ``__getattr__`` (``if name in _SUBMODULES: return
import_module("." + name, __name__)``) and elsewhere as the package's public names (``__all__ = _SUBMODULES +
["VERSION"]``, a ``__dir__``): a table combined with another cannot become a mapping (codemods/lazy_table.py), and
the new names added beside the old ones (``add_beside``) changed ``pkg.__all__``, ``dir(pkg)`` and what ``from pkg
import *`` binds. Such a table keeps its old names, which reach the renamed modules through the shims at the old
paths, and the test in ``__getattr__`` answers the new names Rope writes in the importers beside it::

    if name in _SUBMODULES or name in ("WF1_alpha",):
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst

from codemods.base import Renames
from codemods.lazy_keys import membership
from codemods.lazy_table import _tables, _Uses
from codemods.table_layout import one_a_line

__all__ = ["ShownTables", "new_names_too", "shown_tables"]


@dataclass
class ShownTables:
    """The tables a lazy package shows as its names: never widened; their tests answer the new names too."""

    values: set[int] = field(default_factory=set)  #: id() of each such table's value
    #: id() of ``name in TABLE`` in ``__getattr__`` -> (the new names as string literals, the whole test of its ``if``)
    tests: dict[int, tuple[list[str], bool]] = field(default_factory=dict)


def shown_tables(
    module: cst.Module, renames: Renames, package: str, imported: Mapping[str, Sequence[str]] | None = None
) -> ShownTables:
    """The module-level tables of ``package``'s ``__init__`` read both by ``__getattr__``'s ``name in TABLE``
    and anywhere outside ``__getattr__`` (the package's names), with the new names of their renamed entries;
    ``imported``: such tables imported from the package's modules (codemods/held_tables.py), spelling -> names."""
    found = ShownTables()
    functions = [n for n in module.body if isinstance(n, cst.FunctionDef) and n.name.value == "__getattr__"]
    if len(functions) != 1 or len(functions[0].params.params) != 1:
        return found
    function = functions[0]
    parameter = function.params.params[0].name.value
    for table, value, entries in _tables(module):
        if isinstance(value, cst.Dict):
            continue  # looked up by its keys (``TABLE[name]``): a new name is none of them, shims serve it
        news: list[str] = []
        for _key, string in entries:
            new = renames.mapping.get(f"{package}.{str(string.evaluated_value)}")
            if new is not None and new.rpartition(".")[0] == package:
                news.append(f"{string.prefix}{string.quote}{new.rpartition('.')[2]}{string.quote}")
        if not news:
            continue
        uses = _Uses(table)
        module.visit(uses)
        tests: dict[int, tuple[list[str], bool]] = {}
        shown = False
        for _node, ancestors in uses.found:
            if isinstance(ancestors[-1], (cst.AssignTarget, cst.AnnAssign)):
                continue
            test = membership(ancestors, function, parameter)
            if test is not None:
                whole = isinstance(ancestors[-3], (cst.If, cst.While)) and ancestors[-3].test is test
                tests[id(test)] = (news, whole)
            shown |= not any(a is function for a in ancestors)
        if shown and tests:
            found.values.add(id(value))
            found.tests.update(tests)
    for table, names in (imported or {}).items():  # held in another file: only the tests change here
        tails = [renames.mapping.get(f"{package}.{name}", "") for name in names]
        news = [f'"{new.rpartition(".")[2]}"' for new in tails if new.rpartition(".")[0] == package]
        uses = _Uses(table)
        module.visit(uses)
        for _node, ancestors in uses.found if news else ():
            test = membership(ancestors, function, parameter)
            if test is not None:
                found.tests[id(test)] = (
                    news,
                    isinstance(ancestors[-3], (cst.If, cst.While)) and ancestors[-3].test is test,
                )
    return found


def new_names_too(
    test: cst.Comparison, names: list[str], *, whole: bool, indent: str | None = None
) -> cst.BaseExpression:
    """``name in TABLE`` -> ``name in TABLE or name in ("NEW", ...)`` (``not in``: ``and ... not in``),
    parenthesized unless it is the whole test of its statement (``whole``); the new names one a line, below a line
    indented by ``indent``, when it is given (the line would pass 79 columns: codemods/fitted_lines.py)."""
    space = cst.SimpleWhitespace(" ")
    comma = cst.Comma(whitespace_after=space)
    strings = [cst.Element(cst.SimpleString(n), comma=comma if len(names) > 1 else cst.Comma()) for n in names]
    if len(names) > 1:
        strings[-1] = strings[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    target = test.comparisons[0]
    table = cst.Tuple(strings) if indent is None else one_a_line(cst.Tuple(strings), indent)
    second = test.with_changes(lpar=(), rpar=(), comparisons=[target.with_changes(comparator=table)])
    negated = isinstance(target.operator, cst.NotIn)
    operator = cst.And(space, space) if negated else cst.Or(space, space)
    either = cst.BooleanOperation(test.with_changes(lpar=(), rpar=()), operator, second)
    return either if whole else either.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
