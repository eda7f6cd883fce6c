"""apply's screen sends a file to the import-chain pass (codemods/import_chains.py) only when an attribute read straight
off a call's result is a renamed module's last part (``import_module("pkg").m7``).

The screen first asked only that the file hold ``).``, ``import_module`` and the last part, each anywhere: sympy's files
call ``import_module('numpy')`` and read ``(...).args``, so 87 of its first batch's 90 candidates were parsed by libcst
with metadata for nothing (67 s of CPU, 12 files with an edit).
"""

from __future__ import annotations

import pytest

from codemods.base import Renames
from codemods.string_prefilter import needs_parse

MAPPING = {"pkg.m7": "pkg.WF1_m7", "pkg.sub.m2": "pkg.sub.WF1_m2"}


@pytest.mark.parametrize(
    "source",
    [
        'import importlib\nV = importlib.import_module("pkg").m7.V\n',
        'V = __import__("pkg.sub.m2").sub.m2.V\n',
        'V = (importlib.import_module("pkg")\n     .m7)\n',
        'V = importlib.import_module("pkg") \\\n    .m7\n',
        # a name bound to the call's result (planner/import_names.py)
        'x = __import__("pkg")\nV = x.m7.V\n',
        'x: object = importlib.import_module("pkg")\nV = x.m7\n',
        'x = y = __import__("pkg.sub")\nV = y.sub.m2\n',
        'if (x := __import__("pkg")):\n    V = x.m7\n',
        'x = (\n    importlib.import_module("pkg")\n)\nV = x.m7\n',
        # the statement's parentheses open more than two lines above the call (the screen read those two only)
        'def f():\n    x = (\n\n\n        __import__(\n            "pkg"))\n    return x.m7.V\n',
        'x = (  # a comment\n    # another\n\n    importlib\n    .import_module(\n        "pkg"\n    )\n)\nV = x.m7\n',
        'x: dict[\n    str,\n    int,\n] = __import__("pkg")\nV = x.m7\n',
        'a, (b, c) = __import__("pkg"), (0, 0)\nV = a.m7\n',
        '(x  # the package\n) = __import__("pkg")\nV = (x  # then\n     .m7)\n',
    ],
)
def test_an_attribute_read_off_a_call_is_parsed(source: str) -> None:
    assert needs_parse(source, Renames.of(MAPPING), "other", is_package=False)


@pytest.mark.parametrize(
    "source",
    [
        # the import call and the attribute read off a call are apart; the last part is a local name
        'np = import_module("numpy")\nm7 = 3\nx = f(m7).args\n',
        'np = import_module("numpy")\nx = (a + b).m7x\n',
        # a name bound to an import call, the last part read off another name (sympy: numpy, then sympy.core)
        'np = import_module("numpy")\nx = other.m7\nimport pkg.sub.m2\n',
        # a name bound to an import call of another package, the last part read off it
        'np = import_module("numpy")\nx = np.m7\n',
        # a name bound to an import call and bound again: listed for a person, nothing written
        'x = __import__("pkg")\nx = None\nV = x.m7\n',
    ],
)
def test_a_file_with_no_such_read_is_not(source: str) -> None:
    assert not needs_parse(source, Renames.of(MAPPING), "other", is_package=False)
