"""The string pass opens a file for a relative module path only where a string's path goes through a renamed
module's base name (issue 17: sympy's first batch parsed 40-odd large modules with libcst for nothing, each
holding ``__name__``, some ``".T"`` and the word "core" in a docstring)."""

from __future__ import annotations

from pathlib import Path

import libcst
import pytest

from codemods.base import Renames
from codemods.refs import _candidates
from codemods.rewrite_string_refs import rewrite_string_refs
from codemods.string_prefilter import names_relative
from codemods.workspace import Workspace

MAPPING = {"pkg.core.rules": "pkg.core.WF1_rules"}

#: ``__name__``, a relative-looking string and the base name, but no relative path through it
UNRELATED = '''"""How the rules of the core combine."""

def describe(obj):
    name = type(obj).__name__
    return name + ".T" if obj.transposed else name
'''

TABLE = """from kombu.utils.imports import symbol_by_name

RULES = symbol_by_name(".rules:Rule", package="pkg.core")
LOADERS = {"x": r"..core.rules:Loader"}
setup(__name__, LOADERS)
"""


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("no relative path names a renamed module here: libcst should not parse it")

    monkeypatch.setattr(libcst, "parse_module", refuse)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('".rules"', True),
        ("r'..core.rules:Rule'", True),
        ('""".rules"""', True),
        ('b".sub.rules"', True),
        ('".T"', False),
        ('".rules_v2"', False),  # another module's name
        ('".other:rules"', False),  # an object of another module
        ('x = name + ".T"  # the rules', False),
    ],
)
def test_names_relative(text: str, expected: bool) -> None:
    assert names_relative(text, Renames.of(MAPPING)) is expected


def test_a_file_without_a_relative_path_through_a_renamed_name_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    _forbid_parsing(monkeypatch)
    result = rewrite_string_refs(UNRELATED, MAPPING, path="pkg/printing/latex.py", module="pkg.printing.latex")
    assert result.skipped is None and not result.changed


def test_relative_paths_through_a_renamed_name_are_still_rewritten() -> None:
    result = rewrite_string_refs(TABLE, MAPPING, path="pkg/core/loader.py", module="pkg.core.loader")
    assert result.code == TABLE.replace('".rules:Rule"', '".WF1_rules:Rule"')


class _Modules:
    def name(self, path: str) -> str:
        return path.removesuffix(".py").replace("/", ".")

    def package(self, path: str) -> str | None:
        return None


def test_the_reference_pass_picks_files_by_their_relative_paths(tmp_path: Path) -> None:
    files = {"pkg/printing/latex.py": UNRELATED, "pkg/core/loader.py": TABLE}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    workspace = Workspace(tmp_path, files)
    try:
        picked = [path for _kind, path, _text, _module in _candidates(workspace, MAPPING, _Modules(), [])]
    finally:
        workspace.close()
    assert picked == ["pkg/core/loader.py"]
