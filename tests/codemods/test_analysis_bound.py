"""Rope's analysis during one rename is released between two files when the modules it holds pass
a size (codemods.rope_rename.ANALYSIS_CHARS, codemods.rope_seam.AnalysisBound): the edits found
are the ones one analysis of every file finds."""

from __future__ import annotations

import weakref
from pathlib import Path

import pytest

import codemods.rope_rename
import codemods.rope_seam
import codemods.rope_seam._analysis
from codemods.rope_rename import Found, RenameSpec, find_round, open_project

FILES = {
    "pkg/__init__.py": "",
    "pkg/alpha.py": "def f():\n    return 1\n",
    "pkg/gamma.py": "def g():\n    return 2\n",
    "pkg/beta.py": "from pkg import alpha, gamma\nimport pkg.gamma\n\nB = alpha.f() + gamma.g()\n",
    "u1.py": "import pkg.alpha\n\nprint(pkg.alpha.f())\n",
    "u2.py": "import pkg.beta\n\nprint(pkg.beta.alpha.f(), pkg.gamma.g())\n",
    "u3.py": "from pkg import beta\nfrom pkg.beta import alpha as a\n\nprint(beta.alpha.f(), a.f())\n",
    "u4.py": "import pkg.gamma\nimport pkg.alpha as al\n\nprint(pkg.gamma.g(), al.f())\n",
    "u5.py": "from pkg import alpha, gamma\n\nprint(alpha.f(), gamma.g())\n",
}
SEARCHED = ("pkg/beta.py", "u1.py", "u2.py", "u3.py", "u4.py", "u5.py")


def _round(tmp_path: Path, name: str) -> list[Found]:
    root = tmp_path / name
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    project = open_project(str(root), ["."])
    try:
        return find_round(
            project,
            [
                RenameSpec("pkg.alpha", "pkg/alpha.py", "WF1_alpha", SEARCHED),
                RenameSpec("pkg.gamma", "pkg/gamma.py", "WF1_gamma", SEARCHED),
            ],
        )
    finally:
        project.close()


def test_the_analysis_released_after_every_file_finds_the_same_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    released: list[str] = []
    original = codemods.rope_seam.release_analysis

    def counted(project: object, keep: object = None) -> None:
        released.append(getattr(keep, "path", ""))
        original(project, keep)  # type: ignore[arg-type]

    monkeypatch.setattr(codemods.rope_seam._analysis, "release_analysis", counted)  # AnalysisBound calls it there
    whole = _round(tmp_path, "whole")
    assert released == []  # the default bound: far above these files
    monkeypatch.setattr(codemods.rope_rename, "ANALYSIS_CHARS", 1)
    bounded = _round(tmp_path, "bounded")
    # after each of the 7 files of each rename (its module's own file too), the renamed module kept
    assert released == ["pkg/alpha.py"] * 7 + ["pkg/gamma.py"] * 7
    assert bounded == whole
    assert [found for found, _crashed, _moves in whole] == [
        {
            "pkg/beta.py": [(16, 21, "WF1_alpha")],
            "u1.py": [(11, 16, "WF1_alpha"), (28, 33, "WF1_alpha")],
            "u3.py": [(42, 47, "WF1_alpha")],  # through beta's import: alpha's module is the one compared
            "u4.py": [(28, 33, "WF1_alpha")],
            "u5.py": [(16, 21, "WF1_alpha")],
        },
        {
            "pkg/beta.py": [(23, 28, "WF1_gamma"), (40, 45, "WF1_gamma")],
            "u2.py": [(47, 52, "WF1_gamma")],
            "u4.py": [(11, 16, "WF1_gamma"), (51, 56, "WF1_gamma")],
            "u5.py": [(23, 28, "WF1_gamma")],
        },
    ]
    moves = [moves for _found, _crashed, moves in whole]
    assert moves == [(("pkg/alpha.py", "pkg/WF1_alpha.py"),), (("pkg/gamma.py", "pkg/WF1_gamma.py"),)]


def test_a_released_analysis_is_not_kept_by_ropes_memo_of_built_in_types(tmp_path: Path) -> None:
    """Rope memoises built-in types process-wide, keyed by the objects they hold (a tuple of a
    module's classes): released or closed, a project's modules must not stay reachable through it."""
    (tmp_path / "m.py").write_text("class A:\n    pass\n\n\ndef f():\n    return (A(), A())\n\n\nx, y = f()\nz = x\n")
    project = open_project(str(tmp_path), ["."])
    module = project.get_pymodule(project.get_file("m.py"))
    for name in ("x", "y", "z"):
        module[name].get_object()
    alive = weakref.ref(module)
    del module
    codemods.rope_seam.release_analysis(project)
    assert alive() is None
    project.close()
