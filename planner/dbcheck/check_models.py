"""Models checked against the catalog: their table, each column's presence, nullability, type and
enum binding, foreign-key targets, database columns a complete model lacks, stale names."""

from __future__ import annotations

from planner.dbcheck.catalog import COMPATIBLE, TableInfo, near
from planner.dbcheck.context import Context
from planner.dbcheck.model_types import Model, ModelColumn
from planner.schema.model import Column


def check_model(ctx: Context, model: Model) -> None:
    catalog = ctx.catalog
    info = catalog.table(model.schema, model.table)
    where = f"{model.name} -> {model.table}"
    if info is None or info.view and model.kind == "django":
        if info is None and not (model.schema is None and catalog.ambiguous(model.table)):
            close = catalog.near_table(model.table)
            ctx.add(
                "unknown-table",
                model.path,
                model.line,
                f"{model.name}: table {model.table!r}",
                f"no table {model.table}",
                f"did you mean {close}?" if close else "create the table in a migration, or set the model's table name",
                model.table,
            )
        return
    for column in model.columns:
        real = catalog.column(info, column.name)
        if column.name not in info.columns:
            close = near(column.name, info.columns)
            ctx.add(
                "model-column-missing",
                model.path,
                column.line,
                column.excerpt or f"{model.name}.{column.attribute}",
                f"{info.display} has: {', '.join(info.columns)}",
                f"did you mean {close}?"
                if close
                else f"add {info.display}.{column.name} in a migration, or drop it from the model",
                f"{info.display}.{column.name}",
            )
            continue
        _check_stale_model(ctx, model, column, info)
        if column.foreign_key:
            _check_foreign_key(ctx, model, column)
        if real is None:
            continue  # a view's column: no type facts
        _check_types(ctx, model, column, info, real)
    if model.complete:
        mapped = {c.name for c in model.columns}
        for name in info.columns:
            if name not in mapped:
                real = catalog.column(info, name)
                required = real is not None and real.not_null and real.default is None
                ctx.add(
                    "db-column-unmapped",
                    model.path,
                    model.line,
                    f"{where}",
                    f"{info.display}.{name}"
                    + (f" {catalog.type_text(real)}" if real else "")
                    + (" NOT NULL without a default" if required else ""),
                    "map it in the model"
                    + (
                        ": inserts through the model fail without it"
                        if required
                        else ", or mark the model as partial by accepting this finding"
                    ),
                    f"{info.display}.{name}",
                )


def _check_types(ctx: Context, model: Model, column: ModelColumn, info: TableInfo, real: Column) -> None:
    catalog = ctx.catalog
    excerpt = column.excerpt or f"{model.name}.{column.attribute}"
    if column.nullable is not None and not column.primary_key and column.nullable == real.not_null:
        says = "nullable" if column.nullable else "NOT NULL"
        ctx.add(
            "nullability-mismatch",
            model.path,
            column.line,
            excerpt,
            f"{info.display}.{column.name} is {'NOT NULL' if real.not_null else 'nullable'}",
            f"the model says {says}: " + ("writing None fails" if real.not_null else "reads may return None"),
            f"{info.display}.{column.name}",
        )
    model_family = column.family
    db_family = catalog.family(real)
    if (
        model_family
        and db_family
        and model_family != db_family
        and (model_family, db_family) not in COMPATIBLE
        and not (model_family == "integer" and db_family == "boolean" and catalog.dialect == "mysql")
    ):
        ctx.add(
            "type-mismatch",
            model.path,
            column.line,
            excerpt,
            f"{info.display}.{column.name} is {catalog.type_text(real)}",
            f"the model maps it as {column.type_name} ({model_family}); make them agree",
            f"{info.display}.{column.name}",
        )
    enum = catalog.enum_of(real)
    binding = column.enum
    if binding is None or enum is None:
        return
    named = (binding.name or "").lower()
    if (
        named
        and not enum.inline
        and named not in (enum.name.lower(), enum.key.lower())
        and named not in ctx.stale_types
    ):
        ctx.add(
            "type-mismatch",
            model.path,
            column.line,
            excerpt,
            f"{info.display}.{column.name} is of type {enum.display}",
            f"Enum(name={binding.name!r}) names another type; use name={enum.display!r}",
            f"{info.display}.{column.name}",
        )
    for label in binding.labels:
        if label not in enum.labels:
            how = (
                " (SQLAlchemy writes member names unless values_callable is given)"
                if binding.source == "PyEnum names"
                else ""
            )
            close = near(label, list(enum.labels))
            ctx.add(
                "unknown-label",
                model.path,
                column.line,
                excerpt,
                f"{info.display}.{column.name} ({enum.display}) allows {', '.join(repr(x) for x in enum.labels)}",
                (f"did you mean {close!r}?" if close else f"add {label!r} to {enum.display} or drop it from the code")
                + how,
                f"{info.display}.{column.name}={label}",
            )


def _check_stale_model(ctx: Context, model: Model, column: ModelColumn, info: TableInfo) -> None:
    excerpt = column.excerpt or f"{model.name}.{column.attribute}"
    new = ctx.stale_columns.get((info.schema, info.name, column.name))
    if new is not None:
        ctx.add(
            "stale-after-switch",
            model.path,
            column.line,
            excerpt,
            f"{info.display}.{column.name} is being retired; the switch moved readers to {new}",
            f"map {info.display}.{new} instead",
            f"{info.display}.{column.name}",
        )
    if column.enum and column.enum.name and column.enum.name.lower() in ctx.stale_types:
        canonical = ctx.stale_types[column.enum.name.lower()]
        ctx.add(
            "stale-after-switch",
            model.path,
            column.line,
            excerpt,
            f"type {column.enum.name} is being merged into {canonical}",
            f"use Enum(..., name={canonical!r})",
            column.enum.name,
        )


def _check_foreign_key(ctx: Context, model: Model, column: ModelColumn) -> None:
    target = column.foreign_key or ""
    parts = target.split(".")
    if len(parts) < 2:
        return
    table_name, col = ".".join(parts[:-1]), parts[-1]
    schema, _, bare = table_name.rpartition(".")
    info = ctx.catalog.table(schema or None, bare)
    excerpt = column.excerpt or f"{model.name}.{column.attribute}"
    if info is None:
        ctx.add(
            "unknown-table",
            model.path,
            column.line,
            excerpt,
            f"ForeignKey({target!r}): no table {table_name}",
            "fix the ForeignKey target",
            table_name,
        )
    elif col not in info.columns:
        ctx.add(
            "unknown-column",
            model.path,
            column.line,
            excerpt,
            f"{info.display} has: {', '.join(info.columns)}",
            "fix the ForeignKey target",
            f"{info.display}.{col}",
        )
