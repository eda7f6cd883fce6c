"""The import graph as plain data for other tools and the HTML report, and as DOT or Mermaid text.

Pure: built from a scan, its audit and (optionally) a plan. Nodes are the checkout's modules,
each with its workflow, layer, position, batch and compliance; edges are the run-time imports
(the ones layers and cycles are computed on), each marked when it breaks a layer rule or lies on
an import cycle.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from planner.convention import Audit
from planner.graph import RepoScan

#: Batch fill colours (colour-blind-safe Okabe-Ito tones, light), cycled past eight batches.
BATCH_COLOURS = ("#9ecae9", "#f4b183", "#a9d18e", "#ffd966", "#c9a0dc", "#8fd3c7", "#f2a7b8", "#c0c0c0")
NO_BATCH_COLOUR = "#ffffff"
VIOLATION_COLOUR = "#d62728"
CYCLE_COLOUR = "#ff7f0e"


@dataclass(frozen=True)
class Node:
    module: str
    path: str
    workflow: int | None  #: None: exempt, or no workflow glob matched
    layer: int | None  #: None: exempt
    index: int
    total: int
    exempt: bool
    compliant: bool
    reason: str
    batch: int | None = None  #: the plan's batch renaming it, if any
    new_module: str | None = None  #: the plan's target name
    risks: tuple[str, ...] = ()
    importers: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "module": self.module,
            "path": self.path,
            "workflow": self.workflow,
            "layer": self.layer,
            "index": self.index,
            "total": self.total,
            "exempt": self.exempt,
            "compliant": self.compliant,
            "reason": self.reason,
            "batch": self.batch,
            "new_module": self.new_module,
            "risks": list(self.risks),
            "importers": list(self.importers),
            "imports": list(self.imports),
        }


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    path: str
    line: int
    violation: bool = False  #: a lower layer imports a higher one
    cycle: bool = False  #: both ends lie on one import cycle

    def to_json(self) -> dict[str, Any]:
        return {
            "importer": self.importer,
            "imported": self.imported,
            "path": self.path,
            "line": self.line,
            "violation": self.violation,
            "cycle": self.cycle,
        }


@dataclass(frozen=True)
class GraphData:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    cycles: tuple[tuple[str, ...], ...] = ()
    batches: tuple[int, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "nodes": [n.to_json() for n in self.nodes],
            "edges": [e.to_json() for e in self.edges],
            "cycles": [list(c) for c in self.cycles],
            "batches": list(self.batches),
        }


@dataclass(frozen=True)
class PlannedRename:
    """What the graph shows of a plan's rename (``planner.plan.Rename`` has these fields)."""

    batch: int
    old_module: str
    new_module: str
    risks: tuple[str, ...] = ()


def _exempt_reason(audited: Audit, module: str) -> str:
    kept = audited.assignment.kept.get(module)
    return f"exempt: {kept}" if kept else "exempt"


def export(scan: RepoScan, audited: Audit, renames: Mapping[str, PlannedRename] | None = None) -> GraphData:
    """The graph of ``scan``, placed by ``audited``; ``renames``: the plan's renames by module
    (old or new name), to colour nodes by batch."""
    renames = renames or {}
    placements = audited.assignment.placements
    verdicts = {v.module: v for v in audited.verdicts}
    runtime = scan.runtime
    cycles = tuple(tuple(group) for group in scan.cycles())
    cycle_of = {m: i for i, group in enumerate(cycles) for m in group}
    violations = {(v.importer, v.imported) for v in audited.assignment.violations}
    nodes = []
    for name in sorted(scan.modules):
        module = scan.modules[name]
        placement = placements.get(name)
        verdict = verdicts.get(name)
        rename = renames.get(name)
        nodes.append(
            Node(
                module=name,
                path=module.path,
                workflow=placement.workflow if placement else None,
                layer=placement.layer if placement else None,
                index=placement.index if placement else 0,
                total=placement.total if placement else 0,
                exempt=placement is None,
                compliant=verdict.compliant if verdict else True,
                reason=verdict.reason if verdict else _exempt_reason(audited, name),
                batch=rename.batch if rename else None,
                new_module=rename.new_module if rename and rename.new_module != name else None,
                risks=rename.risks if rename else (),
                importers=tuple(sorted(runtime.predecessors(name))),
                imports=tuple(sorted(runtime.successors(name))),
            )
        )
    edges = []
    for importer, targets in runtime.adjacency():
        for imported, data in targets.items():
            on_cycle = importer in cycle_of and cycle_of[importer] == cycle_of.get(imported)
            edges.append(
                Edge(
                    importer,
                    imported,
                    str(data["path"]),
                    int(data["line"]),
                    (importer, imported) in violations,
                    on_cycle,
                )
            )
    edges.sort(key=lambda e: (e.importer, e.imported))
    batches = tuple(sorted({r.batch for r in renames.values()}))
    return GraphData(tuple(nodes), tuple(edges), cycles, batches)


