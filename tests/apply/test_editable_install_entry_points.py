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
