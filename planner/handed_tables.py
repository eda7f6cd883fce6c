"""A lazy table a package's ``__init__`` hands to a call together with ``__name__`` (issue 13, class 1).

Hugging Face's packages (transformers, diffusers, optimum, every model package) end their ``__init__`` with::

    _import_structure = {"configuration_bert": ["BertConfig"], "modeling_bert": ["BertModel"]}
    sys.modules[__name__] = _LazyModule(__name__, globals()["__file__"], _import_structure, module_spec=__spec__)

and the lazy module imports ``importlib.import_module("." + key, self.__name__)`` on first use, in another file.
A dict literal whose keys are all names of the package's submodules, handed beside ``__name__`` to a call whose
result becomes the package (``sys.modules[__name__] = call(...)``: the lazy module's shape), names those submodules: each key is a ``lazy-module`` reference (``keep-old-path``). Apply keeps the old key and adds the
new name beside it with the same value (codemods/handed_dicts.py), so ``pkg.models.configuration_bert`` (through
the shim at its old path), ``pkg.models.WF1_..._configuration_bert`` (Rope's spelling in the importers) and
``from pkg.models import BertModel`` all work. On main the keys were neither listed nor kept (breaker's F31).

A dict handed beside ``__name__`` to any other call (``registry.register(__name__, TOOLS)``: a menu, one entry per
tool) is data, not a table the import system reads: its keys are not doubled (review40's R4 doubled a menu's
entries). :func:`becomes_package` is the shape, asked by the plan here and by apply (codemods/handed_dicts.py).
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping

__all__ = ["becomes_package", "handed_keys"]


def becomes_package(targets: Collection[str]) -> bool:
    """Do the dotted spellings of an assignment's ``targets`` name ``sys.modules[__name__]`` (spelled
    ``sys.modules[__name__]`` by the callers): the value replaces the package in the import system."""
    return "sys.modules[__name__]" in targets


def _spelled(target: ast.expr) -> str:
    """``sys.modules[__name__]`` for that subscript, else an empty string."""
    if (
        isinstance(target, ast.Subscript)
        and isinstance(target.slice, ast.Name)
        and target.slice.id == "__name__"
        and isinstance(target.value, ast.Attribute)
        and isinstance(target.value.value, ast.Name)
    ):
        return f"{target.value.value.id}.{target.value.attr}[__name__]"
    return ""


def _handed(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` other than ``__name__``, when one of them is ``__name__`` (else none)."""
    given = [*call.args, *(k.value for k in call.keywords if k.arg is not None)]
    if not any(isinstance(arg, ast.Name) and arg.id == "__name__" for arg in given):
        return []
    return [arg for arg in given if not (isinstance(arg, ast.Name) and arg.id == "__name__")]


def handed_keys(
    call: ast.Call,
    values: Mapping[str, ast.AST],
    package: str,
    modules: Collection[str],
    parent: ast.AST | None = None,
) -> Iterator[tuple[ast.Constant, str]]:
    """(key, module) for each key of a dict handed to ``call`` beside ``__name__`` whose keys are all submodules of
    ``package`` (a literal, or a module-level name bound to one), when ``parent`` assigns the call's result to
    ``sys.modules[__name__]``."""
    if not (isinstance(parent, ast.Assign) and parent.value is call):
        return
    if not becomes_package([_spelled(target) for target in parent.targets]):
        return
    for arg in _handed(call):
        table = values.get(arg.id) if isinstance(arg, ast.Name) else arg
        if not isinstance(table, ast.Dict) or not table.keys:
            continue
        keys = [(key, key.value) for key in table.keys if isinstance(key, ast.Constant)]
        names = [(key, f"{package}.{name}") for key, name in keys if isinstance(name, str)]
        if len(names) != len(table.keys) or not all(module in modules for _, module in names):
            continue
        yield from names
