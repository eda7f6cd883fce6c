"""The Rope seam: the hooks in codemods/rope_seam/ are written against one Rope; a different one fails here.

Also the round: several renames computed on one analysis of each file and merged give, byte for
byte, what renaming them one after another gives.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from codemods.local_names import MaskRequest, mask_many, unmask
from codemods.merged_edits import merged_text
from codemods.rope_rename import RenameSpec, RopeSession, open_project
from codemods.rope_seam import ROPE_VERSIONS, seam_drift
from codemods.rope_seam._finder import _ROPE_IN_REGION, _in_region
from codemods.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


def test_installed_rope_is_the_one_the_seam_was_written_against() -> None:
    drift = seam_drift()
    assert not drift, (
        f"Rope {metadata.version('rope')} changed the functions Guardian steers: {', '.join(drift)}. "
        "Re-check each hook in codemods/rope_seam/ against the new code, then update SEAM and the pin "
        "in pyproject.toml"
    )


def test_pyproject_pins_the_seams_rope_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    [rope] = [d for d in project["project"]["dependencies"] if re.match(r"rope\b", d)]
    assert rope == f"rope{ROPE_VERSIONS}"
    low, high = re.findall(r"[\d.]+", ROPE_VERSIONS)
    installed = tuple(int(x) for x in metadata.version("rope").split(".")[:2])
    assert tuple(int(x) for x in low.split(".")[:2]) <= installed < tuple(int(x) for x in high.split(".")[:2])


def test_merged_text_refuses_overlapping_edits() -> None:
    assert (
        merged_text("import pkg.a, pkg.b\n", [(11, 12, "new_a"), (18, 19, "new_b")]) == "import pkg.new_a, pkg.new_b\n"
    )
    with pytest.raises(ValueError, match="overlap"):
        merged_text("import pkg.ab\n", [(11, 13, "x"), (12, 13, "y")])


FILES = {
    "pkg/__init__.py": b"",
    "pkg/alpha.py": b"from pkg import beta\n\n\ndef f():\n    return beta.g()\n",
    "pkg/beta.py": b"def g():\n    return 1\n",
    "user.py": (
        b"import pkg.alpha, pkg.beta\nfrom pkg import alpha, beta as b\n\n\n"
        b"def run(alpha=alpha):\n    return pkg.alpha.f() + pkg.beta.g() + b.g()\n"
    ),
}
RENAMES = [("pkg.alpha", "pkg/alpha.py", "WF1_alpha"), ("pkg.beta", "pkg/beta.py", "WF1_beta")]


def _perform(tmp_path: Path, together: bool) -> dict[str, bytes]:
    repo = tmp_path / ("together" if together else "one-by-one")
    for rel, data in FILES.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_bytes(data)
    workspace = Workspace(repo, FILES)
    session = RopeSession(workspace, ["."])
    groups = [RENAMES] if together else [[r] for r in RENAMES]
    try:
        for group in groups:
            masks = {}
            for path in sorted({p for module, _, _ in group for p in workspace.files_with_word(module[4:])}):
                masked, found = mask_many(
                    workspace.read_bytes(path),
                    [MaskRequest(m, ()) for m, _, _ in group],
                    package="pkg" if path.startswith("pkg/") else "",
                )
                if any(found):
                    session.write(path, masked)
                    masks[path] = found
            specs = [
                RenameSpec(m, p, new, tuple(sorted(workspace.files_with_word(m[4:]) | {p}))) for m, p, new in group
            ]
            results = session.rename_round(specs)
            final = {old: new for result in results for old, new in result.moves}
            for path, found in masks.items():
                data = workspace.read_bytes(final.get(path, path))
                for (_, _, new), items in zip(group, found):
                    data = unmask(data, items, new) if items else data
                session.write(final.get(path, path), data)
        return {rel: workspace.read_bytes(rel) for rel in sorted(workspace.origin)}
    finally:
        session.close()
        workspace.close()


def test_a_round_gives_what_renaming_one_after_another_gives(tmp_path: Path) -> None:
    together = _perform(tmp_path, together=True)
    assert together == _perform(tmp_path, together=False)
    assert sorted(together) == ["pkg/WF1_alpha.py", "pkg/WF1_beta.py", "pkg/__init__.py", "user.py"]
    assert together["pkg/WF1_alpha.py"] == b"from pkg import WF1_beta as beta\n\n\ndef f():\n    return beta.g()\n"
    assert together["user.py"] == (
        b"import pkg.WF1_alpha, pkg.WF1_beta\nfrom pkg import WF1_alpha as alpha, WF1_beta as b\n\n\n"
        b"def run(alpha=alpha):\n    return pkg.WF1_alpha.f() + pkg.WF1_beta.g() + b.g()\n"
    )


# Rope's token walk mispairs the parentheses of an f-string joined to a string holding ``(.)`` (moto's
# sqs/models.py): the class's region then starts at the ``(`` inside the pattern string, before LIMIT.
QUIRK = (
    '"""Doc."""\n'
    "import re\n"
    "import pkg.target\n"
    'PATTERN = re.compile("^([a-z])+$")\n'
    "LIMIT = 300\n"
    "\n\n"
    "class Message:\n"
    "    def check(self, name):\n"
    "        raise ValueError(\n"
    "            f\"The name '{name}' is invalid. \"\n"
    '            "underscore (_), hyphen (-), and period (.) characters."\n'
    "        )\n"
    "\n"
    "    def target(self):\n"
    "        return [pkg.target.f(x) for x in range(3)]\n"
)


def _module(tmp_path: Path, text: str) -> object:
    (tmp_path / "m.py").write_text(text)
    project = open_project(str(tmp_path), ["."])
    return project.get_pymodule(project.get_file("m.py"))


def test_the_scope_region_test_answers_as_ropes_at_every_offset(tmp_path: Path) -> None:
    module = _module(tmp_path, QUIRK)
    scopes, todo = [], list(module.get_scope().get_scopes())  # type: ignore[attr-defined]
    while todo:
        scope = todo.pop()
        scopes.append(scope)
        todo += scope.get_scopes()
    assert scopes[0].get_region()[0] < QUIRK.index("LIMIT")  # the mispaired walk, as on moto
    for scope in scopes:
        for offset in range(len(QUIRK) + 1):
            assert _in_region(scope, offset) == _ROPE_IN_REGION(scope, offset), (scope, offset)


def test_an_import_occurrence_needs_no_scope_regions(tmp_path: Path) -> None:
    text = "import pkg.target\nX = 1\n\n\ndef f():\n    return pkg.target.g()\n"
    module = _module(tmp_path, text)
    scope = module.get_scope()  # type: ignore[attr-defined]
    assert scope.get_inner_scope_for_offset(len("import pkg.")) is scope
    assert not hasattr(module.get_ast(), "region")  # type: ignore[attr-defined]  # no patched AST
    inner = scope.get_inner_scope_for_offset(text.rindex("target"))
    assert inner is not scope and hasattr(module.get_ast(), "region")  # type: ignore[attr-defined]
