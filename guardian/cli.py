"""The ``guardian`` command: a thin click layer over the libraries.

Commands live one concept per module in ``guardian/commands/``; each defines click commands and
registers them with ``register(main)``, imported only when its command runs (the table is
``guardian.commands.COMMANDS``). This module owns global options, start-up checks and the
single place where errors become exit codes (docs/design.md: 0 ok, 1 bug, 2 usage/config,
3 conflict/gate/validation, 4 drift).
"""

from __future__ import annotations

import difflib
import errno
import importlib
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn

import click

from failures import ExitCode, Failure, one_line
from guardian import __version__
from guardian.app import App
from guardian.commands import COMMANDS
from guardian.invocation import (
    STARTED,
    add_shared_options,
    app_of,
    run_startup_checks,
    set_no_exec,
    shared_options,
)
from guardian.process import caused_by_interrupt, command_loaded, run_command, stop_interrupts
from guardian.render import style
from guardian.root import find_root


class GuardianGroup(click.Group):
    """Maps errors to exit codes in one place and never shows a traceback for bad input; loads a
    command's module when the command is asked for (guardian.commands.COMMANDS)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module = importlib.import_module(f"guardian.commands.{COMMANDS[cmd_name]}")
            module.register(self)
            command_loaded()
        return super().get_command(ctx, cmd_name)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        add_shared_options(cmd)
        super().add_command(cmd, name)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        if parent is None:  # the App exists before any option is parsed: the shared options fill it in
            extra.setdefault("obj", App(repo=Path.cwd()))
            self.app = extra["obj"] if isinstance(extra["obj"], App) else None  # for the Ctrl-C report
        argv = list(args)  # parsing consumes ``args``; the run log records them as given
        ctx = super().make_context(info_name, args, parent, **extra)
        if parent is None:
            ctx.meta["guardian.argv"] = argv
        return ctx

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = click.utils.make_str(args[0]) if args else ""
        if args and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=3, cutoff=0.6)
            if close:
                raise click.UsageError(f"no such command {name!r}; did you mean {' or '.join(map(repr, close))}?", ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError:
            if ctx.invoked_subcommand and not ctx.meta.get(STARTED):
                try:  # a refused command line still leaves its line in the run log, when it can
                    run_startup_checks(ctx)
                except Failure:
                    pass  # the command line's own error is the one to show (a refused tracking.db: the next command)
            raise
        except BrokenPipeError:  # `guardian plan | head`: the reader has what it wanted
            _silence_stdout()
            raise click.exceptions.Exit(0) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D401 - click API
        kwargs.setdefault("standalone_mode", False)
        argv = list(args[0]) if args and args[0] is not None else sys.argv[1:]
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            self._interrupted(argv)
        except click.UsageError as exc:
            hint = f"see `{exc.ctx.command_path} --help`" if exc.ctx else None
            _fail(argv, exc.format_message(), ExitCode.USAGE, "UsageError", hint)
        except click.ClickException as exc:
            _fail(argv, exc.format_message(), ExitCode.USAGE, "UsageError")
        except Failure as exc:  # every package's errors: each says its exit code (failures.ExitCode)
            hint = exc.hint if isinstance(exc.hint, str) and exc.hint else None
            _fail(argv, exc.message if hint else str(exc), exc.exit_code, type(exc).__name__, hint)
        except KeyboardInterrupt:
            self._interrupted(argv)
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(0)
        except RecursionError:  # an input nested deeper than any reader handles: the input's fault, not a bug
            if _verbose(argv):
                traceback.print_exc()
            _fail(
                argv,
                "an input is nested too deeply to read (a file of the checkout, the plan or the journal)",
                ExitCode.USAGE,
                "InputTooDeep",
                "run with -v to see which reader gave up; simplify or exclude that file",
            )
        except Exception as exc:  # a bug: say so, keep the detail for -v (a full disk is not one)
            if caused_by_interrupt(exc):  # clean-up code that failed while Ctrl-C unwound it
                self._interrupted(argv)
            if _disk_full(exc):
                _fail(
                    argv,
                    f"the disk is full ({exc}); no file was left half-written: each file of an interrupted "
                    "batch is in its state before or after it, and the journal records which",
                    ExitCode.CONFLICT,
                    "DiskFull",
                    "free disk space, then run `guardian recover` (`guardian journal` shows every batch's status)",
                )
            if _verbose(argv):
                traceback.print_exc()
            _fail(
                argv,
                f"{type(exc).__name__}: {exc} -- this is a bug, please report it (run with -v for the traceback)",
                ExitCode.BUG,
                "InternalError",
                internal=True,
            )

    app: App | None = None

    def _interrupted(self, argv: list[str]) -> NoReturn:
        """Ctrl-C: finish or roll back a batch caught mid-write, then say which batches are applied and
        whether the tree is consistent (every batch fully applied or not at all); exit 130."""
        stop_interrupts()  # the report itself is not interrupted (guardian/process.py)
        state = journal_state(self.app)
        if "error" in state:
            message = f"interrupted; the journal could not be read ({state['error']}): run `guardian recover`"
        else:
            applied = ", ".join(map(str, state["applied"])) or "none"
            message = (
                f"interrupted. Batches applied: {applied}. "
                + "".join(f"{line}. " for line in state["recovered"])
                + (
                    "The tree is consistent: every batch is fully applied or not at all "
                    "(`guardian journal` lists them)."
                    if state["consistent"]
                    else "A batch is still in flight: run `guardian recover`."
                )
            )
        _fail(argv, message, ExitCode.INTERRUPTED, "Interrupted", extra=state)


def journal_state(app: App | None) -> dict[str, Any]:
    """The journal after an interrupt: ``applied`` batch ids (oldest first), what recovery ``recovered``,
    and whether it is ``consistent`` (no batch left half-applied)."""
    if app is None or not (app.repo / ".guardian" / "journal").is_dir():
        return {"applied": [], "recovered": [], "consistent": True}
    try:
        from rollback import Journal

        journal = Journal(app.repo, warn=lambda _message: None)
        recovered = journal.recover() if journal.needs_recovery() else []
        entries = journal.entries()
        return {
            "applied": [m.batch_id for m in entries if m.status == "applied"],
            "recovered": recovered,
            "consistent": not any(m.status in ("started", "reverting") for m in entries),
        }
    except Exception as exc:  # the report must not become an internal error: say what failed
        return {"error": f"{type(exc).__name__}: {exc}", "consistent": False}


def _disk_full(exc: BaseException) -> bool:
    """An OSError ENOSPC/EDQUOT, or SQLite's report of the same (anywhere in the exception's chain)."""
    current: BaseException | None = exc
    visited: set[int] = set()
    while current is not None and id(current) not in visited:
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return True
        if type(current).__module__ == "sqlite3" and "disk is full" in str(current):
            return True
        visited.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _json_mode(argv: list[str]) -> bool:
    """``--json`` anywhere before ``--`` (an error can come before the options are parsed)."""
    ctx = click.get_current_context(silent=True)
    app = ctx.find_object(App) if ctx is not None else None
    if app is not None and app.json_output:
        return True
    return "--json" in argv[: argv.index("--")] if "--" in argv else "--json" in argv


def _verbose(argv: list[str]) -> bool:
    return any(a == "--verbose" or (a.startswith("-v") and set(a[1:]) == {"v"}) for a in argv)


def _fail(
    argv: list[str],
    message: str,
    code: int,
    kind: str,
    hint: str | None = None,
    *,
    internal: bool = False,
    extra: dict[str, Any] | None = None,
) -> NoReturn:
    """Print the error (one line for people, one JSON object under ``--json``) and exit with ``code``."""
    from planner.redact import redact  # no DSN password reaches a terminal or a CI log

    message, hint = one_line(redact(message)), (one_line(redact(hint)) if hint else hint)
    if _json_mode(argv):
        error = {"type": kind, "message": message, "hint": hint, "exit_code": code, **(extra or {})}
        click.echo(json.dumps({"error": error}), err=True)
    elif code == ExitCode.INTERRUPTED:
        click.echo(f"guardian: {message}", err=True)
    else:
        label = style(f"guardian: {'internal error' if internal else 'error'}:", err=True, fg="red", bold=True)
        click.echo(f"{label} {message}" + (f" (hint: {hint})" if hint else ""), err=True)
    sys.exit(code)


def _silence_stdout() -> None:
    """Point stdout at the null device: its reader is gone, and the flush at exit must not fail."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no real stdout (captured): nothing will be flushed to a pipe
        pass


