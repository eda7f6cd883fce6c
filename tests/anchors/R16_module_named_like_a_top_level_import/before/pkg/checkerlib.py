"""A plugin module named like the package it wraps (flake8's ``plugins/pyflakes.py`` does ``import
pyflakes.checker``). ``checkerlib`` is that top-level package, never this module; where Rope cannot find it
(not installed beside Guardian) it took the name for this module's own and wrote ``import WF1_....checker``."""
import checkerlib.checker
import checkerlib.messages as messages


def check(tree):
    return [m for m in checkerlib.checker.Checker(tree).messages if isinstance(m, messages.Message)]
