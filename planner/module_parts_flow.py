"""Where a value in a module-path context came from, inside one file (planner/module_parts.py's contexts).

A module path's parts reach a module-path use through code whose flow the file shows (issue 13's follow-ups):

- a name bound in the same scope (or an enclosing one): ``parts = ["pkg", "mod"]`` then
  ``file_from_modpath(parts)``, ``for parts in (["pkg", "mod"], ...)``;
- a function's return value, called by its name (or as ``self.f()``/``cls.f()``) where the call is in such a
  context: ``import_module(".".join(modpath()))`` with ``def modpath(): return ["pkg", "mod"]``;
- a test's parameter bound by ``pytest.mark.parametrize``: each row's value of that parameter
  (``pytest.param(value, id=...)`` too); and a row whose values are all the parameters, joined in their order
  into a module path (``".".join([package, name])``, ``f"{package}.{name}"``, ``package + "." + name``) in such
  a context: the row ``("pkg", "mod")`` is then the path's parts.

Anything else (an attribute, a parameter with no table, a name bound in another function) ends the flow.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator

__all__ = ["Flow", "parametrize_table", "row_values"]

_Scope = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
_SCOPES = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


class Flow:
    """The bindings, functions and ``parametrize`` tables of one module, read once."""

    def __init__(self, tree: ast.Module) -> None:
        self._scope: dict[int, _Scope] = {}  # id(Name) -> its scope
        self._parent: dict[int, _Scope] = {}  # id(scope) -> the scope around it
        self._bound: dict[tuple[int, str], list[ast.expr]] = defaultdict(list)  # (scope, name) -> values
        self._params: dict[int, list[str]] = {}  # id(function) -> its parameters
        self._rows: dict[tuple[int, tuple[str, ...]], list[ast.expr]] = {}  # (function, its table's names) -> rows
        self.returns: dict[str, list[ast.expr]] = defaultdict(list)  #: a function's name -> its return values
        self._visit(tree, tree)

    def origins(self, node: ast.AST) -> list[ast.expr]:
        """What flows into ``node``, a value in a module-path context: a name's bound values, a call's return
        values, a parametrized test's rows whose values the node joins into a path."""
        if type(node) is ast.Name:
            return self._name(node)
        if type(node) is ast.Call:
            func = node.func
            by_self = type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id in ("self", "cls")
            name = func.id if type(func) is ast.Name else func.attr if by_self and type(func) is ast.Attribute else ""
            return list(self.returns.get(name, ()))
        names = _joined(node)
        scope = self._scope.get(id(names[0])) if names else None
        key = (id(scope), tuple(n.id for n in names))
        return list(self._rows.get(key, ())) if all(self._scope.get(id(n)) is scope for n in names) else []

    def _name(self, node: ast.Name) -> list[ast.expr]:
        scope: _Scope | None = self._scope.get(id(node))
        while scope is not None:
            values = self._bound.get((id(scope), node.id))
            if values is not None or node.id in self._params.get(id(scope), ()):
                return list(values or ())
            scope = self._parent.get(id(scope))
        return []

    def _visit(self, node: ast.AST, scope: _Scope) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _SCOPES):
                self._parent[id(child)] = scope
                self._function(child, scope)
                self._visit(child, child)
                continue
            if type(child) is ast.Name:
                self._scope[id(child)] = scope
            elif type(child) is ast.Return and child.value is not None and not isinstance(scope, ast.Module):
                if not isinstance(scope, ast.Lambda):
                    self.returns[scope.name].append(child.value)
            elif isinstance(child, (ast.Assign, ast.AnnAssign)) and child.value is not None:
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                for target in (t for t in targets if type(t) is ast.Name):
                    self._bound[(id(scope), target.id)].append(child.value)
            elif isinstance(child, (ast.For, ast.AsyncFor, ast.comprehension)) and type(child.target) is ast.Name:
                self._bound[(id(scope), child.target.id)].extend(_elements(child.iter))
            self._visit(child, scope)

    def _function(self, node: _Scope, scope: _Scope) -> None:
        if isinstance(node, ast.Module):
            return
        arguments = node.args
        self._params[id(node)] = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
        if isinstance(node, ast.Lambda):
            return
        for decorator in node.decorator_list:
            table = parametrize_table(decorator)
            if table is None:
                continue
            names, rows = table
            if len(rows) == 1 and type(rows[0]) is ast.Name:  # ``@parametrize("parts", PARTS)``
                rows = [v for values in self._bound.get((id(scope), rows[0].id), ()) for v in _elements(values)]
            for row in rows:
                values = row_values(row, len(names))
                for name, value in zip(names, values or ()):
                    self._bound[(id(node), name)].append(value)
            if len(names) > 1:
                self._rows[(id(node), tuple(names))] = [r for r in rows if isinstance(r, (ast.Tuple, ast.List))]


