"""sample_repo: every planted code ↔ database mismatch its README documents is found where it says,
and nothing else (the README's tables are the expectation): the main table at any time, the
``stale-after-switch`` table on top of it once the ``switch`` step of the consolidation is applied."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from guardian.config_file import load_config
from planner.database import consolidation_plan, load_schema
from planner.dbcheck import Finding, Switched, check_code

SAMPLE_REPO = Path(__file__).resolve().parents[2] / "sample_repo"
SWITCH_HEADING = "### After the `switch` step"


def _rows(text: str) -> list[tuple[str, str, int]]:
    rows = re.findall(r"^\| `([a-z-]+)` \| `([^`:]+):(\d+)` \|", text, re.MULTILINE)
    return sorted((kind, path, int(line)) for kind, path, line in rows)


def _documented() -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    readme = (SAMPLE_REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Data access and the planted code ↔ database mismatches", 1)[1]
    section = section.split("\n## ", 1)[0]
    always, switched = section.split(SWITCH_HEADING, 1)
    return _rows(always), _rows(switched)


def _shape(findings: Iterable[Finding]) -> list[tuple[str, str, int]]:
    return sorted((f.kind, f.path, f.line) for f in findings)


def test_every_planted_mismatch_is_found_at_its_documented_place_and_nothing_else() -> None:
    config = load_config(SAMPLE_REPO)
    result = check_code(config, load_schema(config))
    documented, _ = _documented()
    assert len(documented) == 11 and len({kind for kind, _, _ in documented}) == 9
    assert _shape(result.findings) == documented
    assert [(o["path"], o["line"]) for o in result.opaque] == [("src/shop/orders/repository.py", 104)]
    assert all(f.accepted is None and f.hint and f.database for f in result.findings)


def test_after_the_switch_the_uses_of_the_retired_columns_are_stale_and_nothing_else_changes() -> None:
    config = load_config(SAMPLE_REPO)
    schema = load_schema(config)
    groups = [Switched(c["canonical"], tuple(c["merge"])) for c in consolidation_plan(config)]
    assert [(g.canonical, g.members) for g in groups] == [("order_status", ("orderstatus", "status_enum"))]
    documented, stale = _documented()
    assert {kind for kind, _, _ in stale} == {"stale-after-switch"}
    assert ("stale-after-switch", "src/shop/billing/payments.py", 64) in stale  # the planted one
    result = check_code(config, schema, switched=groups)
    assert _shape(result.findings) == sorted(documented + stale)
    planted = next(f for f in result.findings if f.path == "src/shop/billing/payments.py" and f.line == 64)
    assert planted.subject == "invoices.status" and "status_new" in planted.hint
