"""Untrusted input: unsafe paths, symlinks, tampered journal files; and the repository lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from treeutil import new_repo, snapshot

from rollback import CorruptJournal, Journal, LockHeld, Move, UnsafePath, Write, repo_lock

TREE = {"pkg/mod.py": (b"x = 1\n", 0o644), "README": (b"hello\n", 0o644)}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return new_repo(tmp_path, TREE)


@pytest.mark.parametrize(
    "path",
    [
        "../outside.py",
        "/etc/passwd",
        "pkg/../../x",
        "pkg//x",
        "./pkg/x",
        "pkg\\x",
        ".git/config",
        ".guardian/journal/1/manifest.json",
        "",
        "a\0b",
        "C:/x",
    ],
)
def test_paths_that_escape_are_refused_before_any_write(repo: Path, path: str) -> None:
    with pytest.raises(UnsafePath) as caught:
        Journal(repo).apply("1", [Write("pkg/ok.py", b"ok"), Write(path, b"evil")])
    assert caught.value.exit_code == 2 and "nothing was changed" in str(caught.value)
    assert snapshot(repo) == TREE and not (repo / ".guardian/journal/1").exists()


def test_symlinks_are_never_written_through(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "target.py").write_bytes(b"outside\n")
    os.symlink(outside, repo / "escape")
    os.symlink(outside / "target.py", repo / "link.py")
    os.symlink(repo / "pkg", repo / "inner")  # pointing inside is refused too: a write must be where it says
    journal = Journal(repo)
    for operations in (
        [Write("escape/target.py", b"pwned")],
        [Write("link.py", b"pwned")],
        [Move("pkg/mod.py", "escape/mod.py")],
        [Move("link.py", "moved.py")],
        [Write("inner/new.py", b"x")],
    ):
        with pytest.raises(UnsafePath, match="symlink"):
            journal.apply("1", operations)
    assert (outside / "target.py").read_bytes() == b"outside\n" and sorted(os.listdir(outside)) == ["target.py"]


def test_batch_ids_are_directory_safe(repo: Path) -> None:
    for bad in ("../x", "a/b", ".hidden", "", "x" * 101):
        with pytest.raises(UnsafePath):
            Journal(repo).apply(bad, [Write("a.txt", b"a")])


def _applied(repo: Path) -> Journal:
    journal = Journal(repo)
    journal.apply("1", [Write("pkg/mod.py", b"x = 2\n"), Write("new.py", b"n\n")])
    return journal


@pytest.mark.parametrize("tamper", ["not json", "path escapes", "bad sha", "missing key", "wrong id", "bad status"])
def test_tampered_manifest_is_refused_with_file_and_key(repo: Path, tamper: str) -> None:
    journal = _applied(repo)
    path = repo / ".guardian/journal/1/manifest.json"
    data = json.loads(path.read_text())
    if tamper == "not json":
        path.write_text("{oops")
    else:
        if tamper == "path escapes":
            data["files"][0]["path"] = "../../etc/passwd"
        elif tamper == "bad sha":
            data["files"][0]["before_sha256"] = "zz"
        elif tamper == "missing key":
            del data["created_dirs"]
        elif tamper == "wrong id":
            data["batch_id"] = "2"
        else:
            data["status"] = "done"
        path.write_text(json.dumps(data))
    applied = snapshot(repo)
    with pytest.raises(CorruptJournal) as caught:
        journal.revert("1")
    assert caught.value.exit_code == 2 and ".guardian/journal/1/manifest.json" in str(caught.value)
    assert snapshot(repo) == applied


def test_tampered_blob_is_detected_before_any_change(repo: Path) -> None:
    journal = _applied(repo)
    record = next(r for r in journal.get("1").files if r.path == "pkg/mod.py")
    assert record.before is not None
    (repo / ".guardian/journal/1/blobs" / record.before.sha256).write_bytes(b"evil = True\n")
    applied = snapshot(repo)
    with pytest.raises(CorruptJournal, match="does not match its sha256"):
        journal.revert("1")
    assert snapshot(repo) == applied and journal.get("1").status == "applied"


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from rollback import repo_lock
    with repo_lock(Path(sys.argv[1]), command="apply --all"):
        print("locked", flush=True)
        time.sleep(30)
""")


def test_second_process_is_refused_naming_the_holder(repo: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(repo)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockHeld) as caught:
            Journal(repo).apply("1", [Write("a.txt", b"a")])
        message = str(caught.value)
        assert caught.value.exit_code == 3
        assert f"pid {holder.pid}" in message and "guardian apply --all" in message
        cli = subprocess.run(
            [sys.executable, "-m", "guardian", "--repo", str(repo), "revert", "--last"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert cli.returncode == 3 and f"pid {holder.pid}" in cli.stderr
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(repo) == TREE
    assert Journal(repo).apply("1", [Write("a.txt", b"a")]).status == "applied"


def test_stale_lock_of_a_dead_process_is_taken_over_with_a_warning(repo: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(repo)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    warnings: list[str] = []
    with repo_lock(repo, command="revert", warn=warnings.append) as mine:
        assert mine.pid == os.getpid()
    assert len(warnings) == 1 and f"pid {holder.pid}" in warnings[0] and "no longer running" in warnings[0]
    with repo_lock(repo, command="revert", warn=warnings.append):
        pass
    assert len(warnings) == 1  # a clean release leaves nothing stale


def test_lock_is_reentrant_in_one_process(repo: Path) -> None:
    started = time.monotonic()
    with repo_lock(repo, command="apply"):
        journal = Journal(repo)
        journal.apply("1", [Write("a.txt", b"a")])
        journal.revert("1")
    assert time.monotonic() - started < 10


def test_revert_refuses_a_symlink_planted_after_apply(repo: Path, tmp_path: Path) -> None:
    journal = Journal(repo)
    journal.apply("1", [Write("pkg/mod.py", b"x = 2\n"), Write("pkg/new.py", b"n\n")])
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "mod.py").write_bytes(b"x = 2\n")
    (outside / "new.py").write_bytes(b"n\n")
    (repo / "pkg").rename(tmp_path / "moved-pkg")
    os.symlink(outside, repo / "pkg")  # same bytes behind the link: only the symlink check can catch it
    with pytest.raises(UnsafePath, match="pkg is a symlink"):
        journal.revert("1")
    assert sorted(os.listdir(outside)) == ["mod.py", "new.py"] and (outside / "mod.py").read_bytes() == b"x = 2\n"


def test_corrupt_journal_warns_at_startup_and_blocks_changes(repo: Path) -> None:
    _applied(repo)
    (repo / ".guardian/journal/1/manifest.json").write_text("{oops")
    listing = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), "revert", "--last"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "crash recovery skipped" in listing.stderr
    assert listing.returncode == 2 and ".guardian/journal/1/manifest.json: not valid JSON" in listing.stderr
