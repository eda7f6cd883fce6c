"""The string constants a name can hold at a computed import, from the constants in scope (issue 13
class 1): module-level tables (sets, lists, tuples, dict keys or values), literal comparisons and loops.
Read by planner/dynamic_imports.py; plain ``ast``, no side effects."""

from __future__ import annotations

import ast
from collections.abc import Container, Iterable, Mapping

from planner.param_candidates import parameter_values
from planner.python_source import dotted_name

__all__ = [
    "bound_once",
    "candidates",
    "dict_values",
    "enclosing_function",
    "enclosing_scope",
    "relative_values",
    "string_constants",
]


def string_constants(node: ast.AST | None, constants: Mapping[str, list[str]]) -> list[str] | None:
    """The string constants a set/list/tuple/dict (its keys) literal or a known name holds (``T``, or ``t.T`` of
    a table imported from another module: planner/imported_constants.py); None if unknown."""
    if isinstance(node, (ast.Name, ast.Attribute)):
        return constants.get(dotted_name(node))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        found = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return found if len(found) == len(node.elts) else None
    if isinstance(node, ast.Dict):
        keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        return keys if len(keys) == len(node.keys) else None
    if (
        isinstance(node, ast.Call)
        and dotted_name(node.func) in ("frozenset", "set", "tuple", "list", "dict.fromkeys")
        and node.args
    ):
        return string_constants(node.args[0], constants)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "keys":
        return string_constants(node.func.value, constants)
    return None


def _looked_up_in(node: ast.Call | ast.Subscript, name: str) -> ast.expr | None:
    """The table ``node`` looks ``name`` up in: ``TABLE.get(name)`` or ``TABLE[name]``; else None."""
    if isinstance(node, ast.Subscript):
        return node.value if dotted_name(node.slice) == name else None
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "get" and node.args and dotted_name(node.args[0]) == name:
        return func.value
    return None


def _missing(test: ast.expr, variable: str) -> bool | None:
    """Is ``test`` true where the lookup held in ``variable`` found nothing (``v is None``, ``not v``), or where it
    found something (``v is not None``, ``v``)? None when ``test`` does not ask."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _missing(test.operand, variable)
        return None if inner is None else not inner
    if dotted_name(test) == variable:
        return False
    if isinstance(test, ast.Compare) and dotted_name(test.left) == variable and len(test.ops) == 1:
        right = test.comparators[0]
        if isinstance(right, ast.Constant) and right.value is None and isinstance(test.ops[0], (ast.Is, ast.Eq)):
            return True
        if isinstance(right, ast.Constant) and right.value is None and isinstance(test.ops[0], (ast.IsNot, ast.NotEq)):
            return False
    return None


def _on_miss(call: ast.Call, lookup: ast.Call | ast.Subscript, parents: Mapping[int, ast.AST]) -> bool:
    """Is ``call`` reached only where ``lookup`` found no entry? sqlglot's optimizer ``__getattr__`` does ``target =
    _LAZY_ATTRS.get(name)``, serves the table's names when ``target is not None``, ``else`` imports
    ``f"{__name__}.{name}"``: every name but the table's keys. Also an ``except KeyError`` after ``TABLE[name]``."""
    held = parents.get(id(lookup))
    variable = dotted_name(held.targets[0]) if isinstance(held, ast.Assign) and len(held.targets) == 1 else ""
    child: ast.AST = call
    node = parents.get(id(call))
    while node is not None and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
        if isinstance(node, ast.If) and variable and (missing := _missing(node.test, variable)) is not None:
            if child in (node.body if missing else node.orelse):
                return True
        if isinstance(node, ast.ExceptHandler) and child in node.body:
            tried = parents.get(id(node))
            if isinstance(tried, ast.Try) and any(n is lookup for s in tried.body for n in ast.walk(s)):
                return True
        child, node = node, parents.get(id(node))
    return False


