"""The consolidation plan: for each duplicate group, the label maps and the columns to migrate.

Refusals (exit 3, before any SQL exists), numbered as the tests name them:
T1 two labels of one type mapped to one canonical label (not reversible) unless ``lossy = true``;
T2 case-only duplicate labels in a MySQL canonical ENUM; T3 a PostgreSQL label over 63 bytes;
T5 a source label with no canonical counterpart. T4 (label order differs) is a warning.
"""

from __future__ import annotations

from planner.config import Config, EnumOverride
from planner.enums import (
    PG_LABEL_MAX_BYTES,
    ColumnMigration,
    Consolidation,
    DuplicateGroup,
    MemberMap,
    PlanRefused,
    find_duplicates,
    near_label,
)
from planner.schema.model import EnumType, Schema, Table
from planner.schema.names import fit_name, name_length, name_limit

NEW_SUFFIX = "_new"


def plan_consolidations(config: Config, schema: Schema) -> list[Consolidation]:
    """Plan every duplicate group of ``schema`` (configured overrides first).

    Returns:
        One :class:`Consolidation` per group, sorted by canonical name.

    Raises:
        PlanRefused: a mapping is lossy, incomplete or invalid (exit 3).
    """
    overrides = {o.canonical: o for o in config.enums}
    out = []
    for group in find_duplicates(schema, config.enums):
        out.append(plan_group(schema, group, overrides.get(group.canonical)))
    return out


def plan_group(schema: Schema, group: DuplicateGroup, override: EnumOverride | None) -> Consolidation:
    """Plan one group.

    Returns:
        The consolidation.

    Raises:
        PlanRefused: see the module docstring.
    """
    key = group.canonical
    members: list[EnumType] = []
    for name in group.members:
        found = schema.enum(name)
        if found is None:
            raise PlanRefused(
                key,
                f"merge names {name!r}, which is not an enum type of the schema",
                hint=f"known types: {', '.join(e.display for e in schema.enum_types)}",
            )
        members.append(found)
    configured = dict(override.map) if override else {}
    lossy = override.lossy if override else False
    canonical = schema.enum(key)
    create = canonical is None
    if canonical is None:
        canonical = _new_type(schema, key, members, configured)
        if name_length(canonical.name, schema.dialect) > name_limit(schema.dialect):
            raise PlanRefused(
                key,
                f"the new type's name is {name_length(canonical.name, schema.dialect)} long; "
                f"{schema.dialect} allows {name_limit(schema.dialect)}",
                hint="choose a shorter canonical name",
            )
    warnings: list[str] = []
    _check_labels(schema, key, canonical)
    maps = []
    for member in members:
        pairs = []
        for label in member.labels:
            if label in configured:
                target = configured[label]
                if target not in canonical.labels:
                    raise PlanRefused(
                        key,
                        f"map sends {label!r} to {target!r}, which is not a label of {canonical.display}",
                        hint=f"labels: {', '.join(canonical.labels)}",
                    )
            elif label in canonical.labels:
                target = label
            else:
                near = near_label(label, canonical.labels)
                if near is None:
                    raise PlanRefused(
                        key,
                        f"label {label!r} of {member.display} has no counterpart in {canonical.display}",
                        hint=f'add it to the map, e.g. map = {{ "{label}" = "<one of {", ".join(canonical.labels)}>" }}',
                    )
                target = near[0]
                warnings.append(f"{member.display}.{label} -> {target}: {near[1]} variant, mapped automatically")
            pairs.append((label, target))
        _check_lossy(key, member, pairs, lossy)
        maps.append(MemberMap(member.key, member.labels, tuple(pairs)))
        order = [t for _, t in pairs]
        if order != [x for x in canonical.labels if x in set(order)]:
            warnings.append(
                f"label order of {member.display} differs from {canonical.display}: "
                "ORDER BY and < / > on migrated columns change meaning"
            )
    for member in members:
        for blocker in schema.blockers_of(member.key):
            raise PlanRefused(
                key,
                f"{blocker} is built on {member.display}; a parallel-column migration cannot move it "
                "and DROP TYPE would fail at contract",
                hint=f"migrate {blocker} by hand first, or keep {member.display} as the canonical type "
                "([tool.guardian.enums])",
            )
    columns = _columns(schema, key, canonical, members)
    merged = {m.key for m in members}
    for fn in schema.functions:
        signature = f"{fn.schema}.{fn.name}({', '.join(fn.argument_types)})"
        if set(fn.enums) & merged:
            raise PlanRefused(
                key,
                f"function {signature} takes or returns {', '.join(sorted(set(fn.enums) & merged))}: "
                "contract's DROP TYPE would fail (RESTRICT) and the function cannot move by itself",
                hint=f"create {fn.name} over {canonical.display} and drop this one first, or keep the "
                "function's type as the canonical one ([tool.guardian.enums])",
            )
        if set(fn.body_enums) & merged:
            warnings.append(
                f"function {signature} names {', '.join(sorted(set(fn.body_enums) & merged))} in its body: "
                "nothing in the catalog depends on it, so after contract it fails at run time; review it"
            )
    return Consolidation(canonical, create, tuple(maps), tuple(columns), lossy, group.why, tuple(warnings))


