"""SQL for ENUM consolidation with parallel columns: one builder per dialect, never transpiled.

``generate`` turns the planner's consolidations into numbered steps (``guardian enums sql -o DIR``
writes them as ``NNN_<step>_<canonical>.up.sql`` / ``.down.sql`` through ``rollback.door``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from codemods.enum_sql.common import SUPPORTED_DIALECTS, RenderError, SqlStep, UnsupportedDialect
from codemods.errors import CodemodError
from failures import ExitCode
from planner.enums import Consolidation
from planner.schema.model import Schema
from planner.schema.unsafe_text import refuse_psql_misread

__all__ = ["SqlStep", "UnsupportedDialect", "generate", "SchemaDialectMismatch"]


class SchemaDialectMismatch(CodemodError):
    """The schema was read for one dialect and SQL was asked for another: SQL is never transpiled (exit 2)."""

    exit_code = ExitCode.USAGE

    def __init__(self, schema: str, asked: str) -> None:
        super().__init__(
            f"--dialect {asked}: the schema was read as {schema}; ENUM SQL is built per dialect, never transpiled",
            hint=f"use --dialect {schema}, or point [tool.guardian.database] at a {asked} schema or DSN",
        )


def generate(plans: Sequence[Consolidation], schema: Schema, dialect: str, *, batch_size: int = 5000) -> list[SqlStep]:
    """Build the up/down SQL of every consolidation step.

    Returns:
        Steps numbered from 1 in apply order (each group: expand, switch, contract).

    Raises:
        UnsupportedDialect: ``dialect`` has no builder (exit 2).
        SchemaDialectMismatch: the schema belongs to another dialect (exit 2).
        InputError: a PostgreSQL file psql would read otherwise than the server (exit 2).
    """
    if dialect not in SUPPORTED_DIALECTS:
        raise UnsupportedDialect(dialect)
    if schema.dialect != dialect:
        raise SchemaDialectMismatch(schema.dialect, dialect)
    if dialect == "postgres":
        from codemods.enum_sql.postgres import build_postgres as build
    else:
        from codemods.enum_sql.mysql import build_mysql as build
    steps: list[SqlStep] = []
    for plan in plans:
        slug = re.sub(r"[^a-z0-9_]+", "_", plan.canonical.display.lower()).strip("_")
        for name, up, down in build(plan, schema, batch_size=batch_size):
            steps.append(SqlStep(len(steps) + 1, f"{name}_{slug}", up, down, dialect))
    for step in steps:  # the schema readers refuse a NUL (planner/schema/unsafe_text.py): psql drops a line after one
        if "\0" in step.up + step.down:
            raise RenderError(f"{step.stem}: generated SQL holds a NUL byte", hint="this is a bug, please report it")
        if dialect == "postgres":  # what a checkout chose (a CHECK, a view...) must not drive psql
            refuse_psql_misread(step.up, f"{step.stem}.up.sql")
            refuse_psql_misread(step.down, f"{step.stem}.down.sql")
    return steps
