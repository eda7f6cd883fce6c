"""``guardian retire`` narrows the lazy tables apply widened for the old paths it retires.

To keep an old path alive apply writes a shim there and teaches the package's lazy tables the new name beside the
old one: a set, list or tuple gets the new name as an element (``{"converters", "WF1_converters"}``), a literal test
of ``__getattr__`` likewise (``name in ("shapes", "WF1_shapes")``, ``case "tones" | "WF1_tones":``), a dict a new key
(``"WF1_modeling_bert": ["BertModel"]`` in Hugging Face's ``_import_structure``), a stub ``from . import X, WF1_X``.
A table the package shows as its names (``__all__``, a table ``__all__`` is built from) keeps its old names only, and
``__getattr__``'s test answers the new ones: ``name in _SUBMODULES or name in ("WF1_converters",)``.

Once retire deletes the shims, each old name left there names a module that is gone: ``from pkg import *``, a walk
of ``__all__`` or of the table, ``hasattr(pkg, "converters")`` raise ``ModuleNotFoundError``. So for every retired
shim of a submodule (``old`` to ``new``, both in the same package) :func:`narrow_tables` gives the package's files:

- an element, ``case`` alternative, dict entry or ``from . import`` name ``old`` (or ``".old"``) whose container also
  holds ``new`` (``".new"``) is removed: the container holds both only where apply widened it;
- in an ``__init__``, ``__all__``'s ``old`` becomes ``new`` when nothing in the module binds ``old``, and so does a
  table ``__getattr__`` tests as ``name in T or name in (new, ...)``, whose ``or`` clause is dropped: the package
  shows the new names, as a plain rename would have left it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

import libcst as cst

from codemods.cst_source import parse_cst
from planner.python_source import Unparsable

__all__ = ["narrow_tables"]

_Item = TypeVar("_Item", cst.Element, cst.DictElement, cst.MatchOrElement, cst.ImportAlias)


def _string(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.SimpleString) and not {"b", "f"} & set(node.prefix.lower()):
        value = node.evaluated_value
        return value.removeprefix(".") if isinstance(value, str) else None
    return None


def _renamed(node: cst.SimpleString, new: str) -> cst.SimpleString:
    old = _string(node) or ""
    at = node.value.rindex(old)
    return node.with_changes(value=node.value[:at] + new + node.value[at + len(old) :])


def _key(item: cst.CSTNode) -> str | None:
    if isinstance(item, cst.Element):
        return _string(item.value)
    if isinstance(item, cst.DictElement):
        return _string(item.key)
    if isinstance(item, cst.MatchOrElement) and isinstance(item.pattern, cst.MatchValue):
        return _string(item.pattern.value)
    if isinstance(item, cst.ImportAlias) and item.asname is None and isinstance(item.name, cst.Name):
        return item.name.value
    return None


def _without(items: Sequence[_Item], dropped: set[int], single: bool) -> list[_Item]:
    """``items`` but the ``dropped`` places; the last one kept takes the last one's separator (a layout's trailing
    comma or none), and a single kept element of a tuple keeps a comma."""
    kept = [item for at, item in enumerate(items) if at not in dropped]
    if not kept or not dropped:
        return list(items)
    last = items[-1]
    field = "separator" if isinstance(last, cst.MatchOrElement) else "comma"
    end = getattr(last, field)
    if single and len(kept) == 1 and not isinstance(end, cst.Comma):
        end = cst.Comma()
    kept[-1] = kept[-1].with_changes(**{field: end})
    return kept


class _Narrow(cst.CSTTransformer):
    def __init__(self, renamed: Mapping[str, str], init: bool) -> None:
        self.renamed = dict(renamed)
        self.init = init
        self.dropped: list[str] = []
        self.shown: set[str] = set()  #: tables renamed old -> new (``name in T or name in (new, ...)``)
        self.bound: set[str] = set()
        self.literals: set[str] = set()  #: the module's names assigned a literal list, tuple or set

    def visit_Module(self, node: cst.Module) -> None:
        for statement in node.body:
            for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.List | cst.Tuple | cst.Set):
                    self.literals |= {t.target.value for t in small.targets if isinstance(t.target, cst.Name)}

    def _narrowed(self, items: Sequence[_Item], single: bool = False) -> list[_Item]:
        keys = [_key(item) for item in items]
        present = set(keys) - {None}
        dropped = {at for at, key in enumerate(keys) if key in self.renamed and self.renamed[key] in present}
        self.dropped += [str(keys[at]) for at in sorted(dropped)]
        return _without(items, dropped, single)

    def leave_Set(self, original_node: cst.Set, updated_node: cst.Set) -> cst.BaseExpression:
        return updated_node.with_changes(elements=self._narrowed(updated_node.elements))

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.BaseExpression:
        return updated_node.with_changes(elements=self._narrowed(updated_node.elements))

    def leave_Tuple(self, original_node: cst.Tuple, updated_node: cst.Tuple) -> cst.BaseExpression:
        return updated_node.with_changes(elements=self._narrowed(updated_node.elements, single=True))

    def leave_Dict(self, original_node: cst.Dict, updated_node: cst.Dict) -> cst.BaseExpression:
        return updated_node.with_changes(elements=self._narrowed(updated_node.elements))

    def leave_MatchOr(self, original_node: cst.MatchOr, updated_node: cst.MatchOr) -> cst.MatchPattern:
        patterns = self._narrowed(updated_node.patterns)
        return patterns[0].pattern if len(patterns) == 1 else updated_node.with_changes(patterns=patterns)

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.BaseSmallStatement | cst.RemovalSentinel:
        if isinstance(updated_node.names, cst.ImportStar) or updated_node.module is not None:
            return updated_node
        return updated_node.with_changes(names=self._narrowed(updated_node.names))

    def leave_BooleanOperation(
        self, original_node: cst.BooleanOperation, updated_node: cst.BooleanOperation
    ) -> cst.BaseExpression:
        """``name in T or name in (new, ...)`` (codemods/shown_tables.py) becomes ``name in T``, ``T`` renamed."""
        left, right = updated_node.left, updated_node.right
        if not (self.init and isinstance(updated_node.operator, cst.Or)):
            return updated_node
        if not (isinstance(left, cst.Comparison) and isinstance(right, cst.Comparison)):
            return updated_node
        if len(left.comparisons) != 1 or len(right.comparisons) != 1:
            return updated_node
        table, answered = left.comparisons[0].comparator, right.comparisons[0].comparator
        news = {new: old for old, new in self.renamed.items()}
        names = [_string(e.value) for e in answered.elements] if isinstance(answered, cst.Tuple) else [None]
        if not isinstance(table, cst.Name) or table.value not in self.literals:
            return updated_node  # a table held in another file keeps its old names, and the test its new ones
        if not names or not all(name in news for name in names):
            return updated_node
        self.shown.add(table.value)
        return left

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.init:
            return updated_node
        self.bound = _bound(updated_node) - self.shown
        return updated_node.visit(_Rename(self))


class _Rename(cst.CSTTransformer):
    """``__all__``'s old names and those of the shown tables, renamed where the module binds no such name."""

    def __init__(self, narrow: _Narrow) -> None:
        self.narrow = narrow

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.BaseSmallStatement:
        names = {t.target.value for t in updated_node.targets if isinstance(t.target, cst.Name)}
        value = updated_node.value
        if not names & (self.narrow.shown | {"__all__"}) or not isinstance(value, cst.List | cst.Tuple | cst.Set):
            return updated_node
        elements = []
        for element in value.elements:
            old = _string(element.value)
            if (
                old in self.narrow.renamed
                and old not in self.narrow.bound
                and isinstance(element.value, cst.SimpleString)
            ):
                element = element.with_changes(value=_renamed(element.value, self.narrow.renamed[old]))
                self.narrow.dropped.append(old)
            elements.append(element)
        return updated_node.with_changes(value=value.with_changes(elements=elements))