def trigger_mechanism(schema: Schema, table: Table) -> tuple[str, str]:
    """How Guardian's backfill of ``table`` keeps the table's user triggers from firing, and why.

    Returns:
        ``(mechanism, why)``; mechanism is ``none needed``, ``session_replication_role``,
        ``disable per batch``, ``chosen at run time`` or ``wrap and restore`` (MariaDB).
    """
    triggers = schema.triggers_on(table)
    names = ", ".join(t.name for t in triggers)
    if schema.dialect == "mysql":
        if not triggers:
            if "live" not in schema.sources:
                return (
                    "unknown",
                    "MariaDB triggers are not read from DDL files: generate with --dsn so the backfill "
                    "keeps them from firing",
                )
            return "none needed", "no user trigger on the table"
        return (
            "wrap and restore",
            f"{names}: MariaDB cannot disable a trigger for one session; they are re-created "
            "under LOCK TABLES to skip rows while @guardian_em_backfill is set (only the "
            "backfill sets it), then restored verbatim",
        )
    if not triggers and "live" in schema.sources:
        return "none needed", "no user trigger on the table"
    always = [t.name for t in triggers if t.enabled in ("A", "R")]
    may = schema.privilege("set_replication_role")
    if may == "yes" and not always:
        return (
            "session_replication_role",
            f"{names or 'user triggers'}: each batch runs with "
            "session_replication_role = replica (the role may set it); other sessions' writes fire them",
        )
    if may == "no" or always:
        reason = (
            f"{', '.join(always)} is ENABLE ALWAYS/REPLICA"
            if always
            else f"role {schema.privilege('current_user')} may not set session_replication_role "
            "(GRANT SET ON PARAMETER session_replication_role, PostgreSQL 15+, allows it)"
        )
        return (
            "disable per batch",
            f"{names}: {reason}; the triggers are disabled inside each batch transaction "
            "and restored before its COMMIT (writers to the table wait for that batch)",
        )
    return (
        "chosen at run time",
        "replica mode when the role may set session_replication_role, else the table's "
        "triggers disabled inside each batch transaction",
    )


def _check_trigger_privileges(schema: Schema, key: str, table: Table) -> None:
    """MariaDB: refuse up front when the role cannot re-create the table's triggers as they are."""
    if schema.dialect != "mysql" or not schema.privileges:
        return
    user = schema.privilege("current_user") or ""
    for trigger in schema.triggers_on(table):
        if schema.privilege("trigger") == "no":
            raise PlanRefused(
                key,
                f"trigger {trigger.name!r} on {table.name}: the backfill must re-create it so it "
                f"does not fire, and {user} lacks the TRIGGER privilege",
                hint=f"GRANT TRIGGER ON <database>.* TO {user}, or drop the trigger for the migration",
            )
        if trigger.definer and trigger.definer != user and schema.privilege("set_user") == "no":
            raise PlanRefused(
                key,
                f"trigger {trigger.name!r} on {table.name} is defined by {trigger.definer}; "
                f"re-creating it as its definer needs SET USER (or SUPER), which {user} lacks",
                hint=f"GRANT SET USER ON *.* TO {user}, or run Guardian as {trigger.definer}",
            )


def _new_type(schema: Schema, key: str, members: list[EnumType], configured: dict[str, str]) -> EnumType:
    labels: list[str] = []
    for member in sorted(members, key=lambda m: -len(m.labels)):
        for label in member.labels:
            target = configured.get(label, label)
            if target not in labels:
                labels.append(target)
    schema_name = "public" if schema.dialect == "postgres" else ""
    if "." in key and schema.dialect == "postgres":
        schema_name, key = key.split(".", 1)
    return EnumType(schema_name, key, tuple(labels))


def _check_labels(schema: Schema, key: str, canonical: EnumType) -> None:
    if schema.dialect == "postgres":
        for label in canonical.labels:
            if len(label.encode("utf-8")) > PG_LABEL_MAX_BYTES:
                raise PlanRefused(
                    key,
                    f"label {label[:20]!r}... is {len(label.encode())} bytes; PostgreSQL allows 63",
                    hint="shorten the label in the map",
                )
    if schema.dialect == "mysql":
        seen: dict[str, str] = {}
        for label in canonical.labels:
            folded = label.strip().lower()
            if folded in seen:
                raise PlanRefused(
                    key,
                    f"labels {seen[folded]!r} and {label!r} differ only by case or trailing blanks; "
                    "a MariaDB/MySQL ENUM cannot hold both",
                    hint="map one onto the other",
                )
            seen[folded] = label


