"""Cut the renames into batches: leaves of the dependency order first, ``batch_size`` each, and the
renames that swap names (a chain or cycle: one's target is another's source) kept in one batch."""

from __future__ import annotations

from networkx.utils import UnionFind

from planner.components import Components
from planner.config import Config
from planner.graph import RepoScan
from planner.plan import Batch, Rename


def make_batches(
    config: Config, scan: RepoScan, components: Components, renames: list[Rename], first: int = 1
) -> tuple[Batch, ...]:
    """Leaves first, ``batch_size`` renames each; renames that swap names stay in one batch."""
    if not renames:
        return ()
    modules = scan.modules
    order = {m: i for i, m in enumerate(components.order({m: modules[m].path for m in components.successors}))}
    ordered = sorted(renames, key=lambda r: (order.get(r.old_module, 0), r.old))
    groups = _swap_groups(ordered)
    paths = {m.name: m.path for m in (*modules.values(), *scan.scripts)}
    batches: list[Batch] = []
    current: list[Rename] = []
    for group in groups:
        if current and len(current) + len(group) > config.batch_size:
            batches.append(_batch(first + len(batches), current, paths))
            current = []
        current.extend(group)
    if current:
        batches.append(_batch(first + len(batches), current, paths))
    return tuple(batches)


def _swap_groups(renames: list[Rename]) -> list[list[Rename]]:
    """Chains and cycles of renames (one's target is another's source) as single units, in the
    order of their first rename; every other rename is a unit of its own."""
    by_old = {r.old: r for r in renames}
    sets: UnionFind = UnionFind()  # only the paths of chains: most renames are in none
    for rename in renames:
        if rename.new in by_old:
            sets.union(rename.new, rename.old)
    chained = {path for r in renames if r.new in by_old for path in (r.new, r.old)}
    groups: dict[str, list[Rename]] = {}
    for rename in renames:
        groups.setdefault(sets[rename.old] if rename.old in chained else rename.old, []).append(rename)
    return list(groups.values())


def _batch(batch_id: int, renames: list[Rename], paths: dict[str, str]) -> Batch:
    """A batch and the files it touches; ``paths``: the path of every module and script by name."""
    files: set[str] = set()
    for rename in renames:
        files.update((rename.old, rename.new))
        files.update(c for pair in rename.companions for c in pair)
        files.update(paths[i] for i in rename.importers if i in paths)
        files.update(r.path for r in rename.references)
    return Batch(batch_id, tuple(renames), tuple(sorted(files)))
