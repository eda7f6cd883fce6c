"""A renamed top-level module followed by an attribute is listed where apply rewrites it (issue 13, jsonpatch 1.48).

jsonpatch is one module, ``jsonpatch.py``: apply rewrote ``:class:`jsonpatch.JsonPatch``` in its tutorial and
``"jsonpatch.make_patch"`` in a string (codemods/string_tokens.py: a top-level module's name with ``.attr`` after
it), but the plan listed neither: it read a dotted token only when the module it starts with had a dot itself.
A top-level package's name followed by a name that is no module (``pkg.missing``) names no renamed module.
"""

from __future__ import annotations

from pathlib import Path

from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.scan import scan_repo


def test_a_top_level_module_with_an_attribute_is_a_reference(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("")
    (tmp_path / "tool.py").write_text("VERSION = '1'\n")
    (tmp_path / "user.py").write_text('import tool\n\nNAME = "see tool.VERSION or pkg.missing"\n')
    (tmp_path / "README.rst").write_text("Use :data:`tool.VERSION`, not pkg.missing.\n")
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    dynamic, _hazards = find_dynamic(tmp_path, scan)
    found = sorted((r.path, r.line, r.kind, r.text, r.module) for r in (*scan.references, *dynamic))
    assert [f for f in found if f[0] in ("README.rst", "user.py")] == [
        ("README.rst", 1, "docs", "tool.VERSION", "tool"),
        ("user.py", 3, "string-part", "tool.VERSION", "tool"),
    ]
