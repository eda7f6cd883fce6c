"""A submodule a lazy importer serves by the name its package's source spells keeps its name.

anyio's ``__init__`` ends in ``if TYPE_CHECKING or not install_lazy_importer():`` and a block of imports
that never runs: ``install_lazy_importer()`` (``anyio/_lazyimport.py``) reads the ``__init__``'s own source
(``inspect.getsource``, ``ast``) and serves each ``from . import to_thread as to_thread`` of the block from
the package's ``__getattr__``, under the imported name (``alias.name``), not the ``as`` name. Renamed,
the statement reads ``from . import WF5_..._to_thread as to_thread``: the importer serves
``anyio.WF5_..._to_thread``, and ``anyio.to_thread`` raises ``AttributeError``.

No spelling of the statement serves both names, and holding the old statement back with a shim at the
old path lasts only until ``guardian retire`` removes the shim: the reader couples the attribute's name
to the module's. Such a submodule is exempt, and the plan lists it under ``kept`` with the reason below
(planner/layers.py). The block's ``from .mod import name`` statements are read as the module they name,
which the rename rewrites, and keep working: their modules are renamed as any other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import SOURCE_READ, FileFacts
from planner.python_source import dotted_name


def read_as_source(test: ast.expr) -> bool:
    """``if TYPE_CHECKING or not install_lazy_importer():`` (anyio): the block runs for type checkers, and at
    run time only when the call fails; the call may read the block's imports from the file's source."""
    return (
        isinstance(test, ast.BoolOp)
        and isinstance(test.op, ast.Or)
        and dotted_name(test.values[0]).rpartition(".")[2] == "TYPE_CHECKING"
        and any(isinstance(node, ast.Call) for value in test.values[1:] for node in ast.walk(value))
    )


def served_by_source_name(
    modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts], names: Iterable[str]
) -> dict[str, str]:
    """module -> reason for each of the modules ``names`` that a package's ``__init__`` imports with ``from .
    import NAME`` in an ``if TYPE_CHECKING or <call>:`` block."""
    wanted = set(names)
    found: dict[str, str] = {}
    for package in modules.values():
        file_facts = facts.get(package.path) if package.is_package else None
        for key, line in file_facts.bound_names.items() if file_facts is not None else ():
            name = key[len(SOURCE_READ) :] if key.startswith(SOURCE_READ) else ""
            module = f"{package.name}.{name}"
            if name and module in wanted and not modules[module].is_package:
                found[module] = (
                    f"{FOUND_BY_NAME}the lazy importer of {package.path} (it may read `from . import {name}` of its "
                    f"`if TYPE_CHECKING or ...:` block, line {line}, from the source and serve that name)"
                )
    return found
