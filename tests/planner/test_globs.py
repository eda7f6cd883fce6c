"""first_match (one regex per table) finds what trying each glob in order finds."""

from __future__ import annotations

import itertools

from planner.globs import compile_glob, first_match, matches

GLOBS = [
    "src/shop/**/models.py",
    "src/shop",
    "src/*/api.py",
    "**/__init__.py",
    "tests/**",
    "src/shop/orders/",
    "src/sh?p/x.py",
    "src/[a-m]*/y.py",
    "src/[!a-m]*/y.py",
    "docs/[",
    "**",
    "src/a|b.py",
    "src/(x).py",
]
PATHS = [
    "src/shop/models.py",
    "src/shop/orders/models.py",
    "src/shop/orders/api.py",
    "src/other/api.py",
    "pkg/__init__.py",
    "tests/test_x.py",
    "src/shop",
    "src/shopping/x.py",
    "src/shap/x.py",
    "src/bar/y.py",
    "src/zed/y.py",
    "docs/[",
    "src/a|b.py",
    "src/(x).py",
    "src/a.py",
    "x\ny.py",
    "",
]


def sequential(path: str, table: tuple[tuple[str, int], ...]) -> int | None:
    for glob, value in table:
        if matches(path, glob) or (not any(c in glob for c in "*?[") and path.startswith(glob.rstrip("/") + "/")):
            return value
    return None


def test_first_match_is_the_first_glob_that_matches():
    for size in range(4):
        for globs in itertools.permutations(GLOBS, size):
            table = tuple((glob, i) for i, glob in enumerate(globs))
            for path in PATHS:
                assert first_match(path, table) == sequential(path, table), (path, table)


def test_compile_glob_segments():
    assert compile_glob("src/**/models.py").match("src/models.py")
    assert not compile_glob("src/*/api.py").match("src/a/b/api.py")
