import os

_PACKAGE = os.path.join(os.path.dirname(__file__), os.pardir)
#: the package's own sources, by their paths in the package (a standalone generator's list)
SOURCES = ["_WF1_V7_L1_1of2_version.py", "tools/bundle.py"]


def bundle():
    return [open(os.path.join(_PACKAGE, name)).read() for name in SOURCES]
