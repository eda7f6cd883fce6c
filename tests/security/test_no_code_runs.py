"""Finding 5 and the trust model: reading a checkout runs none of its code; running it is opt-in and
``--no-exec`` / ``GUARDIAN_NO_EXEC`` / ``[validate] allow_exec = false`` turn it off everywhere."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from attack_helpers import git, plan_apply_revert, run


@pytest.fixture
def booby_trapped(checkout: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A checkout whose package and test command each leave a marker when they run."""
    markers = tmp_path / "markers"
    markers.mkdir()
    (checkout / "src/pkg/__init__.py").write_text(f"open({str(markers / 'imported')!r}, 'w').close()\n")
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
        f'[validate]\ntests = "python -c \\"open({str(markers / "tested")!r}, \'w\').close()\\""\n'
    )
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "-m", "trap")
    return checkout, markers


def test_assess_and_plan_run_no_code_of_the_checkout(booby_trapped: tuple[Path, Path]) -> None:
    checkout, markers = booby_trapped
    for command in (["assess"], ["plan"], ["status"], ["journal"]):
        code, _, err = run(checkout, *command)
        assert code in (0, 3), (command, err)
    assert sorted(os.listdir(markers)) == []


def test_the_baseline_is_opt_in_and_no_exec_wins(booby_trapped: tuple[Path, Path]) -> None:
    checkout, markers = booby_trapped
    code, _, err = run(checkout, "--no-exec", "assess", "--baseline")
    assert code == 0 and "--no-exec" in err
    assert sorted(os.listdir(markers)) == []
    code, _, err = run(checkout, "assess", "--baseline")  # asked for: the user's explicit choice
    assert code == 0, err
    assert sorted(os.listdir(markers)) == ["imported", "tested"]


@pytest.mark.parametrize("how", ["flag", "env", "config"])
def test_validate_and_apply_run_nothing_under_no_exec(
    booby_trapped: tuple[Path, Path], how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout, markers = booby_trapped
    prefix = ["--no-exec"] if how == "flag" else []
    if how == "env":
        monkeypatch.setenv("GUARDIAN_NO_EXEC", "1")
    if how == "config":
        with (checkout / "guardian.toml").open("a") as config:
            config.write("allow_exec = false\n")
        git(checkout, "commit", "-qam", "no exec")
    assert run(checkout, *prefix, "plan")[0] == 0
    code, _, err = run(checkout, *prefix, "apply", "--all")
    assert code == 0, err
    code, out, err = run(checkout, *prefix, "--json", "validate")
    assert sorted(os.listdir(markers)) == []
    assert '"tests"' in out and "skipped" in out


def test_git_configuration_of_the_checkout_runs_nothing(booby_trapped: tuple[Path, Path], tmp_path: Path) -> None:
    """A checkout that comes with its .git/ (a tarball, a CI cache) names an fsmonitor program and hooks."""
    checkout, markers = booby_trapped
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {markers / 'git-ran-it'}\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    git(checkout, "config", "core.fsmonitor", str(hook))
    (checkout / ".git/hooks/post-index-change").write_text(hook.read_text())
    (checkout / ".git/hooks/post-index-change").chmod(0o755)
    plan_apply_revert(checkout)
    assert sorted(os.listdir(markers)) == []


def test_git_filter_drivers_of_the_checkout_run_nothing(booby_trapped: tuple[Path, Path], tmp_path: Path) -> None:
    """A shipped .git/config names clean/smudge/process filters and .gitattributes applies them to every
    file: `git status` and `git add` would run them on the tree (reported by an attacker's review)."""
    checkout, markers = booby_trapped
    hook = tmp_path / "filter.sh"
    hook.write_text(f"#!/bin/sh\ntouch {markers / 'filter-ran'}\ncat\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    (checkout / ".gitattributes").write_text("* filter=evil\n")
    git(checkout, "add", ".gitattributes")
    git(checkout, "commit", "-qm", "attributes")
    for key in ("clean", "smudge", "process"):
        git(checkout, "config", f"filter.evil.{key}", str(hook))
    for path in checkout.rglob("*.py"):  # stale index stamps: git re-reads (and would filter) every file
        os.utime(path, (1, 1))
    plan_apply_revert(checkout)
    assert sorted(os.listdir(markers)) == []
