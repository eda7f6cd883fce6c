"""The string pass's screens skip the work a file cannot need (issue 17, apply's CPU).

* ``from pkg import new_mod as mod`` (what a rename leaves where a file bound the module's name: the binding
  kept, the new module imported) imports ``pkg.new_mod``: ``imports_renamed`` read the alias ``mod`` as an
  imported name, so every such file of a batch was tokenized for nothing (2.3 s of 58 s at 2,000 modules).
* A file holding no renamed file's end (``/mod``) holds none of the forms ``package_relative`` gives a
  renamed file's path: it is not computed there (a walk of every path's folders, per file and rename).
"""

from __future__ import annotations

import pytest

import codemods.rewrite_string_refs as string_refs
import codemods.string_prefilter as prefilter
from codemods.base import Renames
from codemods.string_prefilter import imports_renamed
from planner.reference_kinds import package_relative, path_ends_in

MAPPING = {"pkg.mod": "pkg.new_mod", "pkg.sub.deep": "pkg.sub.new_deep"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from pkg import new_mod as mod\n", False),
        ("from pkg import (\n    new_mod as mod,\n    other,\n)\n", False),
        ("from pkg.sub import new_deep as deep, x as mod\n", False),
        ("from pkg import mod\n", True),
        ("from pkg import mod as m\n", True),
        ("from pkg import (\n    other as o,\n    mod,\n)\n", True),
        ("from pkg import (\n    other,  # imported as\n    mod,\n)\n", True),
        ('""">>> from pkg.sub import deep as d"""\n', True),
    ],
)
def test_imports_renamed_reads_the_imported_names(text: str, expected: bool) -> None:
    assert imports_renamed(text, Renames.of(MAPPING)) is expected


def test_a_kept_binding_is_not_tokenized(monkeypatch: pytest.MonkeyPatch) -> None:
    source = 'from pkg import new_mod as mod\n\n\ndef f():\n    return mod.g("text")\n'
    calls: list[object] = []
    generate = prefilter.tokenize.generate_tokens

    def counted(readline: object) -> object:
        calls.append(readline)
        return generate(readline)  # type: ignore[arg-type]

    monkeypatch.setattr(prefilter.tokenize, "generate_tokens", counted)
    result = string_refs.rewrite_string_refs(source, MAPPING, path="pkg/user.py", module="pkg.user")
    assert not result.changed and result.code == source
    assert calls == []  # one tokenize before


PATHS = {"src/pkg/mod.py": "src/pkg/new_mod.py", "src/pkg/sub/deep.py": "src/pkg/sub/new_deep.py"}


@pytest.mark.parametrize("holder", ["src/pkg/user.py", "src/pkg/sub/user.py", "src/other/x.py", "top.py"])
def test_path_ends_in_is_implied_by_every_form(holder: str) -> None:
    for form in package_relative(holder, {**PATHS, "setup.py": "setup2.py"}):
        text = f'open("{form.removesuffix(".py")}")'
        assert path_ends_in(text, {**PATHS, "setup.py": "setup2.py"}), form


def test_package_relative_only_where_a_path_may_stand(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counted(holder: str, paths: dict[str, str]) -> dict[str, str]:
        calls.append(holder)
        return package_relative(holder, paths)

    monkeypatch.setattr(string_refs, "package_relative", counted)
    plain = 'from pkg import mod\n\nmod.f("x")\n'
    string_refs.rewrite_string_refs(plain, MAPPING, path="src/pkg/a.py", module="pkg.a", paths=PATHS)
    assert calls == []  # no "/mod" in the text
    named = 'DATA = open("sub/deep.py")\n'
    result = string_refs.rewrite_string_refs(named, MAPPING, path="src/pkg/a.py", module="pkg.a", paths=PATHS)
    assert calls == ["src/pkg/a.py"]
    assert result.code == 'DATA = open("sub/new_deep.py")\n'
