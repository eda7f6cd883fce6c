"""The code ↔ database results cache: each SQL text's findings for one schema (and each file's SQL
sites), kept in ``.guardian/cache/dbcheck.json`` (a port: ``planner.dbcheck.ResultCache``).

Keys digest the schema's facts, the dialect, the consolidations switched and the SQL text (or the
file's path and text), so a changed schema or statement is never served stale. Stored like the facts
cache, by :class:`guardian.signed_cache.SignedJsonCache`.
"""

from __future__ import annotations

from typing import Any

from guardian.signed_cache import SignedJsonCache

CACHE_PATH = ".guardian/cache/dbcheck.json"


class JsonResultCache(SignedJsonCache[list[list[str]]]):
    PATH = CACHE_PATH
    PURPOSE = b"guardian-dbcheck-cache"
    FORMAT = 1
    MAX_BYTES = 1 << 28

    def decode(self, value: Any) -> list[list[str]]:
        if not isinstance(value, list) or not all(
            isinstance(row, list) and all(isinstance(x, str) for x in row) for row in value
        ):
            raise ValueError("rows")
        return value

    def encode(self, value: list[list[str]]) -> Any:
        return value

    def lookup(self, key: str) -> list[list[str]] | None:
        return self.get(key)

    def store(self, key: str, rows: list[list[str]]) -> None:
        self.put(key, rows)
