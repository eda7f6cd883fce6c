"""Workflow, layer and position of every module: the numbers that go into its V7 name.

- workflow: the first ``[workflows]`` glob that matches the module's path (all 1 when none is set);
- layer: the first ``[layers]`` glob, else from the graph: one above the highest layer it imports
  (leaves are layer 1), capped at the highest configured layer; a cycle shares one layer;
- index/total: the module's position within its workflow in dependency order (a module comes
  after what it imports; import cycles are ordered by path), ties broken by path.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx

from planner.config import FIXED_NAMES, Config
from planner.globs import table_matcher
from planner.graph import RepoScan
from planner.pattern import base_name


@dataclass(frozen=True)
class Placement:
    module: str
    path: str
    workflow: int | None  #: None: no workflow glob matched
    layer: int
    layer_source: str  #: "config" | "graph"
    index: int = 0
    total: int = 0


@dataclass(frozen=True)
class LayerViolation:
    importer: str
    imported: str
    importer_layer: int
    imported_layer: int
    path: str
    line: int

    def to_json(self) -> dict[str, object]:
        return {
            "importer": self.importer,
            "imported": self.imported,
            "importer_layer": self.importer_layer,
            "imported_layer": self.imported_layer,
            "path": self.path,
            "line": self.line,
        }


@dataclass(frozen=True)
class Assignment:
    placements: Mapping[str, Placement]  #: non-exempt modules only
    exempt: frozenset[str]
    violations: tuple[LayerViolation, ...]
    graph: nx.DiGraph  #: the runtime module graph the placement was computed on
    #: that graph's adjacency lists and strongly connected components (:class:`Components`)
    components: Components | None = None


def stable_path(config: Config, path: str) -> str:
    """``path`` with the pattern stripped from its file name: ``dir/WF1_V7_L1_1of9_models.py`` ->
    ``dir/models.py``. Configuration globs are matched against both, so a glob written for the
    old names (``**/models.py``) keeps matching after the rename and re-planning stays stable."""
    return _stable_path(config.pattern, config.version, path)


@lru_cache(maxsize=1 << 16)  # a plan asks for each path two or three times (exempt, workflow, sort key)
def _stable_path(pattern: str, version: int, path: str) -> str:
    directory, _, filename = path.rpartition("/")
    stem, dot, suffix = filename.partition(".")
    base = base_name(pattern, stem)
    return f"{directory}/{base}{dot}{suffix}" if directory else f"{base}{dot}{suffix}"


def _either(glob: Callable[[str], int | None], path: str, stable: str) -> int | None:
    """The value of the first glob matching ``path``, else the first matching its stable path."""
    found = glob(path)
    return found if found is not None or stable == path else glob(stable)


def _is_shim(scan: RepoScan, path: str) -> bool:
    facts = scan.facts.get(path)
    return facts is not None and facts.shim


@lru_cache(maxsize=16)
def _exempt_table(exempt: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """The exempt globs as a :func:`first_match` table, the same object for the same globs."""
    return tuple((pattern, 1) for pattern in exempt)


def assign(config: Config, scan: RepoScan) -> Assignment:
    """Place every non-exempt module: workflow, layer, index and total."""
    graph = scan.runtime  # modules only, run-time edges, re-exports followed
    modules = scan.modules
    stable = {name: stable_path(config, m.path) for name, m in modules.items()}
    exempt_glob = table_matcher(_exempt_table(tuple(config.exempt)))
    exempt = frozenset(
        name
        for name, m in modules.items()
        if m.path.rpartition("/")[2] in FIXED_NAMES
        or _either(exempt_glob, m.path, stable[name]) is not None
        or _is_shim(scan, m.path)
    )
    components = Components(graph)
    layers = _layers(config, scan, components, stable)
    workflow_glob = table_matcher(config.workflows) if config.workflows else None
    workflows = {
        name: 1 if workflow_glob is None else _either(workflow_glob, m.path, stable[name])
        for name, m in modules.items()
        if name not in exempt
    }
    # Tie-break keys that do not move when a module is renamed: the path with the pattern stripped
    # from the file name (then the path itself). Sorting by the raw path would reorder the modules
    # already renamed (``WF...`` sorts before lower-case names) and renumber everything.
    positions = _positions(workflows, components, {name: f"{stable[name]}\0{modules[name].path}" for name in workflows})
    if config.numbering == "stable":  # numbers already in names are kept (planner/numbering.py)
        from planner.numbering import keep_numbers
        from planner.pattern import Pattern

        positions = keep_numbers(
            Pattern(config.pattern, config.version),
            workflows,
            positions,
            {name: modules[name].basename for name in workflows},
        )
    placements: dict[str, Placement] = {}
    for name, workflow in workflows.items():
        layer, source = layers[name]
        index, total = positions.get(name, (0, 0))
        placements[name] = Placement(name, modules[name].path, workflow, layer, source, index, total)
    violations = _violations(scan, {n: layers[n][0] for n in layers}, exempt)
    return Assignment(placements, exempt, violations, graph, components)


def _layers(
    config: Config, scan: RepoScan, components: Components, stable: Mapping[str, str]
) -> dict[str, tuple[int, str]]:
    layer_glob = table_matcher(config.layers) if config.layers else None
    matched = (
        {name: _either(layer_glob, m.path, stable[name]) for name, m in scan.modules.items()}
        if layer_glob is not None
        else {}
    )
    configured = {n: v for n, v in matched.items() if v}  # 0 means "auto"
    ceiling = max(configured.values(), default=0)
    result: dict[str, tuple[int, str]] = {}
    if not configured:  # every layer from the graph: one per component, from the components' graph
        for members, depth in zip(components.found, components.depths()):
            for member in members:
                result[member] = (depth, "graph")
        return result
    successors = components.successors
    # What a module imports comes first: leaves, then the layers above them (any such order gives
    # the same layers; NetworkX does not document the order it yields components in).
    for members in components.leaves_first(None):
        below = [result[dep][0] for m in members for dep in successors[m] if dep in result]
        auto = 1 + max(below, default=0)
        if ceiling:
            auto = min(auto, ceiling)
        pinned = [configured[m] for m in members if m in configured]
        if pinned:  # a cycle imports itself both ways: its auto members join its configured layer
            auto = max(pinned)
        for member in members:
            if member in configured:
                result[member] = (configured[member], "config")
            else:
                result[member] = (auto, "graph")
    return result


def _positions(
    workflows: Mapping[str, int | None], components: Components, keys: Mapping[str, str]
) -> dict[str, tuple[int, int]]:
    """(index, total) of every module with a workflow: its place in its workflow's dependency order."""
    by_workflow: dict[int | None, list[str]] = {}
    for name, workflow in workflows.items():
        by_workflow.setdefault(workflow, []).append(name)
    result: dict[str, tuple[int, int]] = {}
    for workflow, names in by_workflow.items():
        if workflow is None:
            continue
        order = components.order({n: keys[n] for n in names}, within=names)
        total = len(order)
        for index, name in enumerate(order, start=1):
            result[name] = (index, total)
    return result


