"""The README and docs/ cite only files that exist: a renamed or removed module cannot leave a
newcomer following a map to nowhere (docs/design.md "Where each stage lives")."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the repository's own top-level folders: a cited path starting with one of them must exist
TOP = ("failures", "planner", "codemods", "rollback", "guardian", "bench", "tests", "docs", "sample_repo", ".ci")
#: a path of the repository (one inside a JSON example, in quotes, is the target repository's)
CITED = re.compile(r'(?<![\w./"-])((?:' + "|".join(re.escape(t) for t in TOP) + r")/[\w./*-]*[\w*])")


def cited_paths() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        found[doc.relative_to(ROOT).as_posix()] = {m for m in CITED.findall(text) if "*" not in m}
    return found


def test_docs_cite_only_files_that_exist():
    cited = cited_paths()
    assert sum(map(len, cited.values())) > 50  # the pattern finds the citations (a walk that found none proves nothing)
    missing = {doc: sorted(p for p in paths if not (ROOT / p).exists()) for doc, paths in cited.items()}
    assert not {doc: paths for doc, paths in missing.items() if paths}


def test_the_stage_map_names_every_package():
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    section = text.split("### Where each stage lives", 1)[1].split("\n## ", 1)[0]
    for package in ("failures/", "planner/", "codemods/", "rollback/", "guardian/"):
        assert f"`{package}" in section, package


#: documents outside the repository that code and docs must not send a reader to: what they hold
#: that the code needs is said in docs/design.md
_OUTSIDE = re.compile(r"\bDESIGN\.md\b|\bSTYLE\.md\b|(?i:\bresearch\b)")


def test_nothing_cites_a_document_outside_the_repository():
    import subprocess

    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False).stdout
    files = [name for name in listed.decode().split("\0") if name.endswith((".py", ".md", ".toml", ".cfg", ".sh"))]
    if not files:  # not a git checkout (an sdist): the tracked files are unknown
        files = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.py") if ".venv" not in p.parts]
    cited = {}
    for name in files:
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        lines = [n for n, line in enumerate(text.splitlines(), 1) if _OUTSIDE.search(line)]
        if lines and name != "tests/test_docs_paths.py":
            cited[name] = lines
    assert cited == {}, "say what is needed in docs/design.md instead"
