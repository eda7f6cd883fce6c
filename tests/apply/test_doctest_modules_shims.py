"""A suite that collects the package's modules with ``--doctest-modules`` keeps passing after ``apply``
writes keep-alive shims (issue 13; wcwidth 0.9.4, docs/real-code.md section 5).

The fixture reaches its ``_known_*`` tables by a computed name (wcwidth's
``import_module(f"._known_{key}", __package__)``), so each renamed table keeps a shim at its old path.
pytest collects every ``.py`` file of the package, the shims too, and refused each ("import file
mismatch": the old name is the new module, whose ``__file__`` is the new file), so after ``apply`` the
suite stopped at collection. ``apply`` now lists the shims in the source root's ``conftest.py``
``collect_ignore`` (codemods/collect_ignore.py), whichever way ``--doctest-modules`` is given.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, plan_renames, snapshot, write_files

from codemods.collect_ignore import MARKER, find_ignored, strip_ignored

TABLE = '''"""Overrides of the {term} terminal.

>>> sorted(GRAPHEMES)
['{key}']
"""

GRAPHEMES = {{"{key}": {width}}}
'''
FILES = {
    "pkg/__init__.py": '"""Widths of graphemes."""\n',
    "pkg/overrides/__init__.py": (
        '"""Per-terminal override tables, each imported by a computed name on first use."""\n\n'
        "import importlib\n\n"
        "from ._registry import _REGISTRY\n\n\n"
        "def get(term):\n"
        '    """The overrides of ``term``.\n\n'
        '    >>> get("xterm")\n'
        "    {'x': 1}\n"
        '    """\n'
        "    key = _REGISTRY.get(term)\n"
        "    if key is None:\n"
        "        return {}\n"
        '    return importlib.import_module(f"._known_{key}", __package__).GRAPHEMES\n'
    ),
    "pkg/overrides/_registry.py": '_REGISTRY = {"xterm": "a1", "kitty": "b2"}\n',
    "pkg/overrides/_known_a1.py": TABLE.format(term="xterm", key="x", width=1),
    "pkg/overrides/_known_b2.py": TABLE.format(term="kitty", key="y", width=2),
    "tests/test_overrides.py": (
        "import pickle\n\n"
        "import pkg.overrides._known_b2\n"
        "from pkg import overrides\n\n\n"
        "def test_terminals():\n"
        '    assert overrides.get("xterm") == {"x": 1} and overrides.get("kitty") == {"y": 2}\n\n\n'
        "def test_unknown():\n"
        '    assert overrides.get("vt100") == {}\n\n\n'
        "def test_old_path_is_the_module():\n"
        "    import importlib\n\n"
        '    module = importlib.import_module("pkg.overrides._known_b2")\n'
        "    assert module is pkg.overrides._known_b2\n"
        '    assert pickle.loads(b"cpkg.overrides._known_b2\\nGRAPHEMES\\n.") is module.GRAPHEMES\n'
    ),
}
COMMAND = "python -m pytest -q -rA -p no:cacheprovider"
CONFIGS = {  # where --doctest-modules comes from: the configuration file, or the test command itself
    "pytest.ini addopts": ({"pytest.ini": "[pytest]\naddopts = --doctest-modules\ntestpaths = pkg tests\n"}, COMMAND),
    "the test command": ({}, f"{COMMAND} --doctest-modules pkg tests"),
}


def _passed(repo: Path, command: str) -> tuple[set[str], str]:
    """The node ids the suite passes, and its output."""
    argv = command.split()
    run = subprocess.run([sys.executable, *argv[1:]], cwd=repo, capture_output=True, text=True, timeout=300)
    return set(re.findall(r"^PASSED (\S+)", run.stdout, re.MULTILINE)), run.stdout


