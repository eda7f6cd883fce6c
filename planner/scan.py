"""Scan a checkout: find its files, read each once (or take its facts from the cache), build the graph.

``scan_repo`` is the planner's one entry to the disk. Files are read with ``ast`` only
(planner/read_facts.py), by a pool of worker processes for a large checkout
(planner/read_files.py, planner/processes.py); none is imported or executed. The facts of unchanged files come from a
:class:`FactsCache` when one is given.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from typing import Protocol

from planner.cached_facts import CachedFacts
from planner.config import Config
from planner.discover import Discovery, discover
from planner.dynamic_screen import dynamic_screen
from planner.facts import FileFacts
from planner.graph import RepoScan, build_scan
from planner.read_facts import reference_filter
from planner.read_files import ProgressFn, read_file, read_files

__all__ = [
    "FACTS_VERSION",
    "FactsCache",
    "ProgressFn",
    "cache_key",
    "cache_salt",
    "cached_checkout_facts",
    "checkout_facts",
    "scan_repo",
    "store_facts",
]

#: Bump when FileFacts or the extraction changes: cached facts of another version are ignored.
FACTS_VERSION = b"facts-166"


class FactsCache(Protocol):
    """A port: facts of files already read, keyed by a digest of their path and stat (guardian/cache.py)."""

    def lookup(self, digest: bytes) -> FileFacts | None: ...

    def contains(self, digest: bytes) -> bool:
        """Whether :meth:`lookup` has an entry for ``digest`` (without decoding it; the entry counts
        as used by this run)."""
        ...

    def store(self, digest: bytes, facts: FileFacts) -> None: ...


def scan_repo(
    config: Config,
    *,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    cache: FactsCache | None = None,
    found: Discovery | None = None,
    imports_only: bool = False,
) -> RepoScan:
    """Discover, read and resolve the whole checkout.

    Args:
        config: the configuration (source roots name the modules).
        jobs: worker processes for reading; 1 reads in this process.
        progress: called with (done, total) while files are read.
        cache: facts of unchanged files are taken from it instead of read again.
        found: the checkout's discovery, when the caller walked it already.
        imports_only: the import graph alone (:func:`planner.graph.build_scan`).

    When a database is configured (``[database]`` schema or dsn) the files' SQL call sites are read
    from the same trees (``FileFacts.sql``, planner/sqlfind) for the code ↔ database check.

    Raises:
        InputError: the repository or a source root does not exist.
    """
    found, facts = checkout_facts(config, jobs=jobs, progress=progress, cache=cache, found=found)
    files = [*found.modules.values(), *found.scripts]
    return build_scan(config.root, found, files, facts, imports_only=imports_only)


def checkout_facts(
    config: Config,
    *,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    cache: FactsCache | None = None,
    found: Discovery | None = None,
) -> tuple[Discovery, dict[str, FileFacts]]:
    """The checkout's discovery and the facts of every module and script (by path): :func:`scan_repo`
    without resolving the imports. Arguments as there.

    Raises:
        InputError: the repository or a source root does not exist.
    """
    found, facts = cached_checkout_facts(config, jobs=jobs, progress=progress, cache=cache, found=found)
    return found, dict(facts)


def cached_checkout_facts(
    config: Config,
    *,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    cache: FactsCache | None = None,
    found: Discovery | None = None,
) -> tuple[Discovery, CachedFacts]:
    """:func:`checkout_facts` with the facts the cache holds taken out of it when first asked for
    (planner/cached_facts.py); the files it does not hold are read now.

    Raises:
        InputError: the repository or a source root does not exist.
    """
    if found is None:
        found = discover(config)
    files = [*found.modules.values(), *found.scripts]
    interesting = reference_filter(found.top_level)
    screen = dynamic_screen(found.top_level)
    sql = bool(config.database.schema or config.database.dsn)
    hits: dict[str, bytes] = {}
    keys: dict[str, bytes] = {}
    if cache is not None:
        salt, base = cache_salt(found.top_level, sql), str(config.root)
        for file in files:
            key = cache_key(base, file.path, salt, found.status.get(file.path))
            if key is None:
                continue
            if cache.contains(key):
                hits[file.path] = key
            else:
                keys[file.path] = key
    missing = [f.path for f in files if f.path not in hits]
    read = read_files(config.root, missing, interesting, screen, jobs=jobs, progress=progress, sql=sql)
    if cache is not None:
        for path, result in read.items():
            if path in keys:
                cache.store(keys[path], result)
    order = [f.path for f in files if f.path in hits] + list(read)
    root = str(config.root)
    return found, CachedFacts(
        order, dict(read), hits, cache, lambda path: read_file(root, path, interesting, screen, sql=sql)
    )


def store_facts(config: Config, found: Discovery, facts: Mapping[str, FileFacts], cache: FactsCache) -> None:
    """Store the facts of the modules and scripts of ``found`` (the tree as it is now) in ``cache`` under
    its keys: after a batch that changed the top-level names (every key's salt with them), so the next
    run takes them from the cache. Facts read without the SQL the keys promise are left out."""
    sql = bool(config.database.schema or config.database.dsn)
    salt, base = cache_salt(found.top_level, sql), str(config.root)
    for file in [*found.modules.values(), *found.scripts]:
        fact = facts[file.path]
        key = cache_key(base, file.path, salt, found.status.get(file.path))
        if key is not None and (fact.sql is not None) == sql and not cache.contains(key):
            cache.store(key, fact)


def cache_salt(top_level: frozenset[str], sql: bool = False) -> bytes:
    """The key of every cache key: the facts' version and what reading a file depends on besides the
    file (the checkout's top-level names, through the two screens; whether its SQL is read). The
    same in every process: the screens list the names in a fixed order, not a set's."""
    screen = dynamic_screen(top_level)
    screened = b"" if screen is None else screen.mention
    version = FACTS_VERSION + (b"+sql" if sql else b"")
    return hashlib.blake2b(version + reference_filter(top_level) + b"\0" + screened, digest_size=32).digest()


def cache_key(root: str, path: str, salt: bytes, info: os.stat_result | None = None) -> bytes | None:
    """A file's cache key: its path, size, inode and change times, as mypy and ruff key theirs. A
    write always moves ctime (nanoseconds), so an edited file is never served stale, and an
    unchanged one is not even read. ``info``: the file's ``os.stat``, already taken when it was
    listed (planner/discover.py); else it is asked for. None when the file cannot be stat'ed."""
    if info is None:
        try:
            info = os.stat(os.path.join(root, path))  # not pathlib: 20,000 files, 0.1 s less
        except OSError:
            return None
    identity = f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}"
    return hashlib.blake2b(identity.encode("utf-8", "surrogateescape"), digest_size=20, key=salt).digest()
