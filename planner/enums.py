"""Duplicate ENUM detection, the canonical choice, and the consolidation plan.

Two enum types are related when (in this order of strength):

* their value sets are **identical**;
* one is a **subset** of the other (and they share at least two labels);
* they are **near-duplicates**: equal or subset/superset once labels that differ only by case,
  surrounding blanks or a small spelling change (``canceled``/``cancelled``) are paired;
* their **names are variants** (``orderstatus``/``order_status``: equal once ``_``, case and an
  ``enum``/``type`` affix are removed) and they share at least half the smaller set.

Related types form a group (transitively). The canonical type of a group is chosen by, in order:
it covers every label of the group; keeping it rewrites the fewest rows (live row estimates, or the
DDL's own INSERTs); it rebuilds the fewest dependents (views, materialized views, indexes,
functions, constraints); a clean name (no ``enum``/``type`` affix, words separated by ``_``); the
most columns using it; the alphabetically first name. ``[tool.guardian.enums]``
overrides the choice, the members and the label map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from networkx.utils import UnionFind

from failures import ExitCode
from planner.config import EnumOverride
from planner.errors import PlannerError
from planner.schema.model import EnumType, Schema, View
from planner.spelling import edit_distance

PG_LABEL_MAX_BYTES = 63


class PlanRefused(PlannerError):
    """The consolidation cannot be planned safely (lossy or incomplete mapping, invalid label)."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, key: str, message: str, *, hint: str) -> None:
        super().__init__(f"[tool.guardian.enums] {key}: {message}", hint=hint)
        self.key = key


@dataclass(frozen=True)
class DuplicateGroup:
    """Enum types that hold the same values: the canonical one, the others, and why they are duplicates."""

    canonical: str
    members: tuple[str, ...]
    why: str
    relations: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "canonical": self.canonical,
            "members": list(self.members),
            "why": self.why,
            "relations": list(self.relations),
        }


@dataclass(frozen=True)
class ColumnMigration:
    """One column moving from a duplicate type to the canonical one (parallel column ``new_column``)."""

    schema: str
    table: str
    column: str
    source: str
    new_column: str
    is_array: bool = False
    not_null: bool = False
    default: str | None = None


@dataclass(frozen=True)
class MemberMap:
    """How the labels of one duplicate type map onto the canonical labels."""

    source: str
    labels: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]

    def forward(self) -> dict[str, str]:
        return dict(self.pairs)

    def reverse(self) -> dict[str, str]:
        """Canonical -> source label (the first source label wins when the map is lossy)."""
        out: dict[str, str] = {}
        for src, dst in self.pairs:
            out.setdefault(dst, src)
        return out


@dataclass(frozen=True)
class Consolidation:
    """The plan for one group: the canonical type, each member's label map, the columns to migrate."""

    canonical: EnumType
    create_type: bool
    members: tuple[MemberMap, ...]
    columns: tuple[ColumnMigration, ...]
    lossy: bool = False
    why: str = ""
    warnings: tuple[str, ...] = field(default=())

    def member(self, source: str) -> MemberMap:
        return next(m for m in self.members if m.source == source)

    def to_json(self) -> dict[str, Any]:
        """docs/design.md's plan.json ``enums`` item (``map`` is the union of the non-identity pairs)."""
        flat = {s: d for m in self.members for s, d in m.pairs if s != d}
        return {
            "canonical": self.canonical.display,
            "merge": [_display(m.source) for m in self.members],
            "map": dict(sorted(flat.items())),
            "lossy": self.lossy,
            "create_type": self.create_type,
            "labels": list(self.canonical.labels),
            "why": self.why,
            "maps": {_display(m.source): dict(m.pairs) for m in self.members},
            "columns": [
                {
                    "table": c.table,
                    "column": c.column,
                    "from": _display(c.source),
                    "array": c.is_array,
                    "not_null": c.not_null,
                    "default": c.default,
                    "new_column": c.new_column,
                }
                for c in self.columns
            ],
            "warnings": list(self.warnings),
        }


def _display(key: str) -> str:
    return key.split(".", 1)[1] if key.startswith("public.") else key


# -- label and name similarity -------------------------------------------------------------------
def squash_label(label: str) -> str:
    """Case- and blank-insensitive form of a label."""
    return re.sub(r"[\s_\-]+", "", label.strip().lower())


