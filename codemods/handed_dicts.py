"""The dicts a package's ``__init__`` hands to a call beside ``__name__`` whose result becomes the package
(``sys.modules[__name__] = ...``): lazy tables of its submodules (planner/handed_tables.py lists their keys as
``lazy-module``; both ask its ``becomes_package``). A dict handed to any other call beside ``__name__``
(``registry.register(__name__, TOOLS)``, a menu) is data and keeps its keys: review40's R4, where apply doubled a
menu's entries that the plan had not listed.

``sys.modules[__name__] = _LazyModule(__name__, __file__, _import_structure)`` (Hugging Face's packages) serves each
key of ``_import_structure`` as a submodule, imported by ``"." + key`` below the package. Apply adds each renamed
key's new name beside it with the same value (codemods/package_init_refs.py, by codemods/loader_tables.py's
``keys_beside``): the old name is served through the shim at its old path, the new one (Rope's spelling in the
importers) directly, and the names the values list are served by either.
"""

from __future__ import annotations

import libcst as cst

from codemods.loader_tables import held_dicts
from planner.handed_tables import becomes_package

__all__ = ["handed_dicts"]


def handed_dicts(module: cst.Module) -> set[int]:
    """id() of each dict given, as a literal or by a module-level name, to a call of ``module`` that is also given
    ``__name__`` and whose result is assigned to ``sys.modules[__name__]``."""
    literals: set[int] = set()
    names: set[str] = set()

    class _Calls(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            if isinstance(node.value, cst.Call) and becomes_package([_spelled(t.target) for t in node.targets]):
                self.handed(node.value)

        def handed(self, node: cst.Call) -> None:
            given = [arg.value for arg in node.args if not arg.star]
            if not any(isinstance(value, cst.Name) and value.value == "__name__" for value in given):
                return
            for value in given:
                if isinstance(value, cst.Dict):
                    literals.add(id(value))
                elif isinstance(value, cst.Name) and value.value != "__name__":
                    names.add(value.value)

    module.visit(_Calls())
    return literals | held_dicts(module, names)


def _spelled(target: cst.BaseAssignTargetExpression) -> str:
    """``sys.modules[__name__]`` for that subscript, else an empty string."""
    if not (isinstance(target, cst.Subscript) and len(target.slice) == 1):
        return ""
    index = target.slice[0].slice
    owner = target.value
    if not (isinstance(index, cst.Index) and isinstance(index.value, cst.Name) and index.value.value == "__name__"):
        return ""
    if isinstance(owner, cst.Attribute) and isinstance(owner.value, cst.Name):
        return f"{owner.value.value}.{owner.attr.value}[__name__]"
    return ""
