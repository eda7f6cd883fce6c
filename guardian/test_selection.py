"""Which tests a batch can break, and a test's node id after the renames (the proof's selection: guardian/prove.py).

A batch is proved by the tests that import a renamed module, directly or through other modules, from the
import graph, and by the tests that start processes (which reach the checkout by paths no import shows); a node
id the baseline recorded is compared under the name the renames give it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

import networkx as nx

from codemods.base import Renames
from codemods.string_tokens import sub_tokens
from planner.graph import RepoScan
from planner.plan import Plan
from planner.reference_kinds import PROSE_KINDS

__all__ = ["affected_tests", "normalise"]


def _is_test(path: str) -> bool:
    name = path.rpartition("/")[2]
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py")


def affected_tests(
    scan: RepoScan,
    plan: Plan,
    renamed: Iterable[str],
    collected: Collection[str] = (),
    runner: Collection[str] = (),
    installed: Mapping[str, Collection[str]] | None = None,
) -> list[str] | None:
    """Test files that import a renamed module directly or transitively; ``None``: run the whole suite
    (a ``conftest.py`` is affected: every test under it is; so is every test when the test runner itself
    imports a renamed module, ``runner``: guardian/suite_runs.py's :func:`runner_imports`). A module that reaches a renamed one at run
    time by its path (a reference of the plan outside prose: a table of module paths, a computed import, a
    lazy table, discovery, ``mock.patch("pkg.mod.x")``) counts as importing it: Pygments' tests reach
    every lexer through ``get_lexer_by_name``, whose table in ``lexers/_mapping.py`` names the lexers'
    modules in strings. ``collected``: the files the baseline collected tests from, test files by
    pytest's rules though not by their names (a module's own doctests under ``--doctest-modules``: the
    renamed module itself). ``installed``: renamed module -> the top-level names of installed code of other
    distributions that imports it (guardian/installed_importers.py's ``packages``): a module of the checkout
    importing one of them (a test importing strawberry's FastAPI integration) reaches the renamed module too."""
    graph: nx.DiGraph = scan.graph
    names = {m.path: m.name for m in (*scan.modules.values(), *scan.scripts)}
    moved = {r.old: r.new for b in plan.batches for r in b.renames}  # a file an earlier batch renamed
    seeds = set(renamed)
    if seeds & set(runner):
        return None
    for rename in [r for b in plan.batches for r in b.renames if r.old_module in seeds]:
        for ref in rename.references:
            holder = names.get(ref.path) or names.get(moved.get(ref.path, ""))
            if holder is not None and ref.kind not in PROSE_KINDS:
                seeds.add(holder)
    reaching = {top for module in seeds & set(installed or {}) for top in (installed or {})[module]}
    for path, facts in scan.facts.items() if reaching else ():
        holder = names.get(path)
        if holder is not None and any(i.level == 0 and i.module.partition(".")[0] in reaching for i in facts.imports):
            seeds.add(holder)  # ``from strawberry.fastapi import GraphQLRouter``: installed code imports the module
    affected: set[str] = set(seeds)
    for seed in seeds:
        if seed in graph:
            affected |= nx.ancestors(graph, seed)
    paths = {name: path for path, name in names.items()}
    files = sorted(
        {paths[n] for n in affected if n in paths and (_is_test(paths[n]) or paths[n] in collected)}
        | _starting_processes(scan, collected)
    )
    if any(f.rpartition("/")[2] == "conftest.py" for f in files):
        return None
    return files


def _starting_processes(scan: RepoScan, collected: Collection[str]) -> set[str]:
    """The test files (not conftests: those would select the whole suite) that start processes: a test running
    ``python -m pkg.worker``, ``make all`` or ``sphinx-build -W`` reaches the checkout by paths no import shows
    (a Makefile's, a docs page's), so it proves every batch (breaker B21: such a test, selected by no import,
    failed after an apply its proof had passed)."""
    return {
        path
        for path, facts in scan.facts.items()
        if (_is_test(path) or path in collected)
        and path.rpartition("/")[2] != "conftest.py"
        and any(i.level == 0 and i.module.partition(".")[0] in _PROCESS_MODULES for i in facts.imports)
    }


#: Modules whose importers may start a process: ``subprocess``, and pexpect's spawning of a command
_PROCESS_MODULES = frozenset({"subprocess", "pexpect"})


def normalise(test: str, renames: Renames, paths: Mapping[str, str]) -> str:
    """A node id after the renames: its file's new path, module names inside parameter ids rewritten."""
    file, sep, rest = test.partition("::")
    return paths.get(file, file) + sep + (sub_tokens(rest, renames) if rest else "")
