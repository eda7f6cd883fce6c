"""Findings 3 and 7: output files never follow a symlink; a plan that lies about its target is refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from attack_helpers import run, snapshot

from planner.errors import InputError
from planner.plan import PLAN_PATH
from planner.plan_file import load_plan


def _plan(checkout: Path) -> dict:
    code, _, err = run(checkout, "plan")
    assert code in (0, 3), err
    return json.loads((checkout / PLAN_PATH).read_text())


@pytest.fixture
def renaming(checkout: Path) -> Path:
    """A checkout whose pattern renames every module (``WF1_<name>``)."""
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    return checkout


@pytest.mark.parametrize("name", ["plan.json", "sub/plan.json"])
def test_plan_output_never_writes_through_a_symlink(renaming: Path, outside: Path, name: str) -> None:
    target = renaming / name
    target.parent.mkdir(exist_ok=True)
    if name.startswith("sub/"):
        os.rmdir(target.parent)
        os.symlink(outside, renaming / "sub")  # a symlinked directory on the way
    else:
        os.symlink(outside / "precious.txt", target)  # a symlinked file name
    before = snapshot(outside)
    code, _, err = run(renaming, "plan", "-o", str(target))
    assert code == 2 and "symlink" in err
    assert snapshot(outside) == before


def test_saved_plan_never_writes_through_a_symlink(renaming: Path, outside: Path) -> None:
    (renaming / ".guardian").mkdir()
    os.symlink(outside / "precious.txt", renaming / PLAN_PATH)
    before = snapshot(outside)
    code, _, err = run(renaming, "plan")
    assert code == 2 and "symlink" in err
    assert snapshot(outside) == before


def test_init_never_writes_through_a_symlink(tmp_path: Path, outside: Path) -> None:
    repo = tmp_path / "fresh"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg/__init__.py").write_text("")
    os.symlink(outside / "precious.txt", repo / "guardian.toml")
    before = snapshot(outside)
    code, _, err = run(repo, "init", "--force")
    assert code == 2 and "symlink" in err
    assert snapshot(outside) == before


def _lying(renaming: Path, change: dict) -> Path:
    data = _plan(renaming)
    rename = data["batches"][0]["renames"][0]
    rename.update(change)
    (renaming / PLAN_PATH).write_text(json.dumps(data))
    return renaming / PLAN_PATH


@pytest.mark.parametrize(
    "change",
    [
        {"new": "src/pkg/innocent.py"},  # shown and approved, but new_module decides the target
        {"new": "src/pkg/.git/hooks/post-checkout"},
        {"new": "src/pkg/a\0.py"},
        {"new": "src/pkg/a\n.py"},
        {"new": "/etc/passwd"},
        {"new": "src/../../x.py"},
        {"old": "src/pkg/.GIT/config"},
        {"new_module": "other.WF1_a"},
    ],
)
def test_a_plan_that_lies_is_refused(renaming: Path, change: dict) -> None:
    path = _lying(renaming, change)
    with pytest.raises(InputError):
        load_plan(path)
    code, _, err = run(renaming, "apply", "--batch", "1")
    assert code == 2 and PLAN_PATH in err


def test_a_deeply_nested_plan_is_a_clear_error(renaming: Path) -> None:
    (renaming / ".guardian").mkdir(exist_ok=True)
    (renaming / PLAN_PATH).write_text("[" * 100_000 + "]" * 100_000)
    code, _, err = run(renaming, "apply", "--batch", "1")
    assert code == 2 and PLAN_PATH in err and "nested" in err


def test_a_name_over_255_bytes_is_a_conflict_at_plan_time(checkout: Path) -> None:
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "' + "x" * 250 + '_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    code, out, _ = run(checkout, "--json", "plan")
    assert code == 3
    kinds = {c["kind"] for c in json.loads(out)["conflicts"]}
    assert "name-too-long" in kinds


@pytest.mark.parametrize("where", ["directory", "file"])
def test_enums_sql_output_never_writes_through_a_symlink(sample_copy: Path, outside: Path, where: str) -> None:
    if where == "directory":
        os.symlink(outside, sample_copy / "migrations")
    else:
        (sample_copy / "migrations").mkdir()
        os.symlink(outside / "precious.txt", sample_copy / "migrations/001_expand_order_status.up.sql")
    before = snapshot(outside)
    code, _, err = run(sample_copy, "enums", "sql", "-o", "migrations")
    assert code == 2 and "symlink" in err
    assert snapshot(outside) == before


def test_a_source_root_symlinked_out_of_the_repository_is_refused(checkout: Path, tmp_path: Path) -> None:
    """source_roots = ["ext"] with ext -> a directory outside: its files were read as the repository's
    and apply then failed inside Rope (found by a review)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "payments.py").write_text("SECRET = 1\n")
    (checkout / "ext").symlink_to(outside, target_is_directory=True)
    config = checkout / "guardian.toml"
    config.write_text(config.read_text().replace('source_roots = ["src"]', 'source_roots = ["src", "ext"]'))
    code, out, err = run(checkout, "assess", "--no-baseline")
    assert code == 2, out + err
    assert "source_roots" in err and "outside the repository" in err and "payments" not in out
