"""Rope renames modules in the scratch workspace: one open Project per batch, one round at a time.

A round is a group of renames whose names share no word (:func:`codemods.rename_steps.rounds`):
their occurrences are found on one analysis of each file and performed as one change set, which
gives what renaming them one after another gives; each round's changes are computed after the
previous round was performed (change sets computed up front undo each other, anchor T15). How
Rope is steered lives in :mod:`codemods.rope_seam`. Rope's knobs that change its cost and not its output
(docs/design.md): ``automatic_soa=False`` (~100x cheaper ``do()``), no ``.ropeproject``
(``ropefolder=None``: Guardian's journal is the undo), and the cyclic garbage collector paused while
Rope works (its object graph is huge and acyclic-heavy: 4.5x on a cold scan). The files Rope
searches come from the workspace's whole-word index, plus the module itself (Rope only moves the
file when it is among the resources).

Rope reads preferences from the project's ``pyproject.toml`` (``[tool.rope]``), which the checkout
writes: ``extension_modules`` are modules Rope imports in this process to inspect them, and
``type_hinting_factory`` is a dotted path it imports. Every preference is therefore passed
explicitly (Rope's own default unless Guardian sets it): nothing the checkout says about Rope counts,
and Rope imports nothing to inspect it (``extension_modules`` empty, ``import_dynload_stdmods`` off).
Rope's file operations are plain ones (``FileSystemCommands``): left to itself, Rope picks a version
control program from the names at the project's root (``_darcs``, ``.git``, ``.hg``, ...), and a
checkout with a ``_darcs/`` directory made every move in the scratch copy a ``darcs mv``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import warnings
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rope.base import taskhandle
from rope.base.change import ChangeContents, ChangeSet, MoveResource
from rope.base.exceptions import RopeError
from rope.base.prefs import Prefs
from rope.base.project import Project
from rope.refactor.rename import Rename

from codemods.errors import RenameFailed
from codemods.merged_edits import merged_bytes, merged_text
from codemods.rope_seam import (
    AnalysisBound,
    Edit,
    Pending,
    ScratchFiles,
    fix_source_folders,
    forget_builtin_types,
    invalidation_batched,
    module_never_local,
    modules_found_once,
    occurrence_guard,
    offsets_once,
    recording,
    regions_after_imports,
    release_analysis,
    write_on_demand,
)
from codemods.workspace import Workspace


@dataclass(frozen=True)
class RopeResult:
    changed: tuple[str, ...]  #: files whose text Rope changed (paths after the move)
    moves: tuple[tuple[str, str], ...]  #: (old path, new path)
    crashed: tuple[tuple[str, str], ...] = ()  #: (file, Rope's exception) skipped by Rope


class _Handle(taskhandle.TaskHandle):  # type: ignore[misc]  # rope ships no type information
    """Remembers which file Rope was working on, to name it when Rope crashes."""

    def __init__(self) -> None:
        super().__init__("guardian", interrupts=False)

    def current_file(self) -> str:
        jobset = self.current_jobset()
        name = getattr(jobset, "job_name", None) if jobset is not None else None
        return str(name) if name else "?"


@dataclass(frozen=True)
class RenameSpec:
    """One module rename of a round: what :meth:`RopeSession.rename_round` computes together."""

    module: str  #: dotted name of the module (for error messages)
    path: str  #: its file in the workspace
    new_base: str  #: the new module base name (same directory)
    resources: tuple[str, ...]  #: the files Rope searches (the module itself is added)
    keep_local_names: bool = True  #: bare names are never renamed (``--rename-locals`` turns it off)
    shadowed: bool = False  #: the package binds the module's name to another object: imports only


def _rope_defaults() -> dict[str, Any]:
    """Every Rope preference at Rope's own default (the checkout's ``[tool.rope]`` overridden)."""
    found: dict[str, Any] = {}
    for field in dataclasses.fields(Prefs):
        if field.name == "callbacks":  # Rope's own wiring, not a preference
            continue
        if field.default is not dataclasses.MISSING:
            found[field.name] = field.default
        elif field.default_factory is not dataclasses.MISSING:
            found[field.name] = field.default_factory()
    return found


def open_project(root: str, source_roots: Iterable[str], pending: Pending | None = None) -> Project:
    """Rope's project over the scratch copy, with Guardian's settings (see the module docstring);
    ``pending``: the files of the copy not written yet, written when Rope looks at them."""
    folders = [r for r in source_roots if r not in (".", "")]
    files = ScratchFiles()
    if pending is not None:
        pending.materialize_folder("")  # the root's files (pyproject.toml): what Rope reads on opening
    with warnings.catch_warnings():  # rope 1.x warns about its own deprecated source-folder code
        warnings.simplefilter("ignore", DeprecationWarning)
        project = Project(
            root,
            fscommands=files,  # never a version control program (see the module docstring)
            ropefolder=None,
            **{
                **_rope_defaults(),
                "extension_modules": [],
                "import_dynload_stdmods": False,
                "automatic_soa": False,
                "ignore_syntax_errors": True,
                "ignore_bad_imports": True,
                "save_history": False,
                "source_folders": folders,
                "python_files": ["*.py"],
            },
        )
    if pending is not None:
        write_on_demand(project, files, pending)
    fix_source_folders(project)
    regions_after_imports()
    return project


Found = tuple[dict[str, list[Edit]], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]

#: Rope's analysis during one rename is released between two files when the modules it holds pass
#: this many characters of source (codemods.rope_seam.AnalysisBound): Rope's graph takes about 45
#: bytes per character on sympy, whose largest first-batch task (14.8 MB of source) then peaks at
#: 445 MiB instead of 706 MiB, for twice its CPU (docs/benchmarks-apply.md). A module of the synthetic
#: repositories is about 870 characters: a part of 2,000 files stays far under it.
ANALYSIS_CHARS = 8_000_000
#: The bound in the parent when there are worker processes: it analyses itself only the rounds too
#: small to send (``codemods.workers.MIN_FILES``), but a few files whose imports reach most of a
#: package still pull it in (sympy 1.14.0's first batch: one rename searching 46 files, 209 modules
#: held, took the parent from 224 to 418 MiB, and the allocator keeps the pages for the rest of the
#: run). That round alone: 236 MiB over the process's start unbounded, 136 MiB under this bound, for
#: 2.1x its CPU (9.9 s against 4.8 s; 1,000,000: 102 MiB, 2.8x). A round that stays below it (every
#: parent round of the synthetic repositories) is not affected (docs/benchmarks-apply.md).
PARENT_ANALYSIS_CHARS = 3_000_000


def find_changes(
    project: Project, spec: RenameSpec, within: Collection[str] | None = None, limit: int | None = None
) -> Found:
    """One rename's edits per file, the files Rope crashed on, and the moves; nothing is written.
    ``within``: only those of its files (a part of a round, :func:`parts`); the move comes with the
    part holding the module's own file. ``limit``: the bound on Rope's analysis (characters of
    source held, :class:`codemods.rope_seam.AnalysisBound`; default :data:`ANALYSIS_CHARS`).

    Raises:
        RenameFailed: Rope raised (a crash on the module's own file, a syntax error in it).
    """
    handle = _Handle()
    handle.add_observer(AnalysisBound(project, handle, project.get_file(spec.path), limit or ANALYSIS_CHARS))
    found: dict[str, list[Edit]] = {}
    crashed: list[tuple[str, str]] = []
    paths = sorted(set(spec.resources) | {spec.path})
    if within is not None:
        paths = [p for p in paths if p in within]
        if not paths:
            return found, (), ()
    files = [project.get_file(p) for p in paths]
    try:
        with (
            occurrence_guard(spec.keep_local_names, spec.shadowed),
            recording(found, crashed),
            warnings.catch_warnings(),
            module_never_local(),
        ):
            # a file Rope failed to read (recorded in ``crashed``) is patched again for the next rename:
            # "Node <Expr> has been already patched; please report!" for each of its nodes (isort)
            warnings.filterwarnings("ignore", r"Node <\w+> has been already patched", RuntimeWarning)
            # ``case [`` ... ``*_,`` ``]:``, a sequence pattern ending with a comma: "Unexpected character in
            # MatchSequence's closing_paren ...; please report", a note for Rope's authors (27 on pylint)
            warnings.filterwarnings("ignore", r"Unexpected character in \w+'s ", RuntimeWarning)
            changes = Rename(project, project.get_file(spec.path)).get_changes(
                spec.new_base, docs=False, resources=files, task_handle=handle
            )
    except RecursionError:
        raise RenameFailed(spec.module, handle.current_file(), "Rope hit the recursion limit") from None
    except (RopeError, AttributeError, TypeError, ValueError, KeyError, IndexError, SyntaxError) as exc:
        raise RenameFailed(spec.module, handle.current_file(), f"Rope raised {type(exc).__name__}: {exc}") from None
    moves = tuple((c.resource.path, c.new_resource.path) for c in changes.changes if isinstance(c, MoveResource))
    return found, tuple(crashed), moves


#: A round whose renames search more files than this is analysed in parts of at most this many
#: files (in path order), Rope's analysis released after each: Rope's object graph is about 100 KB
#: per analysed file, and the first batch of a 20,000-module repository (11,792 files changed) held
#: 1.3 GB in one process. A part re-analyses only what its files import (the renamed modules).
PART_FILES = 2000


def parts(specs: Sequence[RenameSpec]) -> list[frozenset[str]] | None:
    """The files of a round's ``specs`` in parts of at most :data:`PART_FILES`; None when they fit in one."""
    files = sorted({p for spec in specs for p in (*spec.resources, spec.path)})
    if len(files) <= PART_FILES:
        return None
    return [frozenset(files[start : start + PART_FILES]) for start in range(0, len(files), PART_FILES)]


def merged_parts(found: Sequence[Found]) -> Found:
    """One rename's :func:`find_changes` over the parts of its round (in order) as one answer: the
    files come in the same order as from one call over all of them."""
    edits: dict[str, list[Edit]] = {}
    crashed: list[tuple[str, str]] = []
    moves: tuple[tuple[str, str], ...] = ()
    for part_edits, part_crashed, part_moves in found:
        edits.update(part_edits)
        crashed += part_crashed
        moves = moves or part_moves
    return edits, tuple(crashed), moves


def find_round(project: Project, specs: Sequence[RenameSpec], limit: int | None = None) -> list[Found]:
    """Every spec's :func:`find_changes` on ``project`` (``limit``: its bound); a round too big for one
    analysis goes in :func:`parts`, Rope's analysis released after each (the file order and edits are
    the same).

    Raises:
        RenameFailed: the first spec whose analysis failed (in the first part where one did).
    """
    split = parts(specs)
    if split is None:
        with modules_found_once(project):
            return [find_changes(project, spec, limit=limit) for spec in specs]
    done = []
    for within in split:
        with modules_found_once(project):
            done.append([find_changes(project, spec, within, limit) for spec in specs])
        release_analysis(project)
    return [merged_parts([part[index] for part in done]) for index in range(len(specs))]


class Analysts(Protocol):
    """Computes :func:`find_changes` for a round's specs elsewhere (worker processes)."""

    def analyse(self, specs: Sequence[RenameSpec]) -> list[Found] | None: ...


class RopeSession:
    """One Rope project over the workspace, for one batch."""

    def __init__(self, workspace: Workspace, source_roots: Iterable[str]) -> None:
        self.workspace = workspace
        self.project = open_project(str(workspace.root), source_roots, workspace)
        self.pool: Analysts | None = None
        # Rope's finder takes the offsets codemods.rope_search found for the same name and text
        self._hooks = contextlib.ExitStack()
        self._hooks.enter_context(offsets_once())

    def write(self, path: str, data: bytes) -> None:
        """Write ``data`` through Rope so its caches see it (group writes in :meth:`batched`). Bytes, as
        they are: Rope turns each ``\\n`` of a text into the file's line end and encodes it with the file's
        declared codec (a ``\\r\\n`` file's own text got ``\\r\\r\\n``: pylint's functional tests). A byte order
        mark the file has is kept (:meth:`Workspace.marked`)."""
        self.project.get_file(path).write(self.workspace.marked(path, data))
        self.workspace.refresh(path)

    def batched(self) -> contextlib.AbstractContextManager[None]:
        """Several writes, one invalidation of Rope's inferred data."""
        return invalidation_batched(self.project)

    def rename(
        self,
        module: str,
        path: str,
        new_base: str,
        resources: Iterable[str],
        *,
        keep_local_names: bool = True,
        shadowed: bool = False,
    ) -> RopeResult:
        """Rename the module at ``path`` to ``new_base`` (same directory) and perform it in the workspace.

        Raises:
            RenameFailed: Rope raised (a crash on one file, a syntax error in the module itself).
        """
        [result] = self.rename_round([RenameSpec(module, path, new_base, tuple(resources), keep_local_names, shadowed)])
        return result

    def rename_round(self, specs: Sequence[RenameSpec]) -> list[RopeResult]:
        """Rename several modules whose names share no word, computed on one analysis of each file.

        Every rename's occurrences are found before any is performed, so Rope analyses a file once
        for all of them (its module cache stays valid: nothing is written in between); the edits of
        all renames are merged per file (they touch different words) and performed as one change
        set, contents first, then the moves in order. The caller guarantees that no rename's old or
        new base name is another one's (:func:`codemods.rename_steps.rounds`): then the result is
        the one renaming them one after another gives.

        Returns:
            One result per spec; ``changed`` holds paths as they were right after that rename in
            the one-after-another order (the moves of the specs before it and its own applied).

        Raises:
            RenameFailed: Rope raised (a crash on one file, a syntax error in the module itself).
        """
        edits: list[dict[str, list[Edit]]] = []
        crashes: list[tuple[tuple[str, str], ...]] = []
        moves: list[tuple[tuple[str, str], ...]] = []
        contents: dict[str, list[Edit]] = {}
        found_all = self.pool.analyse(specs) if self.pool is not None else None
        if found_all is None:  # in this process: with workers, a small round under the parent's bound
            found_all = find_round(self.project, specs, PARENT_ANALYSIS_CHARS if self.pool is not None else None)
        for found, crashed, pairs in found_all:
            edits.append(found)
            crashes.append(crashed)
            moves.append(pairs)
            for path, items in found.items():
                contents.setdefault(path, []).extend(items)
        merged = ChangeSet("guardian round")
        for path, items in contents.items():
            resource = self.project.get_file(path)
            try:
                text = resource.read()
                # the file's own bytes, renamed (Rope would write one line end for all: a mixed file's
                # \n lines became \r\n); its text when they are not read as Rope reads them
                data: bytes | str | None = merged_bytes(resource.read_bytes(), text, items)
                if data is None:
                    data = merged_text(text, items)
            except ValueError as exc:
                owner = next(s.module for s, f in zip(specs, edits) if path in f)
                raise RenameFailed(owner, path, f"two renames of the round edit the same text: {exc}") from None
            if data is not None:
                merged.add_change(ChangeContents(resource, data))
        for pairs in moves:
            for old, new in pairs:
                merged.add_change(MoveResource(self.project.get_file(old), new))
        try:
            with invalidation_batched(self.project):
                self.project.do(merged)
        except (RopeError, OSError, AttributeError, TypeError, ValueError, KeyError, IndexError) as exc:
            raise RenameFailed(specs[0].module, "?", f"Rope raised {type(exc).__name__}: {exc}") from None
        every = [pair for pairs in moves for pair in pairs]
        for old, new in every:
            self.workspace.moved(old, new, on_disk=True)
        final = dict(every)
        for path in contents:
            self.workspace.refresh(final.get(path, path))
        results = []
        applied: dict[str, str] = {}
        for files_edited, skipped, pairs in zip(edits, crashes, moves):
            applied.update(pairs)
            changed = sorted({applied.get(p, p) for p in files_edited})
            results.append(RopeResult(tuple(changed), pairs, skipped))
        return results

    def close(self) -> None:
        self._hooks.close()
        self.project.close()
        forget_builtin_types()
