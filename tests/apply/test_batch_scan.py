"""The verification around one batch (codemods/batch_scan.py) answers what a full rescan answers.

Each case changes a small real tree on disk the way a batch does (a move with its importers
rewritten, or not), then compares: the discovery derived from the changed paths with a fresh walk,
and the graph differences restricted to the affected importers with those of two full scans.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from codemods.apply_batches import Runner
from codemods.batch_scan import Checkout, around_batch
from codemods.journal_port import RollbackJournal
from codemods.verify_graph import graph_differences
from codemods.workspace import FileChange
from planner.config import Config
from planner.discover import discover, rediscover
from planner.plan import Batch, Plan, Rename
from planner.scan import checkout_facts, scan_repo

TREE = {
    "src/shop/__init__.py": "from shop import orders\n",
    "src/shop/orders.py": "import shop.billing\n",
    "src/shop/billing.py": "TAX = 1\n",
    "src/shop/billing.pyi": "TAX: int\n",
    "src/shop/ledger.py": "from shop.billing import TAX\nfrom . import orders\n",
    "src/shop/unrelated.py": "import shop.ledger\nimport shop.missing\n",
    "tests/test_billing.py": "from shop import billing\n",
    "README.md": "shop.billing\n",
}


def _tree(root: Path, files: dict[str, str]) -> Config:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return Config(root=root, source_roots=("src",), exempt=())


def _change(root: Path, old: str | None, new: str | None, text: str | None = None) -> FileChange:
    """Perform one file change on disk and describe it as a batch's ``FileChange``."""
    before = (root / old).read_bytes() if old else None
    if old and new and old != new:
        (root / old).rename(root / new)
    elif old and not new:
        (root / old).unlink()
    if new and text is not None:
        (root / new).write_text(text)
    after = (root / new).read_bytes() if new else None
    return FileChange(old, new, before, after)


CASES = {
    # billing -> invoices with every importer rewritten: nothing to report
    "clean": (
        [
            ("src/shop/billing.py", "src/shop/invoices.py", None),
            ("src/shop/billing.pyi", "src/shop/invoices.pyi", None),
            ("src/shop/orders.py", "src/shop/orders.py", "import shop.invoices\n"),
            ("src/shop/ledger.py", "src/shop/ledger.py", "from shop.invoices import TAX\nfrom . import orders\n"),
            ("tests/test_billing.py", "tests/test_billing.py", "from shop import invoices\n"),
        ],
        {"shop.billing": "shop.invoices"},
    ),
    # the same move with two importers left behind: lost edges and unresolved imports
    "missed": (
        [
            ("src/shop/billing.py", "src/shop/invoices.py", None),
            ("src/shop/orders.py", "src/shop/orders.py", "import shop.invoices\n"),
        ],
        {"shop.billing": "shop.invoices"},
    ),
    # a new import edge, a syntax error and a module left at the old path
    "broken": (
        [
            ("src/shop/billing.py", "src/shop/invoices.py", None),
            (None, "src/shop/billing.py", "import shop.unrelated\n"),
            ("src/shop/orders.py", "src/shop/orders.py", "import shop.invoices\nimport shop.ledger\n"),
            ("src/shop/ledger.py", "src/shop/ledger.py", "from shop.invoices import (\n"),
        ],
        {"shop.billing": "shop.invoices"},
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_around_batch_reports_what_full_scans_report(tmp_path: Path, case: str) -> None:
    config = _tree(tmp_path, TREE)
    checkout = Checkout(*checkout_facts(config))
    before = scan_repo(config, imports_only=True)
    steps, mapping = CASES[case]
    changes = [_change(tmp_path, old, new, text) for old, new, text in steps]

    around = around_batch(config, checkout, changes, mapping)

    assert around is not None
    after = around.checkout  # the next batch's tree: discovery from the changed paths, facts in memory
    found, facts = checkout_facts(config)
    assert (after.found, after.facts) == (replace(found, status={}), facts)  # no status: a consumer stats
    expected = graph_differences(before, scan_repo(config, imports_only=True), mapping)
    assert graph_differences(around.before, around.after, mapping) == expected
    assert (case == "clean") == (not expected)


def test_missed_importers_are_named(tmp_path: Path) -> None:
    config = _tree(tmp_path, TREE)
    checkout = Checkout(*checkout_facts(config))
    steps, mapping = CASES["missed"]
    around = around_batch(config, checkout, [_change(tmp_path, *step) for step in steps], mapping)

    assert around is not None
    problems = graph_differences(around.before, around.after, mapping)
    assert "lost import edge shop.ledger -> shop.invoices" in problems
    assert "src/shop/ledger.py:1: import of shop.billing no longer resolves" in problems


def test_a_new_top_level_name_needs_a_full_rescan(tmp_path: Path) -> None:
    config = _tree(tmp_path, {**TREE, "src/tools.py": "X = 1\n"})
    checkout = Checkout(*checkout_facts(config))
    change = _change(tmp_path, "src/tools.py", "src/helpers.py")

    assert around_batch(config, checkout, [change], {"tools": "helpers"}) is None


def test_rediscover_keeps_the_walk_order(tmp_path: Path) -> None:
    config = _tree(tmp_path, {**TREE, "src/shop/sub/__init__.py": "", "src/shop/sub/z.py": "", "src/a.py": ""})
    found = discover(config)
    (tmp_path / "src/shop/sub/z.py").rename(tmp_path / "src/shop/sub/b.py")
    (tmp_path / "src/shop/zeta.py").write_text("")
    (tmp_path / "src/shop/billing.pyi").unlink()

    derived = rediscover(
        config,
        found,
        ["src/shop/sub/z.py", "src/shop/billing.pyi"],
        ["src/shop/sub/b.py", "src/shop/zeta.py"],
    )

    assert derived == replace(discover(config), status={})
    assert list(derived.modules) == list(discover(config).modules)


TOP = {
    "tools.py": "def run():\n    return 1\n",
    "app.py": "import tools\n\nprint(tools.run())\n",
    "pkg/__init__.py": "",
    "pkg/mod.py": "import tools\nX = 2\n",
    "user.py": "from pkg import mod\n",
}


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_renamed_top_level_module_is_verified_on_whole_graphs(tmp_path: Path, dry_run: bool) -> None:
    """The fallback of the runner: the top-level names change, both whole graphs are compared, and the
    next batch starts from the tree after it."""
    root = _tree(tmp_path, TOP).root
    config = Config(root=root, exempt=())
    renames = (
        Rename("tools.py", "helpers.py", "tools", "helpers", "test", ("app", "pkg.mod")),
        Rename("pkg/mod.py", "pkg/core.py", "pkg.mod", "pkg.core", "test", ("user",)),
    )
    plan = Plan(1, "test", (Batch(1, renames[:1], ()), Batch(2, renames[1:], ())))
    outcomes = Runner(config, plan, RollbackJournal(root), dry_run=dry_run, allow_dirty=True).run(plan.batches)

    assert [o.problems for o in outcomes] == [(), ()]
    files = {c.path for o in outcomes for c in o.edit.changes}
    assert {"helpers.py", "app.py", "pkg/core.py", "user.py"} <= files
    if not dry_run:
        assert (root / "pkg/core.py").read_text() == "import helpers as tools\nX = 2\n"