@click.group(cls=GuardianGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guardian")
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The repository to work on (default: found by walking up from the current directory "
    "to the nearest guardian.toml or [tool.guardian], else the git top level).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Configuration file (default: guardian.toml, else [tool.guardian] in pyproject.toml).",
)
@shared_options
@click.option("--strict", is_flag=True, help="Refuse (exit 3) to run a phase while an earlier review gate is closed.")
@click.option(
    "--no-exec",
    is_flag=True,
    expose_value=False,
    callback=lambda ctx, _p, v: set_no_exec(ctx, v),
    help="Run nothing of the checkout (tests, imports, timings are skipped); also GUARDIAN_NO_EXEC=1. "
    "For checkouts you do not control: docs/trust.md.",
)
@click.option(
    "--trust-tracking",
    is_flag=True,
    help="Adopt a .guardian/tracking.db made elsewhere (a moved repository; inspect it first): docs/trust.md.",
)
@click.pass_context
def main(ctx: click.Context, repo: Path | None, config_path: Path | None, strict: bool, trust_tracking: bool) -> None:
    """Guardian: plan, apply and revert mass module renames and ENUM consolidations.

    Every change is journaled in .guardian/journal/ and can be reverted byte for byte.
    Run it from anywhere inside the repository; --json, -v and -q go before or after the command.
    """
    if repo is not None and not repo.is_dir():
        raise click.UsageError(f"--repo {repo}: no such directory")
    root = find_root(Path.cwd(), repo)
    if config_path is not None and not config_path.is_absolute() and not config_path.exists():
        config_path = root.path / config_path
    app = app_of(ctx)
    app.repo, app.config_path, app.root_how = root.path, config_path, root.describe()
    app.trust_tracking = trust_tracking
    ctx.call_on_close(lambda: _ignore_state_dir(app.repo))
    ctx.call_on_close(lambda: _close_tracker(app))
    ctx.call_on_close(lambda: _report_hard_links(app))
    ctx.meta["guardian.strict"] = strict  # read by guardian.workflow.guard


def _ignore_state_dir(repo: Path) -> None:
    """Keep ``git status`` clean: ``.guardian/`` (plan, cache, tracking, journal) ignores itself."""
    from rollback.statedir import write_gitignore

    write_gitignore(repo)


def _close_tracker(app: App) -> None:
    """Close the tracking database if the command opened it: SQLite then checkpoints the command's
    own writes into the file (a plan of 20,000 modules writes 130 MB; left in the write-ahead log,
    the next command's first write copied them)."""
    tracker = app.__dict__.get("tracker")  # a cached_property: present once opened
    if tracker is not None:
        tracker.close()


def _report_hard_links(app: App) -> None:
    """One warning per data file not read because it is a hard link, or a pickle too large to read whole
    (planner.checkout_files)."""
    from planner.checkout_files import skipped_hard_links, skipped_large

    warnings = [
        (
            path,
            f"skipped: a hard link ({names} names share its data, maybe a file outside the repository); "
            "Guardian reads only files with one name",
        )
        for path, names in skipped_hard_links()
    ]
    warnings += [
        (path, f"pickled data not read whole ({what}); module paths in it are not kept alive: use --shims")
        for path, what in skipped_large()
    ]
    for path, message in warnings:
        try:
            shown = Path(path).relative_to(app.repo).as_posix()
        except ValueError:
            shown = path
        app.warn(f"{shown}: {message}")


def entry() -> None:
    """The ``guardian`` command (console script and ``python -m guardian``): the command line under
    the process policy of guardian/process.py (its Ctrl-C rules included)."""
    assert isinstance(main, GuardianGroup)
    run_command(lambda: main(prog_name="guardian"), lambda: main._interrupted(sys.argv[1:]))


def interrupted_while_loading() -> None:
    """A Ctrl-C landed while this module was loading (guardian/launch.py): the report and exit 130."""
    assert isinstance(main, GuardianGroup)
    run_command(lambda: main._interrupted(sys.argv[1:]), lambda: main._interrupted(sys.argv[1:]))
