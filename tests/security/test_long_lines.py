"""Attacks of the twenty-second reviewer (issue 13): one long line in a non-Python file a checkout ships made
``plan`` or ``apply`` work for hours (a hang, to a CI job), because each match of a module path on the line
searched or copied the whole line before it again. Each test is the attack, run in-process on an input the
linear code reads in seconds and the old code in
ten minutes or more; its result is checked:

- review 22, hole 01: a JSON line of module paths, each asked whether it is a Django fixture's model label
  (``"model": "..."`` searched in the line's whole prefix, ``fields`` in the whole file);
- review 22, hole 02: a JSON line of escaped strings, its token bounds (``json_bounds``) worked out per match;
- review 22, hole 10: a shell script's line, each match's prefix searched for ``python -m`` when rewritten;
- review 22, hole 24: a minified JavaScript bundle, each match's prefix searched for an opener (``ext://``);
- and, in the same class, a documentation line of Sphinx roles, each match looked up in every role.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from codemods.rewrite_config_refs import rewrite_config_refs
from codemods.rewrite_string_refs import rewrite_string_refs
from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.scan import scan_repo

Tree = Callable[[dict[str, str]], Path]
PACKAGE = {"pkg/__init__.py": "", "pkg/cli.py": "def main():\n    pass\n"}
RENAMES = {"pkg.cli": "pkg.cli_v2"}


def _kinds(root: Path, path: str) -> Counter[tuple[str, str]]:
    scan = scan_repo(Config(root=root, exempt=()))
    return Counter((r.kind, r.text) for r in scan.references if r.path == path)


def test_a_long_json_line_of_module_paths_is_read_once(write_tree: Tree) -> None:
    """Review 22, hole 01: 40,000 paths on one line of a fixture-like file (it has ``fields``), under the
    1 MiB cap; each searched its prefix for a ``model`` key and the whole file for ``fields``."""
    line = "[" + ", ".join(['"pkg.cli"'] * 30_000 + ['{"model": "pkg.cli", "fields": {}}']) + "]"
    line += " " + ", ".join(['{"model": "pkg.cli.main"}'] * 10_000)
    root = write_tree({**PACKAGE, "data.json": line + "\n"})
    assert _kinds(root, "data.json") == {("json", "pkg.cli"): 30_000, ("json", "pkg.cli.main"): 10_000}


def test_a_long_json_line_of_escaped_strings_is_bounded_once(write_tree: Tree) -> None:
    """Review 22, hole 02: 60,000 ``"pkg.cli.main\\n"`` strings on one line; the line's escapes were read
    again for every match (``json_bounds``), in ``plan`` and in ``apply``."""
    line = "[" + ",".join(['"pkg.cli.main\\n"'] * 60_000) + "]\n"
    root = write_tree({**PACKAGE, "data.json": line})
    assert _kinds(root, "data.json") == {("json", "pkg.cli.main"): 60_000}
    result = rewrite_config_refs(line, RENAMES, path="data.json")
    assert result.code == line.replace("pkg.cli.main", "pkg.cli_v2.main")
    assert len(result.edits) == 60_000


def test_a_long_shell_line_is_rewritten_in_linear_time() -> None:
    """Review 22, hole 10: a shell script's line naming the module 200,000 times; each rewrite searched the
    line's whole prefix for ``python -m`` (twice) and copied it."""
    text = "python -m pkg.cli " + "pkg.cli " * 200_000 + "\n"
    result = rewrite_config_refs(text, RENAMES, path="run.sh")
    assert result.code == text.replace("pkg.cli ", "pkg.cli_v2 ")
    assert Counter(e.kind for e in result.edits) == {"python-m": 1, "config": 200_000}


def test_a_long_json_line_of_python_m_lists_keeps_its_kinds() -> None:
    """Review 22, hole 10, for JSON: the ``"module":`` key and the exec form's list (``"python", "-m", "pkg"``)
    looked for back from each match only; a bare name elsewhere is no module."""
    text = '[["python", "-m", "pkg"], ' + '{"module": "pkg"}, {"name": "pkg"}, ' * 40_000 + "0]\n"
    result = rewrite_config_refs(text, {"pkg": "pkg2"}, path="launch.json")
    assert result.code == text.replace('"-m", "pkg"', '"-m", "pkg2"').replace('"module": "pkg"', '"module": "pkg2"')
    assert Counter(e.kind for e in result.edits) == {"python-m": 1, "config": 40_000}


def test_a_minified_bundle_is_read_in_linear_time(write_tree: Tree) -> None:
    """Review 22, hole 24: a minified bundle's one line, ``pkg.cli.x()`` after ``;`` 150,000 times, in a text
    file (a ``.js`` bundle is read for its whole string literals only); each match searched its whole prefix for an opener
    (``ext://``, an HTML entity)."""
    bundle = "!function(){" + ";pkg.cli.x()" * 150_000 + "&amp;pkg.cli.y}();\n"
    root = write_tree({**PACKAGE, "static/bundle.txt": bundle})
    assert _kinds(root, "static/bundle.txt") == {("longer-token", "pkg.cli.x"): 150_000, ("docs", "pkg.cli.y"): 1}


