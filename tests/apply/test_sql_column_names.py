"""A qualified column in a Python string that is SQL is no module path: left (issue 13, breaker FP4).

A package per entity whose modules are named like its columns (``orders/status.py``, ``orders/total.py``,
``orders/customer.py``) and ``QUERY = "SELECT orders.status, orders.total FROM orders WHERE orders.customer = ?"``:
apply rewrote each qualified column to ``orders.WF1_..._status`` and sqlite raised ``no such column`` (2 passed ->
1). A string that starts with a SQL verb and that SQLGlot parses into a statement naming a table is SQL: the dotted
names it reads as columns or tables are left and not listed; a module path in one of its string literals (a job's
handler) and the same path in any other string are still rewritten; revert is exact.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

REPO = """\
import importlib
import sqlite3

SCHEMA = "CREATE TABLE orders (id INTEGER, status TEXT, total INTEGER, customer TEXT, handler TEXT)"
QUERY = "SELECT orders.status, orders.total FROM orders WHERE orders.customer = ?"
HANDLER = "SELECT orders.handler FROM orders WHERE orders.id = 1"


def connect():
    c = sqlite3.connect(":memory:")
    c.execute(SCHEMA)
    c.execute("INSERT INTO orders VALUES (1, 'open', 10, 'bob', 'orders.status.OPEN')")
    return c


def find(c, customer):
    return c.execute(QUERY, (customer,)).fetchall()


def handler(c):
    path = c.execute(HANDLER).fetchone()[0]
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)
"""
TEST = """\
from orders import repo


def test_sql_columns():
    assert repo.find(repo.connect(), "bob") == [("open", 10)]


def test_handler_path_in_sql_literal():
    assert repo.handler(repo.connect()) == "open"
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"orders/**" = 1\n',
    "orders/__init__.py": "",
    "orders/customer.py": "class Customer:\n    pass\n",
    "orders/status.py": 'OPEN = "open"\n',
    "orders/total.py": "def total(items):\n    return sum(items)\n",
    "orders/repo.py": REPO,
    "tests/test_sql.py": TEST,
}


def test_qualified_columns_in_sql_are_left(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "2 passed")
    found = {(r["path"], r["line"], r["text"]) for _, r in plan_references(plan)}
    assert not {f for f in found if f[0] == "orders/repo.py" and f[1] in (5, 6)}
    assert ("orders/repo.py", 12, "orders.status.OPEN") in found

    applied(cli, repo, "2 passed")
    [new] = (repo / "orders").glob("WF*_repo.py")
    text = new.read_text()
    assert 'QUERY = "SELECT orders.status, orders.total FROM orders WHERE orders.customer = ?"' in text
    assert "'orders.WF" in text and "_status.OPEN')" in text
    reverted(cli, repo, original)