def batch_colour(batch: int | None, batches: tuple[int, ...]) -> str:
    if batch is None or batch not in batches:
        return NO_BATCH_COLOUR
    return BATCH_COLOURS[batches.index(batch) % len(BATCH_COLOURS)]


def _group(node: Node) -> str:
    return "exempt" if node.exempt else ("no workflow" if node.workflow is None else f"workflow {node.workflow}")


def _label(node: Node) -> str:
    base = node.module.rpartition(".")[2]
    if node.exempt:
        return base if base != node.module else node.module
    batch = f" B{node.batch}" if node.batch is not None else ""
    return f"{base} (L{node.layer}{batch})"


def to_dot(data: GraphData) -> str:
    """Graphviz DOT: one cluster per workflow, layers left to right, batches as fill colours,
    layer violations red, cycle edges orange."""

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["digraph imports {", "  rankdir=LR;", '  node [shape=box, style="rounded,filled", fontname="Helvetica"];']
    groups: dict[str, list[Node]] = {}
    for node in data.nodes:
        groups.setdefault(_group(node), []).append(node)
    for number, (group, members) in enumerate(sorted(groups.items(), key=lambda g: _group_key(g[0]))):
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f"    label={quote(group)};")
        for node in members:
            colour = batch_colour(node.batch, data.batches)
            border = ', color="#d62728", penwidth=2' if not node.compliant and not node.exempt else ""
            tooltip = f"{node.path}: {node.reason}"
            lines.append(
                f"    {quote(node.module)} [label={quote(_label(node))}, fillcolor={quote(colour)}, "
                f"tooltip={quote(tooltip)}{border}];"
            )
        lines.append("  }")
    for edge in data.edges:
        attrs = []
        if edge.violation:
            attrs.append(f'color="{VIOLATION_COLOUR}", penwidth=2, label="layer"')
        elif edge.cycle:
            attrs.append(f'color="{CYCLE_COLOUR}", style=dashed')
        lines.append(
            f"  {quote(edge.importer)} -> {quote(edge.imported)}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _group_key(group: str) -> tuple[int, int]:
    if group.startswith("workflow "):
        return (0, int(group.split()[1]))
    return (1, 0 if group == "no workflow" else 1)


_MERMAID_ID = re.compile(r"[^A-Za-z0-9_]")


def to_mermaid(data: GraphData) -> str:
    """Mermaid ``flowchart``: one subgraph per workflow, a class per batch, layer violations as
    labelled dotted arrows, cycle edges as thick arrows."""
    ids = {node.module: "m_" + _MERMAID_ID.sub("_", node.module) for node in data.nodes}
    lines = ["flowchart LR"]
    for position, batch in enumerate(data.batches):
        colour = BATCH_COLOURS[position % len(BATCH_COLOURS)]
        lines.append(f"  classDef batch{batch} fill:{colour},stroke:#333")
    lines.append(f"  classDef noncompliant stroke:{VIOLATION_COLOUR},stroke-width:2px")
    groups: dict[str, list[Node]] = {}
    for node in data.nodes:
        groups.setdefault(_group(node), []).append(node)
    for number, (group, members) in enumerate(sorted(groups.items(), key=lambda g: _group_key(g[0]))):
        lines.append(f'  subgraph g{number}["{group}"]')
        for node in members:
            label = _label(node).replace('"', "'")
            lines.append(f'    {ids[node.module]}["{label}"]')
        lines.append("  end")
    for edge in data.edges:
        if edge.importer not in ids or edge.imported not in ids:
            continue
        arrow = "-. layer .->" if edge.violation else ("==>" if edge.cycle else "-->")
        lines.append(f"  {ids[edge.importer]} {arrow} {ids[edge.imported]}")
    for node in data.nodes:
        if node.batch is not None:
            lines.append(f"  class {ids[node.module]} batch{node.batch}")
        if not node.compliant and not node.exempt:
            lines.append(f"  class {ids[node.module]} noncompliant")
    return "\n".join(lines) + "\n"
