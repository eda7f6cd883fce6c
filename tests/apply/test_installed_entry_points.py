"""A renamed module that the target environment's installed metadata names keeps its old path (issue 13;
typeguard 4.6.1 and invoke 3.0.3, docs/real-code.md section 5).

An editable install (``pip install -e .``) writes the distribution's ``entry_points.txt`` into the
environment's ``site-packages``, outside the checkout: typeguard's pytest plugin
(``pytest11 = typeguard._pytest_plugin``), invoke's console script (``inv = invoke.main:program.run``).
No rename may write there, so after ``apply`` pytest stopped at start-up ("Error while loading plugin")
and ``inv`` raised ``ModuleNotFoundError``; the proof saw nothing, as it puts the checkout (with its
rewritten ``*.egg-info``) first on ``PYTHONPATH``. When the proof runs (the target environment is run only
then), such a module now keeps a shim at its old path (guardian/installed_metadata.py). So does a module
that another installed distribution's code imports (fastapi 0.165.0: strawberry-graphql's integration imports
``fastapi.datastructures``, and the whole suite stopped at collection).

The target environment here is a real one (``venv``) holding the metadata an editable install writes, and
pytest through a ``.pth`` to this suite's own environment.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, plan_renames, snapshot, write_files

FILES = {
    "pkg/__init__.py": "",
    "pkg/plugin.py": "PLUGGED = 'plugged'\n",
    "pkg/cli.py": "def main():\n    return 'ran'\n",
    "pkg/core.py": "from pkg.cli import main\n",
    "pkg/util.py": "def helper():\n    return 'helped'\n",
    "elsewhere/__init__.py": "",
    "elsewhere/tool.py": "def main():\n    return 'checkout'\n",
    "tests/test_cli.py": (
        "import subprocess\n\nfrom pkg.cli import main\n\n\ndef test_main():\n    assert main() == 'ran'\n\n\n"
        "def test_script():  # by name, from the environment's scripts (typeguard's tests run `mypy`)\n"
        "    assert subprocess.run(['pkg-run'], capture_output=True, text=True).stdout == 'ran\\n'\n"
    ),
    "tests/test_consumer.py": "from consumer.router import route\n\n\ndef test_route():\n    assert route() == 'helped'\n",
}
#: an editable install of ``pkg`` (its entry points, a path to the checkout) and a regular install of another
#: distribution whose ``elsewhere`` package lives in site-packages, not in the checkout
INSTALLED = {
    "pkg-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n",
    "pkg-1.0.dist-info/entry_points.txt": "[pytest11]\nplugged = pkg.plugin\n\n[console_scripts]\npkg-run = pkg.cli:main\n",
    "elsewhere-2.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: elsewhere\nVersion: 2.0\n",
    "elsewhere-2.0.dist-info/entry_points.txt": "[console_scripts]\nel = elsewhere.tool:main\n",
    "elsewhere/__init__.py": "",
    "elsewhere/tool.py": "def main():\n    return 'installed'\n",
    # another distribution whose installed code imports the checkout's module (a framework's integration)
    "consumer-3.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: consumer\nVersion: 3.0\n",
    "consumer-3.0.dist-info/RECORD": "consumer/__init__.py,,\nconsumer/router.py,,\nconsumer-3.0.dist-info/RECORD,,\n",
    "consumer/__init__.py": "",
    "consumer/router.py": (
        "from pkg.util import helper\n\n\ndef route():\n    return helper()\n\n\n"
        "def other():  # not imported with the module: in the suite's runs the checkout's `elsewhere` comes first\n"
        "    import elsewhere.tool  # the installed copy: not the checkout's\n\n    return elsewhere.tool.main()\n"
    ),
}
#: what pytest does with a pytest11 entry point and a console script with its own: load it by its path
LOAD = (
    "from importlib.metadata import entry_points\n"
    "print(entry_points(group='pytest11')['plugged'].load().PLUGGED,"
    " entry_points(group='console_scripts')['pkg-run'].load()(),"
    " entry_points(group='console_scripts')['el'].load()())\n"
    "from consumer.router import route\n"
    "print(route())\n"
)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A target environment with an editable install of the checkout at ``tmp_path / "repo"``."""
    venv = tmp_path / "target"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    site = Path(purelib)
    write_files(site, INSTALLED)
    (site / "__editable__.pkg-1.0.pth").write_text(f"{tmp_path / 'repo'}\n")
    (site / "zz_pytest.pth").write_text(f"{sysconfig.get_path('purelib')}\n")  # pytest, from this environment
    script = venv / "bin" / "pkg-run"  # what pip writes for the console script
    script.write_text(f"#!{python}\nimport sys\nfrom pkg.cli import main\nprint(main())\n")
    script.chmod(0o755)
    return python


