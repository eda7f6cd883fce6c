"""RewriteStringRefs over the fixture cases in ``rewrite_string_refs/`` (anchors T19-T22, T25, T28, T29 and more)."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

import libcst
import pytest
from codemod_cases import Case, journal_round_trip, load_cases
from libcst.metadata import MetadataWrapper, ProviderT, QualifiedNameProvider, ScopeProvider

from codemods.base import CodemodResult
from codemods.rewrite_string_refs import CALL_WORDS, rewrite_string_refs
from planner.module_calls import ATTRIBUTE_CALLS, MODULE_PATH_CALLS

CASES_DIR = Path(__file__).parent / "rewrite_string_refs"
CASES = load_cases(CASES_DIR)


def _run(case: Case) -> CodemodResult:
    return rewrite_string_refs(
        case.before,
        case.renames,
        path=case.path("app/user.py"),
        module=case.meta.get("module", "app.user"),
        prose=case.meta.get("prose", True),
        paths=case.meta.get("path_renames"),
        names=case.meta.get("names"),
        shared=case.meta.get("shared", ()),
    )


def test_there_are_enough_cases() -> None:
    names = {p.id for p in CASES}
    assert len(names) >= 25
    for anchor in ("t19", "t20", "t21", "t22", "t25", "t28", "t29"):
        assert any(name.startswith(anchor) for name in names), anchor


@pytest.mark.parametrize("case", CASES)
def test_case(case: Case, tmp_path: Path) -> None:
    result = _run(case)
    assert result.skipped == case.skipped or (
        case.skipped is not None and result.skipped is not None and result.skipped.startswith(case.skipped)
    )
    if case.after is None:
        assert result.code == case.before
        assert not result.changed
        assert result.edits == ()
    else:
        assert result.code == case.after
        assert result.changed
        assert result.edits, "a change must be reported as edits"
        assert all(e.path == case.path("app/user.py") and e.old != e.new for e in result.edits)
    assert result.warnings == case.warnings
    if case.after is not None:
        # formatting kept: only the lines with an edit differ
        changed = {n for n, (a, b) in enumerate(zip(case.before.splitlines(), case.after.splitlines()), 1) if a != b}
        assert changed <= {e.line for e in result.edits}
        journal_round_trip(tmp_path, case.path("app/user.py"), case.before, result.code)


def test_idempotent_on_every_case() -> None:
    for param in CASES:
        case: Case = param.values[0]
        first = _run(case)
        second = rewrite_string_refs(
            first.code,
            case.renames,
            path="app/user.py",
            module=case.meta.get("module", "app.user"),
            prose=case.meta.get("prose", True),
        )
        if case.name.startswith("t21_dunder_all_submodule") or case.name == "dunder_all_package":
            continue  # `from . import mod` still binds the old name until Rope rewrites the import
        if any(new.startswith(old + ".") for new in case.renames.values() for old in case.renames):
            continue  # a new name inside another old package: a second run moves it again, by the rule
        assert second.code == first.code, case.name


def test_edit_kinds() -> None:
    source = (CASES_DIR / "t19_string_references.before.py").read_text(encoding="utf-8")
    result = rewrite_string_refs(source, {"pkg.mod": "pkg.newmod"}, path="a.py", module=None)
    assert [(e.line, e.kind, e.old, e.new) for e in result.edits] == [
        (1, "import_module", "pkg.mod", "pkg.newmod"),
        (2, "mock.patch", "pkg.mod.func", "pkg.newmod.func"),
        (3, "pytest_plugins", "pkg.mod", "pkg.newmod"),
        (4, "string", "pkg.mod", "pkg.newmod"),  # a plain constant: kind "string", for review
    ]


def test_prefilter_skips_parsing_files_without_old_names() -> None:
    broken = "x = (\n"  # would be a syntax error if it were parsed
    result = rewrite_string_refs(broken, {"pkg.mod": "pkg.newmod"}, path="a.py", module="a")
    assert result.skipped is None and not result.changed


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the text prefilter should have screened this file out before libcst parsed it")

    monkeypatch.setattr(libcst, "parse_module", refuse)


def test_prefilter_never_parses_a_file_without_a_whole_token(monkeypatch: pytest.MonkeyPatch) -> None:
    # 'pkg.models' is not the token 'pkg.mod': only the text scan runs, no libcst parse
    _forbid_parsing(monkeypatch)
    text = "import os\n" + "\n".join(f"def f{i}(x):\n    return os.path.join(x, 'pkg.models')\n" for i in range(200))
    result = rewrite_string_refs(
        text, {"pkg.mod": "pkg.newmod", "shop.orders.models": "shop.orders.WF_models"}, path="a.py", module="a"
    )
    assert result.skipped is None and not result.changed and result.code == text


def test_import_statements_alone_are_not_parsed() -> None:
    # imports are Rope's business: without a string or type comment naming the module, the file
    # is not handed to libcst (the broken assignment would otherwise be reported as a syntax error);
    # an ordinary comment counts only with prose on (the default since issue 13)
    source = "import pkg.mod\nfrom pkg import mod\n\nx = = pkg.mod.func()  # pkg.mod\n"
    result = rewrite_string_refs(source, {"pkg.mod": "pkg.newmod"}, path="a.py", module="a", prose=False)
    assert result.skipped is None and result.code == source
    assert rewrite_string_refs(source, {"pkg.mod": "pkg.newmod"}, path="a.py", module="a").skipped
    with_string = source + 'X = "pkg.mod"\n'
    assert rewrite_string_refs(with_string, {"pkg.mod": "pkg.newmod"}, path="a.py", module="a").skipped


def test_large_mapping_scan_parses_nothing_without_a_string_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2,000 renames at once, a file that only imports one of them: imports are Rope's, so no parse
    _forbid_parsing(monkeypatch)
    mapping = {f"proj.pkg{i // 50}.mod{i}": f"proj.pkg{i // 50}.WF1_V7_L1_{i}of2000_mod{i}" for i in range(2000)}
    text = "import proj.pkg3.mod170\n" + "def f(x):\n    return proj.pkg3.mod170.g(x, 'proj.models')\n" * 200
    assert not rewrite_string_refs(text, mapping, path="a.py", module="a").changed


def test_every_call_the_codemod_resolves_holds_a_call_word() -> None:
    """A file without a word of CALL_WORDS is rewritten without qualified names: every name the call tables
    hold, and ``sys.modules``, must hold one, or such a call would go unseen in it."""
    for name in [*MODULE_PATH_CALLS, *ATTRIBUTE_CALLS, "sys.modules"]:
        assert CALL_WORDS.search(name), name


def test_a_module_naming_no_such_call_is_rewritten_without_scope_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """libcst's scopes and qualified names cost most of a large module's parse; a module (not a package) naming
    no call of the tables never needs them, and gets the same result."""
    resolved: list[object] = []
    original = MetadataWrapper.resolve_many

    def spy(self: MetadataWrapper, providers: Collection[ProviderT]) -> object:
        resolved.extend(providers)
        return original(self, providers)

    monkeypatch.setattr(MetadataWrapper, "resolve_many", spy)
    source = '"""See ``app.old`` and app/old.py."""\nLOADER = {"app.old.f": 1}  # app.old\nX = f"{1}app.old"\n'
    result = rewrite_string_refs(source, {"app.old": "app.new"}, path="app/user.py", module="app.user")

    assert result.code == source.replace("app.old", "app.new")
    assert resolved and not {ScopeProvider, QualifiedNameProvider} & set(resolved)
    resolved.clear()
    calling = source + 'importlib.import_module("app.old")\n'
    assert rewrite_string_refs(calling, {"app.old": "app.new"}, path="app/user.py", module="app.user").code == (
        calling.replace("app.old", "app.new")
    )
    assert QualifiedNameProvider in resolved


def test_the_unqualified_transformer_gives_what_the_full_one_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fixture case, rewritten with every file taken for one naming a call: the same code, edits and warnings."""
    lean = {param.id: _run(param.values[0]) for param in CASES}
    monkeypatch.setattr("codemods.rewrite_string_refs.CALL_WORDS", re.compile(""))
    assert {param.id: _run(param.values[0]) for param in CASES} == lean
