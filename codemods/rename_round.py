"""One round of a batch's module renames on its Rope project (the round: :func:`codemods.rename_steps.rounds`).

1. the files that contain a module's base name as a whole word (the workspace's prefilter) are its
   candidates; in each, imports binding that name are masked (:mod:`codemods.local_names`);
2. Rope renames the modules (moves the files, rewrites imports and dotted uses) over the candidates;
3. the masks are restored (``from pkg import NEW as mod``: local names stay), the ``.pyi`` stub
   moves with its module, and a libcst pass fixes any import Rope left behind.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from codemods.batch_edit import ModuleIndex, RenameReport
from codemods.errors import RenameFailed
from codemods.fix_imports import fix_imports, may_need_fix, needs_fix
from codemods.local_names import Mask, MaskRequest, SiblingDefinitions, import_nodes, mask_many, unmask
from codemods.rename_steps import Step
from codemods.rope_rename import RenameSpec, RopeSession
from codemods.rope_search import rope_may_find
from codemods.workspace import Workspace
from planner.plan import Rename
from planner.python_source import Unparsable, parse_python


class RoundRenamer:
    """Renames a round's modules in the workspace: masks, Rope's change set, unmasks, stubs, fix-ups."""

    def __init__(
        self,
        workspace: Workspace,
        modules: ModuleIndex,
        *,
        shadowed: set[str],
        name_clashes: set[str],
        rename_locals: bool,
    ) -> None:
        self.workspace = workspace
        self.modules = modules
        self.shadowed = shadowed  #: the batch computer's ``shadowed`` modules (``BatchComputer.shadowed``)
        self.name_clashes = name_clashes  #: modules an importer also uses as another name: local names kept
        self.rename_locals = rename_locals

    def rename(self, session: RopeSession, group: list[Step]) -> list[RenameReport]:
        """Perform the renames of one round (:func:`codemods.rename_steps.rounds`): each file read, parsed and masked once,
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
                not self.rename_locals or rename.old_module in self.name_clashes or rename.old_module in self.shadowed
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
