"""Code versus database reality: every table, column and label the code uses, checked against the schema.

planner/sqlfind finds the SQL of Python call sites (the scan runs it on the trees it parses, when a
database is configured) and ``sql_files`` that of ``.sql`` files, ``sql_text`` parses it with SQLGlot,
``models`` and ``django_models`` read the ORM models, ``labels`` the enum labels the code writes,
``catalog`` looks names up in the schema, ``check`` (``check_sql``, ``check_models``) turns
mismatches into ``findings``. Nothing here imports the checked code.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from planner.checkout_files import walk
from planner.code_enums import enums_in_file
from planner.config import Config
from planner.dbcheck.catalog import Catalog
from planner.dbcheck.check import check
from planner.dbcheck.findings import (
    KINDS,
    AcceptRule,
    CodeCheck,
    Finding,
    ResultCache,
    Switched,
    excerpt_of,
    finish,
    new_since,
)
from planner.dbcheck.models import enum_names_bound, find_models
from planner.dbcheck.sql_files import sql_file_sites
from planner.dbcheck.sql_text import parse_site
from planner.facts import FileFacts
from planner.python_source import TOO_DEEP_TO_WALK, Unparsable, deep_walk, parse_python
from planner.schema.model import Schema
from planner.sqlfind.hints import may_declare_models
from planner.sqlfind.in_code import has_sql_call, sql_in_source
from planner.sqlfind.sites import SqlSite

__all__ = ["KINDS", "AcceptRule", "CodeCheck", "Finding", "ResultCache", "Switched", "check_code", "new_since"]


def check_code(
    config: Config,
    schema: Schema,
    *,
    switched: Sequence[Switched] = (),
    cache: ResultCache | None = None,
    scanned: Mapping[str, FileFacts] | None = None,
) -> CodeCheck:
    """Check the code of ``config``'s repository against ``schema`` (DDL files or a live database).

    Every Python file is read once; only files with a SQL call or a model are parsed, and enum
    classes are read only from files that define one a model binds. ``cache`` keeps each SQL
    text's result for the same schema across runs (``guardian`` stores it in ``.guardian/cache``).
    ``scanned``: the facts of the scan that already parsed the files (``RepoScan.facts``); a file
    whose facts hold its SQL (``FileFacts.sql``) and no model is not read here at all.

    Returns:
        The findings (``[database] accept`` rules applied) and the opaque SQL sites.
    """
    dialect = config.database.dialect if schema.sources != ("live",) else schema.dialect
    sites: list[SqlSite] = []
    unreadable: list[str] = []
    model_files: list[tuple[str, str, ast.Module | None]] = []
    sources: dict[str, tuple[Path, str | None]] = {}  # None: not read (the scan's facts had its SQL)
    for path in python_files(config):
        shown = path.relative_to(config.root).as_posix()
        known = scanned.get(shown) if scanned is not None else None
        if known is not None and known.sql is not None and not known.sql.models:
            sites.extend(known.sql.sites)
            if known.sql.enums:
                sources[shown] = (path, None)
            continue
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            unreadable.append(f"{shown}: {exc}")
            continue
        sources[shown] = (path, source)
        has_sql, has_model = has_sql_call(source), may_declare_models(source)
        if not (has_sql or has_model):
            continue
        key = hashlib.sha256(f"{RESULTS_VERSION}|sites|{shown}|{source}".encode()).hexdigest() if has_sql else ""
        cached = cache.lookup(key) if cache is not None and has_sql else None
        if (
            cached is not None and all(len(row) == 5 for row in cached) and not has_model
        ):  # the file's SQL sites from the last run: no parse at all
            sites.extend(
                SqlSite(shown, int(line), text, origin, "p" in flags, "d" in flags, written)
                for line, text, origin, flags, written in cached
            )
            continue
        try:
            tree = parse_python(source, shown)
            with deep_walk():
                found = sql_in_source(source, shown, tree) if has_sql else []
        except Unparsable as exc:
            if exc.message == TOO_DEEP_TO_WALK:  # assess lists the files that do not parse, not these
                unreadable.append(f"{shown}: {exc.message}")
            continue
        if has_sql:
            sites.extend(found)
            if cache is not None:
                cache.store(
                    key,
                    [
                        [
                            str(x.line),
                            x.text,
                            x.origin,
                            ("p" if x.positional else "") + ("d" if x.dynamic else ""),
                            x.source,
                        ]
                        for x in found
                    ],
                )
        if has_model:
            model_files.append((shown, source, tree))
    more, bad = sql_file_sites(config)
    sites += more
    unreadable += bad
    wanted = enum_names_bound(model_files)
    enums = [
        e
        for path, source in sources.values()
        if wanted and _defines_class(path if source is None else source, wanted)
        for e in enums_in_file(config, path)
    ]
    models = find_models(model_files, enums)
    catalog = Catalog(schema)
    raw, opaque = _check_sites(sites, catalog, dialect, tuple(switched), cache)
    raw += check(catalog, [], models, switched=switched).findings
    return CodeCheck(finish(raw, config.database.accept), tuple(opaque), len(sites), len(models), tuple(unreadable))


def python_files(config: Config) -> Iterator[Path]:
    """Every ``.py`` file under the configured source roots, sorted."""
    for root in config.source_roots:
        yield from walk(config.root, config.root / root, ".py")


def _defines_class(source: str | Path, names: set[str]) -> bool:
    """Whether ``source`` (or the file at that path, read now) defines a class of one of ``names``."""
    if isinstance(source, Path):
        try:
            source = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
    return any(f"class {name}(" in source for name in names)


#: Bump when what a statement's check finds changes: cached results of another version are ignored.
RESULTS_VERSION = "dbcheck-2"


def _check_sites(
    sites: list[SqlSite], catalog: Catalog, dialect: str, switched: tuple[Switched, ...], cache: ResultCache | None
) -> tuple[list[Finding], list[dict[str, Any]]]:
    """Parse and check every SQL site; a text seen before (this run, or a cached run with the same
    schema) is not parsed again: its findings are stamped with the new site's place."""
    fingerprint = catalog.fingerprint() + repr(switched) + RESULTS_VERSION
    findings: list[Finding] = []
    opaque: list[dict[str, Any]] = []
    memo: dict[str, list[list[str]]] = {}
    for site in sites:
        key = hashlib.sha256(
            f"{fingerprint}|{dialect}|{site.positional}|{site.local_tables}|{site.search_path}|{site.text}".encode()
        ).hexdigest()
        rows = memo.get(key)
        if rows is None and cache is not None:
            rows = cache.lookup(key)
        if rows is None:
            result = check(catalog, [parse_site(site, dialect)], [], switched=switched)
            rows = [[f.kind, f.database, f.hint, f.subject] for f in result.findings]
            rows += [["", "", str(o["reason"]), ""] for o in result.opaque]
            if cache is not None:
                cache.store(key, rows)
        memo[key] = rows
        excerpt = excerpt_of(site.text)
        shown = excerpt_of(site.shown)
        for kind, database, hint, subject in rows:
            if kind:
                findings.append(Finding(kind, site.path, site.line, excerpt, database, hint, subject))
            else:
                opaque.append({"path": site.path, "line": site.line, "excerpt": shown, "reason": hint})
    return findings, opaque
