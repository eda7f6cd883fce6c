"""The names a test's parameter stands for at a computed import: pytest's tables (issue 13 class 1).

``@pytest.mark.parametrize("name", ["mathops", "textops"])`` on ``def test_loads(name)``, then
``import_module(f"pkg.{name}")``: the name is each row's value of that parameter (``pytest.param("x", id=...)``
too, a row ``("mathops", 1)`` of ``"name, other"`` by the parameter's position; ``ids=`` is not read). A fixture's
``@pytest.fixture(params=["mathops", "fastops"])`` serves each of its ``params`` as ``request.param``. The values
are then the import's candidates, like a loop over a literal tuple's (planner/constant_names.py): the plan lists
each as the module it names, and no other module of the package is kept alive for it. A row that is not a string
literal (a name, a call) leaves the parameter unknown: ``None``. Tables are read by planner/module_parts_flow.py.

Where the parameter's only use in the test is one string built on it, ``f"pkg.{name}"``, each row is a binding of
it (:func:`parametrized_bindings`) for planner/computed_paths.py's folding, as a loop's literal is for ``exec``: the
path is then exact and apply rewrites the row's literal (``"mathops"`` -> ``"WF1_..._mathops"``), no shim.
pytest also hands the parameter to each fixture asking for it by name (and to the fixture of that name with
``indirect=``): the rows are no binding (left as written; the candidates and shims serve them, review40 R2) where
the call has ``indirect``, a fixture of the file takes the name, or the test asks, directly or through the file's
fixtures, for a fixture neither the file defines nor pytest builds in (a conftest's or a plugin's, unseen here).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from planner.module_parts_flow import parametrize_table, row_values
from planner.python_source import dotted_name

__all__ = ["parameter_values", "parametrized_bindings"]

_Function = ast.FunctionDef | ast.AsyncFunctionDef
#: pytest's own fixtures (and ``self``): none takes a test's parameter
_BUILTIN = frozenset(
    "self request tmp_path tmp_path_factory tmpdir tmpdir_factory monkeypatch capsys capsysbinary capfd "
    "capfdbinary caplog recwarn pytestconfig record_property record_testsuite_property record_xml_attribute "
    "cache doctest_namespace pytester testdir".split()
)


def parameter_values(variable: ast.AST, call: ast.AST, parents: Mapping[int, ast.AST]) -> list[str] | None:
    """The string values pytest gives ``variable`` (a parameter of the test around ``call``, or a fixture's
    ``request.param``), or None when no literal table of strings says."""
    function = _enclosing(call, parents)
    if function is None:
        return None
    spelled = dotted_name(variable)
    arguments = function.args
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
    if isinstance(variable, ast.Name) and variable.id in names:
        return _parametrized(function, variable.id)
    owner, _, attribute = spelled.rpartition(".")
    if isinstance(variable, ast.Attribute) and attribute == "param" and owner in names:
        return _fixture_params(function, parents)
    return None


def _enclosing(node: ast.AST, parents: Mapping[int, ast.AST]) -> _Function | None:
    current = parents.get(id(node))
    while current is not None and not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if isinstance(current, (ast.Lambda, ast.ClassDef, ast.Module)):
            return None
        current = parents.get(id(current))
    return current


def _strings(values: list[ast.expr]) -> list[str] | None:
    found = [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return found if found and len(found) == len(values) else None


def _parametrized(function: _Function, name: str) -> list[str] | None:
    values: list[ast.expr] = []
    for decorator in function.decorator_list:
        table = parametrize_table(decorator)
        if table is None or name not in table[0]:
            continue
        names, rows = table
        for row in rows:
            row_value = row_values(row, len(names))
            if row_value is None:
                return None
            values.append(row_value[names.index(name)])
    return _strings(values)


def _fixture_params(function: _Function, parents: Mapping[int, ast.AST]) -> list[str] | None:
    """A fixture's ``params``: a literal list or tuple, or a module-level name bound once to one (``params=MODS``)."""
    for decorator in function.decorator_list:
        if not isinstance(decorator, ast.Call) or dotted_name(decorator.func).rpartition(".")[2] != "fixture":
            continue
        for keyword in decorator.keywords:
            params = _module_value(keyword.value, function, parents) if keyword.arg == "params" else None
            if isinstance(params, (ast.List, ast.Tuple)):
                rows = [row_values(row, 1) for row in params.elts]
                return _strings([v[0] for v in rows if v]) if all(rows) else None
    return None


def _module_value(value: ast.expr, function: _Function, parents: Mapping[int, ast.AST]) -> ast.expr:
    """``value``, or the one value the module binds a name to (``MODS = ["m1", "m2"]``)."""
    module = parents.get(id(function))
    if not (isinstance(value, ast.Name) and isinstance(module, ast.Module)):
        return value
    bound = [
        node
        for node in ast.walk(module)
        if isinstance(node, ast.Name) and node.id == value.id and not isinstance(node.ctx, ast.Load)
    ]
    assigned = [
        s.value
        for s in module.body
        if isinstance(s, ast.Assign) and [t.id for t in s.targets if isinstance(t, ast.Name)] == [value.id]
    ]
    return assigned[0] if len(bound) == 1 and len(assigned) == 1 else value


