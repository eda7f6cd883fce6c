"""The rename plan: targets, ordering, batches, idempotence, conflicts and hazards."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from planner.build_plan import build_plan
from planner.config import Config
from planner.convention import audit
from planner.pattern import Pattern
from planner.plan import Plan
from planner.plan_file import plan_from_json
from planner.scan import scan_repo

SHOP = {
    "src/shop/__init__.py": "",
    "src/shop/orders/__init__.py": "from .models import Order\n__all__ = ['Order', 'service']\nfrom . import service\n",
    "src/shop/orders/models.py": "class Order: ...\n",
    "src/shop/orders/repository.py": "from .models import Order\n",
    "src/shop/orders/service.py": "from . import repository\nfrom shop.billing import invoices\n",
    "src/shop/orders/api.py": "from .service import repository\n",
    "src/shop/billing/__init__.py": "",
    "src/shop/billing/invoices.py": "from ..orders.models import Order\n",
    "src/shop/billing/invoices.pyi": "class Invoice: ...\n",
    "tests/test_shop.py": "from unittest import mock\nimport shop.orders.api\nmock.patch('shop.orders.service.x')\n",
}


def config(root: Path, **overrides) -> Config:
    base = dict(
        root=root,
        source_roots=("src",),
        batch_size=2,
        workflows=(("src/shop/orders/**", 1), ("src/shop/billing/**", 2)),
        layers=(("src/shop/**/models.py", 1), ("src/shop/**/api.py", 4)),
    )
    base.update(overrides)
    return Config(**base)


def apply_by_hand(root: Path, plan: Plan) -> None:
    """Rename the files and their references the way apply would. SHOP's module base names are
    unique words, so a whole-word replacement is exact for this fixture (and only for it)."""
    words = {r.old_module.rpartition(".")[2]: r.new_module.rpartition(".")[2] for r in plan.renames}
    for rename in plan.renames:
        (root / rename.old).rename(root / rename.new)
        for old, new in rename.companions:
            (root / old).rename(root / new)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b")
    for path in root.rglob("*.py"):
        text = path.read_text()
        path.write_text(pattern.sub(lambda m: words[m.group(1)], text))


def test_pattern_round_trip():
    pattern = Pattern("WF{workflow}_V{version}_L{layer}_{index}of{total}_{name}", 7)
    assert pattern.parse("WF1_V7_L2_3of9_models") == {
        "workflow": "1",
        "version": "7",
        "layer": "2",
        "index": "3",
        "total": "9",
        "name": "models",
    }
    assert pattern.parse("models") is None
    assert pattern.base_name("WF1_V7_L2_3of9_user_models") == "user_models"


def test_a_private_name_keeps_its_leading_underscores_and_the_earlier_spelling_stays_compliant(write_tree):
    """anyio: ``_lazyimport`` became the public ``WF5_..._lazyimport``; its underscore leads the new name
    now. A checkout renamed in the earlier spelling is compliant: nothing is renamed again."""
    pattern = Pattern("WF{workflow}_V{version}_L{layer}_{index}of{total}_{name}", 7)
    for spelling in ("_WF1_V7_L2_3of9_models", "WF1_V7_L2_3of9__models"):
        assert pattern.parse(spelling) == {
            "workflow": "1",
            "version": "7",
            "layer": "2",
            "index": "3",
            "total": "9",
            "name": "_models",
        }
        assert pattern.base_name(spelling) == "_models"
    assert pattern.base_name("__WF1_V7_L2_3of9_about__") == "__about__"
    assert pattern.base_name("_models") == "_models"
    name_first = Pattern("{name}_v{version}", 7)  # a pattern that starts with {name} spells names as before
    assert name_first.parse("_models_v7") == {"name": "_models", "version": "7"}
    files = {"src/shop/__init__.py": "", "src/shop/_models.py": "X = 1\n", "src/shop/__about__.py": "V = 1\n"}
    root = write_tree(files)
    targets = {r.old: r.new for r in build_plan(config(root, workflows=(("src/shop/**", 1),))).renames}
    assert targets == {
        "src/shop/_models.py": "src/shop/_WF1_V7_L1_2of2_models.py",
        "src/shop/__about__.py": "src/shop/__WF1_V7_L1_1of2_about__.py",
    }
    (root / "src/shop/_models.py").rename(root / "src/shop/WF1_V7_L1_2of2__models.py")  # the earlier spelling
    (root / "src/shop/__about__.py").rename(root / "src/shop/__WF1_V7_L1_1of2_about__.py")
    assert build_plan(config(root, workflows=(("src/shop/**", 1),))).renames == []


def test_a_name_of_underscores_only_stays_private_under_every_pattern():
    """``_.py`` became the public ``WF1_V7_L1_1of3__`` (review 23): its underscores lead the new name too, once
    where the pattern starts with ``{name}``, and every spelling gives the name back."""

    class At:
        workflow, layer, index, total = 1, 1, 1, 3

    last = Pattern("WF{workflow}_V{version}_L{layer}_{index}of{total}_{name}", 7)
    assert [last.format(At, n) for n in ("_", "__")] == ["_WF1_V7_L1_1of3__", "__WF1_V7_L1_1of3___"]
    assert Pattern("{name}_WF{workflow}", 7).format(At, "_") == "__WF1"
    for text in (last.text, "{name}_WF{workflow}_V{version}", "WF{workflow}_{name}_L{layer}"):
        pattern = Pattern(text, 7)
        for name in ("_", "__", "___", "_x", "__about__", "x", "x_"):
            assert pattern.base_name(pattern.format(At, name)) == name, (text, name)
            assert pattern.base_name(pattern.legacy(At, name)) == name, (text, name)


def test_targets_follow_the_pattern_and_dependency_order(write_tree):
    root = write_tree(SHOP)
    plan = build_plan(config(root))
    targets = {r.old_module: r.new.rpartition("/")[2] for r in plan.renames}
    assert targets == {
        "shop.orders.models": "WF1_V7_L1_1of4_models.py",
        "shop.orders.repository": "WF1_V7_L2_2of4_repository.py",
        "shop.orders.service": "WF1_V7_L3_3of4_service.py",  # imports billing.invoices (L2) and repository (L2)
        "shop.orders.api": "WF1_V7_L4_4of4_api.py",
        "shop.billing.invoices": "WF2_V7_L2_1of1_invoices.py",
    }
    pattern = Pattern(plan.pattern, 7)
    assert all(pattern.parse(r.new.rpartition("/")[2][:-3]) for r in plan.renames)
    invoices = next(r for r in plan.renames if r.old_module == "shop.billing.invoices")
    assert invoices.companions == (("src/shop/billing/invoices.pyi", "src/shop/billing/WF2_V7_L2_1of1_invoices.pyi"),)
    assert "stub" in invoices.risks


def test_batches_leaves_first_with_global_impact(write_tree):
    root = write_tree(SHOP)
    plan = build_plan(config(root))
    assert [len(b.renames) for b in plan.batches] == [2, 2, 1]
    first = [r.old_module for r in plan.batches[0].renames]
    assert "shop.orders.models" in first  # a leaf
    assert plan.batches[-1].renames[-1].old_module == "shop.orders.api"  # imports everything: last
    service = next(r for r in plan.renames if r.old_module == "shop.orders.service")
    assert service.importers == ("shop.orders", "shop.orders.api")
    assert [(x.path, x.kind) for x in service.references] == [
        ("src/shop/orders/__init__.py", "__all__"),
        ("tests/test_shop.py", "mock.patch"),
    ]
    assert {"string-reference", "public-re-export"} <= set(service.risks)
    batch = next(b for b in plan.batches if service in b.renames)
    assert {"tests/test_shop.py", "src/shop/orders/api.py", service.old, service.new} <= set(batch.impact_files)


def test_planning_is_deterministic_and_idempotent(write_tree):
    root = write_tree(SHOP)
    first = build_plan(config(root)).dumps()
    assert build_plan(config(root)).dumps() == first
    apply_by_hand(root, plan_from_json(json.loads(first)))
    again = build_plan(config(root))
    assert again.renames == [] and again.conflicts == ()
    result = audit(config(root), scan_repo(config(root)))
    assert result.percent == 100.0


def test_partial_apply_keeps_the_other_targets(write_tree):
    """Renaming one batch must not renumber the others (tie-breaks ignore the WF prefix)."""
    root = write_tree(SHOP)
    plan = build_plan(config(root))
    rest = {r.old: r.new for b in plan.batches[1:] for r in b.renames}
    apply_by_hand(root, Plan(plan.version, plan.pattern, plan.batches[:1]))
    replanned = build_plan(config(root))
    assert {r.old: r.new for r in replanned.renames} == rest


def test_a_new_module_renumbers_its_workflow_with_reasons_under_dense_numbering(write_tree):
    """``numbering = "dense"`` (what ``guardian renumber`` plans): the true dependency order.
    (Was the default; issue 14 finding 5 made ``stable`` the default: see test_numbering.py.)"""
    root = write_tree(SHOP)
    apply_by_hand(root, build_plan(config(root)))
    (root / "src/shop/orders/audit.py").write_text("")
    replanned = build_plan(config(root, numbering="dense"))
    reasons = {r.old.rpartition("/")[2]: r.reason for r in replanned.renames}
    assert "WF2_V7_L2_1of1_invoices.py" not in reasons  # other workflow untouched
    assert reasons["WF1_V7_L1_1of4_models.py"].startswith("index 1 should be 2; total 4 should be 5")
    assert reasons["audit.py"].startswith("does not follow the pattern")


def test_all_conflicts_are_reported_together(write_tree):
    files = dict(SHOP)
    files["src/shop/orders/WF1_V7_L1_1of4_models.py"] = "# squatter, exempt\n"  # target exists as a file
    files["src/shop/orders/WF1_V7_L2_2of4_repository/__init__.py"] = ""  # target exists as a package
    root = write_tree(files)
    exempt = ("**/__init__.py", "src/shop/orders/WF1_V7_L1_1of4_models.py")
    plan = build_plan(config(root, exempt=exempt))
    found = {(c.kind, c.old) for c in plan.conflicts}
    assert found == {("target-exists", "src/shop/orders/models.py"), ("target-exists", "src/shop/orders/repository.py")}
    assert "already exists as a package" in next(c.detail for c in plan.conflicts if "repository" in c.old)
    bad = build_plan(config(root, exempt=exempt, pattern="{index}of{total}_{name}"))
    assert {c.kind for c in bad.conflicts} == {"invalid-identifier"}
    assert len(bad.conflicts) == 5  # every rename reported, not only the first


def test_target_conflicts_duplicate_case_and_reserved(write_tree, tmp_path):
    root = write_tree({"pkg/__init__.py": "", "pkg/a.py": "", "pkg/A.py": "", "pkg/b.py": ""})
    plan = build_plan(Config(root=root, pattern="{name}_x"))
    assert {(c.kind, c.new) for c in plan.conflicts} in (
        {("case-collision", "pkg/a_x.py")},
        {("case-collision", "pkg/A_x.py")},
    )
    reserved = build_plan(Config(root=root, pattern="os", exempt=("**/__init__.py", "pkg/[aA].py")))
    assert [(c.kind, c.old) for c in reserved.conflicts] == [("shadows-module", "pkg/b.py")]
    twice = build_plan(Config(root=root, pattern="same", exempt=("**/__init__.py", "pkg/A.py")))
    assert [c.kind for c in twice.conflicts] == ["duplicate-target"]
    unmatched = build_plan(Config(root=root, workflows=(("elsewhere/**", 1),)))
    assert {c.kind for c in unmatched.conflicts} == {"no-workflow"}


def test_targets_on_disk_from_a_listing_as_from_system_calls(tmp_path):
    """A target's directory is listed once; what it says of each target is what ``isdir`` and
    ``lexists`` say: files, packages, symlinks (to a directory, to a file, broken), other cases."""
    import os

    from planner.conflicts import _on_disk

    pkg = tmp_path / "pkg"
    (pkg / "package").mkdir(parents=True)
    (pkg / "module.py").write_text("")
    (pkg / "plain").write_text("")  # a file named like a package, without .py
    (pkg / "to_dir").symlink_to(pkg / "package")
    (pkg / "to_file.py").symlink_to(pkg / "module.py")
    (pkg / "broken.py").symlink_to(pkg / "nowhere.py")
    (pkg / "broken").symlink_to(pkg / "nowhere")
    names = ["package", "module", "plain", "to_dir", "to_file", "broken", "absent", "Module", "PACKAGE", "caf\u00e9"]
    listings: dict = {}
    for name in names:
        for directory in ("pkg", "missing"):
            path = f"{directory}/{name}.py"
            expected = (os.path.isdir(tmp_path / path[:-3]), os.path.lexists(tmp_path / path))
            assert _on_disk(str(tmp_path), path, listings) == expected, path
    assert _on_disk(str(tmp_path), "top.py", listings) == (False, False)


def test_chains_stay_in_one_batch(write_tree):
    """T32: when one module's target is another's current name, both go in one batch (apply
    executes them through temporary names)."""
    root = write_tree(
        {
            "pkg/__init__.py": "",
            "pkg/WF1_V7_L1_1of2_a.py": "from pkg import a\n",  # imports a: must come after it
            "pkg/a.py": "",
        }
    )
    # dense numbering builds the chain (under the default stable numbering the named module keeps its 1of2)
    plan = build_plan(Config(root=root, batch_size=1, numbering="dense"))
    assert not plan.conflicts
    assert {(r.old, r.new) for r in plan.renames} == {
        ("pkg/a.py", "pkg/WF1_V7_L1_1of2_a.py"),
        ("pkg/WF1_V7_L1_1of2_a.py", "pkg/WF1_V7_L2_2of2_a.py"),
    }
    assert len(plan.batches) == 1
    assert all("swap" in r.risks for r in plan.renames)


def test_hazards_shadowed_submodule_and_local_name(write_tree):
    root = write_tree(
        {
            "pkg/__init__.py": "from .sympify import sympify\nfrom . import box\n",
            "pkg/sympify.py": "def sympify(x): return x\n",
            "pkg/box.py": "HEAVY = 1\n",
            "pkg/table.py": "from pkg import box\nclass Table:\n    def __init__(self, box=box.HEAVY):\n        self.box = box\n",
        }
    )
    plan = build_plan(Config(root=root))
    hazards = {(h.kind, h.module, h.path) for h in plan.hazards}
    assert hazards == {
        ("shadowed-submodule", "pkg.sympify", "pkg/__init__.py"),
        ("local-name-clash", "pkg.box", "pkg/table.py"),
    }
    risks = {r.old_module: r.risks for r in plan.renames}
    assert "shadowed-submodule" in risks["pkg.sympify"] and "local-name-clash" in risks["pkg.box"]


@pytest.mark.parametrize(
    "broken",
    [
        {"version": 99, "pattern": "x", "batches": []},
        {
            "version": 1,
            "pattern": "x",
            "batches": [
                {"id": 1, "renames": [{"old": "../etc/passwd", "new": "a.py", "old_module": "a", "new_module": "b"}]}
            ],
        },
        {"version": 1, "pattern": "x", "batches": [{"id": 1, "renames": [{"old": "a.py"}]}]},
        [],
    ],
)
def test_plan_files_are_untrusted_input(broken):
    from planner.errors import InputError

    with pytest.raises(InputError) as caught:
        plan_from_json(broken)
    assert caught.value.exit_code == 2


def test_layers_follow_package_re_exports(write_tree):
    """``from pkg import Order`` depends on the module providing ``Order``, not on everything the
    package's ``__init__`` imports; a re-exported higher-layer name is still a violation."""
    root = write_tree(
        {
            "pkg/__init__.py": "from .models import Order\nfrom .service import Service\n",
            "pkg/models.py": "class Order: ...\n",
            "pkg/service.py": "from .models import Order\nclass Service: ...\n",
            "pkg/repo.py": "from pkg import Order\n",
            "pkg/low.py": "from pkg import Service\n",
        }
    )
    cfg = Config(root=root, layers=(("pkg/low.py", 1), ("pkg/service.py", 3)))
    result = audit(cfg, scan_repo(cfg))
    layers = {p.module: p.layer for p in result.assignment.placements.values()}
    assert layers["pkg.repo"] == 2  # above models (1), not above the whole package
    assert [(v.importer, v.imported) for v in result.assignment.violations] == [("pkg.low", "pkg.service")]


