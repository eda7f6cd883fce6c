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
MAPS = [
    EnumClassMap(
        "shop.legacy.Old",
        "shop.models.New",
        {"PENDING": "PENDING", "CANCELED": "CANCELLED", "GONE": None},
        {"pending": "pending", "canceled": "cancelled", "gone": "gone"},
    )
]


def _run(case: Case):
    return rewrite_enum_refs(
        case.before,
        MAPS,
        path=case.path("app/user.py"),
        module=case.meta.get("module", "app.user"),
        is_package=case.meta.get("is_package", False),
    )


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


def _git_base(repo: Path) -> None:
    shutil.rmtree(repo / ".guardian", ignore_errors=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "base"], cwd=repo, check=True)


def _git_status(repo: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--", "src", "tests"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def test_sample_repo_merges_that_change_behaviour_are_refused_naming_the_construct(
    sample_copy: Path, guardian, checkout_tests
) -> None:
    """Issue 14 finding 4: `enums refs` exited 0 and turned the StrEnum InvoiceStatus into the (str, Enum)
    OrderStatus (and the plain Enum LegacyOrderStatus too): 5 of the sample's 51 tests failed."""
    _git_base(sample_copy)
    for args in (("enums", "refs", "--dry-run"), ("enums", "refs")):
        run = guardian(sample_copy, *args)
        assert run.returncode == 3, run.stdout + run.stderr
        assert (
            "refused: src/shop/billing/models.py:11: class InvoiceStatus(enum.StrEnum) would become "
            "OrderStatus(str, enum.Enum): str(InvoiceStatus.PENDING) is 'pending' now, 'OrderStatus.PENDING' "
            "after"
        ) in run.stdout
        assert (
            "refused: src/shop/orders/legacy.py:15: class LegacyOrderStatus(enum.Enum): value 'canceled' becomes "
            "'cancelled'" in run.stdout
        )
        assert "nothing written" in run.stderr and "Traceback" not in run.stderr
    assert _git_status(sample_copy) == ""
    tests = checkout_tests(sample_copy)  # the sample's own suite, after `enums refs`
    assert tests.returncode == 0 and "51 passed" in tests.stdout, tests.stdout[-2000:]


SAFE_REPO = {
    "guardian.toml": 'source_roots = ["src"]\n[database]\nschema = ["schema.sql"]\ndialect = "postgres"\n',
    "schema.sql": "CREATE TYPE order_status AS ENUM ('pending', 'paid', 'cancelled');\n"
    "CREATE TYPE status_enum AS ENUM ('pending', 'paid', 'cancelled');\n"
    "CREATE TABLE orders (id int PRIMARY KEY, status order_status NOT NULL);\n"
    "CREATE TABLE invoices (id int PRIMARY KEY, status status_enum NOT NULL);\n",
    "src/shop/__init__.py": "",
    "src/shop/models.py": "import enum\n\n\nclass OrderStatus(str, enum.Enum):\n    PENDING = 'pending'\n"
    "    PAID = 'paid'\n    CANCELLED = 'cancelled'\n",
    "src/shop/billing.py": "import enum\n\n\nclass StatusEnum(BASE):\n    PENDING = 'pending'\n    PAID = 'paid'\n"
    "    CANCELLED = 'cancelled'\n\n\ndef settle(status: StatusEnum) -> str:\n"
    "    return 'settled' if status is StatusEnum.PAID else f'open: {status.value}'\n",
    "tests/test_billing.py": "from shop.billing import StatusEnum, settle\n\n\ndef test_behaviour() -> None:\n"
    "    assert StatusEnum.PAID == 'paid' and StatusEnum('paid') is StatusEnum.PAID\n"
    "    assert [s.value for s in StatusEnum] == ['pending', 'paid', 'cancelled']\n"
    "    assert settle(StatusEnum.PAID) == 'settled'\n"
    "    assert f'{StatusEnum.PENDING.value}' == 'pending' and STR\n",
}


@pytest.mark.parametrize(
    ("base", "str_check", "refused"),
    [
        ("str, enum.Enum", "StatusEnum.PAID.name == 'PAID'", None),
        (
            "enum.StrEnum",
            "str(StatusEnum.PAID) == 'paid'",
            "class StatusEnum(enum.StrEnum) would become OrderStatus(str, enum.Enum): str(StatusEnum.PENDING) is 'pending'",
        ),
    ],
)
def test_a_merge_keeps_behaviour_or_is_refused(
    write_tree, base: str, str_check: str, refused: str | None, guardian, checkout_tests
) -> None:
    repo = write_tree({path: text.replace("BASE", base).replace("STR", str_check) for path, text in SAFE_REPO.items()})
    _git_base(repo)
    assert checkout_tests(repo).returncode == 0
    run = guardian(repo, "enums", "refs")
    if refused is not None:
        assert run.returncode == 3 and f"refused: src/shop/billing.py:4: {refused}" in run.stdout, (
            run.stdout + run.stderr
        )
        assert _git_status(repo) == ""
        return
    assert run.returncode == 0, run.stderr
    billing = (repo / "src/shop/billing.py").read_text()
    assert "StatusEnum = OrderStatus  # merged into shop.models.OrderStatus" in billing
    assert "status is OrderStatus.PAID" in billing
    after = checkout_tests(repo)  # the same tests, on the merged classes
    assert after.returncode == 0, after.stdout[-2000:]
    back = guardian(repo, "revert", "enum-refs")
    assert back.returncode == 0, back.stderr
    assert _git_status(repo) == ""
