"""Refuse a ``PYTHONPATH`` leading into the checkout, before Guardian imports anything else (issue 11).

CI jobs commonly set ``PYTHONPATH=.`` (or ``src``, or the workspace's absolute path): Python then
imports the checkout's ``click.py``, ``sqlglot/`` or ``rope/`` in place of Guardian's own
dependencies, and the checkout's code runs inside ``guardian --no-exec``. :func:`refuse_checkout_on_path`
runs first thing in ``guardian/__init__.py`` (only :mod:`os` and :mod:`sys` are imported before it)
and exits 2 with one line when an entry of ``PYTHONPATH``, ``PYTHONUSERBASE``, ``PYTHONPYCACHEPREFIX``
(Python runs the ``.pyc`` files found there, review 14) or ``PYTHONHOME`` is relative or empty (it
resolves in the current directory) or lies inside the repository of the current directory (or of
``--repo``), and when ``PYTHONPLATLIBDIR`` leads from the prefix into it. An entry holding the ``guardian`` package that is running is Guardian's own source
(a development checkout of Guardian): it is allowed.

Best effort, and said so in docs/trust.md: what Python imports while it starts, before any of
Guardian runs (a ``sitecustomize.py``, ``usercustomize.py`` or ``encodings/`` on ``PYTHONPATH``, a
``.pth`` file in the user site), and a checkout that ships a ``guardian`` package of its own on
``PYTHONPATH`` (it is imported in place of this one) cannot be refused from here; nor can the ``.pyc``
of ``guardian/__init__`` itself and what the site ``.pth`` files import, read from a
``PYTHONPYCACHEPREFIX`` before this check runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

__all__ = ["refuse_checkout_on_path"]

TYPE_CHECKING = False  # typing is not imported here (see _load_paths); mypy knows the name
if TYPE_CHECKING:
    from failures import paths

_MARKERS = (".git", "guardian.toml", "pyproject.toml")
#: The directory holding this package, and ``failures/`` beside it (a development checkout, or site-packages).
_OWN = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
#: Where Python finds code: modules (``PYTHONPATH``, the user site, the standard library under
#: ``PYTHONHOME`` and ``PYTHONPLATLIBDIR``) and the ``.pyc`` files it runs without their source
#: (``PYTHONPYCACHEPREFIX``: an unchecked-hash ``.pyc``, PEP 552, never looks at the source; review 14).
_VARIABLES = ("PYTHONPATH", "PYTHONUSERBASE", "PYTHONPYCACHEPREFIX", "PYTHONHOME", "PYTHONPLATLIBDIR")


class _Module:
    def __init__(self, namespace: dict[str, object]) -> None:
        self.__dict__.update(namespace)


def _load_paths() -> _Module:
    """``failures/paths.py`` beside this package, run from its file: the one rule of "the checkout"
    (:func:`failures.paths.checkout_root`) without an import through ``sys.path``, where ``PYTHONPATH``
    comes first (a ``failures/`` the checkout ships there would be imported and run in place of
    Guardian's). It imports only :mod:`os`, loaded before any code runs."""
    path = os.path.join(_OWN, "failures", "paths.py")
    namespace: dict[str, object] = {"__name__": "failures.paths", "__file__": path}
    with open(path, encoding="utf-8") as source:
        exec(compile(source.read(), path, "exec"), namespace)
    return _Module(namespace)


if not TYPE_CHECKING:
    paths = _load_paths()


def refuse_checkout_on_path() -> None:
    """Exit 2 with a one-line error when ``PYTHONPATH`` (or another of :data:`_VARIABLES`) leads into the checkout."""
    problem = checkout_on_path(os.environ, sys.argv[1:], os.getcwd())
    if problem is not None:
        variable, value, why = problem
        sys.stderr.write(
            f"guardian: error: {variable}={value}: {why}, so Python would import the checkout's modules in place "
            f"of Guardian's (hint: run Guardian without {variable}, or with it outside the repository)\n"
        )
        raise SystemExit(2)


def checkout_on_path(environ: Mapping[str, str], argv: list[str], cwd: str) -> tuple[str, str, str] | None:
    """Returns: (variable, value, why) for the first entry that leads into the checkout, else None."""
    here = os.path.realpath(cwd)
    found = paths.nearest_holding(here, _MARKERS) or here  # Guardian's root when run without --repo
    roots = [here, paths.checkout_root(found, here)]
    given = [argv[argv.index("--repo") + 1]] if "--repo" in argv[:-1] else []
    given += [a.split("=", 1)[1] for a in argv if a.startswith("--repo=")]
    for repo in (os.path.realpath(os.path.join(cwd, path)) for path in given):
        roots += [repo, paths.checkout_root(repo, here)]  # a monorepo's package: its whole checkout
    for variable in _VARIABLES:
        value = environ.get(variable)
        if value is None:
            continue
        for entry in value.split(os.pathsep) if variable in ("PYTHONPATH", "PYTHONHOME") else [value]:
            if variable == "PYTHONPLATLIBDIR":
                entry = os.path.join(sys.base_prefix, entry)  # a directory name under the prefix, not a path
            if not entry or not os.path.isabs(entry):
                return (
                    variable,
                    value,
                    f"{entry or 'an empty entry'!r} is relative (it resolves in the current directory)",
                )
            real = os.path.realpath(entry)
            if real == _OWN and variable == "PYTHONPATH":
                continue  # Guardian's own source, run from a development checkout
            inside = next((root for root in roots if paths.within(real, root)), None)
            if inside is not None:
                return variable, value, f"{entry!r} is inside the repository {inside}"
    return None
