"""Issue 14, findings 1 and 2: Guardian is used the way ruff, pre-commit and git are.

1. From a subdirectory it finds the repository root by walking up (and says which with ``-v``);
   ``--repo`` still wins.
2. ``--json``, ``-v`` and ``-q`` are accepted after the command as well as before; errors are JSON on
   stderr under ``--json``; a mistyped command gets a suggestion.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def guardian(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed CLI in a fresh process started in ``cwd`` (no --repo unless given)."""
    return subprocess.run(
        [sys.executable, "-m", "guardian", *args], capture_output=True, text=True, cwd=cwd, check=False, timeout=120
    )


def test_plan_from_a_subdirectory_is_the_plan_from_the_root(sample_copy: Path, tmp_path: Path) -> None:
    """Finding 1: `cd src/shop && guardian plan` used to plan `src/shop` as a repository of its own
    (no configuration, module names without `shop.`), and apply then broke every import."""
    sub = sample_copy / "src" / "shop"
    from_sub = guardian("-v", "plan", "-o", str(tmp_path / "sub.json"), cwd=sub)
    assert from_sub.returncode == 0, from_sub.stderr
    assert f"repository root {sample_copy.resolve()} (nearest pyproject.toml with [tool.guardian]" in from_sub.stderr
    from_root = guardian("plan", "-o", str(tmp_path / "root.json"), cwd=sample_copy)
    assert from_root.returncode == 0, from_root.stderr
    sub_plan = json.loads((tmp_path / "sub.json").read_text())
    assert sub_plan == json.loads((tmp_path / "root.json").read_text())
    first = sub_plan["batches"][0]["renames"][0]
    assert first["old"].startswith("src/shop/") and first["old_module"].startswith("shop.")
    assert not (sub / ".guardian").exists()  # nothing written where the command was started


def test_root_is_git_top_level_without_config_and_repo_option_wins(tmp_path: Path) -> None:
    top = tmp_path / "proj"
    (top / "pkg" / "deep").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    (top / "pkg" / "__init__.py").write_text("")
    (top / "pkg" / "deep" / "__init__.py").write_text("")
    (top / "pkg" / "deep" / "mod.py").write_text("import pkg\n")
    found = guardian("-v", "--json", "assess", cwd=top / "pkg" / "deep")
    assert found.returncode == 0, found.stderr
    assert f"repository root {top.resolve()} (git top level" in found.stderr
    assert json.loads(found.stdout)["graph"]["modules"] == 3  # pkg, pkg.deep, pkg.deep.mod: named from the top
    explicit = guardian("assess", "--json", "-v", "--repo", "pkg", cwd=top)
    assert explicit.returncode == 2 and "no such option" in explicit.stderr.lower()  # --repo is the group's
    explicit = guardian("--repo", "pkg", "-v", "--json", "assess", cwd=top)
    assert explicit.returncode == 0, explicit.stderr
    assert f"repository root {(top / 'pkg').resolve()} (--repo)" in explicit.stderr
    assert json.loads(explicit.stdout)["graph"]["modules"] == 2  # deep and deep.mod: pkg itself is the root now


@pytest.mark.parametrize("args", [["assess", "--json"], ["--json", "assess"], ["assess", "-q", "--json"]])
def test_json_before_or_after_the_command(sample_copy: Path, args: list[str]) -> None:
    """Finding 2: `guardian assess --json` exited 2 ("did you mean --dsn")."""
    run = guardian(*args, cwd=sample_copy)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert set(report) >= {"compliance", "graph", "layer_violations", "cycles", "references", "database"}
    assert report["compliance"]["modules"] == 28


def test_quiet_after_a_subcommand_and_errors_as_json(sample_copy: Path) -> None:
    quiet = guardian("gate", "1", "-q", cwd=sample_copy)  # no assessment yet: gate 1 is closed
    assert quiet.returncode == 3
    assert "warning" not in quiet.stderr
    error = guardian("enums", "sql", "--dialect", "oracle", "--json", cwd=sample_copy)
    assert error.returncode == 2 and error.stdout == ""
    lines = [json.loads(line) for line in error.stderr.splitlines()]  # warnings too are JSON lines
    assert {"warning"} == set().union(*lines[:-1]) and "1->2" in lines[0]["warning"]
    payload = lines[-1]
    assert set(payload["error"]) == {"type", "message", "hint", "exit_code"}
    assert payload["error"]["exit_code"] == 2 and "oracle" in payload["error"]["message"]
    assert "Traceback" not in error.stderr


def test_mistyped_command_gets_a_suggestion(sample_copy: Path) -> None:
    run = guardian("asess", cwd=sample_copy)
    assert run.returncode == 2
    assert "did you mean 'assess'" in run.stderr
    as_json = guardian("--json", "plam", cwd=sample_copy)
    assert as_json.returncode == 2 and "did you mean 'plan'" in json.loads(as_json.stderr)["error"]["message"]