def dict_values(node: ast.AST | None, constants: Mapping[str, ast.AST], index: int | None = None) -> list[str] | None:
    """The string constants a dict literal's values are (with ``index``, the element at ``index`` of each value, a
    record: ``{"Circle": ("shapes", "Circle")}`` read as ``mod, attr = T[name]``), or the values a dict comprehension
    over a literal builds (``{attr: mod for mod, attrs in T.items() for attr in attrs}``: ``T``'s keys); None if
    unknown. ``constants``: module-level names -> their values."""
    if isinstance(node, (ast.Name, ast.Attribute)):
        node = constants.get(dotted_name(node))
    if isinstance(node, ast.DictComp) and index is None:
        return _comprehension_values(node, constants)
    if isinstance(node, ast.Dict):
        items = node.values
        if index is not None:
            records = [v.elts for v in items if isinstance(v, (ast.Tuple, ast.List)) and len(v.elts) > index]
            items = [r[index] for r in records] if len(records) == len(items) else []
        values = [v.value for v in items if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        return values if len(values) == len(node.values) else None
    return None


def _comprehension_values(node: ast.DictComp, constants: Mapping[str, ast.AST]) -> list[str] | None:
    """The values of ``{k: v for ... in T ...}`` when ``v`` is a name a generator binds from a literal table ``T``
    (module-level or written there): ``for v in T``/``T.keys()`` (its keys), ``for v, _ in T.items()`` (its keys),
    ``for _, v in T.items()`` (its values)."""
    value = dotted_name(node.value)
    for generator in node.generators if value else ():
        source: ast.AST = generator.iter
        method = ""
        if isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) and not source.args:
            method, source = source.func.attr, source.func.value  # ``T.items()``, ``T.keys()``
        table = constants.get(source.id, source) if isinstance(source, ast.Name) else source
        target = generator.target
        if dotted_name(target) == value and method in ("", "keys"):
            return string_constants(table, {})
        if isinstance(target, ast.Tuple) and len(target.elts) == 2 and method == "items":
            if dotted_name(target.elts[0]) == value:
                return string_constants(table, {})
            if dotted_name(target.elts[1]) == value:
                return dict_values(table, constants)
    return None


def _case_names(call: ast.Call, name: str, parents: Mapping[int, ast.AST]) -> list[str] | None:
    """The string constants of the ``case`` of a ``match name:`` that holds ``call`` (``case "a" | "b":``); None when
    the call is in no such case or the case's pattern is not only strings (``case _:``, a guard)."""
    child: ast.AST = call
    node = parents.get(id(call))
    while node is not None and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
        if isinstance(node, ast.match_case) and child in node.body:
            match = parents.get(id(node))
            if isinstance(match, ast.Match) and dotted_name(match.subject) == name and node.guard is None:
                options = node.pattern.patterns if isinstance(node.pattern, ast.MatchOr) else [node.pattern]
                strings = [
                    o.value.value
                    for o in options
                    if isinstance(o, ast.MatchValue)
                    and isinstance(o.value, ast.Constant)
                    and isinstance(o.value.value, str)
                ]
                return strings if len(strings) == len(options) else None
        child, node = node, parents.get(id(node))
    return None


def enclosing_function(node: ast.AST, parents: Mapping[int, ast.AST]) -> str:
    """The name of the function ``node`` is in ("" at module level)."""
    current = parents.get(id(node))
    while current is not None:
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return current.name
        current = parents.get(id(current))
    return ""


def enclosing_scope(node: ast.AST, parents: Mapping[int, ast.AST]) -> ast.AST | None:
    """The function or module ``node`` is in (None when ``parents`` does not lead to one)."""
    scope = parents.get(id(node))
    while scope is not None and not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
        scope = parents.get(id(scope))
    return scope


