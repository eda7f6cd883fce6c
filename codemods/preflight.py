"""Refusals before any write (anchor cases T11-T14 and T17, tests/anchors/): every problem of a batch, collected at once.

Rope overwrites an existing target (and its undo then deletes it), accepts invalid identifiers
and names that shadow the standard library; none of the tools check. Guardian does, here, on the
batch as planned and on the tree as it is now.
"""

from __future__ import annotations

import keyword
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from planner.plan import Batch
from planner.reserved_names import shadows_module


def check_batch(
    batch: Batch,
    repo: Path,
    *,
    existing: Collection[str],
    own_top_level: Collection[str],
    dirty: Mapping[str, str],
    allow_dirty: bool,
    local_words: Mapping[str, Collection[str]],
    rename_locals: bool,
) -> list[str]:
    """Every reason to refuse ``batch``; empty when it may proceed.

    Args:
        batch: the planned batch.
        repo: the repository root.
        existing: repo-relative paths of every file in the tree now.
        own_top_level: the checkout's own top-level names (shadowing them is fine for a checkout).
        dirty: git status of changed files (path -> porcelain code), empty outside git; only the
            paths of :func:`checked_paths` are looked up.
        allow_dirty: do not refuse files with uncommitted changes.
        local_words: for each new base name, the Python files already using that identifier.
        rename_locals: the importers' local names will change, so a clash there is a refusal.

    Returns:
        One message per problem, each naming the file and what to do.
    """
    problems: list[str] = []
    leaving = {r.old for r in batch.renames}
    for rename in batch.renames:
        new_base = rename.new_module.rpartition(".")[2]
        if rename.old not in existing:
            problems.append(f"{rename.old}: the module to rename does not exist (re-run `guardian plan`)")
        if not new_base.isidentifier() or keyword.iskeyword(new_base):
            problems.append(f"{rename.new}: {new_base!r} is not a valid Python identifier")
            continue
        if rename.new in existing and rename.new not in leaving:
            problems.append(f"{rename.new}: target already exists; renaming {rename.old} would overwrite it")
        if (repo / rename.new[:-3]).is_dir():
            problems.append(f"{rename.new[:-3]}/: a package of the target's name exists")
        if shadows_module(new_base, top_level="." not in rename.new_module, own=own_top_level):
            problems.append(f"{rename.new}: {new_base!r} shadows a standard-library or installed module")
        if rename_locals:
            users = sorted(set(local_words.get(new_base, ())) - {rename.old})
            if users:
                problems.append(
                    f"{users[0]}: already uses the name {new_base!r}; with --rename-locals the "
                    f"import of {rename.old_module} would collide (drop --rename-locals)"
                )
        for old, new in rename.companions:
            if new in existing and new not in leaving:
                problems.append(f"{new}: the stub's target already exists")
    if not allow_dirty:
        for path in sorted(checked_paths(batch)):
            code = dirty.get(path)
            if code is not None and code != "??":
                problems.append(
                    f"{path}: has uncommitted changes ({code.strip()}); commit or stash them, or pass --allow-dirty"
                )
    return problems


def checked_paths(batch: Batch) -> set[str]:
    """The paths whose uncommitted changes refuse ``batch``: its impact and the modules it moves."""
    return set(batch.impact_files) | {r.old for r in batch.renames}


def untracked(batch: Batch, dirty: Mapping[str, str]) -> Sequence[str]:
    """Modules of the batch git does not track: Guardian moves them with a plain rename (Rope's
    ``git mv`` would fail silently on them, anchor T17)."""
    return [r.old for r in batch.renames if dirty.get(r.old) == "??"]
