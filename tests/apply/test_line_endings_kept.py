"""A file Guardian writes through Rope keeps its bytes: its line endings and its encoding (issue 13, pylint 4.1.5).

Guardian hides some imports from Rope before a rename (``import typing`` beside a renamed ``pkg/typing.py``, a
module's binding it keeps as ``from pkg import NEW as mod``) and puts them back after it, and the libcst pass
rewrites imports Rope left. Each wrote the file's own text through Rope's ``File.write``, which takes text
with ``\\n`` line ends and turns each into the file's line end: a ``\\r\\n`` file's every ``\\r\\n`` became
``\\r\\r\\n`` when masked, ``\\r\\r\\r`` when unmasked. pylint's functional tests with CRLF line ends (its
``arguments_differ.py`` does ``import typing``, and ``pylint/typing.py`` was renamed) then got 1,191
``invalid-character-carriage-return`` messages, and 4 of them failed. A file in another encoding than UTF-8
(``# -*- coding: latin-1 -*-``) was written back through its declared codec from text that holds its bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
# a top-level ``import typing`` beside ``pkg/typing.py``: masked from Rope, then put back as it was
TOP_LEVEL = "import typing\r\n\r\n\r\ndef hint() -> typing.Any:\r\n    return 1\r\n"
# the module's local name kept: ``from pkg import mod`` becomes ``from pkg import NEW as mod``
KEPT = "from pkg import mod\r\n\r\n\r\ndef twice():\r\n    return mod.VALUE * 2\r\n"
LATIN = "# -*- coding: latin-1 -*-\nimport typing\n\nNAME = 'caf\xe9'\n\n\ndef size() -> typing.Any:\n    return len(NAME)\n"
SUITE = """\
from pkg.latin import size
from pkg.top_level import hint
from pkg.user import twice


def test_the_files_still_run():
    assert (hint(), twice(), size()) == (1, 6, 4)
"""


def test_crlf_and_latin_1_files_keep_their_bytes(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/typing.py": "ALIAS = int\n",
            "pkg/mod.py": "VALUE = 3\n",
            "pkg/top_level.py": TOP_LEVEL,
            "pkg/user.py": KEPT,
            "tests/test_files.py": SUITE,
        }
    )
    (repo / "pkg/latin.py").write_bytes(LATIN.encode("latin-1"))
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    renamed = {p.name.rpartition("_")[2]: p.read_bytes() for p in (repo / "pkg").glob("WF1_*.py")}
    [mod] = [p.stem for p in (repo / "pkg").glob("WF1_*_mod.py")]
    assert renamed["level.py"] == TOP_LEVEL.encode()
    assert renamed["user.py"] == KEPT.replace("import mod", f"import {mod} as mod").encode()
    assert renamed["latin.py"] == LATIN.encode("latin-1")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


# Rope reads a file with its line ends made ``\n`` and wrote the renamed text back with one line end for
# all (a mixed file's ``\n`` lines became ``\r\n``); libcst drops the last ``\r`` of a file whose lines
# end with a lone ``\r`` (the string pass wrote that back)
MIXED = b"import pkg.mod\nVALUE = pkg.mod.VALUE\r\nOTHER = 1\n\r\n"
LONE_CR = b"# old Mac line ends\rimport pkg.mod\r\rSEEN = pkg.mod.VALUE\rWHERE = 'pkg.mod'\r"
ENDS_SUITE = (
    "from pkg.lone_cr import SEEN\nfrom pkg.mixed import VALUE\n\n\ndef test_read():\n    assert VALUE == SEEN\n"
)


def test_mixed_and_lone_cr_line_ends_are_kept(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/mod.py": "VALUE = 3\n",
            "tests/test_ends.py": ENDS_SUITE,
        }
    )
    (repo / "pkg/mixed.py").write_bytes(MIXED)
    (repo / "pkg/lone_cr.py").write_bytes(LONE_CR)
    committed(repo)
    original = snapshot(repo)

    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    [new] = [p.stem for p in (repo / "pkg").glob("WF1_*_mod.py")]
    [mixed] = (repo / "pkg").glob("WF1_*_mixed.py")
    [lone_cr] = (repo / "pkg").glob("WF1_*_lone_cr.py")
    assert mixed.read_bytes() == MIXED.replace(b"pkg.mod", f"pkg.{new}".encode())
    assert lone_cr.read_bytes() == LONE_CR.replace(b"pkg.mod", f"pkg.{new}".encode())
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


# A UTF-8 byte order mark is part of the file: libcst drops it from the text it parses (its ``code`` has none),
# and the string pass and the import pass wrote that code back without it (breaker finding 14)
BOM = b"\xef\xbb\xbf"
BOM_IMPORT = BOM + b"import pkg.mod\r\n\r\nVALUE = pkg.mod.VALUE\r\n"
BOM_STRING = BOM + b"# caf\xc3\xa9\r\nWHERE = 'pkg.mod'\r\n"
BOM_FROM = BOM + b"from pkg.mod import VALUE as SEEN\n"
BOM_SUITE = (
    "from pkg.bom_from import SEEN\nfrom pkg.bom_import import VALUE\nfrom pkg.bom_string import WHERE\n\n\n"
    "def test_read():\n    assert (VALUE, SEEN, WHERE.split('.')[0]) == (3, 3, 'pkg')\n"
)


def test_a_byte_order_mark_is_kept(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/mod.py": "VALUE = 3\n",
            "tests/test_bom.py": BOM_SUITE,
        }
    )
    for name, data in (("bom_import", BOM_IMPORT), ("bom_string", BOM_STRING), ("bom_from", BOM_FROM)):
        (repo / f"pkg/{name}.py").write_bytes(data)
    committed(repo)
    original = snapshot(repo)

    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    [new] = [p.stem for p in (repo / "pkg").glob("WF1_*_mod.py")]
    for name, data in (("bom_import", BOM_IMPORT), ("bom_string", BOM_STRING), ("bom_from", BOM_FROM)):
        [path] = (repo / "pkg").glob(f"WF1_*_{name}.py")
        assert path.read_bytes() == data.replace(b"pkg.mod", f"pkg.{new}".encode())
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
