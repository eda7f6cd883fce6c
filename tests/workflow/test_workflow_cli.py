"""status, gate, approve, validate and --strict through the command line (click's CliRunner)."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest
from cli_helpers import run
from workflow_helpers import make_plan

from guardian.tracking import open_tracker
from planner.config import Config
from planner.plan import PLAN_PATH

CONFIG = """\
source_roots = ["src"]
[workflows]
"src/pkg/**" = 1
[approvals]
required_roles = ["Layer Guardian", "Test Sentinel"]
[validate]
tests = "python -c \\"import sys; sys.exit(0)\\""
[retirement]
stability_seconds = 0
"""


@pytest.fixture
def repo(write_tree) -> Path:
    root = write_tree(
        {
            "guardian.toml": CONFIG,
            "src/pkg/__init__.py": "",
            "src/pkg/a.py": "X = 1\n",
            "src/pkg/b.py": "from . import a\n",
        }
    )
    plan = make_plan({1: ["a"], 2: ["b"]})
    (root / PLAN_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / PLAN_PATH).write_text(plan.dumps(), encoding="utf-8")
    return root


def test_status_on_a_fresh_repository(repo: Path) -> None:
    code, out, _ = run(repo, "--json", "status")
    assert code == 0
    report = json.loads(out)
    assert [(p["number"], p["name"], p["lead"], p["status"]) for p in report["phases"]][:2] == [
        (1, "Assessment", "The Architect", "NOT_STARTED"),
        (2, "Design", "Layer Guardians", "NOT_STARTED"),
    ]
    assert [(g["from"], g["to"]) for g in report["gates"]] == [
        (1, 2),
        (2, 3),
        (3, 4),
        (4, 5),
        (5, 6),
        (6, 7),
        (7, "done"),
    ]
    assert report["compliance_percent"] is None
    assert report["approvals_pending"] == [
        {"batch": 1, "missing_roles": ["Layer Guardian", "Test Sentinel"]},
        {"batch": 2, "missing_roles": ["Layer Guardian", "Test Sentinel"]},
    ]
    code, out, _ = run(repo, "status")
    assert code == 0 and "Phase" in out and "Approvals pending: 2" in out
    code, out, _ = run(repo, "status", "--format", "markdown")
    assert (
        code == 0
        and "| Phase | Lead | Status | Start | Complete |" in out
        and "| 1. Assessment | The Architect |" in out
    )


def test_gate_exit_codes_and_reasons(repo: Path) -> None:
    code, out, err = run(repo, "gate", "1")
    assert code == 3 and "no assessment recorded" in out and "1 gate(s) closed" in err
    tracker = open_tracker(repo, Config(root=repo))
    tracker.record_assessment({"compliance": {"modules": 2, "compliant": 0, "percent": 0.0, "noncompliant": []}})
    code, out, _ = run(repo, "--json", "gate", "assessment")
    assert code == 0 and json.loads(out)["gates"] == [
        {"from": 1, "to": 2, "title": "database reality documented", "open": True, "reasons": []}
    ]
    code, _, err = run(repo, "gate", "8")
    assert code == 2 and "unknown phase '8'" in err


def test_approve_records_and_voids_on_change(repo: Path) -> None:
    code, out, _ = run(repo, "--json", "approve", "1", "--by", "Ana", "--role", "Layer Guardian")
    assert code == 0
    assert json.loads(out)["missing_roles"] == ["Test Sentinel"]
    code, _, err = run(repo, "approve", "1", "--by", "Ana", "--role", "Layer Guardain")
    assert code == 2 and "not a required role" in err
    code, _, err = run(repo, "approve", "7", "--by", "Ana", "--role", "Layer Guardian")
    assert code == 2 and "no batch 7" in err
    for batch in ("1", "2"):
        for role in ("Layer Guardian", "Test Sentinel"):
            assert run(repo, "approve", batch, "--by", "Ana", "--role", role)[0] == 0
    assert run(repo, "gate", "3")[0] == 0
    status = json.loads(run(repo, "--json", "status")[1])
    assert status["approvals_pending"] == [] and status["phases"][2]["status"] == "COMPLETE"
    (repo / PLAN_PATH).write_text(make_plan({1: ["a"], 2: ["b", "c"]}).dumps(), encoding="utf-8")  # batch 2 changed
    code, out, _ = run(repo, "gate", "3")
    assert code == 3 and "batch 2 lacks approval by Layer Guardian, Test Sentinel" in out and "void" in out


def test_strict_refuses_a_later_phase_while_an_earlier_gate_is_closed(repo: Path) -> None:
    code, _, err = run(repo, "--strict", "approve", "1", "--by", "Ana", "--role", "Layer Guardian")
    assert code == 3 and "gate 1->2 (database reality documented) is closed" in err
    assert open_tracker(repo, Config(root=repo)).approvals() == []  # refused before recording anything
    code, _, err = run(repo, "approve", "1", "--by", "Ana", "--role", "Layer Guardian")
    assert code == 0 and "warning: gate 1->2" in err
    (repo / "guardian.toml").write_text(CONFIG + "[workflow]\nstrict = true\n", encoding="utf-8")
    assert run(repo, "approve", "2", "--by", "Ana", "--role", "Layer Guardian")[0] == 3


def test_validate_records_each_check_and_exits_3_on_failure(repo: Path) -> None:
    code, out, _ = run(repo, "--json", "validate")
    report = json.loads(out)
    checks = {c["check"]: c["status"] for c in report["checks"]}
    assert checks == {
        "compile": "pass",
        "imports": "pass",
        "tests": "pass",
        "naming": "fail",
        "old-names": "skip",
        "old-public-paths": "skip",
        "performance": "skip",
    }
    assert code == 3 and report["passed"] is False
    status = json.loads(run(repo, "--json", "status")[1])
    assert status["phases"][5]["status"] == "BLOCKED"
    assert status["blocked_tasks"][0]["task"] == "validation failed: naming"
    assert status["blocked_tasks"][0]["escalation_level"] == 0
    (repo / "src/pkg/b.py").write_text("def broken(:\n")
    code, out, _ = run(repo, "--json", "validate")
    assert code == 3 and {c["check"]: c["status"] for c in json.loads(out)["checks"]}["compile"] == "fail"
    tracker = open_tracker(repo, Config(root=repo))
    assert len(tracker.events("validate")) == 2


def test_every_command_leaves_a_line_in_the_run_log(repo: Path) -> None:
    import subprocess
    import sys

    run(repo, "status")
    bad = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), "gate", "1", "postgresql://u:hunter2@h/db"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2  # an extra argument: click refuses it after the start-up checks ran
    subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), "--json", "gate", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    events = list(reversed(open_tracker(repo, Config(root=repo)).events("command")))
    assert [e.command for e in events] == ["status", "gate", "gate"]
    assert events[0].summary.startswith("guardian ") and events[0].summary.endswith(" status")  # the args as given
    assert events[1].summary.endswith("gate 1 postgresql://u:***@h/db") and "hunter2" not in events[1].summary
    assert events[2].summary.endswith("--json gate 2")


def test_leads_strict_and_window_are_validated(repo: Path) -> None:
    (repo / "guardian.toml").write_text(
        CONFIG + '[workflow]\nleads = { "1" = "Ana", "Database" = "DBA team" }\n', encoding="utf-8"
    )
    leads = [p["lead"] for p in json.loads(run(repo, "--json", "status")[1])["phases"]]
    assert leads == [
        "Ana",
        "Layer Guardians",
        "Workflow Personas",
        "DBA team",
        "Dev Team",
        "Test Sentinel",
        "The Architect",
    ]
    for bad, key in (
        ('leads = { "Deploy" = "x" }', "workflow.leads.Deploy"),
        ('leads = { "1" = 3 }', "workflow.leads.1"),
        ('strict = "yes"', "workflow.strict"),
    ):
        (repo / "guardian.toml").write_text(CONFIG + f"[workflow]\n{bad}\n", encoding="utf-8")
        code, _, err = run(repo, "approve", "1", "--by", "Ana", "--role", "Layer Guardian")
        assert code == 2 and key in err and err.count("\n") == 1, err
    (repo / "guardian.toml").write_text(
        CONFIG.replace("stability_seconds = 0", "stability_seconds = -1"), encoding="utf-8"
    )
    code, _, err = run(repo, "gate", "7")
    assert code == 2 and "retirement.stability_seconds" in err


def test_a_plan_without_enums_completes_phase_4(repo: Path) -> None:
    tracker = open_tracker(repo, Config(root=repo))
    tracker.record_plan(make_plan({1: ["a"]}).to_json())
    assert tracker.phase(4).status == "COMPLETE" and tracker.phase(4).note == "no ENUM consolidation planned"
    tracker.record_plan(make_plan({1: ["a"]}, enums=1).to_json())  # ENUM work appeared: phase 4 is open again
    assert tracker.phase(4).status == "IN_PROGRESS" and tracker.phase(4).completed_at is None


def test_apply_refuses_a_batch_lacking_a_role_and_leaves_the_tree_untouched(write_tree) -> None:
    import hashlib
    import os
    import subprocess

    root = write_tree(
        {
            "guardian.toml": CONFIG,
            "src/pkg/__init__.py": "",
            "src/pkg/a.py": "X = 1\n",
            "src/pkg/b.py": "from . import a\n",
        }
    )
    git_env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "start"]):
        subprocess.run(command, cwd=root, check=True, env=git_env)

    def tree() -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "src").rglob("*"))
            if p.is_file()
        }

    assert run(root, "plan")[0] == 0
    before = tree()
    assert run(root, "approve", "1", "--by", "Ana", "--role", "Layer Guardian")[0] == 0
    code, _, err = run(root, "apply", "--batch", "1")
    assert code == 3 and "batch 1 lacks approval by Test Sentinel" in err and "nothing was changed" in err
    assert tree() == before and not (root / ".guardian" / "journal").exists()
    code, _, err = run(root, "apply", "--all")
    assert code == 3 and "batch 1 lacks approval by Test Sentinel" in err and tree() == before


def test_status_shows_blocked_tasks_escalated_by_age(repo: Path) -> None:
    from datetime import datetime, timedelta

    from guardian.tracking import Tracker
    from guardian.tracking.backend import SQLiteBackend

    then = datetime.now(UTC) - timedelta(hours=25)
    past = Tracker(SQLiteBackend(repo / ".guardian" / "tracking.db", repo=repo), clock=lambda: then)
    past.block(4, "enum-verify", "sql", "ENUM SQL verification failed", "row counts differ")
    later = Tracker(
        SQLiteBackend(repo / ".guardian" / "tracking.db", repo=repo), clock=lambda: then + timedelta(hours=20)
    )  # 5 h ago
    later.block(6, "validation", "validate", "validation failed: tests", "2 failed")
    report = json.loads(run(repo, "--json", "status")[1])
    escalations = {t["phase"]: (t["escalation_level"], t["escalated_to"]) for t in report["blocked_tasks"]}
    assert escalations == {4: (2, "The Architect"), 6: (1, "Test Sentinel")}
    assert [p["status"] for p in report["phases"]][3] == "BLOCKED"
    text = run(repo, "status")[1]
    assert "phase 4: ENUM SQL verification failed - blocked 25.0 h, escalation level 2 (The Architect)" in text
