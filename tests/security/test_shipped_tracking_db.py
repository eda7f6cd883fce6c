"""A checkout shipped as a tarball carries ``.guardian/tracking.db`` with approvals made elsewhere.

The SQLite tracking database holds the approvals ``apply`` requires and the phases the gates read. One
made by another user (another key) or in another directory is not this repository's record: it is
refused (exit 2, naming it), never read as approvals, until the user moves it aside or adopts it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from attack_helpers import git, run

from rollback.store import JournalStore

APPROVING = 'source_roots = ["src"]\npattern = "{name}_mod"\n[approvals]\nrequired_roles = ["Layer Guardian"]\n'


@pytest.fixture
def victim_state() -> Path:
    return Path(os.environ["GUARDIAN_STATE_DIR"])


def _approved_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, victim_state: Path) -> Path:
    """The attacker plans and approves batch 1 on their machine, then ships the tree (``.git`` and the
    untracked ``.guardian/`` included) as a tarball; the victim unpacks it somewhere else."""
    attacker = tmp_path / "attacker" / "checkout"
    (attacker / "src" / "pkg").mkdir(parents=True)
    (attacker / "guardian.toml").write_text(APPROVING)
    (attacker / "src" / "pkg" / "__init__.py").write_text("")
    (attacker / "src" / "pkg" / "a.py").write_text("import pkg.b\n")
    (attacker / "src" / "pkg" / "b.py").write_text("VALUE = 1\n")
    git(attacker, "init", "-q")
    git(attacker, "add", "-A")
    git(attacker, "commit", "-q", "-m", "initial")
    monkeypatch.setenv("GUARDIAN_STATE_DIR", str(tmp_path / "attacker-state"))
    assert run(attacker, "plan")[0] == 0
    assert run(attacker, "approve", "1", "--by", "Mallory", "--role", "Layer Guardian")[0] == 0
    assert (attacker / ".guardian" / "tracking.db").is_file()
    monkeypatch.setenv("GUARDIAN_STATE_DIR", str(victim_state))
    JournalStore._parsed.clear()  # in one process only: a real victim runs a new process
    victim = tmp_path / "victim" / "checkout"
    shutil.copytree(attacker, victim, symlinks=True)
    return victim


def _approvals(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM v7_approvals").fetchone()[0])


def test_shipped_approvals_do_not_let_apply_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, victim_state: Path
) -> None:
    victim = _approved_elsewhere(tmp_path, monkeypatch, victim_state)
    before = (victim / "src" / "pkg" / "a.py").read_text()
    code, _, err = run(victim, "apply", "--batch", "1", "--no-tests")
    assert code == 2, err
    assert ".guardian/tracking.db" in err and "not made by Guardian" in err
    assert "--trust-tracking" in err and "move it aside" in err
    assert (victim / "src" / "pkg" / "a.py").read_text() == before  # nothing applied
    assert not (victim / "src" / "pkg" / "b_mod.py").exists()
    # the gates and the status read the same database: refused the same way
    code, _, err = run(victim, "status")
    assert code == 2 and ".guardian/tracking.db" in err


def test_moved_aside_the_approvals_are_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, victim_state: Path
) -> None:
    victim = _approved_elsewhere(tmp_path, monkeypatch, victim_state)
    (victim / ".guardian" / "tracking.db").rename(victim / ".guardian" / "tracking.db.shipped")
    for side in ("-wal", "-shm"):
        (victim / ".guardian" / f"tracking.db{side}").unlink(missing_ok=True)
    code, _, err = run(victim, "apply", "--batch", "1", "--no-tests")
    assert code == 3 and "lacks approval by Layer Guardian" in err  # a fresh database: nobody approved
    assert run(victim, "approve", "1", "--by", "Ana", "--role", "Layer Guardian")[0] == 0
    assert run(victim, "apply", "--batch", "1", "--no-tests")[0] == 0  # the victim's own approval, in its own database
    assert (victim / "src" / "pkg" / "b_mod.py").is_file()


def test_same_user_copy_into_another_repository_is_refused(tmp_path: Path, checkout: Path) -> None:
    assert run(checkout, "plan")[0] == 0  # creates and binds .guardian/tracking.db here
    assert run(checkout, "status")[0] == 0
    other = tmp_path / "other"
    shutil.copytree(checkout, other, symlinks=True)
    code, _, err = run(other, "status")
    assert code == 2 and "another repository or user" in err
    code, _, err = run(other, "--trust-tracking", "status")  # the user's explicit adoption (a moved repository)
    assert code == 0, err
    assert run(other, "status")[0] == 0  # bound to its new place from now on
    assert run(checkout, "status")[0] == 0  # the original is untouched


def test_database_without_binding_is_untrusted(checkout: Path) -> None:
    """A database made before the binding existed (or by hand) holds rows nobody vouches for."""
    (checkout / ".guardian").mkdir()
    db = checkout / ".guardian" / "tracking.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE v7_approvals (id INTEGER PRIMARY KEY, batch_id INTEGER)")
        conn.execute("INSERT INTO v7_approvals (batch_id) VALUES (1)")
    conn.close()
    code, _, err = run(checkout, "status")
    assert code == 2 and "not made by Guardian" in err
    assert _approvals(db) == 1  # refused before anything was written


def test_forged_binding_row_does_not_verify(checkout: Path) -> None:
    assert run(checkout, "plan")[0] == 0
    db = checkout / ".guardian" / "tracking.db"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE guardian_binding SET id = 'forged'")
    conn.close()
    code, _, err = run(checkout, "plan")
    assert code == 2 and ".guardian/tracking.db" in err
