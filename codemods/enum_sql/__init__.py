"""SQL for ENUM consolidation with parallel columns: one builder per dialect, never transpiled.

``generate`` turns the planner's consolidations into numbered steps; ``write_steps`` writes
``NNN_<step>_<canonical>.up.sql`` / ``.down.sql`` files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from codemods.enum_sql.common import SUPPORTED_DIALECTS, SqlStep, UnsupportedDialect
from codemods.errors import CodemodError
from planner.enums import Consolidation
from planner.schema.model import Schema

__all__ = ["SqlStep", "UnsupportedDialect", "generate", "write_steps", "SchemaDialectMismatch"]


class SchemaDialectMismatch(CodemodError):
    """The schema was read for one dialect and SQL was asked for another: SQL is never transpiled (exit 2)."""

    exit_code = 2

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
    return steps


def write_steps(steps: Sequence[SqlStep], directory: Path) -> list[Path]:
    """Write each step's ``.up.sql`` and ``.down.sql`` into ``directory`` (created if needed).

    Returns:
        The written paths, in order.

    Raises:
        CodemodError: the directory cannot be written (exit 2).
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for step in steps:
            for direction, text in (("up", step.up), ("down", step.down)):
                path = directory / f"{step.stem}.{direction}.sql"
                path.write_text(text, encoding="utf-8")
                written.append(path)
        return written
    except OSError as exc:
        error = CodemodError(
            f"{directory}: cannot write SQL files: {exc.strerror or exc}", hint="choose another -o DIR"
        )
        error.exit_code = 2
        raise error from None
