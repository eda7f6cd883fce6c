"""Attacks of the seventeenth reviewer (issue 11): "the checkout" that the start-up and output checks keep
Guardian out of stopped at the nearest ``.git``. A monorepo's package run as ``--repo pkg`` was the whole
checkout only when a ``.git`` directory sat at the top: in a tarball without one (a release, ``git
archive``, a vendored tree) only ``pkg/`` was distrusted, and when ``pkg`` is a submodule its ``.git``
file made the superproject "outside". A git, a ``docs`` link, a ``click.py`` on ``PYTHONPATH`` or a
hard-linked tracking database the checkout ships beside the package, or a ``.gitconfig`` where ``HOME``
points, were taken as the user's. The checkout is now the outermost work tree past ``.git`` files;
without any ``.git``, programs, ``PYTHONPATH`` entries and ``HOME`` are not taken from the directory
Guardian is run from when the package is below it either (failures/paths.py), while ``TMPDIR`` there
stays the user's (a run from ``/tmp`` with ``--repo``).

Also: an output file named in a missing directory was an internal error (exit 1).

Each test is the attack, and failed before its fix."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from attack_helpers import git, guardian_program, package, run, ship_git, snapshot, submodule_monorepo


def _tarball(tmp_path: Path) -> tuple[Path, Path]:
    """A monorepo's tree without any ``.git`` (a release tarball): its top and its package."""
    top = tmp_path / "top"
    return top, package(top)


def _shipped_git(folder: Path, outside: Path) -> None:
    """A ``git`` program the checkout ships in ``folder``: it notes in ``outside/ran`` that it ran."""
    folder.mkdir(parents=True)
    (folder / "git").write_text(f"#!/bin/sh\necho ran >> {outside / 'ran'}\nexit 1\n")
    (folder / "git").chmod(0o755)


