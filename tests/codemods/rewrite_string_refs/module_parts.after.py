"""A module path as a list or tuple of its parts (astroid's ``file_from_modpath(["astroid", "modutils"])``)."""

from pkg import resolver

MODPATH = ["pkg", "newmod"]
DEEP = ("pkg", "sub", "newdeep")
SPREAD = (
    "pkg",  # the package
    'sub',
    r"newdeep",
)
BARE = "pkg", "newmod"
NESTED = [["pkg", "newmod"], ("x", "y")]
TABLE = {("pkg", "newmod"): 1}
KEYED = TABLE["pkg", "newmod"]
assert resolver.file_from_modpath(["pkg", "newmod"]) == resolver.file_from_modpath(list(MODPATH))

# not a renamed module's whole path: left as they are
LONGER = ["pkg", "mod", "attr"]
SHORTER = ["pkg", "sub"]
LONGER_TOKEN = ["pkg", "mod_utils"]
OTHER_PACKAGE = ["other", "pkg", "mod"]
TAIL_ONLY = ["sub", "deep"]
ONE = ["mod"]
BYTES = [b"pkg", b"mod"]
MIXED = ["pkg", "mod", 3]
STARRED = ["pkg", "mod", *MODPATH]
STARRED_INDEX = TABLE["pkg", "mod", *MODPATH]
CONCATENATED = ["pkg", "m" "od"]
FORMATTED = ["pkg", f"mod"]