def test_a_long_line_of_sphinx_roles_is_rewritten_in_linear_time() -> None:
    """The same class (review 22): each match of a docs line was looked up in every role of the line."""
    text = ":mod:`os` pkg.cli " * 60_000 + "\n"
    result = rewrite_config_refs(text, RENAMES, path="docs/api.rst")
    assert result.code == text.replace("pkg.cli", "pkg.cli_v2")
    assert len(result.edits) == 60_000


def test_a_long_line_of_python_m_options_is_rewritten_in_linear_time() -> None:
    """Review 22's documented hole in apply (docs/real-code.md): ``python -m pkg.cli -m pkg.cli ...``, 60,000
    times on one line; each match searched the line's whole prefix for ``python ... -m`` (a prefix ending with
    ``-m``: no shortcut), an hour's work. The exec form's list, the same in JSON. Only the interpreter's ``-m``
    names a module to run (e1a4361): the other 59,999 are the program's arguments, rewritten as dotted paths."""
    text = "python " + "-m pkg.cli " * 60_000 + "\n"
    result = rewrite_config_refs(text, RENAMES, path="run.sh")
    assert result.code == text.replace("pkg.cli ", "pkg.cli_v2 ")
    assert Counter(e.kind for e in result.edits) == {"python-m": 1, "config": 59_999}
    listed = "[" + '["python", "-u", "-m", "pkg.cli"], ' * 40_000 + "0]\n"
    result = rewrite_config_refs(listed, RENAMES, path="tasks.json")
    assert result.code == listed.replace('"pkg.cli"', '"pkg.cli_v2"')
    assert Counter(e.kind for e in result.edits) == {"python-m": 40_000}


def test_a_long_line_of_template_tags_is_read_in_linear_time(write_tree: Tree) -> None:
    """The same class, for a template's tags (``{{ _("pkg.cli.title") }}``: code in an HTML page): a line of
    40,000 tags, then 40,000 openers that no closer follows; each opener's closer is searched once."""
    line = '{{ _("pkg.cli.title") }} ' * 40_000 + "{{ {% pkg.cli.x " * 40_000 + "\n"
    root = write_tree({**PACKAGE, "templates/page.html": line})
    assert _kinds(root, "templates/page.html") == {("template", "pkg.cli.title"): 40_000, ("docs", "pkg.cli.x"): 40_000}
    result = rewrite_config_refs(line, RENAMES, path="templates/page.html")
    assert result.code == line.replace("pkg.cli.", "pkg.cli_v2.")
    assert Counter(e.kind for e in result.edits) == {"template": 40_000, "prose": 40_000}


def test_a_long_line_of_context_names_in_tags_is_read_in_linear_time(write_tree: Tree) -> None:
    """The same class, for a name of a template's context (``{{ pkg.cli.x }}``: no module, planner/template_tags.py's
    ``context_name``): 40,000 tags each holding one and a quoted path, on a page's line and in a Python string; a
    line's tags are found once, each token bisects them (a scan per token made tests/security run past 8 minutes)."""
    line = "{{ pkg.cli.x }}{% url 'pkg.cli.main' %} " * 40_000
    source = f"PAGE = {line!r}\n"
    root = write_tree({**PACKAGE, "templates/page.html": line + "\n", "pkg/pages.py": source})
    scan = scan_repo(Config(root=root, exempt=()))
    page = Counter((r.kind, r.text) for r in scan.references if r.path == "templates/page.html")
    assert page == {("template", "pkg.cli.main"): 40_000}
    found, _hazards = find_dynamic(root, scan)  # one reference a line and text; no ``pkg.cli.x``
    assert Counter((r.kind, r.text) for r in found if r.path == "pkg/pages.py") == {("string-part", "pkg.cli.main"): 1}
    result = rewrite_config_refs(line + "\n", RENAMES, path="templates/page.html", prose=False)
    assert result.code == line.replace("'pkg.cli.", "'pkg.cli_v2.") + "\n"
    assert (len(result.edits), result.warnings) == (40_000, ())
    rewritten = rewrite_string_refs(source, RENAMES, path="pkg/pages.py", module="pkg.pages")
    assert rewritten.code == source.replace("'pkg.cli.", "'pkg.cli_v2.")


def test_the_follow_ups_of_a_long_line_quote_it_in_bounded_size() -> None:
    """The same class, in memory: under ``--no-prose`` each mention of a long documentation line is a follow-up
    that quoted the whole line, so 100,000 mentions in a 1.4 MB line made 140 GB of warnings. A line is quoted
    once and cut (the bound is checked on a line of 2,000 mentions, which the old code quoted whole each time)."""
    line = "see pkg.cli.x " * 2_000 + "\n"
    result = rewrite_config_refs(line, RENAMES, path="docs/api.md", prose=False)
    assert result.code == line
    assert len(result.warnings) == 2_000
    assert max(len(w) for w in result.warnings) < 600
    assert result.warnings[0].endswith(" ...'")
