"""A lazy table a package's ``__init__`` hands to a call together with ``__name__`` (issue 13, class 1).

Hugging Face's packages (transformers, diffusers, optimum, every model package) end their ``__init__`` with::

    _import_structure = {"configuration_bert": ["BertConfig"], "modeling_bert": ["BertModel"]}
    sys.modules[__name__] = _LazyModule(__name__, globals()["__file__"], _import_structure, module_spec=__spec__)

and the lazy module imports ``importlib.import_module("." + key, self.__name__)`` on first use, in another file.
A dict literal whose keys are all names of the package's submodules, handed to a call beside ``__name__``, names
those submodules: each key is a ``lazy-module`` reference (``keep-old-path``). Apply keeps the old key and adds the
new name beside it with the same value (codemods/handed_dicts.py), so ``pkg.models.configuration_bert`` (through
the shim at its old path), ``pkg.models.WF1_..._configuration_bert`` (Rope's spelling in the importers) and
``from pkg.models import BertModel`` all work. On main the keys were neither listed nor kept (breaker's F31).
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping

__all__ = ["handed_keys"]


def _handed(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` other than ``__name__``, when one of them is ``__name__`` (else none)."""
    given = [*call.args, *(k.value for k in call.keywords if k.arg is not None)]
    if not any(isinstance(arg, ast.Name) and arg.id == "__name__" for arg in given):
        return []
    return [arg for arg in given if not (isinstance(arg, ast.Name) and arg.id == "__name__")]


def handed_keys(
    call: ast.Call, values: Mapping[str, ast.AST], package: str, modules: Collection[str]
) -> Iterator[tuple[ast.Constant, str]]:
    """(key, module) for each key of a dict handed to ``call`` beside ``__name__`` whose keys are all submodules of
    ``package`` (a literal, or a module-level name bound to one)."""
    for arg in _handed(call):
        table = values.get(arg.id) if isinstance(arg, ast.Name) else arg
        if not isinstance(table, ast.Dict) or not table.keys:
            continue
        keys = [(key, key.value) for key in table.keys if isinstance(key, ast.Constant)]
        names = [(key, f"{package}.{name}") for key, name in keys if isinstance(name, str)]
        if len(names) != len(table.keys) or not all(module in modules for _, module in names):
            continue
        yield from names
