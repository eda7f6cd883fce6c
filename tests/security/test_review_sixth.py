"""Attacks of the sixth reviewer on paths taken from the environment (issue 11): a relative
`GUARDIAN_TRACKING_URL=sqlite:///...`, `XDG_STATE_HOME`, `GUARDIAN_STATE_DIR` or `GUARDIAN_SCRATCH`
resolves against the current directory, which in CI is the checkout: a symlink the checkout ships there
decided where Guardian wrote. Each test is the attack, and failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from attack_helpers import git, run


def test_a_relative_sqlite_tracking_url_is_refused(
    checkout: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sqlite:///tracking.db` opened `tracking.db` of the current directory (the checkout) without any
    in-repository check: a shipped dangling symlink `tracking.db -> outside/created.db` made `status`
    create the database, its -wal and -shm outside. Refused, exit 2, naming the variable."""
    (checkout / "tracking.db").symlink_to(outside / "created.db")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "ship a link")
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("GUARDIAN_TRACKING_URL", "sqlite:///tracking.db")
    code, _, err = run(checkout, "status")
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]
    assert code == 2 and "GUARDIAN_TRACKING_URL" in err and "absolute" in err, err


def test_an_absolute_sqlite_tracking_url_inside_the_repository_is_refused(
    checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An absolute URL naming a file of the checkout opened it unbound: a shipped database's approvals
    were trusted. Refused, exit 2."""
    monkeypatch.setenv("GUARDIAN_TRACKING_URL", f"sqlite:///{checkout / 'shipped.db'}")
    code, _, err = run(checkout, "status")
    assert not (checkout / "shipped.db").exists()
    assert code == 2 and "GUARDIAN_TRACKING_URL" in err and "inside the repository" in err, err


def test_an_absolute_sqlite_tracking_url_that_is_a_symlink_is_refused(
    checkout: Path, outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside the repository the file name (or its -wal) is a symlink: SQLite would write through it."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "t.db-wal").symlink_to(outside / "wal")
    monkeypatch.setenv("GUARDIAN_TRACKING_URL", f"sqlite:///{elsewhere / 't.db'}")
    code, _, err = run(checkout, "status")
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]
    assert code == 2 and "symlink" in err, err


def test_a_relative_xdg_state_home_is_ignored(
    checkout: Path, outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`XDG_STATE_HOME=st` with a shipped `st -> outside`: `plan` created outside/guardian/journal.key (and
    a shipped `st/guardian/journal.key` would have been the signing key). The XDG spec says a relative
    value is ignored: the key goes to ~/.local/state/guardian."""
    (checkout / "st").symlink_to(outside)
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "ship a link")
    monkeypatch.chdir(checkout)
    monkeypatch.delenv("GUARDIAN_STATE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_STATE_HOME", "st")
    code, _, err = run(checkout, "plan")
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]
    assert code == 0, err
    assert (tmp_path / "home" / ".local" / "state" / "guardian" / "journal.key").is_file()


@pytest.mark.parametrize("variable", ["GUARDIAN_STATE_DIR", "GUARDIAN_SCRATCH"])
def test_a_relative_state_or_scratch_directory_is_refused(
    checkout: Path, outside: Path, variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative `GUARDIAN_STATE_DIR` / `GUARDIAN_SCRATCH` resolves in the checkout: refused, exit 2."""
    (checkout / "st").symlink_to(outside)
    monkeypatch.chdir(checkout)
    monkeypatch.setenv(variable, "st")
    code, _, err = run(checkout, "plan")
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]
    assert code == 2 and variable in err and "absolute" in err, err


@pytest.mark.parametrize("variable", ["GUARDIAN_STATE_DIR", "GUARDIAN_SCRATCH"])
def test_a_state_or_scratch_directory_inside_the_repository_is_refused(
    checkout: Path, variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An absolute `GUARDIAN_STATE_DIR` / `GUARDIAN_SCRATCH` inside the checkout: the checkout could ship
    the key, or the scratch copy. Refused, exit 2."""
    monkeypatch.setenv(variable, str(checkout / "st"))
    code, _, err = run(checkout, "plan")
    assert not (checkout / "st").exists()
    assert code == 2 and variable in err and "inside the repository" in err, err
