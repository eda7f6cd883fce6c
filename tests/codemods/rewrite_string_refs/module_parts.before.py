"""A module path as a list or tuple of its parts (astroid's ``file_from_modpath(["astroid", "modutils"])``), where
the code around it says it is one: a call, keyword, name, key or comparison that says module path, ``".".join``."""

import subprocess

from pkg import resolver

MODPATH = ["pkg", "mod"]
DEEP_MODPATH = ("pkg", "sub", "deep")
self.module_parts = (
    "pkg",  # the package
    'sub',
    r"deep",
)
MODULE_NAME: tuple[str, ...] = "pkg", "mod"
MODPATHS = [["pkg", "mod"], ("x", "y")]
modules = {("pkg", "mod"): 1}
KEYED = modules["pkg", "mod"]
SPEC = {"modname": ["pkg", "mod"], "label": ["pkg", "mod"]}
assert resolver.file_from_modpath(["pkg", "mod"]) == resolver.file_from_modpath(list(MODPATH))
assertEqual(resolver.modpath_from_file(path), ["pkg", "sub", "deep"])
assert __name__.split(".") == ["pkg", "mod"]
load(modpath=("pkg", "mod"))
NAME = ".".join(["pkg", "mod"])

# the same words where nothing says module path (the plan lists them for a person): left as they are
subprocess.run(["pkg", "mod"], check=True)
unique_together = ("pkg", "mod")
assert order["model"].split(".") == ["pkg", "mod"]
BARE = "pkg", "mod"
TABLE = {("pkg", "mod"): 1}
label = TABLE["pkg", "mod"]
run(*["pkg", "mod"])

# not a renamed module's whole path: left as they are
LONGER_MODPATH = ["pkg", "mod", "attr"]
SHORTER_MODPATH = ["pkg", "sub"]
LONGER_TOKEN_MODPATH = ["pkg", "mod_utils"]
OTHER_PACKAGE_MODPATH = ["other", "pkg", "mod"]
TAIL_ONLY_MODPATH = ["sub", "deep"]
ONE_MODPATH = ["mod"]
BYTES_MODPATH = [b"pkg", b"mod"]
MIXED_MODPATH = ["pkg", "mod", 3]
STARRED_MODPATH = ["pkg", "mod", *MODPATH]
STARRED_INDEX = modules["pkg", "mod", *MODPATH]
CONCATENATED_MODPATH = ["pkg", "m" "od"]
ESCAPED_MODPATH = ["pkg", "\x6dod"]
FORMATTED_MODPATH = ["pkg", f"mod"]
