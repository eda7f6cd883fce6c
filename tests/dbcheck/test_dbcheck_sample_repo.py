"""sample_repo: every planted code ↔ database mismatch its README documents is found where it says,
and nothing else (the README's table is the expectation)."""

from __future__ import annotations

import re
from pathlib import Path

from guardian.config_file import load_config
from planner.database import load_schema
from planner.dbcheck import check_code

SAMPLE_REPO = Path(__file__).resolve().parents[2] / "sample_repo"


def _documented() -> list[tuple[str, str, int]]:
    readme = (SAMPLE_REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Data access and the planted code ↔ database mismatches", 1)[1]
    rows = re.findall(r"^\| `([a-z-]+)` \| `([^`:]+):(\d+)` \|", section, re.MULTILINE)
    return sorted((kind, path, int(line)) for kind, path, line in rows)


def test_every_planted_mismatch_is_found_at_its_documented_place_and_nothing_else() -> None:
    config = load_config(SAMPLE_REPO)
    result = check_code(config, load_schema(config))
    documented = _documented()
    assert len(documented) == 11 and len({kind for kind, _, _ in documented}) == 9
    assert sorted((f.kind, f.path, f.line) for f in result.findings) == documented
    assert [(o["path"], o["line"]) for o in result.opaque] == [("src/shop/orders/repository.py", 104)]
    assert all(f.accepted is None and f.hint and f.database for f in result.findings)
