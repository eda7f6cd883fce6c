"""Path globs in other tools' configuration (coverage's ``omit = ["*/types.py"]``) that name a renamed file.

A glob naming one file by its literal name is rewritten to the new name (:func:`glob_file`, :func:`glob_tail`);
a glob over the start of file names is opened with ``*`` (:func:`glob_widened`) unless that would match more
files (:func:`glob_widens`: a ``wide-glob`` follow-up). Guardian's own configuration globs are planner/globs.py's.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping

__all__ = ["PATH_GLOB", "glob_file", "glob_matches", "glob_name_starts", "glob_tail", "glob_widened", "glob_widens"]


#: A glob in a configuration line (``omit = ["*/types.py"]``), a token holding ``*`` or ``?``.
PATH_GLOB = re.compile(r"(?<![^\s\"',=()\[\]])[^\s\"',=()\[\]]*[*?][^\s\"',=()]*")


def glob_file(glob: str, by_name: Mapping[str, list[str]]) -> str | None:
    """The one Python file a path glob names by its literal file name after wildcard directories
    (coverage's ``omit = ["*/types.py"]``, ``**/core.py``), where no other Python file of the checkout has
    that name (``by_name``: :func:`files_by_name`) and the glob matches its path. None otherwise: a glob
    over file names (``*.py``, ``test_*``) still matches a renamed file.
    """
    head, _, tail = glob.rpartition("/")
    paths = by_name.get(tail, []) if head and "*" not in tail and "?" not in tail and "[" not in tail else []
    if len(paths) != 1:
        return None
    return paths[0] if glob_matches(paths[0], glob) else None


def glob_matches(path: str, glob: str) -> bool:
    """Does ``glob`` match the repo-relative ``path``? A tool matches it against the file's absolute name
    (coverage), so wildcard directories may stand before the root's (``**/src/*/core.py``); a glob opening
    with ``/`` is anchored at the root."""
    return fnmatch.fnmatchcase(f"/{path}", glob) or (not glob.startswith("/") and fnmatch.fnmatchcase(path, glob))


def glob_tail(glob: str, old: str, new: str) -> str | None:
    """``glob`` naming the renamed file ``new`` instead of ``old`` by its last part (:func:`glob_file`:
    ``*/types.py`` -> ``*/WF1_..._types.py``), when it still matches ``new`` so; else None."""
    head, slash, tail = glob.rpartition("/")
    old_name, new_name = old.rpartition("/")[2], new.rpartition("/")[2]
    if not slash or tail != old_name:
        return None
    moved = f"{head}/{new_name}"
    return moved if glob_matches(new.lstrip("/"), moved) else None


def glob_name_starts(glob: str, paths: Iterable[str]) -> list[str]:
    """The ``paths`` a path glob matches by the start of their file names (trio's coverage ``omit =
    ["*/trio/_core/_generated_*"]``): a renamed file's new name starts with the pattern's fields, so apply
    opens the glob with ``*`` (:func:`glob_widened`). Empty for a glob without a directory part or whose
    file-name part opens with a wildcard (``*.py``, ``*/tests/*``: they match the new names too)."""
    head, _, tail = glob.rpartition("/")
    if not head or tail[:1] in ("", "*", "?", "[") or not any(c in tail for c in "*?["):
        return []
    return [path for path in paths if glob_matches(path, glob)]


def glob_widened(glob: str, old: str, new: str) -> str | None:
    """``glob`` whose file-name part starts with a literal and holds a wildcard (trio's coverage
    ``omit = ["*/trio/_core/_generated_*"]``), opened with ``*`` so it matches the renamed file's
    ``new`` path as it matched ``old`` (``*/trio/_core/*_generated_*``: the pattern puts its fields before
    the old name), and still matches the files a later batch renames; else None."""
    head, slash, tail = glob.rpartition("/")
    if tail.startswith("*") or not any(c in tail for c in "*?["):
        return None
    widened = f"{head}{slash}*{tail}"
    return widened if glob_matches(old.lstrip("/"), widened) and glob_matches(new.lstrip("/"), widened) else None


def glob_widens(glob: str, files: Iterable[str]) -> list[str]:
    """The checkout's ``files`` (every listed one, before the renames) that ``glob`` opened with ``*``
    (:func:`glob_widened`) would match and ``glob`` does not: ``pkg/gen_*`` as ``pkg/*gen_*`` also matches
    ``pkg/old_gen_tool.py``. Such a glob is never opened: the plan lists it as a ``wide-glob`` follow-up,
    apply leaves it for a person."""
    head, slash, tail = glob.rpartition("/")
    widened = f"{head}{slash}*{tail}"
    return [path for path in files if glob_matches(path, widened) and not glob_matches(path, glob)]
