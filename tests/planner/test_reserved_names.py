"""The one "shadows a module" check, used by the plan's conflicts and by apply's preflight."""

from __future__ import annotations

from pathlib import Path

from planner.reserved_names import installed_top_level, shadows_module


def test_a_standard_library_name_shadows_at_any_depth() -> None:
    assert shadows_module("typing", top_level=True)
    assert shadows_module("typing", top_level=False)  # `from pkg import typing` beside `import typing`


def test_an_installed_package_name_shadows_only_at_the_top() -> None:
    assert "sqlglot" in installed_top_level()
    assert shadows_module("sqlglot", top_level=True)
    assert not shadows_module("sqlglot", top_level=False)  # pkg/sqlglot.py is pkg.sqlglot, not sqlglot


def test_the_checkouts_own_names_and_fresh_names_do_not_shadow() -> None:
    assert not shadows_module("sqlglot", top_level=True, own={"sqlglot"})
    assert not shadows_module("order_status", top_level=True)


def test_plan_and_preflight_give_the_same_answer(write_tree) -> None:
    """A target the plan lets through is not refused by apply's preflight, and the other way round."""
    from codemods.preflight import check_batch
    from planner.plan import Batch, Rename

    root: Path = write_tree({"pkg/__init__.py": "", "pkg/a.py": "", "pkg/b.py": "", "c.py": ""})
    cases = {("pkg/a.py", "pkg.typing"): True, ("pkg/b.py", "pkg.sqlglot"): False, ("c.py", "sqlglot"): True}
    for (old, new_module), shadows in cases.items():
        rename = Rename(old, new_module.replace(".", "/") + ".py", old[:-3].replace("/", "."), new_module, "test")
        problems = check_batch(
            Batch(1, (rename,), (old,)),
            root,
            existing={old},
            own_top_level={"pkg", "c"},
            dirty={},
            allow_dirty=True,
            local_words={},
            rename_locals=False,
        )
        base = new_module.rpartition(".")[2]
        assert shadows_module(base, top_level="." not in new_module) is shadows
        assert any("shadows" in p for p in problems) is shadows, (new_module, problems)
