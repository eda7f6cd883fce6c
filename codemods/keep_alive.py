"""Old module paths a package reaches at run time stay alive after a rename (issue 13 step 3).

A package whose PEP 562 ``__getattr__`` imports ``f".{name}"`` from a table of names, a
``lazy_loader.attach`` table, a computed ``import_module("pkg." + name)`` or a ``pkgutil`` discovery
loop reaches its submodules by their *old* names: after a rename, ``pkg.converters`` would raise. The
plan marks such references ``keep-old-path`` (planner/dynamic_imports.py); for each renamed module
that has one, Guardian leaves a silent shim at the old path, which makes the old name the very same
module object as the new one. The shim is listed in the batch's report, exempt from naming, and
removed by ``guardian retire`` like the other shims.

The checkout's own entry-point declarations (``[project.scripts]``, ``[project.entry-points.pytest11]``,
``setup.cfg``'s ``[options.entry_points]``, ``setup.py``'s ``entry_points=``, an egg-info's
``entry_points.txt``: ``entry-point`` references) are rewritten, and their modules keep a shim too: an
installed copy of the distribution (``pip install -e .`` writes ``entry_points.txt`` into
``site-packages``, outside the checkout) names the old path until it is reinstalled. The batch's
warnings say so (:func:`entry_point_notes`).

A lazy table the codemod rewrote to a mapping (codemods/lazy_table.py: ``"converters": "WF1_converters"``)
serves the old name itself: a module reached only through such tables gets no shim.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from planner.plan import Rename
from planner.reference_kinds import KEEP_ALIVE_KINDS

__all__ = ["entry_point_notes", "keep_alive"]


def keep_alive(
    renames: Iterable[Rename], edits: Iterable[Mapping[str, object]] = (), outside: Collection[str] = ()
) -> dict[str, Rename]:
    """The renames whose old path something reaches at run time, by old module.

    Args:
        renames: the batch's renames, with the plan's references.
        edits: the batch's reference edits; a ``lazy-mapping`` edit (path, old attribute name) is a
            lazy table that now maps the old name to the new module.
        outside: old modules that code outside the checkout imports by their paths (the test runner:
            pytest 8.4 and later import ``pygments.lexer`` when they start; guardian/suite_runs.py).

    Returns:
        old module -> its rename, for every rename with a ``keep-old-path`` reference that no
        rewritten table serves, or in ``outside``.
    """
    mapped = {(str(e["path"]), str(e["old"])) for e in edits if e.get("kind") == "lazy-mapping"}
    return {
        r.old_module: r
        for r in renames
        if r.old_module in outside
        or any(ref.kind in KEEP_ALIVE_KINDS and (ref.path, ref.text) not in mapped for ref in r.references)
    }


def entry_point_notes(renames: Iterable[Rename], shims: Mapping[str, str]) -> list[str]:
    """One line per rename that keeps a shim because the checkout's entry points name it: the reason
    the batch report gives, and what the user does before ``guardian retire`` removes it."""
    notes = []
    for rename in renames:
        where = sorted({f"{r.path}:{r.line}" for r in rename.references if r.kind == "entry-point"})
        if where and rename.old_module in shims:
            notes.append(
                f"{rename.old}: kept as a shim of {rename.new_module}: the entry points of {', '.join(where)} "
                f"name {rename.old_module}, and an installed copy of the package (pip install -e .) loads it by "
                "that path until it is reinstalled; reinstall before `guardian retire`"
            )
    return notes