def candidates(
    variable: ast.AST,
    call: ast.Call,
    parents: Mapping[int, ast.AST],
    constants: Mapping[str, list[str]],
    values: Mapping[str, ast.AST],
) -> list[str] | None:
    """The constant names ``variable`` can hold at ``call``: from comparisons, loops and lookups in scope."""
    if isinstance(variable, ast.Subscript):
        return dict_values(variable.value, values)
    name = dotted_name(variable)
    if not name:
        return None
    scope = enclosing_scope(call, parents)
    if scope is None:
        return None
    looped = _loop_names(call, name, parents, scope, constants)
    if looped is not None:  # ``for name in ("a1", "a2"): import_module(...)``: that loop's names, not another's
        return looped
    found: list[str] = []
    cased = _case_names(call, name, parents)  # ``match name: case "a" | "b":`` around the import
    known = cased is not None
    found += cased or []
    for node in ast.walk(scope):
        if isinstance(node, ast.Compare) and dotted_name(node.left) == name:
            for op, right in zip(node.ops, node.comparators):
                if isinstance(op, (ast.In, ast.NotIn, ast.Eq, ast.NotEq)):
                    strings = string_constants(right, constants)
                    if strings is not None:
                        found += strings
                        known = True
        elif isinstance(node, (ast.For, ast.comprehension)) and dotted_name(node.target) == name:
            strings = string_constants(node.iter, constants)
            if strings is not None:
                found += strings
                known = True
        elif isinstance(node, (ast.Call, ast.Subscript)) and (table := _looked_up_in(node, name)) is not None:
            # ``TABLE.get(name)``, ``TABLE[name]``: a name the table serves is one of its keys (pydantic's
            # ``_dynamic_imports.get(attr_name)`` then ``import_module(f".{attr_name}", package=...)``), unless
            # the import is where the lookup missed: then the name is none of them
            strings = None if _on_miss(call, node, parents) else string_constants(table, constants)
            if strings is not None:
                found += strings
                known = True
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript):
            for target in node.targets:
                # ``mod = T[key]``, or a record's field: ``mod, attr = T[key]`` (``T``'s values are tuples)
                spread = target.elts if isinstance(target, (ast.Tuple, ast.List)) else None
                names = [dotted_name(e) for e in spread] if spread is not None else [dotted_name(target)]
                if name in names:
                    looked_up = dict_values(node.value.value, values, names.index(name) if spread else None)
                    if looked_up is not None:
                        found += looked_up
                        known = True
    if not known:  # a test's parameter: its ``parametrize`` rows, a fixture's ``params`` (planner/param_candidates.py)
        return parameter_values(variable, call, parents)
    return found


def _loop_names(
    call: ast.AST, name: str, parents: Mapping[int, ast.AST], scope: ast.AST, constants: Mapping[str, list[str]]
) -> list[str] | None:
    """The strings of the innermost ``for`` around ``call`` whose target is ``name``, when its body binds ``name``
    nowhere else (``name`` then holds one of them at ``call``); None when there is no such loop."""
    node = parents.get(id(call))
    while node is not None and node is not scope:
        if isinstance(node, ast.For) and dotted_name(node.target) == name:
            rebound = any(
                isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
                for statement in node.body
                for n in ast.walk(statement)
            )
            return None if rebound else string_constants(node.iter, constants)
        node = parents.get(id(node))
    return None


def bound_once(tree: ast.Module, nodes: list[ast.AST] | None = None) -> dict[str, ast.expr]:
    """Module-level names bound exactly once in the file (``_SUBS = ("alpha",)``), by a plain or annotated
    assignment: name -> value. ``nodes``: every node of ``tree`` when the caller has them (one walk per file)."""
    counts: dict[str, int] = {}
    for node in ast.walk(tree) if nodes is None else nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            counts[node.id] = counts.get(node.id, 0) + 1
    found: dict[str, ast.expr] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name) and counts.get(target.id) == 1:
            found[target.id] = value
    return found


def relative_values(values: Iterable[str], anchor: str, modules: Container[str]) -> list[tuple[str, str]]:
    """(name below the package, module) of each relative module path of ``values`` that resolves against ``anchor`` (the
    package ``import_module(T[name], __name__)`` is given) to a module of ``modules``: a lazy table of relative paths,
    ``{"converters": ".converters"}``, in the file or imported from another module of the checkout."""
    found = []
    for value in sorted(set(values)):
        level = len(value) - len(value.lstrip("."))
        parts = anchor.split(".") if anchor and level else []
        if not parts or level - 1 >= len(parts) or not value[level:]:
            continue
        module = ".".join([*parts[: len(parts) - (level - 1)], value[level:]])
        if module in modules:
            found.append((value[level:], module))
    return found
