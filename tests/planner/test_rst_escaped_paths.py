"""A dotted path reStructuredText spells with escaped underscores (issue 13, icalendar 7.3.2: sphinx-apidoc's page
titles ``icalendar.parser\\_tools module``) names the module as its unescaped spelling does: the plan lists it with
the kind the unescaped one has, spelled as the line spells it, and apply rewrites it keeping the escapes
(tests/codemods/rewrite_config_refs/rst_escaped_underscores.*; planner/rst_escapes.py). A longer token
(``pkg.parser\\_tools\\_v2``) is no mention of it, as unescaped."""

from __future__ import annotations

from pathlib import Path

from planner.config import Config
from planner.rst_escapes import reescaped, unescaped
from planner.scan import scan_repo

CASES = Path(__file__).parents[1] / "codemods" / "rewrite_config_refs"


def test_escaped_paths_listed(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "parser_tools").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "parser_tools" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "parser_tools" / "sub.py").write_text("X = 1\n")
    (tmp_path / "docs").mkdir()
    before = (CASES / "rst_escaped_underscores.before.rst").read_text(encoding="utf-8")
    (tmp_path / "docs" / "api.rst").write_text(before)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.line, r.kind, r.module, r.text) for r in scan.references if r.path == "docs/api.rst")
    escaped, plain, sub = "pkg.parser\\_tools", "pkg.parser_tools", "pkg.parser_tools.sub"
    assert found == [
        (1, "docs", plain, escaped),  # the apidoc title, listed as the unescaped mention of line 9
        (4, "automodule", plain, plain),
        (6, "docs", sub, "pkg.parser\\_tools.sub"),
        (9, "docs", plain, escaped),
        (9, "docs", plain, plain),
        (9, "docs", plain, plain),
    ]  # line 11's ``pkg.parser\\_tools\\_v2``: another module's name, neither listed nor rewritten


def test_unescaped_reading_and_escapes_kept() -> None:
    line = "\\_\\_init\\_\\_ of pkg.\\_private\\_mod, a\\\\_b"
    plain, where = unescaped(line)
    assert plain == "__init__ of pkg._private_mod, a\\\\_b"
    assert reescaped(line, plain, where, plain) == line
    renamed = plain.replace("pkg._private_mod", "pkg.new_mod")
    assert reescaped(line, plain, where, renamed) == "\\_\\_init\\_\\_ of pkg.new\\_mod, a\\\\_b"
    assert reescaped(line, plain, where, "a different line") is None


def test_escaped_paths_in_markdown_listed(tmp_path: Path) -> None:
    """Markdown reads ``\\_`` as ``_`` too (defusedxml 0.7.1's README, converted by pandoc: ``Rename
    defusedxml.lxml.check\\_dtd() to check\\_docinfo()`` was a longer-token follow-up)."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "lxml.py").write_text("def check_dtd():\n    pass\n")
    before = (CASES / "md_escaped_underscores.before.md").read_text(encoding="utf-8")
    (tmp_path / "CHANGES.md").write_text(before)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.line, r.kind, r.module, r.text) for r in scan.references if r.path == "CHANGES.md")
    assert found == [(3, "docs", "pkg.lxml", "pkg.lxml.check\\_dtd")]  # line 4's pkg.lxml\\_v2: another name
