"""The string pass's candidates are screened for the spellings of the renames whose base name a file holds (issue 17).

``codemods.refs._candidates`` searched every candidate file for every spelling of every renamed module of the batch
(the dotted path, its regex-escaped forms, ``pkg:mod``, ``"mod"``, ``.mod``; a moved file's name, ``/mod"``: about
24 per rename), 2,400 searches of each file for a batch of 100 renames: 3 of 70 s of apply's CPU at 2,000 modules.
Each spelling holds its module's base name or its file's name without the suffix, so a file is searched only for
the spellings of the words its bytes hold; the files chosen are the same.
"""

from __future__ import annotations

import pytest

from codemods.refs import _candidates

MAPPING = {f"pkg.sub.mod_{i:03d}": f"pkg.sub.new_{i:03d}" for i in range(50)}
PATHS = {f"src/pkg/sub/mod_{i:03d}.py": f"src/pkg/sub/new_{i:03d}.py" for i in range(50)}


class _Counted(bytes):
    """A file's bytes counting the searches made in them."""

    searches = 0

    def __contains__(self, needle: object) -> bool:
        _Counted.searches += 1
        return super().__contains__(needle)  # type: ignore[operator]


class _Workspace:
    python_scripts: frozenset[str] = frozenset()

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def files_with_words(self, words: object) -> dict[str, set[str]]:
        return {"any": set(self.files)}

    def exists(self, path: str) -> bool:
        return path in self.files

    def read_bytes(self, path: str) -> bytes:
        return _Counted(self.files[path])


class _Modules:
    def name(self, path: str) -> str:
        return path.removesuffix(".py").replace("/", ".")

    def package(self, path: str) -> str | None:
        return None


TEXTS = {
    "dotted.py": b'TARGET = "pkg.sub.mod_007.func"\n',
    "escaped.py": b'PATTERN = r"pkg\\.sub\\.mod_007"\n',
    "colon.py": b'ENTRY = "pkg.sub:mod_007"\n',
    "quoted.py": b'import pkg.sub\nx = getattr(pkg.sub, "mod_007")\n',
    "folded.py": b'NAME = PKG + ".mod_007"\n',
    "longer.py": b'TARGET = "pkg.sub.mod_0070"\n',  # a longer name holds the spelling: searched further, as before
    "opened.py": b'DATA = open("sub/mod_007.py")\n',
    "stem.py": b'NAME = "pkg/sub/mod_007"\n',
    "other.py": b"import os\n\nos.getcwd()\n",
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_file_is_chosen_as_before(name: str) -> None:
    found = _candidates(_Workspace({name: TEXTS[name]}), MAPPING, _Modules(), (), PATHS)  # type: ignore[arg-type]
    assert [path for _, path, _, _ in found] == ([] if name == "other.py" else [name])


def test_a_file_is_searched_for_the_spellings_of_the_names_it_holds() -> None:
    _Counted.searches = 0
    _candidates(_Workspace({"other.py": TEXTS["other.py"]}), MAPPING, _Modules(), (), PATHS)  # type: ignore[arg-type]
    # one search per renamed base name, and the few of the other tests; every spelling of the 50 renames and their files: 574
    assert _Counted.searches < len(MAPPING) + 40
