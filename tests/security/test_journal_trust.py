"""Finding 2: journal entries Guardian did not write (on this machine, as this user) are never acted on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from attack_helpers import run, snapshot

from rollback import (
    Delete,
    Journal,
    Move,
    SqlChange,
    UnsafePath,
    UntrustedEntry,
    Write,
)
from rollback.store import JournalStore

PTH = ".venv/lib/python3.12/site-packages/evil.pth"


@pytest.fixture
def attacker_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Switch to another user's key (the attacker's machine); the victim's comes back at the end."""
    victim = Path(__import__("os").environ["GUARDIAN_STATE_DIR"])
    monkeypatch.setenv("GUARDIAN_STATE_DIR", str(tmp_path / "attacker-state"))
    JournalStore._parsed.clear()
    return victim


def _as_victim(monkeypatch: pytest.MonkeyPatch, victim: Path) -> None:
    monkeypatch.setenv("GUARDIAN_STATE_DIR", str(victim))
    JournalStore._parsed.clear()  # in one process only: a real victim runs a new process


def test_forged_started_entry_is_not_recovered(
    checkout: Path, attacker_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shipped entry whose 'before' state deletes a tracked file and plants a .pth file: recovery of
    an interrupted batch would roll the tree back to it, on any command."""
    original = (checkout / "src/pkg/b.py").read_bytes()
    (checkout / "src/pkg/b.py").unlink()  # the attacker's "before": no b.py, a .pth that runs at every start
    (checkout / PTH).parent.mkdir(parents=True)
    (checkout / PTH).write_text("import os; os.system('echo pwned')\n")
    journal = Journal(checkout)
    journal.apply("evil", [Write("src/pkg/b.py", original), Delete(PTH), Write("src/pkg/c.py", b"")])
    journal.store.write(journal.get("evil").with_status("started"))  # "interrupted"
    (checkout / "src/pkg/c.py").unlink()  # one path back in its before state: recovery rolls back
    _as_victim(monkeypatch, attacker_key)
    tree = snapshot(checkout / "src")
    code, _, err = run(checkout, "status")
    assert code == 0
    assert "guardian journal evil" in err and "not signed" in err
    assert snapshot(checkout / "src") == tree and not (checkout / PTH).exists()
    code, _, err = run(checkout, "recover")
    assert code == 0 and not (checkout / PTH).exists() and (checkout / "src/pkg/b.py").read_bytes() == original
    code, _, err = run(checkout, "revert", "evil")
    assert code == 2 and "guardian journal evil" in err
    code, out, _ = run(checkout, "journal")
    assert code == 0 and "UNTRUSTED" in out
    code, out, _ = run(checkout, "--json", "journal", "evil")
    assert json.loads(out)["trusted"] is False


def test_edited_manifest_of_an_applied_batch_is_not_reverted(checkout: Path) -> None:
    """The attacker swaps a 'before' hash for a blob of their own: revert would write their content."""
    journal = Journal(checkout)
    journal.apply("1", [Write("src/pkg/b.py", b"VALUE = 2\n")])
    entry = checkout / ".guardian/journal/1"
    evil = b"import os; os.system('echo pwned')\n"
    digest = __import__("hashlib").sha256(evil).hexdigest()
    (entry / "blobs" / digest).write_bytes(evil)
    data = json.loads((entry / "manifest.json").read_text())
    data["files"][0]["before_sha256"] = digest
    (entry / "manifest.json").write_text(json.dumps(data))
    JournalStore._parsed.clear()
    with pytest.raises(UntrustedEntry):
        Journal(checkout).revert("1")
    code, _, err = run(checkout, "revert", "1")
    assert code == 2 and "--trust" in err
    assert (checkout / "src/pkg/b.py").read_bytes() == b"VALUE = 2\n"


def test_edited_down_sql_is_never_run(checkout: Path) -> None:
    ran: list[str] = []
    journal = Journal(checkout)
    journal.apply("db", [], kind="enum", sql=SqlChange("CREATE TABLE t (x int);", "DROP TABLE t;"), executor=ran.append)
    (checkout / ".guardian/journal/db/down.sql").write_text("DROP TABLE customers;")
    with pytest.raises(UntrustedEntry):
        journal.revert("db", executor=ran.append)
    assert ran == ["CREATE TABLE t (x int);"]
    assert journal.get("db").status == "applied"


def test_trust_adopts_an_inspected_entry(checkout: Path, attacker_key: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Journal(checkout).apply("mine", [Write("src/pkg/b.py", b"VALUE = 3\n")])  # "another user's key"
    _as_victim(monkeypatch, attacker_key)
    with pytest.raises(UntrustedEntry):
        Journal(checkout).revert("mine")
    code, _, err = run(checkout, "journal", "mine", "--trust")
    assert code == 0, err
    Journal(checkout).revert("mine")
    assert (checkout / "src/pkg/b.py").read_text() == "VALUE = 1\n"


@pytest.mark.parametrize(
    "path",
    [
        "vendor/x/.git/hooks/post-checkout",
        ".GIT/config",
        "a/.Git/hooks/pre-commit",
        ".git./config",
        "sub/.git",
        ".Guardian/journal/x",
    ],
)
def test_git_directories_are_reserved_at_any_depth_and_case(checkout: Path, path: str) -> None:
    with pytest.raises(UnsafePath):
        Journal(checkout).apply("1", [Write(path, b"#!/bin/sh\necho pwned\n")])
    with pytest.raises(UnsafePath):
        Journal(checkout).apply("2", [Move("src/pkg/b.py", path)])
    assert not (checkout / path).exists()


@pytest.fixture
def twin(checkout: Path, tmp_path: Path) -> Path:
    """A second repository on the same machine, same user, same files as ``checkout``."""
    other = tmp_path / "twin"
    shutil.copytree(checkout, other)
    return other


def _copy_entry(source: Path, target: Path, batch_id: str) -> None:
    shutil.copytree(source / ".guardian/journal" / batch_id, target / ".guardian/journal" / batch_id)
    JournalStore._parsed.clear()


def test_entry_signed_in_another_repository_is_not_recovered(checkout: Path, twin: Path) -> None:
    """An interrupted entry of repository A, copied with its blobs into repository B: every command's
    recovery would roll B's tree to A's 'before' (here: plant a .pth that runs at every start)."""
    original = (checkout / "src/pkg/b.py").read_bytes()
    (checkout / "src/pkg/b.py").unlink()
    (checkout / PTH).parent.mkdir(parents=True)
    (checkout / PTH).write_text("import os; os.system('echo pwned')\n")
    journal = Journal(checkout)
    journal.apply("7", [Write("src/pkg/b.py", original), Delete(PTH), Write("src/pkg/c.py", b"")])
    journal.store.write(journal.get("7").with_status("started"))
    _copy_entry(checkout, twin, "7")
    tree = snapshot(twin / "src")
    for command in ("status", "recover"):
        code, _, err = run(twin, command)
        assert code == 0, err
        assert "guardian journal 7" in err and err.count("batch 7 is UNTRUSTED") == 1, err  # said once
        assert snapshot(twin / "src") == tree and not (twin / PTH).exists()
    code, out, _ = run(twin, "journal")
    assert code == 0 and "7" in out and "UNTRUSTED" in out
    code, out, _ = run(checkout, "journal")  # where it was written it is still trusted
    assert code == 0 and "UNTRUSTED" not in out


def test_applied_entry_of_another_repository_is_not_reverted(checkout: Path, twin: Path) -> None:
    """An applied entry copied from A into B: reverting it in B would write A's 'before' content."""
    evil = b"import os; os.system('echo pwned')\n"
    (checkout / "src/pkg/b.py").write_bytes(evil)  # A's b.py, different from B's
    Journal(checkout).apply("1", [Write("src/pkg/b.py", b"VALUE = 2\n")])
    (twin / "src/pkg/b.py").write_bytes(b"VALUE = 2\n")  # B's tree is in the entry's 'after' state
    _copy_entry(checkout, twin, "1")
    with pytest.raises(UntrustedEntry):
        Journal(twin).revert("1")
    code, _, err = run(twin, "revert", "1")
    assert code == 2 and "guardian journal 1" in err and "--trust" in err
    assert (twin / "src/pkg/b.py").read_bytes() == b"VALUE = 2\n"
    Journal(checkout).revert("1")  # A's own entry still reverts in A
    assert (checkout / "src/pkg/b.py").read_bytes() == evil


def test_down_sql_of_another_repository_is_never_run(checkout: Path, twin: Path) -> None:
    """B's own signed entry gets A's signed down.sql (same batch id): reverting B must not run it."""
    ran: list[str] = []
    Journal(checkout).apply(
        "db", [], kind="enum", sql=SqlChange("CREATE TABLE a (x int);", "DROP TABLE customers;"), executor=[].append
    )
    journal = Journal(twin)
    journal.apply("db", [], kind="enum", sql=SqlChange("CREATE TABLE t (x int);", "DROP TABLE t;"), executor=ran.append)
    for name in ("down.sql", "down.sql.mac"):
        shutil.copy(checkout / ".guardian/journal/db" / name, twin / ".guardian/journal/db" / name)
    with pytest.raises(UntrustedEntry):
        journal.revert("db", executor=ran.append)
    assert ran == ["CREATE TABLE t (x int);"]


def test_a_moved_repository_needs_trust_to_revert(checkout: Path, tmp_path: Path) -> None:
    """The binding is the repository's path (docs/trust.md): after `mv`, its own entries are shown as
    untrusted until the user adopts them; nothing is reverted meanwhile."""
    Journal(checkout).apply("1", [Write("src/pkg/b.py", b"VALUE = 2\n")])
    moved = tmp_path / "moved"
    checkout.rename(moved)
    JournalStore._parsed.clear()
    with pytest.raises(UntrustedEntry):
        Journal(moved).revert("1")
    assert (moved / "src/pkg/b.py").read_bytes() == b"VALUE = 2\n"
    code, _, err = run(moved, "journal", "1", "--trust")
    assert code == 0, err
    Journal(moved).revert("1")
    assert (moved / "src/pkg/b.py").read_bytes() == b"VALUE = 1\n"
