"""The code checked against database reality: parsed SQL sites and models in, findings out.

``check_sql`` checks statements, ``check_models`` models; the kinds are listed in ``findings``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.dbcheck.catalog import Catalog
from planner.dbcheck.check_models import check_model
from planner.dbcheck.check_sql import check_statement
from planner.dbcheck.context import Context, stale_sets
from planner.dbcheck.findings import AcceptRule, CodeCheck, Switched, excerpt_of, finish
from planner.dbcheck.model_types import Model
from planner.dbcheck.sql_text import Parsed


def check(
    catalog: Catalog,
    parsed: Sequence[Parsed],
    models: Sequence[Model],
    *,
    switched: Sequence[Switched] = (),
    accept: Sequence[AcceptRule] = (),
) -> CodeCheck:
    """Check parsed SQL sites and models against ``catalog``.

    Returns:
        Findings sorted by path, line and kind (accepted ones marked), and the opaque sites.
    """
    ctx = Context(catalog)
    stale_sets(ctx, switched)
    opaque: list[dict[str, Any]] = []
    for item in parsed:
        if item.opaque is not None:
            opaque.append(
                {
                    "path": item.site.path,
                    "line": item.site.line,
                    "excerpt": excerpt_of(item.site.shown),
                    "reason": item.opaque,
                }
            )
            continue
        for index, statement in enumerate(item.statements):
            check_statement(ctx, item.site, statement, item.nodes[index] if index < len(item.nodes) else None)
    for model in models:
        check_model(ctx, model)
    return CodeCheck(finish(ctx.out, accept), tuple(opaque), len(parsed), len(models))
