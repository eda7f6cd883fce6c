"""Attacks of the fifth reviewer (issue 11's last review, beyond code execution and writes outside):
another local user reading what Guardian copied, a directory name writing Guardian's configuration,
a hard link quoting a file outside the repository. Each test is the attack, and failed before its fix.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from attack_helpers import git, run

SECRET = b"tok-5f3a9e-never-shared"


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask: files another user may read unless Guardian says otherwise."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _readable_by_others(path: Path, repo: Path) -> bool:
    """Whether a user who is neither the owner nor in the group can read ``path``, given that the
    repository itself can be entered by anyone (the usual 0755 checkout in a 0755 home)."""
    if not os.stat(path).st_mode & stat.S_IROTH:
        return False
    return all(
        os.stat(parent).st_mode & stat.S_IXOTH for parent in path.parents if parent.is_relative_to(repo / ".guardian")
    )


@pytest.mark.parametrize("journal_dir", ["fresh", "made-0755-by-an-older-guardian"])
def test_a_0600_module_is_not_readable_by_other_users_through_the_journal(
    checkout: Path, umask_022: None, journal_dir: str
) -> None:
    """A secrets module is 0600 so that the other users of a shared machine cannot read it. `apply`
    copied it into the journal (blobs, patches, staged files) as 0644 files in 0755 directories, and
    the facts cache quoted its strings the same way: any local user could `cat` the token."""
    secret = checkout / "src/pkg/settings_local.py"
    secret.write_bytes(b'API_TOKEN = "' + SECRET + b'"\n')
    secret.chmod(0o600)
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "a secret and a naming pattern")
    if journal_dir != "fresh":
        (checkout / ".guardian/journal").mkdir(parents=True, mode=0o755)
    code, _, err = run(checkout, "--no-exec", "plan")
    assert code == 0, err
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert code == 0, err
    renamed = checkout / "src/pkg/WF1_settings_local.py"
    assert stat.S_IMODE(renamed.stat().st_mode) == 0o600 and SECRET in renamed.read_bytes()

    state = checkout / ".guardian"
    quoting = [p for p in state.rglob("*") if p.is_file() and SECRET in p.read_bytes()]
    assert any("/journal/" in p.as_posix() for p in quoting)
    readable = [p.relative_to(checkout).as_posix() for p in quoting if _readable_by_others(p, checkout)]
    assert readable == []
    for part in ("journal", "cache"):
        for path in (state / part).rglob("*"):
            mode = stat.S_IMODE(path.lstat().st_mode)
            assert mode & 0o077 == 0, (path.relative_to(checkout).as_posix(), oct(mode))

    code, _, err = run(checkout, "--no-exec", "revert", "--all")
    assert code == 0, err
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600  # the user's own modes are restored exactly
    assert secret.read_bytes() == b'API_TOKEN = "' + SECRET + b'"\n'
    assert stat.S_IMODE((checkout / "src/pkg/a.py").stat().st_mode) == 0o644


#: Names a checkout can give its folders and files: each must come back from the generated TOML exactly.
HOSTILE_NAMES = [
    'quote"d',  # a plain quote made guardian.toml invalid TOML
    'x"]\nbatch_size = 1\nlayers.injected = 9\n#',  # a quote and a newline: keys of the checkout's choosing
    "back\\slash\\u0041",  # not an escape: the name holds a backslash
    "single'quote",  # was turned into a double quote (a different name, and invalid TOML)
    "tab\there\rcr\x1bescape\x7fdel\x01",
    "caf\u00e9-\u65e5\u672c-\U0001f600",
]


def test_a_directory_name_adds_no_key_to_the_generated_configuration(tmp_path: Path) -> None:
    """The attack as it worked: a folder of the checkout named `zz"]` + newline + `retirement = {
    stability_days = 0 }` + newline + `#` closed `exempt`'s array, added a table of its choosing (no
    waiting before old paths are retired) and commented out the rest of the line; `init` accepted
    the file it wrote, and the user reviews and commits it as their own."""
    import tomllib

    repo = tmp_path / "checkout"
    (repo / "app").mkdir(parents=True)
    (repo / "app/__init__.py").write_text("")
    name = 'zz"]\nretirement = { stability_days = 0 }\n#'
    (repo / name).mkdir()
    code, _, err = run(repo, "init")
    assert code == 0, err
    config = tomllib.loads((repo / "guardian.toml").read_text(encoding="utf-8"))
    assert "retirement" not in config
    assert config["exempt"][-1] == f"{name}/**"


def test_init_pastes_no_name_into_the_configuration_unescaped(tmp_path: Path) -> None:
    """`guardian init` wrote folder and file names between quotes as they were: a directory named
    `x"]` + newline + `batch_size = 1` ... added keys to the guardian.toml the user then trusts as
    their own, and a plain `"` made the file invalid. Every name is now a TOML basic string, and the
    file reads back (tomllib) to exactly the names of the tree."""
    import tomllib

    repo = tmp_path / "checkout"
    (repo / "app").mkdir(parents=True)
    (repo / "app/__init__.py").write_text("")
    for index, name in enumerate(HOSTILE_NAMES):
        (repo / name).mkdir()  # not a package (flat layout): exempted by name
        (repo / "app" / name).mkdir()  # a sub-package: a workflow glob by name
        (repo / "app" / name / "__init__.py").write_text("")
        (repo / f"{name}{index}.py").write_text("")
    (repo / "db").mkdir()
    (repo / "db" / 'a"b\nc.sql').write_text("CREATE TABLE t (id int);\n")
    code, _, err = run(repo, "init")
    assert code == 0, err
    config = tomllib.loads((repo / "guardian.toml").read_text(encoding="utf-8"))
    assert set(config) == {"source_roots", "version", "pattern", "exempt", "batch_size", "shims"} | {
        "workflows",
        "layers",
        "database",
        "approvals",
        "validate",
    }
    assert config["batch_size"] == 20 and config["layers"] == {}
    assert {f"{name}/**" for name in HOSTILE_NAMES} <= set(config["exempt"])
    assert {f"{name}{index}.py" for index, name in enumerate(HOSTILE_NAMES)} <= set(config["exempt"])
    assert set(config["workflows"]) == {"app/**"} | {f"app/{name}/**" for name in HOSTILE_NAMES}
    assert config["database"]["schema"] == ['db/a"b\nc.sql']


def test_the_toml_escape_follows_the_specification() -> None:
    """Every control character, the quote and the backslash escaped; everything else kept; a name
    that is not valid Unicode (undecodable bytes) refused rather than written as something else."""
    import tomllib

    from guardian.toml_text import basic_string, writable

    every = "".join(chr(c) for c in range(0x80)) + "\u00e9\u2028\ufeff\U0001f600"
    assert tomllib.loads(f"v = {basic_string(every)}")["v"] == every
    assert basic_string('a"b\\c\n\x00\x7f') == '"a\\"b\\\\c\\n\\u0000\\u007F"'
    undecodable = os.fsdecode(b"bad\xff")
    assert not writable(undecodable)
    with pytest.raises(ValueError):
        basic_string(undecodable)


def _database_checkout(checkout: Path) -> Path:
    """The suite's checkout with a schema and one more SQL file."""
    (checkout / "guardian.toml").write_text(
        (checkout / "guardian.toml").read_text() + '[database]\nschema = ["db/schema.sql"]\ndialect = "postgres"\n'
    )
    (checkout / "db").mkdir()
    (checkout / "db/schema.sql").write_text("CREATE TABLE users (id int);\n")
    (checkout / "db/report.sql").write_text("SELECT id FROM users;\n")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "-m", "a database")
    return checkout


