"""A dotted name given as ``name=`` to a decorator is the task's identity: kept as written everywhere, and listed
(issue 13, breaker FP1).

``@task(name="toolkit.tasks.mul")`` (Celery, RQ, Dramatiq, a plugin registry) decouples the name that queued
messages, a beat schedule stored in a database and result backends use from the module's path. Apply rewrote it,
with its schedule and lookups, to ``toolkit.WF1_..._tasks.mul``: the suite passed, and every message queued before
the rename named a task that no longer existed. The name is kept as written wherever it stands as a whole token
(``identity-name``, action ``keep``); a call that takes a module path (``mock.patch("toolkit.tasks.mul")``) and a
name derived from the module (``f"{f.__module__}..."``, ``"toolkit.tasks.add"``) follow the rename; revert is exact.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

TASKS = """\
REGISTRY = {}


def task(fn=None, *, name=None):
    def register(f):
        REGISTRY[name or f"{f.__module__}.{f.__qualname__}"] = f
        return f

    return register(fn) if fn is not None else register


@task
def add(a, b):
    return a + b


@task(name="toolkit.tasks.mul")
def mul(a, b):
    return a * b


BEAT_SCHEDULE = {"mul-hourly": {"task": "toolkit.tasks.mul", "args": (3, 4)}}


def send_task(name, args):
    return REGISTRY[name](*args)
"""
TEST = """\
import json
from unittest import mock

from toolkit import tasks

QUEUED = '{"task": "toolkit.tasks.mul", "args": [2, 5]}'


def test_explicit_names_stay():
    assert tasks.send_task("toolkit.tasks.mul", (3, 4)) == 12
    for entry in tasks.BEAT_SCHEDULE.values():
        assert entry["task"] in tasks.REGISTRY
    message = json.loads(QUEUED)
    assert tasks.send_task(message["task"], message["args"]) == 10


def test_derived_names_follow():
    assert tasks.send_task("toolkit.tasks.add", (1, 2)) == 3
    with mock.patch("toolkit.tasks.mul", return_value=0):
        assert tasks.mul(1, 1) == 0
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"toolkit/**" = 1\n',
    "toolkit/__init__.py": "",
    "toolkit/tasks.py": TASKS,
    "tests/test_tasks.py": TEST,
}
KEPT = {
    ("toolkit/tasks.py", 17, "toolkit.tasks.mul"),
    ("toolkit/tasks.py", 22, "toolkit.tasks.mul"),
    ("tests/test_tasks.py", 6, "toolkit.tasks.mul"),
    ("tests/test_tasks.py", 10, "toolkit.tasks.mul"),
}


def test_an_explicit_task_name_is_kept_and_listed(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "2 passed")
    found = {(r["path"], r["line"], r["text"], r["kind"], r["action"]) for _, r in plan_references(plan)}
    assert {(p, n, t, "identity-name", "keep") for p, n, t in KEPT} <= found
    assert not {f for f in found if (f[0], f[1], f[2]) in KEPT and f[3] != "identity-name"}
    rewritten = {(f[0], f[1], f[2]) for f in found if f[4] == "rewrite"}
    assert {
        ("tests/test_tasks.py", 18, "toolkit.tasks.add"),
        ("tests/test_tasks.py", 19, "toolkit.tasks.mul"),
    } <= rewritten

    applied(cli, repo, "2 passed")
    [new] = (repo / "toolkit").glob("WF*_tasks.py")
    assert new.read_text() == TASKS
    test = (repo / "tests" / "test_tasks.py").read_text()
    assert test.count('"toolkit.tasks.mul"') == 2 and 'mock.patch("toolkit.WF' in test
    assert f'send_task("toolkit.{new.stem}.add"' in test
    reverted(cli, repo, original)
