"""A module's own name used as data at run time: the part after its last dot (issue 13, griffe 2.4.1).

griffe's docstring tests find each parser's function by its module's name, ``func_name =
f"parse_{parser_module.__name__.split('.')[-1]}"`` and ``getattr(parser_module, func_name)``, with
``parser(google)`` given ``from griffe._internal.docstrings import google`` in another file. Renamed, the tail is
``WF1_V7_L2_1of3_google``, ``parse_WF1_V7_L2_1of3_google`` does not exist, and 250 tests failed: no rewrite of
a string can follow a name the code takes apart, and a shim keeps ``__name__`` new. Such a module keeps its
name (planner/name_tail_plan.py lists it under the plan's ``kept`` with the line that reads the tail).

A tail is read by ``S.split(".")[-1]`` (an index past the first part, a slice to the end), ``S.rsplit(".",
1)[1]``, ``S.rpartition(".")[2]``, ``S.partition(".")[2]``, ``*_, tail = S.split(".")``, ``S.endswith(...)``
or ``S.removeprefix(...)``, where ``S`` is ``__name__`` (the file's own module; ``__spec__.name``), ``X.__name__``,
``getattr(X, "__name__")``, ``X.__module__`` (the module that defines ``X``) or a name assigned one of these. The head (``S.rpartition(".")[0]``, ``split(".")[0]``,
a package's name) and the whole name (``logging.getLogger(__name__)``, a registry keyed by the full name, which
constants name and Guardian rewrites) survive a rename; a tail given to a logger is a logger's name, and keeps
nothing. ``X`` is attributed where this file says what it is: an imported name (``from pkg import google``), a
loop over a literal list, tuple, set or dict of them or a name assigned one (``for m in [google, numpy]``), a
test's ``parametrize`` list, a fixture's ``params`` (``request.param``), else a parameter of a module-level
function, whose callers name the modules (planner/name_tail_plan.py reads them). What cannot be attributed is a
hazard.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import NamedTuple

from planner.facts import (
    FILE_NAME,
    FILE_PARAM,
    FILE_UNKNOWN,
    NAME_TAIL,
    TAIL_CLASS,
    TAIL_DEFINED,
    TAIL_PARAM,
    TAIL_UNKNOWN,
)
from planner.file_name_reads import FILE_SCREEN, file_owner, file_read, needs_values
from planner.python_source import assigned_values, dotted_name

__all__ = ["ModuleRefs", "name_tails"]

#: Words a file that reads a name's tail must hold besides ``__name__`` (the screen before the walk).
_SCREEN = (b"split", b"partition", b"endswith", b"removeprefix")
_SPLITS = ("split", "rsplit", "rpartition", "partition")
_TAIL_CALLS = ("endswith", "removeprefix")
_LOGGERS = ("getLogger", "get_logger")
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
#: Keyword arguments that only show a name: ``ArgumentParser(prog=os.path.basename(__file__))``.
_SHOWN = ("prog",)
_TAIL_KEYS = (NAME_TAIL, TAIL_PARAM, TAIL_UNKNOWN)
_FILE_KEYS = (FILE_NAME, FILE_PARAM, FILE_UNKNOWN)


def name_tails(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """The ``bound_names`` keys of each tail read in ``tree`` -> its line: :data:`NAME_TAIL` ``REF`` (``REF`` an
    imported module's path as written, leading dots relative; ``""`` the file's own module), :data:`TAIL_PARAM`
    ``FUNC:INDEX:PARAMETER`` (a module-level function's parameter), :data:`TAIL_UNKNOWN` ``LINE``; and the same
    with :data:`FILE_NAME`, :data:`FILE_PARAM`, :data:`FILE_UNKNOWN` for each read of a module's file name
    (planner/file_name_reads.py)."""
    names = b"__name__" in raw or b"__module__" in raw or b"__spec__" in raw
    tails = names and any(word in raw for word in _SCREEN)
    files = (b"__file__" in raw or b"__spec__" in raw) and any(word in raw for word in FILE_SCREEN)
    if not tails and not files:
        return {}
    reads: list[tuple[ast.AST, ast.expr, tuple[str, str, str]]] = []
    for node in ast.walk(tree):
        if tails and (source := _tail_of(node)) is not None:
            reads.append((node, source, _TAIL_KEYS))
        elif files and (source := file_read(node)) is not None:
            reads.append((node, source, _FILE_KEYS))
    values: Mapping[str, list[ast.expr]] | None = None
    refs: ModuleRefs | None = None  # built for the first read of a name: most files that pass the screen have none
    found: dict[str, int] = {}
    listed: dict[tuple[str, int], list[str]] = {}  # held, so that an id is not reused
    for node, source, (known, param, unknown) in reads:
        if known == FILE_NAME:
            if values is None and needs_values(source):
                values = assigned_values(tree, "file")
            owner: ast.expr | str | DefinedIn | None = file_owner(source, values or {})
        else:
            if values is None and isinstance(source, ast.Name) and source.id != "__name__":
                values = assigned_values(tree, "file")
            owner = name_source(source, values or {})
        if owner is None:
            continue  # not a name's ``__name__`` (a module's file): another string
        refs = refs or ModuleRefs(tree, values)
        if refs.in_logger(node):
            continue
        line = node.lineno  # type: ignore[attr-defined]
        if isinstance(owner, str):  # ``__name__`` itself
            found.setdefault(known, line)
            continue
        if isinstance(owner, DefinedIn) and refs.of_instance(owner.node):
            # ``cls``/``self`` in a class's methods: the class or any subclass, wherever it is defined
            klass = refs.enclosing_class(node)
            found.setdefault(NAME_TAIL, line)
            found.setdefault(f"{TAIL_CLASS}{klass}" if klass else f"{TAIL_UNKNOWN}{line}", line)
            continue
        if isinstance(owner, DefinedIn):
            defined = refs.defined_in(owner.node)
            if defined == [""]:
                found.setdefault(NAME_TAIL, line)
            elif defined is not None:  # ``from pkg import Klass``: pkg or the module it takes Klass from
                found.update((f"{TAIL_DEFINED}{ref}", line) for ref in defined if f"{TAIL_DEFINED}{ref}" not in found)
            else:  # a parameter, ``type(obj)``, ``obj.__class__``: any class
                found.setdefault(f"{TAIL_UNKNOWN}{line}", line)
            continue
        attributed = refs.modules_of(owner)
        if isinstance(attributed, list):
            if (known, id(attributed)) not in listed:  # a loop's list, the same for each read in its body: once
                listed[(known, id(attributed))] = attributed
                found.update((f"{known}{ref}", line) for ref in attributed if f"{known}{ref}" not in found)
        elif isinstance(attributed, tuple):
            found.setdefault(f"{param}{attributed[0]}:{attributed[1]}:{attributed[2]}", line)
        elif isinstance(owner, ast.Name) or dotted_name(owner) == "request.param":
            found.setdefault(f"{unknown}{line}", line)
    return found


def _tail_of(node: ast.AST) -> ast.expr | None:
    """The string whose part after the last dot ``node`` reads, if it reads one."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call):
        split = _split(node.value)
        if split is not None and _past_head(node.slice, split[1]):
            return split[0]
    elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple):
        split = _split(node.value) if isinstance(node.value, ast.Call) else None
        last = node.targets[0].elts[-1] if node.targets[0].elts else None
        if split is not None and isinstance(last, ast.Name) and last.id != "_":
            return split[0]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _TAIL_CALLS:
        return node.func.value
    return None


