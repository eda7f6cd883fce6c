"""The import graph of a checkout, built from the facts of every file.

:func:`build_scan` resolves every import (planner/resolve.py) into edges of a :class:`RepoScan`:
the imports of every module and script with the import records of each edge, the run-time edges
the layers are computed on, the references (planner/references.py), the syntax errors and the
imports that resolve to no module. planner/scan.py reads the files; nothing here touches them
but the non-Python files a reference may sit in.

The edges are kept as plain adjacency dicts, which is all a plan walks; the NetworkX graphs of
them (:attr:`RepoScan.graph`, :attr:`RepoScan.runtime`) are built the first time a caller asks
(the graph checks, the proof, the export): building them costs more than the whole plan's use of
the edges (0.3 s of a warm 20,000-module plan, bench/plan_bench.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx

from planner.discover import Discovery, ModuleFile
from planner.facts import FileFacts
from planner.file_references import file_references
from planner.module_attributes import checkout_space
from planner.references import Reference, python_references
from planner.resolve import package_exports, resolve_import, shadowed_submodules


@dataclass(frozen=True)
class SyntaxProblem:
    path: str
    line: int
    message: str

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "message": self.message}


@dataclass(frozen=True)
class Unresolved:
    """An import of the checkout's own packages that names no module on disk."""

    importer: str
    path: str
    line: int
    target: str

    def to_json(self) -> dict[str, object]:
        return {"importer": self.importer, "path": self.path, "line": self.line, "target": self.target}


