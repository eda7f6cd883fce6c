"""Attacks of the thirteenth reviewer (issue 11, "limits instead of crashes"): inputs of a checkout that
made a regular expression backtrack for minutes or a reader hang or crash. Each test runs the attack on an
input large enough that the old code took minutes (or never ended) and asserts on the result:

* a ``.sql`` file with ``SET search_path = a<20,000 spaces>x;`` (a cubic regex in the dbcheck reader);
* an ``.ini`` line ``[a<400,000 spaces>x`` and a code line ``from a import x<spaces>(`` (quadratic regexes
  of the config and code rewriting);
* an integer of 5,000 digits in a plan, a journal manifest, ``.guardian-baseline.json`` or
  ``guardian.toml``: exit 1 "internal error" (Python's int-conversion limit) instead of exit 2 naming it;
* a shipped ``.guardian/tracking.db`` whose ``guardian_binding`` is a view over an endless recursive
  query: every command hung reading the binding;
* a 200 KB ``pwd-a-a-a...`` line of ``setup.cfg`` quoted in an error, and every printed error redacted by
  patterns that were quadratic on it (and on a long run of letters, the URL pattern);
* a shipped ``.git/config`` with ``core.attributesFile = /dev/zero``, or a ``.git/info/attributes`` symlink
  to it: git read it until memory ran out.
"""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from attack_helpers import git, run

from codemods.base import Renames
from codemods.code_strings import sub_code
from guardian.tracking.binding import bounded
from planner.config_headers import section_name as _section
from planner.dbcheck.sql_files import sql_in_file
from planner.redact import redact
from rollback.errors import CorruptJournal
from rollback.manifest import parse_manifest
from rollback.safegit import environment, git_command

_HUGE = "1" * 5000


def _checkout(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "src" / "pkg").mkdir(parents=True)
    (repo / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    (repo / "src" / "pkg" / "__init__.py").write_text("")
    (repo / "src" / "pkg" / "b.py").write_text("VALUE = 1\n")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    return repo


def test_search_path_statement_with_a_long_run_of_spaces_is_read() -> None:
    text = "SET search_path = a" + " " * 20_000 + "x;\nSELECT id FROM t;\n"
    sites = sql_in_file(text, "db/q.sql", "postgres")
    assert sites[-1].search_path == ("a" + " " * 20_000 + "x",)
    assert sql_in_file("SET search_path TO app , public ;\nSELECT 1;\n", "q.sql", "postgres")[-1].search_path == (
        "app",
        "public",
    )


def test_config_line_opening_a_section_with_a_long_run_of_spaces_is_read() -> None:
    assert _section("[a" + " " * 400_000 + "x") is None
    assert _section("[a" + " " * 400_000 + "x]  # c") == "a" + " " * 400_000 + "x"
    assert _section("[[ tool.x ]]") == "tool.x"


def test_code_line_with_a_long_run_of_spaces_is_rewritten() -> None:
    renames = Renames.of({"pkg.b": "pkg.c"})
    code = "from pkg import b" + " " * 400_000 + "("
    assert sub_code(code, renames) == code
    assert sub_code("from pkg import b  # c", renames) == "from pkg import c as b  # c"


def test_plan_file_with_a_huge_integer_is_an_input_error(tmp_path: Path) -> None:
    repo = _checkout(tmp_path)
    plan = tmp_path / "plan.json"
    plan.write_text('{"version": ' + _HUGE + "}")
    code, _, err = run(repo, "--no-exec", "review", "--no-pager", "--plan", str(plan))
    assert code == 2, err
    assert "plan.json" in err and "too long" in err


def test_manifest_with_a_huge_integer_is_a_corrupt_journal() -> None:
    with pytest.raises(CorruptJournal, match="too long"):
        parse_manifest('{"format": ' + _HUGE + "}", ".guardian/journal/1/manifest.json")


@pytest.mark.parametrize("name", ["guardian.toml", ".guardian-baseline.json"])
def test_config_or_baseline_with_a_huge_integer_is_an_input_error(tmp_path: Path, name: str) -> None:
    repo = _checkout(tmp_path)
    if name == "guardian.toml":
        with (repo / name).open("a") as config:
            config.write(f"x = {_HUGE}\n")
        args = ("status",)
    else:
        (repo / name).write_text('{"version": ' + _HUGE + "}")
        args = ("check",)
    code, _, err = run(repo, "--no-exec", *args)
    assert code == 2, err
    assert name in err and "too long" in err


_ENDLESS = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT 'a' AS id, 'b' AS mac FROM c WHERE x = 0"
)


@pytest.mark.parametrize("trust", [False, True])
def test_shipped_tracking_db_with_an_endless_view_is_refused(tmp_path: Path, trust: bool) -> None:
    repo = _checkout(tmp_path)
    (repo / ".guardian").mkdir()
    (repo / ".guardian" / ".gitignore").write_text("*\n")
    conn = sqlite3.connect(repo / ".guardian" / "tracking.db")
    conn.execute(f"CREATE VIEW guardian_binding AS {_ENDLESS}")
    conn.commit()
    conn.close()
    code, _, err = run(repo, "--no-exec", *(("--trust-tracking",) if trust else ()), "status")
    assert code == 2, err
    assert "view, trigger or virtual table" in err


def test_binding_check_is_bounded() -> None:
    conn = sqlite3.connect(":memory:")
    with bounded(conn), pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute(_ENDLESS).fetchall()
    assert conn.execute("SELECT 1").fetchall() == [(1,)]


def test_git_does_not_read_an_attributes_file_the_checkout_names(tmp_path: Path) -> None:
    repo = _checkout(tmp_path)
    git(repo, "config", "core.attributesFile", "/dev/zero")
    (repo / "src" / "pkg" / "c.py").write_text("")

    def one_gib() -> None:  # git on /dev/zero fails here ("Out of memory") instead of taking the machine
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [*git_command(repo), "status", "--porcelain"],
        cwd=repo,
        env=environment(),
        capture_output=True,
        preexec_fn=one_gib,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"?? src/pkg/c.py\n"


def test_redaction_of_long_runs_of_name_characters() -> None:
    dashes = "pwd" + "-a" * 200_000
    assert redact(dashes) == dashes
    letters = "a" * 400_000 + " postgresql://u:secret@h/db " + "x-password=hunter2"
    assert redact(letters) == "a" * 400_000 + " postgresql://u:***@h/db x-password=***"


def test_unparsable_setup_cfg_line_is_quoted_short(tmp_path: Path) -> None:
    repo = _checkout(tmp_path)
    (repo / "setup.cfg").write_text("[metadata]\npwd" + "-a" * 100_000 + "\n")
    code, _, err = run(repo, "--no-exec", "plan")
    assert code == 2, err[:300]
    assert "setup.cfg" in err and len(err) < 1000


def test_git_info_attributes_leading_to_a_device_is_refused(tmp_path: Path) -> None:
    repo = _checkout(tmp_path)
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "attributes").symlink_to("/dev/zero")
    done = subprocess.run(  # in a child limited to 2 GiB: without the check, git fails "Out of memory"
        [sys.executable, "-m", "guardian", "--repo", str(repo), "--no-exec", "plan"],
        capture_output=True,
        text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)),
        timeout=300,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "info/attributes is not a regular file" in done.stderr
