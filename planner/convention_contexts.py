"""The contexts in which a tool finds a module by its file name (planner/conventions.py's table asks them).

Each test reads only what the scan already has: the modules, each file's import facts and the names of the
non-Python files it lists (:class:`Checkout`). A ``models.py`` is Django's only in a package whose app
imports ``django``; a ``tasks.py`` Invoke's only outside a regular package, importing ``invoke``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from planner.discover import ModuleFile
from planner.facts import FileFacts

__all__ = [
    "Checkout",
    "celery_app",
    "celery_config",
    "celery_package",
    "collection",
    "django",
    "django_app",
    "django_backend",
    "django_locale",
    "flask_root",
    "imports",
    "invoke_collection",
    "invoke_tasks",
    "project_root",
    "runs_there",
    "site_path",
    "sphinx_source",
]


class Checkout:
    """The facts the context tests ask about, from the scan; what the whole checkout imports is worked
    out the first time a test asks, once per package and top-level name."""

    def __init__(self, modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts], others: tuple[str, ...]):
        self.modules = modules
        self.facts = facts
        self._others = others
        self._beside: dict[str, frozenset[str]] | None = None
        self._packages: dict[str, list[str]] | None = None
        self._uses: dict[tuple[str, str], bool] = {}
        self._directories: dict[str, list[ModuleFile]] | None = None

    def imports(self, module: ModuleFile, *names: str) -> bool:
        """Whether ``module``'s file imports one of the top-level modules ``names`` (``django``, ``nox``)."""
        facts = self.facts.get(module.path)
        return facts is not None and any(
            fact.level == 0 and fact.module.partition(".")[0] in names for fact in facts.imports
        )

    def package_uses(self, module: ModuleFile, name: str) -> bool:
        """Whether a module of ``module``'s top-level package imports the top-level module ``name``."""
        return self._used(module.name.partition(".")[0], name)

    def checkout_uses(self, name: str) -> bool:
        """Whether any module of the checkout imports the top-level module ``name``."""
        return self._used("", name)

    def beside(self, module: ModuleFile, *names: str) -> bool:
        """Whether the directory of ``module``'s file holds a listed non-Python file named one of ``names``."""
        if self._beside is None:
            found: dict[str, set[str]] = {}
            for path in self._others:
                directory, _, filename = path.rpartition("/")
                found.setdefault(directory, set()).add(filename)
            self._beside = {directory: frozenset(names) for directory, names in found.items()}
        return not self._beside.get(module.path.rpartition("/")[0], frozenset()).isdisjoint(names)

    def directory_uses(self, directory: str, name: str) -> bool:
        """Whether a module whose file is directly in ``directory`` imports the top-level module ``name``."""
        if self._directories is None:
            self._directories = {}
            for module in self.modules.values():
                self._directories.setdefault(module.path.rpartition("/")[0], []).append(module)
        return any(self.imports(module, name) for module in self._directories.get(directory, ()))

    def _used(self, package: str, name: str) -> bool:
        key = (package, name)
        if key not in self._uses:
            if self._packages is None:
                self._packages = {}
                for module in self.modules.values():
                    self._packages.setdefault(module.name.partition(".")[0], []).append(module.name)
            members = self._packages.get(package, []) if package else list(self.modules)
            self._uses[key] = any(self.imports(self.modules[member], name) for member in members)
        return self._uses[key]


def _at_root(module: ModuleFile) -> bool:
    return "/" not in module.path


def _top_level(module: ModuleFile) -> bool:
    return "." not in module.name


def _on_a_path(m: ModuleFile, c: Checkout) -> bool:
    """Not inside a regular package (its directory has no ``__init__.py``): a directory Invoke, Fabric or
    ``site`` may put on ``sys.path`` and import it from as a top-level module."""
    parent = m.name.rpartition(".")[0]
    return not parent or parent not in c.modules


def _in_package(module: ModuleFile) -> bool:
    return "." in module.name


def _path_has(module: ModuleFile, *directories: str) -> bool:
    return not set(module.path.split("/")[:-1]).isdisjoint(directories)


def project_root(m: ModuleFile, c: Checkout) -> bool:
    """At the repository's root, beside a ``pyproject.toml`` or ``setup.cfg`` (a project's directory), or in a
    directory that is no regular package (``pip install`` of any directory runs its ``setup.py``: pyfakefs'
    test project ``pytest_tests/ns_package/test/``); a ``setup.py`` beside an ``__init__.py`` is a module."""
    return _at_root(m) or c.beside(m, "pyproject.toml", "setup.cfg") or _on_a_path(m, c)


def runs_there(*tools: str) -> Callable[[ModuleFile, Checkout], bool]:
    def applies(m: ModuleFile, c: Checkout) -> bool:
        return _at_root(m) or c.imports(m, *tools)

    applies.__doc__ = f"At the repository's root (where the tool runs), or importing {' or '.join(tools)}."
    return applies


