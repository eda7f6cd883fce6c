"""Numbering policies for ``{index}of{total}``: how a module keeps its number as the code grows.

- ``dense`` (what ``guardian renumber`` plans): every module of a workflow numbered 1..n in
  dependency order, ``total`` = n. Always the "true" position, but adding one module renumbers
  every module after it and changes every ``total``: a migrated workflow of 10 modules gets 11
  renames for one new module.
- ``stable`` (the default): a module whose name already carries a number for its workflow and
  the configured version keeps its ``index`` and ``total``. Modules without one (new, or not
  yet renamed) take the free indexes of ``1..T`` in dependency order, then ``T+1, T+2, ...``,
  where ``T`` is the larger of the workflow's size and its highest kept index; their ``total``
  is the workflow's size when they are numbered. A fresh migration (nothing kept) is numbered
  exactly as ``dense``; a module added to a migrated workflow of 10 becomes ``11of11`` and the
  other ten keep ``of10`` until an explicit ``guardian renumber`` batch brings them up to date.

The trade-off (docs/numbering.md): under ``stable``, ``{index}`` is the order in which modules
joined the workflow, not always their dependency order, and ``{total}`` is the workflow's size
when the module was numbered.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.pattern import Pattern

POLICIES = ("stable", "dense")
DEFAULT_POLICY = "stable"


def recorded_number(pattern: Pattern, basename: str, workflow: int) -> tuple[int, int] | None:
    """``(index, total)`` the module's current name carries for ``workflow``, else None."""
    fields = pattern.parse(basename)
    if not fields or "index" not in fields:
        return None
    try:
        if "workflow" in fields and int(fields["workflow"]) != workflow:
            return None  # moved to another workflow: numbered there afresh
        if "version" in fields and int(fields["version"]) != pattern.version:
            return None  # a new convention version is a new numbering
        index = int(fields["index"])
        total = int(fields["total"]) if "total" in fields else index
    except (TypeError, ValueError):
        return None
    if index < 1 or total < index:
        return None
    return index, total


def keep_numbers(
    pattern: Pattern,
    workflows: Mapping[str, int | None],
    dense: Mapping[str, tuple[int, int]],
    basenames: Mapping[str, str],
) -> dict[str, tuple[int, int]]:
    """The ``stable`` policy applied to the ``dense`` positions (module -> (index, total)).

    Args:
        pattern: the naming pattern (to read the numbers names already carry).
        workflows: each placed module's workflow (None: no workflow, left unnumbered).
        dense: the dependency-order positions of every module with a workflow.
        basenames: each module's current file name without ``.py``.
    """
    by_workflow: dict[int, list[str]] = {}
    for name, workflow in workflows.items():
        if workflow is not None and name in dense:
            by_workflow.setdefault(workflow, []).append(name)
    result = dict(dense)
    for workflow, names in by_workflow.items():
        names.sort(key=lambda n: dense[n][0])  # dependency order
        kept: dict[str, tuple[int, int]] = {}
        taken: set[int] = set()
        for name in names:
            number = recorded_number(pattern, basenames[name], workflow)
            if number is not None and number[0] not in taken:  # a duplicated index: the first keeps it
                kept[name] = number
                taken.add(number[0])
        if not kept:
            continue  # nothing numbered yet: dense
        newcomers = [n for n in names if n not in kept]
        ceiling = max(len(names), max(taken))
        free = [i for i in range(1, ceiling + 1) if i not in taken]
        free += range(ceiling + 1, ceiling + 1 + max(0, len(newcomers) - len(free)))
        total = max(ceiling, free[len(newcomers) - 1] if newcomers else 0)
        result.update(kept)
        for name, index in zip(newcomers, free):
            result[name] = (index, total)
    return result
