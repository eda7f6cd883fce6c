"""The numbering policy (issue 14, finding 5): adding a module to a migrated workflow renames only
that module; ``guardian renumber`` brings the totals up to date as an explicit batch; validate
says why a module is non-compliant. On the old code the new module renamed every module of its
workflow ("total 4 should be 5")."""

from __future__ import annotations

import json

from test_plan import SHOP, apply_by_hand, config

from guardian.validate import check_naming
from planner.build_plan import build_plan
from planner.numbering import keep_numbers, recorded_number
from planner.pattern import Pattern
from planner.scan import scan_repo

PATTERN = Pattern("WF{workflow}_V{version}_L{layer}_{index}of{total}_{name}", 7)


def test_a_module_added_to_a_migrated_workflow_is_appended_and_nothing_else_moves(write_tree):
    root = write_tree(SHOP)
    apply_by_hand(root, build_plan(config(root)))
    assert build_plan(config(root)).renames == []
    (root / "src/shop/orders/audit.py").write_text("from .WF1_V7_L1_1of4_models import Order\n")
    replanned = build_plan(config(root))
    assert [(r.old, r.new) for r in replanned.renames] == [
        ("src/shop/orders/audit.py", "src/shop/orders/WF1_V7_L2_5of5_audit.py")
    ]
    assert replanned.renames[0].reason.startswith("does not follow the pattern")
    apply_by_hand(root, replanned)
    assert build_plan(config(root)).renames == []  # stable from here on
    # the explicit renumbering: dependency order and totals brought up to date, with reasons
    renumber = {r.old.rpartition("/")[2]: r for r in build_plan(config(root, numbering="dense")).renames}
    assert renumber["WF1_V7_L1_1of4_models.py"].new.endswith("WF1_V7_L1_1of5_models.py")
    assert renumber["WF1_V7_L1_1of4_models.py"].reason.startswith("total 4 should be 5")
    assert renumber["WF1_V7_L2_5of5_audit.py"].new.endswith("WF1_V7_L2_2of5_audit.py")
    assert "WF2_V7_L2_1of1_invoices.py" not in renumber  # the other workflow is up to date


def test_free_numbers_are_reused_and_duplicates_renumbered():
    dense = {m: (i, 4) for i, m in enumerate(["a", "b", "c", "d"], start=1)}
    workflows = dict.fromkeys(dense, 1)
    # b and c were numbered 2 and 5 of 5 (module 3 and 4 were removed since); a and d are new
    names = {"a": "a", "b": "WF1_V7_L1_2of5_b", "c": "WF1_V7_L1_5of5_c", "d": "d"}
    assert keep_numbers(PATTERN, workflows, dense, names) == {"a": (1, 5), "b": (2, 5), "c": (5, 5), "d": (3, 5)}
    # two modules claim index 1: the first in dependency order keeps it, the other is appended
    names = {"a": "WF1_V7_L1_1of4_a", "b": "WF1_V7_L1_1of4_b", "c": "WF1_V7_L1_3of4_c", "d": "WF1_V7_L1_4of4_d"}
    assert keep_numbers(PATTERN, workflows, dense, names)["b"] == (2, 4)
    # nothing numbered yet (a fresh migration): exactly the dense numbering
    assert keep_numbers(PATTERN, workflows, dense, {m: m for m in dense}) == dense


def test_numbers_of_another_workflow_or_version_are_not_kept():
    assert recorded_number(PATTERN, "WF1_V7_L1_3of9_models", 1) == (3, 9)
    assert recorded_number(PATTERN, "WF1_V7_L1_3of9_models", 2) is None  # moved workflow
    assert recorded_number(PATTERN, "WF1_V6_L1_3of9_models", 1) is None  # an older convention version
    assert recorded_number(PATTERN, "WF1_V7_L1_9of3_models", 1) is None  # index past its total
    assert recorded_number(PATTERN, "models", 1) is None


def test_validate_says_why_a_module_is_not_compliant(write_tree):
    root = write_tree(SHOP)
    apply_by_hand(root, build_plan(config(root)))
    (root / "src/shop/orders/WF1_V7_L3_5of5_audit.py").write_text("X = 1\n")  # imports nothing: layer 1
    record = check_naming(config(root), scan_repo(config(root)))
    assert record.status == "fail"
    why = "layer 3 should be 1 (layer from the import graph)"
    assert f"src/shop/orders/WF1_V7_L3_5of5_audit.py ({why})" in record.detail
    assert record.metrics["reasons"] == {"src/shop/orders/WF1_V7_L3_5of5_audit.py": why}


def test_renumber_command_writes_a_plan_of_the_dense_numbering(write_tree, guardian):
    files = {
        **SHOP,
        "pyproject.toml": """\
        [tool.guardian]
        source_roots = ["src"]
        batch_size = 2
        [tool.guardian.workflows]
        "src/shop/orders/**" = 1
        "src/shop/billing/**" = 2
        [tool.guardian.layers]
        "src/shop/**/models.py" = 1
        "src/shop/**/api.py" = 4
        """,
    }
    root = write_tree(files)
    apply_by_hand(root, build_plan(config(root)))
    (root / "src/shop/orders/audit.py").write_text("")

    assert guardian(root, "-q", "plan").returncode == 0
    planned = json.loads((root / ".guardian/plan.json").read_text())
    assert [r["old"] for b in planned["batches"] for r in b["renames"]] == ["src/shop/orders/audit.py"]
    run = guardian(root, "renumber")
    assert run.returncode == 0, run.stderr
    renumbered = json.loads((root / ".guardian/plan.json").read_text())
    olds = {r["old"].rpartition("/")[2] for b in renumbered["batches"] for r in b["renames"]}
    assert {"audit.py", "WF1_V7_L1_1of4_models.py", "WF1_V7_L4_4of4_api.py"} <= olds
    assert not any(o.startswith("WF2_") for o in olds)
    dry = guardian(root, "-q", "apply", "--batch", "1", "--dry-run")
    assert dry.returncode == 0, dry.stderr  # not stale: the numbering policy is not one of the plan's inputs
    (root / "pyproject.toml").write_text(files["pyproject.toml"].replace("batch_size = 2", 'numbering = "sparse"'))
    bad = guardian(root, "plan")
    assert bad.returncode == 2 and "numbering: expected one of stable, dense" in bad.stderr
