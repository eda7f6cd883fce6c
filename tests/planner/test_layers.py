"""Dependency order over shared strongly connected components equals the order computed on each
subgraph from scratch (NetworkX's components, then Kahn's algorithm on the smallest key)."""

from __future__ import annotations

import heapq
import random

import networkx as nx
import pytest

from planner.components import Components, strongly_connected


def reference_order(graph: nx.DiGraph, keys: dict[str, str], within: list[str]) -> list[list[str]]:
    sub = graph.subgraph(within)
    condensed = nx.condensation(sub)
    members = {c: sorted(condensed.nodes[c]["members"], key=keys.__getitem__) for c in condensed}
    waiting = {c: condensed.out_degree(c) for c in condensed}
    ready = [(keys[members[c][0]], c) for c in condensed if not waiting[c]]
    heapq.heapify(ready)
    order = []
    while ready:
        _, c = heapq.heappop(ready)
        order.append(members[c])
        for importer in condensed.predecessors(c):
            waiting[importer] -= 1
            if not waiting[importer]:
                heapq.heappush(ready, (keys[members[importer][0]], importer))
    return order


def random_graph(seed: int) -> tuple[random.Random, list[str], nx.DiGraph]:
    """Up to 60 modules and three times as many imports: cycles, self-imports, long chains."""
    rng = random.Random(seed)
    nodes = [f"m{i:03d}" for i in range(rng.randint(1, 60))]
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    for _ in range(rng.randint(0, 3 * len(nodes))):
        graph.add_edge(rng.choice(nodes), rng.choice(nodes))
    return rng, nodes, graph


@pytest.mark.parametrize("seed", range(20))
def test_components_of_parts_match_a_fresh_computation(seed: int):
    rng, nodes, graph = random_graph(seed)
    keys = {n: f"{rng.random():.12f}" for n in nodes}
    components = Components(graph.adj)
    assert components.leaves_first(keys) == reference_order(graph, keys, nodes)
    for _ in range(5):
        part = rng.sample(nodes, rng.randint(0, len(nodes)))
        assert components.leaves_first(keys, within=part) == reference_order(graph, keys, part)
        assert components.order(keys, within=part) == [m for c in reference_order(graph, keys, part) for m in c]


@pytest.mark.parametrize("seed", range(20))
def test_parts_made_of_whole_components_match_a_fresh_computation(seed: int):
    """A part that cuts no cycle takes the shared graph of components (no member is looked at)."""
    rng, nodes, graph = random_graph(seed)
    keys = {n: f"{rng.random():.12f}" for n in nodes}
    components = Components(graph.adj)
    for _ in range(5):
        chosen = [c for c in nx.strongly_connected_components(graph) if rng.random() < 0.6]
        part = [m for c in chosen for m in sorted(c)]
        rng.shuffle(part)
        assert components.leaves_first(keys, within=part) == reference_order(graph, keys, part)


@pytest.mark.parametrize("seed", range(10))
def test_without_keys_every_component_comes_after_what_it_imports(seed: int):
    _, nodes, graph = random_graph(seed)
    order = Components(graph.adj).leaves_first(None)
    assert sorted(map(sorted, order)) == sorted(sorted(c) for c in nx.strongly_connected_components(graph))
    position = {m: i for i, members in enumerate(order) for m in members}
    for a, b in graph.edges:
        assert position[b] <= position[a], (a, b)


@pytest.mark.parametrize("seed", range(10))
def test_depths_are_longest_import_chains_of_the_condensation(seed: int):
    """Layers from the graph alone: a component is one above the highest component it imports."""
    _, nodes, graph = random_graph(seed)
    components = Components(graph.adj)
    condensed = nx.condensation(graph)
    expected: dict[int, int] = {}
    for c in reversed(list(nx.topological_sort(condensed))):  # what a component imports comes first
        expected[c] = 1 + max((expected[d] for d in condensed.successors(c)), default=0)
    depth_of = {m: expected[condensed.graph["mapping"][m]] for m in nodes}
    for members, depth in zip(components.found, components.depths()):
        assert {depth_of[m] for m in members} == {depth}, members


@pytest.mark.parametrize("seed", range(20))
def test_strongly_connected_finds_networkx_components(seed: int):
    _, nodes, graph = random_graph(seed)
    found = strongly_connected({n: list(graph.successors(n)) for n in nodes})
    assert sorted(map(sorted, found)) == sorted(sorted(c) for c in nx.strongly_connected_components(graph))


def test_strongly_connected_follows_a_chain_longer_than_the_recursion_limit():
    chain = {f"m{i}": [f"m{i + 1}"] for i in range(5000)} | {"m5000": ["m0"]}
    assert [sorted(c) for c in strongly_connected(chain)] == [sorted(chain)]
    chain["m5000"] = []
    assert len(strongly_connected(chain)) == 5001
