"""The import graph of a checkout (NetworkX) and every reference to its modules.

``scan_repo`` reads each file once, resolves every import against the checkout's own modules
(relative imports, packages, namespace packages, several source roots) and returns a
:class:`RepoScan`: the graph, the string and configuration references, the syntax errors and
the imports that resolve to no module. It never imports the code it reads.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import networkx as nx

from planner.config import Config
from planner.discover import Discovery, ModuleFile, discover
from planner.imports import (FileFacts, ImportFact, ScanTarget, climbs_above, extract, facts_from_import_lines,
                             import_lines, plain, reference_filter, reference_parts)

#: Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 400


@dataclass(frozen=True)
class Reference:
    """A mention of a module path outside an import statement."""

    path: str
    line: int
    kind: str
    text: str
    module: str = ""  #: the module it resolves to

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "kind": self.kind, "text": self.text, "module": self.module}


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
    graph: nx.DiGraph
    #: modules only, edges that exist at run time (not only under TYPE_CHECKING), no attributes; a
    #: name a package re-exports from one of its modules counts as a dependency on that module
    runtime: nx.DiGraph
    references: tuple[Reference, ...]
    syntax_errors: tuple[SyntaxProblem, ...]
    unresolved: tuple[Unresolved, ...]
    facts: Mapping[str, FileFacts] = field(repr=False)  #: by repo-relative path
    top_level: frozenset[str] = frozenset()
    #: submodule -> (package __init__ path, line, how): ``pkg/__init__.py`` binds the submodule's
    #: name to another object (sympy's ``from .sympify import sympify``), so ``from pkg import x``
    #: gets that object and depends on the package, not on the submodule.
    shadowed: Mapping[str, tuple[str, int, str]] = field(default_factory=dict)

    def module_at(self, path: str) -> ModuleFile | None:
        for module in self.modules.values():
            if module.path == path:
                return module
        return None

    def importers(self, module: str) -> list[str]:
        """Modules and scripts whose imports reach ``module`` directly, sorted."""
        if module not in self.graph:
            return []
        return sorted(self.graph.predecessors(module))

    def cycles(self) -> list[list[str]]:
        """Every run-time import cycle (a strongly connected group of two or more modules), sorted.
        Imports only under TYPE_CHECKING are left out: they never run, and the layers ignore them too."""
        groups = [sorted(c) for c in nx.strongly_connected_components(self.runtime) if len(c) > 1]
        return sorted(groups)


ProgressFn = Callable[[int, int], None]
#: Bump when FileFacts or the extraction changes: cached facts of another version are ignored.
FACTS_VERSION = b"facts-5"


class FactsCache(Protocol):
    """A port: facts of files already parsed, keyed by a digest of their path and stat (guardian/cache.py)."""

    def lookup(self, digest: bytes) -> FileFacts | None: ...

    def store(self, digest: bytes, facts: FileFacts) -> None: ...


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: scanning and planning allocate hundreds of thousands of
    acyclic objects, and its passes over them only cost time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def scan_repo(config: Config, *, jobs: int = 1, progress: ProgressFn | None = None,
              cache: FactsCache | None = None) -> RepoScan:
    """Discover, parse and resolve the whole checkout.

    Args:
        config: the configuration (source roots name the modules).
        jobs: worker processes for parsing; 1 parses in this process.
        progress: called with (done, total) while files are parsed.
        cache: facts of unchanged files (by content digest) are taken from it instead of re-parsed.

    Raises:
        InputError: the repository or a source root does not exist.
    """
    with paused_gc():
        return _scan(config, jobs, progress, cache)


def _scan(config: Config, jobs: int, progress: ProgressFn | None, cache: FactsCache | None) -> RepoScan:
    found = discover(config)
    files = [*(m for m in found.modules.values()), *found.scripts]
    interesting = reference_filter(found.top_level)
    facts: dict[str, FileFacts] = {}
    digests: dict[str, bytes] = {}
    if cache is not None:
        salt = hashlib.blake2b(FACTS_VERSION + interesting, digest_size=32).digest()
        for file in files:
            # Keyed by the file's identity and change times, as mypy and ruff key theirs: a write
            # always moves ctime (nanoseconds), so an edited file is never served stale, and an
            # unchanged one is not even read.
            try:
                info = os.stat(config.root / file.path)
            except OSError:
                continue
            identity = f"{file.path}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}"
            digest = hashlib.blake2b(identity.encode("utf-8", "surrogateescape"), digest_size=20, key=salt).digest()
            hit = cache.lookup(digest)
            if hit is not None:
                facts[file.path] = FileFacts(file.path, hit.imports, hit.strings, hit.bound_names, hit.dunder_all,
                                             hit.other_names, hit.syntax_error, hit.shim)
            else:
                digests[file.path] = digest
    missing = [f for f in files if f.path not in facts]
    parsed = _parse_all(config.root, missing, interesting, found.top_level, jobs=jobs, progress=progress)
    if cache is not None:
        for path, result in parsed.items():
            if path in digests:
                cache.store(digests[path], result)
    facts.update(parsed)
    return _assemble(config.root, found, files, facts)


def read_bytes(path: str) -> bytes:
    """The whole file, with plain system calls: ``open()``'s buffered reader costs twice as much for
    the small files a checkout is made of.

    Raises:
        OSError: it cannot be opened or read.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        parts: list[bytes] = []
        while True:
            chunk = os.read(descriptor, 1 << 16)  # below malloc's mmap threshold: a cheap allocation
            if not chunk:
                return b"".join(parts) if len(parts) != 1 else parts[0]
            parts.append(chunk)
    finally:
        os.close(descriptor)


