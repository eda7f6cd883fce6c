"""Live PostgreSQL introspection: ``pg_type``/``pg_enum``, columns, defaults, indexes, CHECKs, views, functions.

Definitions are read with an empty ``search_path`` so every name comes back schema-qualified
(otherwise ``pg_get_indexdef`` prints ``'x'::orderstatus`` unqualified).
"""

from __future__ import annotations

from typing import Any

from planner.schema.model import Check, Column, EnumType, Function, Index, KeyConstraint, Schema, Table, Trigger, View

_USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"

ENUMS = f"""
SELECT n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
WHERE {_USER_SCHEMAS}
GROUP BY t.oid, n.nspname, t.typname ORDER BY t.oid"""

COLUMNS = f"""
SELECT n.nspname, c.relname, a.attname,
       row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum),
       format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
       COALESCE(en.nspname || '.' || et.typname, ''), ty.typcategory = 'A'
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type ty ON ty.oid = a.atttypid
LEFT JOIN pg_type et ON et.oid = CASE WHEN ty.typcategory = 'A' THEN ty.typelem ELSE ty.oid END AND et.typtype = 'e'
LEFT JOIN pg_namespace en ON en.oid = et.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'p') AND {_USER_SCHEMAS}
ORDER BY c.oid, a.attnum"""

PRIMARY_KEYS = f"""
SELECT n.nspname, c.relname, array_agg(a.attname::text ORDER BY k.ord)
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
WHERE i.indisprimary AND {_USER_SCHEMAS}
GROUP BY n.nspname, c.relname"""

INDEXES = f"""
SELECT n.nspname, c.relname, ic.relname,
       ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k),
       pg_get_expr(i.indpred, i.indrelid, true), i.indisunique
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE {_USER_SCHEMAS} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY ic.oid"""

CHECKS = f"""
SELECT n.nspname, c.relname, k.conname, pg_get_expr(k.conbin, k.conrelid, true)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype = 'c' AND {_USER_SCHEMAS} ORDER BY k.oid"""

VIEWS = f"""
SELECT n.nspname, c.relname, pg_get_viewdef(c.oid, true), c.relkind = 'm',
       ARRAY(SELECT ARRAY[a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE r.rolname::text END]
             FROM aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
             WHERE a.grantee <> c.relowner ORDER BY r.rolname NULLS FIRST, a.privilege_type),
       obj_description(c.oid, 'pg_class'), COALESCE(c.reloptions, ARRAY[]::text[]),
       ARRAY(SELECT DISTINCT rc.relname || '.' || ra.attname
             FROM pg_rewrite r JOIN pg_depend d ON d.objid = r.oid AND d.classid = 'pg_rewrite'::regclass
             JOIN pg_class rc ON rc.oid = d.refobjid AND rc.oid <> c.oid
             JOIN pg_attribute ra ON ra.attrelid = d.refobjid AND ra.attnum = d.refobjsubid
             WHERE r.ev_class = c.oid AND d.refobjsubid > 0)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND {_USER_SCHEMAS} ORDER BY c.oid"""

KEYS = f"""
SELECT n.nspname, c.relname, k.conname, k.contype::text,
       ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype IN ('p', 'u', 'f', 'x') AND {_USER_SCHEMAS}
UNION ALL
SELECT n.nspname, c.relname, k.conname, 'r',
       ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype = 'f' AND {_USER_SCHEMAS}
ORDER BY 1, 2, 3"""

FUNCTIONS = f"""
SELECT n.nspname, p.proname,
       ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) t),
       ARRAY(SELECT DISTINCT en.nspname || '.' || et.typname FROM unnest(p.proargtypes || p.prorettype) t
             JOIN pg_type ty ON ty.oid = t
             JOIN pg_type et ON et.oid = CASE WHEN ty.typcategory = 'A' THEN ty.typelem ELSE ty.oid END
             JOIN pg_namespace en ON en.oid = et.typnamespace WHERE et.typtype = 'e'),
       ARRAY(SELECT en.nspname || '.' || et.typname FROM pg_type et JOIN pg_namespace en ON en.oid = et.typnamespace
             WHERE et.typtype = 'e' AND {_USER_SCHEMAS.replace("n.nspname", "en.nspname")}
               AND CASE WHEN et.typname ~ '^[a-z0-9_]+$' THEN p.prosrc ~* ('\\m' || et.typname || '\\M')
                        ELSE strpos(p.prosrc, et.typname) > 0 END)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE {_USER_SCHEMAS} ORDER BY p.oid"""

