"""Where a file's path starts in a text: from a token's start, or as the tail after an elided start (issue 13).

One rule, asked by the plan (planner/path_mentions.py for Python strings, docstrings and comments,
planner/file_references.py for every other file) and by apply (codemods/string_tokens.py's ``sub_paths``):

- a path from a token's start (``pkg/mod.py``, ``./pkg/mod.py``); not inside a longer path (``vendor/pkg/mod.py``)
  nor after a glob within a name (``*pkg/mod.py``, ``?/pkg/mod.py``, ``[ab]pkg/mod.py``: those match other
  names), except Markdown's or reST's emphasis (``*pkg/mod.py*``);
- the tail after an elided start that stands at a token's start: ``.../``, ``*/``, ``**/`` and the ellipsis
  character ``…/`` (pytest's ``fnmatch_lines("tmp_path -- .../_pytest/tmpdir.py:*")``, a glob, prose). Only a
  tail with a directory that is a module's path from the root or a source root, and only when no other file
  of the checkout ends with it: ``.../pkg/mod.py`` beside a test-data tree ``tests/data/proj/pkg/mod.py`` may
  mean either (:func:`shared_tails`), and is a follow-up as a bare file name several files share is.

Apply carries an elided tail as a key of its path renames spelled with :data:`ELIDED` in front.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.discover import ModuleFile

__all__ = [
    "ELIDED",
    "directory_renames",
    "elided_renames",
    "from_directory",
    "is_elided",
    "path_in",
    "path_start",
    "shared_tails",
    "source_root_paths",
]

#: How apply's path renames spell a tail that is rewritten only after an elided start: ``.../pkg/mod.py``
ELIDED = ".../"
#: The elided starts, longest first
_ELISIONS = ("...", "**", "*", "\u2026")
#: A character of a path or of a glob within a name: what stands before a token's start is none of these
_PATHISH = re.compile(r"[\w./*?\[\]-]")


def path_start(text: str, start: int, end: int) -> str | None:
    """How the path ``text[start:end]`` (no ``/`` nor elision of its own) starts: ``"plain"`` at a token's
    start, ``"elided"`` after an elided start at a token's start, None inside a longer path or a glob.

    Returns:
        ``"plain"``, ``"elided"`` or None.
    """
    before = text[start - 1] if start else ""
    if before == "/":  # positions, never slices: a megabyte line of paths stays linear (review 20)
        elision = next((e for e in _ELISIONS if text.endswith(e, 0, start - 1)), None)
        if elision is None:
            return None
        lead = start - 1 - len(elision)
        return "elided" if not lead or not _PATHISH.match(text, lead - 1) else None
    if not before or not _PATHISH.match(before):
        return "plain"
    if before == "*":  # emphasis, ``*pkg/mod.py*``: the same run of stars (at most three) on both sides
        run = next((n for n in range(1, 5) if text[start - n - 1 : start - n] != "*"), 4)
        if run < 4 and text.startswith("*" * run, end) and not text.startswith("*", end + run):
            return "plain" if start == run or not _PATHISH.match(text, start - run - 1) else None
    return None


def path_in(text: str, start: int, token: str) -> tuple[str, bool] | None:
    """The path a path token ``token`` at ``start`` of ``text`` names (planner/file_references.py's ``PATH_TOKEN``, which
    holds a ``.../``'s dots, or starts at the ``/`` after ``*`` or ``…``), and whether it is an elided start's tail.

    Returns:
        (path, elided), or None for a token inside a glob or a tail that names no file by itself (``.../mod.py``).
    """
    elision = token.startswith("/") and text[start - 1 : start] in ("*", "\u2026")
    skip = 4 if token.startswith(ELIDED) else 1 if elision else 0
    end = start + len(token)
    if not skip:
        return (token.removeprefix("./"), False) if path_start(text, start, end) == "plain" else None
    path = token[skip:]
    if path_start(text, start + skip, end) != "elided" or "/" not in path or path.startswith(("/", ".")):
        return None
    return path, True


def is_elided(glob: str, tails: Collection[str]) -> bool:
    """Is the glob ``glob`` (``*/pkg/mod.py``, ``**/pkg/mod.py``) an elided start and a tail of ``tails`` (spelled
    with :data:`ELIDED` in front, or not)? Then the elision's rule decides it, not a glob's.

    Returns:
        ``True`` for such a glob.
    """
    head, _, tail = glob.partition("/")
    return head in ("*", "**") and (tail in tails or ELIDED + tail in tails)


def shared_tails(tails: Iterable[str], files: Iterable[str]) -> set[str]:
    """The ``tails`` (paths with a directory) that more than one of the checkout's ``files`` ends with.

    Returns:
        Those tails.
    """
    wanted = {t for t in tails if "/" in t}
    counts: Counter[str] = Counter()
    for path in set(files):
        position = -1
        while True:
            tail = path[position + 1 :]
            if tail in wanted:
                counts[tail] += 1
            position = path.find("/", position + 1)
            if position < 0:
                break
    return {tail for tail, count in counts.items() if count > 1}


def elided_renames(paths: Mapping[str, str], files: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """``paths`` (old -> new, from the root and from a source root) as tails after an elided start, keyed with
    :data:`ELIDED`: the tails no other file of the checkout (``files``) ends with, and those some other file does.

    Returns:
        (``.../old`` -> ``.../new``, the shared ``.../old`` for a person).
    """
    tails = {old: new for old, new in paths.items() if "/" in old and not old.startswith(("/", "."))}
    shared = shared_tails(tails, files)
    unique = {ELIDED + old: ELIDED + new for old, new in tails.items() if old not in shared}
    return unique, sorted(ELIDED + old for old in shared)


def source_root_paths(modules: Iterable[ModuleFile], by_path: Mapping[str, str]) -> dict[str, str]:
    """The modules' files by their paths from their source root, as an installed copy or a traceback names them
    (``anyio/_core/_sockets.py`` for ``src/anyio/_core/_sockets.py``), where no file has that path from the
    repository root (``by_path``) and it has a directory (codemods/rename_batch.py rewrites the same:
    planner/reference_kinds.py's ``root_relative``).

    Returns:
        path from the source root -> module name.
    """
    found: dict[str, str] = {}
    for module in modules:
        own = module.name.replace(".", "/") + ("/__init__.py" if module.is_package else ".py")
        if "/" in own and own not in by_path and module.path.endswith("/" + own):
            found[own] = module.name
    return found


def from_directory(directory: str, spelled: str) -> str | None:
    """The checkout's path a ``../`` path written in a file of ``directory`` names: relative to that file's
    directory, as Sphinx's ``literalinclude::``, a Markdown link and an ignore file read it (``docs/index.rst``'s
    ``../pkg/mod.py`` is ``pkg/mod.py``); None at the root or when it leaves the checkout.

    Returns:
        The repo-relative path, or None.
    """
    if not directory or not spelled.startswith("../"):
        return None
    path = posixpath.normpath(posixpath.join(directory, spelled))
    return None if path.startswith("../") or path == ".." else path


def directory_renames(directory: str, renames: Mapping[str, str]) -> dict[str, str]:
    """The path renames as a file of ``directory`` spells them with ``../`` (:func:`from_directory`'s inverse):
    ``{"../pkg/mod.py": "../pkg/WF1_mod.py"}`` for ``docs/``; none at the root.

    Returns:
        Old spelling -> new spelling, for the renames that leave ``directory`` upwards.
    """
    if not directory:
        return {}
    spelled = {
        posixpath.relpath(old, directory): posixpath.relpath(new, directory)
        for old, new in renames.items()
        if not old.startswith((ELIDED, "/")) and "/" in old
    }
    return {old: new for old, new in spelled.items() if old.startswith("../")}
