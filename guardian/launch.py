"""The ``guardian`` command's first module (console script and ``python -m guardian``).

Loading the command line takes a noticeable moment (click, the planner, the journal; longer on a
busy machine), and a Ctrl-C in that moment landed in an import, outside every handler: the user saw
a traceback. :func:`entry` imports the command line itself, so an interrupt while it loads gets the
interrupt report every other Ctrl-C gets (guardian/process.py: nothing has run, so no batch is
applied and the tree is as it was) and exit 130.
"""

from __future__ import annotations

import signal


def entry() -> None:
    """Load the command line, then run it; a Ctrl-C while it loads is reported like any other."""
    try:
        from guardian.cli import entry as command
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the report is not interrupted (guardian/process.py)
        from guardian.cli import interrupted_while_loading

        interrupted_while_loading()
    command()
