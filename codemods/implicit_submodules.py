"""A package's ``__init__`` that uses a submodule by the name importing it bound implicitly.

Importing ``pkg.functoolz`` sets the attribute ``functoolz`` on ``pkg``, and ``pkg``'s attributes are
the globals of ``pkg/__init__.py``. So after ``from .functoolz import *`` an ``__init__`` can call
``functoolz._sigs.create()`` without any import naming ``functoolz`` (toolz does exactly this). Rope
rewrites the import (``from .WF1_functoolz import *``) but not the name, which then raises
``NameError`` when the package is imported. The name is no reference Rope or the import graph knows.

:func:`implicit_names` finds, after the renames, the names to rewrite: in a package's ``__init__`` that
imports from a renamed submodule (now under its new name), each name bound nowhere in the file that
is the submodule's old name. Each becomes the new name, which the same import now binds.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst
from libcst.helpers import get_full_name_for_node

from codemods.base import Renames
from codemods.module_scope import from_source

__all__ = ["implicit_names", "imported_submodules"]


class _Imports(cst.CSTVisitor):
    def __init__(self, package: str) -> None:
        super().__init__()
        self.package = package
        self.modules: set[str] = set()

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        source = from_source(node, self.package)
        if source is None:
            return
        self.modules.add(source)
        if source == self.package and not isinstance(node.names, cst.ImportStar):  # from . import sub
            self.modules.update(f"{source}.{get_full_name_for_node(a.name)}" for a in node.names)

    def visit_Import(self, node: cst.Import) -> None:
        self.modules.update(get_full_name_for_node(a.name) or "" for a in node.names)


def imported_submodules(module: cst.Module, package: str) -> set[str]:
    """Every direct submodule of ``package`` its ``__init__`` imports (and so binds as a global).

    Returns:
        Dotted names ``package.sub``.
    """
    found = _Imports(package)
    module.visit(found)
    prefix = package + "."
    return {prefix + m[len(prefix) :].partition(".")[0] for m in found.modules if m.startswith(prefix)}


def implicit_names(module: cst.Module, renames: Renames, package: str) -> Mapping[str, str]:
    """Old submodule names of ``package`` whose renamed module its ``__init__`` imports.

    A use of one of these names that is bound nowhere in the file (the caller checks the scope) is the
    submodule the import bound implicitly.

    Returns:
        old name -> new name, for each renamed direct submodule of ``package`` imported under its new name.
    """
    imported = imported_submodules(module, package)
    names: dict[str, str] = {}
    for old, new in renames.mapping.items():
        parent, _, old_name = old.rpartition(".")
        if parent == package and new.rpartition(".")[0] == package and new in imported:
            names[old_name] = new.rpartition(".")[2]
    return names