def test_shims_are_neither_named_nor_counted(write_tree):
    """A shim left at an old path (apply --shims) is not renamed again and not in {total}."""
    root = write_tree(SHOP)
    plan = build_plan(config(root))
    apply_by_hand(root, plan)
    from codemods.shims import shim_source

    (root / "src/shop/orders/models.py").write_text(
        shim_source("shop.orders.models", "shop.orders.WF1_V7_L1_1of4_models")
    )
    replanned = build_plan(config(root))
    assert replanned.renames == [] and not replanned.conflicts


def test_a_module_that_does_not_parse_is_a_conflict(write_tree):
    """T18: its imports cannot be read, so its place (and every index after it) is unknown."""
    files = dict(SHOP)
    files["src/shop/orders/broken.py"] = "def f(:\n"
    files["tests/test_broken_fixture.py"] = "x = (\n"  # exempt: reported by assess, not a conflict
    plan = build_plan(config(write_tree(files)))
    assert [(c.kind, c.old) for c in plan.conflicts] == [("syntax-error", "src/shop/orders/broken.py")]
    assert "line 1" in plan.conflicts[0].detail


def test_files_found_by_name_keep_it_whatever_exempt_says(write_tree):
    """A configuration's own ``exempt`` replaces the default globs; a package's ``__init__.py``,
    ``__main__.py`` and ``conftest.py`` are still never planned (``pkg/__init__.py`` renamed to
    ``pkg/WF1_..._init__.py`` would stop ``pkg`` being a package, and apply failed inside Rope)."""
    root = write_tree(
        {"pkg/__init__.py": "from pkg import a\n", "pkg/__main__.py": "", "pkg/conftest.py": "", "pkg/a.py": ""}
    )
    plan = build_plan(Config(root=root, exempt=("docs/**",)))
    assert [r.old for r in plan.renames] == ["pkg/a.py"]