def _bound(module: cst.Module) -> set[str]:
    """The names the module's own statements bind (assignments, definitions, imports)."""
    bound: set[str] = set()
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef | cst.ClassDef):
            bound.add(statement.name.value)
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Import | cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    name = alias.asname.name if alias.asname else alias.name
                    bound.add(cst.helpers.get_full_name_for_node(name) or "")
            elif isinstance(small, cst.Assign):
                bound |= {t.target.value for t in small.targets if isinstance(t.target, cst.Name)}
    return bound


def narrow_tables(
    source: str, renamed: Mapping[str, str], init: bool, path: str = "<unknown>"
) -> tuple[str, list[str]]:
    """``source`` (a file of the package) with the old names of the retired shims taken out of its tables.

    Args:
        renamed: each retired submodule's old name -> its new name, both in this package.
        init: the file is the package's ``__init__`` (``__all__`` and shown tables are renamed there).

    Returns:
        The new source (``source`` itself when nothing changes) and the old names removed or renamed.
    """
    if not any(old in source for old in renamed):
        return source, []
    try:
        module = parse_cst(source, path)
    except Unparsable:
        return source, []
    narrow = _Narrow(renamed, init)
    code = module.visit(narrow).code
    return (code, sorted(set(narrow.dropped))) if code != source else (source, [])
