"""Renames that share a file go to one worker: the groups are the connected sets of shared files."""

from __future__ import annotations

from codemods.rope_rename import RenameSpec
from codemods.workers import groups, pack


def spec(path: str, *resources: str) -> RenameSpec:
    return RenameSpec(path[:-3].replace("/", "."), path, "renamed", resources)


def test_renames_sharing_a_file_directly_or_through_a_third_are_one_group() -> None:
    specs = [
        spec("pkg/a.py", "pkg/user_a.py"),
        spec("pkg/b.py", "pkg/user_b.py"),
        spec("pkg/c.py", "pkg/user_a.py", "pkg/user_c.py"),  # shares user_a.py with a
        spec("pkg/d.py", "pkg/user_c.py"),  # shares user_c.py with c, so joins a's group
        spec("pkg/e.py", "pkg/b.py"),  # searches b's own module
    ]
    assert groups(specs) == [[0, 2, 3], [1, 4]]


def test_disjoint_renames_stay_apart_and_pack_by_size() -> None:
    specs = [spec(f"pkg/m{i}.py", f"pkg/user{i}.py") for i in range(4)]
    found = groups(specs)
    assert found == [[0], [1], [2], [3]]
    assert pack(found, [5, 1, 1, 3], tasks=2) == [[0], [1, 2, 3]]