@dataclass(frozen=True)
class RepoScan:
    modules: Mapping[str, ModuleFile]
    scripts: tuple[ModuleFile, ...]
    #: importer (module or script) -> imported module -> the import records of that edge (a dict
    #: each: form, line, lazy, conditional, type_checking, optional, path), in the files' order
    imports: Mapping[str, Mapping[str, list[dict[str, object]]]]
    #: modules only, edges that exist at run time (not only under TYPE_CHECKING): importer ->
    #: imported -> (path, line) of the first such import; a name a package re-exports from one of
    #: its modules counts as a dependency on that module
    loads: Mapping[str, Mapping[str, tuple[str, int]]]
    references: tuple[Reference, ...]
    syntax_errors: tuple[SyntaxProblem, ...]
    unresolved: tuple[Unresolved, ...]
    facts: Mapping[str, FileFacts] = field(repr=False)  #: by repo-relative path
    top_level: frozenset[str] = frozenset()
    #: submodule -> (package __init__ path, line, how): ``pkg/__init__.py`` binds the submodule's
    #: name to another object (sympy's ``from .sympify import sympify``), so ``from pkg import x``
    #: gets that object and depends on the package, not on the submodule.
    shadowed: Mapping[str, tuple[str, int, str]] = field(default_factory=dict)
    #: the non-Python files discovery listed (repo-relative): what is beside a module (planner/conventions.py)
    other_files: tuple[str, ...] = ()
    #: the base names of the checkout's files named like a module path (planner/discover.py's ``named_files``)
    named_files: frozenset[str] = frozenset()
    #: modules whose file is a symlink leading out of the repository (path, module): their imports are not read
    outside_links: tuple[tuple[str, str], ...] = ()
    dir_links: tuple[tuple[str, str], ...] = ()  #: directory symlinks inside the repository (link, target)

    @cached_property
    def graph(self) -> nx.DiGraph:
        """Every module and script (node attributes: path, kind, is_package) and every import edge
        (attribute ``imports``: its records), as a NetworkX graph."""
        graph: nx.DiGraph = nx.DiGraph()
        graph.add_nodes_from(
            (module.name, {"path": module.path, "kind": "module", "is_package": module.is_package})
            for module in self.modules.values()
        )
        graph.add_nodes_from(
            (script.name, {"path": script.path, "kind": "script", "is_package": False}) for script in self.scripts
        )
        graph.add_edges_from(
            (a, b, {"imports": records}) for a, targets in self.imports.items() for b, records in targets.items()
        )
        return graph

    @cached_property
    def runtime(self) -> nx.DiGraph:
        """The modules and their run-time edges (:attr:`loads`; attributes path and line), as a NetworkX graph."""
        runtime: nx.DiGraph = nx.DiGraph()
        runtime.add_nodes_from(self.modules)
        runtime.add_edges_from(
            (a, b, {"path": path, "line": line})
            for a, targets in self.loads.items()
            for b, (path, line) in targets.items()
        )
        return runtime

    @cached_property
    def _importers(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for importer, targets in self.imports.items():
            for imported in targets:
                found.setdefault(imported, []).append(importer)
        return found

    def module_at(self, path: str) -> ModuleFile | None:
        for module in self.modules.values():
            if module.path == path:
                return module
        return None

    def importers(self, module: str) -> list[str]:
        """Modules and scripts whose imports reach ``module`` directly, sorted."""
        return sorted(self._importers.get(module, ()))

    def cycles(self) -> list[list[str]]:
        """Every run-time import cycle (a strongly connected group of two or more modules), sorted.
        Imports only under TYPE_CHECKING are left out: they never run, and the layers ignore them too."""
        groups = [sorted(c) for c in nx.strongly_connected_components(self.runtime) if len(c) > 1]
        return sorted(groups)


@dataclass
class Resolved:
    """The imports of some files resolved (:func:`resolve_files`)."""

    edges: dict[str, dict[str, list[dict[str, object]]]]  #: importer -> imported -> its import records
    runtime_edges: dict[str, dict[str, tuple[str, int]]]  #: importer -> imported -> first (path, line)
    syntax: list[SyntaxProblem]
    unresolved: list[Unresolved]


def resolve_files(
    files: list[ModuleFile],
    facts: Mapping[str, FileFacts],
    modules: Mapping[str, ModuleFile],
    top_level: frozenset[str],
    shadowed: Mapping[str, object],
    exports: Mapping[str, Mapping[str, str]],
) -> Resolved:
    """Resolve the imports of ``files`` in order: what :func:`build_scan` does for every file, and
    codemods/batch_scan.py for the files a batch can affect."""
    result = Resolved({}, {}, [], [])
    edges, runtime_edges = result.edges, result.runtime_edges
    for file in files:
        fact = facts[file.path]
        if fact.syntax_error is not None:
            result.syntax.append(SyntaxProblem(file.path, *fact.syntax_error))
            continue
        name, path, in_source = file.name, file.path, file.source_root is not None
        imported = edges.get(name)  # two scripts may share a name: one node, their imports merged
        if imported is None:
            imported = edges[name] = {}
        loaded = runtime_edges.get(name)
        if loaded is None:
            loaded = runtime_edges[name] = {}
        for imp in fact.imports:
            target, missing = resolve_import(imp, file, modules, top_level, shadowed)
            if target is not None:
                if target == name:
                    continue
                record = {
                    "form": imp.form,
                    "line": imp.line,
                    "lazy": imp.lazy,
                    "conditional": imp.conditional,
                    "type_checking": imp.type_checking,
                    "optional": imp.optional,
                    "path": path,
                }
                records = imported.get(target)
                if records is None:
                    imported[target] = [record]
                else:
                    records.append(record)
                if in_source and not imp.type_checking:
                    provider = exports[target].get(imp.name or "") if imp.name and target in exports else None
                    loaded.setdefault(provider or target, (path, imp.line))
            elif missing is not None and not imp.optional:
                result.unresolved.append(Unresolved(name, path, imp.line, missing))
    return result


def build_scan(
    root: Path, found: Discovery, files: list[ModuleFile], facts: Mapping[str, FileFacts], *, imports_only: bool = False
) -> RepoScan:
    """The scan of ``files``; ``imports_only``: the imports alone (what ``apply`` verifies), no references."""
    modules = found.modules
    shadowed = shadowed_submodules(modules, facts)
    resolved = resolve_files(files, facts, modules, found.top_level, shadowed, package_exports(modules, facts))
    references: list[Reference] = []
    # ``api.example.com``, ``pkg.cli.pkl``: no path; ``pkg.slug("x")``: the object its package binds over the submodule
    space = checkout_space(str(root), modules, found.named_files, shadowed)
    for file in files if not imports_only else ():
        fact = facts[file.path]
        if fact.syntax_error is None and (fact.strings or file.is_package):  # a folded ``__all__``: no string fact
            references.extend(python_references(file, fact, modules, found.top_level, space))
    if not imports_only:
        references.extend(file_references(root, found, space))
        references.sort(key=lambda r: (r.path, r.line, r.kind, r.text))
    return RepoScan(
        modules=modules,
        scripts=found.scripts,
        imports=resolved.edges,
        loads=resolved.runtime_edges,
        references=tuple(references),
        syntax_errors=tuple(sorted(resolved.syntax, key=lambda s: s.path)),
        unresolved=tuple(resolved.unresolved),
        facts=facts,
        top_level=found.top_level,
        shadowed=shadowed,
        other_files=found.other_files,
        named_files=found.named_files,
        outside_links=found.outside_links,
        dir_links=found.dir_links,
    )