def _read_and_extract(root: str, path: str, interesting: bytes, source: bytes | None = None) -> FileFacts:
    if source is None:
        try:
            with open(os.path.join(root, path), "rb") as handle:
                source = handle.read()
        except OSError as exc:
            result = FileFacts(path)
            result.syntax_error = (0, f"cannot read: {exc.strerror}")
            return result
    return extract(source, path, interesting)


def _extract_chunk(root: str, paths: list[str], interesting: bytes) -> list[FileFacts]:
    gc.disable()
    return [_read_and_extract(root, p, interesting) for p in paths]


def _parse_all(root: Path, files: list[ModuleFile], interesting: bytes, top_level: frozenset[str], *, jobs: int,
               progress: ProgressFn | None) -> dict[str, FileFacts]:
    """Parse every file once: plain files through grimp's Rust scanner (:func:`fast_facts`), the
    rest with ``ast``; a large checkout split in two halves, one in a forked child (:func:`_forked_halves`)."""
    if jobs > 1 and len(files) >= PARALLEL_THRESHOLD and _fork_safe():
        halves = _forked_halves(root, files, interesting, top_level, progress)
        if halves is not None:
            return halves
    return _parse_serial(root, files, interesting, top_level, jobs=jobs, progress=progress)


def _fork_safe() -> bool:
    """Whether this process may fork a child that runs grimp's scanner: only while it has a single
    thread. The scanner starts a thread pool on its first run, and a forked copy of the process has
    the pool's state but not its threads (its first scan would wait on them for ever)."""
    if not hasattr(os, "fork"):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _forked_halves(root: Path, files: list[ModuleFile], interesting: bytes, top_level: frozenset[str],
                   progress: ProgressFn | None) -> dict[str, FileFacts] | None:
    """The facts of ``files``, the second half found by a forked child while this process finds
    the first: the per-file Python work (reading, screens, facts from import lines, ``ast``) is
    most of a scan and runs on one core per process, so the two halves overlap on two cores. The
    child's facts come back pickled through a pipe. None when the child cannot be started."""
    split = len(files) * 9 // 20  # the child also pickles its facts: a little less for it
    mine, theirs = files[split:], files[:split]
    modules = {f.name for f in files if f.source_root is not None}
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    try:
        child = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        status = 1
        try:
            os.close(reader)
            data = pickle.dumps(_parse_serial(root, theirs, interesting, top_level, jobs=1, progress=None, modules=modules),
                                protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(writer, view):]
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    try:
        results = _parse_serial(root, mine, interesting, top_level, jobs=1, progress=None, modules=modules)
        chunks: list[bytes] = []
        while True:
            chunk = os.read(reader, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(reader)
        _, status = os.waitpid(child, 0)
    theirs_facts: dict[str, FileFacts] | None = None
    if status == 0:
        try:
            theirs_facts = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - a child that failed half-way: its half is parsed here
            theirs_facts = None
    if theirs_facts is None:
        theirs_facts = _parse_serial(root, theirs, interesting, top_level, jobs=1, progress=None, modules=modules)
    theirs_facts.update(results)  # in the order of ``files``' halves
    if progress:
        progress(len(files), len(files))
    return theirs_facts


def _parse_serial(root: Path, files: list[ModuleFile], interesting: bytes, top_level: frozenset[str], *, jobs: int,
                  progress: ProgressFn | None, modules: set[str] | None = None) -> dict[str, FileFacts]:
    sources, results = fast_facts(root, files, top_level, modules)
    paths = [f.path for f in files if f.path not in results]
    total = len(files)
    if progress and results:
        progress(len(results), total)
    if jobs > 1 and len(paths) >= PARALLEL_THRESHOLD:
        size = max(50, len(paths) // (jobs * 4))
        chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for chunk_facts in pool.map(_extract_chunk, [str(root)] * len(chunks), chunks,
                                        [interesting] * len(chunks)):
                for item in chunk_facts:
                    results[item.path] = item
                if progress:
                    progress(len(results), total)
    else:
        for number, path in enumerate(paths, start=1):
            results[path] = _read_and_extract(str(root), path, interesting, sources.pop(path, None))
            if progress and number % 50 == 0:
                progress(total - len(paths) + number, total)
    if progress:
        progress(total, total)
    return results


def fast_facts(root: Path, files: list[ModuleFile], top_level: frozenset[str], modules: set[str] | None = None,
               ) -> tuple[dict[str, bytes], dict[str, FileFacts]]:
    """The facts of every plain file (planner/imports.py) from the import lines grimp's scanner
    finds, and the text of every file read (the others are extracted from it, not read again).
    ``modules``: the names of every module of the checkout when ``files`` is only part of it.

    (The scanner is not run in a thread beside the screens: it holds the GIL while it reads its
    arguments and builds its results, and a thread gained no more than the forked halves do.)"""
    references = reference_parts(top_level)
    sources: dict[str, bytes] = {}
    targets: list[ScanTarget] = []
    if modules is None:
        modules = {f.name for f in files if f.source_root is not None}
    base = os.path.join(str(root), "")  # joined as a str: os.path.join on a Path converts it on every call
    for file in files:
        try:
            raw = read_bytes(base + file.path)
        except OSError:
            continue  # extract reports it
        sources[file.path] = raw
        target = _scan_target(root, file, modules)
        if target is None or not plain(raw, references):
            continue
        # grimp resolves relative imports by itself and fails on one climbing above the top level
        if b"from" in raw and climbs_above(raw, file.name.count(".") + 1):
            continue
        targets.append(target)
    results: dict[str, FileFacts] = {}
    for path, lines in import_lines(str(root), targets).items():
        facts = facts_from_import_lines(sources[path], path, lines)
        if facts is not None:
            results[path] = facts
            del sources[path]
    return sources, results


def _scan_target(root: Path, file: ModuleFile, modules: set[str]) -> ScanTarget | None:
    """Where grimp finds ``file`` by its name, or None: packages (their bindings need the AST) and
    files whose name does not lead back to their path (or is another file's) are not scanned."""
    if file.is_package or not file.path.isascii():
        return None
    top = file.name.partition(".")[0]
    if file.source_root is not None:
        base = "" if file.source_root in (".", "") else file.source_root + "/"
    elif file.name in modules or file.name.replace(".", "/") + ".py" != file.path \
            or not all(part.isidentifier() for part in file.name.split(".")):
        return None
    else:
        base = ""
    return ScanTarget(file.path, file.name, _top_directory(str(root), base + top))


@lru_cache(maxsize=256)
def _top_directory(root: str, relative: str) -> str:
    return os.path.join(root, relative)


def shadowed_submodules(modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts]) -> dict[str, tuple[str, int, str]]:
    """Submodules whose package binds their name to something other than the module itself."""
    found: dict[str, tuple[str, int, str]] = {}
    for package in modules.values():
        fact = facts.get(package.path) if package.is_package else None
        if fact is None or fact.syntax_error:
            continue
        module_bindings: set[str] = set()
        object_bindings: dict[str, tuple[int, str]] = {}
        for imp in fact.imports:
            if imp.lazy or imp.form not in ("from", "from-as"):
                continue
            bound = imp.alias or imp.name or ""
            base = imp.resolve_base(package.package)
            if base is not None and f"{base}.{imp.name}" in modules and f"{base}.{imp.name}" == f"{package.name}.{bound}":
                module_bindings.add(bound)
            else:
                object_bindings.setdefault(bound, (imp.line, f"`from {'.' * imp.level}{imp.module} import {imp.name}`"))
        for name, line in fact.bound_names.items():
            if not name.startswith("from:"):
                object_bindings.setdefault(name, (line, "a definition or assignment"))
        for name, (line, how) in object_bindings.items():
            submodule = f"{package.name}.{name}"
            if submodule in modules and name not in module_bindings:
                found[submodule] = (package.path, line, how)
    return found


def package_exports(modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts]) -> dict[str, dict[str, str]]:
    """For each package, the names its ``__init__`` re-exports from its own modules and the module
    providing each (``from .models import Order`` -> ``{"Order": "pkg.models"}``).

    ``from pkg import Order`` depends, for layering and ordering, on ``pkg.models``: the package's
    ``__init__`` aggregates everything and would otherwise put every importer above all of it (and
    the dependency would change when the provider is renamed)."""
    found: dict[str, dict[str, str]] = {}
    for package in modules.values():
        fact = facts.get(package.path) if package.is_package else None
        if fact is None or fact.syntax_error:
            continue
        names: dict[str, str] = {}
        for imp in fact.imports:
            if imp.lazy or imp.form not in ("from", "from-as") or not imp.name:
                continue
            base = imp.resolve_base(package.package)
            if base is None:
                continue
            submodule = f"{base}.{imp.name}"
            provider = submodule if submodule in modules else base if base in modules else None
            if provider is not None and provider != package.name and provider.startswith(package.name + "."):
                names.setdefault(imp.alias or imp.name, provider)
        if names:
            found[package.name] = names
    return found


