"""Old module paths a package reaches at run time stay alive after a rename (issue 13 step 3).

A package whose PEP 562 ``__getattr__`` imports ``f".{name}"`` from a table of names, a
``lazy_loader.attach`` table, a computed ``import_module("pkg." + name)`` or a ``pkgutil`` discovery
loop reaches its submodules by their *old* names: after a rename, ``pkg.converters`` would raise. The
plan marks such references ``keep-old-path`` (planner/dynamic_imports.py); for each renamed module
that has one, Guardian leaves a silent shim at the old path, which makes the old name the very same
module object as the new one. The shim is listed in the batch's report, exempt from naming, and
removed by ``guardian retire`` like the other shims.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.dynamic_imports import KEEP_ALIVE_KINDS
from planner.plan import Rename

__all__ = ["keep_alive"]


def keep_alive(renames: Iterable[Rename]) -> dict[str, Rename]:
    """The renames whose old path something reaches at run time, by old module.

    Returns:
        old module -> its rename, for every rename with a ``keep-old-path`` reference.
    """
    return {r.old_module: r for r in renames if any(ref.kind in KEEP_ALIVE_KINDS for ref in r.references)}