def imports(*tools: str) -> Callable[[ModuleFile, Checkout], bool]:
    def applies(m: ModuleFile, c: Checkout) -> bool:
        return c.imports(m, *tools)

    applies.__doc__ = f"Importing {' or '.join(tools)}."
    return applies


def collection(*tools: str) -> Callable[[ModuleFile, Checkout], bool]:
    def applies(m: ModuleFile, c: Checkout) -> bool:
        return _on_a_path(m, c) and (_at_root(m) or c.imports(m, *tools))

    applies.__doc__ = (
        f"Outside a regular package (imported as a top-level module), at the root or importing {' or '.join(tools)}."
    )
    return applies


def invoke_tasks(m: ModuleFile, c: Checkout) -> bool:
    """Outside a regular package (Invoke imports ``tasks`` as a top-level module), importing ``invoke``."""
    return _on_a_path(m, c) and c.imports(m, "invoke")


def invoke_collection(m: ModuleFile, c: Checkout) -> bool:
    """In a top-level ``tasks`` package (Invoke's collection as a package), importing ``invoke``: a module of
    tasks, whose sub-collection ``Collection.from_module`` names after the module."""
    return m.name.rpartition(".")[0] == "tasks" and c.imports(m, "invoke")


def celery_package(m: ModuleFile, c: Checkout) -> bool:
    """In a package, in a checkout that imports ``celery`` (whether a call of ``autodiscover_tasks()``
    lists that package is not read: the facts hold no calls, and its default is every Django app)."""
    return _in_package(m) and c.checkout_uses("celery")


def celery_app(m: ModuleFile, c: Checkout) -> bool:
    """In a package, importing ``celery`` (the module that makes the package's Celery app)."""
    return _in_package(m) and c.imports(m, "celery")


def celery_config(m: ModuleFile, c: Checkout) -> bool:
    """A top-level module, in a checkout that imports ``celery``."""
    return _top_level(m) and c.checkout_uses("celery")


def site_path(m: ModuleFile, c: Checkout) -> bool:
    """Outside a regular package (the directory holding it is what goes on ``sys.path``)."""
    return _on_a_path(m, c)


def sphinx_source(m: ModuleFile, c: Checkout) -> bool:
    """Beside an ``index.rst``, ``index.md`` or ``index.txt`` (Sphinx's root document), in a ``doc`` or
    ``docs`` directory, or importing ``sphinx``."""
    return c.beside(m, "index.rst", "index.md", "index.txt") or _path_has(m, "doc", "docs") or c.imports(m, "sphinx")


def flask_root(m: ModuleFile, c: Checkout) -> bool:
    """At the repository's root (where ``flask run`` runs), importing ``flask``."""
    return _at_root(m) and c.imports(m, "flask")


def django(m: ModuleFile, c: Checkout) -> bool:
    """In a package whose top-level package uses Django (one of its modules imports ``django``)."""
    return _in_package(m) and c.package_uses(m, "django")


def django_app(depth: int) -> Callable[[ModuleFile, Checkout], bool]:
    """In a Django app: a module of the app's directory (``depth`` directories above the file's) imports
    ``django``. kombu's ``utils/json.py`` imports Django for its JSON encoder, and its SQLAlchemy transport's
    ``models.py`` is no app's: the whole top-level package is not the context, the app's directory is."""

    def applies(m: ModuleFile, c: Checkout) -> bool:
        app = m.path.rsplit("/", depth + 1)[0] if m.path.count("/") > depth else ""
        return _in_package(m) and c.directory_uses(app, "django")

    applies.__doc__ = f"In a Django app: a module {depth} directory(ies) above the file imports ``django``."
    return applies


def django_backend(m: ModuleFile, c: Checkout) -> bool:
    """A Django database backend's ``base.py``: in a package, importing from ``django.db.backends`` (its
    ``DatabaseWrapper`` extends one of Django's)."""
    facts = c.facts.get(m.path)
    return (
        _in_package(m)
        and facts is not None
        and any(f.level == 0 and f.module.startswith("django.db.backends") for f in facts.imports)
    )


#: A locale's directory: ``en``, ``en_GB``, ``pt_BR``, ``sr_Latn`` (Django's ``to_locale`` spelling)
_LOCALE = re.compile(r"[a-z]{2,3}(?:_[A-Za-z]{2,4})?")


def django_locale(m: ModuleFile, c: Checkout) -> bool:
    """A ``formats.py`` in a locale's directory (``proj/formats/en/formats.py``) of a package that uses Django."""
    locale = m.path.rpartition("/")[0].rpartition("/")[2]
    return _LOCALE.fullmatch(locale) is not None and django(m, c)
