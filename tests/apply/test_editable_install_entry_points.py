"""A real editable install keeps working after ``apply --all`` without a test command (issue 13).

``pip install -e .`` (PEP 660) writes the distribution's ``entry_points.txt`` into the environment's
``site-packages``, outside the checkout: the console script and the ``pytest11`` plugin below name
``pkg.cli`` and ``pkg.plugin`` there until the package is reinstalled. The checkout's own declarations
(``[project.scripts]``, ``[project.entry-points.pytest11]``) are ``entry-point`` references: apply rewrites
them and keeps a silent shim at each old path, with no environment read (codemods/keep_alive.py).
Before, with no test command nothing was kept: ``pkg-run`` raised ``ModuleNotFoundError`` and pytest
stopped at start-up ("Error while loading plugin").
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, snapshot, write_files

FILES = {
    "pyproject.toml": (
        '[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "pkg"\nversion = "1.0"\n\n'
        '[project.scripts]\npkg-run = "pkg.cli:main"\n\n'
        '[project.entry-points.pytest11]\nplugged = "pkg.plugin"\n\n'
        '[tool.setuptools]\npackages = ["pkg"]\n'
    ),
    "pkg/__init__.py": "",
    "pkg/cli.py": "def main():\n    print('ran')\n",
    "pkg/plugin.py": ("import pytest\n\n\n@pytest.fixture\ndef plugged():\n    return 'plugged'\n"),
    ".gitignore": "*.egg-info/\n",
    "tests/test_plugged.py": "def test_plugged(plugged):\n    assert plugged == 'plugged'\n",
}


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_an_editable_install_keeps_its_script_and_pytest_plugin(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_files(repo, FILES)
    committed(repo)
    venv = tmp_path / "target"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python, script = venv / "bin" / "python", venv / "bin" / "pkg-run"
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], repo).stdout
    (Path(purelib.strip()) / "zz_pytest.pth").write_text(f"{sysconfig.get_path('purelib')}\n")  # pytest, from here
    pip = [str(python), "-m", "pip", "install", "-q", "-e", "."]  # setuptools from the index
    installed = _run(pip, repo)
    assert installed.returncode == 0, installed.stderr
    assert _run([str(script)], repo).stdout == "ran\n"
    suite = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    assert _run(suite, repo).returncode == 0

    original = snapshot(repo)
    cli(repo, "-q", "plan")
    report = json.loads(cli(repo, "--json", "apply", "--all").stdout)
    assert "tests" not in report  # no test command: the environment was never read
    ran = _run([str(script)], repo)  # before: ModuleNotFoundError: No module named 'pkg.cli'
    assert ran.stdout == "ran\n", ran.stderr
    started = _run(suite, repo)  # before: Error while loading plugin ... No module named 'pkg.plugin'
    assert started.returncode == 0 and "1 passed" in started.stdout, started.stdout + started.stderr
    shims = {old for b in report["batches"] for old in b["shims"]}
    assert shims == {"pkg.cli", "pkg.plugin"}
    assert any("reinstall" in w for b in report["batches"] for w in b["warnings"])

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


FLAT = {
    "setup.py": (
        "from setuptools import setup\n\n"
        'setup(name="flatmod", version="1.0", py_modules=["flatmod"],\n'
        '      entry_points={"console_scripts": ["flatmod-cli = flatmod:main"]})\n'
    ),
    "flatmod.py": "def main():\n    print('ran', __name__)\n",
    ".gitignore": "*.egg-info/\n",
    "test_flatmod.py": "import flatmod\n\n\ndef test_main(capsys):\n    flatmod.main()\n",
}


@pytest.mark.slow
def test_a_flat_layout_editable_install_keeps_its_module_outside_the_checkout(cli: Invoke, tmp_path: Path) -> None:
    """setuptools' editable finder of a flat layout (``py_modules``, texttable 1.7.2) maps only the names the
    distribution was installed with: the shim at ``flatmod.py`` is found by its old name, but ``import
    WF1_..._flatmod`` failed outside the checkout (the console script, any other directory) until reinstall.
    The shim of a top-level module loads the file beside it then (codemods/shims.py)."""
    repo = tmp_path / "repo"
    write_files(repo, FLAT)
    committed(repo)
    venv = tmp_path / "target"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python, script = venv / "bin" / "python", venv / "bin" / "flatmod-cli"
    installed = _run([str(python), "-m", "pip", "install", "-q", "-e", "."], repo)  # setuptools from the index
    assert installed.returncode == 0, installed.stderr
    finders = list(Path(_purelib(python, repo)).glob("__editable___flatmod_*_finder.py"))
    assert finders and "'flatmod'" in finders[0].read_text()  # the mapping of the names installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    used = [str(python), "-c", "import flatmod, sys; print(flatmod.__name__, flatmod is sys.modules['flatmod'])"]
    assert _run([str(script)], elsewhere).stdout == "ran flatmod\n"

    original = snapshot(repo)
    cli(repo, "-q", "plan")
    report = json.loads(cli(repo, "--json", "apply", "--all").stdout)
    (new,) = {new for b in report["batches"] for old, new in b["shims"].items() if old == "flatmod"}
    ran = _run([str(script)], elsewhere)  # before: ModuleNotFoundError: No module named 'WF1_..._flatmod'
    assert ran.stdout == f"ran {new}\n", ran.stderr
    imported = _run(used, elsewhere)
    assert imported.stdout == f"{new} True\n", imported.stderr
    assert _run([*used[:2], f"import flatmod, {new}; assert flatmod is {new}"], repo).returncode == 0  # one module

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def _purelib(python: Path, cwd: Path) -> str:
    return _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd).stdout.strip()
