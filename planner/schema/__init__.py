"""Database reality: one model read from DDL files (SQLGlot) or a live PostgreSQL / MariaDB."""

from __future__ import annotations

from planner.schema.model import Check, Column, EnumType, Function, Index, Schema, Table, View

__all__ = ["Check", "Column", "EnumType", "Function", "Index", "Schema", "Table", "View"]
