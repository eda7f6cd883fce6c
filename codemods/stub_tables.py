"""A package's ``__init__.pyi`` read as its lazy table keeps its submodules' old names (issue 13, class 1).

``lazy_loader.attach_stub(__name__, __file__)`` takes each name of the stub's ``from . import mathops`` as a
submodule by its ``alias.name`` and ignores an ``as`` (planner/stub_tables.py). Rope writes
``from . import WF1_..._mathops as mathops``: the lazy table then held the new name only, and ``pkg.mathops``
raised ``AttributeError``. :func:`keep_stub_names` writes that import as ``from . import mathops, WF1_..._mathops``:
both names load lazily, the old one through the shim kept at its old path (the plan's ``lazy-attach``), and the
package's ``__all__`` lists both, as an ``attach`` table widened by the new name does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import libcst as cst

from codemods.cst_source import parse_cst
from codemods.workspace import Workspace
from planner.plan import Rename
from planner.python_source import Unparsable
from planner.stub_tables import STUB_READER

__all__ = ["keep_stub_names"]


class _BothNames(cst.CSTTransformer):
    """``from . import NEW as OLD`` -> ``from . import OLD, NEW`` for each ``NEW: OLD`` of ``names``."""

    def __init__(self, names: Mapping[str, str]) -> None:
        super().__init__()
        self.names = names

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        if len(updated_node.relative) != 1 or updated_node.module is not None:
            return updated_node
        if isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        aliases: list[cst.ImportAlias] = []
        for alias in updated_node.names:
            new = alias.name.value if isinstance(alias.name, cst.Name) else ""
            old = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else ""
            if new in self.names and self.names[new] == old:
                aliases += [alias.with_changes(name=cst.Name(old), asname=None), alias.with_changes(asname=None)]
            else:
                aliases.append(alias)
        return updated_node.with_changes(names=_joined(aliases))


def _joined(aliases: list[cst.ImportAlias]) -> list[cst.ImportAlias]:
    """The aliases, each but the last followed by a comma (the last keeps its own, or none)."""
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    done = [a if isinstance(a.comma, cst.Comma) else a.with_changes(comma=comma) for a in aliases[:-1]]
    return [*done, aliases[-1]]


def keep_stub_names(workspace: Workspace, renames: Iterable[Rename], shims: Mapping[str, str]) -> None:
    """Rewrite the ``__init__.pyi`` of each package whose ``__init__`` calls ``attach_stub`` so that its lazy table
    names each renamed submodule kept by a shim (``shims``: old -> new module) by its old and its new name."""
    by_stub: dict[str, dict[str, str]] = {}
    for rename in renames:
        if rename.old_module not in shims or rename.old.rpartition("/")[2] == "__init__.py":
            continue
        folder = rename.old.rpartition("/")[0]
        stub, init = f"{folder}/__init__.pyi" if folder else "__init__.pyi", f"{folder}/__init__.py"
        if not (workspace.exists(stub) and workspace.exists(init)):
            continue
        if STUB_READER.encode() not in workspace.read_bytes(init):
            continue
        new, old = shims[rename.old_module].rpartition(".")[2], rename.old_module.rpartition(".")[2]
        by_stub.setdefault(stub, {})[new] = old
    for stub, names in by_stub.items():
        source = workspace.read_text(stub)
        try:
            module = parse_cst(source, stub)
        except Unparsable:
            continue
        written = module.visit(_BothNames(names)).code
        if written != source:
            workspace.write_text(stub, written)