def resolve_import(fact: ImportFact, importer: ModuleFile, modules: Mapping[str, ModuleFile],
                   top_level: frozenset[str], shadowed: Mapping[str, object] | None = None,
                   ) -> tuple[str | None, str | None]:
    """Resolve one import to ``(module, None)``, ``(None, missing target)`` or ``(None, None)`` (external).

    ``from pkg import x`` depends on the submodule ``pkg.x`` unless ``pkg`` binds ``x`` to another
    object (``shadowed``): then it gets that object and depends on ``pkg``."""
    if fact.form in ("import", "import-as"):
        target = fact.module
        if target in modules:
            return target, None
        return (None, target) if target.partition(".")[0] in top_level else (None, None)
    base = fact.resolve_base(importer.package) if fact.level else fact.module
    if base is None:
        return None, f"{'.' * fact.level}{fact.module}"
    if fact.name and fact.name != "*":
        candidate = f"{base}.{fact.name}"
        if candidate in modules and not (shadowed and candidate in shadowed and candidate != importer.name
                                         and importer.name != base):
            return candidate, None
    if base in modules:
        return base, None
    if fact.level or base.partition(".")[0] in top_level:
        return None, base
    return None, None


def _assemble(root: Path, found: Discovery, files: list[ModuleFile], facts: Mapping[str, FileFacts]) -> RepoScan:
    graph: nx.DiGraph = nx.DiGraph()
    modules = found.modules
    graph.add_nodes_from((module.name, {"path": module.path, "kind": "module", "is_package": module.is_package})
                         for module in modules.values())
    graph.add_nodes_from((script.name, {"path": script.path, "kind": "script", "is_package": False})
                         for script in found.scripts)
    shadowed = shadowed_submodules(modules, facts)
    exports = package_exports(modules, facts)
    edges: dict[str, dict[str, list[dict[str, object]]]] = {}  # importer -> imported -> its import records
    runtime_edges: dict[str, dict[str, tuple[str, int]]] = {}  # importer -> imported -> first (path, line)
    references: list[Reference] = []
    syntax: list[SyntaxProblem] = []
    unresolved: list[Unresolved] = []
    top_level = found.top_level
    for file in files:
        fact = facts[file.path]
        if fact.syntax_error is not None:
            syntax.append(SyntaxProblem(file.path, *fact.syntax_error))
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
                record = {"form": imp.form, "line": imp.line, "lazy": imp.lazy, "conditional": imp.conditional,
                          "type_checking": imp.type_checking, "optional": imp.optional, "path": path}
                records = imported.get(target)
                if records is None:
                    imported[target] = [record]
                else:
                    records.append(record)
                if in_source and not imp.type_checking:
                    provider = exports[target].get(imp.name or "") if imp.name and target in exports else None
                    loaded.setdefault(provider or target, (path, imp.line))
            elif missing is not None and not imp.optional:
                unresolved.append(Unresolved(name, path, imp.line, missing))
        if fact.strings:
            references.extend(_python_references(file, fact, modules, top_level))
    graph.add_edges_from((a, b, {"imports": records}) for a, targets in edges.items() for b, records in targets.items())
    references.extend(_file_references(root, found))
    references.sort(key=lambda r: (r.path, r.line, r.kind, r.text))
    runtime: nx.DiGraph = nx.DiGraph()
    runtime.add_nodes_from(modules)
    runtime.add_edges_from((a, b, {"path": path, "line": line}) for a, targets in runtime_edges.items()
                           for b, (path, line) in targets.items())
    return RepoScan(modules=modules, scripts=found.scripts, graph=graph, runtime=runtime, references=tuple(references),
                    syntax_errors=tuple(sorted(syntax, key=lambda s: s.path)),
                    unresolved=tuple(unresolved), facts=facts, top_level=found.top_level, shadowed=shadowed)


