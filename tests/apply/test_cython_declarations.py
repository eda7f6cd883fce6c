"""A module Cython compiles with the ``.pxd`` of its name keeps its name (issue 13, chardet).

chardet compiles ``_kernel.py`` with ``_kernel.pxd`` beside it: Cython pairs them by file name, and its
``test_kernel_pxd.py`` checks that each ``.pxd`` has its ``.py``. ``apply --all`` renamed ``_kernel.py``
alone: a compiled build would lose every C type, and that test failed. The module keeps its name now,
listed under the plan's ``kept`` with the reason (planner/cython_pairs.py); a ``cimport`` of it and the
``.pxd`` stay as they are, and the module's other neighbours are renamed as before.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot

PAIRS_TEST = """\
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "pkg"


def test_every_pxd_has_its_module_beside_it():
    pxds = sorted(PKG.glob("*.pxd"))
    assert pxds
    for pxd in pxds:
        assert pxd.with_suffix(".py").exists(), pxd.name
"""


def test_a_module_with_a_pxd_of_its_name_keeps_it(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "guardian.toml").write_text('exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n')
    (repo / "pkg/__init__.py").write_text("from .detector import detect\n")
    (repo / "pkg/_kernel.py").write_text("import cython\n\n\ndef score(data):\n    return len(data)\n")
    (repo / "pkg/_kernel.pxd").write_text("cpdef int score(bytes data)\n")
    (repo / "pkg/detector.py").write_text("from ._kernel import score\n\n\ndef detect(data):\n    return score(data)\n")
    (repo / "pkg/_fast.pyx").write_text("from ._kernel cimport score\n")
    (repo / "tests/test_pairs.py").write_text(PAIRS_TEST)
    committed(repo)
    original = snapshot(repo)

    assert own_suite(repo).startswith("1 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert [r["old"] for r in plan_renames(plan)] == ["pkg/detector.py"]
    assert {k["path"]: k["reason"] for k in plan["kept"]} == {
        "pkg/_kernel.py": "found by name by Cython (compiled with _kernel.pxd beside it, which its cimports also name)"
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert sorted(p.name for p in (repo / "pkg").iterdir() if p.is_file()) == [
        "WF1_V7_L2_1of1_detector.py",
        "__init__.py",
        "_fast.pyx",
        "_kernel.pxd",
        "_kernel.py",
    ]
    assert (repo / "pkg/_fast.pyx").read_text() == "from ._kernel cimport score\n"
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
