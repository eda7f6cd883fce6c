"""A list of words whose ``"."``-join is a renamed module's whole path is a module path only where the code says so
(review24 finding 03): ``subprocess.run(["shop", "orders"])`` (a console script and its subcommand), Django's
``unique_together = ("shop", "orders")`` and an app label's ``label.split(".") == ["pkg", "order"]`` were rewritten
as ``module-parts`` and, put back by hand, failed ``guardian check``. The plan (planner/module_parts.py, ``ast``)
and apply (codemods/module_scope.py, by position) read the same context rule: what the plan calls ``module-parts`` apply
rewrites, a ``module-words`` list it leaves (a manual follow-up), and ``check`` flags only the former."""

from __future__ import annotations

from pathlib import Path

from codemods.rewrite_string_refs import rewrite_string_refs
from planner.read_facts import extract

CASE = Path(__file__).parent / "rewrite_string_refs" / "module_parts.before.py"
MAPPING = {"pkg.mod": "pkg.newmod", "pkg.sub.deep": "pkg.sub.newdeep"}


def test_plan_and_apply_read_the_same_context() -> None:
    source = CASE.read_text(encoding="utf-8")
    # also a part apply leaves as no plain string: ``["pkg", "m" "od"]``, ``["pkg", "\\x6dod"]`` (no fact at all)
    facts = [s for s in extract(source, "tests/test_paths.py").strings if s.text in MAPPING]
    parts = {s.line for s in facts if s.kind == "module-parts"}
    words = {s.line for s in facts if s.kind == "module-words"}
    result = rewrite_string_refs(source, MAPPING, path="tests/test_paths.py", module="tests.test_paths")
    assert {e.line for e in result.edits if e.kind == "module-parts"} == parts
    lines = source.splitlines()
    assert [lines[n - 1] for n in sorted(words)] == [
        'SPEC = {"modname": ["pkg", "mod"], "label": ["pkg", "mod"]}',  # the second: a label
        'subprocess.run(["pkg", "mod"], check=True)',
        'unique_together = ("pkg", "mod")',
        'assert order["model"].split(".") == ["pkg", "mod"]',
        'BARE = "pkg", "mod"',
        'TABLE = {("pkg", "mod"): 1}',
        'label = TABLE["pkg", "mod"]',
        'run(*["pkg", "mod"])',
    ]
    assert len(parts) == 13


def test_a_flow_to_a_module_path_use_is_a_context() -> None:
    """Issue 13's follow-ups: the parts reach a module-path use through a name of the same scope, a function's
    return value, a loop or a ``pytest.mark.parametrize`` table; where the flow ends elsewhere they stay words."""
    source = (CASE.parent / "module_parts_flow.before.py").read_text(encoding="utf-8")
    facts = [s for s in extract(source, "tests/test_paths.py").strings if s.text in MAPPING]
    parts = {s.line for s in facts if s.kind == "module-parts"}
    words = {s.line for s in facts if s.kind == "module-words"}
    result = rewrite_string_refs(source, MAPPING, path="tests/test_paths.py", module="tests.test_paths")
    assert {e.line for e in result.edits if e.kind == "module-parts"} == parts == {13, 17, 21, 30, 34, 39, 44, 49}
    lines = source.splitlines()
    assert [lines[n - 1].strip() for n in sorted(words)] == [
        'return ["pkg", "mod"]',
        'words = ["pkg", "mod"]',
        '@pytest.mark.parametrize("argv", [["pkg", "mod"]])',
        '@pytest.mark.parametrize("package, name", [("pkg", "mod")])',
        '@pytest.mark.parametrize("name, package", [("pkg", "mod")])',
        'parts = ["pkg", "mod"]',
    ]