def longest_module(text: str, modules: Mapping[str, ModuleFile]) -> str | None:
    """The longest dotted prefix of ``text`` (``pkg.mod.attr`` or ``pkg.mod:attr``) that is a module."""
    dotted = text.split(":", 1)[0]
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def _python_references(file: ModuleFile, fact: FileFacts, modules: Mapping[str, ModuleFile],
                       top_level: frozenset[str]) -> Iterable[Reference]:
    for string in fact.strings:
        text = string.text
        if string.kind == "__all__" and "." not in text and file.is_package:
            candidate = f"{file.name}.{text}"
            if candidate in modules:
                yield Reference(file.path, string.line, "__all__", text, candidate)
            continue
        if text.partition(".")[0].partition(":")[0] not in top_level:
            continue
        module = longest_module(text, modules)
        if module is not None and (module != text.partition(".")[0] or string.kind != "string"):
            yield Reference(file.path, string.line, string.kind, text, module)


_KIND_BY_NAME = {"setup.cfg": "setup.cfg", "tox.ini": "tox.ini", ".coveragerc": "coveragerc"}
_PATH_TOKEN = re.compile(r"[\w./-]+\.pyi?\b")


def _file_references(root: Path, found: Discovery) -> Iterable[Reference]:
    """Module names and module paths mentioned in non-Python files (entry points, tool config, docs, CI)."""
    if not found.top_level:
        return
    names = "|".join(sorted((re.escape(t) for t in found.top_level), key=len, reverse=True))
    dotted = re.compile(rf"(?<![\w.])((?:{names})(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?)")
    by_path = {m.path: m.name for m in found.modules.values()}
    for rel in found.other_files:
        try:
            raw = (root / rel).read_bytes()
        except OSError:
            continue
        if len(raw) > 2_000_000 or b"\0" in raw:
            continue
        text = raw.decode("utf-8", errors="replace")
        if not any(t in text for t in found.top_level):
            continue
        name = rel.rpartition("/")[2]
        section = ""
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("[") and stripped.endswith("]"):
                section = stripped
            kind = _line_kind(name, section, line)
            for match in dotted.finditer(line):
                module = longest_module(match.group(1), found.modules)
                if module is not None and "." in module:
                    yield Reference(rel, number, kind, match.group(1), module)
            for match in _PATH_TOKEN.finditer(line):
                target = by_path.get(match.group(0).lstrip("./"))
                if target is not None:
                    yield Reference(rel, number, f"{kind}:path", match.group(0), target)


def _line_kind(name: str, section: str, line: str) -> str:
    if name == "pyproject.toml":
        return "entry-point" if section.startswith(("[project.scripts", "[project.gui-scripts",
                                                    "[project.entry-points")) else "pyproject"
    if name in _KIND_BY_NAME:
        return _KIND_BY_NAME[name]
    if name.endswith((".rst", ".md", ".txt")):
        return "automodule" if re.search(r"\.\.\s+auto\w+::", line) else "docs"
    if name.endswith((".yml", ".yaml")):
        return "ci"
    return "config"
