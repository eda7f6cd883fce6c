"""The batch runner on small trees: verification rolls a batch back, shims, --rename-locals,
--jobs, preflight refusals, git untracked modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from apply_helpers import committed, git, snapshot, write_files

import codemods.rename_round
from codemods.apply_batches import Runner
from codemods.batch_edit import Options
from codemods.errors import PreflightError, VerificationFailed
from codemods.journal_port import RollbackJournal
from planner.config import Config
from planner.hazards import find_hazards
from planner.plan import Batch, Plan, Rename
from planner.scan import scan_repo

TREE = {
    "pkg/__init__.py": "",
    "pkg/mod.py": "def func():\n    return 1\n",
    "pkg/other.py": "X = 2\n",
    "app.py": "from pkg import mod\nimport pkg.other\n\n\ndef main(mod=None):\n    return mod or pkg.other.X\n",
    "user.py": "import pkg.mod as m\nfrom pkg.other import X\n\nprint(m.func(), X)\n",
}


def plan_for(root: Path, pairs: list[tuple[str, str]]) -> tuple[Config, Plan]:
    config = Config(root=root, exempt=())
    scan = scan_repo(config)
    renames = []
    for old, new in pairs:
        module = scan.module_at(old)
        assert module is not None
        parent = module.name.rpartition(".")[0]
        renames.append(
            Rename(
                old,
                new,
                module.name,
                f"{parent}.{new.rpartition('/')[2][:-3]}",
                "test",
                tuple(scan.importers(module.name)),
            )
        )
    return config, Plan(1, "test", (Batch(1, tuple(renames), ()),), hazards=tuple(find_hazards(scan)))


def test_verification_failure_rolls_the_batch_back(write_tree, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(TREE)
    before = snapshot(root)
    config, plan = plan_for(root, [("pkg/mod.py", "pkg/newmod.py")])

    def sabotage(source: bytes, masks: list, new_base: str) -> bytes:  # puts the old name back: an import breaks
        for item in masks:
            source = source.replace(f"{item.token} as {item.local}".encode(), item.original.encode())
        return source

    monkeypatch.setattr(codemods.rename_round, "unmask", sabotage)
    # the libcst fix-up pass would repair the import (defence in depth): switch it off too
    monkeypatch.setattr(codemods.rename_round.RoundRenamer, "_fix_up", lambda *args, **kwargs: [])
    with pytest.raises(VerificationFailed) as failed:
        Runner(config, plan, RollbackJournal(root)).run(plan.batches)
    assert failed.value.exit_code == 3
    assert "lost import edge app -> pkg.newmod" in str(failed.value)
    assert "rolled back" in str(failed.value)
    assert snapshot(root) == before
    [entry] = RollbackJournal(root).journal.entries()
    assert entry.status == "reverted"


def test_shims_keep_the_old_path_importable_with_a_warning(write_tree) -> None:
    root = write_tree(TREE)
    config, plan = plan_for(root, [("pkg/mod.py", "pkg/newmod.py")])
    [outcome] = Runner(config, plan, RollbackJournal(root), options=Options(shims=True)).run(plan.batches)
    assert outcome.edit.shims == {"pkg.mod": "pkg.newmod"}
    assert (root / "pkg/newmod.py").read_text() == TREE["pkg/mod.py"]
    assert "import pkg.newmod as m" in (root / "user.py").read_text()
    code = "import warnings\nwarnings.simplefilter('error')\nimport pkg.mod\n"
    warned = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert warned.returncode != 0 and "DeprecationWarning" in warned.stderr and "pkg.newmod" in warned.stderr
    used = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", "import pkg.mod; print(pkg.mod.func())"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert used.returncode == 0 and used.stdout.strip() == "1"


def test_rename_locals_is_tidy_where_safe_and_keeps_names_where_not(write_tree) -> None:
    files = dict(TREE)
    files["pkg/third.py"] = "Y = 3\n"
    files["tidy.py"] = "from pkg import third\n\nprint(third.Y)\n"
    root = write_tree(files)
    config, plan = plan_for(root, [("pkg/mod.py", "pkg/newmod.py"), ("pkg/third.py", "pkg/newthird.py")])
    assert any(h.kind == "local-name-clash" and h.module == "pkg.mod" for h in plan.hazards)
    Runner(config, plan, RollbackJournal(root), options=Options(rename_locals=True)).run(plan.batches)
    assert (root / "tidy.py").read_text() == "from pkg import newthird\n\nprint(newthird.Y)\n"
    # app.py also uses `mod` as a parameter name: its binding keeps the local name
    assert (root / "app.py").read_text().startswith("from pkg import newmod as mod\n")
    assert "def main(mod=None)" in (root / "app.py").read_text()


def test_jobs_do_not_change_the_result(write_tree, tmp_path: Path) -> None:
    patches = []
    for jobs in (1, 2):
        root = write_tree(TREE) if jobs == 1 else _copy(write_tree, tmp_path)
        config, plan = plan_for(root, [("pkg/mod.py", "pkg/newmod.py"), ("pkg/other.py", "pkg/newother.py")])
        [outcome] = Runner(config, plan, RollbackJournal(root), options=Options(jobs=jobs), dry_run=True).run(
            plan.batches
        )
        patches.append(outcome.patch)
    assert patches[0] == patches[1] and "rename to pkg/newother.py" in patches[0]


SPLIT_TREE = {
    "pkg/__init__.py": "",
    "pkg/alpha.py": "A = 1\n",
    "pkg/beta.py": "B = 2\n",
    "pkg/gamma.py": "from pkg import alpha\n\nG = alpha.A\n",
    "one.py": "import pkg.alpha\nfrom pkg import alpha as a\n\nprint(pkg.alpha.A, a.A)\n",
    "two.py": "from pkg import beta\n\n\ndef f(beta=beta):\n    return beta.B\n",
}


def test_rope_workers_give_the_result_of_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two renames whose files are disjoint are analysed in two worker processes (spawned), and the
    merged result is the one process's, byte for byte."""
    import codemods.workers

    monkeypatch.setattr(codemods.workers, "MIN_FILES", 1)
    used = []
    original = codemods.workers.WorkerPool.analyse

    def spy(self, specs):  # noqa: ANN001, ANN202
        result = original(self, specs)
        used.append(result is not None)
        return result

    monkeypatch.setattr(codemods.workers.WorkerPool, "analyse", spy)
    trees = []
    for jobs in (1, 2):
        root = tmp_path / f"jobs{jobs}"
        write_files(root, SPLIT_TREE)
        config, plan = plan_for(root, [("pkg/alpha.py", "pkg/WF1_alpha.py"), ("pkg/beta.py", "pkg/WF1_beta.py")])
        Runner(config, plan, RollbackJournal(root), options=Options(jobs=jobs)).run(plan.batches)
        trees.append(snapshot(root))
    assert used == [True]
    assert trees[0] == trees[1]
    assert (
        trees[1]["one.py"] == b"import pkg.WF1_alpha\nfrom pkg import WF1_alpha as a\n\nprint(pkg.WF1_alpha.A, a.A)\n"
    )
    assert trees[1]["two.py"] == b"from pkg import WF1_beta as beta\n\n\ndef f(beta=beta):\n    return beta.B\n"