def _elements(node: ast.expr) -> Iterator[ast.expr]:
    """The elements of a literal list, tuple or set (a loop's values)."""
    yield from node.elts if isinstance(node, (ast.List, ast.Tuple, ast.Set)) else ()


def parametrize_table(node: ast.expr) -> tuple[list[str], list[ast.expr]] | None:
    """``@pytest.mark.parametrize("a, b", [...])``: its parameter names and its rows (a literal's elements, or a
    name standing for them)."""
    if type(node) is not ast.Call or len(node.args) < 2:
        return None
    func = node.func
    if (func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else "") != "parametrize":
        return None
    spec, rows = node.args[0], node.args[1]
    if type(spec) is ast.Constant and type(spec.value) is str:
        names = [n.strip() for n in spec.value.split(",") if n.strip()]
    elif isinstance(spec, (ast.List, ast.Tuple)):
        names = [e.value for e in spec.elts if type(e) is ast.Constant and type(e.value) is str]
        names = names if len(names) == len(spec.elts) else []
    else:
        return None
    if not names or not all(n.isidentifier() for n in names):
        return None
    return names, list(_elements(rows)) or ([rows] if type(rows) is ast.Name else [])


def row_values(row: ast.expr, count: int) -> list[ast.expr] | None:
    """A row's value of each parameter: ``pytest.param(*values, id=...)``, the row itself for one parameter, the
    elements of a literal tuple or list of as many."""
    func = row.func if type(row) is ast.Call else None
    if func is not None and (func.attr if type(func) is ast.Attribute else getattr(func, "id", "")) == "param":
        return list(row.args) if type(row) is ast.Call and len(row.args) == count else None
    if count == 1:
        return [row]
    return list(row.elts) if isinstance(row, (ast.Tuple, ast.List)) and len(row.elts) == count else None


def _joined(node: ast.AST) -> list[ast.Name]:
    """The names a value joins with dots, in order: ``[a, b]`` (``".".join``'s argument), ``f"{a}.{b}"``,
    ``a + "." + b``; empty for anything else."""
    if isinstance(node, (ast.List, ast.Tuple)):
        found = [e for e in node.elts if type(e) is ast.Name]
        return found if len(found) == len(node.elts) >= 2 else []
    if type(node) is ast.JoinedStr:
        parts = node.values
    elif type(node) is ast.BinOp:
        parts = []
        while type(node) is ast.BinOp and type(node.op) is ast.Add:
            parts.insert(0, node.right)
            node = node.left
        parts.insert(0, node)
    else:
        return []
    names: list[ast.Name] = []
    for number, part in enumerate(parts):
        if number % 2:
            if type(part) is not ast.Constant or part.value != ".":
                return []
        elif type(part) is ast.FormattedValue and part.conversion == -1 and part.format_spec is None:
            names.extend([part.value] if type(part.value) is ast.Name else [])
        else:
            names.extend([part] if type(part) is ast.Name else [])
    return names if len(names) == (len(parts) + 1) // 2 >= 2 and len(parts) % 2 else []
