"""``guardian journal``, ``revert`` and ``recover`` through the real command line: output, files, exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from rollback import Journal, Move, Write


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".guardian" not in p.parts
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "src/shop").mkdir(parents=True)
    (root / "src/shop/models.py").write_bytes(b"class Order:\n    pass\n")
    (root / "src/shop/service.py").write_bytes(b"from shop import models\n")
    return root


@pytest.fixture
def two_batches(repo: Path) -> Path:
    journal = Journal(repo)
    journal.apply(
        "1",
        [
            Move("src/shop/models.py", "src/shop/WF1_V7_L1_1of2_models.py"),
            Write("src/shop/service.py", b"from shop import WF1_V7_L1_1of2_models as models\n"),
        ],
        description="orders models",
    )
    journal.apply("2", [Write("src/shop/extra.py", b"X = 1\n")], kind="shim")
    return repo


def test_journal_lists_batches_and_details(two_batches: Path, guardian) -> None:
    listing = guardian(two_batches, "journal")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["seq", "batch", "kind", "status", "files", "created", "description"]
    assert lines[2].split()[:5] == ["1", "1", "rename", "applied", "3"] and "orders models" in lines[2]
    detail = guardian(two_batches, "journal", "1")
    assert detail.returncode == 0
    assert "reverse patch: .guardian/journal/1/reverse.patch" in detail.stdout
    assert "renamed" in detail.stdout and "src/shop/WF1_V7_L1_1of2_models.py" in detail.stdout
    data = json.loads(guardian(two_batches, "--json", "journal").stdout)
    assert [b["batch_id"] for b in data["batches"]] == ["1", "2"]
    assert data["batches"][0]["forward_patch"] == ".guardian/journal/1/forward.patch"
    one = json.loads(guardian(two_batches, "--json", "journal", "1").stdout)
    assert {f["change"] for f in one["files"]} == {"renamed", "deleted", "modified"}
    assert [op["op"] for op in one["operations"]] == ["rename", "write"]


def test_revert_last_then_batch_then_empty(two_batches: Path, repo: Path, guardian) -> None:
    run = guardian(two_batches, "revert", "--last")
    assert run.returncode == 0 and "reverted batch 2" in run.stdout
    run = guardian(two_batches, "--json", "revert", "1")
    assert run.returncode == 0
    assert [m["status"] for m in json.loads(run.stdout)["reverted"]] == ["reverted"]
    assert _files(repo) == {
        "src/shop/models.py": b"class Order:\n    pass\n",
        "src/shop/service.py": b"from shop import models\n",
    }
    run = guardian(two_batches, "revert", "--last")
    assert run.returncode == 2 and "no applied batch" in run.stderr


def test_revert_all_goes_newest_first(two_batches: Path, guardian) -> None:
    run = guardian(two_batches, "revert", "--all")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["reverted batch 2 (1 files)", "reverted batch 1 (3 files)"]


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (("revert",), 2, "exactly one of BATCH, --last or --all"),
        (("revert", "1", "--last"), 2, "exactly one of"),
        (("revert", "9"), 2, "no batch '9'"),
        (("journal", "9"), 2, "no batch '9'"),
        (("revert", "../x"), 2, "not a valid batch id"),
    ],
)
def test_usage_errors(two_batches: Path, args: tuple[str, ...], code: int, text: str, guardian) -> None:
    run = guardian(two_batches, *args)
    assert run.returncode == code and text in run.stderr
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1


def test_drift_exit_4_names_the_file_and_changes_nothing(two_batches: Path, repo: Path, guardian) -> None:
    (repo / "src/shop/service.py").write_bytes(b"# my edit\n")
    before = _files(repo)
    run = guardian(two_batches, "revert", "1")
    assert run.returncode == 4 and "src/shop/service.py (modified)" in run.stderr
    run = guardian(two_batches, "revert", "--all")
    assert run.returncode == 4 and "src/shop/service.py (modified)" in run.stderr
    assert _files(repo) == before


def test_later_batch_on_the_same_file_exit_4_names_it(two_batches: Path, guardian) -> None:
    Journal(two_batches).apply("3", [Write("src/shop/service.py", b"# v3\n")])
    run = guardian(two_batches, "revert", "1")
    assert run.returncode == 4 and "revert batch 3 first" in run.stderr


def test_recover_with_nothing_to_do(two_batches: Path, guardian) -> None:
    run = guardian(two_batches, "recover")
    assert run.returncode == 0 and run.stdout.strip() == "nothing to recover"
    assert json.loads(guardian(two_batches, "--json", "recover").stdout) == {"recovered": []}


def test_undo_without_guardian_by_git_apply(two_batches: Path, repo: Path) -> None:
    original = {"src/shop/models.py": b"class Order:\n    pass\n", "src/shop/service.py": b"from shop import models\n"}
    for batch in ("2", "1"):
        run = subprocess.run(
            ["git", "apply", f".guardian/journal/{batch}/reverse.patch"], cwd=repo, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
    assert _files(repo) == original


def test_in_git_the_journal_keeps_status_clean_and_records_the_base_commit(repo: Path, guardian) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base")
    head = git("rev-parse", "HEAD").strip()
    Journal(repo).apply("1", [Write("src/shop/service.py", b"changed\n")])
    assert git("status", "--porcelain").splitlines() == [" M src/shop/service.py"]
    assert json.loads(guardian(repo, "--json", "journal", "1").stdout)["base_commit"] == head
    assert guardian(repo, "revert", "1").returncode == 0
    assert git("status", "--porcelain") == ""
