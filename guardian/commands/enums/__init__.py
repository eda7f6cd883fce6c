"""``guardian enums`` (phase 4): merge duplicate ENUM types with parallel columns, verified and journaled.

Its sub-commands: ``sql``, ``review`` and ``verify`` generate and prove the SQL
(``generate.py``); ``apply``, ``revert`` and ``refs`` change the database or the code, each a
journaled batch (``change.py``).
"""

from __future__ import annotations

import click


@click.group()
def enums() -> None:
    """Phase 4: SQL that merges duplicate ENUM types with parallel columns, verified and journaled."""


def register(main: click.Group) -> None:
    from guardian.commands.enums import change, generate

    for command in (generate.sql, generate.review, generate.verify, change.apply, change.revert, change.refs):
        enums.add_command(command)
    main.add_command(enums)