def near_label(label: str, candidates: tuple[str, ...]) -> tuple[str, str] | None:
    """The one candidate that ``label`` is a case/blank or spelling variant of, with the reason.

    Returns:
        ``(candidate, "case"|"spelling")`` or None when there is no unique match.
    """
    squashed = squash_label(label)
    same = [c for c in candidates if squash_label(c) == squashed and c != label]
    if len(same) == 1:
        return same[0], "case"
    if len(squashed) >= 5:
        close = [
            c
            for c in candidates
            if c != label
            and squash_label(c)[:1] == squashed[:1]
            and edit_distance(squash_label(c), squashed) <= (1 if len(squashed) < 8 else 2)
        ]
        if len(close) == 1:
            return close[0], "spelling"
    return None


def squash_name(name: str) -> str:
    """``status_enum`` -> ``status``; ``OrderStatus`` -> ``orderstatus``: the name without affixes."""
    base = name.rsplit(".", 1)[-1].lower()
    base = re.sub(r"(^(enum|type|e|t)_)|(_(enum|type|t|e|kind)$)|(enum$)", "", base)
    return base.replace("_", "")


def _clean_name(name: str) -> bool:
    base = name.rsplit(".", 1)[-1]
    return squash_name(base) == base.replace("_", "").lower() and ("_" in base or base.isalpha() and len(base) <= 8)


def relation(a: EnumType, b: EnumType) -> str | None:
    """Why ``a`` and ``b`` duplicate each other, or None.

    Returns:
        A short explanation such as ``"identical values"``.
    """
    sa, sb = set(a.labels), set(b.labels)
    if sa == sb:
        return "identical values" + ("" if a.labels == b.labels else " (different order)")
    shared = len(sa & sb)
    if (sa < sb or sb < sa) and shared >= 2:
        small, big = (a, b) if sa < sb else (b, a)
        return f"{small.display} is a subset of {big.display}"
    pairs = {x: near_label(x, b.labels) for x in sa - sb}
    mapped = {p[0] if p else x for x, p in pairs.items()} | (sa & sb)
    near = [f"{x}/{p[0]}" for x, p in sorted(pairs.items()) if p]
    if near and (mapped <= sb or sb <= mapped):
        return f"near-duplicates ({', '.join(near)})"
    if (
        not (a.inline or b.inline)
        and squash_name(a.name) == squash_name(b.name)
        and (shared + len(near)) * 2 >= min(len(sa), len(sb))
    ):
        return f"name variants ({a.display}/{b.display})"
    return None


# -- groups --------------------------------------------------------------------------------------
def find_duplicates(schema: Schema, overrides: tuple[EnumOverride, ...] = ()) -> list[DuplicateGroup]:
    """Group duplicate enum types and choose each group's canonical type.

    Returns:
        Groups sorted by canonical name; overrides from the configuration replace detected groups.
    """
    types = list(schema.enum_types)
    sets = UnionFind(t.key for t in types)

    relations: dict[frozenset[str], str] = {}
    for i, a in enumerate(types):
        for b in types[i + 1 :]:
            why = relation(a, b)
            if why:
                relations[frozenset((a.key, b.key))] = f"{a.display} ~ {b.display}: {why}"
                sets.union(a.key, b.key)
    groups: dict[str, list[EnumType]] = {}
    for t in types:
        groups.setdefault(sets[t.key], []).append(t)
    claimed: set[str] = set()
    out: list[DuplicateGroup] = []
    for override in overrides:
        canonical = schema.enum(override.canonical)
        found = [(n, schema.enum(n)) for n in override.merge]
        keys = [m.key if m is not None else n for n, m in found]  # unknown names stay: planning refuses them
        claimed.update(keys + ([canonical.key] if canonical else []))
        rels = tuple(
            r
            for pair, r in sorted(relations.items(), key=lambda kv: kv[1])
            if pair & set(keys + ([canonical.key] if canonical else []))
        )
        out.append(
            DuplicateGroup(
                canonical.display if canonical else override.canonical,
                tuple(_display(k) for k in keys),
                "chosen in [tool.guardian.enums]",
                rels,
            )
        )
    for members in groups.values():
        if len(members) < 2 or any(m.key in claimed for m in members):
            continue
        chosen, why = choose_canonical(schema, members)
        rels = tuple(
            r for pair, r in sorted(relations.items(), key=lambda kv: kv[1]) if pair <= {m.key for m in members}
        )
        out.append(DuplicateGroup(chosen.display, tuple(m.display for m in members if m.key != chosen.key), why, rels))
    return sorted(out, key=lambda g: g.canonical)


