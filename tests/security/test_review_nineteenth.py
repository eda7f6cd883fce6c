"""Attacks of the nineteenth reviewer (issue 11): input a checkout ships that made Guardian work for
minutes (a hang, to a CI job), each through a regular expression whose time grew with the square of a
line: a ``tox.ini`` line of spaces (configparser, every command), a README line of letters (the path
token search of ``plan``), a docstring line of ``:a:a:a...`` (the Sphinx role search of ``review``);
and a text psql reads otherwise than Guardian's reader of it (``1e--``). Each test is the attack, and
fails (or times out) on the old code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from attack_helpers import git, guardian_process

from codemods.docstrings import ROLE
from planner.file_references import PATH_TOKEN
from planner.schema.psql_client import psql_misreads


def _guardian(checkout: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    return guardian_process(checkout, tmp_path / "state", *args, env=env, timeout=60)


def test_a_tox_ini_line_of_spaces_is_refused_not_parsed_for_minutes(checkout: Path, tmp_path: Path) -> None:
    (checkout / "tox.ini").write_text("[pytest]\nx" + " " * 1_000_000 + "y\n")
    done = _guardian(checkout, tmp_path, "status")
    assert done.returncode == 2, done.stderr
    assert "tox.ini:2" in done.stderr and "spaces" in done.stderr


def test_a_readme_line_of_a_million_letters_is_read_in_linear_time(checkout: Path, tmp_path: Path) -> None:
    (checkout / "README.md").write_text("see pkg.b\n" + "a" * 1_000_000 + "\n")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "a long line")
    done = _guardian(checkout, tmp_path, "plan")
    assert done.returncode in (0, 3), done.stderr


def test_the_path_token_and_role_searches_find_what_they_did() -> None:
    line = "run src/pkg/a.py, x/b.pyi and c.py; a.pyc is none; :py:mod:`pkg.a` and :class:`T <pkg.b.T>`"
    assert [m.group() for m in PATH_TOKEN.finditer(line)] == ["src/pkg/a.py", "x/b.pyi", "c.py"]
    assert [m.group(2) for m in ROLE.finditer(line)] == ["pkg.a", "T <pkg.b.T>"]


def test_a_docstring_line_of_colons_is_searched_for_roles_in_linear_time() -> None:
    """``:a`` repeated a million times: the old search took about 40 s for a fifth of that, growing with
    the square; a process of its own that has not returned within a minute is the hang."""
    search = "from codemods.docstrings import ROLE; assert ROLE.search(':a' * 1_000_000) is None"
    subprocess.run([sys.executable, "-c", search], check=True, timeout=60)


def test_a_number_ending_in_e_before_two_dashes_is_refused() -> None:
    assert psql_misreads("SELECT 1e--\\! touch x") is not None
    assert psql_misreads("SELECT 1e -5, 1e-5 -- a comment") is None
