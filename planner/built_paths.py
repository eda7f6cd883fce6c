"""A module path a package builds from its own dotted path and a name checked against constants, wherever the
string goes (issue 13, griffe 2.4.1).

griffe loads its built-in extensions with ``if import_path in builtin_extensions: import_path =
f"griffe._internal.extensions.{import_path}"`` and then ``dynamic_import(import_path)``, its own wrapper of
``import_module``: no import call Guardian knows takes the string, so nothing was listed, and after the rename
every load of a built-in extension failed (600 of its 1,822 tests). The string itself says what it names: a
package of the checkout, then one unknown part whose candidates are constants in scope (a set, a list, dict
keys, a comparison: planner/constant_names.py). Each candidate that names a module below that package is a
``computed-import`` of it (kept alive with a shim, as the import call's would be). A name whose candidates are
not known is left alone here: it may be a logger's name or a message, not a path.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from planner.computed_names import name_parts, template
from planner.constant_names import candidates, enclosing_function
from planner.discover import ModuleFile
from planner.python_source import dotted_name

__all__ = ["built_paths"]

_IMPORT_CALLS = ("import_module", "__import__")


def built_paths(
    tree: ast.Module,
    parents: Mapping[int, ast.AST],
    constants: Mapping[str, list[str]],
    values: Mapping[str, ast.AST],
    file: ModuleFile,
    modules: Mapping[str, ModuleFile],
) -> Iterator[tuple[int, str, str]]:
    """``(line, candidate name, module)`` for each such string of ``tree`` (an f-string or a ``+`` of strings).
    One an import call takes, or inside a ``__getattr__``, is the computed import's own (planner/dynamic_imports.py).
    """
    package = file.name if file.is_package else file.name.rpartition(".")[0]
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr | ast.BinOp) or _taken(node, parents):
            continue
        shape = template(name_parts(node, {}), file.name, package)
        if shape is None or shape[0].startswith("."):
            continue
        prefix, variable, suffix = shape
        base, _, stem = prefix.rpartition(".")
        if base not in modules or not modules[base].is_package:
            continue
        for name in sorted(set(candidates(variable, node, parents, constants, values) or ())):  # type: ignore[arg-type]
            module = f"{base}.{stem}{name}"
            if module in modules and (not suffix or suffix[0] in ".:"):
                yield node.lineno, name, module


def _taken(node: ast.AST, parents: Mapping[int, ast.AST]) -> bool:
    """Is ``node`` part of a larger ``+``, an import call's argument, or inside a ``__getattr__``?"""
    parent = parents.get(id(node))
    if isinstance(parent, ast.BinOp) and isinstance(node, ast.BinOp | ast.JoinedStr):
        return True
    if isinstance(parent, ast.Call) and dotted_name(parent.func).rpartition(".")[2] in _IMPORT_CALLS:
        return True
    return enclosing_function(node, parents) == "__getattr__"
