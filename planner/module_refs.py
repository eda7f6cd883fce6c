"""What a file's names hold, for the reads of a module's name or file name (planner/name_tails.py): the modules it
imports, its literal lists of them, its tests' ``parametrize`` rows and fixtures' ``params``, its functions'
parameters (whose callers planner/name_tail_plan.py reads).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from planner.python_source import assigned_values, dotted_name

__all__ = ["ModuleRefs"]

_LOGGERS = ("getLogger", "get_logger")
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


class ModuleRefs:
    """What a file's names hold: the modules it imports, its literal lists of them, its functions' parameters.

    Shared with planner/name_tail_plan.py, which asks a caller's file what it gives a parameter."""

    def __init__(self, tree: ast.Module, values: Mapping[str, list[ast.expr]] | None = None) -> None:
        self.parents: dict[int, ast.AST] = {}
        self.imported: dict[str, str] = {}
        self.defined = {
            n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        }
        self.plain: set[str] = set()  #: bound by ``import a.b``: ``a.b.c`` is a dotted path
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imported[alias.asname] = alias.name
                    else:
                        top = alias.name.partition(".")[0]
                        self.imported[top] = top
                        self.plain.add(top)
            elif isinstance(node, ast.ImportFrom):
                base = "." * node.level + (node.module or "")
                for alias in node.names:
                    if alias.name != "*":
                        dot = "" if base.endswith(".") or not base else "."
                        self.imported[alias.asname or alias.name] = f"{base}{dot}{alias.name}"
        self.tree = tree
        self.by_name: dict[str, list[ast.Name]] | None = None  #: each name's reads, indexed on the first ask
        self.values = values if values is not None else assigned_values(tree, "file")
        #: a loop's sequence (node, column, depth) -> its modules: each read in the loop's body asks again
        self.looped: dict[tuple[int, int | None, int], list[str] | None] = {}

    def in_logger(self, node: ast.AST) -> bool:
        """Is ``node`` inside a logger call's arguments (``getLogger(__name__.split(".")[-1])``)? (A program's name
        shown in its usage, ``prog=Path(__file__).stem``, is a read: a test compares the usage.)"""
        parent = self.parents.get(id(node))
        while parent is not None and not isinstance(parent, ast.stmt):
            if isinstance(parent, ast.Call) and dotted_name(parent.func).rpartition(".")[2] in _LOGGERS:
                return True
            parent = self.parents.get(id(parent))
        return False

    def of_instance(self, node: ast.expr) -> bool:
        """Is ``node`` the class of the instance a method is given (``self``, ``cls``, ``self.__class__``,
        ``type(self)``), which any subclass may be?"""
        dotted = dotted_name(node)
        if isinstance(node, ast.Call) and dotted_name(node.func) == "type" and len(node.args) == 1:
            dotted = dotted_name(node.args[0])
        return dotted in ("self", "cls", "self.__class__", "cls.__class__")

    def loads(self, name: str) -> list[ast.Name]:
        """Each read of ``name`` in the file."""
        if self.by_name is None:
            self.by_name = {}
            for node in ast.walk(self.tree):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    self.by_name.setdefault(node.id, []).append(node)
        return self.by_name.get(name, [])

    def enclosing_function(self, node: ast.AST) -> str | None:
        """The name of the module-level function that holds ``node``."""
        parent = self.parents.get(id(node))
        while parent is not None:
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if isinstance(self.parents.get(id(parent)), ast.Module):
                    return parent.name
            parent = self.parents.get(id(parent))
        return None

    def enclosing_class(self, node: ast.AST) -> str | None:
        """The name of the module-level class whose method holds ``node``."""
        parent = self.parents.get(id(node))
        while parent is not None and not isinstance(parent, ast.ClassDef):
            parent = self.parents.get(id(parent))
        if parent is None or not isinstance(self.parents.get(id(parent)), ast.Module):
            return None
        if any(dotted_name(b) == "type" or dotted_name(b).endswith("Meta") for b in parent.bases):
            return None  # a metaclass: ``cls`` is a class made with it, not a subclass of it
        return parent.name

    def defined_in(self, node: ast.expr) -> list[str] | None:
        """The module that defines ``node``'s class or function: ``""`` (this file's) for the classes and functions
        this file defines, the module of ``from pkg.mod import Klass`` (as the import spells it); None when this
        file does not tell; ``pkg.mod.Klass`` for ``from pkg.mod import Klass``."""
        dotted = dotted_name(node)
        if dotted in self.defined:
            return [""]
        root, _, rest = dotted.partition(".")
        if isinstance(node, ast.Attribute) and rest and root in self.imported:  # ``mod.Klass``, ``pkg.mod.Klass``
            return [dotted if root in self.plain else f"{self.imported[root]}.{rest}"]
        imported = self.imported.get(dotted, "") if isinstance(node, ast.Name) and dotted not in self.plain else ""
        base = imported.rpartition(".")[0]  # ``from pkg.mod import Klass``: ``pkg.mod.Klass``
        return [imported] if base.strip(".") else None

    def modules_of(self, node: ast.expr, depth: int = 0) -> list[str] | tuple[str, int, str] | None:
        """The modules ``node`` may hold (paths as the imports spell them), ``(function, index, parameter)`` for a
        module-level function's parameter, None when this file does not tell."""
        if depth > 4:
            return None
        dotted = dotted_name(node)
        root = dotted.partition(".")[0]
        if isinstance(node, ast.Name) and node.id in self.imported:
            return [self.imported[node.id]]
        if isinstance(node, ast.Attribute) and root in self.plain:
            return [dotted]
        if dotted == "request.param":
            return self._fixture_params(node)
        if not isinstance(node, ast.Name):
            return None
        looped = self._loop_values(node, depth)
        if looped is not None:
            return looped
        return self._parameter(node)

    def elements(self, node: ast.expr | None, depth: int, column: int | None = None) -> list[str] | None:
        """The modules of a literal list, tuple, set or dict's values, or of a name assigned one; ``column`` of
        each row where the rows are tuples (``for name, module in [("g", google), ...]``)."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "values":
            node = node.func.value
        if isinstance(node, ast.Name):
            assigned = self.values.get(node.id, [])
            return self.elements(assigned[0], depth + 1, column) if len(assigned) == 1 and depth < 4 else None
        if not isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            return None
        items = node.values if isinstance(node, ast.Dict) else node.elts
        found: list[str] = []
        for item in items:
            if column is not None:
                if not isinstance(item, ast.Tuple) or len(item.elts) <= column:
                    return None
                item = item.elts[column]
            refs = self.modules_of(item, depth + 1) if not isinstance(item, ast.Starred) else None
            if not isinstance(refs, list):
                return None
            found += refs
        return found or None

    def _loop_values(self, name: ast.Name, depth: int) -> list[str] | None:
        """The modules a ``for``'s or comprehension's target ``name`` takes from a literal sequence."""
        parent = self.parents.get(id(name))
        while parent is not None:
            loops: list[tuple[ast.expr, ast.expr]] = []
            if isinstance(parent, (ast.For, ast.AsyncFor)):
                loops.append((parent.target, parent.iter))
            elif isinstance(parent, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                loops += [(g.target, g.iter) for g in parent.generators]
            for target, values in loops:
                if isinstance(target, ast.Name) and target.id == name.id:
                    return self._sequence(values, depth, None)
                names = [t.id if isinstance(t, ast.Name) else "" for t in getattr(target, "elts", ())]
                if name.id in names:
                    column = names.index(name.id)
                    func = values.func if isinstance(values, ast.Call) else None
                    if isinstance(func, ast.Attribute) and func.attr == "items":  # ``for key, module in d.items()``
                        return self._sequence(func.value, depth, None) if column == 1 and len(names) == 2 else None
                    return self._sequence(values, depth, column)
            if isinstance(parent, _FUNCTIONS) and name.id in _parameters(parent):
                return None
            parent = self.parents.get(id(parent))
        return None

    def _sequence(self, node: ast.expr, depth: int, column: int | None) -> list[str] | None:
        """:meth:`elements` of a loop's sequence, resolved once for all the reads in the loop."""
        key = (id(node), column, depth)
        if key not in self.looped:
            self.looped[key] = self.elements(node, depth, column)
        return self.looped[key]

    def _parameter(self, name: ast.Name) -> list[str] | tuple[str, int, str] | None:
        parent = self.parents.get(id(name))
        while parent is not None:
            if isinstance(parent, _FUNCTIONS) and name.id in _parameters(parent):
                if isinstance(parent, ast.Lambda):
                    return None
                listed = self._parametrized(parent, name.id)
                if listed is not None:
                    return listed
                if isinstance(self.parents.get(id(parent)), ast.Module):
                    return parent.name, _parameters(parent).index(name.id), name.id
                return None
            parent = self.parents.get(id(parent))
        return None

    def method_parameter(self, name: ast.Name) -> tuple[str, int, str] | None:
        """``("Klass.method", index, parameter)`` where ``name`` is a parameter of a method of a module-level class,
        ``index`` its place among a call's arguments (``registry.register(__name__, obj)``: after ``self`` or
        ``cls``, which the call does not give; a static method's all)."""
        parent = self.parents.get(id(name))
        while parent is not None and not (isinstance(parent, _FUNCTIONS) and name.id in _parameters(parent)):
            parent = self.parents.get(id(parent))
        if not isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        klass = self.parents.get(id(parent))
        if not isinstance(klass, ast.ClassDef) or not isinstance(self.parents.get(id(klass)), ast.Module):
            return None
        static = any(dotted_name(d) == "staticmethod" for d in parent.decorator_list)
        index = _parameters(parent).index(name.id) - (0 if static else 1)
        return (f"{klass.name}.{parent.name}", index, name.id) if index >= 0 else None

    def _parametrized(self, function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> list[str] | None:
        """The modules ``@pytest.mark.parametrize("name", [google, numpy])`` gives the parameter ``name``."""
        for decorator in function.decorator_list:
            if not isinstance(decorator, ast.Call) or not dotted_name(decorator.func).endswith("parametrize"):
                continue
            args = decorator.args
            if len(args) < 2 or not isinstance(args[0], ast.Constant) or not isinstance(args[0].value, str):
                continue
            names = [n.strip() for n in args[0].value.split(",")]
            if name not in names or not isinstance(args[1], (ast.List, ast.Tuple, ast.Name)):
                continue
            values = args[1]
            if isinstance(values, ast.Name):
                assigned = self.values.get(values.id, [])
                if len(assigned) != 1 or not isinstance(assigned[0], (ast.List, ast.Tuple)):
                    return None
                values = assigned[0]
            column = names.index(name)
            found: list[str] = []
            for row in values.elts:
                item = _row_item(row, column, len(names))
                refs = self.modules_of(item, 1) if item is not None else None
                if not isinstance(refs, list):
                    return None
                found += refs
            return found
        return None

    def _fixture_params(self, node: ast.expr) -> list[str] | None:
        """The modules ``@pytest.fixture(params=[google, numpy])`` gives ``request.param``."""
        parent = self.parents.get(id(node))
        while parent is not None and not isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parent = self.parents.get(id(parent))
        for decorator in parent.decorator_list if parent is not None else ():
            if isinstance(decorator, ast.Call) and dotted_name(decorator.func).endswith("fixture"):
                for keyword in decorator.keywords:
                    if keyword.arg == "params":
                        return self.elements(keyword.value, 1)
        return None


def _row_item(row: ast.expr, column: int, width: int) -> ast.expr | None:
    """The value a parametrize row gives the parameter at ``column`` of ``width``: ``(1, google)``,
    ``pytest.param(1, google, id="g")``; None for a row this file does not spell out (too short, starred)."""
    if isinstance(row, ast.Call) and dotted_name(row.func).endswith("param"):
        cells: list[ast.expr] = row.args  # ``pytest.param(google, id="g")``
    elif width == 1:
        return row
    elif isinstance(row, (ast.Tuple, ast.List)):
        cells = row.elts
    else:
        return None
    if width == 1 and len(cells) != 1 or column >= len(cells) or any(isinstance(c, ast.Starred) for c in cells):
        return None
    return cells[column]


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[str]:
    args = function.args
    return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