def test_a_tarballs_git_beside_the_package_never_runs(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top, pkg = _tarball(tmp_path)
    _shipped_git(top / "node_modules" / ".bin", outside)
    monkeypatch.setenv("PATH", f"{top / 'node_modules' / '.bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(top)  # a CI job in the tarball's top: guardian --repo pkg
    code, _, err = run(pkg, "--no-exec", "status")
    assert not (outside / "ran").exists(), "the tarball's node_modules/.bin/git ran"
    assert code == 0, err


def test_home_at_a_tarballs_top_is_refused(tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    top, pkg = _tarball(tmp_path)
    (top / ".gitconfig").write_text(f"[trace2]\n\teventTarget = {outside / 'written-by-git'}\n")
    for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(top))
    monkeypatch.chdir(top)
    code, _, err = run(pkg, "--no-exec", "status")
    assert not (outside / "written-by-git").exists(), "git read the tarball's .gitconfig as the user's"
    assert code == 2 and "HOME" in err and len(err.strip().splitlines()) == 1, err


def test_running_from_a_parent_without_git_keeps_tmpdir_usable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ``.git`` the directory run from is distrusted for programs and git's configuration only: a
    run from ``/tmp`` with ``TMPDIR=/tmp`` and ``--repo`` below it is the user's own set-up."""
    top, pkg = _tarball(tmp_path)
    for variable in ("GUARDIAN_STATE_DIR", "TEMP", "TMP"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TMPDIR", str(top))
    monkeypatch.chdir(top)
    code, _, err = run(pkg, "--no-exec", "status")
    assert code == 0, err


def test_a_superprojects_git_beside_a_submodule_package_never_runs(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top, pkg = submodule_monorepo(tmp_path)
    ship_git(top, top / "node_modules" / ".bin", outside, monkeypatch)
    code, _, err = run(pkg, "--no-exec", "status")
    assert not (outside / "ran").exists(), "the superproject's node_modules/.bin/git ran"
    assert code == 0, err


def test_an_output_never_follows_a_superprojects_link(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top, pkg = submodule_monorepo(tmp_path)
    (top / "docs").symlink_to(Path("..") / "outside")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "a link")
    monkeypatch.chdir(top)
    before = snapshot(outside)
    code, _, err = run(pkg, "--no-exec", "plan", "-o", "docs/plan.json")
    assert snapshot(outside) == before, "plan -o wrote outside the checkout through the superproject's link"
    assert code == 2 and "docs" in err, err


def test_a_superprojects_modules_on_pythonpath_are_not_imported(tmp_path: Path, outside: Path) -> None:
    top, pkg = submodule_monorepo(tmp_path)
    (top / "click.py").write_text(f"open({str(outside / 'ran')!r}, 'w').write('ran')\nraise SystemExit(0)\n")
    env = {**os.environ, "PYTHONPATH": str(top), "GUARDIAN_NO_EXEC": "1"}
    done = subprocess.run(
        [guardian_program(), "--no-exec", "status"], cwd=pkg, env=env, capture_output=True, text=True, timeout=120
    )
    assert not (outside / "ran").exists(), "guardian imported the superproject's click.py"
    assert done.returncode == 2 and "PYTHONPATH" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def _victim(outside: Path) -> Path:
    """An SQLite database of some other application, outside the checkout."""
    victim = outside / "victim.db"
    connection = sqlite3.connect(victim)
    connection.execute("CREATE TABLE notes (t TEXT)")
    connection.execute("INSERT INTO notes VALUES ('precious')")
    connection.commit()
    connection.close()
    return victim


@pytest.mark.parametrize("with_git", [True, False])
def test_a_tracking_url_into_the_checkout_beside_the_package_is_refused(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch, with_git: bool
) -> None:
    top, pkg = _tarball(tmp_path)
    if with_git:
        git(top, "init", "-q")
    victim = _victim(outside)
    (top / ".cache").mkdir()
    os.link(victim, top / ".cache" / "tracking.db")  # what `tar -P` or Python's tarfile extract
    before = snapshot(outside)
    monkeypatch.setenv("GUARDIAN_TRACKING_URL", f"sqlite:///{top / '.cache' / 'tracking.db'}")
    monkeypatch.chdir(top)
    code, _, err = run(pkg, "--no-exec", "status")
    assert snapshot(outside) == before, "SQLite wrote the database outside through the checkout's hard link"
    # in a git checkout the URL is inside the checkout; in a tree without .git the hard link is refused
    assert code == 2 and ("GUARDIAN_TRACKING_URL" in err if with_git else "is a hard link" in err), err


def test_a_tracking_database_named_by_url_is_never_written_through_a_hard_link(
    checkout: Path, outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = _victim(outside)
    (tmp_path / "state").mkdir()
    os.link(victim, tmp_path / "state" / "tracking.db")
    before = snapshot(outside)
    monkeypatch.setenv("GUARDIAN_TRACKING_URL", f"sqlite:///{tmp_path / 'state' / 'tracking.db'}")
    code, _, err = run(checkout, "--no-exec", "status")
    assert snapshot(outside) == before, "SQLite wrote another file in place through a hard link"
    assert code == 2 and "hard link" in err, err


def test_a_home_above_a_git_checkout_is_the_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not an attack: what the rules must leave alone. A user runs ``guardian --repo proj`` from their
    home directory, above a clone: the clone is the checkout, not the home directory."""
    home = tmp_path / "home"
    proj = package(home, "proj")
    git(proj, "init", "-q")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    code, _, err = run(proj, "--no-exec", "status")
    assert code == 0, err


@pytest.mark.parametrize(
    "command",
    [
        ("plan", "-o", "{missing}/plan.json"),
        ("graph", "-o", "{missing}/g.dot"),
        ("report", "--html", "{missing}/r.html"),
    ],
)
def test_an_output_in_a_missing_directory_is_a_clear_error(
    checkout: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = tmp_path / "missing"
    code, _, err = run(checkout, "--no-exec", *(arg.format(missing=missing) for arg in command))
    assert code == 2, err
    assert "internal error" not in err and f"{missing} does not exist" in err and "mkdir -p" in err, err
    assert not missing.exists()
