"""The facts of a checkout's files by path, those served by the cache copied out when first asked for.

``guardian apply`` keeps every file's facts from batch to batch (``codemods.batch_scan.Checkout``),
but one batch looks at a few hundred of them: its importers, the packages, the files it changed.
Decoding and copying every cache entry up front cost a quarter of a second at 20,000 modules for
a batch of 20 renames. A :class:`CachedFacts` holds the facts of the files read now and, for the
others, the cache key that was valid when the checkout was listed: an entry is keyed by the
file's stat then, so what it gives later is the file as it was then, whatever was written since.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Protocol

from planner.facts import FileFacts


class KeyedFacts(Protocol):
    """The part of ``planner.scan.FactsCache`` this module uses."""

    def lookup(self, digest: bytes) -> FileFacts | None: ...


def copied(path: str, hit: FileFacts) -> FileFacts:
    """A cache entry as the facts of ``path`` (a copy: the cache keeps its own)."""
    return FileFacts(
        path,
        hit.imports,
        hit.strings,
        hit.bound_names,
        hit.dunder_all,
        hit.other_names,
        hit.syntax_error,
        hit.shim,
        hit.dynamic,
        None if hit.sql is None else hit.sql.at(path),
    )


class CachedFacts(Mapping[str, FileFacts]):
    """Facts by path: ``known`` ones, and ``hits`` (path -> cache key) taken from ``cache`` when first
    asked for. ``reread``: the facts of a file whose entry the cache no longer gives (never for a
    cache this Guardian signed and keeps for the run; read from the file as it is then)."""

    def __init__(
        self,
        order: list[str],
        known: dict[str, FileFacts],
        hits: dict[str, bytes],
        cache: KeyedFacts | None,
        reread: Callable[[str], FileFacts] | None,
    ) -> None:
        self._order = order
        self._known = known
        self._hits = hits
        self._cache = cache
        self._reread = reread

    def __getitem__(self, path: str) -> FileFacts:
        found = self._known.get(path)
        if found is not None:
            return found
        key = self._hits[path]  # KeyError: not a file of the checkout
        hit = self._cache.lookup(key) if self._cache is not None else None
        if hit is not None:
            found = copied(path, hit)
        elif self._reread is not None:
            found = self._reread(path)
        else:
            raise KeyError(path)
        self._known[path] = found
        del self._hits[path]
        return found

    def __contains__(self, path: object) -> bool:
        return path in self._known or path in self._hits

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    @classmethod
    def carried(cls, facts: Mapping[str, FileFacts], keep: Callable[[str], bool]) -> CachedFacts:
        """The facts of ``facts`` whose path ``keep`` accepts, in their order, without taking any
        entry out of the cache; more are added with :meth:`add`."""
        if isinstance(facts, CachedFacts):
            order = [path for path in facts._order if keep(path)]
            kept = set(order)
            return cls(
                order,
                {p: f for p, f in facts._known.items() if p in kept},
                {p: k for p, k in facts._hits.items() if p in kept},
                facts._cache,
                facts._reread,
            )
        known = {path: fact for path, fact in facts.items() if keep(path)}
        return cls(list(known), known, {}, None, None)

    def add(self, path: str, fact: FileFacts) -> None:
        """Add (or replace) the facts of ``path``."""
        if path not in self:
            self._order.append(path)
        self._hits.pop(path, None)
        self._known[path] = fact
