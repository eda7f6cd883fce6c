"""RewriteEnumRefs over before/after fixtures, each applied and reverted through the journal."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "codemods"))

from codemod_cases import Case, journal_round_trip, load_cases  # noqa: E402
from codemods.enum_refs import EnumClassMap, rewrite_enum_refs  # noqa: E402

CASES = load_cases(Path(__file__).parent / "enum_refs")
MAPS = [EnumClassMap("shop.legacy.Old", "shop.models.New",
                     {"PENDING": "PENDING", "CANCELED": "CANCELLED", "GONE": None},
                     {"pending": "pending", "canceled": "cancelled", "gone": "gone"})]


def _run(case: Case):
    return rewrite_enum_refs(case.before, MAPS, path=case.path("app/user.py"),
                             module=case.meta.get("module", "app.user"), is_package=case.meta.get("is_package", False))


@pytest.mark.parametrize("case", CASES)
def test_case(case: Case, tmp_path: Path) -> None:
    result = _run(case)
    assert result.skipped == case.skipped
    assert result.warnings == case.warnings
    if case.after is None:
        assert result.code == case.before and not result.changed
        return
    assert result.code == case.after
    assert result.changed and result.edits
    assert _run(Case(case.name, result.code, None, (), None, case.meta, case.suffix)).code == result.code  # idempotent
    journal_round_trip(tmp_path, case.path("app/user.py"), case.before, result.code)


def test_sample_repo_batch_applies_and_reverts_byte_for_byte(sample_copy: Path) -> None:
    shutil.rmtree(sample_copy / ".guardian", ignore_errors=True)
    subprocess.run(["git", "init", "-q"], cwd=sample_copy, check=True)
    subprocess.run(["git", "add", "-A"], cwd=sample_copy, check=True)
    subprocess.run(["git", "-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "base"], cwd=sample_copy,
                   check=True)

    def guardian(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "guardian", "--repo", str(sample_copy), *args],
                              capture_output=True, text=True, cwd=sample_copy, timeout=120)

    run = guardian("--json", "enums", "refs")
    assert run.returncode == 0, run.stderr
    assert "src/shop/billing/service.py" in run.stdout and "src/shop/orders/legacy.py" in run.stdout
    assert "LegacyOrderStatus = OrderStatus" in (sample_copy / "src/shop/orders/legacy.py").read_text()
    assert "different bases" in run.stdout  # InvoiceStatus is a StrEnum, OrderStatus a str mixin
    compiled = subprocess.run([sys.executable, "-m", "compileall", "-q", "src"], cwd=sample_copy, capture_output=True)
    assert compiled.returncode == 0
    back = guardian("revert", "enum-refs")
    assert back.returncode == 0, back.stderr
    status = subprocess.run(["git", "status", "--porcelain", "--", "src", "tests"], cwd=sample_copy,
                            capture_output=True, text=True).stdout
    assert status == ""
