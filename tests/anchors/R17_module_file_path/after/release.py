"""Reads the version from pkg/_WF1_V7_L1_1of2_version.py without importing the package (a setup.py's way)."""

from pathlib import Path


def version():
    namespace = {}
    exec(Path("pkg/_WF1_V7_L1_1of2_version.py").read_text(), namespace)
    return namespace["VERSION"]


def sources(root):
    # the copy under vendor/ and the byte-compiled file are other files: they keep their paths
    return [f"{root}/pkg/_version.py", "vendor/pkg/_version.py", "pkg/_version.pyc", "./pkg/WF1_V7_L1_2of2_legacy.py"]


def may_block(filename):
    # a tool matching the end of a code object's file name (blockbuster's can_block_in("/pkg/mod.py", "f"))
    return filename.endswith("/pkg/WF1_V7_L1_2of2_legacy.py")
