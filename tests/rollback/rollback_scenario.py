"""A batch that exercises every kind of change, and a driver that applies or reverts it in a subprocess.

The fault-injection tests run ``python rollback_scenario.py apply|revert REPO`` with
``GUARDIAN_CRASH_AT`` set, so the real process SIGKILLs itself at that step.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from rollback import Chmod, Delete, Journal, Move, Operation, SqlChange, Write

ORIGINAL: dict[str, tuple[bytes, int]] = {
    "src/app/models.py": (b"class Order:\n    pass\n", 0o644),
    "src/app/service.py": (b"from app import models\r\n\r\nmodels.Order()\r\n", 0o644),
    "src/app/legacy.py": (b"OLD = True", 0o644),
    "assets/logo.bin": (b"\x89PNG\0\0\x01" + bytes(range(256)) * 4, 0o644),
    "scripts/run.sh": (b"#!/bin/sh\necho run\n", 0o644),
    "docs/caf\xc3\xa9.txt".encode().decode(): ("caf\xe9 latin-1 bytes\n".encode("latin-1"), 0o644),
    "notes.txt": (b"the user's notes\n", 0o644),
}

#: Edited by the "user" before the batch: never touched by it, must survive everything.
USER_EDIT = ("notes.txt", b"the user's notes\nan uncommitted edit\n")

OPERATIONS: list[Operation] = [
    Move("src/app/models.py", "src/app/orders/WF1_V7_L1_1of2_models.py"),
    Write("src/app/models.py", b"from app.orders.WF1_V7_L1_1of2_models import *  # shim\n"),
    Write("src/app/service.py", b"from app.orders import WF1_V7_L1_1of2_models as models\r\n\r\nmodels.Order()\r\n"),
    Move("src/app/legacy.py", "src/app/WF1_V7_L2_2of2_legacy.py", b"OLD = False"),
    Delete("assets/logo.bin"),
    Write("assets/new logo.bin", b"\0\1\2\3" * 300, 0o644),
    Chmod("scripts/run.sh", 0o755),
    Write("docs/caf\xc3\xa9.txt".encode().decode(), "caf\xe9 latin-1 bytes\nmore\n".encode("latin-1")),
    Write("src/app/orders/__init__.py", b""),
]


def build(root: Path) -> None:
    """Write the original tree (with the user's uncommitted edit) under ``root``."""
    for rel, (data, mode) in ORIGINAL.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(mode)
    (root / USER_EDIT[0]).write_bytes(USER_EDIT[1])


#: Three file-only batches that build on each other (``revert --all`` composes them into one step):
#: service.py rewritten by all three, a module renamed then edited, another renamed twice (into a
#: directory batch 3 creates), a delete and a mode change.
CHAIN: list[tuple[str, list[Operation]]] = [
    (
        "1",
        [
            Move("src/app/models.py", "src/app/WF1_models.py"),
            Write("src/app/service.py", b"from app import WF1_models as models\r\n\r\nmodels.Order()\r\n"),
        ],
    ),
    (
        "2",
        [
            Write("src/app/WF1_models.py", b"class Order:\n    paid = True\n"),
            Move("src/app/legacy.py", "src/app/WF2_legacy.py", b"OLD = False"),
            Write("src/app/service.py", b"from app import WF1_models as models, WF2_legacy\r\n\r\nmodels.Order()\r\n"),
        ],
    ),
    (
        "3",
        [
            Move("src/app/WF2_legacy.py", "src/app/pkg/WF3_legacy.py"),
            Write("src/app/pkg/__init__.py", b""),
            Write("src/app/service.py", b"from app.pkg import WF3_legacy\r\nfrom app import WF1_models as models\r\n"),
            Delete("assets/logo.bin"),
            Chmod("scripts/run.sh", 0o755),
        ],
    ),
]


SQL_UP = "CREATE TABLE crash_probe (id int);\nINSERT INTO crash_probe VALUES (1);\n"
SQL_DOWN = "DROP TABLE crash_probe;\n"


def _executor(dsn: str) -> Callable[[str], None]:
    import psycopg

    conn = psycopg.connect(dsn)

    def run(sql: str) -> None:
        with conn.transaction():
            conn.execute(sql)

    return run


def main(argv: list[str]) -> int:
    """``apply REPO``, ``revert REPO``, ``revert-all REPO``, ``apply-sql REPO DSN``, ``revert-sql REPO DSN``."""
    action, repo = argv[1], Path(argv[2])
    journal = Journal(repo)
    if action == "revert-all":
        journal.revert_all()
    elif action == "apply":
        journal.apply("1", OPERATIONS, description="scenario")
    elif action == "revert":
        journal.revert("1")
    elif action == "apply-sql":
        journal.apply("db", OPERATIONS[:3], kind="enum", sql=SqlChange(SQL_UP, SQL_DOWN), executor=_executor(argv[3]))
    else:
        journal.revert("db", executor=_executor(argv[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
