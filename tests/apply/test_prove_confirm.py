"""A test lost only by the proof's selection is confirmed with the whole suite before a batch is blamed
(issue 13, jsonpickle).

jsonpickle's command is ``pytest jsonpickle tests`` with ``--doctest-modules`` in its ``pytest.ini``: the
collection of ``jsonpickle/`` imports every module of the package, also ``jsonpickle/ext/gmpy.py``, which
has no doctest. Its ``ecdsa_test.py`` imports only ``jsonpickle`` and uses ``jsonpickle.ext.gmpy``, skipping
on ``AttributeError``. After a batch the proof ran the selected test files alone, without the package path:
nothing imported the extension, the test did not run, and the batch was rolled back and bisected to all of
its 14 renames. The whole suite after the same batch passed that test. A test lost in a selected run is now
run again with the whole command on the batch's tree; only a test lost there too breaks the batch.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot

TEST = """\
import pytest

import pkg


def test_extension_loaded_by_another_path():
    try:
        extension = pkg.ext.extra
    except AttributeError:
        pytest.skip("nothing imported pkg.ext.extra")
    assert extension.hello() == "hi"
"""


def test_a_test_lost_only_in_the_selected_run_is_confirmed_by_the_whole_suite(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": f"""\
                exempt = ["**/__init__.py", "tests/**"]
                [validate]
                tests = "python -m pytest -q --doctest-modules pkg tests"
                python = {json.dumps(sys.executable)}
                """,
            "pkg/__init__.py": "from .core import VALUE\n",
            "pkg/core.py": "VALUE = 1\n",
            "pkg/ext/__init__.py": "",
            "pkg/ext/extra.py": 'def hello():\n    return "hi"\n',
            "tests/test_ext.py": TEST,
        }
    )
    committed(repo)
    cli(repo, "-q", "plan")
    result = cli(repo, "--json", "apply", "--all")
    baseline, proof = json.loads(result.output[result.output.index("\n{") :])["tests"]
    assert baseline["passed"] == 1
    assert proof["status"] == "proved"
    assert proof["selection_only"] == ["tests/test_ext.py::test_extension_loaded_by_another_path"]
    assert proof["tests_run"] == 1  # the whole suite's run: the extension has no doctest
    [extra] = (repo / "pkg" / "ext").glob("WF*_extra.py")
    assert f"extension = pkg.ext.{extra.stem}\n" in (repo / "tests" / "test_ext.py").read_text()  # Rope's rewrite


def test_a_test_lost_in_the_whole_suite_too_still_rolls_the_batch_back(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """A loss the whole suite confirms still rolls the batch back, and the bisection names its culprit."""
    repo = write_tree(
        {
            "guardian.toml": f"""\
                exempt = ["**/__init__.py", "tests/**"]
                [validate]
                tests = "python -m pytest -q tests"
                python = {json.dumps(sys.executable)}
                """,
            "pkg/__init__.py": "from .core import NAME\n",
            # its name past "pkg.", by a key spelled backwards: a read no static rule of Guardian's sees (a tail
            # read by rpartition or a slice of __name__ would keep the module's name, planner/name_tails.py)
            "pkg/core.py": 'NAME = globals()["".join(reversed("__eman__"))][4:]\n',
            "tests/test_core.py": "import pkg\n\n\ndef test_name():\n    assert pkg.NAME == 'core'\n",
        }
    )
    committed(repo)
    cli(repo, "-q", "plan")
    before = snapshot(repo)
    result = cli(repo, "apply", "--all", code=3)
    assert snapshot(repo) == before
    assert "running the whole suite, as the baseline ran it, to confirm" in result.output
    assert "culprit rename(s): pkg.core -> pkg.WF" in result.output