def _check_lossy(key: str, member: EnumType, pairs: list[tuple[str, str]], lossy: bool) -> None:
    targets: dict[str, str] = {}
    for src, dst in pairs:
        if dst in targets and not lossy:
            raise PlanRefused(
                key,
                f"{member.display} labels {targets[dst]!r} and {src!r} both map to {dst!r}: "
                "the way back would lose which one a row held",
                hint=f"map them apart, or set lossy = true in [tool.guardian.enums.{key}]",
            )
        targets.setdefault(dst, src)


def _columns(schema: Schema, key: str, canonical: EnumType, members: list[EnumType]) -> list[ColumnMigration]:
    # an inline (MySQL) ENUM whose list equals the canonical one already is the canonical type
    keys = {m.key for m in members if not (m.inline and m.labels == canonical.labels)}
    out = []
    for table in schema.tables:
        for col in table.columns:
            if col.enum not in keys:
                continue
            new = fit_name(col.name, NEW_SUFFIX, schema.dialect)
            for blocker in schema.blockers_of(f"{table.key}.{col.name}"):
                raise PlanRefused(
                    key,
                    f"{table.key}.{col.name} is used by {blocker}: Guardian does not migrate an enum "
                    "column that row-level security policies, generated columns, publication column "
                    "lists or partitioning depend on",
                    hint="keep this column's type as the canonical one ([tool.guardian.enums]), or migrate it by hand",
                )
            _check_trigger_privileges(schema, key, table)
            blocking = schema.keys_on(table, col.name)
            if blocking:
                kinds = {
                    "p": "primary key",
                    "u": "unique constraint",
                    "f": "foreign key",
                    "r": "foreign key target",
                    "x": "exclusion constraint",
                }
                raise PlanRefused(
                    key,
                    f"{table.key}.{col.name} is part of {kinds.get(blocking[0].kind, 'a constraint')} "
                    f"{blocking[0].name!r}; migrating keyed enum columns is not supported",
                    hint="replace the constraint by a unique index, or migrate this column by hand",
                )
            _check_generated_names(schema, key, table, col.name, new)
            out.append(
                ColumnMigration(
                    table.schema, table.name, col.name, col.enum or "", new, col.is_array, col.not_null, col.default
                )
            )
    return out


def same_name(a: str, b: str) -> bool:
    """Whether the server may take ``a`` and ``b`` for one name. MariaDB/MySQL compare column, index and
    trigger names without case; PostgreSQL folds unquoted names to lower case, and a schema file's model
    does not say which were quoted: the comparison is case-insensitive on both (issue 11, review 12)."""
    return a.casefold() == b.casefold()


def _check_generated_names(schema: Schema, key: str, table: Table, column: str, new: str) -> None:
    """Refuse when a name the files create already exists: the files' ``ADD COLUMN IF NOT EXISTS`` (and
    ``CREATE INDEX IF NOT EXISTS``) would skip it, and the backfill, swap and drops would then use (and
    drop) the user's own column, index or constraint.

    Raises:
        PlanRefused: the parallel column, or a copy of an index or CHECK on ``column``, is taken (exit 3).
    """
    taken = [c.name for c in table.columns if same_name(c.name, new)]
    if taken:
        raise PlanRefused(
            key,
            f"{table.key} already has a column {taken[0]!r}; the parallel column {new!r} needs that name "
            f"({schema.dialect} takes them for one)",
            hint="rename or drop it first",
        )
    per_table = schema.dialect != "postgres"  # MariaDB: index names per table; PostgreSQL: per schema
    indexes = [i.name for i in schema.indexes if i.schema == table.schema and (not per_table or i.table == table.name)]
    constraints = [c.name for c in schema.checks if c.schema == table.schema and c.table == table.name]
    constraints += [k.name for k in schema.key_constraints if k.schema == table.schema and k.table == table.name]
    copies = [(i.name, indexes) for i in schema.indexes_on(table, column)]
    copies += [(c.name, constraints) for c in schema.checks_on(table, column)]
    for name, existing in copies:
        copy = fit_name(name, NEW_SUFFIX, schema.dialect)
        clash = next((e for e in existing if same_name(e, copy)), None)
        if clash is not None:
            raise PlanRefused(
                key,
                f"{table.key}: {name!r} is copied to {copy!r} for the parallel column, and {clash!r} already exists",
                hint="rename or drop it first",
            )
