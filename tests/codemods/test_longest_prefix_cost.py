"""Matching a long dotted string costs what its old-name-long start costs (breaker finding 12).

``Renames._longest`` tried every prefix of a path ending at a dot, slicing the path each time: a string of
N repeats of ``pkg.`` ending in a renamed ``pkg.mod`` cost N slices of up to 4N characters, and apply's CPU
grew with N squared (23 s at N = 200,000). Only prefixes no longer than the longest old name are tried now.
The work is counted in characters of the prefixes looked up, never timed.
"""

from __future__ import annotations

import dataclasses

from codemods.base import Renames


class _Counting(dict[str, str]):
    """A mapping that counts the characters of every key looked up in it."""

    looked_up = 0

    def __contains__(self, key: object) -> bool:
        type(self).looked_up += len(key) if isinstance(key, str) else 0
        return super().__contains__(key)


def _cost(path: str) -> tuple[int, str | None]:
    renames = Renames.of({"pkg.mod": "pkg.WF1_mod", "pkg.sub.deep": "pkg.sub.WF1_deep"})
    counting = dataclasses.replace(renames, mapping=_Counting(renames.mapping))
    _Counting.looked_up = 0
    rewritten = counting.rewrite(path)
    return _Counting.looked_up, rewritten


def test_a_long_path_is_matched_in_constant_work() -> None:
    small, _ = _cost("pkg." * 1_000 + "mod")
    large, _ = _cost("pkg." * 8_000 + "mod")
    assert small == large <= 4 * len("pkg.sub.deep")


def test_the_longest_old_name_still_wins() -> None:
    assert _cost("pkg.mod.attr")[1] == "pkg.WF1_mod.attr"
    assert _cost("pkg.sub.deep.x.y")[1] == "pkg.sub.WF1_deep.x.y"
    assert _cost("pkg.modx.y")[1] is None
    assert _cost("pkg." * 50 + "mod")[1] is None  # starts with no old name
