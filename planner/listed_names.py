"""Is an import call's name drawn from a listing of modules or files (issue 13, review29's hazard noise)?

``for info in pkgutil.walk_packages(shop.__path__, "shop."): import_module(info.name)``, ``[name for _, name, _ in
pkgutil.iter_modules(path)]`` then a loop over that list, ``os.listdir``/``glob``/``Path.iterdir`` of a package's
directory with the suffix stripped: after a rename the listing returns the new names, so the call is given them and
no module is lost. Such a name is no unknown import (planner/dynamic_imports.py lists no hazard for it). So is a
test's parameter whose ``parametrize`` rows are such a listing, or a call of a function of the file returning one
(graphql-core's ``@pytest.mark.parametrize("module_name", all_modules())``, ``all_modules`` returning
``sorted(m.name for m in pkgutil.walk_packages(...))``), and a name that is a module's own at run time
(:func:`live_module_name`: ``import_module(fn.__module__)``, the module defining ``fn``, by its new name after apply).
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Mapping

from planner.hazards import Hazard
from planner.module_parts_flow import parametrize_table
from planner.python_source import dotted_name

__all__ = ["drawn_from_listing", "live_module_name", "unknown_hazards"]

#: The last part of a call that lists modules or a directory's files
_LISTINGS = frozenset({"walk_packages", "iter_modules", "listdir", "scandir", "glob", "iglob", "rglob", "iterdir"})


def drawn_from_listing(
    part: ast.AST, at: ast.AST, parents: Mapping[int, ast.AST], values: Mapping[str, ast.AST]
) -> bool:
    """Do the names ``part`` reads at ``at`` all come from a listing's loop? ``values``: names bound in scope."""
    names = [n for n in ast.walk(part) if isinstance(n, ast.Name)]
    return bool(names) and all(_listed(n.id, at, parents, values, 0) for n in names)


def live_module_name(node: ast.AST, values: Mapping[str, ast.AST]) -> bool:
    """Is ``node`` the name of a module as it is at run time: ``X.__module__`` (``type(x).__module__``,
    ``cls.__module__``), or a name bound to one (``values``: names bound in scope)? Python sets ``__module__`` from
    the defining module's ``__name__``, so after a rename it is the new name; a name built on it
    (``X.__module__ + ".plugins"``) is not one (the caller asks only of a whole name)."""
    for _ in range(4):
        if isinstance(node, ast.Attribute):
            return node.attr == "__module__"
        if not isinstance(node, ast.Name) or values.get(node.id) in (None, node):
            return False
        node = values[node.id]
    return False


def _listed(name: str, at: ast.AST, parents: Mapping[int, ast.AST], values: Mapping[str, ast.AST], depth: int) -> bool:
    if depth > 3:
        return False
    node = parents.get(id(at))
    while node is not None:
        loops: list[tuple[ast.expr, ast.expr]] = []
        if isinstance(node, (ast.For, ast.AsyncFor)):
            loops.append((node.target, node.iter))
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            loops += [(g.target, g.iter) for g in node.generators]
        for target, source in loops:
            if any(isinstance(t, ast.Name) and t.id == name for t in ast.walk(target)):
                return _lists(source, node, parents, values, depth)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            rows = _parametrized_rows(node, name)
            if rows is not None:  # ``@parametrize("name", all_modules())``: the rows, not a value bound below
                return _lists(rows, node, parents, values, depth)
        node = parents.get(id(node))
    value = values.get(name)
    return value is not None and _lists(value, at, parents, values, depth)


def _parametrized_rows(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> ast.expr | None:
    """The rows ``@pytest.mark.parametrize("name", ROWS)`` gives ``function``'s parameter ``name`` alone."""
    parameters = function.args
    if name not in [a.arg for a in (*parameters.posonlyargs, *parameters.args, *parameters.kwonlyargs)]:
        return None
    for decorator in function.decorator_list:
        table = parametrize_table(decorator)
        if table is not None and table[0] == [name] and isinstance(decorator, ast.Call):
            return decorator.args[1]
    return None


def _returned(name: str, at: ast.AST, parents: Mapping[int, ast.AST]) -> list[ast.expr] | None:
    """The values a function ``name`` defined at the top of the file around ``at`` returns (None: no such
    function, or one that returns nothing or a bare ``return``)."""
    module = at
    while (above := parents.get(id(module))) is not None:
        module = above
    if not isinstance(module, ast.Module):
        return None
    for node in module.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            returns = [r.value for r in ast.walk(node) if isinstance(r, ast.Return)]
            found = [v for v in returns if v is not None]
            return found if found and len(found) == len(returns) else None
    return None


def _lists(
    source: ast.AST, at: ast.AST, parents: Mapping[int, ast.AST], values: Mapping[str, ast.AST], depth: int
) -> bool:
    """Is ``source`` a listing call, or a comprehension, ``list``/``sorted`` or name over one?"""
    if isinstance(source, ast.Call):
        last = dotted_name(source.func).rpartition(".")[2]
        if last in _LISTINGS:
            return True
        if last in ("list", "sorted", "set", "tuple", "reversed") and len(source.args) == 1:
            return _lists(source.args[0], at, parents, values, depth + 1)
        returned = _returned(last, at, parents) if isinstance(source.func, ast.Name) and depth < 3 else None
        return returned is not None and all(_lists(v, v, parents, {}, depth + 1) for v in returned)
    if isinstance(source, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return all(_lists(g.iter, at, parents, values, depth + 1) for g in source.generators)
    if isinstance(source, ast.Name):
        value = values.get(source.id)
        return value is not None and value is not source and _lists(value, at, parents, values, depth + 1)
    return False


def unknown_hazards(
    path: str, unknown: Mapping[int, str], top_level: Collection[str], modules: Collection[str]
) -> list[Hazard]:
    """One ``unknown-dynamic-import`` hazard per package the file's unknown imports (``unknown``: line -> the name's
    spelling) can reach: the first line, then how many calls and which lines (20,000 loader calls in a file make one
    readable hazard, its count kept).
    The packages: the checkout's (an ``__init__``), not the file's own top-level name by accident (a tests/
    directory without one); the top-level names only where none is a package."""
    if not unknown:
        return []
    top = sorted(top_level)
    packages = [name for name in top if name in modules] or top
    lines = sorted(unknown)
    names = sorted(set(unknown.values()))
    spelled = ", ".join(f"`{n}`" for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    where = f"{path}:{lines[0]}"
    if len(lines) > 1:
        shown = ", ".join(str(n) for n in lines[1:5]) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
        where += f" (and line {shown}: {len(lines)} calls)"
    found = []
    for package in packages:
        count = sum(1 for m in modules if m == package or m.startswith(package + "."))
        detail = (
            f"{where} imports a module by a name not known here ({spelled}); it can "
            f"reach any of {package}'s {count} modules, or one outside the checkout: Guardian keeps none alive "
            "and rewrites nothing there (check what it is given; keep such a module with an `exempt` glob)"
        )
        found.append(Hazard("unknown-dynamic-import", package, path, lines[0], detail))
    return found
