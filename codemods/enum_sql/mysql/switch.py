"""Step 2 on MariaDB: the views move to the parallel columns (and back in the down file)."""

from __future__ import annotations

from sqlglot import exp

from codemods.enum_sql.common import parse, render
from codemods.enum_sql.dependents import retarget_view
from codemods.enum_sql.mysql.builder import D, MysqlBuilder, sql_file


def _strip_db(node: exp.Expr) -> exp.Expr:
    """Drop database qualifiers (MariaDB's view definitions name their own database)."""

    def fix(n: exp.Expr) -> exp.Expr:
        if isinstance(n, exp.Table) and n.args.get("db") is not None:
            n = n.copy()
            n.set("db", None)
        elif isinstance(n, exp.Column) and n.args.get("db") is not None:
            n = n.copy()
            n.set("db", None)
        return n

    return node.transform(fix)


def switch(b: MysqlBuilder, summary: str) -> tuple[str, str]:
    up: list[str] = []
    down: list[str] = []
    seen: set[str] = set()
    for table, col in b.works:
        for view in b.schema.views_on(table, col.column):
            if view.key in seen:
                continue
            seen.add(view.key)
            original = _strip_db(parse(view.query, D))
            new = original
            for t2, c2 in b.works:
                if f"{t2.name}.{c2.column}" in view.columns:
                    new = retarget_view(new, b.spec(t2, c2, c2.new_column))
            for target, body in ((up, new), (down, original)):
                target.append(
                    render(exp.Create(this=exp.to_table(view.name), kind="VIEW", replace=True, expression=body), D)
                    + "//"
                )
    if not seen:
        up.append("-- no view reads the migrated columns; application code moves in its own batch")
        down.append("-- no view reads the migrated columns")
    return sql_file(b, "switch", "up", summary, up), sql_file(b, "switch", "down", summary, down)
