"""The strongly connected components of an import graph and the dependency orders of them.

A module's layer and its place in its workflow's order are computed on the components of the
run-time graph (a cycle shares one layer; its members are ordered by key), found once for the whole
graph and shared by every ordering of it or of a part of it (planner/layers.py, planner/batching.py).
The graph is plain adjacency lists (planner/graph.py keeps the edges so): the components are found
by Tarjan's algorithm on them, without building a NetworkX graph, which cost more than all the
rest (tests/planner/test_layers.py checks every result against NetworkX's).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping


def strongly_connected(successors: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of the graph ``successors`` (node -> the nodes it has an
    edge to, every one of them a node too): Tarjan's algorithm, with a stack of its own instead of
    recursion (an import chain can be longer than the interpreter's recursion limit)."""
    index: dict[str, int] = {}  #: the order nodes were reached in
    low: dict[str, int] = {}  #: the lowest index reachable from a node's subtree, through the stack
    stack: list[str] = []  #: reached nodes whose component is not complete yet
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in successors:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        walk = [(root, iter(successors[root]))]
        while walk:
            node, targets = walk[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    walk.append((target, iter(successors[target])))
                    break
                if target in on_stack and index[target] < low[node]:
                    low[node] = index[target]
            else:  # every edge of ``node`` followed
                walk.pop()
                if walk and low[node] < low[walk[-1][0]]:
                    low[walk[-1][0]] = low[node]
                if low[node] == index[node]:  # the root of a component: the stack down to ``node``
                    component = []
                    member = ""
                    while member != node:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                    found.append(component)
    return found


class Components:
    """A graph's adjacency lists and its strongly connected components, found once and shared by every ordering of it or of a part of
    it: a cycle inside a part is a cycle of the whole graph, so a part's components are those of
    each whole component's share of the part (most shares have one member: nothing to compute).

    The components' own graph (which components each one imports) is built once too: a part made
    of whole components has the same graph restricted to them."""

    def __init__(self, successors: Mapping[str, Iterable[str]]) -> None:
        """``successors``: every node of the graph -> the nodes it has an edge to."""
        self.successors: dict[str, list[str]] = {node: list(targets) for node, targets in successors.items()}
        self.found = strongly_connected(self.successors)
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
                members = set(share)
                found += strongly_connected({m: [t for t in part[m] if t in members] for m in share})
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
