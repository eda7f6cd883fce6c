"""A parametrize row is left where a fixture also takes the parameter (issue 13, review40 R2).

715f198 rewrites ``@pytest.mark.parametrize("name", ["mathops"])``'s rows to the new module names when the test's
only use of ``name`` is ``import_module(f"pkg.{name}")``. pytest also hands the parameter to every fixture that asks
for it by name, and to the fixture of that name with ``indirect=``: the fixture then got ``"WF1_..._mathops"`` where
it looked up ``"mathops"`` (a docs file, a table): 2 passed -> 2 errors each. The rows stay as written when the call
has ``indirect``, a fixture of the file takes the name, or the test asks for a fixture the file does not define
(a conftest's or a plugin's, which may take it); the rows are still the import's candidates (their modules kept
alive by shims, as before 715f198). Revert gives back every byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apply_helpers import Invoke, applied, planned, reverted, write_files

TITLES = 'TITLES = {"mathops": "Math.", "textops": "Text."}\n'
SAME_FILE = f"""\
import importlib

import pytest

{TITLES}

@pytest.fixture
def title(name):
    return TITLES[name]


@pytest.mark.parametrize("name", ["mathops", "textops"])
def test_doc(name, title):
    assert importlib.import_module(f"pkg.{{name}}").__doc__ == title
"""
INDIRECT = f"""\
import importlib

import pytest

{TITLES}

@pytest.fixture
def label(request):
    return TITLES[request.param]


@pytest.mark.parametrize("label", ["mathops", "textops"], indirect=True)
def test_doc(label):
    assert label in ("Math.", "Text.")


@pytest.mark.parametrize("name", ["mathops", "textops"], indirect=["name"])
def test_loads(name):
    assert importlib.import_module(f"pkg.{{name}}").__doc__ in ("Math.", "Text.")


@pytest.fixture
def name(request):
    assert request.param in TITLES
    return request.param
"""
CONFTEST = f"""\
import pytest

{TITLES}

@pytest.fixture
def title(name):
    return TITLES[name]
"""
FROM_CONFTEST = """\
import importlib

import pytest


@pytest.mark.parametrize("name", ["mathops", "textops"])
def test_doc(name, title):
    assert importlib.import_module(f"pkg.{name}").__doc__ == title
"""


@pytest.mark.parametrize(
    ("tests", "passed"),
    [
        ({"tests/test_doc.py": SAME_FILE}, "2 passed"),
        ({"tests/test_doc.py": INDIRECT}, "4 passed"),
        ({"tests/conftest.py": CONFTEST, "tests/test_doc.py": FROM_CONFTEST}, "2 passed"),
    ],
    ids=["fixture-in-file", "indirect", "fixture-in-conftest"],
)
def test_rows_a_fixture_takes_are_left(cli: Invoke, tmp_path: Path, tests: dict[str, str], passed: str) -> None:
    files = {
        "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        "pkg/__init__.py": "",
        "pkg/mathops.py": '"Math."\n',
        "pkg/textops.py": '"Text."\n',
        **tests,
    }
    repo = write_files(tmp_path / "repo", files)
    _, original = planned(cli, repo, passed)
    applied(cli, repo, passed)
    assert (repo / "tests" / "test_doc.py").read_text() == tests["tests/test_doc.py"]
    reverted(cli, repo, original)
