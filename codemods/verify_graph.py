"""Graph verification of a batch: the import graph after must be the graph before, relabelled.

This is what catches the silent misses (an optional import whose ``except ImportError`` hides
it, anchor T02): after a batch, every edge of the graph before must exist with its renamed
endpoints, no edge may appear, and no import may stop resolving. Then every touched Python file
must compile (``compile()`` in process: the same check as ``python -m compileall`` without
writing ``__pycache__`` into the repository).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from concurrent.futures import Executor
from pathlib import Path

from planner.facts import FileFacts
from planner.graph import RepoScan
from planner.python_source import compile_error
from planner.scan import FactsCache


class MemoryFacts:
    """``planner.scan.FactsCache`` in memory, for one run: the scan after a batch re-parses only the
    files the batch changed (the others hit by their stat digest).

    ``behind``: the persistent cache ``guardian plan`` filled (``.guardian/cache/facts.json``):
    looked up on a miss and given every new entry, so the scan before the first batch reads only
    the files changed since the plan, not the whole repository.
    """

    def __init__(self, behind: FactsCache | None = None) -> None:
        self._facts: dict[bytes, FileFacts] = {}
        self.behind = behind

    def lookup(self, digest: bytes) -> FileFacts | None:
        found = self._facts.get(digest)
        if found is None and self.behind is not None:
            found = self.behind.lookup(digest)
        return found

    def contains(self, digest: bytes) -> bool:
        return digest in self._facts or (self.behind is not None and self.behind.contains(digest))

    def store(self, digest: bytes, facts: FileFacts) -> None:
        self._facts[digest] = facts
        if self.behind is not None:
            self.behind.store(digest, facts)


def _edges(scan: RepoScan, mapping: Mapping[str, str]) -> set[tuple[str, str]]:
    return {(mapping.get(u, u), mapping.get(v, v)) for u, targets in scan.imports.items() for v in targets}


def _renamed_target(target: str, mapping: Mapping[str, str]) -> tuple[str, str | None]:
    """``target`` with its longest renamed module prefix replaced, and that module (None when none is): an import
    below a renamed module that no file serves (bottle's ``import bottle.ext.test``, a virtual package its
    meta-path finder registers under the module's ``__name__``) did not resolve before and does not after, by the
    new name; Rope rewrote it."""
    head, rest = target, ""
    while head:
        if head in mapping:
            return mapping[head] + rest, head
        head, _, tail = head.rpartition(".")
        rest = f".{tail}{rest}"
    return target, None


def _binding_only(after: RepoScan, importer: str, imported: str) -> bool:
    """Does ``importer`` import ``imported`` only on Guardian's compatibility binding lines (``from . import
    WF1_sub as sub  # guardian-binding: ...``, codemods/old_name_bindings.py)? A package that loaded the
    submodule through another one (asttokens' ``util``) then names it itself: no change of the graph."""
    records = after.imports.get(importer, {}).get(imported) or []
    for record in records:
        facts = after.facts.get(str(record["path"]))
        bound = facts.bound_names if facts is not None else {}
        if not any(name.startswith("binding:") and line == record["line"] for name, line in bound.items()):
            return False
    return bool(records)


def graph_differences(
    before: RepoScan,
    after: RepoScan,
    mapping: Mapping[str, str],
    shims: Mapping[str, str] | None = None,
    shadowed: Collection[str] = (),
) -> list[str]:
    """What differs between ``after`` and ``before`` relabelled by ``mapping`` (old -> new module).

    Args:
        before: the scan before the batch.
        after: the scan after it.
        mapping: every rename of the batch.
        shims: old module -> new module for the re-exporting modules left at old paths.
        shadowed: submodules their package shadows: ``from pkg import name`` gives the package's object,
            so an importer's edge may rightly point at the package after the rename (the graph before
            named the submodule by its spelling alone).

    Returns:
        One line per lost edge, added edge, new unresolved import, new syntax error or missing module.
    """
    shims = dict(shims or {})
    problems: list[str] = []
    expected = _edges(before, mapping)
    # the ``conftest.py`` a batch creates for pytest's ``collect_ignore`` (codemods/collect_ignore.py) is a
    # new top-level module ``conftest``: a test's ``from conftest import x`` (its own, werkzeug) now finds it
    created = {
        name
        for name, module in after.modules.items()
        if name not in before.modules and module.path.rpartition("/")[2] == "conftest.py"
    }
    actual = {
        (u, v)
        for u, v in _edges(after, {})
        if u not in shims and v not in created and ((u, v) in expected or not _binding_only(after, u, v))
    }
    for old in set(shadowed) & set(mapping):
        parent = old.rpartition(".")[0]
        for u, v in sorted(expected):
            if v == mapping[old] and (u, parent) in actual:
                expected.add((u, parent))  # ``from pkg import name``: the package's object, rightly
                if (u, v) not in actual:
                    expected.discard((u, v))
    for old, new in shims.items():
        if new not in after.imports.get(old, {}):
            problems.append(f"shim {old} does not import {new}")
    for u, v in sorted(expected - actual):
        problems.append(f"lost import edge {u} -> {v}")
    for u, v in sorted(actual - expected):
        detail = ""
        records = after.imports.get(u, {}).get(v) or []
        if records:
            detail = f" ({records[0]['path']}:{records[0]['line']})"
        problems.append(f"new import edge {u} -> {v}{detail}")
    for new in mapping.values():
        if new not in after.modules:
            problems.append(f"module {new} does not exist after the batch")
    for old in mapping:
        if old in after.modules and old not in shims and old not in set(mapping.values()):
            problems.append(f"module {old} still exists after the batch")
    was: Counter[tuple[str, str]] = Counter()
    for unresolved in before.unresolved:
        importer = mapping.get(unresolved.importer, unresolved.importer)
        target, below = _renamed_target(unresolved.target, mapping)
        was[importer, target] += 1
        if below in shims and target != unresolved.target:  # its old path still imports: the spelling may stay
            was[importer, unresolved.target] += 1  # (pytest's ``from py.path import local``; ``py.py`` serves it)
    now = Counter((u.importer, u.target) for u in after.unresolved)
    for (importer, target), count in sorted((now - was).items()):
        where = next(
            (f"{u.path}:{u.line}" for u in after.unresolved if u.importer == importer and u.target == target), importer
        )
        problems.append(f"{where}: import of {target} no longer resolves" + (f" ({count}x)" if count > 1 else ""))
    old_errors = {e.path for e in before.syntax_errors}
    for error in after.syntax_errors:
        if error.path not in old_errors:
            problems.append(f"{error.path}:{error.line}: syntax error after the batch: {error.message}")
    return problems


def _compile_one(root: str, path: str) -> str | None:
    try:
        source = (Path(root) / path).read_bytes()
    except OSError as exc:
        return f"{path}: does not compile: {exc}"
    error = compile_error(source, path)
    return None if error is None else error.replace(": ", ": does not compile: ", 1)


def compile_errors(
    root: Path,
    paths: Iterable[str],
    *,
    pool: Executor | None = None,
    before: Mapping[str, bytes | None] | None = None,
    python: Collection[str] = (),
) -> list[str]:
    """Compile each ``.py`` file of ``paths``, and those of ``python`` (scripts without a suffix: ``bin/mytool``),
    in ``pool``'s workers when there are many; one message per failure. ``before``: each path's bytes before the batch; a file that did not compile then either is
    no failure of the batch (alembic 1.20's ``tools/write_pyi.py`` uses Python 3.12's f-strings, which the
    3.11 running Guardian cannot compile: the batch rewrote a string in it and was rolled back)."""
    files = sorted(p for p in set(paths) if (p.endswith(".py") or p in python) and (root / p).exists())
    if pool is not None and len(files) > 200:
        results = list(pool.map(_compile_one, [str(root)] * len(files), files, chunksize=50))
    else:
        results = [_compile_one(str(root), p) for p in files]
    return [
        r
        for path, r in zip(files, results, strict=True)
        if r and not (before is not None and (old := before.get(path)) is not None and compile_error(old, path))
    ]