class Components:
    """A graph's adjacency lists (NetworkX's views cost several times more to walk) and its
    strongly connected components, found once and shared by every ordering of it or of a part of
    it: a cycle inside a part is a cycle of the whole graph, so a part's components are those of
    each whole component's share of the part (most shares have one member: nothing to compute).

    The components' own graph (which components each one imports) is built once too: a part made
    of whole components has the same graph restricted to them."""

    def __init__(self, graph: nx.DiGraph) -> None:
        self.successors: dict[str, list[str]] = {node: list(targets) for node, targets in graph.adjacency()}
        self.found = [list(c) for c in nx.strongly_connected_components(graph)]
        self._component_of = {node: i for i, members in enumerate(self.found) for node in members}
        #: the components each component imports, by index into ``found``
        self._imports = _component_imports(self.successors, self.found, self._component_of)
        self._dependents: list[list[int]] | None = None  #: the reverse, built on first use

    def of(self, within: Collection[str] | None = None) -> tuple[dict[str, list[str]], list[list[str]]]:
        """Adjacency lists and components of the subgraph on ``within`` (None: the whole graph)."""
        if within is None:
            return self.successors, self.found
        inside = set(within)
        successors = self.successors
        part = {node: [t for t in successors[node] if t in inside] for node in within}
        found: list[list[str]] = []
        for component in self.found:
            if len(component) == 1:
                if component[0] in inside:
                    found.append(component)
                continue
            share = [m for m in component if m in inside]
            if len(share) > 1:
                members = nx.DiGraph()
                members.add_nodes_from(share)
                members.add_edges_from((m, t) for m in share for t in part[m] if t in members)
                found += [list(c) for c in nx.strongly_connected_components(members)]
            elif share:
                found.append(share)
        return part, found

    def leaves_first(self, keys: Mapping[str, str] | None, within: Collection[str] | None = None) -> list[list[str]]:
        """The components of the graph (or of its subgraph on ``within``) in dependency order: a
        component comes after every component it imports; among ready ones, the smallest key first.
        Members are sorted by key. Keys are unique, so the order depends on them alone.

        ``keys`` None: any dependency order, members unsorted (enough to compute layers)."""
        if within is None:
            return _kahn(self.found, self._imports, keys, self._reverse())
        found = self.found
        component_of = self._component_of
        chosen = {component_of[node] for node in within}
        if any(len(found[i]) > 1 for i in chosen):
            inside = set(within)
            if any(m not in inside for i in chosen if len(found[i]) > 1 for m in found[i]):
                # a cycle cut by the part: its share may break into several components
                successors, components = self.of(within)
                return _kahn(components, _component_imports(successors, components), keys)
        ordered = sorted(chosen)  # the part's components keep the whole graph's order
        local = {index: position for position, index in enumerate(ordered)}
        imports = self._imports
        return _kahn([found[i] for i in ordered], [{local[j] for j in imports[i] if j in local} for i in ordered], keys)

    def depths(self) -> list[int]:
        """For each component (by index into ``found``): 1 if it imports no other component, else
        one more than the largest depth among those it imports."""
        imports = self._imports
        depth = [0] * len(imports)
        for index in _topological(imports, self._reverse()):
            depth[index] = 1 + max((depth[j] for j in imports[index]), default=0)
        return depth

    def _reverse(self) -> list[list[int]]:
        if self._dependents is None:
            self._dependents = _dependents(self._imports)
        return self._dependents

    def order(self, keys: Mapping[str, str], within: Collection[str] | None = None) -> list[str]:
        """Modules in dependency order (imported before importer); a cycle's members, and ties, by key."""
        return [member for component in self.leaves_first(keys, within) for member in component]


