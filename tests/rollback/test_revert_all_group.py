"""``revert --all`` reverts consecutive file-only batches as one composed step (rollback/group.py).

Each file is written once instead of once per batch, so these tests pin down that nothing else
changed: the result is byte-identical to reverting batch by batch, a failed step puts every batch
back, and a real process SIGKILLed at every step of the group revert is recovered: the revert is
finished, byte for byte, whichever step it reached (also with only some of the status marks
written, as a power loss could leave them).
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
import rollback_scenario as scenario
from test_journal_crash import guardian, run_driver
from treeutil import Snapshot, directories, snapshot

from rollback import Journal, SqlChange, Write
from rollback.converge import plan_steps
from rollback.errors import BatchFailed, Drift
from rollback.group import compose, runs


def _apply_chain(root: Path) -> list[tuple[Snapshot, set[str]]]:
    """Build the tree and apply the three batches; returns the tree (and directories) after 0..3 batches."""
    scenario.build(root)
    states = [(snapshot(root), directories(root))]
    journal = Journal(root)
    for batch_id, operations in scenario.CHAIN:
        journal.apply(batch_id, operations)
        states.append((snapshot(root), directories(root)))
    return states


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Snapshot, set[str]]]:
    return _apply_chain(tmp_path_factory.mktemp("chain"))


def _statuses(repo: Path) -> list[str]:
    return [
        json.loads((repo / f".guardian/journal/{batch_id}/manifest.json").read_text())["status"]
        for batch_id, _ in scenario.CHAIN
    ]


def test_composed_revert_equals_batch_by_batch(tmp_path: Path, states: list[tuple[Snapshot, set[str]]]) -> None:
    grouped, one_by_one = tmp_path / "grouped", tmp_path / "sequential"
    _apply_chain(grouped)
    _apply_chain(one_by_one)
    done = Journal(grouped).revert_all()
    assert [m.batch_id for m in done] == ["3", "2", "1"] and all(m.status == "reverted" for m in done)
    assert done[0].revert_group == ("3", "2", "1")
    for batch_id in ("3", "2", "1"):
        Journal(one_by_one).revert(batch_id)
    assert snapshot(grouped) == snapshot(one_by_one) == states[0][0]
    assert directories(grouped) == states[0][1]  # the directory batch 3 created is gone again
    assert snapshot(grouped)["notes.txt"][0] == scenario.USER_EDIT[1]
    assert not list((grouped / ".guardian/journal").glob("*/.staging"))


def test_compose_spans_oldest_before_to_newest_after(states: list[tuple[Snapshot, set[str]]], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _apply_chain(repo)
    journal = Journal(repo)
    members = [journal.get(batch_id) for batch_id in ("3", "2", "1")]
    by_path = {r.path: r for r in compose(members).records}
    service = by_path["src/app/service.py"]  # rewritten by all three batches: one record, one write
    assert service.before is not None and service.after is not None
    assert service.before == members[2].files[[r.path for r in members[2].files].index("src/app/service.py")].before
    assert service.after == members[0].files[[r.path for r in members[0].files].index("src/app/service.py")].after
    assert by_path["src/app/WF2_legacy.py"].before is None and by_path["src/app/WF2_legacy.py"].after is None
    assert by_path["src/app/legacy.py"].after is None and by_path["src/app/pkg/WF3_legacy.py"].before is None


def test_batches_with_sql_are_reverted_alone() -> None:
    from rollback.manifest import Manifest

    def entry(batch_id: str, sql: bool) -> Manifest:
        return Manifest(
            batch_id,
            "rename",
            "",
            "applied",
            0,
            "",
            None,
            None,
            None,
            (),
            up_sql="up.sql" if sql else None,
            sql_state="up-applied" if sql else "none",
        )

    newest_first = [entry("5", False), entry("4", False), entry("3", True), entry("2", False), entry("1", False)]
    assert [[m.batch_id for m in run] for run in runs(newest_first)] == [["5", "4"], ["3"], ["2", "1"]]


def test_a_failed_step_puts_every_batch_back(
    tmp_path: Path, states: list[tuple[Snapshot, set[str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    _apply_chain(repo)
    monkeypatch.setenv("GUARDIAN_FAIL_AT", "revert-op-3")
    with pytest.raises(BatchFailed) as caught:
        Journal(repo).revert_all()
    assert caught.value.exit_code == 3
    assert snapshot(repo) == states[3][0]
    assert _statuses(repo) == ["applied", "applied", "applied"]
    monkeypatch.delenv("GUARDIAN_FAIL_AT")
    Journal(repo).revert_all()
    assert snapshot(repo) == states[0][0]


def test_drift_in_any_batch_refuses_before_any_change(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _apply_chain(repo)
    (repo / "src/app/WF1_models.py").write_bytes(b"edited by hand\n")  # batch 2 wrote it last
    before = snapshot(repo)
    with pytest.raises(Drift, match="batch 2"):
        Journal(repo).revert_all()
    assert snapshot(repo) == before and _statuses(repo) == ["applied", "applied", "applied"]


def test_sql_batch_between_file_batches(tmp_path: Path) -> None:
    """A database batch splits the group: its down.sql runs after the newer files are reverted."""
    repo = tmp_path / "repo"
    scenario.build(repo)
    original = snapshot(repo)
    ran: list[str] = []
    journal = Journal(repo)
    journal.apply("1", [Write("src/app/models.py", b"v1\n")])
    journal.apply("db", [], kind="enum", sql=SqlChange("UP;", "DOWN;"), executor=ran.append)
    journal.apply("2", [Write("src/app/models.py", b"v2\n")])
    journal.apply("3", [Write("src/app/service.py", b"v3\n")])
    done = journal.revert_all(executor=ran.append)
    assert [m.batch_id for m in done] == ["3", "2", "db", "1"] and ran == ["UP;", "DOWN;"]
    assert done[0].revert_group == ("3", "2") and done[2].revert_group == () and done[3].revert_group == ()
    assert snapshot(repo) == original


def _points() -> list[str]:
    records = compose(list(reversed(_chain_manifests()))).records
    changing = [n for n, step in enumerate(plan_steps(records, "before"), 1) if step.origin != step.target]
    return (
        [f"revert-group-after-mark-{k}" for k in (1, 2, 3)]
        + ["revert-after-start"]
        + [f"revert-after-op-{n}" for n in changing]
        + ["revert-before-final-status"]
        + [f"revert-group-after-final-{k}" for k in (1, 2)]
    )


def _chain_manifests() -> list:  # type: ignore[type-arg]
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        _apply_chain(root)
        return Journal(root).entries()


@pytest.mark.parametrize("crash_at", _points())
def test_group_revert_killed_then_recovered(
    tmp_path: Path, states: list[tuple[Snapshot, set[str]]], crash_at: str
) -> None:
    repo = tmp_path / "repo"
    _apply_chain(repo)
    killed = run_driver("revert-all", repo, crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    recovered = guardian(repo, "recover")
    assert recovered.returncode == 0, recovered.stderr
    # the interrupted `revert --all` is finished, whichever step it reached
    assert _statuses(repo) == ["reverted"] * 3
    assert snapshot(repo) == states[0][0]
    assert directories(repo) == states[0][1]
    assert not list((repo / ".guardian/journal").glob("*/.staging"))
    assert "interrupted `revert --all` finished" in recovered.stdout


def test_recovery_of_a_group_refuses_a_file_edited_after_the_crash(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _apply_chain(repo)
    assert run_driver("revert-all", repo, "revert-after-op-2").returncode == -signal.SIGKILL
    edited = repo / "src/app/service.py"
    edited.write_bytes(b"# the user's edit after the crash\n")
    refused = guardian(repo, "recover")
    assert refused.returncode == 4 and "src/app/service.py (modified)" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert edited.read_bytes() == b"# the user's edit after the crash\n"
    assert _statuses(repo) == ["reverting"] * 3
    assert os.path.exists(repo / ".guardian/journal/3/manifest.json")


def test_a_failure_while_staging_changes_nothing(
    tmp_path: Path, states: list[tuple[Snapshot, set[str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """New contents are staged (and synced together) before any rename into the tree: a failure
    there leaves the tree untouched and no temporary file behind, on apply and on revert."""
    repo = tmp_path / "repo"
    scenario.build(repo)
    monkeypatch.setenv("GUARDIAN_FAIL_AT", "stage-2")
    with pytest.raises(BatchFailed):
        Journal(repo).apply(*scenario.CHAIN[0])
    assert snapshot(repo) == states[0][0] and Journal(repo).get("1").status == "failed"
    assert not list(repo.glob(".guardian/journal/*/.staging/*"))
    monkeypatch.delenv("GUARDIAN_FAIL_AT")
    repo = tmp_path / "chain"
    _apply_chain(repo)
    monkeypatch.setenv("GUARDIAN_FAIL_AT", "revert-stage-1")
    with pytest.raises(BatchFailed):
        Journal(repo).revert_all()
    assert snapshot(repo) == states[3][0] and _statuses(repo) == ["applied"] * 3
    assert not list(repo.glob(".guardian/journal/*/.staging/*"))


def test_recovery_finishes_a_group_whatever_subset_of_marks_survived(
    tmp_path: Path, states: list[tuple[Snapshot, set[str]]]
) -> None:
    """A power loss may keep any subset of unsynced status marks: here only the oldest member is
    marked ``reverting`` (the tree untouched), and in the second tree only the middle one is still
    ``reverting`` after the tree was restored. Recovery composes every member the group names."""
    untouched = tmp_path / "untouched"
    _apply_chain(untouched)
    journal = Journal(untouched)
    journal.store.write(journal.get("1").with_status("reverting", revert_group=("3", "2", "1")))
    recovered = guardian(untouched, "recover")
    assert recovered.returncode == 0, recovered.stderr
    assert _statuses(untouched) == ["reverted"] * 3 and snapshot(untouched) == states[0][0]

    restored = tmp_path / "restored"
    _apply_chain(restored)
    Journal(restored).revert_all()
    journal = Journal(restored)
    journal.store.write(journal.get("2").with_status("reverting", reverted=None))
    recovered = guardian(restored, "recover")
    assert recovered.returncode == 0, recovered.stderr
    assert _statuses(restored) == ["reverted"] * 3 and snapshot(restored) == states[0][0]
