"""Only the renamed names change: libcst's code and Rope's edits keep a file's line ends and encoding."""

from __future__ import annotations

import pytest

from codemods.cst_source import parse_cst
from codemods.merged_edits import merged_bytes


@pytest.mark.parametrize(
    "source",
    [
        "a = 1\rb = 2\r",
        "a = 1\r# c\r",
        "a = 1\r\r\r",
        "def f():\r    pass\r",
        "x = (1,\r 2)\r",
        "a = 1\nb = 1\r",
        "a\r\n\r",
    ],
)
def test_libcst_code_keeps_a_final_lone_cr(source: str) -> None:
    assert parse_cst(source).code == source  # libcst 1.9 alone gives the source without its last \r


def _renamed(data: bytes, old: str, new: str, codec: str = "utf-8") -> bytes | None:
    """``data`` with each ``old`` renamed to ``new`` by offsets into the text Rope reads (line ends made \\n)."""
    text = data.decode(codec).replace("\r\n", "\n").replace("\r", "\n")
    edits, start = [], text.find(old)
    while start >= 0:
        edits.append((start, start + len(old), new))
        start = text.find(old, start + 1)
    return merged_bytes(data, text, edits)


@pytest.mark.parametrize(
    "before",
    [
        b"import pkg.mod\nX = pkg.mod.V\r\nY = 1\n\r\npkg.mod\r",  # mixed: \n, \r\n and a lone \r
        b"# cr only\rimport pkg.mod\rX = pkg.mod.V\r",
        b"\xef\xbb\xbf# bom\r\nimport pkg.mod\r\nB = '\xc3\xa9' + pkg.mod.V\r\n",
        b"# -*- coding: latin-1 -*-\r\nimport pkg.mod\r\nNAME = 'caf\xe9'; pkg.mod.V",
    ],
)
def test_rope_edits_change_the_names_only(before: bytes) -> None:
    codec = "latin-1" if b"latin-1" in before else "utf-8"
    assert _renamed(before, "pkg.mod", "pkg.new_name", codec) == before.replace(b"pkg.mod", b"pkg.new_name")


def test_bytes_not_read_as_rope_reads_them_fall_back() -> None:
    assert merged_bytes(b"a = 1\n", "b = 1\n", [(0, 1, "c")]) is None
