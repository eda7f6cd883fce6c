"""What every invocation of ``guardian`` shares, whatever the command.

* the options accepted before or after any command: ``--json``, ``-v``, ``-q`` (each fills in the
  invocation's :class:`~guardian.app.App`; they never reach a command's function);
* ``--no-exec``, the execution policy's switch (``guardian/execpolicy.py``);
* the start-up checks (``guardian.commands.STARTUP_CHECKS``: recovery, the run log), run once
  before the first command callback, when every option of every level has been parsed.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

from guardian.app import App
from guardian.commands import STARTUP_CHECKS

#: ctx.meta key of the root context: the start-up checks have run for this invocation
STARTED = "guardian.started"
#: marks a command that already carries the shared options (a command object is registered once)
_SHARED = "_guardian_shared_options"


def app_of(ctx: click.Context) -> App:
    app = ctx.find_object(App)
    if app is None:  # a command used outside `guardian` (a test's own group)
        app = ctx.find_root().ensure_object(App)
    return app


def _set_json(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        app_of(ctx).json_output = True


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    app = app_of(ctx)
    app.verbose_count += value or 0
    app.verbosity = -1 if app.quiet else app.verbose_count


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    app = app_of(ctx)
    if value:
        app.quiet = True
        app.verbosity = -1


#: ``--json``, ``-v`` and ``-q``: accepted by the group and by every command, before or after its name.
#: They do not reach the command's function: each sets the invocation's :class:`App`.
_SHARED_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = (
    (
        ("--json", "json_output"),
        {
            "is_flag": True,
            "callback": _set_json,
            "help": "Machine-readable output on stdout (errors as JSON on stderr).",
        },
    ),
    (
        ("-v", "--verbose"),
        {
            "count": True,
            "callback": _set_verbose,
            "help": "More detail (repeatable): the repository root in use, tracebacks of bugs.",
        },
    ),
    (
        ("-q", "--quiet"),
        {"is_flag": True, "callback": _set_quiet, "help": "Only errors and results: no warnings, no progress."},
    ),
)


def set_no_exec(ctx: click.Context, value: bool) -> None:
    """``--no-exec``: the execution policy's switch (guardian.execpolicy) for this invocation."""
    if not value:
        return
    from guardian.execpolicy import ENV

    previous = os.environ.get(ENV)
    os.environ[ENV] = "1"  # inherited by any process Guardian starts, too

    def restore() -> None:
        if previous is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = previous

    ctx.call_on_close(restore)


def _shared_params() -> list[click.Parameter]:
    return [click.Option(list(decls), expose_value=False, **attrs) for decls, attrs in _SHARED_OPTIONS]


def shared_options(function: Any) -> Any:
    """Decorator adding the shared options to a click command function (the ``guardian`` group)."""
    for decls, attrs in reversed(_SHARED_OPTIONS):
        function = click.option(*decls, expose_value=False, **attrs)(function)
    return function


def add_shared_options(command: click.Command) -> None:
    """Give ``command`` (and, for a group, its commands) the shared options; each leaf's function runs
    the start-up checks first, once every option of every level has been parsed."""
    if getattr(command, _SHARED, False):
        return
    setattr(command, _SHARED, True)
    names = {opt for param in command.params for opt in getattr(param, "opts", [])}
    command.params.extend(p for p in _shared_params() if not names & set(p.opts))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_shared_options(sub)
    elif command.callback is not None:
        command.callback = _after_startup(command.callback)


def _after_startup(callback: Any) -> Any:
    def run(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            run_startup_checks(ctx)
        return callback(*args, **kwargs)

    run.__name__ = getattr(callback, "__name__", "command")
    run.__doc__ = callback.__doc__
    return run


def run_startup_checks(ctx: click.Context) -> None:
    """Before the first command callback runs (every shared option of every level parsed by then):
    say which root is used (-v), then the start-up checks (recovery, run log)."""
    root = ctx.find_root()
    if root.meta.get(STARTED):
        return
    root.meta[STARTED] = True
    app = root.find_object(App)
    if app is None:
        return
    if app.root_how:
        app.debug(f"guardian: {app.root_how}")
    command = root.invoked_subcommand or ""
    with root.scope(cleanup=False):  # the checks see the top-level context (its invoked_subcommand)
        for _name, module, function, skips in STARTUP_CHECKS:
            if command not in skips:
                getattr(importlib.import_module(module), function)(app)