@pytest.mark.parametrize("spot", ["db/notes.sql", "docs/notes.md"])
def test_a_data_file_hard_linked_to_a_secret_is_not_quoted(checkout: Path, outside: Path, spot: str) -> None:
    """A tarball (tar -P, Python's tarfile before 3.14) can make `db/notes.sql` a hard link to any file
    of the user: the same file under a name inside the repository, where the symlink check sees a
    regular file. `assess` parsed it as SQL and quoted its first line in a finding ("machine
    api.example.com password sk-live-..."), into a CI log. A data file with more than one name is
    now skipped, with a one-line warning naming it."""
    repo = _database_checkout(checkout)
    secret = outside / "netrc"
    secret.write_bytes(b"machine api.example.com password " + SECRET + b"\nSELECT password FROM pkg.b;\n")
    (repo / spot).parent.mkdir(exist_ok=True)
    os.link(secret, repo / spot)
    for args in (["assess"], ["--json", "assess"], ["plan"]):
        code, out, err = run(repo, "--no-exec", *args)
        assert code == 0, err
        assert SECRET.decode() not in out + err
        if args[-1] == "assess":  # plan reads no .sql file: nothing to skip
            assert f"{spot}: skipped" in err and "hard link" in err, args
            assert len([line for line in err.splitlines() if spot in line]) == 1, err


def test_a_module_hard_linked_elsewhere_is_refused_not_read(checkout: Path, outside: Path) -> None:
    """A Python module with another name is not read either; skipping it would make a wrong plan (its
    imports not rewritten), so the command stops (exit 2) naming it, with how to keep it."""
    (outside / "settings.py").write_text(f'TOKEN = "{SECRET.decode()}"\nimport pkg.b\n')
    os.link(outside / "settings.py", checkout / "src/pkg/settings.py")
    code, out, err = run(checkout, "--no-exec", "assess")
    assert code == 2 and "src/pkg/settings.py" in err and "hard link" in err and "cp -p" in err, err
    assert SECRET.decode() not in out + err


