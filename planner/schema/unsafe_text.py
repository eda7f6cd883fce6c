"""Text a schema may not hold: what a SQL client cannot carry back to the server unchanged (issue 11).

The generated migration files are run with ``psql -f`` and ``mariadb <``. Every C0 control
character and DEL was put in an ENUM label and in a quoted identifier and sent through both
clients; two do not come back as they were:

* **NUL**, anywhere. PostgreSQL stores no NUL in any text; psql drops the rest of a line after one
  (a quote opened before it stays open: the next quote, in a hostile table name, closes it and the
  name's text runs as SQL, or as a ``\\!`` shell command); the mariadb client refuses the statement.
  A schema file holding one is refused naming its line, and so is a live database's name, label or
  expression holding one.
* **CR in a MariaDB/MySQL identifier.** The mariadb client reads CR LF in a file as LF, and a
  backquoted identifier has no escape for it: ``ALTER TABLE `t<CR><LF>u``` would alter ``t<LF>u``,
  another table. Only a live database can have one (a DDL file is read with universal newlines, and
  its CRs are line ends). Labels are escaped in the files (``\\r``) and PostgreSQL identifiers carry it.

Every other control character (tab, LF, ESC, ...) round-trips through both clients and is accepted.

A MariaDB/MySQL trigger's body is pasted verbatim between ``DELIMITER //`` lines when its table's
column is migrated; one the mariadb client could read otherwise than the server (a control
character, a backslash or ``//`` outside a string literal, ``--`` before a character other than a
space: :mod:`planner.schema.mariadb_client`) is refused then, naming the table and the trigger
(:func:`refuse_misread_trigger`). Reading the schema does not refuse it: a trigger on a table no
migration touches (a ``-- see https://...`` comment is one such body) is never pasted, and ``assess``
or the code <-> database check need not stop at it.

A generated PostgreSQL file is read as ``psql`` reads it before anything is written
(:func:`refuse_psql_misread`): a ``:NAME`` outside quotes (psql pastes a variable's value, and reads
it again, backslash commands included) or a backslash outside quotes (``\\!`` runs a shell command), in
a CHECK, an index predicate, a default or a view the checkout chose, is refused naming the statement
(:mod:`planner.schema.psql_client`).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from planner.errors import InputError
from planner.schema.mariadb_client import client_misreads
from planner.schema.model import Schema, Trigger
from planner.schema.psql_client import psql_misreads

__all__ = ["refuse_misread_trigger", "refuse_nul", "refuse_psql_misread", "refuse_unsafe_names"]

_NUL_HINT = "remove it: PostgreSQL stores none, psql drops the rest of a line after one, mariadb refuses it"
_KINDS = {"EnumType": "enum type", "KeyConstraint": "constraint"}
#: The parts of the model that become SQL in the generated files (``opaque``, ``sources``... do not).
_OBJECTS = ("enum_types", "tables", "indexes", "checks", "views", "functions", "key_constraints", "triggers")


def refuse_nul(text: str, shown: str) -> None:
    """Refuse a schema file's text holding a NUL.

    Raises:
        InputError: naming ``shown`` and the line of the first NUL (exit 2).
    """
    at = text.find("\0")
    if at >= 0:
        raise InputError(shown, "holds a NUL byte", line=text.count("\n", 0, at) + 1, hint=_NUL_HINT)


def refuse_unsafe_names(schema: Schema, source: str) -> None:
    """Refuse a schema whose names, labels or expressions hold a NUL, or (MariaDB/MySQL) a name holding
    a CR.

    Raises:
        InputError: naming ``source`` (the file or the database) and the object (exit 2).
    """
    for group in _OBJECTS:
        for item in getattr(schema, group):
            for name, value in _strings(item):
                if "\0" in value:
                    raise InputError(source, f"{_what(item, name)} holds a NUL byte", hint=_NUL_HINT)
                if "\r" in value and schema.dialect == "mysql" and not (isinstance(item, Trigger) and name == "body"):
                    raise InputError(
                        source,
                        f"{_what(item, name)} holds a carriage return",
                        hint="the mariadb client reads CR LF in a file as LF, so the generated files would name "
                        "another object: rename it",
                    )


def refuse_misread_trigger(trigger: Trigger) -> None:
    """Refuse a MariaDB/MySQL trigger whose body, pasted into a generated file, the mariadb client would
    read otherwise than the server (:func:`planner.schema.mariadb_client.client_misreads`).

    Raises:
        InputError: naming the trigger and its table (exit 2).
    """
    problem = client_misreads(trigger.body, trigger.sql_mode)
    if problem is not None:
        raise InputError(
            f"trigger {trigger.name!r} on table {trigger.table!r}",
            f"its body {problem}",
            hint="the mariadb client would run the generated files otherwise than the server reads them: "
            "rewrite the trigger without it (CREATE OR REPLACE TRIGGER), then run Guardian again",
        )


def refuse_psql_misread(text: str, shown: str) -> None:
    """Refuse a generated PostgreSQL file ``psql -f`` would read otherwise than the server
    (:func:`planner.schema.psql_client.psql_misreads`).

    Raises:
        InputError: naming ``shown``, the line, and the statement (its CHECK, index, default or view) (exit 2).
    """
    found = psql_misreads(text)
    if found is None:
        return
    at, problem = found
    line = text.count("\n", 0, at) + 1
    from planner.schema.sql_statements import split_statements  # SQLGlot: only to name a refused statement

    starts = [s for s in split_statements(text, "postgres", shown) if s.line <= line]
    head = " ".join(starts[-1].text.split())[:160] if starts else ""
    raise InputError(
        shown,
        f"the statement {ascii(head)} {problem}",
        line=line,
        hint="psql -f would run it otherwise than the server reads it: rewrite that CHECK, index predicate, "
        "default or view in the schema without it, then run Guardian again",
    )


def _what(item: Any, name: str) -> str:
    """The object and the part of it an error names: ``enum type 'public.mood': a label``."""
    kind = type(item).__name__
    return f"{_KINDS.get(kind, kind.lower())} {_name_of(item)!r}: " + ("a label" if name == "labels" else f"its {name}")


def _strings(item: Any, prefix: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for f in fields(item):
        value = getattr(item, f.name)
        for element in value if isinstance(value, tuple) else (value,):
            if isinstance(element, str):
                found.append((prefix + f.name, element))
            elif isinstance(element, tuple):
                found.extend((prefix + f.name, s) for s in element if isinstance(s, str))
            elif is_dataclass(element) and not isinstance(element, type):
                found.extend(_strings(element, f"{prefix}{f.name}[{_name_of(element)!r}]."))
    return found


def _name_of(item: Any) -> str:
    return str(getattr(item, "key", None) or getattr(item, "name", ""))