SHARED_TREE = {
    **SPLIT_TREE,
    "both.py": "from pkg import alpha, beta\n\nprint(alpha.A + beta.B)\n",  # the two renames share it: one group
}


def test_a_round_of_one_group_goes_to_a_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A round whose renames all share files (one group: nothing to run side by side) is analysed in a
    worker when there is a pool, so the parent never holds a Rope analysis (issue 17: redis 8.2.0's
    rounds, every one a single group, kept the parent at 1,386 MiB); the tree is the one process's."""
    import codemods.rope_rename
    import codemods.workers

    monkeypatch.setattr(codemods.workers, "MIN_FILES", 1)
    in_parent: list[int] = []
    find_round = codemods.rope_rename.find_round
    monkeypatch.setattr(
        codemods.rope_rename,
        "find_round",
        lambda project, specs, limit=None: in_parent.append(len(specs)) or find_round(project, specs, limit),
    )
    specs: list[object] = []
    analyse = codemods.workers.WorkerPool.analyse
    monkeypatch.setattr(
        codemods.workers.WorkerPool, "analyse", lambda self, found: specs.append(found) or analyse(self, found)
    )
    trees = []
    for jobs in (1, 2):
        in_parent.clear()
        root = tmp_path / f"jobs{jobs}"
        write_files(root, SHARED_TREE)
        config, plan = plan_for(root, [("pkg/alpha.py", "pkg/WF1_alpha.py"), ("pkg/beta.py", "pkg/WF1_beta.py")])
        Runner(config, plan, RollbackJournal(root), options=Options(jobs=jobs)).run(plan.batches)
        trees.append(snapshot(root))
        if jobs == 1:
            assert in_parent == [2]
    assert [len(codemods.workers.groups(s)) for s in specs] == [1]  # one round, one group
    assert in_parent == []  # --jobs 2: Rope's analysis ran in the worker only
    assert trees[0] == trees[1]
    assert trees[1]["both.py"] == b"from pkg import WF1_alpha as alpha, WF1_beta as beta\n\nprint(alpha.A + beta.B)\n"


