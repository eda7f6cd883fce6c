"""apply's string pass parses a file for a renamed module's bare last part only where a string literal's whole value
is a dotted name (``getattr(pkg, "core")``, ``"..core.rules:Rule"``), not any string holding the word.

The screen asked for the word in any string of a file that calls ``getattr``/``setattr``/``import_module``...:
sympy's batch renaming ``core``, ``logic``, ``cache``, ``rules`` sent its files whose docstrings say "the core of"
or "logic" to libcst for nothing.
"""

from __future__ import annotations

import pytest

from codemods.base import Renames
from codemods.string_prefilter import needs_parse

MAPPING = {"pkg.core": "pkg.WF1_core"}


@pytest.mark.parametrize(
    "source",
    [
        'import pkg\nV = getattr(pkg, "core")\n',
        "import pkg\nV = getattr(pkg, 'core', None)\n",
        'import pkg\nsetattr(pkg, "core", object())\n',
        'import pkg\nV = __import__("core", globals(), None, [], 1)\n',
        'import importlib\nV = importlib.import_module(".core", "pkg")\n',
        'import importlib\nV = importlib.import_module("core.deep:X", "pkg")\n',
        'import pkg\nV = getattr(pkg, f"core")\n',  # an f-string: asked as before
        'import pkg\nV = getattr(pkg, b"core".decode())\n',  # bytes: asked as before
    ],
)
def test_a_string_that_is_the_bare_name_is_parsed(source: str) -> None:
    assert needs_parse(source, Renames.of(MAPPING), "pkg.user", is_package=False)


@pytest.mark.parametrize(
    "source",
    [
        'def f(x):\n    """The core of the method."""\n    return getattr(x, "name")\n',
        'V = getattr(object, "other")\nMSG = "core logic failed"\n',
        "V = hasattr(object, 'x')\nDOC = '''see the core\nof it'''\n",
    ],
)
def test_prose_holding_the_word_is_not_parsed(source: str) -> None:
    assert not needs_parse(source, Renames.of(MAPPING), "pkg.user", is_package=False)
