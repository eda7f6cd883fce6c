"""Workflow, layer and position of every module: the numbers that go into its V7 name.

- workflow: the first ``[workflows]`` glob that matches the module's path (all 1 when none is set);
- layer: the first ``[layers]`` glob, else from the graph: one above the highest layer it imports
  (leaves are layer 1), capped at the highest configured layer; a cycle shares one layer;
- index/total: the module's position within its workflow in dependency order (a module comes
  after what it imports; import cycles are ordered by path), ties broken by path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from planner.attribute_reads import kept_by_members
from planner.built_file_names import found_by_built_name
from planner.components import Components
from planner.config import FIXED_NAMES, Config
from planner.convention_contexts import Checkout
from planner.conventions import found_by_name
from planner.cython_pairs import compiled_with_declarations
from planner.directory_discovery import kept_by_discovery
from planner.globs import table_matcher
from planner.graph import RepoScan
from planner.handed_name_join import found_by_handed_name
from planner.linked_modules import kept_by_link
from planner.name_parts import kept_by_name_part
from planner.name_tail_plan import kept_by_name_tail
from planner.package_dir_imports import kept_by_package_dir
from planner.package_path import kept_by_package_path
from planner.pattern import base_name
from planner.pytest_files import collected_by_pytest, kept_reason, read_pythonpath
from planner.source_read import served_by_source_name
from planner.unittest_discovery import kept_by_unittest


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
    #: the adjacency lists and strongly connected components of the run-time module graph
    #: (``RepoScan.loads``) the placement was computed on
    components: Components
    #: exempt modules that keep their names only because a tool finds them by name: pytest collects them
    #: (``Config.python_files``) or a convention of planner/conventions.py applies (``setup.py``, a Django
    #: app's ``models.py``), with that reason; the others are exempt by name, by glob or as shims
    kept: Mapping[str, str] = field(default_factory=dict)


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
    # pytest finds a test module by its file name as it is now (a renamed one is no longer collected)
    tests = frozenset(
        name for name, m in modules.items() if name not in exempt and collected_by_pytest(config.python_files, m.path)
    )
    exempt |= tests
    reason = kept_reason(config.python_files, config.python_files_source)
    kept = dict.fromkeys(sorted(tests), reason)
    # a tool that finds a module by its file name (pip's setup.py, Django's <app>.models) no longer finds it renamed
    kept.update(found_by_name(Checkout(modules, scan.facts, scan.other_files), [n for n in modules if n not in exempt]))
    # Cython compiles a module with the .pxd of its name beside it: renamed alone, it loses its declarations
    kept.update(
        compiled_with_declarations(modules, scan.other_files, [n for n in modules if n not in exempt and n not in kept])
    )
    # a lazy importer that reads its package's source serves a submodule by the name the source spells
    kept.update(served_by_source_name(modules, scan.facts, [n for n in modules if n not in exempt and n not in kept]))
    # a file name the code builds around a value (vulture's ``name + "_whitelist.py"``) finds the module's file
    kept.update(
        found_by_built_name(modules, scan.facts, [n for n in modules if n not in exempt and n not in kept], config.root)
    )
    # a module whose name's last part the code reads (griffe's ``f"parse_{module.__name__.split('.')[-1]}"``)
    tails = kept_by_name_tail(config.root, (*modules.values(), *scan.scripts), scan.facts, modules)
    kept.update((n, why) for n, why in tails.items() if n not in exempt and n not in kept)
    # ... or a part between dots (django-debug-toolbar's ``panel_path.replace(".panel.", ".")``)
    kept.update(kept_by_name_part(modules, scan.facts, [n for n in modules if n not in exempt and n not in kept]))
    # ... or completes from a name a call hands it (falcon's ``util.load_module("raw_url_path", suffix=kind)``)
    handed = [n for n in modules if n not in exempt and n not in kept]
    kept.update(found_by_handed_name(modules, scan.facts, handed, config.root))
    # ... or imports by its bare name from its package's directory (execnet's ``import gateway_base`` in a script)
    kept.update(
        kept_by_package_dir(
            (*modules.values(), *scan.scripts),
            scan.facts,
            [n for n in modules if n not in exempt and n not in kept],
            read_pythonpath(config.root),  # pytest's ``pythonpath = pkg``
        )
    )
    # ... or lists its package's own directory (``pkgutil.iter_modules(__path__)``): the names are data, and a shim
    # would be a second copy the listing finds
    kept.update(
        kept_by_discovery(
            (*modules.values(), *scan.scripts),
            scan.facts,
            modules,
            [n for n in modules if n not in exempt and n not in kept],
        )
    )
    # ... or adds its directory to a package's ``__path__``: the module's import name is not the plan's
    kept.update(
        kept_by_package_path(
            modules.values(), scan.facts, modules, [n for n in modules if n not in exempt and n not in kept]
        )
    )
    # ... or runs unittest's discovery, which finds test modules by their file names as pytest does
    kept.update(
        kept_by_unittest(
            config.root,
            (*modules.values(), *scan.scripts),
            scan.facts,
            scan.other_files,
            modules,
            [n for n in modules if n not in exempt and n not in kept],
        )
    )
    # ... or lists its package's members by name (``inspect.getmembers(pkg, ismodule)``): the names are data
    kept.update(
        kept_by_members(
            (*modules.values(), *scan.scripts), scan.facts, [n for n in modules if n not in exempt and n not in kept]
        )
    )
    # a symlink inside the checkout is a module's file, or leads to one: Guardian never moves a link
    kept.update(
        kept_by_link(config.root, modules, [n for n in modules if n not in exempt and n not in kept], scan.dir_links)
    )
    exempt |= frozenset(kept)
    loads = scan.loads  # modules only, run-time edges, re-exports followed
    components = Components({name: loads.get(name, {}) for name in modules})
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
    # Layers from the graph alone put every module above what it imports (a cycle shares one):
    # no import can go up a layer, so the edges are walked only when a layer is configured.
    configured = any(source == "config" for _, source in layers.values())
    violations = _violations(scan, {n: layers[n][0] for n in layers}, exempt) if configured else ()
    return Assignment(placements, exempt, violations, components, kept)


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
    # the same layers).
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


def _violations(scan: RepoScan, layers: Mapping[str, int], exempt: frozenset[str]) -> tuple[LayerViolation, ...]:
    """Run-time imports of a higher layer (re-exports followed to the module providing the name)."""
    found = []
    for a, targets in scan.loads.items():
        if a not in layers or a in exempt:
            continue
        for b, (path, line) in targets.items():
            if b in layers and b not in exempt and layers[a] < layers[b]:
                found.append(LayerViolation(a, b, layers[a], layers[b], path, line))
    return tuple(sorted(found, key=lambda v: (v.path, v.line)))