def _component_imports(
    successors: Mapping[str, list[str]], found: list[list[str]], component_of: Mapping[str, int] | None = None
) -> list[set[int]]:
    """For each component (an index into ``found``), the other components its members import.
    ``component_of``: each node's index into ``found``, when already known."""
    if component_of is None:
        component_of = {node: i for i, members in enumerate(found) for node in members}
    imports = []
    for index, members in enumerate(found):
        imported = {component_of[t] for m in members for t in successors[m]}
        imported.discard(index)  # a cycle's own edges, a module's import of itself
        imports.append(imported)
    return imports


def _dependents(imports: list[set[int]]) -> list[list[int]]:
    """For each component, the components importing it (``imports`` reversed)."""
    dependents: list[list[int]] = [[] for _ in imports]
    for a, imported in enumerate(imports):
        for b in imported:
            dependents[b].append(a)
    return dependents


def _topological(imports: list[set[int]], dependents: list[list[int]]) -> list[int]:
    """The components (indices) in some dependency order: each after every one it imports."""
    waiting = [len(imported) for imported in imports]
    ready = [i for i, count in enumerate(waiting) if not count]
    for i in ready:  # grows while it is walked
        for dependent in dependents[i]:
            waiting[dependent] -= 1
            if not waiting[dependent]:
                ready.append(dependent)
    return ready


def _kahn(
    found: list[list[str]],
    imports: list[set[int]],
    keys: Mapping[str, str] | None,
    dependents: list[list[int]] | None = None,
) -> list[list[str]]:
    """Kahn's algorithm on the components (``imports``: by index into ``found``; ``dependents``:
    :func:`_dependents` of it, when already known), over a heap on their smallest key; without
    keys, in any dependency order. No condensed graph is built."""
    if dependents is None:
        dependents = _dependents(imports)
    if keys is None:
        return [found[i] for i in _topological(imports, dependents)]
    waiting = [len(imported) for imported in imports]  # how many components each one still waits for
    components = [sorted(c, key=keys.__getitem__) if len(c) > 1 else c for c in found]
    heap = [(keys[components[i][0]], i) for i, count in enumerate(waiting) if not count]
    heapq.heapify(heap)
    order: list[list[str]] = []
    while heap:
        _, i = heapq.heappop(heap)
        order.append(components[i])
        for dependent in dependents[i]:
            waiting[dependent] -= 1
            if not waiting[dependent]:
                heapq.heappush(heap, (keys[components[dependent][0]], dependent))
    return order


def _violations(scan: RepoScan, layers: Mapping[str, int], exempt: frozenset[str]) -> tuple[LayerViolation, ...]:
    """Run-time imports of a higher layer (re-exports followed to the module providing the name)."""
    found = []
    for a, targets in scan.runtime.adjacency():  # plain dicts: NetworkX's edge views cost more
        if a not in layers or a in exempt:
            continue
        for b, data in targets.items():
            if b in layers and b not in exempt and layers[a] < layers[b]:
                found.append(LayerViolation(a, b, layers[a], layers[b], data["path"], data["line"]))
    return tuple(sorted(found, key=lambda v: (v.path, v.line)))