def parametrized_bindings(
    node: ast.expr, parents: Mapping[int, ast.AST], conftest: bool = False
) -> list[dict[str, ast.AST]]:
    """One binding of a test's parameter per ``parametrize`` row (its string literal) when ``node``, a string
    built on it, is its only use in the test, and of a fixture's ``request.param`` per ``params`` entry (:func:`
    _fixture_bindings`); else one empty binding (the name stays unknown). ``conftest``: the file is a conftest."""
    function = _enclosing(node, parents)
    if function is None or not function.decorator_list:
        return [{}]
    fixture = _fixture_bindings(function, node, parents, conftest)
    if fixture is not None:
        return fixture
    inside = [n for n in ast.walk(node) if isinstance(n, ast.Name)]
    for decorator in function.decorator_list:
        table = parametrize_table(decorator)
        used = [name for name in table[0] if any(n.id == name for n in inside)] if table is not None else []
        if table is None or len(used) != 1:
            continue
        names, rows = table
        name = used[0]
        values = [row_values(row, len(names)) for row in rows]
        literals = [v[names.index(name)] for v in values if v is not None]
        if len(literals) != len(rows) or _strings(literals) is None:
            return [{}]
        uses = {id(n) for s in function.body for n in ast.walk(s) if isinstance(n, ast.Name) and n.id == name}
        if uses != {id(n) for n in inside if n.id == name}:
            return [{}]
        indirect = isinstance(decorator, ast.Call) and any(k.arg == "indirect" for k in decorator.keywords)
        if indirect or _fixture_may_take(function, name, parents):
            return [{}]
        return [{name: literal} for literal in literals]
    return [{}]


def _fixture_bindings(
    function: _Function, node: ast.expr, parents: Mapping[int, ast.AST], conftest: bool
) -> list[dict[str, ast.AST]] | None:
    """``@pytest.fixture(params=["mathops", "textops"])`` whose ``request.param`` is used only in ``node``
    (``import_module(f"pkg.{request.param}")``): one binding of ``request.param`` per entry, so the path is exact and
    apply rewrites the entries, no shim (a shim is a second module that discovery of the package finds). None when
    ``function`` is no such fixture. A conftest's fixture may be parametrized ``indirect`` by any test file, and a
    test module's by a ``parametrize`` naming it there: then no binding (the shims serve it)."""
    arguments = _argument_names(function)
    request = arguments[0] if arguments and arguments[0] == "request" else "request"
    spelled = f"{request}.param"
    inside = {id(n) for n in ast.walk(node) if isinstance(n, ast.Attribute) and dotted_name(n) == spelled}
    if not inside or request not in arguments:
        return None
    for decorator in function.decorator_list:
        if not (isinstance(decorator, ast.Call) and dotted_name(decorator.func).rpartition(".")[2] == "fixture"):
            continue
        params = next((k.value for k in decorator.keywords if k.arg == "params"), None)
        if not isinstance(params, ast.List | ast.Tuple) or conftest:
            return [{}]
        rows = [row_values(row, 1) for row in params.elts]
        literals = [row[0] for row in rows if row]
        if len(literals) != len(params.elts) or _strings(literals) is None:
            return [{}]
        uses = {id(n) for s in function.body for n in ast.walk(s) if dotted_name(n) == spelled}
        handed = [  # ``helper(request)``, ``r = request``: what reads its ``param`` is not seen here
            n
            for s in function.body
            for n in ast.walk(s)
            if isinstance(n, ast.Name) and n.id == request and not isinstance(parents.get(id(n)), ast.Attribute)
        ]
        if uses != inside or handed or _indirect(function, _fixture_name(function), parents):
            return [{}]
        return [{spelled: literal} for literal in literals]
    return None


def _indirect(function: _Function, name: str | None, parents: Mapping[int, ast.AST]) -> bool:
    """Does a ``parametrize`` of the file name the fixture ``name`` (``indirect`` hands it the rows)?"""
    root: ast.AST = function
    while id(root) in parents:
        root = parents[id(root)]
    for node in ast.walk(root):
        table = parametrize_table(node) if isinstance(node, ast.Call) else None
        if table is not None and name in table[0]:
            return True
    return False


def _argument_names(function: _Function) -> list[str]:
    arguments = function.args
    return [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]


def _fixture_name(function: _Function) -> str | None:
    """The name a ``@pytest.fixture`` function serves (its ``name=``, else its own), None for no fixture."""
    for decorator in function.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        if dotted_name(call.func if call else decorator).rpartition(".")[2] != "fixture":
            continue
        for keyword in call.keywords if call else []:
            if (
                keyword.arg == "name"
                and isinstance(keyword.value, ast.Constant)
                and isinstance(keyword.value.value, str)
            ):
                return keyword.value.value
        return function.name
    return None


def _fixture_may_take(test: _Function, name: str, parents: Mapping[int, ast.AST]) -> bool:
    """May a fixture receive the test's parameter ``name``: one of the file's takes it, or the test reaches a
    fixture the file does not define (the module's docstring)?"""
    root: ast.AST = test
    while id(root) in parents:
        root = parents[id(root)]
    fixtures: dict[str, list[str]] = {}
    for node in ast.walk(root):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (served := _fixture_name(node)) is not None:
            fixtures.setdefault(served, []).extend(_argument_names(node))
    if any(name in arguments for arguments in fixtures.values()):
        return True
    tables = [parametrize_table(d) for d in test.decorator_list]
    parameters = {n for table in tables if table is not None for n in table[0]}
    asked, seen = [a for a in _argument_names(test) if a not in parameters], set()
    for mark in test.decorator_list:  # ``@pytest.mark.usefixtures("db")``
        if isinstance(mark, ast.Call) and dotted_name(mark.func).rpartition(".")[2] == "usefixtures":
            asked += [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else "" for a in mark.args]
    while asked:
        fixture = asked.pop()
        if fixture in seen or fixture in _BUILTIN:
            continue
        seen.add(fixture)
        if fixture not in fixtures:
            return True
        asked.extend(fixtures[fixture])
    return False
