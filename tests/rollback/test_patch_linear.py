"""A patch's line matching grows linearly with a file whose every function a codemod edited.

difflib alone rescans the unmatched range for every block it finds: the work below was quadratic
(review28 F6: apply on one file of 1000 such functions spent most of its time building the journal's
patch). Work is counted as the lines difflib's ``find_longest_match`` scans, no timing.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest
from treeutil import git_apply

from rollback.gitpatch import similarity, text_hunks


def _loader(n: int, call: str) -> bytes:
    """``n`` functions, each returning ``call`` with the function's number, as a codemod rewrites them."""
    return b"import importlib\n" + b"".join(
        b'\ndef a%d():\n    return %s + len("x%d")\n' % (k, call.encode(), k) for k in range(n)
    )


def _scanned(monkeypatch: pytest.MonkeyPatch, work: Callable[[bytes, bytes], object], n: int) -> int:
    seen = [0]
    real = difflib.SequenceMatcher.find_longest_match

    def counting(
        self: difflib.SequenceMatcher[bytes], alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        seen[0] += (ahi or 0) - alo + (bhi or 0) - blo
        return real(self, alo, ahi, blo, bhi)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counting)
    work(_loader(n, '__import__("pkg.m1").m1.V'), _loader(n, "pkg.v7.m1.V"))
    return seen[0]


@pytest.mark.parametrize("work", [text_hunks, similarity], ids=["hunks", "similarity"])
def test_doubling_the_functions_at_most_doubles_the_matching(
    monkeypatch: pytest.MonkeyPatch, work: Callable[[bytes, bytes], object]
) -> None:
    small, large = _scanned(monkeypatch, work, 600), _scanned(monkeypatch, work, 1200)
    assert small > 0
    assert large <= 2.5 * small, (small, large)


def test_the_hunks_still_turn_one_file_into_the_other() -> None:
    old, new = _loader(1200, "f()"), _loader(1200, "g()")
    hunks = text_hunks(old, new).decode()
    assert hunks.count("\n-    return f() + len(") == 1200
    assert hunks.count("\n+    return g() + len(") == 1200
    assert "\n-def a" not in hunks and "\n+def a" not in hunks
    assert similarity(old, new) == 66


def _records(n: int, action: str) -> bytes:
    """A JSON-like list of ``n`` records whose every line also occurs in other records: no unique line."""
    return b"".join(
        b'  {\n    "path": "pkg/loader.py",\n    "action": "%s"\n  },\n' % action.encode() for _ in range(n)
    )


def test_a_long_stretch_without_a_unique_line_is_matched_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    def scanned(n: int) -> int:
        seen = [0]
        real = difflib.SequenceMatcher.find_longest_match

        def counting(
            self: difflib.SequenceMatcher[bytes],
            alo: int = 0,
            ahi: int | None = None,
            blo: int = 0,
            bhi: int | None = None,
        ) -> difflib.Match:
            seen[0] += (ahi or 0) - alo + (bhi or 0) - blo
            return real(self, alo, ahi, blo, bhi)

        monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counting)
        old, new = b"[\n" + _records(n, "rewrite") + b"]\n", b"[\n" + _records(n, "done") + b"]\n"
        text_hunks(old, new)
        similarity(old, new)
        return seen[0]

    assert scanned(300) <= 2.5 * max(scanned(150), 1)


def _nested(depth: int) -> list[bytes]:
    """Lines whose repetition nests ``depth`` levels deep: each level's marker is unique only inside its half."""
    if depth == 0:
        return [b"    pass\n"]
    inner = _nested(depth - 1)
    return [*inner, b"# level %d\n" % depth, *inner]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (_loader(1000, '__import__("pkg.m1").m1.V'), _loader(1000, "pkg.v7.m1.V")),
        # 2,049 lines nesting 11 levels: patiencediff 1.0.2 raises MaxRecursionDepth (a Rust panic with
        # its wheel) past 10 levels, one reason linediff is not patiencediff (docs/journal.md)
        (b"".join([b"start a\n", *_nested(11), b"end a\n"]), b"".join([b"start b\n", *_nested(11), b"end b\n"])),
    ],
    ids=["chain-1000", "nested-11"],
)
def test_git_apply_turns_a_large_file_into_the_other_and_back(tmp_path: Path, old: bytes, new: bytes) -> None:
    patch = tmp_path / "f.patch"
    patch.write_bytes(b"--- a/f.py\n+++ b/f.py\n" + text_hunks(old, new))
    (tmp_path / "f.py").write_bytes(old)
    assert git_apply(tmp_path, patch).returncode == 0
    assert (tmp_path / "f.py").read_bytes() == new
    assert git_apply(tmp_path, patch, "-R").returncode == 0
    assert (tmp_path / "f.py").read_bytes() == old
