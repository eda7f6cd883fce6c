"""Finding 6: no DSN password is stored (v7_events, tracking tables) or printed, whatever its form."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from guardian.cli import main
from planner.redact import redact

SECRET = "Sup3rS3cret"

#: every form a DSN reaches Guardian in, with the password SECRET
FORMS = [
    f"postgresql://alice:{SECRET}@127.0.0.1:1/shop",
    f"postgresql://alice:p@{SECRET}@127.0.0.1:1/shop",  # an unescaped '@' in the password
    f"postgresql://alice:a/b?{SECRET}@127.0.0.1:1/shop",  # '/' and '?' in the password
    f"postgresql://alice@127.0.0.1:1/shop?sslmode=disable&password={SECRET}",
    f"postgres://alice@127.0.0.1:1/shop?PassWord={SECRET}#frag",
    f"host=127.0.0.1 port=1 user=alice password={SECRET} dbname=shop",  # libpq key=value
    f"host=127.0.0.1 password='{SECRET} with spaces' dbname=shop",
    f"mysql://root:{SECRET}@127.0.0.1:1/shop",
    f"mysql+pymysql://root:{SECRET}@127.0.0.1:1/shop",
    f"mariadb://root:{SECRET}@127.0.0.1:1/shop?charset=utf8mb4",
    f"--password={SECRET}",
    f"PGPASSWORD={SECRET} MYSQL_PWD={SECRET}",
    f'{{"password": "{SECRET}", "user": "alice"}}',
    f"postgresql://alice:two {SECRET}@127.0.0.1:1/shop",  # a space in the password (found by a review)
]


@pytest.mark.parametrize("form", FORMS)
def test_redact_hides_the_password_of_every_form(form: str) -> None:
    hidden = redact(form)
    assert SECRET not in hidden and "***" in hidden
    assert any(kept in hidden for kept in ("alice@", "alice:", "root:", "password=", "PassWord=", "PWD=", '"password"'))


def test_redact_keeps_what_is_not_a_secret() -> None:
    assert redact("postgresql://alice@db.example:5432/shop") == "postgresql://alice@db.example:5432/shop"
    assert redact("renamed shop.models -> shop.WF1_models") == "renamed shop.models -> shop.WF1_models"


def _guardian(monkeypatch: pytest.MonkeyPatch, repo: Path, *args: str) -> tuple[int, str]:
    """The command line in this process, with ``sys.argv`` as the console script sets it (the run log
    records the arguments of a real ``guardian`` process). Returns: (exit code, stdout + stderr)."""
    argv = ["--repo", str(repo), *args]
    monkeypatch.setattr(sys, "argv", ["guardian", *argv])
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


def test_no_password_reaches_the_run_log_or_the_terminal(checkout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each DSN form given on the command line (where it is logged to v7_events) and refused or
    unreachable (where it is printed in the error)."""
    for form in FORMS[:10]:
        _, output = _guardian(monkeypatch, checkout, "enums", "sql", "--dsn", form)
        assert SECRET not in output and "Traceback" not in output, form
    with sqlite3.connect(checkout / ".guardian/tracking.db") as db:
        stored = "\n".join(str(row) for row in db.execute("SELECT * FROM v7_events"))
        dump = "\n".join(db.iterdump())
    assert "enums sql --dsn" in stored
    assert SECRET not in stored and SECRET not in dump


def test_tracking_url_password_is_never_printed(checkout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for form in (FORMS[1], FORMS[3]):
        monkeypatch.setenv("GUARDIAN_TRACKING_URL", form)
        code, output = _guardian(monkeypatch, checkout, "status")
        assert code == 2 and SECRET not in output, output
