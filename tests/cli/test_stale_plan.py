"""Stale plans (issue 14, finding 5): ``apply`` refuses a plan whose inputs changed since ``plan``,
naming what changed, and leaves the tree as it was. On the old code the planted module was
ignored and the stale batch applied without a word."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from planner.config import Config
from planner.fingerprint import INPUTS_KEY, compare, inputs

GIT = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
TREE = {
    "pyproject.toml": """\
        [tool.guardian]
        source_roots = ["src"]
        exempt = ["**/__init__.py"]
        batch_size = 1
        [tool.guardian.workflows]
        "src/app/**" = 1
        """,
    "src/app/__init__.py": "",
    "src/app/models.py": "X = 1\n",
    "src/app/service.py": "from app import models\n",
    "src/app/api.py": "from app import service\n",
}


def commit(repo: Path, message: str) -> None:
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=repo, check=True)


def files(repo: Path) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes() for p in sorted((repo / "src").rglob("*.py"))}


@pytest.fixture
def planned(write_tree, guardian):
    repo = write_tree(TREE)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit(repo, "start")
    assert guardian(repo, "plan").returncode == 0
    return repo


def test_plan_records_its_inputs_byte_stable(planned, guardian):
    data = json.loads((planned / ".guardian/plan.json").read_text())
    recorded = data[INPUTS_KEY]
    assert recorded["modules"] == ["src/app/__init__.py", "src/app/api.py", "src/app/models.py", "src/app/service.py"]
    assert recorded["config"]["batch_size"] == 1 and len(recorded["digest"]) == 64
    assert {"version", "pattern", "batches", "conflicts", "enums"} <= set(data)  # the existing keys stay
    before = (planned / ".guardian/plan.json").read_bytes()
    assert guardian(planned, "plan").returncode == 0
    assert (planned / ".guardian/plan.json").read_bytes() == before


def test_added_module_makes_apply_refuse_naming_it(planned, guardian):
    (planned / "src/app/extra.py").write_text("Y = 2\n")
    commit(planned, "a teammate adds a module")
    before = files(planned)
    run = guardian(planned, "apply", "--batch", "1")
    assert run.returncode == 3, run.stderr
    assert "is stale: 1 module(s) added (src/app/extra.py)" in run.stderr
    assert "re-run `guardian plan`" in run.stderr and "Traceback" not in run.stderr
    assert files(planned) == before  # nothing written
    assert guardian(planned, "apply", "--batch", "1", "--dry-run").returncode == 3
    review = guardian(planned, "review", "1")
    assert review.returncode == 3 and "src/app/extra.py" in review.stderr
    assert guardian(planned, "plan").returncode == 0  # re-planning clears it
    assert guardian(planned, "apply", "--batch", "1").returncode == 0


def test_applied_batches_are_expected_changes_but_config_and_renames_are_not(planned, guardian):
    assert guardian(planned, "apply", "--batch", "1").returncode == 0
    commit(planned, "batch 1")
    assert guardian(planned, "apply", "--batch", "2").returncode == 0  # batch 1's rename is the plan's own
    commit(planned, "batch 2")
    pyproject = planned / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("batch_size = 1", "batch_size = 5"))
    subprocess.run(["git", "mv", "src/app/api.py", "src/app/endpoints.py"], cwd=planned, check=True)
    commit(planned, "edits")
    run = guardian(planned, "apply", "--batch", "3")
    assert run.returncode == 3
    assert "configuration changed (batch_size)" in run.stderr
    assert "1 module(s) renamed (src/app/api.py -> src/app/endpoints.py)" in run.stderr


def test_compare_names_removed_and_moved_modules(tmp_path):
    config = Config(root=tmp_path)
    recorded = inputs(config, ["a/x.py", "a/y.py", "b/z.py"])
    changed = compare(recorded, config, ["a/x.py", "c/z.py"])
    assert changed.removed == ("a/y.py",) and changed.renamed == (("b/z.py", "c/z.py"),) and not changed.added
    assert not compare(recorded, config, ["a/x.py", "a/Y2.py", "b/z.py"], {"a/y.py": "a/Y2.py"}).stale
    assert compare(recorded, Config(root=tmp_path, pattern="{name}_{index}"), recorded["modules"]).config_keys == (
        "pattern",
    )
