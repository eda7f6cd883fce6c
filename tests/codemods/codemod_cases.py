"""Before/after fixture files of the reference codemods, and their journal round trip.

A case is ``<name>.before<ext>``; ``<name>.after<ext>`` is the expected output (none: the file must
come back unchanged); ``<name>.warnings.txt`` lists the expected warnings, one per line (none: no
warnings); ``<name>.skipped.txt`` the start of the expected skip reason; ``<name>.json`` optional
``renames``, ``path`` (repo-relative path given to the codemod), ``module`` and ``path_renames``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

DEFAULT_RENAMES = {"pkg.mod": "pkg.newmod"}
DEFAULT_PATH_RENAMES = {"src/pkg/mod.py": "src/pkg/newmod.py"}


@dataclass(frozen=True)
class Case:
    name: str
    before: str
    after: str | None
    warnings: tuple[str, ...]
    skipped: str | None
    meta: dict[str, Any]
    suffix: str

    @property
    def renames(self) -> dict[str, str]:
        return dict(self.meta.get("renames", DEFAULT_RENAMES))

    def path(self, default: str) -> str:
        return str(self.meta.get("path", default))


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def load_cases(directory: Path) -> list[Any]:
    """Every case in ``directory`` as a ``pytest.param`` with the case name as id.

    Returns:
        The parameters, sorted by name.
    """
    params = []
    for before in sorted(directory.glob("*.before*")):
        name, _, suffix = before.name.partition(".before")
        after = directory / f"{name}.after{suffix}"
        warnings = directory / f"{name}.warnings.txt"
        skipped = directory / f"{name}.skipped.txt"
        meta = directory / f"{name}.json"
        case = Case(
            name=name,
            before=_read(before),
            after=_read(after) if after.exists() else None,
            warnings=tuple(_read(warnings).splitlines()) if warnings.exists() else (),
            skipped=_read(skipped).strip() if skipped.exists() else None,
            meta=json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {},
            suffix=suffix,
        )
        params.append(pytest.param(case, id=name))
    return params


def journal_round_trip(tmp_path: Path, rel: str, before: str, after: str) -> None:
    """Apply ``after`` over ``before`` at ``rel`` through the journal, then revert: original bytes back."""
    from rollback import Journal, Write

    repo = tmp_path / "repo"
    target = repo / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    original = before.encode("utf-8")
    target.write_bytes(original)
    journal = Journal(repo)
    journal.apply("codemod-1", [Write(rel, after.encode("utf-8"))], kind="codemod")
    assert target.read_bytes() == after.encode("utf-8")
    journal.revert("codemod-1")
    assert target.read_bytes() == original
