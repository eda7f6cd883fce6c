"""The database facade ``assess`` and ``plan`` call: schema reality, duplicates, drift, consolidation plan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from planner.code_enums import code_drift
from planner.config import Config
from planner.dbcheck import Finding, ResultCache, Switched, check_code
from planner.enums import find_duplicates
from planner.enums_plan import plan_consolidations
from planner.errors import InputError
from planner.facts import FileFacts
from planner.schema.model import Schema
from planner.sqlfind.code_files import CodeFiles


def load_schema(config: Config, *, dsn: str | None = None, cache: ResultCache | None = None) -> Schema:
    """The database model: introspected live when a DSN is given (argument, else config), else the DDL files
    (from ``cache`` when they did not change, planner/dbcheck/reuse.py; a live schema is never cached).

    Returns:
        The schema model.

    Raises:
        InputError: nothing configured, a DDL file does not parse (file:line), or the DSN cannot be reached.
    """
    url = dsn or config.database.dsn
    if url:
        return introspect(url)
    if not config.database.schema:
        raise InputError(
            "[tool.guardian.database]",
            "neither schema files nor a dsn are configured",
            hint='add schema = ["db/schema.sql"] or dsn = "postgresql://..."',
        )
    from planner.dbcheck.reuse import ddl_schema
    from planner.schema.unsafe_text import refuse_unsafe_names

    schema = ddl_schema(config, cache)
    refuse_unsafe_names(schema, ", ".join(schema.sources))  # a cache an older Guardian wrote, too
    return schema


def introspect(url: str) -> Schema:
    """Introspect the live database at ``url`` (PostgreSQL or MariaDB/MySQL).

    Returns:
        The schema model.

    Raises:
        InputError: a bad URL or an unreachable server, or a name the SQL clients cannot carry
            (:mod:`planner.schema.unsafe_text`).
    """
    from planner.schema.connect import connect, parse_dsn
    from planner.schema.unsafe_text import refuse_unsafe_names

    parsed = parse_dsn(url)
    conn = connect(parsed)
    try:
        if parsed.dialect == "postgres":
            from planner.schema.introspect_pg import introspect_postgres

            schema = introspect_postgres(conn)
        else:
            from planner.schema.introspect_mysql import introspect_mysql

            schema = introspect_mysql(conn)
    finally:
        conn.close()
    refuse_unsafe_names(schema, parsed.label)
    return schema


def assess_database(
    config: Config,
    *,
    dsn: str | None = None,
    switched: Sequence[Switched] = (),
    cache: ResultCache | None = None,
    scanned: Mapping[str, FileFacts] | None = None,
) -> dict[str, Any]:
    """docs/design.md's ``database`` key of ``assess --json`` (``scanned``: the facts of the scan
    ``assess`` made, which hold the files' SQL: they are not read again).

    Returns:
        ``{"enum_types", "duplicate_enums", "code_drift", "code_matches", "opaque_statements", "source",
        "code_findings", "code_opaque"}`` (the last two: :mod:`planner.dbcheck`).

    Raises:
        InputError: unparseable DDL (file:line) or an unreachable DSN (exit 2).
    """
    schema = load_schema(config, dsn=dsn, cache=cache)
    files = CodeFiles(config, scanned or ())  # one walk of the source roots, one parse of each file both read
    drift, matches = code_drift(config, schema, scanned, files)
    checked = check_code(config, schema, switched=switched, cache=cache, scanned=scanned, files=files)
    return {
        "source": "live" if (dsn or config.database.dsn) else list(schema.sources),
        "dialect": schema.dialect,
        "enum_types": schema.to_json(),
        "duplicate_enums": [g.to_json() for g in find_duplicates(schema, config.enums)],
        "code_drift": drift,
        "code_matches": matches,
        "opaque_statements": list(schema.opaque),
        "code_findings": [f.to_json() for f in checked.findings],
        "code_opaque": list(checked.opaque),
    }


def code_findings(
    config: Config,
    *,
    dsn: str | None = None,
    switched: Sequence[Switched] = (),
    cache: ResultCache | None = None,
    scanned: Mapping[str, FileFacts] | None = None,
) -> list[Finding]:
    """The code-vs-database findings of the repository now (``validate`` compares them with the assessment's).

    Raises:
        InputError: the schema cannot be read (exit 2).
    """
    schema = load_schema(config, dsn=dsn, cache=cache)
    return list(check_code(config, schema, switched=switched, cache=cache, scanned=scanned).findings)


def consolidation_plan(config: Config, *, dsn: str | None = None) -> list[dict[str, Any]]:
    """docs/design.md's plan.json ``enums`` list.

    Returns:
        One item per duplicate group: canonical, merge, map, lossy, labels, columns, warnings.

    Raises:
        InputError: the schema cannot be read (exit 2).
        planner.enums.PlanRefused: a lossy or incomplete mapping (exit 3).
    """
    schema = load_schema(config, dsn=dsn)
    return [c.to_json() for c in plan_consolidations(config, schema)]
