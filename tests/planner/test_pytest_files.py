"""Test modules keep their names: pytest finds them by name (``python_files``), as it finds ``conftest.py``.

toolz keeps its tests inside the package (``toolz/tests/test_curried.py``); with the default ``exempt``
(only a top-level ``tests/**``) they were planned as renames, and pytest no longer collected them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planner.build_plan import build_plan
from planner.config import DEFAULT_EXEMPT, DEFAULT_PYTHON_FILES, Config
from planner.errors import InputError
from planner.fingerprint import config_inputs
from planner.plan_file import plan_from_json
from planner.pytest_files import collected_by_pytest, read_python_files, read_pythonpath

PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/core.py": "def one():\n    return 1\n",
    "pkg/helpers.py": "from pkg.core import one\n",
    "pkg/tests/__init__.py": "",
    "pkg/tests/test_core.py": "from pkg.core import one\n\n\ndef test_one():\n    assert one() == 1\n",
    "pkg/tests/core_test.py": "import pkg.core\n",
    "pkg/tests/check_core.py": "import pkg.core\n",
    "pkg/tests/support.py": "",
}


def planned(root: Path) -> list[str]:
    patterns, source = read_python_files(root)
    plan = build_plan(Config(root=root, python_files=patterns, python_files_source=source))
    return sorted(r.old for r in plan.renames)


def test_in_package_tests_keep_their_names_with_the_default_exempt(write_tree):
    root = write_tree(PACKAGE)
    config = Config(root=root)
    assert config.exempt == DEFAULT_EXEMPT and config.python_files == ("test_*.py", "*_test.py")
    plan = build_plan(config)
    renames = {r.old: r for r in plan.renames}
    assert sorted(renames) == ["pkg/core.py", "pkg/helpers.py", "pkg/tests/check_core.py", "pkg/tests/support.py"]
    # kept, with the reason, and still an importer: apply rewrites its imports of the renamed module
    assert [(k.module, k.path) for k in plan.kept] == [
        ("pkg.tests.core_test", "pkg/tests/core_test.py"),
        ("pkg.tests.test_core", "pkg/tests/test_core.py"),
    ]
    assert plan.kept[0].reason == "collected by pytest by name (python_files test_*.py *_test.py, pytest's default)"
    assert "pkg.tests.test_core" in renames["pkg/core.py"].importers
    assert plan_from_json(plan.to_json()).kept == plan.kept  # read back from plan.json
    # a module exempt by a glob is not listed again: the plan of a checkout without in-package tests is unchanged
    assert build_plan(Config(root=root, exempt=(*DEFAULT_EXEMPT, "pkg/tests/**"))).to_json().get("kept") is None


@pytest.mark.parametrize(
    ("files", "source"),
    [
        ({"pytest.toml": '[pytest]\npython_files = ["check_*.py"]\n'}, "pytest.toml [pytest]"),
        ({".pytest.toml": '[pytest]\npython_files = ["check_*.py"]\n'}, ".pytest.toml [pytest]"),
        ({"pytest.ini": "[pytest]\npython_files = check_*.py\n"}, "pytest.ini [pytest]"),
        ({".pytest.ini": "[pytest]\npython_files =\n    check_*.py\n"}, ".pytest.ini [pytest]"),
        (
            {"pyproject.toml": '[tool.pytest.ini_options]\npython_files = "check_*.py"\n'},
            "pyproject.toml [tool.pytest.ini_options]",
        ),
        (
            {"pyproject.toml": '[tool.pytest.ini_options]\npython_files = ["check_*.py"]\n'},
            "pyproject.toml [tool.pytest.ini_options]",
        ),
        ({"pyproject.toml": '[tool.pytest]\npython_files = ["check_*.py"]\n'}, "pyproject.toml [tool.pytest]"),
        ({"tox.ini": "[tox]\nenvlist = py\n\n[pytest]\npython_files = check_*.py\n"}, "tox.ini [pytest]"),
        (
            {"setup.cfg": "[metadata]\nname = pkg\n\n[tool:pytest]\npython_files = check_*.py\n"},
            "setup.cfg [tool:pytest]",
        ),
        # pytest's precedence: the first file that configures pytest wins
        ({"pytest.ini": "[pytest]\npython_files = check_*.py\n", "tox.ini": "[pytest]\npython_files = x\n"}, None),
        ({"pyproject.toml": "[tool.black]\n", "setup.cfg": "[tool:pytest]\npython_files = check_*.py\n"}, None),
        ({"tox.ini": "[tox]\n", "setup.cfg": "[tool:pytest]\npython_files = check_*.py\n"}, None),
    ],
    ids=lambda v: "+".join(v) if isinstance(v, dict) else "",
)
def test_custom_python_files_from_each_configuration_file(write_tree, files, source):
    root = write_tree({**PACKAGE, **files})
    patterns, found = read_python_files(root)
    assert patterns == ("check_*.py",)
    if source is not None:
        assert found == source
    assert planned(root) == [
        "pkg/core.py",
        "pkg/helpers.py",
        "pkg/tests/core_test.py",
        "pkg/tests/support.py",
        "pkg/tests/test_core.py",
    ]


@pytest.mark.parametrize(
    "files",
    [
        {},
        {"pyproject.toml": "[project]\nname = 'pkg'\n", "tox.ini": "[tox]\n", "setup.cfg": "[metadata]\n"},
        {"setup.cfg": "[tool:pytest]\naddopts = -q\n"},
        # a pytest.ini is pytest's configuration even without a [pytest] section: tox.ini is not read
        {"pytest.ini": "", "tox.ini": "[pytest]\npython_files = check_*.py\n"},
    ],
)
def test_pytests_default_without_python_files(write_tree, files):
    root = write_tree({**PACKAGE, **files})
    assert read_python_files(root) == (DEFAULT_PYTHON_FILES, None)


def test_patterns_match_as_pytest_matches_them():
    patterns = ("test_*.py", "checks/*.py")
    assert collected_by_pytest(patterns, "pkg/tests/test_a.py")
    assert collected_by_pytest(patterns, "test_a.py")
    assert collected_by_pytest(patterns, "pkg/checks/a.py")  # a pattern with / matches the path's end
    assert collected_by_pytest(patterns, "checks/deep/a.py")  # fnmatch's * crosses /, as in pytest
    assert not collected_by_pytest(patterns, "pkg/tests/a_test.py")
    assert not collected_by_pytest(patterns, "pkg/mychecks/a.py")
    assert not collected_by_pytest(patterns, "pkg/Test_a.py")
    assert not collected_by_pytest((), "pkg/test_a.py")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"pytest.ini": "[pytest]\npython_files = test_*.py\npython_files = x\n"}, "pytest.ini:3: cannot parse"),
        ({"tox.ini": "[pytest]\npython_files\n"}, "tox.ini:2: cannot parse"),
        ({"setup.cfg": "python_files = x\n[tool:pytest]\n"}, "setup.cfg:1: cannot parse"),
        ({"setup.cfg": "[tool:pytest]\npython_files = 'test_*.py\n"}, "setup.cfg:2: [tool:pytest] python_files"),
        ({"pytest.toml": '[pytest]\npython_files = "test_*.py"\n'}, "pytest.toml:2: [pytest] python_files must be"),
        ({"pyproject.toml": "[tool.pytest]\npython_files = [1]\n"}, "pyproject.toml:2: [tool.pytest] python_files"),
        ({"pyproject.toml": "[tool.pytest\n"}, "pyproject.toml:1: invalid TOML"),
        ({"pytest.ini": b"[pytest]\npython_files = \xff\n"}, "pytest.ini: cannot read"),
    ],
)
def test_a_configuration_pytest_would_refuse_is_one_line_error(write_tree, files, message):
    root = write_tree({**PACKAGE, **{k: v for k, v in files.items() if isinstance(v, str)}})
    for name, data in files.items():
        if isinstance(data, bytes):
            (root / name).write_bytes(data)
    with pytest.raises(InputError) as refused:
        read_python_files(root)
    assert str(refused.value).startswith(message)
    assert refused.value.exit_code == 2 and "\n" not in str(refused.value)


def test_a_configuration_leading_outside_the_repository_is_refused(write_tree, tmp_path):
    outside = tmp_path / "elsewhere.ini"
    outside.write_text("[pytest]\npython_files = *.py\n")
    root = write_tree(PACKAGE)
    os.symlink(outside, root / "pytest.ini")
    with pytest.raises(InputError, match="pytest.ini: not a regular file inside the repository"):
        read_python_files(root)


def test_a_plan_records_custom_python_files_and_only_those():
    assert "python_files" not in config_inputs(Config(root=Path(".")))
    custom = config_inputs(Config(root=Path("."), python_files=("check_*.py",)))
    assert custom["python_files"] == ["check_*.py"]


@pytest.mark.parametrize(
    ("name", "text", "source"),
    [
        ("pytest.ini", "[pytest]\npythonpath = src 'lib dir'\n", "pytest.ini [pytest]"),
        (
            "pyproject.toml",
            '[tool.pytest.ini_options]\npythonpath = ["src", "lib dir"]\n',
            "pyproject.toml [tool.pytest.ini_options]",
        ),
        ("setup.cfg", "[tool:pytest]\npythonpath =\n    src\n    'lib dir'\n", "setup.cfg [tool:pytest]"),
        ("tox.ini", "[pytest]\npythonpath = src 'lib dir'\n", "tox.ini [pytest]"),
    ],
)
def test_pythonpath_is_read_from_the_file_pytest_uses(write_tree, name, text, source):
    """pytest's ``pythonpath`` puts a package's directory on ``sys.path`` (breaker c34): its modules imported
    by their bare names keep them (planner/package_dir_imports.py)."""
    assert read_pythonpath(write_tree({name: text})) == (("src", "lib dir"), source)
    assert read_pythonpath(write_tree({"pytest.ini": "[pytest]\n"})) == ((), None)
