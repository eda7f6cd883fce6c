"""Compute one batch of module renames as data, in the scratch workspace.

The batch's renames are cut into rounds whose names share no word (:func:`rounds`); each round is renamed on the
batch's one Rope project by :class:`codemods.rename_round.RoundRenamer` (masks, Rope, unmasks, stubs, libcst fix-up).

Renames whose target is another rename's source go through a temporary name first (anchor T32; the steps and
rounds: :mod:`codemods.rename_steps`). Then string and non-Python references are rewritten with the batch's whole
mapping, the old names of submodules used as package attributes are bound again, and shims are written at the old
paths when asked (and listed in pytest's ``collect_ignore``: :mod:`codemods.collect_ignore`). The result is a
:class:`BatchEdit`; the real tree is untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING

from codemods.batch_edit import BatchEdit, ModuleIndex, Options, RenameReport
from codemods.conftest_globs import rewrite_conftest_globs
from codemods.old_name_bindings import bind_old_names
from codemods.refs import listed_follow_ups, renamed_space, rewrite_references
from codemods.relative_names import rewrite_relative_names
from codemods.rename_round import RoundRenamer
from codemods.rename_steps import rounds, steps
from codemods.rope_rename import RopeSession
from codemods.workspace import Workspace
from planner.path_tokens import elided_renames
from planner.plan import Batch, Rename
from planner.reference_kinds import bare_renames, root_relative

if TYPE_CHECKING:
    from codemods.workers import WorkerPool

ProgressFn = Callable[[Rename], None]


class BatchComputer:
    """Computes batches, one after another, over one workspace."""

    def __init__(
        self,
        workspace: Workspace,
        modules: ModuleIndex,
        *,
        source_roots: Collection[str],
        shadowed: Collection[str],
        options: Options,
        reference_files: Collection[str],
        name_clashes: Collection[str] = (),
        file_names: Mapping[str, Collection[str]] | None = None,
        listed: Collection[str] = (),
        named_files: Collection[str] = (),
    ) -> None:
        self.workspace = workspace
        self.modules = modules
        self.source_roots = tuple(source_roots)
        self.shadowed = set(shadowed)
        #: modules an importer also uses as a parameter, keyword or attribute name (rich's ``box``): local names kept
        self.name_clashes = set(name_clashes)
        self.options = options
        self.reference_files = tuple(reference_files)
        self.file_names = dict(file_names or {})  #: the checkout's Python files by bare name (``files_by_name``)
        self.listed = tuple(listed)  #: the checkout's files before the run's renames: no glob opened to match more
        self.named_files = frozenset(named_files)  #: the base names of its files named like a module path
        self.pool: WorkerPool | None = None
        if options.jobs > 1:
            from codemods.workers import WorkerPool

            self.pool = WorkerPool(str(workspace.root), self.source_roots, options.jobs)
            self.pool.prepare = workspace.materialize_all

    def close(self, *, stop: bool = False) -> None:
        """Stop the worker processes (``--jobs``); ``stop``: without waiting for their tasks."""
        if self.pool is not None:
            self.pool.close(stop=stop)

    def compute(self, batch: Batch, progress: ProgressFn | None = None) -> BatchEdit:
        """Perform ``batch`` in the workspace and return it as data.

        Raises:
            RenameFailed: Rope or a pass failed on one rename (the workspace is reset).
        """
        if self.pool is not None:
            self.pool.recycle()  # workers that served many tasks are replaced: their memory does not creep
        session = RopeSession(self.workspace, self.source_roots)
        session.pool = self.pool
        renamer = RoundRenamer(
            self.workspace,
            self.modules,
            shadowed=self.shadowed,
            name_clashes=self.name_clashes,
            rename_locals=self.options.rename_locals,
        )
        reports: list[RenameReport] = []
        try:
            done: dict[str, list[str]] = {}
            for group in rounds(steps(batch)):
                for (rename, _path, _module, _base, final), report in zip(group, renamer.rename(session, group)):
                    done.setdefault(rename.old, []).extend(report.files)
                    if final:
                        reports.append(
                            RenameReport(
                                rename.old,
                                rename.new,
                                rename.old_module,
                                rename.new_module,
                                tuple(sorted(set(done[rename.old]))),
                                report.rope_files,
                                report.masked,
                                report.fixed_by_libcst,
                                report.warnings,
                            )
                        )
                        if progress is not None:
                            progress(rename)
        except BaseException:
            session.close()
            self.workspace.reset()
            raise
        session.close()
        mapping = {r.old_module: r.new_module for r in batch.renames}
        paths = {old: new for r in batch.renames for old, new in ((r.old, r.new), *r.companions)}
        names, shared = bare_renames(paths, self.file_names)  # ``File "core.py"``: unique names only
        taken = {path for files in self.file_names.values() for path in files}
        rooted = root_relative(paths, self.source_roots, taken)  # ``"anyio/_core/x.py"`` in a string
        # ``.../pkg/mod.py``: the tail after an elided start, in every file; for a person where another file ends so
        elided, shared_tails = elided_renames(rooted, self.listed)
        ref_edits, manual, warnings = rewrite_references(
            self.workspace,
            mapping,
            self.modules,
            self.reference_files,
            pool=self.pool.executor if self.pool is not None else None,
            prose=self.options.prose,
            paths=paths | elided,
            names=names,
            shared=[*shared, *shared_tails],
            python_paths=rooted | elided,
            listed=self.listed,
            holders={name: self.file_names.get(name, ()) for name in shared},  # ``_gen_files.py`` beside one
            # ``"pkg.cli.pkl"``: a file; ``pkg.slug("x")``: the object the package binds over a shadowed submodule
            space=renamed_space(self.workspace, batch.renames, self.named_files, self.shadowed),
        )
        bind_old_names(self.workspace, batch.renames, ref_edits, warnings)  # pkg.sub, used by that name
        relative_edits, relative_left = rewrite_relative_names(self.workspace, batch.renames, paths)
        ref_edits += relative_edits  # ``is_relative("util", spec.__file__)``: the one module of that name
        manual += relative_left + listed_follow_ups(batch.renames)  # ``file-relative`` names, left for a person
        rewrite_conftest_globs(self.workspace, paths, self.listed, ref_edits, manual)  # ``collect_ignore_glob``
        from codemods.collect_ignore import ignore_shims
        from codemods.keep_alive import entry_point_notes, keep_alive  # paths reached at run time, entry points
        from codemods.shims import is_program, shim_source
        from codemods.stub_tables import keep_stub_names

        shims: dict[str, str] = {}
        for rename in batch.renames if self.options.shims else ():
            program = is_program(self.workspace.read_bytes(rename.new))
            aliases = any(r.kind == "module-alias" for r in rename.references)
            shim = shim_source(rename.old_module, rename.new_module, program=program, aliases=aliases)
            self.workspace.write_text(rename.old, shim)
            shims[rename.old_module] = rename.new_module
        for old_module, rename in keep_alive(batch.renames, ref_edits, self.options.keep).items():
            if old_module not in shims:
                program = is_program(self.workspace.read_bytes(rename.new))
                aliases = any(r.kind == "module-alias" for r in rename.references)
                shim = shim_source(old_module, rename.new_module, warn=False, program=program, aliases=aliases)
                self.workspace.write_text(rename.old, shim)
                shims[old_module] = rename.new_module
        keep_stub_names(self.workspace, batch.renames, shims)  # ``attach_stub``'s ``__init__.pyi``: both names
        warnings += entry_point_notes(batch.renames, shims)  # an installed copy names the old path
        written = [(r.old, r.old_module) for r in batch.renames if r.old_module in shims]
        ignore_shims(self.workspace, written, ref_edits, warnings)  # pytest must not collect them
        return BatchEdit(
            batch.id,
            tuple(self.workspace.changes()),
            tuple(reports),
            mapping,
            shims,
            tuple(ref_edits),
            tuple(warnings),
            tuple(manual),
        )
