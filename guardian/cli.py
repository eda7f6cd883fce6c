"""The ``guardian`` command: a thin click layer over the libraries.

Commands live one concept per module in ``guardian/commands/``; each defines click commands and
registers them with ``register(main)``, imported only when its command runs (the table is
``guardian.commands.COMMANDS``). This module owns global options, start-up checks and the
single place where errors become exit codes (DESIGN.md: 0 ok, 1 bug, 2 usage/config,
3 conflict/gate/validation, 4 drift).
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from guardian import __version__
from guardian.app import App
from guardian.commands import COMMANDS, STARTUP_CHECKS
from guardian.errors import EXIT_BUG, EXIT_USAGE, GuardianError

def _library_errors() -> tuple[type[BaseException], ...]:
    """Every library's error base: each carries ``exit_code``; translated here, at the boundary."""
    bases: list[type[BaseException]] = [GuardianError]
    for module, name in (("planner.errors", "PlannerError"), ("rollback.errors", "RollbackError"),
                         ("codemods.errors", "CodemodError")):
        try:
            bases.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            continue
    return tuple(bases)


class GuardianGroup(click.Group):
    """Maps errors to exit codes in one place and never shows a traceback for bad input; loads a
    command's module when the command is asked for (guardian.commands.COMMANDS)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module = importlib.import_module(f"guardian.commands.{COMMANDS[cmd_name]}")
            module.register(self)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `guardian plan | head`: the reader has what it wanted
            _silence_stdout()
            raise click.exceptions.Exit(0) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D401 - click API
        kwargs.setdefault("standalone_mode", False)
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("guardian: interrupted", err=True)
            sys.exit(130)
        except click.UsageError as exc:
            hint = f" (hint: see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
            click.echo(f"guardian: error: {exc.format_message()}{hint}", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            click.echo(f"guardian: error: {exc.format_message()}", err=True)
            sys.exit(EXIT_USAGE)
        except _library_errors() as exc:
            click.echo(f"guardian: error: {exc}", err=True)
            sys.exit(int(getattr(exc, "exit_code", EXIT_BUG)))
        except KeyboardInterrupt:
            click.echo("guardian: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(0)
        except Exception as exc:  # a bug: say so, keep the detail for -v
            if "-v" in sys.argv or "--verbose" in sys.argv:
                traceback.print_exc()
            click.echo(f"guardian: internal error: {type(exc).__name__}: {exc} -- this is a bug, please report it "
                       "(run with -v for the traceback)", err=True)
            sys.exit(EXIT_BUG)


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
@click.option("--repo", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The repository to work on.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Configuration file (default: guardian.toml, else [tool.guardian] in pyproject.toml).")
@click.option("--json", "json_output", is_flag=True, help="Machine-readable output on stdout.")
@click.option("-v", "--verbose", count=True, help="More detail (repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and results.")
@click.option("--strict", is_flag=True, help="Refuse (exit 3) to run a phase while an earlier review gate is closed.")
@click.pass_context
def main(ctx: click.Context, repo: Path, config_path: Path | None, json_output: bool, verbose: int,
         quiet: bool, strict: bool) -> None:
    """Guardian: plan, apply and revert mass module renames and ENUM consolidations.

    Every change is journaled in .guardian/journal/ and can be reverted byte for byte.
    """
    if not repo.is_dir():
        raise click.UsageError(f"--repo {repo}: no such directory")
    if config_path is not None and not config_path.is_absolute() and not config_path.exists():
        config_path = repo / config_path
    app = App(repo=repo.resolve(), config_path=config_path, json_output=json_output,
              verbosity=-1 if quiet else verbose)
    ctx.obj = app
    ctx.call_on_close(lambda: _ignore_state_dir(app.repo))
    ctx.meta["guardian.strict"] = strict  # read by guardian.workflow.guard
    command = ctx.invoked_subcommand or ""
    for _name, module, function, skips in STARTUP_CHECKS:
        if command not in skips:
            getattr(importlib.import_module(module), function)(app)


def _ignore_state_dir(repo: Path) -> None:
    """Keep ``git status`` clean: ``.guardian/`` (plan, cache, tracking, journal) ignores itself."""
    from rollback.statedir import write_gitignore

    write_gitignore(repo)