def test_a_doctest_importing_a_module_from_its_package_is_a_reference_on_its_line(write_tree):
    """``>>> from pkg import mod`` names ``pkg.mod`` with no dotted token (boltons' ioutils doctests): the plan
    lists it under that module's rename, on the ``>>>`` line, and the package once per line."""
    root = write_tree(
        {
            "pkg/__init__.py": "",
            "pkg/mod.py": 'class Spooled:\n    """A buffer.\n\n    >>> from pkg import mod, other as o\n    """\n',
            "pkg/other.py": "",
        }
    )
    scan = scan_repo(Config(root=root, exempt=()))
    found = sorted((r.module, r.line, r.kind, r.text) for r in scan.references if r.kind == "doctest")
    assert found == [
        ("pkg", 4, "doctest", "pkg"),
        ("pkg.mod", 4, "doctest", "pkg.mod"),
        ("pkg.other", 4, "doctest", "pkg.other"),
    ]


def test_a_file_named_after_a_module_is_no_reference_and_each_action_is_what_apply_does(write_tree):
    """Markdown's mkdocs.yml: ``reference/pkg.mod.md`` names a docs file after the module (Guardian renames no
    such file: no reference); ``!!python/name:pkg.mod.f`` and a list item are exact (apply rewrites them);
    ``x-pkg.mod`` is part of a longer token (a person's follow-up); ``pkg.mod.*`` is every attribute of the whole
    module (pyasn1's changelog), ``pkg.mod*`` a glob over module names."""
    root = write_tree(
        {
            "pkg/__init__.py": "",
            "pkg/mod.py": "def f():\n    pass\n",
            "mkdocs.yml": (
                "nav:\n  - API: reference/pkg.mod.md\n"
                "fences:\n  - format: !!python/name:pkg.mod.f\n  - pkg.mod.f\n  - x-pkg.mod\n  - pkg.mod.*\n  - pkg.mod*\n"
            ),
        }
    )
    plan = build_plan(Config(root=root, exempt=("**/__init__.py",)))
    [rename] = [r for r in plan.renames if r.old_module == "pkg.mod"]
    found = [(ref["line"], ref["kind"], ref["text"], ref["action"]) for ref in rename.to_json()["references"]]
    assert found == [
        (4, "ci", "pkg.mod.f", "rewrite"),
        (5, "ci", "pkg.mod.f", "rewrite"),
        (6, "longer-token", "pkg.mod", "follow-up"),
        (7, "ci", "pkg.mod", "rewrite"),
        (8, "longer-token", "pkg.mod", "follow-up"),
    ]


