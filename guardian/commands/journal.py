"""``guardian revert``, ``guardian journal`` and ``guardian recover``: the journal from the command line.

Every command except ``recover`` and ``journal`` first checks for a batch interrupted by a crash and
recovers it automatically (finish or roll back; see ``rollback/recovery.py``), printing what it did on
stderr. If the interrupted batch's files were edited since, the command refuses (exit 4) until
``guardian recover`` can run cleanly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from guardian.app import App, table
from guardian.errors import GuardianError, UsageError
from guardian.render import printable
from rollback import CorruptJournal, Journal, LockHeld, Manifest, SqlExecutor
from rollback.lock import lock_holder


def _journal(app: App) -> Journal:
    return Journal(app.repo, warn=app.warn)


@contextmanager
def _executor(app: App, needed: bool) -> Iterator[SqlExecutor | None]:
    """A SQL executor on the configured database, opened only when a batch has database steps."""
    if not needed:
        yield None
        return
    dsn_url = app.config.database.dsn
    if not dsn_url:
        yield None  # the journal raises DatabaseRequired naming the batch
        return
    from codemods.enum_sql.runner import script_runner  # the database layer loads only when needed

    with script_runner(dsn_url, "journal down.sql") as execute:
        yield execute


def _needs_sql(manifests: list[Manifest]) -> bool:
    return any(m.up_sql and m.status == "applied" and m.sql_state == "up-applied" for m in manifests)


def _summary(manifest: Manifest, untrusted: frozenset[str] = frozenset()) -> dict[str, Any]:
    data = manifest.to_json()
    data["file_count"] = len(manifest.files)
    data["trusted"] = manifest.batch_id not in untrusted  # signed by this user's Guardian (docs/trust.md)
    return data


@click.command("revert")
@click.argument("batch", required=False)
@click.option("--last", is_flag=True, help="Revert the newest applied batch.")
@click.option("--all", "revert_all", is_flag=True, help="Revert every applied batch, newest first.")
@click.pass_obj
def revert_command(app: App, batch: str | None, last: bool, revert_all: bool) -> None:
    """Undo BATCH (or --last, or --all) from the journal, byte for byte; exit 4 if files drifted since."""
    if (batch is not None) + last + revert_all != 1:
        raise UsageError(
            "give exactly one of BATCH, --last or --all",
            hint="`guardian journal` lists batches; e.g. `guardian revert --last`",
        )
    journal = _journal(app)
    if batch is not None:
        targets = [journal.get(batch)]
    else:
        targets = [m for m in journal.entries() if m.status == "applied"]
        targets = targets[-1:] if last else targets
    with _executor(app, _needs_sql(targets)) as executor:
        if revert_all:
            done = journal.revert_all(executor=executor)
        elif last:
            done = [journal.revert_last(executor=executor)]
        else:
            done = [journal.revert(str(batch), executor=executor)]
    from codemods.git import forget_intent  # renames `apply` recorded with `git add -N` leave git's index too

    forget_intent(app.repo, [r.path for m in done for r in m.files])
    # the tracking database mirrors the journal (phase 5 reopens)
    try:  # the tree is already reverted: a tracking database that cannot be written only loses the mirror
        app.tracker.record_batches(
            [(m.batch_id, "reverted", [r.path for r in m.files], m.kind) for m in done], command="revert"
        )
    except GuardianError as exc:
        app.warn(f"reverted; the tracking database was not updated: {exc}")

    def human() -> None:
        for manifest in done:
            click.echo(
                f"reverted batch {manifest.batch_id} ({len(manifest.files)} files"
                + (", database" if manifest.up_sql else "")
                + ")"
            )

    app.emit({"reverted": [_summary(m) for m in done]}, human)


def _print_entries(entries: list[Manifest], untrusted: frozenset[str] = frozenset()) -> None:
    if not entries:
        click.echo("the journal is empty")
        return
    click.echo(
        table(
            ("seq", "batch", "kind", "status", "files", "created", "description"),
            [
                (
                    m.sequence,
                    m.batch_id,
                    m.kind,
                    m.status + (" (UNTRUSTED)" if m.batch_id in untrusted else ""),
                    len(m.files),
                    m.created[:19].replace("T", " "),
                    m.description,
                )
                for m in entries
            ],
        )
    )
    if untrusted:
        click.echo(
            f"\nUNTRUSTED: {', '.join(sorted(untrusted))} -- not signed by this user's Guardian for this "
            "repository; never "
            "recovered or reverted (inspect: `guardian journal BATCH`; adopt your own: "
            "`guardian journal BATCH --trust`)"
        )


def _print_entry(manifest: Manifest, history: list[Manifest], trusted: bool = True) -> None:
    click.echo(  # an untrusted entry's text is the checkout's: printable() keeps it off the terminal's controls
        printable(
            f"batch {manifest.batch_id} ({manifest.kind}): {manifest.status}"
            + (f" -- {manifest.description}" if manifest.description else "")
        )
    )
    if not trusted:
        click.echo(
            "  UNTRUSTED: not signed by this user's Guardian for this repository (shipped with the checkout, "
            "copied from another repository, edited, written by another user or release, or the repository "
            "was moved); never recovered or reverted. If it is your own batch and the "
            f"files below are what you expect: `guardian journal {manifest.batch_id} --trust`"
        )
    for label, value in (
        ("sequence", manifest.sequence),
        ("created", manifest.created),
        ("applied", manifest.applied),
        ("reverted", manifest.reverted),
        ("base commit", manifest.base_commit),
        ("error", manifest.error),
        ("forward patch", manifest.forward_patch),
        ("reverse patch", manifest.reverse_patch),
        ("up.sql", manifest.up_sql),
        ("down.sql", manifest.down_sql),
        ("database", manifest.dsn_label or None),
    ):
        if value is not None:
            click.echo(f"  {label}: {printable(str(value))}")
    if manifest.files:
        click.echo("")
        click.echo(
            table(
                ("change", "path", "from", "mode"),
                [
                    (
                        r.change,
                        r.path,
                        r.old_path or "",
                        f"{r.before_mode or 0:04o} -> {r.after_mode or 0:04o}" if r.change == "mode" else "",
                    )
                    for r in manifest.files
                ],
            )
        )
    if manifest.operations:
        click.echo(
            f"\n{len(manifest.operations)} operations: "
            + ", ".join(printable(str(op.get("op"))) for op in manifest.operations[:20])
            + (" ..." if len(manifest.operations) > 20 else "")
        )
    if history:
        click.echo("\nearlier attempts: " + ", ".join(f"#{m.sequence} {m.status}" for m in history))


@click.command("journal")
@click.argument("batch", required=False)
@click.option(
    "--trust",
    is_flag=True,
    help="Adopt BATCH (after inspecting it) as this user's own: sign it, so that it can be recovered and reverted.",
)
@click.pass_obj
def journal_command(app: App, batch: str | None, trust: bool) -> None:
    """List journaled batches: status, files, operations and patch paths (one batch in detail)."""
    journal = _journal(app)
    untrusted = frozenset(journal.untrusted())  # (a damaged manifest is not "untrusted": it is reported below)
    if batch is None:
        if trust:
            raise UsageError("--trust needs a BATCH", hint="inspect it first: `guardian journal BATCH`")
        entries, unreadable = [], []
        for batch_id in journal.store.ids():  # a damaged entry is named; the others are still listed
            try:
                entries.append(journal.get(batch_id, untrusted=True))
            except CorruptJournal as exc:
                unreadable.append(str(exc))
        entries.sort(key=lambda m: m.sequence)
        for problem in unreadable:
            app.warn(f"unreadable journal entry: {problem}")
        app.emit(
            {"batches": [_summary(m, untrusted) for m in entries], "unreadable": unreadable},
            lambda: _print_entries(entries, untrusted),
        )
        return
    if trust:
        journal.trust(batch)
        untrusted = untrusted - {batch}
    manifest = journal.get(batch, untrusted=True)
    history = journal.history(batch)
    data = _summary(manifest, untrusted)
    data["history"] = [m.to_json() for m in history]
    app.emit(data, lambda: _print_entry(manifest, history, batch not in untrusted))


@click.command("recover")
@click.pass_obj
def recover_command(app: App) -> None:
    """Finish or roll back a batch interrupted by a crash (also done at the start of every command)."""
    journal = _journal(app)
    lines = journal.recover()
    if lines:
        _forget_undone_renames(app, journal)
    try:  # recovery needs the journal alone: a tracking database that cannot be opened does not stop it
        app.tracker.record_event("recover", "recover", f"{len(lines)} batch(es) recovered", {"recovered": lines})
    except GuardianError as exc:
        app.warn(f"recovered from the journal; the tracking database was not updated: {exc}")
    app.emit({"recovered": lines}, lambda: click.echo("\n".join(lines) if lines else "nothing to recover"))


def state_dir_check(app: App) -> None:
    """Start-up check: take no program from a ``PATH`` entry inside the checkout from now on
    (:func:`rollback.programs.use`); refuse a ``.guardian/`` that is a symlink, holds one, or is tracked
    by git, and a ``$GUARDIAN_STATE_DIR`` or ``$GUARDIAN_SCRATCH`` that is relative or inside the repository.

    Raises:
        UnsafeStateDir: exit 2, naming the problem and how to clear it.
    """
    from pathlib import Path

    from failures.paths import checkout_root, run_tree
    from rollback import programs
    from rollback.auth import check_env_dirs
    from rollback.statedir import check_state_dir

    # in a monorepo Guardian's root is one package of the checkout: the whole checkout is distrusted
    # and checked; before the first program is looked up, and the environment's directories before
    # the state directory check runs git, which reads HOME's configuration
    try:
        here: str | None = os.getcwd()  # without .git, the tree run from holds no program either
    except OSError:  # the current directory was removed
        here = None
    programs.use(programs.ProgramSearch.outside(Path(run_tree(app.repo, here))))
    check_env_dirs(Path(checkout_root(app.repo)), config_root=Path(checkout_root(app.repo, here)))
    check_state_dir(app.repo)


def recovery_check(app: App) -> None:
    """Start-up check: recover an interrupted batch automatically, reporting on stderr.

    A batch another live process is applying right now is not interrupted: it is left alone.

    Raises:
        Drift: files of the interrupted batch were changed since (exit 4; the user resolves, then recovers).
    """
    journal = _journal(app)
    try:
        if not journal.store.root.is_dir() or not journal.needs_recovery():
            return
    except CorruptJournal as exc:  # commands that change files refuse on their own; the rest may still run
        app.warn(f"crash recovery skipped: {exc.message}; `guardian journal` shows the journal")
        return
    if lock_holder(app.repo) is not None:
        return
    try:
        lines = journal.recover()
    except LockHeld:
        return
    if lines:
        _forget_undone_renames(app, journal)
    for line in lines:
        click.echo(f"guardian: recovered: {line}", err=True)


def intent_check(app: App) -> None:
    """Start-up check: drop git's intent-to-add records (``git add -N``) left by renames of batches now
    reverted or failed, when the process that undid them was killed before it could (` D` in
    ``git status``, which made the next ``apply`` refuse on changes the user never made). Only paths
    missing from disk are looked at, and git runs only when there are some."""
    journal = _journal(app)
    try:
        if not journal.store.root.is_dir():
            return
        entries = [m for m in journal.entries() if m.status in ("reverted", "failed")]
    except CorruptJournal:
        return  # reported by the recovery check
    gone = [
        p for m in entries for r in m.files for p in (r.path, r.old_path) if p and not os.path.lexists(app.repo / p)
    ]
    if gone:
        from codemods.git import forget_intent

        forget_intent(app.repo, gone)


def _forget_undone_renames(app: App, journal: Journal) -> None:
    """A recovery that rolled a batch back (or finished its revert) leaves the ``git add -N``
    records of its renames in git's index, as a revert would: drop those of files now gone."""
    from codemods.git import forget_intent

    forget_intent(app.repo, [r.path for m in journal.entries() if m.status in ("reverted", "failed") for r in m.files])


def register(main: click.Group) -> None:
    main.add_command(revert_command)
    main.add_command(journal_command)
    main.add_command(recover_command)
