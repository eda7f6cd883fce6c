"""Attack of the seventh reviewer (issue 11): the key directory and the temporary directory Guardian
falls back to come from the environment as well (`HOME`, `XDG_STATE_HOME`, `TMPDIR`). CI setups that keep
caches in the project directory (`HOME: $CI_PROJECT_DIR`) put them inside the checkout, where a symlink the
checkout ships decided where the signing key was made (or a shipped key was used). The test is the attack,
and failed before its fix: `plan` created `outside/.../journal.key`."""

from __future__ import annotations

from pathlib import Path

import pytest
from attack_helpers import git, run


@pytest.mark.parametrize("how", ["HOME", "XDG_STATE_HOME"])
def test_a_key_directory_inside_the_checkout_is_refused(
    checkout: Path, outside: Path, tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (checkout / ".local").symlink_to(outside)
    (checkout / ".cache-state").symlink_to(outside)
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "ship links")
    monkeypatch.chdir(checkout)
    monkeypatch.delenv("GUARDIAN_STATE_DIR", raising=False)
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    if how == "HOME":
        monkeypatch.setenv("HOME", str(checkout))
    else:
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        monkeypatch.setenv("XDG_STATE_HOME", str(checkout / ".cache-state"))
    code, _, err = run(checkout, "plan")
    assert sorted(p.name for p in outside.rglob("*")) == ["precious.txt"]
    assert code == 2 and how in err and "outside the repository" in err, err
    assert len(err.strip().splitlines()) <= 2, err


def test_a_temporary_directory_inside_the_checkout_is_refused(
    checkout: Path, outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A defence of the same kind: apply's scratch copy (and the removal of stale ones) falls back to the
    temporary directory when /dev/shm has no room, so a TMPDIR inside the checkout is refused up front."""
    (checkout / "tmp").symlink_to(outside)
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "ship a link")
    monkeypatch.setenv("TMPDIR", str(checkout / "tmp"))
    monkeypatch.delenv("GUARDIAN_SCRATCH", raising=False)
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    code, _, err = run(checkout, "status")
    assert sorted(p.name for p in outside.rglob("*")) == ["precious.txt"]
    assert code == 2 and "TMPDIR" in err and "GUARDIAN_SCRATCH" in err, err


def test_a_home_that_holds_the_checkout_is_fine(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The usual case: the checkout is below HOME, not the other way round."""
    monkeypatch.delenv("GUARDIAN_STATE_DIR", raising=False)
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(checkout.parent))
    code, _, err = run(checkout, "plan")
    assert code == 0, err