def _split(call: ast.Call) -> tuple[ast.expr, str] | None:
    """``(S, method)`` for ``S.split(".")`` and its kin."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in _SPLITS and call.args:
        sep = call.args[0]
        if isinstance(sep, ast.Constant) and sep.value == ".":
            return func.value, func.attr
    return None


def _past_head(index: ast.expr, method: str) -> bool:
    """Does the subscript take the last part (``[-1]``, ``[2]`` of a partition, ``[1:]``)? ``[0]``, ``[:-1]`` and
    ``[-2]`` take the head, which a module's rename leaves as it is."""
    if isinstance(index, ast.Slice):
        return index.upper is None and index.lower is not None and index.step is None
    value = _integer(index)
    if value is None:
        return False
    if method in ("rpartition", "partition"):
        return value in (2, -1)
    return value == -1 or value >= 1


def _integer(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _integer(node.operand)
        return -inner if inner is not None else None
    return None


class DefinedIn(NamedTuple):
    """``X.__module__``: the name of the module that defines ``X``."""

    node: ast.expr


def name_source(
    node: ast.expr, values: Mapping[str, list[ast.expr]], depth: int = 0
) -> ast.expr | str | DefinedIn | None:
    """``"own"`` for ``__name__`` (and a class body's ``__module__``), ``X`` for ``X.__name__`` (or a name assigned
    it), :class:`DefinedIn` for ``X.__module__``, None for another string."""
    if isinstance(node, ast.Name) and node.id in ("__name__", "__module__"):
        return "own"
    if isinstance(node, ast.Attribute) and node.attr == "name" and dotted_name(node.value).endswith("__spec__"):
        spec = node.value  # ``__spec__.name``: the module's name, ``X.__spec__.name``: ``X``'s
        return spec.value if isinstance(spec, ast.Attribute) else "own"
    if isinstance(node, ast.Attribute) and node.attr == "__name__":
        return node.value
    if isinstance(node, ast.Attribute) and node.attr == "__module__":
        return DefinedIn(node.value)
    if isinstance(node, ast.Call) and dotted_name(node.func) == "getattr" and len(node.args) >= 2:
        name = node.args[1]
        if isinstance(name, ast.Constant) and name.value == "__name__":
            return node.args[0]
    if isinstance(node, ast.Name) and depth < 4:
        assigned = values.get(node.id, [])
        if len(assigned) == 1:
            return name_source(assigned[0], values, depth + 1)
    return None


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
        self.values = values if values is not None else assigned_values(tree, "file")
        #: a loop's sequence (node, column, depth) -> its modules: each read in the loop's body asks again
        self.looped: dict[tuple[int, int | None, int], list[str] | None] = {}

    def in_logger(self, node: ast.AST) -> bool:
        """Is ``node`` inside a logger call's arguments (``getLogger(__name__.split(".")[-1])``) or a program's
        name shown in its usage (``prog=``)?"""
        parent = self.parents.get(id(node))
        while parent is not None and not isinstance(parent, ast.stmt):
            if isinstance(parent, ast.keyword) and parent.arg in _SHOWN:
                return True
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
