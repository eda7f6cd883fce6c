"""Scan a checkout: find its files, read each once (or take its facts from the cache), build the graph.

``scan_repo`` is the planner's one entry to the disk. Files are read with ``ast`` only
(planner/read_facts.py); none is imported or executed. A large checkout is read by a pool of
worker processes (:mod:`planner.processes`: ``spawn``, the same on every platform). The facts of unchanged files come from a :class:`FactsCache` when one is given.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

from planner.config import Config
from planner.discover import discover
from planner.dynamic_imports import Screen, dynamic_screen, worth_parsing
from planner.facts import FileFacts
from planner.graph import RepoScan, build_scan
from planner.processes import process_pool
from planner.read_facts import extract, reference_filter

#: Below this many files to read, starting worker processes costs more than it saves
#: (bench/plan_bench.py measures both ways).
PARALLEL_THRESHOLD = 400
#: Bump when FileFacts or the extraction changes: cached facts of another version are ignored.
FACTS_VERSION = b"facts-7"

ProgressFn = Callable[[int, int], None]


class FactsCache(Protocol):
    """A port: facts of files already read, keyed by a digest of their path and stat (guardian/cache.py)."""

    def lookup(self, digest: bytes) -> FileFacts | None: ...

    def store(self, digest: bytes, facts: FileFacts) -> None: ...


def scan_repo(
    config: Config, *, jobs: int = 1, progress: ProgressFn | None = None, cache: FactsCache | None = None
) -> RepoScan:
    """Discover, read and resolve the whole checkout.

    Args:
        config: the configuration (source roots name the modules).
        jobs: worker processes for reading; 1 reads in this process.
        progress: called with (done, total) while files are read.
        cache: facts of unchanged files are taken from it instead of read again.

    Raises:
        InputError: the repository or a source root does not exist.
    """
    found = discover(config)
    files = [*found.modules.values(), *found.scripts]
    interesting = reference_filter(found.top_level)
    screen = dynamic_screen(found.top_level)
    facts: dict[str, FileFacts] = {}
    keys: dict[str, bytes] = {}
    if cache is not None:
        screened = b"" if screen is None else screen.mention
        salt = hashlib.blake2b(FACTS_VERSION + interesting + b"\0" + screened, digest_size=32).digest()
        for file in files:
            key = _cache_key(config.root, file.path, salt)
            hit = cache.lookup(key) if key is not None else None
            if hit is not None:  # a copy: the cache keeps its own
                facts[file.path] = FileFacts(
                    file.path,
                    hit.imports,
                    hit.strings,
                    hit.bound_names,
                    hit.dunder_all,
                    hit.other_names,
                    hit.syntax_error,
                    hit.shim,
                    hit.dynamic,
                )
            elif key is not None:
                keys[file.path] = key
    missing = [f.path for f in files if f.path not in facts]
    read = read_files(config.root, missing, interesting, screen, jobs=jobs, progress=progress)
    if cache is not None:
        for path, result in read.items():
            if path in keys:
                cache.store(keys[path], result)
    facts.update(read)
    return build_scan(config.root, found, files, facts)


def _cache_key(root: Path, path: str, salt: bytes) -> bytes | None:
    """A file's cache key: its path, size, inode and change times, as mypy and ruff key theirs. A
    write always moves ctime (nanoseconds), so an edited file is never served stale, and an
    unchanged one is not even read. None when the file cannot be stat'ed."""
    try:
        info = os.stat(root / path)
    except OSError:
        return None
    identity = f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}"
    return hashlib.blake2b(identity.encode("utf-8", "surrogateescape"), digest_size=20, key=salt).digest()


def read_file(root: str, path: str, interesting: bytes, screen: Screen | None = None) -> FileFacts:
    """The facts of one file; an unreadable file is a fact (a syntax error at line 0), not an exception.
    With a ``screen``, whether planner/dynamic_imports.py must parse the file is decided from the same bytes."""
    try:
        with open(os.path.join(root, path), "rb") as handle:
            source = handle.read()
    except OSError as exc:
        result = FileFacts(path)
        result.syntax_error = (0, f"cannot read: {exc.strerror}")
        return result
    facts = extract(source, path, interesting)
    if screen is not None and facts.syntax_error is None and not facts.shim:
        facts.dynamic = worth_parsing(source, screen)
    return facts


def _read_chunk(root: str, paths: Sequence[str], interesting: bytes, screen: Screen | None) -> list[FileFacts]:
    return [read_file(root, path, interesting, screen) for path in paths]


def read_files(
    root: Path,
    paths: Sequence[str],
    interesting: bytes,
    screen: Screen | None = None,
    *,
    jobs: int = 1,
    progress: ProgressFn | None = None,
) -> dict[str, FileFacts]:
    """The facts of every file of ``paths`` (repo-relative), by path, in the order given.

    With ``jobs`` > 1 and at least :data:`PARALLEL_THRESHOLD` files, chunks of files are read by
    ``jobs`` worker processes; the result is the same either way."""
    total = len(paths)
    results: dict[str, FileFacts] = {}
    base = str(root)
    if jobs > 1 and total >= PARALLEL_THRESHOLD:
        size = max(50, total // (jobs * 4))
        chunks = [paths[i : i + size] for i in range(0, total, size)]
        try:
            with process_pool(jobs) as pool:
                many = len(chunks)
                for chunk in pool.map(_read_chunk, [base] * many, chunks, [interesting] * many, [screen] * many):
                    for item in chunk:
                        results[item.path] = item
                    if progress:
                        progress(len(results), total)
        except (BrokenProcessPool, OSError):
            # A worker could not start or died (no process support, or a caller's unguarded
            # ``__main__`` that ``spawn`` re-runs): the files are read here, with the same result.
            results.clear()
    for number, path in enumerate((p for p in paths if p not in results), start=1):
        results[path] = read_file(base, path, interesting, screen)
        if progress and number % 50 == 0:
            progress(number, total)
    if progress:
        progress(total, total)
    return results