def test_a_round_in_parts_gives_the_result_of_one_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A round searching more files than one analysis holds (rope_rename.PART_FILES) is analysed in
    parts of the files, Rope's analysis released after each, in the parent (--jobs 1) or one part per
    worker task (--jobs 2); the renamed tree is the one analysis's, byte for byte."""
    import codemods.rope_rename
    import codemods.workers

    released = []
    original = codemods.rope_rename.release_analysis
    monkeypatch.setattr(
        codemods.rope_rename, "release_analysis", lambda project: (released.append(1), original(project))
    )
    split = []
    parts = codemods.workers.parts
    monkeypatch.setattr(codemods.workers, "parts", lambda specs: split.append(parts(specs)) or split[-1])
    trees = []
    for part_files, jobs in ((1000, 1), (2, 1), (2, 2)):
        monkeypatch.setattr(codemods.rope_rename, "PART_FILES", part_files)
        root = tmp_path / f"parts{part_files}-jobs{jobs}"
        write_files(root, SPLIT_TREE)
        config, plan = plan_for(root, [("pkg/alpha.py", "pkg/WF1_alpha.py"), ("pkg/beta.py", "pkg/WF1_beta.py")])
        Runner(config, plan, RollbackJournal(root), options=Options(jobs=jobs)).run(plan.batches)
        trees.append(snapshot(root))
    assert len(released) == 3  # jobs 1: the round's 5 files in parts of 2, each released
    assert [len(s) for s in split if s is not None] == [3]  # jobs 2: three worker tasks
    assert trees[0] == trees[1] == trees[2]
    assert trees[2]["pkg/gamma.py"] == b"from pkg import WF1_alpha as alpha\n\nG = alpha.A\n"
    assert "pkg/alpha.py" not in trees[2] and "pkg/WF1_beta.py" in trees[2]


def _copy(write_tree, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "second"
    shutil.copytree(write_tree(TREE), target)
    return target


def test_preflight_collects_every_problem_before_any_write(write_tree) -> None:
    files = dict(TREE)
    files["pkg/taken.py"] = "T = 1\n"
    root = write_tree(files)
    before = snapshot(root)
    config, plan = plan_for(root, [("pkg/mod.py", "pkg/taken.py"), ("pkg/other.py", "pkg/typing.py")])
    with pytest.raises(PreflightError) as refused:
        Runner(config, plan, RollbackJournal(root)).run(plan.batches)
    assert "pkg/taken.py: target already exists" in str(refused.value)
    assert "'typing' shadows a standard-library" in str(refused.value)
    assert len(refused.value.problems) == 2
    assert snapshot(root) == before
    assert not (root / ".guardian" / "journal").exists() or not any((root / ".guardian" / "journal").iterdir())


def test_untracked_module_is_moved_and_tracked_renames_show_in_git(write_tree) -> None:
    root = write_tree(TREE)
    committed(root)
    (root / "pkg/late.py").write_text("Z = 4\n")
    (root / "late_user.py").write_text("import pkg.late\n\nprint(pkg.late.Z)\n")
    config, plan = plan_for(root, [("pkg/late.py", "pkg/newlate.py"), ("pkg/other.py", "pkg/newother.py")])
    [outcome] = Runner(config, plan, RollbackJournal(root)).run(plan.batches)
    assert outcome.untracked == ("pkg/late.py",)
    assert (root / "pkg/newlate.py").exists() and not (root / "pkg/late.py").exists()
    status = git(root, "status", "--porcelain")
    assert " R pkg/other.py -> pkg/newother.py" in status
    assert "?? pkg/newlate.py" in status


def test_git_status_reads_work_tree_renames(write_tree) -> None:
    """``git add -N`` renames appear as `` R new\\0old``; the source path is not an entry of its own."""
    from codemods.git import status

    root = committed(write_tree({"a.py": "".join(f"{i}\n" for i in range(50)), "c.py": "x\n"}))
    (root / "a.py").rename(root / "b.py")
    git(root, "add", "--intent-to-add", "b.py")
    (root / "c.py").write_text("y\n")
    assert status(root) == {"b.py": " R", "c.py": " M"}
