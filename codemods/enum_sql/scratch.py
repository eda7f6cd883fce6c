"""Scratch copies of a database for ``guardian enums verify``: the real data is never touched.

PostgreSQL: ``CREATE DATABASE scratch TEMPLATE source`` (exact and fast; needs no other session on
the source), else ``pg_dump | psql`` when the client tools exist. MariaDB: ``SHOW CREATE TABLE`` +
``INSERT ... SELECT`` per table, then the views.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from codemods.errors import CodemodError
from failures import ExitCode
from planner.schema.connect import Dsn, connect
from rollback.programs import program


class ScratchFailed(CodemodError):
    """The scratch copy could not be made (exit 2: the server, rights or tools are missing)."""

    exit_code = ExitCode.USAGE


def scratch_name(source: str) -> str:
    """A fresh database name derived from ``source``."""
    base = re.sub(r"[^a-z0-9_]", "_", source.lower())[:30]
    return f"guardian_verify_{base}_{uuid.uuid4().hex[:8]}"


@contextmanager
def scratch_copy(dsn: Dsn, *, keep: bool = False) -> Iterator[Dsn]:
    """A temporary database holding a copy of ``dsn``'s schema and data; dropped afterwards.

    Yields:
        The DSN of the copy.

    Raises:
        ScratchFailed: the copy cannot be created.
    """
    name = scratch_name(dsn.database)
    admin = connect(dsn.with_database("postgres" if dsn.dialect == "postgres" else dsn.database))
    try:
        if dsn.dialect == "postgres":
            _copy_postgres(admin, dsn, name)
        else:
            _copy_mysql(admin, dsn, name)
        yield dsn.with_database(name)
    finally:
        if not keep:
            _drop(admin, dsn.dialect, name)
        admin.close()


def _drop(admin: Any, dialect: str, name: str) -> None:
    with admin.cursor() as cur:
        if dialect == "postgres":
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def _copy_postgres(admin: Any, dsn: Dsn, name: str) -> None:
    source = dsn.database.replace('"', '""')
    with admin.cursor() as cur:
        # TEMPLATE needs the source to itself; PostgreSQL would wait 5 s before refusing, so look first
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (dsn.database,)
        )
        busy = cur.fetchone()[0]
    reason = f"{busy} other session(s) use the database"
    if not busy:
        try:
            with admin.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
            _copy_settings(admin, dsn.database, name)
            return
        except Exception as exc:  # a session arrived meanwhile: fall back to a dump
            reason = str(exc).splitlines()[0]
    try:
        pg_dump, psql = program("pg_dump"), program("psql")  # absolute PATH entries only
    except FileNotFoundError:
        raise ScratchFailed(
            f"cannot copy {dsn.label}: {reason}", hint="close other sessions on the database or install pg_dump/psql"
        ) from None
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    env = dict(os.environ, PGPASSWORD=dsn.password) if dsn.password else dict(os.environ)
    common = ["-h", dsn.host, "-p", str(dsn.port), "-U", dsn.user]
    dump = _client(
        [pg_dump, "--no-owner", "--no-privileges", *common, "-d", database_conninfo(dsn.database)],
        env,
        f"pg_dump of {dsn.label} failed",
        "check the server version and rights",
    )
    _client(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", *common, "-d", database_conninfo(name)],
        env,
        "loading the copy failed",
        "run with a superuser or check the dump",
        stdin=dump,
    )
    _copy_settings(admin, dsn.database, name)


def _copy_settings(admin: Any, source: str, name: str) -> None:
    """Give the copy the source's per-database (and per-role in it) settings, which a ``TEMPLATE`` copy
    or a dump does not carry: the files must meet what they meet on the real database. Under
    ``standard_conforming_strings = off`` set on the database, a label's backslash ended its quoted
    string, and ``verify`` on a copy that had it ``on`` saw nothing (issue 11, review 12).

    Each value is set in the session first (``set_config``, which parses it as a configuration file
    would, lists included) and stored ``FROM CURRENT``; one this role may not set is left out.
    """
    with admin.cursor() as cur:
        cur.execute(
            "SELECT r.rolname, s.setconfig FROM pg_catalog.pg_db_role_setting s"
            " JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase"
            " LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole WHERE d.datname = %s ORDER BY 1 NULLS FIRST",
            (source,),
        )
        rows = cur.fetchall()
    target = '"' + name.replace('"', '""') + '"'
    for role, config in rows:
        scope = f'ROLE "{role.replace(chr(34), chr(34) * 2)}" IN DATABASE {target}' if role else f"DATABASE {target}"
        for item in config or []:
            setting, _, value = item.partition("=")
            if setting.lower() in ("role", "session_authorization"):
                continue  # would change who runs the ALTER
            try:
                with admin.transaction(), admin.cursor() as cur:
                    cur.execute("SELECT pg_catalog.set_config(%s, %s, true)", (setting, value))
                    cur.execute(f'ALTER {scope} SET "{setting.replace(chr(34), chr(34) * 2)}" FROM CURRENT')
            except Exception:  # noqa: BLE001 - a setting this role may not make: the copy goes without it
                continue


def database_conninfo(database: str) -> str:
    """Returns: ``database`` as a libpq connection string naming only that database.

    libpq reads a ``-d`` value holding ``=`` as a whole connection string, so a database named
    ``x sslkeylogfile=/path`` would set other parameters; quoted as ``dbname='...'`` it names a database.
    """
    from psycopg.conninfo import make_conninfo  # psycopg loads only where PostgreSQL is used

    return make_conninfo(dbname=database)


def _copy_mysql(admin: Any, dsn: Dsn, name: str) -> None:
    src = f"`{dsn.database.replace('`', '``')}`"
    dst = f"`{name}`"
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE {dst}")
        cur.execute("SET SESSION foreign_key_checks = 0")
        cur.execute(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME",
            (dsn.database,),
        )
        rows = cur.fetchall()
        for table, kind in rows:
            if kind != "BASE TABLE":
                continue
            quoted = f"`{table.replace('`', '``')}`"
            cur.execute(f"SHOW CREATE TABLE {src}.{quoted}")
            create = cur.fetchone()[1]
            cur.execute(f"USE {dst}")
            cur.execute(create)
            cur.execute(f"INSERT INTO {dst}.{quoted} SELECT * FROM {src}.{quoted}")
        views = [t for t, kind in rows if kind == "VIEW"]
        for _ in range(len(views) + 1):  # views over views: retry until all exist
            pending = []
            for view in views:
                quoted = f"`{view.replace('`', '``')}`"
                cur.execute(f"SHOW CREATE VIEW {src}.{quoted}")
                text = cur.fetchone()[1]
                text = re.sub(r"DEFINER=`[^`]*`@`[^`]*`\s*", "", text).replace(f"{src}.", "")
                try:
                    cur.execute(f"USE {dst}")
                    cur.execute(text)
                except Exception:
                    pending.append(view)
            views = pending
            if not views:
                break
        # triggers last (the copied rows must not fire them), in their order, each under its own sql_mode
        cur.execute(
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %s "
            "ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER",
            (dsn.database,),
        )
        for (trigger,) in cur.fetchall():
            cur.execute(f"SHOW CREATE TRIGGER {src}.`{trigger.replace('`', '``')}`")
            row = cur.fetchone()
            mode, statement = row[1], row[2]
            cur.execute(f"USE {dst}")
            cur.execute("SET SESSION sql_mode = %s", (mode,))
            cur.execute(statement)
        cur.execute("SET SESSION sql_mode = DEFAULT")
        cur.execute("SET SESSION foreign_key_checks = 1")
        cur.execute(f"USE {src}")
    if views:
        raise ScratchFailed(
            f"could not copy views {', '.join(views)} of {dsn.label}", hint="check the view definitions"
        )


def _client(command: list[str], env: dict[str, str], failed: str, hint: str, stdin: bytes | None = None) -> bytes:
    """Run a PostgreSQL client program; returns its output.

    Raises:
        ScratchFailed: it failed (``failed`` and the first 200 characters of its error output).
    """
    done = subprocess.run(command, input=stdin, capture_output=True, env=env, check=False)
    if done.returncode != 0:
        raise ScratchFailed(f"{failed}: {done.stderr.decode(errors='replace').strip()[:200]}", hint=hint)
    return done.stdout