TRIGGERS = f"""
SELECT n.nspname, c.relname, t.tgname,
       CASE WHEN t.tgtype & 2 <> 0 THEN 'BEFORE' WHEN t.tgtype & 64 <> 0 THEN 'INSTEAD OF' ELSE 'AFTER' END,
       array_remove(ARRAY[CASE WHEN t.tgtype & 4 <> 0 THEN 'INSERT' END, CASE WHEN t.tgtype & 16 <> 0 THEN 'UPDATE' END,
                          CASE WHEN t.tgtype & 8 <> 0 THEN 'DELETE' END, CASE WHEN t.tgtype & 32 <> 0 THEN 'TRUNCATE' END],
                    NULL),
       t.tgenabled::text, pg_get_triggerdef(t.oid)
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND {_USER_SCHEMAS} ORDER BY n.nspname, c.relname, t.tgname"""

ROWS = f"""
SELECT n.nspname || '.' || c.relname,
       CASE WHEN c.relkind = 'p' THEN (SELECT COALESCE(sum(GREATEST(pc.reltuples, 0)), 0) FROM pg_inherits i
                                       JOIN pg_class pc ON pc.oid = i.inhrelid WHERE i.inhparent = c.oid)
            ELSE GREATEST(c.reltuples, 0) END,
       c.relpages = 0 AND c.reltuples <= 0
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND {_USER_SCHEMAS}"""

#: What a parallel-column migration cannot carry (issue 15): refused up front, naming the object.
#: Keyed by ``schema.table.column`` (policies, generated columns, publication column lists, partitioning)
#: or by the enum type's ``schema.name`` (domains and composite types over it).
BLOCKERS = f"""
SELECT n.nspname || '.' || c.relname || '.' || a.attname, pg_describe_object(d.classid, d.objid, d.objsubid)
FROM pg_depend d JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND {_USER_SCHEMAS}
  AND (d.classid IN ('pg_policy'::regclass, 'pg_publication_rel'::regclass)
       OR (d.classid = 'pg_attrdef'::regclass AND EXISTS (
           SELECT 1 FROM pg_attrdef ad JOIN pg_attribute g ON g.attrelid = ad.adrelid AND g.attnum = ad.adnum
           WHERE ad.oid = d.objid AND g.attgenerated <> '' AND g.attnum <> a.attnum)))
UNION ALL
SELECT n.nspname || '.' || c.relname || '.' || a.attname,
       CASE WHEN c.relkind = 'p' THEN 'partitioned table ' ELSE 'partition ' END || c.oid::regclass::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE (c.relkind = 'p' OR c.relispartition) AND {_USER_SCHEMAS}
UNION ALL
SELECT en.nspname || '.' || et.typname,
       CASE WHEN t.typtype = 'd' THEN 'domain ' || t.oid::regtype::text
            ELSE 'composite type ' || t.oid::regtype::text END
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.refclassid = 'pg_type'::regclass
JOIN pg_type et ON et.oid = d.refobjid AND et.typtype = 'e' JOIN pg_namespace en ON en.oid = et.typnamespace
WHERE t.typtype = 'd' AND {_USER_SCHEMAS}
UNION ALL
SELECT en.nspname || '.' || et.typname, 'composite type ' || c.reltype::regtype::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type ty ON ty.oid = a.atttypid
JOIN pg_type et ON et.oid = CASE WHEN ty.typcategory = 'A' THEN ty.typelem ELSE ty.oid END AND et.typtype = 'e'
JOIN pg_namespace en ON en.oid = et.typnamespace
WHERE c.relkind = 'c' AND {_USER_SCHEMAS}"""


