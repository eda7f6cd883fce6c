"""The whole-word prefilter finds the same files in a changed file's text as in an unchanged one's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from codemods.workspace import Workspace

# a non-ASCII letter is a word's (``\xc3\xa9ta`` holds no word ``ta``; ``modul\xc3\xa9`` is one word)
TEXT = (
    b"import pkg.alpha as a9\nx = 9beta + gamma_1\ndelta2epsilon = '\xc3\xa9ta zeta modul\xc3\xa9'\n_ = theta.__eta\n"
)
WORDS = ["alpha", "a9", "beta", "gamma", "gamma_1", "delta", "epsilon", "zeta", "theta", "eta", "__eta", "pkg"]
WORDS += ["ta", "modul", "modul\xe9"]
FOUND = {"alpha", "a9", "beta", "gamma_1", "zeta", "theta", "__eta", "pkg", "modul\xe9"}


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "same.py").write_bytes(TEXT)
    (repo / "edited.py").write_bytes(b"")
    found = Workspace(repo, ["same.py", "edited.py"])
    yield found
    found.close()


def test_a_changed_file_answers_as_an_unchanged_one(workspace: Workspace) -> None:
    workspace.write_text("edited.py", TEXT.decode("utf-8"))  # changed: searched in its current text
    found = workspace.files_with_words(WORDS)
    assert {word for word, files in found.items() if "same.py" in files} == FOUND
    assert {word for word, files in found.items() if "edited.py" in files} == FOUND


def test_a_file_changed_again_is_searched_in_its_new_text(workspace: Workspace) -> None:
    workspace.write_text("edited.py", "import theta\n")
    assert workspace.files_with_words(["theta", "zeta"]) == {"theta": {"same.py", "edited.py"}, "zeta": {"same.py"}}
    workspace.write_text("edited.py", "import zeta\n")
    assert workspace.files_with_words(["theta", "zeta"]) == {"theta": {"same.py"}, "zeta": {"same.py", "edited.py"}}
