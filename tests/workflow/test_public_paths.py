"""``validate``'s old-public-paths check: every old path a shim or a package binding keeps public resolves to
the renamed module itself, in a fresh interpreter (issue 13 step 3)."""

from __future__ import annotations

from pathlib import Path

from codemods.shims import shim_source
from guardian.public_paths import check_public_paths, public_paths
from planner.config import Config
from planner.scan import scan_repo

RENAMED = {"pkg.conv": "pkg.WF1_conv", "pkg.bound": "pkg.WF1_bound", "pkg.gone": "pkg.WF1_gone"}


def _tree(root: Path, init: str) -> Config:
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text(init)
    for name in ("WF1_conv", "WF1_bound", "WF1_gone"):
        (root / "pkg" / f"{name}.py").write_text("VALUE = 1\n")
    (root / "pkg" / "conv.py").write_text(shim_source("pkg.conv", "pkg.WF1_conv", warn=False))
    return Config(root=root, exempt=())


def test_shims_and_bindings_resolve_to_the_new_modules(tmp_path: Path) -> None:
    config = _tree(tmp_path, "from . import WF1_bound as bound\n")
    scan = scan_repo(config)
    assert public_paths(scan, RENAMED) == [
        ("pkg.bound", "pkg.WF1_bound", "binding"),
        ("pkg.conv", "pkg.WF1_conv", "shim"),
    ]  # pkg.gone: not public any more
    record = check_public_paths(config, scan, RENAMED)
    assert record.status == "pass", record.detail
    assert record.detail == "2 old public path(s) resolve to the renamed modules"


def test_a_binding_to_another_object_fails_naming_the_path(tmp_path: Path) -> None:
    config = _tree(tmp_path, "from . import WF1_bound as bound\nbound = None\n")
    record = check_public_paths(config, scan_repo(config), RENAMED)
    assert record.status == "fail"
    assert "pkg.bound: ImportError: pkg.bound is NoneType, not pkg.WF1_bound" in record.detail


def test_a_package_binding_the_modules_own_attribute_is_a_shadowed_submodule_not_a_failure(tmp_path: Path) -> None:
    """The sample's `shop/core/__init__.py` does `from .config import config` (the function shadows the
    submodule); after the rename it is `from .WF4_..._config import config`: still the function, as before."""
    config = _tree(tmp_path, "from .WF1_bound import bound\n")
    (tmp_path / "pkg" / "WF1_bound.py").write_text("def bound():\n    return 1\n")
    record = check_public_paths(config, scan_repo(config), RENAMED)
    assert record.status == "pass", record.detail


def test_a_same_named_object_is_no_public_module_path(tmp_path: Path) -> None:
    # sample_repo's shop.core: ``from .config import config`` binds the function, not the module
    config = _tree(tmp_path, "from . import WF1_bound as bound\nfrom .WF1_gone import VALUE as gone\n")
    assert [c[0] for c in public_paths(scan_repo(config), RENAMED)] == ["pkg.bound", "pkg.conv"]


LAZY = """import importlib

_SUBMODULES = {{
    "gone": "{target}",
    "WF1_gone": "WF1_gone",
}}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f".{{_SUBMODULES[name]}}", __name__)
    raise AttributeError(name)
"""


def test_a_lazy_table_mapping_the_old_name_keeps_it_public_and_is_checked(tmp_path: Path) -> None:
    config = _tree(tmp_path, LAZY.format(target="WF1_gone"))
    scan = scan_repo(config)
    assert ("pkg.gone", "pkg.WF1_gone", "table") in public_paths(scan, RENAMED, config.root)
    record = check_public_paths(config, scan, RENAMED)
    assert record.status == "pass", record.detail
    assert record.detail == "2 old public path(s) resolve to the renamed modules"  # conv (shim), gone (table)


def test_a_lazy_table_serving_another_module_fails_naming_the_path(tmp_path: Path) -> None:
    config = _tree(tmp_path, LAZY.format(target="WF1_gone") + '\n_SUBMODULES["gone"] = "WF1_bound"\n')
    record = check_public_paths(config, scan_repo(config), RENAMED)
    assert record.status == "fail"
    assert "pkg.gone: ImportError: pkg.gone is pkg.WF1_bound, not pkg.WF1_gone" in record.detail
