"""With worker processes, a round small enough to stay in the parent is analysed under the parent's
own, lower bound (``rope_rename.PARENT_ANALYSIS_CHARS``, issue 17): a few files whose imports reach
most of a package pulled it into the parent (sympy 1.14.0's first batch: one rename searching 46
files, the parent from 224 to 418 MiB). Without workers the parent is the only process and keeps
``ANALYSIS_CHARS``. The tree is the same either way."""

from __future__ import annotations

from pathlib import Path

import pytest
from apply_helpers import snapshot, write_files
from test_runner import SPLIT_TREE, plan_for

import codemods.rope_rename
import codemods.rope_seam
import codemods.rope_seam._analysis
from codemods.apply_batches import Runner
from codemods.batch_edit import Options
from codemods.journal_port import RollbackJournal


def test_a_round_kept_in_the_parent_beside_workers_is_released_at_the_parents_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    released: list[str] = []
    original = codemods.rope_seam.release_analysis

    def counted(project: object, keep: object = None) -> None:
        released.append(getattr(keep, "path", ""))
        original(project, keep)  # type: ignore[arg-type]

    monkeypatch.setattr(codemods.rope_seam._analysis, "release_analysis", counted)  # AnalysisBound calls it there
    monkeypatch.setattr(codemods.rope_rename, "PARENT_ANALYSIS_CHARS", 1, raising=False)
    found: dict[int, list[str]] = {}
    trees = []
    for jobs in (1, 2):
        released.clear()
        root = tmp_path / f"jobs{jobs}"
        write_files(root, SPLIT_TREE)
        config, plan = plan_for(root, [("pkg/alpha.py", "pkg/WF1_alpha.py"), ("pkg/beta.py", "pkg/WF1_beta.py")])
        Runner(config, plan, RollbackJournal(root), options=Options(jobs=jobs)).run(plan.batches)
        trees.append(snapshot(root))
        found[jobs] = list(released)
    assert found[1] == []  # one process: the default bound, far above these files
    # beside workers (the round, 6 files, stays in the parent): released after each file but the last
    # of each rename, its renamed module kept
    assert found[2] and set(found[2]) == {"pkg/alpha.py", "pkg/beta.py"}
    assert trees[0] == trees[1]
    assert (
        trees[1]["one.py"] == b"import pkg.WF1_alpha\nfrom pkg import WF1_alpha as a\n\nprint(pkg.WF1_alpha.A, a.A)\n"
    )
