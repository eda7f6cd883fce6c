"""What a repeated check reuses from the last run, so that an unchanged repository costs no SQLGlot.

Four kinds of entry go through the results-cache port (:class:`planner.dbcheck.ResultCache`, kept
by ``guardian`` in ``.guardian/cache/dbcheck.json``, signed JSON), each under a SHA-256 key of all
its inputs and :data:`CACHE_VERSION`:

* the schema read from the DDL files: their paths and contents, the dialect, SQLGlot's version. A
  live database (``dsn``) is introspected on every run, never cached: reality may have changed;
* a file's SQL sites (a Python file the scan did not read, a ``.sql`` file): its path and text;
* a statement's check: its text, the dialect, how the code reads it, the schema's facts
  (:meth:`Catalog.fingerprint`) and the switched consolidations;
* a model's check: the model as read, the schema's facts, the switched consolidations.

A value that does not decode exactly as written is a miss. Findings are the same cold or warm.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

from planner.config import Config
from planner.dbcheck.catalog import Catalog
from planner.dbcheck.findings import Finding, ResultCache, Switched, excerpt_of
from planner.dbcheck.model_types import Model
from planner.schema.model import Schema
from planner.sqlfind.sites import SqlSite

if TYPE_CHECKING:
    from planner.dbcheck.sql_text import Parsed, SqlReader

#: Bump when what Guardian reads or finds changes: entries of another version are never looked up.
CACHE_VERSION = "dbcheck-3"


def digest(*parts: object) -> str:
    """The cache key of ``parts`` (with the cache version and SQLGlot's)."""
    return hashlib.sha256(repr((CACHE_VERSION, sqlglot_version(), *parts)).encode()).hexdigest()


@cache
def sqlglot_version() -> str:
    """SQLGlot's version, read without importing it (``importlib.metadata`` costs 0.02 s)."""
    spec = importlib.util.find_spec("sqlglot")
    if spec is None or spec.origin is None:
        return ""
    try:
        return (Path(spec.origin).parent / "_version.py").read_text(encoding="utf-8")
    except OSError:
        return spec.origin


# -- the schema read from DDL files


def ddl_schema(config: Config, cache: ResultCache | None) -> Schema:
    """The schema of the configured DDL files, from ``cache`` when they did not change.

    Raises:
        InputError: a file is missing or does not parse (see :func:`planner.schema.ddl.read_ddl_files`).
    """
    paths = [config.root / p for p in config.database.schema]
    key = None
    if cache is not None:
        try:
            contents = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
            key = digest("schema", config.database.dialect, config.database.schema, contents)
        except OSError:
            key = None  # read_ddl_files names the file
    if key is not None and cache is not None:
        rows = cache.lookup(key)
        if rows is not None and len(rows) == 1 and len(rows[0]) == 1:
            try:
                found = _decode(Schema, json.loads(rows[0][0]))
                if isinstance(found, Schema):
                    return found
            except (ValueError, TypeError, RecursionError):
                pass
    from planner.schema.ddl import read_ddl_files

    schema = read_ddl_files(paths, config.database.dialect, root=config.root)
    if key is not None and cache is not None:
        cache.store(key, [[json.dumps(_encode(schema), separators=(",", ":"))]])
    return schema


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return [_encode(getattr(value, f.name)) for f in fields(value)]
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    return value  # str, int, bool, None


@cache
def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in fields(cls))


def _decode(hint: Any, value: Any) -> Any:
    """``value`` as :func:`_encode` wrote a ``hint`` (a model dataclass, a tuple, a scalar).

    Raises:
        ValueError: anything else.
    """
    origin = get_origin(hint)
    if origin in (UnionType, Union):
        for option in get_args(hint):
            try:
                return _decode(option, value)
            except ValueError:
                continue
        raise ValueError(value)
    if origin is tuple:
        args = get_args(hint)
        if not isinstance(value, list):
            raise ValueError(value)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in value)
        if len(args) != len(value):
            raise ValueError(value)
        return tuple(_decode(a, item) for a, item in zip(args, value, strict=True))
    if isinstance(hint, type) and is_dataclass(hint):
        named = _hints(hint)
        if not isinstance(value, list) or len(value) != len(named):
            raise ValueError(value)
        return hint(**{name: _decode(h, item) for (name, h), item in zip(named, value, strict=True)})
    if hint is type(None) and value is None:
        return None
    if hint in (str, int, bool) and type(value) is hint:
        return value
    raise ValueError(value)


# -- a file's SQL sites


def store_sites(cache: ResultCache | None, key: str, sites: Sequence[SqlSite]) -> None:
    if cache is None:
        return
    cache.store(
        key,
        [
            [
                str(s.line),
                s.text,
                s.origin,
                ("p" if s.positional else "") + ("d" if s.dynamic else ""),
                s.source,
                json.dumps(s.local_tables),
                json.dumps(s.search_path),
            ]
            for s in sites
        ],
    )


