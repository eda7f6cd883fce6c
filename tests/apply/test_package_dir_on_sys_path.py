"""A package's directory put on ``sys.path`` by a path of the checkout, or by pytest's ``pythonpath`` (issue 13).

Breaker c33/c34: ``sys.path.insert(0, str(ROOT / "pkg"))`` with ``ROOT = Path(__file__).resolve().parent.parent``,
then ``import m1`` (or ``importlib.import_module("m2")``), and pytest's ``pythonpath = pkg`` with ``import m1`` in
a test, import ``pkg/m1.py`` by its file name. Only ``Path(pkg.__file__).parent`` was read as a package's
directory: the modules were renamed, ``ModuleNotFoundError: No module named 'm1'`` (the whole test file lost at
collection for ``pythonpath``). Any directory the file spells from its own (``.parent``, ``.parents[n]``,
``os.path.dirname`` up, ``/``, ``os.path.join``, ``..``) that is a package's, and each directory of pytest's
``pythonpath``, keep the modules imported there by their bare names (planner/package_dir_imports.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"p*/**" = 1\n',
    "pytest.ini": "[pytest]\npythonpath = pd\n",
    "pa/__init__.py": "",
    "pa/m1.py": "V = 1\n",
    "pa/m2.py": "V = 2\n",
    "pa/other.py": "V = 0\n",
    "pb/__init__.py": "",
    "pb/m3.py": "V = 3\n",
    "pc/__init__.py": "",
    "pc/m4.py": "V = 4\n",
    "pd/__init__.py": "",
    "pd/m5.py": "V = 5\n",
    "tests/test_root.py": (
        "import importlib\nimport sys\nfrom pathlib import Path\n\nimport pa.other\n\n"
        "ROOT = Path(__file__).resolve().parent.parent\n\n\n"
        "def test_bare():\n"
        '    sys.path.insert(0, str(ROOT / "pa"))\n'
        "    try:\n        import m1\n\n"
        '        assert m1.V + importlib.import_module("m2").V + pa.other.V == 3\n'
        "    finally:\n        sys.path.pop(0)\n"
    ),
    "tests/test_joined.py": (
        "import os\nimport sys\nfrom pathlib import Path\n\n"
        'sys.path.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pb"))\n'
        'sys.path.append(str(Path(__file__).parents[1] / "tests" / ".." / "pc"))\n\n\n'
        "def test_bare():\n    from m3 import V\n    import m4\n\n    assert V + m4.V == 7\n"
    ),
    "tests/test_pythonpath.py": "import m5\n\n\ndef test_bare():\n    assert m5.V == 5\n",
}


def test_modules_imported_bare_from_a_package_directory_on_sys_path_keep_their_names(
    cli: Invoke, tmp_path: Path
) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("3 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    why = "imported by its bare name from its package's directory put on sys.path"
    kept = {k["path"]: k["reason"] for k in plan["kept"] if k["path"].startswith("p")}
    assert kept == {
        "pa/m1.py": f"found by name by tests/test_root.py:13, {why}",
        "pa/m2.py": f"found by name by tests/test_root.py:15, {why}",
        "pb/m3.py": f"found by name by tests/test_joined.py:10, {why}",
        "pc/m4.py": f"found by name by tests/test_joined.py:11, {why}",
        "pd/m5.py": "found by name by tests/test_pythonpath.py:1, imported by its bare name from pd, "
        "on sys.path by pytest's pythonpath (pytest.ini [pytest])",
    }
    assert [r["old"] for r in plan_renames(plan)] == ["pa/other.py"]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("3 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


CWD_FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"src/**" = 1\n',
    "src/pa/__init__.py": "",
    "src/pa/m1.py": "V = 1\n",
    "src/pa/m2.py": "V = 2\n",
    "src/pa/other.py": "V = 0\n",
    "src/pb/__init__.py": "",
    "src/pb/m3.py": "V = 3\n",
    "src/pb/m4.py": "V = 4\n",
    "tests/test_cwd.py": (
        "import importlib\nimport os\nimport sys\nfrom pathlib import Path\n\n"
        'sys.path.insert(0, "src/pa")\nsys.path.insert(0, "src")\n'
        'PB = os.path.join(os.getcwd(), "src", "pb")\nsys.path.append(PB)\n'
        'sys.path.append(str(Path.cwd() / "src" / "pb"))\n\n\n'
        "def test_bare():\n    import m1\n    from m3 import V\n    import pa.other\n\n"
        '    assert m1.V + importlib.import_module("m2").V + V + importlib.import_module("m4").V == 10\n'
        "    assert pa.other.V == 0\n"
    ),
}


def test_a_package_directory_put_on_sys_path_from_the_working_directory_keeps_its_modules(
    cli: Invoke, tmp_path: Path
) -> None:
    """``sys.path.insert(0, "src/pa")`` and ``os.path.join(os.getcwd(), "src", "pb")``: a directory relative to the
    working directory (the checkout's root, where the tests run) was not read, and ``m1`` ... ``m4`` were renamed
    (``ModuleNotFoundError``). ``src`` itself is no package: ``pa.other`` is imported by its dotted path."""
    repo = write_files(tmp_path / "repo", CWD_FILES)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    why = "imported by its bare name from its package's directory put on sys.path"
    kept = {k["path"]: k["reason"] for k in plan["kept"] if k["path"].startswith("src/")}
    assert kept == {
        "src/pa/m1.py": f"found by name by tests/test_cwd.py:14, {why}",
        "src/pa/m2.py": f"found by name by tests/test_cwd.py:18, {why}",
        "src/pb/m3.py": f"found by name by tests/test_cwd.py:15, {why}",
        "src/pb/m4.py": f"found by name by tests/test_cwd.py:18, {why}",
    }
    assert [r["old"] for r in plan_renames(plan)] == ["src/pa/other.py"]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


#: review30 N4: the other ways to put a directory on ``sys.path``, one a test file (each imports its own module)
ADDED = {
    "extend": 'sys.path.extend(["src/pa"])',
    "iadd": 'sys.path += ["src/pa"]',
    "slice": 'sys.path[:0] = ["src/pa"]',
    "site": 'site.addsitedir("src/pa")',
    "parts": 'sys.path.insert(0, str(Path("src", "pa")))',
}


def test_every_way_to_put_a_working_directory_s_package_on_sys_path_keeps_its_modules(
    cli: Invoke, tmp_path: Path
) -> None:
    """``sys.path.extend([...])``, ``sys.path += [...]``, ``sys.path[:0] = [...]``, ``site.addsitedir(...)`` and
    ``Path("src", "pa")`` were not read: each module was renamed and its test lost (``ModuleNotFoundError``)."""
    files = {"guardian.toml": CWD_FILES["guardian.toml"], "src/pa/__init__.py": ""}
    for name, added in ADDED.items():
        files[f"src/pa/m_{name}.py"] = "V = 1\n"
        files[f"tests/test_{name}.py"] = (
            f"import site\nimport sys\nfrom pathlib import Path\n\n{added}\n\n\n"
            f"def test_bare():\n    import m_{name}\n\n    assert m_{name}.V == 1\n"
        )
    files["src/pa/other.py"] = "V = 0\n"
    repo = write_files(tmp_path / "repo", files)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith(f"{len(ADDED)} passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = sorted(k["path"] for k in plan.get("kept", []) if k["path"].startswith("src/"))
    assert kept == sorted(f"src/pa/m_{name}.py" for name in ADDED)

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert own_suite(repo).startswith(f"{len(ADDED)} passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
