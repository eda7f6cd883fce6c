"""A real package's source (click's sdist from the registry) assessed and planned sanely.

click is also installed in this environment (Guardian depends on it): the scan must read the
checkout, never the installed copy, so a private copy of the checkout is altered first to prove it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from planner.build_plan import build_plan
from planner.config import Config
from planner.pattern import Pattern
from planner.scan import scan_repo

CLICK = ("click", "8.1.7")


def test_click_checkout_assessed_and_planned(sdist, tmp_path: Path):
    root = tmp_path / "click"
    shutil.copytree(sdist(*CLICK), root)
    (root / "src/click/only_in_checkout.py").write_text("from .core import Command\n")
    config = Config(root=root, source_roots=("src",), batch_size=10)
    scan = scan_repo(config, jobs=2)
    files = sorted(p for p in (root / "src/click").rglob("*.py"))
    assert len(scan.modules) == len(files)  # one module per file (__init__.py is the package)
    assert "click.only_in_checkout" in scan.modules  # read from disk, not from the installed click
    assert scan.graph.has_edge("click.only_in_checkout", "click.core")
    assert not scan.syntax_errors and not scan.unresolved
    assert len(scan.importers("click.core")) >= 5
    tests_import_click = [n for n in scan.graph.predecessors("click.testing") if n.startswith("tests.")]
    assert tests_import_click  # the test suite outside the source root is an importer too

    plan = build_plan(config, scan)
    assert not plan.conflicts
    renamed = {r.old_module for r in plan.renames}
    assert renamed == {n for n, m in scan.modules.items() if not m.is_package}
    pattern = Pattern(plan.pattern, 7)
    for rename in plan.renames:
        fields = pattern.parse(rename.new_module.rpartition(".")[2])
        assert fields is not None and fields["name"] == rename.old_module.rpartition(".")[2]
    assert all(len(b.renames) <= 10 for b in plan.batches)
    assert plan.dumps() == build_plan(config, scan_repo(config)).dumps()
    # click's modules import each other in a cycle or two; each is flagged, none is lost
    cyclic = {m for group in scan.cycles() for m in group}
    assert all("cycle-member" in r.risks for r in plan.renames if r.old_module in cyclic)
