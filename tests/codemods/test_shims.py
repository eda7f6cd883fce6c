"""Compatibility shims: the generated module really aliases the new one and warns, blaming the importer."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from codemod_cases import journal_round_trip

from codemods.errors import CodemodError
from codemods.shims import find_shims, shim_source

NEW = textwrap.dedent("""
    STATE = []


    def func():
        return _helper()


    def _helper():
        return 1


    class Klass:
        pass
""").lstrip()

USER = textwrap.dedent("""
    import warnings
    warnings.simplefilter("always")
    import pkg.mod
    from pkg.mod import Klass, _helper, func
    from pkg import newmod
    from unittest import mock

    assert pkg.mod is newmod and Klass is newmod.Klass and _helper is newmod._helper
    pkg.mod.STATE.append(1)
    assert newmod.STATE == [1]
    with mock.patch("pkg.mod._helper", return_value=5):
        assert newmod.func() == 5
    assert func() == 1
    import pkg.mod  # a second import neither warns again nor re-runs the shim
    print("ok")
""").lstrip()


def _package(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (root / "pkg" / "newmod.py").write_text(NEW, encoding="utf-8")
    (root / "pkg" / "mod.py").write_text(shim_source("pkg.mod", "pkg.newmod"), encoding="utf-8")
    (root / "user.py").write_text(USER, encoding="utf-8")
    return root


def test_shim_aliases_the_new_module_and_warns_at_the_importer(tmp_path: Path) -> None:
    root = _package(tmp_path)
    run = subprocess.run([sys.executable, "user.py"], cwd=root, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"
    warnings = [line for line in run.stderr.splitlines() if "DeprecationWarning" in line]
    assert warnings == [
        f"{root / 'user.py'}:3: DeprecationWarning: pkg.mod is deprecated and will be removed; "
        "import pkg.newmod instead"
    ]


def test_shim_is_an_error_under_strict_warnings(tmp_path: Path) -> None:
    root = _package(tmp_path)
    run = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", "import pkg.mod"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0 and "DeprecationWarning: pkg.mod is deprecated" in run.stderr


def test_shim_of_a_top_level_module(tmp_path: Path) -> None:
    (tmp_path / "newtop.py").write_text("VALUE = 7\n", encoding="utf-8")
    (tmp_path / "oldtop.py").write_text(shim_source("oldtop", "newtop"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", "import oldtop, newtop; print(oldtop is newtop, oldtop.VALUE)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip() == "True 7", run.stderr


def test_find_shims_recognises_only_guardian_shims() -> None:
    source = shim_source("shop.orders.models", "shop.orders.WF1_V7_L1_1of9_models")
    assert find_shims(source) == "shop.orders.WF1_V7_L1_1of9_models"
    assert find_shims(source.replace("\n", "\r\n")) == "shop.orders.WF1_V7_L1_1of9_models"
    assert find_shims("import shop.orders.WF1_V7_L1_1of9_models as _target\n") is None
    hand_edited = source.replace("import shop.orders.WF1_V7_L1_1of9_models as _target", "import other as _target")
    assert find_shims(hand_edited) is None
    assert find_shims("\n" + source) is None  # the marker must be the first line
    assert find_shims("") is None


def test_shim_source_compiles_and_is_stable() -> None:
    source = shim_source("pkg.mod", "pkg.newmod")
    compile(source, "pkg/mod.py", "exec")
    assert source == shim_source("pkg.mod", "pkg.newmod")
    assert source.startswith("# guardian-shim: pkg.mod -> pkg.newmod\n")


@pytest.mark.parametrize(
    "old, new", [("pkg.mod", "pkg.1of3_mod"), ("pkg..mod", "pkg.new"), ("pkg.mod", "x; import os")]
)
def test_invalid_names_are_refused(old: str, new: str) -> None:
    with pytest.raises(CodemodError) as error:
        shim_source(old, new)
    assert error.value.exit_code == 1 and "not a dotted Python module name" in str(error.value)


def test_shim_write_goes_through_the_journal(tmp_path: Path) -> None:
    journal_round_trip(tmp_path, "pkg/mod.py", "def func():\n    return 1\n", shim_source("pkg.mod", "pkg.newmod"))


HELPERS = textwrap.dedent("""
    def check(value):
        assert value == 1
""").lstrip()
USES_PLUGIN = textwrap.dedent("""
    import sys

    pytest_plugins = ["pkg.helpers"]


    def test_through_the_old_path():
        from pkg.WF1_helpers import check

        check(2)


    def test_loaded_by_the_rewriter():  # else a later configuration's mark of the old path warns
        assert type(sys.modules["pkg.helpers"].__loader__).__name__ == "AssertionRewritingHook"
""").lstrip()


@pytest.mark.parametrize("warn", [True, False])
def test_a_plugin_reached_by_its_old_path_keeps_its_assertions_rewritten(tmp_path: Path, warn: bool) -> None:
    """pytest rewrites the asserts of the module a plugin name imports; through a shim that is the new module
    (pytest 9.2.0's ``pytest_plugins = ["pytester_assertions"]`` lost its explanations, and a second mark of the
    old path warned "already imported", an error under ``-W error``)."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "WF1_helpers.py").write_text(HELPERS)
    (pkg / "helpers.py").write_text(shim_source("pkg.helpers", "pkg.WF1_helpers", warn=warn))
    (tmp_path / "test_uses.py").write_text(USES_PLUGIN)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", "-W"]
    command += ["ignore::DeprecationWarning", "test_uses.py"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert "E       assert 2 == 1" in done.stdout, done.stdout[-3000:]
    assert "1 failed, 1 passed" in done.stdout, done.stdout[-3000:]


@pytest.mark.parametrize(
    ("guard", "program"),
    [
        ('if __name__ == "__main__":', True),
        ("if __name__=='__main__':", True),
        ('if (__name__ == "__main__"):', True),  # review25: each of these shims imported the module and exited 0
        ('if __name__ == "__main__" and sys.argv:', True),
        ('if __name__ in ("__main__",):', True),
        ("if '__main__' == __name__:", True),
        ('if sys.flags.debug:\n    pass\nelif __name__ == "__main__":', True),
        ('try:\n    pass\nfinally:\n    if __name__ == "__main__":\n        main()\nif sys.argv:', True),
        ('def run():\n    if __name__ == "__main__":\n        main()\nif sys.argv:', False),  # only when called
        ('"""\nif __name__ == "__main__":\n    main()\n"""\nif sys.argv:', False),  # a docstring's text
        ('NAME = "__main__"\nif __name__:', False),
    ],
)
def test_a_program_is_a_module_with_a_top_level_main_guard(guard: str, program: bool) -> None:
    from codemods.shims import is_program

    source = f"import sys\n\n{guard}\n    main()\n"
    compile(source, "mod.py", "exec")
    assert is_program(source.encode()) is program