@pytest.mark.parametrize("where", sorted(CONFIGS))
def test_a_doctest_modules_suite_passes_after_apply_with_shims(cli: Invoke, tmp_path: Path, where: str) -> None:
    files, command = CONFIGS[where]
    repo = tmp_path / "repo"
    write_files(repo, {**FILES, **files})
    write_files(
        repo, {"guardian.toml": f"[validate]\ntests = {json.dumps(command)}\npython = {json.dumps(sys.executable)}\n"}
    )
    committed(repo)
    original = snapshot(repo)
    before, _ = _passed(repo, command)
    assert "pkg/overrides/_known_a1.py::pkg.overrides._known_a1" in before and len(before) == 6

    cli(repo, "-q", "plan")
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    renames = {r["old_module"]: r["new_module"] for r in plan_renames(plan)}
    result = cli(repo, "apply", "--all")
    assert "tests: baseline 6 passed" in result.output
    shims = sorted(
        p.relative_to(repo).as_posix() for p in repo.rglob("*.py") if p.read_text().startswith("# guardian-shim:")
    )
    assert shims == ["pkg/overrides/_known_a1.py", "pkg/overrides/_known_b2.py"]

    def mapped(node: str) -> str:  # ids are named after modules: old -> new
        for old, new in sorted(renames.items(), key=lambda item: -len(item[0])):
            node = node.replace(old.replace(".", "/") + ".py", new.replace(".", "/") + ".py").replace(old, new)
        return node

    after, output = _passed(repo, command)
    assert after == {mapped(node) for node in before}, output

    conftest = (repo / "conftest.py").read_text()
    assert find_ignored(conftest) == ["pkg/overrides/_known_a1.py", "pkg/overrides/_known_b2.py"]

    # without the list, pytest refuses the shims (the failure apply left before)
    (repo / "conftest.py").write_text(strip_ignored(conftest) or "")
    failed, output = _passed(repo, command)
    assert "import file mismatch" in output and "ERROR pkg/overrides/_known_a1.py" in output and not failed
    (repo / "conftest.py").write_text(conftest)

    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_the_next_batch_is_not_refused_after_one_wrote_the_conftest(cli: Invoke, tmp_path: Path) -> None:
    """tqdm, one batch at a time: batch 1 created the root ``conftest.py`` for its shims, and ``apply
    --batch 2`` refused the plan as stale ("1 module(s) added (conftest.py)"): Guardian's own file."""
    repo = tmp_path / "repo"
    write_files(repo, {**FILES, "guardian.toml": "batch_size = 1\n"})
    committed(repo)
    original = snapshot(repo)
    cli(repo, "-q", "plan")
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    assert [r["old"] for r in plan["batches"][0]["renames"]] == ["pkg/overrides/_known_a1.py"]

    cli(repo, "-q", "apply", "--batch", "1")
    assert (repo / "conftest.py").read_text().startswith(MARKER)  # created for the shim of batch 1
    cli(repo, "-q", "apply", "--batch", "2")
    assert find_ignored((repo / "conftest.py").read_text()) == [
        "pkg/overrides/_known_a1.py",
        "pkg/overrides/_known_b2.py",
    ]
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_test_importing_its_own_conftest_does_not_fail_verification(cli: Invoke, tmp_path: Path) -> None:
    """werkzeug: ``from conftest import DevServerClient`` in a test means the tests' own conftest (pytest puts
    that directory on ``sys.path``). The ``conftest.py`` a batch creates in the source root for its shims is
    then a top-level module ``conftest`` too, and verification rolled batch 1 back: "new import edge
    tests.test_serving -> conftest". An edge into Guardian's own conftest is no change of the code's graph."""
    repo = tmp_path / "repo"
    helpers = {
        "tests/conftest.py": "HELPER = 1\n",
        "tests/test_helper.py": "from conftest import HELPER\n\n\ndef test_helper():\n    assert HELPER == 1\n",
    }
    write_files(repo, {**FILES, **helpers})
    committed(repo)
    original = snapshot(repo)
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all")
    assert (repo / "conftest.py").read_text().startswith(MARKER)  # Guardian's, in the source root
    passed, output = _passed(repo, COMMAND)
    assert "tests/test_helper.py::test_helper" in passed, output
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
