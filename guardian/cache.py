"""The facts cache: parse results of unchanged files, kept in ``.guardian/cache/facts.json``.

An adapter for ``planner.scan.FactsCache``. Entries are keyed by a digest of the file's path,
size, inode, mtime and ctime (nanoseconds): any write moves ctime, so an edited file is never
served stale, and an unchanged one is not even read.

Stored, signed and read back by :class:`guardian.signed_cache.SignedJsonCache` (data, never code:
signed JSON, every value type-checked when read; a foreign or damaged cache is ignored).
"""

from __future__ import annotations

import sys
from typing import Any

from guardian.signed_cache import SignedJsonCache
from planner.facts import FileFacts, ImportFact, StringFact
from planner.sqlfind.sites import SqlFacts, SqlSite

CACHE_PATH = ".guardian/cache/facts.json"
_PURPOSE = b"guardian-facts-cache"
_FORMAT = [8, list(sys.version_info[:2])]  # 8: the dynamic screen looks for bare module file names too
#: A cache larger than this is not read (a checkout of a million files stays far below it).
MAX_BYTES = 1 << 30
#: The exact types of an import row (planner.facts.ImportFact): one set look-up checks a row. The
#: name and the alias are None or a string; every other field has one type (``type`` is exact: a
#: bool is not taken for an int).
_IMPORT_ROWS = frozenset(
    (int, str, str, int, name, alias, bool, bool, bool, bool)
    for name in (str, type(None))
    for alias in (str, type(None))
)
_STRING_ROW = (int, str, str)
#: A SQL site row (planner.sqlfind.sites.SqlSite without its path): line, text, origin, positional, dynamic, source.
_SITE_ROW = (int, str, str, bool, bool, str)


def _facts_to_json(facts: FileFacts) -> list[Any]:
    return [
        [list(i) for i in facts.imports],
        [[s.line, s.kind, s.text] for s in facts.strings],
        facts.bound_names,
        facts.dunder_all,
        sorted(facts.other_names),
        None if facts.syntax_error is None else list(facts.syntax_error),
        facts.shim,
        facts.dynamic,
        None if facts.sql is None else _sql_to_json(facts.sql),
    ]


#: What the scan finds in most files (no SQL site, no model, no enum), written ``[]``.
_NO_SQL = SqlFacts((), models=False, enums=False)


def _sql_to_json(sql: SqlFacts) -> list[Any]:
    if sql == _NO_SQL:
        return []
    return [[[s.line, s.text, s.origin, s.positional, s.dynamic, s.source] for s in sql.sites], sql.models, sql.enums]


def _facts_from_json(value: Any) -> FileFacts:
    """Raises: ValueError for anything but what :func:`_facts_to_json` writes."""
    if not isinstance(value, list) or len(value) != 9:
        raise ValueError("entry")
    imports, strings, bound, dunder_all, other, syntax_error, shim, dynamic, sql = value
    import_facts: list[ImportFact] = []
    for row in imports:
        if type(row) is not list or tuple(map(type, row)) not in _IMPORT_ROWS:
            raise ValueError("import")
        import_facts.append(ImportFact(*row))
    string_facts: list[StringFact] = []
    for row in strings:
        if type(row) is not list or tuple(map(type, row)) != _STRING_ROW:
            raise ValueError("string")
        string_facts.append(StringFact(*row))
    if not isinstance(bound, dict) or not all(isinstance(k, str) and isinstance(v, int) for k, v in bound.items()):
        raise ValueError("bound_names")
    if not all(isinstance(n, str) for n in dunder_all) or not all(isinstance(n, str) for n in other):
        raise ValueError("names")
    if syntax_error is not None and not (
        isinstance(syntax_error, list)
        and len(syntax_error) == 2
        and isinstance(syntax_error[0], int)
        and isinstance(syntax_error[1], str)
    ):
        raise ValueError("syntax_error")
    if not isinstance(shim, bool):
        raise ValueError("shim")  # noqa: TRY004 - every malformed value is one ValueError, caught by _read
    if dynamic is not None and not isinstance(dynamic, bool):
        raise ValueError("dynamic")  # noqa: TRY004 - as above
    return FileFacts(
        "",
        import_facts,
        string_facts,
        bound,
        list(dunder_all),
        set(other),
        None if syntax_error is None else (syntax_error[0], syntax_error[1]),
        shim,
        dynamic,
        None if sql is None else _sql_from_json(sql),
    )


def _sql_from_json(value: Any) -> SqlFacts:
    """Raises: ValueError for anything but the ``sql`` entry :func:`_facts_to_json` writes."""
    if value == []:
        return _NO_SQL
    if not (isinstance(value, list) and len(value) == 3 and isinstance(value[0], list)):
        raise ValueError("sql")
    rows, models, enums = value
    if type(models) is not bool or type(enums) is not bool:
        raise ValueError("sql hints")
    sites = []
    for row in rows:
        if type(row) is not list or tuple(map(type, row)) != _SITE_ROW:
            raise ValueError("sql site")
        sites.append(SqlSite("", row[0], row[1], row[2], row[3], row[4], row[5]))
    return SqlFacts(tuple(sites), models, enums)


class JsonFactsCache(SignedJsonCache[FileFacts]):
    """Facts by the digest :mod:`planner.scan` computes (a port: ``planner.scan.FactsCache``)."""

    PATH = CACHE_PATH
    PURPOSE = _PURPOSE
    FORMAT = _FORMAT
    MAX_BYTES = MAX_BYTES

    def decode(self, value: Any) -> FileFacts:
        return _facts_from_json(value)

    def encode(self, value: FileFacts) -> Any:
        return _facts_to_json(value)

    def lookup(self, digest: bytes) -> FileFacts | None:
        return self.get(digest.hex())

    def contains(self, digest: bytes) -> bool:
        return self.has(digest.hex())

    def store(self, digest: bytes, facts: FileFacts) -> None:
        self.put(digest.hex(), facts)
