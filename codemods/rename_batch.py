"""Compute one batch of module renames as data, in the scratch workspace.

The batch's renames are cut into rounds whose names share no word (:func:`rounds`); per round, on the batch's one
Rope project:

1. the files that contain a module's base name as a whole word (the workspace's prefilter) are its
   candidates; in each, imports binding that name are masked (:mod:`codemods.local_names`);
2. Rope renames the modules (moves the files, rewrites imports and dotted uses) over the candidates;
3. the masks are restored (``from pkg import NEW as mod``: local names stay), the ``.pyi`` stub
   moves with its module, and a libcst pass fixes any import Rope left behind.

Renames whose target is another rename's source go through a temporary name first (anchor T32; the steps and
rounds: :mod:`codemods.rename_steps`). Then string and non-Python references are rewritten with the batch's whole
mapping, the old names of submodules used as package attributes are bound again, and shims are written at the old
paths when asked (and listed in pytest's ``collect_ignore``: :mod:`codemods.collect_ignore`). The result is a
:class:`BatchEdit`; the real tree is untouched.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from codemods.batch_edit import BatchEdit, ModuleIndex, Options, RenameReport
from codemods.conftest_globs import rewrite_conftest_globs
from codemods.errors import RenameFailed
from codemods.fix_imports import fix_imports, may_need_fix, needs_fix
from codemods.local_names import Mask, MaskRequest, SiblingDefinitions, import_nodes, mask_many, unmask
from codemods.old_name_bindings import bind_old_names
from codemods.refs import listed_follow_ups, renamed_space, rewrite_references
from codemods.relative_names import rewrite_relative_names
from codemods.rename_steps import Step, rounds, steps
from codemods.rope_rename import RenameSpec, RopeSession
from codemods.rope_search import rope_may_find
from codemods.workspace import Workspace
from planner.path_tokens import elided_renames
from planner.plan import Batch, Rename
from planner.python_source import Unparsable, parse_python
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
        reports: list[RenameReport] = []
        try:
            done: dict[str, list[str]] = {}
            for group in rounds(steps(batch)):
                for (rename, _path, _module, _base, final), report in zip(group, self._round(session, group)):
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

    def _round(self, session: RopeSession, group: list[Step]) -> list[RenameReport]:
        """Perform the renames of one round (:func:`rounds`): each file read, parsed and masked once,
        Rope's analysis of each file shared by every rename of the round (one change set), then per
        rename in order the masks restored, the stub moved and the libcst fix-up run. The reports are
        the ones renaming them one after another gives (paths as they were after each rename)."""
        workspace = self.workspace
        plans: list[_StepPlan] = []
        users_of = workspace.files_with_words(step[2].rpartition(".")[2] for step in group)
        for rename, path, module, new_base, _final in group:
            parent = module.rpartition(".")[0]
            directory = path.rpartition("/")[0]
            new_path = f"{directory}/{new_base}.py" if directory else f"{new_base}.py"
            if not workspace.exists(path):
                raise RenameFailed(module, path, "the module file is missing")
            if workspace.exists(new_path):
                raise RenameFailed(module, new_path, "the target file exists")
            keep_local = (
                not self.options.rename_locals
                or rename.old_module in self.name_clashes
                or rename.old_module in self.shadowed
            )
            candidates = sorted(users_of[module.rpartition(".")[2]] | {path})
            plans.append(
                _StepPlan(
                    rename,
                    path,
                    module,
                    new_base,
                    f"{parent}.{new_base}" if parent else new_base,
                    new_path,
                    keep_local,
                    candidates,
                )
            )
        users: dict[str, list[int]] = {}
        for index, plan in enumerate(plans):
            for candidate in plan.candidates:
                users.setdefault(candidate, []).append(index)
        masks: list[dict[str, list[Mask]]] = [{} for _ in plans]
        # each file's import statements by its text, shared with the fix-up below (which parses again
        # only a file whose text changed since)
        imports: dict[str, _Imports] = {}
        searched: dict[str, set[int]] = {}  # per file, the renames Rope searches it for (codemods.rope_search)
        sibling_defines = SiblingDefinitions(workspace.read_bytes)  # for a file beside a renamed one (no package)
        with session.batched():
            for candidate in sorted(users):
                source = workspace.read_bytes(candidate)
                try:
                    tree = parse_python(source, candidate)
                except Unparsable:
                    imports[candidate] = (source, None)
                    continue  # Rope skips it too (ignore_syntax_errors); verification reports real breakage
                nodes = import_nodes(tree)
                imports[candidate] = (source, nodes)
                indexes = users[candidate]
                in_scripts = self.modules.in_script_directory(candidate)
                requests = [
                    MaskRequest(
                        plans[i].module,
                        self.shadowed,
                        plans[i].keep_local,
                        any(r.kind == "module-alias" for r in plans[i].rename.references),
                        sibling_defines(plans[i].path, candidate) if in_scripts else frozenset(),
                    )
                    for i in indexes
                ]
                masked, found = mask_many(
                    source,
                    requests,
                    package=self.modules.package(candidate),
                    tree=tree,
                    sibling_imports=in_scripts,
                    nodes=nodes,
                )
                if any(found):
                    session.write(candidate, masked)
                    for i, items in zip(indexes, found):
                        if items:
                            masks[i][candidate] = items
                if candidate.endswith(".py"):
                    modules = [(plans[i].path, plans[i].module.rpartition(".")[2]) for i in indexes]
                    text = masked if any(found) else source
                    searched[candidate] = {i for i, may in zip(indexes, rope_may_find(candidate, text, modules)) if may}
        specs = [
            RenameSpec(
                p.module,
                p.path,
                p.new_base,
                tuple(c for c in p.candidates if index in searched.get(c, ())),
                p.keep_local,
                p.module in self.shadowed,
            )
            for index, p in enumerate(plans)
        ]
        results = session.rename_round(specs)
        final: dict[str, str] = {}
        for plan, result in zip(plans, results):
            if plan.path not in dict(result.moves):
                raise RenameFailed(plan.module, plan.path, "Rope did not move the module (is it inside a source root?)")
            final.update(result.moves)
        kept = self._unmask(session, plans, masks, final)
        # a round's fix-ups never add or remove another rename's word: the stubs naming each are found
        # once (followed through the stub moves below)
        stubs_of = workspace.files_with_words(p.module.rpartition(".")[2] for p in plans)
        stub_moves: dict[str, str] = {}
        reports = []
        applied: dict[str, str] = {}
        for index, (plan, result) in enumerate(zip(plans, results)):
            moved = dict(result.moves)
            applied.update(moved)
            warnings = [
                f"{file}: Rope crashed ({reason}); its imports were rewritten by the libcst pass and "
                "checked by the graph verification"
                for file, reason in result.crashed
            ]
            self.modules.move(plan.path, moved[plan.path], plan.new_module)
            changed = set(result.changed) | {moved[plan.path]}
            changed.update(applied.get(c, c) for c, items in masks[index].items() if any(m.is_module for m in items))
            new_path = plan.new_path
            for old_stub, _new_stub in plan.rename.companions:
                stub_from = old_stub if plan.path == plan.rename.old else plan.path[:-3] + ".pyi"
                if workspace.exists(stub_from):
                    workspace.moved(stub_from, new_path[:-3] + ".pyi", on_disk=False)
                    stub_moves[stub_from] = new_path[:-3] + ".pyi"
                    changed.add(new_path[:-3] + ".pyi")
            old_base = plan.module.rpartition(".")[2]
            paths = {applied.get(c, c): final.get(c, c) for c in plan.candidates}
            stubs = {stub_moves.get(p, p) for p in stubs_of[old_base] if p.endswith(".pyi")}
            paths.update({p: p for p in stubs})
            aliased = any(r.kind == "module-alias" for r in plan.rename.references)
            fixed = self._fix_up(session, plan.module, plan.new_module, paths, imports, aliased=aliased)
            changed.update(fixed)
            reports.append(
                RenameReport(
                    plan.path,
                    new_path,
                    plan.module,
                    plan.new_module,
                    tuple(sorted(changed)),
                    len(result.changed),
                    kept[index],
                    tuple(fixed),
                    tuple(warnings),
                )
            )
        return reports

    def _unmask(
        self, session: RopeSession, plans: list[_StepPlan], masks: list[dict[str, list[Mask]]], final: dict[str, str]
    ) -> list[int]:
        """Restore every masked import of the round (each file written once); returns per rename how
        many module bindings kept their local name."""
        kept = [0 for _ in plans]
        files = sorted({c for step in masks for c in step})
        with session.batched():
            for candidate in files:
                current = final.get(candidate, candidate)
                data = self.workspace.read_bytes(current)
                for index, (plan, step) in enumerate(zip(plans, masks)):
                    found = step.get(candidate)
                    if not found:
                        continue
                    try:
                        data = unmask(data, found, plan.new_base)
                    except ValueError as exc:
                        raise RenameFailed(plan.module, current, f"Rope altered a protected import: {exc}") from None
                    kept[index] += sum(1 for m in found if m.is_module)
                session.write(current, data)
        return kept

    def _fix_up(
        self,
        session: RopeSession,
        module: str,
        new_module: str,
        paths: dict[str, str],
        imports: dict[str, _Imports],
        *,
        aliased: bool = False,
    ) -> list[str]:
        """The libcst pass over files where an import of the old module survived Rope (``aliased``: not one
        below it, an alias the module registers in ``sys.modules``, which keeps the old path).

        ``paths``: each file as it was right after this rename -> where it is now (a later rename of
        the round may have moved it); the first names it in the report and in the module index, the
        second is read and written. ``imports``: the import statements of each file by its text,
        shared with the masks and by the renames of the round (a file is parsed again only when Rope,
        an unmask or a fix changed it).
        """
        fixed: list[str] = []
        for named in sorted(paths):
            path = paths[named]
            if not self.workspace.exists(path):
                continue
            source = self.workspace.read_bytes(path)
            package = self.modules.package(named)
            if not may_need_fix(source, old_module=module, package=package):
                continue  # no import of the module is left (most files Rope rewrote): no parse
            cached = imports.get(path)
            if cached is None or cached[0] != source:
                try:
                    cached = (source, import_nodes(parse_python(source, path)))
                except Unparsable:
                    cached = (source, None)  # not Python: Rope and verification skip it too
                imports[path] = cached
            if cached[1] is None:
                continue
            if not needs_fix(cached[1], old_module=module, package=package, shadowed=self.shadowed, aliased=aliased):
                continue
            text = source.decode("utf-8", errors="surrogateescape")
            try:
                result = fix_imports(
                    text,
                    old_module=module,
                    new_module=new_module,
                    module_name=self.modules.name(named),
                    package=package,
                    shadowed=sorted(self.shadowed),
                    checked=True,
                    aliased=aliased,
                )
            except Unparsable as exc:
                raise RenameFailed(
                    module,
                    named,
                    f"libcst cannot rewrite its imports: {exc}; simplify that file (split the expression)",
                ) from None
            if result.code != text:
                if path.endswith(".py"):
                    session.write(path, result.code.encode("utf-8", errors="surrogateescape"))
                else:
                    self.workspace.write_text(path, result.code)
                fixed.append(named)
        return fixed


#: A file's bytes and their import statements (None: the bytes do not parse).
_Imports = tuple[bytes, list[ast.Import | ast.ImportFrom] | None]


@dataclass(frozen=True)
class _StepPlan:
    rename: Rename
    path: str
    module: str
    new_base: str
    new_module: str
    new_path: str
    keep_local: bool
    candidates: list[str]
