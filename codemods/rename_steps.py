"""The order in which a batch's renames are performed: steps, then rounds.

A rename whose target is another one's source (a swap, a chain) is two steps through a temporary
name (anchor T32); the steps are cut into rounds whose names share no word, each computed on one
analysis of its files (``codemods/rename_round.py``, ``codemods/rope_rename.py``).
"""

from __future__ import annotations

from planner.plan import Batch, Rename

TEMP_PREFIX = "_guardian_tmp"

Step = tuple[Rename, str, str, str, bool]  #: (rename, current path, current module, new base name, is last step)


def steps(batch: Batch) -> list[Step]:
    """The batch's renames as steps, in order: a rename whose target is another rename's source goes
    through a temporary name (two steps, the second after every other), any other is one step."""
    sources = {r.old for r in batch.renames}
    first: list[Step] = []
    later: list[Step] = []
    for number, rename in enumerate(batch.renames):
        new_base = rename.new_module.rpartition(".")[2]
        if rename.new in sources:
            temp = f"{TEMP_PREFIX}{number}_{new_base}"
            parent = rename.old_module.rpartition(".")[0]
            temp_module = f"{parent}.{temp}" if parent else temp
            directory = rename.old.rpartition("/")[0]
            temp_path = f"{directory}/{temp}.py" if directory else f"{temp}.py"
            first.append((rename, rename.old, rename.old_module, temp, False))
            later.append((rename, temp_path, temp_module, new_base, True))
        else:
            first.append((rename, rename.old, rename.old_module, new_base, True))
    return first + later


def rounds(steps: list[Step]) -> list[list[Step]]:
    """Cut the batch's steps, in order, into rounds whose names share no word.

    Within a round no rename's old or new base name is another one's: each rename's masks, Rope's
    occurrences and the libcst fix-up then concern words no other rename of the round touches, so
    computing them together on one analysis of each file gives what computing them one after another
    gives. Two modules of the same base name (``billing/models.py``, ``inventory/models.py``) and the
    two halves of a swap through a temporary name land in different rounds.
    """
    result: list[list[Step]] = []
    words: set[str] = set()
    for step in steps:
        mine = {step[2].rpartition(".")[2], step[3]}
        if not result or words & mine:
            result.append([])
            words = set()
        result[-1].append(step)
        words |= mine
    return result
