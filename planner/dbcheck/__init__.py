"""Code versus database reality: every table, column and label the code uses, checked against the schema.

``sql_in_code`` finds the SQL (Python call sites and ``.sql`` files), ``models`` the ORM models,
``labels`` the enum labels the code writes, ``catalog`` looks names up in the schema and ``check``
turns mismatches into findings. Nothing here imports the checked code.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.code_enums import find_code_enums
from planner.config import Config
from planner.dbcheck.catalog import Catalog
from planner.dbcheck.check import KINDS, AcceptRule, CodeCheck, Finding, Switched, check, new_since
from planner.dbcheck.models import find_models
from planner.dbcheck.sql_in_code import find_sql, parse_site, python_files
from planner.schema.model import Schema

__all__ = ["KINDS", "AcceptRule", "CodeCheck", "Finding", "Switched", "check_code", "new_since"]


def check_code(config: Config, schema: Schema, *, switched: Sequence[Switched] = ()) -> CodeCheck:
    """Check the code of ``config``'s repository against ``schema`` (DDL files or a live database).

    Returns:
        The findings (``[database] accept`` rules applied) and the opaque SQL sites.
    """
    dialect = config.database.dialect if schema.sources != ("live",) else schema.dialect
    sites, unreadable = find_sql(config)
    parsed = [parse_site(site, dialect) for site in sites]
    files = []
    for path in python_files(config):
        try:
            files.append((path.relative_to(config.root).as_posix(), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    models = find_models(files, find_code_enums(config))
    result = check(Catalog(schema), parsed, models, switched=switched, accept=config.database.accept)
    return CodeCheck(result.findings, result.opaque, result.sql_sites, result.models, tuple(unreadable))
