"""The import graph around one batch: what its verification compares, from the files it changed.

A batch changes a few files, but scanning the repository before and after it (a walk, a stat of
every file, every import resolved twice) costs what the repository's size
costs. The verification (:func:`codemods.verify_graph.graph_differences`) compares the graph after the
batch with the graph before relabelled by the batch's mapping; its answer depends only on the
importers whose edges can differ. :func:`around_batch` finds them and gives both sides restricted
to them, from the runner's :class:`Checkout` (the discovery and every file's facts, kept from batch
to batch: the import graph of the whole tree is never built):

* an import's resolution looks up dotted names (the imported module, ``base.name`` and ``base``)
  among the modules, the top-level names and the submodules packages shadow; a batch changes which
  names exist only for the modules it moved, created or deleted, and what is shadowed only through
  the package files it changed. So an importer whose file the batch did not change and whose imports
  name none of those words resolves as before, to modules the mapping does not relabel: its edges,
  unresolved imports and syntax errors are the same on both sides and drop out of the comparison;
* every other importer (its node: scripts of one name share one) is resolved before and after the
  batch with the code of the full scan (:func:`planner.graph.resolve_files`), from the facts the
  checkout had and the changed files read again.

When the batch changes the top-level names (a module created or moved at a source root: sympy's
first batch writes a ``conftest.py`` there), a file's facts depend on them only through the two
screens of its bytes (:func:`planner.read_facts.reference_filter`,
:func:`planner.dynamic_screen.dynamic_screen`), which a name the file's text does not hold cannot
change; and an import resolves differently only when it names one. So the files whose text holds a
changed name are read again, and the importers whose imports name one are compared, like the
batch's other words.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from codemods.workspace import FileChange
from planner.cached_facts import CachedFacts
from planner.config import Config
from planner.discover import Discovery, ModuleFile, rediscover
from planner.dynamic_screen import dynamic_screen
from planner.facts import FileFacts
from planner.graph import RepoScan, SyntaxProblem, resolve_files
from planner.read_facts import reference_filter
from planner.read_files import read_file
from planner.resolve import shadowed_submodules


@dataclass(frozen=True)
class Checkout:
    """The tree as the runner knows it between batches: its discovery and every file's facts."""

    found: Discovery
    facts: Mapping[str, FileFacts]  #: by repo-relative path (planner.cached_facts: taken from the cache when asked for)

    def files(self) -> list[ModuleFile]:
        return [*self.found.modules.values(), *self.found.scripts]


@dataclass(frozen=True)
class AroundBatch:
    before: RepoScan  #: the graph before, restricted to the importers the batch can affect
    after: RepoScan  #: the graph after, restricted the same way (every module of the tree listed)
    checkout: Checkout  #: the tree after the batch


def _side(
    checkout: Checkout,
    shadowed: dict[str, tuple[str, int, str]],
    importers: Collection[str],
    errors: Sequence[ModuleFile],
) -> RepoScan:
    """The scan of ``checkout`` (``shadowed``: its packages' shadowed submodules) restricted to the
    nodes ``importers``; the syntax errors of ``errors``."""
    found, facts = checkout.found, checkout.facts
    files = [f for f in checkout.files() if f.name in importers]
    resolved = resolve_files(files, facts, found.modules, found.top_level, shadowed, {})
    syntax = [SyntaxProblem(f.path, *error) for f in errors if (error := facts[f.path].syntax_error) is not None]
    return RepoScan(
        modules=found.modules,
        scripts=found.scripts,
        imports=resolved.edges,
        loads={},
        references=(),
        syntax_errors=tuple(sorted(syntax, key=lambda s: s.path)),
        unresolved=tuple(resolved.unresolved),
        facts=facts,
        top_level=found.top_level,
        shadowed=shadowed,
    )


def _mentions(file: ModuleFile, fact: FileFacts, words: set[str]) -> bool:
    """Whether one of ``file``'s imports looks up a dotted name ending in one of ``words``."""
    if fact.syntax_error is not None:
        return False
    for imp in fact.imports:
        if imp.name in words or not words.isdisjoint(imp.module.split(".")):
            return True
        if imp.level and not words.isdisjoint(file.package.split(".")):  # the base is the file's package
            return True
    return False


def around_batch(
    config: Config,
    checkout: Checkout,
    changes: Sequence[FileChange],
    mapping: Mapping[str, str],
    mentioning: Callable[[set[str]], Iterable[str]] | None = None,
    containing: Callable[[set[str]], Iterable[str]] | None = None,
) -> AroundBatch:
    """Both sides of the batch's verification, restricted to the importers it can affect.

    ``config.root``: the tree after the batch (the real one, or the workspace of a dry run);
    ``checkout``: the tree before it; ``mapping``: the batch's renames (old -> new module);
    ``mentioning``: the Python files whose text after the batch holds one of some words as a whole
    identifier (the workspace's prefilter: an import naming a word holds it), else every file's
    imports are looked at; ``containing``: those whose text holds one of some strings anywhere (asked
    only when the top-level names changed), else every file is read again then.
    """
    removed = {c.old_path for c in changes if c.old_path is not None and c.old_path != c.new_path}
    added = {c.new_path for c in changes if c.new_path is not None and c.new_path != c.old_path}
    written = {c.new_path for c in changes if c.new_path is not None}
    found = rediscover(config, checkout.found, removed, added)
    files = [*found.modules.values(), *found.scripts]
    listed = {f.path for f in files}
    tops = set(found.top_level ^ checkout.found.top_level)
    reread = written | (set(containing(tops) if containing is not None else listed) if tops else set())
    facts = CachedFacts.carried(checkout.facts, lambda path: path in listed and path not in reread)
    interesting, screen = reference_filter(found.top_level), dynamic_screen(found.top_level)
    for file in files:
        if file.path not in facts:
            facts.add(file.path, read_file(str(config.root), file.path, interesting, screen))
    after = Checkout(found, facts)
    old_by_path = {f.path: f.name for f in checkout.files()}
    new_by_path = {f.path: f.name for f in files}
    moved = [old_by_path[p] for p in removed if p in old_by_path] + [new_by_path[p] for p in added if p in new_by_path]
    shadowed_before = shadowed_submodules(checkout.found.modules, checkout.facts)
    shadowed_after = shadowed_submodules(found.modules, facts)
    words = {name.rpartition(".")[2] for name in [*moved, *(set(shadowed_before) ^ set(shadowed_after))]} | tops
    near = set(mentioning(words)) if mentioning is not None else listed
    near |= {f.path for f in files if not words.isdisjoint(f.package.split("."))}  # relative imports' base
    touched = {f.name for f in files if f.path in written or (f.path in near and _mentions(f, facts[f.path], words))}
    gone = {old_by_path[p] for p in removed | written if p in old_by_path}
    touched |= {mapping.get(u, u) for u in gone}
    importers = {f.name for f in checkout.files() if mapping.get(f.name, f.name) in touched} | gone
    changed = [f for f in files if f.path in written or f.name in touched]
    # the verification reports an error of ``changed`` whose path had none before: the errors of
    # the files before at those paths are all it needs (the other files' facts stay in the cache)
    paths = {f.path for f in changed}
    return AroundBatch(
        _side(checkout, shadowed_before, importers, [f for f in checkout.files() if f.path in paths]),
        _side(after, shadowed_after, touched, changed),
        after,
    )
