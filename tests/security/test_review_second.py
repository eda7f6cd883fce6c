"""A second attacker's review (issue 11): code of a crafted checkout run by a documented command.

Each test is the attack; it failed before the fix named in its docstring."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from attack_helpers import git, plan_apply_revert, run

from planner.read_files import PARALLEL_THRESHOLD


def test_a_worker_process_does_not_import_the_checkouts_stdlib_names(
    checkout: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`guardian --no-exec assess`, run (as usual) from inside a checkout with many files, reads them in
    spawned worker processes. Each (and multiprocessing's resource tracker) started as `python -c ...`,
    which put the current directory first on sys.path while it imported threading, pickle, ...: a
    `threading.py` at the checkout's root ran in every worker. Fix: planner/processes.py starts workers with PYTHONSAFEPATH=1."""
    for number in range(PARALLEL_THRESHOLD + 10):
        (checkout / f"src/pkg/m{number}.py").write_text(f"VALUE = {number}\n")
    (checkout / "threading.py").write_text(f"open({str(outside / 'ran')!r}, 'w').close()\n")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "many modules and a threading.py")
    monkeypatch.chdir(checkout)
    code, _, err = run(checkout, "--no-exec", "assess", "--jobs", "2")
    assert code in (0, 3), err
    assert sorted(os.listdir(outside)) == ["precious.txt"]


def test_a_filter_driver_named_with_an_equals_sign_is_switched_off_too(checkout: Path, tmp_path: Path) -> None:
    """`.gitattributes` can name a filter driver `a=b` (`* filter=a=b`) and a shipped .git/config define
    its `clean` program. The override `-c filter.a=b.clean=` is split by git at its first `=` (it set
    `filter.a`), so `git status` in `apply` ran the program on every changed file. Fix:
    rollback/safegit.py overrides every driver key with `--config-env`, whose value is split at the last `=`."""
    markers = tmp_path / "markers"
    markers.mkdir()
    hook = tmp_path / "filter.sh"
    hook.write_text(f"#!/bin/sh\ntouch {markers / 'filter-ran'}\ncat\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    (checkout / ".gitattributes").write_text("* filter=a=b\n")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "attributes")
    for key in ("clean", "smudge", "process"):
        git(checkout, "config", f"filter.a=b.{key}", str(hook))
    for path in checkout.rglob("*.py"):  # stale index stamps: git re-reads (and would filter) every file
        os.utime(path, (1, 1))
    plan_apply_revert(checkout)
    assert sorted(os.listdir(markers)) == []


def test_rope_runs_no_version_control_program_the_checkout_layout_names(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rope picks its file operations from the names at its project's root: `_darcs` (not hidden, so it
    reaches the scratch copy with a Python file in it) made every module move of `apply` a `darcs mv`,
    a program the checkout's layout chose. Fix: codemods/rope_rename.py gives Rope plain file operations."""
    markers = tmp_path / "markers"
    markers.mkdir()
    programs = tmp_path / "bin"
    programs.mkdir()
    for name in ("darcs", "hg", "svn"):  # what a victim may have installed
        (programs / name).write_text(f"#!/bin/sh\ntouch {markers / name}\n")
        (programs / name).chmod(0o755)
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    (checkout / "_darcs").mkdir()
    (checkout / "_darcs/notes.py").write_text("import pkg.b\n")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "a _darcs directory")
    assert run(checkout, "--no-exec", "plan")[0] == 0
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert code == 0, err
    assert (checkout / "src/pkg/WF1_b.py").is_file()
    assert sorted(os.listdir(markers)) == []


@pytest.mark.parametrize("transport", ["ssh", "file"])
def test_a_partial_clone_fetches_no_blob_through_any_transport(checkout: Path, tmp_path: Path, transport: str) -> None:
    """A shipped .git/ says it is a partial clone whose promisor remote is reached through a program of its
    configuration (`core.sshCommand`, or a local remote's `remote.origin.uploadpack`), and a rename is
    pending in the work tree (`git add -N` of the new name) with the old file's blob missing: `git status`
    in `apply` reads that blob for rename detection and would fetch it (the first review's test covers a
    missing tree). GIT_NO_LAZY_FETCH stops it on git >= 2.39.4; an older git ignores that variable, so
    rollback/safegit.py also sets GIT_ALLOW_PROTOCOL="" (no transport at all). The test fails when both
    are removed; on this machine's git either one holds."""
    marker = tmp_path / "fetch-ran"
    script = tmp_path / "fetch.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    (checkout / "src/pkg/z.py").write_text("".join(f"LINE_{n} = {n}\n" for n in range(200)))
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "z")
    remote = {"ssh": "ssh://example.invalid/repo.git", "file": str(tmp_path / "elsewhere")}[transport]
    for key, value in {
        "core.repositoryformatversion": "1",
        "extensions.partialClone": "origin",
        "remote.origin.url": remote,
        "remote.origin.promisor": "true",
        "core.sshCommand": str(script),
        "remote.origin.uploadpack": str(script),
    }.items():
        git(checkout, "config", key, value)
    blob = git(checkout, "rev-parse", "HEAD:src/pkg/z.py").strip()
    (checkout / ".git/objects" / blob[:2] / blob[2:]).unlink()
    (checkout / "src/pkg/z.py").rename(checkout / "src/pkg/y.py")
    with (checkout / "src/pkg/y.py").open("a") as edited:  # not an exact rename: git compares the contents
        edited.write("EDITED = True\n")
    git(checkout, "add", "-N", "src/pkg/y.py")
    assert run(checkout, "--no-exec", "plan")[0] == 0
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert code == 2 and "unable to read" in err, err
    assert not marker.exists()
