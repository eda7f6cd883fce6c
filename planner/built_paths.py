"""A module path a package builds from its own dotted path and a name checked against constants, wherever the
string goes (issue 13, griffe 2.4.1).

griffe loads its built-in extensions with ``if import_path in builtin_extensions: import_path =
f"griffe._internal.extensions.{import_path}"`` and then ``dynamic_import(import_path)``, its own wrapper of
``import_module``: no import call Guardian knows takes the string, so nothing was listed, and after the rename
every load of a built-in extension failed (600 of its 1,822 tests). The string itself says what it names: a
package of the checkout, then one unknown part whose candidates are constants in scope (a set, a list, dict
keys, a comparison: planner/constant_names.py). Each candidate that names a module below that package is a
``computed-import`` of it (kept alive with a shim, as the import call's would be).

A part whose values this file does not know (a helper's parameter: filelock's test helper patches
``f"filelock._soft._strict.{module}.time"`` with ``module`` passed from other files) may name any module directly
below the package: each is reached, as an unresolved computed import's (``unresolved-import``, a hazard, shims).
Only where the string says it is a path there: the text before the unknown part is a literal package path of
the checkout ending with its dot, and the text after it is empty or starts with ``.`` or ``:``. A logger's name
(``getLogger(f"pkg.sub.{name}")``) is no path; nor is ``f"{__name__}.{name}"`` (a logger's spelling too).

A path built from parts that are all known and given to a call that takes a module path (``mock.patch("pkg.%s.time"
% "clock")``, ``monkeypatch.setattr("{}.{}.time".format(__name__, "clock"), ...)``) names the longest module it
starts with: a ``computed-import`` of it, whose shim is the renamed module, so the patch reaches it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping

from planner.computed_names import built_string, known_text, name_parts, template
from planner.constant_names import candidates, enclosing_function
from planner.discover import ModuleFile
from planner.module_calls import reference_kind
from planner.python_source import dotted_name
from planner.references import longest_module

__all__ = ["built_paths"]

_IMPORT_CALLS = ("import_module", "__import__")
_NAME_CALLS = ("getLogger", "get_logger")  #: a logger's name is spelled like a module path


def built_paths(
    nodes: Iterable[ast.AST],
    parents: Mapping[int, ast.AST],
    constants: Mapping[str, list[str]],
    values: Mapping[str, ast.AST],
    file: ModuleFile,
    modules: Mapping[str, ModuleFile],
) -> Iterator[tuple[ast.expr, str | None, str]]:
    """``(node, candidate name, module)`` for each such string among ``nodes`` (a file's, in ``ast.walk``'s order:
    an f-string, a ``+`` or ``%`` of strings, a literal list's ``".".join``); ``(node, None, package)`` where the
    name's values are not known here and every module directly below ``package`` can be reached. One an import call takes, or inside a
    ``__getattr__``, is the computed import's own (planner/dynamic_imports.py).
    """
    package = file.name if file.is_package else file.name.rpartition(".")[0]
    for node in nodes:
        if not isinstance(node, ast.expr) or not built_string(node) or _taken(node, parents):
            continue
        parts = name_parts(node, {})
        shape = template(parts, file.name, package)
        if shape is None and _path_argument(node, parents):  # ``mock.patch("pkg.%s.time" % "clock")``: all known
            whole = known_text(parts, file.name, package)
            module = longest_module(whole, modules) if whole else None
            if module is not None and "." in module:
                yield node, module.rpartition(".")[2], module
            continue
        if shape is None or shape[0].startswith("."):
            continue
        prefix, variable, suffix = shape
        base, _, stem = prefix.rpartition(".")
        if base not in modules or not modules[base].is_package or (suffix and suffix[0] not in ".:"):
            continue
        names = candidates(variable, node, parents, constants, values)  # type: ignore[arg-type]
        if names is None:
            literal = all(isinstance(part, ast.Constant) for part in parts[: parts.index(variable)])
            if literal and not stem and not _logger_name(node, parents):
                yield node, None, base
            continue
        for name in sorted(set(names)):
            module = f"{base}.{stem}{name}"
            if module in modules:
                yield node, name, module


def _path_argument(node: ast.AST, parents: Mapping[int, ast.AST]) -> bool:
    """Is ``node`` the first argument of a call that takes a module path (planner/module_calls.py)?"""
    parent = parents.get(id(node))
    return (
        isinstance(parent, ast.Call)
        and parent.args[:1] == [node]
        and reference_kind(dotted_name(parent.func)) is not None
    )


def _logger_name(node: ast.AST, parents: Mapping[int, ast.AST]) -> bool:
    parent = parents.get(id(node))
    return isinstance(parent, ast.Call) and dotted_name(parent.func).rpartition(".")[2] in _NAME_CALLS


def _taken(node: ast.AST, parents: Mapping[int, ast.AST]) -> bool:
    """Is ``node`` part of a larger ``+``, an import call's argument, or inside a ``__getattr__``?"""
    parent = parents.get(id(node))
    if isinstance(parent, ast.BinOp) and isinstance(node, ast.BinOp | ast.JoinedStr):
        return True
    if (
        isinstance(parent, ast.List | ast.Tuple)
        and isinstance(grand := parents.get(id(parent)), ast.Call)
        and (built_string(grand))
    ):
        return True  # an item of ``".".join([...])``: the join is the string
    if isinstance(parent, ast.Call) and dotted_name(parent.func).rpartition(".")[2] in _IMPORT_CALLS:
        return True
    return enclosing_function(node, parents) == "__getattr__"
