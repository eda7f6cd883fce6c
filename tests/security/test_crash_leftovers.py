"""Finding 9: what a killed revert, a full disk or a broken tracking database leave behind is cleared
or reported plainly; recovery needs the journal alone."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from attack_helpers import git, run

from rollback import Journal, Move, Write
from rollback.store import JournalStore


def _status(repo: Path) -> str:
    return git(repo, "status", "--porcelain")


def test_intent_to_add_records_of_a_killed_revert_are_cleared(checkout: Path) -> None:
    journal = Journal(checkout)
    journal.apply("1", [Move("src/pkg/b.py", "src/pkg/WF1_b.py"), Write("src/pkg/a.py", b"import pkg.WF1_b\n")])
    git(checkout, "add", "--intent-to-add", "src/pkg/WF1_b.py")  # what `guardian apply` records for a rename
    journal.revert("1")  # the revert finished, but the process died before it told git (SIGKILL)
    assert " D src/pkg/WF1_b.py" in _status(checkout) or "D  src/pkg/WF1_b.py" in _status(checkout)
    code, _, err = run(checkout, "status")
    assert code == 0, err
    assert _status(checkout) == ""


def test_a_full_disk_is_reported_as_such(checkout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Journal(checkout).apply("1", [Write("src/pkg/b.py", b"VALUE = 2\n")])

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(JournalStore, "write", full)
    code, _, err = run(checkout, "revert", "--last")
    assert code == 3 and "disk is full" in err and "guardian recover" in err
    assert (checkout / "src/pkg/b.py").read_text() == "VALUE = 2\n"


def test_recover_works_without_the_tracking_database(checkout: Path) -> None:
    journal = Journal(checkout)
    journal.apply("1", [Write("src/pkg/b.py", b"VALUE = 2\n")])
    journal.store.write(journal.get("1").with_status("started"))  # interrupted after its last file
    (checkout / ".guardian/tracking.db").mkdir()  # a tracking database that cannot be opened
    code, out, err = run(checkout, "recover")
    assert code == 0, err
    assert "batch 1" in out and "tracking database" in err
    assert Journal(checkout).get("1").status == "applied"
