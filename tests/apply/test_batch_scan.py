"""The verification around one batch (codemods/batch_scan.py) answers what a full rescan answers.

Each case changes a small real tree on disk the way a batch does (a move with its importers
rewritten, or not), then compares: the discovery derived from the changed paths with a fresh walk,
and the graph differences restricted to the affected importers with those of two full scans.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from apply_helpers import write_files

from codemods.apply_batches import Runner
from codemods.batch_scan import Checkout, around_batch
from codemods.journal_port import RollbackJournal
from codemods.verify_graph import MemoryFacts, graph_differences
from codemods.workspace import FileChange
from planner.config import Config
from planner.discover import discover, rediscover
from planner.facts import FileFacts
from planner.plan import Batch, Plan, Rename
from planner.read_facts import extract
from planner.read_files import read_file
from planner.scan import cached_checkout_facts, checkout_facts, scan_repo

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
    write_files(root, files)
    return Config(root=root, source_roots=("src",), exempt=())


def _change(root: Path, old: str | None, new: str | None, text: str | None = None) -> FileChange:
    """Perform one file change on disk and describe it as a batch's ``FileChange``."""
    before = (root / old).read_bytes() if old else None
    if old and new and old != new:
        (root / old).rename(root / new)
    elif old and not new:
        (root / old).unlink()
    if new and text is not None:
        (root / new).parent.mkdir(parents=True, exist_ok=True)
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


#: A tree whose top-level names a batch changes: ``tools`` at the source root, its importers, a
#: quoted dotted path into it (read by the facts' expression scan only while ``tools`` is a top-level
#: name) and imports of ``extra``, a package that does not exist yet.
TOP_TREE = {
    **TREE,
    "src/tools.py": "X = 1\n",
    "src/shop/tooling.py": "import tools\nfrom tools import X\n",
    "src/shop/names.py": "WHERE = 'tools.X'\n",
    "src/shop/later.py": "import extra.deep\n",
}

TOP_CASES = {
    # tools -> helpers, every importer rewritten: the quoted path reads otherwise (not an import)
    "top-level renamed": (
        [
            ("src/tools.py", "src/helpers.py", None),
            ("src/shop/tooling.py", "src/shop/tooling.py", "import helpers\nfrom helpers import X\n"),
        ],
        {"tools": "helpers"},
    ),
    # the same, an importer left behind
    "top-level missed": ([("src/tools.py", "src/helpers.py", None)], {"tools": "helpers"}),
    # a new top-level name whose module's base name is another word: ``extra.deep`` stops being external
    "top-level added": ([(None, "src/extra/mod.py", "Y = 2\n")], {}),
}


@pytest.mark.parametrize("case", sorted(TOP_CASES))
def test_a_batch_changing_the_top_level_names_is_verified_around_it(tmp_path: Path, case: str) -> None:
    """The files whose text holds a changed top-level name are read again, the other facts are carried,
    and the graph differences are those of two full scans."""
    config = _tree(tmp_path, TOP_TREE)
    checkout = Checkout(*checkout_facts(config))
    before = scan_repo(config, imports_only=True)
    steps, mapping = TOP_CASES[case]
    changes = [_change(tmp_path, old, new, text) for old, new, text in steps]
    read: list[str] = []

    def containing(strings: set[str]) -> set[str]:
        files = Checkout(discover(config), {}).files()
        return {f.path for f in files if any(s in (tmp_path / f.path).read_text() for s in strings)}

    def recording(root: str, path: str, *args: object) -> object:
        read.append(path)
        return read_file(root, path, *args)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("codemods.batch_scan.read_file", recording)
        around = around_batch(config, checkout, changes, mapping, containing=containing)

    found, facts = checkout_facts(config)
    assert (around.checkout.found, around.checkout.facts) == (replace(found, status={}), facts)
    expected = graph_differences(before, scan_repo(config, imports_only=True), mapping)
    assert graph_differences(around.before, around.after, mapping) == expected
    assert bool(expected) == (case != "top-level renamed")
    changed_names = set(found.top_level ^ checkout.found.top_level)
    assert changed_names in ({"tools", "helpers"}, {"extra"})
    written = {c.new_path for c in changes if c.new_path is not None}
    assert set(read) == written | containing(changed_names)  # not every file: src/shop/orders.py is carried
    assert "src/shop/orders.py" not in read


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


def test_a_renamed_top_level_module_reads_only_the_files_around_it(tmp_path: Path) -> None:
    """The runner reads again the files the batch changed and those naming a changed top-level name, not
    every file; the next run takes every file's facts from the cache under the new names' keys."""
    others = {f"pkg/m{i}.py": f"import pkg.mod\nVALUE = {i}\n" for i in range(12)}
    root = _tree(tmp_path, {**TOP, **others, "pkg/notes.py": "SHED = 'toolshed'\n"}).root
    config = Config(root=root, exempt=())
    cache = MemoryFacts()
    cached_checkout_facts(config, cache=cache)  # what `guardian plan` leaves
    plan = Plan(1, "test", (Batch(1, (Rename("tools.py", "helpers.py", "tools", "helpers", "test", ("app",)),), ()),))
    read: list[str] = []

    def recording(source: str | bytes, path: str, *args: object, **kwargs: bool) -> FileFacts:
        read.append(path)
        return extract(source, path, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("planner.read_files.extract", recording)
        outcomes = Runner(config, plan, RollbackJournal(root), allow_dirty=True, facts=cache).run(plan.batches)
        assert [o.problems for o in outcomes] == [()]
        assert sorted(read) == ["app.py", "helpers.py", "pkg/mod.py", "pkg/notes.py"]  # changed, or naming ``tools``
        read.clear()
        cached_checkout_facts(config, cache=cache)
    assert read == []
