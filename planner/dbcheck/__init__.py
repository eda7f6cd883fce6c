"""Code versus database reality: every table, column and label the code uses, checked against the schema.

planner/sqlfind finds the SQL of Python call sites (the scan runs it on the trees it parses, when a
database is configured) and ``sql_files`` that of ``.sql`` files, ``sql_text`` parses it with SQLGlot,
``models`` and ``django_models`` read the ORM models, ``labels`` the enum labels the code writes,
``catalog`` looks names up in the schema, ``check`` (``check_sql``, ``check_models``) turns
mismatches into ``findings``; ``reuse`` keeps what an unchanged repository need not redo. Nothing here
imports the checked code.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence

from planner.code_enums import enums_in_file
from planner.config import Config
from planner.dbcheck.catalog import Catalog
from planner.dbcheck.findings import (
    KINDS,
    AcceptRule,
    CodeCheck,
    Finding,
    MemoryResultCache,
    ResultCache,
    Switched,
    finish,
    new_since,
)
from planner.dbcheck.models import enum_names_bound, find_models
from planner.dbcheck.reuse import cached_sites, checked_models, checked_sites, digest, store_sites
from planner.dbcheck.sql_files import sql_file_sites
from planner.facts import FileFacts
from planner.python_source import TOO_DEEP_TO_WALK, Unparsable, deep_walk
from planner.schema.model import Schema
from planner.sqlfind.code_files import CodeFile, CodeFiles
from planner.sqlfind.hints import may_declare_models
from planner.sqlfind.in_code import has_sql_call, sql_in_source
from planner.sqlfind.sites import SqlSite

__all__ = [
    "KINDS",
    "AcceptRule",
    "CodeCheck",
    "Finding",
    "MemoryResultCache",
    "ResultCache",
    "Switched",
    "check_code",
    "new_since",
]


def check_code(
    config: Config,
    schema: Schema,
    *,
    switched: Sequence[Switched] = (),
    cache: ResultCache | None = None,
    scanned: Mapping[str, FileFacts] | None = None,
    files: CodeFiles | None = None,
) -> CodeCheck:
    """Check the code of ``config``'s repository against ``schema`` (DDL files or a live database).

    Every Python file is read once; only files with a SQL call or a model are parsed, and enum
    classes are read only from files that define one a model binds. ``cache`` keeps each file's
    SQL sites and each SQL text's and model's result for the same schema across runs
    (:mod:`planner.dbcheck.reuse`; ``guardian`` stores it in ``.guardian/cache``): a run with
    nothing changed loads no SQLGlot.
    ``scanned``: the facts of the scan that already parsed the files (``RepoScan.facts``); a file
    whose facts hold its SQL (``FileFacts.sql``) and no model is not read here at all.
    ``files``: the source roots' files, listed and parsed once for this and the enum drift report
    (planner/code_enums.py).

    Returns:
        The findings (``[database] accept`` rules applied) and the opaque SQL sites.
    """
    dialect = config.database.dialect if schema.sources != ("live",) else schema.dialect
    files = files or CodeFiles(config, scanned or ())
    sites: list[SqlSite] = []
    unreadable: list[str] = []
    model_files: list[tuple[str, str, ast.Module | None]] = []
    sources: dict[str, CodeFile] = {}  # the files that may define an enum class a model binds
    for item in files.listed():
        shown = item.shown
        known = scanned.get(shown) if scanned is not None else None
        if known is not None and known.sql is not None and not known.sql.models:
            sites.extend(known.sql.sites)
            if known.sql.enums:
                sources[shown] = item
            continue
        try:
            source = files.text(item)
        except (OSError, UnicodeError) as exc:
            unreadable.append(f"{shown}: {exc}")
            continue
        sources[shown] = item
        has_sql, has_model = has_sql_call(source), may_declare_models(source)
        if known is not None and known.sql is not None:  # a model's file: the scan found its SQL already
            sites.extend(known.sql.sites)
            has_sql = False
        if not (has_sql or has_model):
            continue
        key = digest("py-sites", shown, source) if has_sql else ""
        cached = cached_sites(cache, key, shown) if has_sql and not has_model else None
        if cached is not None:  # the file's SQL sites from the last run: no parse at all
            sites.extend(cached)
            continue
        try:
            tree = files.tree(item, source)
            with deep_walk():
                found = sql_in_source(source, shown, tree) if has_sql else []
        except Unparsable as exc:
            if exc.message == TOO_DEEP_TO_WALK:  # assess lists the files that do not parse, not these
                unreadable.append(f"{shown}: {exc.message}")
            continue
        if has_sql:
            sites.extend(found)
            store_sites(cache, key, found)
        if has_model:
            model_files.append((shown, source, tree))
    more, bad = sql_file_sites(config, cache)
    sites += more
    unreadable += bad
    wanted = enum_names_bound(model_files)
    enums = [
        e
        for item in sources.values()
        if wanted and _defines_class(files, item, wanted)
        for e in enums_in_file(config, item.path, files)
    ]
    models = find_models(model_files, enums)
    catalog = Catalog(schema)
    raw, opaque = checked_sites(sites, catalog, dialect, tuple(switched), cache)
    raw += checked_models(models, catalog, tuple(switched), cache)
    return CodeCheck(finish(raw, config.database.accept), tuple(opaque), len(sites), len(models), tuple(unreadable))


def _defines_class(files: CodeFiles, item: CodeFile, names: set[str]) -> bool:
    """Whether the file defines a class of one of ``names``."""
    try:
        source = files.text(item)
    except (OSError, UnicodeError):
        return False
    return any(f"class {name}(" in source for name in names)
