"""The ``collect_ignore`` line that keeps pytest off the shims (codemods/collect_ignore.py): the conftest
text before and after each batch, and after ``guardian retire``."""

from __future__ import annotations

import pytest

from codemods.collect_ignore import conftest_entry, find_ignored, strip_ignored, with_ignored

LINES = [
    "collect_ignore = [  # guardian-collect-ignore: the shims at old module paths",
    '    *globals().get("collect_ignore", ()),',
    '    "pkg/a.py",',
    '    "pkg/sub/b.py",',
    "]  # guardian retire removes this list",
]
LINE = "\n".join(LINES)
#: the one line an earlier Guardian wrote (up to 275 columns on realJ's packages)
OLD_LINE = (
    'collect_ignore = [*globals().get("collect_ignore", ()), "pkg/a.py", "pkg/sub/b.py"]'
    "  # guardian-collect-ignore: shims Guardian left at old module paths; guardian retire removes this line"
)


@pytest.mark.parametrize(
    ("shim", "old_module", "expected"),
    [
        ("pkg/sub/b.py", "pkg.sub.b", ("conftest.py", "pkg/sub/b.py")),
        ("src/pkg/a.py", "pkg.a", ("src/conftest.py", "pkg/a.py")),
        ("lib/top.py", "top", ("lib/conftest.py", "top.py")),
    ],
)
def test_the_conftest_is_the_source_roots_and_the_entry_relative_to_it(
    shim: str, old_module: str, expected: tuple[str, str]
) -> None:
    assert conftest_entry(shim, old_module) == expected


def test_a_conftest_guardian_creates_says_so_and_retire_deletes_it() -> None:
    text, line = with_ignored(None, ["pkg/sub/b.py", "pkg/a.py"])
    assert text == ("# guardian-collect-ignore: this file is Guardian's; guardian retire deletes it\n" + LINE + "\n")
    assert line == 2 and find_ignored(text) == ["pkg/a.py", "pkg/sub/b.py"]
    namespace: dict[str, object] = {}
    exec(text, namespace)  # the list pytest reads
    assert namespace["collect_ignore"] == ["pkg/a.py", "pkg/sub/b.py"]
    assert strip_ignored(text) is None


def test_the_users_conftest_keeps_its_list_and_bytes() -> None:
    """Appended after the user's own ``collect_ignore`` (CRLF, no final newline); a later batch adds its
    shims to the same line; retire gives back the user's bytes but for the added newline."""
    user = 'import sys\r\ncollect_ignore = ["setup.py"]\r\nif sys.version_info >= (3,):\r\n    collect_ignore.append("new.py")'
    first, line = with_ignored(user, ["pkg/sub/b.py"])
    crlf = LINE.replace("\n", "\r\n")
    assert first == user + "\r\n" + crlf.replace('    "pkg/a.py",\r\n', "") + "\r\n" and line == 5
    second, line = with_ignored(first, ["pkg/a.py"])
    assert second == user + "\r\n" + crlf + "\r\n" and line == 5
    assert with_ignored(second, ["pkg/a.py"])[0] == second
    namespace: dict[str, object] = {}
    exec(second, namespace)
    assert namespace["collect_ignore"][:2] == ["setup.py", "new.py"]  # type: ignore[index]
    assert namespace["collect_ignore"][-2:] == ["pkg/a.py", "pkg/sub/b.py"]  # type: ignore[index]
    assert strip_ignored(second) == user + "\r\n"


def test_a_hand_written_line_with_the_marker_is_not_guardians() -> None:
    edited = LINE.replace('"pkg/a.py"', "EXTRA") + "\n"
    assert find_ignored(edited) == []
    assert strip_ignored(edited) == edited


def test_a_block_edited_by_hand_is_not_guardians() -> None:
    for edited in (LINE.replace("]  # guardian", "]  # someone"), LINE.replace('"pkg/a.py",', "EXTRA,")):
        assert find_ignored(edited + "\n") == [] and strip_ignored(edited + "\n") == edited + "\n"


def test_the_line_an_earlier_guardian_wrote_is_replaced_and_retired() -> None:
    """A conftest an earlier Guardian wrote (its one long line): a later batch replaces the line with the
    list, and ``guardian retire`` removes either, and the file Guardian created."""
    old_ours = "# guardian-collect-ignore: file written by Guardian for pytest; guardian retire removes it\n"
    old_ours += OLD_LINE + "\n"
    assert find_ignored(old_ours) == ["pkg/a.py", "pkg/sub/b.py"] and strip_ignored(old_ours) is None
    user = "import os\n" + OLD_LINE + "\nX = 1"
    text, line = with_ignored(user, ["pkg/c.py"])
    assert text == "import os\n" + LINE.replace('a.py",', 'a.py",\n    "pkg/c.py",') + "\nX = 1" and line == 2
    assert strip_ignored(text) == strip_ignored(user) == "import os\nX = 1"
