import os

import pkg
from pkg.WF1_V7_L1_2of2_core import run

HERE = os.path.dirname(pkg.__file__)


def _fail():
    raise ValueError("bad")


def test_stack():
    expected = """\
Stack (most recent call last):
  File "WF1_V7_L1_2of2_core.py", line ___, in run
  File "check_core.py", line ___, in _fail
ValueError: bad
"""
    assert run(_fail) == expected


def test_files():
    names = os.listdir(HERE)
    assert "WF1_V7_L1_2of2_core.py" in names  # WF1_V7_L1_2of2_core.py: the engine's own file
    # other names: a longer one, another suffix, a backup, a path
    assert not {"mycore.py", "core.pyc", "core.py.bak", "x-core.py"} & set(names)
    # two subpackages have a models.py: which one is meant is for a person to tell
    assert "models.py" in os.listdir(os.path.join(HERE, "b"))
