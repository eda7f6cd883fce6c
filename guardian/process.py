"""The process-wide policy of the ``guardian`` command, set once at its entry point.

The libraries (planner, codemods, rollback) never change interpreter-wide state: a program that
embeds them keeps its own garbage-collector settings and recursion limit. The command is one
short-lived process that allocates a great many objects which live until it exits (the facts of
every file, the import graph, Rope's project model), so it sets:

* **the cyclic garbage collector**: what was allocated while the interpreter and Guardian's modules
  were loading is moved to the permanent generation (``gc.freeze``: never scanned again), at the
  start and again once the command's own module is loaded (:func:`command_loaded`: its imports,
  the planner and NetworkX among them, are some 57,000 objects the first collections would walk)
  and once a layer it loads only when needed is (:func:`layer_loaded`: the database check) and
  again once that layer has run (:func:`layer_done`), and the collector runs less often
  (:data:`GC_THRESHOLDS`, mypy's: the youngest generation is collected after 200,000 allocations
  instead of 700, the middle one every 30 of those instead of 10). Each collection walks the
  objects of its generations, and nearly all of a plan's survive until the process ends (the
  facts of every file, the edges, the plan): with (100,000, 10, 10) a warm plan of 20,000 modules
  spent a fifth of its CPU time in the collector, 0.3 s of it in one collection of the middle
  generation that freed nothing; now under a tenth, in five collections of the youngest
  (bench/plan_bench.py). The oldest generation is then rarely collected (once in a 14-batch
  ``apply`` of networkx), so what is long-lived and then dropped in bulk is released where it
  dies: ``apply`` collects once after computing each batch, whose Rope project is cyclic garbage
  by then (``codemods.apply_batches.release_computation``); without it the parent kept every
  batch's project.
* **the recursion limit**: left at the interpreter's default. Readers of deep input (``ast``,
  libcst, ``json``) turn a RecursionError into a finding or a one-line error; a higher limit would
  trade that error for a crash of the C stack.
* **caches**: every cache of the libraries is bounded (``functools.lru_cache`` with a ``maxsize``)
  and lives only as long as the process.
* **Ctrl-C** (:func:`run_command`): a KeyboardInterrupt anywhere in the command, even one that
  lands in the command's own exit path, becomes the interrupt report and exit 130, never a
  traceback and never a death by SIGINT. Two rules make that hold:

  - once the report starts, or the exit code is decided, further Ctrl-C is ignored
    (:func:`stop_interrupts`): the report must not be cut short, and a Ctrl-C during the
    interpreter's shutdown (joining worker pools, ``atexit``) has nothing left to stop;
  - just before the process ends, CPython's unhandled-interrupt mark is cleared
    (:func:`clear_interrupt_mark`): CPython records a KeyboardInterrupt raised inside ``exec()``
    of a string (dataclasses build their ``__init__`` so, while a module imports) as unhandled
    even once it was caught, and then ends the process by SIGINT instead of with its exit code.
"""

from __future__ import annotations

import gc
import signal
from collections.abc import Callable

#: ``gc.set_threshold`` for the command: youngest generation, then how many of its collections
#: make one of the middle generation, and of that one of the oldest.
GC_THRESHOLDS = (200_000, 30, 30)


#: Whether :func:`configure_process` ran in this process (the ``guardian`` command, not a library user).
_configured = False


def configure_process() -> None:
    """Apply the policy (see the module docstring). Called once, by the ``guardian`` entry point."""
    global _configured  # noqa: PLW0603 - the process-wide policy is this module's one state
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    _configured = True


def command_loaded() -> None:
    """The command's module was just imported (guardian/cli.py loads it when the command runs): under
    the policy, what the import allocated joins the permanent generation too. Not under the policy
    (the command run in a test's or another program's process), nothing changes."""
    if _configured:
        gc.freeze()


def layer_loaded() -> None:
    """A layer the command imports only when it needs it was just loaded, after the scan (the code ↔
    database check of ``assess`` and ``validate``): under the policy, what the command holds then
    (those modules, the scan's facts) lives until it ends and joins the permanent generation too.
    Without it the check's allocations were what took the youngest generation over its threshold,
    and its one collection walked the scan's facts: 0.03 s of CPU, a tenth of the check's added
    time on bench/dbcheck_bench.py's 2,000 modules. Not under the policy, nothing changes."""
    command_loaded()


def layer_done() -> None:
    """The layer :func:`layer_loaded` announced has run: under the policy, what it loaded on the way
    and what it allocated join the permanent generation too. The code ↔ database check imports
    SQLGlot only when a statement must be parsed, and leaves its parse trees to the collector (a
    SQLGlot node and its parent refer to each other); the command ends soon after, and the
    collections the interpreter makes as it exits walked all of it, SQLGlot's thousand-odd classes
    among it: 0.03 s of CPU on bench/dbcheck_bench.py's 2,000 modules, a tenth of what the cold
    check adds. Frozen, they are left alone at exit like everything frozen before them (the trees'
    memory, a few MiB, is not reclaimed before the command ends). Not under the policy, nothing
    changes."""
    command_loaded()


def run_command(command: Callable[[], object], interrupted: Callable[[], object]) -> None:
    """Run the command line under the policy: ``interrupted`` reports a Ctrl-C that escaped the
    command's own handlers; whatever happens, the process then ends with the code it chose."""
    configure_process()
    try:
        command()
    except KeyboardInterrupt:
        interrupted()
    finally:
        stop_interrupts()
        clear_interrupt_mark()


def stop_interrupts() -> None:
    """Ignore Ctrl-C from now on (the report is running, or the exit code is decided)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def clear_interrupt_mark() -> None:
    """Clear CPython's unhandled-interrupt mark: a successful ``exec()`` of a string resets it."""
    exec("None")  # noqa: S102 - a constant


def caused_by_interrupt(exc: BaseException) -> bool:
    """``exc`` was raised while a KeyboardInterrupt unwound the stack (clean-up code that failed)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
