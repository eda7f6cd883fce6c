"""A bytes literal that is a module's whole path names it as a string does (issue 13, shape13).

A test that pickles an object and looks for its class's module in the bytes (``assert b"pkg.mod" in
pickle.dumps(obj)``) compares with the module's ``__name__``: after the rename the pickle names the new
module, and the bytes literal must follow. The plan lists it as a ``string`` (apply rewrites it,
``tests/codemods/rewrite_string_refs/bytes_module_path.*``); pickled bytes are not that, and a longer
bytes string that is text is read as its str spelling (``tests/apply/test_bytes_text_paths.py``).
"""

from __future__ import annotations

from pathlib import Path

from planner.config import Config
from planner.scan import scan_repo

TEST = """\
import pickle


def test_class_module_in_pickle(obj):
    assert b"pkg.mod" in pickle.dumps(obj)
    assert rb"pkg.mod:Point"
    assert b"see pkg.mod here" and b"pkg.mod_v2" and b"\\xffpkg.mod"
"""


def test_a_whole_path_as_bytes_is_a_string_reference(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text("class Point:\n    pass\n")
    (tmp_path / "test_pickle.py").write_text(TEST)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    found = sorted((r.line, r.kind, r.text) for r in scan.references if r.path == "test_pickle.py")
    assert found == [(5, "string", "pkg.mod"), (6, "string", "pkg.mod:Point")]
