"""The code ↔ database results cache: what a repeated check reuses (the schema read from DDL files,
each file's SQL sites, each SQL text's and model's findings for one schema), kept in
``.guardian/cache/dbcheck.json`` (a port: ``planner.dbcheck.ResultCache``; planner/dbcheck/reuse.py).

Keys digest every input (the DDL files' contents, the schema's facts, the dialect, the consolidations
switched, the SQL text or the file's path and text, SQLGlot's version), so a changed schema or
statement is never served stale. Stored like the facts cache, by
:class:`guardian.signed_cache.SignedJsonCache`: signed, type-checked JSON, never code.
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
