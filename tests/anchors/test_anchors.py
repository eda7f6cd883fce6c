"""The 34 failure cases a module rename meets (T01-T34, found measuring Rope on real code before Guardian
was written: docs/design.md), the R cases real packages added, and the two hazards that broke
rich and sympy (X01, X02), each a before/after fixture tree applied through the real pipeline and the journal.

Every case: a dry run first (it must not write a byte), then ``apply`` (compared with ``after/`` byte
for byte, or refused with nothing written), then ``revert`` through the journal (compared with
``before/`` byte for byte). ``case.json`` names the renames and any special expectation.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from codemods.apply_batches import Runner
from codemods.errors import PreflightError
from codemods.journal_port import RollbackJournal
from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.hazards import find_hazards
from planner.plan import Batch, Plan, Rename
from planner.references import Reference
from planner.scan import scan_repo

HERE = Path(__file__).resolve().parent
CASES = sorted(p.name for p in HERE.iterdir() if (p / "case.json").is_file())
IGNORED = {".guardian", ".git", "__pycache__"}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative path -> bytes), without Guardian's and git's own files."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not IGNORED.intersection(rel.parts):
            found[rel.as_posix()] = path.read_bytes()
    return found


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _batch(config: Config, spec: dict[str, Any]) -> Plan:
    scan = scan_repo(config)
    dynamic, dynamic_hazards = find_dynamic(config.root, scan)  # as the planner lists them (keep-old-path ...)
    references: dict[str, list[Reference]] = {}
    for ref in (*scan.references, *dynamic):
        references.setdefault(ref.module, []).append(ref)
    renames = []
    for old, new in spec["renames"]:
        if old.endswith(".pyi"):
            continue
        module = scan.module_at(old)
        assert module is not None, f"{old} is not a module of the fixture"
        parent = module.name.rpartition(".")[0]
        base = new.rpartition("/")[2][:-3]
        new_module = f"{parent}.{base}" if parent else base
        companions = ((module.stub, new[:-3] + ".pyi"),) if module.stub else ()
        renames.append(
            Rename(
                old,
                new,
                module.name,
                new_module,
                "anchor case",
                tuple(scan.importers(module.name)),
                tuple(references.get(module.name, ())),
                companions=companions,
            )
        )
    batch = Batch(1, tuple(renames), tuple(sorted({r.old for r in renames})))
    return Plan(1, "anchor", (batch,), hazards=tuple(find_hazards(scan) + dynamic_hazards))


def _runs(repo: Path, spec: dict[str, Any]) -> None:
    """``case.json``'s ``run``: Python code run in the fixture tree (a fresh interpreter) must exit 0."""
    if "run" in spec:
        done = subprocess.run(
            [sys.executable, "-W", "error", "-c", spec["run"]], cwd=repo, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize("name", CASES)
def test_anchor(name: str, tmp_path: Path) -> None:
    case = HERE / name
    spec = json.loads((case / "case.json").read_text())
    repo = tmp_path / "repo"
    shutil.copytree(case / "before", repo)
    before = tree(repo)
    if "git" in spec:
        _git(repo, "init", "-q")
        untracked = set(spec["git"].get("untracked", []))
        _git(repo, "add", "--", *[p for p in before if p not in untracked])
        _git(repo, "commit", "-q", "-m", "fixture")
    config = Config(root=repo, source_roots=tuple(spec.get("source_roots", ["."])), exempt=())
    plan = _batch(config, spec)
    journal = RollbackJournal(repo)

    # a dry run computes everything and writes nothing (T33)
    if spec.get("expect") != "refused":
        [preview] = Runner(config, plan, journal, dry_run=True).run(plan.batches)
        assert tree(repo) == before
        assert preview.patch and preview.status == "previewed"
        assert preview.problems == ()
        for text in spec.get("dry_run_shows", []):
            assert text in preview.patch

    if spec.get("expect") == "refused":
        with pytest.raises(PreflightError) as refused:
            Runner(config, plan, journal).run(plan.batches)
        assert spec["error"] in str(refused.value)
        assert refused.value.exit_code == 3
        assert tree(repo) == before
        assert not (repo / ".guardian" / "journal" / "1").exists()
        return

    _runs(repo, spec)  # the fixture's own check passes before the rename ...
    [outcome] = Runner(config, plan, journal).run(plan.batches)
    assert outcome.status == "applied"
    _runs(repo, spec)  # ... and after it (issue 13: the old public paths still resolve)
    expected = tree(case / "after")
    actual = tree(repo)
    assert sorted(actual) == sorted(expected)
    for path, data in expected.items():
        assert actual[path] == data, f"{path} differs from after/{path}"
    if "git" in spec:
        status = _git(repo, "status", "--porcelain")
        for old, new in spec["renames"]:
            if old in spec["git"].get("untracked", []):
                assert f"?? {new}" in status
            else:
                assert f" R {old} -> {new}" in status

    edit = spec.get("edit_after")
    if edit is not None:  # T16: a later hand edit makes revert refuse, naming the file, changing nothing
        target = repo / edit["path"]
        target.write_bytes(target.read_bytes() + edit["append"].encode())
        edited = tree(repo)
        with pytest.raises(Exception) as drift:
            journal.revert(1)
        assert getattr(drift.value, "exit_code", None) == 4
        assert edit["path"] in str(drift.value)
        assert tree(repo) == edited
        target.write_bytes(expected[edit["path"]])

    journal.revert(1)
    assert tree(repo) == before


def test_every_anchor_case_is_present() -> None:
    """Section 4 has 34 cases; each has a fixture directory (T01..T34)."""
    numbers = sorted(int(n[1:3]) for n in CASES if n.startswith("T"))
    assert numbers == list(range(1, 35))


def test_rope_crash_fails_the_rename_not_the_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Rope exception on one file is a RenameFailed naming the module; the tree is untouched."""
    import rope.refactor.occurrences

    case = HERE / "T09_alias_kept"
    repo = tmp_path / "repo"
    shutil.copytree(case / "before", repo)
    config = Config(root=repo, exempt=())
    plan = _batch(config, json.loads((case / "case.json").read_text()))
    original = rope.refactor.occurrences.Finder.find_occurrences

    def crash_on_user(self: Any, resource: Any = None, pymodule: Any = None) -> Any:
        # where sympy's crash happened: inside Rope's occurrence analysis of one importer
        if resource is not None and resource.path == "user.py":
            raise AttributeError("'PyObject' object has no attribute 'get_returned_object'")
        return original(self, resource, pymodule)

    monkeypatch.setattr(rope.refactor.occurrences.Finder, "find_occurrences", crash_on_user)
    [outcome] = Runner(config, plan, RollbackJournal(repo)).run(plan.batches)
    assert tree(repo) == tree(case / "after")
    [report] = outcome.edit.renames
    assert report.warnings and report.warnings[0].startswith("user.py: Rope crashed")
    assert "user.py" in report.fixed_by_libcst
