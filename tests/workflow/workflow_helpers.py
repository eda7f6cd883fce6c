"""Small builders shared by the workflow tests: plans as docs/design.md's JSON, a settable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from planner.plan import Plan
from planner.plan_file import plan_from_json

T0 = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)


#: The tables of the V7 workflow every tracking database has (docs/design.md).
SEED_TABLES = {
    "v7_migration_workflow",
    "v7_subworkflow_tasks",
    "file_audit",
    "v7_enum_migrations",
    "v7_global_impacts",
    "v7_test_results",
}


class Clock:
    """A clock the test moves by hand (the tracker stamps every row with it)."""

    def __init__(self, start: datetime = T0) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


def plan_json(batches: dict[int, list[str]], conflicts: int = 0, enums: int = 0) -> dict[str, Any]:
    """A plan renaming ``pkg/<name>.py`` to ``pkg/WF1_<name>.py``, grouped as ``{batch id: [names]}``."""
    data: dict[str, Any] = {
        "version": 1,
        "pattern": "WF{workflow}_V{version}_L{layer}_{index}of{total}_{name}",
        "batches": [],
        "conflicts": [],
        "enums": [],
    }
    for batch_id, names in batches.items():
        data["batches"].append(
            {
                "id": batch_id,
                "impact": {"files": [f"pkg/{n}.py" for n in names]},
                "renames": [
                    {
                        "old": f"pkg/{n}.py",
                        "new": f"pkg/WF1_{n}.py",
                        "old_module": f"pkg.{n}",
                        "new_module": f"pkg.WF1_{n}",
                        "reason": "test",
                        "importers": [],
                        "references": [],
                        "risks": [],
                    }
                    for n in names
                ],
            }
        )
    data["conflicts"] = [
        {"kind": "target-exists", "old": f"pkg/c{i}.py", "new": "x", "detail": "d"} for i in range(conflicts)
    ]
    data["enums"] = [{"canonical": f"e{i}", "merge": [f"e{i}a"], "map": {}} for i in range(enums)]
    plan = plan_from_json(data)
    data = plan.to_json()  # with each batch's digest, as `guardian plan` writes it
    return data


def make_plan(batches: dict[int, list[str]], conflicts: int = 0, enums: int = 0) -> Plan:
    return plan_from_json(plan_json(batches, conflicts, enums))