def _checkout(tmp_path: Path, target: Path) -> Path:
    repo = tmp_path / "repo"
    config = f'[validate]\npython = {json.dumps(str(target))}\ntests = "python -m pytest -q tests"\n'
    write_files(repo, {**FILES, "guardian.toml": config})
    return committed(repo)


def _load(python: Path, repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(python), "-I", "-c", LOAD], cwd=repo, capture_output=True, text=True, timeout=120)


def test_an_editable_installs_entry_points_keep_working_after_apply(cli: Invoke, tmp_path: Path, target: Path) -> None:
    repo = _checkout(tmp_path, target)
    original = snapshot(repo)
    assert _load(target, repo).stdout.split() == ["plugged", "ran", "installed", "helped"]

    cli(repo, "-q", "plan")
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    renames = {r["old_module"]: r["new_module"] for r in plan_renames(plan)}
    assert {"pkg.plugin", "pkg.cli", "elsewhere.tool"} <= set(renames)
    result = cli(repo, "--json", "apply", "--all")
    report = json.loads(result.stdout)
    # the environment's scripts are on PATH as its `activate` puts them: the script's test passed in the baseline
    assert report["tests"][0]["passed"] == 3 and report["tests"][-1]["status"] == "proved"
    assert report["tests"][0]["installed_entry_points"] == ["pkg.cli", "pkg.plugin"]
    shims = {old for b in report["batches"] for old in b["shims"]}
    # the installed copy of `elsewhere` is not the checkout's: its rename needs no old path; `pkg.util` is
    # what the installed `consumer` imports (strawberry-graphql's `from fastapi.datastructures import Default`)
    assert shims == {"pkg.plugin", "pkg.cli", "pkg.util"}
    # the proof selects the test that imports the installed `consumer`, which imports the renamed `pkg.util`:
    # all 3 tests ran (2 before: `test_consumer.py` imports no module of the checkout)
    assert [s["tests_run"] for s in report["tests"][1:]] == [3], report["tests"]
    assert (repo / "pkg/plugin.py").read_text().startswith("# guardian-shim:")
    assert (repo / renames["pkg.cli"].replace(".", "/")).with_suffix(".py").read_text().startswith("def main")

    loaded = _load(target, repo)
    assert loaded.stdout.split() == ["plugged", "ran", "installed", "helped"], loaded.stderr

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_without_the_proof_the_target_environment_is_read_not_run(cli: Invoke, tmp_path: Path, target: Path) -> None:
    """Running the target's interpreter is the configured test command's trust zone (docs/trust.md): without
    it the entry points are not listed (``--shims`` keeps every old path). The installed files are read, not
    run: the module another distribution imports keeps its old path all the same."""
    repo = _checkout(tmp_path, target)
    original = snapshot(repo)
    cli(repo, "-q", "plan")
    result = cli(repo, "--json", "apply", "--all", "--no-tests")
    assert {old for b in json.loads(result.stdout)["batches"] for old in b["shims"]} == {"pkg.util"}
    route = "from consumer.router import route; print(route())"
    routed = subprocess.run([str(target), "-I", "-c", route], cwd=repo, capture_output=True, text=True, timeout=120)
    assert routed.stdout == "helped\n", routed.stderr
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