def cached_sites(cache: ResultCache | None, key: str, shown: str) -> list[SqlSite] | None:
    """The sites :func:`store_sites` kept under ``key``, placed in the file ``shown``; None when absent."""
    rows = cache.lookup(key) if cache is not None else None
    if rows is None:
        return None
    try:
        return [
            SqlSite(shown, int(line), text, origin, "p" in flags, "d" in flags, written, _names(local), _names(path))
            for line, text, origin, flags, written, local, path in rows
        ]
    except (ValueError, TypeError):
        return None


def _names(text: str) -> tuple[str, ...]:
    names = json.loads(text)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(text)
    return tuple(names)


# -- checks of statements and models


def checked_sites(
    sites: Sequence[SqlSite], catalog: Catalog, dialect: str, switched: tuple[Switched, ...], cache: ResultCache | None
) -> tuple[list[Finding], list[dict[str, Any]]]:
    """Parse and check every SQL site; a text seen before (this run, or a cached run with the same
    schema) is not parsed again: its findings are stamped with the new site's place."""
    facts = (catalog.fingerprint(), switched, dialect)
    findings: list[Finding] = []
    opaque: list[dict[str, Any]] = []
    memo: dict[tuple[bool, tuple[str, ...], tuple[str, ...], str], list[list[str]]] = {}
    reader = _Reader(dialect)
    for site in sites:
        inputs = (site.positional, site.local_tables, site.search_path, site.text)
        rows = memo.get(inputs)  # a text met before in this run: no key to work out, no look-up
        if rows is None:
            rows = _checked_text(site, inputs, catalog, reader, switched, cache, facts)
            memo[inputs] = rows
        if not rows:
            continue
        excerpt = excerpt_of(site.text)
        shown = excerpt_of(site.shown)
        for kind, database, hint, subject in rows:
            if kind:
                findings.append(Finding(kind, site.path, site.line, excerpt, database, hint, subject))
            else:
                opaque.append({"path": site.path, "line": site.line, "excerpt": shown, "reason": hint})
    return findings, opaque


def _checked_text(
    site: SqlSite,
    inputs: tuple[object, ...],
    catalog: Catalog,
    reader: _Reader,
    switched: tuple[Switched, ...],
    cache: ResultCache | None,
    facts: tuple[object, ...],
) -> list[list[str]]:
    """The rows of one SQL text's check: from ``cache``, else parsed and checked (and stored)."""
    key = digest("sql", facts, *inputs)
    rows = cache.lookup(key) if cache is not None else None
    if rows is not None and all(len(row) == 4 for row in rows):
        return rows
    from planner.dbcheck.check import check

    result = check(catalog, [reader.parse(site)], [], switched=switched)
    rows = [[f.kind, f.database, f.hint, f.subject] for f in result.findings]
    rows += [["", "", str(o["reason"]), ""] for o in result.opaque]
    if cache is not None:
        cache.store(key, rows)
    return rows


class _Reader:
    """Parses one run's SQL texts with one SQLGlot reader (planner/dbcheck/sql_text.py), made for the
    first text the cache does not hold: a run with nothing changed loads no SQLGlot."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self._reader: SqlReader | None = None

    def parse(self, site: SqlSite) -> Parsed:
        from planner.dbcheck.sql_text import SqlReader, parse_site

        if self._reader is None:
            self._reader = SqlReader(self.dialect)
        return parse_site(site, self.dialect, self._reader)


def checked_models(
    models: Sequence[Model], catalog: Catalog, switched: tuple[Switched, ...], cache: ResultCache | None
) -> list[Finding]:
    """The findings of each model against ``catalog``; a model read the same way as in a run with
    the same schema is not checked again (its check may build SQLGlot types)."""
    facts = (catalog.fingerprint(), switched)
    findings: list[Finding] = []
    for model in models:
        key = digest("model", facts, model)
        rows = cache.lookup(key) if cache is not None else None
        found = _findings(rows) if rows is not None else None
        if found is None:
            from planner.dbcheck.check import check

            found = list(check(catalog, [], [model], switched=switched).findings)
            if cache is not None:
                cache.store(
                    key, [[f.kind, f.path, str(f.line), f.excerpt, f.database, f.hint, f.subject] for f in found]
                )
        findings += found
    return findings


def _findings(rows: list[list[str]]) -> list[Finding] | None:
    try:
        return [
            Finding(kind, path, int(line), excerpt, database, hint, subject)
            for kind, path, line, excerpt, database, hint, subject in rows
        ]
    except (ValueError, TypeError):
        return None
