"""The batched backfill of the parallel columns (PostgreSQL), and the check that it is complete."""

from __future__ import annotations

from codemods.enum_sql.common import ident, literal, statement
from codemods.enum_sql.postgres.builder import SKIP_NAME, D, PostgresBuilder, TableWork, do_block


def backfill(b: PostgresBuilder, work: TableWork, *, reverse: bool) -> str:
    """Batched backfill that fires none of the table's user triggers (issue 15), one transaction per batch.

    Each batch either runs with ``session_replication_role = replica`` (transaction-local: when the
    role may set it and no trigger of the table is ``ENABLE ALWAYS``/``REPLICA``), or disables the
    table's enabled triggers inside the batch transaction and restores each one's state before its
    ``COMMIT`` (``ALTER TABLE`` takes SHARE ROW EXCLUSIVE: writers wait for that batch only). Other
    sessions' writes always fire their triggers. Rows inserted after the start are left to the sync trigger.
    """
    sets, differs = [], []
    for col in work.columns:
        target, source = (col.column, col.new_column) if reverse else (col.new_column, col.column)
        fn = b.col_fn(col, "rev" if reverse else "fwd")
        sets.append(f"{ident(target, D)} = {fn}({ident(source, D)})")
        differs.append(f"{ident(target, D)} IS DISTINCT FROM {fn}({ident(source, D)})")
    assignments = ", ".join(sets)
    changed = " OR ".join(differs)
    tbl = literal(b.tbl(work), D)
    # the table itself and, when partitioned, every partition (pg_partition_tree is empty for a plain table)
    tree = (
        f"SELECT CAST({tbl} AS regclass) UNION SELECT relid FROM pg_catalog.pg_partition_tree(CAST({tbl} AS regclass))"
    )
    if work.pk is None:
        update = statement(f"UPDATE {b.tbl(work)} SET {assignments} WHERE {changed}", D)
        bounds = ["  -- no single-column primary key: one batch", "  _em_lo := 0; _em_hi := 0;"]
        step = "0"
    else:
        pk = ident(work.pk, D)
        update = statement(
            f"UPDATE {b.tbl(work)} SET {assignments} WHERE {pk} >= _em_lo AND {pk} < _em_lo + _em_step AND ({changed})",
            D,
        )
        bounds = [f"  SELECT min({pk}), max({pk}) INTO _em_lo, _em_hi FROM {b.tbl(work)};"]
        step = str(int(b.batch))
    return do_block(
        [
            f"DECLARE _em_lo bigint; _em_hi bigint; _em_step constant bigint := {step};",
            "  _em_replica boolean; _em_t record; _em_restore text[]; _em_sql text;",
            "BEGIN",
            *bounds,
            "  -- Guardian's own writes fire no user trigger (updated_at, row versions, audit rows stay as they were):",
            "  -- session_replication_role = replica per batch when this role may set it (superuser, or PostgreSQL 15+",
            "  -- GRANT SET ON PARAMETER session_replication_role) and no trigger is ENABLE ALWAYS/REPLICA;",
            "  -- otherwise the enabled triggers are disabled inside each batch transaction only (writers wait for it).",
            "  _em_replica := COALESCE((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user), false);",
            "  IF NOT _em_replica AND current_setting('server_version_num')::int >= 150000 THEN",
            "    EXECUTE 'SELECT pg_catalog.has_parameter_privilege(''session_replication_role'', ''SET'')' INTO _em_replica;",
            "  END IF;",
            f"  IF EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid IN ({tree}) AND NOT tgisinternal",
            "             AND tgenabled IN ('A', 'R')) THEN",
            "    _em_replica := false;",
            "  END IF;",
            "  WHILE _em_lo <= _em_hi LOOP",
            "    -- this transaction writes both columns itself: the sync trigger skips its rows (not others')",
            f"    PERFORM set_config({literal(SKIP_NAME, D)}, 'on', true);",
            "    _em_restore := ARRAY[]::text[];",
            "    IF _em_replica THEN",
            "      PERFORM set_config('session_replication_role', 'replica', true);",
            "    ELSE",
            "      FOR _em_t IN SELECT tgrelid::regclass::text AS rel, tgname, tgenabled FROM pg_catalog.pg_trigger",
            f"                   WHERE tgrelid IN ({tree}) AND NOT tgisinternal AND tgenabled <> 'D' LOOP",
            "        EXECUTE format('ALTER TABLE ONLY %s DISABLE TRIGGER %I', _em_t.rel, _em_t.tgname);",
            "        _em_restore := _em_restore || format('ALTER TABLE ONLY %s ENABLE %s TRIGGER %I', _em_t.rel,",
            "          CASE _em_t.tgenabled WHEN 'A' THEN 'ALWAYS' WHEN 'R' THEN 'REPLICA' ELSE '' END, _em_t.tgname);",
            "      END LOOP;",
            "    END IF;",
            f"    {update};",
            "    FOREACH _em_sql IN ARRAY _em_restore LOOP EXECUTE _em_sql; END LOOP;",
            "    COMMIT;",
            "    _em_lo := _em_lo + GREATEST(_em_step, 1);",
            "  END LOOP;",
            "END",
        ]
    )


def invariant(b: PostgresBuilder, work: TableWork) -> str:
    differs = " OR ".join(
        f"{ident(c.new_column, D)} IS DISTINCT FROM {b.col_fn(c, 'fwd')}({ident(c.column, D)})" for c in work.columns
    )
    message = literal(f"backfill of {work.table.name} incomplete: % rows differ", D)
    return do_block(
        [
            "DECLARE _em_n bigint;",
            "BEGIN",
            f"  SELECT count(*) INTO _em_n FROM {b.tbl(work)} WHERE {differs};",
            f"  IF _em_n > 0 THEN RAISE EXCEPTION {message}, _em_n; END IF;",
            "END",
        ]
    )
