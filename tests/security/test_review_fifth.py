"""Attacks of the fifth reviewer (issue 11's last review, beyond code execution and writes outside):
another local user reading what Guardian copied, a directory name writing Guardian's configuration,
a hard link quoting a file outside the repository. Each test is the attack, and failed before its fix.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from attack_helpers import git, run

SECRET = b"tok-5f3a9e-never-shared"


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask: files another user may read unless Guardian says otherwise."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _readable_by_others(path: Path, repo: Path) -> bool:
    """Whether a user who is neither the owner nor in the group can read ``path``, given that the
    repository itself can be entered by anyone (the usual 0755 checkout in a 0755 home)."""
    if not os.stat(path).st_mode & stat.S_IROTH:
        return False
    return all(
        os.stat(parent).st_mode & stat.S_IXOTH for parent in path.parents if parent.is_relative_to(repo / ".guardian")
    )


@pytest.mark.parametrize("journal_dir", ["fresh", "made-0755-by-an-older-guardian"])
def test_a_0600_module_is_not_readable_by_other_users_through_the_journal(
    checkout: Path, umask_022: None, journal_dir: str
) -> None:
    """A secrets module is 0600 so that the other users of a shared machine cannot read it. `apply`
    copied it into the journal (blobs, patches, staged files) as 0644 files in 0755 directories, and
    the facts cache quoted its strings the same way: any local user could `cat` the token."""
    secret = checkout / "src/pkg/settings_local.py"
    secret.write_bytes(b'API_TOKEN = "' + SECRET + b'"\n')
    secret.chmod(0o600)
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "a secret and a naming pattern")
    if journal_dir != "fresh":
        (checkout / ".guardian/journal").mkdir(parents=True, mode=0o755)
    code, _, err = run(checkout, "--no-exec", "plan")
    assert code == 0, err
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert code == 0, err
    renamed = checkout / "src/pkg/WF1_settings_local.py"
    assert stat.S_IMODE(renamed.stat().st_mode) == 0o600 and SECRET in renamed.read_bytes()

    state = checkout / ".guardian"
    quoting = [p for p in state.rglob("*") if p.is_file() and SECRET in p.read_bytes()]
    assert any("/journal/" in p.as_posix() for p in quoting)
    readable = [p.relative_to(checkout).as_posix() for p in quoting if _readable_by_others(p, checkout)]
    assert readable == []
    for part in ("journal", "cache"):
        for path in (state / part).rglob("*"):
            mode = stat.S_IMODE(path.lstat().st_mode)
            assert mode & 0o077 == 0, (path.relative_to(checkout).as_posix(), oct(mode))

    code, _, err = run(checkout, "--no-exec", "revert", "--all")
    assert code == 0, err
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600  # the user's own modes are restored exactly
    assert secret.read_bytes() == b'API_TOKEN = "' + SECRET + b'"\n'
    assert stat.S_IMODE((checkout / "src/pkg/a.py").stat().st_mode) == 0o644
