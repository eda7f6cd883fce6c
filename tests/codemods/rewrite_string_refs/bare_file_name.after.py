"""Each frame by its file's bare name (glom's error stacks); see WF1_core.py.

>>> 'WF1_core.py' in os.listdir(HERE)
True
"""

EXPECTED = """\
Traceback (most recent call last):
  File "test_error.py", line ___, in _make_stack
  File "WF1_core.py", line ___, in glom
Exception: unique message
"""
FILES = ["WF1_core.py", "./WF1_core.py", f"{HERE}/core.py"]  # WF1_core.py: the engine's own file
OTHERS = ["mycore.py", "core.py.bak", "core.pyc", "core.pyi", "x-core.py", "vendor/core.py", "test_core.py"]
MODELS = "models.py"  # two subpackages have a models.py
