"""A whole string spelled like a module whose last part is a file suffix is a file's name: left, and listed (issue 13,
breaker FP2).

A package of writers by format (``report/html.py``, ``report/csv.py``) writes ``"report.html"``; a package ``app``
with ``app/log.py`` logs to ``app.log``; ``db/sqlite.py`` opens ``db.sqlite``; ``data/csv.py`` reads ``data.csv``.
Apply rewrote each such string to ``report.WF1_..._html``: the writer chose its renderer by the name's suffix and
the tests looked for files by their names (5 passed -> 1). A whole string that is exactly a renamed module's path
whose last part is a data, document, log or database suffix, where no call that takes a module path, ``sys.modules``
or ``-m`` stands around it, is a ``data-file-name`` reference, action ``keep``; a module path with an attribute
(``mock.patch("data.csv.load")``) and the same path given to ``import_module`` are rewritten; revert is exact.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

WRITER = """\
from pathlib import Path

from report import csv, html

DEFAULT_OUTPUT = "report.html"


def write(rows, out=DEFAULT_OUTPUT):
    render = html.render if out.endswith(".html") else csv.render
    Path(out).write_text(render(rows))
    return out
"""
LOG = """\
import logging


def setup(directory):
    handler = logging.FileHandler(f"{directory}/app.log")
    logging.getLogger("app").addHandler(handler)
    return handler
"""
SQLITE = """\
import sqlite3

URL = "sqlite:///db.sqlite"


def connect(directory):
    return sqlite3.connect(f"{directory}/" + URL.removeprefix("sqlite:///"))
"""
CSV = """\
import csv as _csv


def load(directory):
    with open(f"{directory}/data.csv") as f:
        return list(_csv.reader(f))
"""
TEST = """\
import importlib
import os
import sys
from unittest import mock

from app import log
from data import csv
from db import sqlite
from report import writer


def test_output_file_name(tmp_path):
    os.chdir(tmp_path)
    assert writer.write([1, 2]) == "report.html"
    assert (tmp_path / "report.html").read_text().startswith("<table>")
    out = writer.write([1], out=str(tmp_path / "report.csv"))
    assert out.endswith("report.csv")


def test_log_file(tmp_path):
    log.setup(tmp_path).close()
    assert (tmp_path / "app.log").exists()


def test_db_file(tmp_path):
    sqlite.connect(tmp_path).execute("create table t (x)")
    assert [p.name for p in tmp_path.iterdir()] == ["db.sqlite"]


def test_data_csv(tmp_path):
    (tmp_path / "data.csv").write_text("a,b\\n")
    assert csv.load(tmp_path) == [["a", "b"]]


def test_module_paths_still_follow():
    assert importlib.import_module("report.html") is sys.modules["report.html"]
    with mock.patch("data.csv.load", return_value=7):
        assert csv.load(None) == 7
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"app/**" = 1\n"report/**" = 2\n'
    '"db/**" = 3\n"data/**" = 4\n',
    "app/__init__.py": "",
    "app/log.py": LOG,
    "report/__init__.py": "",
    "report/html.py": 'def render(rows):\n    return "<table>" + "".join(f"<td>{r}</td>" for r in rows) + "</table>"\n',
    "report/csv.py": 'def render(rows):\n    return "\\n".join(str(r) for r in rows)\n',
    "report/writer.py": WRITER,
    "db/__init__.py": "",
    "db/sqlite.py": SQLITE,
    "data/__init__.py": "",
    "data/csv.py": CSV,
    "tests/test_files.py": TEST,
}
LEFT = {
    ("report/writer.py", 5, "report.html"),
    ("tests/test_files.py", 14, "report.html"),
    ("tests/test_files.py", 15, "report.html"),
    ("tests/test_files.py", 16, "report.csv"),
    ("tests/test_files.py", 17, "report.csv"),
    ("tests/test_files.py", 22, "app.log"),
    ("tests/test_files.py", 27, "db.sqlite"),
    ("tests/test_files.py", 31, "data.csv"),
}


def test_a_file_named_like_a_module_is_left_and_listed(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan, original = planned(cli, repo, "5 passed")
    found = {(r["path"], r["line"], r["text"], r["kind"], r["action"]) for _, r in plan_references(plan)}
    assert {(p, n, t, "data-file-name", "keep") for p, n, t in LEFT} <= found
    assert not {f for f in found if (f[0], f[1], f[2]) in LEFT and f[3] != "data-file-name"}
    rewritten = {(f[0], f[1], f[2]) for f in found if f[4] == "rewrite"}
    assert {("tests/test_files.py", 36, "report.html"), ("tests/test_files.py", 37, "data.csv.load")} <= rewritten

    applied(cli, repo, "5 passed")
    text = (repo / "tests" / "test_files.py").read_text()
    for name in ("report.html", "report.csv", "app.log", "db.sqlite", "data.csv"):
        assert f'"{name}"' in text
    assert 'import_module("report.WF' in text and 'mock.patch("data.WF' in text
    assert (repo / "db" / "__init__.py").exists()
    [writer] = (repo / "report").glob("WF*_writer.py")
    assert 'DEFAULT_OUTPUT = "report.html"' in writer.read_text()
    reverted(cli, repo, original)
