"""When Guardian may run code of the checkout: the one decision, asked by every place that would.

Reading a checkout never runs it. Four things do, and only these: the configured test command
(``validate``, ``apply`` with tests), ``validate``'s import check and its old-public-paths check
(``guardian/public_paths.py``), and the import-time measurements of the performance baseline
(``assess --baseline``, ``validate``'s performance check). Each asks :func:`refusal` first; any of
these turns them all off:

* ``guardian --no-exec ...`` (the global flag) or ``GUARDIAN_NO_EXEC=1`` in the environment: the CI
  setting for a checkout you do not control (a pull request from a fork). Nothing of the checkout
  runs; the checks that would run it are reported as skipped, never as passed.
* ``[tool.guardian.validate] allow_exec = false`` in the checkout's configuration: a repository may
  forbid it for itself. (It can never grant itself more: ``allow_exec = true`` does not override
  ``--no-exec``.)

See docs/trust.md.
"""

from __future__ import annotations

import os

from planner.config import Config

ENV = "GUARDIAN_NO_EXEC"


def refusal(config: Config | None = None) -> str | None:
    """Returns: why code of the checkout must not run now, or None when it may."""
    if os.environ.get(ENV, "").strip().lower() not in ("", "0", "false", "no"):
        return f"--no-exec ({ENV}) is set: nothing of the checkout runs"
    if config is not None and config.extra_table("validate").get("allow_exec") is False:
        return f"{config.source or 'the configuration'} sets [validate] allow_exec = false"
    return None