@dataclass(frozen=True)
class MigrationCost:
    """What moving one type's columns onto another type would rewrite and rebuild (issue 15)."""

    rows: int
    rows_known: bool
    columns: int
    views: int
    matviews: int
    indexes: int
    functions: int
    constraints: int

    @property
    def rebuilds(self) -> int:
        return self.views + self.matviews + self.indexes + self.functions + self.constraints

    def describe(self) -> str:
        rows = f"{self.rows} row{'s' if self.rows != 1 else ''}" if self.rows_known else "rows unknown"
        parts = [
            f"{n} {label}{'s' if n != 1 else ''}"
            for n, label in (
                (self.columns, "column"),
                (self.views, "view"),
                (self.matviews, "materialized view"),
                (self.indexes, "index"),
                (self.functions, "function"),
                (self.constraints, "constraint"),
            )
            if n
        ]
        return f"{rows}, " + ", ".join(parts) if parts else rows


def migration_cost(schema: Schema, enum: EnumType) -> MigrationCost:
    """The rows to rewrite (live estimates, or the DDL's own INSERTs) and dependents to rebuild if ``enum`` moves.

    Returns:
        The figures ``why`` shows.
    """
    rows, known = 0, False
    views: dict[str, View] = {}
    indexes: set[str] = set()
    checks: set[str] = set()
    tables: set[str] = set()
    cols = schema.enum_columns(enum.key)
    for col in cols:
        table = schema.table(col.qualified_table)
        if table is None:
            continue
        if table.key not in tables:
            tables.add(table.key)
            count = schema.rows(table.key)
            if count is not None:
                rows, known = rows + count, True
        direct = schema.views_on(table, col.name)
        for view in direct + schema.views_over(direct):
            views[view.key] = view
        indexes.update(i.name for i in schema.indexes_on(table, col.name))
        checks.update(c.name for c in schema.checks_on(table, col.name))
    functions = sum(1 for f in schema.functions if enum.key in f.enums)
    matviews = sum(1 for v in views.values() if v.materialized)
    return MigrationCost(rows, known, len(cols), len(views) - matviews, matviews, len(indexes), functions, len(checks))


def choose_canonical(schema: Schema, members: list[EnumType]) -> tuple[EnumType, str]:
    """The deterministic canonical choice of a group, with its explanation.

    The canonical type must cover every label of the group; among those, the one whose move would
    cost most is kept (DBA rule: rewrite the fewest rows, then rebuild the fewest views, materialized
    views, indexes, functions and constraints); then a clean name, the most columns, the name.

    Returns:
        ``(type, why)``: why names each candidate's figures.
    """

    def covers(t: EnumType) -> bool:
        labels = t.labels
        return all(x in labels or near_label(x, labels) for m in members for x in m.labels)

    costs = {t.key: migration_cost(schema, t) for t in members}

    def rank(t: EnumType) -> tuple[int, int, int, int, int, int, str]:
        cost = costs[t.key]
        return (
            0 if covers(t) else 1,
            -cost.rows,
            -cost.rebuilds,
            0 if _clean_name(t.name) else 1,
            -len(schema.enum_columns(t.key)),
            0,
            t.display,
        )

    ordered = sorted(members, key=rank)
    best = ordered[0]
    reasons = []
    if covers(best):
        reasons.append("covers every label of the group")
    others = [t for t in ordered[1:]]
    moved = sum(costs[t.key].rows for t in others)
    known = any(c.rows_known for c in costs.values())
    figures = f"moving it: {costs[best.key].describe()}; " + "; ".join(
        f"moving {t.display}: {costs[t.key].describe()}" for t in others
    )
    reasons.append(
        (
            f"keeping it rewrites {moved} row{'s' if moved != 1 else ''}"
            if known
            else "no row figures (no database, no INSERTs in the DDL)"
        )
        + f" ({figures})"
    )
    if _clean_name(best.name):
        reasons.append("has the clean name")
    uses = len(schema.enum_columns(best.key))
    reasons.append(f"used by {uses} column{'s' if uses != 1 else ''}")
    return best, (
        f"{best.display}: "
        + ", ".join(reasons)
        + " (rules: coverage, fewest rows to rewrite, fewest dependents to rebuild, clean name, "
        "most columns, name)"
    )
