"""Apply, revert and refusals of the journal, in-process, on real trees and real ``git apply``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from treeutil import copy_tree, directories, git_apply, git_mode_view, new_repo, snapshot, write_snapshot

from rollback import (
    ABSENT,
    BatchFailed,
    Chmod,
    Delete,
    Drift,
    InvalidBatch,
    Journal,
    JournalConflict,
    Move,
    NothingToRevert,
    StaleBase,
    UnknownBatch,
    Write,
)

TREE = {
    "pkg/mod.py": (b"import os\n\nVALUE = 1\n", 0o644),
    "pkg/util.py": (b"def f():\n    return 1\n", 0o644),
    "run.sh": (b"#!/bin/sh\n", 0o755),
    "data.bin": (b"\0\1\2\3" * 64, 0o644),
    "win.txt": (b"line one\r\nline two\r\n", 0o644),
    "nonl.txt": (b"no final newline", 0o644),
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return new_repo(tmp_path, TREE)


def test_apply_writes_manifest_patches_and_blobs_then_revert_restores(repo: Path) -> None:
    original = snapshot(repo)
    journal = Journal(repo)
    manifest = journal.apply(
        "1",
        [
            Move("pkg/mod.py", "pkg/v7/WF1_mod.py"),
            Write("pkg/util.py", b"def f():\n    return 2\n"),
            Delete("run.sh"),
            Chmod("nonl.txt", 0o755),
            Write("win.txt", b"line one\r\nline 2\r\n"),
        ],
        kind="rename",
        description="batch one",
        meta={"plan": "x"},
    )
    assert manifest.status == "applied" and manifest.sequence == 1
    assert {r.path: r.change for r in manifest.files} == {
        "pkg/mod.py": "deleted",
        "pkg/v7/WF1_mod.py": "renamed",
        "pkg/util.py": "modified",
        "run.sh": "deleted",
        "nonl.txt": "mode",
        "win.txt": "modified",
    }
    assert manifest.created_dirs == ("pkg/v7",)
    entry = repo / ".guardian/journal/1"
    on_disk = json.loads((entry / "manifest.json").read_text())
    assert on_disk["status"] == "applied" and on_disk["meta"] == {"plan": "x"}
    assert on_disk["files"][0]["before_mode"] == "0644"
    forward = (entry / "forward.patch").read_text()
    assert "rename from pkg/mod.py\nrename to pkg/v7/WF1_mod.py" in forward and "similarity index 100%" in forward
    assert "old mode 100644\nnew mode 100755" in forward and "deleted file mode 100755" in forward
    assert (repo / ".guardian/.gitignore").read_text() == "*\n"
    assert len(list((entry / "blobs").iterdir())) >= 5
    assert journal.revert("1").status == "reverted"
    assert snapshot(repo) == original
    assert not (repo / "pkg/v7").exists()


def test_preview_is_the_forward_patch_and_writes_nothing(repo: Path) -> None:
    operations = [Write("pkg/util.py", b"changed\n"), Write("new.txt", b"\xe9t\xe9\n")]
    journal = Journal(repo)
    text = journal.preview(operations)
    assert not (repo / ".guardian").exists() and snapshot(repo) == TREE
    manifest = journal.apply("1", operations)
    assert (repo / manifest.forward_patch).read_bytes() == text.encode("utf-8", "surrogateescape")


REPETITIVE = b"".join(b"    return x\n\n" if i % 3 else b"def f():\n" for i in range(600))


@pytest.mark.parametrize(
    "case", ["crlf", "no-final-newline", "non-utf8", "binary", "mode", "empty-file", "to-empty", "large-repetitive"]
)
def test_git_apply_of_each_patch_is_byte_exact(repo: Path, tmp_path: Path, case: str) -> None:
    operations = {
        "crlf": [Write("win.txt", b"line one\r\nline 1.5\r\nline two\r\n")],
        "no-final-newline": [Write("nonl.txt", b"no final newline\nnow two lines")],
        "non-utf8": [Write("pkg/util.py", b"# \xff\xfe\x80 bytes\ndef f():\n    return 1\n")],
        "binary": [Write("data.bin", b"\0\x09" * 500), Move("pkg/mod.py", "pkg/mod.bin", b"\0\0")],
        "mode": [Chmod("run.sh", 0o644), Write("pkg/new.sh", b"#!/bin/sh\n", 0o755)],
        "empty-file": [Write("empty", b""), Delete("nonl.txt")],
        "to-empty": [Write("pkg/util.py", b"")],
        "large-repetitive": [
            Write("pkg/util.py", REPETITIVE[:3000] + b"import changed\n" + REPETITIVE[3000:-40] + b"tail")
        ],
    }[case]
    if case == "large-repetitive":
        (repo / "pkg/util.py").write_bytes(REPETITIVE)
    original = snapshot(repo)
    manifest = Journal(repo).apply("1", operations)
    applied = snapshot(repo)
    before_copy = tmp_path / "before"
    before_copy.mkdir()
    write_snapshot(before_copy, original)
    assert git_apply(before_copy, repo / manifest.forward_patch).returncode == 0
    assert git_mode_view(snapshot(before_copy)) == git_mode_view(applied)
    after_copy = copy_tree(repo, tmp_path / "after")
    run = git_apply(after_copy, repo / manifest.reverse_patch)
    assert run.returncode == 0, run.stderr
    assert git_mode_view(snapshot(after_copy)) == git_mode_view(original)


def test_drift_refuses_revert_naming_the_file_and_changes_nothing(repo: Path) -> None:
    journal = Journal(repo)
    journal.apply("1", [Write("pkg/util.py", b"v2\n"), Move("pkg/mod.py", "pkg/WF_mod.py"), Write("new.py", b"")])
    (repo / "pkg/util.py").write_bytes(b"v2\nmy edit\n")
    (repo / "new.py").unlink()
    (repo / "pkg/mod.py").write_bytes(b"recreated by hand\n")
    before = snapshot(repo)
    with pytest.raises(Drift) as caught:
        journal.revert("1")
    assert caught.value.exit_code == 4
    assert set(caught.value.drifted) == {"pkg/util.py (modified)", "new.py (deleted)", "pkg/mod.py (created since)"}
    assert snapshot(repo) == before and journal.get("1").status == "applied"


def test_mode_drift_is_drift(repo: Path) -> None:
    journal = Journal(repo)
    journal.apply("1", [Write("pkg/util.py", b"v2\n")])
    os.chmod(repo / "pkg/util.py", 0o600)
    with pytest.raises(Drift, match=r"pkg/util.py \(mode changed\)"):
        journal.revert("1")


def test_later_batch_on_same_files_must_be_reverted_first(repo: Path) -> None:
    journal = Journal(repo)
    journal.apply("1", [Write("pkg/util.py", b"v2\n")])
    journal.apply("2", [Write("pkg/util.py", b"v3\n")])
    journal.apply("3", [Write("win.txt", b"unrelated\n")])
    with pytest.raises(JournalConflict, match="revert batch 2 first") as caught:
        journal.revert("1")
    assert caught.value.exit_code == 4
    assert journal.revert("3").status == "reverted"  # independent of the others
    assert [m.batch_id for m in journal.revert_all()] == ["2", "1"]
    assert snapshot(repo) == TREE
    with pytest.raises(NothingToRevert):
        journal.revert_last()


def test_revert_all_checks_every_batch_before_changing_anything(repo: Path) -> None:
    journal = Journal(repo)
    journal.apply("1", [Write("pkg/util.py", b"v2\n")])
    journal.apply("2", [Write("win.txt", b"v2\n")])
    (repo / "pkg/util.py").write_bytes(b"edited\n")
    before = snapshot(repo)
    with pytest.raises(Drift, match="batch 1"):
        journal.revert_all()
    assert snapshot(repo) == before and journal.get("2").status == "applied"


def test_reapply_after_revert_archives_the_old_entry(repo: Path) -> None:
    journal = Journal(repo)
    journal.apply("1", [Write("pkg/util.py", b"v2\n")])
    with pytest.raises(JournalConflict, match="already applied"):
        journal.apply("1", [Write("pkg/util.py", b"v3\n")])
    journal.revert("1")
    second = journal.apply("1", [Write("pkg/util.py", b"v3\n")])
    assert second.sequence == 2 and (repo / "pkg/util.py").read_bytes() == b"v3\n"
    history = journal.history("1")
    assert [m.status for m in history] == ["reverted"] and history[0].sequence == 1
    assert (repo / ".guardian/journal/1/history/1/reverse.patch").is_file()
    journal.revert("1")
    assert snapshot(repo) == TREE


def test_refusals_before_any_write(repo: Path) -> None:
    journal = Journal(repo)
    cases = [
        ([Move("pkg/mod.py", "pkg/util.py")], InvalidBatch, "already exists; refusing to overwrite"),
        ([Delete("missing.py")], InvalidBatch, "missing.py does not exist"),
        ([Write("pkg/util.py", b"x"), Write("pkg/util.py/inner.py", b"x")], Exception, "pkg/util.py"),
        ([Chmod("run.sh", 0o4755)], InvalidBatch, "permission bits"),
        ([Write("pkg/mod.py", b"import os\n\nVALUE = 1\n")], InvalidBatch, "change nothing"),
        ([], InvalidBatch, "no operations"),
    ]
    for operations, error, text in cases:
        with pytest.raises(error, match=text):
            journal.apply("1", operations)
        assert snapshot(repo) == TREE
    assert not (repo / ".guardian/journal/1").exists()
    with pytest.raises(UnknownBatch):
        journal.revert("1")


def test_expected_hashes_refuse_a_stale_base(repo: Path) -> None:
    journal = Journal(repo)
    import hashlib

    good = hashlib.sha256(TREE["pkg/util.py"][0]).hexdigest()
    (repo / "pkg/util.py").write_bytes(b"changed under us\n")
    with pytest.raises(StaleBase, match="pkg/util.py") as caught:
        journal.apply("1", [Write("pkg/util.py", b"new\n")], expected={"pkg/util.py": good})
    assert caught.value.exit_code == 3
    with pytest.raises(StaleBase, match=r"pkg/mod.py \(exists; the batch did not expect it\)"):
        journal.apply("1", [Write("pkg/mod.py", b"new\n")], expected={})
    with pytest.raises(StaleBase, match=r"new.py \(exists\)"):
        (repo / "new.py").write_bytes(b"squatter\n")
        journal.apply("1", [Write("new.py", b"new\n")], expected={"new.py": ABSENT})
    assert (repo / "pkg/util.py").read_bytes() == b"changed under us\n"
    manifest = journal.apply("1", [Write("pkg/run.py", b"new\n")], expected={"pkg/run.py": ABSENT})
    assert manifest.status == "applied"


@pytest.mark.parametrize("step", ["op-1", "op-2", "op-3", "patches"])
def test_failure_part_way_restores_the_tree_and_names_the_operation(
    repo: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    monkeypatch.setenv("GUARDIAN_FAIL_AT", step)
    journal = Journal(repo)
    original, dirs = snapshot(repo), directories(repo)
    with pytest.raises(BatchFailed) as caught:
        journal.apply(
            "1", [Write("pkg/util.py", b"v2\n"), Move("pkg/mod.py", "deep/new/mod.py"), Write("a/b/c.txt", b"c")]
        )
    assert caught.value.exit_code == 3
    assert "injected failure" in str(caught.value) and "restored" in str(caught.value)
    if step.startswith("op-"):
        assert "operation " in caught.value.operation
    assert snapshot(repo) == original and directories(repo) == dirs
    assert journal.get("1").status == "failed" and journal.get("1").error
    monkeypatch.delenv("GUARDIAN_FAIL_AT")
    assert journal.apply("1", [Write("pkg/util.py", b"v2\n")]).status == "applied"


def test_failed_revert_step_leaves_the_batch_applied(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = Journal(repo)
    journal.apply("1", [Write("pkg/util.py", b"v2\n"), Write("win.txt", b"v2\n"), Delete("run.sh")])
    applied = snapshot(repo)
    monkeypatch.setenv("GUARDIAN_FAIL_AT", "revert-op-2")
    with pytest.raises(BatchFailed, match="stays applied"):
        journal.revert("1")
    assert snapshot(repo) == applied and journal.get("1").status == "applied"


def test_entries_are_oldest_first_and_get_unknown(repo: Path) -> None:
    journal = Journal(repo)
    for batch_id in ("enum-001-expand", "2", "retire-shims"):
        journal.apply(batch_id, [Write(f"{batch_id}.txt", batch_id.encode())])
    assert [m.batch_id for m in journal.entries()] == ["enum-001-expand", "2", "retire-shims"]
    assert journal.revert_last().batch_id == "retire-shims"
    with pytest.raises(UnknownBatch, match="no batch '9'"):
        journal.get("9")
    assert not journal.needs_recovery()
