"""Conflicts of planned renames with each other and with the filesystem.

A target that is not an identifier, two renames to one name (or to names differing only in letter
case), a target that already exists as a file or a package, and a target that shadows a standard
library or installed top-level module. Every conflict is collected; none stops the others.
"""

from __future__ import annotations

import keyword
import os

from planner.config import Config
from planner.graph import RepoScan
from planner.plan import PlanConflict
from planner.reserved_names import shadows_module

#: One planned rename: module, old path, new path, new module, reason.
Planned = tuple[str, str, str, str, str]

#: The longest file name (in bytes) common file systems accept (ext4, APFS, NTFS: 255).
NAME_MAX = 255


def find_conflicts(config: Config, scan: RepoScan, planned: list[Planned]) -> list[PlanConflict]:
    conflicts: list[PlanConflict] = []
    root = str(config.root)  # os.path.join on a Path converts it on every call
    leaving = {old for _, old, _, _, _ in planned}
    existing = {m.path for m in scan.modules.values()} | {s.path for s in scan.scripts}
    existing_lower: dict[str, str] = {}
    for path in existing:
        existing_lower.setdefault(path.lower(), path)
    targets: dict[str, str] = {}
    targets_lower: dict[str, str] = {}
    listings: dict[str, _Listing | None] = {}
    for name, old, new, _new_module, _ in planned:
        base = new.rpartition("/")[2][:-3]
        if not base.isidentifier() or keyword.iskeyword(base):
            conflicts.append(
                PlanConflict(
                    "invalid-identifier",
                    old,
                    new,
                    f"{base!r} is not a valid Python identifier; fix the pattern or the module name",
                )
            )
            continue
        if len(base.encode("utf-8")) + len(".pyi") > NAME_MAX:  # the stub companion is one byte longer
            conflicts.append(
                PlanConflict(
                    "name-too-long",
                    old,
                    new,
                    f"the file name {base}.py is longer than the {NAME_MAX} bytes a file system "
                    "allows; shorten the pattern or the module name",
                )
            )
            continue
        if new in targets:
            conflicts.append(PlanConflict("duplicate-target", old, new, f"{targets[new]} is planned to the same name"))
        elif new.lower() in targets_lower:
            conflicts.append(
                PlanConflict(
                    "case-collision", old, new, f"{targets_lower[new.lower()]} targets {new} up to letter case"
                )
            )
        targets[new] = old
        targets_lower[new.lower()] = old
        is_dir, exists = _on_disk(root, new, listings)
        if new not in leaving and (is_dir or exists):
            what = "a package" if is_dir else "a file"
            conflicts.append(
                PlanConflict(
                    "target-exists",
                    old,
                    new,
                    f"{new[:-3] if what == 'a package' else new} already exists as {what}; renaming would overwrite it",
                )
            )
        elif (
            new.lower() in existing_lower
            and existing_lower[new.lower()] not in leaving
            and existing_lower[new.lower()] != new
        ):
            conflicts.append(
                PlanConflict(
                    "case-collision",
                    old,
                    new,
                    f"{existing_lower[new.lower()]} differs only in letter case (breaks on macOS/Windows)",
                )
            )
        if shadows_module(base, top_level="." not in _new_module):
            conflicts.append(
                PlanConflict(
                    "shadows-module",
                    old,
                    new,
                    f"{base!r} is a standard-library or installed top-level module; importers would get the wrong one",
                )
            )
    return conflicts


#: A directory's entries: every name, the names of directories (symlinks followed, as
#: ``os.path.isdir`` does) and every name in lower case.
_Listing = tuple[frozenset[str], frozenset[str], frozenset[str]]


def _on_disk(root: str, path: str, listings: dict[str, _Listing | None]) -> tuple[bool, bool]:
    """``(os.path.isdir(path[:-3]), os.path.lexists(path))`` under ``root``, from one listing of
    the directory (``os.scandir``) instead of two system calls per path. A name the listing has
    only in another letter case, or a non-ASCII one (a case-insensitive or normalizing file system
    may equate them), and a directory that cannot be listed, get the system calls."""
    directory, _, filename = path.rpartition("/")
    if directory not in listings:
        listings[directory] = _list(os.path.join(root, directory))
    listing = listings[directory]
    stem = filename[:-3]
    if listing is None or not filename.isascii():
        return os.path.isdir(os.path.join(root, path[:-3])), os.path.lexists(os.path.join(root, path))
    names, directories, lower = listing
    is_dir = stem in directories or (
        stem not in names and stem.lower() in lower and os.path.isdir(os.path.join(root, path[:-3]))
    )
    exists = filename in names or (filename.lower() in lower and os.path.lexists(os.path.join(root, path)))
    return is_dir, exists


def _list(directory: str) -> _Listing | None:
    try:
        with os.scandir(directory) as entries:
            found = [(entry.name, entry.is_dir()) for entry in entries]
    except OSError:
        return None
    names = frozenset(name for name, _ in found)
    return names, frozenset(name for name, is_dir in found if is_dir), frozenset(name.lower() for name in names)