def test_a_data_file_named_after_a_module_is_no_reference(write_tree):
    """black's ``src/black/resources/black.schema.json``, named in its ``tox.ini`` and in its own ``$id``: a file's
    name (Guardian renames no such file), not the module ``black.schema`` and a longer token (issue 13, black)."""
    root = write_tree(
        {
            "pkg/__init__.py": "",
            "pkg/mod.py": 'SCHEMA = "pkg.mod.json"\n',
            "tox.ini": "[testenv]\ncommands = python gen.py --outfile {toxinidir}/pkg/pkg.mod.json\n",
            "pkg/pkg.mod.json": '{"$id": "https://example.invalid/blob/main/pkg/pkg.mod.json", "items": "pkg.mod.xml"}\n',
        }
    )
    plan = build_plan(Config(root=root, exempt=("**/__init__.py",)))
    [rename] = [r for r in plan.renames if r.old_module == "pkg.mod"]
    assert rename.to_json()["references"] == []


def _one_batch_plan(impact: object, new_module: str = "pkg.b") -> dict[str, object]:
    from planner.plan import PLAN_VERSION

    new = f"pkg/{new_module.rpartition('.')[2]}.py"
    rename = {"old": "pkg/a.py", "new": new, "old_module": "pkg.a", "new_module": new_module}
    return {"version": PLAN_VERSION, "pattern": "x", "batches": [{"id": 1, "renames": [rename], "impact": impact}]}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (["pkg/a.py", "../outside.py"], "escapes the repository"),
        (["pkg/a.py", "pkg/.git/config"], "inside .git/"),
        (["pkg/a.py", "pkg/x\nfile.py"], "control character"),
        (["pkg/a.py", "/etc/passwd"], "escapes the repository"),
        (["pkg/a.py", 5], "escapes the repository"),
    ],
)
def test_a_batchs_impact_files_are_checked_one_by_one_after_the_plain_list_test(files, message) -> None:
    """A batch's impact files are checked by one match when all are plain paths; a list holding any
    other path is checked path by path, and the bad one is refused as before."""
    with pytest.raises(Exception, match=message):
        plan_from_json(_one_batch_plan({"files": files}))
    plain = plan_from_json(_one_batch_plan({"files": ["pkg/a.py", "tests/test_a.py", "docs/x-y.z.md"]}))
    assert plain.batches[0].impact_files == ("pkg/a.py", "tests/test_a.py", "docs/x-y.z.md")


def test_module_names_outside_ascii_are_still_identifiers_and_bad_ones_refused() -> None:
    plan = plan_from_json(_one_batch_plan({"files": []}, new_module="pkg.größe"))
    assert plan.batches[0].renames[0].new_module == "pkg.größe"
    with pytest.raises(Exception, match="not a dotted name"):
        plan_from_json(_one_batch_plan({"files": []}, new_module="pkg.9b"))