def test_checkouts_as_git_and_copies_make_them_are_read_as_before(tmp_path: Path, checkout: Path) -> None:
    """Git work trees, `git clone` of a local repository (its objects are hard links, its files are
    not) and `shutil.copytree` copies have one name per file: nothing is skipped or refused."""
    import shutil

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(checkout), str(clone))
    copy = tmp_path / "copy"
    shutil.copytree(checkout, copy)
    for repo in (checkout, clone, copy):
        code, _, err = run(repo, "--no-exec", "assess")
        assert code == 0 and "hard link" not in err, err


@pytest.mark.parametrize("name", ["guardian.toml", "db/schema.sql"])
def test_a_configuration_or_schema_hard_linked_elsewhere_is_refused(checkout: Path, outside: Path, name: str) -> None:
    """The configuration and the schema are read whole and quoted in their errors: one with another
    name (maybe a file of the user outside) is refused, naming it, before it is parsed."""
    repo = _database_checkout(checkout)
    (outside / "copy").write_bytes((repo / name).read_bytes())
    (repo / name).unlink()
    os.link(outside / "copy", repo / name)
    code, _, err = run(repo, "--no-exec", "assess")
    assert code == 2 and name.rpartition("/")[2] in err and "hard link" in err, err


_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def _hot_journal(db: Path, super_journal: str | None) -> None:
    """A rollback journal SQLite calls hot (its first byte is not zero); with ``super_journal``, its tail
    names a super-journal, which SQLite deletes once it has replayed the journal."""
    tail = b""
    if super_journal is not None:
        name = super_journal.encode()
        tail = (0).to_bytes(4, "big") + name + len(name).to_bytes(4, "big") + sum(name).to_bytes(4, "big")
        tail += _JOURNAL_MAGIC
    Path(f"{db}-journal").write_bytes(b"\x01" * 512 + tail)


@pytest.mark.parametrize("command", [("status",), ("journal",), ("plan",)])
@pytest.mark.parametrize("relative", [False, True])
def test_a_shipped_hot_journal_deletes_no_file_outside(
    checkout: Path, outside: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...], relative: bool
) -> None:
    """A checkout shipped `.guardian/tracking.db` and a hot `tracking.db-journal` naming a super-journal:
    SQLite replayed it when Guardian opened the database, before the binding check, then deleted the
    file it names, anywhere (`../.bashrc`, relative to the user's directory). Every command did it."""
    import sqlite3

    db = checkout / ".guardian/tracking.db"
    db.parent.mkdir()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    victim = outside / "precious.txt"
    if relative:
        monkeypatch.chdir(checkout)
    _hot_journal(db, os.path.relpath(victim) if relative else str(victim))
    code, _, err = run(checkout, "--no-exec", *command)
    assert victim.read_text() == "keep me\n"
    # `journal` reads the journal alone: the tracking database is optional there, refused with a warning
    assert code == (0 if command == ("journal",) else 2), err
    assert "tracking.db-journal" in err and "hint" in err.lower()
    assert len(err.strip().splitlines()) == 1


def test_a_plain_hot_journal_of_guardians_own_database_still_recovers(checkout: Path) -> None:
    """Guardian's own crash leftovers still recover: a writer of its bound database killed in the middle
    of a transaction (in rollback-journal mode) leaves a hot journal naming no super-journal."""
    import subprocess
    import sys

    made = "import sys; from guardian.cli import main; main(['--repo', sys.argv[1], '--no-exec', 'status'])"
    subprocess.run([sys.executable, "-c", made, str(checkout)], check=True, timeout=120, capture_output=True)
    db = checkout / ".guardian/tracking.db"
    writer = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode = DELETE'); c.execute('PRAGMA cache_size = 1')\n"
        "c.execute('BEGIN IMMEDIATE'); c.execute('CREATE TABLE junk (x)')\n"
        "c.executemany('INSERT INTO junk VALUES (?)', [(os.urandom(500),) for _ in range(400)])\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", writer, str(db)], check=True, timeout=60)
    journal = Path(f"{db}-journal")
    assert journal.stat().st_size > 0 and journal.read_bytes()[:1] != b"\0"  # hot: SQLite will replay it
    code, _, err = run(checkout, "--no-exec", "status")
    assert code == 0, err
    import sqlite3

    conn = sqlite3.connect(db)
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "junk" not in names  # rolled back


def test_a_shipped_database_with_a_plain_hot_journal_is_refused_before_the_replay(checkout: Path) -> None:
    """Its binding is read from the file as shipped (immutable: no recovery), so the journal is never replayed."""
    import sqlite3

    db = checkout / ".guardian/tracking.db"
    db.parent.mkdir()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE v7_approvals (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    _hot_journal(db, None)
    before = db.read_bytes()
    code, _, err = run(checkout, "--no-exec", "status")
    assert code == 2 and "not made by Guardian" in err and "-journal" in err
    assert Path(f"{db}-journal").exists() and db.read_bytes() == before