def introspect_postgres(conn: Any, *, exclude_prefix: str = "_em_") -> Schema:
    """Read the enum reality of a live PostgreSQL database.

    Args:
        conn: a psycopg connection (autocommit).
        exclude_prefix: Guardian's own helper functions and triggers are left out.

    Returns:
        The model, with defaults, predicates and CHECKs as the catalog prints them.
    """
    with conn.cursor() as cur:
        cur.execute("SELECT set_config('search_path', '', false)")
        cur.execute(ENUMS)
        enums = tuple(EnumType(s, n, tuple(labels)) for s, n, labels in cur.fetchall())
        cur.execute(PRIMARY_KEYS)
        primary = {(s, t): tuple(cols) for s, t, cols in cur.fetchall()}
        cur.execute(COLUMNS)
        tables: dict[tuple[str, str], list[Column]] = {}
        for schema, table, name, position, data_type, not_null, default, enum, is_array in cur.fetchall():
            tables.setdefault((schema, table), []).append(
                Column(
                    schema,
                    table,
                    name,
                    int(position),
                    data_type,
                    enum or None,
                    bool(enum) and bool(is_array),
                    bool(not_null),
                    default,
                )
            )
        cur.execute(INDEXES)
        indexes = tuple(Index(s, t, n, tuple(cols), pred, bool(uniq)) for s, t, n, cols, pred, uniq in cur.fetchall())
        cur.execute(CHECKS)
        checks = tuple(Check(s, t, n, expr) for s, t, n, expr in cur.fetchall())
        cur.execute(VIEWS)
        views = tuple(
            View(
                s,
                n,
                " ".join(q.split()).rstrip(";"),
                tuple(sorted(cols)),
                bool(mat),
                tuple((str(g[0]), str(g[1])) for g in grants),
                comment,
                tuple(options),
            )
            for s, n, q, mat, grants, comment, options, cols in cur.fetchall()
        )
        cur.execute(KEYS)
        keys = tuple(KeyConstraint(s, t, n, kind, tuple(cols)) for s, t, n, kind, cols in cur.fetchall())
        cur.execute(FUNCTIONS)
        functions = tuple(
            Function(s, n, tuple(args), tuple(sorted(uses)), tuple(sorted(set(body) - set(uses))))
            for s, n, args, uses, body in cur.fetchall()
            if (uses or body) and not n.startswith(exclude_prefix)
        )
        cur.execute(BLOCKERS)
        blockers = tuple(sorted({(str(k), str(d)) for k, d in cur.fetchall()}))
        cur.execute(TRIGGERS)
        triggers = tuple(
            Trigger(s, t, n, timing, tuple(events), enabled, body)
            for s, t, n, timing, events, enabled, body in cur.fetchall()
        )
        cur.execute(ROWS)
        rows = []
        with conn.cursor() as count:
            for key, estimate, never_analyzed in cur.fetchall():
                if never_analyzed:  # no statistics yet: a small table, counted exactly (bounded by LIMIT)
                    schema_name, table_name = key.split(".", 1)
                    count.execute(
                        f"SELECT count(*) FROM (SELECT 1 FROM {_quote(schema_name)}.{_quote(table_name)} "
                        "LIMIT 100000) x"
                    )
                    estimate = count.fetchone()[0]
                rows.append((key, int(estimate)))
        cur.execute(
            "SELECT current_user, rolsuper, current_setting('server_version_num')::int >= 150000 "
            "FROM pg_catalog.pg_roles WHERE rolname = current_user"
        )
        user, superuser, pg15 = cur.fetchone()
        may_set = bool(superuser)
        if not may_set and pg15:
            cur.execute("SELECT pg_catalog.has_parameter_privilege('session_replication_role', 'SET')")
            may_set = bool(cur.fetchone()[0])
        privileges = (
            ("current_user", str(user)),
            ("superuser", "yes" if superuser else "no"),
            ("set_replication_role", "yes" if may_set else "no"),
        )
        cur.execute("SELECT set_config('search_path', 'public', false)")
    return Schema(
        "postgres",
        enums,
        tuple(Table(s, t, tuple(cols), primary.get((s, t), ())) for (s, t), cols in tables.items()),
        indexes,
        checks,
        views,
        functions,
        (),
        ("live",),
        keys,
        triggers,
        tuple(rows),
        blockers,
        privileges,
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
